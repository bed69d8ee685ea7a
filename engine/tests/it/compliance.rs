//! Responsible gaming and KYC over a real database: limits and their
//! history, exclusions on login and deposit, the deposit gate of the
//! wallet, session breaks and reality checks (on a manual clock), play
//! limits, loss alerts, jurisdictions and KYC.

use chrono::{SubsecRound, TimeDelta, Utc};
use domain::compliance::{
    ActivityKind, ExclusionKind, ExclusionRequestBody, LimitKind, LimitPeriod,
};
use engine::auth::{KycStatus, RegisterInput};
use engine::compliance::jurisdictions::JurisdictionView;
use engine::compliance::session::SettingsChange;
use engine::compliance::{ComplianceError, KycDocument, record_play};
use engine::wallet::WalletError;
use engine::{AuthError, Engine, EngineConfig, Principal, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::common::{
    PASSWORD, engine_with, eur, player, player_in, setup, setup_at_t0, staff, t0, today,
};

async fn compliance_officer(engine: &Engine) -> Principal {
    staff(
        engine,
        "officer@example.com",
        "officer-password",
        &[Role::Compliance],
    )
    .await
}

fn time_out(days: u32) -> ExclusionRequestBody {
    ExclusionRequestBody {
        kind: ExclusionKind::TimeOut,
        days: Some(days),
        months: None,
        permanent: None,
    }
}

#[tokio::test]
async fn lower_limits_apply_at_once_higher_ones_after_a_day_and_all_are_in_the_history() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "limits@example.com").await;
    let rg = engine.compliance();
    // Timestamps are stored to the microsecond.
    let now = Utc::now().trunc_subsecs(6);
    let first = rg
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Deposit,
            LimitPeriod::Day,
            Some("100.00"),
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        (first.amount.as_str(), first.pending.is_none()),
        ("100.00", true)
    );

    let raised = rg
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Deposit,
            LimitPeriod::Day,
            Some("250.00"),
            now,
        )
        .await
        .unwrap();
    assert_eq!(raised.amount, "100.00");
    let pending = raised.pending.unwrap();
    assert_eq!(pending.amount.as_deref(), Some("250.00"));
    assert_eq!(pending.effective_at, now + TimeDelta::hours(24));

    // After the cooling-off the higher amount is the one in force.
    let later = rg
        .limits(p.user_id, now + TimeDelta::hours(25))
        .await
        .unwrap();
    assert_eq!(later[0].amount, "250.00");

    let lowered = rg
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Deposit,
            LimitPeriod::Day,
            Some("40.00"),
            now,
        )
        .await
        .unwrap();
    assert_eq!((lowered.amount.as_str(), lowered.pending), ("40.00", None));

    let removed = rg
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Deposit,
            LimitPeriod::Day,
            None,
            now,
        )
        .await
        .unwrap();
    assert_eq!(removed.amount, "40.00");
    assert_eq!(removed.pending.unwrap().amount, None);
    assert!(
        rg.limits(p.user_id, now + TimeDelta::hours(25))
            .await
            .unwrap()
            .is_empty()
    );

    let history = rg.limit_history(p.user_id).await.unwrap();
    let steps: Vec<(Option<&str>, Option<&str>)> = history
        .iter()
        .rev()
        .map(|h| (h.old_amount.as_deref(), h.new_amount.as_deref()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, Some("100.00")),
            (Some("100.00"), Some("250.00")),
            (Some("100.00"), Some("40.00")),
            (Some("40.00"), None),
        ]
    );
    assert!(history.iter().all(|h| h.actor_id == Some(p.user_id)));
}

#[tokio::test]
async fn bad_limit_amounts_fail_validation_and_removing_nothing_is_not_found() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "bad-limits@example.com").await;
    let rg = engine.compliance();
    for bad in ["0", "-5.00", "10.001", "ten", ""] {
        let err = rg
            .set_limit(
                &p,
                p.user_id,
                LimitKind::Loss,
                LimitPeriod::Week,
                Some(bad),
                Utc::now(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, ComplianceError::Validation { ref field, .. } if field == "amount"),
            "{bad}: {err:?}"
        );
    }
    let err = rg
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Wager,
            LimitPeriod::Month,
            None,
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ComplianceError::NotFound));
}

