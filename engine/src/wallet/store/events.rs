//! The balance event: reading a player's balances and emitting
//! `wallet.balance_changed`.

use super::*;

/// [`append_for`] `player`, then `wallet.balance_changed` with the
/// balances it read: the common shape of a player's money command. Both
/// are written `at` (the engine's time).
#[expect(clippy::too_many_arguments, reason = "append with its time and reader")]
pub async fn append_and_emit(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    chain: &mut ChainHead,
    kind: TransactionKind,
    reference: &str,
    idem: Option<&Idempotency>,
    legs: &[Leg],
    player: &PlayerAccounts,
) -> Result<(Appended, Balances), WalletError> {
    let appended = append_for(txn, at, chain, kind, reference, idem, legs, Some(player)).await?;
    let now = appended.player_balances()?;
    let now = emit_balances(txn, at, player, now, appended.id, kind).await?;
    Ok((appended, now))
}

/// The player's balances as seen inside `conn`.
pub async fn balances<C: ConnectionTrait>(
    conn: &C,
    accounts_of: &PlayerAccounts,
) -> Result<Balances, WalletError> {
    let rows = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in([
            accounts_of.cash,
            accounts_of.bonus,
            accounts_of.reserved,
        ]))
        .all(conn)
        .await?;
    let of = |id: Uuid| rows.iter().find(|r| r.id == id).map_or(0, |r| r.balance);
    let currency = accounts_of.currency;
    Ok(Balances {
        currency,
        cash: Money::new(of(accounts_of.cash), currency),
        bonus: Money::new(of(accounts_of.bonus), currency),
        reserved: Money::new(of(accounts_of.reserved), currency),
    })
}

/// Writes `wallet.balance_changed` for the player to the outbox, in the
/// transaction that changed the balance, created `at`.
pub async fn emit_balance_changed<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    accounts_of: &PlayerAccounts,
    transaction_id: Uuid,
    kind: TransactionKind,
) -> Result<Balances, WalletError> {
    let now = balances(conn, accounts_of).await?;
    emit_balances(conn, at, accounts_of, now, transaction_id, kind).await
}

/// [`emit_balance_changed`] with balances already known (from
/// [`append_for`]).
pub async fn emit_balances<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    accounts_of: &PlayerAccounts,
    now: Balances,
    transaction_id: Uuid,
    kind: TransactionKind,
) -> Result<Balances, WalletError> {
    let mut pending = crate::events::Pending::new(at);
    push_balances(&mut pending, accounts_of, now, transaction_id, kind);
    pending.flush(conn).await?;
    Ok(now)
}

/// Adds `wallet.balance_changed` with the balances `now` to `pending`.
pub fn push_balances(
    pending: &mut crate::events::Pending,
    accounts_of: &PlayerAccounts,
    now: Balances,
    transaction_id: Uuid,
    kind: TransactionKind,
) {
    pending.push(
        domain::events::Topic::Wallet(accounts_of.player_id),
        domain::events::EventData::BalanceChanged(domain::events::BalanceChanged {
            player_id: accounts_of.player_id,
            currency: now.currency,
            cash: now.cash.format_amount(),
            bonus: now.bonus.format_amount(),
            reserved: now.reserved.format_amount(),
            transaction_id,
            kind,
        }),
    );
}
