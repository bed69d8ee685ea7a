//! Placing the slip: the bets it stands for (one per single, or one
//! multiple), sent in turn, and their answers applied to the legs (placed
//! legs leave, refused ones stay with the news).

use std::collections::HashMap;

use domain::betting::{BetKind, OddsChangePolicy};
use leptos::prelude::*;

use super::{Betslip, SlipLeg};
use crate::api::sportsbook::{BetKindCode, BetOutcome, PlaceBetInput, SlipLegInput, place_bet};

/// The bets of a slip: one per leg for [`BetKind::Single`], else one bet of
/// `mode` over every leg (a teaser with the table's `teaser_points`); `key`
/// is the slip's idempotency key (suffixed per single).
pub(super) fn bets_of(
    legs: &[SlipLeg],
    mode: BetKind,
    stake: &str,
    policy: OddsChangePolicy,
    key: &str,
    teaser_points: Option<String>,
) -> Vec<PlaceBetInput> {
    let leg_input = |l: &SlipLeg| SlipLegInput {
        selection_id: l.selection_id.clone(),
        odds: l.odds.clone(),
    };
    if mode == BetKind::Single {
        return legs
            .iter()
            .enumerate()
            .map(|(i, l)| PlaceBetInput {
                kind: BetKindCode::Single,
                system: None,
                teaser_points: None,
                unit_stake: stake.to_owned(),
                legs: vec![leg_input(l)],
                odds_change: policy,
                idempotency_key: format!("{key}-{i}"),
            })
            .collect();
    }
    vec![PlaceBetInput {
        kind: BetKindCode::from(mode),
        system: mode.system(),
        teaser_points: teaser_points.filter(|_| mode == BetKind::Teaser),
        unit_stake: stake.to_owned(),
        legs: legs.iter().map(leg_input).collect(),
        odds_change: policy,
        idempotency_key: key.to_owned(),
    }]
}

/// Applies the answers of a placement to the legs: placed legs leave the
/// slip; the others take the odds the server quoted (under `policy`) and
/// are marked when their selection is unavailable. Returns how many legs
/// were placed.
pub(super) fn apply_outcomes(
    legs: &mut Vec<SlipLeg>,
    results: &[BetOutcome],
    policy: OddsChangePolicy,
) -> usize {
    let placed: Vec<String> = results
        .iter()
        .filter_map(|r| r.bet.as_ref())
        .flat_map(|b| b.legs.iter().map(|l| l.selection_id.to_string()))
        .collect();
    let mut current: HashMap<String, String> = HashMap::new();
    let mut unavailable: Vec<String> = Vec::new();
    for r in results {
        current.extend(r.current_odds.iter().cloned());
        if r.code.as_deref() == Some("selection_unavailable") {
            unavailable.extend(r.selection_ids.iter().cloned());
        }
    }
    legs.retain(|l| !placed.contains(&l.selection_id));
    for l in legs.iter_mut() {
        if let Some(now) = current.get(&l.selection_id) {
            l.move_to(now, policy);
        }
        if unavailable.contains(&l.selection_id) {
            l.available = false;
        }
    }
    placed.len()
}

/// Places the slip as it stands (nothing while a placement runs).
pub(super) fn place(slip: Betslip, teaser_points: Option<String>) {
    if slip.placing.get_untracked() {
        return;
    }
    let policy = slip.policy.get_untracked();
    let inputs = slip.legs.with_untracked(|legs| {
        bets_of(
            legs,
            slip.mode.get_untracked(),
            &crate::format::typed_amount(&slip.stake.get_untracked()),
            policy,
            &slip.key.get_untracked(),
            teaser_points,
        )
    });
    slip.placing.set(true);
    slip.results.set(Vec::new());
    leptos::task::spawn_local(async move {
        let mut results = Vec::new();
        for input in inputs {
            let outcome = match place_bet(input).await {
                Ok(o) => o,
                Err(_) => BetOutcome {
                    code: Some("internal".to_owned()),
                    message: crate::i18n::use_locale()
                        .t(crate::i18n::Msg::BetNotSent)
                        .to_owned(),
                    ..BetOutcome::default()
                },
            };
            results.push(outcome);
        }
        let mut placed = 0;
        slip.legs
            .update(|legs| placed = apply_outcomes(legs, &results, policy));
        if placed > 0 {
            slip.placed.update(|n| *n += 1);
        }
        slip.results.set(results);
        slip.placing.set(false);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::betslip::tests::leg;

    #[test]
    fn singles_are_one_bet_each_and_a_multiple_is_one_bet() {
        let legs = vec![leg("a", "2.00"), leg("b", "1.50")];
        let singles = bets_of(
            &legs,
            BetKind::Single,
            "5.00",
            OddsChangePolicy::Reject,
            "k",
            None,
        );
        assert_eq!(singles.len(), 2);
        assert_eq!(singles[1].idempotency_key, "k-1");
        assert_eq!(singles[0].kind, BetKindCode::Single);
        assert_eq!(singles[0].odds_change, OddsChangePolicy::Reject);
        let acca = bets_of(
            &legs,
            BetKind::Accumulator,
            "5.00",
            OddsChangePolicy::AcceptAny,
            "k",
            None,
        );
        assert_eq!(acca.len(), 1);
        assert_eq!(acca[0].kind, BetKindCode::Accumulator);
        assert_eq!(acca[0].legs.len(), 2);
        assert_eq!(acca[0].odds_change, OddsChangePolicy::AcceptAny);
        let system = bets_of(
            &legs,
            BetKind::System(domain::betting::SystemType::k_of_n(2, 3).unwrap()),
            "1.00",
            OddsChangePolicy::AcceptHigher,
            "k",
            None,
        );
        assert_eq!(system[0].kind, BetKindCode::System);
        assert_eq!(
            system[0].system.map(|s| s.to_string()).as_deref(),
            Some("2/3")
        );
    }
}
