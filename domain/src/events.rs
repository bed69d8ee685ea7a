//! The events the engine writes to its outbox, as types: one definition that
//! the producers (engine), the websocket hub (server) and the browser (app,
//! compiled to WebAssembly) share, so no consumer indexes a JSON payload by
//! a field name it hopes is there.
//!
//! Rules:
//! - An event is a [`Topic`] (who may see it) and an [`EventData`] (what
//!   happened). `EventData` is one variant per kind; its serde form is
//!   `{"kind": "bet.placed", "payload": {...}}`, which is also what the
//!   outbox stores (the kind and the payload in two columns) and what a
//!   websocket client receives beside the event's id, topic and time.
//! - Kinds are stable dotted names (`wallet.balance_changed`); a payload may
//!   gain fields, never lose or rename one (old outbox rows are replayed
//!   after an upgrade, and browsers may run the previous build).
//! - Amounts are strings with exactly the currency's minor digits (`"10.00"`),
//!   as everywhere in the API, next to their `currency`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::betting::Odds;
use crate::compliance::{ExclusionKind, LimitKind, LimitPeriod};
use crate::money::Currency;

/// Who an event is for: the websocket topic it is delivered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    /// `player:{id}`: the player's own notifications (owner only).
    Player(Uuid),
    /// `wallet:{id}`: the player's balances (owner only).
    Wallet(Uuid),
    /// `odds:{event_id}`: prices and market states of one sporting event
    /// (anyone).
    Odds(Uuid),
    /// `risk:{event_id}`: liability of one sporting event changed (traders).
    Risk(Uuid),
    /// `lobby`: what is on (anyone).
    Lobby,
    /// `compliance:alerts`: responsible-gaming alerts (compliance).
    ComplianceAlerts,
    /// `campaign:{id}`: a live campaign's numbers (marketing, admin).
    Campaign(Uuid),
    /// `leaderboard:{id}`: a board's top of the table (anyone).
    Leaderboard(Uuid),
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Topic::Player(id) => write!(f, "player:{id}"),
            Topic::Wallet(id) => write!(f, "wallet:{id}"),
            Topic::Odds(id) => write!(f, "odds:{id}"),
            Topic::Risk(id) => write!(f, "risk:{id}"),
            Topic::Lobby => f.write_str("lobby"),
            Topic::ComplianceAlerts => f.write_str("compliance:alerts"),
            Topic::Campaign(id) => write!(f, "campaign:{id}"),
            Topic::Leaderboard(id) => write!(f, "leaderboard:{id}"),
        }
    }
}

/// A topic name that is not one of [`Topic`]'s forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown topic")]
pub struct UnknownTopic;

impl FromStr for Topic {
    type Err = UnknownTopic;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "lobby" => return Ok(Topic::Lobby),
            "compliance:alerts" => return Ok(Topic::ComplianceAlerts),
            _ => {}
        }
        let (prefix, id) = s.split_once(':').ok_or(UnknownTopic)?;
        let id = Uuid::parse_str(id).map_err(|_| UnknownTopic)?;
        match prefix {
            "player" => Ok(Topic::Player(id)),
            "wallet" => Ok(Topic::Wallet(id)),
            "odds" => Ok(Topic::Odds(id)),
            "risk" => Ok(Topic::Risk(id)),
            "campaign" => Ok(Topic::Campaign(id)),
            "leaderboard" => Ok(Topic::Leaderboard(id)),
            _ => Err(UnknownTopic),
        }
    }
}

impl Serialize for Topic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Topic {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("unknown topic `{text}`")))
    }
}

/// Declares [`EventData`] from one table of `Variant(Payload) = "kind"`, so
/// the kind a variant is stored under and the kind it is read back from
/// cannot drift apart.
macro_rules! event_kinds {
    ($($(#[$doc:meta])* $variant:ident($payload:ty) = $kind:literal,)+) => {
        /// What happened: one variant per event kind.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", content = "payload")]
        pub enum EventData {
            $($(#[$doc])* #[serde(rename = $kind)] $variant($payload),)+
        }

        /// The kinds of [`EventData`] without their payloads: what a
        /// reader that handles a few kinds names them by.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $($(#[$doc])* $variant,)+
        }

        impl EventKind {
            /// The stable kind name (`bet.placed`), as [`EventData::kind`]
            /// gives it.
            pub const fn code(self) -> &'static str {
                match self {
                    $(EventKind::$variant => $kind,)+
                }
            }
        }

        impl EventData {
            /// Every kind, as stored.
            pub const KINDS: &'static [&'static str] = &[$($kind,)+];

            /// The stable kind name (`bet.placed`).
            pub const fn kind(&self) -> &'static str {
                match self {
                    $(EventData::$variant(_) => $kind,)+
                }
            }

            /// Serializes the payload alone (the outbox's `payload` column).
            pub fn serialize_payload<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(EventData::$variant(payload) => payload.serialize(serializer),)+
                }
            }

            /// Reads a payload stored under `kind`; `None` for a kind this
            /// build does not know (written by a newer one).
            pub fn deserialize_payload<'de, D: Deserializer<'de>>(
                kind: &str,
                payload: D,
            ) -> Result<Option<Self>, D::Error> {
                match kind {
                    $($kind => <$payload>::deserialize(payload).map(EventData::$variant).map(Some),)+
                    _ => Ok(None),
                }
            }
        }
    };
}

