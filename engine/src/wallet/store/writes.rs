//! The statements of an append: posting rows, chain heads and net
//! balance changes, applied one by one or gathered into one statement
//! (guarded on PostgreSQL).

use super::*;

/// A posting about to be written: its balance after is the account's
/// balance after the whole append plus `offset` (minus what the account's
/// later legs in the append add).
pub(super) struct PostingRow {
    pub(super) id: Uuid,
    pub(super) transaction_id: Uuid,
    pub(super) leg: Leg,
    pub(super) offset: i64,
}

impl PostingRow {
    /// Its row, given its account's balance after the whole append.
    pub(super) fn model(&self, final_balance: i64) -> ledger_postings::ActiveModel {
        ledger_postings::ActiveModel {
            id: Set(self.id),
            transaction_id: Set(self.transaction_id),
            account_id: Set(self.leg.account_id),
            amount: Set(self.leg.amount.minor()),
            currency: Set(self.leg.amount.currency().code().to_owned()),
            balance_after: Set(final_balance + self.offset),
        }
    }
}

/// The name of the gathered balance update's part ([`gather_net_joined`]).
const CHANGED_ACCOUNTS: &str = "changed_accounts";

/// The postings on PostgreSQL, gathered: their balances after come from
/// the gathered balance update's answer, joined by account (a posting of an
/// account the update left out is not written, and [`After::read`] then
/// refuses the whole append).
pub(super) fn gather_postings_joined(rows: &[PostingRow], writes: &mut Writes) {
    use sea_orm::{EntityName, IdenStatic};
    if rows.is_empty() {
        return;
    }
    let col = |c: ledger_postings::Column| c.as_str();
    let sql = format!(
        "INSERT INTO \"{table}\" (\"{id}\", \"{tx}\", \"{account}\", \"{amount}\", \"{currency}\", \"{after}\") \
         SELECT u.id, u.tx, u.account, u.amount, u.currency, a.balance + u.shift \
         FROM UNNEST($1, $2, $3, $4, $5, $6) AS u(id, tx, account, amount, currency, shift) \
         JOIN {CHANGED_ACCOUNTS} AS a ON a.id = u.account",
        table = ledger_postings::Entity.table_name(),
        id = col(ledger_postings::Column::Id),
        tx = col(ledger_postings::Column::TransactionId),
        account = col(ledger_postings::Column::AccountId),
        amount = col(ledger_postings::Column::Amount),
        currency = col(ledger_postings::Column::Currency),
        after = col(ledger_postings::Column::BalanceAfter),
    );
    let values: Vec<sea_orm::Value> = vec![
        crate::db::array(rows.iter().map(|r| r.id)),
        crate::db::array(rows.iter().map(|r| r.transaction_id)),
        crate::db::array(rows.iter().map(|r| r.leg.account_id)),
        crate::db::array(rows.iter().map(|r| r.leg.amount.minor())),
        crate::db::array(
            rows.iter()
                .map(|r| r.leg.amount.currency().code().to_owned()),
        ),
        crate::db::array(rows.iter().map(|r| r.offset)),
    ];
    writes.push(crate::db::postgres(sql, values));
}

/// Writes the heads of the `touched` chains in one statement (gathered
/// into `writes` on PostgreSQL).
pub(super) async fn update_heads<C: ConnectionTrait>(
    txn: &C,
    heads: &HashMap<String, ChainHead>,
    touched: &std::collections::BTreeSet<String>,
    writes: &mut Writes,
) -> Result<(), DbErr> {
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        update_heads_joined(heads, touched, writes, None);
        return Ok(());
    }
    let mut seq: Option<sea_orm::sea_query::CaseStatement> = None;
    let mut hash: Option<sea_orm::sea_query::CaseStatement> = None;
    for head in touched.iter().filter_map(|key| heads.get(key)) {
        let when = || Expr::col(ledger_chains::Column::ChainKey).eq(head.chain_key.clone());
        seq = Some(match seq {
            None => Expr::case(when(), head.seq),
            Some(case) => case.case(when(), head.seq),
        });
        hash = Some(match hash {
            None => Expr::case(when(), head.head_hash.clone()),
            Some(case) => case.case(when(), head.head_hash.clone()),
        });
    }
    let (Some(seq), Some(hash)) = (seq, hash) else {
        return Ok(());
    };
    ledger_chains::Entity::update_many()
        .col_expr(
            ledger_chains::Column::Seq,
            seq.finally(Expr::col(ledger_chains::Column::Seq)).into(),
        )
        .col_expr(
            ledger_chains::Column::HeadHash,
            hash.finally(Expr::col(ledger_chains::Column::HeadHash))
                .into(),
        )
        .filter(ledger_chains::Column::ChainKey.is_in(touched.iter().cloned()))
        .exec(txn)
        .await?;
    Ok(())
}

