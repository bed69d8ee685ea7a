//! The casino vertical on the shared wallet: the game catalog (providers,
//! games, categories, RTP, volatility, tags, jurisdictions), game sessions
//! (a launch token per player and game, with an expiry), the
//! provider-neutral seamless-wallet operations every aggregator protocol
//! maps onto ([`Casino::bet`], [`Casino::win`], [`Casino::rollback`] with
//! the provider's transaction id as the idempotency key), and Croupier
//! Originals, the built-in provably-fair provider ([`originals`]).
//!
//! A protocol adapter (Hub88 in the server) implements
//! [`SeamlessWalletProtocol`]: it parses and authenticates the provider's
//! callbacks, calls these operations, and renders [`CallbackError`]s as the
//! provider's status codes. Money moves only through the wallet
//! ([`crate::wallet::casino`]), so a player's balance is one number across
//! sportsbook and casino.

pub mod health;
pub mod originals;

use chrono::{DateTime, TimeDelta, Utc};
use domain::money::{Currency, Money};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::compliance::ComplianceError;
use crate::wallet::WalletError;
use crate::wallet::casino::{ProviderOutcome, ProviderTransaction, ProviderTxKind};
use crate::{Engine, Principal, Role};
use entity::{casino_games, casino_sessions};

/// How long a game session token lets the player bet.
pub const SESSION_TTL_SECS: i64 = 4 * 3600;
/// Most games one catalog page lists.
pub const MAX_PAGE: u64 = 500;
/// Longest game code, provider, name or category accepted.
pub const MAX_CODE_CHARS: usize = 128;
/// Longest provider transaction id or round id accepted.
pub const MAX_TRANSACTION_ID_CHARS: usize = 128;
/// The provider code of Croupier Originals.
pub const ORIGINALS: &str = "originals";

fn checked_tags(tags: &[String]) -> Result<Vec<String>, CasinoError> {
    let tags: Vec<String> = tags.iter().map(|t| t.trim().to_lowercase()).collect();
    if tags
        .iter()
        .any(|t| t.is_empty() || t.contains(',') || t.len() > 32)
        || tags.len() > 20
    {
        return Err(CasinoError::validation(
            "tags",
            "At most 20 tags of 1 to 32 characters, without commas.",
        ));
    }
    Ok(tags)
}

fn checked_jurisdictions(codes: &[String]) -> Result<Vec<String>, CasinoError> {
    let codes: Vec<String> = codes.iter().map(|c| c.trim().to_uppercase()).collect();
    if codes.len() > 250
        || codes
            .iter()
            .any(|c| c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()))
    {
        return Err(CasinoError::validation(
            "jurisdictions",
            "Jurisdictions are ISO 3166-1 alpha-2 country codes.",
        ));
    }
    Ok(codes)
}

fn checked_rtp(rtp: &str) -> Result<String, CasinoError> {
    let value: rust_decimal::Decimal = rtp.trim().parse().map_err(|_| {
        CasinoError::validation("rtp", "The RTP is a decimal fraction such as 0.965.")
    })?;
    if value <= rust_decimal::Decimal::ZERO || value > rust_decimal::Decimal::ONE {
        return Err(CasinoError::validation(
            "rtp",
            "The RTP lies above 0 and at most 1.",
        ));
    }
    Ok(value.normalize().to_string())
}

fn checked_volatility(v: &str) -> Result<(), CasinoError> {
    if matches!(v, "low" | "medium" | "high") {
        Ok(())
    } else {
        Err(CasinoError::validation(
            "volatility",
            "Volatility is low, medium or high.",
        ))
    }
}

