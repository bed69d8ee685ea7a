//! Casino server functions: the lobby catalog, Croupier Originals rounds
//! with their provably-fair seeds, the round history and its verification,
//! and for admins the catalog editor and the game providers' callback
//! health. Thin adapters over `engine::casino`; failures a player can act
//! on (insufficient funds, limits, exclusions, reality checks) come back as
//! data with a stable code from [`crate::model::codes`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::wallet::WalletView;

/// Rounds listed in a game's history.
pub const HISTORY_ROUNDS: usize = 20;

/// A game as the lobby and the back office show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameCard {
    /// Stable game code.
    pub game_code: String,
    /// Provider code (`originals`, `hub88`, ...).
    pub provider: String,
    /// Display name.
    pub name: String,
    /// Lobby category.
    pub category: String,
    /// RTP as a decimal fraction string, when known.
    pub rtp: Option<String>,
    /// `low`, `medium`, `high`, `player_chosen`, when known.
    pub volatility: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Countries where it may be played; empty: everywhere.
    pub jurisdictions: Vec<String>,
    /// Shown and playable.
    pub enabled: bool,
}

/// The lobby: the filtered games and the filters on offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LobbyView {
    /// Games matching the filters, by provider then name.
    pub games: Vec<GameCard>,
    /// Every category the caller may see.
    pub categories: Vec<String>,
    /// Every provider the caller may see.
    pub providers: Vec<String>,
}

/// The player's provably-fair seed pair before the next round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedInfo {
    /// SHA-256 (hex) of the server seed the next round uses.
    pub commitment: String,
    /// The player's client seed.
    pub client_seed: String,
    /// The nonce of the next round.
    pub nonce: i64,
}

/// A played round with its fairness data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundInfo {
    /// Round id.
    pub round_id: String,
    /// Game code.
    pub game_code: String,
    /// Total stake.
    pub stake: String,
    /// Total win.
    pub win: String,
    /// Currency.
    pub currency: String,
    /// The game's result (reels, pocket, roll) as the domain stores it.
    pub result: serde_json::Value,
    /// Commitment shown before the round.
    pub commitment: String,
    /// The server seed, revealed.
    pub server_seed: String,
    /// The client seed.
    pub client_seed: String,
    /// The nonce.
    pub nonce: i64,
    /// RFC 3339.
    pub created_at: String,
    /// Cash right after the round.
    pub balance_after: String,
}

/// What playing a round answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlayOutcome {
    /// True when the round was played.
    pub ok: bool,
    /// Stable code on failure, e.g. `insufficient_funds`.
    pub code: Option<String>,
    /// For people.
    pub message: String,
    /// The round.
    pub round: Option<RoundInfo>,
    /// Balances right after.
    pub wallet: Option<WalletView>,
    /// The seed pair for the next round.
    pub seeds: Option<SeedInfo>,
}

/// What changing the client seed answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedOutcome {
    /// True when changed.
    pub ok: bool,
    /// For people.
    pub message: String,
    /// The new pair.
    pub seeds: Option<SeedInfo>,
}

/// A round re-run from its revealed seeds on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyInfo {
    /// The round.
    pub round_id: String,
    /// SHA-256 of the revealed server seed equals the commitment.
    pub commitment_matches: bool,
    /// Replaying the round gives the stored result.
    pub result_matches: bool,
    /// The commitment shown before the round.
    pub commitment: String,
    /// The revealed seed.
    pub server_seed: String,
    /// The client seed.
    pub client_seed: String,
    /// The nonce.
    pub nonce: i64,
}

/// What an admin's catalog change answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogOutcome {
    /// True when saved.
    pub ok: bool,
    /// For people.
    pub message: String,
    /// The game as saved.
    pub game: Option<GameCard>,
}

/// One provider's callback health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderHealthView {
    /// Provider code.
    pub provider: String,
    /// Callbacks answered since the server started.
    pub callbacks: u64,
    /// Answered OK.
    pub ok: u64,
    /// Refused for the player's sake.
    pub refused: u64,
    /// Answered with an error status.
    pub errors: u64,
    /// Fields outside the protocol.
    pub unknown_fields: u64,
    /// Requests missing a required field.
    pub missing_fields: u64,
    /// Requests with wrongly typed fields.
    pub wrong_types: u64,
    /// Bodies that were not JSON objects.
    pub wrong_syntax: u64,
    /// Failed signatures.
    pub signature_failures: u64,
    /// (status code, count).
    pub by_status: Vec<(String, u64)>,
    /// Error rate in basis points.
    pub error_rate_bp: u32,
    /// Above the threshold.
    pub alert: bool,
}

