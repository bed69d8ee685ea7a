//! Loyalty (API.md "Loyalty"): thin adapters over `engine.loyalty()` for
//! the player's loyalty page, the store, the card, and the back-office
//! programme editor.
//!
//! Rules:
//! - A player only ever reads and spends their own points: the player is
//!   the session's, taken on the server, never an argument.
//! - Visitors and staff are not refused with an error on the player
//!   pages: the answer says who is asking ([`Viewer`]) so the page can
//!   invite a visitor to sign in and tell staff the pages are for players.
//!   Commands (card, redemption) need a signed-in player.
//! - The programme and the store's items need the vip_manager role
//!   (admins hold every role).
//! - A redemption carries the attempt's idempotency key (one key per
//!   confirmed attempt, made when the player opens the confirmation): a
//!   repeated or double-clicked confirm replays the first answer instead of
//!   spending twice.
//! - Expected refusals (validation, not enough points, out of stock, tier,
//!   self-exclusion, identity not verified) come back as data the page
//!   explains, with their API code; authorization failures as coded errors.
//! - The card's QR code is drawn here, on the server
//!   ([`crate::components::qr::qr_svg`]).

use std::collections::BTreeMap;

use domain::api::loyalty::{
    LoyaltyStatus, LoyaltyTransactionList, ProgrammeSpec, ProgrammeView, StoreItem, StoreItemSpec,
    TierSpec,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::model::refusable;
#[cfg(feature = "ssr")]
use crate::model::{Refusal, codes};

/// Longest idempotency key of a redemption attempt.
pub const MAX_ATTEMPT_CHARS: usize = 200;

/// Entries on one page of the history.
pub const HISTORY_PAGE: u64 = 20;

/// Who is looking at a player page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewer {
    /// Not signed in.
    Visitor,
    /// A staff account (the loyalty pages are for players).
    Staff,
    /// A signed-in player.
    Player,
}

/// A loyalty card as the player sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardView {
    /// The number, digits only.
    pub card_number: String,
    /// The QR code of the number (SVG markup), for a venue's scanner.
    pub qr_svg: String,
}

/// Everything `/loyalty` shows a player at load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerLoyalty {
    /// The player (for the live topic `player:{id}`).
    pub player_id: String,
    /// Points, coins, tier and progress.
    pub status: LoyaltyStatus,
    /// The programme's tiers, lowest first (empty while none is set).
    pub tiers: Vec<TierSpec>,
    /// The newest history entries.
    pub history: LoyaltyTransactionList,
    /// The card, once issued.
    pub card: Option<CardView>,
    /// The player's identity is verified (a card can be issued).
    pub kyc_verified: bool,
}

/// The answer for `/loyalty`: the player's loyalty, or who else is asking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoyaltyPage {
    /// Who is asking.
    pub viewer: Viewer,
    /// The player's loyalty (players only).
    pub player: Option<Box<PlayerLoyalty>>,
}

/// The answer of "Get my card".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardReport {
    /// True when the player has a card (new or the one issued before).
    pub ok: bool,
    /// The API code on failure (`kyc_required`).
    pub code: Option<String>,
    /// What happened, for people.
    pub message: String,
    /// The card.
    pub card: Option<CardView>,
}

/// Everything `/loyalty/store` shows at load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorePage {
    /// Who is asking.
    pub viewer: Viewer,
    /// The items on offer.
    pub items: Vec<StoreItem>,
    /// The programme's tier names, lowest first.
    pub tiers: Vec<String>,
    /// The player's points, coins and tier (players only).
    pub status: Option<LoyaltyStatus>,
    /// The currency of money rewards (the reporting currency).
    pub currency: String,
}

/// The answer of a redemption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemReport {
    /// True when the reward was granted (now or by the same attempt before).
    pub ok: bool,
    /// The API code on failure (`insufficient_points`, `out_of_stock`,
    /// `tier_required`, `self_excluded`).
    pub code: Option<String>,
    /// What happened, for people.
    pub message: String,
    /// The item redeemed.
    pub reward_id: String,
    /// The player's balances after it, when known.
    pub status: Option<LoyaltyStatus>,
    /// The item's stock left after it, when limited.
    pub stock_left: Option<i64>,
}