/// Failures of the catalog, sessions and originals, mapped to API codes.
#[derive(Debug, thiserror::Error)]
pub enum CasinoError {
    /// Unknown or disabled game, session or round (404 `not_found`).
    #[error("not found")]
    NotFound,
    /// The caller's role does not allow this (403 `forbidden`).
    #[error("forbidden")]
    Forbidden,
    /// The game exists already (409 `already_exists`).
    #[error("already exists")]
    AlreadyExists,
    /// Input failed validation (422 `validation_failed`).
    #[error("{field}: {message}")]
    Validation {
        /// The offending field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The free spins named have no round left for this game (used,
    /// expired, another game's or another player's: 422
    /// `free_spins_used`).
    #[error("no free spin left")]
    FreeSpinsUsed,
    /// Responsible gaming refuses play (403 `self_excluded`, 422 limits...).
    #[error(transparent)]
    Compliance(ComplianceError),
    /// A wallet failure (insufficient funds, idempotency...).
    #[error(transparent)]
    Wallet(WalletError),
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for CasinoError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

impl From<WalletError> for CasinoError {
    fn from(e: WalletError) -> Self {
        match e {
            WalletError::NotFound => Self::NotFound,
            WalletError::Unexpected(e) => Self::Unexpected(e),
            other => Self::Wallet(other),
        }
    }
}

impl CasinoError {
    /// A validation failure of `field`.
    pub fn validation(field: &str, message: &str) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// Why a provider callback is refused; protocol adapters render these as
/// their own status codes.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    /// Unknown token, or a token of another player.
    #[error("invalid token")]
    InvalidToken,
    /// The session expired (bets only).
    #[error("token expired")]
    TokenExpired,
    /// Unknown or disabled game.
    #[error("invalid game")]
    InvalidGame,
    /// The request's currency is not the wallet's.
    #[error("wrong currency")]
    WrongCurrency,
    /// The stake exceeds the balance; carries the real balance.
    #[error("not enough money")]
    NotEnoughMoney {
        /// Cash and bonus money now.
        balance: Money,
    },
    /// Self-excluded or timed out.
    #[error("user disabled")]
    UserDisabled,
    /// A wager or loss limit, a session limit or a reality check refuses.
    #[error("limit reached")]
    LimitReached,
    /// The transaction id was used with different content (or its bet was
    /// rolled back before it arrived).
    #[error("duplicate transaction")]
    DuplicateTransaction,
    /// A win for a bet that does not exist.
    #[error("transaction does not exist")]
    TransactionDoesNotExist,
    /// A value of the right type but outside what the wallet can hold.
    #[error("wrong types")]
    WrongTypes,
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for CallbackError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

/// A seamless-wallet protocol of a game aggregator: one implementation per
/// aggregator module. It names the provider code its transactions are
/// stored under and converts its wire amounts to wallet money exactly.
pub trait SeamlessWalletProtocol {
    /// Provider code (`hub88`): the scope of transaction ids and games.
    const PROVIDER: &'static str;

    /// The wire amount as money in `currency`; `None` when it is not
    /// representable exactly in minor units.
    fn to_money(wire: i64, currency: Currency) -> Option<Money>;

    /// Money as the wire amount.
    fn from_money(money: Money) -> Option<i64>;
}

/// A game in the lobby.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Game {
    /// Stable game code.
    pub game_code: String,
    /// Provider code.
    pub provider: String,
    /// Display name.
    pub name: String,
    /// Lobby category.
    pub category: String,
    /// RTP as a decimal string, when known.
    pub rtp: Option<String>,
    /// Volatility, when known.
    pub volatility: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Countries where it may be played; empty means everywhere.
    pub jurisdictions: Vec<String>,
    /// Shown and playable.
    pub enabled: bool,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl From<casino_games::Model> for Game {
    fn from(m: casino_games::Model) -> Self {
        Self {
            tags: split_list(&m.tags),
            jurisdictions: split_list(&m.jurisdictions),
            game_code: m.game_code,
            provider: m.provider,
            name: m.name,
            category: m.category,
            rtp: m.rtp,
            volatility: m.volatility,
            enabled: m.enabled,
        }
    }
}

/// A new catalog entry (admin).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGame {
    /// Provider code, e.g. `hub88`.
    pub provider: String,
    /// Game code.
    pub game_code: String,
    /// Display name.
    pub name: String,
    /// Lobby category.
    pub category: String,
    /// RTP as a decimal fraction string in (0, 1], e.g. `"0.965"`.
    pub rtp: Option<String>,
    /// `low`, `medium` or `high`.
    pub volatility: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// ISO country codes where the game may be played; empty: everywhere.
    pub jurisdictions: Vec<String>,
}

/// A change to a catalog entry (admin); `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameChange {
    /// Show and allow play, or hide and refuse new sessions and bets.
    pub enabled: Option<bool>,
    /// New jurisdictions (ISO alpha-2); empty: everywhere.
    pub jurisdictions: Option<Vec<String>>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New lobby category.
    pub category: Option<String>,
    /// New RTP, a decimal fraction string; empty clears it. Croupier
    /// Originals' RTPs follow from their maths and cannot be edited.
    pub rtp: Option<String>,
    /// New volatility (`low`, `medium`, `high`); empty clears it. Fixed
    /// for Croupier Originals, like the RTP.
    pub volatility: Option<String>,
}

/// Catalog filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GameFilter {
    /// Only this category.
    pub category: Option<String>,
    /// Only this provider.
    pub provider: Option<String>,
    /// Name or code contains this (case-insensitive).
    pub search: Option<String>,
    /// Only games playable in this country.
    pub country: Option<String>,
}

