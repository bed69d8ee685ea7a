//! The error for parsing the snake_case codes of this module's enums (made
//! with [`crate::money::coded_enum`]'s `parse_error` form).

use std::fmt;

/// How much of a rejected input an error keeps: enough to debug, never an
/// unbounded copy of whatever a client sent.
const MAX_ECHO_CHARS: usize = 32;

/// A string that is not one of an enum's snake_case names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseEnumError {
    /// Which enum was being parsed (`"limit kind"`).
    pub what: &'static str,
    /// The accepted names.
    pub expected: &'static [&'static str],
    /// The rejected input, cut to a few characters.
    pub got: String,
}

impl ParseEnumError {
    pub(crate) fn new(what: &'static str, expected: &'static [&'static str], got: &str) -> Self {
        Self {
            what,
            expected,
            got: got.chars().take(MAX_ECHO_CHARS).collect(),
        }
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}`, expected one of: {}",
            self.what,
            self.got,
            self.expected.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_rejected_input_is_cut_short_in_the_error() {
        let long = "x".repeat(10_000);
        let err = ParseEnumError::new("thing", &["a", "b"], &long);
        assert_eq!(err.got.chars().count(), MAX_ECHO_CHARS);
        assert_eq!(
            err.to_string(),
            format!("unknown thing `{}`, expected one of: a, b", err.got)
        );
    }
}
