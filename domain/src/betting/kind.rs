//! Bet kinds and system types, their leg-count rules, and their expansion
//! into lines (each line an accumulator of some of the legs).

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{BetError, MAX_LEGS, MAX_LINES};
use crate::money::serde_via_str;

/// A full-cover or `K/N` system bet. Serialized as its code: `"yankee"`,
/// `"super_heinz"`, `"2/3"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SystemType {
    /// 3 legs: 3 doubles and a treble (4 lines).
    Trixie,
    /// 3 legs: a trixie plus 3 singles (7 lines).
    Patent,
    /// 4 legs: doubles to the four-fold (11 lines).
    Yankee,
    /// 4 legs: a yankee plus singles (15 lines).
    Lucky15,
    /// 5 legs, also "super yankee": doubles to the five-fold (26 lines).
    Canadian,
    /// 5 legs: a canadian plus singles (31 lines).
    Lucky31,
    /// 6 legs: doubles to the six-fold (57 lines).
    Heinz,
    /// 6 legs: a heinz plus singles (63 lines).
    Lucky63,
    /// 7 legs: doubles to the seven-fold (120 lines).
    SuperHeinz,
    /// 8 legs: doubles to the eight-fold (247 lines).
    Goliath,
    /// `K/N`: every `K`-fold of `N` legs, C(N, K) lines.
    KOfN {
        /// Legs per line.
        k: u8,
        /// Legs in the bet.
        n: u8,
    },
}

const NAMED: [(SystemType, &str); 10] = [
    (SystemType::Trixie, "trixie"),
    (SystemType::Patent, "patent"),
    (SystemType::Yankee, "yankee"),
    (SystemType::Lucky15, "lucky15"),
    (SystemType::Canadian, "canadian"),
    (SystemType::Lucky31, "lucky31"),
    (SystemType::Heinz, "heinz"),
    (SystemType::Lucky63, "lucky63"),
    (SystemType::SuperHeinz, "super_heinz"),
    (SystemType::Goliath, "goliath"),
];

impl SystemType {
    /// A `K/N` system; needs `1 ≤ K ≤ N ≤ MAX_LEGS`.
    pub fn k_of_n(k: u8, n: u8) -> Result<Self, BetError> {
        if k == 0 || k > n || usize::from(n) > MAX_LEGS {
            return Err(BetError::InvalidSystem);
        }
        Ok(SystemType::KOfN { k, n })
    }

    /// The number of legs the system takes.
    pub const fn legs(self) -> usize {
        match self {
            SystemType::Trixie | SystemType::Patent => 3,
            SystemType::Yankee | SystemType::Lucky15 => 4,
            SystemType::Canadian | SystemType::Lucky31 => 5,
            SystemType::Heinz | SystemType::Lucky63 => 6,
            SystemType::SuperHeinz => 7,
            SystemType::Goliath => 8,
            SystemType::KOfN { n, .. } => n as usize,
        }
    }

    /// The sizes of its lines, smallest and largest.
    pub const fn line_sizes(self) -> (usize, usize) {
        match self {
            SystemType::Patent
            | SystemType::Lucky15
            | SystemType::Lucky31
            | SystemType::Lucky63 => (1, self.legs()),
            SystemType::KOfN { k, .. } => (k as usize, k as usize),
            _ => (2, self.legs()),
        }
    }
}

impl fmt::Display for SystemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let SystemType::KOfN { k, n } = self {
            return write!(f, "{k}/{n}");
        }
        let name = NAMED
            .iter()
            .find(|(system, _)| system == self)
            .map_or("", |(_, name)| name);
        f.write_str(name)
    }
}

impl FromStr for SystemType {
    type Err = BetError;

    /// A named system (`"super_yankee"` is accepted for `canadian`) or `"K/N"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "super_yankee" {
            return Ok(SystemType::Canadian);
        }
        if let Some((system, _)) = NAMED.iter().find(|(_, name)| *name == s) {
            return Ok(*system);
        }
        let (k, n) = s.split_once('/').ok_or(BetError::UnknownCode)?;
        let number = |part: &str| -> Result<u8, BetError> {
            if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BetError::UnknownCode);
            }
            part.parse().map_err(|_| BetError::UnknownCode)
        };
        SystemType::k_of_n(number(k)?, number(n)?)
    }
}

serde_via_str!(SystemType);

/// The kind of a bet. Serialized as the API spells it:
/// `{"kind": "single"}`, `{"kind": "system", "system": "yankee"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "system", rename_all = "snake_case")]
pub enum BetKind {
    /// One leg, one line.
    Single,
    /// Two or more legs, one line of all of them.
    Accumulator,
    /// Several lines over the legs.
    System(SystemType),
    /// Two or more teased spread/total legs, priced from a teaser table.
    Teaser,
}

