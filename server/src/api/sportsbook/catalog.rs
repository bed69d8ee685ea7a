//! The public catalog: events with their markets and selections, and the
//! teaser tables in force.

use axum::Json;
use axum::extract::{Path, State};
use domain::api::sportsbook::{Event, Events, TeaserPrices, TeaserTables};
use domain::betting::TeaserTable;
use serde::Deserialize;
use utoipa::IntoParams;

use super::id_or_404;
use crate::api::error::{ApiResult, ErrorBody};
use crate::api::extract::ApiQuery;
use crate::state::AppState;

/// A teaser table as the API shows it.
pub(super) fn teaser_response(table: &TeaserTable) -> TeaserPrices {
    TeaserPrices {
        points: table.points().normalize().to_string(),
        prices: table
            .prices()
            .iter()
            .map(|(legs, odds)| (legs.to_string(), odds.to_string()))
            .collect(),
    }
}

/// Catalog filter.
#[derive(Deserialize, IntoParams)]
pub struct EventsQuery {
    /// Only this sport (by name).
    pub sport: Option<String>,
}

/// `GET /events`: events to come and in play, with markets and selections.
#[utoipa::path(get, path = "/api/v1/events", tag = "sportsbook", params(EventsQuery),
    responses((status = 200, body = Events)))]
pub async fn events(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Json<Events>> {
    let items = state.engine.sportsbook().events(q.sport.as_deref()).await?;
    Ok(Json(Events { items }))
}

/// `GET /events/{id}`: one event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, body = Event), (status = 404, body = ErrorBody)))]
pub async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Event>> {
    Ok(Json(
        state.engine.sportsbook().event(id_or_404(&id)?).await?,
    ))
}

/// `GET /teaser-tables`: the teaser tables in force.
#[utoipa::path(get, path = "/api/v1/teaser-tables", tag = "sportsbook",
    responses((status = 200, body = TeaserTables)))]
pub async fn teaser_tables(State(state): State<AppState>) -> ApiResult<Json<TeaserTables>> {
    let tables = state.engine.sportsbook().teaser_tables().await?;
    Ok(Json(TeaserTables {
        items: tables.iter().map(teaser_response).collect(),
    }))
}
