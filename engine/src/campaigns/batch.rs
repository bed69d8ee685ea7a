//! Group commit of the engagement consumer: the events the bus delivers
//! queue in lanes ([`crate::batching`]) and each lane handles whatever has
//! queued as one batch, so a thousand events a second cost a few
//! transactions a second rather than two thousand.
//!
//! Rules (those of [`crate::rewards`] and [`super::trigger`], kept per
//! award):
//! - Lanes are chosen by player: one player's events are handled in order
//!   by one lane, and two lanes never write one player's rows.
//! - A batch first judges its events with reads only, each per-player fact
//!   (country, exclusion, standing, wallet currency) read once, and drops
//!   the award keys already granted (a replay, or two replicas).
//! - An event that earns an award which moves money (cash, cashback, bonus
//!   money: it holds the player's wallet chain) is handled alone, as the
//!   single path handles it. The others' awards (free bets, free spins,
//!   coins, points) and the events' campaign turnover are written in ONE
//!   transaction: the exclusions are re-read in it (an excluded player's
//!   awards are refused), every award row is inserted complete under its
//!   unique key, and last the guards: one guarded update of each standing
//!   row (`awards + n <= per_player`) and of each budgeted campaign row
//!   (`spent + faces <= budget`, still live); an unbudgeted campaign must
//!   still be live.
//! - A batch judges limits and budgets before it writes, so a refusal in
//!   the transaction only comes from a race (another replica, a pause);
//!   any refusal or failure rolls the whole batch back and every event
//!   then runs alone ([`crate::batching`]), where each is answered as the
//!   single path answers it.
//! - Nothing is visible before the commit: a crash loses nothing (the
//!   outbox replays the events) and a replay is a no-op (award keys,
//!   `processed_events`).
//! - Bonus wagering (settled bets, casino rounds) runs per event after the
//!   commit, through the bonuses' own idempotent path.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::events::{BonusChanged, EventData, Topic};
use domain::money::Money;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use super::trigger::{self, Cache, Planned, Triggered};
use super::{Campaigns, LiveCampaign, LiveSet};
use crate::Engine;
use crate::batching::Batched;
use crate::events::{Event, Pending};
use crate::loyalty::ledger::{self as points_ledger, Change, LedgerChangeError};
use crate::rewards::{self, Resolved};
use entity::{campaign_players, campaigns, processed_events};

/// Lanes of the consumer's batcher.
pub const LANES: usize = 2;

/// One event queued for the consumer.
pub(crate) struct Job {
    /// The event.
    pub(crate) event: Arc<Event>,
    key: String,
    shard: usize,
}

impl Job {
    pub(crate) fn new(event: Arc<Event>) -> Self {
        let shard = trigger::player_of(&event).map_or(0, |p| p.as_u128() as usize);
        Self {
            key: event.id.to_string(),
            event,
            shard,
        }
    }
}

/// The consumer's events as batched commands: the answer is whether the
/// event was handled (a failed one is left to the sweep).
pub(crate) struct EngagementBatch;

impl Batched for EngagementBatch {
    type Command = Job;
    type Answer = bool;
    type Error = anyhow::Error;
    const NAME: &'static str = "engagement events";

    fn shard(job: &Job) -> usize {
        job.shard
    }

    fn idempotency_key(job: &Job) -> Option<(&str, &str)> {
        Some(("engagement", &job.key))
    }

    async fn run_batch<'a>(engine: &'a Engine, jobs: &'a [&'a Job]) -> anyhow::Result<Vec<bool>> {
        run(engine, jobs).await
    }

    async fn run_alone<'a>(engine: &'a Engine, job: &'a Job) -> bool {
        super::consumer::handle_logged(engine, &job.event).await
    }

    fn stopped() -> bool {
        false
    }
}

/// One award the batch grants.
struct Award<'a> {
    planned: Planned<'a>,
    resolved: Resolved,
}

/// A placed bet's or played round's stake for the campaigns' turnover.
struct Turnover {
    event_id: Uuid,
    player: Uuid,
    amount: Money,
    at: DateTime<Utc>,
}