impl BetKind {
    /// `"single"`, `"accumulator"`, `"system"` or `"teaser"`.
    pub const fn code(self) -> &'static str {
        match self {
            BetKind::Single => "single",
            BetKind::Accumulator => "accumulator",
            BetKind::System(_) => "system",
            BetKind::Teaser => "teaser",
        }
    }

    /// Builds the kind from the API's `kind` and `system` fields; `system`
    /// is required for `"system"` and refused otherwise.
    pub fn from_parts(kind: &str, system: Option<&str>) -> Result<Self, BetError> {
        match (kind, system) {
            ("single", None) => Ok(BetKind::Single),
            ("accumulator", None) => Ok(BetKind::Accumulator),
            ("teaser", None) => Ok(BetKind::Teaser),
            ("system", Some(system)) => Ok(BetKind::System(system.parse()?)),
            _ => Err(BetError::UnknownCode),
        }
    }

    /// The system type, for system bets.
    pub const fn system(self) -> Option<SystemType> {
        match self {
            BetKind::System(system) => Some(system),
            _ => None,
        }
    }

    /// Fewest and most legs: single 1; accumulator and teaser 2 to
    /// [`MAX_LEGS`]; a system exactly the number it names.
    pub const fn leg_range(self) -> (usize, usize) {
        match self {
            BetKind::Single => (1, 1),
            BetKind::Accumulator | BetKind::Teaser => (2, MAX_LEGS),
            BetKind::System(system) => (system.legs(), system.legs()),
        }
    }

    /// Checks `legs` against [`BetKind::leg_range`] (and a `K/N` system's own
    /// bounds).
    pub fn validate_legs(self, legs: usize) -> Result<(), BetError> {
        if let BetKind::System(SystemType::KOfN { k, n }) = self {
            SystemType::k_of_n(k, n)?;
        }
        let (min, max) = self.leg_range();
        if (min..=max).contains(&legs) {
            Ok(())
        } else {
            Err(BetError::WrongLegCount {
                min,
                max,
                actual: legs,
            })
        }
    }

    /// The sizes of the lines of this kind over `legs` legs.
    const fn line_sizes(self, legs: usize) -> (usize, usize) {
        match self {
            BetKind::System(system) => system.line_sizes(),
            _ => (legs, legs),
        }
    }
}

impl fmt::Display for BetKind {
    /// `single`, `accumulator`, `teaser`, or the system's code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BetKind::System(system) => system.fmt(f),
            other => f.write_str(other.code()),
        }
    }
}

/// C(n, k), `None` on overflow.
fn binomial(n: usize, k: usize) -> Option<usize> {
    if k > n {
        return Some(0);
    }
    let k = k.min(n - k);
    let mut acc: usize = 1;
    for i in 0..k {
        // acc · (n − i) / (i + 1) stays an integer at every step.
        acc = acc.checked_mul(n - i)? / (i + 1);
    }
    Some(acc)
}

/// How many lines `kind` expands to over `legs` legs (validating the leg
/// count): Σ C(n, size) over its line sizes. At most [`MAX_LINES`].
pub fn line_count(kind: BetKind, legs: usize) -> Result<usize, BetError> {
    kind.validate_legs(legs)?;
    let (min, max) = kind.line_sizes(legs);
    let mut total: usize = 0;
    for size in min..=max {
        total = binomial(legs, size)
            .and_then(|c| total.checked_add(c))
            .ok_or(BetError::TooManyLines)?;
    }
    if total > MAX_LINES {
        return Err(BetError::TooManyLines);
    }
    Ok(total)
}

/// The lines of `kind` over `legs` legs, each a sorted list of leg indices;
/// smaller lines first, then in lexicographic order.
pub fn lines(kind: BetKind, legs: usize) -> Result<Vec<Vec<usize>>, BetError> {
    let count = line_count(kind, legs)?;
    let (min, max) = kind.line_sizes(legs);
    let mut out = Vec::with_capacity(count);
    let mut current = Vec::with_capacity(max);
    for size in min..=max {
        push_combinations(0, legs, size, &mut current, &mut out);
    }
    Ok(out)
}

