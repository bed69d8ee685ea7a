//! Provably fair randomness: commit and reveal of the server seed, the
//! player's client seed, and the deterministic byte stream every round draws
//! from.
//!
//! # The scheme, exactly (enough to reimplement it)
//!
//! 1. Before play, the server picks a 32-byte **server seed** from the OS
//!    CSPRNG and shows its **commitment**: the lower-case hex of
//!    `SHA-256(seed bytes)` (64 characters).
//! 2. The player may set a **client seed**: 1 to 64 printable ASCII
//!    characters, `!` (0x21) to `~` (0x7E), so no spaces.
//! 3. Each bet under that seed pair has a **nonce** (`u64`, the engine counts
//!    0, 1, 2, …).
//! 4. The round's byte stream is `block(0) ‖ block(1) ‖ block(2) ‖ …` where
//!    `block(r) = HMAC-SHA256(key = the 32 raw seed bytes,
//!    message = ASCII "{client_seed}:{nonce}:{r}")`, with `nonce` and `r` in
//!    decimal without leading zeros (e.g. `"lucky:7:0"`). Each block is 32
//!    bytes; `r` is the *round index* and only grows.
//! 5. The stream is read in **4-byte chunks**, each a big-endian `u32`; a
//!    block holds 8 chunks, so no chunk spans two blocks.
//! 6. A draw in `[0, n)` for `1 ≤ n ≤ 2³²` takes chunks `x` until
//!    `x < limit`, where `limit = 2³² − (2³² mod n)` (the largest multiple of
//!    `n` not above 2³²), and returns `x mod n`. Rejected chunks are skipped;
//!    the next draw continues with the following chunk. Every value is then
//!    exactly equally likely.
//! 7. After the seed pair is retired, the server reveals the seed; anyone
//!    checks `SHA-256(seed) == commitment` with [`verify`] and re-runs every
//!    round from `(seed, client seed, nonce)`.
//!
//! Each game documents which draws it makes, in which order.

use core::fmt;
use core::num::NonZeroU32;
use core::str::FromStr;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::CasinoError;
use crate::money::serde_via_str;

type HmacSha256 = Hmac<Sha256>;

/// Bytes in a server seed.
pub const SERVER_SEED_BYTES: usize = 32;

/// Most characters in a client seed.
pub const MAX_CLIENT_SEED_CHARS: usize = 64;

/// The server's secret for a run of rounds: 32 bytes the engine draws from
/// the OS CSPRNG (the domain only takes bytes). Serialized as 64 lower-case
/// hex digits; `Debug` hides it so it never lands in a log before reveal.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerSeed([u8; SERVER_SEED_BYTES]);

impl ServerSeed {
    /// The seed with these bytes.
    pub const fn from_bytes(bytes: [u8; SERVER_SEED_BYTES]) -> Self {
        ServerSeed(bytes)
    }

    /// The raw bytes (the HMAC key).
    pub const fn as_bytes(&self) -> &[u8; SERVER_SEED_BYTES] {
        &self.0
    }

    /// 64 lower-case hex digits, as revealed to the player.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex digits (either case).
    pub fn parse_hex(s: &str) -> Result<Self, CasinoError> {
        if s.len() != 2 * SERVER_SEED_BYTES {
            return Err(CasinoError::InvalidServerSeed);
        }
        let mut bytes = [0u8; SERVER_SEED_BYTES];
        hex::decode_to_slice(s, &mut bytes).map_err(|_| CasinoError::InvalidServerSeed)?;
        Ok(ServerSeed(bytes))
    }

    /// The commitment shown before play; see [`commitment`].
    pub fn commitment(&self) -> String {
        commitment(self)
    }
}

impl fmt::Debug for ServerSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServerSeed(<hidden>)")
    }
}

impl serde::Serialize for ServerSeed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for ServerSeed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        ServerSeed::parse_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// The lower-case hex of SHA-256 over the 32 seed bytes: shown to the player
/// before the first round under this seed.
pub fn commitment(server_seed: &ServerSeed) -> String {
    hex::encode(Sha256::digest(server_seed.0))
}

