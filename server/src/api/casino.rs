//! The casino over HTTP: the lobby catalog, game sessions (launch tokens
//! for providers), the admin catalog, and Croupier Originals: the
//! provably-fair seed pair, rounds of the slot, roulette and dice, the
//! round history and the data to verify a round.
//!
//! Playing a round moves money, so it accepts an `Idempotency-Key` (1–255
//! characters, per user): a repeat with the same key and body returns the
//! first round and plays nothing.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use domain::casino::{DiceBet, RouletteBetSpec};
use domain::money::{Currency, Money};
use engine::casino::originals::{OriginalsBet, RoundView, SeedView, Verification};
use engine::casino::{CasinoError, Game, GameChange, GameFilter, NewGame};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Admins, ApiJson, ApiQuery, Authorized, Caller, MaybeCaller, Players};
use super::wallet::idempotency;
use crate::state::AppState;

impl From<CasinoError> for ApiError {
    fn from(e: CasinoError) -> Self {
        match e {
            CasinoError::NotFound => ApiError::not_found(),
            CasinoError::Forbidden => ApiError::forbidden(),
            CasinoError::AlreadyExists => ApiError::new(
                StatusCode::CONFLICT,
                "already_exists",
                "A game with this code exists already.",
            ),
            CasinoError::Validation { field, message } => ApiError::validation(&field, &message),
            CasinoError::Compliance(e) => e.into(),
            CasinoError::Wallet(e) => super::wallet::stake_error(e),
            CasinoError::FreeSpinsUsed => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "free_spins_used",
                "These free spins have no round left for this game.",
            ),
            CasinoError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}

/// One game of the catalog.
#[derive(Serialize, ToSchema)]
pub struct GameResponse {
    /// Game code.
    pub game_code: String,
    /// Provider code (`originals`, `hub88`, ...).
    pub provider: String,
    /// Display name.
    pub name: String,
    /// Lobby category.
    pub category: String,
    /// Return to player as a decimal string, when known.
    pub rtp: Option<String>,
    /// `low`, `medium`, `high` or `player_chosen`, when known.
    pub volatility: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Countries where it may be played; empty: everywhere.
    pub jurisdictions: Vec<String>,
    /// Shown and playable (always true in the lobby).
    pub enabled: bool,
}

impl From<Game> for GameResponse {
    fn from(g: Game) -> Self {
        Self {
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
}

/// The catalog.
#[derive(Serialize, ToSchema)]
pub struct GamesResponse {
    /// Games by provider, then name.
    pub items: Vec<GameResponse>,
}

/// Catalog filters.
#[derive(Deserialize, IntoParams)]
pub struct GamesQuery {
    /// Only this category.
    pub category: Option<String>,
    /// Only this provider.
    pub provider: Option<String>,
    /// Name or code contains this.
    pub search: Option<String>,
}

/// `GET /casino/games`: the enabled games; with a player's token, those
/// playable in the player's country.
#[utoipa::path(get, path = "/api/v1/casino/games", tag = "casino", params(GamesQuery),
    responses((status = 200, body = GamesResponse)))]
pub async fn games(
    State(state): State<AppState>,
    caller: MaybeCaller,
    ApiQuery(q): ApiQuery<GamesQuery>,
) -> ApiResult<Json<GamesResponse>> {
    let items = state
        .engine
        .casino()
        .games_for(
            caller.0.as_ref(),
            GameFilter {
                category: q.category,
                provider: q.provider,
                search: q.search,
                country: None,
            },
        )
        .await?;
    Ok(Json(GamesResponse {
        items: items.into_iter().map(GameResponse::from).collect(),
    }))
}

/// A new catalog entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGameBody {
    /// Provider code, e.g. `hub88`.
    pub provider: String,
    /// The provider's game code.
    pub game_code: String,
    /// Display name.
    pub name: String,
    /// Lobby category, e.g. `slots`, `live`, `table`.
    pub category: String,
    /// RTP, a decimal fraction string such as `"0.965"`.
    pub rtp: Option<String>,
    /// `low`, `medium` or `high`.
    pub volatility: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// ISO country codes where it may be played; empty: everywhere.
    #[serde(default)]
    pub jurisdictions: Vec<String>,
}