#[tokio::test]
async fn another_player_cannot_change_my_limits_but_compliance_can() {
    let (_db, engine) = setup().await;
    let me = player(&engine, "me@example.com").await;
    let other = player(&engine, "other@example.com").await;
    let rg = engine.compliance();
    let err = rg
        .set_limit(
            &other,
            me.user_id,
            LimitKind::Deposit,
            LimitPeriod::Day,
            Some("1.00"),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ComplianceError::Forbidden));
    let officer = compliance_officer(&engine).await;
    rg.set_limit(
        &officer,
        me.user_id,
        LimitKind::Deposit,
        LimitPeriod::Day,
        Some("1.00"),
        Utc::now(),
    )
    .await
    .unwrap();
    let history = rg.limit_history(me.user_id).await.unwrap();
    assert_eq!(history[0].actor_id, Some(officer.user_id));
}

#[tokio::test]
async fn deposits_count_against_the_deposit_limit_through_the_wallet_gate() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "depositor@example.com").await;
    engine
        .compliance()
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Deposit,
            LimitPeriod::Day,
            Some("100.00"),
            Utc::now(),
        )
        .await
        .unwrap();
    engine
        .wallet()
        .deposit(p.user_id, eur("60.00"), "sandbox", None)
        .await
        .unwrap();
    let err = engine
        .wallet()
        .deposit(p.user_id, eur("50.00"), "sandbox", None)
        .await
        .unwrap_err();
    match err {
        WalletError::LimitExceeded { remaining } => assert_eq!(remaining, eur("40.00")),
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
    engine
        .wallet()
        .deposit(p.user_id, eur("40.00"), "sandbox", None)
        .await
        .unwrap();
    let limits = engine
        .compliance()
        .limits(p.user_id, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (limits[0].used.as_str(), limits[0].remaining.as_str()),
        ("100.00", "0.00")
    );
}

#[tokio::test]
async fn a_time_out_refuses_login_and_deposits_at_once_but_not_withdrawals() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "timeout@example.com").await;
    engine
        .wallet()
        .deposit(p.user_id, eur("30.00"), "sandbox", None)
        .await
        .unwrap();
    let exclusion = engine
        .compliance()
        .exclude(&p, p.user_id, time_out(7), Utc::now())
        .await
        .unwrap();
    let until = exclusion.until.unwrap();
    assert!(engine.compliance().is_excluded(p.user_id).await);

    match engine
        .auth()
        .login("timeout@example.com", PASSWORD, None)
        .await
    {
        Err(AuthError::SelfExcluded { until: Some(u) }) => assert_eq!(u, until),
        other => panic!("expected SelfExcluded, got {other:?}"),
    }
    // The session opened before the time-out may not deposit or play.
    assert!(
        engine
            .compliance()
            .check_deposit(p.user_id, eur("1.00"), Utc::now())
            .await
            .is_err()
    );
    assert!(matches!(
        engine
            .wallet()
            .deposit(p.user_id, eur("1.00"), "sandbox", None)
            .await,
        Err(WalletError::SelfExcluded { until: Some(_) })
    ));
    assert!(matches!(
        engine
            .compliance()
            .check_play(&p, eur("1.00"), Utc::now())
            .await,
        Err(ComplianceError::SelfExcluded { .. })
    ));
    // Withdrawal of cash stays possible (with verified KYC).
    let officer = compliance_officer(&engine).await;
    engine
        .compliance()
        .review_kyc(
            &officer,
            p.user_id,
            KycStatus::Verified,
            Some("passport seen".into()),
        )
        .await
        .unwrap();
    engine
        .wallet()
        .withdraw(p.user_id, eur("10.00"), "sandbox", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_exclusion_is_never_shortened_and_self_exclusions_respect_the_minimum() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "longer@example.com").await;
    let rg = engine.compliance();
    let now = Utc::now();
    let long = rg.exclude(&p, p.user_id, time_out(30), now).await.unwrap();
    let shorter = rg.exclude(&p, p.user_id, time_out(2), now).await.unwrap();
    assert_eq!(shorter, long);
    assert_eq!(rg.exclusion_history(p.user_id, now).await.unwrap().len(), 1);

    let too_short = ExclusionRequestBody {
        kind: ExclusionKind::SelfExclusion,
        days: None,
        months: Some(3),
        permanent: None,
    };
    assert!(matches!(
        rg.exclude(&p, p.user_id, too_short, now).await,
        Err(ComplianceError::Validation { .. })
    ));
    let permanent = ExclusionRequestBody {
        kind: ExclusionKind::SelfExclusion,
        days: None,
        months: None,
        permanent: Some(true),
    };
    let forever = rg.exclude(&p, p.user_id, permanent, now).await.unwrap();
    assert_eq!(forever.until, None);
    assert!(matches!(
        engine
            .auth()
            .login("longer@example.com", PASSWORD, None)
            .await,
        Err(AuthError::SelfExcluded { until: None })
    ));
}

