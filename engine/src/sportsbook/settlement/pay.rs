//! Paying a batch of bets whose legs are all settled (rule (2) of
//! [`super`]): each bet's status flipped conditionally and its ledger
//! entry written, in one transaction under the players' chain locks.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use domain::betting::{BetKind, LegOutcome, LegResult, SettledLeg, settle_return, settle_teaser};
use domain::ledger::TransactionKind;
use domain::money::Money;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::super::book_exposure::{ExposureDelta, exposed_legs};
use super::super::{
    BetState, Sportsbook, SportsbookError, stored_currency, stored_decimal, stored_odds, table_of,
};
use super::{Closed, Closings};
use crate::wallet::sportsbook::{Staked, free_bet_winnings};
use crate::wallet::store::{self, ChainHead, PlayerAccounts};
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_settlements as settlements,
};

/// A bet whose legs are all settled, with its legs (in position order).
type Ready<'a> = (&'a bets::Model, &'a [legs::Model]);

/// What paying one batch gathers for the writes at its end
/// ([`Batch::finish`]).
struct Batch<'a> {
    /// The players' accounts, loaded before the transaction.
    accounts: &'a HashMap<Uuid, PlayerAccounts>,
    /// The transaction's time.
    now: DateTime<Utc>,
    closings: Closings,
    delta: ExposureDelta,
    /// Balances after the batch known without reading them again.
    known: HashMap<Uuid, crate::wallet::Balances>,
    /// Each player's last ledger transaction of the batch.
    last_tx: HashMap<Uuid, Uuid>,
    /// Bets paid.
    paid: usize,
}

