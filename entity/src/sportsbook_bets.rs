//! `sportsbook_bets`: A player's bet: kind, stakes, potential return, status and what it paid.

use sea_orm::entity::prelude::*;

/// One `sportsbook_bets` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_bets")]
pub struct Model {
    /// Row id (the bet id).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `single`, `accumulator`, `system` or `teaser`.
    pub kind: String,
    /// The system type code.
    pub system: Option<String>,
    /// Teaser points.
    pub teaser_points: Option<String>,
    /// The teaser table's prices when placed (JSON legs → odds), so a later
    /// table change does not reprice it.
    pub teaser_prices: Option<String>,
    /// Lines the bet expands to.
    pub lines: i32,
    /// Stake per line, minor units.
    pub unit_stake: i64,
    /// Stake of all lines, minor units.
    pub total_stake: i64,
    /// Return if every leg wins, minor units.
    pub potential_return: i64,
    /// Currency code.
    pub currency: String,
    /// `open`, `settled` or `resettle_pending`.
    pub status: String,
    /// What settlement paid, minor units.
    pub return_amount: Option<i64>,
    /// The odds-change policy it was placed with.
    pub odds_change: String,
    /// The ledger transaction that reserved the stake.
    pub place_transaction_id: Uuid,
    /// The ledger transaction of the current settlement.
    pub settle_transaction_id: Option<Uuid>,
    /// Times settled (resettles included).
    pub settle_count: i32,
    /// What a resettle could not take back from the player's cash, minor units.
    pub shortfall: i64,
    /// When placed.
    pub placed_at: DateTimeUtc,
    /// When last settled.
    pub settled_at: Option<DateTimeUtc>,
    /// The free bet (a `bonuses` row) that paid the stake, if one did.
    pub free_bet_id: Option<Uuid>,
    /// The part of `total_stake` that was bonus money (cash went first),
    /// minor units; 0 for a bet staked with cash only.
    pub bonus_stake_minor: i64,
    /// The bonus row the bonus part was taken from first, if any.
    pub bonus_id: Option<Uuid>,
}

/// Relations of `sportsbook_bets`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
