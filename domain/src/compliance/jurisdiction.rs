//! Per-country responsible-gaming rules: minimum age, whether a deposit
//! limit must be set before the first deposit, a mandatory reality-check
//! interval, the minimum self-exclusion and whether KYC must be verified
//! before the first deposit.
//!
//! [`defaults_for`] seeds what the platform knows; operators may override
//! the rules in configuration. The seeds are a summary of the regulators'
//! published rules as of 2025, not legal advice.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::exclusion::SELF_EXCLUSION_MIN_MONTHS;
use super::session::RealityCheckInterval;

/// The minimum age where nothing else is configured (API.md).
pub const DEFAULT_MINIMUM_AGE: u32 = 18;

/// An ISO 3166-1 alpha-2 country code, upper case (`"MT"`). Parsing
/// accepts either case; it checks the shape, not that the country exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

/// A string that is not two ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a country code is two letters (ISO 3166-1 alpha-2)")]
pub struct CountryCodeError;

impl CountryCode {
    /// Builds a code from two bytes, `None` unless both are ASCII letters.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 2]) -> Option<Self> {
        if bytes[0].is_ascii_alphabetic() && bytes[1].is_ascii_alphabetic() {
            Some(Self([
                bytes[0].to_ascii_uppercase(),
                bytes[1].to_ascii_uppercase(),
            ]))
        } else {
            None
        }
    }

    /// The two upper-case ASCII letters.
    #[must_use]
    pub const fn as_bytes(self) -> [u8; 2] {
        self.0
    }
}

impl FromStr for CountryCode {
    type Err = CountryCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            &[a, b] => Self::from_bytes([a, b]).ok_or(CountryCodeError),
            _ => Err(CountryCodeError),
        }
    }
}

impl TryFrom<String> for CountryCode {
    type Error = CountryCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> Self {
        c.to_string()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", char::from(self.0[0]), char::from(self.0[1]))
    }
}

/// The responsible-gaming rules of one country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JurisdictionRules {
    /// The country.
    pub country: CountryCode,
    /// Registration is refused below this age (422 `underage`).
    pub minimum_age: u32,
    /// The player must set a deposit limit (answer the prompt with a limit,
    /// not skip it) before the first deposit. Where `false` the prompt is
    /// still shown at registration or first deposit, but may be skipped.
    pub deposit_limit_prompt_mandatory: bool,
    /// A reality-check interval the player cannot lengthen or switch off;
    /// `None` when reality checks are the player's choice.
    pub mandatory_reality_check_interval: Option<RealityCheckInterval>,
    /// The shortest fixed self-exclusion, in months (the API's floor of 6
    /// applies even if this is lower).
    pub minimum_self_exclusion_months: u32,
    /// KYC must be `verified` before the first deposit, not only before a
    /// withdrawal.
    pub kyc_required_before_first_deposit: bool,
}

impl JurisdictionRules {
    /// The platform's rules for a country it has no seed for: age 18, the
    /// deposit-limit prompt may be skipped, reality checks optional,
    /// 6-month minimum self-exclusion, KYC before the first withdrawal
    /// (API.md) but not before the first deposit.
    #[must_use]
    pub const fn platform_default(country: CountryCode) -> Self {
        Self {
            country,
            minimum_age: DEFAULT_MINIMUM_AGE,
            deposit_limit_prompt_mandatory: false,
            mandatory_reality_check_interval: None,
            minimum_self_exclusion_months: SELF_EXCLUSION_MIN_MONTHS,
            kyc_required_before_first_deposit: false,
        }
    }
}