impl Sportsbook<'_> {
    /// Pays the candidates whose legs are all settled in one transaction:
    /// first-time settlements together (their status flips, ledger entries,
    /// winnings and events written by a fixed number of statements), then
    /// resettlements one by one.
    pub(super) async fn try_batch(
        &self,
        market_id: Uuid,
        candidates: &[bets::Model],
        accounts: &HashMap<Uuid, PlayerAccounts>,
        shard: i32,
    ) -> Result<usize, SportsbookError> {
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let legs_of = legs_in_order(&txn, candidates).await?;
        let ready = ready_bets(candidates, &legs_of);
        if ready.is_empty() {
            return Ok(0);
        }
        let now = self.engine.now();
        let mut heads = lock_player_chains(&txn, &ready, now).await?;
        let mut batch = Batch {
            accounts,
            now,
            closings: Closings::new(now),
            delta: ExposureDelta::default(),
            known: HashMap::new(),
            last_tx: HashMap::new(),
            paid: 0,
        };
        self.pay_first_settlements(&txn, &ready, &mut heads, &mut batch)
            .await?;
        self.pay_resettlements(&txn, &ready, &mut heads, &mut batch)
            .await?;
        let paid = batch.paid;
        batch.finish(&txn, market_id, shard).await?;
        txn.commit().await?;
        self.engine.events().wake();
        Ok(paid)
    }

    /// First settlements: one conditional update flips them all, then their
    /// ledger entries go in together. Nothing is written for a bet another
    /// runner flipped first.
    async fn pay_first_settlements(
        &self,
        txn: &DatabaseTransaction,
        ready: &[Ready<'_>],
        heads: &mut HashMap<String, ChainHead>,
        batch: &mut Batch<'_>,
    ) -> Result<(), SportsbookError> {
        let wallet = self.engine.wallet();
        let now = batch.now;
        let mut fresh = Vec::new();
        for (bet, bet_legs) in ready
            .iter()
            .filter(|(b, _)| b.status == BetState::Open.code())
        {
            fresh.push(Payment {
                bet,
                legs: bet_legs,
                payout: bet_return(bet, bet_legs)?,
                transaction_id: Uuid::now_v7(),
            });
        }
        let flipped = flip_settled(txn, &fresh, now).await?;
        let mut drafts = Vec::new();
        let mut players: Vec<PlayerAccounts> = Vec::new();
        for pay in fresh.iter().filter(|p| flipped.contains(&p.bet.id)) {
            let (bet, bet_legs) = (pay.bet, pay.legs);
            let player = batch.player_of(bet)?;
            let count = bet.settle_count + 1;
            let currency = pay.payout.currency();
            let stake = Money::new(bet.total_stake, currency);
            // A free bet pays only its winnings (`crate::bonuses::free_play`);
            // void, it gives its token back. A bet staked partly with bonus
            // money pays its return in proportion (`crate::wallet::sportsbook`).
            let (draft, paid) = match bet.free_bet_id {
                None => {
                    wallet
                        .settle_draft(
                            txn,
                            player,
                            Staked::of(bet, currency),
                            pay.payout,
                            bet.id,
                            count,
                            pay.transaction_id,
                        )
                        .await?
                }
                Some(free_bet) => {
                    if all_void(bet_legs) {
                        crate::bonuses::free_play::recredit_free_bet(txn, free_bet, now).await?;
                    }
                    let draft = wallet
                        .free_bet_settle_draft(
                            txn,
                            player,
                            stake,
                            pay.payout,
                            bet.id,
                            count,
                            pay.transaction_id,
                        )
                        .await?;
                    (draft, free_bet_winnings(stake, pay.payout))
                }
            };
            drafts.push(draft);
            if !players.contains(player) {
                players.push(*player);
            }
            // An open single leaves the exposure when it is paid (a
            // multiple left each leg's selection when that leg's result
            // was recorded).
            batch.delta.add(bet, exposed_legs(bet, bet_legs), -1);
            batch.closings.add(
                bet,
                bet_legs,
                Closed {
                    payout: paid,
                    winnings: paid,
                    count,
                    resettled: false,
                    cashed_out: false,
                },
            )?;
            batch.last_tx.insert(bet.player_id, pay.transaction_id);
            batch.paid += 1;
        }
        // Nothing to write when another runner flipped them first.
        if !drafts.is_empty() {
            let (_, after) = store::append_many(txn, now, heads, drafts, &players).await?;
            batch.known = players
                .iter()
                .map(|p| (p.player_id, store::balances_of(p, &after)))
                .collect();
        }
        Ok(())
    }

    /// Resettlements, each flipped on its own and paid with its
    /// compensating entries.
    async fn pay_resettlements(
        &self,
        txn: &DatabaseTransaction,
        ready: &[Ready<'_>],
        heads: &mut HashMap<String, ChainHead>,
        batch: &mut Batch<'_>,
    ) -> Result<(), SportsbookError> {
        let wallet = self.engine.wallet();
        let now = batch.now;
        for (bet, bet_legs) in ready
            .iter()
            .filter(|(b, _)| b.status == BetState::ResettlePending.code())
        {
            let player = batch.player_of(bet)?;
            let chain = heads
                .get_mut(&store::player_chain(bet.player_id))
                .ok_or_else(|| anyhow::anyhow!("chain of {} not locked", bet.player_id))?;
            let currency = stored_currency(&bet.currency)?;
            let payout = bet_return(bet, bet_legs)?;
            let count = bet.settle_count + 1;
            let flipped = bets::Entity::update_many()
                .col_expr(bets::Column::Status, Expr::value(BetState::Settled.code()))
                .col_expr(bets::Column::ReturnAmount, Expr::value(payout.minor()))
                .col_expr(bets::Column::SettledAt, Expr::value(now))
                .col_expr(bets::Column::SettleCount, Expr::value(count))
                .filter(bets::Column::Id.eq(bet.id))
                .filter(bets::Column::Status.eq(bet.status.clone()))
                .filter(bets::Column::SettleCount.eq(bet.settle_count))
                .exec(txn)
                .await?;
            if flipped.rows_affected != 1 {
                continue;
            }
            let stake = Money::new(bet.total_stake, currency);
            let previous = bet
                .settle_transaction_id
                .ok_or_else(|| anyhow::anyhow!("settled bet {} without its entry", bet.id))?;
            let previous_payout = Money::new(bet.return_amount.unwrap_or(0), currency);
            let r = if bet.free_bet_id.is_some() {
                wallet
                    .resettle_free_bet(
                        txn,
                        chain,
                        player,
                        stake,
                        previous,
                        previous_payout,
                        payout,
                        bet.id,
                        count,
                    )
                    .await?
            } else {
                wallet
                    .resettle_bet(
                        txn,
                        chain,
                        player,
                        Staked::of(bet, currency),
                        previous,
                        payout,
                        bet.id,
                        count,
                    )
                    .await?
            };
            // What the player is paid: a free bet's winnings only.
            let (payout, previous_payout) = if bet.free_bet_id.is_some() {
                (
                    free_bet_winnings(stake, payout),
                    free_bet_winnings(stake, previous_payout),
                )
            } else {
                (payout, previous_payout)
            };
            let more = payout.minor() - previous_payout.minor();
            bets::Entity::update_many()
                .col_expr(
                    bets::Column::SettleTransactionId,
                    Expr::value(r.transaction_id),
                )
                .col_expr(
                    bets::Column::Shortfall,
                    Expr::value(bet.shortfall + r.shortfall.minor()),
                )
                .filter(bets::Column::Id.eq(bet.id))
                .exec(txn)
                .await?;
            batch.closings.add(
                bet,
                bet_legs,
                Closed {
                    payout,
                    winnings: Money::new(Ord::max(more, 0), currency),
                    count,
                    resettled: true,
                    cashed_out: false,
                },
            )?;
            // Read again below: the batch's own balances are stale now.
            batch.known.remove(&bet.player_id);
            batch.last_tx.insert(bet.player_id, r.transaction_id);
            batch.paid += 1;
        }
        Ok(())
    }
}

impl<'a> Batch<'a> {
    /// The accounts of the bet's player (loaded for every candidate).
    fn player_of(&self, bet: &bets::Model) -> Result<&'a PlayerAccounts, anyhow::Error> {
        self.accounts
            .get(&bet.player_id)
            .ok_or_else(|| anyhow::anyhow!("accounts of {} not loaded", bet.player_id))
    }

    /// Writes what the batch gathered: winnings, `bet.settled` and balance
    /// events (each player's balances after its last transaction), the
    /// exposure changes on `shard`, and the count of bets the market's
    /// pending runs paid.
    async fn finish(
        self,
        txn: &DatabaseTransaction,
        market_id: Uuid,
        shard: i32,
    ) -> Result<(), SportsbookError> {
        let mut events = self.closings.flush_plays(txn).await?;
        for (player, tx) in &self.last_tx {
            if let Some(a) = self.accounts.get(player) {
                let now = match self.known.get(player) {
                    Some(now) => *now,
                    None => store::balances(txn, a).await?,
                };
                store::push_balances(&mut events, a, now, *tx, TransactionKind::BetSettle);
            }
        }
        events.flush(txn).await?;
        self.delta.apply(txn, shard).await?;
        if self.paid > 0 {
            settlements::Entity::update_many()
                .col_expr(
                    settlements::Column::BetsSettled,
                    Expr::col(settlements::Column::BetsSettled)
                        .add(i32::try_from(self.paid).unwrap_or(i32::MAX)),
                )
                .filter(settlements::Column::MarketId.eq(market_id))
                .filter(settlements::Column::Status.eq("pending"))
                .exec(txn)
                .await?;
        }
        Ok(())
    }
}