/// Every provider's health and the alert threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthView {
    /// Threshold in basis points.
    pub alert_error_rate_bp: u32,
    /// Providers.
    pub providers: Vec<ProviderHealthView>,
}

/// Basis points as a percentage with two decimals: `500` → `5.00`.
pub fn percent_bp(bp: u32) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// A fraction string as a percentage rounded to two decimals:
/// `"0.972972972973"` → `"97.30"`; `None` when it is not a plain decimal.
pub fn percent(fraction: &str) -> Option<String> {
    let (whole, part) = fraction.trim().split_once('.').unwrap_or((fraction, ""));
    if whole.is_empty()
        || !whole
            .chars()
            .chain(part.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let micro: u64 = format!("{:0<6}", part.chars().take(6).collect::<String>())
        .parse()
        .ok()?;
    // Millionths of the fraction → hundredths of a percent, rounded half up.
    let hundredths = (whole.checked_mul(1_000_000)? + micro + 50) / 100;
    Some(format!("{}.{:02}", hundredths / 100, hundredths % 100))
}

#[cfg(feature = "ssr")]
mod convert {
    use engine::casino::CasinoError;
    use engine::casino::originals::RoundView;
    use engine::compliance::ComplianceError;

    use super::{GameCard, PlayOutcome, RoundInfo};
    use crate::model::codes;

    pub fn card(g: engine::casino::Game) -> GameCard {
        GameCard {
            game_code: g.game_code,
            provider: g.provider,
            name: g.name,
            category: g.category,
            rtp: g.rtp,
            volatility: g.volatility,
            tags: g.tags,
            jurisdictions: g.jurisdictions,
            enabled: g.enabled,
        }
    }

    pub fn round(r: RoundView) -> RoundInfo {
        RoundInfo {
            round_id: r.round_id.to_string(),
            game_code: r.game_code,
            stake: r.stake,
            win: r.win,
            currency: r.currency,
            result: r.result,
            commitment: r.commitment,
            server_seed: r.server_seed,
            client_seed: r.client_seed,
            nonce: r.nonce,
            created_at: r.created_at,
            balance_after: r.balance_after,
        }
    }

    fn failure(code: &str, message: impl Into<String>) -> PlayOutcome {
        PlayOutcome {
            code: Some(code.to_owned()),
            message: message.into(),
            ..PlayOutcome::default()
        }
    }

    /// A refused round as the game page shows it.
    pub fn refused(e: CasinoError) -> PlayOutcome {
        use engine::WalletError;
        match e {
            CasinoError::Wallet(WalletError::InsufficientFunds) => failure(
                codes::INSUFFICIENT_FUNDS,
                "Not enough cash for this stake. Deposit in your wallet or lower the stake.",
            ),
            CasinoError::Wallet(WalletError::Conflict) => failure(
                codes::CONFLICT,
                "Another round is in progress. Please try again.",
            ),
            CasinoError::Compliance(ComplianceError::SelfExcluded { until }) => failure(
                codes::SELF_EXCLUDED,
                match until {
                    Some(until) => format!(
                        "You have excluded yourself from gambling until {} UTC.",
                        until.format("%Y-%m-%d %H:%M")
                    ),
                    None => "You have excluded yourself from gambling.".to_owned(),
                },
            ),
            CasinoError::Compliance(ComplianceError::PlayLimitExceeded {
                kind,
                period,
                remaining,
            }) => failure(
                if kind == domain::compliance::LimitKind::Loss {
                    codes::LOSS_LIMIT_EXCEEDED
                } else {
                    codes::WAGER_LIMIT_EXCEEDED
                },
                format!(
                    "This stake would exceed your {kind} limit per {period}; {} {} remains.",
                    remaining.format_amount(),
                    remaining.currency()
                ),
            ),
            CasinoError::Compliance(ComplianceError::SessionBreak { until }) => failure(
                codes::SESSION_BREAK,
                format!(
                    "Your session limit was reached; play resumes at {} UTC.",
                    until.format("%H:%M")
                ),
            ),
            CasinoError::Compliance(ComplianceError::RealityCheckDue { .. }) => failure(
                codes::REALITY_CHECK_DUE,
                "Time for a reality check: acknowledge it to keep playing.",
            ),
            CasinoError::Compliance(ComplianceError::KycRequired) => {
                failure(codes::KYC_REQUIRED, "Verify your identity before playing.")
            }
            CasinoError::Validation { message, .. } => {
                failure(codes::VALIDATION_FAILED, capitalised(&message))
            }
            CasinoError::NotFound => failure(codes::NOT_FOUND, "This game is not available."),
            CasinoError::Forbidden => failure(codes::FORBIDDEN, "Only player accounts can play."),
            other => {
                leptos::logging::error!("casino round: {other:#}");
                failure(
                    codes::INTERNAL,
                    "Something went wrong on our side. Please try again.",
                )
            }
        }
    }

    /// The engine's messages start lower-case (they follow a field name).
    pub fn capitalised(s: &str) -> String {
        let mut chars = s.chars();
        let mut out: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        out.push_str(chars.as_str());
        if !out.ends_with('.') {
            out.push('.');
        }
        out
    }
}

/// The lobby for the caller (players see the games of their country),
/// filtered by `category`, `provider` and a `search` in names and codes.
#[server(prefix = "/rpc", endpoint = "casino_lobby")]
pub async fn casino_lobby(
    #[server(default)] category: String,
    #[server(default)] provider: String,
    #[server(default)] search: String,
) -> Result<LobbyView, ServerFnError> {
    use engine::casino::GameFilter;

    let engine = super::server::engine()?;
    let principal = super::server::principal(&engine).await?;
    let casino = engine.casino();
    let every = casino
        .games_for(principal.as_ref(), GameFilter::default())
        .await
        .map_err(|e| super::server::internal("loading the lobby", e))?;
    let mut categories: Vec<String> = every.iter().map(|g| g.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let mut providers: Vec<String> = every.iter().map(|g| g.provider.clone()).collect();
    providers.sort();
    providers.dedup();
    let nonempty = |s: String| {
        let s = s.trim().chars().take(128).collect::<String>();
        (!s.is_empty()).then_some(s)
    };
    let games = casino
        .games_for(
            principal.as_ref(),
            GameFilter {
                category: nonempty(category),
                provider: nonempty(provider),
                search: nonempty(search),
                country: None,
            },
        )
        .await
        .map_err(|e| super::server::internal("loading the lobby", e))?;
    Ok(LobbyView {
        games: games.into_iter().map(convert::card).collect(),
        categories,
        providers,
    })
}

/// One enabled game the caller may see, or `None`.
#[server(prefix = "/rpc", endpoint = "casino_game")]
pub async fn casino_game(game_code: String) -> Result<Option<GameCard>, ServerFnError> {
    use engine::casino::CasinoError;

    let engine = super::server::engine()?;
    let principal = super::server::principal(&engine).await?;
    let game = match engine.casino().game(&game_code).await {
        Ok(g) => g,
        Err(CasinoError::NotFound) => return Ok(None),
        Err(e) => return Err(super::server::internal("loading a game", e)),
    };
    if !game.enabled {
        return Ok(None);
    }
    // Players only see games allowed in their country, as in the lobby.
    let visible = engine
        .casino()
        .games_for(
            principal.as_ref(),
            engine::casino::GameFilter {
                provider: Some(game.provider.clone()),
                category: Some(game.category.clone()),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| super::server::internal("loading a game", e))?
        .into_iter()
        .any(|g| g.game_code == game.game_code);
    Ok(visible.then(|| convert::card(game)))
}

/// The signed-in player's seed pair; `None` when signed out or staff.
#[server(prefix = "/rpc", endpoint = "casino_seeds")]
pub async fn casino_seeds() -> Result<Option<SeedInfo>, ServerFnError> {
    let engine = super::server::engine()?;
    let Some(principal) = super::server::principal(&engine).await? else {
        return Ok(None);
    };
    if !principal.has(engine::Role::Player) {
        return Ok(None);
    }
    let s = engine
        .casino()
        .seed_view(&principal)
        .await
        .map_err(|e| super::server::internal("loading seeds", e))?;
    Ok(Some(SeedInfo {
        commitment: s.commitment,
        client_seed: s.client_seed,
        nonce: s.nonce,
    }))
}

/// Sets the player's client seed (the server seed rotates with it).
#[server(prefix = "/rpc", endpoint = "casino_set_seed")]
pub async fn casino_set_seed(client_seed: String) -> Result<SeedOutcome, ServerFnError> {
    use engine::casino::CasinoError;

    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    Ok(
        match engine
            .casino()
            .set_client_seed(&principal, client_seed.trim())
            .await
        {
            Ok(s) => SeedOutcome {
                ok: true,
                message: "Client seed saved. A new server seed was committed.".to_owned(),
                seeds: Some(SeedInfo {
                    commitment: s.commitment,
                    client_seed: s.client_seed,
                    nonce: s.nonce,
                }),
            },
            Err(CasinoError::Validation { message, .. }) => SeedOutcome {
                ok: false,
                message: convert::capitalised(&message),
                seeds: None,
            },
            Err(e) => return Err(super::server::internal("setting a client seed", e)),
        },
    )
}

/// Plays one round of `game` (`slot`, `roulette`, `dice`) for the caller.
/// Slot and dice take `stake`; dice also `direction` (`under`/`over`) and
/// `target` (`"49.50"`); roulette takes `wagers`, a JSON list of
/// `{"bet": {"kind": "red"}, "stake": "1.00"}`.
#[server(prefix = "/rpc", endpoint = "casino_play")]
pub async fn casino_play(
    game: String,
    #[server(default)] stake: String,
    #[server(default)] direction: String,
    #[server(default)] target: String,
    #[server(default)] wagers: String,
) -> Result<PlayOutcome, ServerFnError> {
    use domain::casino::{DiceBet, RouletteBetSpec};
    use domain::money::Money;
    use engine::casino::originals::OriginalsBet;

    use crate::model::codes;

    /// Wagers one round takes, as the domain allows.
    const MAX_WAGERS: usize = domain::casino::MAX_ROULETTE_BETS;

    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let invalid = |message: &str| PlayOutcome {
        code: Some(codes::VALIDATION_FAILED.to_owned()),
        message: message.to_owned(),
        ..PlayOutcome::default()
    };
    let currency = match engine.wallet().currency(principal.user_id).await {
        Ok(c) => c,
        Err(e) => return Err(super::server::internal("reading the wallet currency", e)),
    };
    let money = |s: &str| {
        Money::parse_positive(s.trim(), currency)
            .map_err(|e| Box::new(invalid(&format!("Stake: {e}."))))
    };
    let bet = match game.as_str() {
        "slot" => match money(&stake) {
            Ok(stake) => OriginalsBet::Slot { stake },
            Err(o) => return Ok(*o),
        },
        "dice" => {
            let bet: DiceBet = match serde_json::from_value(
                serde_json::json!({ "direction": direction.trim(), "target": target.trim() }),
            ) {
                Ok(b) => b,
                Err(_) => {
                    return Ok(invalid(
                        "Choose under or over and a target with at most 2 decimals whose chance to win is 1% to 98%.",
                    ));
                }
            };
            match money(&stake) {
                Ok(stake) => OriginalsBet::Dice { bet, stake },
                Err(o) => return Ok(*o),
            }
        }
        "roulette" => {
            #[derive(serde::Deserialize)]
            struct Wager {
                bet: RouletteBetSpec,
                stake: String,
            }
            let list: Vec<Wager> = match serde_json::from_str(&wagers) {
                Ok(l) => l,
                Err(_) => return Ok(invalid("Place at least one bet on the table.")),
            };
            if list.is_empty() || list.len() > MAX_WAGERS {
                return Ok(invalid("Place 1 to 100 bets on the table."));
            }
            let mut out = Vec::with_capacity(list.len());
            for w in list {
                match money(&w.stake) {
                    Ok(m) => out.push((w.bet, m)),
                    Err(o) => return Ok(*o),
                }
            }
            OriginalsBet::Roulette { wagers: out }
        }
        _ => return Ok(invalid("Unknown game.")),
    };
    let round = match engine.casino().play_originals(&principal, &bet, None).await {
        Ok(r) => r,
        Err(e) => return Ok(convert::refused(e)),
    };
    let wallet = engine
        .wallet()
        .balances(principal.user_id)
        .await
        .ok()
        .map(|b| WalletView {
            player_id: principal.user_id.to_string(),
            currency: b.currency.code().to_owned(),
            cash: b.cash.format_amount(),
            bonus: b.bonus.format_amount(),
            reserved: b.reserved.format_amount(),
        });
    let seeds = engine
        .casino()
        .seed_view(&principal)
        .await
        .ok()
        .map(|s| SeedInfo {
            commitment: s.commitment,
            client_seed: s.client_seed,
            nonce: s.nonce,
        });
    Ok(PlayOutcome {
        ok: true,
        code: None,
        message: String::new(),
        round: Some(convert::round(round)),
        wallet,
        seeds,
    })
}

/// The caller's latest [`HISTORY_ROUNDS`] rounds of `game_code` (all games
/// when empty), newest first.
#[server(prefix = "/rpc", endpoint = "casino_rounds")]
pub async fn casino_rounds(
    #[server(default)] game_code: String,
) -> Result<Vec<RoundInfo>, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let rounds = engine
        .casino()
        .rounds(&principal, engine::casino::originals::MAX_ROUNDS_PAGE, None)
        .await
        .map_err(|e| super::server::internal("loading rounds", e))?;
    Ok(rounds
        .items
        .into_iter()
        .filter(|r| game_code.is_empty() || r.game_code == game_code)
        .take(HISTORY_ROUNDS)
        .map(convert::round)
        .collect())
}

/// Re-runs one of the caller's rounds from its revealed seeds; `None` for
/// an unknown round or another player's.
#[server(prefix = "/rpc", endpoint = "casino_verify")]
pub async fn casino_verify(round_id: String) -> Result<Option<VerifyInfo>, ServerFnError> {
    use engine::casino::CasinoError;

    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let Ok(id) = uuid::Uuid::parse_str(round_id.trim()) else {
        return Ok(None);
    };
    match engine.casino().verify_round(&principal, id).await {
        Ok(v) => Ok(Some(VerifyInfo {
            round_id: v.round.round_id.to_string(),
            commitment_matches: v.commitment_matches,
            result_matches: v.result_matches,
            commitment: v.round.commitment,
            server_seed: v.round.server_seed,
            client_seed: v.round.client_seed,
            nonce: v.round.nonce,
        })),
        Err(CasinoError::NotFound) => Ok(None),
        Err(e) => Err(super::server::internal("verifying a round", e)),
    }
}

/// Every game, enabled or not (admin).
#[server(prefix = "/rpc", endpoint = "admin_casino_games")]
pub async fn admin_casino_games() -> Result<Vec<GameCard>, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    Ok(engine
        .casino()
        .all_games(&actor)
        .await
        .map_err(|e| super::server::internal("loading the catalog", e))?
        .into_iter()
        .map(convert::card)
        .collect())
}

/// Saves an admin's edit of one game: `enabled` (`on` when ticked), the
/// category, RTP (fraction, empty clears), volatility (empty clears), and
/// comma-separated tags and jurisdictions (ISO codes; empty: everywhere).
#[server(prefix = "/rpc", endpoint = "admin_update_game")]
pub async fn admin_update_game(
    game_code: String,
    #[server(default)] enabled: Option<String>,
    #[server(default)] category: String,
    #[server(default)] rtp: String,
    #[server(default)] volatility: String,
    #[server(default)] tags: String,
    #[server(default)] jurisdictions: String,
) -> Result<CatalogOutcome, ServerFnError> {
    use engine::casino::{CasinoError, GameChange};

    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let list = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let change = GameChange {
        enabled: Some(enabled.is_some_and(|v| !v.is_empty())),
        jurisdictions: Some(list(&jurisdictions)),
        tags: Some(list(&tags)),
        category: Some(category),
        rtp: Some(rtp),
        volatility: Some(volatility),
    };
    Ok(
        match engine
            .casino()
            .change_game(&actor, &game_code, change)
            .await
        {
            Ok(g) => CatalogOutcome {
                ok: true,
                message: format!("{} saved.", g.name),
                game: Some(convert::card(g)),
            },
            Err(CasinoError::Validation { field, message }) => CatalogOutcome {
                ok: false,
                message: format!("{}: {}", field, convert::capitalised(&message)),
                game: None,
            },
            Err(CasinoError::NotFound) => CatalogOutcome {
                ok: false,
                message: "No such game.".to_owned(),
                game: None,
            },
            Err(e) => return Err(super::server::internal("changing a game", e)),
        },
    )
}

#[cfg(feature = "ssr")]
fn health_view(r: engine::casino::health::HealthReport) -> HealthView {
    HealthView {
        alert_error_rate_bp: r.alert_error_rate_bp,
        providers: r
            .providers
            .into_iter()
            .map(|p| ProviderHealthView {
                provider: p.provider,
                callbacks: p.counts.callbacks,
                ok: p.counts.ok,
                refused: p.counts.refused,
                errors: p.counts.errors,
                unknown_fields: p.counts.unknown_fields,
                missing_fields: p.counts.missing_fields,
                wrong_types: p.counts.wrong_types,
                wrong_syntax: p.counts.wrong_syntax,
                signature_failures: p.counts.signature_failures,
                by_status: p.counts.by_status.into_iter().collect(),
                error_rate_bp: p.error_rate_bp,
                alert: p.alert,
            })
            .collect(),
    }
}

/// The game providers' callback health since the server started (admin).
#[server(prefix = "/rpc", endpoint = "provider_health")]
pub async fn provider_health() -> Result<HealthView, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    engine
        .casino()
        .provider_health(&actor)
        .map(health_view)
        .map_err(|e| super::server::internal("loading provider health", e))
}

