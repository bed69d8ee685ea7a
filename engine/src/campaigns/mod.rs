//! Marketing campaigns: the builder's commands (create, launch, pause,
//! resume, stop), the live index the trigger consumer evaluates events
//! against, and the numbers, `explain` and `preview` marketing reads.
//!
//! Rules (API.md "Campaigns"):
//! - A campaign is created as a `draft` from a body [`Campaign::parse`]
//!   accepts; amounts are in the reporting currency. States move
//!   draft → live (launch) ⇄ paused (pause, resume) → ended (stop); any
//!   other move is `invalid_state`.
//! - Launch is refused with `compliance_violation` when, in every targeted
//!   country, every variant breaks a jurisdiction rule
//!   ([`Campaign::launch_violations`]). A campaign that is fine somewhere
//!   launches; the rule is then applied per player at award time.
//! - Live campaigns are compiled into a [`CampaignIndex`] by trigger event,
//!   country and vertical, rebuilt after every change on this server and
//!   refreshed every [`INDEX_REFRESH`] (changes made by other replicas).
//!   Evaluating an event touches only the campaigns that can match it.
//! - Awards go through [`crate::rewards::grant`] with a [`trigger::CampaignGuard`]
//!   that reserves budget and the player's count in the award's own
//!   transaction; see [`trigger`]. The consumer grants the awards that move
//!   no money of many events in one transaction under the same rules; see
//!   [`batch`].

pub mod batch;
pub mod consumer;
pub mod insight;
pub mod trigger;

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use domain::api::engagement::{CampaignList, CampaignStatus, CampaignView};
use domain::campaign::{Campaign, CampaignIndex, CampaignSpec};
use domain::money::{Currency, Money};
use domain::validation::FieldError;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::Engine;
use crate::auth::Principal;
use entity::campaigns;

/// How often a server re-reads the live campaigns (others' changes).
pub const INDEX_REFRESH: Duration = Duration::from_secs(5);
/// Most campaigns listed at once.
pub const MAX_PAGE: u64 = 100;
/// Most campaigns live at once.
pub const MAX_LIVE: usize = 10_000;

/// Failures of campaign commands, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// The body failed validation; one entry per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No such campaign (or player, for explain).
    #[error("not found")]
    NotFound,
    /// The command does not apply in the campaign's state.
    #[error("the campaign is {0}")]
    InvalidState(CampaignStatus),
    /// Launch refused: the rules every targeted country's players break.
    #[error("the campaign breaks jurisdiction rules everywhere it targets")]
    Compliance(Vec<String>),
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for CampaignError {
    fn from(e: sea_orm::DbErr) -> Self {
        CampaignError::Unexpected(e.into())
    }
}

/// One live campaign, compiled.
#[derive(Debug, Clone)]
pub struct LiveCampaign {
    /// Its id.
    pub id: Uuid,
    /// The validated definition.
    pub campaign: Campaign,
}

/// The live campaigns and their index.
#[derive(Debug, Default)]
pub struct LiveSet {
    /// Live campaigns; the index's keys are positions in this list.
    pub campaigns: Vec<LiveCampaign>,
    /// By trigger event, country and vertical.
    pub index: CampaignIndex<usize>,
}

/// The compiled live set, shared by every handle of one engine.
#[derive(Default)]
pub struct LiveCache {
    set: RwLock<(Arc<LiveSet>, Option<Instant>)>,
}

impl LiveCache {
    /// The live set, `None` when it is older than [`INDEX_REFRESH`].
    fn fresh(&self) -> Option<Arc<LiveSet>> {
        let guard = self.set.read().unwrap_or_else(|e| e.into_inner());
        match guard.1 {
            Some(at) if at.elapsed() < INDEX_REFRESH => Some(guard.0.clone()),
            _ => None,
        }
    }

    fn put(&self, set: Arc<LiveSet>) {
        let mut guard = self.set.write().unwrap_or_else(|e| e.into_inner());
        *guard = (set, Some(Instant::now()));
    }

    fn invalidate(&self) {
        let mut guard = self.set.write().unwrap_or_else(|e| e.into_inner());
        guard.1 = None;
    }
}

/// Campaign commands for one engine.
pub struct Campaigns<'a> {
    engine: &'a Engine,
}

/// Reads a stored campaign's definition back.
pub(crate) fn definition(row: &campaigns::Model) -> Result<Campaign, CampaignError> {
    let spec: CampaignSpec = serde_json::from_str(&row.spec).map_err(anyhow::Error::from)?;
    let currency: Currency = row.currency.parse().map_err(anyhow::Error::from)?;
    Campaign::parse(&spec, currency)
        .map_err(|e| CampaignError::Unexpected(anyhow::anyhow!("stored campaign: {e:?}")))
}

