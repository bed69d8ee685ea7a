//! Double-entry ledger rules: the kinds of account and of transaction, a
//! posting, the balancing rule every transaction obeys, and the canonical
//! byte encoding the engine hashes into the tamper-evident chain.
//!
//! Sign convention: a posting's amount is the signed change to its account's
//! balance — positive adds to the balance, negative takes from it. A
//! transaction only moves money, so its postings sum to zero in every
//! currency. House accounts therefore go negative when the house pays out
//! more than it took (their balance is the house's net position), and PSP
//! clearing goes negative by what players have deposited and not withdrawn.

#![deny(missing_docs)]

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Currency, Money, MoneyError, coded_enum};

/// Most postings one transaction may carry.
pub const MAX_POSTINGS: usize = 32;

/// Why postings or a ledger code were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// A transaction needs at least two postings.
    #[error("a transaction needs at least two postings")]
    TooFewPostings,
    /// More than [`MAX_POSTINGS`] postings.
    #[error("a transaction may have at most {max} postings")]
    TooManyPostings {
        /// The limit.
        max: usize,
    },
    /// A posting of zero moves nothing and is refused.
    #[error("posting {index} is zero")]
    ZeroPosting {
        /// Its position in the list.
        index: usize,
    },
    /// The postings in this currency do not sum to zero.
    #[error("postings in {currency} do not sum to zero")]
    Unbalanced {
        /// The first unbalanced currency, in order of appearance.
        currency: Currency,
    },
    /// A player account without a player, or a house account with one.
    #[error("player accounts need a player id and house accounts must not have one")]
    OwnerMismatch,
    /// Not one of the [`AccountKind`] codes.
    #[error("unknown account kind")]
    UnknownAccountKind,
    /// Not one of the [`TransactionKind`] codes.
    #[error("unknown transaction kind")]
    UnknownTransactionKind,
    /// Amount arithmetic failed (overflow).
    #[error(transparent)]
    Money(#[from] MoneyError),
}

coded_enum! {
    /// The class of a ledger account.
    AccountKind, LedgerError, LedgerError::UnknownAccountKind, {
        /// A player's withdrawable cash.
        PlayerCash => "player_cash",
        /// A player's bonus money (wagering requirements apply).
        PlayerBonus => "player_bonus",
        /// A player's stakes on open bets.
        PlayerReserved => "player_reserved",
        /// The house's sportsbook position.
        HouseSportsbook => "house_sportsbook",
        /// The house's casino position.
        HouseCasino => "house_casino",
        /// What bonuses have cost the house.
        HouseBonusCost => "house_bonus_cost",
        /// Money in transit with payment providers.
        PspClearing => "psp_clearing",
        /// The FX desk: one side of every currency conversion.
        Fx => "fx",
    }
}

impl AccountKind {
    /// A per-player account (cash, bonus, reserved), as opposed to a house one.
    pub const fn is_player(self) -> bool {
        matches!(
            self,
            AccountKind::PlayerCash | AccountKind::PlayerBonus | AccountKind::PlayerReserved
        )
    }
}

coded_enum! {
    /// What a ledger transaction does.
    TransactionKind, LedgerError, LedgerError::UnknownTransactionKind, {
        /// PSP clearing → player cash.
        Deposit => "deposit",
        /// Player cash → PSP clearing.
        Withdrawal => "withdrawal",
        /// Player cash → reserved (a hold).
        Reserve => "reserve",
        /// Reserved → player cash (a hold released).
        Release => "release",
        /// Reserved → house (a hold taken).
        Capture => "capture",
        /// House → player (a payment or goodwill credit).
        Credit => "credit",
        /// Compensates an earlier transaction (corrections are new entries).
        Reverse => "reverse",
        /// A manual adjustment by back office.
        Adjust => "adjust",
        /// A bet stake: player cash (and/or bonus) → reserved.
        BetPlace => "bet_place",
        /// A bet settled: reserved → house and house → player.
        BetSettle => "bet_settle",
        /// A bet cashed out before it settled.
        BetCashOut => "bet_cash_out",
        /// A casino round's bet: player → house casino.
        CasinoBet => "casino_bet",
        /// A casino round's win: house casino → player.
        CasinoWin => "casino_win",
        /// A casino bet rolled back by the aggregator.
        CasinoRollback => "casino_rollback",
        /// Bonus cost → player bonus.
        BonusAward => "bonus_award",
        /// Player bonus → player cash once wagering is met.
        BonusConvert => "bonus_convert",
        /// Player bonus → bonus cost (expired or forfeited).
        BonusForfeit => "bonus_forfeit",
        /// A currency conversion through the FX account.
        FxConvert => "fx_convert",
    }
}

