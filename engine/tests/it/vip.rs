//! The VIP console against a real database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` says so): the 30-day figures and the list's filters,
//! sorting and paging; point adjustments (reason, never below zero, also
//! under concurrency) and tier overrides through the loyalty programme;
//! manager assignment; designation only after a passing check;
//! self-excluded players flagged and suppressed; every change audited.

use chrono::{Duration, Utc};
use domain::api::loyalty::ProgrammeSpec;
use domain::api::vip::{
    CheckBody, DesignationBody, ManagerBody, NoteBody, PointsBody, ReportsQuery, TaskBody,
    TaskUpdateBody, TierBody, VipListQuery,
};
use domain::compliance::{ExclusionKind, ExclusionRequestBody};
use engine::vip::VipError;
use engine::{Engine, Principal, Role};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::common::{inserted_player, setup, staff, unique_email};

/// A programme with three tiers and VIP rules of 100.00 deposits and
/// 10.00 GGR over 30 days.
async fn programme(engine: &Engine, author: Uuid) {
    let spec: ProgrammeSpec = serde_json::from_value(json!({
        "earning": [{"vertical": "casino", "category": "slots", "per": "1.00", "points": 1}],
        "tiers": [{"name": "Bronze", "threshold": 0},
                  {"name": "Silver", "threshold": 1000},
                  {"name": "Gold", "threshold": 5000}],
        "qualification_days": 90, "downgrade_grace_days": 30,
        "vip_rules": {"min_deposits_30d": "100.00", "min_ggr_30d": "10.00"}
    }))
    .unwrap();
    engine
        .loyalty()
        .set_programme(&spec, author)
        .await
        .expect("programme");
}

async fn manager(engine: &Engine) -> Principal {
    staff(
        engine,
        &unique_email(),
        "a-good-password",
        &[Role::VipManager],
    )
    .await
}

/// A completed deposit of `minor` cents, `days_ago` days ago.
async fn deposit(engine: &Engine, player: Uuid, minor: i64, days_ago: i64) {
    let at = engine.now() - Duration::days(days_ago);
    entity::payments::ActiveModel {
        id: Set(Uuid::now_v7()),
        player_id: Set(player),
        direction: Set("deposit".to_owned()),
        provider: Set("sandbox".to_owned()),
        provider_reference: Set(None),
        status: Set("completed".to_owned()),
        amount: Set(minor),
        currency: Set("EUR".to_owned()),
        created_at: Set(at),
        updated_at: Set(at),
        completed_at: Set(Some(at)),
    }
    .insert(engine.db())
    .await
    .unwrap();
}

/// A stake or winnings row of the responsible-gaming record.
async fn play(engine: &Engine, player: Uuid, kind: &str, minor: i64, days_ago: i64) {
    entity::rg_activity::ActiveModel {
        id: Set(Uuid::now_v7()),
        player_id: Set(player),
        kind: Set(kind.to_owned()),
        amount_minor: Set(minor),
        reference: Set(format!("test:{}", Uuid::now_v7())),
        at: Set(engine.now() - Duration::days(days_ago)),
    }
    .insert(engine.db())
    .await
    .unwrap();
}

async fn exclude(engine: &Engine, player: Uuid) {
    let me = Principal {
        user_id: player,
        session_id: Uuid::now_v7(),
        roles: vec![Role::Player],
    };
    engine
        .compliance()
        .exclude(
            &me,
            player,
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
}

fn passing_check() -> CheckBody {
    CheckBody {
        affordability_reviewed: true,
        source_of_funds_verified: true,
        harm_markers_reviewed: true,
        rg_state_reviewed: true,
        outcome: "pass".to_owned(),
        evidence: "Payslips for Oct and Nov; bank statement; no markers of harm.".to_owned(),
    }
}

fn points(delta: i64, reason: &str) -> PointsBody {
    PointsBody {
        points: delta,
        reason: reason.to_owned(),
    }
}

async fn audit_rows(engine: &Engine, action: &str, actor: Uuid) -> u64 {
    entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq(action))
        .filter(entity::audit_log::Column::ActorId.eq(actor))
        .count(engine.db())
        .await
        .unwrap()
}

