//! Labelled demo content for a fresh embedded database: one account per
//! role on the `demo.croupier.dev` domain, with a shared demo password, and
//! a demo sportsbook (events flagged `demo`, shown with a "Demo" badge)
//! whose odds a demo feed keeps moving. Only seeded when demo mode is on
//! (see `Settings::demo_enabled`).

use chrono::{DateTime, TimeDelta, Utc};
use domain::betting::{LegOutcome, LegResult, Line, MarketKind, Odds, Side, result_from_score};
use engine::auth::RegisterInput;
use engine::sportsbook::{
    Decimal, EventChange, EventStatus, EventView, FeedItem, MarketStatus, MarketView, NewEvent,
    NewMarket, NewSelection, Outcome, SelectionStatus, Settlement,
};
use engine::{Engine, Principal, Role};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The shared password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-pass-2026";

/// A demo login, for printing at start.
pub struct DemoLogin {
    /// E-mail.
    pub email: &'static str,
    /// Role.
    pub role: &'static str,
}

/// The demo accounts: one player and one staff member per back-office role.
pub const DEMO_LOGINS: [DemoLogin; 6] = [
    DemoLogin {
        email: "player@demo.croupier.dev",
        role: "player",
    },
    DemoLogin {
        email: "admin@demo.croupier.dev",
        role: "admin",
    },
    DemoLogin {
        email: "trader@demo.croupier.dev",
        role: "trader",
    },
    DemoLogin {
        email: "marketing@demo.croupier.dev",
        role: "marketing",
    },
    DemoLogin {
        email: "vip@demo.croupier.dev",
        role: "vip_manager",
    },
    DemoLogin {
        email: "compliance@demo.croupier.dev",
        role: "compliance",
    },
];

/// The demo player's opening balance (EUR minor units), paid in through a
/// real sandbox deposit.
pub const DEMO_OPENING_BALANCE_MINOR: i64 = 10_000;
/// The idempotency key that labels the demo deposit in the ledger.
pub const DEMO_DEPOSIT_KEY: &str = "demo-opening-balance";

/// Gives the demo player an opening balance through a real sandbox deposit,
/// labelled by its idempotency key (and so made at most once).
async fn opening_balance(engine: &Engine, player_id: uuid::Uuid) -> anyhow::Result<()> {
    let amount =
        domain::money::Money::new(DEMO_OPENING_BALANCE_MINOR, domain::money::Currency::EUR);
    let label = serde_json::json!({"demo": "opening balance", "amount": amount.format_amount()});
    let key = engine::wallet::Idempotency::new(player_id, DEMO_DEPOSIT_KEY, &label, 201)
        .map_err(|e| anyhow::anyhow!("demo deposit key: {e}"))?;
    engine
        .wallet()
        .deposit(player_id, amount, "sandbox", Some(&key))
        .await
        .map_err(|e| anyhow::anyhow!("seeding the demo opening balance: {e}"))?;
    Ok(())
}

/// Seeds the demo accounts and the demo sportsbook (idempotent: existing
/// ones are left alone).
pub async fn seed(engine: &Engine) -> anyhow::Result<()> {
    for login in &DEMO_LOGINS {
        if login.role == "player" {
            let input = RegisterInput {
                email: login.email.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                date_of_birth: "1990-05-17".to_owned(),
                country: "MT".to_owned(),
                currency: "EUR".to_owned(),
            };
            match engine
                .auth()
                .register(input, engine.now().date_naive())
                .await
            {
                Ok(registered) => opening_balance(engine, registered.player_id).await?,
                Err(engine::AuthError::EmailTaken) => {}
                Err(e) => return Err(anyhow::anyhow!("seeding the demo player: {e}")),
            }
        } else {
            let role: Role = login
                .role
                .parse()
                .map_err(|()| anyhow::anyhow!("unknown demo role {}", login.role))?;
            engine
                .auth()
                .ensure_staff(login.email, DEMO_PASSWORD, &[role])
                .await
                .map_err(|e| anyhow::anyhow!("seeding {}: {e}", login.email))?;
        }
    }
    seed_sportsbook(engine).await?;
    Ok(())
}

// The demo sportsbook --------------------------------------------------------

/// The actor the demo sportsbook's catalog changes (events created, started,
/// settled) are audited as. No account has this id; odds moves and
/// suspensions go through the feed path, which has no actor.
pub const DEMO_FEED_ACTOR: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_00de_0f33);

