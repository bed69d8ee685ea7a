//! Croupier Originals, the built-in provider: each player's provably-fair
//! seed pair, rounds of the slot, roulette and dice played with the maths of
//! `domain::casino`, the round history and the data to verify a round.
//!
//! Fairness: the player always sees the SHA-256 commitment of the server
//! seed the next round will use (drawn from the OS CSPRNG). A round uses
//! that seed with the player's client seed and the nonce, reveals the seed
//! in the round record and rotates to a fresh one, so the commitment shown
//! before the round can be checked against the seed shown after, and the
//! round replayed with the same domain code. The nonce counts the player's
//! rounds and is part of every round's stream.

use domain::casino::{
    self as maths, ClientSeed, DiceBet, FairStream, RouletteBet, RouletteBetSpec, RouletteWager,
    ServerSeed,
};
use domain::money::Money;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Casino, CasinoError, ORIGINALS};
use crate::compliance::ComplianceError;
use crate::paging::{self, Cursor, Page};
use crate::wallet::casino::OriginalsPosting;
use crate::wallet::{Idempotency, WalletError};
use crate::{Principal, Role};
use entity::{casino_rounds, casino_seeds};

/// Most rounds one history page lists.
pub const MAX_ROUNDS_PAGE: u64 = 100;

/// What the player bets on in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "game", rename_all = "snake_case")]
pub enum OriginalsBet {
    /// A slot spin over all 20 lines.
    Slot {
        /// Total stake, a multiple of 20 minor units.
        stake: Money,
    },
    /// Roulette bets, each with its stake.
    Roulette {
        /// The bets.
        wagers: Vec<(RouletteBetSpec, Money)>,
    },
    /// A dice bet.
    Dice {
        /// Direction and target.
        bet: DiceBet,
        /// Stake.
        stake: Money,
    },
}

impl OriginalsBet {
    /// The game code this bet is for.
    pub fn game_code(&self) -> &'static str {
        match self {
            Self::Slot { .. } => maths::SLOT_CODE,
            Self::Roulette { .. } => maths::ROULETTE_CODE,
            Self::Dice { .. } => maths::DICE_CODE,
        }
    }
}

/// The seed pair the player sees: the next round's commitment, never the
/// seed itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedView {
    /// SHA-256 (hex) of the server seed the next round uses.
    pub commitment: String,
    /// The player's client seed.
    pub client_seed: String,
    /// The nonce of the next round.
    pub nonce: i64,
}

/// A played round with everything needed to verify it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundView {
    /// The round.
    pub round_id: Uuid,
    /// The game.
    pub game_code: String,
    /// Total stake, a decimal string.
    pub stake: String,
    /// Total win.
    pub win: String,
    /// Currency.
    pub currency: String,
    /// The domain's result.
    pub result: serde_json::Value,
    /// Commitment shown before the round.
    pub commitment: String,
    /// The server seed, revealed.
    pub server_seed: String,
    /// The client seed.
    pub client_seed: String,
    /// The nonce.
    pub nonce: i64,
    /// When it was played (RFC 3339).
    pub created_at: String,
    /// The player's cash right after the round.
    pub balance_after: String,
}

impl TryFrom<casino_rounds::Model> for RoundView {
    type Error = CasinoError;

    fn try_from(m: casino_rounds::Model) -> Result<Self, CasinoError> {
        let currency: domain::money::Currency = m
            .currency
            .parse()
            .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored currency: {e}")))?;
        let result = serde_json::from_str(&m.result)
            .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored round result: {e}")))?;
        Ok(Self {
            round_id: m.id,
            game_code: m.game_code,
            stake: Money::new(m.stake, currency).format_amount(),
            win: Money::new(m.win, currency).format_amount(),
            currency: m.currency,
            result,
            commitment: m.commitment,
            server_seed: m.server_seed,
            client_seed: m.client_seed,
            nonce: m.nonce,
            created_at: m.created_at.to_rfc3339(),
            balance_after: Money::new(m.balance_after, currency).format_amount(),
        })
    }
}

/// The outcome of re-running a stored round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    /// The round as stored.
    pub round: RoundView,
    /// SHA-256 of the revealed seed equals the commitment.
    pub commitment_matches: bool,
    /// Replaying the round gives the stored result.
    pub result_matches: bool,
}

fn fresh_seed() -> ServerSeed {
    // rand::random draws from the thread-local CSPRNG seeded by the OS.
    ServerSeed::from_bytes(rand::random())
}

fn casino_err(e: maths::CasinoError, field: &str) -> CasinoError {
    CasinoError::validation(field, &e.to_string())
}

