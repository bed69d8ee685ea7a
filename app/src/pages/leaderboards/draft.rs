//! The create form as typed, and its conversion to the wire
//! [`LeaderboardSpec`].
//!
//! Rules: every input stays the plain string typed; [`Draft::to_spec`]
//! trims, leaves out what is blank, sends only the fields the chosen prize
//! kind uses, sends `datetime-local` values as typed (the server reads them in the board's timezone), and records by field
//! path (the server's paths: `prizes[0].reward.amount`) every count that is
//! not a whole number. Amounts stay decimal strings: the engine parses
//! them into minor units.

use std::collections::BTreeMap;

use domain::api::leaderboard::{LeaderboardSpec, PrizeRange};
use domain::reward::RewardSpec;

/// Field path → message.
pub type Errors = BTreeMap<String, String>;

/// Prize kinds a board can pay (cashback and percent bonuses have no
/// basis on a leaderboard).
pub const PRIZE_KINDS: [(&str, &str); 6] = [
    ("cash", "Cash"),
    ("bonus_money", "Bonus money"),
    ("free_bet", "Free bet"),
    ("free_spins", "Free spins"),
    ("coins", "Coins"),
    ("loyalty_points", "Loyalty points"),
];

/// One prize row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrizeDraft {
    /// Row identity for the list (stable across edits).
    pub key: u64,
    /// First rank paid.
    pub from_rank: String,
    /// Last rank paid.
    pub to_rank: String,
    /// Reward kind code.
    pub kind: String,
    /// Amount (cash, bonus money, free bet).
    pub amount: String,
    /// Wagering multiplier (bonus money, free spins).
    pub wagering_multiplier: String,
    /// Shortest odds (free bet).
    pub min_odds: String,
    /// Free spins' game.
    pub game_code: String,
    /// Free spins.
    pub rounds: String,
    /// Stake of a free spin.
    pub stake: String,
    /// Coins or points.
    pub count: String,
    /// Days usable (bonus money, free bet, free spins).
    pub expires_in_days: String,
}

impl PrizeDraft {
    /// A cash prize for `from..=to`.
    pub fn new(key: u64, from: i64, to: i64) -> Self {
        Self {
            key,
            from_rank: from.to_string(),
            to_rank: to.to_string(),
            kind: "cash".into(),
            amount: String::new(),
            wagering_multiplier: String::new(),
            min_odds: String::new(),
            game_code: "slot".into(),
            rounds: String::new(),
            stake: String::new(),
            count: String::new(),
            expires_in_days: String::new(),
        }
    }
}

/// The whole form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Board name.
    pub name: String,
    /// Metric code.
    pub metric: String,
    /// Sportsbook play scores.
    pub sportsbook: bool,
    /// Casino play scores.
    pub casino: bool,
    /// Recurrence code.
    pub recurrence: String,
    /// IANA timezone.
    pub timezone: String,
    /// `datetime-local`, the board's local time.
    pub starts_at: String,
    /// `datetime-local`, the board's local time (one-off boards).
    pub ends_at: String,
    /// Players join first.
    pub opt_in: bool,
    /// Most players per period.
    pub max_participants: String,
    /// Smallest stake that scores.
    pub min_stake: String,
    /// Prize rows.
    pub prizes: Vec<PrizeDraft>,
    /// The next prize row's key.
    pub next_key: u64,
}

impl Default for Draft {
    fn default() -> Self {
        Self {
            name: String::new(),
            metric: "wagered".into(),
            sportsbook: true,
            casino: true,
            recurrence: "weekly".into(),
            timezone: "Europe/Malta".into(),
            starts_at: String::new(),
            ends_at: String::new(),
            opt_in: false,
            max_participants: String::new(),
            min_stake: String::new(),
            prizes: vec![PrizeDraft::new(0, 1, 1)],
            next_key: 1,
        }
    }
}

/// Trimmed, `None` when blank.
fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A whole number, `None` when blank; anything else is recorded under
/// `field`.
fn whole(s: &str, field: &str, errors: &mut Errors) -> Option<i64> {
    let t = opt(s)?;
    match t.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.insert(field.to_owned(), "must be a whole number".into());
            None
        }
    }
}

impl PrizeDraft {
    /// The wire reward: the kind and the fields it uses, non-blank.
    fn reward(&self, path: &str, errors: &mut Errors) -> RewardSpec {
        let days = |errors: &mut Errors| {
            whole(
                &self.expires_in_days,
                &format!("{path}.expires_in_days"),
                errors,
            )
        };
        let mut spec = RewardSpec {
            kind: self.kind.clone(),
            ..RewardSpec::default()
        };
        match self.kind.as_str() {
            "cash" => spec.amount = opt(&self.amount),
            "bonus_money" => {
                spec.amount = opt(&self.amount);
                spec.wagering_multiplier = opt(&self.wagering_multiplier);
                spec.expires_in_days = days(errors);
            }
            "free_bet" => {
                spec.amount = opt(&self.amount);
                spec.min_odds = opt(&self.min_odds);
                spec.expires_in_days = days(errors);
            }
            "free_spins" => {
                spec.game_code = opt(&self.game_code);
                spec.rounds = whole(&self.rounds, &format!("{path}.rounds"), errors);
                spec.stake = opt(&self.stake);
                spec.wagering_multiplier = opt(&self.wagering_multiplier);
                spec.expires_in_days = days(errors);
            }
            "coins" => spec.coins = whole(&self.count, &format!("{path}.coins"), errors),
            "loyalty_points" => spec.points = whole(&self.count, &format!("{path}.points"), errors),
            _ => {}
        }
        spec
    }
}

