//! Loyalty pages. For players: [`player`] is `/loyalty` (points, coins,
//! tier and its benefits, progress to the next tier, history, the loyalty
//! card with its QR code) and [`store`] is `/loyalty/store` (items priced
//! in points or coins, redeemed with a confirmation). For VIP managers and
//! admins: [`admin`] is `/backoffice/loyalty`, the programme editor and the
//! store's items.
//!
//! Rules:
//! - Points and coins are whole numbers and stay integers; money (VIP
//!   rules, earning `per`, rewards) stays the server's decimal text shown
//!   with its currency, never a float.
//! - Visitors are invited to sign in and staff are told these pages are
//!   for players; neither sees an error page.
//! - Every control is a native button, link or input with a visible label,
//!   usable with the keyboard.

pub mod admin;
mod draft;
pub mod player;
pub mod store;

pub use admin::LoyaltyAdmin;
pub use player::LoyaltyPage;
pub use store::LoyaltyStore;

use domain::api::loyalty::{LoyaltyStatus, StoreItem, TierSpec};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::loyalty::Viewer;
use crate::components::CARD;
use crate::i18n::{Locale, Msg, RewardsMsg, messages, use_locale};

/// A whole number with thousands separators: `12,500`, `-50` (English,
/// as the back office shows it).
pub fn grouped(n: i64) -> String {
    grouped_in(Locale::En, n)
}