/// The legs of the candidates, by bet, in position order.
async fn legs_in_order(
    txn: &DatabaseTransaction,
    candidates: &[bets::Model],
) -> Result<HashMap<Uuid, Vec<legs::Model>>, SportsbookError> {
    let ids: Vec<Uuid> = candidates.iter().map(|b| b.id).collect();
    let mut legs_of: HashMap<Uuid, Vec<legs::Model>> = HashMap::new();
    for leg in legs::Entity::find()
        .filter(crate::db::one_of(
            txn.get_database_backend(),
            legs::Column::BetId,
            ids,
        ))
        .order_by_asc(legs::Column::Position)
        .all(txn)
        .await?
    {
        legs_of.entry(leg.bet_id).or_default().push(leg);
    }
    Ok(legs_of)
}

/// The candidates whose legs are all settled, with their legs.
fn ready_bets<'a>(
    candidates: &'a [bets::Model],
    legs_of: &'a HashMap<Uuid, Vec<legs::Model>>,
) -> Vec<Ready<'a>> {
    candidates
        .iter()
        .map(|bet| {
            let bet_legs = legs_of.get(&bet.id).map(Vec::as_slice).unwrap_or_default();
            (bet, bet_legs)
        })
        .filter(|(_, bet_legs)| !bet_legs.is_empty() && bet_legs.iter().all(|l| l.result.is_some()))
        .collect()
}

