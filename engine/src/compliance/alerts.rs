//! Play activity (stakes and winnings) and loss alerts.
//!
//! The sportsbook and the casino call [`record_play`] inside the database
//! transaction that moves the stake or the winnings, so usage for loss and
//! wager limits can never drift from the money. After each record the net
//! loss in the player's alert window is compared with the thresholds set by
//! the player and by the operator; when one is crossed (once per window)
//! a `rg.loss_alert` event goes to `player:{id}` (the UI shows it) and to
//! `compliance:alerts`, and a row lands in the back-office list.

use chrono::{DateTime, Utc};
use domain::compliance::{self as rules, Activity, ActivityKind, LimitPeriod};
use domain::events::{EventData, LossAlert, Topic};
use domain::money::Money;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Compliance, ComplianceError, MAX_HISTORY_ROWS};
use crate::paging::{self, Cursor, Page};
use entity::{rg_activity, rg_loss_alerts, rg_settings, users};

/// A loss alert as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LossAlertView {
    /// Alert id.
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// The player's e-mail address.
    pub email: String,
    /// `player` or `operator`: whose threshold.
    pub source: String,
    /// The rolling window.
    pub period: String,
    /// The threshold, a money string.
    pub threshold: String,
    /// The net loss when raised, a money string.
    pub net_loss: String,
    /// When raised.
    pub created_at: DateTime<Utc>,
}

/// Records a stake or winnings of `player` in the caller's transaction and
/// raises a loss alert when a threshold is crossed. `kind` must be
/// `Stake` or `Winnings`; `amount` is positive, in the player's currency;
/// `reference` names the bet or round.
pub async fn record_play<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    kind: ActivityKind,
    amount: Money,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), ComplianceError> {
    play_row(player, kind, amount, reference, now)?
        .insert(conn)
        .await?;
    if kind == ActivityKind::Stake {
        check_loss_alerts(conn, player, amount.currency(), now).await?;
    }
    Ok(())
}

/// The activity row [`record_play`] writes, checked; callers that record
/// many winnings together insert them with [`record_plays`] (a stake goes
/// through [`record_play`], which checks the loss alerts).
pub fn play_row(
    player: Uuid,
    kind: ActivityKind,
    amount: Money,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<rg_activity::ActiveModel, ComplianceError> {
    if kind == ActivityKind::Deposit {
        return Err(ComplianceError::validation(
            "kind",
            "deposits are read from the wallet, not recorded as play",
        ));
    }
    if !amount.is_positive() {
        return Err(ComplianceError::validation("amount", "must be positive"));
    }
    Ok(rg_activity::ActiveModel {
        id: Set(Uuid::now_v7()),
        player_id: Set(player),
        kind: Set(kind.code().to_owned()),
        amount_minor: Set(amount.minor()),
        reference: Set(reference.chars().take(255).collect()),
        at: Set(now),
    })
}

/// Inserts activity rows from [`play_row`] (no stakes) together.
pub async fn record_plays<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<rg_activity::ActiveModel>,
) -> Result<(), ComplianceError> {
    crate::db::insert_all(conn, rows).await?;
    Ok(())
}

async fn check_loss_alerts<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    currency: domain::money::Currency,
    now: DateTime<Utc>,
) -> Result<(), ComplianceError> {
    let Some(settings) = rg_settings::Entity::find_by_id(player).one(conn).await? else {
        return Ok(());
    };
    loss_alerts_of(conn, &settings, currency, now).await
}

/// The loss alerts [`record_play`] checks after a stake, for the players
/// `staked` (each with their wallet currency) whose stakes were recorded
/// together with [`record_plays`]: their settings are read in one query and
/// only players with an alert threshold look further.
pub(crate) async fn check_loss_alerts_many<C: ConnectionTrait>(
    conn: &C,
    staked: &[(Uuid, domain::money::Currency)],
    now: DateTime<Utc>,
) -> Result<(), ComplianceError> {
    if staked.is_empty() {
        return Ok(());
    }
    let with_thresholds = rg_settings::Entity::find()
        .filter(crate::db::one_of(
            conn.get_database_backend(),
            rg_settings::Column::PlayerId,
            staked.iter().map(|(p, _)| *p).collect(),
        ))
        .filter(
            sea_orm::Condition::any()
                .add(rg_settings::Column::LossAlertMinor.is_not_null())
                .add(rg_settings::Column::OperatorLossAlertMinor.is_not_null()),
        )
        .all(conn)
        .await?;
    for settings in with_thresholds {
        if let Some((_, currency)) = staked.iter().find(|(p, _)| *p == settings.player_id) {
            loss_alerts_of(conn, &settings, *currency, now).await?;
        }
    }
    Ok(())
}

