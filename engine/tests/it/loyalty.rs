//! The loyalty programme against a real database (SQLite, or PostgreSQL
//! when `TEST_DATABASE_URL` says so): points by the formula and the tier
//! multiplier once per event, tiers with a fixed clock (the window sliding
//! out, the grace, overrides expiring), the store under concurrency (stock
//! and points never below zero, sums re-checked), idempotent redemptions,
//! venue play and redemptions, cards and manual adjustments.

use chrono::{DateTime, Duration, Utc};
use domain::api::loyalty::{ProgrammeSpec, StoreItemSpec, VenuePlayKind};
use domain::casino::{DICE_CODE as DICE, ROULETTE_CODE as ROULETTE, SLOT_CODE as SLOT};
use domain::compliance::{ExclusionKind, ExclusionRequestBody};
use domain::events::{EventData, RoundCompleted, Topic};
use domain::money::Currency;
use engine::Engine;
use engine::events::Event;
use engine::loyalty::LoyaltyError;
use engine::loyalty::cashback::{pay_due, pay_due_periods};
use engine::loyalty::earn::handle;
use engine::loyalty::tiers::review_tiers;
use engine::{Principal, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{
    self, eur, funded_player, inserted_player, principal, setup, setup_at_t0, unique_email,
};

fn programme_body() -> Value {
    json!({
        "earning": [{"vertical": "sportsbook", "per": "1.00", "points": 1, "min_odds": "1.50"},
                    {"vertical": "casino", "category": "slots", "per": "1.00", "points": 1},
                    {"vertical": "casino", "category": "table", "per": "10.00", "points": 1}],
        "tiers": [{"name": "Bronze", "threshold": 0},
                  {"name": "Silver", "threshold": 1000, "points_multiplier": "1.25", "cashback_percent": "5"},
                  {"name": "Gold", "threshold": 5000, "points_multiplier": "1.5"}],
        "qualification_days": 90, "downgrade_grace_days": 30,
        "vip_rules": {"min_deposits_30d": "5000.00", "min_ggr_30d": "1000.00"}
    })
}

async fn with_programme(engine: &Engine) {
    let spec: ProgrammeSpec = serde_json::from_value(programme_body()).unwrap();
    engine
        .loyalty()
        .set_programme(&spec, Uuid::now_v7())
        .await
        .expect("programme set");
}

fn round(player: Uuid, stake: &str, game: &str, free_spin: bool, at: DateTime<Utc>) -> Event {
    Event::new(
        Topic::Player(player),
        EventData::RoundCompleted(RoundCompleted {
            player_id: player,
            provider: "test".to_owned(),
            game_code: game.to_owned(),
            round: Uuid::now_v7().to_string(),
            stake: stake.to_owned(),
            win: "0.00".to_owned(),
            currency: Currency::EUR,
            free_spin,
        }),
        at,
    )
}

async fn points(engine: &Engine, player: Uuid) -> i64 {
    engine.loyalty().status(player).await.unwrap().points
}

/// The player's balance row equals the sum of their entries, per unit.
async fn assert_ledger_sums(engine: &Engine, player: Uuid) {
    let entries = entity::loyalty_entries::Entity::find()
        .filter(entity::loyalty_entries::Column::PlayerId.eq(player))
        .order_by_asc(entity::loyalty_entries::Column::CreatedAt)
        .all(engine.db())
        .await
        .unwrap();
    let sum = |unit: &str| {
        entries
            .iter()
            .filter(|e| e.unit == unit)
            .map(|e| e.delta)
            .sum::<i64>()
    };
    let status = engine.loyalty().status(player).await.unwrap();
    assert_eq!(status.points, sum("points"), "points = sum of entries");
    assert_eq!(status.coins, sum("coins"), "coins = sum of entries");
    assert!(entries.iter().all(|e| e.balance_after >= 0));
}

#[tokio::test]
async fn casino_rounds_earn_by_category_with_the_tier_multiplier_once_per_event() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let now = engine.now();
    // 10.99 on the slot: floor(10.99 / 1.00) × 1 = 10 points.
    let slot = round(p, "10.99", SLOT, false, now);
    handle(&engine, &slot).await.unwrap();
    handle(&engine, &slot).await.unwrap();
    assert_eq!(points(&engine, p).await, 10, "one event earns once");
    // Roulette is a table game: 1 point per 10.00.
    handle(&engine, &round(p, "25.00", ROULETTE, false, now))
        .await
        .unwrap();
    assert_eq!(points(&engine, p).await, 12);
    // Free spins and games without a rule earn nothing.
    handle(&engine, &round(p, "50.00", SLOT, true, now))
        .await
        .unwrap();
    handle(&engine, &round(p, "50.00", DICE, false, now))
        .await
        .unwrap();
    assert_eq!(points(&engine, p).await, 12);
    // 1000 points reach Silver; its ×1.25 applies from then on.
    engine
        .loyalty()
        .adjust_points(p, 988, "goodwill", Uuid::now_v7())
        .await
        .unwrap();
    let status = engine.loyalty().status(p).await.unwrap();
    assert_eq!(status.tier.as_deref(), Some("Silver"));
    assert_eq!(status.next_tier.unwrap().name, "Gold");
    assert_eq!(status.cashback_percent.as_deref(), Some("5"));
    handle(&engine, &round(p, "10.99", SLOT, false, now))
        .await
        .unwrap();
    assert_eq!(points(&engine, p).await, 1000 + 12, "floor(10 × 1.25)");
    assert_ledger_sums(&engine, p).await;
    // Every change went to the outbox as loyalty.changed with the tier.
    let changed = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Kind.eq("loyalty.changed"))
        .filter(entity::outbox::Column::Topic.eq(format!("player:{p}")))
        .order_by_desc(entity::outbox::Column::CreatedAt)
        .all(engine.db())
        .await
        .unwrap();
    assert_eq!(changed.len(), 4);
    assert!(changed[0].payload.contains("\"tier\":\"Silver\""));
}