/// `POST /admin/casino/games` (admin): adds a provider's game.
#[utoipa::path(post, path = "/api/v1/admin/casino/games", tag = "casino", request_body = NewGameBody,
    security(("bearer" = [])),
    responses((status = 201, body = GameResponse), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_game(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewGameBody>,
) -> ApiResult<(StatusCode, Json<GameResponse>)> {
    let actor = &caller.0;
    let game = state
        .engine
        .casino()
        .add_game(
            actor,
            NewGame {
                provider: body.provider,
                game_code: body.game_code,
                name: body.name,
                category: body.category,
                rtp: body.rtp,
                volatility: body.volatility,
                tags: body.tags,
                jurisdictions: body.jurisdictions,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(game.into())))
}

/// `GET /admin/casino/games` (admin): every game, enabled or not.
#[utoipa::path(get, path = "/api/v1/admin/casino/games", tag = "casino",
    security(("bearer" = [])),
    responses((status = 200, body = GamesResponse), (status = 403, body = ErrorBody)))]
pub async fn admin_games(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
) -> ApiResult<Json<GamesResponse>> {
    let actor = &caller.0;
    let items = state.engine.casino().all_games(actor).await?;
    Ok(Json(GamesResponse {
        items: items.into_iter().map(GameResponse::from).collect(),
    }))
}

/// A change to a catalog entry; absent fields stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GameChangeBody {
    /// Show and allow play, or hide and refuse new sessions and bets.
    pub enabled: Option<bool>,
    /// ISO country codes where it may be played; empty: everywhere.
    pub jurisdictions: Option<Vec<String>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Lobby category.
    pub category: Option<String>,
    /// RTP, a decimal fraction string such as `"0.965"`; `""` clears it.
    /// Fixed for Croupier Originals.
    pub rtp: Option<String>,
    /// `low`, `medium` or `high`; `""` clears it. Fixed for Croupier
    /// Originals.
    pub volatility: Option<String>,
}

/// `PATCH /admin/casino/games/{game_code}` (admin): enables or disables a
/// game, sets its jurisdictions, tags, category, RTP or volatility.
#[utoipa::path(patch, path = "/api/v1/admin/casino/games/{game_code}", tag = "casino",
    params(("game_code" = String, Path, description = "Game code")),
    request_body = GameChangeBody, security(("bearer" = [])),
    responses((status = 200, body = GameResponse), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_game(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    Path(game_code): Path<String>,
    ApiJson(body): ApiJson<GameChangeBody>,
) -> ApiResult<Json<GameResponse>> {
    let actor = &caller.0;
    let game = state
        .engine
        .casino()
        .change_game(
            actor,
            &game_code,
            GameChange {
                enabled: body.enabled,
                jurisdictions: body.jurisdictions,
                tags: body.tags,
                category: body.category,
                rtp: body.rtp,
                volatility: body.volatility,
            },
        )
        .await?;
    Ok(Json(game.into()))
}

/// A session request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// The game to launch.
    pub game_code: String,
}

/// A launched session.
#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// The token the provider quotes on its wallet callbacks.
    pub token: String,
    /// Where to open the game.
    pub launch_url: String,
    /// When betting with the token stops (RFC 3339).
    pub expires_at: String,
}

/// `POST /casino/sessions` (player): opens a game session.
#[utoipa::path(post, path = "/api/v1/casino/sessions", tag = "casino", request_body = SessionBody,
    security(("bearer" = [])),
    responses((status = 201, body = SessionResponse), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "self_excluded or forbidden"),
        (status = 404, body = ErrorBody)))]
pub async fn create_session(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SessionBody>,
) -> ApiResult<(StatusCode, Json<SessionResponse>)> {
    let principal = &caller.0;
    let session = state
        .engine
        .casino()
        .create_session(principal, &body.game_code)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse {
            token: session.token,
            launch_url: session.launch_url,
            expires_at: session.expires_at.to_rfc3339(),
        }),
    ))
}