/// A whole number with `locale`'s thousands separators: `12,500`, `12.500`.
pub fn grouped_in(locale: Locale, n: i64) -> String {
    let sep = if locale == Locale::En { ',' } else { '.' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `1 point`, `1,250 points` (English).
pub fn points_text(n: i64) -> String {
    points_text_in(Locale::En, n)
}

/// `1 coin`, `40 coins` (English).
pub fn coins_text(n: i64) -> String {
    coins_text_in(Locale::En, n)
}

/// `1 point`, `1,250 points` in `locale`.
pub fn points_text_in(locale: Locale, n: i64) -> String {
    messages::points_count(locale, n, &grouped_in(locale, n))
}

/// `1 coin`, `40 coins` in `locale`.
pub fn coins_text_in(locale: Locale, n: i64) -> String {
    messages::coins_count(locale, n, &grouped_in(locale, n))
}

/// A card number in groups of four: `4815 1623 4200 0001`.
pub fn card_groups(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    digits
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A tier's benefits in words: `1.25× points`, `5% cashback`; the lowest
/// tier without any says so.
pub fn benefits(multiplier: Option<&str>, cashback: Option<&str>) -> Vec<String> {
    benefits_in(Locale::En, multiplier, cashback)
}

/// [`benefits`] in `locale`.
pub fn benefits_in(
    locale: Locale,
    multiplier: Option<&str>,
    cashback: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = multiplier
        .map(str::trim)
        .filter(|m| !m.is_empty() && !is_one(m))
    {
        out.push(messages::points_multiplier(locale, m));
    }
    if let Some(c) = cashback
        .map(str::trim)
        .filter(|c| !c.is_empty() && !is_zero(c))
    {
        out.push(messages::cashback_on_losses(locale, c));
    }
    out
}

/// The whole and fractional digits of a plain decimal (`"1.25"`), the
/// whole part without leading zeros.
fn split_decimal(s: &str) -> (&str, &str) {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    (whole.trim_start_matches('0'), frac)
}

/// True for `1`, `1.0`, `01.00` (not `10`).
fn is_one(s: &str) -> bool {
    let (whole, frac) = split_decimal(s);
    whole == "1" && frac.bytes().all(|b| b == b'0')
}

/// True for `0`, `0.0`, `.00`.
fn is_zero(s: &str) -> bool {
    let (whole, frac) = split_decimal(s);
    whole.is_empty() && frac.bytes().all(|b| b == b'0')
}

/// The progress towards the next tier: (percent 0–100, points still to
/// earn, the next tier's name); `None` at the top tier or without a
/// programme. Counted from the held tier's threshold, so the bar starts
/// empty on reaching a tier.
pub fn progress(status: &LoyaltyStatus, tiers: &[TierSpec]) -> Option<(u8, i64, String)> {
    let next = status.next_tier.as_ref()?;
    let floor = status
        .tier
        .as_deref()
        .and_then(|held| tiers.iter().find(|t| t.name == held))
        .map_or(0, |t| t.threshold)
        .min(next.threshold);
    let span = (next.threshold - floor).max(1);
    let done = (status.qualifying_points - floor).clamp(0, span);
    let percent = u8::try_from(done * 100 / span).unwrap_or(100);
    Some((
        percent,
        (next.threshold - status.qualifying_points).max(0),
        next.name.clone(),
    ))
}

/// An item's price: `500 points`, `20 coins`, `500 points + 20 coins`.
pub fn cost_text(item: &StoreItem) -> String {
    cost_text_in(Locale::En, item)
}

/// [`cost_text`] in `locale`.
pub fn cost_text_in(locale: Locale, item: &StoreItem) -> String {
    match (item.cost_points, item.cost_coins) {
        (Some(p), Some(c)) => format!(
            "{} + {}",
            points_text_in(locale, p),
            coins_text_in(locale, c)
        ),
        (Some(p), None) => points_text_in(locale, p),
        (None, Some(c)) => coins_text_in(locale, c),
        (None, None) => locale.t(RewardsMsg::Free).to_owned(),
    }
}

/// True when `held` (the player's tier) ranks below `needed` in `tiers`
/// (lowest first); a tier not in the programme locks nothing.
pub fn tier_locked(held: Option<&str>, needed: Option<&str>, tiers: &[String]) -> bool {
    let Some(needed) = needed else { return false };
    let Some(need) = tiers.iter().position(|t| t == needed) else {
        return false;
    };
    held.and_then(|h| tiers.iter().position(|t| t == h))
        .is_none_or(|have| have < need)
}

/// What visitors and staff see instead of a player's loyalty:
/// `data-testid="loyalty-signin"` or `"loyalty-staff"`.
#[component]
pub fn NotAPlayer(viewer: Viewer, what: RewardsMsg) -> impl IntoView {
    let l = use_locale();
    let what = l.t(what);
    match viewer {
        Viewer::Staff => view! {
            <p class=format!("{CARD} mt-6 text-sm text-slate-300") data-testid="loyalty-staff">
                {messages::for_players_only(l, what)}
                <A href="/backoffice/loyalty" attr:class="text-emerald-300 underline">{l.t(Msg::BackOfficeLower)}</A>
                {l.t(Msg::FullStop)}
            </p>
        }
        .into_any(),
        _ => view! {
            <div class=format!("{CARD} mt-6") data-testid="loyalty-signin">
                <p class="text-sm text-slate-300">
                    {l.t(RewardsMsg::LoyaltyPitch)}
                </p>
                <p class="mt-3 flex flex-wrap gap-3 text-sm">
                    <A href="/login" attr:class="font-semibold text-emerald-300 underline">{l.t(Msg::LogIn)}</A>
                    <span class="text-slate-400">{l.t(RewardsMsg::Or)}</span>
                    <A href="/register" attr:class="font-semibold text-emerald-300 underline">{l.t(RewardsMsg::OpenAnAccount)}</A>
                    <span class="text-slate-300">{messages::to_see_your(l, what)}</span>
                </p>
            </div>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::api::loyalty::NextTier;

    fn status(tier: Option<&str>, qualifying: i64, next: Option<(&str, i64)>) -> LoyaltyStatus {
        LoyaltyStatus {
            points: 0,
            coins: 0,
            tier: tier.map(str::to_owned),
            qualifying_points: qualifying,
            next_tier: next.map(|(name, threshold)| NextTier {
                name: name.to_owned(),
                threshold,
            }),
            card_number: None,
            points_multiplier: "1".into(),
            cashback_percent: None,
            tier_override_until: None,
            below_threshold_since: None,
        }
    }

    fn tiers() -> Vec<TierSpec> {
        [("Bronze", 0), ("Silver", 1000), ("Gold", 5000)]
            .into_iter()
            .map(|(name, threshold)| TierSpec {
                name: name.into(),
                threshold,
                ..TierSpec::default()
            })
            .collect()
    }

    #[test]
    fn numbers_group_by_thousands_and_pluralize() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(-1_234_567), "-1,234,567");
        assert_eq!(points_text(1), "1 point");
        assert_eq!(points_text(1250), "1,250 points");
        assert_eq!(coins_text(-1), "-1 coin");
    }

    #[test]
    fn card_numbers_read_in_groups_of_four() {
        assert_eq!(card_groups("4815162342000001"), "4815 1623 4200 0001");
        assert_eq!(card_groups("12345"), "1234 5");
    }

    #[test]
    fn progress_counts_from_the_held_tier_to_the_next() {
        let t = tiers();
        assert_eq!(
            progress(&status(Some("Silver"), 3000, Some(("Gold", 5000))), &t),
            Some((50, 2000, "Gold".into()))
        );
        assert_eq!(
            progress(&status(Some("Bronze"), 0, Some(("Silver", 1000))), &t),
            Some((0, 1000, "Silver".into()))
        );
        // Kept in grace below the threshold: an empty bar, never negative.
        assert_eq!(
            progress(&status(Some("Silver"), 400, Some(("Gold", 5000))), &t),
            Some((0, 4600, "Gold".into()))
        );
        assert_eq!(progress(&status(Some("Gold"), 9000, None), &t), None);
    }

    #[test]
    fn benefits_leave_out_the_neutral_ones() {
        assert!(benefits(Some("1"), None).is_empty());
        assert!(benefits(Some("1.00"), Some("0")).is_empty());
        assert_eq!(benefits(Some("10"), Some("0.50")).len(), 2);
        assert_eq!(
            benefits(Some("1.25"), Some("5")),
            [
                "1.25× points on everything you play",
                "5% cashback on net losses"
            ]
        );
    }

    #[test]
    fn an_item_is_locked_below_its_tier_only() {
        let names: Vec<String> = tiers().into_iter().map(|t| t.name).collect();
        assert!(tier_locked(Some("Bronze"), Some("Silver"), &names));
        assert!(!tier_locked(Some("Gold"), Some("Silver"), &names));
        assert!(!tier_locked(Some("Silver"), Some("Silver"), &names));
        assert!(tier_locked(None, Some("Silver"), &names));
        assert!(!tier_locked(Some("Bronze"), None, &names));
        assert!(!tier_locked(Some("Bronze"), Some("Platinum"), &names));
    }
}