/// Locks the ledger chains of the ready bets' players (each once, in key
/// order); returns their heads.
async fn lock_player_chains(
    txn: &DatabaseTransaction,
    ready: &[Ready<'_>],
    now: DateTime<Utc>,
) -> Result<HashMap<String, ChainHead>, SportsbookError> {
    let mut chain_keys: Vec<String> = ready
        .iter()
        .map(|(bet, _)| store::player_chain(bet.player_id))
        .collect();
    chain_keys.sort();
    chain_keys.dedup();
    Ok(store::lock_chains(txn, &chain_keys, now).await?)
}

/// A first settlement about to be paid.
struct Payment<'a> {
    bet: &'a bets::Model,
    legs: &'a [legs::Model],
    payout: Money,
    /// The id its ledger transaction will have.
    transaction_id: Uuid,
}

/// Flips the open bets of `batch` to settled with their returns and ledger
/// transaction ids in one statement, each only if still open with the
/// settle count read; returns the ids it flipped.
async fn flip_settled(
    txn: &DatabaseTransaction,
    batch: &[Payment<'_>],
    now: chrono::DateTime<Utc>,
) -> Result<std::collections::HashSet<Uuid>, SportsbookError> {
    use sea_orm::sea_query::CaseStatement;
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        return flip_settled_joined(txn, batch, now).await;
    }
    let mut returns: Option<CaseStatement> = None;
    let mut entries: Option<CaseStatement> = None;
    let mut by_count: BTreeMap<i32, Vec<Uuid>> = BTreeMap::new();
    for pay in batch {
        let when = || Expr::col(bets::Column::Id).eq(pay.bet.id);
        returns = Some(match returns {
            None => Expr::case(when(), pay.payout.minor()),
            Some(case) => case.case(when(), pay.payout.minor()),
        });
        entries = Some(match entries {
            None => Expr::case(when(), pay.transaction_id),
            Some(case) => case.case(when(), pay.transaction_id),
        });
        by_count
            .entry(pay.bet.settle_count)
            .or_default()
            .push(pay.bet.id);
    }
    let (Some(returns), Some(entries)) = (returns, entries) else {
        return Ok(std::collections::HashSet::new());
    };
    let mut same = sea_orm::Condition::any();
    for (count, ids) in by_count {
        same = same.add(
            sea_orm::Condition::all()
                .add(bets::Column::SettleCount.eq(count))
                .add(bets::Column::Id.is_in(ids)),
        );
    }
    let update = bets::Entity::update_many()
        .col_expr(bets::Column::Status, Expr::value(BetState::Settled.code()))
        .col_expr(
            bets::Column::ReturnAmount,
            returns
                .finally(Expr::col(bets::Column::ReturnAmount))
                .into(),
        )
        .col_expr(bets::Column::SettledAt, Expr::value(now))
        .col_expr(
            bets::Column::SettleCount,
            Expr::col(bets::Column::SettleCount).add(1),
        )
        .col_expr(
            bets::Column::SettleTransactionId,
            entries
                .finally(Expr::col(bets::Column::SettleTransactionId))
                .into(),
        )
        .filter(bets::Column::Status.eq(BetState::Open.code()))
        .filter(same);
    if txn.support_returning() {
        return Ok(update
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|b| b.id)
            .collect());
    }
    update.exec(txn).await?;
    Ok(bets::Entity::find()
        .select_only()
        .column(bets::Column::Id)
        .filter(bets::Column::SettleTransactionId.is_in(batch.iter().map(|p| p.transaction_id)))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?
        .into_iter()
        .collect())
}

