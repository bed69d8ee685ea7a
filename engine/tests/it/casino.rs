//! The casino over a real database: the seeded Originals catalog with its
//! exact RTPs, Originals rounds through the wallet with provably-fair data
//! (the revealed seed matches the commitment shown before the round, and a
//! replay with the domain code gives the stored result), idempotent
//! rounds, client seeds, responsible gaming, and the ledger verifying.

use chrono::Utc;
use domain::casino::{self as maths, ClientSeed, FairStream, RouletteBetSpec, ServerSeed};
use engine::Role;
use engine::casino::originals::{OriginalsBet, verify_view};
use engine::casino::{CasinoError, GameFilter, NewGame};
use engine::wallet::Idempotency;

use crate::common::{eur, funded_player, setup, staff};

#[tokio::test]
async fn the_originals_are_in_the_catalog_with_their_exact_rtps() {
    let (_db, engine) = setup().await;
    let games = engine
        .casino()
        .games(&GameFilter {
            provider: Some("originals".to_owned()),
            ..GameFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(games.len(), 3);
    for info in maths::catalog() {
        let game = games.iter().find(|g| g.game_code == info.code).unwrap();
        assert_eq!(game.rtp.as_deref(), Some(info.rtp.to_string().as_str()));
        assert_eq!(game.category, info.category.code());
        assert_eq!(game.name, info.name);
    }
    let roulette = games
        .iter()
        .find(|g| g.game_code == maths::ROULETTE_CODE)
        .unwrap();
    assert_eq!(roulette.rtp.as_deref(), Some("0.972972972973"));
}

#[tokio::test]
async fn a_round_reveals_the_committed_seed_and_replays_to_the_same_result() {
    let (db, engine) = setup().await;
    let p = funded_player(&engine, "fair@example.com", "100.00").await;
    let before = engine.casino().seed_view(&p).await.unwrap();
    let seeds = engine
        .casino()
        .set_client_seed(&p, "my-lucky-seed")
        .await
        .unwrap();
    assert_ne!(
        seeds.commitment, before.commitment,
        "the server seed rotates"
    );
    assert_eq!(seeds.client_seed, "my-lucky-seed");

    let round = engine
        .casino()
        .play_originals(&p, &OriginalsBet::Slot { stake: eur("1.00") }, None)
        .await
        .unwrap();
    // The seed shown before is the one used and revealed.
    assert_eq!(round.commitment, seeds.commitment);
    let revealed = ServerSeed::parse_hex(&round.server_seed).unwrap();
    assert!(maths::verify(&seeds.commitment, &revealed));
    assert_eq!(round.client_seed, "my-lucky-seed");
    assert_eq!(round.nonce, seeds.nonce);

    // Replaying with the domain code gives the stored result.
    let mut stream = FairStream::new(
        &revealed,
        &ClientSeed::parse("my-lucky-seed").unwrap(),
        u64::try_from(round.nonce).unwrap(),
    );
    let replay = maths::play_slot(&mut stream, eur("1.00")).unwrap();
    assert_eq!(serde_json::to_value(&replay).unwrap(), round.result);
    assert_eq!(round.win, replay.total_win.format_amount());
    let balance = engine.wallet().balances(p.user_id).await.unwrap().cash;
    let expected = eur("100.00")
        .checked_sub(eur("1.00"))
        .unwrap()
        .checked_add(replay.total_win)
        .unwrap();
    assert_eq!(balance, expected);
    assert_eq!(round.balance_after, expected.format_amount());

    let check = engine
        .casino()
        .verify_round(&p, round.round_id)
        .await
        .unwrap();
    assert!(check.commitment_matches && check.result_matches);

    // The next round uses a fresh seed and the next nonce.
    let next = engine.casino().seed_view(&p).await.unwrap();
    assert_ne!(next.commitment, seeds.commitment);
    assert_eq!(next.nonce, seeds.nonce + 1);

    // A tampered record does not verify.
    let mut forged = check.round.clone();
    forged.result["total_win"] = serde_json::json!({"amount": "999.00", "currency": "EUR"});
    assert!(!verify_view(forged).result_matches);
    assert!(
        engine::wallet::verify::verify(&db.db)
            .await
            .unwrap()
            .is_ok()
    );
}

#[tokio::test]
async fn roulette_and_dice_rounds_verify_and_move_exactly_their_stakes_and_wins() {
    let (db, engine) = setup().await;
    let p = funded_player(&engine, "tables@example.com", "50.00").await;
    let roulette = engine
        .casino()
        .play_originals(
            &p,
            &OriginalsBet::Roulette {
                wagers: vec![
                    (RouletteBetSpec::Red, eur("1.00")),
                    (RouletteBetSpec::Straight { number: 17 }, eur("0.50")),
                ],
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(roulette.stake, "1.50");
    let dice = engine
        .casino()
        .play_originals(
            &p,
            &OriginalsBet::Dice {
                bet: serde_json::from_value(
                    serde_json::json!({"direction": "over", "target": "50.00"}),
                )
                .unwrap(),
                stake: eur("2.00"),
            },
            None,
        )
        .await
        .unwrap();
    for round in [&roulette, &dice] {
        let check = engine
            .casino()
            .verify_round(&p, round.round_id)
            .await
            .unwrap();
        assert!(check.commitment_matches, "{}", round.game_code);
        assert!(check.result_matches, "{}", round.game_code);
    }
    let won = eur(&roulette.win).checked_add(eur(&dice.win)).unwrap();
    let expected = eur("46.50").checked_add(won).unwrap();
    assert_eq!(
        engine.wallet().balances(p.user_id).await.unwrap().cash,
        expected
    );
    let history = engine.casino().rounds(&p, 10, None).await.unwrap().items;
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].round_id, dice.round_id, "newest first");
    assert!(
        engine::wallet::verify::verify(&db.db)
            .await
            .unwrap()
            .is_ok()
    );
}

#[tokio::test]
async fn a_repeated_idempotency_key_plays_once() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, "twice@example.com", "10.00").await;
    let body = serde_json::json!({"stake": "1.00"});
    let idem = Idempotency::new(p.user_id, "spin-1", &body, 201).unwrap();
    let bet = OriginalsBet::Slot { stake: eur("1.00") };
    let first = engine
        .casino()
        .play_originals(&p, &bet, Some(&idem))
        .await
        .unwrap();
    let second = engine
        .casino()
        .play_originals(&p, &bet, Some(&idem))
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(
        engine
            .casino()
            .rounds(&p, 10, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

#[tokio::test]
async fn bad_bets_insufficient_funds_and_exclusions_are_refused_without_moving_money() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, "careful@example.com", "5.00").await;
    let err = engine
        .casino()
        .play_originals(&p, &OriginalsBet::Slot { stake: eur("0.30") }, None)
        .await
        .unwrap_err();
    assert!(matches!(err, CasinoError::Validation { .. }), "{err:?}");
    let err = engine
        .casino()
        .play_originals(&p, &OriginalsBet::Slot { stake: eur("6.00") }, None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CasinoError::Wallet(engine::WalletError::InsufficientFunds)
        ),
        "{err:?}"
    );
    engine
        .compliance()
        .exclude(
            &p,
            p.user_id,
            serde_json::from_value(serde_json::json!({"kind": "time_out", "days": 1})).unwrap(),
            Utc::now(),
        )
        .await
        .unwrap();
    let err = engine
        .casino()
        .play_originals(&p, &OriginalsBet::Slot { stake: eur("1.00") }, None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            CasinoError::Compliance(engine::compliance::ComplianceError::SelfExcluded { .. })
        ),
        "{err:?}"
    );
    assert_eq!(
        engine.wallet().balances(p.user_id).await.unwrap().cash,
        eur("5.00")
    );
    assert!(
        engine
            .casino()
            .rounds(&p, 10, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn only_admins_add_games_and_codes_are_unique() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, "nosy@example.com", "1.00").await;
    let game = NewGame {
        provider: "hub88".to_owned(),
        game_code: "hub88.some.slot".to_owned(),
        name: "Some Slot".to_owned(),
        category: "slots".to_owned(),
        rtp: Some("0.9650".to_owned()),
        ..NewGame::default()
    };
    assert!(matches!(
        engine.casino().add_game(&p, game.clone()).await,
        Err(CasinoError::Forbidden)
    ));
    let admin = staff(
        &engine,
        "boss@example.com",
        "boss-password-1",
        &[Role::Admin],
    )
    .await;
    let added = engine
        .casino()
        .add_game(&admin, game.clone())
        .await
        .unwrap();
    assert_eq!(added.rtp.as_deref(), Some("0.965"));
    assert!(matches!(
        engine.casino().add_game(&admin, game).await,
        Err(CasinoError::AlreadyExists)
    ));
    let bad_rtp = NewGame {
        game_code: "hub88.other".to_owned(),
        name: "Other".to_owned(),
        provider: "hub88".to_owned(),
        category: "slots".to_owned(),
        rtp: Some("1.5".to_owned()),
        ..NewGame::default()
    };
    assert!(matches!(
        engine.casino().add_game(&admin, bad_rtp).await,
        Err(CasinoError::Validation { .. })
    ));
    let search = engine
        .casino()
        .games(&GameFilter {
            search: Some("some".to_owned()),
            ..GameFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(search.len(), 1);
}