/// Open markets whose odds one feed tick moves.
pub const MOVES_PER_TICK: usize = 3;
/// Most markets of upcoming demo events the feed keeps suspended itself at
/// once (markets a trader suspended do not count).
const MAX_SUSPENDED: usize = 2;
/// Chance per tick that the feed suspends one more market.
const SUSPEND_CHANCE: f64 = 0.1;
/// Chance per tick that a market the feed suspended is resumed.
const RESUME_CHANCE: f64 = 0.35;
/// How much of the way back to its first price a move pulls a selection.
const REVERSION: f64 = 0.2;
/// Simulated matches behind each opening price.
const SAMPLES: usize = 4000;
/// Longest demo odds.
const MAX_ODDS_HUNDREDTHS: i64 = 5_001;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DemoSport {
    Football,
    Tennis,
    Basketball,
    IceHockey,
}

impl DemoSport {
    fn name(self) -> &'static str {
        match self {
            DemoSport::Football => "Football",
            DemoSport::Tennis => "Tennis",
            DemoSport::Basketball => "Basketball",
            DemoSport::IceHockey => "Ice hockey",
        }
    }

    /// How long after the start the simulated result is settled.
    fn duration(self) -> TimeDelta {
        match self {
            DemoSport::Football => TimeDelta::minutes(115),
            DemoSport::Tennis => TimeDelta::minutes(120),
            DemoSport::Basketball | DemoSport::IceHockey => TimeDelta::minutes(150),
        }
    }
}

/// A demo fixture: who plays, when it first starts, and the strengths the
/// opening prices and the simulated result come from.
struct Fixture {
    sport: DemoSport,
    competition: &'static str,
    home: &'static str,
    away: &'static str,
    /// Days after today (UTC) of the first start.
    day: i64,
    /// UTC hour and minute of the start.
    hour: u32,
    minute: u32,
    /// Expected goals or points of the home side (regulation time); for
    /// tennis, the home player's chance to win a set.
    home_rate: f64,
    /// Expected goals or points of the away side (unused for tennis).
    away_rate: f64,
}

impl Fixture {
    fn name(&self) -> String {
        format!("{} v {}", self.home, self.away)
    }
}

const fn fixture(
    sport: DemoSport,
    competition: &'static str,
    home: &'static str,
    away: &'static str,
    (day, hour, minute): (i64, u32, u32),
    (home_rate, away_rate): (f64, f64),
) -> Fixture {
    Fixture {
        sport,
        competition,
        home,
        away,
        day,
        hour,
        minute,
        home_rate,
        away_rate,
    }
}

use DemoSport::{Basketball, Football, IceHockey, Tennis};

