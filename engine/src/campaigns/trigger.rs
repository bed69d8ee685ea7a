//! From an event to awards: what the event tells about the player (the
//! facts), which live campaigns it can match (the index), the checks in
//! order, and the grant.
//!
//! Rules:
//! - Self-excluded or timed-out players are skipped before anything else
//!   (never awarded, never messaged); the grant checks again at payout.
//! - Candidates are tried highest priority first. Within one
//!   `exclusive_group` only the first that qualifies and is granted (or was
//!   granted before for this event) awards; campaigns without a group stack.
//! - Each player is assigned once to a variant or the holdout group (a
//!   stable hash, `domain::campaign::assign`), recorded in
//!   `campaign_players` on first contact.
//! - The award key is `campaign:{id}:{player}:{subject}` where the subject
//!   names the triggering thing (the deposit, the bet, the round, the login
//!   event, the registration), so each triggering event awards at most once
//!   per campaign, whichever server, retry or replay handles it.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use domain::api::engagement::CampaignStatus;
use domain::betting::Odds;
use domain::campaign::{Assignment, Campaign, EventFacts, TriggerEvent, Vertical};
use domain::events::EventData;
use domain::money::{Currency, Money};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

use super::{CampaignError, Campaigns, LiveCampaign};
use crate::Engine;
use crate::events::Event;
use crate::rewards::{self, Grant, Granted, Guard, Source};
use entity::{campaign_players, campaigns, users};

/// What an event tells the campaign engine.
#[derive(Debug, Clone)]
pub struct Triggered {
    /// The trigger it is.
    pub event: TriggerEvent,
    /// The player.
    pub player: Uuid,
    /// Names the triggering thing in award keys.
    pub subject: String,
    /// The deposit or stake, in the player's currency.
    pub amount: Option<Money>,
    /// The bet's odds.
    pub odds: Option<Odds>,
    /// The vertical played.
    pub vertical: Option<Vertical>,
    /// The casino game.
    pub game_code: Option<String>,
    /// Its category.
    pub category: Option<String>,
    /// When the event happened.
    pub at: DateTime<Utc>,
    /// When the bet was placed (bet events).
    pub placed_at: Option<DateTime<Utc>>,
}

/// The trigger an event is, if any (without the database).
pub fn trigger_of(event: &Event) -> Option<TriggerEvent> {
    Some(match &event.data {
        EventData::PlayerRegistered(_) => TriggerEvent::Registration,
        EventData::LoggedIn(_) => TriggerEvent::Login,
        EventData::DepositCompleted(_) => TriggerEvent::Deposit,
        // A free bet's stake is the house's: it triggers nothing.
        EventData::BetPlaced(b) if !b.free_bet => TriggerEvent::BetPlaced,
        EventData::BetSettled(b) if !b.resettled => TriggerEvent::BetSettled,
        // A free spin's stake is the house's: it triggers nothing.
        EventData::RoundCompleted(r) if !r.free_spin => TriggerEvent::CasinoRound,
        _ => return None,
    })
}

/// The outbox kinds [`trigger_of`] reads.
pub const TRIGGER_KINDS: &[&str] = &[
    "player.registered",
    "player.logged_in",
    "deposit.completed",
    "bet.placed",
    "bet.settled",
    "game.round_completed",
];

fn parse_amount(text: &str, currency: Currency) -> Option<Money> {
    Money::parse(text, currency).ok()
}

/// A bet's odds: its potential return over its stake, cut to the odds'
/// precision.
pub(crate) fn bet_odds(total_stake: i64, potential_return: i64) -> Option<Odds> {
    if total_stake <= 0 {
        return None;
    }
    let ratio = Decimal::from(potential_return) / Decimal::from(total_stake);
    let cut =
        ratio.round_dp_with_strategy(Odds::MAX_DECIMALS, rust_decimal::RoundingStrategy::ToZero);
    Odds::new(cut.min(Decimal::from(10_000))).ok()
}