/// The name of the guarded chain update's part ([`update_heads_joined`]).
pub const GUARDED_CHAINS: &str = "guarded_chains";

/// [`update_heads`] on PostgreSQL, gathered: the heads go as arrays joined
/// to the chains (one statement text whatever their number). With
/// `before` (each chain's seq before the append), a chain moves only from
/// that seq, and the part [`GUARDED_CHAINS`] answers the chains it moved.
pub(super) fn update_heads_joined(
    heads: &HashMap<String, ChainHead>,
    touched: &std::collections::BTreeSet<String>,
    writes: &mut Writes,
    before: Option<&HashMap<String, i64>>,
) {
    use sea_orm::{EntityName, IdenStatic};
    let touched: Vec<&ChainHead> = touched.iter().filter_map(|key| heads.get(key)).collect();
    if touched.is_empty() {
        return;
    }
    let col = |c: ledger_chains::Column| c.as_str();
    let table = ledger_chains::Entity.table_name();
    let seq = col(ledger_chains::Column::Seq);
    let hash = col(ledger_chains::Column::HeadHash);
    let key = col(ledger_chains::Column::ChainKey);
    let mut values: Vec<sea_orm::Value> = vec![
        crate::db::array(touched.iter().map(|h| h.chain_key.clone())),
        crate::db::array(touched.iter().map(|h| h.seq)),
        crate::db::array(touched.iter().map(|h| h.head_hash.clone())),
    ];
    match before {
        None => writes.push(crate::db::postgres(
            format!(
                "UPDATE \"{table}\" AS c SET \"{seq}\" = u.seq, \"{hash}\" = u.hash \
                 FROM UNNEST($1, $2, $3) AS u(chain_key, seq, hash) WHERE c.\"{key}\" = u.chain_key"
            ),
            values,
        )),
        Some(before) => {
            values.push(crate::db::array(
                touched
                    .iter()
                    .map(|h| before.get(&h.chain_key).copied().unwrap_or(-1)),
            ));
            writes.push_named(
                GUARDED_CHAINS,
                crate::db::postgres(
                    format!(
                        "UPDATE \"{table}\" AS c SET \"{seq}\" = u.seq, \"{hash}\" = u.hash \
                         FROM UNNEST($1, $2, $3, $4) AS u(chain_key, seq, hash, before) \
                         WHERE c.\"{key}\" = u.chain_key AND c.\"{seq}\" = u.before \
                         RETURNING c.\"{key}\""
                    ),
                    values,
                ),
            );
        }
    }
}

/// The net change of `legs` per account, and whether it is a player's
/// (with each of `players`' three accounts, changed or not).
pub(super) fn net_changes(
    legs: &[Leg],
    players: &[PlayerAccounts],
) -> Result<std::collections::BTreeMap<Uuid, (i64, bool)>, WalletError> {
    // account id → (net change, is a player account)
    let mut net: std::collections::BTreeMap<Uuid, (i64, bool)> = std::collections::BTreeMap::new();
    for leg in legs {
        let entry = net
            .entry(leg.account_id)
            .or_insert((0, leg.account.kind().is_player()));
        entry.0 = entry
            .0
            .checked_add(leg.amount.minor())
            .ok_or_else(|| anyhow::anyhow!("posting amounts overflow"))?;
    }
    for p in players {
        for id in [p.cash, p.bonus, p.reserved] {
            net.entry(id).or_insert((0, true));
        }
    }
    Ok(net)
}

