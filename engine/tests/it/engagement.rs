//! Rewards, bonuses and campaigns against a real database (SQLite, or
//! PostgreSQL when `TEST_DATABASE_URL` says so): awards on triggers, once
//! per award key whatever replays; budgets never overspent under
//! concurrency; bonus money wagering, conversion, forfeiture and expiry;
//! responsible gaming and jurisdiction rules; explain, preview and stats.

use chrono::Duration;
use domain::api::engagement::{BonusStatus, CampaignStatus};
use domain::campaign::CampaignSpec;
use domain::compliance::{ExclusionKind, ExclusionRequestBody};
use domain::reward::Reward;
use engine::campaigns::CampaignError;
use engine::campaigns::consumer::catch_up;
use engine::wallet::verify::verify;
use engine::{Engine, Principal, Role};
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use crate::common::{eur, principal, setup, setup_at_t0, t0, unique_email};

fn spec(body: serde_json::Value) -> CampaignSpec {
    serde_json::from_value(body).expect("a campaign body")
}

fn marketing() -> Principal {
    principal(Role::Marketing)
}

async fn launched(engine: &Engine, body: serde_json::Value) -> Uuid {
    let created = engine
        .campaigns()
        .create(&marketing(), &spec(body))
        .await
        .expect("created");
    assert_eq!(created.status, CampaignStatus::Draft);
    engine
        .campaigns()
        .launch(&marketing(), created.campaign_id)
        .await
        .expect("launched");
    created.campaign_id
}

/// A verified player in `country` with `deposit` euros deposited.
async fn depositor(engine: &Engine, country: &str, deposit: &str) -> Uuid {
    let p = crate::common::player_in(engine, &unique_email(), country).await;
    engine
        .wallet()
        .deposit(p.user_id, eur(deposit), "sandbox", None)
        .await
        .expect("deposit");
    p.user_id
}

async fn replay_all(engine: &Engine) {
    catch_up(engine, engine.now() - Duration::hours(1))
        .await
        .expect("catch up");
}

async fn assert_books_balance(engine: &Engine) {
    if let Err(problem) = verify(engine.db()).await.expect("verify runs") {
        panic!("ledger verify failed: {problem}");
    }
}

fn deposit_cash(amount: &str) -> serde_json::Value {
    json!({
        "name": "Deposit cash",
        "trigger": {"event": "deposit", "conditions": {"min_amount": "20.00"}},
        "reward": {"kind": "cash", "amount": amount}
    })
}

