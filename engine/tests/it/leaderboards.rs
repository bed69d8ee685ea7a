//! Leaderboards against a real database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` says so): ranking and ties, scoring once per event,
//! DST-correct recurrence with a fixed clock, closes that pay once however
//! they race, the in-memory ranking equal to a rebuild, and responsible
//! gaming (excluded players leave at once and are never paid).

use chrono::{DateTime, Duration, Utc};
use domain::api::leaderboard::{LeaderboardSpec, PeriodStatus};
use domain::compliance::{ExclusionKind, ExclusionRequestBody};
use domain::events::{EventData, LoggedIn, RoundCompleted, Topic};
use domain::money::Currency;
use engine::Engine;
use engine::clock::Clock;
use engine::events::Event;
use engine::leaderboards::LeaderboardError;
use engine::leaderboards::score::{catch_up, handle};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{engine_with, eur, inserted_player, setup_at_t0, setup_with, t0};

fn spec(body: Value) -> LeaderboardSpec {
    serde_json::from_value(body).expect("a leaderboard body")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// A one-off wager race over the next day, cash prizes for ranks 1 and 2.
fn race() -> Value {
    json!({
        "name": "Race",
        "metric": "wagered",
        "recurrence": "once",
        "timezone": "Europe/Malta",
        "starts_at": t0().to_rfc3339(),
        "ends_at": (t0() + Duration::days(1)).to_rfc3339(),
        "prizes": [
            {"from_rank": 1, "to_rank": 1, "reward": {"kind": "cash", "amount": "50.00"}},
            {"from_rank": 2, "to_rank": 2, "reward": {"kind": "cash", "amount": "20.00"}}
        ]
    })
}

async fn board(engine: &Engine, body: Value) -> Uuid {
    engine
        .leaderboards()
        .create(&spec(body), Uuid::now_v7())
        .await
        .expect("created")
        .leaderboard_id
}

/// A casino round of `player` staking `stake` euros and winning `win`.
fn round(player: Uuid, stake: &str, win: &str, game: &str, at: DateTime<Utc>) -> Event {
    Event::new(
        Topic::Player(player),
        EventData::RoundCompleted(RoundCompleted {
            player_id: player,
            provider: "test".to_owned(),
            game_code: game.to_owned(),
            round: Uuid::now_v7().to_string(),
            stake: stake.to_owned(),
            win: win.to_owned(),
            currency: Currency::EUR,
            free_spin: false,
        }),
        at,
    )
}

async fn score(engine: &Engine, event: &Event) {
    handle(engine, event).await.expect("scored");
}

async fn order(engine: &Engine, id: Uuid) -> Vec<(u64, String)> {
    let standings = engine
        .leaderboards()
        .standings(id, 100, None)
        .await
        .unwrap();
    standings
        .items
        .into_iter()
        .map(|r| (r.rank, r.score))
        .collect()
}

#[tokio::test]
async fn equal_scores_rank_by_who_reached_them_first_and_an_event_scores_once() {
    let (_db, engine, clock) = setup_at_t0().await;
    let id = board(&engine, race()).await;
    let (a, b, c) = (
        inserted_player(&engine, "EUR", "verified").await,
        inserted_player(&engine, "EUR", "verified").await,
        inserted_player(&engine, "EUR", "verified").await,
    );
    let first = round(b, "10.00", "0.00", "slot", t0() + Duration::seconds(1));
    score(&engine, &first).await;
    score(
        &engine,
        &round(a, "10.00", "0.00", "slot", t0() + Duration::seconds(2)),
    )
    .await;
    score(
        &engine,
        &round(c, "4.00", "0.00", "slot", t0() + Duration::seconds(3)),
    )
    .await;
    // The same event again (bus and sweep, or a second replica): no change.
    score(&engine, &first).await;
    clock.advance(Duration::minutes(1));
    let standings = engine
        .leaderboards()
        .standings(id, 10, Some(a))
        .await
        .unwrap();
    let players: Vec<(u64, String, bool)> = standings
        .items
        .iter()
        .map(|r| (r.rank, r.score.clone(), r.me))
        .collect();
    assert_eq!(
        players,
        [
            (1, "10.00".to_owned(), false),
            (2, "10.00".to_owned(), true),
            (3, "4.00".to_owned(), false)
        ]
    );
    assert_eq!(standings.me.map(|m| m.rank), Some(2));
    // Names are public ones: masked ids, never e-mails.
    assert!(
        standings
            .items
            .iter()
            .all(|r| r.player.starts_with("pl***") && !r.player.contains('@'))
    );
    engine
        .leaderboards()
        .set_nickname(a, "Ace_1")
        .await
        .unwrap();
    let standings = engine.leaderboards().standings(id, 10, None).await.unwrap();
    assert_eq!(standings.items[1].player, "Ace_1");
    assert!(matches!(
        engine.leaderboards().set_nickname(b, "ace_1").await,
        Err(LeaderboardError::NicknameTaken)
    ));
    // A raises past B; around-me shows the neighbours.
    score(
        &engine,
        &round(a, "0.50", "0.00", "slot", t0() + Duration::seconds(4)),
    )
    .await;
    assert_eq!(
        order(&engine, id).await,
        [
            (1, "10.50".to_owned()),
            (2, "10.00".to_owned()),
            (3, "4.00".to_owned())
        ]
    );
    let around = engine.leaderboards().around(id, c, 1).await.unwrap();
    assert_eq!(
        around.items.iter().map(|r| r.rank).collect::<Vec<_>>(),
        [2, 3]
    );
    assert!(around.items[1].me);
    // Every event left one processed mark per board.
    assert!(engine.leaderboards().check(id).await.unwrap());
}

#[tokio::test]
async fn a_replayed_outbox_scores_nothing_twice_and_metrics_follow_their_rules() {
    let (_db, engine, _clock) = setup_at_t0().await;
    let net = board(
        &engine,
        json!({"name": "Net", "metric": "net_win", "recurrence": "daily",
        "timezone": "UTC", "prizes": []}),
    )
    .await;
    let multi = board(
        &engine,
        json!({"name": "Multi", "metric": "biggest_multiplier",
        "recurrence": "daily", "timezone": "UTC", "min_stake": "1.00", "prizes": []}),
    )
    .await;
    let diverse = board(
        &engine,
        json!({"name": "Diverse", "metric": "game_diversity",
        "recurrence": "daily", "timezone": "UTC", "verticals": ["casino"], "prizes": []}),
    )
    .await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    for (stake, win, game) in [
        ("2.00", "5.00", "slot"),
        ("1.00", "0.00", "dice"),
        ("0.50", "50.00", "slot"),
    ] {
        score(
            &engine,
            &round(p, stake, win, game, t0() + Duration::seconds(1)),
        )
        .await;
    }
    let once = |v: Vec<(u64, String)>| v.into_iter().map(|(_, s)| s).collect::<Vec<_>>();
    assert_eq!(once(order(&engine, net).await), ["51.50"]);
    // The 100× round staked below the board's minimum: it does not count.
    assert_eq!(once(order(&engine, multi).await), ["2.50"]);
    assert_eq!(once(order(&engine, diverse).await), ["2"]);
    // Nothing in the outbox scores again what was handled.
    catch_up(&engine, t0() - Duration::hours(1)).await.unwrap();
    assert_eq!(once(order(&engine, net).await), ["51.50"]);
}

#[tokio::test]
async fn daily_periods_follow_the_timezone_across_dst_changes() {
    let clock = Clock::manual(at("2026-03-28T12:00:00Z"));
    let (_db, engine) = setup_with(engine::EngineConfig {
        clock: clock.clone(),
        ..engine::EngineConfig::for_tests()
    })
    .await;
    let id = board(&engine, json!({"name": "Daily", "metric": "wagered", "recurrence": "daily",
        "timezone": "Europe/Malta",
        "prizes": [{"from_rank": 1, "to_rank": 1, "reward": {"kind": "loyalty_points", "points": 10}}]}))
    .await;
    let p = engine.leaderboards().get(id).await.unwrap().period.unwrap();
    // The first period starts at creation and ends with the local day.
    assert_eq!(
        (p.starts_at, p.ends_at),
        (at("2026-03-28T12:00:00Z"), at("2026-03-28T23:00:00Z"))
    );
    // Not due yet: nothing closes.
    assert_eq!(
        engine::leaderboards::close::close_due(&engine)
            .await
            .unwrap(),
        0
    );
    clock.set(at("2026-03-28T23:00:05Z"));
    assert_eq!(
        engine::leaderboards::close::close_due(&engine)
            .await
            .unwrap(),
        1
    );
    let p = engine.leaderboards().get(id).await.unwrap().period.unwrap();
    // Clocks go forward on the 29th: a 23-hour day.
    assert_eq!(
        (p.starts_at, p.ends_at),
        (at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z"))
    );
    clock.set(at("2026-03-29T22:00:00Z"));
    assert_eq!(
        engine::leaderboards::close::close_due(&engine)
            .await
            .unwrap(),
        1
    );
    let p = engine.leaderboards().get(id).await.unwrap().period.unwrap();
    assert_eq!(
        (p.starts_at, p.ends_at),
        (at("2026-03-29T22:00:00Z"), at("2026-03-30T22:00:00Z"))
    );
    let periods = engine.leaderboards().periods(id).await.unwrap();
    assert_eq!(
        periods.items.iter().map(|p| p.status).collect::<Vec<_>>(),
        [
            PeriodStatus::Open,
            PeriodStatus::Closed,
            PeriodStatus::Closed
        ]
    );
    assert!(periods.items[1].standings_hash.is_some());
    // Autumn: a 25-hour day.
    clock.set(at("2026-10-24T23:30:00Z"));
    engine::leaderboards::close::close_due(&engine)
        .await
        .unwrap();
    let p = engine.leaderboards().get(id).await.unwrap().period.unwrap();
    assert_eq!(
        (p.starts_at, p.ends_at),
        (at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z"))
    );
}

#[tokio::test]
async fn a_login_streak_counts_local_days_of_the_board() {
    let clock = Clock::manual(at("2026-11-23T08:00:00Z"));
    let (_db, engine) = setup_with(engine::EngineConfig {
        clock: clock.clone(),
        ..engine::EngineConfig::for_tests()
    })
    .await;
    let id = board(
        &engine,
        json!({"name": "Streak", "metric": "login_streak",
        "recurrence": "weekly", "timezone": "Pacific/Auckland", "opt_in": true, "prizes": []}),
    )
    .await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let login = |at: DateTime<Utc>| {
        Event::new(
            Topic::Player(p),
            EventData::LoggedIn(LoggedIn { user_id: p }),
            at,
        )
    };
    // Not joined: an opt-in board does not count the login.
    score(&engine, &login(at("2026-11-23T09:00:00Z"))).await;
    assert!(order(&engine, id).await.is_empty());
    engine.leaderboards().join(id, p).await.unwrap();
    // 11:00Z and 12:00Z fall on two Auckland days (UTC+13): a streak of 2.
    score(&engine, &login(at("2026-11-23T10:00:00Z"))).await;
    score(&engine, &login(at("2026-11-23T11:30:00Z"))).await;
    score(&engine, &login(at("2026-11-23T12:30:00Z"))).await;
    assert_eq!(order(&engine, id).await, [(1, "2".to_owned())]);
}

#[tokio::test]
async fn concurrent_and_repeated_closes_pay_each_prize_once() {
    let (_db, engine, clock) = setup_at_t0().await;
    let id = board(&engine, race()).await;
    let (a, b) = (
        inserted_player(&engine, "EUR", "verified").await,
        inserted_player(&engine, "EUR", "verified").await,
    );
    score(
        &engine,
        &round(a, "30.00", "0.00", "slot", t0() + Duration::seconds(1)),
    )
    .await;
    score(
        &engine,
        &round(b, "20.00", "0.00", "slot", t0() + Duration::seconds(2)),
    )
    .await;
    clock.advance(Duration::days(2));
    let boards = engine.leaderboards();
    let (x, y, z) = tokio::join!(
        boards.close(id, None),
        boards.close(id, None),
        engine::leaderboards::close::close_due(&engine),
    );
    let ok = [x.is_ok(), y.is_ok()].iter().filter(|o| **o).count();
    assert!(ok >= 1 || z.is_ok(), "someone closed");
    for r in [&x, &y] {
        if let Err(e) = r {
            assert!(matches!(e, LeaderboardError::AlreadyClosed), "{e:?}");
        }
    }
    assert!(matches!(
        engine.leaderboards().close(id, None).await,
        Err(LeaderboardError::AlreadyClosed)
    ));
    assert_eq!(
        engine.wallet().balances(a).await.unwrap().cash,
        eur("50.00")
    );
    assert_eq!(
        engine.wallet().balances(b).await.unwrap().cash,
        eur("20.00")
    );
    let awards = entity::awards::Entity::find()
        .filter(entity::awards::Column::SourceId.eq(id))
        .count(engine.db())
        .await
        .unwrap();
    assert_eq!(awards, 2);
    let periods = engine.leaderboards().periods(id).await.unwrap();
    assert_eq!(periods.items.len(), 1);
    let winners = &periods.items[0].winners;
    assert_eq!(
        winners
            .iter()
            .map(|w| (w.rank, w.player_id, w.paid))
            .collect::<Vec<_>>(),
        [(1, a, true), (2, b, true)]
    );
    assert_eq!(
        engine.leaderboards().get(id).await.unwrap().status.code(),
        "closed"
    );
}

#[tokio::test]
async fn an_interrupted_close_finishes_without_paying_twice() {
    let (_db, engine, clock) = setup_at_t0().await;
    let id = board(&engine, race()).await;
    let a = inserted_player(&engine, "EUR", "verified").await;
    score(
        &engine,
        &round(a, "30.00", "0.00", "slot", t0() + Duration::seconds(1)),
    )
    .await;
    clock.advance(Duration::days(2));
    engine.leaderboards().close(id, None).await.unwrap();
    // As if the process died after paying, before the period was marked.
    use sea_orm::sea_query::Expr;
    entity::leaderboard_periods::Entity::update_many()
        .col_expr(
            entity::leaderboard_periods::Column::Status,
            Expr::value("closing"),
        )
        .filter(entity::leaderboard_periods::Column::LeaderboardId.eq(id))
        .exec(engine.db())
        .await
        .unwrap();
    assert_eq!(
        engine::leaderboards::close::close_due(&engine)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        engine.wallet().balances(a).await.unwrap().cash,
        eur("50.00")
    );
}

#[tokio::test]
async fn a_rebuilt_ranking_equals_the_live_one() {
    let (db, engine, _clock) = setup_at_t0().await;
    let id = board(
        &engine,
        json!({"name": "Big", "metric": "wagered", "recurrence": "weekly",
        "timezone": "Europe/Malta", "prizes": []}),
    )
    .await;
    let mut players = Vec::new();
    for _ in 0..40 {
        players.push(inserted_player(&engine, "EUR", "verified").await);
    }
    for i in 0..200u32 {
        let p = players[(i * 7 % 40) as usize];
        let stake = format!("{}.00", 1 + i % 5);
        score(
            &engine,
            &round(
                p,
                &stake,
                "0.00",
                "slot",
                t0() + Duration::seconds(i64::from(i)),
            ),
        )
        .await;
    }
    let live = engine
        .leaderboards()
        .standings(id, 100, None)
        .await
        .unwrap();
    assert!(engine.leaderboards().check(id).await.unwrap());
    // A new engine (a restarted server) rebuilds the same table.
    let fresh = engine_with(&db, engine.config().clone());
    let rebuilt = fresh.leaderboards().standings(id, 100, None).await.unwrap();
    assert_eq!(live, rebuilt);
    assert_eq!(live.items.len(), 40);
}

#[tokio::test]
async fn excluded_players_leave_every_board_and_are_never_paid() {
    let (_db, engine, clock) = setup_at_t0().await;
    let id = board(&engine, race()).await;
    let other = board(
        &engine,
        json!({"name": "Points", "metric": "wagered",
        "recurrence": "daily", "timezone": "UTC", "prizes": []}),
    )
    .await;
    let p = crate::common::player(&engine, &crate::common::unique_email()).await;
    let q = inserted_player(&engine, "EUR", "verified").await;
    score(
        &engine,
        &round(
            p.user_id,
            "90.00",
            "0.00",
            "slot",
            t0() + Duration::seconds(1),
        ),
    )
    .await;
    score(
        &engine,
        &round(q, "10.00", "0.00", "slot", t0() + Duration::seconds(2)),
    )
    .await;
    assert_eq!(order(&engine, other).await.len(), 2);
    engine
        .compliance()
        .exclude(
            &p,
            p.user_id,
            ExclusionRequestBody {
                kind: ExclusionKind::TimeOut,
                days: Some(7),
                months: None,
                permanent: None,
            },
            engine.now(),
        )
        .await
        .unwrap();
    catch_up(&engine, t0() - Duration::hours(1)).await.unwrap();
    assert_eq!(order(&engine, id).await, [(1, "10.00".to_owned())]);
    assert_eq!(order(&engine, other).await, [(1, "10.00".to_owned())]);
    // A bet while excluded (were it possible) scores nothing.
    score(
        &engine,
        &round(
            p.user_id,
            "5.00",
            "0.00",
            "slot",
            t0() + Duration::seconds(3),
        ),
    )
    .await;
    assert_eq!(order(&engine, id).await.len(), 1);
    assert!(matches!(
        engine.leaderboards().join(other, p.user_id).await,
        Err(LeaderboardError::Excluded)
    ));
    clock.advance(Duration::days(2));
    let closed = engine.leaderboards().close(id, None).await.unwrap();
    assert_eq!(
        closed
            .winners
            .iter()
            .map(|w| w.player_id)
            .collect::<Vec<_>>(),
        [q]
    );
    assert_eq!(
        engine.wallet().balances(q).await.unwrap().cash,
        eur("50.00")
    );
    assert_eq!(
        engine.wallet().balances(p.user_id).await.unwrap().cash,
        eur("0.00")
    );
}

#[tokio::test]
async fn a_full_board_refuses_new_players() {
    let (_db, engine, _clock) = setup_at_t0().await;
    let id = board(
        &engine,
        json!({"name": "Small", "metric": "wagered", "recurrence": "daily",
        "timezone": "UTC", "opt_in": true, "max_participants": 1, "prizes": []}),
    )
    .await;
    let (a, b) = (
        inserted_player(&engine, "EUR", "verified").await,
        inserted_player(&engine, "EUR", "verified").await,
    );
    engine.leaderboards().join(id, a).await.unwrap();
    engine.leaderboards().join(id, a).await.unwrap();
    assert!(matches!(
        engine.leaderboards().join(id, b).await,
        Err(LeaderboardError::Full)
    ));
    score(
        &engine,
        &round(b, "5.00", "0.00", "slot", t0() + Duration::seconds(1)),
    )
    .await;
    score(
        &engine,
        &round(a, "5.00", "0.00", "slot", t0() + Duration::seconds(1)),
    )
    .await;
    assert_eq!(order(&engine, id).await, [(1, "5.00".to_owned())]);
}

#[tokio::test]
async fn bad_bodies_name_their_fields() {
    let (_db, engine, _clock) = setup_at_t0().await;
    let fields = |body: Value| {
        let engine = engine.clone();
        async move {
            match engine
                .leaderboards()
                .create(&spec(body), Uuid::now_v7())
                .await
            {
                Err(LeaderboardError::Validation(f)) => {
                    f.into_iter().map(|e| e.field).collect::<Vec<_>>()
                }
                other => panic!("expected a validation error, got {other:?}"),
            }
        }
    };
    let cash = json!({"kind": "cash", "amount": "1.00"});
    assert_eq!(
        fields(json!({"name": "x", "metric": "fastest", "recurrence": "daily", "timezone": "UTC"}))
            .await,
        ["metric"]
    );
    assert_eq!(
        fields(json!({"name": "x", "metric": "wagered", "recurrence": "daily", "timezone": "Mars/Olympus"})).await,
        ["timezone"]
    );
    assert_eq!(
        fields(
            json!({"name": "x", "metric": "wagered", "recurrence": "daily", "timezone": "UTC",
            "prizes": [{"from_rank": 5, "to_rank": 2, "reward": cash}]})
        )
        .await,
        ["prizes[0].to_rank"]
    );
    assert_eq!(
        fields(
            json!({"name": "x", "metric": "wagered", "recurrence": "daily", "timezone": "UTC",
            "prizes": [{"from_rank": 1, "to_rank": 3, "reward": cash},
                       {"from_rank": 3, "to_rank": 5, "reward": cash}]})
        )
        .await,
        ["prizes"]
    );
    assert_eq!(
        fields(json!({"name": "x", "metric": "wagered", "recurrence": "once", "timezone": "UTC"}))
            .await,
        ["ends_at"]
    );
}