async fn settled_bet(engine: &Engine, p: &Principal, price: &str, stake: &str) -> Uuid {
    settled_bet_won_by(engine, p, price, stake, Some(1)).await
}

/// A single of `stake` on Home at `price`, settled with `winner` (see
/// [`common::won_by`]); the bet id.
async fn settled_bet_won_by(
    engine: &Engine,
    p: &Principal,
    price: &str,
    stake: &str,
    winner: Option<usize>,
) -> Uuid {
    let (m, sels) = common::market(engine, "Loyalty League", price).await;
    let bet = common::place_single(engine, p, sels[0], price, stake)
        .await
        .unwrap();
    common::settle(engine, m, &sels, winner).await;
    bet.bet_id
}

/// Feeds every `bet.settled` row of the outbox to earning (twice).
async fn feed_settlements(engine: &Engine) {
    let rows = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Kind.eq("bet.settled"))
        .all(engine.db())
        .await
        .unwrap();
    for _ in 0..2 {
        for row in &rows {
            let payload: Value = serde_json::from_str(&row.payload).unwrap();
            let event: Event = serde_json::from_value(json!({
                "id": row.id, "topic": row.topic, "kind": row.kind,
                "payload": payload, "created_at": row.created_at,
            }))
            .unwrap();
            handle(engine, &event).await.unwrap();
        }
    }
}

#[tokio::test]
async fn settled_bets_earn_when_their_odds_reach_min_odds() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let p = funded_player(&engine, &unique_email(), "100.00").await;
    settled_bet(&engine, &p, "1.40", "20.00").await;
    settled_bet(&engine, &p, "1.80", "12.50").await;
    feed_settlements(&engine).await;
    // Only the 1.80 bet reaches min_odds 1.50: floor(12.50 / 1.00) = 12.
    assert_eq!(points(&engine, p.user_id).await, 12);
    assert_ledger_sums(&engine, p.user_id).await;
}