#[tokio::test]
async fn login_works_again_once_a_time_out_has_ended() {
    let (_db, engine, clock) = setup_at_t0().await;
    let p = player(&engine, "back@example.com").await;
    let exclusion = engine
        .compliance()
        .exclude(&p, p.user_id, time_out(1), engine.now())
        .await
        .unwrap();
    assert_eq!(exclusion.until, Some(t0() + TimeDelta::days(1)));
    // A second before the time-out ends, login is still refused.
    clock.set(t0() + TimeDelta::days(1) - TimeDelta::seconds(1));
    assert!(matches!(
        engine
            .auth()
            .login("back@example.com", PASSWORD, None)
            .await,
        Err(AuthError::SelfExcluded { .. })
    ));
    assert!(engine.compliance().is_excluded(p.user_id).await);
    // From the moment it ends, login works again.
    clock.set(t0() + TimeDelta::days(1));
    assert!(
        engine
            .auth()
            .login("back@example.com", PASSWORD, None)
            .await
            .is_ok()
    );
    assert!(!engine.compliance().is_excluded(p.user_id).await);
}

#[tokio::test]
async fn a_due_reality_check_stops_play_until_acknowledged() {
    let (db, engine, clock) = setup_at_t0().await;
    let p = player(&engine, "reality@example.com").await;
    let rg = engine.compliance();
    let change = SettingsChange {
        reality_check_minutes: Some(10),
        ..SettingsChange::default()
    };
    rg.update_settings(&p, change, engine.now()).await.unwrap();
    let state = rg.session_state(&p, engine.now()).await.unwrap();
    let rc = state.reality_check.unwrap();
    assert!(!rc.due);
    assert_eq!(rc.due_at, state.started_at + TimeDelta::minutes(10));
    rg.check_play(&p, eur("1.00"), engine.now()).await.unwrap();

    clock.advance(TimeDelta::minutes(11));
    record_play(
        &db.db,
        p.user_id,
        ActivityKind::Stake,
        eur("5.00"),
        "bet:1",
        engine.now(),
    )
    .await
    .unwrap();
    record_play(
        &db.db,
        p.user_id,
        ActivityKind::Winnings,
        eur("2.00"),
        "bet:1",
        engine.now(),
    )
    .await
    .unwrap();
    let state = rg.session_state(&p, engine.now()).await.unwrap();
    let rc = state.reality_check.unwrap();
    assert!(rc.due);
    assert!(rc.time_played_secs >= 11 * 60);
    assert_eq!(
        (rc.stakes.as_str(), rc.winnings.as_str(), rc.net.as_str()),
        ("5.00", "2.00", "-3.00")
    );
    assert!(matches!(
        rg.check_play(&p, eur("1.00"), engine.now()).await,
        Err(ComplianceError::RealityCheckDue { .. })
    ));
    let after = rg
        .acknowledge_reality_check(&p, engine.now())
        .await
        .unwrap();
    assert!(!after.reality_check.unwrap().due);
    rg.check_play(&p, eur("1.00"), engine.now()).await.unwrap();
}