#[tokio::test]
async fn a_qualifying_deposit_is_awarded_once_however_often_the_outbox_is_replayed() {
    let (_db, engine) = setup().await;
    let id = launched(&engine, deposit_cash("5.00")).await;
    let p = depositor(&engine, "MT", "50.00").await;
    let small = depositor(&engine, "MT", "10.00").await;
    for _ in 0..3 {
        replay_all(&engine).await;
    }
    assert_eq!(
        engine.wallet().balances(p).await.unwrap().cash,
        eur("55.00")
    );
    assert_eq!(
        engine.wallet().balances(small).await.unwrap().cash,
        eur("10.00"),
        "below min_amount"
    );
    let bonuses = engine.bonuses().list(p).await.unwrap().items;
    assert_eq!(bonuses.len(), 1);
    assert_eq!(bonuses[0].status, BonusStatus::Completed);
    assert_eq!(bonuses[0].campaign_id, Some(id));
    let stats = engine.campaigns().stats(id).await.unwrap();
    assert_eq!((stats.awards, stats.cost.as_str()), (1, "5.00"));
    assert_eq!(stats.participants, 1);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn concurrent_awards_never_spend_past_the_budget() {
    let (_db, engine) = setup().await;
    let mut body = deposit_cash("1.00");
    body["limits"] = json!({"per_player": 1, "budget": "10.00"});
    let id = launched(&engine, body).await;
    for _ in 0..25 {
        depositor(&engine, "MT", "20.00").await;
    }
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let engine = engine.clone();
            tokio::spawn(async move { replay_all(&engine).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let stats = engine.campaigns().stats(id).await.unwrap();
    assert_eq!(stats.awards, 10);
    assert_eq!(stats.cost, "10.00");
    assert_eq!(stats.budget_left.as_deref(), Some("0.00"));
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn an_excluded_player_is_never_awarded_nor_shown_promotions() {
    let (_db, engine) = setup().await;
    let id = launched(&engine, deposit_cash("5.00")).await;
    let p = crate::common::player_in(&engine, &unique_email(), "MT").await;
    engine
        .compliance()
        .exclude(
            &p,
            p.user_id,
            ExclusionRequestBody {
                kind: ExclusionKind::TimeOut,
                days: Some(1),
                months: None,
                permanent: None,
            },
            engine.now(),
        )
        .await
        .unwrap();
    let shown = engine.campaigns().promotions(p.user_id).await.unwrap();
    assert!(
        shown.items.is_empty(),
        "an excluded player is never messaged"
    );
    let explained = engine.campaigns().explain(id, p.user_id).await.unwrap();
    assert!(!explained.eligible);
    assert!(
        explained
            .reasons
            .iter()
            .any(|r| r.check == "responsible_gaming" && !r.passed)
    );
}

#[tokio::test]
async fn in_an_exclusive_group_only_the_highest_priority_campaign_awards() {
    let (_db, engine) = setup().await;
    let mut low = deposit_cash("1.00");
    low["exclusive_group"] = json!("welcome");
    low["priority"] = json!(1);
    let mut high = deposit_cash("7.00");
    high["exclusive_group"] = json!("welcome");
    high["priority"] = json!(9);
    let stacked = deposit_cash("2.00");
    launched(&engine, low).await;
    launched(&engine, high).await;
    launched(&engine, stacked).await;
    let p = depositor(&engine, "MT", "30.00").await;
    replay_all(&engine).await;
    replay_all(&engine).await;
    assert_eq!(
        engine.wallet().balances(p).await.unwrap().cash,
        eur("39.00"),
        "7.00 from the group's winner and 2.00 from the campaign without a group"
    );
}

#[tokio::test]
async fn bonus_money_converts_once_wagered_and_a_withdrawal_forfeits_another() {
    let (_db, engine) = setup().await;
    launched(
        &engine,
        json!({
            "name": "Welcome bonus",
            "trigger": {"event": "deposit", "conditions": {"first_only": true}},
            "reward": {"kind": "bonus_money", "percent": "100", "max_amount": "20.00",
                       "wagering_multiplier": "2"}
        }),
    )
    .await;
    let p = depositor(&engine, "MT", "15.00").await;
    replay_all(&engine).await;
    let b = engine.wallet().balances(p).await.unwrap();
    assert_eq!((b.cash, b.bonus), (eur("15.00"), eur("15.00")));
    let bonus = &engine.bonuses().list(p).await.unwrap().items[0];
    assert_eq!(bonus.wagering_required, "30.00");
    let all = |_: &Reward| Some(Decimal::ONE_HUNDRED);
    engine
        .bonuses()
        .wager(p, eur("20.00"), Uuid::now_v7(), all)
        .await
        .unwrap();
    let same_stake = Uuid::now_v7();
    engine
        .bonuses()
        .wager(p, eur("6.00"), same_stake, all)
        .await
        .unwrap();
    engine
        .bonuses()
        .wager(p, eur("6.00"), same_stake, all)
        .await
        .unwrap();
    let bonus = &engine.bonuses().list(p).await.unwrap().items[0];
    assert_eq!(bonus.wagering_done, "26.00", "a stake counts once");
    assert_eq!(bonus.status, BonusStatus::Active);
    engine
        .bonuses()
        .wager(p, eur("10.00"), Uuid::now_v7(), all)
        .await
        .unwrap();
    let bonus = &engine.bonuses().list(p).await.unwrap().items[0];
    assert_eq!(bonus.status, BonusStatus::Completed);
    let b = engine.wallet().balances(p).await.unwrap();
    assert_eq!((b.cash, b.bonus), (eur("30.00"), eur("0.00")));

    // A second player withdraws while wagering: the bonus goes, cash stays.
    let q = depositor(&engine, "MT", "10.00").await;
    replay_all(&engine).await;
    assert_eq!(
        engine.wallet().balances(q).await.unwrap().bonus,
        eur("10.00")
    );
    assert_eq!(engine.bonuses().forfeit_for_withdrawal(q).await.unwrap(), 1);
    let b = engine.wallet().balances(q).await.unwrap();
    assert_eq!((b.cash, b.bonus), (eur("10.00"), eur("0.00")));
    let bonus = &engine.bonuses().list(q).await.unwrap().items[0];
    assert_eq!(bonus.status, BonusStatus::Forfeited);
    assert!(matches!(
        engine.bonuses().forfeit(q, bonus.bonus_id).await,
        Err(engine::bonuses::BonusError::InvalidState(_))
    ));
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn expiry_forfeits_what_is_left_once() {
    let (_db, engine, clock) = setup_at_t0().await;
    launched(
        &engine,
        json!({
            "name": "Short bonus",
            "trigger": {"event": "deposit"},
            "reward": {"kind": "bonus_money", "amount": "5.00", "wagering_multiplier": "10",
                       "expires_in_days": 2}
        }),
    )
    .await;
    let p = depositor(&engine, "MT", "20.00").await;
    replay_all(&engine).await;
    assert_eq!(
        engine.wallet().balances(p).await.unwrap().bonus,
        eur("5.00")
    );
    assert_eq!(engine.bonuses().expire_due(engine.now()).await.unwrap(), 0);
    clock.set(t0() + Duration::days(3));
    let (first, second) = (engine.bonuses(), engine.bonuses());
    let (a, b) = tokio::join!(
        first.expire_due(engine.now()),
        second.expire_due(engine.now())
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one of two runs expires it");
    let balances = engine.wallet().balances(p).await.unwrap();
    assert_eq!((balances.cash, balances.bonus), (eur("20.00"), eur("0.00")));
    assert_eq!(
        engine.bonuses().list(p).await.unwrap().items[0].status,
        BonusStatus::Expired
    );
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_campaign_only_gb_players_could_never_receive_is_refused_at_launch() {
    let (_db, engine) = setup().await;
    let created = engine
        .campaigns()
        .create(
            &marketing(),
            &spec(json!({
                "name": "Heavy wagering",
                "trigger": {"event": "deposit", "conditions": {"countries": ["GB"]}},
                "reward": {"kind": "bonus_money", "amount": "10.00", "wagering_multiplier": "35"}
            })),
        )
        .await
        .unwrap();
    match engine
        .campaigns()
        .launch(&marketing(), created.campaign_id)
        .await
    {
        Err(CampaignError::Compliance(rules)) => assert_eq!(rules, ["gb_wagering_cap"]),
        other => panic!("expected a compliance refusal, got {other:?}"),
    }
    assert_eq!(
        engine
            .campaigns()
            .get(created.campaign_id)
            .await
            .unwrap()
            .status,
        CampaignStatus::Draft
    );
}

#[tokio::test]
async fn states_move_only_along_their_paths() {
    let (_db, engine) = setup().await;
    let id = launched(&engine, deposit_cash("1.00")).await;
    let c = engine.campaigns();
    assert!(matches!(
        c.resume(&marketing(), id).await,
        Err(CampaignError::InvalidState(CampaignStatus::Live))
    ));
    assert_eq!(
        c.pause(&marketing(), id).await.unwrap().status,
        CampaignStatus::Paused
    );
    // A paused campaign awards nothing.
    let p = depositor(&engine, "MT", "30.00").await;
    replay_all(&engine).await;
    assert_eq!(
        engine.wallet().balances(p).await.unwrap().cash,
        eur("30.00")
    );
    assert_eq!(
        c.resume(&marketing(), id).await.unwrap().status,
        CampaignStatus::Live
    );
    assert_eq!(
        c.stop(&marketing(), id).await.unwrap().status,
        CampaignStatus::Ended
    );
    assert!(matches!(
        c.launch(&marketing(), id).await,
        Err(CampaignError::InvalidState(CampaignStatus::Ended))
    ));
}

#[tokio::test]
async fn variants_split_players_and_the_holdout_gets_nothing() {
    let (_db, engine) = setup().await;
    let id = launched(
        &engine,
        json!({
            "name": "A/B",
            "trigger": {"event": "deposit"},
            "variants": [
                {"name": "A", "weight": 50, "reward": {"kind": "cash", "amount": "1.00"}},
                {"name": "B", "weight": 50, "reward": {"kind": "cash", "amount": "2.00"}}
            ],
            "holdout_percent": 20
        }),
    )
    .await;
    for _ in 0..30 {
        depositor(&engine, "MT", "5.00").await;
    }
    replay_all(&engine).await;
    let stats = engine.campaigns().stats(id).await.unwrap();
    let assigned: i64 =
        stats.variants.iter().map(|v| v.players).sum::<i64>() + stats.holdout_players;
    assert_eq!(assigned, 30);
    assert_eq!(stats.awards, 30 - stats.holdout_players);
    let cost_a = stats.variants[0].awards * 100;
    let cost_b = stats.variants[1].awards * 200;
    assert_eq!(
        stats.cost,
        domain::money::Money::new(cost_a + cost_b, domain::money::Currency::EUR).format_amount()
    );
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn explain_and_preview_agree_with_what_happens() {
    let (_db, engine) = setup().await;
    let body = json!({
        "name": "First deposit",
        "trigger": {"event": "deposit", "conditions": {"first_only": true, "countries": ["MT"]}},
        "reward": {"kind": "cash", "amount": "3.00"}
    });
    let fresh = crate::common::player_in(&engine, &unique_email(), "MT").await;
    let _elsewhere = crate::common::player_in(&engine, &unique_email(), "DE").await;
    let deposited = depositor(&engine, "MT", "5.00").await;
    let preview = engine
        .campaigns()
        .preview(&spec(body.clone()))
        .await
        .unwrap();
    assert_eq!(
        preview.eligible_players, 1,
        "only the Maltese player without a deposit"
    );
    let id = launched(&engine, body).await;
    let yes = engine.campaigns().explain(id, fresh.user_id).await.unwrap();
    assert!(yes.eligible, "{yes:?}");
    let checks: Vec<&str> = yes.reasons.iter().map(|r| r.check.as_str()).collect();
    assert_eq!(
        checks,
        [
            "state",
            "dates",
            "first_only",
            "countries",
            "per_player",
            "budget",
            "responsible_gaming",
            "jurisdiction",
            "variant"
        ]
    );
    let no = engine.campaigns().explain(id, deposited).await.unwrap();
    assert!(!no.eligible);
    assert!(
        no.reasons
            .iter()
            .any(|r| r.check == "first_only" && !r.passed)
    );
}

#[tokio::test]
async fn coins_and_points_land_in_their_own_ledgers() {
    let (_db, engine) = setup().await;
    launched(
        &engine,
        json!({"name": "Coins", "trigger": {"event": "deposit"},
               "reward": {"kind": "coins", "coins": 250}}),
    )
    .await;
    launched(
        &engine,
        json!({"name": "Points", "trigger": {"event": "deposit"},
               "reward": {"kind": "loyalty_points", "points": 40}}),
    )
    .await;
    let p = depositor(&engine, "MT", "5.00").await;
    replay_all(&engine).await;
    replay_all(&engine).await;
    let held = engine::loyalty::ledger::balances(engine.db(), p)
        .await
        .unwrap();
    assert_eq!((held.coins, held.points), (250, 40));
    let kinds: Vec<String> = engine
        .bonuses()
        .list(p)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|b| b.kind)
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"coins".to_owned()) && kinds.contains(&"loyalty_points".to_owned()));
}

#[tokio::test]
async fn malformed_campaigns_name_their_fields() {
    let (_db, engine) = setup().await;
    let body = spec(json!({
        "name": "Bad",
        "trigger": {"event": "birthday"},
        "variants": [
            {"name": "A", "weight": 0, "reward": {"kind": "cash", "amount": "1.001"}},
            {"name": "B", "weight": 50, "reward": {"kind": "mystery"}}
        ]
    }));
    match engine.campaigns().create(&marketing(), &body).await {
        Err(CampaignError::Validation(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            for expected in [
                "trigger.event",
                "variants[0].weight",
                "variants[0].reward.amount",
                "variants[1].reward.kind",
            ] {
                assert!(
                    names.contains(&expected),
                    "{expected} missing from {names:?}"
                );
            }
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
}
