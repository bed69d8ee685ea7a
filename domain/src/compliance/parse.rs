//! The error for parsing the snake_case names of this module's enums, and the
//! macro that gives those enums one name table for serde, `Display` and
//! `FromStr`.

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

/// Implements `as_str`, `Display`, `FromStr` and the `ALL` list for a
/// fieldless enum from one table of `Variant => "snake_name"`, so the display
/// and the parser cannot drift apart (the serde derives use
/// `rename_all = "snake_case"`; tests check they agree).
macro_rules! snake_case_enum {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The snake_case name used in the API and in storage.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::compliance::ParseEnumError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::compliance::ParseEnumError::new(
                        $what,
                        &[$($name),+],
                        s,
                    )),
                }
            }
        }
    };
}

pub(crate) use snake_case_enum;

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