/// Reads the facts of `event` (`None`: not a trigger).
pub async fn triggered(engine: &Engine, event: &Event) -> Result<Option<Triggered>, DbErr> {
    let Some(kind) = trigger_of(event) else {
        return Ok(None);
    };
    let mut t = Triggered {
        event: kind,
        player: Uuid::nil(),
        subject: String::new(),
        amount: None,
        odds: None,
        vertical: None,
        game_code: None,
        category: None,
        at: event.created_at,
        placed_at: None,
    };
    match &event.data {
        EventData::PlayerRegistered(p) => {
            t.player = p.player_id;
            t.subject = "registration".into();
        }
        EventData::LoggedIn(l) => {
            t.player = l.user_id;
            t.subject = format!("login:{}", event.id);
        }
        EventData::DepositCompleted(d) => {
            t.player = d.player_id;
            t.subject = format!("deposit:{}", d.deposit_id);
            t.amount = parse_amount(&d.amount, d.currency);
        }
        EventData::BetPlaced(b) => {
            t.player = b.player_id;
            t.subject = format!("bet:{}", b.bet_id);
            t.amount = parse_amount(&b.total_stake, b.currency);
            t.vertical = Some(Vertical::Sportsbook);
            if let (Some(stake), Some(ret)) =
                (t.amount, parse_amount(&b.potential_return, b.currency))
            {
                t.odds = bet_odds(stake.minor(), ret.minor());
            }
        }
        EventData::BetSettled(b) => {
            t.player = b.player_id;
            t.subject = format!("settled:{}", b.bet_id);
            t.amount = parse_amount(&b.total_stake, b.currency);
            t.vertical = Some(Vertical::Sportsbook);
            if let Some(bet) = entity::sportsbook_bets::Entity::find_by_id(b.bet_id)
                .one(engine.db())
                .await?
            {
                if bet.free_bet_id.is_some() {
                    return Ok(None);
                }
                t.odds = bet_odds(bet.total_stake, bet.potential_return);
                t.placed_at = Some(bet.placed_at);
            }
        }
        EventData::RoundCompleted(r) => {
            t.player = r.player_id;
            t.subject = format!("round:{}:{}", r.provider, r.round);
            t.amount = parse_amount(&r.stake, r.currency);
            t.vertical = Some(Vertical::Casino);
            t.game_code = Some(r.game_code.clone());
            t.category = entity::casino_games::Entity::find_by_id(r.game_code.clone())
                .one(engine.db())
                .await?
                .map(|g| g.category);
        }
        _ => return Ok(None),
    }
    Ok(Some(t))
}

/// Whether the triggering thing is the player's first of its kind: no
/// earlier one is stored (before the event's time), so a late replay
/// answers as the first handling did.
async fn first_of_kind(engine: &Engine, t: &Triggered) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    let db = engine.db();
    let earlier = match t.event {
        TriggerEvent::Registration | TriggerEvent::OptIn | TriggerEvent::PeriodEnd => 0,
        TriggerEvent::Login => {
            entity::sessions::Entity::find()
                .filter(entity::sessions::Column::UserId.eq(t.player))
                .filter(entity::sessions::Column::CreatedAt.lt(t.at))
                .count(db)
                .await?
        }
        TriggerEvent::Deposit => {
            entity::payments::Entity::find()
                .filter(entity::payments::Column::PlayerId.eq(t.player))
                .filter(entity::payments::Column::Direction.eq("deposit"))
                .filter(entity::payments::Column::CompletedAt.lt(t.at))
                .count(db)
                .await?
        }
        TriggerEvent::BetPlaced | TriggerEvent::BetSettled => {
            entity::sportsbook_bets::Entity::find()
                .filter(entity::sportsbook_bets::Column::PlayerId.eq(t.player))
                .filter(entity::sportsbook_bets::Column::PlacedAt.lt(t.placed_at.unwrap_or(t.at)))
                .count(db)
                .await?
        }
        TriggerEvent::CasinoRound => {
            entity::casino_rounds::Entity::find()
                .filter(entity::casino_rounds::Column::PlayerId.eq(t.player))
                .filter(entity::casino_rounds::Column::CreatedAt.lt(t.at))
                .count(db)
                .await?
        }
    };
    Ok(earlier == 0)
}

