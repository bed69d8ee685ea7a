//! The venue API's operations: look up a card, post play, redeem points.
//!
//! Rules:
//! - The venue is already authenticated ([`super::auth`]); bodies are
//!   validated here, every problem named by its field (422).
//! - `amount` is a positive money string with exactly the minor digits of
//!   `currency`, a currency the platform knows.
//! - A `reference` (1–100 visible ASCII characters) is done once per venue
//!   and kind: the answer is kept in `venue_operations` beside a
//!   fingerprint of the request. A repeat with the same request answers
//!   the kept answer and changes nothing; another request under the same
//!   reference is refused (422 `idempotency_key_reused`), as is the same
//!   reference on another card. The loyalty ledger gets the reference
//!   `venue:{venue_id}:{reference}` (the loyalty service keeps play and
//!   redemptions apart), unique per player, so even two concurrent first
//!   attempts post once and answer the same numbers.
//! - A refused operation (unknown card, not enough points) keeps nothing:
//!   the venue may retry the reference later.
//! - Points never go below zero: the loyalty ledger's guarded update
//!   refuses the spend that would.

use std::str::FromStr;

use domain::api::loyalty::VenuePlayKind;
use domain::money::{Currency, Money};
use domain::validation::{FieldError, FieldErrors};
use sea_orm::{ActiveModelTrait, EntityTrait, Set, SqlErr};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{AuthenticatedVenue, Venues};
use entity::venue_operations;

/// Longest reference, in characters.
pub const MAX_REFERENCE_CHARS: usize = 100;
/// Longest card number, in characters.
pub const MAX_CARD_CHARS: usize = 64;
/// Most points one redemption may spend.
pub const MAX_POINTS: i64 = crate::loyalty::ledger::MAX_DELTA;

/// `POST /api/venue/v1/cards/lookup`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardLookup {
    /// The loyalty card number.
    #[serde(default)]
    pub card_number: String,
}

/// A card as a venue sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardView {
    /// The loyalty card number.
    pub card_number: String,
    /// The player's public name.
    pub display_name: String,
    /// The tier held (null while no programme is set).
    pub tier: Option<String>,
    /// Points balance.
    pub points: i64,
}

/// `POST /api/venue/v1/play`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenuePlay {
    /// The loyalty card number.
    #[serde(default)]
    pub card_number: String,
    /// `slot` or `table`.
    #[serde(default)]
    pub kind: String,
    /// What was played, a money string in `currency` (`"25.00"`).
    #[serde(default)]
    pub amount: String,
    /// ISO 4217 code of `amount`.
    #[serde(default)]
    pub currency: String,
    /// The venue's id of this play, done once.
    #[serde(default)]
    pub reference: String,
}

/// The answer to play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlayAnswer {
    /// Points this play earned.
    pub points_awarded: i64,
    /// The balance after it.
    pub points: i64,
}

/// `POST /api/venue/v1/redemptions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueRedemption {
    /// The loyalty card number.
    #[serde(default)]
    pub card_number: String,
    /// Points to spend, a whole number above zero.
    #[serde(default)]
    pub points: i64,
    /// The venue's id of this redemption, done once.
    #[serde(default)]
    pub reference: String,
}

/// The answer to a redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedemptionAnswer {
    /// The balance after it.
    pub points: i64,
}

/// Failures of venue operations, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum VenueOpError {
    /// The body failed validation; one entry per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No such card.
    #[error("not found")]
    NotFound,
    /// The card's points do not cover the redemption.
    #[error("insufficient points")]
    InsufficientPoints,
    /// The reference was used before with another request.
    #[error("the reference was used with another request")]
    ReferenceReused,
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for VenueOpError {
    fn from(e: sea_orm::DbErr) -> Self {
        VenueOpError::Unexpected(e.into())
    }
}

/// The two kinds of referenced operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpKind {
    Play,
    Redemption,
}