#[tokio::test]
async fn tiers_follow_the_window_the_grace_and_overrides() {
    let (_db, engine, clock) = setup_at_t0().await;
    with_programme(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let t0 = engine.now();
    handle(&engine, &round(p, "1200.00", SLOT, false, t0))
        .await
        .unwrap();
    let s = engine.loyalty().status(p).await.unwrap();
    assert_eq!(
        (s.tier.as_deref(), s.qualifying_points),
        (Some("Silver"), 1200)
    );
    // The points slide out of the 90-day window: the review starts the grace.
    clock.set(t0 + Duration::days(91));
    review_tiers(&engine, engine.now()).await.unwrap();
    let s = engine.loyalty().status(p).await.unwrap();
    assert_eq!(s.tier.as_deref(), Some("Silver"), "kept through the grace");
    assert_eq!(s.qualifying_points, 0);
    assert_eq!(s.below_threshold_since, Some(t0 + Duration::days(91)));
    clock.set(t0 + Duration::days(120));
    assert_eq!(review_tiers(&engine, engine.now()).await.unwrap(), 0);
    assert_eq!(
        engine.loyalty().status(p).await.unwrap().tier.as_deref(),
        Some("Silver")
    );
    clock.set(t0 + Duration::days(121));
    assert_eq!(review_tiers(&engine, engine.now()).await.unwrap(), 1);
    assert_eq!(
        engine.loyalty().status(p).await.unwrap().tier.as_deref(),
        Some("Bronze")
    );
    // An override holds Gold until it expires.
    let until = engine.now() + Duration::days(10);
    engine
        .loyalty()
        .set_tier_override(p, "Gold", until, Uuid::now_v7())
        .await
        .unwrap();
    let s = engine.loyalty().status(p).await.unwrap();
    assert_eq!(
        (s.tier.as_deref(), s.tier_override_until),
        (Some("Gold"), Some(until))
    );
    assert!(matches!(
        engine
            .loyalty()
            .set_tier_override(p, "Platinum", until, Uuid::now_v7())
            .await,
        Err(LoyaltyError::Validation(f)) if f[0].field == "tier"
    ));
    clock.set(until + Duration::seconds(1));
    assert_eq!(review_tiers(&engine, engine.now()).await.unwrap(), 1);
    let s = engine.loyalty().status(p).await.unwrap();
    assert_eq!(
        (s.tier.as_deref(), s.tier_override_until),
        (Some("Bronze"), None)
    );
    let dist = engine.loyalty().tier_distribution().await.unwrap();
    assert_eq!(dist.iter().map(|t| t.players).sum::<u64>(), 1);
    assert_eq!(dist[0].tier, "Bronze");
}

async fn item(engine: &Engine, body: Value) -> Uuid {
    let spec: StoreItemSpec = serde_json::from_value(body).unwrap();
    engine
        .loyalty()
        .create_item(&spec, Uuid::now_v7())
        .await
        .expect("item created")
        .reward_id
}

async fn stock_left(engine: &Engine, id: Uuid) -> Option<i64> {
    entity::loyalty_store_items::Entity::find_by_id(id)
        .one(engine.db())
        .await
        .unwrap()
        .unwrap()
        .stock_left
}

#[tokio::test]
async fn concurrent_redemptions_never_take_stock_or_points_below_zero() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .loyalty()
        .credit_points(p, 1000, "test points", "test:1")
        .await
        .unwrap();
    let scarce = item(
        &engine,
        json!({"name": "Coins", "cost_points": 100, "stock": 3,
               "reward": {"kind": "coins", "coins": 50}}),
    )
    .await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move { engine.loyalty().redeem(p, scarce, &format!("k{i}")).await })
        })
        .collect();
    let mut fulfilled = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(r) => {
                assert_eq!((r.points_spent, r.status.as_str()), (100, "fulfilled"));
                fulfilled += 1;
            }
            Err(LoyaltyError::OutOfStock) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(fulfilled, 3);
    assert_eq!(stock_left(&engine, scarce).await, Some(0));
    let s = engine.loyalty().status(p).await.unwrap();
    assert_eq!((s.points, s.coins), (700, 150));
    assert_ledger_sums(&engine, p).await;

    // Points for two only: ten racing redemptions of an unlimited item.
    let dear = item(
        &engine,
        json!({"name": "Cash", "cost_points": 300, "reward": {"kind": "cash", "amount": "1.00"}}),
    )
    .await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move { engine.loyalty().redeem(p, dear, &format!("d{i}")).await })
        })
        .collect();
    let mut fulfilled = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => fulfilled += 1,
            Err(LoyaltyError::InsufficientPoints) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(fulfilled, 2);
    assert_eq!(points(&engine, p).await, 100);
    assert_eq!(
        engine.wallet().balances(p).await.unwrap().cash,
        eur("2.00"),
        "each fulfilled redemption granted its reward"
    );
    assert_ledger_sums(&engine, p).await;
}