#[tokio::test]
async fn a_reached_session_limit_starts_a_break_for_every_session() {
    let (_db, engine, clock) = setup_at_t0().await;
    let p = player(&engine, "break@example.com").await;
    let rg = engine.compliance();
    let change = SettingsChange {
        session_limit_minutes: Some(30),
        session_break_minutes: Some(15),
        ..SettingsChange::default()
    };
    rg.update_settings(&p, change, engine.now()).await.unwrap();
    rg.check_play(&p, eur("1.00"), engine.now()).await.unwrap();
    clock.advance(TimeDelta::minutes(31));
    let until = match rg.check_play(&p, eur("1.00"), engine.now()).await {
        Err(ComplianceError::SessionBreak { until }) => until,
        other => panic!("expected SessionBreak, got {other:?}"),
    };
    assert!(until > engine.now() + TimeDelta::minutes(13));
    // Logging in again does not skip the break.
    let token = engine
        .auth()
        .login("break@example.com", PASSWORD, None)
        .await
        .unwrap()
        .token;
    let second = engine.auth().verify(&token).await.unwrap();
    assert!(matches!(
        rg.check_play(&second, eur("1.00"), engine.now()).await,
        Err(ComplianceError::SessionBreak { .. })
    ));
    // Once the break is over, play resumes in a fresh session.
    clock.advance(TimeDelta::minutes(15));
    rg.check_play(&p, eur("1.00"), engine.now()).await.unwrap();
    let state = rg.session_state(&p, engine.now()).await.unwrap();
    assert!(state.started_at > engine.now() - TimeDelta::minutes(1));
}

#[tokio::test]
async fn loss_and_wager_limits_stop_stakes_past_their_headroom() {
    let (db, engine) = setup().await;
    let p = player(&engine, "loser@example.com").await;
    let rg = engine.compliance();
    rg.set_limit(
        &p,
        p.user_id,
        LimitKind::Loss,
        LimitPeriod::Day,
        Some("20.00"),
        Utc::now(),
    )
    .await
    .unwrap();
    record_play(
        &db.db,
        p.user_id,
        ActivityKind::Stake,
        eur("15.00"),
        "bet:a",
        Utc::now(),
    )
    .await
    .unwrap();
    match rg.check_play(&p, eur("10.00"), Utc::now()).await {
        Err(ComplianceError::PlayLimitExceeded {
            kind, remaining, ..
        }) => {
            assert_eq!((kind, remaining), (LimitKind::Loss, eur("5.00")));
        }
        other => panic!("expected a loss limit, got {other:?}"),
    }
    rg.check_play(&p, eur("5.00"), Utc::now()).await.unwrap();
}

