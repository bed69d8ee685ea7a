//! Bet placement, in one database transaction under the player's chain
//! lock: the idempotency key, every leg's market open and event not started
//! (unless in-play, after its bet delay), no related legs, the odds-change
//! policy, stake and liability limits, the wallet reserve (cash →
//! reserved), the responsible-gaming record, the bet and its legs, the
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

use domain::events::{EventData, Topic};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::betting::{
    BetKind, Line, MarketKind, Odds, OddsChangePolicy, Side, TeaserLeg, line_count, quote_bet,
    teaser_quote,
};
use domain::compliance::ActivityKind;
use domain::ledger::TransactionKind;
use domain::money::Money;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::book_exposure::{ExposedLeg, Exposure, ExposureDelta};
use super::{
    BetLegView, BetState, BetView, CatalogEntry, EventStatus, MarketStatus, Sportsbook,
    SportsbookError, bet_view, stored_decimal, stored_odds, table_of,
};
use crate::batching::Batched;
use crate::wallet::store::{self, Draft, PlayerAccounts, with_retry};
use crate::wallet::{Idempotency, Recorded, Wallet, WalletError};
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
    Done(Box<Recorded<BetView>>),
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
    ) -> Result<Recorded<BetView>, SportsbookError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| SportsbookError::Forbidden)?;
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
        let mut job = PlaceJob {
            principal: principal.clone(),
            accounts,
            request: request.clone(),
            lines,
            total_stake,
            idem: idem.cloned(),
            waited: false,
        };
        loop {
            let answer = match self.engine.placing().submit(job.clone()).await {
                Some(answer) => answer,
                None => place_alone(self.engine, &job).await,
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
        }
    }
}