/// The caller's provably-fair seed pair.
#[derive(Serialize, ToSchema)]
pub struct SeedResponse {
    /// SHA-256 (hex) of the server seed the next round uses.
    pub commitment: String,
    /// The caller's client seed.
    pub client_seed: String,
    /// The nonce of the next round.
    pub nonce: i64,
}

impl From<SeedView> for SeedResponse {
    fn from(s: SeedView) -> Self {
        Self {
            commitment: s.commitment,
            client_seed: s.client_seed,
            nonce: s.nonce,
        }
    }
}

/// A new client seed.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientSeedBody {
    /// 1 to 64 printable ASCII characters without spaces.
    pub client_seed: String,
}

/// `GET /casino/originals/seeds` (player): the next round's commitment.
#[utoipa::path(get, path = "/api/v1/casino/originals/seeds", tag = "casino",
    security(("bearer" = [])), responses((status = 200, body = SeedResponse),
        (status = 403, body = ErrorBody, description = "forbidden: not a player")))]
pub async fn seeds(
    caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<Json<SeedResponse>> {
    let principal = &caller.0;
    Ok(Json(
        state.engine.casino().seed_view(principal).await?.into(),
    ))
}

/// `PUT /casino/originals/seeds` (player): sets the client seed (the
/// server seed rotates with it).
#[utoipa::path(put, path = "/api/v1/casino/originals/seeds", tag = "casino",
    request_body = ClientSeedBody, security(("bearer" = [])),
    responses((status = 200, body = SeedResponse), (status = 403, body = ErrorBody, description = "forbidden: not a player"),
        (status = 422, body = ErrorBody)))]
pub async fn set_seed(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ClientSeedBody>,
) -> ApiResult<Json<SeedResponse>> {
    let principal = &caller.0;
    Ok(Json(
        state
            .engine
            .casino()
            .set_client_seed(principal, &body.client_seed)
            .await?
            .into(),
    ))
}

/// One roulette bet of a round.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WagerBody {
    /// The bet: `{"kind":"straight","number":17}`, `{"kind":"split","numbers":[17,20]}`,
    /// `{"kind":"column","column":2}`, `{"kind":"red"}`, ...
    #[schema(value_type = Object)]
    pub bet: RouletteBetSpec,
    /// Its stake, a decimal string.
    pub stake: String,
}

/// The bet of a round; which fields apply depends on the game: `slot`
/// takes `stake` (a multiple of 20 minor units: 20 lines), `dice` takes
/// `stake`, `direction` (`under`/`over`) and `target` (`"49.50"`),
/// `roulette` takes `wagers`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundBody {
    /// Stake (slot, dice).
    pub stake: Option<String>,
    /// `under` or `over` (dice).
    pub direction: Option<String>,
    /// Target with at most 2 decimals (dice).
    pub target: Option<String>,
    /// Bets (roulette), at most 100.
    pub wagers: Option<Vec<WagerBody>>,
    /// A free spins bonus of yours (slot only), instead of a stake: plays
    /// one round at the grant's stake, paid by the house; the win goes to
    /// cash. No round left (or another game's or player's) → 422
    /// `free_spins_used`.
    pub free_spins_id: Option<String>,
}

/// A played round.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct RoundResponse {
    /// The round.
    pub round_id: Uuid,
    /// The game.
    pub game_code: String,
    /// Total stake.
    pub stake: String,
    /// Total win.
    pub win: String,
    /// Currency.
    pub currency: String,
    /// The full result (reels, pocket, roll, per-bet results).
    #[schema(value_type = Object)]
    pub result: Value,
    /// Fairness data.
    pub fairness: FairnessResponse,
    /// Cash right after the round.
    pub balance_after: String,
    /// RFC 3339.
    pub created_at: String,
}

/// How to check a round.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct FairnessResponse {
    /// SHA-256 of the server seed, shown before the round.
    pub commitment: String,
    /// The server seed, revealed after the round.
    pub server_seed: String,
    /// The client seed.
    pub client_seed: String,
    /// The nonce.
    pub nonce: i64,
}

