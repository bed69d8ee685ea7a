//! The casino: `/casino`, the lobby (categories, search, provider filter,
//! tiles with RTP and volatility), and `/casino/{code}`, a game. The
//! Croupier Originals each have their own animated table: the Emerald
//! Nights slot (reels stop one by one, winning paylines light up, free
//! spins play out), European roulette (wheel and ball) and dice (a roll
//! sliding onto the target bar). Around every Original: the stake checked
//! with the domain's money rules before it is sent, clear refusals
//! (funds, limits, exclusions, reality checks), the provably-fair panel
//! (commitment before, client seed, revealed seed after) and the round
//! history with a Verify action that re-runs a round on the server.
//!
//! Modules: `lobby`; `game` (the game page and the frame every Original
//! shares: `Table`, outcome, stake input); one per Original
//! (`slot`, `roulette`, `dice`); `fairness` (seeds and round history).
//! Small helpers shared by them live here.

mod dice;
mod fairness;
mod game;
mod lobby;
mod roulette;
mod slot;

pub use game::CasinoGame;
pub use lobby::CasinoLobby;
pub(crate) use lobby::GameTile;

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{CasinoMsg, Locale, Msg, use_locale};
use crate::model::percent_encode;

/// Runs `f` after `ms` milliseconds in the browser; nothing on the server,
/// which never animates.
fn after(ms: u64, f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    set_timeout(f, Duration::from_millis(ms));
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ms, f, Duration::ZERO);
    }
}

/// `Croupier Originals` for `originals`, the code otherwise.
fn provider_label(code: &str) -> String {
    match code {
        "originals" => domain::casino::PROVIDER_NAME.to_owned(),
        "hub88" => "Hub88".to_owned(),
        other => other.to_owned(),
    }
}

/// A lobby category's name: translated for the known codes, else the
/// server's code with a capital (`scratch` → `Scratch`).
fn category_label(l: Locale, code: &str) -> String {
    let known = match code {
        "slots" => Some(CasinoMsg::CategorySlots),
        "table" => Some(CasinoMsg::CategoryTable),
        "instant" => Some(CasinoMsg::CategoryInstant),
        "live" => Some(CasinoMsg::CategoryLive),
        "crash" => Some(CasinoMsg::CategoryCrash),
        "jackpot" | "jackpots" => Some(CasinoMsg::CategoryJackpots),
        "poker" => Some(CasinoMsg::CategoryPoker),
        "bingo" => Some(CasinoMsg::CategoryBingo),
        "lottery" => Some(CasinoMsg::CategoryLottery),
        _ => None,
    };
    if let Some(msg) = known {
        return l.t(msg).to_owned();
    }
    let mut chars = code.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn volatility_label(l: Locale, code: &str) -> &str {
    match code {
        "low" => l.t(Msg::VolLow),
        "medium" => l.t(Msg::VolMedium),
        "high" => l.t(Msg::VolHigh),
        "player_chosen" => l.t(Msg::VolYourChoice),
        other => other,
    }
}

/// True for the games built into Croupier (the Originals): labelled as
/// demo content, as the demo sportsbook's fixtures are.
fn is_demo(provider: &str) -> bool {
    provider == "originals"
}

/// The badge of labelled demo content.
#[component]
fn DemoBadge() -> impl IntoView {
    let l = use_locale();
    view! {
        <span class="rounded-full border border-amber-400/40 bg-amber-400/10 px-2 py-0.5 text-[0.65rem] font-semibold uppercase tracking-wider text-amber-200" data-testid="demo-badge">
            {l.t(Msg::Demo)}
        </span>
    }
}

/// `/casino/{code}` for a game code (codes contain dots, never slashes).
pub fn game_href(code: &str) -> String {
    format!("/casino/{}", percent_encode(code))
}