#[tokio::test]
async fn crossing_a_loss_threshold_alerts_the_player_and_compliance_once_per_window() {
    use sea_orm::PaginatorTrait;
    let (db, engine) = setup().await;
    let p = player(&engine, "alert@example.com").await;
    let rg = engine.compliance();
    rg.update_settings(
        &p,
        SettingsChange {
            loss_alert: Some("50.00".into()),
            loss_alert_period: Some(LimitPeriod::Day),
            ..SettingsChange::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let officer = compliance_officer(&engine).await;
    rg.set_operator_loss_alert(&officer, p.user_id, Some("80.00"), Utc::now())
        .await
        .unwrap();
    for i in 0..3 {
        record_play(
            &db.db,
            p.user_id,
            ActivityKind::Stake,
            eur("30.00"),
            &format!("bet:{i}"),
            Utc::now(),
        )
        .await
        .unwrap();
    }
    let alerts = rg.loss_alerts(Some(p.user_id), 10).await.unwrap();
    let mut sources: Vec<(&str, &str)> = alerts
        .iter()
        .map(|a| (a.source.as_str(), a.threshold.as_str()))
        .collect();
    sources.sort_unstable();
    assert_eq!(sources, vec![("operator", "80.00"), ("player", "50.00")]);
    let player_events = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Kind.eq("rg.loss_alert"))
        .filter(entity::outbox::Column::Topic.eq(format!("player:{}", p.user_id)))
        .count(&db.db)
        .await
        .unwrap();
    let compliance_events = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Kind.eq("rg.loss_alert"))
        .filter(entity::outbox::Column::Topic.eq("compliance:alerts"))
        .count(&db.db)
        .await
        .unwrap();
    assert_eq!((player_events, compliance_events), (2, 2));
    assert_eq!(
        rg.loss_alerts(None, 10).await.unwrap()[0].email,
        "alert@example.com"
    );
}

#[tokio::test]
async fn the_jurisdiction_table_is_seeded_and_drives_the_minimum_age() {
    let (db, engine) = setup().await;
    let seeded: Vec<String> = engine
        .compliance()
        .jurisdictions()
        .await
        .unwrap()
        .into_iter()
        .map(|j| j.country)
        .collect();
    for c in ["BR", "GB", "MT", "MX", "SE"] {
        assert!(
            seeded.contains(&c.to_owned()),
            "{c} missing from {seeded:?}"
        );
    }
    let officer = compliance_officer(&engine).await;
    engine
        .compliance()
        .set_jurisdiction(
            &officer,
            JurisdictionView {
                country: "MX".into(),
                minimum_age: 21,
                deposit_limit_prompt_mandatory: false,
                mandatory_reality_check_minutes: Some(60),
                minimum_self_exclusion_months: 12,
                kyc_required_before_first_deposit: false,
            },
            Utc::now(),
        )
        .await
        .unwrap();
    let twenty = today()
        .checked_sub_months(chrono::Months::new(20 * 12))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    let input = |email: &str, country: &str| RegisterInput {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        date_of_birth: twenty.clone(),
        country: country.to_owned(),
        currency: "MXN".to_owned(),
    };
    assert!(matches!(
        engine
            .auth()
            .register(input("mx@example.com", "MX"), today())
            .await,
        Err(AuthError::Underage { min_age: 21 })
    ));
    assert!(
        engine
            .auth()
            .register(input("mt@example.com", "MT"), today())
            .await
            .is_ok()
    );

    // The CROUPIER_MIN_AGES override still wins over the table.
    let mut config = EngineConfig::for_tests();
    config.min_age_overrides = vec![("MX".to_owned(), 20)];
    let overridden = engine_with(&db, config);
    assert!(
        overridden
            .auth()
            .register(input("mx2@example.com", "MX"), today())
            .await
            .is_ok()
    );

    // The jurisdiction's mandatory reality check and minimum exclusion apply.
    let token = overridden
        .auth()
        .login("mx2@example.com", PASSWORD, None)
        .await
        .unwrap()
        .token;
    let mx = engine.auth().verify(&token).await.unwrap();
    let settings = engine.compliance().settings(mx.user_id).await.unwrap();
    assert_eq!(settings.effective_reality_check_minutes, Some(60));
    let six_months = ExclusionRequestBody {
        kind: ExclusionKind::SelfExclusion,
        days: None,
        months: Some(6),
        permanent: None,
    };
    assert!(matches!(
        engine
            .compliance()
            .exclude(&mx, mx.user_id, six_months, Utc::now())
            .await,
        Err(ComplianceError::Validation { .. })
    ));
    // Editing needs the compliance role.
    assert!(matches!(
        engine
            .compliance()
            .set_jurisdiction(
                &mx,
                engine.compliance().jurisdictions().await.unwrap()[0].clone(),
                Utc::now()
            )
            .await,
        Err(ComplianceError::Forbidden)
    ));
}