/// What the batch writes.
#[derive(Default)]
struct Work<'a> {
    awards: Vec<Award<'a>>,
    turnover: Vec<Turnover>,
    /// Jobs whose bonus wagering runs after the commit.
    wagering: Vec<usize>,
}

/// Handles `jobs` as one batch (see the module rules).
async fn run(engine: &Engine, jobs: &[&Job]) -> anyhow::Result<Vec<bool>> {
    let set = Campaigns::new(engine).live().await?;
    let at = engine.now();
    let mut cache = Cache::default();
    let mut answers = vec![true; jobs.len()];
    let mut work = Work::default();
    let mut judged = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        if let Some(e) = trigger::evaluate(engine, &set, &job.event, &mut cache).await? {
            judged.push((i, judge(engine, e, at).await?));
        }
    }
    let granted = granted_before(engine, &judged).await?;
    let mut reserved = Reserved::default();
    let mut alone: HashSet<usize> = HashSet::new();
    for (i, (t, candidates)) in &judged {
        let plan = plan(
            engine,
            t,
            candidates,
            &granted,
            &mut cache,
            &mut reserved,
            at,
        )
        .await?;
        match plan {
            Some(awards) => work.awards.extend(awards),
            None => {
                alone.insert(*i);
            }
        }
    }
    for (i, job) in jobs.iter().enumerate() {
        if alone.contains(&i) {
            answers[i] = super::consumer::handle_logged(engine, &job.event).await;
            continue;
        }
        work.wagering.push(i);
        if let Some(t) = turnover_of(engine, &set, &job.event).await? {
            work.turnover.push(t);
        }
    }
    write(engine, &set, work.awards, work.turnover, at).await?;
    for i in work.wagering {
        if let Err(e) = super::consumer::wagering(engine, &jobs[i].event).await {
            tracing::warn!(event = %jobs[i].event.id, error = %format!("{e:#}"),
                "bonus wagering failed; the next sweep retries it");
            answers[i] = false;
        }
    }
    Ok(answers)
}

/// An event's candidates that its dates and conditions let through, with
/// the award key each would grant under.
type Candidates<'a> = Vec<(&'a LiveCampaign, domain::campaign::EventFacts, String)>;

async fn judge<'a>(
    engine: &Engine,
    e: trigger::Evaluated<'a>,
    at: DateTime<Utc>,
) -> anyhow::Result<(Triggered, Candidates<'a>)> {
    let mut out = Vec::new();
    for live in e.candidates {
        let facts = trigger::facts_for(
            engine,
            &e.t,
            &e.country,
            e.first_of_kind,
            &live.campaign,
            at,
        )
        .await?;
        if trigger::conditions_hold(&live.campaign, &facts, at) {
            let key = trigger::award_key(live.id, &e.t);
            out.push((live, facts, key));
        }
    }
    Ok((e.t, out))
}