#[tokio::test]
async fn a_redemption_is_idempotent_and_respects_tiers_and_exclusions() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .loyalty()
        .credit_points(p, 500, "test points", "test:1")
        .await
        .unwrap();
    let free_bet = item(
        &engine,
        json!({"name": "Free bet", "cost_points": 200,
               "reward": {"kind": "free_bet", "amount": "5.00"}}),
    )
    .await;
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let engine = engine.clone();
            tokio::spawn(async move { engine.loyalty().redeem(p, free_bet, "same-key").await })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().expect("the same redemption").redemption_id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one redemption for one key");
    assert_eq!(points(&engine, p).await, 300);
    let bonuses = entity::bonuses::Entity::find()
        .filter(entity::bonuses::Column::PlayerId.eq(p))
        .all(engine.db())
        .await
        .unwrap();
    assert_eq!(bonuses.len(), 1, "one free bet granted");

    let gold_only = item(
        &engine,
        json!({"name": "Gold", "cost_points": 1, "min_tier": "Gold",
               "reward": {"kind": "coins", "coins": 1}}),
    )
    .await;
    assert!(matches!(
        engine.loyalty().redeem(p, gold_only, "g").await,
        Err(LoyaltyError::TierRequired(t)) if t == "Gold"
    ));
    let bad: StoreItemSpec = serde_json::from_value(json!({
        "name": "", "cost_points": 0, "min_tier": "Platinum", "reward": {"kind": "nope"}
    }))
    .unwrap();
    let Err(LoyaltyError::Validation(fields)) =
        engine.loyalty().create_item(&bad, Uuid::now_v7()).await
    else {
        panic!("a bad item was accepted");
    };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    for f in ["name", "cost_points", "min_tier", "reward.kind"] {
        assert!(names.contains(&f), "{f} in {names:?}");
    }

    engine
        .compliance()
        .exclude(
            &principal(Role::Compliance),
            p,
            ExclusionRequestBody {
                kind: ExclusionKind::TimeOut,
                days: Some(7),
                months: None,
                permanent: None,
            },
            engine.now(),
        )
        .await
        .expect("excluded");
    assert!(matches!(
        engine
            .loyalty()
            .redeem(p, free_bet, "after-exclusion")
            .await,
        Err(LoyaltyError::SelfExcluded)
    ));
    assert_eq!(points(&engine, p).await, 300);
}

#[tokio::test]
async fn venue_play_and_redemptions_take_effect_once_per_reference() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let loyalty = engine.loyalty();
    let first = loyalty
        .venue_play(p, VenuePlayKind::Slot, eur("40.50"), "v1:play-1")
        .await
        .unwrap();
    assert_eq!(first, (40, 40));
    let table = loyalty
        .venue_play(p, VenuePlayKind::Table, eur("95.00"), "v1:play-2")
        .await
        .unwrap();
    assert_eq!(table, (9, 49));
    assert_eq!(
        loyalty
            .venue_play(p, VenuePlayKind::Slot, eur("40.50"), "v1:play-1")
            .await
            .unwrap(),
        first,
        "a repeat answers the first answer"
    );
    assert_eq!(loyalty.venue_redeem(p, 30, "v1:r-1").await.unwrap(), 19);
    assert_eq!(loyalty.venue_redeem(p, 30, "v1:r-1").await.unwrap(), 19);
    assert!(matches!(
        loyalty.venue_redeem(p, 30, "v1:r-2").await,
        Err(LoyaltyError::InsufficientPoints)
    ));
    // Concurrent repeats of one reference redeem once.
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let engine = engine.clone();
            tokio::spawn(async move { engine.loyalty().venue_redeem(p, 10, "v1:r-3").await })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), 9);
    }
    assert_eq!(points(&engine, p).await, 9);
    assert_ledger_sums(&engine, p).await;
    let flow = loyalty
        .points_flow(
            engine.now() - Duration::days(1),
            engine.now() + Duration::days(1),
        )
        .await
        .unwrap();
    assert_eq!(flow.iter().map(|d| d.issued).sum::<i64>(), 49);
    assert_eq!(flow.iter().map(|d| d.redeemed).sum::<i64>(), 40);
}

