//! `rg_settings`: a player's reality-check, session-limit and loss-alert settings.

use sea_orm::entity::prelude::*;

/// One `rg_settings` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_settings")]
pub struct Model {
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// Reality-check interval chosen by the player, minutes.
    pub reality_check_minutes: Option<i32>,
    /// Session time limit, minutes.
    pub session_limit_minutes: Option<i32>,
    /// Mandatory break after the session limit, minutes.
    pub session_break_minutes: Option<i32>,
    /// Loss-alert threshold set by the player, minor units.
    pub loss_alert_minor: Option<i64>,
    /// Loss-alert threshold set by the operator (compliance), minor units.
    pub operator_loss_alert_minor: Option<i64>,
    /// The rolling window of the loss alerts: `day`, `week` or `month`.
    pub loss_alert_period: String,
    /// A looser session limit waiting out the cooling-off, minutes (`None`
    /// with a pending time: the limit is being removed).
    pub pending_session_limit_minutes: Option<i32>,
    /// The break of the pending session limit, minutes.
    pub pending_session_break_minutes: Option<i32>,
    /// When the pending session limit applies; `None` when none is pending.
    pub pending_session_limit_at: Option<DateTimeUtc>,
    /// When the player answered the deposit-limit prompt.
    pub deposit_limit_prompt_answered_at: Option<DateTimeUtc>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `rg_settings`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
