//! Bet placement, in one database transaction under the player's chain
//! lock: the idempotency key, every leg's market open and event not started
//! (unless in-play, after its bet delay), no related legs, the odds-change
//! policy, stake and liability limits, the wallet reserve (cash first, then
//! bonus money → reserved, from the balances the batch reads under the
//! lock; rules in `crate::bonuses`), the bonus rows a bonus part comes
//! from, the responsible-gaming record, the bet and its legs, the
//! exposure it adds, and `bet.placed` in the outbox. The
//! responsible-gaming check (exclusions, wager and loss limits) runs just
//! before, as for casino rounds.
//!
//! Placements in flight together share that transaction
//! ([`crate::batching`], lanes by the player's house shard): one batch locks
//! every player's chain, looks every idempotency key up and reads the
//! catalog, teaser tables, exposures and balances once, decides each bet in
//! arrival order against what the earlier ones left (their balances, the
//! exposure they added, the markets they suspended; a refused bet changes
//! nothing and does not disturb the others), then writes every accepted
//! bet's ledger transaction, bet, legs, responsible-gaming record,
//! exposure, events and stored answer together. Each bet keeps its own
//! ledger transaction, answer, events and idempotency record; a lone bet
//! is a batch of one.
//!
//! Deciding and accepting each bet of a batch lives in `decide`.
//!
//! A free bet ([`Sportsbook::place_free_bet`], rules in
//! `crate::bonuses::free_play`) is a batch of one of its own, never batched
//! with others: after its bet is decided, its minimum odds are checked, its
//! token turns `used` (guarded) and the house pays its stake, all in the
//! placement's transaction (which any refusal rolls back).

mod decide;

use decide::{accept, decide};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::betting::{BetKind, Line, Odds, OddsChangePolicy, line_count};
use domain::money::Money;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::book_exposure::{Exposure, ExposureDelta};
use super::{Bet, CatalogEntry, MarketStatus, Sportsbook, SportsbookError};
use crate::batching::Batched;
use crate::wallet::store::{self, Draft, PlayerAccounts, with_retry};
use crate::wallet::{Idempotency, Recorded};
use crate::{Engine, Principal, Role};
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_events as events,
    sportsbook_markets as markets, sportsbook_selections as selections,
    sportsbook_teaser_tables as teaser_tables,
};

/// One leg as the player asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegRequest {
    /// The selection.
    pub selection_id: Uuid,
    /// The odds the player saw; required except for teaser legs.
    pub odds: Option<Odds>,
}

/// A bet as the player asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetRequest {
    /// Kind (and system type).
    pub kind: BetKind,
    /// Teaser points (teasers only).
    pub teaser_points: Option<Decimal>,
    /// Stake per line, in the wallet's currency.
    pub unit_stake: Money,
    /// The legs, in order.
    pub legs: Vec<LegRequest>,
    /// What to do when the odds moved.
    pub odds_change: OddsChangePolicy,
}

/// What one placement attempt came to.
pub(crate) enum Placed {
    /// Placed (or replayed).
    Done(Box<Recorded<Bet>>),
    /// An in-play leg: wait this long, then check everything again.
    WaitFirst(Duration),
}

type Answer = Result<Placed, SportsbookError>;

/// A placement checked outside the transaction (role, shape, stake), ready
/// to run in a batch (which checks responsible gaming first).
#[derive(Debug, Clone)]
pub(crate) struct PlaceJob {
    principal: Principal,
    accounts: PlayerAccounts,
    request: BetRequest,
    lines: usize,
    total_stake: Money,
    idem: Option<Idempotency>,
    /// The in-play bet delay has been waited already.
    waited: bool,
    /// The free bet paying the stake (such a job runs alone).
    free_bet: Option<crate::bonuses::free_play::FreeBetToken>,
}

/// Bet placements, batched.
pub(crate) struct Placements;

impl Batched for Placements {
    type Command = PlaceJob;
    type Answer = Answer;
    type Error = SportsbookError;
    const NAME: &'static str = "bet placement";

    fn shard(job: &PlaceJob) -> usize {
        usize::try_from(crate::wallet::store::house_shard(job.accounts.player_id)).unwrap_or(0)
    }

    fn idempotency_key(job: &PlaceJob) -> Option<(&str, &str)> {
        job.idem.as_ref().map(Idempotency::scoped_key)
    }