/// The player's country, when the user is a player.
pub(crate) async fn player_country<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<Option<String>, DbErr> {
    Ok(users::Entity::find_by_id(player)
        .one(conn)
        .await?
        .filter(|u| u.roles.split_whitespace().any(|r| r == "player"))
        .map(|u| u.country))
}

/// `amount` in the campaign's currency (at the day's reference rate, cut
/// down), `None` without a rate.
pub(crate) async fn in_currency(
    engine: &Engine,
    amount: Money,
    currency: Currency,
    at: DateTime<Utc>,
) -> Option<Money> {
    if amount.currency() == currency {
        return Some(amount);
    }
    let used = crate::finance::rate_for(engine.db(), amount.currency(), currency, at.date_naive())
        .await
        .ok()?;
    domain::money::convert(
        amount,
        &used.rate,
        currency,
        domain::money::RoundingRule::TowardZero,
    )
    .ok()
}

/// The budget and per-player guard of one campaign's award.
///
/// The player's count is a guarded update of their own standing row (no
/// contention between players). Only a campaign with a budget updates its
/// own row (`spent + face <= budget`), which serialises that campaign's
/// awards for the length of a commit; without a budget its row is only
/// read (still live?), and its figures are counted from `awards`.
pub struct CampaignGuard {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Awards per player at most.
    pub per_player: i32,
    /// Whether the campaign has a budget.
    pub budgeted: bool,
}

impl Guard for CampaignGuard {
    async fn reserve(
        &self,
        txn: &DatabaseTransaction,
        player: Uuid,
        face: Money,
        at: DateTime<Utc>,
    ) -> Result<Result<(), String>, DbErr> {
        let counted = campaign_players::Entity::update_many()
            .col_expr(
                campaign_players::Column::Awards,
                Expr::col(campaign_players::Column::Awards).add(1),
            )
            .filter(campaign_players::Column::CampaignId.eq(self.campaign_id))
            .filter(campaign_players::Column::PlayerId.eq(player))
            .filter(campaign_players::Column::Awards.lt(self.per_player))
            .exec(txn)
            .await?;
        if counted.rows_affected != 1 {
            return Ok(Err(
                "the player has had every award this campaign gives".into()
            ));
        }
        if !self.budgeted {
            let live = campaigns::Entity::find_by_id(self.campaign_id)
                .one(txn)
                .await?
                .is_some_and(|c| c.status == CampaignStatus::Live.code());
            if !live {
                return Ok(Err("the campaign is not live".into()));
            }
            return Ok(Ok(()));
        }
        let reserved = campaigns::Entity::update_many()
            .col_expr(
                campaigns::Column::SpentMinor,
                Expr::col(campaigns::Column::SpentMinor).add(face.minor()),
            )
            .col_expr(
                campaigns::Column::Awards,
                Expr::col(campaigns::Column::Awards).add(1),
            )
            .col_expr(campaigns::Column::UpdatedAt, Expr::value(at))
            .filter(campaigns::Column::Id.eq(self.campaign_id))
            .filter(campaigns::Column::Status.eq(CampaignStatus::Live.code()))
            .filter(
                Expr::col(campaigns::Column::SpentMinor)
                    .add(face.minor())
                    .lte(Expr::col(campaigns::Column::BudgetMinor)),
            )
            .exec(txn)
            .await?;
        if reserved.rows_affected != 1 {
            return Ok(Err("the budget is spent or the campaign is not live".into()));
        }
        Ok(Ok(()))
    }
}

