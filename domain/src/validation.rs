//! Field-level validation errors: which field of a request body is wrong and
//! why, collected so one answer lists every problem rather than the first.
//!
//! Field names are paths into the JSON body as the client wrote it:
//! `"reward.amount"`, `"variants[1].reward.wagering_multiplier"`. The server
//! turns a non-empty list into 422 `validation_failed`.

#![deny(missing_docs)]

use core::fmt;

use serde::{Deserialize, Serialize};

/// One field's validation failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field in the request body (`"limits.budget"`).
    pub field: String,
    /// What is wrong, for people.
    pub message: String,
}

impl FieldError {
    /// An error on `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// `path.field`, or `field` alone at the top level (`path` empty).
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// `path[index]`: the path of one element of a list.
pub fn index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// Collects field errors while a body is validated, so every problem is
/// reported at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    errors: Vec<FieldError>,
}

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        FieldErrors::default()
    }

    /// Records an error on `field`.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// The value of `result`, or `None` after recording its error (its
    /// `Display`) on `field`.
    pub fn take<T, E: fmt::Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    /// The value of `result`, or `None` after recording all its errors
    /// (the result of a nested validation).
    pub fn absorb<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                self.errors.extend(errors);
                None
            }
        }
    }

    /// No error recorded.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors recorded so far.
    pub fn as_slice(&self) -> &[FieldError] {
        &self.errors
    }

    /// `Ok(value)` when nothing was recorded and the value was built;
    /// otherwise the errors. Never an empty error list: a value that could
    /// not be built without a recorded reason (a bug) is reported on
    /// `fallback_field` rather than accepted.
    pub fn finish<T>(self, value: Option<T>, fallback_field: &str) -> Result<T, Vec<FieldError>> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.into_errors(fallback_field)),
        }
    }

    /// The errors, never empty (see [`FieldErrors::finish`]).
    pub fn into_errors(mut self, fallback_field: &str) -> Vec<FieldError> {
        if self.errors.is_empty() {
            self.add(fallback_field, "is invalid");
        }
        self.errors
    }
}

/// Serde helpers for counts (JSON integers) that must reach validation even
/// when they do not fit in `i64`: an integer beyond the range (which
/// serde_json reads as a float) saturates to `i64::MIN`/`i64::MAX`, so the
/// range check reports it on its field (422) instead of deserialization
/// failing (400). Strings, fractions and other types still fail: they are
/// the wrong JSON type.
pub mod count {
    use core::fmt;

    use serde::Deserializer;
    use serde::de::{self, Visitor};

    /// 2⁶³ as `f64`: floats at or beyond ±this are out of `i64` range.
    const I64_LIMIT: f64 = 9_223_372_036_854_775_808.0;

    struct CountVisitor;

    impl<'de> Visitor<'de> for CountVisitor {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(CountVisitor)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(i64::try_from(v).unwrap_or(i64::MAX)))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            // Only a whole number too large for i64 arrives here as a float
            // legitimately; 1.5 or 2.0 is a float where an integer is due.
            if v.is_finite() && v.fract() == 0.0 && v.abs() >= I64_LIMIT {
                Ok(Some(if v > 0.0 { i64::MAX } else { i64::MIN }))
            } else {
                Err(E::invalid_type(de::Unexpected::Float(v), &self))
            }
        }
    }

    /// For `Option<i64>` fields (with `#[serde(default)]`): absent or null
    /// is `None`.
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_option(CountVisitor)
    }

    /// For required `i64` fields; null is refused.
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(CountVisitor)?
            .ok_or_else(|| de::Error::invalid_type(de::Unexpected::Unit, &"an integer"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_fields_and_indexes() {
        assert_eq!(join("", "amount"), "amount");
        assert_eq!(join("reward", "amount"), "reward.amount");
        assert_eq!(
            join(&join(&index("variants", 1), "reward"), "kind"),
            "variants[1].reward.kind"
        );
    }

    #[test]
    fn errors_are_collected_and_a_failure_is_never_silent() {
        let mut errors = FieldErrors::new();
        assert_eq!(errors.take::<_, String>("a", Ok(1)), Some(1));
        assert_eq!(errors.take::<i32, _>("b", Err("is wrong")), None);
        assert_eq!(
            errors.absorb::<i32>(Err(vec![FieldError::new("c", "too big")])),
            None
        );
        assert_eq!(
            errors.clone().finish(Some(1), "x").unwrap_err(),
            vec![
                FieldError::new("b", "is wrong"),
                FieldError::new("c", "too big")
            ]
        );
        assert_eq!(
            FieldErrors::new().finish::<i32>(None, "x"),
            Err(vec![FieldError::new("x", "is invalid")])
        );
        assert_eq!(FieldErrors::new().finish(Some(7), "x"), Ok(7));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Counts {
        #[serde(default, deserialize_with = "count::option")]
        optional: Option<i64>,
        #[serde(default, deserialize_with = "count::required")]
        required: i64,
    }

    #[test]
    fn counts_too_large_for_i64_saturate_and_other_types_fail() {
        let read = |json: &str| serde_json::from_str::<Counts>(json);
        let counts = read(r#"{"optional":99999999999999999999999,"required":-1e30}"#).unwrap();
        assert_eq!(
            (counts.optional, counts.required),
            (Some(i64::MAX), i64::MIN)
        );
        let counts = read(r#"{"optional":18446744073709551615,"required":7}"#).unwrap();
        assert_eq!((counts.optional, counts.required), (Some(i64::MAX), 7));
        let counts = read(r#"{"optional":null}"#).unwrap();
        assert_eq!((counts.optional, counts.required), (None, 0));
        for bad in [
            r#"{"optional":"5"}"#,
            r#"{"optional":1.5}"#,
            r#"{"optional":2.0}"#,
            r#"{"required":null}"#,
            r#"{"required":true}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_field_error_serializes_as_field_and_message() {
        let json = serde_json::to_string(&FieldError::new("limits.budget", "must be positive"));
        assert_eq!(
            json.unwrap(),
            r#"{"field":"limits.budget","message":"must be positive"}"#
        );
    }
}