    async fn run_batch<'a>(
        engine: &'a Engine,
        jobs: &'a [&'a PlaceJob],
    ) -> Result<Vec<Answer>, SportsbookError> {
        with_retry!(place_many(engine, jobs))
    }

    async fn run_alone<'a>(engine: &'a Engine, job: &'a PlaceJob) -> Answer {
        place_alone(engine, job).await
    }

    fn stopped() -> Answer {
        Err(SportsbookError::Unexpected(anyhow::anyhow!(
            "the sportsbook stopped while the bet was in flight"
        )))
    }
}

/// A leg resolved against the catalog.
struct Resolved {
    selection: selections::Model,
    market: markets::Model,
    event: events::Model,
    odds: Option<Odds>,
    teased_line: Option<Line>,
}

fn decimal_of(money: Money) -> Decimal {
    money.to_decimal()
}

impl Sportsbook<'_> {
    /// Places a bet for the calling player (see the module docs). With an
    /// idempotency key a repeat of the same request returns the first bet
    /// (`replayed`) and changes nothing; a different request under the key
    /// is `Wallet(IdempotencyKeyReused)`.
    pub async fn place_bet(
        &self,
        principal: &Principal,
        request: &BetRequest,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<Bet>, SportsbookError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| SportsbookError::Forbidden)?;
        let lines = checked_lines(request)?;
        let wallet = self.engine.wallet();
        let accounts = wallet.accounts(principal.user_id).await?;
        if request.unit_stake.currency() != accounts.currency || !request.unit_stake.is_positive() {
            return Err(SportsbookError::validation(
                "unit_stake",
                "The stake must be greater than zero, in the wallet's currency.",
            ));
        }
        let lines_i64 = i64::try_from(lines).map_err(anyhow::Error::from)?;
        let total_stake = request
            .unit_stake
            .checked_mul(lines_i64)
            .map_err(|_| SportsbookError::validation("unit_stake", "The stake is too large."))?;
        // In-play bets wait for the longest bet delay of their events
        // first; the checks then run again against the odds and status of
        // that moment.
        let job = PlaceJob {
            principal: principal.clone(),
            accounts,
            request: request.clone(),
            lines,
            total_stake,
            idem: idem.cloned(),
            waited: false,
            free_bet: None,
        };
        self.run_job(job).await
    }

    /// Places a bet staked with the caller's free bet `free_bet_id` (a
    /// single or an accumulator; rules in `crate::bonuses::free_play`):
    /// the request's `unit_stake` is ignored, the stake is the free bet's
    /// amount, paid by the house. `FreeBetNotEligible` when the token is
    /// not the caller's, not active, expired, or the (combined) odds are
    /// below its minimum. Idempotent as [`Self::place_bet`].
    pub async fn place_free_bet(
        &self,
        principal: &Principal,
        request: &BetRequest,
        free_bet_id: Uuid,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<Bet>, SportsbookError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| SportsbookError::Forbidden)?;
        if !matches!(request.kind, BetKind::Single | BetKind::Accumulator) {
            return Err(SportsbookError::validation(
                "kind",
                "A free bet is a single or an accumulator.",
            ));
        }
        let lines = checked_lines(request)?;
        let accounts = self
            .engine
            .wallet()
            .free_bet_accounts(principal.user_id)
            .await?;
        let token = crate::bonuses::free_play::free_bet_token(
            self.engine.db(),
            principal.user_id,
            free_bet_id,
            accounts.currency,
            self.engine.now(),
        )
        .await?
        .ok_or(SportsbookError::FreeBetNotEligible)?;
        let mut request = request.clone();
        request.unit_stake = token.stake;
        let job = PlaceJob {
            principal: principal.clone(),
            accounts,
            request,
            lines,
            total_stake: token.stake,
            idem: idem.cloned(),
            waited: false,
            free_bet: Some(token),
        };
        self.run_job(job).await
    }

    /// Runs a placement (a free bet alone, any other through the batches),
    /// waiting out an in-play bet delay first.
    async fn run_job(&self, mut job: PlaceJob) -> Result<Recorded<Bet>, SportsbookError> {
        loop {
            let answer = if job.free_bet.is_some() {
                place_alone(self.engine, &job).await
            } else {
                match self.engine.placing().submit(job.clone()).await {
                    Some(answer) => answer,
                    None => place_alone(self.engine, &job).await,
                }
            };
            match answer? {
                Placed::Done(recorded) => return Ok(*recorded),
                Placed::WaitFirst(delay) => {
                    tokio::time::sleep(delay).await;
                    job.waited = true;
                }
            }
        }
    }
}

