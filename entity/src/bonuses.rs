//! `bonuses`: what a player holds from each award.

use sea_orm::entity::prelude::*;

/// One bonus.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bonuses")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The award that made it.
    pub award_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// The campaign, if a campaign awarded it.
    pub campaign_id: Option<Uuid>,
    /// The variant's name.
    pub variant: Option<String>,
    /// The reward kind code.
    pub kind: String,
    /// `active`, `completed`, `used`, `forfeited` or `expired`.
    pub status: String,
    /// The player's wallet currency.
    pub currency: String,
    /// What was granted, minor units (0 for coins and points).
    pub amount_minor: i64,
    /// Bonus money still attributed to this bonus, minor units.
    pub balance_minor: i64,
    /// Stakes to wager, minor units.
    pub wagering_required_minor: i64,
    /// Stakes wagered so far (with contributions), minor units.
    pub wagering_done_minor: i64,
    /// Free spins left.
    pub rounds_left: Option<i32>,
    /// The reward's terms (`domain::reward::RewardSpec` as JSON).
    pub terms: String,
    /// When what is left is forfeited.
    pub expires_at: Option<DateTimeUtc>,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// When it stopped being active.
    pub finished_at: Option<DateTimeUtc>,
}

/// Relations of `bonuses`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
