//! The lobby's entries for Croupier Originals: code, name, category, RTP and
//! volatility of each game.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::{CasinoError, dice_min_rtp, slot_rtp};
use crate::money::coded_enum;

/// The provider's display name.
pub const PROVIDER_NAME: &str = "Croupier Originals";

/// Game code of the slot "Emerald Nights".
pub const SLOT_CODE: &str = "originals.slot.emerald-nights";

/// Game code of European roulette.
pub const ROULETTE_CODE: &str = "originals.roulette.european";

/// Game code of dice.
pub const DICE_CODE: &str = "originals.dice";

/// Decimal places of the RTPs in the catalog.
const RTP_DECIMALS: u32 = 12;

coded_enum! {
    /// Where the lobby files a game.
    GameCategory, CasinoError, CasinoError::UnknownCode, {
        /// Reel games.
        Slots => "slots",
        /// Table games.
        Table => "table",
        /// Instant games (one draw, no table).
        Instant => "instant",
    }
}

coded_enum! {
    /// How far results swing around the RTP.
    Volatility, CasinoError, CasinoError::UnknownCode, {
        /// Frequent small wins.
        Low => "low",
        /// Between the two.
        Medium => "medium",
        /// Rare large wins.
        High => "high",
        /// Set by the player's choice of bet (roulette bet kind, dice win
        /// chance).
        PlayerChosen => "player_chosen",
    }
}

/// One game in the lobby.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GameInfo {
    /// Stable game code.
    pub code: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Provider name, [`PROVIDER_NAME`].
    pub provider: &'static str,
    /// Lobby category.
    pub category: GameCategory,
    /// Return to player, rounded half to even to 12 decimals from the exact
    /// value: 36/37 for roulette (every bet), the lowest of all allowed bets
    /// for dice (the highest is 0.99), [`slot_rtp`] for the slot.
    pub rtp: Decimal,
    /// Volatility label.
    pub volatility: Volatility,
}

fn shown(rtp: Decimal) -> Decimal {
    rtp.round_dp_with_strategy(RTP_DECIMALS, RoundingStrategy::MidpointNearestEven)
}

/// Every Croupier Originals game: the slot, roulette, dice.
pub fn catalog() -> [GameInfo; 3] {
    let roulette = Decimal::from(36) / Decimal::from(37);
    [
        GameInfo {
            code: SLOT_CODE,
            name: "Emerald Nights",
            provider: PROVIDER_NAME,
            category: GameCategory::Slots,
            rtp: shown(slot_rtp()),
            volatility: Volatility::Medium,
        },
        GameInfo {
            code: ROULETTE_CODE,
            name: "European Roulette",
            provider: PROVIDER_NAME,
            category: GameCategory::Table,
            rtp: shown(roulette),
            volatility: Volatility::PlayerChosen,
        },
        GameInfo {
            code: DICE_CODE,
            name: "Dice",
            provider: PROVIDER_NAME,
            category: GameCategory::Instant,
            rtp: shown(dice_min_rtp().to_decimal()),
            volatility: Volatility::PlayerChosen,
        },
    ]
}

/// The catalog entry with this code.
pub fn game(code: &str) -> Option<GameInfo> {
    catalog().into_iter().find(|g| g.code == code)
}