/// The bet's shape checked (legs for its kind, teaser points for teasers
/// only, odds on every other leg, no selection twice): its line count.
fn checked_lines(request: &BetRequest) -> Result<usize, SportsbookError> {
    let n = request.legs.len();
    request
        .kind
        .validate_legs(n)
        .map_err(|e| SportsbookError::bet("legs", e))?;
    let lines = line_count(request.kind, n).map_err(|e| SportsbookError::bet("legs", e))?;
    let is_teaser = request.kind == BetKind::Teaser;
    if is_teaser != request.teaser_points.is_some() {
        return Err(SportsbookError::validation(
            "teaser_points",
            "Teasers, and only teasers, take teaser points.",
        ));
    }
    if !is_teaser && request.legs.iter().any(|l| l.odds.is_none()) {
        return Err(SportsbookError::validation(
            "legs.odds",
            "Every leg needs the odds you accept.",
        ));
    }
    let mut seen = HashSet::new();
    let dupes: Vec<Uuid> = request
        .legs
        .iter()
        .filter(|l| !seen.insert(l.selection_id))
        .map(|l| l.selection_id)
        .collect();
    if !dupes.is_empty() {
        return Err(SportsbookError::RelatedSelections {
            selection_ids: dupes,
        });
    }
    Ok(lines)
}

/// One placement in a transaction of its own.
async fn place_alone(engine: &Engine, job: &PlaceJob) -> Answer {
    with_retry!(place_many(engine, &[job]))?
        .pop()
        .unwrap_or_else(|| Err(anyhow::anyhow!("a placement without its answer").into()))
}

/// What a batch read before deciding its bets, and what its decisions
/// changed so far.
struct Book {
    catalog: HashMap<Uuid, CatalogEntry>,
    /// Markets an earlier bet of the batch suspended (auto-suspend).
    suspended: HashSet<Uuid>,
    /// Teaser tables by points.
    teasers: HashMap<String, teaser_tables::Model>,
    /// Exposure of the markets with liability limits, by market, with the
    /// earlier bets of the batch added.
    exposure: BTreeMap<Uuid, BTreeMap<(Uuid, String), Exposure>>,
    /// Player account balances, with the earlier bets of the batch applied.
    balance: HashMap<Uuid, i64>,
}

/// A bet decided, before its money moves.
struct Decided {
    resolved: Vec<Resolved>,
    potential_return: Money,
    teaser_prices: Option<String>,
    /// Markets (with their events) this bet's liability suspends.
    suspend: Vec<(Uuid, Uuid)>,
    /// A free bet's stake legs (the house pays); None: the player's cash.
    house_paid: Option<Vec<store::Leg>>,
}

/// What a batch writes for the bets it accepted.
struct Writes {
    players: Vec<PlayerAccounts>,
    drafts: Vec<Draft>,
    bets: Vec<bets::ActiveModel>,
    legs: Vec<legs::ActiveModel>,
    plays: Vec<entity::rg_activity::ActiveModel>,
    staked: Vec<(Uuid, domain::money::Currency)>,
    delta: ExposureDelta,
    suspend: BTreeSet<(Uuid, Uuid)>,
    events: crate::events::Pending,
    stored: Vec<entity::idempotency_keys::ActiveModel>,
    /// Bets staked partly with bonus money: (index in `bets`, player,
    /// bonus part), for the bonus rows to debit.
    bonus_stakes: Vec<(usize, Uuid, i64)>,
}

impl Writes {
    /// Nothing yet; the events pushed are created `at` (the batch's time).
    fn new(at: DateTime<Utc>) -> Self {
        Self {
            players: Vec::new(),
            drafts: Vec::new(),
            bets: Vec::new(),
            legs: Vec::new(),
            plays: Vec::new(),
            staked: Vec::new(),
            delta: ExposureDelta::default(),
            suspend: BTreeSet::new(),
            events: crate::events::Pending::new(at),
            stored: Vec::new(),
            bonus_stakes: Vec::new(),
        }
    }
}