/// The award keys among the judged candidates that were granted before.
async fn granted_before(
    engine: &Engine,
    judged: &[(usize, (Triggered, Candidates<'_>))],
) -> anyhow::Result<HashSet<String>> {
    let keys: Vec<String> = judged
        .iter()
        .flat_map(|(_, (_, c))| c.iter().map(|(_, _, key)| key.clone()))
        .collect();
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    let backend = engine.db().get_database_backend();
    let mut found = HashSet::new();
    for chunk in keys.chunks(1_000) {
        let rows: Vec<String> = entity::awards::Entity::find()
            .select_only()
            .column(entity::awards::Column::AwardKey)
            .filter(crate::db::one_of(
                backend,
                entity::awards::Column::AwardKey,
                chunk.to_vec(),
            ))
            .into_tuple()
            .all(engine.db())
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Awards and face value the batch has planned so far, per standing and
/// per campaign, and the campaigns' spent figures as read.
#[derive(Default)]
struct Reserved {
    per_standing: HashMap<(Uuid, Uuid), i32>,
    per_campaign: HashMap<Uuid, i64>,
    spent: HashMap<Uuid, Option<(i64, i64)>>,
}

impl Reserved {
    fn standing(&self, campaign: Uuid, player: Uuid) -> i32 {
        self.per_standing
            .get(&(campaign, player))
            .copied()
            .unwrap_or(0)
    }

    fn spend(&self, campaign: Uuid) -> i64 {
        self.per_campaign.get(&campaign).copied().unwrap_or(0)
    }

    /// The campaign's (spent, budget) as stored, read once.
    async fn budget(&mut self, engine: &Engine, id: Uuid) -> anyhow::Result<Option<(i64, i64)>> {
        if let Some(found) = self.spent.get(&id) {
            return Ok(*found);
        }
        let found = campaigns::Entity::find_by_id(id)
            .one(engine.db())
            .await?
            .and_then(|c| c.budget_minor.map(|b| (c.spent_minor, b)));
        self.spent.insert(id, found);
        Ok(found)
    }
}

/// The awards one event earns, in the trigger's order (priority,
/// exclusive groups); `None` when one of them moves money and the event
/// is handled alone.
async fn plan<'a>(
    engine: &Engine,
    t: &Triggered,
    candidates: &Candidates<'a>,
    granted: &HashSet<String>,
    cache: &mut Cache,
    reserved: &mut Reserved,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<Vec<Award<'a>>>> {
    let mut groups_done: HashSet<&str> = HashSet::new();
    let mut awards = Vec::new();
    // This event's own reservations, kept only when it stays in the batch.
    let mut mine = Reserved::default();
    for (live, facts, key) in candidates {
        let campaign = &live.campaign;
        if let Some(group) = &campaign.exclusive_group
            && groups_done.contains(group.as_str())
        {
            continue;
        }
        // Granted before: as the single path, the group is done.
        if granted.contains(key) {
            if let Some(group) = &campaign.exclusive_group {
                groups_done.insert(group);
            }
            continue;
        }
        let Some((planned, standing)) =
            trigger::qualify(engine, live, t, facts, key.clone(), cache).await?
        else {
            continue;
        };
        if rewards::moves_money(&planned.variant.reward) {
            return Ok(None);
        }
        let guard = planned.guard();
        let count = reserved.standing(live.id, t.player) + mine.standing(live.id, t.player);
        if standing.awards.saturating_add(count) >= guard.per_player {
            continue;
        }
        let currency = engine.wallet().currency(t.player).await?;
        let Ok(resolved) = rewards::resolve(engine, &planned.grant(), currency, at).await? else {
            continue;
        };
        if guard.budgeted {
            let Some((spent, budget)) = reserved.budget(engine, live.id).await? else {
                continue;
            };
            let planned_spend = reserved.spend(live.id) + mine.spend(live.id);
            if spent + planned_spend + resolved.face.minor() > budget {
                continue;
            }
        }
        *mine.per_standing.entry((live.id, t.player)).or_default() += 1;
        *mine.per_campaign.entry(live.id).or_default() += resolved.face.minor();
        if let Some(group) = &campaign.exclusive_group {
            groups_done.insert(group);
        }
        awards.push(Award { planned, resolved });
    }
    for (k, n) in mine.per_standing {
        *reserved.per_standing.entry(k).or_default() += n;
    }
    for (k, face) in mine.per_campaign {
        *reserved.per_campaign.entry(k).or_default() += face;
    }
    Ok(Some(awards))
}

/// A placed bet's or played round's stake in the reporting currency, when
/// campaigns are live.
async fn turnover_of(
    engine: &Engine,
    set: &LiveSet,
    event: &Event,
) -> anyhow::Result<Option<Turnover>> {
    if set.campaigns.is_empty() {
        return Ok(None);
    }
    let Some((player, stake)) = super::consumer::stake_of(event) else {
        return Ok(None);
    };
    let reporting = engine.config().reporting_currency;
    let Some(amount) = rewards::in_currency(engine, stake, reporting, event.created_at).await?
    else {
        return Ok(None);
    };
    Ok(Some(Turnover {
        event_id: event.id,
        player,
        amount,
        at: event.created_at,
    }))
}

/// The one transaction: awards, turnover, guards.
async fn write(
    engine: &Engine,
    set: &LiveSet,
    mut awards: Vec<Award<'_>>,
    turnover: Vec<Turnover>,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (turnover, standings) = turnover_to_write(engine, set, turnover).await?;
    if awards.is_empty() && turnover.is_empty() {
        return Ok(());
    }
    let txn = crate::db::begin_write(engine.db()).await?;
    let excluded = excluded(&txn, &awards, at).await?;
    awards.retain(|a| !excluded.contains(&a.planned.player));
    let mut events = Pending::new(at);
    grant_all(&txn, &awards, &mut events, at).await?;
    add_turnover(&txn, &turnover, &standings, at).await?;
    guard_all(&txn, &awards, at).await?;
    events.flush(&txn).await?;
    txn.commit().await?;
    engine.events().wake();
    Ok(())
}

/// The players among `awards`' whom a time-out or self-exclusion keeps
/// out now, read in the paying transaction.
async fn excluded(
    txn: &DatabaseTransaction,
    awards: &[Award<'_>],
    at: DateTime<Utc>,
) -> anyhow::Result<HashSet<Uuid>> {
    let players: Vec<Uuid> = awards
        .iter()
        .map(|a| a.planned.player)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if players.is_empty() {
        return Ok(HashSet::new());
    }
    let rows = entity::rg_exclusions::Entity::find()
        .filter(crate::db::one_of(
            txn.get_database_backend(),
            entity::rg_exclusions::Column::PlayerId,
            players,
        ))
        .all(txn)
        .await?;
    let mut by_player: HashMap<Uuid, Vec<domain::compliance::Exclusion>> = HashMap::new();
    for row in &rows {
        if let Some(e) = crate::compliance::exclusion_of(row) {
            by_player.entry(row.player_id).or_default().push(e);
        }
    }
    Ok(by_player
        .into_iter()
        .filter(|(_, all)| domain::compliance::is_excluded(all, at))
        .map(|(player, _)| player)
        .collect())
}

/// Writes every award: its points or coins (one post for the batch), its
/// bonus row, its award row (complete, under its unique key) and its
/// events.
async fn grant_all(
    txn: &DatabaseTransaction,
    awards: &[Award<'_>],
    events: &mut Pending,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let grants: Vec<_> = awards.iter().map(|a| a.planned.grant()).collect();
    let mut prepared = Vec::with_capacity(awards.len());
    for (award, grant) in awards.iter().zip(&grants) {
        let award_id = Uuid::now_v7();
        let Some(in_kind) = rewards::in_kind(grant, &award.resolved, award_id, at)? else {
            anyhow::bail!("an award that moves money reached the batch");
        };
        prepared.push((award_id, in_kind));
    }
    let changes: Vec<Change<'_>> = prepared
        .iter()
        .zip(&grants)
        .filter_map(|((_, (_, points)), grant)| {
            points.map(|(unit, delta)| Change {
                player_id: grant.player_id,
                unit,
                delta,
                reason: &grant.reason,
                reference: Some(&grant.award_key),
                author: None,
            })
        })
        .collect();
    let mut after = match points_ledger::post_all(txn, &changes, at).await {
        Ok(after) => after.into_iter(),
        Err(LedgerChangeError::Db(e)) => return Err(e.into()),
        Err(e) => anyhow::bail!("points and coins: {e}"),
    };
    // Coins' and points' bonus rows hold no money (their amount is zero)
    // and go in together; a free bet's or free spins' row takes its amount
    // from its terms as it is inserted.
    let mut together = Vec::new();
    let mut rows = Vec::with_capacity(prepared.len());
    for ((award_id, (bonus, points)), (award, grant)) in
        prepared.into_iter().zip(awards.iter().zip(&grants))
    {
        let bonus = match points {
            Some((unit, delta)) => {
                let now = after
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("a points entry is missing"))?;
                events.push(
                    Topic::Player(grant.player_id),
                    rewards::loyalty_changed(grant, unit, delta, now),
                );
                together.push(sea_orm::ActiveModelTrait::reset_all(
                    entity::bonuses::ActiveModel::from(bonus.clone()),
                ));
                bonus
            }
            None => crate::bonuses::insert(txn, bonus).await?,
        };
        rows.push(rewards::award_row(
            grant,
            award_id,
            award.resolved.face,
            None,
            bonus.id,
            at,
        )?);
        events.push(
            Topic::Player(grant.player_id),
            EventData::BonusAwarded(BonusChanged {
                player_id: grant.player_id,
                bonus: Box::new(crate::bonuses::view(&bonus)),
            }),
        );
    }
    crate::db::insert_all(txn, together).await?;
    crate::db::insert_all(txn, rows).await?;
    Ok(())
}

/// A standing in a live campaign of a player whose play the batch counts.
type Standing = (Uuid, Uuid, DateTime<Utc>);

/// The turnover to add (events not counted before, of players with a
/// standing in a live campaign) and those standings.
async fn turnover_to_write(
    engine: &Engine,
    set: &LiveSet,
    turnover: Vec<Turnover>,
) -> anyhow::Result<(Vec<Turnover>, Vec<Standing>)> {
    if turnover.is_empty() {
        return Ok((turnover, Vec::new()));
    }
    let backend = engine.db().get_database_backend();
    let players: Vec<Uuid> = turnover
        .iter()
        .map(|t| t.player)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let ids: Vec<Uuid> = set.campaigns.iter().map(|c| c.id).collect();
    let standings: Vec<Standing> = campaign_players::Entity::find()
        .select_only()
        .column(campaign_players::Column::CampaignId)
        .column(campaign_players::Column::PlayerId)
        .column(campaign_players::Column::AssignedAt)
        .filter(crate::db::one_of(
            backend,
            campaign_players::Column::PlayerId,
            players,
        ))
        .filter(crate::db::one_of(
            backend,
            campaign_players::Column::CampaignId,
            ids,
        ))
        .into_tuple()
        .all(engine.db())
        .await?;
    let standing: HashSet<Uuid> = standings.iter().map(|s| s.1).collect();
    let events: Vec<Uuid> = turnover.iter().map(|t| t.event_id).collect();
    let counted: HashSet<Uuid> = processed_events::Entity::find()
        .select_only()
        .column(processed_events::Column::EventId)
        .filter(processed_events::Column::Consumer.eq(TURNOVER))
        .filter(crate::db::one_of(
            backend,
            processed_events::Column::EventId,
            events,
        ))
        .into_tuple::<Uuid>()
        .all(engine.db())
        .await?
        .into_iter()
        .collect();
    let turnover = turnover
        .into_iter()
        .filter(|t| standing.contains(&t.player) && !counted.contains(&t.event_id))
        .collect();
    Ok((turnover, standings))
}

/// The `processed_events` consumer of the turnover.
pub(crate) const TURNOVER: &str = "campaign.turnover";

/// Marks the events counted and adds to each standing the stakes of the
/// player's events since its assignment: one update per standing.
async fn add_turnover(
    txn: &DatabaseTransaction,
    turnover: &[Turnover],
    standings: &[Standing],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    if turnover.is_empty() {
        return Ok(());
    }
    let marks: Vec<processed_events::ActiveModel> = turnover
        .iter()
        .map(|t| processed_events::ActiveModel {
            consumer: Set(TURNOVER.to_owned()),
            event_id: Set(t.event_id),
            processed_at: Set(at),
        })
        .collect();
    crate::db::insert_all(txn, marks).await?;
    let mut by_player: HashMap<Uuid, Vec<&Turnover>> = HashMap::new();
    for t in turnover {
        by_player.entry(t.player).or_default().push(t);
    }
    let mut sorted: Vec<&Standing> = standings.iter().collect();
    sorted.sort();
    for &(campaign, player, assigned_at) in sorted {
        let minor: i64 = by_player
            .get(&player)
            .into_iter()
            .flatten()
            .filter(|t| assigned_at <= t.at)
            .map(|t| t.amount.minor())
            .sum();
        if minor == 0 {
            continue;
        }
        campaign_players::Entity::update_many()
            .col_expr(
                campaign_players::Column::TurnoverMinor,
                Expr::col(campaign_players::Column::TurnoverMinor).add(minor),
            )
            .col_expr(campaign_players::Column::Converted, Expr::value(true))
            .filter(campaign_players::Column::CampaignId.eq(campaign))
            .filter(campaign_players::Column::PlayerId.eq(player))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The guards of every award, last: each standing's count and each
/// budgeted campaign's spend in one guarded update; unbudgeted campaigns
/// must still be live. Any refusal fails the batch.
async fn guard_all(
    txn: &DatabaseTransaction,
    awards: &[Award<'_>],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut per_standing: BTreeMap<(Uuid, Uuid), (i32, i32)> = BTreeMap::new();
    let mut budgeted: BTreeMap<Uuid, (i64, i32)> = BTreeMap::new();
    let mut unbudgeted: HashSet<Uuid> = HashSet::new();
    for award in awards {
        let guard = award.planned.guard();
        let entry = per_standing
            .entry((guard.campaign_id, award.planned.player))
            .or_insert((0, guard.per_player));
        entry.0 += 1;
        if guard.budgeted {
            let entry = budgeted.entry(guard.campaign_id).or_default();
            entry.0 += award.resolved.face.minor();
            entry.1 += 1;
        } else {
            unbudgeted.insert(guard.campaign_id);
        }
    }
    for ((campaign, player), (n, per_player)) in per_standing {
        let counted = campaign_players::Entity::update_many()
            .col_expr(
                campaign_players::Column::Awards,
                Expr::col(campaign_players::Column::Awards).add(n),
            )
            .filter(campaign_players::Column::CampaignId.eq(campaign))
            .filter(campaign_players::Column::PlayerId.eq(player))
            .filter(
                Expr::col(campaign_players::Column::Awards)
                    .add(n)
                    .lte(per_player),
            )
            .exec(txn)
            .await?;
        if counted.rows_affected != 1 {
            anyhow::bail!("campaign {campaign}: player {player} is over the per-player limit");
        }
    }
    if !unbudgeted.is_empty() {
        let live = campaigns::Entity::find()
            .select_only()
            .column(campaigns::Column::Id)
            .filter(campaigns::Column::Id.is_in(unbudgeted.iter().copied()))
            .filter(
                campaigns::Column::Status.eq(domain::api::engagement::CampaignStatus::Live.code()),
            )
            .into_tuple::<Uuid>()
            .all(txn)
            .await?;
        if live.len() != unbudgeted.len() {
            anyhow::bail!("a campaign of the batch is no longer live");
        }
    }
    // In id order, so two lanes reserving on the same campaigns queue
    // rather than deadlock.
    for (campaign, (face, n)) in budgeted {
        let reserved = campaigns::Entity::update_many()
            .col_expr(
                campaigns::Column::SpentMinor,
                Expr::col(campaigns::Column::SpentMinor).add(face),
            )
            .col_expr(
                campaigns::Column::Awards,
                Expr::col(campaigns::Column::Awards).add(n),
            )
            .col_expr(campaigns::Column::UpdatedAt, Expr::value(at))
            .filter(campaigns::Column::Id.eq(campaign))
            .filter(
                campaigns::Column::Status.eq(domain::api::engagement::CampaignStatus::Live.code()),
            )
            .filter(
                Expr::col(campaigns::Column::SpentMinor)
                    .add(face)
                    .lte(Expr::col(campaigns::Column::BudgetMinor)),
            )
            .exec(txn)
            .await?;
        if reserved.rows_affected != 1 {
            anyhow::bail!("campaign {campaign}: the budget is spent or it is not live");
        }
    }
    Ok(())
}
