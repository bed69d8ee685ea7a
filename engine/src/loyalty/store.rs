//! The redemption store: items priced in points and/or coins, with an
//! optional stock and lowest tier, whose reward is any reward of
//! API.md "Rewards" granted through [`crate::rewards::grant`].
//!
//! Rules:
//! - A redemption is ONE transaction, the reward grant's: inside it the
//!   store's guard inserts the redemption row (unique by player and
//!   idempotency key), takes one from the stock with a guarded update
//!   (`stock_left > 0`) and spends the points and coins through the
//!   ledger's guarded update (never below zero); the grant's award key is
//!   `store:{redemption}`. Any refusal rolls everything back, so no
//!   concurrency can take stock or points below zero or take points
//!   without granting.
//! - The same idempotency key answers the same redemption, however often
//!   and however concurrently it is sent.
//! - Self-excluded and timed-out players are refused (403 `self_excluded`);
//!   an item above the player's tier is refused (403 `tier_required`).
//! - Rewards are defined in the reporting currency.

use chrono::{DateTime, Utc};
use domain::api::loyalty::{Redemption, StoreItem, StoreItemList, StoreItemSpec};
use domain::events::Topic;
use domain::money::Money;
use domain::reward::{Reward, RewardSpec};
use domain::validation::FieldErrors;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
};
use uuid::Uuid;

use super::ledger::{self, Change, LedgerChangeError, Unit};
use super::{Loyalty, LoyaltyError};
use crate::rewards::{Grant, Granted, Guard, Refusal, Source};
use entity::{loyalty_redemptions, loyalty_store_items};

/// Most items the store lists.
pub const MAX_ITEMS: u64 = 500;
/// Longest idempotency key.
pub const MAX_KEY_CHARS: usize = 200;
/// The one status of a redemption.
pub const FULFILLED: &str = "fulfilled";

const REFUSE_DUPLICATE: &str = "duplicate redemption";
const REFUSE_STOCK: &str = "out_of_stock";
const REFUSE_POINTS: &str = "insufficient_points";

fn item_view(row: loyalty_store_items::Model) -> Result<StoreItem, LoyaltyError> {
    let reward: RewardSpec = serde_json::from_str(&row.reward)
        .map_err(|e| anyhow::anyhow!("stored store item reward: {e}"))?;
    Ok(StoreItem {
        reward_id: row.id,
        name: row.name,
        cost_points: row.cost_points,
        cost_coins: row.cost_coins,
        reward,
        stock: row.stock,
        stock_left: row.stock_left,
        min_tier: row.min_tier,
        active: row.active,
        demo: row.demo,
        created_at: row.created_at,
    })
}

fn redemption_view(row: loyalty_redemptions::Model) -> Redemption {
    Redemption {
        redemption_id: row.id,
        reward_id: row.item_id,
        points_spent: row.points_spent,
        coins_spent: row.coins_spent,
        status: row.status,
        created_at: row.created_at,
    }
}

/// Validates an item body; answers the parsed reward.
fn validate(
    spec: &StoreItemSpec,
    programme: Option<&domain::loyalty::Programme>,
    currency: domain::money::Currency,
) -> Result<Reward, LoyaltyError> {
    let mut errors = FieldErrors::new();
    let name = spec.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("name", "must be 1 to 200 characters");
    }
    let price = |v: Option<i64>| v.is_some_and(|n| !(1..=ledger::MAX_DELTA).contains(&n));
    if price(spec.cost_points) {
        errors.add("cost_points", "must be a whole number from 1 to 1000000000");
    }
    if price(spec.cost_coins) {
        errors.add("cost_coins", "must be a whole number from 1 to 1000000000");
    }
    if spec.cost_points.is_none() && spec.cost_coins.is_none() {
        errors.add("cost_points", "give cost_points, cost_coins or both");
    }
    if spec
        .stock
        .is_some_and(|s| !(0..=ledger::MAX_DELTA).contains(&s))
    {
        errors.add("stock", "must be a whole number from 0 to 1000000000");
    }
    if let Some(tier) = &spec.min_tier {
        match programme {
            Some(p) if p.tier(tier).is_some() => {}
            Some(_) => errors.add("min_tier", "is not a tier of the programme"),
            None => errors.add("min_tier", "no loyalty programme is set"),
        }
    }
    let reward = errors.absorb(Reward::parse(&spec.reward, currency, "reward"));
    errors
        .finish(reward, "reward")
        .map_err(LoyaltyError::Validation)
}