/// Places `jobs` in one transaction, an answer each (see the module docs).
/// `Err` only when the batch as a whole failed before its commit. The
/// steps: [`screen`] outside the locks, lock the players' chains and
/// [`read_book`], [`decide_all`] in arrival order, [`write_accepted`],
/// then [`commit_answers`].
async fn place_many(engine: &Engine, jobs: &[&PlaceJob]) -> Result<Vec<Answer>, SportsbookError> {
    let db = engine.db();
    let now = engine.now();
    let screened = screen(engine, jobs, now).await?;
    let txn = crate::db::begin_write(db).await?;
    let chains: Vec<String> = jobs
        .iter()
        .map(|j| store::player_chain(j.accounts.player_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut heads = store::lock_chains(&txn, &chains, now).await?;
    let Screened {
        replays,
        mut refused,
        catalog,
        teasers,
    } = screened;
    let mut book = read_book(&txn, jobs, catalog, teasers).await?;
    let now = engine.now();
    let (answers, w) =
        decide_all(engine, &txn, jobs, &replays, &mut refused, &mut book, now).await?;
    if w.drafts.is_empty() {
        txn.rollback().await?;
        return Ok(answers);
    }
    write_accepted(&txn, jobs, w, &mut heads, &book, now).await?;
    Ok(commit_answers(engine, txn, answers).await)
}

/// What a batch learns before taking any lock.
struct Screened {
    /// The answers stored under the jobs' keys.
    replays: HashMap<(String, String), entity::idempotency_keys::Model>,
    /// Each job's responsible-gaming refusal (none for a replay).
    refused: Vec<Option<SportsbookError>>,
    catalog: HashMap<Uuid, CatalogEntry>,
    teasers: HashMap<String, teaser_tables::Model>,
}

/// What needs no player's lock, read side by side: responsible gaming
/// (exclusions, session limits and breaks, reality checks, wager and loss
/// limits, as for casino rounds), the answers stored under the jobs' keys
/// (a replay answers as the first time did, whatever changed since), and
/// the catalog and teaser tables. (The lane's batches run one after
/// another, so this batch sees every market its previous one suspended.)
/// A free bet's stake is not the player's: it is checked as no stake
/// (exclusions, breaks and reality checks still refuse it).
async fn screen(
    engine: &Engine,
    jobs: &[&PlaceJob],
    now: DateTime<Utc>,
) -> Result<Screened, SportsbookError> {
    let db = engine.db();
    let plays: Vec<(&Principal, Money)> = jobs
        .iter()
        .map(|j| {
            let stake = match j.free_bet {
                Some(_) => Money::zero(j.total_stake.currency()),
                None => j.total_stake,
            };
            (&j.principal, stake)
        })
        .collect();
    let (replays, checked, (catalog, teasers)) = futures::try_join!(
        async {
            Ok::<_, SportsbookError>(
                crate::wallet::batch::find_keys(db, jobs.iter().filter_map(|j| j.idem.as_ref()))
                    .await?,
            )
        },
        async { Ok(engine.compliance().check_plays(&plays, now).await?) },
        read_catalog(db, jobs),
    )?;
    let refused = jobs
        .iter()
        .zip(checked)
        .map(|(j, checked)| {
            let replay = j
                .idem
                .as_ref()
                .is_some_and(|i| replays.contains_key(&i.scope_key()));
            if replay {
                None
            } else {
                checked.err().map(SportsbookError::from)
            }
        })
        .collect();
    Ok(Screened {
        replays,
        refused,
        catalog,
        teasers,
    })
}

/// Answers each job in arrival order under the locks: its refusal, its
/// replay, or its decision (a free bet's token used first) and, when
/// accepted, everything it writes gathered in the returned [`Writes`].
async fn decide_all(
    engine: &Engine,
    txn: &sea_orm::DatabaseTransaction,
    jobs: &[&PlaceJob],
    replays: &HashMap<(String, String), entity::idempotency_keys::Model>,
    refused: &mut [Option<SportsbookError>],
    book: &mut Book,
    now: DateTime<Utc>,
) -> Result<(Vec<Answer>, Writes), SportsbookError> {
    let mut answers = Vec::with_capacity(jobs.len());
    let mut w = Writes::new(now);
    for (i, job) in jobs.iter().enumerate() {
        if let Some(e) = refused.get_mut(i).and_then(Option::take) {
            answers.push(Err(e));
            continue;
        }
        if let Some(idem) = &job.idem
            && let Some(row) = replays.get(&idem.scope_key())
        {
            answers.push(replayed(row, idem));
            continue;
        }
        let mut decided = match decide(job, book, now) {
            Ok(Ok(decided)) => decided,
            Ok(Err(delay)) => {
                answers.push(Ok(Placed::WaitFirst(delay)));
                continue;
            }
            Err(e) => {
                answers.push(Err(e));
                continue;
            }
        };
        if let Some(token) = &job.free_bet {
            match use_free_bet(engine, txn, job, token, &decided, now).await? {
                Ok(legs) => decided.house_paid = Some(legs),
                Err(e) => {
                    answers.push(Err(e));
                    continue;
                }
            }
        }
        answers.push(accept(job, decided, now, book, &mut w));
    }
    Ok((answers, w))
}

/// The answer stored under a replayed key.
fn replayed(row: &entity::idempotency_keys::Model, idem: &Idempotency) -> Answer {
    store::stored_answer(row.clone(), idem)
        .map_err(SportsbookError::from)
        .and_then(|answer| {
            Ok(Placed::Done(Box::new(Recorded {
                value: serde_json::from_value(answer.body).map_err(anyhow::Error::from)?,
                replayed: true,
            })))
        })
}

/// Writes what the accepted bets gathered: the bonus rows their bonus
/// parts come from, then the ledger rows, bets, legs, events and stored
/// answers (on PostgreSQL in one statement: nothing below reads them), the
/// responsible-gaming records, the exposure and the suspensions.
async fn write_accepted(
    txn: &sea_orm::DatabaseTransaction,
    jobs: &[&PlaceJob],
    mut w: Writes,
    heads: &mut HashMap<String, store::ChainHead>,
    book: &Book,
    now: DateTime<Utc>,
) -> Result<(), SportsbookError> {
    // Only bets staked partly with bonus money touch the bonus rows.
    for (i, player, minor) in std::mem::take(&mut w.bonus_stakes) {
        let first = crate::bonuses::debit(txn, player, minor, now).await?;
        if let Some(bet) = w.bets.get_mut(i) {
            bet.bonus_id = sea_orm::Set(first);
        }
    }
    let mut writes = crate::db::Writes::default();
    let (_, after) =
        store::append_many_gathered(txn, now, heads, w.drafts, &w.players, &mut writes).await?;
    writes.insert_all(txn, w.bets).await?;
    writes.insert_all(txn, w.legs).await?;
    crate::compliance::record_plays(txn, w.plays).await?;
    crate::compliance::alerts::check_loss_alerts_many(txn, &w.staked, now).await?;
    w.events.gather(txn, &mut writes).await?;
    // A key stored since the lookup (by another replica: a player's
    // requests share a lane here, and a batch never holds one key twice)
    // is a `Conflict`: the batch runs again and replays it.
    store::gather_idempotent(txn, w.stored, &mut writes).await?;
    let after = store::run_writes(txn, writes, after).await?;
    // The database applied the net change of the whole batch; it must land
    // where the bet-by-bet reckoning did (else nothing commits).
    store::same_balances(&book.balance, &after)?;
    // The exposure after the house accounts (which the statement above
    // updated), in the order a settlement takes them: two transactions
    // taking the two in opposite orders could each wait for the other.
    // Any shard would do (only the sums count); the first player's keeps a
    // lane's batches on rows the other lane's do not write.
    let shard = jobs
        .first()
        .map_or(0, |j| super::book_exposure::shard_of(j.accounts.player_id));
    w.delta.apply(txn, shard).await?;
    for (market_id, event_id) in w.suspend {
        super::trading::mark_market(
            txn,
            market_id,
            event_id,
            MarketStatus::Suspended,
            Some(super::trading::SuspendedBy::Liability),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Commits the batch. Whether the database committed is unknown when the
/// commit fails: placing again could place twice, so each bet that wrote
/// gets the failure (as a lone placement's caller would); replays and
/// refusals keep theirs.
async fn commit_answers(
    engine: &Engine,
    txn: sea_orm::DatabaseTransaction,
    mut answers: Vec<Answer>,
) -> Vec<Answer> {
    if let Err(e) = txn.commit().await {
        let message = format!("committing a placement batch: {e}");
        for answer in &mut answers {
            if let Ok(Placed::Done(recorded)) = answer
                && !recorded.replayed
            {
                *answer = Err(anyhow::anyhow!(message.clone()).into());
            }
        }
        return answers;
    }
    engine.events().wake();
    answers
}

/// A decided free bet: its (combined) odds against the token's minimum,
/// then the token turned `used` (guarded) and the house's stake legs.
/// `Ok(Err(FreeBetNotEligible))` refuses the bet.
async fn use_free_bet(
    engine: &Engine,
    txn: &sea_orm::DatabaseTransaction,
    job: &PlaceJob,
    token: &crate::bonuses::free_play::FreeBetToken,
    decided: &Decided,
    now: DateTime<Utc>,
) -> Result<Result<Vec<store::Leg>, SportsbookError>, SportsbookError> {
    if let Some(min) = token.min_odds {
        let combined = decided
            .resolved
            .iter()
            .filter_map(|r| r.odds)
            .try_fold(Decimal::ONE, |acc, o| acc.checked_mul(o.value()));
        if combined.is_none_or(|c| c < min.value()) {
            return Ok(Err(SportsbookError::FreeBetNotEligible));
        }
    }
    let player = job.accounts.player_id;
    if !crate::bonuses::free_play::use_free_bet(txn, player, token.bonus_id, now).await? {
        return Ok(Err(SportsbookError::FreeBetNotEligible));
    }
    Ok(Ok(engine
        .wallet()
        .free_bet_stake_legs(txn, &job.accounts, token.stake)
        .await?))
}

/// The selections of the batch's bets with their markets and events, and
/// the teaser tables they name.
async fn read_catalog<C: sea_orm::ConnectionTrait>(
    conn: &C,
    jobs: &[&PlaceJob],
) -> Result<
    (
        HashMap<Uuid, CatalogEntry>,
        HashMap<String, teaser_tables::Model>,
    ),
    SportsbookError,
> {
    let ids: Vec<Uuid> = jobs
        .iter()
        .flat_map(|j| j.request.legs.iter().map(|l| l.selection_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let catalog = super::catalog_of(conn, ids).await?;
    let points: BTreeSet<String> = jobs
        .iter()
        .filter_map(|j| j.request.teaser_points)
        .map(|p| p.normalize().to_string())
        .collect();
    let teasers = if points.is_empty() {
        HashMap::new()
    } else {
        teaser_tables::Entity::find()
            .filter(teaser_tables::Column::Points.is_in(points))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| (t.points.clone(), t))
            .collect()
    };
    Ok((catalog, teasers))
}

/// Completes the book under the players' locks: the exposure of the
/// markets with liability limits, and the players' balances (which cannot
/// change under us: player rows are written only under their chain's lock,
/// which the batch holds).
async fn read_book(
    txn: &sea_orm::DatabaseTransaction,
    jobs: &[&PlaceJob],
    mut catalog: HashMap<Uuid, CatalogEntry>,
    teasers: HashMap<String, teaser_tables::Model>,
) -> Result<Book, SportsbookError> {
    let limited: Vec<Uuid> = catalog
        .values()
        .filter(|e| {
            e.selection.liability_limit.is_some()
                || (e.market.auto_suspend && e.market.liability_limit.is_some())
        })
        .map(|e| e.market.id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // A market with liability limits is locked (in id order) while its
    // exposure is read and added to, so batches of other lanes and
    // replicas take its limits in turn and never both use the same room;
    // its row is read again under the lock (a suspension committed since
    // the catalog was read counts).
    if !limited.is_empty() {
        let locked: HashMap<Uuid, markets::Model> = markets::Entity::find()
            .filter(markets::Column::Id.is_in(limited.clone()))
            .order_by_asc(markets::Column::Id)
            .lock_exclusive()
            .all(txn)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        for entry in catalog.values_mut() {
            if let Some(fresh) = locked.get(&entry.market.id) {
                entry.market = fresh.clone();
            }
        }
    }
    let mut exposure = super::book_exposure::markets_exposure(txn, limited.clone()).await?;
    // A limited market without bets yet still counts the batch's own.
    for market in limited {
        exposure.entry(market).or_default();
    }
    let balance = store::player_balances(txn, jobs.iter().map(|j| j.accounts)).await?;
    Ok(Book {
        catalog,
        suspended: HashSet::new(),
        teasers,
        exposure,
        balance,
    })
}
