//! Croupier Originals, the built-in casino provider: provably fair
//! randomness (commit and reveal of a server seed, a player's client seed, an
//! HMAC-SHA256 byte stream and unbiased draws from it), European roulette,
//! dice and the 5-reel slot "Emerald Nights", each with its exact RTP, and the
//! catalog entries the lobby shows.
//!
//! Everything is pure and deterministic: the engine draws the server seed from
//! the OS CSPRNG and hands its bytes in, and the same functions re-run a round
//! in the browser (this crate compiles to WebAssembly) from the revealed seeds
//! so a player can check any result. Stakes and wins are `Money` in integer
//! minor units; RTPs are exact fractions ([`Ratio`]) or `Decimal`s whose error
//! is stated. Results are serde types so the engine stores them as JSON.
//!
//! A round of any game is: `FairStream::new(server_seed, client_seed, nonce)`
//! then one of [`spin_roulette`], [`roll_dice`], [`play_slot`]. Every draw the
//! round needs comes from that one stream, in a documented order.

#![deny(missing_docs)]

mod catalog;
mod dice;
mod fair;
mod ratio;
mod roulette;
mod slot;

pub use catalog::{
    DICE_CODE, GameCategory, GameInfo, PROVIDER_NAME, ROULETTE_CODE, SLOT_CODE, Volatility,
    catalog, game,
};
pub use dice::{
    DICE_HOUSE_EDGE, DICE_OUTCOMES, DiceBet, DiceDirection, DiceRoll, DiceRound,
    MAX_WINNING_OUTCOMES, MIN_WINNING_OUTCOMES, dice_min_rtp, roll_dice, settle_dice,
};
pub use fair::{
    ClientSeed, FairStream, MAX_CLIENT_SEED_CHARS, SERVER_SEED_BYTES, ServerSeed, commitment,
    fair_block, verify,
};
pub use ratio::Ratio;
pub use roulette::{
    Colour, MAX_ROULETTE_BETS, POCKETS, Pocket, RouletteBet, RouletteBetKind, RouletteBetResult,
    RouletteBetSpec, RouletteRound, RouletteWager, roulette_rtp, settle_roulette, spin_roulette,
};
pub use slot::{
    FREE_SPINS_AWARD, FREE_SPINS_CAP, FREE_SPINS_MULTIPLIER, LINE_COUNT, LineHit, LineWin,
    PAYLINES, REEL_COUNT, REELS, ROWS, SCATTERS_FOR_FEATURE, SlotRound, SlotRtp, SlotSpin, Symbol,
    Window, evaluate_line, line_pay, play_slot, scatter_pay, settle_spin, slot_rtp,
    slot_rtp_breakdown, window,
};

use crate::money::MoneyError;

/// Why a seed, a bet, a stake or a stop was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CasinoError {
    /// Not 64 hex digits (32 bytes).
    #[error("a server seed is 64 hex digits (32 bytes)")]
    InvalidServerSeed,
    /// Empty, longer than [`MAX_CLIENT_SEED_CHARS`], or not printable ASCII.
    #[error(
        "a client seed is 1 to {MAX_CLIENT_SEED_CHARS} printable ASCII characters without spaces"
    )]
    InvalidClientSeed,
    /// Not one of the codes of a casino enum (symbol, bet kind, ...).
    #[error("unknown code")]
    UnknownCode,
    /// A roulette number outside 0–36.
    #[error("a roulette pocket is a number from 0 to 36")]
    InvalidPocket,
    /// Numbers that do not form a bet of this kind on the layout.
    #[error("these numbers do not form a {kind} bet")]
    InvalidRouletteBet {
        /// The kind of bet asked for.
        kind: RouletteBetKind,
    },
    /// A round without bets.
    #[error("a round needs at least one bet")]
    NoBets,
    /// More than [`MAX_ROULETTE_BETS`] bets in one round.
    #[error("a roulette round takes at most {MAX_ROULETTE_BETS} bets")]
    TooManyBets,
    /// A stake of zero or less.
    #[error("the stake must be greater than zero")]
    StakeNotPositive,
    /// A slot stake that does not split evenly over the paylines.
    #[error("the slot stake must be a multiple of {LINE_COUNT} minor units")]
    StakeNotMultipleOfLines,
    /// A dice target that is not a number with at most 2 decimals in 0–99.99.
    #[error("a dice target has at most 2 decimals and lies between 0 and 99.99")]
    InvalidDiceTarget,
    /// A dice bet whose chance to win lies outside 1 %–98 %.
    #[error("the chance to win must be between 1% and 98%")]
    WinChanceOutOfRange,
    /// A dice roll that is not 0.00–99.99 with 2 decimals.
    #[error("a dice roll lies between 0.00 and 99.99")]
    InvalidRoll,
    /// A reel stop beyond the end of its strip.
    #[error("a reel stop lies beyond its strip")]
    InvalidStop,
    /// A fraction with a zero denominator or that is not `a/b`.
    #[error("a ratio is a/b with b greater than zero")]
    InvalidRatio,
    /// Mismatched currencies or an amount out of range.
    #[error(transparent)]
    Money(#[from] MoneyError),
}