#[tokio::test]
async fn cards_need_kyc_and_are_issued_once() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let unverified = inserted_player(&engine, "EUR", "none").await;
    assert!(matches!(
        engine.loyalty().issue_card(unverified).await,
        Err(LoyaltyError::KycRequired)
    ));
    let p = inserted_player(&engine, "EUR", "verified").await;
    let card = engine.loyalty().issue_card(p).await.unwrap();
    assert_eq!(card.len(), 16);
    assert!(domain::loyalty::luhn_valid(&card));
    assert_eq!(engine.loyalty().issue_card(p).await.unwrap(), card);
    let (found, status, name) = engine.loyalty().find_card(&card).await.unwrap().unwrap();
    assert_eq!(
        (found, status.card_number.as_deref()),
        (p, Some(card.as_str()))
    );
    assert!(name.starts_with("pl***") && !name.contains('@'));
    assert!(
        engine
            .loyalty()
            .find_card("0000000000000000")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn adjustments_need_a_reason_and_never_go_below_zero() {
    let (_db, engine) = setup().await;
    with_programme(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let manager = Uuid::now_v7();
    let loyalty = engine.loyalty();
    assert!(matches!(
        loyalty.adjust_points(p, 50, "  ", manager).await,
        Err(LoyaltyError::Validation(f)) if f[0].field == "reason"
    ));
    assert_eq!(
        loyalty
            .adjust_points(p, 50, "welcome", manager)
            .await
            .unwrap(),
        50
    );
    assert!(matches!(
        loyalty.adjust_points(p, -51, "correction", manager).await,
        Err(LoyaltyError::Validation(f)) if f[0].field == "points"
    ));
    assert_eq!(
        loyalty
            .adjust_points(p, -50, "correction", manager)
            .await
            .unwrap(),
        0
    );
    let history = loyalty.transactions(p, None, 10).await.unwrap();
    assert_eq!(history.items.len(), 2);
    assert_eq!(
        (history.items[0].points, history.items[0].reason.as_str()),
        (-50, "correction")
    );
    let entry = entity::loyalty_entries::Entity::find_by_id(history.items[0].id)
        .one(engine.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.author, Some(manager));
    let page = loyalty.transactions(p, None, 1).await.unwrap();
    let cursor = engine::paging::Cursor::decode(page.next_cursor.as_deref().unwrap()).unwrap();
    let next = loyalty.transactions(p, Some(cursor), 1).await.unwrap();
    assert_eq!(next.items[0].points, 50);
}

#[tokio::test]
async fn malformed_programmes_are_refused_naming_the_field() {
    let (_db, engine) = setup().await;
    let mut body = programme_body();
    body["tiers"][1]["threshold"] = json!(-1);
    body["tiers"][2]["name"] = json!("Bronze");
    let spec: ProgrammeSpec = serde_json::from_value(body).unwrap();
    let Err(LoyaltyError::Validation(fields)) =
        engine.loyalty().set_programme(&spec, Uuid::now_v7()).await
    else {
        panic!("accepted");
    };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, vec!["tiers[1].threshold", "tiers[2].name"]);
    assert!(engine.loyalty().programme().await.unwrap().is_none());
    with_programme(&engine).await;
    let view = engine.loyalty().programme_view().await.unwrap().unwrap();
    assert_eq!(view.spec.tiers.len(), 3);
    assert!(!view.demo);
}

// ---- Tier cashback ----

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn cash(engine: &Engine, player: Uuid) -> i64 {
    engine.wallet().balances(player).await.unwrap().cash.minor()
}

/// The tier cashback awards of `player`, oldest first: (award key, face
/// value in minor units).
async fn cashback_awards(engine: &Engine, player: Uuid) -> Vec<(String, i64)> {
    entity::awards::Entity::find()
        .filter(entity::awards::Column::Source.eq("tier_cashback"))
        .filter(entity::awards::Column::PlayerId.eq(player))
        .order_by_asc(entity::awards::Column::AwardKey)
        .all(engine.db())
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.award_key, a.face_minor))
        .collect()
}

