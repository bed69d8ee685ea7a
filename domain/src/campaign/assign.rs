//! Variant assignment: a stable hash of (campaign, player) into buckets,
//! the first ones held out, the rest split by the variants' weights.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Where a player lands in a campaign's experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Assignment {
    /// In the control group: no reward, counted for comparison.
    Holdout,
    /// The variant at this index.
    Variant(usize),
}

/// Number of buckets players are hashed into (0.01 % each).
pub const BUCKETS: u64 = 10_000;

/// The player's bucket in the campaign, `0..BUCKETS`: the first 8 bytes of
/// SHA-256(campaign id ‖ player id), big-endian, modulo [`BUCKETS`]. A pure
/// function of the two ids, so a player sees the same variant on every
/// server and after every restart, and different campaigns split players
/// independently.
pub fn bucket(campaign_id: Uuid, player_id: Uuid) -> u64 {
    let digest = Sha256::new()
        .chain_update(campaign_id.as_bytes())
        .chain_update(player_id.as_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % BUCKETS
}

/// Assigns a player to the holdout or a variant: the first
/// `holdout_percent` % of buckets are the holdout, the rest are split in
/// proportion to `weights`. Stable (see [`bucket`]); with no positive
/// weight there is nothing to give, so everyone is held out.
pub fn assign(
    campaign_id: Uuid,
    player_id: Uuid,
    weights: &[u32],
    holdout_percent: u8,
) -> Assignment {
    let b = bucket(campaign_id, player_id);
    let holdout = u64::from(holdout_percent.min(100)) * (BUCKETS / 100);
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if b < holdout || total == 0 {
        return Assignment::Holdout;
    }
    // b ≥ holdout, so the span below is at least 1.
    let span = u128::from(BUCKETS - holdout);
    let point = u128::from(b - holdout) * total / span;
    let mut cumulative = 0u128;
    for (i, weight) in weights.iter().enumerate() {
        cumulative += u128::from(*weight);
        if point < cumulative {
            return Assignment::Variant(i);
        }
    }
    // point < total, so the loop returned; kept for totality.
    Assignment::Holdout
}
