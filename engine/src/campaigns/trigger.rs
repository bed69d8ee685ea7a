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

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use domain::api::engagement::CampaignStatus;
use domain::betting::Odds;
use domain::campaign::{Assignment, Campaign, EventFacts, TriggerEvent, Vertical};
use domain::events::EventData;
use domain::money::{Currency, Money};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{CampaignError, Campaigns, LiveCampaign, LiveSet};
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

/// The player an engagement event is about (without the database).
pub(crate) fn player_of(event: &Event) -> Option<Uuid> {
    Some(match &event.data {
        EventData::PlayerRegistered(p) => p.player_id,
        EventData::LoggedIn(l) => l.user_id,
        EventData::DepositCompleted(d) => d.player_id,
        EventData::BetPlaced(b) => b.player_id,
        EventData::BetSettled(b) => b.player_id,
        EventData::RoundCompleted(r) => r.player_id,
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

/// Standings read while handling events, by (campaign, player).
pub(crate) type Standings = HashMap<(Uuid, Uuid), campaign_players::Model>;

/// The player's standing row in a campaign, assigning a variant (or the
/// holdout) on first contact; read once (a stored row first, the insert
/// only when there is none).
pub(crate) async fn standing_row(
    engine: &Engine,
    campaign_id: Uuid,
    campaign: &Campaign,
    player: Uuid,
    opting_in: bool,
) -> Result<campaign_players::Model, DbErr> {
    if !opting_in
        && let Some(row) = campaign_players::Entity::find_by_id((campaign_id, player))
            .one(engine.db())
            .await?
    {
        return Ok(row);
    }
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
    let row = campaign_players::Model {
        campaign_id,
        player_id: player,
        variant,
        opted_in: opting_in,
        awards: 0,
        turnover_minor: 0,
        converted: false,
        assigned_at: engine.now(),
    };
    let active: campaign_players::ActiveModel = row.clone().into();
    campaign_players::Entity::insert(active)
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
    Ok(campaign_players::Entity::find_by_id((campaign_id, player))
        .one(engine.db())
        .await?
        .unwrap_or(row))
}

/// The assignment a standing row records.
pub(crate) fn assignment_of(row: &campaign_players::Model) -> Assignment {
    match row.variant {
        None => Assignment::Holdout,
        Some(i) => Assignment::Variant(usize::try_from(i).unwrap_or(0)),
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
    let row = standing_row(engine, campaign_id, campaign, player, opting_in).await?;
    Ok((assignment_of(&row), row.opted_in))
}

/// Per-player facts read while handling events (a batch reads each once:
/// they cannot change within it in a way that matters, and the grant
/// re-checks exclusions and limits in its own transaction).
#[derive(Default)]
pub(crate) struct Cache {
    countries: HashMap<Uuid, Option<String>>,
    excluded: HashMap<Uuid, bool>,
    /// Standing rows by (campaign, player).
    pub(crate) standings: Standings,
}

impl Cache {
    async fn country(&mut self, engine: &Engine, player: Uuid) -> Result<Option<String>, DbErr> {
        if let Some(found) = self.countries.get(&player) {
            return Ok(found.clone());
        }
        let found = player_country(engine.db(), player).await?;
        self.countries.insert(player, found.clone());
        Ok(found)
    }

    async fn excluded(&mut self, engine: &Engine, player: Uuid) -> bool {
        if let Some(found) = self.excluded.get(&player) {
            return *found;
        }
        let found = engine.compliance().is_excluded(player).await;
        self.excluded.insert(player, found);
        found
    }

    /// The standing row, read (or assigned) once.
    pub(crate) async fn standing(
        &mut self,
        engine: &Engine,
        live: &LiveCampaign,
        player: Uuid,
    ) -> Result<campaign_players::Model, DbErr> {
        if let Some(found) = self.standings.get(&(live.id, player)) {
            return Ok(found.clone());
        }
        let row = standing_row(engine, live.id, &live.campaign, player, false).await?;
        self.standings.insert((live.id, player), row.clone());
        Ok(row)
    }
}

/// An event judged against the live campaigns: its facts and the
/// campaigns it can match, highest priority first.
pub(crate) struct Evaluated<'a> {
    /// The facts.
    pub(crate) t: Triggered,
    /// The player's country.
    pub(crate) country: String,
    /// Whether it is the player's first of its kind.
    pub(crate) first_of_kind: bool,
    /// The candidates, highest priority first.
    pub(crate) candidates: Vec<&'a LiveCampaign>,
}

/// Judges `event` against `set`: `None` when it can award nothing (not a
/// trigger, no candidate, an excluded player).
pub(crate) async fn evaluate<'a>(
    engine: &Engine,
    set: &'a LiveSet,
    event: &Event,
    cache: &mut Cache,
) -> Result<Option<Evaluated<'a>>, CampaignError> {
    if trigger_of(event).is_none() || set.campaigns.is_empty() {
        return Ok(None);
    }
    let Some(t) = triggered(engine, event).await? else {
        return Ok(None);
    };
    let Some(country) = cache.country(engine, t.player).await? else {
        return Ok(None);
    };
    let mut candidates: Vec<&LiveCampaign> = set
        .index
        .candidates(t.event, &country, t.vertical)
        .map(|&i| &set.campaigns[i])
        .collect();
    if candidates.is_empty() || cache.excluded(engine, t.player).await {
        return Ok(None);
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
    Ok(Some(Evaluated {
        t,
        country,
        first_of_kind: first,
        candidates,
    }))
}

/// Awards what `event` earns the player from every live campaign it
/// matches; answers how many awards were made now.
pub async fn handle(engine: &Engine, event: &Event) -> Result<usize, CampaignError> {
    let set = Campaigns::new(engine).live().await?;
    let mut cache = Cache::default();
    let Some(e) = evaluate(engine, &set, event, &mut cache).await? else {
        return Ok(0);
    };
    award_candidates(
        engine,
        &e.t,
        &e.country,
        e.first_of_kind,
        &e.candidates,
        &mut cache,
    )
    .await
}

/// The facts one campaign judges the event by (the amount in the
/// campaign's currency; `None` without a rate).
pub(crate) async fn facts_for(
    engine: &Engine,
    t: &Triggered,
    country: &str,
    first_of_kind: bool,
    campaign: &Campaign,
    at: DateTime<Utc>,
) -> Result<EventFacts, CampaignError> {
    let amount = match t.amount {
        Some(a) => rewards::in_currency(engine, a, campaign.currency, at)
            .await
            .map_err(|e| CampaignError::Unexpected(anyhow::anyhow!("{e}")))?,
        None => None,
    };
    Ok(EventFacts {
        event: t.event,
        country: country.to_owned(),
        vertical: t.vertical,
        category: t.category.clone(),
        game_code: t.game_code.clone(),
        amount,
        odds: t.odds,
        first_of_kind,
    })
}

/// Tries each candidate in priority order (see the module rules).
async fn award_candidates(
    engine: &Engine,
    t: &Triggered,
    country: &str,
    first_of_kind: bool,
    candidates: &[&LiveCampaign],
    cache: &mut Cache,
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
        let facts = facts_for(engine, t, country, first_of_kind, campaign, at).await?;
        match try_award(engine, live, t, &facts, at, cache).await? {
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

/// The campaign's dates and conditions hold for the event.
pub(crate) fn conditions_hold(campaign: &Campaign, facts: &EventFacts, at: DateTime<Utc>) -> bool {
    Campaigns::in_dates(campaign, at)
        && campaign
            .check_conditions(facts, |_| false)
            .iter()
            .all(|c| c.passed)
}

/// The award key of a campaign's award for a triggering thing.
pub(crate) fn award_key(campaign: Uuid, t: &Triggered) -> String {
    format!("campaign:{}:{}:{}", campaign, t.player, t.subject)
}

/// One award an event qualifies for: checked, not yet granted.
pub(crate) struct Planned<'a> {
    /// The campaign.
    pub(crate) live: &'a LiveCampaign,
    /// The player's variant.
    pub(crate) variant: &'a domain::campaign::Variant,
    /// The award key.
    pub(crate) award_key: String,
    /// The player.
    pub(crate) player: Uuid,
    /// The event's amount in the campaign's currency.
    pub(crate) basis: Option<Money>,
}

impl<'a> Planned<'a> {
    /// The grant to make.
    pub(crate) fn grant(&self) -> Grant<'a> {
        let campaign = &self.live.campaign;
        Grant {
            award_key: self.award_key.clone(),
            source: Source::Campaign(self.live.id),
            variant: (!campaign.single_reward).then(|| self.variant.name.clone()),
            player_id: self.player,
            reward: &self.variant.reward,
            currency: campaign.currency,
            basis: self.basis,
            reason: format!("Campaign: {}", campaign.name),
        }
    }

    /// Its guard.
    pub(crate) fn guard(&self) -> CampaignGuard {
        let limits = &self.live.campaign.limits;
        CampaignGuard {
            campaign_id: self.live.id,
            per_player: i32::try_from(limits.per_player).unwrap_or(i32::MAX),
            budgeted: limits.budget.is_some(),
        }
    }
}

/// The player's side of the checks (standing, opt-in, variant, the
/// jurisdiction's rules for the reward); `None` when one fails.
pub(crate) async fn qualify<'a>(
    engine: &Engine,
    live: &'a LiveCampaign,
    t: &Triggered,
    facts: &EventFacts,
    award_key: String,
    cache: &mut Cache,
) -> Result<Option<(Planned<'a>, campaign_players::Model)>, CampaignError> {
    let campaign = &live.campaign;
    let standing = cache.standing(engine, live, t.player).await?;
    if campaign.opt_in && !standing.opted_in {
        return Ok(None);
    }
    let Assignment::Variant(index) = assignment_of(&standing) else {
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
    let planned = Planned {
        live,
        variant,
        award_key,
        player: t.player,
        basis: facts.amount,
    };
    Ok(Some((planned, standing)))
}

/// Checks one campaign for one event and grants when it qualifies; `None`
/// when a check failed before the grant.
async fn try_award(
    engine: &Engine,
    live: &LiveCampaign,
    t: &Triggered,
    facts: &EventFacts,
    at: DateTime<Utc>,
    cache: &mut Cache,
) -> Result<Option<Granted>, CampaignError> {
    if !conditions_hold(&live.campaign, facts, at) {
        return Ok(None);
    }
    let key = award_key(live.id, t);
    if entity::awards::Entity::find()
        .filter(entity::awards::Column::AwardKey.eq(key.as_str()))
        .one(engine.db())
        .await?
        .is_some()
    {
        return Ok(Some(Granted::Already));
    }
    let Some((planned, _)) = qualify(engine, live, t, facts, key, cache).await? else {
        return Ok(None);
    };
    let granted = rewards::grant(engine, &planned.grant(), &planned.guard())
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
    award_candidates(engine, &t, &country, true, &[&live], &mut Cache::default()).await?;
    Ok(())
}