async fn assert_ledger_verifies(engine: &Engine) {
    if let Err(problem) = engine::wallet::verify::verify(engine.db())
        .await
        .expect("verify runs")
    {
        panic!("ledger verify failed: {problem}");
    }
}

/// A funded player raised to Silver (5% cashback) by a manager's points.
async fn silver_player(engine: &Engine, deposit: &str) -> Principal {
    let p = funded_player(engine, &unique_email(), deposit).await;
    engine
        .loyalty()
        .adjust_points(p.user_id, 1000, "to Silver", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(
        engine
            .loyalty()
            .status(p.user_id)
            .await
            .unwrap()
            .tier
            .as_deref(),
        Some("Silver")
    );
    p
}

#[tokio::test]
async fn tier_cashback_pays_each_closed_week_once_in_cash_rounded_down() {
    let (_db, engine, clock) = setup_at_t0().await;
    with_programme(&engine).await;
    // The first run opens the running week (Monday 2026-11-23), measured
    // from now; nothing has closed.
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 0);

    let silver = silver_player(&engine, "200.00").await;
    let winner = silver_player(&engine, "200.00").await;
    let bronze = funded_player(&engine, &unique_email(), "200.00").await;
    clock.set(utc("2026-11-25T12:00:00Z"));
    // Silver: loses 33.33 and wins 10.00 at 1.80 (returns 18.00): net
    // loss 33.33 + 10.00 - 18.00 = 25.33 → 5% = 1.2665 → 1.26.
    settled_bet_won_by(&engine, &silver, "1.80", "33.33", Some(1)).await;
    settled_bet_won_by(&engine, &silver, "1.80", "10.00", Some(0)).await;
    // A Silver player who ends the week ahead gets nothing.
    settled_bet_won_by(&engine, &winner, "3.00", "20.00", Some(0)).await;
    settled_bet_won_by(&engine, &winner, "3.00", "10.00", Some(1)).await;
    // Bronze has no cashback.
    settled_bet_won_by(&engine, &bronze, "1.80", "50.00", Some(1)).await;
    let before = (
        cash(&engine, silver.user_id).await,
        cash(&engine, winner.user_id).await,
        cash(&engine, bronze.user_id).await,
    );

    // Sunday 23:59:59: the week is not over, nothing is paid.
    clock.set(utc("2026-11-29T23:59:59Z"));
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 0);
    assert_eq!(cash(&engine, silver.user_id).await, before.0);

    // Monday 00:00:05: the week is paid, once.
    clock.set(utc("2026-11-30T00:00:05Z"));
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 1);
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 0);
    assert_eq!(cash(&engine, silver.user_id).await, before.0 + 126);
    assert_eq!(cash(&engine, winner.user_id).await, before.1);
    assert_eq!(cash(&engine, bronze.user_id).await, before.2);
    let key = |p: &Principal, week: &str| format!("tier-cashback:{}:{week}T00:00Z", p.user_id);
    assert_eq!(
        cashback_awards(&engine, silver.user_id).await,
        [(key(&silver, "2026-11-23"), 126)]
    );
    assert!(cashback_awards(&engine, winner.user_id).await.is_empty());
    assert!(cashback_awards(&engine, bronze.user_id).await.is_empty());
    // The player sees it among their bonuses, completed, in cash.
    let bonuses = engine.bonuses().list(silver.user_id).await.unwrap();
    let paid = bonuses
        .items
        .iter()
        .find(|b| b.kind == "cashback")
        .expect("a cashback bonus");
    assert_eq!(paid.amount, "1.26");

    // Two weeks without a run: both are paid by the next one.
    clock.set(utc("2026-12-01T09:00:00Z"));
    settled_bet_won_by(&engine, &silver, "1.80", "20.00", Some(1)).await;
    clock.set(utc("2026-12-08T09:00:00Z"));
    settled_bet_won_by(&engine, &silver, "1.80", "40.00", Some(1)).await;
    clock.set(utc("2026-12-14T00:00:30Z"));
    let periods = pay_due_periods(&engine, engine.now()).await.unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(
        cashback_awards(&engine, silver.user_id).await,
        [
            (key(&silver, "2026-11-23"), 126),
            (key(&silver, "2026-11-30"), 100),
            (key(&silver, "2026-12-07"), 200),
        ]
    );
    // Staked 20.00 and 40.00 since; paid back 1.26, 1.00 and 2.00.
    assert_eq!(
        cash(&engine, silver.user_id).await,
        before.0 - 2_000 - 4_000 + 126 + 100 + 200
    );
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 0);
    assert_ledger_verifies(&engine).await;
}