/// One ledger account: a kind, and the player for player accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "AccountRefRepr", into = "AccountRefRepr")]
pub struct AccountRef {
    kind: AccountKind,
    player_id: Option<Uuid>,
}

/// Wire form of [`AccountRef`].
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountRefRepr {
    kind: AccountKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    player_id: Option<Uuid>,
}

impl From<AccountRef> for AccountRefRepr {
    fn from(account: AccountRef) -> Self {
        AccountRefRepr {
            kind: account.kind,
            player_id: account.player_id,
        }
    }
}

impl TryFrom<AccountRefRepr> for AccountRef {
    type Error = LedgerError;

    fn try_from(repr: AccountRefRepr) -> Result<Self, Self::Error> {
        match repr.player_id {
            Some(player_id) => AccountRef::player(repr.kind, player_id),
            None => AccountRef::house(repr.kind),
        }
    }
}

impl AccountRef {
    /// A player's account; `kind` must be a player kind.
    pub fn player(kind: AccountKind, player_id: Uuid) -> Result<Self, LedgerError> {
        if kind.is_player() {
            Ok(AccountRef {
                kind,
                player_id: Some(player_id),
            })
        } else {
            Err(LedgerError::OwnerMismatch)
        }
    }

    /// A house account; `kind` must not be a player kind.
    pub fn house(kind: AccountKind) -> Result<Self, LedgerError> {
        if kind.is_player() {
            Err(LedgerError::OwnerMismatch)
        } else {
            Ok(AccountRef {
                kind,
                player_id: None,
            })
        }
    }

    /// The account kind.
    pub const fn kind(&self) -> AccountKind {
        self.kind
    }

    /// The owning player, for player accounts.
    pub const fn player_id(&self) -> Option<Uuid> {
        self.player_id
    }
}

/// A signed change to one account's balance (positive adds, negative takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Posting {
    /// The account whose balance changes.
    pub account: AccountRef,
    /// The change, in the account's currency for this posting.
    pub amount: Money,
}

/// The two postings that move `amount` from one account to another.
pub fn transfer(
    from: AccountRef,
    to: AccountRef,
    amount: Money,
) -> Result<[Posting; 2], LedgerError> {
    Ok([
        Posting {
            account: from,
            amount: amount.checked_neg()?,
        },
        Posting {
            account: to,
            amount,
        },
    ])
}

/// Checks the rules every transaction obeys: 2 to [`MAX_POSTINGS`]
/// postings, none zero, summing to zero in each currency.
pub fn validate_postings(postings: &[Posting]) -> Result<(), LedgerError> {
    if postings.len() < 2 {
        return Err(LedgerError::TooFewPostings);
    }
    if postings.len() > MAX_POSTINGS {
        return Err(LedgerError::TooManyPostings { max: MAX_POSTINGS });
    }
    if let Some(index) = postings.iter().position(|p| p.amount.is_zero()) {
        return Err(LedgerError::ZeroPosting { index });
    }
    // At most MAX_POSTINGS i64 values: an i128 sum cannot overflow.
    let mut sums: Vec<(Currency, i128)> = Vec::new();
    for posting in postings {
        let currency = posting.amount.currency();
        let minor = i128::from(posting.amount.minor());
        match sums.iter_mut().find(|(c, _)| *c == currency) {
            Some((_, sum)) => *sum += minor,
            None => sums.push((currency, minor)),
        }
    }
    match sums.into_iter().find(|(_, sum)| *sum != 0) {
        Some((currency, _)) => Err(LedgerError::Unbalanced { currency }),
        None => Ok(()),
    }
}

