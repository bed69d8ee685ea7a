//! The REST API under `/api/v1`, its OpenAPI document, and the operator
//! endpoints `/healthz` and `/metrics`.

pub mod accounts;
pub mod bonuses;
pub mod campaigns;
pub mod casino;
pub mod error;
pub mod extract;
pub mod finance;
pub mod leaderboards;
pub mod loyalty;
pub mod providers;
pub mod responsible_gaming;
pub mod sportsbook;
pub mod staff;
pub mod venue;
pub mod vip;
pub mod wallet;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post, put};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::state::AppState;
use error::{ApiError, ErrorBody, ErrorDetail};

/// The OpenAPI 3.1 document of every endpoint.
#[derive(OpenApi)]
#[openapi(
    info(title = "Croupier API", version = "1", description = "Sportsbook, casino and wallet platform. Money and odds are decimal strings."),
    paths(
        accounts::register, accounts::login, accounts::logout, accounts::me, accounts::set_kyc,
        wallet::balances, wallet::deposit, wallet::withdraw, wallet::transactions,
        wallet::admin_wallet, wallet::admin_ledger, wallet::admin_adjust, wallet::sandbox_webhook,
        responsible_gaming::list_limits, responsible_gaming::put_limit,
        responsible_gaming::delete_limit, responsible_gaming::post_exclusion,
        responsible_gaming::list_exclusions, responsible_gaming::own_history,
        responsible_gaming::get_settings, responsible_gaming::put_settings,
        responsible_gaming::answer_prompt, responsible_gaming::session,
        responsible_gaming::acknowledge, responsible_gaming::submit_kyc,
        responsible_gaming::my_kyc, responsible_gaming::kyc_webhook,
        responsible_gaming::kyc_queue, responsible_gaming::player_history,
        responsible_gaming::set_operator_loss_alert, responsible_gaming::loss_alerts,
        responsible_gaming::active_exclusions, responsible_gaming::search_players,
        responsible_gaming::audit_log,
        responsible_gaming::list_jurisdictions, responsible_gaming::put_jurisdiction,
        casino::games, casino::add_game, casino::admin_games, casino::change_game,
        casino::create_session, casino::seeds,
        casino::set_seed, casino::play, casino::rounds, casino::verify,
        sportsbook::events, sportsbook::event, sportsbook::teaser_tables,
        sportsbook::place_bet, sportsbook::bets, sportsbook::bet,
        sportsbook::cash_out_quote, sportsbook::cash_out,
        sportsbook::create_event, sportsbook::update_event, sportsbook::add_market,
        sportsbook::set_odds, sportsbook::odds_history, sportsbook::selection_limits,
        sportsbook::suspend_market, sportsbook::resume_market, sportsbook::market_limits,
        sportsbook::settle_market, sportsbook::resettle_market, sportsbook::void_market,
        sportsbook::market_risk, sportsbook::set_teaser_table, sportsbook::feed,
        providers::health, providers::set_threshold,
        finance::import_ecb, finance::rates, finance::currency_summary, finance::journal,
        finance::reconciliation,
        staff::create, staff::list, staff::set_roles, staff::set_disabled,
        bonuses::list, bonuses::forfeit,
        campaigns::create, campaigns::list, campaigns::one, campaigns::launch, campaigns::pause,
        campaigns::resume, campaigns::stop, campaigns::preview, campaigns::stats,
        campaigns::explain, campaigns::close_period, campaigns::promotions, campaigns::opt_in,
        leaderboards::create, leaderboards::list_admin, leaderboards::one, leaderboards::close,
        leaderboards::periods, leaderboards::list, leaderboards::standings,
        leaderboards::around_me, leaderboards::join, leaderboards::set_nickname, leaderboards::nickname,
        loyalty::status, loyalty::transactions, loyalty::rewards, loyalty::redeem, loyalty::card,
        loyalty::programme, loyalty::set_programme, loyalty::create_item, loyalty::items_admin,
        venue::create, venue::list, venue::disable, venue::lookup, venue::play, venue::redeem,
        vip::list, vip::player, vip::adjust_points, vip::set_tier, vip::set_manager,
        vip::add_note, vip::designate, vip::add_check, vip::add_task, vip::update_task,
        vip::reports,
        healthz, openapi_json
    ),
    components(schemas(ErrorBody, ErrorDetail, Health)),
    modifiers(&BearerAuth, &AuthResponses, &MalformedRequests),
    tags(
        (name = "accounts", description = "Registration, login, profile"),
        (name = "bonuses", description = "The player's bonuses and promotions"),
        (name = "campaigns", description = "Marketing campaigns: builder, launch, live numbers, explain (marketing, admin)"),
        (name = "casino", description = "Game catalog, game sessions, Croupier Originals rounds and their verification"),
        (name = "compliance", description = "KYC and responsible gaming (compliance role)"),
        (name = "leaderboards", description = "Leaderboards and tournaments: tables, joining, nicknames; the marketing builder and period closes (marketing, admin)"),
        (name = "loyalty", description = "Loyalty: points, tiers, history, the store and the card (players); the programme and store items (vip_manager, admin)"),
        (name = "finance", description = "FX rates, reports in the reporting currency, journal export, reconciliation (admin, compliance)"),
        (name = "operations", description = "Health and documentation"),
        (name = "responsible_gaming", description = "Limits, exclusions, reality checks, session limits, KYC submissions"),
        (name = "sportsbook", description = "Events, markets and odds; bets; trading, settlement and risk (trader)"),
        (name = "staff", description = "Back-office staff accounts and their roles (admin)"),
        (name = "venues", description = "Physical casino venues: keys issued by admins, and the HMAC-signed venue API under /api/venue/v1 (card lookup, play, redemptions)"),
        (name = "vip", description = "The VIP console: players, the player 360, points, tier overrides, managers, notes, checks, designation, tasks, reports (vip_manager, admin)"),
        (name = "wallet", description = "Balances, deposits, withdrawals, history, payment webhooks"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Documents what the authorization extractors answer: 401 on every
/// operation that needs a token, and 403 on every back-office operation
/// (each needs a role), unless the operation documents them itself.
struct AuthResponses;

impl Modify for AuthResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let back_office = path.starts_with("/api/v1/admin/");
            for op in operations_mut(item) {
                if op.security.as_ref().is_none_or(Vec::is_empty) {
                    continue;
                }
                let responses = &mut op.responses.responses;
                responses
                    .entry("401".to_owned())
                    .or_insert_with(|| error_response("unauthorized: no valid token"));
                if back_office {
                    responses.entry("403".to_owned()).or_insert_with(|| {
                        error_response("forbidden: the caller's role may not use this")
                    });
                }
            }
        }
    }
}

