//! The player's side: placing the betslip's bets, My bets and cash-out.

use domain::betting::{BetKind, OddsChangePolicy, SystemType};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::convert;
use super::{BetKindCode, BetOutcome, BetsPage, CashOutData};
#[cfg(feature = "ssr")]
use crate::api::server;

/// One leg the betslip asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipLegInput {
    /// The selection.
    pub selection_id: String,
    /// The odds the player saw (ignored for teasers).
    pub odds: String,
}

/// A bet the betslip asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceBetInput {
    /// The kind, as the REST API names it.
    pub kind: BetKindCode,
    /// System type (`trixie`, `2/3`, ...) for system bets.
    pub system: Option<SystemType>,
    /// Teaser points, for teasers.
    pub teaser_points: Option<String>,
    /// Stake per line, decimal string.
    pub unit_stake: String,
    /// Legs in order.
    pub legs: Vec<SlipLegInput>,
    /// What to do when the odds moved before the bet is struck.
    pub odds_change: OddsChangePolicy,
    /// Idempotency key of this submission (a retry reuses it).
    pub idempotency_key: String,
}

impl PlaceBetInput {
    /// The bet's kind with its system type; `None` when `system` is missing
    /// for a system bet or given for another kind.
    pub fn bet_kind(&self) -> Option<BetKind> {
        Some(match (self.kind, self.system) {
            (BetKindCode::Single, None) => BetKind::Single,
            (BetKindCode::Accumulator, None) => BetKind::Accumulator,
            (BetKindCode::Teaser, None) => BetKind::Teaser,
            (BetKindCode::System, Some(system)) => BetKind::System(system),
            _ => return None,
        })
    }
}

/// Places the betslip's bet for the calling player. Refusals come back as
/// a [`BetOutcome`] with a stable code and, after `odds_changed`, the
/// current odds.
#[server(prefix = "/rpc", endpoint = "place_bet", input = Json)]
pub async fn place_bet(input: PlaceBetInput) -> Result<BetOutcome, ServerFnError> {
    use crate::model::codes;
    use domain::money::Money;
    use engine::sportsbook::{BetRequest, Decimal, LegRequest};

    let engine = server::engine()?;
    let principal = server::require(&engine, &[engine::Role::Player]).await?;
    let invalid = |message: &str| {
        Ok(BetOutcome {
            code: Some(codes::VALIDATION_FAILED.to_owned()),
            message: message.to_owned(),
            ..BetOutcome::default()
        })
    };
    let Some(kind) = input.bet_kind() else {
        return invalid("Choose a bet type.");
    };
    let currency = match engine.wallet().currency(principal.user_id).await {
        Ok(c) => c,
        Err(e) => return Err(server::internal("reading the wallet currency", e)),
    };
    let Ok(unit_stake) = Money::parse_positive(input.unit_stake.trim(), currency) else {
        return invalid(&format!(
            "Enter a stake greater than zero with at most {} decimals.",
            currency.exponent()
        ));
    };
    let teaser_points = match input.teaser_points.as_deref().map(str::trim) {
        Some(p) if kind == BetKind::Teaser => match p.parse::<Decimal>() {
            Ok(d) => Some(d),
            Err(_) => return invalid("Choose the teaser points."),
        },
        _ => None,
    };
    let mut legs = Vec::with_capacity(input.legs.len());
    for leg in input.legs.iter().take(domain::betting::MAX_LEGS + 1) {
        let Ok(selection_id) = uuid::Uuid::parse_str(leg.selection_id.trim()) else {
            return invalid("A selection in your betslip is unknown; remove it.");
        };
        let odds = if kind == BetKind::Teaser {
            None
        } else {
            match domain::betting::Odds::parse(leg.odds.trim()) {
                Ok(o) => Some(o),
                Err(_) => return invalid("A selection in your betslip has invalid odds."),
            }
        };
        legs.push(LegRequest { selection_id, odds });
    }
    let request = BetRequest {
        kind,
        teaser_points,
        unit_stake,
        legs,
        odds_change: input.odds_change,
    };
    // The key is scoped to the player and fingerprints the request, as the
    // REST API's Idempotency-Key does: a retry of the same slip places once.
    let key = input.idempotency_key.trim();
    let idem = if key.is_empty() {
        None
    } else {
        let fingerprint = serde_json::json!({"rpc": "place_bet", "request": &request});
        match engine::wallet::Idempotency::new(principal.user_id, key, &fingerprint, 201) {
            Ok(i) => Some(i),
            Err(_) => return invalid("This betslip could not be submitted; reload the page."),
        }
    };
    match engine
        .sportsbook()
        .place_bet(&principal, &request, idem.as_ref())
        .await
    {
        Ok(placed) => Ok(BetOutcome {
            ok: true,
            message: "Bet placed.".to_owned(),
            bet: Some(placed.value),
            ..BetOutcome::default()
        }),
        Err(e) => Ok(convert::refused(e)),
    }
}