/// The player's standing in a campaign, assigning a variant (or the
/// holdout) on first contact. Answers the assignment and the opt-in.
pub(crate) async fn standing(
    engine: &Engine,
    campaign_id: Uuid,
    campaign: &Campaign,
    player: Uuid,
    opting_in: bool,
) -> Result<(Assignment, bool), DbErr> {
    let assignment = domain::campaign::assign(
        campaign_id,
        player,
        &campaign.weights(),
        campaign.holdout_percent,
    );
    let variant = match assignment {
        Assignment::Holdout => None,
        Assignment::Variant(i) => Some(i32::try_from(i).unwrap_or(i32::MAX)),
    };
    let row = campaign_players::ActiveModel {
        campaign_id: Set(campaign_id),
        player_id: Set(player),
        variant: Set(variant),
        opted_in: Set(opting_in),
        awards: Set(0),
        turnover_minor: Set(0),
        converted: Set(false),
        assigned_at: Set(engine.now()),
    };
    campaign_players::Entity::insert(row)
        .on_conflict_do_nothing()
        .exec(engine.db())
        .await?;
    if opting_in {
        campaign_players::Entity::update_many()
            .col_expr(campaign_players::Column::OptedIn, Expr::value(true))
            .filter(campaign_players::Column::CampaignId.eq(campaign_id))
            .filter(campaign_players::Column::PlayerId.eq(player))
            .exec(engine.db())
            .await?;
    }
    let stored = campaign_players::Entity::find_by_id((campaign_id, player))
        .one(engine.db())
        .await?;
    let (assignment, opted_in) = match stored {
        Some(p) => (
            match p.variant {
                None => Assignment::Holdout,
                Some(i) => Assignment::Variant(usize::try_from(i).unwrap_or(0)),
            },
            p.opted_in,
        ),
        None => (assignment, opting_in),
    };
    Ok((assignment, opted_in))
}

/// Awards what `event` earns the player from every live campaign it
/// matches; answers how many awards were made now.
pub async fn handle(engine: &Engine, event: &Event) -> Result<usize, CampaignError> {
    if trigger_of(event).is_none() {
        return Ok(0);
    }
    let set = Campaigns::new(engine).live().await?;
    if set.campaigns.is_empty() {
        return Ok(0);
    }
    let Some(t) = triggered(engine, event).await? else {
        return Ok(0);
    };
    let Some(country) = player_country(engine.db(), t.player).await? else {
        return Ok(0);
    };
    let mut candidates: Vec<&LiveCampaign> = set
        .index
        .candidates(t.event, &country, t.vertical)
        .map(|&i| &set.campaigns[i])
        .collect();
    if candidates.is_empty() {
        return Ok(0);
    }
    if engine.compliance().is_excluded(t.player).await {
        return Ok(0);
    }
    candidates.sort_by_key(|c| std::cmp::Reverse(c.campaign.priority));
    candidates.dedup_by_key(|c| c.id);
    let first = if candidates
        .iter()
        .any(|c| c.campaign.trigger.conditions.first_only)
    {
        first_of_kind(engine, &t).await?
    } else {
        false
    };
    award_candidates(engine, &t, &country, first, &candidates).await
}

/// Tries each candidate in priority order (see the module rules).
async fn award_candidates(
    engine: &Engine,
    t: &Triggered,
    country: &str,
    first_of_kind: bool,
    candidates: &[&LiveCampaign],
) -> Result<usize, CampaignError> {
    let at = engine.now();
    let mut groups_done: HashSet<String> = HashSet::new();
    let mut awarded = 0;
    for live in candidates {
        let campaign = &live.campaign;
        if let Some(group) = &campaign.exclusive_group
            && groups_done.contains(group)
        {
            continue;
        }
        let amount = match t.amount {
            Some(a) => in_currency(engine, a, campaign.currency, at).await,
            None => None,
        };
        let facts = EventFacts {
            event: t.event,
            country: country.to_owned(),
            vertical: t.vertical,
            category: t.category.clone(),
            game_code: t.game_code.clone(),
            amount,
            odds: t.odds,
            first_of_kind,
        };
        match try_award(engine, live, t, &facts, at).await? {
            Some(Granted::New { .. }) => {
                awarded += 1;
                if let Some(group) = &campaign.exclusive_group {
                    groups_done.insert(group.clone());
                }
            }
            Some(Granted::Already) => {
                if let Some(group) = &campaign.exclusive_group {
                    groups_done.insert(group.clone());
                }
            }
            Some(Granted::Refused(_)) | None => {}
        }
    }
    Ok(awarded)
}