/// Appends every `size`-subset of `start..legs`, extending `current`.
fn push_combinations(
    start: usize,
    legs: usize,
    size: usize,
    current: &mut Vec<usize>,
    out: &mut Vec<Vec<usize>>,
) {
    let Some(missing) = size.checked_sub(current.len()) else {
        return;
    };
    if missing == 0 {
        out.push(current.clone());
        return;
    }
    let Some(last_start) = legs.checked_sub(missing) else {
        return;
    };
    for leg in start..=last_start {
        current.push(leg);
        push_combinations(leg + 1, legs, size, current, out);
        current.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(s: &str) -> BetKind {
        BetKind::System(s.parse().unwrap())
    }

    #[test]
    fn every_system_has_the_line_count_of_the_rules_table() {
        let table = [
            ("trixie", 3, 4),
            ("patent", 3, 7),
            ("yankee", 4, 11),
            ("lucky15", 4, 15),
            ("canadian", 5, 26),
            ("super_yankee", 5, 26),
            ("lucky31", 5, 31),
            ("heinz", 6, 57),
            ("lucky63", 6, 63),
            ("super_heinz", 7, 120),
            ("goliath", 8, 247),
            ("3/5", 5, 10),
            ("2/3", 3, 3),
            ("1/4", 4, 4),
            ("4/4", 4, 1),
        ];
        for (name, legs, count) in table {
            let kind = system(name);
            assert_eq!(line_count(kind, legs), Ok(count), "{name}");
            let expanded = lines(kind, legs).unwrap();
            assert_eq!(expanded.len(), count, "{name}");
            let mut unique = expanded.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), count, "{name} lines are distinct");
        }
    }

    #[test]
    fn full_cover_counts_follow_the_power_of_two_formulas() {
        for (without, with, n) in [
            ("trixie", "patent", 3),
            ("yankee", "lucky15", 4),
            ("canadian", "lucky31", 5),
            ("heinz", "lucky63", 6),
        ] {
            assert_eq!(line_count(system(without), n), Ok((1 << n) - n - 1));
            assert_eq!(line_count(system(with), n), Ok((1 << n) - 1));
        }
    }

    #[test]
    fn a_trixie_is_three_doubles_and_a_treble() {
        assert_eq!(
            lines(system("trixie"), 3).unwrap(),
            vec![vec![0, 1], vec![0, 2], vec![1, 2], vec![0, 1, 2]]
        );
        assert_eq!(lines(BetKind::Single, 1).unwrap(), vec![vec![0]]);
        assert_eq!(lines(BetKind::Teaser, 3).unwrap(), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn leg_counts_are_checked_per_kind() {
        let wrong = |kind: BetKind, legs| {
            matches!(line_count(kind, legs), Err(BetError::WrongLegCount { .. }))
        };
        assert!(wrong(BetKind::Single, 0));
        assert!(wrong(BetKind::Single, 2));
        assert!(wrong(BetKind::Accumulator, 1));
        assert!(wrong(BetKind::Accumulator, MAX_LEGS + 1));
        assert!(wrong(BetKind::Teaser, 1));
        assert!(wrong(system("yankee"), 3));
        assert!(wrong(system("yankee"), 5));
        assert!(wrong(system("2/3"), 4));
        assert_eq!(line_count(BetKind::Accumulator, MAX_LEGS), Ok(1));
    }

    #[test]
    fn k_of_n_systems_are_bounded() {
        assert_eq!("0/3".parse::<SystemType>(), Err(BetError::InvalidSystem));
        assert_eq!("4/3".parse::<SystemType>(), Err(BetError::InvalidSystem));
        assert_eq!("2/21".parse::<SystemType>(), Err(BetError::InvalidSystem));
        assert_eq!("2/".parse::<SystemType>(), Err(BetError::UnknownCode));
        assert_eq!("+2/3".parse::<SystemType>(), Err(BetError::UnknownCode));
        assert_eq!("nope".parse::<SystemType>(), Err(BetError::UnknownCode));
        assert_eq!(line_count(system("10/20"), 20), Err(BetError::TooManyLines));
        assert_eq!(line_count(system("3/20"), 20), Ok(1140));
        // A hand-built K/N is validated too.
        let bad = BetKind::System(SystemType::KOfN { k: 5, n: 3 });
        assert_eq!(line_count(bad, 3), Err(BetError::InvalidSystem));
    }

    #[test]
    fn bet_kinds_serialize_as_the_api_spells_them() {
        let yankee = system("yankee");
        assert_eq!(
            serde_json::to_string(&yankee).unwrap(),
            r#"{"kind":"system","system":"yankee"}"#
        );
        assert_eq!(
            serde_json::to_string(&BetKind::Single).unwrap(),
            r#"{"kind":"single"}"#
        );
        let k_of_n: BetKind = serde_json::from_str(r#"{"kind":"system","system":"3/5"}"#).unwrap();
        assert_eq!(k_of_n, system("3/5"));
        assert_eq!(k_of_n.to_string(), "3/5");
        let single: BetKind = serde_json::from_str(r#"{"kind":"single"}"#).unwrap();
        assert_eq!(single, BetKind::Single);
        assert_eq!(
            BetKind::from_parts("system", Some("lucky15")),
            Ok(system("lucky15"))
        );
        assert_eq!(
            BetKind::from_parts("single", Some("yankee")),
            Err(BetError::UnknownCode)
        );
        assert_eq!(system("canadian").to_string(), "canadian");
    }
}