/// A transaction ready to be written: a kind and postings that passed
/// [`validate_postings`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TransactionDraftRepr", into = "TransactionDraftRepr")]
pub struct TransactionDraft {
    kind: TransactionKind,
    postings: Vec<Posting>,
}

/// Wire form of [`TransactionDraft`].
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransactionDraftRepr {
    kind: TransactionKind,
    postings: Vec<Posting>,
}

impl From<TransactionDraft> for TransactionDraftRepr {
    fn from(draft: TransactionDraft) -> Self {
        TransactionDraftRepr {
            kind: draft.kind,
            postings: draft.postings,
        }
    }
}

impl TryFrom<TransactionDraftRepr> for TransactionDraft {
    type Error = LedgerError;

    fn try_from(repr: TransactionDraftRepr) -> Result<Self, Self::Error> {
        TransactionDraft::new(repr.kind, repr.postings)
    }
}

impl TransactionDraft {
    /// Validates `postings` and wraps them.
    pub fn new(kind: TransactionKind, postings: Vec<Posting>) -> Result<Self, LedgerError> {
        validate_postings(&postings)?;
        Ok(TransactionDraft { kind, postings })
    }

    /// What the transaction does.
    pub const fn kind(&self) -> TransactionKind {
        self.kind
    }

    /// Its postings, in the order given.
    pub fn postings(&self) -> &[Posting] {
        &self.postings
    }
}

/// Everything about a stored transaction that its chain hash covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CanonicalTransaction<'a> {
    /// The previous transaction's hash (empty for the first one).
    pub prev_hash: &'a str,
    /// The transaction id.
    pub id: Uuid,
    /// What it does.
    pub kind: TransactionKind,
    /// When it was written; encoded to the microsecond (store it so).
    pub created_at: DateTime<Utc>,
    /// Free reference (bet id, PSP reference, idempotency key); may be empty.
    pub reference: &'a str,
    /// Its postings, in any order.
    pub postings: &'a [Posting],
}