/// Whether `revealed_seed` is the seed behind `commitment` (hex, either case;
/// surrounding whitespace is not accepted).
pub fn verify(commitment: &str, revealed_seed: &ServerSeed) -> bool {
    commitment.eq_ignore_ascii_case(&self::commitment(revealed_seed))
}

/// The player's contribution to the randomness: 1 to
/// [`MAX_CLIENT_SEED_CHARS`] printable ASCII characters from `!` to `~` (no
/// spaces, so nothing is lost to trimming). Serialized as the string itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientSeed(String);

impl ClientSeed {
    /// Validates a client seed.
    pub fn parse(s: &str) -> Result<Self, CasinoError> {
        let valid = !s.is_empty()
            && s.len() <= MAX_CLIENT_SEED_CHARS
            && s.bytes().all(|b| (0x21..=0x7E).contains(&b));
        if valid {
            Ok(ClientSeed(s.to_owned()))
        } else {
            Err(CasinoError::InvalidClientSeed)
        }
    }

    /// The seed text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ClientSeed {
    type Err = CasinoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClientSeed::parse(s)
    }
}

serde_via_str!(ClientSeed);

fn keyed(server_seed: &ServerSeed) -> HmacSha256 {
    // HMAC takes keys of every length, so this never fails.
    HmacSha256::new_from_slice(&server_seed.0).expect("HMAC accepts keys of any length")
}

/// Block `round` of the stream: `HMAC-SHA256(key = seed bytes,
/// message = "{client_seed}:{nonce}:{round}")`.
pub fn fair_block(
    server_seed: &ServerSeed,
    client_seed: &ClientSeed,
    nonce: u64,
    round: u64,
) -> [u8; 32] {
    let mut mac = keyed(server_seed);
    mac.update(format!("{client_seed}:{nonce}:{round}").as_bytes());
    mac.finalize().into_bytes().into()
}

/// The byte stream of one bet, read as described in the module docs. Every
/// draw of a round (a roulette spin, a dice roll, five reel stops, then the
/// stops of each free spin) comes from one stream in order.
#[derive(Clone)]
pub struct FairStream {
    mac: HmacSha256,
    prefix: String,
    next_round: u64,
    block: [u8; 32],
    offset: usize,
}

impl FairStream {
    /// The stream of the bet with this seed pair and nonce, positioned at
    /// round 0, byte 0.
    pub fn new(server_seed: &ServerSeed, client_seed: &ClientSeed, nonce: u64) -> Self {
        FairStream {
            mac: keyed(server_seed),
            prefix: format!("{client_seed}:{nonce}:"),
            next_round: 0,
            block: [0; 32],
            // Past the end: the first read computes block 0.
            offset: 32,
        }
    }

    /// The round index of the block the next chunk comes from.
    pub fn round(&self) -> u64 {
        if self.offset < self.block.len() {
            self.next_round.saturating_sub(1)
        } else {
            self.next_round
        }
    }

    /// The next 4-byte chunk as a big-endian `u32`.
    pub fn next_u32(&mut self) -> u32 {
        if self.offset >= self.block.len() {
            let mut mac = self.mac.clone();
            mac.update(self.prefix.as_bytes());
            mac.update(self.next_round.to_string().as_bytes());
            self.block = mac.finalize().into_bytes().into();
            // 2⁶⁴ blocks are never reached; saturate rather than wrap.
            self.next_round = self.next_round.saturating_add(1);
            self.offset = 0;
        }
        let mut chunk = [0u8; 4];
        chunk.copy_from_slice(&self.block[self.offset..self.offset + 4]);
        self.offset += 4;
        u32::from_be_bytes(chunk)
    }

    /// A uniform draw in `[0, n)` by rejection sampling (module docs, step 6).
    pub fn below(&mut self, n: NonZeroU32) -> u32 {
        let n = u64::from(n.get());
        let span = 1u64 << 32;
        let limit = span - span % n;
        loop {
            let x = u64::from(self.next_u32());
            if x < limit {
                // x mod n < n ≤ u32::MAX.
                return (x % n) as u32;
            }
        }
    }
}

impl fmt::Debug for FairStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FairStream")
            .field("round", &self.round())
            .finish_non_exhaustive()
    }
}