event_kinds! {
    /// A player registered.
    PlayerRegistered(PlayerRegistered) = "player.registered",
    /// A user (player or staff) logged in.
    LoggedIn(LoggedIn) = "player.logged_in",
    /// A player's KYC status changed.
    KycStatusChanged(KycStatusChanged) = "player.kyc_status_changed",
    /// A player crossed a loss threshold (theirs or the operator's).
    LossAlert(LossAlert) = "rg.loss_alert",
    /// A responsible-gaming limit was set, lowered, raised or removed.
    LimitChanged(LimitChanged) = "rg.limit_changed",
    /// A time-out or self-exclusion began.
    ExclusionStarted(ExclusionStarted) = "rg.exclusion_started",
    /// A casino round finished (its stake and its win are booked).
    RoundCompleted(RoundCompleted) = "game.round_completed",
    /// A deposit reached the player's cash.
    DepositCompleted(PaymentChanged) = "deposit.completed",
    /// A withdrawal was paid out.
    WithdrawalCompleted(WithdrawalChanged) = "withdrawal.completed",
    /// A withdrawal was declined; its money is back in cash.
    WithdrawalDeclined(WithdrawalChanged) = "withdrawal.declined",
    /// A player's balances changed.
    BalanceChanged(BalanceChanged) = "wallet.balance_changed",
    /// A selection's price moved.
    OddsChanged(OddsChanged) = "odds.changed",
    /// A market was suspended or resumed.
    MarketStatusChanged(MarketStatusChanged) = "market.status_changed",
    /// A market was settled, resettled or voided.
    MarketSettled(MarketSettled) = "market.settled",
    /// A bet was placed.
    BetPlaced(BetPlaced) = "bet.placed",
    /// A bet was settled (or resettled, or cashed out).
    BetSettled(BetSettled) = "bet.settled",
    /// The liability of a sporting event changed (made by the websocket hub
    /// from bet and market events, for traders watching `risk:{event_id}`).
    RiskChanged(RiskChanged) = "risk.changed",
    /// A reward was granted to the player.
    BonusAwarded(BonusChanged) = "bonus.awarded",
    /// A bonus's wagering was met (its bonus money is now cash), or its
    /// last free bet or spin was used.
    BonusCompleted(BonusChanged) = "bonus.completed",
    /// A bonus was forfeited (by the player, a withdrawal or its expiry).
    BonusForfeited(BonusChanged) = "bonus.forfeited",
    /// A bonus's wagering progressed.
    BonusProgressed(BonusChanged) = "bonus.progressed",
    /// The player's loyalty points or coins changed.
    LoyaltyChanged(LoyaltyChanged) = "loyalty.changed",
    /// A live campaign's numbers (at most once a second).
    CampaignStats(Box<crate::api::engagement::CampaignStats>) = "campaign.stats",
    /// A board's top 10 changed (at most once a second per board).
    LeaderboardChanged(crate::api::leaderboard::LeaderboardChanged) = "leaderboard.changed",
    /// The player's rank on a board changed.
    LeaderboardRankChanged(crate::api::leaderboard::RankChanged) = "leaderboard.rank_changed",
}

impl EventData {
    /// The sporting events whose liability this event changes.
    pub fn risk_events(&self, topic: &Topic) -> Vec<Uuid> {
        let mut ids = match (self, topic) {
            (EventData::BetPlaced(bet), _) => bet.events.clone(),
            (EventData::BetSettled(bet), _) => bet.events.clone(),
            (EventData::MarketStatusChanged(_) | EventData::MarketSettled(_), Topic::Odds(id)) => {
                vec![*id]
            }
            _ => Vec::new(),
        };
        ids.sort();
        ids.dedup();
        ids
    }
}

/// `player.registered`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerRegistered {
    /// The new player.
    pub player_id: Uuid,
}

/// `player.logged_in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedIn {
    /// The user who logged in.
    pub user_id: Uuid,
}

/// `player.kyc_status_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycStatusChanged {
    /// The player.
    pub player_id: Uuid,
    /// `unverified`, `pending`, `verified` or `rejected`.
    pub kyc_status: String,
}