refusable!(CardReport, RedeemReport);

/// The programme editor's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeAdmin {
    /// The current programme, if one is set.
    pub programme: Option<ProgrammeView>,
    /// Every store item, active or not.
    pub items: Vec<StoreItem>,
    /// The currency amounts are typed in (the reporting currency).
    pub currency: String,
}

/// The answer of a save in the back office.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveReport {
    /// True when it was saved.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// Validation problems by field path (`tiers[1].threshold`).
    pub field_errors: BTreeMap<String, String>,
    /// The programme as saved (programme saves).
    pub programme: Option<ProgrammeView>,
    /// The item as created (store item saves).
    pub item: Option<StoreItem>,
}

#[cfg(feature = "ssr")]
mod convert {

    use engine::loyalty::LoyaltyError;
    use leptos::prelude::ServerFnError;
    use uuid::Uuid;

    use super::{CardView, Viewer};
    use crate::api::server;
    use crate::model::codes;

    pub use crate::api::server::fields;

    /// An unexpected failure, keeping `not_found`.
    pub fn error(what: &str, e: LoyaltyError) -> ServerFnError {
        match e {
            LoyaltyError::NotFound => server::coded(codes::NOT_FOUND),
            e => server::internal(what, e),
        }
    }

    /// Who is asking, and the player's id when it is a player.
    pub async fn viewer(engine: &engine::Engine) -> Result<(Viewer, Option<Uuid>), ServerFnError> {
        Ok(match server::principal(engine).await? {
            None => (Viewer::Visitor, None),
            Some(p) if p.is_backoffice() => (Viewer::Staff, None),
            Some(p) => (Viewer::Player, Some(p.user_id)),
        })
    }

    /// A card with its QR code.
    pub fn card(card_number: String) -> Result<CardView, ServerFnError> {
        let qr_svg = crate::components::qr::qr_svg(&card_number).ok_or_else(|| {
            server::internal("drawing a card's QR code", "the number does not fit")
        })?;
        Ok(CardView {
            card_number,
            qr_svg,
        })
    }

    /// The programme's tiers, lowest first (none while no programme is set).
    pub async fn tiers(
        engine: &engine::Engine,
    ) -> Result<Vec<domain::api::loyalty::TierSpec>, ServerFnError> {
        Ok(engine
            .loyalty()
            .programme()
            .await
            .map_err(|e| error("loading the loyalty programme", e))?
            .map(|p| p.to_spec().tiers)
            .unwrap_or_default())
    }
}

/// The signed-in player's loyalty: status, tiers, history, card. Visitors
/// and staff get only who they are.
#[server(prefix = "/rpc", endpoint = "loyalty_overview")]
pub async fn loyalty_overview() -> Result<LoyaltyPage, ServerFnError> {
    let engine = super::server::engine()?;
    let (viewer, player) = convert::viewer(&engine).await?;
    let Some(player) = player else {
        return Ok(LoyaltyPage {
            viewer,
            player: None,
        });
    };
    let loyalty = engine.loyalty();
    let status = loyalty
        .status(player)
        .await
        .map_err(|e| convert::error("loading loyalty", e))?;
    let history = loyalty
        .transactions(player, None, HISTORY_PAGE)
        .await
        .map_err(|e| convert::error("loading loyalty history", e))?;
    let card = status.card_number.clone().map(convert::card).transpose()?;
    let kyc_verified = match engine.auth().profile(player).await {
        Ok(p) => p.kyc_status == "verified",
        Err(e) => return Err(super::server::internal("loading a profile", e)),
    };
    Ok(LoyaltyPage {
        viewer,
        player: Some(Box::new(PlayerLoyalty {
            player_id: player.to_string(),
            tiers: convert::tiers(&engine).await?,
            status,
            history,
            card,
            kyc_verified,
        })),
    })
}

/// The signed-in player's points, coins and tier now (after a
/// `loyalty.changed`).
#[server(prefix = "/rpc", endpoint = "loyalty_now")]
pub async fn loyalty_now() -> Result<LoyaltyStatus, ServerFnError> {
    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    engine
        .loyalty()
        .status(player.user_id)
        .await
        .map_err(|e| convert::error("loading loyalty", e))
}