fn document(number: &str) -> KycDocument {
    KycDocument {
        document_type: "passport".into(),
        document_country: "GB".into(),
        document_number: number.into(),
        full_name: "Ada Lovelace".into(),
    }
}

#[tokio::test]
async fn kyc_goes_pending_then_the_signed_webhook_and_the_review_queue_decide() {
    let (_db, engine) = setup().await;
    let p = player_in(&engine, "kyc@example.com", "GB").await;
    let rg = engine.compliance();
    // Great Britain wants verified identity before the first deposit.
    assert!(matches!(
        engine
            .wallet()
            .deposit(p.user_id, eur("10.00"), "sandbox", None)
            .await,
        Err(WalletError::KycRequired)
    ));
    assert!(matches!(
        rg.submit_kyc(&p, document("x"), Utc::now()).await,
        Err(ComplianceError::Validation { .. })
    ));
    // A number ending in 0 is referred to a person: no automatic decision.
    let submission = rg
        .submit_kyc(&p, document("AB1234560"), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (
            submission.status.as_str(),
            submission.document_number_last4.as_str()
        ),
        ("pending", "4560")
    );
    assert_eq!(
        engine.auth().profile(p.user_id).await.unwrap().kyc_status,
        "pending"
    );

    let body = serde_json::to_vec(
        &serde_json::json!({"reference": submission.reference, "outcome": "consider"}),
    )
    .unwrap();
    let forged = vec![("x-sandbox-signature".to_owned(), "sha256=00".to_owned())];
    assert!(matches!(
        rg.kyc_webhook(&forged, &body).await,
        Err(ComplianceError::InvalidSignature)
    ));
    let signed = vec![(
        "x-sandbox-signature".to_owned(),
        rg.kyc_sandbox().sign(&body),
    )];
    let considered = rg.kyc_webhook(&signed, &body).await.unwrap();
    assert_eq!(
        (
            considered.status.as_str(),
            considered.provider_outcome.as_str()
        ),
        ("pending", "consider")
    );

    let officer = compliance_officer(&engine).await;
    assert!(matches!(
        rg.kyc_queue(&p).await,
        Err(ComplianceError::Forbidden)
    ));
    let queue = rg.kyc_queue(&officer).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].email, "kyc@example.com");
    rg.review_kyc(
        &officer,
        p.user_id,
        KycStatus::Verified,
        Some("documents match".into()),
    )
    .await
    .unwrap();
    assert!(rg.kyc_queue(&officer).await.unwrap().is_empty());
    let mine = rg.my_kyc(&p).await.unwrap();
    assert_eq!(
        (mine[0].status.as_str(), mine[0].decision_note.as_deref()),
        ("verified", Some("documents match"))
    );
    engine
        .wallet()
        .deposit(p.user_id, eur("10.00"), "sandbox", None)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_sandbox_clears_other_documents_by_its_own_signed_webhook() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "auto-kyc@example.com").await;
    engine
        .compliance()
        .submit_kyc(&p, document("ZX987654"), Utc::now())
        .await
        .unwrap();
    let mut status = String::new();
    for _ in 0..50 {
        status = engine.auth().profile(p.user_id).await.unwrap().kyc_status;
        if status == "verified" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "verified");
}