/// `rg.loss_alert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossAlert {
    /// The alert.
    pub alert_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// Whose threshold: `player` or `operator`.
    pub source: String,
    /// The window the loss is counted over.
    pub period: LimitPeriod,
    /// The threshold crossed.
    pub threshold: String,
    /// The net loss in the window.
    pub net_loss: String,
    /// The player's currency.
    pub currency: Currency,
}

/// `rg.limit_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitChanged {
    /// What the limit caps.
    pub kind: LimitKind,
    /// Its rolling window.
    pub period: LimitPeriod,
    /// The amount in force before, if any.
    pub old: Option<String>,
    /// The new amount; `None` when removed.
    pub new: Option<String>,
    /// When the new amount applies (at once for a decrease, a day later for
    /// an increase or a removal).
    pub effective_at: chrono::DateTime<chrono::Utc>,
}

/// `rg.exclusion_started`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionStarted {
    /// The player.
    pub player_id: Uuid,
    /// Time-out or self-exclusion.
    pub kind: ExclusionKind,
    /// Its end; `None` when permanent.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    /// The request as the player made it, for people.
    pub request: String,
}

/// `game.round_completed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundCompleted {
    /// The player.
    pub player_id: Uuid,
    /// `originals` or the aggregator (`hub88`).
    pub provider: String,
    /// The game's catalog code.
    pub game_code: String,
    /// The provider's round id.
    pub round: String,
    /// What was staked.
    pub stake: String,
    /// What was won (`0.00` for a loss).
    pub win: String,
    /// The player's currency.
    pub currency: Currency,
    /// A free spin: the house paid the stake (absent when false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_spin: bool,
}

/// `deposit.completed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentChanged {
    /// The player.
    pub player_id: Uuid,
    /// The deposit.
    pub deposit_id: Uuid,
    /// The amount.
    pub amount: String,
    /// Its currency.
    pub currency: Currency,
}

/// `withdrawal.completed`, `withdrawal.declined`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalChanged {
    /// The player.
    pub player_id: Uuid,
    /// The withdrawal.
    pub withdrawal_id: Uuid,
    /// The amount.
    pub amount: String,
    /// Its currency.
    pub currency: Currency,
}

/// `wallet.balance_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceChanged {
    /// The player.
    pub player_id: Uuid,
    /// The wallet's currency.
    pub currency: Currency,
    /// Withdrawable cash.
    pub cash: String,
    /// Bonus money.
    pub bonus: String,
    /// Stakes of open bets.
    pub reserved: String,
    /// The ledger transaction that changed them.
    pub transaction_id: Uuid,
    /// What that transaction did (a ledger transaction kind code).
    pub kind: crate::ledger::TransactionKind,
}

/// `odds.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OddsChanged {
    /// The sporting event.
    pub event_id: Uuid,
    /// The market.
    pub market_id: Uuid,
    /// The selection.
    pub selection_id: Uuid,
    /// The new price.
    pub odds: Odds,
    /// The price before (what this subscriber saw last, after coalescing).
    pub previous_odds: Odds,
    /// `trader` or `feed`.
    pub source: String,
    /// How many moves the hub folded into this one (absent when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coalesced: Option<u32>,
}

/// `market.status_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketStatusChanged {
    /// The sporting event.
    pub event_id: Uuid,
    /// The market.
    pub market_id: Uuid,
    /// `open` or `suspended`.
    pub status: String,
}

/// `market.settled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketSettled {
    /// The sporting event.
    pub event_id: Uuid,
    /// The market.
    pub market_id: Uuid,
    /// `settle`, `resettle` or `void`.
    pub action: String,
    /// The settlement's version (1 for the first, +1 per resettlement).
    pub version: i32,
    /// Each selection's result.
    pub results: BTreeMap<Uuid, crate::betting::LegResult>,
}

/// `bet.placed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetPlaced {
    /// The bet.
    pub bet_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `single`, `accumulator`, `system` or `teaser`.
    pub kind: String,
    /// The system's name, for system bets.
    pub system: Option<String>,
    /// What the bet cost.
    pub total_stake: String,
    /// What it returns if every leg wins.
    pub potential_return: String,
    /// The player's currency.
    pub currency: Currency,
    /// Its selections.
    pub selections: Vec<Uuid>,
    /// Their markets.
    pub markets: Vec<Uuid>,
    /// Their sporting events.
    pub events: Vec<Uuid>,
    /// Staked with a free bet (absent when false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_bet: bool,
}

