//! Venues and the signed venue API against a real database (SQLite, or
//! PostgreSQL when `TEST_DATABASE_URL` says so), on a fixed clock: a good
//! signature works; bad signatures, stale or future timestamps, reused
//! nonces, unknown and disabled venues are refused and record nothing (a
//! forged request does not burn the nonce); nonces are purged after the
//! window; a repeated reference has no second effect and two venues'
//! references never collide; concurrent redemptions never take a card
//! below zero and concurrent repeats of one play post once, each ending
//! with the ledger re-summed.

use chrono::Duration;
use domain::api::loyalty::ProgrammeSpec;
use engine::Engine;
use engine::venues::ops::{CardLookup, VenueOpError, VenuePlay, VenueRedemption};
use engine::venues::{AuthenticatedVenue, Credentials, NewVenue, Refused, VenueAdminError};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::common::{inserted_player, setup_at_t0};

/// The programme of API.md: slots earn 1 point per 1.00, table 1 per 10.00.
async fn programme(engine: &Engine) {
    let spec: ProgrammeSpec = serde_json::from_value(json!({
        "earning": [
            {"vertical": "casino", "category": "slots", "per": "1.00", "points": 1},
            {"vertical": "casino", "category": "table", "per": "10.00", "points": 1}
        ],
        "tiers": [{"name": "Bronze", "threshold": 0}, {"name": "Silver", "threshold": 1000}],
        "qualification_days": 90,
        "downgrade_grace_days": 30
    }))
    .expect("a programme");
    engine
        .loyalty()
        .set_programme(&spec, Uuid::now_v7())
        .await
        .expect("programme set");
}

/// A KYC-verified player with a loyalty card; returns (player, card).
async fn card_holder(engine: &Engine) -> (Uuid, String) {
    let player = inserted_player(engine, "EUR", "verified").await;
    let card = engine.loyalty().issue_card(player).await.expect("card");
    (player, card)
}

/// A new venue; returns (id, secret).
async fn venue(engine: &Engine, name: &str) -> (Uuid, String) {
    let created = engine
        .venues()
        .create(
            &NewVenue {
                name: name.to_owned(),
            },
            Uuid::now_v7(),
        )
        .await
        .expect("venue");
    (created.venue_id, created.secret)
}

/// Credentials for `body` signed with `secret` at the engine's time
/// shifted by `skew` seconds, with `nonce`.
fn signed(
    engine: &Engine,
    venue: Uuid,
    secret: &str,
    body: &str,
    nonce: &str,
    skew: i64,
) -> Credentials {
    let timestamp = (engine.now().timestamp() + skew).to_string();
    Credentials {
        venue_id: venue.to_string(),
        signature: engine::venues::sign(secret, &timestamp, nonce, body.as_bytes()),
        timestamp,
        nonce: nonce.to_owned(),
    }
}

fn nonce() -> String {
    engine::venues::auth::new_nonce()
}

async fn authenticate(engine: &Engine, venue: Uuid, secret: &str) -> AuthenticatedVenue {
    engine
        .venues()
        .authenticate(&signed(engine, venue, secret, "{}", &nonce(), 0), b"{}")
        .await
        .expect("authenticated")
}

async fn nonces(engine: &Engine) -> u64 {
    entity::venue_nonces::Entity::find()
        .count(engine.db())
        .await
        .unwrap()
}

/// The points balance, checked against the sum of the player's entries.
async fn points(engine: &Engine, player: Uuid) -> i64 {
    let balance = engine.loyalty().status(player).await.unwrap().points;
    let entries = entity::loyalty_entries::Entity::find()
        .filter(entity::loyalty_entries::Column::PlayerId.eq(player))
        .filter(entity::loyalty_entries::Column::Unit.eq("points"))
        .all(engine.db())
        .await
        .unwrap();
    let sum: i64 = entries.iter().map(|e| e.delta).sum();
    assert_eq!(sum, balance, "the balance is the sum of its entries");
    assert!(balance >= 0);
    balance
}