impl From<RoundView> for RoundResponse {
    fn from(r: RoundView) -> Self {
        Self {
            round_id: r.round_id,
            game_code: r.game_code,
            stake: r.stake,
            win: r.win,
            currency: r.currency,
            result: r.result,
            fairness: FairnessResponse {
                commitment: r.commitment,
                server_seed: r.server_seed,
                client_seed: r.client_seed,
                nonce: r.nonce,
            },
            balance_after: r.balance_after,
            created_at: r.created_at,
        }
    }
}

fn money(field: &str, value: Option<&str>, currency: Currency) -> ApiResult<Money> {
    let value = value.ok_or_else(|| ApiError::validation(field, "This field is required."))?;
    Money::parse_positive(value, currency).map_err(|_| {
        ApiError::validation(
            field,
            "Give a positive amount with at most the currency's minor digits.",
        )
    })
}

fn bet_of(game: &str, body: &RoundBody, currency: Currency) -> ApiResult<OriginalsBet> {
    match game {
        "slot" => Ok(OriginalsBet::Slot {
            stake: money("stake", body.stake.as_deref(), currency)?,
        }),
        "dice" => {
            let direction = body
                .direction
                .as_deref()
                .ok_or_else(|| ApiError::validation("direction", "Give under or over."))?;
            let target = body
                .target
                .as_deref()
                .ok_or_else(|| ApiError::validation("target", "Give a target such as 49.50."))?;
            let bet: DiceBet =
                serde_json::from_value(json!({ "direction": direction, "target": target }))
                    .map_err(|_| {
                        ApiError::validation(
                            "target",
                            "Give under or over and a target with at most 2 decimals whose chance to win is 1% to 98%.",
                        )
                    })?;
            Ok(OriginalsBet::Dice {
                bet,
                stake: money("stake", body.stake.as_deref(), currency)?,
            })
        }
        "roulette" => {
            let wagers = body
                .wagers
                .as_ref()
                .ok_or_else(|| ApiError::validation("wagers", "Give at least one bet."))?;
            let mut out = Vec::with_capacity(wagers.len());
            for w in wagers {
                out.push((w.bet, money("wagers", Some(&w.stake), currency)?));
            }
            Ok(OriginalsBet::Roulette { wagers: out })
        }
        _ => Err(ApiError::not_found()),
    }
}

/// `POST /casino/originals/{game}/rounds` (player): plays one round of
/// `slot`, `roulette` or `dice`.
#[utoipa::path(post, path = "/api/v1/casino/originals/{game}/rounds", tag = "casino",
    params(("game" = String, Path, description = "slot, roulette or dice"),
        ("Idempotency-Key" = Option<String>, Header, description = "1–255 characters")),
    request_body = RoundBody, security(("bearer" = [])),
    responses((status = 201, body = RoundResponse), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "validation_failed, insufficient_funds, free_spins_used")))]
pub async fn play(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(game): Path<String>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<Value>,
) -> ApiResult<(StatusCode, Json<RoundResponse>)> {
    let principal = &caller.0;
    let body: RoundBody = serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::bad_request(format!("Malformed body: {e}")))?;
    if let Some(id) = body.free_spins_id.as_deref() {
        return play_free_spin(&state, principal, &game, id, &body, &headers, &raw).await;
    }
    let currency = state.engine.wallet().currency(principal.user_id).await?;
    let bet = bet_of(&game, &body, currency)?;
    let idem = idempotency(
        &headers,
        principal.user_id,
        "POST",
        &format!("/api/v1/casino/originals/{game}/rounds"),
        &raw,
        StatusCode::CREATED,
    )?;
    let round = state
        .engine
        .casino()
        .play_originals(principal, &bet, idem.as_ref())
        .await?;
    Ok((StatusCode::CREATED, Json(round.into())))
}