/// Applies the net changes `net` (SQLite) in one statement and returns every
/// account's balance after it. A player account whose balance would go
/// below zero is left out by the statement's condition, which makes the
/// whole transaction `InsufficientFunds`. Player rows are only ever written
/// under their chain's lock, so two transactions never wait on each other
/// in opposite orders.
pub(super) async fn apply_net<C: ConnectionTrait>(
    txn: &C,
    net: &std::collections::BTreeMap<Uuid, (i64, bool)>,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, i64>, WalletError> {
    let mut change: Option<sea_orm::sea_query::CaseStatement> = None;
    let mut guard = Condition::all();
    for (&id, &(delta, is_player)) in net {
        if delta != 0 {
            let when = Expr::col(accounts::Column::Id).eq(id);
            change = Some(match change {
                None => Expr::case(when, delta),
                Some(case) => case.case(when, delta),
            });
        }
        if is_player && delta < 0 {
            guard = guard.add(
                Condition::any()
                    .add(accounts::Column::Id.ne(id))
                    .add(accounts::Column::Balance.gte(-delta)),
            );
        }
    }
    let ids: Vec<Uuid> = net.keys().copied().collect();
    let mut update = accounts::Entity::update_many()
        .col_expr(accounts::Column::UpdatedAt, Expr::value(now))
        .filter(accounts::Column::Id.is_in(ids.clone()))
        .filter(guard);
    if let Some(change) = change {
        update = update.col_expr(
            accounts::Column::Balance,
            Expr::col(accounts::Column::Balance).add(change.finally(0i64)),
        );
    }
    let rows: Vec<(Uuid, i64)> = if txn.support_returning() {
        update
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.balance))
            .collect()
    } else if usize::try_from(update.exec(txn).await?.rows_affected).ok() == Some(ids.len()) {
        accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(ids.clone()))
            .all(txn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.balance))
            .collect()
    } else {
        Vec::new()
    };
    // A missing row: a balance check refused it (the accounts exist: their
    // ids came from the caller's lookup).
    if rows.len() != ids.len() {
        return Err(WalletError::InsufficientFunds);
    }
    Ok(rows.into_iter().collect())
}

/// The balance update on PostgreSQL, gathered as the part
/// [`CHANGED_ACCOUNTS`], which answers every changed account's id and
/// balance after: the net changes go as arrays joined to the accounts,
/// where a `CASE` of one branch per account would make it quadratic. A
/// player account whose balance would go below zero is left out by its
/// condition ([`After::read`] refuses it). PostgreSQL locks the rows in
/// index (id) order within the statement; player rows are only ever
/// written under their chain's lock, so two transactions never wait on
/// each other in opposite orders.
///
/// The gathered statement answers the changed accounts and, read beside
/// them, the accounts in `net` without a leg (a player's other accounts,
/// for the balance event): not updating those saves a row version each. A
/// plain read is current for them: they are player accounts, written only
/// under their chains' locks, which this transaction took in an earlier
/// statement.
pub(super) fn gather_net_joined(
    net: &std::collections::BTreeMap<Uuid, (i64, bool)>,
    legs: &[Leg],
    now: DateTime<Utc>,
    writes: &mut Writes,
) {
    use sea_orm::{EntityName, IdenStatic};
    let with_legs: std::collections::HashSet<Uuid> = legs.iter().map(|l| l.account_id).collect();
    let (changed, unchanged): (Vec<_>, Vec<_>) =
        net.iter().partition(|(id, _)| with_legs.contains(*id));
    let col = |c: accounts::Column| c.as_str();
    let sql = format!(
        "UPDATE \"{table}\" AS a SET \"{balance}\" = a.\"{balance}\" + u.delta, \
         \"{updated}\" = $1 FROM UNNEST($2, $3, $4) AS u(id, delta, guarded) \
         WHERE a.\"{id}\" = u.id AND (NOT u.guarded OR a.\"{balance}\" + u.delta >= 0) \
         RETURNING a.\"{id}\" AS id, a.\"{balance}\" AS balance",
        table = accounts::Entity.table_name(),
        balance = col(accounts::Column::Balance),
        updated = col(accounts::Column::UpdatedAt),
        id = col(accounts::Column::Id),
    );
    let values: Vec<sea_orm::Value> = vec![
        now.into(),
        crate::db::array(changed.iter().map(|(id, _)| **id)),
        crate::db::array(changed.iter().map(|(_, (delta, _))| *delta)),
        // A player account may not go below zero.
        crate::db::array(
            changed
                .iter()
                .map(|(_, (delta, is_player))| *is_player && *delta < 0),
        ),
    ];
    writes.push_named(CHANGED_ACCOUNTS, crate::db::postgres(sql, values));
    let balances = if unchanged.is_empty() {
        crate::db::postgres(
            format!("SELECT id, balance FROM {CHANGED_ACCOUNTS}"),
            Vec::new(),
        )
    } else {
        crate::db::postgres(
            format!(
                "SELECT id, balance FROM {CHANGED_ACCOUNTS} UNION ALL \
                 SELECT \"{id}\", \"{balance}\" FROM \"{table}\" WHERE \"{id}\" = ANY($1)",
                table = accounts::Entity.table_name(),
                balance = col(accounts::Column::Balance),
                id = col(accounts::Column::Id),
            ),
            vec![crate::db::array(unchanged.iter().map(|(id, _)| **id))],
        )
    };
    writes.push_named(BALANCES_AFTER, balances);
    writes.returning(crate::db::postgres(
        format!("SELECT id, balance FROM {BALANCES_AFTER}"),
        Vec::new(),
    ));
}