/// A launched game session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchedSession {
    /// The token the provider quotes on callbacks.
    pub token: String,
    /// Where the client opens the game.
    pub launch_url: String,
    /// When betting with it stops.
    pub expires_at: DateTime<Utc>,
}

/// What a provider learns about a player (user/info).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerInfo {
    /// The player.
    pub player_id: Uuid,
    /// Wallet currency.
    pub currency: Currency,
    /// What the player can stake: cash and bonus money.
    pub balance: Money,
    /// ISO country.
    pub country: String,
    /// Date of birth.
    pub date_of_birth: Option<String>,
    /// Registration time.
    pub registered_at: DateTime<Utc>,
}

/// A bet, win or rollback in wallet terms, after the adapter parsed it.
#[derive(Debug, Clone)]
pub struct Callback<'a> {
    /// The player (the provider's `user`).
    pub player: Uuid,
    /// The session token.
    pub token: &'a str,
    /// The provider's transaction id.
    pub transaction_uuid: &'a str,
    /// The provider's round id.
    pub round: &'a str,
    /// The game.
    pub game_code: &'a str,
    /// The currency the provider named.
    pub currency: &'a str,
    /// The wire amount (for fingerprints) and its money value.
    pub amount: Option<(i64, Money)>,
    /// The referenced transaction (win, rollback).
    pub reference: Option<&'a str>,
}

/// The casino bound to an engine.
pub struct Casino<'a> {
    engine: &'a Engine,
}

