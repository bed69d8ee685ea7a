//! The in-memory ranking of one leaderboard: who is where, for the top of
//! the table, a player's rank and the entries around them.
//!
//! Rules and limits:
//! - Higher scores rank first; equal scores rank by who reached the score
//!   first (the earlier `reached` sequence number), then by player id, so
//!   the order is total and the same on every server.
//! - A player has at most one entry; [`RankBoard::upsert`] moves it.
//! - Entries live in sorted blocks of at most [`BLOCK`] keys with the
//!   blocks' sizes beside them, so an update is a binary search plus a
//!   move within one block, and a rank is a sum over block sizes plus a
//!   search in one block: with 1,000,000 entries about 2,000 blocks, a few
//!   microseconds per call, and no pointer chasing. (An order-statistic
//!   tree gives O(log n) where this gives O(√n); at these sizes the flat
//!   blocks are faster and far simpler to get right.)
//! - Ranks are 1-based.

use std::collections::HashMap;

use uuid::Uuid;

/// Most keys in one block before it splits.
pub const BLOCK: usize = 1024;

/// Where one entry sorts: higher score first, then earlier `reached`, then
/// the player id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RankKey {
    /// The score (minor units, a count, a streak…).
    pub score: i64,
    /// When the score was reached: a sequence number, lower is earlier.
    pub reached: i64,
    /// The player.
    pub player: Uuid,
}

impl Ord for RankKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .cmp(&self.score)
            .then(self.reached.cmp(&other.reached))
            .then(self.player.cmp(&other.player))
    }
}

impl PartialOrd for RankKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// One row of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// 1-based rank.
    pub rank: u64,
    /// The entry.
    pub key: RankKey,
}

/// The ranking of one board.
#[derive(Debug, Clone)]
pub struct RankBoard {
    blocks: Vec<Vec<RankKey>>,
    by_player: HashMap<Uuid, RankKey>,
    /// Keys per block before a split ([`BLOCK`]; smaller in tests).
    block: usize,
}

impl Default for RankBoard {
    fn default() -> Self {
        Self::with_block(BLOCK)
    }
}

impl RankBoard {
    /// An empty board.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty board whose blocks split above `block` keys (at least 2).
    pub fn with_block(block: usize) -> Self {
        Self {
            blocks: Vec::new(),
            by_player: HashMap::new(),
            block: block.max(2),
        }
    }

    /// A board of `entries` (one per player; later duplicates win).
    pub fn from_entries(entries: impl IntoIterator<Item = RankKey>) -> Self {
        let mut by_player = HashMap::new();
        for key in entries {
            by_player.insert(key.player, key);
        }
        let mut keys: Vec<RankKey> = by_player.values().copied().collect();
        keys.sort_unstable();
        let blocks = keys.chunks(BLOCK / 2).map(<[RankKey]>::to_vec).collect();
        Self {
            blocks,
            by_player,
            block: BLOCK,
        }
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.by_player.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.by_player.is_empty()
    }

    /// The player's entry.
    pub fn entry(&self, player: Uuid) -> Option<RankKey> {
        self.by_player.get(&player).copied()
    }

    /// The block a key belongs in: the first whose last key is not below it.
    fn block_of(&self, key: &RankKey) -> usize {
        let i = self
            .blocks
            .partition_point(|b| b.last().is_some_and(|last| last < key));
        i.min(self.blocks.len().saturating_sub(1))
    }

    /// Sets the player's entry (inserting or moving it); answers the old one.
    pub fn upsert(&mut self, key: RankKey) -> Option<RankKey> {
        let old = self.remove(key.player);
        self.by_player.insert(key.player, key);
        if self.blocks.is_empty() {
            self.blocks.push(vec![key]);
            return old;
        }
        let b = self.block_of(&key);
        let block = &mut self.blocks[b];
        let at = block.partition_point(|k| k < &key);
        block.insert(at, key);
        if block.len() > self.block {
            let tail = block.split_off(self.block / 2);
            self.blocks.insert(b + 1, tail);
        }
        old
    }

    /// Removes the player's entry; answers it.
    pub fn remove(&mut self, player: Uuid) -> Option<RankKey> {
        let key = self.by_player.remove(&player)?;
        let b = self.block_of(&key);
        let block = &mut self.blocks[b];
        if let Ok(at) = block.binary_search(&key) {
            block.remove(at);
        }
        if block.is_empty() {
            self.blocks.remove(b);
        }
        Some(key)
    }