/// Plays `bet` on the stream; the result as JSON, the stake and the win.
pub fn play(
    stream: &mut FairStream,
    bet: &OriginalsBet,
) -> Result<(serde_json::Value, Money, Money), CasinoError> {
    match bet {
        OriginalsBet::Slot { stake } => {
            let round = maths::play_slot(stream, *stake).map_err(|e| casino_err(e, "stake"))?;
            Ok((json(&round)?, round.stake, round.total_win))
        }
        OriginalsBet::Roulette { wagers } => {
            let mut checked = Vec::with_capacity(wagers.len());
            for (spec, stake) in wagers {
                checked.push(RouletteWager {
                    bet: RouletteBet::new(*spec).map_err(|e| casino_err(e, "wagers"))?,
                    stake: *stake,
                });
            }
            let round =
                maths::spin_roulette(stream, &checked).map_err(|e| casino_err(e, "wagers"))?;
            Ok((json(&round)?, round.total_stake, round.total_payout))
        }
        OriginalsBet::Dice { bet, stake } => {
            let round =
                maths::roll_dice(stream, *bet, *stake).map_err(|e| casino_err(e, "stake"))?;
            Ok((json(&round)?, round.stake, round.payout))
        }
    }
}

fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, CasinoError> {
    serde_json::to_value(value)
        .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("round json: {e}")))
}

