//! Accounts: their natural keys, the chains and house shards players use,
//! opening a player's accounts and the caches of their ids.

use super::*;

/// The chain a transaction touching this player belongs to.
pub fn player_chain(player_id: Uuid) -> String {
    format!("player:{player_id}")
}

/// The house shard a player's transactions use.
pub fn house_shard(player_id: Uuid) -> i32 {
    let shard = player_id.as_u128() % u128::from(HOUSE_SHARDS);
    i32::try_from(shard).unwrap_or(0)
}

/// The unique natural key of an account row.
pub fn account_key(account: &AccountRef, currency: Currency, shard: i32) -> String {
    let owner = account
        .player_id()
        .map_or_else(|| "house".to_owned(), |id| id.to_string());
    format!(
        "{}:{owner}:{}:{shard}",
        account.kind().code(),
        currency.code()
    )
}

/// Ids of a player's three accounts and their currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayerAccounts {
    /// The player.
    pub player_id: Uuid,
    /// Wallet currency.
    pub currency: Currency,
    /// Withdrawable cash.
    pub cash: Uuid,
    /// Bonus money.
    pub bonus: Uuid,
    /// Held money (open bets, pending withdrawals).
    pub reserved: Uuid,
}

impl PlayerAccounts {
    /// The id of the account of `kind` (a player kind).
    pub fn id_of(&self, kind: AccountKind) -> Option<Uuid> {
        match kind {
            AccountKind::PlayerCash => Some(self.cash),
            AccountKind::PlayerBonus => Some(self.bonus),
            AccountKind::PlayerReserved => Some(self.reserved),
            _ => None,
        }
    }
}

/// Cache of house account ids by natural key (a few dozen rows at most).
#[derive(Default)]
pub struct HouseCache {
    ids: Mutex<HashMap<String, Uuid>>,
}

/// Cache of players' account ids: a player's three accounts and currency
/// are fixed once opened, so they are read from the database once per
/// process. Bounded: emptied when it reaches [`PlayerCache::CAPACITY`].
#[derive(Default)]
pub struct PlayerCache {
    by_player: Mutex<HashMap<Uuid, PlayerAccounts>>,
}

impl PlayerCache {
    /// Most players kept.
    pub const CAPACITY: usize = 100_000;

    /// The cached accounts of `player`.
    pub fn get(&self, player: Uuid) -> Option<PlayerAccounts> {
        self.by_player.lock().ok()?.get(&player).copied()
    }

    /// Remembers `accounts`.
    pub fn put(&self, accounts: PlayerAccounts) {
        if let Ok(mut map) = self.by_player.lock() {
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
            map.insert(accounts.player_id, accounts);
        }
    }
}

/// Inserts an account row unless its key exists; returns nothing either way.
async fn insert_account_if_missing<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    owner: Option<Uuid>,
    kind: AccountKind,
    currency: Currency,
    shard: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = accounts::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_key: Set(key.to_owned()),
        owner_id: Set(owner),
        kind: Set(kind.code().to_owned()),
        currency: Set(currency.code().to_owned()),
        shard: Set(shard),
        balance: Set(0),
        updated_at: Set(at),
    };
    accounts::Entity::insert(row)
        .on_conflict_do_nothing_on([accounts::Column::AccountKey])
        .exec(conn)
        .await?;
    Ok(())
}

/// Makes sure the chain row exists (created `at`).
pub async fn ensure_chain<C: ConnectionTrait>(
    conn: &C,
    chain_key: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = ledger_chains::ActiveModel {
        chain_key: Set(chain_key.to_owned()),
        seq: Set(0),
        head_hash: Set(String::new()),
        updated_at: Set(at),
    };
    ledger_chains::Entity::insert(row)
        .on_conflict_do_nothing()
        .exec(conn)
        .await?;
    Ok(())
}