/// Basis points from a percentage with at most 2 decimals (`"5"`,
/// `"2.5"`); `None` outside (0, 100].
pub fn percent_to_bp(percent: &str) -> Option<u32> {
    let p = percent.trim().trim_end_matches('%').trim();
    let (whole, part) = p.split_once('.').unwrap_or((p, ""));
    if whole.is_empty()
        || whole.len() > 3
        || part.len() > 2
        || !whole
            .chars()
            .chain(part.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let bp = whole.parse::<u32>().ok()? * 100 + format!("{part:0<2}").parse::<u32>().ok()?;
    (1..=10_000).contains(&bp).then_some(bp)
}

/// Sets the error-rate alert threshold, a percentage (admin, audited).
#[server(prefix = "/rpc", endpoint = "set_provider_alert")]
pub async fn set_provider_alert(percent: String) -> Result<CatalogOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let Some(bp) = percent_to_bp(&percent) else {
        return Ok(CatalogOutcome {
            ok: false,
            message: "Give a percentage above 0 and at most 100, with at most 2 decimals."
                .to_owned(),
            game: None,
        });
    };
    engine
        .casino()
        .set_alert_threshold(&actor, bp)
        .await
        .map_err(|e| super::server::internal("setting the alert threshold", e))?;
    Ok(CatalogOutcome {
        ok: true,
        message: format!("Alert threshold set to {} %.", percent_bp(bp)),
        game: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtps_show_as_percentages_with_two_decimals() {
        assert_eq!(percent("0.972972972973").as_deref(), Some("97.30"));
        assert_eq!(percent("0.99").as_deref(), Some("99.00"));
        assert_eq!(percent("1").as_deref(), Some("100.00"));
        assert_eq!(percent("0.96125").as_deref(), Some("96.13"));
        assert_eq!(percent("x"), None);
    }

    #[test]
    fn thresholds_are_percentages_above_zero_up_to_a_hundred() {
        assert_eq!(percent_to_bp("5"), Some(500));
        assert_eq!(percent_to_bp("2.5 %"), Some(250));
        assert_eq!(percent_to_bp("100"), Some(10_000));
        assert_eq!(percent_to_bp("0"), None);
        assert_eq!(percent_to_bp("100.01"), None);
        assert_eq!(percent_to_bp("1.234"), None);
        assert_eq!(percent_bp(250), "2.50");
    }
}