impl Casino<'_> {
    async fn seeds(&self, player: Uuid) -> Result<casino_seeds::Model, CasinoError> {
        if let Some(row) = casino_seeds::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?
        {
            return Ok(row);
        }
        let row = casino_seeds::ActiveModel {
            player_id: Set(player),
            server_seed: Set(fresh_seed().to_hex()),
            client_seed: Set(hex::encode(rand::random::<[u8; 8]>())),
            nonce: Set(0),
            updated_at: Set(self.engine.now()),
        };
        // Two first calls may race: whichever row is stored wins.
        let _ = casino_seeds::Entity::insert(row)
            .on_conflict_do_nothing()
            .exec(self.engine.db())
            .await;
        casino_seeds::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?
            .ok_or_else(|| CasinoError::Unexpected(anyhow::anyhow!("seed row vanished")))
    }

    /// The caller's seed pair: the commitment of the next server seed.
    pub async fn seed_view(&self, principal: &Principal) -> Result<SeedView, CasinoError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| CasinoError::Forbidden)?;
        let row = self.seeds(principal.user_id).await?;
        let seed = ServerSeed::parse_hex(&row.server_seed)
            .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored seed: {e}")))?;
        Ok(SeedView {
            commitment: seed.commitment(),
            client_seed: row.client_seed,
            nonce: row.nonce,
        })
    }

    /// Sets the caller's client seed; the server seed rotates with it, so
    /// no seed the player has seen a commitment for is reused with a seed
    /// the server has seen.
    pub async fn set_client_seed(
        &self,
        principal: &Principal,
        client_seed: &str,
    ) -> Result<SeedView, CasinoError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| CasinoError::Forbidden)?;
        let client = ClientSeed::parse(client_seed).map_err(|e| casino_err(e, "client_seed"))?;
        let row = self.seeds(principal.user_id).await?;
        let mut active: casino_seeds::ActiveModel = row.into();
        active.client_seed = Set(client.as_str().to_owned());
        active.server_seed = Set(fresh_seed().to_hex());
        active.updated_at = Set(self.engine.now());
        active.update(self.engine.db()).await?;
        self.seed_view(principal).await
    }

    /// Plays one round for the caller: responsible gaming first, then the
    /// maths on the committed seed, then stake and win through the wallet
    /// with the round record in one transaction. With an idempotency key a
    /// repeat returns the first round.
    pub async fn play_originals(
        &self,
        principal: &Principal,
        bet: &OriginalsBet,
        idem: Option<&Idempotency>,
    ) -> Result<RoundView, CasinoError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| CasinoError::Forbidden)?;
        let player = principal.user_id;
        // A replay answers as the first time did, whatever changed since
        // (a limit reached by that very round must not refuse its replay).
        if let Some(idem) = idem
            && let Some(answer) =
                crate::wallet::store::find_idempotent(self.engine.db(), idem).await?
        {
            return self.round(principal, stored_round_id(&answer.body)?).await;
        }
        let game = self.game(bet.game_code()).await?;
        if !game.enabled || game.provider != ORIGINALS {
            return Err(CasinoError::NotFound);
        }
        let currency = self.engine.wallet().currency(player).await?;
        let stake = match bet {
            OriginalsBet::Slot { stake } | OriginalsBet::Dice { stake, .. } => *stake,
            OriginalsBet::Roulette { wagers } => {
                Money::checked_sum(currency, wagers.iter().map(|w| w.1)).map_err(|_| {
                    CasinoError::validation("wagers", "Stakes must be in the wallet's currency.")
                })?
            }
        };
        if stake.currency() != currency {
            return Err(CasinoError::validation(
                "stake",
                "The stake must be in the wallet's currency.",
            ));
        }
        if !stake.is_positive() {
            return Err(CasinoError::validation(
                "stake",
                "The stake must be greater than zero.",
            ));
        }
        let now = self.engine.now();
        self.engine
            .compliance()
            .check_play(principal, stake, now)
            .await
            .map_err(CasinoError::Compliance)?;
        for _ in 0..crate::wallet::store::MAX_ATTEMPTS {
            let seeds = self.seeds(player).await?;
            let server = ServerSeed::parse_hex(&seeds.server_seed)
                .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored seed: {e}")))?;
            let client = ClientSeed::parse(&seeds.client_seed)
                .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored client seed: {e}")))?;
            let nonce = u64::try_from(seeds.nonce).unwrap_or(0);
            let mut stream = FairStream::new(&server, &client, nonce);
            let (result, stake, win) = play(&mut stream, bet)?;
            let posting = OriginalsPosting {
                round_id: Uuid::now_v7(),
                game_code: bet.game_code().to_owned(),
                stake,
                win,
                result,
                commitment: server.commitment(),
                server_seed: server.to_hex(),
                client_seed: client.as_str().to_owned(),
                nonce: seeds.nonce,
                next_server_seed: fresh_seed().to_hex(),
            };
            match self
                .engine
                .wallet()
                .post_originals_round(player, &posting, idem)
                .await
            {
                Ok(posted) => return self.round(principal, posted.round_id).await,
                // Another round used this seed first: draw again.
                Err(WalletError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CasinoError::Wallet(WalletError::Conflict))
    }

    /// Plays one round of `game_code` with a free spin of the caller's
    /// grant `bonus_id` (`crate::bonuses::free_play`): the grant's stake,
    /// paid by the house, on the slot (the only Originals game a spin
    /// plays without a bet of the player's); the win goes to cash.
    /// `FreeSpinsUsed` when the grant has no spin left for this game.
    /// Responsible gaming is checked as for any round (with no stake of
    /// the player's). With an idempotency key a repeat returns the first
    /// round.
    pub async fn play_free_spin(
        &self,
        principal: &Principal,
        game_code: &str,
        bonus_id: Uuid,
        idem: Option<&Idempotency>,
    ) -> Result<RoundView, CasinoError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| CasinoError::Forbidden)?;
        let player = principal.user_id;
        if let Some(idem) = idem
            && let Some(answer) =
                crate::wallet::store::find_idempotent(self.engine.db(), idem).await?
        {
            return self.round(principal, stored_round_id(&answer.body)?).await;
        }
        let game = self.game(game_code).await?;
        if !game.enabled || game.provider != ORIGINALS {
            return Err(CasinoError::NotFound);
        }
        let currency = self.engine.wallet().currency(player).await?;
        let now = self.engine.now();
        let stake = crate::bonuses::free_play::free_spin_stake(
            self.engine.db(),
            player,
            bonus_id,
            game_code,
            currency,
            now,
        )
        .await?
        .filter(|_| game_code == maths::SLOT_CODE)
        .ok_or(CasinoError::FreeSpinsUsed)?;
        let bet = OriginalsBet::Slot { stake };
        self.engine
            .compliance()
            .check_play(principal, Money::zero(currency), now)
            .await
            .map_err(CasinoError::Compliance)?;
        for _ in 0..crate::wallet::store::MAX_ATTEMPTS {
            let seeds = self.seeds(player).await?;
            let server = ServerSeed::parse_hex(&seeds.server_seed)
                .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored seed: {e}")))?;
            let client = ClientSeed::parse(&seeds.client_seed)
                .map_err(|e| CasinoError::Unexpected(anyhow::anyhow!("stored client seed: {e}")))?;
            let nonce = u64::try_from(seeds.nonce).unwrap_or(0);
            let mut stream = FairStream::new(&server, &client, nonce);
            let (result, stake, win) = play(&mut stream, &bet)?;
            let posting = OriginalsPosting {
                round_id: Uuid::now_v7(),
                game_code: bet.game_code().to_owned(),
                stake,
                win,
                result,
                commitment: server.commitment(),
                server_seed: server.to_hex(),
                client_seed: client.as_str().to_owned(),
                nonce: seeds.nonce,
                next_server_seed: fresh_seed().to_hex(),
            };
            match self
                .engine
                .wallet()
                .post_free_spin_round(player, bonus_id, &posting, idem)
                .await
            {
                Ok(Some(posted)) => return self.round(principal, posted.round_id).await,
                Ok(None) => return Err(CasinoError::FreeSpinsUsed),
                // Another round used this seed first: draw again.
                Err(WalletError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CasinoError::Wallet(WalletError::Conflict))
    }

    /// One page of the caller's rounds, newest first: at most `limit` (1 to
    /// [`MAX_ROUNDS_PAGE`]) older than `cursor` (a `next_cursor` of an
    /// earlier page; a malformed one is a validation failure on `cursor`).
    /// `next_cursor` is set when the page is full.
    pub async fn rounds(
        &self,
        principal: &Principal,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<RoundView>, CasinoError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_ROUNDS_PAGE);
        let rows = paging::newest_first(
            casino_rounds::Entity::find()
                .filter(casino_rounds::Column::PlayerId.eq(principal.user_id)),
            casino_rounds::Column::CreatedAt,
            casino_rounds::Column::Id,
            after,
            limit,
        )
        .all(self.engine.db())
        .await?;
        Page::of(rows, limit, |r| Cursor::new(r.created_at, r.id), |r| r)
            .try_map(RoundView::try_from)
    }

    /// One of the caller's rounds (`NotFound` for another player's).
    pub async fn round(&self, principal: &Principal, id: Uuid) -> Result<RoundView, CasinoError> {
        casino_rounds::Entity::find_by_id(id)
            .one(self.engine.db())
            .await?
            .filter(|r| r.player_id == principal.user_id || principal.is_backoffice())
            .ok_or(CasinoError::NotFound)?
            .try_into()
    }

    /// Re-runs a stored round from its revealed seeds with the domain code
    /// and compares commitment and result.
    pub async fn verify_round(
        &self,
        principal: &Principal,
        id: Uuid,
    ) -> Result<Verification, CasinoError> {
        let round = self.round(principal, id).await?;
        Ok(verify_view(round))
    }
}