/// Checks one campaign for one event and grants when it qualifies; `None`
/// when a check failed before the grant.
async fn try_award(
    engine: &Engine,
    live: &LiveCampaign,
    t: &Triggered,
    facts: &EventFacts,
    at: DateTime<Utc>,
) -> Result<Option<Granted>, CampaignError> {
    let campaign = &live.campaign;
    if !Campaigns::in_dates(campaign, at) {
        return Ok(None);
    }
    let checks = campaign.check_conditions(facts, |_| false);
    if checks.iter().any(|c| !c.passed) {
        return Ok(None);
    }
    let award_key = format!("campaign:{}:{}:{}", live.id, t.player, t.subject);
    if entity::awards::Entity::find()
        .filter(entity::awards::Column::AwardKey.eq(award_key.as_str()))
        .one(engine.db())
        .await?
        .is_some()
    {
        return Ok(Some(Granted::Already));
    }
    let (assignment, opted_in) = standing(engine, live.id, campaign, t.player, false).await?;
    if campaign.opt_in && !opted_in {
        return Ok(None);
    }
    let Assignment::Variant(index) = assignment else {
        return Ok(None);
    };
    let Some(variant) = campaign.variants.get(index) else {
        return Ok(None);
    };
    if !domain::campaign::rule_violations(&variant.reward, t.event, t.vertical, &facts.country)
        .is_empty()
    {
        return Ok(None);
    }
    let grant = Grant {
        award_key,
        source: Source::Campaign(live.id),
        variant: (!campaign.single_reward).then(|| variant.name.clone()),
        player_id: t.player,
        reward: &variant.reward,
        currency: campaign.currency,
        basis: facts.amount,
        reason: format!("Campaign: {}", campaign.name),
    };
    let guard = CampaignGuard {
        campaign_id: live.id,
        per_player: i32::try_from(campaign.limits.per_player).unwrap_or(i32::MAX),
        budgeted: campaign.limits.budget.is_some(),
    };
    let granted = rewards::grant(engine, &grant, &guard)
        .await
        .map_err(|e| CampaignError::Unexpected(anyhow::anyhow!("{e}")))?;
    Ok(Some(granted))
}

/// Records an opt-in and, for an `opt_in` campaign, awards at once.
pub(crate) async fn opt_in(
    engine: &Engine,
    player: Uuid,
    row: &campaigns::Model,
    campaign: &Campaign,
) -> Result<(), CampaignError> {
    let Some(country) = player_country(engine.db(), player).await? else {
        return Err(CampaignError::NotFound);
    };
    standing(engine, row.id, campaign, player, true).await?;
    if campaign.trigger.event != TriggerEvent::OptIn
        || engine.compliance().is_excluded(player).await
    {
        return Ok(());
    }
    let live = LiveCampaign {
        id: row.id,
        campaign: campaign.clone(),
    };
    let t = Triggered {
        event: TriggerEvent::OptIn,
        player,
        subject: "opt_in".into(),
        amount: None,
        odds: None,
        vertical: None,
        game_code: None,
        category: None,
        at: engine.now(),
        placed_at: None,
    };
    award_candidates(engine, &t, &country, true, &[&live]).await?;
    Ok(())
}