impl OpKind {
    const fn code(self) -> &'static str {
        match self {
            OpKind::Play => "play",
            OpKind::Redemption => "redemption",
        }
    }
}

fn card_problem(card: &str) -> Option<&'static str> {
    let n = card.chars().count();
    (n == 0 || n > MAX_CARD_CHARS || card.chars().any(char::is_control))
        .then_some("Give the loyalty card number.")
}

fn reference_problem(reference: &str) -> Option<&'static str> {
    let n = reference.len();
    (n == 0 || n > MAX_REFERENCE_CHARS || !reference.bytes().all(|b| b.is_ascii_graphic()))
        .then_some("Give a reference of 1 to 100 visible ASCII characters (no spaces).")
}

/// A validated play.
struct Play {
    card: String,
    kind: VenuePlayKind,
    amount: Money,
    reference: String,
}

fn validate_play(body: &VenuePlay) -> Result<Play, Vec<FieldError>> {
    let mut errors = FieldErrors::new();
    let card = body.card_number.trim();
    if let Some(problem) = card_problem(card) {
        errors.add("card_number", problem);
    }
    let kind = match body.kind.as_str() {
        "slot" => Some(VenuePlayKind::Slot),
        "table" => Some(VenuePlayKind::Table),
        _ => {
            errors.add("kind", "Use slot or table.");
            None
        }
    };
    let currency = Currency::from_str(body.currency.trim()).ok();
    if currency.is_none() {
        errors.add("currency", "Use the ISO 4217 code of a supported currency.");
    }
    let amount =
        currency.and_then(|c| errors.take("amount", Money::parse_positive(body.amount.trim(), c)));
    if let Some(problem) = reference_problem(&body.reference) {
        errors.add("reference", problem);
    }
    let play = match (kind, amount) {
        (Some(kind), Some(amount)) if errors.is_empty() => Some(Play {
            card: card.to_owned(),
            kind,
            amount,
            reference: body.reference.clone(),
        }),
        _ => None,
    };
    errors.finish(play, "amount")
}

fn validate_redemption(body: &VenueRedemption) -> Result<(String, i64), Vec<FieldError>> {
    let mut errors = FieldErrors::new();
    let card = body.card_number.trim();
    if let Some(problem) = card_problem(card) {
        errors.add("card_number", problem);
    }
    if !(1..=MAX_POINTS).contains(&body.points) {
        errors.add("points", "Give a whole number of points above zero.");
    }
    if let Some(problem) = reference_problem(&body.reference) {
        errors.add("reference", problem);
    }
    let ok = errors.is_empty().then(|| (card.to_owned(), body.points));
    errors.finish(ok, "points")
}