fn fingerprint(kind: ProviderTxKind, cb: &Callback<'_>) -> String {
    let canonical = serde_json::json!([
        kind.code(),
        cb.player,
        cb.amount.map(|a| a.0),
        cb.currency,
        cb.round,
        cb.game_code,
        cb.reference,
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

fn check_len(field: &str, value: &str, max: usize) -> Result<(), CasinoError> {
    let n = value.chars().count();
    if value.trim().is_empty() || n > max {
        return Err(CasinoError::validation(
            field,
            &format!("Give 1 to {max} characters."),
        ));
    }
    Ok(())
}

impl<'a> Casino<'a> {
    /// The casino of `engine`.
    pub fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The catalog, enabled games only, by provider then name.
    pub async fn games(&self, filter: &GameFilter) -> Result<Vec<Game>, CasinoError> {
        let mut q = casino_games::Entity::find().filter(casino_games::Column::Enabled.eq(true));
        if let Some(category) = filter.category.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(casino_games::Column::Category.eq(category));
        }
        if let Some(provider) = filter.provider.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(casino_games::Column::Provider.eq(provider));
        }
        let rows = q
            .order_by_asc(casino_games::Column::Provider)
            .order_by_asc(casino_games::Column::Name)
            .limit(MAX_PAGE)
            .all(self.engine.db())
            .await?;
        let search = filter
            .search
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
        let country = filter.country.as_deref().map(str::to_uppercase);
        Ok(rows
            .into_iter()
            .map(Game::from)
            .filter(|g| {
                search.as_deref().is_none_or(|s| {
                    g.name.to_lowercase().contains(s) || g.game_code.to_lowercase().contains(s)
                })
            })
            .filter(|g| {
                country.as_deref().is_none_or(|c| {
                    g.jurisdictions.is_empty() || g.jurisdictions.iter().any(|j| j == c)
                })
            })
            .collect())
    }

    /// The catalog as `viewer` may play it: with a player, only games
    /// allowed in the player's country.
    pub async fn games_for(
        &self,
        viewer: Option<&Principal>,
        mut filter: GameFilter,
    ) -> Result<Vec<Game>, CasinoError> {
        if let Some(viewer) = viewer.filter(|p| p.has(Role::Player))
            && let Some(user) = entity::users::Entity::find_by_id(viewer.user_id)
                .one(self.engine.db())
                .await?
        {
            filter.country = Some(user.country);
        }
        self.games(&filter).await
    }

    /// One game (enabled or not).
    pub async fn game(&self, game_code: &str) -> Result<Game, CasinoError> {
        casino_games::Entity::find_by_id(game_code.to_owned())
            .one(self.engine.db())
            .await?
            .map(Game::from)
            .ok_or(CasinoError::NotFound)
    }

    /// Adds a game to the catalog (admin), audited.
    pub async fn add_game(&self, actor: &Principal, game: NewGame) -> Result<Game, CasinoError> {
        actor
            .require(&[Role::Admin])
            .map_err(|_| CasinoError::Forbidden)?;
        check_len("provider", &game.provider, 64)?;
        check_len("game_code", &game.game_code, MAX_CODE_CHARS)?;
        check_len("name", &game.name, 200)?;
        check_len("category", &game.category, 32)?;
        if game.provider == ORIGINALS {
            return Err(CasinoError::validation(
                "provider",
                "Croupier Originals games are built in.",
            ));
        }
        let rtp = game.rtp.as_deref().map(checked_rtp).transpose()?;
        if let Some(v) = game.volatility.as_deref() {
            checked_volatility(v)?;
        }
        let tags = checked_tags(&game.tags)?;
        let jurisdictions = checked_jurisdictions(&game.jurisdictions)?;
        let txn = crate::db::begin_write(self.engine.db()).await?;
        if casino_games::Entity::find_by_id(game.game_code.clone())
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(CasinoError::AlreadyExists);
        }
        let now = self.engine.now();
        let row = casino_games::ActiveModel {
            game_code: Set(game.game_code.clone()),
            provider: Set(game.provider.trim().to_owned()),
            name: Set(game.name.trim().to_owned()),
            category: Set(game.category.trim().to_lowercase()),
            rtp: Set(rtp),
            volatility: Set(game.volatility.clone()),
            tags: Set(tags.join(",")),
            jurisdictions: Set(jurisdictions.join(",")),
            enabled: Set(true),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "casino.game_added",
            &format!("game:{}", row.game_code),
            serde_json::json!({ "provider": row.provider, "name": row.name }),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Every game, enabled or not, for the back office (admin).
    pub async fn all_games(&self, actor: &Principal) -> Result<Vec<Game>, CasinoError> {
        actor
            .require(&[Role::Admin])
            .map_err(|_| CasinoError::Forbidden)?;
        Ok(casino_games::Entity::find()
            .order_by_asc(casino_games::Column::Provider)
            .order_by_asc(casino_games::Column::Name)
            .limit(MAX_PAGE)
            .all(self.engine.db())
            .await?
            .into_iter()
            .map(Game::from)
            .collect())
    }

    /// Changes a game's availability, jurisdictions, tags, category, RTP or
    /// volatility (admin), audited. A disabled game refuses new sessions and
    /// bets; wins and rollbacks of rounds already played still land.
    pub async fn change_game(
        &self,
        actor: &Principal,
        game_code: &str,
        change: GameChange,
    ) -> Result<Game, CasinoError> {
        actor
            .require(&[Role::Admin])
            .map_err(|_| CasinoError::Forbidden)?;
        let tags = change.tags.as_deref().map(checked_tags).transpose()?;
        let jurisdictions = change
            .jurisdictions
            .as_deref()
            .map(checked_jurisdictions)
            .transpose()?;
        let category = match change.category.as_deref().map(str::trim) {
            Some(c) => {
                check_len("category", c, 32)?;
                Some(c.to_lowercase())
            }
            None => None,
        };
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = casino_games::Entity::find_by_id(game_code.to_owned())
            .one(&txn)
            .await?
            .ok_or(CasinoError::NotFound)?;
        let originals = row.provider == ORIGINALS;
        // `Some(None)` clears the value. A value sent back unchanged is no
        // change (the back-office form sends every field).
        let rtp = match change.rtp.as_deref().map(str::trim) {
            None => None,
            Some(r) if Some(r) == row.rtp.as_deref() => None,
            Some(_) if originals => {
                return Err(CasinoError::validation(
                    "rtp",
                    "Croupier Originals RTPs follow from the games' maths.",
                ));
            }
            Some("") => Some(None),
            Some(r) => Some(Some(checked_rtp(r)?)),
        };
        let volatility = match change.volatility.as_deref().map(str::trim) {
            None => None,
            Some(v) if Some(v) == row.volatility.as_deref() => None,
            Some(_) if originals => {
                return Err(CasinoError::validation(
                    "volatility",
                    "Croupier Originals volatility follows from the games' maths.",
                ));
            }
            Some("") => Some(None),
            Some(v) => {
                checked_volatility(v)?;
                Some(Some(v.to_owned()))
            }
        };
        let mut active: casino_games::ActiveModel = row.into();
        if let Some(category) = &category {
            active.category = Set(category.clone());
        }
        if let Some(rtp) = &rtp {
            active.rtp = Set(rtp.clone());
        }
        if let Some(volatility) = &volatility {
            active.volatility = Set(volatility.clone());
        }
        if let Some(enabled) = change.enabled {
            active.enabled = Set(enabled);
        }
        if let Some(tags) = &tags {
            active.tags = Set(tags.join(","));
        }
        if let Some(codes) = &jurisdictions {
            active.jurisdictions = Set(codes.join(","));
        }
        let row = active.update(&txn).await?;
        crate::audit::record(
            &txn,
            self.engine.now(),
            Some(actor.user_id),
            "casino.game_changed",
            &format!("game:{game_code}"),
            serde_json::json!({
                "enabled": change.enabled,
                "tags": tags,
                "jurisdictions": jurisdictions,
                "category": category,
                "rtp": rtp,
                "volatility": volatility,
            }),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Opens a game session for the calling player: the game must exist,
    /// be enabled and be allowed in the player's country; a self-excluded
    /// player is refused.
    pub async fn create_session(
        &self,
        principal: &Principal,
        game_code: &str,
    ) -> Result<LaunchedSession, CasinoError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| CasinoError::Forbidden)?;
        let now = self.engine.now();
        let game = self.game(game_code).await?;
        if !game.enabled {
            return Err(CasinoError::NotFound);
        }
        self.engine
            .compliance()
            .ensure_not_excluded(principal.user_id, now)
            .await
            .map_err(CasinoError::Compliance)?;
        let user = entity::users::Entity::find_by_id(principal.user_id)
            .one(self.engine.db())
            .await?
            .ok_or(CasinoError::NotFound)?;
        if !game.jurisdictions.is_empty() && !game.jurisdictions.contains(&user.country) {
            return Err(CasinoError::NotFound);
        }
        let token = hex::encode(rand::random::<[u8; 32]>());
        let expires_at = now + TimeDelta::seconds(SESSION_TTL_SECS);
        casino_sessions::ActiveModel {
            token: Set(token.clone()),
            player_id: Set(principal.user_id),
            auth_session_id: Set(principal.session_id),
            game_code: Set(game.game_code.clone()),
            provider: Set(game.provider.clone()),
            created_at: Set(now),
            expires_at: Set(expires_at),
        }
        .insert(self.engine.db())
        .await?;
        let launch_url = if game.provider == ORIGINALS {
            format!("/casino/originals/{}?token={token}", game.game_code)
        } else {
            format!("/casino/play/{}?token={token}", game.game_code)
        };
        Ok(LaunchedSession {
            token,
            launch_url,
            expires_at,
        })
    }

    async fn session(&self, token: &str) -> Result<Option<casino_sessions::Model>, CallbackError> {
        if token.is_empty() || token.len() > 64 {
            return Ok(None);
        }
        Ok(casino_sessions::Entity::find_by_id(token.to_owned())
            .one(self.engine.db())
            .await?)
    }

    /// The player behind a provider's `user` field, with balance
    /// (user/info, user/balance).
    pub async fn player_info(&self, player: Uuid) -> Result<PlayerInfo, CallbackError> {
        let user = entity::users::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?
            .filter(|u| u.roles.contains(Role::Player.code()))
            .ok_or(CallbackError::InvalidToken)?;
        let balances = self
            .engine
            .wallet()
            .balances(player)
            .await
            .map_err(|e| CallbackError::Unexpected(anyhow::anyhow!("balances: {e}")))?;
        Ok(PlayerInfo {
            player_id: player,
            currency: balances.currency,
            balance: balances.playable(),
            country: user.country,
            date_of_birth: user.date_of_birth.map(|d| d.to_string()),
            registered_at: user.created_at,
        })
    }

    /// The balance for a session (user/balance): the token must belong to
    /// the player; an expired token still reads the balance.
    pub async fn balance(&self, player: Uuid, token: &str) -> Result<PlayerInfo, CallbackError> {
        let session = self
            .session(token)
            .await?
            .ok_or(CallbackError::InvalidToken)?;
        if session.player_id != player {
            return Err(CallbackError::InvalidToken);
        }
        self.player_info(player).await
    }

    fn wallet_amount(info: &PlayerInfo, cb: &Callback<'_>) -> Result<Money, CallbackError> {
        if cb.currency != info.currency.code() {
            return Err(CallbackError::WrongCurrency);
        }
        match cb.amount {
            Some((_, money)) if money.currency() == info.currency && !money.is_negative() => {
                Ok(money)
            }
            Some(_) => Err(CallbackError::WrongTypes),
            None => Ok(Money::zero(info.currency)),
        }
    }

    async fn apply(
        &self,
        provider: &str,
        kind: ProviderTxKind,
        cb: &Callback<'_>,
        amount: Money,
    ) -> Result<Money, CallbackError> {
        let answer = self
            .engine
            .wallet()
            .provider_transaction(&ProviderTransaction {
                provider,
                transaction_uuid: cb.transaction_uuid,
                kind,
                player: cb.player,
                game_code: cb.game_code,
                round: cb.round,
                amount,
                reference: cb.reference,
                fingerprint: fingerprint(kind, cb),
            })
            .await
            .map_err(|e| match e {
                WalletError::Unexpected(e) => CallbackError::Unexpected(e),
                WalletError::NotFound => CallbackError::InvalidToken,
                other => CallbackError::Unexpected(anyhow::anyhow!("{other}")),
            })?;
        match answer.outcome {
            ProviderOutcome::Applied | ProviderOutcome::Replayed => Ok(answer.balance),
            ProviderOutcome::Duplicate | ProviderOutcome::AlreadyRolledBack => {
                Err(CallbackError::DuplicateTransaction)
            }
            ProviderOutcome::UnknownReference => Err(CallbackError::TransactionDoesNotExist),
            ProviderOutcome::InsufficientFunds => Err(CallbackError::NotEnoughMoney {
                balance: answer.balance,
            }),
        }
    }

    fn check_ids(cb: &Callback<'_>) -> Result<(), CallbackError> {
        for value in [cb.transaction_uuid, cb.round, cb.game_code] {
            if value.is_empty() || value.chars().count() > MAX_TRANSACTION_ID_CHARS {
                return Err(CallbackError::WrongTypes);
            }
        }
        if cb
            .reference
            .is_some_and(|r| r.is_empty() || r.chars().count() > MAX_TRANSACTION_ID_CHARS)
        {
            return Err(CallbackError::WrongTypes);
        }
        Ok(())
    }

    /// A provider's bet: valid unexpired token of this player, known
    /// enabled game of the provider, the wallet's currency, responsible
    /// gaming allows it, then cash → house casino exactly once per
    /// transaction id. Returns the cash balance after.
    pub async fn bet(&self, provider: &str, cb: &Callback<'_>) -> Result<Money, CallbackError> {
        Self::check_ids(cb)?;
        let info = self.player_info(cb.player).await?;
        let session = self
            .session(cb.token)
            .await?
            .filter(|s| s.player_id == cb.player)
            .ok_or(CallbackError::InvalidToken)?;
        let amount = Self::wallet_amount(&info, cb)?;
        // A replay of a processed bet answers as before, whatever changed.
        if let Some(done) = self.processed(provider, cb.transaction_uuid).await? {
            if done.fingerprint == fingerprint(ProviderTxKind::Bet, cb) {
                return Ok(info.balance);
            }
            return Err(CallbackError::DuplicateTransaction);
        }
        let now = self.engine.now();
        if session.expires_at < now {
            return Err(CallbackError::TokenExpired);
        }
        let game = casino_games::Entity::find_by_id(cb.game_code.to_owned())
            .one(self.engine.db())
            .await?
            .filter(|g| g.enabled && g.provider == provider)
            .ok_or(CallbackError::InvalidGame)?;
        let _ = game;
        let principal = Principal {
            user_id: cb.player,
            session_id: session.auth_session_id,
            roles: vec![Role::Player],
        };
        if amount.is_positive() {
            self.engine
                .compliance()
                .check_play(&principal, amount, now)
                .await
                .map_err(|e| match e {
                    ComplianceError::SelfExcluded { .. } => CallbackError::UserDisabled,
                    ComplianceError::PlayLimitExceeded { .. }
                    | ComplianceError::SessionBreak { .. }
                    | ComplianceError::RealityCheckDue { .. } => CallbackError::LimitReached,
                    ComplianceError::NotFound => CallbackError::InvalidToken,
                    other => CallbackError::Unexpected(anyhow::anyhow!("play check: {other}")),
                })?;
        } else {
            self.engine
                .compliance()
                .ensure_not_excluded(cb.player, now)
                .await
                .map_err(|e| match e {
                    ComplianceError::SelfExcluded { .. } => CallbackError::UserDisabled,
                    other => CallbackError::Unexpected(anyhow::anyhow!("play check: {other}")),
                })?;
        }
        self.apply(provider, ProviderTxKind::Bet, cb, amount).await
    }

    /// A provider's win for an earlier bet: always accepted for a known
    /// bet (no token expiry, no responsible-gaming check); house casino →
    /// cash exactly once per transaction id.
    pub async fn win(&self, provider: &str, cb: &Callback<'_>) -> Result<Money, CallbackError> {
        Self::check_ids(cb)?;
        let info = self.player_info(cb.player).await?;
        let amount = Self::wallet_amount(&info, cb)?;
        if cb.reference.is_none() {
            return Err(CallbackError::TransactionDoesNotExist);
        }
        self.apply(provider, ProviderTxKind::Win, cb, amount).await
    }

    /// A provider's rollback: always accepted; compensates the referenced
    /// bet once; an unknown bet is recorded so that it is refused should it
    /// arrive later.
    pub async fn rollback(
        &self,
        provider: &str,
        cb: &Callback<'_>,
    ) -> Result<Money, CallbackError> {
        Self::check_ids(cb)?;
        let info = self.player_info(cb.player).await?;
        if cb.reference.is_none() {
            return Err(CallbackError::WrongTypes);
        }
        let amount = Money::zero(info.currency);
        self.apply(provider, ProviderTxKind::Rollback, cb, amount)
            .await
    }

    async fn processed(
        &self,
        provider: &str,
        transaction_uuid: &str,
    ) -> Result<Option<entity::casino_transactions::Model>, CallbackError> {
        Ok(entity::casino_transactions::Entity::find()
            .filter(
                Condition::all()
                    .add(entity::casino_transactions::Column::Provider.eq(provider))
                    .add(
                        entity::casino_transactions::Column::TransactionUuid
                            .eq(transaction_uuid.to_owned()),
                    ),
            )
            .one(self.engine.db())
            .await?)
    }
}