/// The demo fixtures.
const FIXTURES: [Fixture; 19] = [
    fixture(
        Football,
        "Premier League",
        "Arsenal",
        "Chelsea",
        (0, 19, 45),
        (1.75, 1.05),
    ),
    fixture(
        Football,
        "Premier League",
        "Liverpool",
        "Tottenham Hotspur",
        (1, 15, 0),
        (2.05, 1.15),
    ),
    fixture(
        Football,
        "Premier League",
        "Manchester City",
        "Newcastle United",
        (2, 17, 30),
        (2.1, 0.95),
    ),
    fixture(
        Football,
        "Premier League",
        "Aston Villa",
        "Brighton & Hove Albion",
        (3, 14, 0),
        (1.45, 1.3),
    ),
    fixture(
        Football,
        "La Liga",
        "Real Madrid",
        "Sevilla",
        (1, 20, 0),
        (2.2, 0.8),
    ),
    fixture(
        Football,
        "La Liga",
        "Barcelona",
        "Atlético Madrid",
        (3, 20, 0),
        (1.7, 1.1),
    ),
    fixture(
        Football,
        "La Liga",
        "Real Sociedad",
        "Villarreal",
        (4, 18, 30),
        (1.3, 1.2),
    ),
    fixture(
        Football,
        "Bundesliga",
        "Bayern Munich",
        "Borussia Dortmund",
        (2, 17, 30),
        (2.3, 1.2),
    ),
    fixture(
        Football,
        "Bundesliga",
        "Bayer Leverkusen",
        "RB Leipzig",
        (4, 19, 30),
        (1.6, 1.35),
    ),
    fixture(
        Tennis,
        "ATP Tour",
        "Jannik Sinner",
        "Carlos Alcaraz",
        (1, 13, 0),
        (0.52, 0.0),
    ),
    fixture(
        Tennis,
        "ATP Tour",
        "Novak Djokovic",
        "Alexander Zverev",
        (2, 12, 0),
        (0.56, 0.0),
    ),
    fixture(
        Tennis,
        "ATP Tour",
        "Daniil Medvedev",
        "Holger Rune",
        (3, 11, 0),
        (0.6, 0.0),
    ),
    fixture(
        Tennis,
        "WTA Tour",
        "Aryna Sabalenka",
        "Iga Świątek",
        (1, 16, 0),
        (0.5, 0.0),
    ),
    fixture(
        Basketball,
        "NBA",
        "Boston Celtics",
        "Milwaukee Bucks",
        (0, 23, 30),
        (116.5, 111.0),
    ),
    fixture(
        Basketball,
        "NBA",
        "Denver Nuggets",
        "Los Angeles Lakers",
        (2, 2, 0),
        (117.0, 112.5),
    ),
    fixture(
        Basketball,
        "NBA",
        "Golden State Warriors",
        "Phoenix Suns",
        (3, 3, 0),
        (115.0, 114.0),
    ),
    fixture(
        IceHockey,
        "NHL",
        "Toronto Maple Leafs",
        "Boston Bruins",
        (1, 0, 0),
        (3.2, 2.8),
    ),
    fixture(
        IceHockey,
        "NHL",
        "New York Rangers",
        "Florida Panthers",
        (2, 23, 0),
        (2.9, 3.1),
    ),
    fixture(
        IceHockey,
        "NHL",
        "Edmonton Oilers",
        "Colorado Avalanche",
        (4, 1, 0),
        (3.4, 3.1),
    ),
];

/// The fixture a demo event was made from.
fn fixture_of(event: &EventView) -> Option<&'static Fixture> {
    FIXTURES
        .iter()
        .find(|f| event.demo && event.sport == f.sport.name() && event.name == f.name())
}

/// Who won a simulated match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Winner {
    Home,
    Draw,
    Away,
}

/// A simulated final: the score line markets settle on (goals, points or,
/// in tennis, games) and the winner.
#[derive(Debug, Clone, Copy)]
struct Final {
    home: u32,
    away: u32,
    winner: Winner,
}

fn poisson(rng: &mut impl Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut product = rng.random::<f64>();
    let mut k = 0;
    while product > limit && k < 30 {
        product *= rng.random::<f64>();
        k += 1;
    }
    k
}

fn normal(rng: &mut impl Rng, mean: f64, sd: f64) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn points(value: f64) -> u32 {
    // Bounded, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let p = value.round().clamp(0.0, 400.0) as u32;
    p
}

/// One simulated match.
fn simulate(f: &Fixture, rng: &mut impl Rng) -> Final {
    let winner = |home: u32, away: u32| match home.cmp(&away) {
        std::cmp::Ordering::Greater => Winner::Home,
        std::cmp::Ordering::Less => Winner::Away,
        std::cmp::Ordering::Equal => Winner::Draw,
    };
    match f.sport {
        Football => {
            let (home, away) = (poisson(rng, f.home_rate), poisson(rng, f.away_rate));
            Final {
                home,
                away,
                winner: winner(home, away),
            }
        }
        IceHockey => {
            let (mut home, mut away) = (poisson(rng, f.home_rate), poisson(rng, f.away_rate));
            if home == away {
                // Overtime or shoot-out: one more goal to the winner.
                if rng.random_bool(f.home_rate / (f.home_rate + f.away_rate)) {
                    home += 1;
                } else {
                    away += 1;
                }
            }
            Final {
                home,
                away,
                winner: winner(home, away),
            }
        }
        Basketball => {
            let mut home = points(normal(rng, f.home_rate, 11.0));
            let mut away = points(normal(rng, f.away_rate, 11.0));
            while home == away {
                home += points(normal(rng, 10.0, 3.0));
                away += points(normal(rng, 10.0, 3.0));
            }
            Final {
                home,
                away,
                winner: winner(home, away),
            }
        }
        Tennis => {
            // Best of three sets; the score is games.
            let (mut sets, mut games) = ((0, 0), (0, 0));
            while sets.0 < 2 && sets.1 < 2 {
                let loser_games = match rng.random::<f64>() {
                    r if r < 0.12 => 6,
                    r if r < 0.22 => 5,
                    r if r < 0.55 => 4,
                    r if r < 0.80 => 3,
                    r if r < 0.93 => 2,
                    r if r < 0.98 => 1,
                    _ => 0,
                };
                let winner_games = if loser_games >= 5 { 7 } else { 6 };
                if rng.random_bool(f.home_rate) {
                    sets.0 += 1;
                    games = (games.0 + winner_games, games.1 + loser_games);
                } else {
                    sets.1 += 1;
                    games = (games.0 + loser_games, games.1 + winner_games);
                }
            }
            Final {
                home: games.0,
                away: games.1,
                winner: if sets.0 > sets.1 {
                    Winner::Home
                } else {
                    Winner::Away
                },
            }
        }
    }
}