/// The operations of a path item that the API serves.
fn operations_mut(
    item: &mut utoipa::openapi::path::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
}

/// Documents what the body extractor answers: 400 `bad_request` on every
/// operation that takes a JSON body, for a body that is not JSON or not
/// of the expected types, unless the operation documents 400 itself.
struct MalformedRequests;

impl Modify for MalformedRequests {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for op in operations_mut(item) {
                let takes_json = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                if takes_json {
                    op.responses
                        .responses
                        .entry("400".to_owned())
                        .or_insert_with(|| {
                            error_response(
                                "bad_request: the body is not JSON of the expected shape",
                            )
                        });
                }
            }
        }
    }
}

/// A documented error answer with the [`ErrorBody`] shape.
fn error_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// The `/api/v1` router: every area's routes, merged, plus the OpenAPI
/// document and JSON answers for unknown paths and methods.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(account_routes())
        .merge(wallet_routes())
        .merge(responsible_gaming_routes())
        .merge(compliance_routes())
        .merge(casino_routes())
        .merge(provider_routes())
        .merge(finance_routes())
        .merge(sportsbook_routes())
        .merge(trading_routes())
        .merge(staff::routes())
        .merge(bonuses::routes())
        .merge(campaigns::routes())
        .merge(leaderboards::routes())
        .merge(loyalty::routes())
        .merge(vip::routes())
        .merge(venue::admin_routes())
        .route("/openapi.json", get(openapi_json))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Registration, login and profile; KYC status set by the back office.
fn account_routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(accounts::register))
        .route("/auth/login", post(accounts::login))
        .route("/auth/logout", post(accounts::logout))
        .route("/me", get(accounts::me))
        .route("/admin/players/{player_id}/kyc", post(accounts::set_kyc))
}

/// Balances, deposits, withdrawals and history; the back office's view of
/// a player's wallet; the payment provider's webhook.
fn wallet_routes() -> Router<AppState> {
    Router::new()
        .route("/wallet", get(wallet::balances))
        .route("/wallet/deposits", post(wallet::deposit))
        .route("/wallet/withdrawals", post(wallet::withdraw))
        .route("/wallet/transactions", get(wallet::transactions))
        .route(
            "/admin/players/{player_id}/wallet",
            get(wallet::admin_wallet),
        )
        .route(
            "/admin/players/{player_id}/ledger",
            get(wallet::admin_ledger),
        )
        .route(
            "/admin/players/{player_id}/adjustments",
            post(wallet::admin_adjust),
        )
        .route("/payments/sandbox/webhook", post(wallet::sandbox_webhook))
}

/// The player's own responsible-gaming tools and KYC submissions.
fn responsible_gaming_routes() -> Router<AppState> {
    use responsible_gaming as rg;
    Router::new()
        .route(
            "/responsible-gaming/limits",
            get(rg::list_limits).put(rg::put_limit),
        )
        .route(
            "/responsible-gaming/limits/{kind}/{period}",
            delete(rg::delete_limit),
        )
        .route(
            "/responsible-gaming/exclusions",
            get(rg::list_exclusions).post(rg::post_exclusion),
        )
        .route("/responsible-gaming/history", get(rg::own_history))
        .route(
            "/responsible-gaming/settings",
            get(rg::get_settings).put(rg::put_settings),
        )
        .route(
            "/responsible-gaming/deposit-limit-prompt",
            post(rg::answer_prompt),
        )
        .route("/responsible-gaming/session", get(rg::session))
        .route(
            "/responsible-gaming/reality-check/acknowledge",
            post(rg::acknowledge),
        )
        .route("/kyc/submissions", get(rg::my_kyc).post(rg::submit_kyc))
        .route("/kyc/webhooks/sandbox", post(rg::kyc_webhook))
}

