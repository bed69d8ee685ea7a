//! Simulates Croupier Originals with the real round functions and random
//! server seeds (one fresh 32-byte seed per round from the thread RNG, client
//! seed "simulation", nonce = round number) and prints each game's simulated
//! RTP beside its exact one.
//!
//! ```text
//! cargo run -p domain --release --example rtp_simulation [ROUNDS]
//! ```
//!
//! `ROUNDS` per game defaults to 10 000 000. Work is split over the
//! available cores. A second argument `exhaustive` also settles the slot's
//! base game on every one of the 30⁵ = 24 300 000 stop combinations and
//! compares the total with the exact per-reel formula.

use std::num::NonZeroUsize;
use std::thread;

use domain::casino::{
    ClientSeed, DiceBet, DiceDirection, FREE_SPINS_CAP, FairStream, LINE_COUNT, PAYLINES,
    REEL_COUNT, REELS, Ratio, RouletteBet, RouletteBetSpec, RouletteWager, ServerSeed, Symbol,
    evaluate_line, play_slot, roll_dice, roulette_rtp, scatter_pay, slot_rtp, slot_rtp_breakdown,
    spin_roulette, window,
};
use domain::money::{Currency, Money};
use rand::{Rng, RngCore};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const DEFAULT_ROUNDS: u64 = 10_000_000;

/// Sums over simulated rounds, in minor units. Floats only for the printed
/// standard error; the RTP itself is an exact ratio of integer sums.
#[derive(Default, Clone, Copy)]
struct Tally {
    rounds: u64,
    staked: i128,
    returned: i128,
    /// Σ (return / stake)², for the standard error.
    squares: f64,
    /// Σ of each round's exact RTP (dice bets vary), as a fraction of 10⁸.
    exact_sum: f64,
    hits: u64,
    features: u64,
    free_spins: u64,
    most_free_spins: u64,
}

impl Tally {
    fn add(&mut self, stake: Money, returned: Money) {
        self.rounds += 1;
        self.staked += i128::from(stake.minor());
        self.returned += i128::from(returned.minor());
        let ratio = returned.minor() as f64 / stake.minor() as f64;
        self.squares += ratio * ratio;
        if returned.is_positive() {
            self.hits += 1;
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        self.rounds += other.rounds;
        self.staked += other.staked;
        self.returned += other.returned;
        self.squares += other.squares;
        self.exact_sum += other.exact_sum;
        self.hits += other.hits;
        self.features += other.features;
        self.free_spins += other.free_spins;
        self.most_free_spins = self.most_free_spins.max(other.most_free_spins);
        self
    }

    fn rtp(&self) -> Decimal {
        let returned = Decimal::from_i128_with_scale(self.returned, 0);
        let staked = Decimal::from_i128_with_scale(self.staked.max(1), 0);
        returned / staked
    }

    fn standard_error(&self) -> f64 {
        let n = self.rounds.max(1) as f64;
        let mean = self.returned as f64 / self.staked.max(1) as f64;
        ((self.squares / n - mean * mean).max(0.0) / n).sqrt()
    }
}

fn random_stream(rng: &mut impl RngCore, client: &ClientSeed, nonce: u64) -> FairStream {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    FairStream::new(&ServerSeed::from_bytes(bytes), client, nonce)
}

fn simulate_slot(rounds: u64, first_nonce: u64) -> Tally {
    let mut rng = rand::rng();
    let client = ClientSeed::parse("simulation").expect("valid client seed");
    let stake = Money::new(20, Currency::EUR);
    let mut tally = Tally::default();
    for nonce in first_nonce..first_nonce + rounds {
        let mut stream = random_stream(&mut rng, &client, nonce);
        let round = play_slot(&mut stream, stake).expect("valid stake");
        tally.add(stake, round.total_win);
        if !round.free_spins.is_empty() {
            tally.features += 1;
            let spins = round.free_spins.len() as u64;
            tally.free_spins += spins;
            tally.most_free_spins = tally.most_free_spins.max(spins);
        }
    }
    tally
}

fn roulette_bets() -> Vec<RouletteBet> {
    [
        RouletteBetSpec::Straight { number: 17 },
        RouletteBetSpec::Split { numbers: [0, 2] },
        RouletteBetSpec::Street { numbers: [7, 8, 9] },
        RouletteBetSpec::Corner {
            numbers: [0, 1, 2, 3],
        },
        RouletteBetSpec::SixLine {
            numbers: [31, 32, 33, 34, 35, 36],
        },
        RouletteBetSpec::Column { column: 2 },
        RouletteBetSpec::Dozen { dozen: 3 },
        RouletteBetSpec::Red,
        RouletteBetSpec::Black,
        RouletteBetSpec::Even,
        RouletteBetSpec::Odd,
        RouletteBetSpec::Low,
        RouletteBetSpec::High,
    ]
    .into_iter()
    .map(|spec| RouletteBet::new(spec).expect("valid bet"))
    .collect()
}

fn simulate_roulette(rounds: u64, first_nonce: u64) -> Tally {
    let mut rng = rand::rng();
    let client = ClientSeed::parse("simulation").expect("valid client seed");
    let bets = roulette_bets();
    let stake = Money::new(100, Currency::EUR);
    let mut tally = Tally::default();
    for nonce in first_nonce..first_nonce + rounds {
        // One bet per round, of a random kind.
        let bet = bets[rng.random_range(0..bets.len())];
        let mut stream = random_stream(&mut rng, &client, nonce);
        let round = spin_roulette(&mut stream, &[RouletteWager { bet, stake }]).expect("valid");
        tally.add(stake, round.total_payout);
    }
    tally
}

fn simulate_dice(rounds: u64, first_nonce: u64) -> Tally {
    let mut rng = rand::rng();
    let client = ClientSeed::parse("simulation").expect("valid client seed");
    // 10 000 minor units: every payout is exact, no rounding down.
    let stake = Money::new(10_000, Currency::EUR);
    let mut tally = Tally::default();
    for nonce in first_nonce..first_nonce + rounds {
        // A random allowed bet each round.
        let bet = loop {
            let direction = if rng.random_bool(0.5) {
                DiceDirection::Under
            } else {
                DiceDirection::Over
            };
            let target = Decimal::new(rng.random_range(0..10_000), 2);
            if let Ok(bet) = DiceBet::new(direction, target) {
                break bet;
            }
        };
        let rtp: Ratio = bet.rtp();
        tally.exact_sum += rtp.numerator() as f64 / rtp.denominator() as f64;
        let mut stream = random_stream(&mut rng, &client, nonce);
        let round = roll_dice(&mut stream, bet, stake).expect("valid stake");
        tally.add(stake, round.payout);
    }
    tally
}

fn parallel(rounds: u64, simulate: fn(u64, u64) -> Tally) -> Tally {
    let workers = thread::available_parallelism().map_or(1, NonZeroUsize::get) as u64;
    let share = rounds / workers;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let count = if w + 1 == workers {
                    rounds - share * (workers - 1)
                } else {
                    share
                };
                scope.spawn(move || simulate(count, w * share))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("simulation thread"))
            .fold(Tally::default(), Tally::merge)
    })
}

