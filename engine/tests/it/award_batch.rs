//! The engagement consumer's group commit (`campaigns::batch`) against a
//! real database (SQLite, or PostgreSQL when `TEST_DATABASE_URL` says so):
//! many players' awards in one transaction never overspend a budget nor
//! pass a per-player limit, whatever runs at once; a replay is a no-op; an
//! excluded player's awards are refused while the rest of the batch is
//! paid; an award that moves money is paid alone beside the batch.

use chrono::Duration;
use domain::campaign::CampaignSpec;
use domain::compliance::{ExclusionKind, ExclusionRequestBody};
use engine::campaigns::consumer::catch_up;
use engine::wallet::verify::verify;
use engine::{Engine, Role};
use serde_json::json;
use uuid::Uuid;

use crate::common::{eur, principal, setup, unique_email};

async fn launched(engine: &Engine, body: serde_json::Value) -> Uuid {
    let spec: CampaignSpec = serde_json::from_value(body).expect("a campaign body");
    let marketing = principal(Role::Marketing);
    let created = engine
        .campaigns()
        .create(&marketing, &spec)
        .await
        .expect("created");
    engine
        .campaigns()
        .launch(&marketing, created.campaign_id)
        .await
        .expect("launched");
    created.campaign_id
}

/// A verified player in Malta with one deposit per amount.
async fn depositor(engine: &Engine, deposits: &[&str]) -> Uuid {
    let p = crate::common::player_in(engine, &unique_email(), "MT").await;
    for amount in deposits {
        engine
            .wallet()
            .deposit(p.user_id, eur(amount), "sandbox", None)
            .await
            .expect("deposit");
    }
    p.user_id
}

async fn replay_all(engine: &Engine) {
    catch_up(engine, engine.now() - Duration::hours(1))
        .await
        .expect("catch up");
}

async fn coins(engine: &Engine, player: Uuid) -> i64 {
    engine::loyalty::ledger::balances(engine.db(), player)
        .await
        .expect("balances")
        .coins
}

async fn awards_of(engine: &Engine, campaign: Uuid) -> Vec<entity::awards::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::awards::Entity::find()
        .filter(entity::awards::Column::SourceId.eq(campaign))
        .all(engine.db())
        .await
        .expect("awards")
}