async fn loss_alerts_of<C: ConnectionTrait>(
    conn: &C,
    settings: &rg_settings::Model,
    currency: domain::money::Currency,
    now: DateTime<Utc>,
) -> Result<(), ComplianceError> {
    let player = settings.player_id;
    let period: LimitPeriod = settings
        .loss_alert_period
        .parse()
        .unwrap_or(LimitPeriod::Week);
    let thresholds = [
        ("player", settings.loss_alert_minor),
        ("operator", settings.operator_loss_alert_minor),
    ];
    if thresholds.iter().all(|(_, t)| t.is_none()) {
        return Ok(());
    }
    let since = now - period.window();
    let activity: Vec<Activity> = rg_activity::Entity::find()
        .filter(rg_activity::Column::PlayerId.eq(player))
        .filter(rg_activity::Column::At.gt(since))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|a| {
            Some(Activity {
                at: a.at,
                kind: a.kind.parse().ok()?,
                amount_minor: a.amount_minor,
            })
        })
        .collect();
    let net_loss = rules::usage_in_window(&activity, now, period).net_loss_minor();
    for (source, threshold) in thresholds {
        let Some(threshold) = threshold else { continue };
        let last = rg_loss_alerts::Entity::find()
            .filter(rg_loss_alerts::Column::PlayerId.eq(player))
            .filter(rg_loss_alerts::Column::Source.eq(source))
            .order_by_desc(rg_loss_alerts::Column::CreatedAt)
            .one(conn)
            .await?
            .map(|a| a.created_at);
        if !rules::loss_alert_due(net_loss, threshold, period, last, now) {
            continue;
        }
        let id = Uuid::now_v7();
        rg_loss_alerts::ActiveModel {
            id: Set(id),
            player_id: Set(player),
            source: Set(source.to_owned()),
            period: Set(period.code().to_owned()),
            threshold_minor: Set(threshold),
            net_loss_minor: Set(net_loss),
            currency: Set(currency.code().to_owned()),
            created_at: Set(now),
        }
        .insert(conn)
        .await?;
        let alert = EventData::LossAlert(LossAlert {
            alert_id: id,
            player_id: player,
            source: source.to_owned(),
            period,
            threshold: Money::new(threshold, currency).format_amount(),
            net_loss: Money::new(net_loss, currency).format_amount(),
            currency,
        });
        crate::events::enqueue(conn, now, Topic::Player(player), alert.clone()).await?;
        crate::events::enqueue(conn, now, Topic::ComplianceAlerts, alert).await?;
    }
    Ok(())
}

impl Compliance<'_> {
    /// Loss alerts, newest first: one player's, or everyone's (`None`); at
    /// most `limit` (1 to [`MAX_HISTORY_ROWS`]), the first page of
    /// [`Compliance::loss_alerts_page`].
    pub async fn loss_alerts(
        &self,
        player: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<LossAlertView>, ComplianceError> {
        Ok(self.loss_alerts_page(player, limit, None).await?.items)
    }

    /// One page of loss alerts, newest first: one player's, or everyone's
    /// (`None`); at most `limit` (1 to [`MAX_HISTORY_ROWS`]) older than
    /// `cursor` (a `next_cursor` of an earlier page; a malformed one is a
    /// validation failure on `cursor`).
    pub async fn loss_alerts_page(
        &self,
        player: Option<Uuid>,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<LossAlertView>, ComplianceError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_HISTORY_ROWS);
        let db = self.engine().db();
        let mut query = rg_loss_alerts::Entity::find();
        if let Some(p) = player {
            query = query.filter(rg_loss_alerts::Column::PlayerId.eq(p));
        }
        let rows = paging::newest_first(
            query,
            rg_loss_alerts::Column::CreatedAt,
            rg_loss_alerts::Column::Id,
            after,
            limit,
        )
        .all(db)
        .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.player_id).collect();
        let emails: std::collections::HashMap<Uuid, String> = users::Entity::find()
            .filter(users::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect();
        Ok(Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            |r| {
                let currency = r.currency.parse().unwrap_or(domain::money::Currency::EUR);
                LossAlertView {
                    id: r.id,
                    player_id: r.player_id,
                    email: emails.get(&r.player_id).cloned().unwrap_or_default(),
                    source: r.source,
                    period: r.period,
                    threshold: Money::new(r.threshold_minor, currency).format_amount(),
                    net_loss: Money::new(r.net_loss_minor, currency).format_amount(),
                    created_at: r.created_at,
                }
            },
        ))
    }
}