/// The seeded rules for `country`, or [`JurisdictionRules::platform_default`].
#[must_use]
pub const fn defaults_for(country: CountryCode) -> JurisdictionRules {
    let base = JurisdictionRules::platform_default(country);
    match &country.0 {
        // Malta, Malta Gaming Authority: Gaming Act (Cap. 583) and the
        // Player Protection Directive (Directive 2 of 2018): players of
        // 18+, limits offered at registration, self-exclusion of at least
        // six months. Customer due diligence is due by the AML deposit
        // threshold rather than before any deposit.
        b"MT" => base,
        // Great Britain, Gambling Commission: Gambling Act 2005 (18+);
        // LCCP SR 3.5.3 (self-exclusion at least six months); since May
        // 2019 identity and age must be verified before the customer may
        // deposit or gamble (LCCP 3.2.11). Reality checks are offered, not
        // mandated; limits are offered but may be declined.
        b"GB" => JurisdictionRules {
            kyc_required_before_first_deposit: true,
            ..base
        },
        // Sweden, Spelinspektionen: Spellagen (2018:1138), 18+; the player
        // must set a deposit limit before playing; identity is established
        // at registration (BankID); the national Spelpaus register offers
        // 1, 3 or 6 months or indefinite, but this platform's own
        // self-exclusion keeps the API floor of 6 months.
        b"SE" => JurisdictionRules {
            deposit_limit_prompt_mandatory: true,
            kyc_required_before_first_deposit: true,
            ..base
        },
        // Brazil, SPA/Ministério da Fazenda: Lei 14.790/2023, 18+; the SPA/MF
        // ordinances of 2024 require identity verification (with facial
        // recognition) when the account is opened, before any bet.
        b"BR" => JurisdictionRules {
            kyc_required_before_first_deposit: true,
            ..base
        },
        // Mexico, SEGOB: Ley Federal de Juegos y Sorteos and its
        // Reglamento, 18+.
        b"MX" => base,
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(s: &str) -> CountryCode {
        s.parse().expect("valid code")
    }

    #[test]
    fn country_codes_are_two_letters_in_upper_case() {
        assert_eq!(cc("mt"), cc("MT"));
        assert_eq!(cc("mT").to_string(), "MT");
        for bad in ["", "M", "MLT", "M1", "é", "  ", "ÉÉ"] {
            assert_eq!(bad.parse::<CountryCode>(), Err(CountryCodeError), "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&cc("se")).ok().as_deref(),
            Some("\"SE\"")
        );
        assert_eq!(
            serde_json::from_str::<CountryCode>("\"br\"").ok(),
            Some(cc("BR"))
        );
        assert!(serde_json::from_str::<CountryCode>("\"BRA\"").is_err());
    }

    #[test]
    fn every_seeded_country_has_a_minimum_age_of_18() {
        for c in ["MT", "GB", "SE", "BR", "MX", "FR", "ZZ"] {
            let rules = defaults_for(cc(c));
            assert_eq!(rules.country, cc(c));
            assert_eq!(rules.minimum_age, 18, "{c}");
            assert!(rules.minimum_self_exclusion_months >= 6, "{c}");
        }
    }

    #[test]
    fn great_britain_leaves_reality_checks_optional_and_verifies_before_deposit() {
        let gb = defaults_for(cc("GB"));
        assert_eq!(gb.mandatory_reality_check_interval, None);
        assert!(!gb.deposit_limit_prompt_mandatory);
        assert!(gb.kyc_required_before_first_deposit);
    }

    #[test]
    fn sweden_makes_the_deposit_limit_prompt_mandatory() {
        assert!(defaults_for(cc("SE")).deposit_limit_prompt_mandatory);
        assert!(!defaults_for(cc("MT")).deposit_limit_prompt_mandatory);
    }

    #[test]
    fn an_unknown_country_gets_the_platform_default() {
        assert_eq!(
            defaults_for(cc("ZZ")),
            JurisdictionRules::platform_default(cc("ZZ"))
        );
        assert_eq!(defaults_for(cc("MX")).minimum_age, DEFAULT_MINIMUM_AGE);
    }

    #[test]
    fn rules_round_trip_through_json() {
        let se = defaults_for(cc("SE"));
        let json = serde_json::to_string(&se).expect("serialise");
        assert!(json.contains("\"country\":\"SE\""));
        assert_eq!(
            serde_json::from_str::<JurisdictionRules>(&json).ok(),
            Some(se)
        );
    }
}