impl Loyalty<'_> {
    /// Adds an item to the store (`POST /admin/loyalty/rewards`).
    pub async fn create_item(
        &self,
        spec: &StoreItemSpec,
        author: Uuid,
    ) -> Result<StoreItem, LoyaltyError> {
        self.insert_item(spec, Some(author), false).await
    }

    /// [`Loyalty::create_item`], marked as demo content when `demo` (the
    /// demo seed, which has no author).
    pub async fn insert_item(
        &self,
        spec: &StoreItemSpec,
        author: Option<Uuid>,
        demo: bool,
    ) -> Result<StoreItem, LoyaltyError> {
        let engine = self.engine();
        let currency = engine.config().reporting_currency;
        let programme = self.programme().await?;
        let reward = validate(spec, programme.as_ref(), currency)?;
        let at = engine.now();
        let row = loyalty_store_items::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(spec.name.trim().to_owned()),
            cost_points: Set(spec.cost_points),
            cost_coins: Set(spec.cost_coins),
            reward: Set(serde_json::to_string(&reward.to_spec()).map_err(anyhow::Error::from)?),
            currency: Set(currency.code().to_owned()),
            stock: Set(spec.stock),
            stock_left: Set(spec.stock),
            min_tier: Set(spec.min_tier.clone()),
            active: Set(true),
            demo: Set(demo),
            created_by: Set(author),
            created_at: Set(at),
        };
        let txn = crate::db::begin_write(engine.db()).await?;
        let row = loyalty_store_items::Entity::insert(row)
            .exec_with_returning(&txn)
            .await?;
        crate::audit::record(
            &txn,
            at,
            author,
            "loyalty.store_item_created",
            &format!("store_item:{}", row.id),
            serde_json::json!({"name": row.name}),
        )
        .await?;
        txn.commit().await?;
        item_view(row)
    }

    /// The store: active items for players (`GET /loyalty/rewards`), or
    /// every item with `include_inactive` (the back office).
    pub async fn items(&self, include_inactive: bool) -> Result<StoreItemList, LoyaltyError> {
        let mut query = loyalty_store_items::Entity::find();
        if !include_inactive {
            query = query.filter(loyalty_store_items::Column::Active.eq(true));
        }
        let rows = sea_orm::QuerySelect::limit(
            query
                .order_by_asc(loyalty_store_items::Column::CostPoints)
                .order_by_asc(loyalty_store_items::Column::CreatedAt),
            MAX_ITEMS,
        )
        .all(self.engine().db())
        .await?;
        Ok(StoreItemList {
            items: rows.into_iter().map(item_view).collect::<Result<_, _>>()?,
        })
    }

    /// Redeems `item` for `player` once per `idempotency_key` (see the
    /// module rules).
    pub async fn redeem(
        &self,
        player: Uuid,
        item: Uuid,
        idempotency_key: &str,
    ) -> Result<Redemption, LoyaltyError> {
        let engine = self.engine();
        let key = idempotency_key.trim();
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(LoyaltyError::field(
                "Idempotency-Key",
                "give a key of 1 to 200 characters",
            ));
        }
        if let Some(done) = find_redemption(engine, player, key).await? {
            return Ok(done);
        }
        let row = loyalty_store_items::Entity::find_by_id(item)
            .one(engine.db())
            .await?
            .filter(|r| r.active)
            .ok_or(LoyaltyError::NotFound)?;
        if engine.compliance().is_excluded(player).await {
            return Err(LoyaltyError::SelfExcluded);
        }
        self.check_tier(player, &row).await?;
        let spec: RewardSpec = serde_json::from_str(&row.reward)
            .map_err(|e| anyhow::anyhow!("stored store item reward: {e}"))?;
        let currency = row
            .currency
            .parse()
            .map_err(|e| anyhow::anyhow!("stored store item currency: {e}"))?;
        let reward = Reward::parse(&spec, currency, "reward")
            .map_err(|e| anyhow::anyhow!("stored store item reward is invalid: {e:?}"))?;
        let redemption_id = Uuid::now_v7();
        let guard = StoreGuard {
            redemption_id,
            item: &row,
            key,
        };
        let grant = Grant {
            award_key: format!("store:{redemption_id}"),
            source: Source::Store(row.id),
            variant: None,
            player_id: player,
            reward: &reward,
            currency,
            basis: None,
            reason: format!("store: {}", row.name),
        };
        let granted = crate::rewards::grant(engine, &grant, &guard)
            .await
            .map_err(|e| anyhow::anyhow!("store grant: {e}"))?;
        match granted {
            Granted::New { .. } | Granted::Already => {}
            Granted::Refused(Refusal::Excluded) => return Err(LoyaltyError::SelfExcluded),
            Granted::Refused(Refusal::Guard(reason)) => match reason.as_str() {
                REFUSE_STOCK => return Err(LoyaltyError::OutOfStock),
                REFUSE_POINTS => return Err(LoyaltyError::InsufficientPoints),
                REFUSE_DUPLICATE => {}
                other => return Err(anyhow::anyhow!("store refused: {other}").into()),
            },
            Granted::Refused(other) => {
                return Err(anyhow::anyhow!("the store reward was refused: {other}").into());
            }
        }
        engine.events().wake();
        find_redemption(engine, player, key)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the redemption row is missing").into())
    }

    /// 403 `tier_required` when `item` needs a tier above the player's.
    async fn check_tier(
        &self,
        player: Uuid,
        item: &loyalty_store_items::Model,
    ) -> Result<(), LoyaltyError> {
        let Some(min) = &item.min_tier else {
            return Ok(());
        };
        let engine = self.engine();
        let Some(programme) = self.programme().await? else {
            return Err(LoyaltyError::TierRequired(min.clone()));
        };
        let t = super::tiers::tier_now(engine.db(), &programme, player, engine.now()).await?;
        let held = programme.rank_of(&t.held.name).unwrap_or(0);
        match programme.rank_of(min) {
            Some(needed) if held >= needed => Ok(()),
            _ => Err(LoyaltyError::TierRequired(min.clone())),
        }
    }
}