/// The player's accounts, opening them (and their chain) on first use.
/// Fails with `NotFound` for unknown users and staff.
pub async fn player_accounts<C: ConnectionTrait>(
    conn: &C,
    player_id: Uuid,
    at: DateTime<Utc>,
) -> Result<PlayerAccounts, WalletError> {
    if let Some(found) = load_player_accounts(conn, player_id).await? {
        return Ok(found);
    }
    let user = entity::users::Entity::find_by_id(player_id)
        .one(conn)
        .await?
        .ok_or(WalletError::NotFound)?;
    if !user.roles.split_whitespace().any(|r| r == "player") {
        return Err(WalletError::NotFound);
    }
    let currency: Currency = user.currency.parse().map_err(|_| {
        anyhow::anyhow!("player {player_id} has unknown currency {}", user.currency)
    })?;
    // The chain first: on a pool (no transaction) each insert commits on
    // its own, and a concurrent caller that already sees all three accounts
    // goes straight on to lock the chain, which must exist by then.
    ensure_chain(conn, &player_chain(player_id), at).await?;
    for kind in [
        AccountKind::PlayerCash,
        AccountKind::PlayerBonus,
        AccountKind::PlayerReserved,
    ] {
        let account = AccountRef::player(kind, player_id).map_err(anyhow::Error::from)?;
        let key = account_key(&account, currency, 0);
        insert_account_if_missing(conn, &key, Some(player_id), kind, currency, 0, at).await?;
    }
    load_player_accounts(conn, player_id)
        .await?
        .ok_or_else(|| WalletError::Unexpected(anyhow::anyhow!("player accounts vanished")))
}

async fn load_player_accounts<C: ConnectionTrait>(
    conn: &C,
    player_id: Uuid,
) -> Result<Option<PlayerAccounts>, WalletError> {
    let rows = accounts::Entity::find()
        .filter(accounts::Column::OwnerId.eq(player_id))
        .all(conn)
        .await?;
    let find = |kind: AccountKind| rows.iter().find(|r| r.kind == kind.code());
    match (
        find(AccountKind::PlayerCash),
        find(AccountKind::PlayerBonus),
        find(AccountKind::PlayerReserved),
    ) {
        (Some(cash), Some(bonus), Some(reserved)) => {
            let currency = cash
                .currency
                .parse()
                .map_err(|_| anyhow::anyhow!("account {} has unknown currency", cash.id))?;
            Ok(Some(PlayerAccounts {
                player_id,
                currency,
                cash: cash.id,
                bonus: bonus.id,
                reserved: reserved.id,
            }))
        }
        _ => Ok(None),
    }
}

impl HouseCache {
    /// The id of the house account of `kind` in `currency`, `shard`,
    /// creating the row on first use (`at`).
    pub async fn id<C: ConnectionTrait>(
        &self,
        conn: &C,
        kind: AccountKind,
        currency: Currency,
        shard: i32,
        at: DateTime<Utc>,
    ) -> Result<Uuid, WalletError> {
        let account = AccountRef::house(kind).map_err(anyhow::Error::from)?;
        let key = account_key(&account, currency, shard);
        if let Some(id) = self.ids.lock().ok().and_then(|ids| ids.get(&key).copied()) {
            return Ok(id);
        }
        insert_account_if_missing(conn, &key, None, kind, currency, shard, at).await?;
        let row = accounts::Entity::find()
            .filter(accounts::Column::AccountKey.eq(key.clone()))
            .one(conn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("house account {key} vanished"))?;
        if let Ok(mut ids) = self.ids.lock() {
            ids.insert(key, row.id);
        }
        Ok(row.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keys_are_unique_per_kind_owner_currency_and_shard() {
        let player = Uuid::from_u128(7);
        let cash = AccountRef::player(AccountKind::PlayerCash, player).unwrap();
        let house = AccountRef::house(AccountKind::HouseCasino).unwrap();
        assert_eq!(
            account_key(&cash, Currency::EUR, 0),
            format!("player_cash:{player}:EUR:0")
        );
        assert_eq!(
            account_key(&house, Currency::EUR, 3),
            "house_casino:house:EUR:3"
        );
        assert_ne!(
            account_key(&house, Currency::EUR, 3),
            account_key(&house, Currency::USD, 3)
        );
    }

    #[test]
    fn a_player_always_uses_the_same_house_shard_and_shards_stay_in_range() {
        for n in 0..1_000u128 {
            let shard = house_shard(Uuid::from_u128(n * 7919));
            assert!((0..HOUSE_SHARDS as i32).contains(&shard));
            assert_eq!(shard, house_shard(Uuid::from_u128(n * 7919)));
        }
    }
}
