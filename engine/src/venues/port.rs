//! The venue API's only contact with the loyalty programme
//! ([`crate::loyalty`]): finding a card, crediting venue play, spending
//! points. Kept in one place so the venue code depends on three calls.
//!
//! Rules:
//! - The loyalty service owns points, tiers and their invariants; this
//!   adapter only maps its answers and failures to the venue API's.
//! - The ledger reference given is already namespaced per venue and kind
//!   (see [`super::ops`]); the loyalty ledger posts a reference once per
//!   player.

use domain::api::loyalty::VenuePlayKind;
use domain::money::Money;
use uuid::Uuid;

use super::ops::VenueOpError;
use crate::Engine;
use crate::loyalty::LoyaltyError;

/// A card's holder as the venue API needs it.
pub(crate) struct Holder {
    /// The player.
    pub player_id: Uuid,
    /// Public display name.
    pub display_name: String,
    /// The tier held.
    pub tier: Option<String>,
    /// Points balance.
    pub points: i64,
}

fn mapped(e: LoyaltyError) -> VenueOpError {
    match e {
        LoyaltyError::Validation(fields) => VenueOpError::Validation(fields),
        LoyaltyError::InsufficientPoints => VenueOpError::InsufficientPoints,
        LoyaltyError::NotFound => VenueOpError::NotFound,
        LoyaltyError::Unexpected(e) => VenueOpError::Unexpected(e),
        other => VenueOpError::Unexpected(anyhow::anyhow!("loyalty refused: {other}")),
    }
}

/// The holder of `card`, if the card exists.
pub(crate) async fn find_card(engine: &Engine, card: &str) -> Result<Option<Holder>, VenueOpError> {
    let found = engine.loyalty().find_card(card).await.map_err(mapped)?;
    Ok(found.map(|(player_id, status, display_name)| Holder {
        player_id,
        display_name,
        tier: status.tier,
        points: status.points,
    }))
}

/// Credits venue play; answers the points it earned and the balance after.
pub(crate) async fn venue_play(
    engine: &Engine,
    player: Uuid,
    kind: VenuePlayKind,
    amount: Money,
    reference: &str,
) -> Result<(i64, i64), VenueOpError> {
    engine
        .loyalty()
        .venue_play(player, kind, amount, reference)
        .await
        .map_err(mapped)
}

/// Spends points; answers the balance after.
pub(crate) async fn venue_redeem(
    engine: &Engine,
    player: Uuid,
    points: i64,
    reference: &str,
) -> Result<i64, VenueOpError> {
    engine
        .loyalty()
        .venue_redeem(player, points, reference)
        .await
        .map_err(mapped)
}