/// SHA-256 (hex) of the request's normalised fields.
fn fingerprint(fields: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// The reference the loyalty ledger sees: the loyalty service keeps play
/// and redemptions apart itself, so the venue is what is added here.
fn ledger_reference(venue: Uuid, reference: &str) -> String {
    format!("venue:{venue}:{reference}")
}

impl Venues<'_> {
    /// The card's holder, tier and points.
    pub async fn lookup(
        &self,
        _venue: &AuthenticatedVenue,
        body: &CardLookup,
    ) -> Result<CardView, VenueOpError> {
        let card = body.card_number.trim();
        if let Some(problem) = card_problem(card) {
            return Err(VenueOpError::Validation(vec![FieldError::new(
                "card_number",
                problem,
            )]));
        }
        let found = super::port::find_card(self.engine, card).await?;
        let Some(holder) = found else {
            return Err(VenueOpError::NotFound);
        };
        Ok(CardView {
            card_number: card.to_owned(),
            display_name: holder.display_name,
            tier: holder.tier,
            points: holder.points,
        })
    }

    /// Posts slot or table play on a card, once per reference.
    pub async fn play(
        &self,
        venue: &AuthenticatedVenue,
        body: &VenuePlay,
    ) -> Result<PlayAnswer, VenueOpError> {
        let play = validate_play(body).map_err(VenueOpError::Validation)?;
        let print = fingerprint(&serde_json::json!({
            "card_number": play.card,
            "kind": body.kind,
            "amount": play.amount.format_amount(),
            "currency": play.amount.currency().code(),
        }));
        let op = (venue.venue_id, OpKind::Play, play.reference.as_str());
        if let Some(answer) = self.replay(op, &print).await? {
            return Ok(answer);
        }
        let Some(holder) = super::port::find_card(self.engine, &play.card).await? else {
            return Err(VenueOpError::NotFound);
        };
        let reference = ledger_reference(venue.venue_id, &play.reference);
        let (points_awarded, points) = super::port::venue_play(
            self.engine,
            holder.player_id,
            play.kind,
            play.amount,
            &reference,
        )
        .await?;
        let answer = PlayAnswer {
            points_awarded,
            points,
        };
        self.keep(op, &print, holder.player_id, answer).await
    }

    /// Spends points on a card, once per reference.
    pub async fn redeem(
        &self,
        venue: &AuthenticatedVenue,
        body: &VenueRedemption,
    ) -> Result<RedemptionAnswer, VenueOpError> {
        let (card, points) = validate_redemption(body).map_err(VenueOpError::Validation)?;
        let print = fingerprint(&serde_json::json!({ "card_number": card, "points": points }));
        let op = (venue.venue_id, OpKind::Redemption, body.reference.as_str());
        if let Some(answer) = self.replay(op, &print).await? {
            return Ok(answer);
        }
        let Some(holder) = super::port::find_card(self.engine, &card).await? else {
            return Err(VenueOpError::NotFound);
        };
        let reference = ledger_reference(venue.venue_id, &body.reference);
        let balance =
            super::port::venue_redeem(self.engine, holder.player_id, points, &reference).await?;
        let answer = RedemptionAnswer { points: balance };
        self.keep(op, &print, holder.player_id, answer).await
    }

    /// The kept answer of an operation done before, if it was; refused when
    /// the reference was used with another request.
    async fn replay<T: serde::de::DeserializeOwned>(
        &self,
        (venue, kind, reference): (Uuid, OpKind, &str),
        print: &str,
    ) -> Result<Option<T>, VenueOpError> {
        let kept = venue_operations::Entity::find_by_id((
            venue,
            kind.code().to_owned(),
            reference.to_owned(),
        ))
        .one(self.engine.db())
        .await?;
        let Some(kept) = kept else {
            return Ok(None);
        };
        if kept.fingerprint != print {
            return Err(VenueOpError::ReferenceReused);
        }
        let answer = serde_json::from_str(&kept.answer)
            .map_err(|e| anyhow::anyhow!("kept venue answer unreadable: {e}"))?;
        Ok(Some(answer))
    }

    /// Keeps an operation's answer; when a concurrent first attempt kept
    /// one already, answers that one.
    async fn keep<T: Serialize + serde::de::DeserializeOwned>(
        &self,
        (venue, kind, reference): (Uuid, OpKind, &str),
        print: &str,
        player: Uuid,
        answer: T,
    ) -> Result<T, VenueOpError> {
        let inserted = venue_operations::ActiveModel {
            venue_id: Set(venue),
            kind: Set(kind.code().to_owned()),
            reference: Set(reference.to_owned()),
            fingerprint: Set(print.to_owned()),
            player_id: Set(player),
            answer: Set(serde_json::to_string(&answer).map_err(anyhow::Error::from)?),
            created_at: Set(self.engine.now()),
        }
        .insert(self.engine.db())
        .await;
        match inserted {
            Ok(_) => Ok(answer),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => self
                .replay((venue, kind, reference), print)
                .await?
                .ok_or_else(|| anyhow::anyhow!("kept venue operation vanished").into()),
            Err(e) => Err(e.into()),
        }
    }
}
