//! Statistics for campaign experiments: an always-valid p-value for the
//! difference between the conversion rates of two variants (or a variant
//! and the holdout).
//!
//! Floating point is fine here: these are statistics shown to marketers,
//! never money.

#![deny(missing_docs)]

/// An always-valid p-value for "variants A and B convert at the same
/// rate", from `conv_a` conversions out of `n_a` players and `conv_b` out of
/// `n_b`: the mixture sequential probability ratio test (mSPRT) with a
/// normal mixing distribution N(0, `tau_squared`) over the difference of the
/// rates (Johari, Pekelis, Walsh, "Always valid inference: continuous
/// monitoring of A/B tests", 2017/2022).
///
/// Why this test: marketing watches the campaign dashboard live and stops
/// an experiment as soon as it "looks significant". A fixed-horizon
/// p-value (a z-test) is only valid when read once, at a sample size fixed
/// in advance; checked again and again, it dips below 0.05 by chance far
/// more often than 5 % of the time, so peeking inflates false positives.
/// The mSPRT's p-value stays valid however often and whenever it is read:
/// the chance that it EVER falls below α when the rates are equal is at
/// most α.
///
/// With the difference of observed rates θ̂ = p̂_B − p̂_A, its variance
/// under the null V = p̂(1 − p̂)(1/n_A + 1/n_B) (p̂ pooled) and τ² the
/// mixing variance, the mixture likelihood ratio is
/// Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²))), and this returns
/// min(1, 1/Λ). τ² is the squared size of differences the test is tuned to
/// find (e.g. 0.0001 for about one percentage point).
///
/// The caller keeps the running minimum: the always-valid p-value at time
/// n is min over every k ≤ n of this value at k, so it never rises; store
/// it with the experiment's statistics and update it with each new
/// reading.
///
/// Returns 1 (no evidence) for empty or inconsistent counts (more
/// conversions than players) and a τ² that is not a positive number.
pub fn always_valid_p_value(conv_a: u64, n_a: u64, conv_b: u64, n_b: u64, tau_squared: f64) -> f64 {
    let consistent = n_a > 0 && n_b > 0 && conv_a <= n_a && conv_b <= n_b;
    if !consistent || !tau_squared.is_finite() || tau_squared <= 0.0 {
        return 1.0;
    }
    let (conv_a, n_a, conv_b, n_b) = (conv_a as f64, n_a as f64, conv_b as f64, n_b as f64);
    let pooled = (conv_a + conv_b) / (n_a + n_b);
    let variance = pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b);
    if variance <= 0.0 {
        // Everyone converted, or nobody did, in both arms: no difference.
        return 1.0;
    }
    let theta = conv_b / n_b - conv_a / n_a;
    let spread = variance + tau_squared;
    let log_ratio =
        0.5 * (variance / spread).ln() + tau_squared * theta * theta / (2.0 * variance * spread);
    let p = (-log_ratio).exp();
    if p.is_nan() { 1.0 } else { p.min(1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAU_SQUARED: f64 = 0.0001;

    #[test]
    fn identical_rates_give_no_evidence() {
        let p = always_valid_p_value(500, 10_000, 500, 10_000, TAU_SQUARED);
        assert!((p - 1.0).abs() < 1e-12, "{p}");
        let p = always_valid_p_value(50, 1_000, 101, 2_000, TAU_SQUARED);
        assert!(p > 0.99, "{p}");
    }

    #[test]
    fn a_large_real_difference_with_many_players_is_significant() {
        // 10 % against 12 % over 10,000 players each.
        let p = always_valid_p_value(1_000, 10_000, 1_200, 10_000, TAU_SQUARED);
        assert!(p < 0.01, "{p}");
        // The test is symmetric in the direction of the difference.
        let q = always_valid_p_value(1_200, 10_000, 1_000, 10_000, TAU_SQUARED);
        assert!((p - q).abs() < 1e-12);
    }

    #[test]
    fn a_handful_of_players_proves_nothing() {
        let p = always_valid_p_value(1, 1, 0, 1, TAU_SQUARED);
        assert!(p > 0.99, "{p}");
        let p = always_valid_p_value(3, 10, 6, 10, TAU_SQUARED);
        assert!(p > 0.9, "{p}");
        // A fixed-horizon z-test would call 2/20 against 8/20 significant
        // (z ≈ 2.0); the always-valid p-value stays far from it.
        let p = always_valid_p_value(2, 20, 8, 20, TAU_SQUARED);
        assert!(p > 0.5, "{p}");
    }

    #[test]
    fn nonsense_input_gives_no_evidence() {
        assert_eq!(always_valid_p_value(0, 0, 5, 10, TAU_SQUARED), 1.0);
        assert_eq!(always_valid_p_value(11, 10, 5, 10, TAU_SQUARED), 1.0);
        assert_eq!(always_valid_p_value(1, 10, 5, 10, 0.0), 1.0);
        assert_eq!(always_valid_p_value(1, 10, 5, 10, f64::NAN), 1.0);
        assert_eq!(always_valid_p_value(0, 10, 0, 10, TAU_SQUARED), 1.0);
        assert_eq!(always_valid_p_value(10, 10, 10, 10, TAU_SQUARED), 1.0);
    }

    #[test]
    fn the_evidence_grows_with_the_sample_for_a_fixed_difference() {
        let small = always_valid_p_value(100, 1_000, 120, 1_000, TAU_SQUARED);
        let large = always_valid_p_value(10_000, 100_000, 12_000, 100_000, TAU_SQUARED);
        assert!(large < small, "{large} vs {small}");
        assert!(large < 1e-6, "{large}");
    }
}
