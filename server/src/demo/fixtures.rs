//! The demo fixtures: which sport, competition and sides, when each first
//! starts, and the strengths its prices and simulated results come from.

use chrono::TimeDelta;
use engine::sportsbook::Event;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DemoSport {
    Football,
    Tennis,
    Basketball,
    IceHockey,
}

impl DemoSport {
    pub(super) fn name(self) -> &'static str {
        match self {
            DemoSport::Football => "Football",
            DemoSport::Tennis => "Tennis",
            DemoSport::Basketball => "Basketball",
            DemoSport::IceHockey => "Ice hockey",
        }
    }

    /// How long after the start the simulated result is settled.
    pub(super) fn duration(self) -> TimeDelta {
        match self {
            DemoSport::Football => TimeDelta::minutes(115),
            DemoSport::Tennis => TimeDelta::minutes(120),
            DemoSport::Basketball | DemoSport::IceHockey => TimeDelta::minutes(150),
        }
    }
}

/// A demo fixture: who plays, when it first starts, and the strengths the
/// opening prices and the simulated result come from.
pub(super) struct Fixture {
    pub(super) sport: DemoSport,
    pub(super) competition: &'static str,
    pub(super) home: &'static str,
    pub(super) away: &'static str,
    /// Days after today (UTC) of the first start.
    pub(super) day: i64,
    /// UTC hour and minute of the start.
    pub(super) hour: u32,
    pub(super) minute: u32,
    /// Expected goals or points of the home side (regulation time); for
    /// tennis, the home player's chance to win a set.
    pub(super) home_rate: f64,
    /// Expected goals or points of the away side (unused for tennis).
    pub(super) away_rate: f64,
}

impl Fixture {
    pub(super) fn name(&self) -> String {
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
pub(super) const FIXTURES: [Fixture; 19] = [
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
pub(super) fn fixture_of(event: &Event) -> Option<&'static Fixture> {
    FIXTURES
        .iter()
        .find(|f| event.demo && event.sport == f.sport.name() && event.name == f.name())
}