    /// The player's 1-based rank.
    pub fn rank(&self, player: Uuid) -> Option<u64> {
        let key = self.by_player.get(&player)?;
        let b = self.block_of(key);
        let before: usize = self.blocks[..b].iter().map(Vec::len).sum();
        let within = self.blocks[b].partition_point(|k| k < key);
        Some((before + within + 1) as u64)
    }

    /// Up to `n` entries from 1-based rank `from`.
    pub fn range(&self, from: u64, n: usize) -> Vec<Ranked> {
        let mut skip = from.saturating_sub(1) as usize;
        let mut out = Vec::with_capacity(n.min(self.len()));
        let mut rank = from.max(1);
        for block in &self.blocks {
            if out.len() == n {
                break;
            }
            if skip >= block.len() {
                skip -= block.len();
                continue;
            }
            for key in &block[skip..] {
                if out.len() == n {
                    break;
                }
                out.push(Ranked { rank, key: *key });
                rank += 1;
            }
            skip = 0;
        }
        out
    }

    /// The top `n`.
    pub fn top(&self, n: usize) -> Vec<Ranked> {
        self.range(1, n)
    }

    /// Up to `n` entries above the player, the player, and up to `n` below.
    pub fn around(&self, player: Uuid, n: usize) -> Vec<Ranked> {
        let Some(rank) = self.rank(player) else {
            return Vec::new();
        };
        let from = rank.saturating_sub(n as u64).max(1);
        let count = (rank - from) as usize + 1 + n;
        self.range(from, count)
    }

    /// Every entry in rank order (for checking against the database).
    pub fn ordered(&self) -> Vec<RankKey> {
        self.blocks.iter().flatten().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(score: i64, reached: i64, n: u128) -> RankKey {
        RankKey {
            score,
            reached,
            player: Uuid::from_u128(n),
        }
    }

    #[test]
    fn equal_scores_rank_by_who_reached_them_first() {
        let mut board = RankBoard::new();
        board.upsert(key(100, 5, 1));
        board.upsert(key(100, 3, 2));
        board.upsert(key(150, 9, 3));
        let order: Vec<u128> = board
            .top(3)
            .iter()
            .map(|r| r.key.player.as_u128())
            .collect();
        assert_eq!(order, [3, 2, 1]);
        assert_eq!(board.rank(Uuid::from_u128(1)), Some(3));
    }

    #[test]
    fn around_me_is_clipped_at_the_top() {
        let board = RankBoard::from_entries((0..10).map(|i| key(100 - i, i, i as u128)));
        let around: Vec<u64> = board
            .around(Uuid::from_u128(1), 2)
            .iter()
            .map(|r| r.rank)
            .collect();
        assert_eq!(around, [1, 2, 3, 4]);
        let around: Vec<u64> = board
            .around(Uuid::from_u128(9), 2)
            .iter()
            .map(|r| r.rank)
            .collect();
        assert_eq!(around, [8, 9, 10]);
    }

    proptest! {
        #[test]
        fn the_board_agrees_with_a_sorted_list(
            ops in proptest::collection::vec((0u128..300, -50i64..50, 0i64..1000, any::<bool>()), 1..3000)
        ) {
            let mut board = RankBoard::with_block(4);
            let mut truth: HashMap<Uuid, RankKey> = HashMap::new();
            for (player, score, reached, remove) in ops {
                let id = Uuid::from_u128(player);
                if remove {
                    prop_assert_eq!(board.remove(id), truth.remove(&id));
                } else {
                    let k = RankKey { score, reached, player: id };
                    prop_assert_eq!(board.upsert(k), truth.insert(id, k));
                }
            }
            let mut sorted: Vec<RankKey> = truth.values().copied().collect();
            sorted.sort();
            prop_assert_eq!(board.ordered(), sorted.clone());
            for (i, k) in sorted.iter().enumerate() {
                prop_assert_eq!(board.rank(k.player), Some(i as u64 + 1));
            }
            let top: Vec<RankKey> = board.top(10).iter().map(|r| r.key).collect();
            prop_assert_eq!(top, sorted.iter().take(10).copied().collect::<Vec<_>>());
        }
    }
}
