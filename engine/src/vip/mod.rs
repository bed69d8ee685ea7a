//! The VIP manager's console: the player list, the player 360, points
//! adjustments, tier overrides, manager assignment, notes, tasks, the
//! checks before a designation, and the reports.
//!
//! Rules (API.md "VIP console" and its additions):
//! - Every command is for `vip_manager` (admin holds it); the server checks
//!   the role first, the engine checks it again ([`Vip`] takes the caller).
//! - `vip` is true for a player who meets every rule the programme's
//!   `vip_rules` gives (completed deposits and GGR over 30 days, reporting
//!   currency) or whom a manager marked.
//! - `deposits_30d`: deposits the providers completed in the last 30 days;
//!   `ggr_30d`: stakes minus winnings (sportsbook and casino) the
//!   responsible-gaming activity record holds for the last 30 days; both
//!   converted into the reporting currency with the day's reference rate
//!   (half to even), a missing rate → [`VipError::RateMissing`].
//! - A player with a time-out or self-exclusion in force (asked through
//!   `engine.compliance()`) is flagged `self_excluded` and every VIP action
//!   on them (points, tier override, designation, manager assignment) is
//!   refused with [`VipError::SelfExcluded`].
//! - A designation (marking a player VIP) needs a passing check recorded
//!   in the last [`CHECK_VALID_DAYS`] days ([`VipError::ChecksRequired`]).
//!   A check passes only when all four reviews were done.
//! - Points adjustments and tier overrides go through the loyalty
//!   programme ([`port`]); the balance never goes below zero.
//! - Every change is audited with its author and reason.

pub mod commands;
pub mod figures;
pub mod list;
pub mod player;
pub mod port;
pub mod reports;

use chrono::{DateTime, Utc};
use domain::validation::FieldError;
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::{Engine, Principal, Role};
use entity::users;

/// How long a passing check allows a designation.
pub const CHECK_VALID_DAYS: i64 = 90;
/// Rows per page of the player list (default and most).
pub const DEFAULT_LIMIT: u64 = 50;
/// Most rows per page of the player list.
pub const MAX_LIMIT: u64 = 100;
/// Longest note, evidence or reason, in characters.
pub const MAX_TEXT: usize = 4000;
/// Longest task title, in characters.
pub const MAX_TITLE: usize = 200;
/// Recent bets and rounds in the player 360.
pub const RECENT_BETS: u64 = 10;

/// Failures of VIP commands, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum VipError {
    /// The body failed validation; one entry per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No such player (or task).
    #[error("not found")]
    NotFound,
    /// The caller does not hold `vip_manager`.
    #[error("forbidden")]
    Forbidden,
    /// A time-out or self-exclusion is in force for the player.
    #[error("the player is self-excluded")]
    SelfExcluded {
        /// Its end (None: permanent).
        until: Option<DateTime<Utc>>,
    },
    /// No passing check in the last [`CHECK_VALID_DAYS`] days.
    #[error("a passing VIP check is required first")]
    ChecksRequired,
    /// The named user does not hold `vip_manager`.
    #[error("not a vip manager")]
    NotVipManager,
    /// The adjustment would take the balance below zero.
    #[error("not enough points")]
    InsufficientPoints,
    /// No reference rate to convert a currency into the reporting one.
    #[error("no {from}→{to} rate")]
    RateMissing {
        /// From.
        from: String,
        /// Into.
        to: String,
    },
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl VipError {
    /// One field failed validation.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        VipError::Validation(vec![FieldError::new(field, message.into())])
    }
}

impl From<sea_orm::DbErr> for VipError {
    fn from(e: sea_orm::DbErr) -> Self {
        VipError::Unexpected(e.into())
    }
}

impl From<crate::compliance::ComplianceError> for VipError {
    fn from(e: crate::compliance::ComplianceError) -> Self {
        VipError::Unexpected(anyhow::anyhow!("{e}"))
    }
}

/// The VIP console for one caller.
pub struct Vip<'a> {
    engine: &'a Engine,
    caller: &'a Principal,
}

impl Engine {
    /// The VIP console, acting as `caller` (who must hold `vip_manager`).
    pub fn vip<'a>(&'a self, caller: &'a Principal) -> Vip<'a> {
        Vip {
            engine: self,
            caller,
        }
    }
}

impl<'a> Vip<'a> {
    /// Refuses callers without `vip_manager` (admin holds it).
    fn authorize(&self) -> Result<(), VipError> {
        self.caller
            .require(&[Role::VipManager])
            .map_err(|_| VipError::Forbidden)
    }

    /// The player's user row (`NotFound` for unknown users and staff).
    async fn player_row(&self, player: Uuid) -> Result<users::Model, VipError> {
        users::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?
            .filter(|u| crate::auth::roles_from_column(&u.roles).contains(&Role::Player))
            .ok_or(VipError::NotFound)
    }

    /// Refuses VIP actions on a player with an exclusion in force.
    async fn ensure_not_excluded(&self, player: Uuid) -> Result<(), VipError> {
        let now = self.engine.now();
        match self
            .engine
            .compliance()
            .active_exclusion(player, now)
            .await?
        {
            Some(e) => Err(VipError::SelfExcluded { until: e.until }),
            None => Ok(()),
        }
    }
}

/// A required free text: trimmed, 1 to `max` characters.
pub(crate) fn required_text(field: &str, raw: &str, max: usize) -> Result<String, VipError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(VipError::field(field, "Required."));
    }
    if text.chars().count() > max {
        return Err(VipError::field(field, format!("At most {max} characters.")));
    }
    Ok(text.to_owned())
}

/// A staff id from a body field: a UUID of a user holding `vip_manager`
/// (or admin) who is not disabled; else [`VipError::NotVipManager`].
pub(crate) async fn vip_manager(engine: &Engine, field: &str, raw: &str) -> Result<Uuid, VipError> {
    let id = Uuid::parse_str(raw.trim()).map_err(|_| VipError::field(field, "Not a user id."))?;
    let user = users::Entity::find_by_id(id).one(engine.db()).await?;
    let ok = user.is_some_and(|u| {
        let roles = crate::auth::roles_from_column(&u.roles);
        !u.disabled && (roles.contains(&Role::VipManager) || roles.contains(&Role::Admin))
    });
    if ok {
        Ok(id)
    } else {
        Err(VipError::NotVipManager)
    }
}

/// E-mail addresses of `ids`.
pub(crate) async fn emails(
    engine: &Engine,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, VipError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(engine.db())
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect())
}

pub use domain::api::vip::ManagerOption;

impl Vip<'_> {
    /// Active staff holding `vip_manager` (or admin), by e-mail: who can be
    /// assigned players.
    pub async fn managers(&self) -> Result<Vec<ManagerOption>, VipError> {
        use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
        self.authorize()?;
        let rows = users::Entity::find()
            .filter(users::Column::Disabled.eq(false))
            .filter(
                sea_orm::Condition::any()
                    .add(users::Column::Roles.like(format!("%{}%", Role::VipManager.code())))
                    .add(users::Column::Roles.like(format!("%{}%", Role::Admin.code()))),
            )
            .order_by_asc(users::Column::Email)
            .all(self.engine.db())
            .await?;
        Ok(rows
            .into_iter()
            .filter(|u| {
                let roles = crate::auth::roles_from_column(&u.roles);
                roles.contains(&Role::VipManager) || roles.contains(&Role::Admin)
            })
            .map(|u| ManagerOption {
                user_id: u.id,
                email: u.email,
            })
            .collect())
    }
}
