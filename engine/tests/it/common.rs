//! What the engine's integration tests share: a fresh database with an
//! engine over it (on the system clock or a manual one), players and staff,
//! money and odds.

use chrono::{DateTime, NaiveDate, Utc};
use domain::betting::Odds;
use domain::money::{Currency, Money};
use engine::auth::RegisterInput;
use engine::clock::Clock;
use engine::testing::TestDb;
use engine::{Engine, EngineConfig, Principal, Role};
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

/// The password of every player the helpers register.
pub const PASSWORD: &str = "a-good-password";

/// An engine over `db` with `config` and an in-process event bus.
pub fn engine_with(db: &TestDb, config: EngineConfig) -> Engine {
    Engine::new(
        db.db.clone(),
        config,
        engine::events::EventBus::in_process(),
    )
}

/// A fresh database and an engine over it with the test configuration.
pub async fn setup() -> (TestDb, Engine) {
    setup_with(EngineConfig::for_tests()).await
}

/// A fresh database and an engine over it with `config`.
pub async fn setup_with(config: EngineConfig) -> (TestDb, Engine) {
    let db = TestDb::new().await.expect("test database");
    let engine = engine_with(&db, config);
    (db, engine)
}

/// A fixed instant for manual clocks: Monday 2026-11-23 10:00:00 UTC.
pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A fresh database and an engine over it whose clock stands at [`t0`]
/// until the test moves the returned clock.
pub async fn setup_at_t0() -> (TestDb, Engine, Clock) {
    let clock = Clock::manual(t0());
    let (db, engine) = setup_with(EngineConfig {
        clock: clock.clone(),
        ..EngineConfig::for_tests()
    })
    .await;
    (db, engine, clock)
}

/// Today by the system clock (for registrations' age checks).
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// `s` euros (any sign).
pub fn eur(s: &str) -> Money {
    Money::parse(s, Currency::EUR).unwrap()
}

/// Decimal odds.
pub fn odds(s: &str) -> Odds {
    Odds::parse(s).unwrap()
}

/// An e-mail address no other test uses.
pub fn unique_email() -> String {
    format!("p-{}@example.com", Uuid::now_v7().simple())
}

/// A player registered through the auth service (born 1990-02-03, EUR
/// wallet, [`PASSWORD`]) in `country`, as their token verifies.
pub async fn player_in(engine: &Engine, email: &str, country: &str) -> Principal {
    let registered = engine
        .auth()
        .register(
            RegisterInput {
                email: email.to_owned(),
                password: PASSWORD.to_owned(),
                date_of_birth: "1990-02-03".to_owned(),
                country: country.to_owned(),
                currency: "EUR".to_owned(),
            },
            engine.now().date_naive(),
        )
        .await
        .unwrap();
    engine.auth().verify(&registered.token).await.unwrap()
}

/// [`player_in`] Malta.
pub async fn player(engine: &Engine, email: &str) -> Principal {
    player_in(engine, email, "MT").await
}

/// [`player`] with `deposit` euros deposited through the sandbox.
pub async fn funded_player(engine: &Engine, email: &str, deposit: &str) -> Principal {
    let principal = player(engine, email).await;
    engine
        .wallet()
        .deposit(principal.user_id, eur(deposit), "sandbox", None)
        .await
        .unwrap();
    principal
}

