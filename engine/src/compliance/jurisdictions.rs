//! Per-country responsible-gaming rules from the `jurisdictions` table,
//! editable by compliance. A country without a row gets
//! `domain::compliance::defaults_for` (the platform defaults).

use chrono::{DateTime, Utc};
use domain::compliance::{
    CountryCode, JurisdictionRules, RealityCheckInterval, SELF_EXCLUSION_MAX_MONTHS,
    SELF_EXCLUSION_MIN_MONTHS, defaults_for,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::{Compliance, ComplianceError};
use crate::auth::{Principal, Role};
use entity::jurisdictions;

/// Youngest and oldest minimum age compliance may configure.
pub const MINIMUM_AGE_RANGE: std::ops::RangeInclusive<u32> = 16..=25;

/// A country's rules as the API shows and takes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JurisdictionView {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Minimum age to register, 16 to 25.
    pub minimum_age: u32,
    /// A deposit limit must be set or declined before the first deposit.
    pub deposit_limit_prompt_mandatory: bool,
    /// Reality-check interval imposed on every player, 10 to 480 minutes.
    pub mandatory_reality_check_minutes: Option<u32>,
    /// Shortest self-exclusion, 6 to 60 months.
    pub minimum_self_exclusion_months: u32,
    /// Identity must be verified before the first deposit.
    pub kyc_required_before_first_deposit: bool,
}

impl From<JurisdictionRules> for JurisdictionView {
    fn from(r: JurisdictionRules) -> Self {
        Self {
            country: r.country.to_string(),
            minimum_age: r.minimum_age,
            deposit_limit_prompt_mandatory: r.deposit_limit_prompt_mandatory,
            mandatory_reality_check_minutes: r
                .mandatory_reality_check_interval
                .map(RealityCheckInterval::minutes),
            minimum_self_exclusion_months: r.minimum_self_exclusion_months,
            kyc_required_before_first_deposit: r.kyc_required_before_first_deposit,
        }
    }
}

fn from_row(row: &jurisdictions::Model) -> Option<JurisdictionRules> {
    Some(JurisdictionRules {
        country: row.country.parse().ok()?,
        minimum_age: u32::try_from(row.minimum_age).ok()?,
        deposit_limit_prompt_mandatory: row.deposit_limit_prompt_mandatory,
        mandatory_reality_check_interval: match row.mandatory_reality_check_minutes {
            Some(m) => Some(RealityCheckInterval::from_minutes(u32::try_from(m).ok()?).ok()?),
            None => None,
        },
        minimum_self_exclusion_months: u32::try_from(row.minimum_self_exclusion_months).ok()?,
        kyc_required_before_first_deposit: row.kyc_required_before_first_deposit,
    })
}

/// The rules for `country` (a two-letter code): its row, or the platform
/// defaults for a country without one.
pub async fn rules_for<C: ConnectionTrait>(
    conn: &C,
    country: &str,
) -> Result<JurisdictionRules, ComplianceError> {
    let code: CountryCode = country.parse().map_err(|_| {
        ComplianceError::validation("country", "a two-letter country code, e.g. MT")
    })?;
    let row = jurisdictions::Entity::find_by_id(code.to_string())
        .one(conn)
        .await?;
    Ok(row
        .as_ref()
        .and_then(from_row)
        .unwrap_or_else(|| defaults_for(code)))
}

impl Compliance<'_> {
    /// Every configured country's rules, by country code.
    pub async fn jurisdictions(&self) -> Result<Vec<JurisdictionView>, ComplianceError> {
        Ok(jurisdictions::Entity::find()
            .order_by_asc(jurisdictions::Column::Country)
            .all(self.engine().db())
            .await?
            .iter()
            .filter_map(from_row)
            .map(JurisdictionView::from)
            .collect())
    }

    /// Creates or replaces a country's rules (compliance); audited with the
    /// old and new values.
    pub async fn set_jurisdiction(
        &self,
        actor: &Principal,
        view: JurisdictionView,
        now: DateTime<Utc>,
    ) -> Result<JurisdictionView, ComplianceError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| ComplianceError::Forbidden)?;
        let country: CountryCode = view.country.parse().map_err(|_| {
            ComplianceError::validation("country", "a two-letter country code, e.g. MT")
        })?;
        if !MINIMUM_AGE_RANGE.contains(&view.minimum_age) {
            return Err(ComplianceError::validation(
                "minimum_age",
                format!(
                    "{} to {}",
                    MINIMUM_AGE_RANGE.start(),
                    MINIMUM_AGE_RANGE.end()
                ),
            ));
        }
        let interval = match view.mandatory_reality_check_minutes {
            Some(m) => Some(RealityCheckInterval::from_minutes(m).map_err(|e| {
                ComplianceError::validation("mandatory_reality_check_minutes", e.to_string())
            })?),
            None => None,
        };
        if !(SELF_EXCLUSION_MIN_MONTHS..=SELF_EXCLUSION_MAX_MONTHS)
            .contains(&view.minimum_self_exclusion_months)
        {
            return Err(ComplianceError::validation(
                "minimum_self_exclusion_months",
                format!("{SELF_EXCLUSION_MIN_MONTHS} to {SELF_EXCLUSION_MAX_MONTHS}"),
            ));
        }
        let rules = JurisdictionRules {
            country,
            minimum_age: view.minimum_age,
            deposit_limit_prompt_mandatory: view.deposit_limit_prompt_mandatory,
            mandatory_reality_check_interval: interval,
            minimum_self_exclusion_months: view.minimum_self_exclusion_months,
            kyc_required_before_first_deposit: view.kyc_required_before_first_deposit,
        };
        let txn = sea_orm::TransactionTrait::begin(self.engine().db()).await?;
        // Write first (a no-op) so the transaction holds the write lock
        // before it reads; see `super::lock_player`.
        jurisdictions::Entity::update_many()
            .col_expr(
                jurisdictions::Column::UpdatedAt,
                sea_orm::sea_query::Expr::col(jurisdictions::Column::UpdatedAt),
            )
            .filter(jurisdictions::Column::Country.eq(country.to_string()))
            .exec(&txn)
            .await?;
        let old = jurisdictions::Entity::find_by_id(country.to_string())
            .one(&txn)
            .await?;
        let old_view = old.as_ref().and_then(from_row).map(JurisdictionView::from);
        let small = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        let row = jurisdictions::ActiveModel {
            country: Set(country.to_string()),
            minimum_age: Set(small(rules.minimum_age)),
            deposit_limit_prompt_mandatory: Set(rules.deposit_limit_prompt_mandatory),
            mandatory_reality_check_minutes: Set(interval.map(|i| small(i.minutes()))),
            minimum_self_exclusion_months: Set(small(rules.minimum_self_exclusion_months)),
            kyc_required_before_first_deposit: Set(rules.kyc_required_before_first_deposit),
            updated_at: Set(now),
            updated_by: Set(Some(actor.user_id)),
        };
        if old.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        let new_view = JurisdictionView::from(rules);
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "rg.jurisdiction_changed",
            &format!("jurisdiction:{country}"),
            serde_json::json!({ "old": old_view, "new": new_view }),
        )
        .await?;
        txn.commit().await?;
        Ok(new_view)
    }
}