/// The next page of the signed-in player's history, older than `cursor`
/// (blank: the newest).
#[server(prefix = "/rpc", endpoint = "loyalty_history")]
pub async fn loyalty_history(cursor: String) -> Result<LoyaltyTransactionList, ServerFnError> {
    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    let cursor = cursor.trim();
    let cursor = if cursor.is_empty() {
        None
    } else {
        match engine::paging::Cursor::decode(cursor) {
            Ok(c) => Some(c),
            // A cursor that does not decode was not one of ours.
            Err(_) => return Err(super::server::coded(crate::model::codes::VALIDATION_FAILED)),
        }
    };
    engine
        .loyalty()
        .transactions(player.user_id, cursor, HISTORY_PAGE)
        .await
        .map_err(|e| convert::error("loading loyalty history", e))
}

/// Issues the signed-in player's loyalty card (the same card again when
/// one exists); refused with `kyc_required` until the identity is verified.
#[server(prefix = "/rpc", endpoint = "loyalty_issue_card")]
pub async fn loyalty_issue_card() -> Result<CardReport, ServerFnError> {
    use engine::loyalty::LoyaltyError;

    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    match engine.loyalty().issue_card(player.user_id).await {
        Ok(card_number) => Ok(CardReport {
            ok: true,
            code: None,
            message: "Your card is ready: show the code at the venue's desk or scanner.".into(),
            card: Some(convert::card(card_number)?),
        }),
        Err(LoyaltyError::KycRequired) => Refusal::new(
            codes::KYC_REQUIRED,
            "A loyalty card needs a verified identity, because venues rely on it to know who you are. Verify your identity first, then come back for your card.",
        )
        .answer(),
        Err(LoyaltyError::SelfExcluded) => Refusal::new(
            codes::SELF_EXCLUDED,
            "No card can be issued while a break or self-exclusion is running.",
        )
        .answer(),
        Err(e) => Err(super::server::internal("issuing a loyalty card", e)),
    }
}

/// The store: the items on offer, with the player's balances and tier to
/// show what is affordable. Anyone may look; only players redeem.
#[server(prefix = "/rpc", endpoint = "loyalty_store")]
pub async fn loyalty_store() -> Result<StorePage, ServerFnError> {
    let engine = super::server::engine()?;
    let (viewer, player) = convert::viewer(&engine).await?;
    let loyalty = engine.loyalty();
    let items = loyalty
        .items(false)
        .await
        .map_err(|e| convert::error("loading the store", e))?
        .items;
    let status = match player {
        Some(player) => Some(
            loyalty
                .status(player)
                .await
                .map_err(|e| convert::error("loading loyalty", e))?,
        ),
        None => None,
    };
    Ok(StorePage {
        viewer,
        items,
        tiers: convert::tiers(&engine)
            .await?
            .into_iter()
            .map(|t| t.name)
            .collect(),
        status,
        currency: engine.config().reporting_currency.code().to_owned(),
    })
}

