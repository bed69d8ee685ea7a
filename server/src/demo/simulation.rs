//! Simulated matches: the final score and winner of a demo fixture, drawn
//! from its strengths (opening prices are averaged over many; a finished
//! demo event is settled with one).

use rand::Rng;

use super::fixtures::DemoSport::{Basketball, Football, IceHockey, Tennis};
use super::fixtures::Fixture;

/// Who won a simulated match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Winner {
    Home,
    Draw,
    Away,
}

/// A simulated final: the score line markets settle on (goals, points or,
/// in tennis, games) and the winner.
#[derive(Debug, Clone, Copy)]
pub(super) struct Final {
    pub(super) home: u32,
    pub(super) away: u32,
    pub(super) winner: Winner,
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
pub(super) fn simulate(f: &Fixture, rng: &mut impl Rng) -> Final {
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