/// The stored status.
pub(crate) fn status_of(row: &campaigns::Model) -> CampaignStatus {
    row.status.parse().unwrap_or(CampaignStatus::Draft)
}

/// Awards and their face value per campaign of `ids`, counted from
/// `awards` (the truth; only budgeted campaigns keep running totals).
async fn figures(
    engine: &Engine,
    ids: Vec<Uuid>,
) -> Result<std::collections::HashMap<Uuid, (i64, i64)>, CampaignError> {
    let rows: Vec<(Option<Uuid>, i64, i64)> = entity::awards::Entity::find()
        .select_only()
        .column(entity::awards::Column::SourceId)
        .column_as(Expr::cust("COUNT(*)"), "awards")
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(face_minor), 0) AS BIGINT)"),
            "cost",
        )
        .filter(entity::awards::Column::Source.eq("campaign"))
        .filter(entity::awards::Column::SourceId.is_in(ids))
        .group_by(entity::awards::Column::SourceId)
        .into_tuple()
        .all(engine.db())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n, cost)| id.map(|id| (id, (n, cost))))
        .collect())
}

/// The back office's view of a row with its award figures.
fn view_with(
    row: &campaigns::Model,
    figures: &std::collections::HashMap<Uuid, (i64, i64)>,
) -> Result<CampaignView, CampaignError> {
    let mut view = view(row)?;
    let (awards, cost) = figures.get(&row.id).copied().unwrap_or_default();
    let currency: Currency = row.currency.parse().map_err(anyhow::Error::from)?;
    view.awards = awards;
    view.spent = Money::new(cost, currency).format_amount();
    Ok(view)
}

/// The back office's view of a row (figures as the row keeps them).
pub fn view(row: &campaigns::Model) -> Result<CampaignView, CampaignError> {
    let spec: CampaignSpec = serde_json::from_str(&row.spec).map_err(anyhow::Error::from)?;
    let currency: Currency = row.currency.parse().map_err(anyhow::Error::from)?;
    Ok(CampaignView {
        campaign_id: row.id,
        status: status_of(row),
        spec,
        currency: row.currency.clone(),
        spent: Money::new(row.spent_minor, currency).format_amount(),
        awards: row.awards,
        created_at: row.created_at,
        updated_at: row.updated_at,
        launched_at: row.launched_at,
    })
}