fn play(card: &str, kind: &str, amount: &str, reference: &str) -> VenuePlay {
    VenuePlay {
        card_number: card.to_owned(),
        kind: kind.to_owned(),
        amount: amount.to_owned(),
        currency: "EUR".to_owned(),
        reference: reference.to_owned(),
    }
}

/// The fields a validation failure names, sorted.
fn fields<T: std::fmt::Debug>(r: Result<T, VenueOpError>) -> Vec<String> {
    match r {
        Err(VenueOpError::Validation(f)) => {
            let mut names: Vec<String> = f.into_iter().map(|f| f.field).collect();
            names.sort();
            names
        }
        other => panic!("expected a validation failure, got {other:?}"),
    }
}

fn redemption(card: &str, points: i64, reference: &str) -> VenueRedemption {
    VenueRedemption {
        card_number: card.to_owned(),
        points,
        reference: reference.to_owned(),
    }
}

#[tokio::test]
async fn a_signed_venue_looks_up_earns_and_redeems_once_per_reference() {
    let (_db, engine, _clock) = setup_at_t0().await;
    programme(&engine).await;
    let (player, card) = card_holder(&engine).await;
    let (venue_id, secret) = venue(&engine, "Casino Malta").await;
    let venue = authenticate(&engine, venue_id, &secret).await;
    assert_eq!(venue.venue_id, venue_id);
    let venues = engine.venues();

    let seen = venues
        .lookup(
            &venue,
            &CardLookup {
                card_number: card.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!((seen.points, seen.tier.as_deref()), (0, Some("Bronze")));
    assert!(!seen.display_name.is_empty());

    let first = venues
        .play(&venue, &play(&card, "slot", "25.00", "p-1"))
        .await
        .unwrap();
    assert_eq!((first.points_awarded, first.points), (25, 25));
    let table = venues
        .play(&venue, &play(&card, "table", "25.00", "p-2"))
        .await
        .unwrap();
    assert_eq!((table.points_awarded, table.points), (2, 27));
    // The first reference again: the same numbers, no second credit.
    let again = venues
        .play(&venue, &play(&card, "slot", "25.00", "p-1"))
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(points(&engine, player).await, 27);
    // The same reference with another request is refused.
    let other = venues
        .play(&venue, &play(&card, "slot", "30.00", "p-1"))
        .await;
    assert!(
        matches!(other, Err(VenueOpError::ReferenceReused)),
        "{other:?}"
    );

    let spent = venues
        .redeem(&venue, &redemption(&card, 20, "r-1"))
        .await
        .unwrap();
    assert_eq!(spent.points, 7);
    let again = venues
        .redeem(&venue, &redemption(&card, 20, "r-1"))
        .await
        .unwrap();
    assert_eq!(again.points, 7);
    let short = venues.redeem(&venue, &redemption(&card, 8, "r-2")).await;
    assert!(
        matches!(short, Err(VenueOpError::InsufficientPoints)),
        "{short:?}"
    );
    assert_eq!(points(&engine, player).await, 7);
    // A refused redemption kept nothing: the reference works later.
    venues
        .play(&venue, &play(&card, "slot", "1.00", "p-3"))
        .await
        .unwrap();
    let later = venues
        .redeem(&venue, &redemption(&card, 8, "r-2"))
        .await
        .unwrap();
    assert_eq!(later.points, 0);
    assert_eq!(points(&engine, player).await, 0);
}

#[tokio::test]
async fn bad_bodies_name_their_fields_and_unknown_cards_are_not_found() {
    let (_db, engine, _clock) = setup_at_t0().await;
    programme(&engine).await;
    let (player, card) = card_holder(&engine).await;
    let (venue_id, secret) = venue(&engine, "Casino").await;
    let venue = authenticate(&engine, venue_id, &secret).await;
    let venues = engine.venues();

    let bad = VenuePlay {
        card_number: String::new(),
        kind: "roulette-wheel".to_owned(),
        amount: "-5.00".to_owned(),
        currency: "EUR".to_owned(),
        reference: String::new(),
    };
    assert_eq!(
        fields(venues.play(&venue, &bad).await),
        ["amount", "card_number", "kind", "reference"]
    );
    for amount in ["0.00", "1.001", "ten", ""] {
        assert_eq!(
            fields(venues.play(&venue, &play(&card, "slot", amount, "x")).await),
            ["amount"],
            "{amount:?}"
        );
    }
    let mut unknown_currency = play(&card, "slot", "1.00", "x");
    unknown_currency.currency = "XYZ".to_owned();
    assert_eq!(
        fields(venues.play(&venue, &unknown_currency).await),
        ["currency"]
    );
    for n in [0, -1, engine::venues::ops::MAX_POINTS + 1] {
        assert_eq!(
            fields(venues.redeem(&venue, &redemption(&card, n, "x")).await),
            ["points"]
        );
    }
    let too_long = "r".repeat(101);
    assert_eq!(
        fields(
            venues
                .redeem(&venue, &redemption(&card, 1, &too_long))
                .await
        ),
        ["reference"]
    );

    let nobody = "9000000000000000";
    let lookup = venues
        .lookup(
            &venue,
            &CardLookup {
                card_number: nobody.to_owned(),
            },
        )
        .await;
    assert!(matches!(lookup, Err(VenueOpError::NotFound)), "{lookup:?}");
    let earned = venues
        .play(&venue, &play(nobody, "slot", "5.00", "n-1"))
        .await;
    assert!(matches!(earned, Err(VenueOpError::NotFound)), "{earned:?}");
    let spent = venues.redeem(&venue, &redemption(nobody, 1, "n-2")).await;
    assert!(matches!(spent, Err(VenueOpError::NotFound)), "{spent:?}");
    assert_eq!(points(&engine, player).await, 0);
    let kept = entity::venue_operations::Entity::find()
        .count(engine.db())
        .await
        .unwrap();
    assert_eq!(kept, 0, "refused operations keep nothing");
}

#[tokio::test]
async fn every_refusal_is_the_same_and_records_no_nonce() {
    let (_db, engine, _clock) = setup_at_t0().await;
    let (venue_id, secret) = venue(&engine, "Casino").await;
    let (disabled_id, disabled_secret) = venue(&engine, "Closed casino").await;
    engine
        .venues()
        .disable(disabled_id, Uuid::now_v7())
        .await
        .unwrap();
    let body = r#"{"card_number":"9000000000000000"}"#;
    let n = nonce();

    let good = signed(&engine, venue_id, &secret, body, &n, 0);
    let cases = [
        (
            "another secret",
            signed(&engine, venue_id, "not-the-secret", body, &n, 0),
            body,
        ),
        (
            "another body",
            good.clone(),
            r#"{"card_number":"9000000000000001"}"#,
        ),
        (
            "uppercase signature",
            Credentials {
                signature: good.signature.to_uppercase(),
                ..good.clone()
            },
            body,
        ),
        (
            "no signature",
            Credentials {
                signature: String::new(),
                ..good.clone()
            },
            body,
        ),
        (
            "stale",
            signed(&engine, venue_id, &secret, body, &n, -301),
            body,
        ),
        (
            "future",
            signed(&engine, venue_id, &secret, body, &n, 301),
            body,
        ),
        (
            "unknown venue",
            signed(&engine, Uuid::now_v7(), &secret, body, &n, 0),
            body,
        ),
        (
            "disabled venue",
            signed(&engine, disabled_id, &disabled_secret, body, &n, 0),
            body,
        ),
        (
            "short nonce",
            signed(&engine, venue_id, &secret, body, "0123456789abcde", 0),
            body,
        ),
        (
            "long nonce",
            signed(&engine, venue_id, &secret, body, &"n".repeat(65), 0),
            body,
        ),
        (
            "venue id unreadable",
            Credentials {
                venue_id: "casino".to_owned(),
                ..good.clone()
            },
            body,
        ),
    ];
    for (what, credentials, sent) in cases {
        let got = engine
            .venues()
            .authenticate(&credentials, sent.as_bytes())
            .await;
        assert!(
            matches!(got, Err(Refused::InvalidSignature)),
            "{what}: {got:?}"
        );
        assert_eq!(nonces(&engine).await, 0, "{what} recorded a nonce");
    }

    // The forged requests did not burn the nonce: the genuine one passes,
    // once; the edges of the window pass.
    engine
        .venues()
        .authenticate(&good, body.as_bytes())
        .await
        .expect("the genuine request");
    let replay = engine.venues().authenticate(&good, body.as_bytes()).await;
    assert!(
        matches!(replay, Err(Refused::InvalidSignature)),
        "{replay:?}"
    );
    for skew in [-300, 300] {
        let edge = signed(&engine, venue_id, &secret, body, &nonce(), skew);
        engine
            .venues()
            .authenticate(&edge, body.as_bytes())
            .await
            .expect("at the edge of the window");
    }
    assert_eq!(nonces(&engine).await, 3);
}

#[tokio::test]
async fn nonces_are_forgotten_only_after_the_window() {
    let (_db, engine, clock) = setup_at_t0().await;
    let (venue_id, secret) = venue(&engine, "Casino").await;
    let n = nonce();
    let first = signed(&engine, venue_id, &secret, "{}", &n, 0);
    engine.venues().authenticate(&first, b"{}").await.unwrap();

    clock.advance(Duration::seconds(599));
    assert_eq!(
        engine::venues::purge_nonces(&engine, engine.now())
            .await
            .unwrap(),
        0
    );
    // Still remembered: the same nonce with a fresh timestamp is refused.
    let again = signed(&engine, venue_id, &secret, "{}", &n, 0);
    let refused = engine.venues().authenticate(&again, b"{}").await;
    assert!(
        matches!(refused, Err(Refused::InvalidSignature)),
        "{refused:?}"
    );

    clock.advance(Duration::seconds(2));
    assert_eq!(
        engine::venues::purge_nonces(&engine, engine.now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(nonces(&engine).await, 0);
    // The old request is stale by now, purged nonce or not.
    let old = engine.venues().authenticate(&first, b"{}").await;
    assert!(matches!(old, Err(Refused::InvalidSignature)), "{old:?}");
}

#[tokio::test]
async fn two_venues_references_never_collide() {
    let (_db, engine, _clock) = setup_at_t0().await;
    programme(&engine).await;
    let (player, card) = card_holder(&engine).await;
    let (a, a_secret) = venue(&engine, "A").await;
    let (b, b_secret) = venue(&engine, "B").await;
    let a = authenticate(&engine, a, &a_secret).await;
    let b = authenticate(&engine, b, &b_secret).await;
    let venues = engine.venues();
    let at_a = venues
        .play(&a, &play(&card, "slot", "10.00", "shared-ref"))
        .await
        .unwrap();
    let at_b = venues
        .play(&b, &play(&card, "slot", "10.00", "shared-ref"))
        .await
        .unwrap();
    assert_eq!((at_a.points, at_b.points), (10, 20));
    // A play and a redemption may share a reference too.
    let spent = venues
        .redeem(&a, &redemption(&card, 5, "shared-ref"))
        .await
        .unwrap();
    assert_eq!(spent.points, 15);
    assert_eq!(points(&engine, player).await, 15);
}

#[tokio::test]
async fn concurrent_redemptions_never_take_a_card_below_zero() {
    let (_db, engine, _clock) = setup_at_t0().await;
    let (player, card) = card_holder(&engine).await;
    engine
        .loyalty()
        .adjust_points(player, 100, "opening balance", Uuid::now_v7())
        .await
        .unwrap();
    let (venue_id, secret) = venue(&engine, "Casino").await;
    let venue = authenticate(&engine, venue_id, &secret).await;

    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (engine, venue, card) = (engine.clone(), venue.clone(), card.clone());
            tokio::spawn(async move {
                engine
                    .venues()
                    .redeem(&venue, &redemption(&card, 10, &format!("c-{i}")))
                    .await
            })
        })
        .collect();
    let (mut ok, mut short) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(VenueOpError::InsufficientPoints) => short += 1,
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!((ok, short), (10, 6));
    assert_eq!(points(&engine, player).await, 0);
}

#[tokio::test]
async fn concurrent_repeats_of_one_play_post_once_and_answer_alike() {
    let (_db, engine, _clock) = setup_at_t0().await;
    programme(&engine).await;
    let (player, card) = card_holder(&engine).await;
    let (venue_id, secret) = venue(&engine, "Casino").await;
    let venue = authenticate(&engine, venue_id, &secret).await;

    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (engine, venue, card) = (engine.clone(), venue.clone(), card.clone());
            tokio::spawn(async move {
                engine
                    .venues()
                    .play(&venue, &play(&card, "slot", "12.00", "same"))
                    .await
            })
        })
        .collect();
    for task in tasks {
        let answer = task.await.unwrap().expect("answered");
        assert_eq!((answer.points_awarded, answer.points), (12, 12));
    }
    assert_eq!(points(&engine, player).await, 12);
}

