//! The auth service over a real database.

use chrono::{NaiveDate, TimeDelta};
use engine::auth::{KycStatus, RegisterInput};
use engine::clock::Clock;
use engine::{AuthError, EngineConfig, Role};

use crate::common::{PASSWORD, setup, setup_with, staff, t0};

fn input(email: &str) -> RegisterInput {
    RegisterInput {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        date_of_birth: "1990-02-03".to_owned(),
        country: "mt".to_owned(),
        currency: "eur".to_owned(),
    }
}

/// The day the age checks of these tests count from.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[tokio::test]
async fn register_then_login_then_verify_then_logout() {
    let (_db, engine) = setup().await;
    let registered = engine
        .auth()
        .register(input("A@Example.com"), today())
        .await
        .unwrap();
    let principal = engine.auth().verify(&registered.token).await.unwrap();
    assert_eq!(principal.user_id, registered.player_id);
    assert_eq!(principal.roles, vec![Role::Player]);

    let profile = engine.auth().profile(registered.player_id).await.unwrap();
    assert_eq!(profile.email, "a@example.com");
    assert_eq!(
        (profile.country.as_str(), profile.currency.as_str()),
        ("MT", "EUR")
    );

    let logged_in = engine
        .auth()
        .login("a@example.com", "a-good-password", None)
        .await
        .unwrap();
    let session = engine.auth().verify(&logged_in.token).await.unwrap();
    engine.auth().logout(&session).await.unwrap();
    assert!(matches!(
        engine.auth().verify(&logged_in.token).await,
        Err(AuthError::Unauthorized)
    ));
    // The first session is still live: logout ends one session only.
    assert!(engine.auth().verify(&registered.token).await.is_ok());
}

#[tokio::test]
async fn one_day_short_of_eighteen_is_underage() {
    let (_db, engine) = setup().await;
    let mut young = input("young@example.com");
    young.date_of_birth = "2008-11-25".to_owned();
    assert!(matches!(
        engine.auth().register(young, today()).await,
        Err(AuthError::Underage { min_age: 18 })
    ));
    let mut of_age = input("of-age@example.com");
    of_age.date_of_birth = "2008-11-24".to_owned();
    assert!(engine.auth().register(of_age, today()).await.is_ok());
}

#[tokio::test]
async fn a_staff_account_is_created_then_updated_in_place() {
    let (_db, engine) = setup().await;
    let first = engine
        .auth()
        .ensure_staff("boss@example.com", "first-password", &[Role::Admin])
        .await
        .unwrap();
    let second = engine
        .auth()
        .ensure_staff(
            "boss@example.com",
            "second-password",
            &[Role::Admin, Role::Trader],
        )
        .await
        .unwrap();
    assert_eq!(first, second);
    assert!(matches!(
        engine
            .auth()
            .login("boss@example.com", "first-password", None)
            .await,
        Err(AuthError::InvalidCredentials)
    ));
    let logged_in = engine
        .auth()
        .login("boss@example.com", "second-password", None)
        .await
        .unwrap();
    assert_eq!(logged_in.roles, vec![Role::Admin, Role::Trader]);
}

#[tokio::test]
async fn a_kyc_decision_needs_compliance_and_is_audited() {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let (db, engine) = setup().await;
    let player = engine
        .auth()
        .register(input("p@example.com"), today())
        .await
        .unwrap();
    let player_principal = engine.auth().verify(&player.token).await.unwrap();
    assert!(matches!(
        engine
            .auth()
            .set_kyc_status(
                &player_principal,
                player.player_id,
                KycStatus::Verified,
                None
            )
            .await,
        Err(AuthError::Forbidden)
    ));
    let staff = staff(
        &engine,
        "c@example.com",
        "compliance-pass",
        &[Role::Compliance],
    )
    .await;
    let before = entity::audit_log::Entity::find()
        .count(&db.db)
        .await
        .unwrap();
    engine
        .auth()
        .set_kyc_status(
            &staff,
            player.player_id,
            KycStatus::Verified,
            Some("ok".to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(
        engine
            .auth()
            .profile(player.player_id)
            .await
            .unwrap()
            .kyc_status,
        "verified"
    );
    assert_eq!(
        entity::audit_log::Entity::find()
            .count(&db.db)
            .await
            .unwrap(),
        before + 1
    );
}

#[tokio::test]
async fn a_token_is_refused_from_the_moment_its_lifetime_ends() {
    let clock = Clock::manual(t0());
    let (_db, engine) = setup_with(EngineConfig {
        clock: clock.clone(),
        token_ttl_secs: 600,
        ..EngineConfig::for_tests()
    })
    .await;
    let registered = engine
        .auth()
        .register(input("ttl@example.com"), today())
        .await
        .unwrap();
    let logged_in = engine
        .auth()
        .login("ttl@example.com", PASSWORD, None)
        .await
        .unwrap();
    assert_eq!(logged_in.expires_at, t0() + TimeDelta::seconds(600));
    clock.advance(TimeDelta::seconds(599));
    assert!(engine.auth().verify(&registered.token).await.is_ok());
    assert!(engine.auth().verify(&logged_in.token).await.is_ok());
    clock.advance(TimeDelta::seconds(1));
    for token in [&registered.token, &logged_in.token] {
        assert!(matches!(
            engine.auth().verify(token).await,
            Err(AuthError::Unauthorized)
        ));
    }
    // A new login at the later time gets a token that lives from then.
    let again = engine
        .auth()
        .login("ttl@example.com", PASSWORD, None)
        .await
        .unwrap();
    assert!(engine.auth().verify(&again.token).await.is_ok());
}
