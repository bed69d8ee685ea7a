//! Player sportsbook pages: `/sports` (sports, competitions, upcoming events
//! with their main market as odds buttons), `/sports/event/{id}` (every
//! market), and `/bets` (the player's open and settled bets with legs,
//! results and returns, and cash-out). Odds buttons feed the betslip drawer.
//!
//! Here: what the lobby and the event page share. Beside it: `lobby`,
//! `event`, `bets` (My bets) and `cash_out` (a bet's cash-out panel).

mod bets;
mod cash_out;
mod event;
mod lobby;

pub use bets::MyBets;
pub use event::SportsEvent;
pub(crate) use lobby::EventCard;
pub use lobby::SportsLobby;

use domain::betting::{MarketKind, Side};
use leptos::prelude::*;

use crate::api::sportsbook::Market;
use crate::i18n::{Locale, Msg, use_locale};

/// A readable market-kind label.
fn kind_label(locale: Locale, kind: MarketKind) -> &'static str {
    locale.t(match kind {
        MarketKind::MatchResult => Msg::MatchResult,
        MarketKind::Moneyline => Msg::Moneyline,
        MarketKind::Outright => Msg::Outright,
        MarketKind::AsianHandicap => Msg::AsianHandicap,
        MarketKind::Spread => Msg::Spread,
        MarketKind::Total => Msg::Total,
    })
}

/// The selection name with its line, for line markets (`Home -1.5`,
/// `Over 2.5`).
fn with_line(market: &Market, name: &str, side: Option<Side>) -> String {
    let Some(line) = market.line.as_deref() else {
        return name.to_owned();
    };
    let shown = match side {
        Some(Side::Away) => line
            .strip_prefix('-')
            .map(|l| format!("+{l}"))
            .unwrap_or_else(|| format!("-{}", line.trim_start_matches('+'))),
        Some(Side::Home) if !line.starts_with('-') && !line.starts_with('+') => format!("+{line}"),
        _ => line.to_owned(),
    };
    let shown = if shown == "+0" || shown == "-0" {
        "0".to_owned()
    } else {
        shown
    };
    format!("{name} {shown}")
}

/// The badge of labelled demo content.
#[component]
fn DemoBadge() -> impl IntoView {
    let l = use_locale();
    view! {
        <span class="rounded-full border border-amber-400/40 bg-amber-400/10 px-2 py-0.5 text-[0.65rem] font-semibold uppercase tracking-wider text-amber-200">
            {l.t(Msg::Demo)}
        </span>
    }
}