/// Places `jobs` in one transaction, an answer each (see the module docs).
/// `Err` only when the batch as a whole failed before its commit.
async fn place_many(engine: &Engine, jobs: &[&PlaceJob]) -> Result<Vec<Answer>, SportsbookError> {
    let db = engine.db();
    let now = engine.now();
    // What needs no player's lock is read first, side by side: responsible
    // gaming (exclusions, session limits and breaks, reality checks, wager
    // and loss limits, as for casino rounds), the answers stored under the
    // jobs' keys (a replay answers as the first time did, whatever changed
    // since), and the catalog and teaser tables. (The lane's batches run
    // one after another, so this batch sees every market its previous one
    // suspended.)
    let plays: Vec<(&Principal, Money)> =
        jobs.iter().map(|j| (&j.principal, j.total_stake)).collect();
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
    let mut refused: Vec<Option<SportsbookError>> = jobs
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
    let txn = crate::db::begin_write(db).await?;
    let chains: Vec<String> = jobs
        .iter()
        .map(|j| store::player_chain(j.accounts.player_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut heads = store::lock_chains(&txn, &chains, now).await?;
    let mut book = read_book(&txn, jobs, catalog, teasers).await?;

    let now = engine.now();
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
            answers.push(
                store::stored_answer(row.clone(), idem)
                    .map_err(SportsbookError::from)
                    .and_then(|answer| {
                        Ok(Placed::Done(Box::new(Recorded {
                            value: serde_json::from_value(answer.body)
                                .map_err(anyhow::Error::from)?,
                            replayed: true,
                        })))
                    }),
            );
            continue;
        }
        let decided = match decide(job, &book, now) {
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
        answers.push(accept(job, decided, now, &mut book, &mut w));
    }
    if w.drafts.is_empty() {
        txn.rollback().await?;
        return Ok(answers);
    }

    // The ledger rows, bets, legs, events and stored answers go in one
    // statement on PostgreSQL (nothing below reads them).
    let mut writes = crate::db::Writes::default();
    let (_, after) =
        store::append_many_gathered(&txn, now, &mut heads, w.drafts, &w.players, &mut writes)
            .await?;
    writes.insert_all(&txn, w.bets).await?;
    writes.insert_all(&txn, w.legs).await?;
    crate::compliance::record_plays(&txn, w.plays).await?;
    crate::compliance::alerts::check_loss_alerts_many(&txn, &w.staked, now).await?;
    w.events.gather(&txn, &mut writes).await?;
    // A key stored since the lookup (by another replica: a player's
    // requests share a lane here, and a batch never holds one key twice)
    // is a `Conflict`: the batch runs again and replays it.
    store::gather_idempotent(&txn, w.stored, &mut writes).await?;
    let after = store::run_writes(&txn, writes, after).await?;
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
    w.delta.apply(&txn, shard).await?;
    for (market_id, event_id) in w.suspend {
        super::trading::mark_market(
            &txn,
            market_id,
            event_id,
            MarketStatus::Suspended,
            Some(super::trading::SuspendedBy::Liability),
            now,
        )
        .await?;
    }
    if let Err(e) = txn.commit().await {
        // Whether the database committed is unknown: placing again could
        // place twice, so each bet that wrote gets the failure (as a lone
        // placement's caller would); replays and refusals keep theirs.
        let message = format!("committing a placement batch: {e}");
        for answer in &mut answers {
            if let Ok(Placed::Done(recorded)) = answer
                && !recorded.replayed
            {
                *answer = Err(anyhow::anyhow!(message.clone()).into());
            }
        }
        return Ok(answers);
    }
    engine.events().wake();
    Ok(answers)
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

/// Every leg's selection, market and event: known, open for betting (and
/// not suspended by an earlier bet of the batch), no two legs on one event.
fn resolve(
    book: &Book,
    request: &BetRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Resolved>, SportsbookError> {
    let mut out = Vec::with_capacity(request.legs.len());
    for leg in &request.legs {
        let entry = book.catalog.get(&leg.selection_id).ok_or_else(|| {
            SportsbookError::validation("legs.selection_id", "Unknown selection.")
        })?;
        if !entry.open_for_betting(now) || book.suspended.contains(&entry.market.id) {
            return Err(SportsbookError::SelectionUnavailable {
                selection_id: entry.selection.id,
            });
        }
        out.push(Resolved {
            odds: Some(stored_odds(&entry.selection.odds)?),
            selection: entry.selection.clone(),
            market: entry.market.clone(),
            event: entry.event.clone(),
            teased_line: None,
        });
    }
    if out.len() > 1 {
        let mut by_event: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for r in &out {
            by_event.entry(r.event.id).or_default().push(r.selection.id);
        }
        let related: Vec<Uuid> = by_event
            .into_values()
            .filter(|v| v.len() > 1)
            .flatten()
            .collect();
        if !related.is_empty() {
            return Err(SportsbookError::RelatedSelections {
                selection_ids: related,
            });
        }
    }
    Ok(out)
}

/// Decides one bet against the book: `Ok(Err(delay))` when an in-play leg
/// makes it wait first, `Err` when it is refused.
fn decide(
    job: &PlaceJob,
    book: &Book,
    now: DateTime<Utc>,
) -> Result<Result<Decided, Duration>, SportsbookError> {
    let request = &job.request;
    let mut resolved = resolve(book, request, now)?;
    if !job.waited {
        let delay = resolved
            .iter()
            .map(|r| &r.event)
            .filter(|e| {
                e.in_play_betting && (e.starts_at <= now || e.status == EventStatus::Live.code())
            })
            .map(|e| e.bet_delay_ms.clamp(0, super::MAX_BET_DELAY_MS))
            .max()
            .unwrap_or(0);
        if delay > 0 {
            return Ok(Err(Duration::from_millis(
                u64::try_from(delay).unwrap_or(0),
            )));
        }
    }
    let currency = job.accounts.currency;

    // Price the bet.
    let (quote, teaser_prices) = if let Some(points) = request.teaser_points {
        let points_key = points.normalize().to_string();
        let row = book.teasers.get(&points_key).ok_or_else(|| {
            SportsbookError::validation(
                "teaser_points",
                format!("There is no {points_key}-point teaser table."),
            )
        })?;
        let table = table_of(&row.points, &row.prices)?;
        for r in &mut resolved {
            let kind: MarketKind = r.market.kind.parse().map_err(anyhow::Error::from)?;
            let side: Option<Side> = r
                .selection
                .side
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(anyhow::Error::from)?;
            let line: Option<Line> = r
                .market
                .line
                .as_deref()
                .map(Line::parse)
                .transpose()
                .map_err(anyhow::Error::from)?;
            let (Some(side), Some(line)) = (side, line) else {
                return Err(SportsbookError::validation(
                    "legs",
                    "Teaser legs must be spread or total selections.",
                ));
            };
            let leg = TeaserLeg {
                kind,
                line: side.selection_line(line),
                side,
            };
            let teased = leg
                .teased(points)
                .map_err(|e| SportsbookError::bet("legs", e))?;
            r.teased_line = Some(teased.line);
            r.odds = None;
        }
        let quote = teaser_quote(request.unit_stake, &table, resolved.len())
            .map_err(|e| SportsbookError::bet("legs", e))?;
        (quote, Some(row.prices.clone()))
    } else {
        let changed = resolved.iter().zip(&request.legs).any(|(r, leg)| {
            matches!((r.odds, leg.odds), (Some(current), Some(asked))
                if !request.odds_change.accepts(asked, current))
        });
        if changed {
            return Err(SportsbookError::OddsChanged {
                legs: resolved
                    .iter()
                    .filter_map(|r| r.odds.map(|o| (r.selection.id, o)))
                    .collect(),
            });
        }
        let odds: Vec<Odds> = resolved.iter().filter_map(|r| r.odds).collect();
        let quote = quote_bet(request.kind, request.unit_stake, &odds)
            .map_err(|e| SportsbookError::bet("unit_stake", e))?;
        (quote, None)
    };
    debug_assert_eq!(quote.lines, job.lines);

    // Stake limits of every leg's market and selection.
    let stake = decimal_of(job.total_stake);
    for r in &resolved {
        for limit in [&r.market.max_stake, &r.selection.max_stake] {
            if let Some(max) = stored_decimal(limit.as_deref())?
                && stake > max
            {
                return Err(SportsbookError::StakeLimitExceeded {
                    selection_id: r.selection.id,
                    max_stake: {
                        let mut shown = max;
                        shown.rescale(currency.exponent());
                        shown.to_string()
                    },
                });
            }
        }
    }

    // Liability: what each leg's selection would lose with this bet.
    let is_single = request.kind == BetKind::Single;
    let mut suspend = Vec::new();
    for r in &resolved {
        let auto_suspend = r.market.auto_suspend && r.market.liability_limit.is_some();
        if r.selection.liability_limit.is_none() && !auto_suspend {
            continue;
        }
        let rows = book.exposure.get(&r.market.id);
        let in_currency = || {
            rows.into_iter()
                .flat_map(BTreeMap::values)
                .filter(|e| e.currency == currency.code())
        };
        let kept: i64 = in_currency().map(|e| e.single_stakes).sum::<i64>()
            + if is_single {
                job.total_stake.minor()
            } else {
                0
            };
        let payout = in_currency()
            .find(|e| e.selection_id == r.selection.id)
            .map_or(0, |e| e.payout)
            + quote.potential_return.minor();
        let liability = decimal_of(Money::new(payout - kept, currency));
        if let Some(limit) = stored_decimal(r.selection.liability_limit.as_deref())?
            && liability > limit
        {
            return Err(SportsbookError::ExposureLimitExceeded {
                selection_id: r.selection.id,
            });
        }
        if r.market.auto_suspend
            && let Some(limit) = stored_decimal(r.market.liability_limit.as_deref())?
            && liability >= limit
        {
            suspend.push((r.market.id, r.event.id));
        }
    }
    Ok(Ok(Decided {
        resolved,
        potential_return: quote.potential_return,
        teaser_prices,
        suspend,
    }))
}

/// Takes a decided bet's stake from the player's cash (refused when it does
/// not cover it) and adds everything it writes to `w`, and what it changes
/// to `book` for the bets after it. Everything that can fail comes first:
/// a refused or failed bet leaves `w` and `book` as they were.
fn accept(
    job: &PlaceJob,
    decided: Decided,
    now: DateTime<Utc>,
    book: &mut Book,
    w: &mut Writes,
) -> Answer {
    let accounts = &job.accounts;
    let request = &job.request;
    let currency = accounts.currency;
    let total_stake = job.total_stake;
    let Decided {
        resolved,
        potential_return,
        teaser_prices,
        suspend,
    } = decided;

    // The money: cash → reserved, checked as the ledger's statement checks.
    let stake_legs = Wallet::stake_legs(accounts, total_stake)?;
    let mut after: HashMap<Uuid, i64> = [accounts.cash, accounts.bonus, accounts.reserved]
        .into_iter()
        .map(|id| (id, book.balance.get(&id).copied().unwrap_or(0)))
        .collect();
    for leg in &stake_legs {
        let now = after.get(&leg.account_id).copied().unwrap_or(0);
        let next = now
            .checked_add(leg.amount.minor())
            .ok_or_else(|| anyhow::anyhow!("the balance would overflow"))?;
        if next < 0 {
            return Err(WalletError::InsufficientFunds.into());
        }
        after.insert(leg.account_id, next);
    }

    let bet_id = Uuid::now_v7();
    let place_tx = Uuid::now_v7();
    let reference = format!("bet:{bet_id}");
    let placed_at = store::micros(now);
    let play = crate::compliance::play_row(
        accounts.player_id,
        ActivityKind::Stake,
        total_stake,
        &reference,
        placed_at,
    )?;
    let bet = bets::Model {
        id: bet_id,
        player_id: accounts.player_id,
        kind: request.kind.code().to_owned(),
        system: request.kind.system().map(|s| s.to_string()),
        teaser_points: request.teaser_points.map(|p| p.normalize().to_string()),
        teaser_prices,
        lines: i32::try_from(job.lines).map_err(anyhow::Error::from)?,
        unit_stake: request.unit_stake.minor(),
        total_stake: total_stake.minor(),
        potential_return: potential_return.minor(),
        currency: currency.code().to_owned(),
        status: BetState::Open.code().to_owned(),
        return_amount: None,
        odds_change: request.odds_change.code().to_owned(),
        place_transaction_id: place_tx,
        settle_transaction_id: None,
        settle_count: 0,
        shortfall: 0,
        placed_at,
        settled_at: None,
    };
    let leg_views: Vec<BetLegView> = resolved
        .iter()
        .map(|r| BetLegView {
            selection_id: r.selection.id,
            market_id: r.market.id,
            event_id: r.event.id,
            event_name: r.event.name.clone(),
            market_name: r.market.name.clone(),
            selection_name: r.selection.name.clone(),
            odds: r.odds.map(|o| o.to_string()),
            line: r.teased_line.map(|l| l.to_string()),
            result: None,
            dead_heat_factor: None,
            rule4_deduction: None,
        })
        .collect();
    let view = bet_view(&bet, leg_views)?;
    let stored = match &job.idem {
        Some(idem) => Some(store::idempotency_row(
            idem,
            &serde_json::to_value(&view).map_err(anyhow::Error::from)?,
            now,
        )),
        None => None,
    };

    // Accepted: nothing below can fail.
    let balances = store::balances_of(accounts, &after);
    book.balance.extend(after);
    w.drafts.push(Draft {
        id: place_tx,
        chain_key: store::player_chain(accounts.player_id),
        kind: TransactionKind::BetPlace,
        reference,
        idempotency: job.idem.as_ref().map(|i| i.scope_key()),
        legs: stake_legs,
    });
    if !w.players.contains(accounts) {
        w.players.push(*accounts);
    }
    w.plays.push(play);
    if !w.staked.iter().any(|(p, _)| *p == accounts.player_id) {
        w.staked.push((accounts.player_id, currency));
    }
    for (i, (r, asked)) in resolved.iter().zip(&request.legs).enumerate() {
        w.legs.push(
            legs::Model {
                id: Uuid::now_v7(),
                bet_id,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                selection_id: r.selection.id,
                market_id: r.market.id,
                event_id: r.event.id,
                odds: r.odds.map(|o| o.to_string()),
                requested_odds: asked.odds.map(|o| o.to_string()),
                line: r.teased_line.map(|l| l.to_string()),
                side: r.teased_line.and(r.selection.side.clone()),
                result: None,
                dead_heat_factor: None,
                rule4_deduction: None,
            }
            .into(),
        );
    }

    // The exposure it adds, for the database and for the bets after it.
    let exposed: Vec<ExposedLeg> = resolved
        .iter()
        .map(|r| ExposedLeg {
            selection_id: r.selection.id,
            market_id: r.market.id,
        })
        .collect();
    w.delta.add(&bet, exposed.iter().copied(), 1);
    for leg in &exposed {
        if let Some(rows) = book.exposure.get_mut(&leg.market_id) {
            let row = rows
                .entry((leg.selection_id, bet.currency.clone()))
                .or_insert_with(|| Exposure::none(leg.selection_id, &bet.currency));
            if bet.kind == BetKind::Single.code() {
                row.single_stakes += bet.total_stake;
            }
            row.stakes += bet.total_stake;
            row.payout += bet.potential_return;
            row.bets += 1;
        }
    }
    for (market_id, event_id) in suspend {
        book.suspended.insert(market_id);
        w.suspend.insert((market_id, event_id));
    }

    store::push_balances(
        &mut w.events,
        accounts,
        balances,
        place_tx,
        TransactionKind::BetPlace,
    );
    w.events.push(
        Topic::Player(accounts.player_id),
        EventData::BetPlaced(domain::events::BetPlaced {
            bet_id,
            player_id: accounts.player_id,
            kind: view.kind.code().to_owned(),
            system: view.system.map(|s| s.to_string()),
            total_stake: view.total_stake.clone(),
            potential_return: view.potential_return.clone(),
            currency: accounts.currency,
            selections: resolved.iter().map(|r| r.selection.id).collect(),
            markets: resolved.iter().map(|r| r.market.id).collect(),
            events: resolved.iter().map(|r| r.event.id).collect(),
        }),
    );
    w.stored.extend(stored);
    w.bets.push(bet.into());
    Ok(Placed::Done(Box::new(Recorded {
        value: view,
        replayed: false,
    })))
}