impl<'a> Campaigns<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The currency campaign amounts are in: the reporting currency.
    pub fn currency(&self) -> Currency {
        self.engine.config().reporting_currency
    }

    /// Validates a campaign body.
    pub fn validate(&self, spec: &CampaignSpec) -> Result<Campaign, CampaignError> {
        Campaign::parse(spec, self.currency()).map_err(CampaignError::Validation)
    }

    /// Creates a draft.
    pub async fn create(
        &self,
        actor: &Principal,
        spec: &CampaignSpec,
    ) -> Result<CampaignView, CampaignError> {
        let campaign = self.validate(spec)?;
        let normalised = campaign.to_spec();
        let at = self.engine.now();
        let row = campaigns::Model {
            id: Uuid::now_v7(),
            name: campaign.name.clone(),
            status: CampaignStatus::Draft.code().to_owned(),
            spec: serde_json::to_string(&normalised).map_err(anyhow::Error::from)?,
            currency: self.currency().code().to_owned(),
            trigger_event: campaign.trigger.event.code().to_owned(),
            exclusive_group: campaign.exclusive_group.clone(),
            priority: campaign.priority,
            opt_in: campaign.opt_in,
            per_player: i32::try_from(campaign.limits.per_player).unwrap_or(i32::MAX),
            budget_minor: campaign.limits.budget.map(Money::minor),
            spent_minor: 0,
            awards: 0,
            participants: 0,
            starts_at: campaign.starts_at,
            ends_at: campaign.ends_at,
            period_started_at: None,
            launched_at: None,
            created_by: Some(actor.user_id),
            created_at: at,
            updated_at: at,
        };
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let active: campaigns::ActiveModel = row.clone().into();
        campaigns::Entity::insert(sea_orm::ActiveModelTrait::reset_all(active))
            .exec(&txn)
            .await?;
        crate::audit::record(
            &txn,
            at,
            Some(actor.user_id),
            "campaign.created",
            &format!("campaign:{}", row.id),
            serde_json::json!({ "name": row.name }),
        )
        .await?;
        txn.commit().await?;
        view(&row)
    }

    /// Campaigns, newest first, a page at a time (`cursor`: the
    /// `next_cursor` of the previous page).
    pub async fn list(
        &self,
        cursor: Option<&str>,
        limit: Option<u64>,
    ) -> Result<CampaignList, CampaignError> {
        use crate::paging::{Cursor, Page, clamp_limit, newest_first};
        let limit = clamp_limit(limit.unwrap_or(MAX_PAGE), MAX_PAGE);
        let after = Cursor::decode_opt(cursor).map_err(|e| {
            CampaignError::Validation(vec![FieldError::new(
                crate::paging::CURSOR_FIELD,
                e.to_string(),
            )])
        })?;
        let rows = newest_first(
            campaigns::Entity::find(),
            campaigns::Column::CreatedAt,
            campaigns::Column::Id,
            after,
            limit,
        )
        .all(self.engine.db())
        .await?;
        let counted = figures(self.engine, rows.iter().map(|r| r.id).collect()).await?;
        let page = Page::of(rows, limit, |r| Cursor::new(r.created_at, r.id), |r| r)
            .try_map(|r| view_with(&r, &counted))?;
        Ok(CampaignList {
            items: page.items,
            next_cursor: page.next_cursor,
        })
    }

    /// One campaign's row.
    pub(crate) async fn row(&self, id: Uuid) -> Result<campaigns::Model, CampaignError> {
        campaigns::Entity::find_by_id(id)
            .one(self.engine.db())
            .await?
            .ok_or(CampaignError::NotFound)
    }

    /// One campaign.
    pub async fn get(&self, id: Uuid) -> Result<CampaignView, CampaignError> {
        let row = self.row(id).await?;
        view_with(&row, &figures(self.engine, vec![id]).await?)
    }

    /// Launches a draft (see the compliance rule in the module docs).
    pub async fn launch(&self, actor: &Principal, id: Uuid) -> Result<CampaignView, CampaignError> {
        let row = self.row(id).await?;
        if status_of(&row) != CampaignStatus::Draft {
            return Err(CampaignError::InvalidState(status_of(&row)));
        }
        let campaign = definition(&row)?;
        let markets = self.markets().await?;
        let broken = campaign.launch_violations(&markets);
        if !broken.is_empty() {
            return Err(CampaignError::Compliance(
                broken.iter().map(|r| r.code().to_owned()).collect(),
            ));
        }
        self.transition(actor, &row, &[CampaignStatus::Draft], CampaignStatus::Live)
            .await
    }

    /// Pauses a live campaign.
    pub async fn pause(&self, actor: &Principal, id: Uuid) -> Result<CampaignView, CampaignError> {
        let row = self.row(id).await?;
        self.transition(actor, &row, &[CampaignStatus::Live], CampaignStatus::Paused)
            .await
    }

    /// Resumes a paused campaign.
    pub async fn resume(&self, actor: &Principal, id: Uuid) -> Result<CampaignView, CampaignError> {
        let row = self.row(id).await?;
        self.transition(actor, &row, &[CampaignStatus::Paused], CampaignStatus::Live)
            .await
    }

    /// Ends a campaign for good.
    pub async fn stop(&self, actor: &Principal, id: Uuid) -> Result<CampaignView, CampaignError> {
        let row = self.row(id).await?;
        self.transition(
            actor,
            &row,
            &[
                CampaignStatus::Draft,
                CampaignStatus::Live,
                CampaignStatus::Paused,
            ],
            CampaignStatus::Ended,
        )
        .await
    }

    /// Moves `row` from one of `from` to `to` with a guarded update (two
    /// staff pressing at once: one wins, the other sees `invalid_state`).
    async fn transition(
        &self,
        actor: &Principal,
        row: &campaigns::Model,
        from: &[CampaignStatus],
        to: CampaignStatus,
    ) -> Result<CampaignView, CampaignError> {
        let at = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let mut update = campaigns::Entity::update_many()
            .col_expr(campaigns::Column::Status, Expr::value(to.code()))
            .col_expr(campaigns::Column::UpdatedAt, Expr::value(at))
            .filter(campaigns::Column::Id.eq(row.id))
            .filter(campaigns::Column::Status.is_in(from.iter().map(|s| s.code())));
        if to == CampaignStatus::Live && row.launched_at.is_none() {
            update = update
                .col_expr(campaigns::Column::LaunchedAt, Expr::value(at))
                .col_expr(campaigns::Column::PeriodStartedAt, Expr::value(at));
        }
        if update.exec(&txn).await?.rows_affected != 1 {
            txn.rollback().await?;
            let now = self.row(row.id).await?;
            return Err(CampaignError::InvalidState(status_of(&now)));
        }
        crate::audit::record(
            &txn,
            at,
            Some(actor.user_id),
            &format!("campaign.{}", to.code()),
            &format!("campaign:{}", row.id),
            serde_json::json!({ "from": row.status, "to": to.code() }),
        )
        .await?;
        txn.commit().await?;
        self.engine.campaign_cache().invalidate();
        self.get(row.id).await
    }

    /// The countries the operator serves (its configured jurisdictions),
    /// for campaigns that name none.
    pub(crate) async fn markets(&self) -> Result<Vec<String>, CampaignError> {
        Ok(entity::jurisdictions::Entity::find()
            .all(self.engine.db())
            .await?
            .into_iter()
            .map(|j| j.country)
            .collect())
    }

    /// The live set, re-read when stale.
    pub async fn live(&self) -> Result<Arc<LiveSet>, CampaignError> {
        let cache = self.engine.campaign_cache();
        if let Some(set) = cache.fresh() {
            return Ok(set);
        }
        let rows = campaigns::Entity::find()
            .filter(campaigns::Column::Status.eq(CampaignStatus::Live.code()))
            .limit(MAX_LIVE as u64)
            .all(self.engine.db())
            .await?;
        let mut campaigns = Vec::with_capacity(rows.len());
        for row in &rows {
            match definition(row) {
                Ok(campaign) => campaigns.push(LiveCampaign {
                    id: row.id,
                    campaign,
                }),
                Err(e) => {
                    tracing::warn!(campaign = %row.id, error = %e, "unreadable campaign skipped")
                }
            }
        }
        let index = CampaignIndex::new(campaigns.iter().enumerate().map(|(i, c)| (i, &c.campaign)));
        let set = Arc::new(LiveSet { campaigns, index });
        cache.put(set.clone());
        Ok(set)
    }

    /// True when `at` falls inside the campaign's dates.
    pub(crate) fn in_dates(campaign: &Campaign, at: DateTime<Utc>) -> bool {
        campaign.starts_at.is_none_or(|s| s <= at) && campaign.ends_at.is_none_or(|e| at < e)
    }

    /// Records the player's opt-in (idempotent) and awards an `opt_in`
    /// campaign at once.
    pub async fn opt_in(
        &self,
        player: Uuid,
        id: Uuid,
    ) -> Result<domain::api::engagement::OptedIn, CampaignError> {
        let row = self.row(id).await?;
        if status_of(&row) != CampaignStatus::Live {
            return Err(CampaignError::NotFound);
        }
        let campaign = definition(&row)?;
        trigger::opt_in(self.engine, player, &row, &campaign).await?;
        Ok(domain::api::engagement::OptedIn {
            campaign_id: id,
            opted_in: true,
        })
    }

    /// Live campaigns the player may qualify for, with their opt-in state.
    pub async fn promotions(
        &self,
        player: Uuid,
    ) -> Result<domain::api::engagement::PromotionList, CampaignError> {
        insight::promotions(self.engine, player).await
    }

    /// The campaign's live numbers.
    pub async fn stats(
        &self,
        id: Uuid,
    ) -> Result<domain::api::engagement::CampaignStats, CampaignError> {
        insight::stats(self.engine, id).await
    }

    /// Why `player` would or would not be awarded now.
    pub async fn explain(
        &self,
        id: Uuid,
        player: Uuid,
    ) -> Result<domain::api::engagement::Explanation, CampaignError> {
        insight::explain(self.engine, id, player).await
    }

    /// How many players would qualify today.
    pub async fn preview(
        &self,
        spec: &CampaignSpec,
    ) -> Result<domain::api::engagement::Preview, CampaignError> {
        insight::preview(self.engine, spec).await
    }

    /// Pays a `period_end` campaign's running period and starts the next.
    pub async fn close_period(
        &self,
        actor: Option<&Principal>,
        id: Uuid,
    ) -> Result<domain::api::engagement::PeriodClosed, CampaignError> {
        let closed = insight::close_period(self.engine, id, None).await?;
        crate::audit::record(
            self.engine.db(),
            self.engine.now(),
            actor.map(|a| a.user_id),
            "campaign.period_closed",
            &format!("campaign:{id}"),
            serde_json::json!({ "awards": closed.awards, "cost": closed.cost }),
        )
        .await?;
        Ok(closed)
    }
}
