//! Every text of the player app in English, Spanish and Portuguese.
//!
//! The keys are enums declared by the `messages!` tables, one table per
//! area of the app, so that a page's texts travel with its code: the
//! first load's pages (the shell, the home page, the sportsbook, the
//! betslip) use [`Msg`]; the lazily loaded ones add their area's enum
//! ([`AccountMsg`], [`CasinoMsg`], [`RgMsg`], [`RewardsMsg`]), whose texts
//! the build moves out of the first load with them. A text several areas
//! share lives in [`Msg`]. Each line of a table is a key and its three
//! texts, so a missing translation is a compile error (the line does not
//! match the macro). Texts with numbers or names in them are the functions
//! in [`texts`], each a `match` on the locale.

use super::Locale;

/// A key of one of the tables: its text in a language.
pub trait Text: Copy + std::fmt::Debug {
    /// The text in `locale`.
    fn text(self, locale: Locale) -> &'static str;
}

/// Declares one table's enum, a variant per line, and its texts.
macro_rules! messages {
    (enum $name:ident; $($key:ident => $en:literal, $es:literal, $pt:literal;)*) => {
        /// A text of the player app; [`Text::text`](super::Text::text) (or
        /// [`Locale::t`](crate::i18n::Locale::t)) gives it in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $(
                #[doc = $en]
                $key,
            )*
        }

        impl $name {
            /// Every key (for tests).
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
        }

        impl super::Text for $name {
            fn text(self, locale: crate::i18n::Locale) -> &'static str {
                use crate::i18n::Locale;
                match self {
                    $($name::$key => match locale {
                        Locale::En => $en,
                        Locale::Es => $es,
                        Locale::Pt => $pt,
                    },)*
                }
            }
        }
    };
}

mod account;
mod casino;
mod first_load;
mod responsible_gaming;
mod rewards;
pub mod texts;

pub use account::AccountMsg;
pub use casino::CasinoMsg;
pub use first_load::Msg;
pub use responsible_gaming::RgMsg;
pub use rewards::RewardsMsg;
pub use texts::*;

/// Every key of every table, as text in `locale` (for tests).
#[cfg(test)]
pub fn all_texts(locale: Locale) -> Vec<(String, &'static str)> {
    fn of<T: Text>(keys: &[T], locale: Locale) -> Vec<(String, &'static str)> {
        keys.iter()
            .map(|k| (format!("{k:?}"), k.text(locale)))
            .collect()
    }
    let mut all = of(Msg::ALL, locale);
    all.extend(of(AccountMsg::ALL, locale));
    all.extend(of(CasinoMsg::ALL, locale));
    all.extend(of(RgMsg::ALL, locale));
    all.extend(of(RewardsMsg::ALL, locale));
    all
}
