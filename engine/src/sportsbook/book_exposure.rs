//! The book's exposure per selection and currency (`sportsbook_exposure_shards`):
//! what open bets staked on it and would pay if it wins. A bet counts on
//! each of its legs that has no result yet; a multiple that has lost (a
//! losing leg) counts nowhere; a settled or cashed-out bet counts nowhere.
//! Placement, settlement and cash-out change the rows only through
//! [`ExposureDelta`], one upsert statement per transaction.

use std::collections::BTreeMap;

use domain::betting::{BetKind, LegResult};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::SportsbookError;
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_exposure as exposure,
};

/// Rows each selection's exposure is split into for placements and
/// cash-outs, so concurrent bets on one popular selection spread their
/// updates instead of queueing on one row; only the sums count.
pub(crate) const SHARDS: u32 = 32;

/// The exposure shard a player's placements and cash-outs write.
pub(crate) fn shard_of(player_id: Uuid) -> i32 {
    i32::try_from(player_id.as_u128() % u128::from(SHARDS)).unwrap_or(0)
}

/// A leg as the exposure sees it: its selection and market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExposedLeg {
    pub selection_id: Uuid,
    pub market_id: Uuid,
}

impl From<&legs::Model> for ExposedLeg {
    fn from(leg: &legs::Model) -> Self {
        Self {
            selection_id: leg.selection_id,
            market_id: leg.market_id,
        }
    }
}

/// A multiple that a losing leg has already lost (accumulators and teasers:
/// any losing leg loses the bet), whatever its other legs do.
pub(crate) fn is_dead(bet: &bets::Model, bet_legs: &[legs::Model]) -> bool {
    (bet.kind == BetKind::Accumulator.code() || bet.kind == BetKind::Teaser.code())
        && bet_legs
            .iter()
            .any(|l| l.result.as_deref() == Some(LegResult::Lose.code()))
}

/// The legs an open multiple counts on: those without a result, none once
/// it has lost.
pub(crate) fn counted_legs(bet: &bets::Model, bet_legs: &[legs::Model]) -> Vec<ExposedLeg> {
    if is_dead(bet, bet_legs) {
        return Vec::new();
    }
    bet_legs
        .iter()
        .filter(|l| l.result.is_none())
        .map(ExposedLeg::from)
        .collect()
}

/// The legs an open bet counts on now: a single on its leg until it is
/// paid, a multiple per [`counted_legs`].
pub(crate) fn exposed_legs(bet: &bets::Model, bet_legs: &[legs::Model]) -> Vec<ExposedLeg> {
    if bet.kind == BetKind::Single.code() {
        bet_legs.iter().map(ExposedLeg::from).collect()
    } else {
        counted_legs(bet, bet_legs)
    }
}

/// Changes to exposure rows, summed per selection and currency.
#[derive(Default)]
pub(crate) struct ExposureDelta(BTreeMap<(Uuid, String), (Uuid, [i64; 4])>);

impl ExposureDelta {
    /// Adds (`sign` 1) or removes (`sign` −1) a bet on the legs `on`.
    pub(crate) fn add(
        &mut self,
        bet: &bets::Model,
        on: impl IntoIterator<Item = ExposedLeg>,
        sign: i64,
    ) {
        let single = if bet.kind == BetKind::Single.code() {
            bet.total_stake
        } else {
            0
        };
        for leg in on {
            let (_, d) = self
                .0
                .entry((leg.selection_id, bet.currency.clone()))
                .or_insert((leg.market_id, [0; 4]));
            d[0] += sign * single;
            d[1] += sign * bet.total_stake;
            d[2] += sign * bet.potential_return;
            d[3] += sign;
        }
    }

    /// Writes the changes to the rows of `shard` in one statement: a
    /// missing row is inserted with them, an existing row has them added
    /// (so concurrent bets on one selection only ever add). Rows are
    /// written in key order.
    pub(crate) async fn apply(
        self,
        txn: &DatabaseTransaction,
        shard: i32,
    ) -> Result<(), SportsbookError> {
        let rows: Vec<exposure::ActiveModel> = self
            .0
            .into_iter()
            .filter(|(_, (_, d))| d.iter().any(|v| *v != 0))
            .map(
                |((selection_id, currency), (market_id, [single, stake, payout, count]))| {
                    exposure::ActiveModel {
                        selection_id: Set(selection_id),
                        currency: Set(currency),
                        shard: Set(shard),
                        market_id: Set(market_id),
                        single_stakes: Set(single),
                        stakes: Set(stake),
                        payout: Set(payout),
                        bets: Set(i32::try_from(count).unwrap_or(i32::MAX)),
                    }
                },
            )
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        let excluded = Alias::new("excluded");
        let add = |col: exposure::Column| {
            (
                col,
                Expr::col((exposure::Entity, col)).add(Expr::col((excluded.clone(), col))),
            )
        };
        exposure::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    exposure::Column::SelectionId,
                    exposure::Column::Currency,
                    exposure::Column::Shard,
                ])
                .values([
                    add(exposure::Column::SingleStakes),
                    add(exposure::Column::Stakes),
                    add(exposure::Column::Payout),
                    add(exposure::Column::Bets),
                ])
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        Ok(())
    }
}

