//! Physical casino venues: the keys admins issue, and the signed venue API
//! through which a venue looks up a loyalty card, posts slot and table
//! play, and redeems points.
//!
//! Rules (API.md "Venue API"):
//! - An admin creates a venue; its secret (32 random bytes, hex) is in the
//!   creation answer only. The engine keeps it as issued, because checking
//!   an HMAC needs the key itself (a one-way hash could not); it is never
//!   answered, listed or logged again. No sealing facility exists in this
//!   code base to encrypt it at rest; protecting the database protects it.
//! - Every venue request is authenticated ([`auth`]) before its body is
//!   read: unknown or disabled venue, bad signature, timestamp outside the
//!   window, or a nonce used before → one refusal, and nothing recorded.
//! - Play and redemptions carry the venue's `reference`; per venue and
//!   kind, a reference is done once ([`ops`]): a repeat with the same
//!   request answers the first answer and changes nothing, the same
//!   reference with another request is refused. The loyalty ledger sees
//!   the reference as `venue:{venue_id}:{reference}`, so two venues'
//!   references never collide.
//! - Creating and disabling a venue are audited with their author.

pub mod auth;
pub mod ops;
mod port;
pub mod sandbox;

use chrono::{DateTime, Utc};
use domain::validation::FieldError;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Engine;
use entity::venues;

pub use auth::{AuthenticatedVenue, Credentials, Refused, purge_nonces, sign};

/// Longest venue name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Largest venue request body, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Failures of the venue back office.
#[derive(Debug, thiserror::Error)]
pub enum VenueAdminError {
    /// The body failed validation; one entry per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No such venue.
    #[error("not found")]
    NotFound,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// `POST /admin/venues`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVenue {
    /// Display name, 1–120 characters.
    pub name: String,
}

/// The answer to creating a venue: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueCreated {
    /// `X-Venue-Id`.
    pub venue_id: Uuid,
    /// The HMAC secret (64 hex characters); never shown again.
    pub secret: String,
}

/// A venue as the back office lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueView {
    /// The venue id.
    pub venue_id: Uuid,
    /// Display name.
    pub name: String,
    /// Refused by the venue API when true.
    pub disabled: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was disabled.
    pub disabled_at: Option<DateTime<Utc>>,
}

/// `GET /admin/venues`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueList {
    /// Newest first.
    pub items: Vec<VenueView>,
}

impl From<venues::Model> for VenueView {
    fn from(v: venues::Model) -> Self {
        VenueView {
            venue_id: v.id,
            name: v.name,
            disabled: v.disabled,
            created_at: v.created_at,
            disabled_at: v.disabled_at,
        }
    }
}

/// Venue commands for one engine.
pub struct Venues<'a> {
    engine: &'a Engine,
}

impl Engine {
    /// Physical casino venues and their signed API.
    pub fn venues(&self) -> Venues<'_> {
        Venues { engine: self }
    }
}

impl Venues<'_> {
    /// Creates a venue with a new secret, audited as `actor`'s.
    pub async fn create(
        &self,
        body: &NewVenue,
        actor: Uuid,
    ) -> Result<VenueCreated, VenueAdminError> {
        let name = body.name.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(VenueAdminError::Validation(vec![FieldError::new(
                "name",
                "Give the venue a name of 1 to 120 characters.",
            )]));
        }
        let now = self.engine.now();
        let venue_id = Uuid::now_v7();
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let txn = crate::db::begin_write(self.engine.db()).await?;
        venues::ActiveModel {
            id: Set(venue_id),
            name: Set(name.to_owned()),
            secret: Set(secret.clone()),
            disabled: Set(false),
            created_by: Set(Some(actor)),
            created_at: Set(now),
            disabled_at: Set(None),
        }
        .insert(&txn)
        .await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor),
            "venue.created",
            &format!("venue:{venue_id}"),
            serde_json::json!({ "name": name }),
        )
        .await?;
        txn.commit().await?;
        Ok(VenueCreated { venue_id, secret })
    }

    /// Every venue, newest first, without secrets.
    pub async fn list(&self) -> Result<VenueList, VenueAdminError> {
        let rows = venues::Entity::find()
            .order_by_desc(venues::Column::CreatedAt)
            .order_by_desc(venues::Column::Id)
            .all(self.engine.db())
            .await?;
        Ok(VenueList {
            items: rows.into_iter().map(VenueView::from).collect(),
        })
    }

    /// Disables a venue (again: no change), audited as `actor`'s. Its
    /// requests are refused from now on.
    pub async fn disable(&self, venue_id: Uuid, actor: Uuid) -> Result<VenueView, VenueAdminError> {
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let updated = venues::Entity::update_many()
            .col_expr(venues::Column::Disabled, Expr::value(true))
            .col_expr(venues::Column::DisabledAt, Expr::value(now))
            .filter(venues::Column::Id.eq(venue_id))
            .filter(venues::Column::Disabled.eq(false))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 1 {
            crate::audit::record(
                &txn,
                now,
                Some(actor),
                "venue.disabled",
                &format!("venue:{venue_id}"),
                serde_json::json!({}),
            )
            .await?;
        }
        let venue = venues::Entity::find_by_id(venue_id).one(&txn).await?;
        txn.commit().await?;
        venue.map(VenueView::from).ok_or(VenueAdminError::NotFound)
    }

    /// Authenticates a venue request from its headers and raw body and
    /// records its nonce (see [`auth`]).
    pub async fn authenticate(
        &self,
        credentials: &Credentials,
        body: &[u8],
    ) -> Result<AuthenticatedVenue, Refused> {
        auth::authenticate(self.engine, credentials, body).await
    }
}