/// [`flip_settled`] on PostgreSQL: the batch goes as four arrays joined
/// to the bets (a `CASE` of one branch per bet would make the update
/// quadratic in the batch).
async fn flip_settled_joined(
    txn: &DatabaseTransaction,
    batch: &[Payment<'_>],
    now: chrono::DateTime<Utc>,
) -> Result<std::collections::HashSet<Uuid>, SportsbookError> {
    use sea_orm::{EntityName, IdenStatic};
    let col = |c: bets::Column| c.as_str();
    let sql = format!(
        "UPDATE \"{table}\" AS b SET \"{status}\" = $1, \"{settled_at}\" = $2, \
         \"{count}\" = b.\"{count}\" + 1, \"{ret}\" = u.ret, \"{entry}\" = u.entry \
         FROM UNNEST($3, $4, $5, $6) AS u(id, cnt, ret, entry) \
         WHERE b.\"{id}\" = u.id AND b.\"{count}\" = u.cnt AND b.\"{status}\" = $7 \
         RETURNING b.\"{id}\"",
        table = bets::Entity.table_name(),
        status = col(bets::Column::Status),
        settled_at = col(bets::Column::SettledAt),
        count = col(bets::Column::SettleCount),
        ret = col(bets::Column::ReturnAmount),
        entry = col(bets::Column::SettleTransactionId),
        id = col(bets::Column::Id),
    );
    let values: Vec<sea_orm::Value> = vec![
        BetState::Settled.code().into(),
        now.into(),
        crate::db::array(batch.iter().map(|p| p.bet.id)),
        crate::db::array(batch.iter().map(|p| p.bet.settle_count)),
        crate::db::array(batch.iter().map(|p| p.payout.minor())),
        crate::db::array(batch.iter().map(|p| p.transaction_id)),
        BetState::Open.code().into(),
    ];
    let rows = txn.query_all_raw(crate::db::postgres(sql, values)).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<Uuid>("", col(bets::Column::Id)))
        .collect::<Result<_, _>>()?)
}

/// True when every leg of the bet is void or a push (the bet returns its
/// stake and wins nothing).
fn all_void(bet_legs: &[legs::Model]) -> bool {
    bet_legs.iter().all(|l| {
        matches!(
            l.result
                .as_deref()
                .and_then(|r| r.parse::<LegResult>().ok()),
            Some(LegResult::Void | LegResult::Push)
        )
    })
}

/// What a bet whose legs are all settled returns (BETTING_RULES.md).
fn bet_return(bet: &bets::Model, bet_legs: &[legs::Model]) -> Result<Money, SportsbookError> {
    let currency = stored_currency(&bet.currency)?;
    let unit = Money::new(bet.unit_stake, currency);
    let result_of = |leg: &legs::Model| -> Result<LegResult, SportsbookError> {
        leg.result
            .as_deref()
            .unwrap_or_default()
            .parse()
            .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("leg result: {e}")))
    };
    let bad = |e: domain::betting::BetError| {
        SportsbookError::Unexpected(anyhow::anyhow!("settling bet {}: {e}", bet.id))
    };
    if bet.kind == BetKind::Teaser.code() {
        let table = table_of(
            bet.teaser_points.as_deref().unwrap_or_default(),
            bet.teaser_prices.as_deref().unwrap_or("{}"),
        )?;
        let results = bet_legs
            .iter()
            .map(result_of)
            .collect::<Result<Vec<_>, _>>()?;
        return settle_teaser(unit, &table, &results).map_err(bad);
    }
    let kind = BetKind::from_parts(&bet.kind, bet.system.as_deref()).map_err(bad)?;
    let settled = bet_legs
        .iter()
        .map(|leg| {
            let odds = stored_odds(leg.odds.as_deref().unwrap_or_default())?;
            let outcome = LegOutcome::new(
                result_of(leg)?,
                stored_decimal(leg.dead_heat_factor.as_deref())?,
                stored_decimal(leg.rule4_deduction.as_deref())?,
            )
            .map_err(bad)?;
            Ok(SettledLeg { odds, outcome })
        })
        .collect::<Result<Vec<_>, SportsbookError>>()?;
    settle_return(kind, unit, &settled).map_err(bad)
}