fn field_of(e: &VipError) -> Option<&str> {
    match e {
        VipError::Validation(fields) => fields.first().map(|f| f.field.as_str()),
        _ => None,
    }
}

/// The refusal of a change below zero: 422 on `points`.
fn below_zero(e: &VipError) -> bool {
    matches!(e, VipError::InsufficientPoints) || field_of(e) == Some("points")
}

#[tokio::test]
async fn figures_rules_filters_sorting_and_paging() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    programme(&engine, m.user_id).await;
    let whale = inserted_player(&engine, "EUR", "verified").await;
    let small = inserted_player(&engine, "EUR", "verified").await;
    let idle = inserted_player(&engine, "EUR", "unverified").await;
    deposit(&engine, whale, 15_000, 1).await;
    deposit(&engine, whale, 90_000, 40).await; // outside the window
    deposit(&engine, small, 50_00, 2).await;
    play(&engine, whale, "stake", 30_00, 1).await;
    play(&engine, whale, "winnings", 10_00, 1).await;
    play(&engine, small, "stake", 80_00, 3).await;
    let vip = engine.vip(&m);
    vip.adjust_points(idle, &points(70, "welcome"))
        .await
        .unwrap();

    let all = vip.players(&VipListQuery::default()).await.unwrap();
    let row = |id: Uuid| {
        all.items
            .iter()
            .find(|r| r.player_id == id)
            .unwrap()
            .clone()
    };
    let w = row(whale);
    assert_eq!(
        (w.deposits_30d.as_str(), w.ggr_30d.as_str(), w.vip),
        ("150.00", "20.00", true)
    );
    assert_eq!(w.reporting_currency, "EUR");
    assert_eq!(w.tier.as_deref(), Some("Bronze"));
    let s = row(small);
    assert_eq!(
        (s.deposits_30d.as_str(), s.ggr_30d.as_str(), s.vip),
        ("50.00", "80.00", false)
    );
    assert!(row(idle).last_active_at.is_none());
    // Default sort: points, highest first.
    assert_eq!(all.items[0].player_id, idle);
    assert_eq!(all.items[0].points, 70);

    let vips = vip
        .players(&VipListQuery {
            vip: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        vips.items.iter().map(|r| r.player_id).collect::<Vec<_>>(),
        vec![whale]
    );
    let by_ggr = vip
        .players(&VipListQuery {
            sort: Some("ggr_30d".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_ggr.items[0].player_id, small);
    assert_eq!(by_ggr.items[1].player_id, whale);

    // Paging one row at a time walks the same order without repeats.
    let mut walked = Vec::new();
    let mut cursor = None;
    loop {
        let page = vip
            .players(&VipListQuery {
                sort: Some("deposits_30d".to_owned()),
                limit: Some(1),
                cursor: cursor.clone(),
                ..Default::default()
            })
            .await
            .unwrap();
        walked.extend(page.items.iter().map(|r| r.player_id));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let full = vip
        .players(&VipListQuery {
            sort: Some("deposits_30d".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        walked,
        full.items.iter().map(|r| r.player_id).collect::<Vec<_>>()
    );
    assert_eq!(walked[0], whale);

    let tiered = vip
        .players(&VipListQuery {
            tier: Some("Gold".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(tiered.items.is_empty());
    for (q, field) in [
        (
            VipListQuery {
                sort: Some("email".to_owned()),
                ..Default::default()
            },
            "sort",
        ),
        (
            VipListQuery {
                limit: Some(0),
                ..Default::default()
            },
            "limit",
        ),
        (
            VipListQuery {
                cursor: Some("points.x.y".to_owned()),
                ..Default::default()
            },
            "cursor",
        ),
        (
            VipListQuery {
                manager_id: Some("nope".to_owned()),
                ..Default::default()
            },
            "manager_id",
        ),
    ] {
        let e = vip.players(&q).await.unwrap_err();
        assert_eq!(field_of(&e), Some(field), "{e:?}");
    }
}

#[tokio::test]
async fn adjustments_need_a_reason_never_go_below_zero_and_are_audited() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    programme(&engine, m.user_id).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let vip = engine.vip(&m);
    let e = vip.adjust_points(p, &points(50, "  ")).await.unwrap_err();
    assert_eq!(field_of(&e), Some("reason"));
    let e = vip
        .adjust_points(p, &points(0, "nothing"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), Some("points"));
    assert_eq!(
        vip.adjust_points(p, &points(120, "goodwill"))
            .await
            .unwrap()
            .points,
        120
    );
    let e = vip
        .adjust_points(p, &points(-121, "too much"))
        .await
        .unwrap_err();
    assert!(below_zero(&e), "{e:?}");
    assert_eq!(
        vip.adjust_points(p, &points(-20, "correction"))
            .await
            .unwrap()
            .points,
        100
    );
    assert_eq!(
        audit_rows(&engine, "vip.points_adjusted", m.user_id).await,
        2
    );
    let entries = entity::loyalty_entries::Entity::find()
        .filter(entity::loyalty_entries::Column::PlayerId.eq(p))
        .all(engine.db())
        .await
        .unwrap();
    assert_eq!(entries.iter().map(|e| e.delta).sum::<i64>(), 100);
    assert!(entries.iter().all(|e| e.author == Some(m.user_id)));
    // A stranger without the role is refused by the engine too.
    let outsider = crate::common::principal(Role::Marketing);
    let e = engine
        .vip(&outsider)
        .adjust_points(p, &points(5, "x"))
        .await
        .unwrap_err();
    assert!(matches!(e, VipError::Forbidden));
    let e = vip
        .adjust_points(Uuid::now_v7(), &points(5, "x"))
        .await
        .unwrap_err();
    assert!(matches!(e, VipError::NotFound));
}

#[tokio::test]
async fn concurrent_removals_never_take_points_below_zero() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    programme(&engine, m.user_id).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .vip(&m)
        .adjust_points(p, &points(100, "seed"))
        .await
        .unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let engine = engine.clone();
            let m = m.clone();
            tokio::spawn(async move {
                engine
                    .vip(&m)
                    .adjust_points(p, &points(-30, &format!("removal {i}")))
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) if below_zero(&e) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 3);
    let status = engine.loyalty().status(p).await.unwrap();
    assert_eq!(status.points, 10);
    let sum: i64 = entity::loyalty_entries::Entity::find()
        .filter(entity::loyalty_entries::Column::PlayerId.eq(p))
        .filter(entity::loyalty_entries::Column::Unit.eq("points"))
        .all(engine.db())
        .await
        .unwrap()
        .iter()
        .map(|e| e.delta)
        .sum();
    assert_eq!(sum, 10);
}

#[tokio::test]
async fn tier_overrides_go_through_the_programme() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    programme(&engine, m.user_id).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let vip = engine.vip(&m);
    let until = (Utc::now() + Duration::days(30)).to_rfc3339();
    let tier = |t: &str, u: &str| TierBody {
        tier: t.to_owned(),
        until: u.to_owned(),
        reason: Some("Retention".to_owned()),
    };
    let e = vip
        .set_tier(p, &tier("Platinum", &until))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), Some("tier"), "{e:?}");
    let e = vip.set_tier(p, &tier("Gold", "")).await.unwrap_err();
    assert_eq!(field_of(&e), Some("until"));
    let e = vip
        .set_tier(p, &tier("Gold", "2020-01-01T00:00:00Z"))
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), Some("until"));
    let view = vip.set_tier(p, &tier("Gold", &until)).await.unwrap();
    assert_eq!(view.tier.as_deref(), Some("Gold"));
    let over = view.tier_override.expect("override shown");
    assert_eq!(over.tier, "Gold");
    assert!(over.until.is_some());
    assert_eq!(audit_rows(&engine, "vip.tier_override", m.user_id).await, 1);
    let gold = vip
        .players(&VipListQuery {
            tier: Some("Gold".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(gold.items.len(), 1);
    let reports = vip.reports(&ReportsQuery { days: Some(30) }).await.unwrap();
    assert_eq!(reports.points_flow.len(), 30);
    assert_eq!(reports.vip_ggr.len(), 30);
    assert!(
        reports
            .tier_distribution
            .iter()
            .any(|t| t.tier == "Gold" && t.players == 1)
    );
    let e = vip
        .reports(&ReportsQuery { days: Some(7) })
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), Some("days"));
}

#[tokio::test]
async fn managers_notes_and_tasks() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let vip = engine.vip(&m);
    let compliance = staff(
        &engine,
        &unique_email(),
        "a-good-password",
        &[Role::Compliance],
    )
    .await;
    let e = vip
        .set_manager(
            p,
            &ManagerBody {
                manager_id: Some(compliance.user_id.to_string()),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, VipError::NotVipManager), "{e:?}");
    let view = vip
        .set_manager(
            p,
            &ManagerBody {
                manager_id: Some(m.user_id.to_string()),
            },
        )
        .await
        .unwrap();
    assert_eq!(view.manager_id, Some(m.user_id));
    let mine = vip
        .players(&VipListQuery {
            manager_id: Some(m.user_id.to_string()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        mine.items.iter().map(|r| r.player_id).collect::<Vec<_>>(),
        vec![p]
    );
    let e = vip
        .add_note(p, &NoteBody { text: " ".into() })
        .await
        .unwrap_err();
    assert_eq!(field_of(&e), Some("text"));
    let note = vip
        .add_note(
            p,
            &NoteBody {
                text: "Prefers football; call after 6 pm.".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(note.author_id, m.user_id);
    let task = vip
        .add_task(
            p,
            &TaskBody {
                title: "Birthday call".into(),
                due_at: Some("2030-05-01".into()),
                assignee_id: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(task.assignee_id, Some(m.user_id));
    let done = vip
        .update_task(task.task_id, &TaskUpdateBody { done: true })
        .await
        .unwrap();
    assert!(done.done && done.done_at.is_some());
    let view = vip.player(p).await.unwrap();
    assert_eq!(view.notes.len(), 1);
    assert_eq!(view.tasks.len(), 1);
    assert_eq!(view.wallet.currency, "EUR");
    assert_eq!(view.wallet.cash, "0.00");
    assert_eq!(
        audit_rows(&engine, "vip.manager_assigned", m.user_id).await,
        1
    );
    assert_eq!(audit_rows(&engine, "vip.note_added", m.user_id).await, 1);
    assert_eq!(audit_rows(&engine, "vip.task_updated", m.user_id).await, 1);
}

#[tokio::test]
async fn designation_needs_a_recent_passing_check() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let vip = engine.vip(&m);
    let mark = DesignationBody {
        vip: true,
        reason: "High value, affordable".into(),
    };
    assert!(matches!(
        vip.designate(p, &mark).await.unwrap_err(),
        VipError::ChecksRequired
    ));
    let mut half = passing_check();
    half.source_of_funds_verified = false;
    assert_eq!(
        field_of(&vip.add_check(p, &half).await.unwrap_err()),
        Some("outcome")
    );
    half.outcome = "refer".into();
    let referred = vip.add_check(p, &half).await.unwrap();
    assert!(!referred.allows_designation);
    assert!(matches!(
        vip.designate(p, &mark).await.unwrap_err(),
        VipError::ChecksRequired
    ));
    let passed = vip.add_check(p, &passing_check()).await.unwrap();
    assert!(passed.allows_designation);
    let view = vip.designate(p, &mark).await.unwrap();
    assert!(view.vip && view.designation.marked);
    assert_eq!(view.designation.by, Some(m.user_id));
    assert_eq!(view.checks.len(), 2);
    let listed = vip
        .players(&VipListQuery {
            vip: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(listed.items.iter().any(|r| r.player_id == p && r.marked));
    assert_eq!(audit_rows(&engine, "vip.designation", m.user_id).await, 1);
    assert_eq!(
        audit_rows(&engine, "vip.check_recorded", m.user_id).await,
        2
    );
}

#[tokio::test]
async fn self_excluded_players_are_flagged_and_suppressed() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    programme(&engine, m.user_id).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let vip = engine.vip(&m);
    vip.add_check(p, &passing_check()).await.unwrap();
    vip.adjust_points(p, &points(40, "seed")).await.unwrap();
    exclude(&engine, p).await;
    let until = (Utc::now() + Duration::days(30)).to_rfc3339();
    let excluded = |e: VipError| matches!(e, VipError::SelfExcluded { .. });
    assert!(excluded(
        vip.adjust_points(p, &points(10, "promo"))
            .await
            .unwrap_err()
    ));
    assert!(excluded(
        vip.set_tier(
            p,
            &TierBody {
                tier: "Gold".into(),
                until,
                reason: None
            }
        )
        .await
        .unwrap_err()
    ));
    assert!(excluded(
        vip.designate(
            p,
            &DesignationBody {
                vip: true,
                reason: "x".into()
            }
        )
        .await
        .unwrap_err()
    ));
    assert!(excluded(
        vip.set_manager(
            p,
            &ManagerBody {
                manager_id: Some(m.user_id.to_string())
            }
        )
        .await
        .unwrap_err()
    ));
    assert_eq!(engine.loyalty().status(p).await.unwrap().points, 40);
    let view = vip.player(p).await.unwrap();
    assert!(view.self_excluded && view.responsible_gaming.self_excluded);
    assert_eq!(
        view.responsible_gaming.exclusion_kind.as_deref(),
        Some("time_out")
    );
    assert!(view.manager_id.is_none() && !view.designation.marked);
    let listed = vip.players(&VipListQuery::default()).await.unwrap();
    assert!(
        listed
            .items
            .iter()
            .any(|r| r.player_id == p && r.self_excluded)
    );
    assert_eq!(
        audit_rows(&engine, "vip.points_adjusted", m.user_id).await,
        1
    );
}

#[tokio::test]
async fn the_console_audit_row_commits_in_the_loyalty_transaction() {
    let (_db, engine) = setup().await;
    let m = manager(&engine).await;
    programme(&engine, m.user_id).await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let vip = engine.vip(&m);
    vip.adjust_points(p, &points(75, "welcome")).await.unwrap();
    // Refused inside the loyalty transaction: neither row is written.
    vip.adjust_points(p, &points(-76, "too much"))
        .await
        .unwrap_err();
    let rows = |action: &'static str| {
        let engine = engine.clone();
        async move {
            entity::audit_log::Entity::find()
                .filter(entity::audit_log::Column::Action.eq(action))
                .filter(entity::audit_log::Column::ActorId.eq(m.user_id))
                .all(engine.db())
                .await
                .unwrap()
        }
    };
    let console = rows("vip.points_adjusted").await;
    let loyalty = rows("loyalty.points_adjusted").await;
    assert_eq!((console.len(), loyalty.len()), (1, 1));
    // Written in the same transaction, at the same instant.
    assert_eq!(console[0].created_at, loyalty[0].created_at);
    let details: serde_json::Value = serde_json::from_str(&console[0].details).unwrap();
    assert_eq!(details["points"], 75);
    assert_eq!(details["balance_after"], 75);
    assert_eq!(details["reason"], "welcome");

    let until = (Utc::now() + Duration::days(10)).to_rfc3339();
    let body = TierBody {
        tier: "Gold".to_owned(),
        until,
        reason: Some("Retention".to_owned()),
    };
    vip.set_tier(p, &body).await.unwrap();
    let console = rows("vip.tier_override").await;
    let loyalty = rows("loyalty.tier_overridden").await;
    assert_eq!((console.len(), loyalty.len()), (1, 1));
    assert_eq!(console[0].created_at, loyalty[0].created_at);
    let details: serde_json::Value = serde_json::from_str(&console[0].details).unwrap();
    assert_eq!(details["tier"], "Gold");
    assert_eq!(details["reason"], "Retention");
}