/// The compliance back office: KYC queue, player search and history, loss
/// alerts, exclusions, jurisdictions.
fn compliance_routes() -> Router<AppState> {
    use responsible_gaming as rg;
    Router::new()
        .route("/admin/kyc/queue", get(rg::kyc_queue))
        .route("/admin/players", get(rg::search_players))
        .route(
            "/admin/players/{player_id}/responsible-gaming",
            get(rg::player_history),
        )
        .route(
            "/admin/players/{player_id}/loss-alert",
            put(rg::set_operator_loss_alert),
        )
        .route("/admin/loss-alerts", get(rg::loss_alerts))
        .route("/admin/exclusions", get(rg::active_exclusions))
        .route("/admin/audit-log", get(rg::audit_log))
        .route("/admin/jurisdictions", get(rg::list_jurisdictions))
        .route("/admin/jurisdictions/{country}", put(rg::put_jurisdiction))
}

/// The game catalog (and its back office), game sessions, Croupier
/// Originals rounds and their verification.
fn casino_routes() -> Router<AppState> {
    Router::new()
        .route("/casino/games", get(casino::games))
        .route(
            "/admin/casino/games",
            get(casino::admin_games).post(casino::add_game),
        )
        .route(
            "/admin/casino/games/{game_code}",
            patch(casino::change_game),
        )
        .route("/casino/sessions", post(casino::create_session))
        .route(
            "/casino/originals/seeds",
            get(casino::seeds).put(casino::set_seed),
        )
        .route("/casino/originals/{game}/rounds", post(casino::play))
        .route("/casino/rounds", get(casino::rounds))
        .route("/casino/rounds/{id}/verify", get(casino::verify))
}

/// Game providers' health and its alert threshold.
fn provider_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/providers/health", get(providers::health))
        .route(
            "/admin/providers/health/threshold",
            put(providers::set_threshold),
        )
}

/// FX rates (the ECB import takes a larger body), reports, the journal
/// export and reconciliation.
fn finance_routes() -> Router<AppState> {
    let ecb_body_limit = axum::extract::DefaultBodyLimit::max(engine::finance::ecb::MAX_BYTES);
    Router::new()
        .route(
            "/admin/fx/ecb",
            post(finance::import_ecb).layer(ecb_body_limit),
        )
        .route("/admin/fx/rates", get(finance::rates))
        .route(
            "/admin/reports/currency-summary",
            get(finance::currency_summary),
        )
        .route("/admin/ledger/journal", get(finance::journal))
        .route("/admin/ledger/reconciliation", get(finance::reconciliation))
}

/// The public sportsbook catalog and players' bets and cash-outs.
fn sportsbook_routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(sportsbook::events))
        .route("/events/{id}", get(sportsbook::event))
        .route("/teaser-tables", get(sportsbook::teaser_tables))
        .route("/bets", get(sportsbook::bets).post(sportsbook::place_bet))
        .route("/bets/{id}", get(sportsbook::bet))
        .route(
            "/bets/{id}/cash-out",
            get(sportsbook::cash_out_quote).post(sportsbook::cash_out),
        )
}

/// The sportsbook back office (trader): events, markets, odds, limits,
/// settlement, risk, the odds feed and teaser tables.
fn trading_routes() -> Router<AppState> {
    use sportsbook as sb;
    Router::new()
        .route("/admin/events", post(sb::create_event))
        .route("/admin/events/{id}", patch(sb::update_event))
        .route("/admin/events/{id}/markets", post(sb::add_market))
        .route("/admin/selections/{id}/odds", put(sb::set_odds))
        .route("/admin/selections/{id}/odds-history", get(sb::odds_history))
        .route("/admin/selections/{id}/limits", put(sb::selection_limits))
        .route("/admin/markets/{id}/suspend", post(sb::suspend_market))
        .route("/admin/markets/{id}/resume", post(sb::resume_market))
        .route("/admin/markets/{id}/limits", put(sb::market_limits))
        .route("/admin/markets/{id}/settle", post(sb::settle_market))
        .route("/admin/markets/{id}/resettle", post(sb::resettle_market))
        .route("/admin/markets/{id}/void", post(sb::void_market))
        .route("/admin/markets/{id}/risk", get(sb::market_risk))
        .route("/admin/feed", post(sb::feed))
        .route("/admin/teaser-tables/{points}", put(sb::set_teaser_table))
}

/// JSON 404 for unknown API routes.
pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This method is not allowed here.",
    )
}

/// The OpenAPI document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1 document", body = Object)))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Health answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
}

/// 200 once the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = ErrorBody)))]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.engine.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "health check: database unreachable");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The database does not answer.",
        )
    })?;
    Ok(Json(Health {
        status: "ok".to_owned(),
    }))
}