/// The implied probability of a line-market side over `samples`: the
/// inverse of the odds that return the stake on average (pushes and half
/// results included). None when the side never wins.
fn line_probability(samples: &[Final], kind: MarketKind, line: Line, side: Side) -> Option<f64> {
    let (mut win, mut half_win, mut push, mut half_lose) = (0usize, 0usize, 0usize, 0usize);
    for s in samples {
        match result_from_score(kind, line, side, s.home, s.away).ok()? {
            LegResult::Win => win += 1,
            LegResult::HalfWin => half_win += 1,
            LegResult::Push | LegResult::Void => push += 1,
            LegResult::HalfLose => half_lose += 1,
            LegResult::Lose => {}
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let share = |k: usize| k as f64 / samples.len() as f64;
    let won = share(win) + share(half_win) / 2.0;
    let staked = 1.0 - share(push) - share(half_win) / 2.0 - share(half_lose) / 2.0;
    (won > 0.0 && staked > 0.0).then(|| (won / staked).clamp(0.01, 0.99))
}

/// The bookmaker margin of a market kind.
fn margin(kind: &str) -> f64 {
    if kind == "match_result" { 0.06 } else { 0.05 }
}

/// Odds for probabilities (normalised first) with `margin` on top.
fn price(probabilities: &[f64], margin: f64) -> Vec<Odds> {
    let total: f64 = probabilities.iter().sum();
    probabilities
        .iter()
        .map(|p| {
            let fair = (p / total).max(1e-6);
            // Bounded, so the cast cannot truncate.
            #[allow(clippy::cast_possible_truncation)]
            let hundredths = (100.0 / (fair * (1.0 + margin))).round().clamp(101.0, 1e6) as i64;
            Odds::new(Decimal::new(hundredths.clamp(101, MAX_ODDS_HUNDREDTHS), 2))
                .unwrap_or(Odds::MIN)
        })
        .collect()
}

/// A line market: the line in `candidates` that balances the two sides best.
fn line_market(
    samples: &[Final],
    name: &str,
    kind: MarketKind,
    candidates: impl Iterator<Item = Decimal>,
    names: [&str; 2],
) -> Option<NewMarket> {
    let sides = kind.sides();
    let mut best: Option<(f64, Line, [f64; 2])> = None;
    for value in candidates {
        let Ok(line) = Line::new(value) else { continue };
        let (Some(a), Some(b)) = (
            line_probability(samples, kind, line, sides[0]),
            line_probability(samples, kind, line, sides[1]),
        ) else {
            continue;
        };
        let imbalance = (a / (a + b) - 0.5).abs();
        if best.as_ref().is_none_or(|(i, _, _)| imbalance < *i) {
            best = Some((imbalance, line, [a, b]));
        }
    }
    let (_, line, probabilities) = best?;
    let odds = price(&probabilities, margin(kind.code()));
    Some(NewMarket {
        name: name.to_owned(),
        kind: kind.code().to_owned(),
        line: Some(line.to_string()),
        selections: names
            .iter()
            .zip(sides)
            .zip(odds)
            .map(|((n, side), odds)| NewSelection {
                name: (*n).to_owned(),
                side: Some(side.code().to_owned()),
                odds,
            })
            .collect(),
    })
}

/// Lines `offset + k × step` within three steps of `center`, with `step`
/// and `offset` in quarters of a point.
fn lines_near(center: f64, step: i32, offset: i32) -> impl Iterator<Item = Decimal> {
    // Bounded by the simulated scores, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    let k = ((center * 4.0 - f64::from(offset)) / f64::from(step)).round() as i64;
    (k - 3..=k + 3).map(move |k| Decimal::new((i64::from(offset) + k * i64::from(step)) * 25, 2))
}

/// An outcome market priced from `samples`.
fn outcome_market(
    samples: &[Final],
    name: &str,
    kind: &str,
    selections: &[(&str, Winner)],
) -> NewMarket {
    #[allow(clippy::cast_precision_loss)]
    let probabilities: Vec<f64> = selections
        .iter()
        .map(|(_, w)| {
            let n = samples.iter().filter(|s| s.winner == *w).count();
            (n as f64 / samples.len() as f64).clamp(0.01, 0.99)
        })
        .collect();
    NewMarket {
        name: name.to_owned(),
        kind: kind.to_owned(),
        line: None,
        selections: selections
            .iter()
            .zip(price(&probabilities, margin(kind)))
            .map(|((n, _), odds)| NewSelection {
                name: (*n).to_owned(),
                side: None,
                odds,
            })
            .collect(),
    }
}

/// The markets of a fixture, with opening prices from simulated matches.
fn markets(f: &Fixture, rng: &mut impl Rng) -> Vec<NewMarket> {
    let samples: Vec<Final> = (0..SAMPLES).map(|_| simulate(f, rng)).collect();
    #[allow(clippy::cast_precision_loss)]
    let n = samples.len() as f64;
    let total = samples
        .iter()
        .map(|s| f64::from(s.home) + f64::from(s.away))
        .sum::<f64>()
        / n;
    // The home handicap that levels the sides: minus the mean margin.
    let handicap = samples
        .iter()
        .map(|s| f64::from(s.away) - f64::from(s.home))
        .sum::<f64>()
        / n;
    // Half lines (x.5) and quarter lines (x.25, x.75).
    let half = |center: f64| lines_near(center, 4, 2);
    let teams = [f.home, f.away];
    let winner_of = |name: &str| {
        outcome_market(
            &samples,
            name,
            "moneyline",
            &[(f.home, Winner::Home), (f.away, Winner::Away)],
        )
    };
    let mut out = Vec::new();
    match f.sport {
        Football => {
            out.push(outcome_market(
                &samples,
                "Match result",
                "match_result",
                &[
                    (f.home, Winner::Home),
                    ("Draw", Winner::Draw),
                    (f.away, Winner::Away),
                ],
            ));
            out.extend(line_market(
                &samples,
                "Total goals",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
            out.extend(line_market(
                &samples,
                "Asian handicap",
                MarketKind::AsianHandicap,
                // Quarter lines only (x.25, x.75).
                lines_near(handicap, 2, 1),
                teams,
            ));
        }
        Tennis => {
            out.push(winner_of("Match winner"));
            out.extend(line_market(
                &samples,
                "Game handicap",
                MarketKind::Spread,
                half(handicap),
                teams,
            ));
            out.extend(line_market(
                &samples,
                "Total games",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
        }
        Basketball => {
            out.push(winner_of("Match winner (incl. overtime)"));
            out.extend(line_market(
                &samples,
                "Point spread",
                MarketKind::Spread,
                half(handicap),
                teams,
            ));
            out.extend(line_market(
                &samples,
                "Total points",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
        }
        IceHockey => {
            out.push(winner_of("Match winner (incl. overtime)"));
            // The puck line: the favourite gives 1.5 goals.
            let puck = if f.home_rate >= f.away_rate { -6 } else { 6 };
            out.extend(line_market(
                &samples,
                "Puck line",
                MarketKind::Spread,
                [Decimal::new(puck * 25, 2)].into_iter(),
                teams,
            ));
            out.extend(line_market(
                &samples,
                "Total goals",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
        }
    }
    out
}

/// The demo fixture as a new event starting at `starts_at`.
fn new_event(f: &Fixture, starts_at: DateTime<Utc>, rng: &mut impl Rng) -> NewEvent {
    NewEvent {
        sport: f.sport.name().to_owned(),
        competition: f.competition.to_owned(),
        name: f.name(),
        starts_at,
        in_play_betting: false,
        bet_delay_ms: 0,
        demo: true,
        markets: markets(f, rng),
    }
}

/// The first start of a fixture: its day and time, at least 20 minutes
/// from `now`.
fn first_start(f: &Fixture, now: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map_or(now, |t| t.and_utc());
    let mut at = midnight
        + TimeDelta::days(f.day)
        + TimeDelta::hours(i64::from(f.hour))
        + TimeDelta::minutes(i64::from(f.minute));
    while at < now + TimeDelta::minutes(20) {
        at += TimeDelta::days(1);
    }
    at
}

/// The trader the demo sportsbook acts as.
fn demo_trader() -> Principal {
    Principal {
        user_id: DEMO_FEED_ACTOR,
        session_id: Uuid::nil(),
        roles: vec![Role::Trader],
    }
}

/// Demo events still to be played or in play (as the catalog lists them).
async fn demo_events(engine: &Engine) -> anyhow::Result<Vec<EventView>> {
    let events = engine
        .sportsbook()
        .events(None)
        .await
        .map_err(|e| anyhow::anyhow!("listing the demo events: {e}"))?;
    Ok(events.into_iter().filter(|e| e.demo).collect())
}

/// True when the catalog holds demo events still to be played or in play.
pub async fn has_demo_sportsbook(engine: &Engine) -> anyhow::Result<bool> {
    Ok(!demo_events(engine).await?.is_empty())
}

/// True when a scheduled demo event of `name` exists (other than `except`).
fn scheduled(events: &[EventView], name: &str, except: Option<Uuid>) -> bool {
    events
        .iter()
        .any(|e| e.name == name && e.status == "scheduled" && Some(e.id) != except)
}

/// Seeds the demo sportsbook: each demo fixture without a scheduled event
/// gets one, starting within the next days, with its main market and line
/// markets priced with a bookmaker margin. Idempotent. Returns the number
/// of events created.
pub async fn seed_sportsbook(engine: &Engine) -> anyhow::Result<usize> {
    let now = engine.now();
    let existing = demo_events(engine).await?;
    let mut rng = StdRng::from_os_rng();
    let mut created = 0;
    for f in &FIXTURES {
        if scheduled(&existing, &f.name(), None) {
            continue;
        }
        engine
            .sportsbook()
            .create_event(&demo_trader(), new_event(f, first_start(f, now), &mut rng))
            .await
            .map_err(|e| anyhow::anyhow!("seeding the demo event {}: {e}", f.name()))?;
        created += 1;
    }
    Ok(created)
}

/// What one demo feed tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedTick {
    /// Selections whose odds moved.
    pub odds_changed: usize,
    /// Markets suspended.
    pub suspended: usize,
    /// Markets resumed.
    pub resumed: usize,
    /// Demo events that started (now live, markets suspended).
    pub started: usize,
    /// Demo events created to replace started ones.
    pub rolled: usize,
    /// Demo events settled with a simulated result and ended.
    pub finished: usize,
}

/// New odds for a market: one selection's probability moves by 2 to 7 %,
/// pulled back part of the way towards its `anchor` (so prices wander but
/// do not drift off), the others make room, and the market is priced again
/// with its margin. None when nothing would change.
fn nudge(
    market: &MarketView,
    anchors: &mut HashMap<Uuid, Vec<f64>>,
    rng: &mut impl Rng,
) -> Option<Vec<FeedItem>> {
    let current: Vec<Odds> = market
        .selections
        .iter()
        .map(|s| Odds::parse(&s.odds).ok())
        .collect::<Option<_>>()?;
    if current.len() < 2
        || market
            .selections
            .iter()
            .any(|s| s.status == SelectionStatus::Settled)
    {
        return None;
    }
    let implied: Vec<f64> = current
        .iter()
        .map(|o| 1.0 / o.value().to_string().parse::<f64>().unwrap_or(2.0))
        .collect();
    let total: f64 = implied.iter().sum();
    let mut p: Vec<f64> = implied.iter().map(|q| q / total).collect();
    let anchor = anchors.entry(market.id).or_insert_with(|| p.clone());
    if anchor.len() != p.len() {
        anchor.clone_from(&p);
    }
    let j = rng.random_range(0..p.len());
    let step = rng.random_range(0.02..0.07) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
    let pull = REVERSION * (anchor[j].ln() - p[j].ln());
    let moved = (p[j].ln() + step + pull).exp().clamp(0.02, 0.96);
    let others: f64 = p
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != j)
        .map(|(_, v)| v)
        .sum();
    if others <= 0.0 {
        return None;
    }
    for (i, v) in p.iter_mut().enumerate() {
        *v = if i == j {
            moved
        } else {
            *v * (1.0 - moved) / others
        };
    }
    let items: Vec<FeedItem> = market
        .selections
        .iter()
        .zip(current)
        .zip(price(&p, margin(market.kind.code())))
        .filter(|((_, old), new)| old != new)
        .map(|((s, _), odds)| FeedItem::Odds {
            selection_id: s.id,
            odds,
        })
        .collect();
    (!items.is_empty()).then_some(items)
}

/// Settles every market of a finished demo event with a simulated result.
async fn settle(
    engine: &Engine,
    event: &EventView,
    f: &Fixture,
    rng: &mut impl Rng,
) -> anyhow::Result<()> {
    let result = simulate(f, rng);
    let outcome = |won: bool| {
        LegOutcome::new(
            if won { LegResult::Win } else { LegResult::Lose },
            None,
            None,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))
    };
    for m in &event.markets {
        if m.status == MarketStatus::Settled || m.status == MarketStatus::Void {
            continue;
        }
        let winners: &[Winner] = match (m.kind.code(), m.selections.len()) {
            ("asian_handicap" | "spread" | "total", 2) => &[],
            ("match_result", 3) => &[Winner::Home, Winner::Draw, Winner::Away],
            ("moneyline", 2) => &[Winner::Home, Winner::Away],
            _ => continue,
        };
        let settlement = if winners.is_empty() {
            Settlement::Score {
                home: result.home,
                away: result.away,
            }
        } else {
            Settlement::Outcomes(
                m.selections
                    .iter()
                    .zip(winners)
                    .map(|(s, w)| {
                        Ok(Outcome {
                            selection_id: s.id,
                            outcome: outcome(result.winner == *w)?,
                        })
                    })
                    .collect::<anyhow::Result<_>>()?,
            )
        };
        engine
            .sportsbook()
            .settle_market(&demo_trader(), m.id, &settlement)
            .await
            .map_err(|e| anyhow::anyhow!("settling the demo market {}: {e}", m.id))?;
    }
    Ok(())
}

/// Moves a started demo event on: live with its markets suspended (through
/// the feed), replaced by next week's fixture; and once its time is up,
/// settled with a simulated result and ended.
async fn advance(
    engine: &Engine,
    events: &[EventView],
    event: &EventView,
    f: &Fixture,
    now: DateTime<Utc>,
    rng: &mut StdRng,
    tick: &mut FeedTick,
) -> anyhow::Result<()> {
    let book = engine.sportsbook();
    let actor = demo_trader();
    let change = |status: EventStatus| EventChange {
        status: Some(status),
        ..EventChange::default()
    };
    if event.status == "scheduled" {
        let items: Vec<FeedItem> = event
            .markets
            .iter()
            .filter(|m| m.status == MarketStatus::Open)
            .map(|m| FeedItem::Suspend {
                market_id: m.id,
                suspended: true,
            })
            .collect();
        if !items.is_empty() {
            tick.suspended += book.apply_feed(None, &items).await?.suspended;
        }
        book.update_event(&actor, event.id, change(EventStatus::Live))
            .await?;
        tick.started += 1;
        if !scheduled(events, &event.name, Some(event.id)) {
            let mut at = event.starts_at + TimeDelta::days(7);
            while at < now + TimeDelta::hours(1) {
                at += TimeDelta::days(7);
            }
            book.create_event(&actor, new_event(f, at, rng)).await?;
            tick.rolled += 1;
        }
    } else if event.status == "live" && now >= event.starts_at + f.sport.duration() {
        settle(engine, event, f, rng).await?;
        book.update_event(&actor, event.id, change(EventStatus::Ended))
            .await?;
        tick.finished += 1;
    }
    Ok(())
}

/// The demo odds feed: its random numbers, per market the fair
/// probabilities it first saw, which moves are pulled back towards, and the
/// markets it suspended itself (the only ones it ever resumes).
pub struct DemoFeed {
    rng: StdRng,
    anchors: HashMap<Uuid, Vec<f64>>,
    own: HashSet<Uuid>,
}

impl DemoFeed {
    /// A feed drawing from `rng`.
    pub fn new(rng: StdRng) -> Self {
        Self {
            rng,
            anchors: HashMap::new(),
            own: HashSet::new(),
        }
    }

    /// One tick at `now`: see `feed_tick`.
    pub async fn tick(&mut self, engine: &Engine, now: DateTime<Utc>) -> anyhow::Result<FeedTick> {
        feed_tick(engine, self, now).await
    }
}

/// One tick of the demo odds feed, at `now`. It touches only the demo
/// fixtures' events: started ones go live (open markets suspended) and are
/// replaced by next week's, finished ones have their unsettled markets
/// settled with a simulated result; on upcoming ones it moves the odds of a
/// few open markets and now and then suspends an open market or resumes
/// one it suspended itself, all in one batch through the same path as
/// `POST /admin/feed` (so `odds.changed` reaches `odds:{event_id}`).
///
/// A market suspended by anyone else (a trader, or the market's liability
/// limit) is never resumed and its odds never move, and settled or void
/// markets are never touched. The feed's own suspensions are the ones it
/// made and saw applied; one that reopened meanwhile (a trader resumed it)
/// stops being its own. They are kept in memory: after a restart the
/// earlier ones stay suspended until a trader resumes them or the event
/// starts.
async fn feed_tick(
    engine: &Engine,
    feed: &mut DemoFeed,
    now: DateTime<Utc>,
) -> anyhow::Result<FeedTick> {
    let DemoFeed { rng, anchors, own } = feed;
    let events = demo_events(engine).await?;
    let mut tick = FeedTick::default();
    for event in events.iter().filter(|e| e.starts_at <= now) {
        let Some(f) = fixture_of(event) else { continue };
        if let Err(e) = advance(engine, &events, event, f, now, rng, &mut tick).await {
            tracing::warn!(event = %event.id, error = %format!("{e:#}"), "demo event not advanced");
        }
    }

    let upcoming = events
        .iter()
        .filter(|e| e.starts_at > now && e.status == "scheduled" && fixture_of(e).is_some());
    let (mut open, mut suspended) = (Vec::new(), Vec::new());
    for m in upcoming.flat_map(|e| &e.markets) {
        match m.status {
            MarketStatus::Open => open.push(m),
            MarketStatus::Suspended => suspended.push(m),
            _ => {}
        }
    }
    // Anchors of markets no longer upcoming are dropped; so are the feed's
    // own suspensions of markets no longer upcoming and suspended (reopened
    // by a trader, settled, voided, or their event started).
    anchors.retain(|id, _| open.iter().chain(&suspended).any(|m| m.id == *id));
    own.retain(|id| suspended.iter().any(|m| m.id == *id));
    let mut items = Vec::new();
    let mut resuming = Vec::new();
    for m in suspended.iter().filter(|m| own.contains(&m.id)) {
        if rng.random_bool(RESUME_CHANCE) {
            items.push(FeedItem::Suspend {
                market_id: m.id,
                suspended: false,
            });
            resuming.push(m.id);
        }
    }
    open.shuffle(rng);
    let mut candidates = open.into_iter();
    let mut moved = 0;
    for m in candidates.by_ref() {
        if moved == MOVES_PER_TICK {
            break;
        }
        if let Some(changes) = nudge(m, anchors, rng) {
            items.extend(changes);
            moved += 1;
        }
    }
    let mut suspending = None;
    if own.len() < MAX_SUSPENDED
        && rng.random_bool(SUSPEND_CHANCE)
        && let Some(m) = candidates.next()
    {
        items.push(FeedItem::Suspend {
            market_id: m.id,
            suspended: true,
        });
        suspending = Some(m.id);
    }
    if !items.is_empty() {
        let report = engine
            .sportsbook()
            .apply_feed(None, &items)
            .await
            .map_err(|e| anyhow::anyhow!("demo feed batch: {e}"))?;
        tick.odds_changed += report.odds_changed;
        tick.suspended += report.suspended;
        tick.resumed += report.resumed;
        for id in &resuming {
            own.remove(id);
        }
        // Its own only if this batch suspended it (not already suspended by
        // a trader meanwhile).
        if let Some(id) = suspending
            && report.suspended == 1
        {
            own.insert(id);
        }
    }
    Ok(tick)
}