/// The round id a stored idempotent answer names.
fn stored_round_id(body: &serde_json::Value) -> Result<Uuid, CasinoError> {
    body.get("round_id")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            CasinoError::Unexpected(anyhow::anyhow!("stored round answer without round_id"))
        })
}

/// Checks a round view: the revealed seed against the commitment, and a
/// replay of the round against the stored result.
pub fn verify_view(round: RoundView) -> Verification {
    let seed = ServerSeed::parse_hex(&round.server_seed).ok();
    let commitment_matches = seed
        .as_ref()
        .is_some_and(|s| maths::verify(&round.commitment, s));
    let result_matches = (|| {
        let seed = seed.as_ref()?;
        let client = ClientSeed::parse(&round.client_seed).ok()?;
        let nonce = u64::try_from(round.nonce).ok()?;
        let bet = bet_of(&round)?;
        let mut stream = FairStream::new(seed, &client, nonce);
        let (replayed, _, _) = play(&mut stream, &bet).ok()?;
        Some(replayed == round.result)
    })()
    .unwrap_or(false);
    Verification {
        round,
        commitment_matches,
        result_matches,
    }
}

/// The bet a stored round was played with, read back from its result.
fn bet_of(round: &RoundView) -> Option<OriginalsBet> {
    let r = &round.result;
    match round.game_code.as_str() {
        maths::SLOT_CODE => Some(OriginalsBet::Slot {
            stake: serde_json::from_value(r.get("stake")?.clone()).ok()?,
        }),
        maths::DICE_CODE => Some(OriginalsBet::Dice {
            bet: serde_json::from_value(r.get("bet")?.clone()).ok()?,
            stake: serde_json::from_value(r.get("stake")?.clone()).ok()?,
        }),
        maths::ROULETTE_CODE => {
            let results = r.get("results")?.as_array()?;
            let mut wagers = Vec::with_capacity(results.len());
            for item in results {
                let bet: RouletteBet = serde_json::from_value(item.get("bet")?.clone()).ok()?;
                let stake: Money = serde_json::from_value(item.get("stake")?.clone()).ok()?;
                wagers.push((RouletteBetSpec::from(bet), stake));
            }
            Some(OriginalsBet::Roulette { wagers })
        }
        _ => None,
    }
}

impl From<ComplianceError> for CasinoError {
    fn from(e: ComplianceError) -> Self {
        Self::Compliance(e)
    }
}