/// `bet.settled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetSettled {
    /// The bet.
    pub bet_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// What the bet cost.
    pub total_stake: String,
    /// What it paid (`0.00` for a loss).
    pub r#return: String,
    /// The player's currency.
    pub currency: Currency,
    /// True when this corrects an earlier settlement.
    pub resettled: bool,
    /// How many times the bet has been settled.
    pub settle_count: i32,
    /// Its legs' sporting events.
    pub events: Vec<Uuid>,
    /// True when the player cashed the bet out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cashed_out: bool,
}

/// `bonus.awarded`, `bonus.completed`, `bonus.forfeited`,
/// `bonus.progressed`: the bonus as `GET /bonuses` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BonusChanged {
    /// The player.
    pub player_id: Uuid,
    /// The bonus (boxed: it is the largest payload by far).
    pub bonus: Box<crate::api::engagement::Bonus>,
}

/// `loyalty.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoyaltyChanged {
    /// The player.
    pub player_id: Uuid,
    /// Loyalty points now.
    pub points: i64,
    /// Coins now.
    pub coins: i64,
    /// The change to points.
    pub points_delta: i64,
    /// The change to coins.
    pub coins_delta: i64,
    /// Why.
    pub reason: String,
    /// The tier held now (absent when the change did not look at tiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

/// `risk.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskChanged {
    /// The sporting event.
    pub event_id: Uuid,
    /// The kind of event that changed it.
    pub cause: String,
}

/// A message the websocket hub sends a client (`/ws`), as the browser reads
/// it: `{"type": "event", "id", "topic", "kind", "payload", "created_at"}`
/// and the replies to its requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The subscription to `topic` is in place.
    Subscribed {
        /// The topic as the client named it.
        topic: String,
    },
    /// The subscription to `topic` ended.
    Unsubscribed {
        /// The topic as the client named it.
        topic: String,
    },
    /// An event on a subscribed topic.
    Event {
        /// The event's id.
        id: Uuid,
        /// Its topic.
        topic: Topic,
        /// What happened.
        #[serde(flatten)]
        data: EventData,
        /// When the change was committed.
        created_at: chrono::DateTime<chrono::Utc>,
    },
    /// A request was refused.
    Error {
        /// The stable error code (`forbidden`, `bad_request`, ...).
        code: String,
        /// For people.
        message: String,
        /// The topic the refused request named, if any.
        #[serde(default)]
        topic: Option<String>,
    },
    /// The answer to a ping.
    Pong,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_print_and_parse_back() {
        let id = Uuid::now_v7();
        for topic in [
            Topic::Player(id),
            Topic::Wallet(id),
            Topic::Odds(id),
            Topic::Risk(id),
            Topic::Lobby,
            Topic::ComplianceAlerts,
            Topic::Campaign(id),
            Topic::Leaderboard(id),
        ] {
            assert_eq!(topic.to_string().parse::<Topic>(), Ok(topic));
        }
        assert!("player:not-a-uuid".parse::<Topic>().is_err());
        assert!(format!("casino:{id}").parse::<Topic>().is_err());
    }

    #[test]
    fn an_event_message_reads_back_as_sent() {
        let player_id = Uuid::now_v7();
        let message = ServerMessage::Event {
            id: Uuid::now_v7(),
            topic: Topic::Player(player_id),
            data: EventData::LoggedIn(LoggedIn { user_id: player_id }),
            created_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        };
        let text = serde_json::to_string(&message).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["type"], "event");
        assert_eq!(value["kind"], "player.logged_in");
        assert_eq!(value["topic"], format!("player:{player_id}"));
        assert_eq!(value["payload"]["user_id"], player_id.to_string());
        assert_eq!(
            serde_json::from_str::<ServerMessage>(&text).unwrap(),
            message
        );
        let pong: ServerMessage = serde_json::from_str(r#"{"type":"pong"}"#).unwrap();
        assert_eq!(pong, ServerMessage::Pong);
    }

    #[test]
    fn a_payload_is_stored_alone_and_read_back_by_its_kind() {
        let data = EventData::RiskChanged(RiskChanged {
            event_id: Uuid::now_v7(),
            cause: "bet.placed".to_owned(),
        });
        let mut text = Vec::new();
        data.serialize_payload(&mut serde_json::Serializer::new(&mut text))
            .unwrap();
        let mut payload = serde_json::Deserializer::from_slice(&text);
        let back = EventData::deserialize_payload(data.kind(), &mut payload).unwrap();
        assert_eq!(back, Some(data.clone()));
        assert_eq!(EventKind::RiskChanged.code(), data.kind());
        assert_eq!(EventKind::OddsChanged.code(), "odds.changed");
        let mut payload = serde_json::Deserializer::from_slice(&text);
        assert_eq!(
            EventData::deserialize_payload("future.kind", &mut payload).unwrap(),
            None
        );
    }

    #[test]
    fn every_kind_is_distinct() {
        let mut kinds = EventData::KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), EventData::KINDS.len());
    }
}