/// The name of the part answering the balances after an append on
/// PostgreSQL ([`gather_net_joined`]).
const BALANCES_AFTER: &str = "balances_after";

/// Makes the gathered statement of a guarded append
/// ([`append_many_guarded`]) answer its balances only when every one of
/// its `chains` chains moved from the head it was hashed from and every
/// balance in `expected` (the players' accounts, by id) is what the caller
/// reckoned, of the `accounts` it answers; else `croupier_wallet_guard`
/// raises `CRW01` ([`is_guard_refusal`]) and nothing of the statement
/// stays. The guard is the outer side of the query, so it runs before any
/// row is answered (and before the parts nobody reads run, at its end).
pub fn guarded_answer(
    writes: &mut Writes,
    chains: usize,
    accounts: usize,
    expected: &HashMap<Uuid, i64>,
) {
    let (ids, balances): (Vec<Uuid>, Vec<i64>) = expected.iter().map(|(k, v)| (*k, *v)).unzip();
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    writes.returning(crate::db::postgres(
        format!(
            "SELECT b.id, b.balance FROM (SELECT croupier_wallet_guard(\
               (SELECT count(*) FROM {GUARDED_CHAINS}) = $1 \
               AND (SELECT count(*) FROM {BALANCES_AFTER}) = $2 \
               AND (SELECT count(*) FROM {BALANCES_AFTER} AS a \
                    JOIN UNNEST($3::uuid[], $4::bigint[]) AS e(id, balance) \
                    ON a.id = e.id AND a.balance = e.balance) = $5) AS ok) AS g \
             CROSS JOIN LATERAL (SELECT id, balance FROM {BALANCES_AFTER} WHERE g.ok) AS b"
        ),
        vec![
            count(chains).into(),
            count(accounts).into(),
            crate::db::array(ids),
            crate::db::array(balances),
            count(expected.len()).into(),
        ],
    ));
}

/// Each leg's balance after it, less its account's balance after all of
/// `legs` (applying one account's legs in their order): the offset from
/// the final balance, which only the update knows where others write the
/// account too (a house account).
pub(super) fn leg_offsets(legs: &[Leg]) -> Vec<i64> {
    let mut total: HashMap<Uuid, i64> = HashMap::new();
    for leg in legs {
        *total.entry(leg.account_id).or_insert(0) += leg.amount.minor();
    }
    let mut running: HashMap<Uuid, i64> = total.iter().map(|(id, sum)| (*id, -sum)).collect();
    legs.iter()
        .map(|leg| {
            let offset = running.entry(leg.account_id).or_insert(0);
            *offset += leg.amount.minor();
            *offset
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_leg_knows_its_balance_after_from_its_accounts_final_balance() {
        let player = Uuid::from_u128(7);
        let cash = AccountRef::player(AccountKind::PlayerCash, player).unwrap();
        let house = AccountRef::house(AccountKind::HouseCasino).unwrap();
        let leg = |account: AccountRef, id: u128, minor: i64| Leg {
            account,
            account_id: Uuid::from_u128(id),
            amount: Money::new(minor, Currency::EUR),
        };
        // Two transactions on one cash account and one house account:
        // cash +500 then -200, house -500 then +200.
        let legs = [
            leg(cash, 1, 500),
            leg(house, 2, -500),
            leg(cash, 1, -200),
            leg(house, 2, 200),
        ];
        let offsets = leg_offsets(&legs);
        assert_eq!(offsets, vec![200, -200, 0, 0]);
        // Cash ends at 1,300 (it was 1,000): after the first leg it held
        // 1,500; the house ends at -300 (it was 0): -500 after its first.
        let finals = [1_300, -300, 1_300, -300];
        let after: Vec<i64> = finals.iter().zip(&offsets).map(|(f, o)| f + o).collect();
        assert_eq!(after, vec![1_500, -500, 1_300, -300]);
    }
}