/// A round played with a free spin (`free_spins_id` instead of a stake).
async fn play_free_spin(
    state: &AppState,
    principal: &engine::Principal,
    game: &str,
    free_spins_id: &str,
    body: &RoundBody,
    headers: &HeaderMap,
    raw: &Value,
) -> ApiResult<(StatusCode, Json<RoundResponse>)> {
    use domain::casino::{DICE_CODE, ROULETTE_CODE, SLOT_CODE};
    let game_code = match game {
        "slot" => SLOT_CODE,
        "dice" => DICE_CODE,
        "roulette" => ROULETTE_CODE,
        _ => return Err(ApiError::not_found()),
    };
    if body.stake.is_some()
        || body.direction.is_some()
        || body.target.is_some()
        || body.wagers.is_some()
    {
        return Err(ApiError::validation(
            "free_spins_id",
            "A free spin takes no stake or bet of its own.",
        ));
    }
    let bonus_id = Uuid::parse_str(free_spins_id.trim())
        .map_err(|_| ApiError::validation("free_spins_id", "Give a bonus id."))?;
    let idem = idempotency(
        headers,
        principal.user_id,
        "POST",
        &format!("/api/v1/casino/originals/{game}/rounds"),
        raw,
        StatusCode::CREATED,
    )?;
    let round = state
        .engine
        .casino()
        .play_free_spin(principal, game_code, bonus_id, idem.as_ref())
        .await?;
    Ok((StatusCode::CREATED, Json(round.into())))
}

/// A page of the round history.
#[derive(Deserialize, IntoParams)]
pub struct RoundsQuery {
    /// 1–100, default 20; out of range → 422 `validation_failed` on `limit`.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (absent: the newest rounds). A
    /// malformed cursor → 422 `validation_failed` on `cursor`.
    pub cursor: Option<String>,
}

/// One page of the caller's rounds.
#[derive(Serialize, ToSchema)]
pub struct RoundsResponse {
    /// Newest first.
    pub items: Vec<RoundResponse>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Rounds one page lists when the request does not say.
const DEFAULT_ROUNDS_PAGE: u64 = 20;

/// `GET /casino/rounds` (player): one page of the caller's Originals
/// rounds, newest first; `next_cursor` (null on the last page) fetches the
/// next, older one.
#[utoipa::path(get, path = "/api/v1/casino/rounds", tag = "casino", params(RoundsQuery),
    security(("bearer" = [])), responses((status = 200, body = RoundsResponse),
        (status = 403, body = ErrorBody, description = "forbidden: not a player"),
        (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")))]
pub async fn rounds(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<RoundsQuery>,
) -> ApiResult<Json<RoundsResponse>> {
    let principal = &caller.0;
    let limit = engine::paging::checked_limit(
        q.limit,
        DEFAULT_ROUNDS_PAGE,
        engine::casino::originals::MAX_ROUNDS_PAGE,
    )
    .map_err(|e| ApiError::validation(engine::paging::LIMIT_FIELD, &e.to_string()))?;
    let page = state
        .engine
        .casino()
        .rounds(principal, limit, q.cursor.as_deref())
        .await?;
    Ok(Json(RoundsResponse {
        items: page.items.into_iter().map(RoundResponse::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A round re-run from its revealed seeds.
#[derive(Serialize, ToSchema)]
pub struct VerifyResponse {
    /// The round as stored.
    pub round: RoundResponse,
    /// SHA-256 of the revealed server seed equals the commitment.
    pub commitment_matches: bool,
    /// Replaying the round with the seeds gives the stored result.
    pub result_matches: bool,
}

impl From<Verification> for VerifyResponse {
    fn from(v: Verification) -> Self {
        Self {
            round: v.round.into(),
            commitment_matches: v.commitment_matches,
            result_matches: v.result_matches,
        }
    }
}

/// `GET /casino/rounds/{id}/verify` (the round's player or back office).
#[utoipa::path(get, path = "/api/v1/casino/rounds/{id}/verify", tag = "casino",
    params(("id" = Uuid, Path, description = "Round id")), security(("bearer" = [])),
    responses((status = 200, body = VerifyResponse), (status = 404, body = ErrorBody)))]
pub async fn verify(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<VerifyResponse>> {
    let id: Uuid = id.parse().map_err(|_| ApiError::not_found())?;
    let verification = state.engine.casino().verify_round(&caller.0, id).await?;
    Ok(Json(verification.into()))
}