#[tokio::test]
async fn tier_cashback_leaves_out_losses_from_before_the_first_run_and_excluded_players() {
    let (_db, engine, clock) = setup_at_t0().await;
    with_programme(&engine).await;
    let early = silver_player(&engine, "100.00").await;
    let excluded = silver_player(&engine, "100.00").await;
    // Lost before the job first ran: not measured.
    settled_bet_won_by(&engine, &early, "1.80", "40.00", Some(1)).await;
    clock.set(utc("2026-11-23T12:00:00Z"));
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 0);
    clock.set(utc("2026-11-24T12:00:00Z"));
    settled_bet_won_by(&engine, &early, "1.80", "10.00", Some(1)).await;
    settled_bet_won_by(&engine, &excluded, "1.80", "50.00", Some(1)).await;
    engine
        .compliance()
        .exclude(
            &principal(Role::Compliance),
            excluded.user_id,
            ExclusionRequestBody {
                kind: ExclusionKind::TimeOut,
                days: Some(30),
                months: None,
                permanent: None,
            },
            engine.now(),
        )
        .await
        .expect("excluded");
    let before = cash(&engine, excluded.user_id).await;
    clock.set(utc("2026-11-30T00:00:01Z"));
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 1);
    // 5% of 10.00 only.
    assert_eq!(cashback_awards(&engine, early.user_id).await.len(), 1);
    assert_eq!(cashback_awards(&engine, early.user_id).await[0].1, 50);
    assert!(cashback_awards(&engine, excluded.user_id).await.is_empty());
    assert_eq!(cash(&engine, excluded.user_id).await, before);
    assert_ledger_verifies(&engine).await;
}

#[tokio::test]
async fn two_cashback_runs_at_once_pay_each_player_once() {
    let (_db, engine, clock) = setup_at_t0().await;
    with_programme(&engine).await;
    assert_eq!(pay_due(&engine, engine.now()).await.unwrap(), 0);
    clock.set(utc("2026-11-24T10:00:00Z"));
    let mut players = Vec::new();
    for i in 0..6 {
        let p = silver_player(&engine, "100.00").await;
        // Losses 10.00, 11.00, ... → 0.50, 0.55, ...
        settled_bet_won_by(&engine, &p, "1.80", &format!("{}.00", 10 + i), Some(1)).await;
        players.push((p.user_id, cash(&engine, p.user_id).await, (10 + i) * 5));
    }
    clock.set(utc("2026-11-30T00:00:02Z"));
    let at = engine.now();
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let engine = engine.clone();
            tokio::spawn(async move { pay_due(&engine, at).await })
        })
        .collect();
    let mut closed = 0;
    for run in runs {
        closed += run.await.unwrap().unwrap();
    }
    assert_eq!(closed, 1, "one run marks the period paid");
    for (player, before, due) in &players {
        let awards = cashback_awards(&engine, *player).await;
        assert_eq!(awards.len(), 1, "one award per player");
        assert_eq!(awards[0].1, *due);
        assert_eq!(cash(&engine, *player).await, before + due);
    }
    let period = entity::loyalty_cashback_periods::Entity::find()
        .filter(
            entity::loyalty_cashback_periods::Column::PeriodStart.eq(utc("2026-11-23T00:00:00Z")),
        )
        .one(engine.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(period.status, "paid");
    assert_eq!(period.players, 6);
    assert_ledger_verifies(&engine).await;
}