/// A selection's exposure in one currency: the sums over its shards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exposure {
    /// The selection.
    pub selection_id: Uuid,
    /// Currency code.
    pub currency: String,
    /// Stakes of singles on it.
    pub single_stakes: i64,
    /// Stakes of every bet counted on it.
    pub stakes: i64,
    /// Their potential returns.
    pub payout: i64,
    /// How many bets.
    pub bets: i32,
}

/// The exposure of every selection of the market (in `currency` only, when
/// given), shards summed, by selection and currency.
pub(crate) async fn market_exposure<C: ConnectionTrait>(
    conn: &C,
    market_id: Uuid,
    currency: Option<&str>,
) -> Result<Vec<Exposure>, SportsbookError> {
    let mut query = exposure::Entity::find().filter(exposure::Column::MarketId.eq(market_id));
    if let Some(currency) = currency {
        query = query.filter(exposure::Column::Currency.eq(currency));
    }
    Ok(summed(query.all(conn).await?)
        .into_values()
        .flat_map(BTreeMap::into_values)
        .collect())
}

/// The exposure of every selection of the markets `market_ids`, shards
/// summed, by market and then by selection and currency, in one query.
pub(crate) async fn markets_exposure<C: ConnectionTrait>(
    conn: &C,
    market_ids: Vec<Uuid>,
) -> Result<BTreeMap<Uuid, BTreeMap<(Uuid, String), Exposure>>, SportsbookError> {
    if market_ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows = exposure::Entity::find()
        .filter(crate::db::one_of(
            conn.get_database_backend(),
            exposure::Column::MarketId,
            market_ids,
        ))
        .all(conn)
        .await?;
    Ok(summed(rows))
}

fn summed(rows: Vec<exposure::Model>) -> BTreeMap<Uuid, BTreeMap<(Uuid, String), Exposure>> {
    let mut sums: BTreeMap<Uuid, BTreeMap<(Uuid, String), Exposure>> = BTreeMap::new();
    for row in rows {
        let sum = sums
            .entry(row.market_id)
            .or_default()
            .entry((row.selection_id, row.currency.clone()))
            .or_insert_with(|| Exposure::none(row.selection_id, &row.currency));
        sum.single_stakes += row.single_stakes;
        sum.stakes += row.stakes;
        sum.payout += row.payout;
        sum.bets += row.bets;
    }
    sums
}

/// A market's worst case per currency: the largest liability over its
/// `selections` (a selection's potential payout minus the stakes of every
/// single in the market, in that currency). A selection nobody backed
/// costs nothing and keeps the singles, so it counts as minus those
/// stakes. Negative when the book wins whatever happens.
pub(crate) fn worst_case(
    selections: &[Uuid],
    exposure: &BTreeMap<(Uuid, String), Exposure>,
) -> BTreeMap<String, i64> {
    let mut kept: BTreeMap<&str, i64> = BTreeMap::new();
    for e in exposure.values() {
        *kept.entry(e.currency.as_str()).or_default() += e.single_stakes;
    }
    kept.iter()
        .map(|(&currency, &kept)| {
            let worst = selections
                .iter()
                .map(|s| {
                    exposure
                        .get(&(*s, currency.to_owned()))
                        .map_or(0, |e| e.payout)
                        - kept
                })
                .max()
                .unwrap_or(-kept);
            (currency.to_owned(), worst)
        })
        .collect()
}

impl Exposure {
    /// No bets on `selection_id` in `currency`.
    pub(crate) fn none(selection_id: Uuid, currency: &str) -> Self {
        Self {
            selection_id,
            currency: currency.to_owned(),
            single_stakes: 0,
            stakes: 0,
            payout: 0,
            bets: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        selection: Uuid,
        currency: &str,
        single: i64,
        payout: i64,
    ) -> ((Uuid, String), Exposure) {
        (
            (selection, currency.to_owned()),
            Exposure {
                single_stakes: single,
                stakes: single,
                payout,
                bets: 1,
                ..Exposure::none(selection, currency)
            },
        )
    }

    #[test]
    fn worst_case_is_the_costliest_selection_net_of_the_singles_kept() {
        let (home, draw, away) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        // EUR: 10.00 on home pays 25.00, 5.00 on away pays 15.00; nobody
        // backed the draw. GBP: 2.00 on the draw pays 7.00.
        let exposure = BTreeMap::from([
            row(home, "EUR", 1000, 2500),
            row(away, "EUR", 500, 1500),
            row(draw, "GBP", 200, 700),
        ]);
        let worst = worst_case(&[home, draw, away], &exposure);
        assert_eq!(
            worst.get("EUR"),
            Some(&1000),
            "home wins: 25.00 paid, 15.00 kept"
        );
        assert_eq!(
            worst.get("GBP"),
            Some(&500),
            "draw wins: 7.00 paid, 2.00 kept"
        );
        assert_eq!(worst.len(), 2);
    }

    #[test]
    fn a_market_without_bets_has_no_worst_case_and_a_covered_book_is_negative() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(worst_case(&[a, b], &BTreeMap::new()).is_empty());
        // 10.00 on each side at 1.50: whichever wins pays 15.00 of 20.00 kept.
        let exposure = BTreeMap::from([row(a, "EUR", 1000, 1500), row(b, "EUR", 1000, 1500)]);
        assert_eq!(worst_case(&[a, b], &exposure).get("EUR"), Some(&-500));
    }
}