/// The deterministic bytes the engine hashes into the chain.
///
/// Version-tagged text, one `name=length:value` field a line, so no value
/// can imitate a separator. Postings are sorted (account kind, player id,
/// currency, amount) so the encoding does not depend on the order rows come
/// back from the database; the timestamp is RFC 3339 UTC to microseconds.
pub fn canonical_transaction_bytes(tx: &CanonicalTransaction<'_>) -> Vec<u8> {
    let mut postings: Vec<&Posting> = tx.postings.iter().collect();
    postings.sort_by_key(|p| {
        (
            p.account.kind.code(),
            p.account.player_id,
            p.amount.currency().code(),
            p.amount.minor(),
        )
    });
    let mut out = String::from("croupier.ledger.v1\n");
    let mut field = |name: &str, value: &str| {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{name}={}:{value}", value.len());
    };
    field("prev_hash", tx.prev_hash);
    field("id", &tx.id.hyphenated().to_string());
    field("kind", tx.kind.code());
    field(
        "created_at",
        &tx.created_at.to_rfc3339_opts(SecondsFormat::Micros, true),
    );
    field("reference", tx.reference);
    field("postings", &postings.len().to_string());
    for posting in postings {
        let owner = posting
            .account
            .player_id
            .map_or_else(|| "-".to_owned(), |id| id.hyphenated().to_string());
        field(
            "posting",
            &format!(
                "{}/{}/{}/{}",
                posting.account.kind.code(),
                owner,
                posting.amount.currency().code(),
                posting.amount.minor()
            ),
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cash(player: u128) -> AccountRef {
        AccountRef::player(AccountKind::PlayerCash, Uuid::from_u128(player)).unwrap()
    }

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    #[test]
    fn a_deposit_balances() {
        let psp = AccountRef::house(AccountKind::PspClearing).unwrap();
        let postings = transfer(psp, cash(1), eur(1000)).unwrap();
        assert_eq!(postings[0].amount.minor(), -1000);
        assert!(TransactionDraft::new(TransactionKind::Deposit, postings.to_vec()).is_ok());
    }

    #[test]
    fn unbalanced_single_and_zero_postings_are_refused() {
        let house = AccountRef::house(AccountKind::HouseCasino).unwrap();
        let one = Posting {
            account: house,
            amount: eur(5),
        };
        assert_eq!(validate_postings(&[one]), Err(LedgerError::TooFewPostings));
        let other = Posting {
            account: cash(1),
            amount: eur(-4),
        };
        assert_eq!(
            validate_postings(&[one, other]),
            Err(LedgerError::Unbalanced {
                currency: Currency::EUR
            })
        );
        let zero = Posting {
            account: cash(1),
            amount: eur(0),
        };
        assert_eq!(
            validate_postings(&[one, zero]),
            Err(LedgerError::ZeroPosting { index: 1 })
        );
        let many = vec![one; MAX_POSTINGS + 1];
        assert_eq!(
            validate_postings(&many),
            Err(LedgerError::TooManyPostings { max: MAX_POSTINGS })
        );
    }

    #[test]
    fn each_currency_must_balance_on_its_own() {
        let fx = AccountRef::house(AccountKind::Fx).unwrap();
        let usd = |minor| Money::new(minor, Currency::USD);
        let conversion = [
            Posting {
                account: cash(1),
                amount: eur(-1000),
            },
            Posting {
                account: fx,
                amount: eur(1000),
            },
            Posting {
                account: fx,
                amount: usd(-1085),
            },
            Posting {
                account: cash(1),
                amount: usd(1085),
            },
        ];
        assert_eq!(validate_postings(&conversion), Ok(()));
        let cross = [
            Posting {
                account: cash(1),
                amount: eur(-1000),
            },
            Posting {
                account: fx,
                amount: usd(1000),
            },
        ];
        assert_eq!(
            validate_postings(&cross),
            Err(LedgerError::Unbalanced {
                currency: Currency::EUR
            })
        );
    }

    #[test]
    fn house_accounts_have_no_owner_and_player_accounts_need_one() {
        assert_eq!(
            AccountRef::house(AccountKind::PlayerCash),
            Err(LedgerError::OwnerMismatch)
        );
        assert_eq!(
            AccountRef::player(AccountKind::HouseSportsbook, Uuid::nil()),
            Err(LedgerError::OwnerMismatch)
        );
        let json = r#"{"kind":"house_casino","player_id":"00000000-0000-0000-0000-000000000001"}"#;
        assert!(serde_json::from_str::<AccountRef>(json).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for kind in AccountKind::ALL {
            assert_eq!(kind.code().parse::<AccountKind>(), Ok(*kind));
        }
        for kind in TransactionKind::ALL {
            assert_eq!(kind.code().parse::<TransactionKind>(), Ok(*kind));
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        assert_eq!(
            "nope".parse::<AccountKind>(),
            Err(LedgerError::UnknownAccountKind)
        );
    }

    #[test]
    fn canonical_bytes_ignore_posting_order_but_not_content() {
        let house = AccountRef::house(AccountKind::HouseSportsbook).unwrap();
        let a = transfer(house, cash(7), eur(2500)).unwrap();
        let b = [a[1], a[0]];
        let at = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
        fn tx(postings: &[Posting], created_at: DateTime<Utc>) -> CanonicalTransaction<'_> {
            CanonicalTransaction {
                prev_hash: "abc",
                id: Uuid::from_u128(9),
                kind: TransactionKind::BetSettle,
                created_at,
                reference: "bet-1",
                postings,
            }
        }
        let bytes = canonical_transaction_bytes(&tx(&a, at));
        assert_eq!(bytes, canonical_transaction_bytes(&tx(&b, at)));
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.contains("created_at=27:2023-11-14T22:13:20.123456Z\n"),
            "{text}"
        );
        let mut other = tx(&a, at);
        other.prev_hash = "abd";
        assert_ne!(bytes, canonical_transaction_bytes(&other));
    }
}