impl Draft {
    /// True for a one-off board (it takes an end date).
    pub fn is_once(&self) -> bool {
        self.recurrence == "once"
    }

    /// The wire body, and the problems found reading the form, by field
    /// path.
    pub fn to_spec(&self) -> (LeaderboardSpec, Errors) {
        let mut errors = Errors::new();
        let verticals: Vec<String> = [("sportsbook", self.sportsbook), ("casino", self.casino)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(v, _)| v.to_owned())
            .collect();
        if verticals.is_empty() {
            errors.insert("verticals".into(), "pick at least one".into());
        }
        let prizes = self
            .prizes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let path = format!("prizes[{i}]");
                let from = whole(&p.from_rank, &format!("{path}.from_rank"), &mut errors);
                let to = whole(&p.to_rank, &format!("{path}.to_rank"), &mut errors);
                PrizeRange {
                    from_rank: from.unwrap_or_default(),
                    to_rank: to.or(from).unwrap_or_default(),
                    reward: p.reward(&format!("{path}.reward"), &mut errors),
                }
            })
            .collect();
        let spec = LeaderboardSpec {
            name: self.name.trim().to_owned(),
            metric: self.metric.clone(),
            // Both verticals is the default: say nothing.
            verticals: (verticals.len() == 1).then_some(verticals),
            recurrence: self.recurrence.clone(),
            timezone: self.timezone.trim().to_owned(),
            starts_at: opt(&self.starts_at),
            ends_at: if self.is_once() {
                opt(&self.ends_at)
            } else {
                None
            },
            opt_in: self.opt_in,
            max_participants: whole(&self.max_participants, "max_participants", &mut errors),
            min_stake: opt(&self.min_stake),
            prizes,
        };
        (spec, errors)
    }

    /// Adds a prize row after the last one, starting at the next rank.
    pub fn add_prize(&mut self) {
        let next = self
            .prizes
            .iter()
            .filter_map(|p| p.to_rank.trim().parse::<i64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        self.prizes.push(PrizeDraft::new(self.next_key, next, next));
        self.next_key += 1;
    }

    /// Removes the prize row with `key`.
    pub fn remove_prize(&mut self, key: u64) {
        self.prizes.retain(|p| p.key != key);
    }

    /// The prize row with `key`.
    pub fn prize_mut(&mut self, key: u64) -> Option<&mut PrizeDraft> {
        self.prizes.iter_mut().find(|p| p.key == key)
    }

    /// The index of the prize row with `key` (for its field paths).
    pub fn prize_index(&self, key: u64) -> Option<usize> {
        self.prizes.iter().position(|p| p.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recurring_board_sends_no_end_and_both_verticals_say_nothing() {
        let mut d = Draft {
            name: " Weekly race ".into(),
            ends_at: "2026-12-31T00:00".into(),
            ..Draft::default()
        };
        d.prizes[0].amount = "50.00".into();
        let (spec, errors) = d.to_spec();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(spec.name, "Weekly race");
        assert_eq!(spec.ends_at, None);
        assert_eq!(spec.verticals, None);
        assert_eq!(spec.prizes.len(), 1);
        assert_eq!(spec.prizes[0].from_rank, 1);
        assert_eq!(spec.prizes[0].reward.amount.as_deref(), Some("50.00"));
        assert_eq!(spec.prizes[0].reward.wagering_multiplier, None);
    }

    #[test]
    fn a_one_off_board_sends_its_dates_as_typed_and_one_vertical() {
        let d = Draft {
            recurrence: "once".into(),
            starts_at: "2026-12-07T10:00".into(),
            ends_at: "2026-12-08T10:00".into(),
            sportsbook: false,
            ..Draft::default()
        };
        let (spec, _) = d.to_spec();
        // The server reads them in the board's timezone.
        assert_eq!(spec.starts_at.as_deref(), Some("2026-12-07T10:00"));
        assert_eq!(spec.ends_at.as_deref(), Some("2026-12-08T10:00"));
        assert_eq!(spec.verticals, Some(vec!["casino".to_owned()]));
    }

    #[test]
    fn counts_that_are_not_whole_numbers_are_named_by_path() {
        let mut d = Draft {
            max_participants: "ten".into(),
            sportsbook: false,
            casino: false,
            ..Draft::default()
        };
        d.add_prize();
        d.prizes[1].kind = "coins".into();
        d.prizes[1].count = "1.5".into();
        d.prizes[1].to_rank = "x".into();
        let (spec, errors) = d.to_spec();
        assert_eq!(spec.prizes[1].from_rank, 2);
        assert!(errors.contains_key("max_participants"));
        assert!(errors.contains_key("verticals"));
        assert!(errors.contains_key("prizes[1].reward.coins"));
        assert!(errors.contains_key("prizes[1].to_rank"));
    }

    #[test]
    fn a_new_prize_row_starts_after_the_last_paid_rank() {
        let mut d = Draft::default();
        d.prizes[0].to_rank = "3".into();
        d.add_prize();
        assert_eq!(d.prizes[1].from_rank, "4");
        let key = d.prizes[0].key;
        d.remove_prize(key);
        assert_eq!(d.prizes.len(), 1);
        assert_eq!(d.prize_index(d.prizes[0].key), Some(0));
    }
}