#[tokio::test]
async fn batches_racing_on_one_budget_never_overspend_it() {
    let (_db, engine) = setup().await;
    let id = launched(
        &engine,
        json!({"name": "Free bet per deposit", "trigger": {"event": "deposit"},
               "reward": {"kind": "free_bet", "amount": "1.00"},
               "limits": {"per_player": 5, "budget": "10.00"}}),
    )
    .await;
    for _ in 0..12 {
        depositor(&engine, &["20.00", "20.00"]).await;
    }
    // Four consumers at once, each with its own lanes: 24 qualifying
    // deposits, budget for 10.
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let engine = engine.clone();
            tokio::spawn(async move { replay_all(&engine).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("replay");
    }
    let stats = engine.campaigns().stats(id).await.expect("stats");
    assert_eq!(stats.awards, 10);
    assert_eq!(stats.cost, "10.00");
    assert_eq!(stats.budget_left.as_deref(), Some("0.00"));
    let awards = awards_of(&engine, id).await;
    assert_eq!(awards.len(), 10);
    assert!(
        awards
            .iter()
            .all(|a| a.face_minor == 100 && a.bonus_id.is_some())
    );
}

#[tokio::test]
async fn a_replayed_batch_is_a_no_op_and_limits_count_within_a_batch() {
    let (_db, engine) = setup().await;
    let per_deposit = launched(
        &engine,
        json!({"name": "Coins per deposit", "trigger": {"event": "deposit"},
               "reward": {"kind": "coins", "coins": 10},
               "limits": {"per_player": 100}}),
    )
    .await;
    let twice = launched(
        &engine,
        json!({"name": "Points twice", "trigger": {"event": "deposit"},
               "reward": {"kind": "loyalty_points", "points": 3},
               "limits": {"per_player": 2}}),
    )
    .await;
    let mut players = Vec::new();
    for _ in 0..6 {
        players.push(depositor(&engine, &["5.00", "6.00", "7.00", "8.00"]).await);
    }
    for _ in 0..3 {
        replay_all(&engine).await;
    }
    for &p in &players {
        assert_eq!(
            coins(&engine, p).await,
            40,
            "10 coins for each of 4 deposits"
        );
        let held = engine::loyalty::ledger::balances(engine.db(), p)
            .await
            .expect("balances");
        assert_eq!(held.points, 6, "3 points, twice at most");
        assert_eq!(engine.bonuses().list(p).await.expect("list").items.len(), 6);
    }
    assert_eq!(awards_of(&engine, per_deposit).await.len(), 24);
    assert_eq!(awards_of(&engine, twice).await.len(), 12);
    let stats = engine.campaigns().stats(twice).await.expect("stats");
    assert_eq!(stats.awards, 12);
}

#[tokio::test]
async fn an_excluded_player_is_refused_while_the_rest_of_the_batch_is_paid() {
    let (_db, engine) = setup().await;
    let id = launched(
        &engine,
        json!({"name": "Coins per deposit", "trigger": {"event": "deposit"},
               "reward": {"kind": "coins", "coins": 5},
               "limits": {"per_player": 10}}),
    )
    .await;
    let paid = depositor(&engine, &["10.00", "10.00"]).await;
    let excluded = crate::common::player_in(&engine, &unique_email(), "MT").await;
    engine
        .wallet()
        .deposit(excluded.user_id, eur("10.00"), "sandbox", None)
        .await
        .expect("deposit");
    engine
        .compliance()
        .exclude(
            &excluded,
            excluded.user_id,
            ExclusionRequestBody {
                kind: ExclusionKind::TimeOut,
                days: Some(1),
                months: None,
                permanent: None,
            },
            engine.now(),
        )
        .await
        .expect("time-out");
    let other = depositor(&engine, &["10.00"]).await;
    replay_all(&engine).await;
    replay_all(&engine).await;
    assert_eq!(coins(&engine, paid).await, 10);
    assert_eq!(coins(&engine, other).await, 5);
    assert_eq!(coins(&engine, excluded.user_id).await, 0);
    assert!(
        engine
            .bonuses()
            .list(excluded.user_id)
            .await
            .expect("list")
            .items
            .is_empty()
    );
    assert_eq!(awards_of(&engine, id).await.len(), 3);
}

#[tokio::test]
async fn money_awards_are_paid_alone_beside_the_batch_once_each() {
    let (_db, engine) = setup().await;
    let cash = launched(
        &engine,
        json!({"name": "Cash per deposit", "trigger": {"event": "deposit"},
               "reward": {"kind": "cash", "amount": "2.00"},
               "limits": {"per_player": 10}}),
    )
    .await;
    let coins_id = launched(
        &engine,
        json!({"name": "Coins per deposit", "trigger": {"event": "deposit"},
               "reward": {"kind": "coins", "coins": 7},
               "limits": {"per_player": 10}}),
    )
    .await;
    let mut players = Vec::new();
    for _ in 0..5 {
        players.push(depositor(&engine, &["10.00", "10.00"]).await);
    }
    for _ in 0..3 {
        replay_all(&engine).await;
    }
    for &p in &players {
        assert_eq!(
            engine.wallet().balances(p).await.expect("balances").cash,
            eur("24.00"),
            "two deposits and two cash awards"
        );
        assert_eq!(coins(&engine, p).await, 14);
    }
    assert_eq!(awards_of(&engine, cash).await.len(), 10);
    assert_eq!(awards_of(&engine, coins_id).await.len(), 10);
    if let Err(problem) = verify(engine.db()).await.expect("verify runs") {
        panic!("ledger verify failed: {problem}");
    }
}