/// One page of the caller's bets, newest first: `open`, `settled` or all
/// (empty); `cursor` is the `next_cursor` of the page before (empty: the
/// newest).
#[server(prefix = "/rpc", endpoint = "my_bets")]
pub async fn my_bets(
    #[server(default)] status: String,
    #[server(default)] cursor: String,
) -> Result<BetsPage, ServerFnError> {
    use engine::sportsbook::{BetFilter, MAX_BETS_PAGE};

    let engine = server::engine()?;
    let principal = server::require(&engine, &[engine::Role::Player]).await?;
    let filter = match status.as_str() {
        "open" => BetFilter::Open,
        "settled" => BetFilter::Settled,
        _ => BetFilter::All,
    };
    match engine
        .sportsbook()
        .bets(
            &principal,
            filter,
            MAX_BETS_PAGE,
            Some(cursor.trim()).filter(|c| !c.is_empty()),
        )
        .await
    {
        Ok(page) => Ok(page),
        Err(engine::sportsbook::SportsbookError::Validation { .. }) => {
            Err(server::coded(crate::model::codes::VALIDATION_FAILED))
        }
        Err(e) => Err(server::internal("listing bets", e)),
    }
}

/// What the caller's open bet cashes out for now. Unavailable cash-out
/// (suspended market, lost leg, settled bet, systems) comes back as data.
#[server(prefix = "/rpc", endpoint = "cash_out_offer")]
pub async fn cash_out_offer(bet_id: String) -> Result<CashOutData, ServerFnError> {
    let engine = server::engine()?;
    let principal = server::require(&engine, &[engine::Role::Player]).await?;
    let Ok(id) = uuid::Uuid::parse_str(bet_id.trim()) else {
        return Ok(convert::cash_out_refused(
            engine::sportsbook::SportsbookError::NotFound,
        ));
    };
    match engine.sportsbook().cash_out_quote(&principal, id).await {
        Ok(q) => Ok(convert::offer(q, true, String::new())),
        Err(e) => Ok(convert::cash_out_refused(e)),
    }
}

/// Cashes the caller's bet out at the offer `quote_id`. The key is the
/// quote's, so a retry of one confirmation pays once. When the odds moved
/// the answer carries the current offer to confirm instead.
#[server(prefix = "/rpc", endpoint = "cash_out")]
pub async fn cash_out(bet_id: String, quote_id: String) -> Result<CashOutData, ServerFnError> {
    let engine = server::engine()?;
    let principal = server::require(&engine, &[engine::Role::Player]).await?;
    let Ok(id) = uuid::Uuid::parse_str(bet_id.trim()) else {
        return Ok(convert::cash_out_refused(
            engine::sportsbook::SportsbookError::NotFound,
        ));
    };
    let fingerprint = serde_json::json!({"rpc": "cash_out", "bet_id": id, "quote_id": quote_id});
    let key = format!("cash-out:{}", quote_id.trim());
    let idem = engine::wallet::Idempotency::new(
        principal.user_id,
        &key.chars().take(255).collect::<String>(),
        &fingerprint,
        200,
    )
    .ok();
    match engine
        .sportsbook()
        .cash_out(&principal, id, &quote_id, idem.as_ref())
        .await
    {
        Ok(done) => {
            let bet = done.value;
            Ok(CashOutData {
                ok: true,
                message: format!(
                    "Cashed out for {} {}.",
                    bet.return_amount.clone().unwrap_or_default(),
                    bet.currency
                ),
                amount: bet.return_amount.clone(),
                currency: bet.currency.clone(),
                bet: Some(bet),
                ..CashOutData::default()
            })
        }
        Err(e) => Ok(convert::cash_out_refused(e)),
    }
}