#[tokio::test]
async fn a_looser_session_limit_waits_out_the_cooling_off() {
    let (_db, engine) = setup().await;
    let p = player(&engine, "cooling@example.com").await;
    let rg = engine.compliance();
    // Whole seconds: PostgreSQL keeps microseconds.
    let now = Utc::now().trunc_subsecs(0);
    let set = |minutes: u32, brk: Option<u32>| SettingsChange {
        session_limit_minutes: Some(minutes),
        session_break_minutes: brk,
        ..SettingsChange::default()
    };
    // A first limit applies at once.
    let v = rg
        .update_settings(&p, set(30, Some(15)), now)
        .await
        .unwrap();
    assert_eq!(
        (v.session_limit_minutes, v.session_break_minutes),
        (Some(30), Some(15))
    );
    assert!(v.pending_session_limit.is_none());
    // A longer session waits 24 hours; the stricter limit stays in force.
    let v = rg.update_settings(&p, set(90, None), now).await.unwrap();
    assert_eq!(v.session_limit_minutes, Some(30));
    let pending = v.pending_session_limit.expect("pending");
    assert_eq!(pending.limit_minutes, Some(90));
    assert_eq!(pending.effective_at, now + TimeDelta::hours(24));
    let state = rg.session_state(&p, now).await.unwrap();
    assert_eq!(state.session_limit_minutes, Some(30));
    // A shorter break is looser too; removal as well.
    let v = rg
        .update_settings(
            &p,
            SettingsChange {
                session_break_minutes: Some(5),
                ..SettingsChange::default()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(v.session_break_minutes, Some(15));
    assert_eq!(v.pending_session_limit.unwrap().break_minutes, Some(5));
    let v = rg.update_settings(&p, set(0, None), now).await.unwrap();
    assert_eq!(v.session_limit_minutes, Some(30));
    assert_eq!(v.pending_session_limit.clone().unwrap().limit_minutes, None);
    // A second before the cooling-off ends nothing has changed; then the
    // removal applies.
    let later = now + TimeDelta::hours(24);
    let v = rg
        .settings_at(p.user_id, later - TimeDelta::seconds(1))
        .await
        .unwrap();
    assert_eq!(v.session_limit_minutes, Some(30));
    let v = rg.settings_at(p.user_id, later).await.unwrap();
    assert_eq!(v.session_limit_minutes, None);
    assert!(v.pending_session_limit.is_none());
    // A stricter limit applies at once and drops a pending loosening.
    rg.update_settings(&p, set(90, None), now).await.unwrap();
    let v = rg.update_settings(&p, set(20, None), now).await.unwrap();
    assert_eq!(v.session_limit_minutes, Some(20));
    assert!(v.pending_session_limit.is_none());
}

#[tokio::test]
async fn a_raised_deposit_limit_takes_effect_exactly_a_day_later() {
    let (_db, engine, clock) = setup_at_t0().await;
    let p = player(&engine, "raise@example.com").await;
    let rg = engine.compliance();
    let wallet = engine.wallet();
    let deposit = |amount: &str| wallet.deposit(p.user_id, eur(amount), "sandbox", None);
    rg.set_limit(
        &p,
        p.user_id,
        LimitKind::Deposit,
        LimitPeriod::Week,
        Some("100.00"),
        engine.now(),
    )
    .await
    .unwrap();
    deposit("100.00").await.unwrap();
    let raised = rg
        .set_limit(
            &p,
            p.user_id,
            LimitKind::Deposit,
            LimitPeriod::Week,
            Some("250.00"),
            engine.now(),
        )
        .await
        .unwrap();
    assert_eq!(
        raised.pending.unwrap().effective_at,
        t0() + TimeDelta::hours(24)
    );
    // A second before the cooling-off ends the old limit still holds.
    clock.set(t0() + TimeDelta::hours(24) - TimeDelta::seconds(1));
    assert!(matches!(
        deposit("0.01").await,
        Err(WalletError::LimitExceeded { .. })
    ));
    assert_eq!(
        rg.limits(p.user_id, engine.now()).await.unwrap()[0].amount,
        "100.00"
    );
    // From the moment it ends the higher limit is in force, to the cent.
    clock.set(t0() + TimeDelta::hours(24));
    assert_eq!(
        rg.limits(p.user_id, engine.now()).await.unwrap()[0].amount,
        "250.00"
    );
    deposit("150.00").await.unwrap();
    assert!(matches!(
        deposit("0.01").await,
        Err(WalletError::LimitExceeded { .. })
    ));
}