/// Line and scatter pays, in line bets, of every window whose first reel
/// stops at one of `first_stops`.
fn enumerate_base(first_stops: Vec<u32>) -> u128 {
    let lens: Vec<u32> = REELS.iter().map(|r| r.len() as u32).collect();
    let mut total = 0u128;
    for a in first_stops {
        for b in 0..lens[1] {
            for c in 0..lens[2] {
                for d in 0..lens[3] {
                    for e in 0..lens[4] {
                        let w = window([a, b, c, d, e]).expect("stops on the strips");
                        for rows in PAYLINES {
                            let symbols: [Symbol; REEL_COUNT] =
                                std::array::from_fn(|reel| w[usize::from(rows[reel])][reel]);
                            if let Some(hit) = evaluate_line(symbols) {
                                total += u128::from(hit.pay);
                            }
                        }
                        let scatters = w
                            .iter()
                            .flatten()
                            .filter(|&&s| s == Symbol::Scatter)
                            .count();
                        total += u128::from(scatter_pay(scatters as u8)) * LINE_COUNT as u128;
                    }
                }
            }
        }
    }
    total
}

fn exhaustive_base() {
    let workers = thread::available_parallelism().map_or(1, NonZeroUsize::get) as u32;
    let first_len = REELS[0].len() as u32;
    let paid: u128 = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let stops = (0..first_len).filter(|s| s % workers == w).collect();
                scope.spawn(move || enumerate_base(stops))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("enumeration thread"))
            .sum()
    });
    let windows: u128 = REELS.iter().map(|r| r.len() as u128).product();
    let enumerated = Ratio::new(paid, windows * LINE_COUNT as u128).expect("non-zero");
    let formula = slot_rtp_breakdown().base;
    println!(
        "slot base  all {windows} windows: {enumerated} = {:.12}; per-reel formula {formula}: {}",
        enumerated.to_decimal(),
        if enumerated == formula {
            "equal"
        } else {
            "DIFFERENT"
        },
    );
}

fn report(game: &str, tally: &Tally, exact: Decimal) {
    let simulated = tally.rtp();
    let difference = simulated - exact;
    let se = tally.standard_error();
    let sigmas = difference.to_f64().unwrap_or(0.0) / se.max(f64::MIN_POSITIVE);
    println!(
        "{game:<10} rounds {:>11}  simulated {:.6}  exact {:.6}  diff {:+.6}  ({sigmas:+.2} σ, σ = {se:.6})  hit rate {:.4}",
        tally.rounds,
        simulated,
        exact,
        difference,
        tally.hits as f64 / tally.rounds.max(1) as f64,
    );
}

fn main() {
    if std::env::args().nth(2).as_deref() == Some("exhaustive") {
        exhaustive_base();
    }
    let rounds = match std::env::args().nth(1) {
        Some(arg) => arg.parse().unwrap_or_else(|_| {
            eprintln!("usage: rtp_simulation [ROUNDS]");
            std::process::exit(2);
        }),
        None => DEFAULT_ROUNDS,
    };

    let slot = parallel(rounds, simulate_slot);
    report("slot", &slot, slot_rtp());
    println!(
        "           features {} (1 in {:.1}), mean free spins {:.3}, most in one feature {} (cap {FREE_SPINS_CAP})",
        slot.features,
        slot.rounds as f64 / slot.features.max(1) as f64,
        slot.free_spins as f64 / slot.features.max(1) as f64,
        slot.most_free_spins,
    );

    let roulette = parallel(rounds, simulate_roulette);
    let exact = roulette_rtp(&roulette_bets()[0]).to_decimal();
    report("roulette", &roulette, exact);

    let dice = parallel(rounds, simulate_dice);
    let exact = Decimal::from_f64_retain(dice.exact_sum / dice.rounds.max(1) as f64)
        .unwrap_or_default()
        .round_dp(10);
    report("dice", &dice, exact);
}