async fn find_redemption(
    engine: &crate::Engine,
    player: Uuid,
    key: &str,
) -> Result<Option<Redemption>, DbErr> {
    Ok(loyalty_redemptions::Entity::find()
        .filter(loyalty_redemptions::Column::PlayerId.eq(player))
        .filter(loyalty_redemptions::Column::IdempotencyKey.eq(key))
        .one(engine.db())
        .await?
        .map(redemption_view))
}

/// The store's part of the grant's transaction: the redemption row, the
/// stock and the spend.
struct StoreGuard<'a> {
    redemption_id: Uuid,
    item: &'a loyalty_store_items::Model,
    key: &'a str,
}

impl Guard for StoreGuard<'_> {
    async fn reserve(
        &self,
        txn: &DatabaseTransaction,
        player: Uuid,
        _face: Money,
        at: DateTime<Utc>,
    ) -> Result<Result<(), String>, DbErr> {
        let item = self.item;
        let row = loyalty_redemptions::ActiveModel {
            id: Set(self.redemption_id),
            player_id: Set(player),
            item_id: Set(item.id),
            idempotency_key: Set(self.key.to_owned()),
            points_spent: Set(item.cost_points.unwrap_or(0)),
            coins_spent: Set(item.cost_coins.unwrap_or(0)),
            status: Set(FULFILLED.to_owned()),
            created_at: Set(at),
        };
        match loyalty_redemptions::Entity::insert(row).exec(txn).await {
            Ok(_) => {}
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Ok(Err(REFUSE_DUPLICATE.to_owned()));
            }
            Err(e) => return Err(e),
        }
        if item.stock_left.is_some() {
            let taken = loyalty_store_items::Entity::update_many()
                .col_expr(
                    loyalty_store_items::Column::StockLeft,
                    Expr::col(loyalty_store_items::Column::StockLeft).sub(1),
                )
                .filter(loyalty_store_items::Column::Id.eq(item.id))
                .filter(loyalty_store_items::Column::StockLeft.gt(0))
                .exec(txn)
                .await?;
            if taken.rows_affected == 0 {
                return Ok(Err(REFUSE_STOCK.to_owned()));
            }
        }
        let reason = format!("store: {}", item.name);
        // The grant posts awarded points under `store:{id}`; the spend has
        // its own reference so both entries fit the unique index.
        let reference = format!("redeem:{}", self.redemption_id);
        let mut after = None;
        for (unit, cost) in [
            (Unit::Points, item.cost_points),
            (Unit::Coins, item.cost_coins),
        ] {
            let Some(cost) = cost.filter(|c| *c > 0) else {
                continue;
            };
            let change = Change {
                player_id: player,
                unit,
                delta: -cost,
                reason: &reason,
                reference: Some(&reference),
                author: None,
            };
            match ledger::post(txn, &change, at).await {
                Ok(now) => after = Some((now, unit, cost)),
                Err(LedgerChangeError::Insufficient(_)) => {
                    return Ok(Err(REFUSE_POINTS.to_owned()));
                }
                Err(LedgerChangeError::Db(e)) => return Err(e),
                Err(e) => return Ok(Err(e.to_string())),
            }
        }
        if let Some((now, _, _)) = after {
            let mut events = crate::events::Pending::new(at);
            events.push(
                Topic::Player(player),
                super::tiers::changed_event(
                    player,
                    now,
                    -item.cost_points.unwrap_or(0),
                    -item.cost_coins.unwrap_or(0),
                    &reason,
                    None,
                ),
            );
            events.flush(txn).await?;
        }
        Ok(Ok(()))
    }
}