/// Redeems a store item for the signed-in player. `attempt` is the
/// attempt's idempotency key (1–200 characters): the same key again
/// replays the first answer and spends nothing more.
#[server(prefix = "/rpc", endpoint = "loyalty_redeem")]
pub async fn loyalty_redeem(
    reward_id: String,
    attempt: String,
) -> Result<RedeemReport, ServerFnError> {
    use engine::loyalty::LoyaltyError;

    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    let refused = |code: &str, message: String| RedeemReport {
        reward_id: reward_id.clone(),
        ..Refusal::new(code, message).into()
    };
    let Ok(id) = uuid::Uuid::parse_str(reward_id.trim()) else {
        return Ok(refused(
            "not_found",
            "This item is no longer in the store.".into(),
        ));
    };
    let attempt = attempt.trim();
    if attempt.is_empty() || attempt.chars().count() > MAX_ATTEMPT_CHARS {
        return Ok(refused(
            "validation_failed",
            "This page is out of date: reload it and try again.".into(),
        ));
    }
    let loyalty = engine.loyalty();
    let outcome = loyalty.redeem(player.user_id, id, attempt).await;
    let report = match outcome {
        Ok(_) => {
            engine.events().wake();
            RedeemReport {
                ok: true,
                code: None,
                message: "Redeemed: your reward is on its way to your account.".into(),
                reward_id: reward_id.clone(),
                status: None,
                stock_left: None,
            }
        }
        Err(LoyaltyError::InsufficientPoints) => refused(
            "insufficient_points",
            "You do not have enough points or coins for this item yet.".into(),
        ),
        Err(LoyaltyError::OutOfStock) => refused(
            "out_of_stock",
            "Sorry, this item has just run out of stock.".into(),
        ),
        Err(LoyaltyError::TierRequired(tier)) => refused(
            "tier_required",
            format!("This item is reserved for {tier} members and above."),
        ),
        Err(LoyaltyError::SelfExcluded) => refused(
            "self_excluded",
            "Redemptions are paused while a break or self-exclusion is running.".into(),
        ),
        Err(LoyaltyError::NotFound) => {
            refused("not_found", "This item is no longer in the store.".into())
        }
        Err(LoyaltyError::Validation(errors)) => refused(
            "validation_failed",
            errors
                .into_iter()
                .next()
                .map_or_else(|| "This redemption was refused.".into(), |f| f.message),
        ),
        Err(e) => return Err(super::server::internal("redeeming a store item", e)),
    };
    // Balances and stock as they are now, for the page to show.
    let status = loyalty
        .status(player.user_id)
        .await
        .map_err(|e| convert::error("loading loyalty", e))?;
    let stock_left = loyalty
        .items(true)
        .await
        .map_err(|e| convert::error("loading the store", e))?
        .items
        .into_iter()
        .find(|i| i.reward_id == id)
        .and_then(|i| i.stock_left);
    Ok(RedeemReport {
        status: Some(status),
        stock_left,
        ..report
    })
}

/// The programme and every store item, for the editor. VIP managers.
#[server(prefix = "/rpc", endpoint = "loyalty_admin")]
pub async fn loyalty_admin() -> Result<ProgrammeAdmin, ServerFnError> {
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::VipManager]).await?;
    let loyalty = engine.loyalty();
    let programme = loyalty
        .programme_view()
        .await
        .map_err(|e| convert::error("loading the loyalty programme", e))?;
    let items = loyalty
        .items(true)
        .await
        .map_err(|e| convert::error("loading the store", e))?
        .items;
    Ok(ProgrammeAdmin {
        programme,
        items,
        currency: engine.config().reporting_currency.code().to_owned(),
    })
}

/// Replaces the programme; field errors by path when it is refused. VIP
/// managers.
#[server(prefix = "/rpc", endpoint = "loyalty_save_programme", input = Json)]
pub async fn loyalty_save_programme(spec: ProgrammeSpec) -> Result<SaveReport, ServerFnError> {
    use engine::loyalty::LoyaltyError;

    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::VipManager]).await?;
    match engine.loyalty().set_programme(&spec, actor.user_id).await {
        Ok(view) => Ok(SaveReport {
            ok: true,
            message: "Programme saved. It applies to points earned from now on.".into(),
            programme: Some(view),
            ..SaveReport::default()
        }),
        Err(LoyaltyError::Validation(errors)) => Ok(SaveReport {
            message: "Some fields need attention; they are marked.".into(),
            field_errors: convert::fields(errors),
            ..SaveReport::default()
        }),
        Err(e) => Err(super::server::internal("saving the loyalty programme", e)),
    }
}

/// Adds an item to the store; field errors by path when it is refused.
/// VIP managers.
#[server(prefix = "/rpc", endpoint = "loyalty_create_item", input = Json)]
pub async fn loyalty_create_item(spec: StoreItemSpec) -> Result<SaveReport, ServerFnError> {
    use engine::loyalty::LoyaltyError;

    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::VipManager]).await?;
    match engine.loyalty().create_item(&spec, actor.user_id).await {
        Ok(item) => Ok(SaveReport {
            ok: true,
            message: format!("“{}” is in the store.", item.name),
            item: Some(item),
            ..SaveReport::default()
        }),
        Err(LoyaltyError::Validation(errors)) => Ok(SaveReport {
            message: "Some fields need attention; they are marked.".into(),
            field_errors: convert::fields(errors),
            ..SaveReport::default()
        }),
        Err(e) => Err(super::server::internal("creating a store item", e)),
    }
}