#[tokio::test]
async fn admins_create_list_and_disable_venues_audited() {
    let (_db, engine, _clock) = setup_at_t0().await;
    let admin = Uuid::now_v7();
    for name in ["", "   ", &"x".repeat(121)] {
        let got = engine
            .venues()
            .create(
                &NewVenue {
                    name: name.to_owned(),
                },
                admin,
            )
            .await;
        assert!(matches!(got, Err(VenueAdminError::Validation(ref f)) if f[0].field == "name"));
    }
    let created = engine
        .venues()
        .create(
            &NewVenue {
                name: " Casino Malta ".to_owned(),
            },
            admin,
        )
        .await
        .unwrap();
    assert_eq!(created.secret.len(), 64);
    assert!(created.secret.bytes().all(|b| b.is_ascii_hexdigit()));
    let second = venue(&engine, "Other").await;
    assert_ne!(second.1, created.secret);

    let listed = engine.venues().list().await.unwrap();
    assert_eq!(listed.items.len(), 2);
    let row = listed
        .items
        .iter()
        .find(|v| v.venue_id == created.venue_id)
        .unwrap();
    assert_eq!((row.name.as_str(), row.disabled), ("Casino Malta", false));
    let text = serde_json::to_string(&listed).unwrap();
    assert!(!text.contains(&created.secret), "the list has no secrets");

    let disabled = engine
        .venues()
        .disable(created.venue_id, admin)
        .await
        .unwrap();
    assert!(disabled.disabled && disabled.disabled_at.is_some());
    // Again: no change, not audited twice.
    engine
        .venues()
        .disable(created.venue_id, admin)
        .await
        .unwrap();
    let missing = engine.venues().disable(Uuid::now_v7(), admin).await;
    assert!(matches!(missing, Err(VenueAdminError::NotFound)));

    let audit = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Subject.eq(format!("venue:{}", created.venue_id)))
        .all(engine.db())
        .await
        .unwrap();
    let mut actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    actions.sort_unstable();
    assert_eq!(actions, ["venue.created", "venue.disabled"]);
    assert!(audit.iter().all(|a| a.actor_id == Some(admin)));
    assert!(audit.iter().all(|a| !a.details.contains(&created.secret)));
}