/// A player row inserted directly (no password hashing: tests stay fast),
/// with a wallet in `currency` and KYC status `kyc`.
pub async fn inserted_player(engine: &Engine, currency: &str, kyc: &str) -> Uuid {
    let id = Uuid::now_v7();
    let now = engine.now();
    entity::users::ActiveModel {
        id: Set(id),
        email: Set(format!("{}@example.com", id.simple())),
        password_hash: Set("-".to_owned()),
        roles: Set("player".to_owned()),
        date_of_birth: Set(None),
        country: Set("MT".to_owned()),
        currency: Set(currency.to_owned()),
        kyc_status: Set(kyc.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        disabled: Set(false),
    }
    .insert(engine.db())
    .await
    .expect("player");
    id
}

/// A staff user with `roles` (created or updated), logged in, as their
/// token verifies.
pub async fn staff(engine: &Engine, email: &str, password: &str, roles: &[Role]) -> Principal {
    engine
        .auth()
        .ensure_staff(email, password, roles)
        .await
        .unwrap();
    let token = engine
        .auth()
        .login(email, password, None)
        .await
        .unwrap()
        .token;
    engine.auth().verify(&token).await.unwrap()
}

/// A principal with `role` that has no user row (for services that only
/// check the role).
pub fn principal(role: Role) -> Principal {
    Principal {
        user_id: Uuid::now_v7(),
        session_id: Uuid::now_v7(),
        roles: vec![role],
    }
}

/// A trader (no user row): creates and settles sportsbook markets.
pub fn trader() -> Principal {
    principal(Role::Trader)
}

/// A pre-match football event in `competition`, starting a day after the
/// engine's clock, with one moneyline market: `Home` at `home`, `Away` at
/// 2.00; the market id and its selections (home, away).
pub async fn market(engine: &Engine, competition: &str, home: &str) -> (Uuid, Vec<Uuid>) {
    use engine::sportsbook::{NewEvent, NewMarket, NewSelection};
    let selection = |name: &str, price: &str| NewSelection {
        name: name.to_owned(),
        side: None,
        odds: odds(price),
    };
    let event = engine
        .sportsbook()
        .create_event(
            &trader(),
            NewEvent {
                sport: "Football".to_owned(),
                competition: competition.to_owned(),
                name: format!("Home v Away {}", Uuid::now_v7()),
                starts_at: engine.now() + chrono::TimeDelta::days(1),
                in_play_betting: false,
                bet_delay_ms: 0,
                demo: false,
                markets: vec![NewMarket {
                    name: "Winner".to_owned(),
                    kind: "moneyline".to_owned(),
                    line: None,
                    selections: vec![selection("Home", home), selection("Away", "2.00")],
                }],
            },
        )
        .await
        .unwrap();
    let m = &event.markets[0];
    (m.id, m.selections.iter().map(|s| s.id).collect())
}

/// Places a single of `stake` euros on `selection` at `at` (odds changes
/// rejected).
pub async fn place_single(
    engine: &Engine,
    p: &Principal,
    selection: Uuid,
    at: &str,
    stake: &str,
) -> Result<domain::api::sportsbook::Bet, engine::sportsbook::SportsbookError> {
    use domain::betting::{BetKind, OddsChangePolicy};
    use engine::sportsbook::{BetRequest, LegRequest};
    let request = BetRequest {
        kind: BetKind::Single,
        teaser_points: None,
        unit_stake: eur(stake),
        legs: vec![LegRequest {
            selection_id: selection,
            odds: Some(odds(at)),
        }],
        odds_change: OddsChangePolicy::Reject,
    };
    engine
        .sportsbook()
        .place_bet(p, &request, None)
        .await
        .map(|r| r.value)
}

/// The result of a market whose selection `winner` won (`None`: all
/// lost) and every other lost.
pub fn won_by(selections: &[Uuid], winner: Option<usize>) -> engine::sportsbook::Settlement {
    use domain::betting::{LegOutcome, LegResult};
    engine::sportsbook::Settlement::Outcomes(
        selections
            .iter()
            .enumerate()
            .map(|(i, id)| engine::sportsbook::Outcome {
                selection_id: *id,
                outcome: LegOutcome::from(if Some(i) == winner {
                    LegResult::Win
                } else {
                    LegResult::Lose
                }),
            })
            .collect(),
    )
}

/// Settles `market` with `winner` (see [`won_by`]) as a trader.
pub async fn settle(engine: &Engine, market: Uuid, selections: &[Uuid], winner: Option<usize>) {
    engine
        .sportsbook()
        .settle_market(&trader(), market, &won_by(selections, winner))
        .await
        .unwrap();
}
