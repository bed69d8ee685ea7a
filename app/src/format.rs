//! How times, money and references read to people: RFC 3339 instants
//! shown in the viewer's own time zone in a friendly form ("Today 21:30",
//! "Tomorrow 18:00", "Sat 12 Dec 18:00", "in 12 min" just before a start),
//! amounts always with their currency in the locale's form ("€1,234.50"),
//! and short bet references instead of raw ids, all in the page's
//! language ([`Locale`]: "Hoy 21:30", "1.234,50 €").
//!
//! Rules: every amount a player sees goes through [`money`] (one formatter,
//! never `format!("{amount} {currency}")` by hand); every instant through
//! [`LocalTime`] (never a raw ISO string). The server does not know the
//! viewer's time zone, so [`LocalTime`] renders an instant in UTC with a
//! "UTC" suffix; once the page runs in the browser, an effect (which runs
//! only after hydration, so the hydrated DOM matches the server's HTML)
//! replaces that with the local, friendly form. The calendar arithmetic
//! and the number formatting are pure (and tested here); only the
//! time-zone offset and the current time come from the browser.

use leptos::prelude::*;

pub use crate::i18n::Locale;
use crate::i18n::{Msg, messages, use_locale};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// A wall-clock moment: a calendar day and the time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    /// Days since 1970-01-01.
    days: i64,
    year: i64,
    /// 1 to 12.
    month: u32,
    /// 1 to 31.
    day: u32,
    hour: i64,
    minute: i64,
}

impl Civil {
    /// The wall clock `secs` seconds after 1970-01-01T00:00 (of whatever
    /// zone the seconds are counted in).
    fn at(secs: i64) -> Self {
        let days = secs.div_euclid(DAY);
        let of_day = secs.rem_euclid(DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            days,
            year,
            month,
            day,
            hour: of_day / 3600,
            minute: of_day % 3600 / 60,
        }
    }

    fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    fn weekday(&self, locale: Locale) -> &'static str {
        // 1970-01-01 was a Thursday.
        messages::weekdays(locale)[(self.days + 4).rem_euclid(7) as usize]
    }

    fn month_name(&self, locale: Locale) -> &'static str {
        messages::months(locale)[(self.month as usize).saturating_sub(1).min(11)]
    }
}

/// The (year, month, day) of a day counted from 1970-01-01 (proleptic
/// Gregorian calendar; H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days from 1970-01-01 to a (year, month, day) (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the Unix epoch of an RFC 3339 instant
/// (`2026-12-06T21:30:00Z`, `…+01:00`, fractions allowed; a space may
/// stand for the `T`; no zone means UTC). `None` when it does not parse.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let text = text.trim();
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, rest) = (text.get(..10)?, text.get(10..)?);
    let year = num(date.get(..4)?)?;
    let month = u32::try_from(num(date.get(5..7)?)?).ok()?;
    let day = u32::try_from(num(date.get(8..10)?)?).ok()?;
    if date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let hour = num(rest.get(..2)?)?;
    let minute = num(rest.get(3..5)?)?;
    if rest.as_bytes().get(2) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = &rest[5..];
    let mut second = 0;
    if let Some(after) = rest.strip_prefix(':') {
        second = num(after.get(..2)?)?;
        rest = &after[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            rest = &frac[digits..];
        }
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if zone.len() != 6 || zone.as_bytes()[3] != b':' {
                return None;
            }
            let (h, m) = (num(zone.get(1..3)?)?, num(zone.get(4..6)?)?);
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some(days * DAY + hour * 3600 + minute * 60 + second - offset)
}

/// An instant as the server shows it, in UTC and saying so:
/// `6 Dec 2026, 21:30 UTC` (`6 dic 2026, 21:30 UTC`). Text that is not RFC
/// 3339 comes back as it is.
pub fn utc_label_in(locale: Locale, rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(secs) => {
            let t = Civil::at(secs);
            format!(
                "{} {} {}, {} UTC",
                t.day,
                t.month_name(locale),
                t.year,
                t.clock()
            )
        }
        None => rfc3339.to_owned(),
    }
}

/// [`utc_label_in`] the page's language.
pub fn utc_label(rfc3339: &str) -> String {
    utc_label_in(use_locale(), rfc3339)
}

/// The calendar day of an instant, in UTC: `6 Dec 2026` (`6 dez 2026`;
/// for dates where the hour does not matter, such as "member since"). Text
/// that is not RFC 3339 comes back as it is.
pub fn date_label_in(locale: Locale, rfc3339: &str) -> String {
    match parse_rfc3339(rfc3339) {
        Some(secs) => {
            let t = Civil::at(secs);
            format!("{} {} {}", t.day, t.month_name(locale), t.year)
        }
        None => rfc3339.to_owned(),
    }
}

/// [`date_label_in`] the page's language.
pub fn date_label(rfc3339: &str) -> String {
    date_label_in(use_locale(), rfc3339)
}

/// A moment relative to now, both as local wall-clock seconds (Unix
/// seconds plus the zone's offset), in `locale`: `Today 21:30` (`Hoy`,
/// `Hoje`), `Tomorrow 18:00`, `Yesterday 09:15`, `Sat 12 Dec 18:00` within
/// the year (`sáb 12 dic 18:00`), `12 Dec 2027, 18:00` otherwise.
pub fn friendly(locale: Locale, local: i64, now_local: i64) -> String {
    let (t, now) = (Civil::at(local), Civil::at(now_local));
    let day = |msg: Msg| format!("{} {}", locale.t(msg), t.clock());
    match t.days - now.days {
        0 => day(Msg::Today),
        1 => day(Msg::Tomorrow),
        -1 => day(Msg::Yesterday),
        _ if t.year == now.year => format!(
            "{} {} {} {}",
            t.weekday(locale),
            t.day,
            t.month_name(locale),
            t.clock()
        ),
        _ => format!(
            "{} {} {}, {}",
            t.day,
            t.month_name(locale),
            t.year,
            t.clock()
        ),
    }
}

/// A countdown for an instant less than an hour ahead (`in 12 min`,
/// `en 1 min`, `em 5 min`), rounded up to the minute; `None` otherwise.
pub fn countdown(locale: Locale, secs_ahead: i64) -> Option<String> {
    (1..=3600)
        .contains(&secs_ahead)
        .then(|| messages::in_minutes(locale, (secs_ahead + 59) / 60))
}

/// A short, readable reference for an id (a bet's, a round's): its first
/// eight letters and digits, upper-case (`3F2A9C1B`). Players quote it to
/// support; the full id stays in the page's data attributes.
pub fn short_ref(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The (thousands, decimal) separators of a locale.
fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::En => (',', '.'),
        Locale::Es | Locale::Pt => ('.', ','),
    }
}

/// The symbol a currency is written with, when it has an unambiguous one.
fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        "BRL" => "R$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "MXN" => "MX$",
        _ => return None,
    })
}

/// The digits of a decimal amount grouped by thousands with the locale's
/// separators: `1234.5` → `1,234.5`. `None` when `digits` is not a plain
/// unsigned decimal.
fn group(digits: &str, locale: Locale) -> Option<String> {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !plain(int) || !plain(frac) {
        return None;
    }
    let (thousands, decimal) = separators(locale);
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 1);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if digits.contains('.') {
        out.push(decimal);
        out.push_str(frac);
    }
    Some(out)
}

/// An amount (a decimal string as the API sends it: `"1234.50"`,
/// `"-3.50"`, `"+25.50"`) with its currency in `locale`'s form:
/// `€1,234.50`, `-€3.50`, `+€25.50`, `CHF 12.00`, `0.00100000 BTC`;
/// Spanish and Portuguese `1.234,50 €`. Text that is not an amount keeps
/// the currency beside it as it is.
pub fn money_in(locale: Locale, amount: &str, currency: &str) -> String {
    let amount = amount.trim();
    let (sign, digits) = match amount.as_bytes().first() {
        Some(b'-') => ("-", &amount[1..]),
        Some(b'+') => ("+", &amount[1..]),
        _ => ("", amount),
    };
    let Some(number) = group(digits, locale) else {
        return format!("{amount} {currency}");
    };
    match (locale, symbol(currency)) {
        (Locale::En, Some(sym)) => format!("{sign}{sym}{number}"),
        (Locale::En, None) if currency == "BTC" => format!("{sign}{number} BTC"),
        (Locale::En, None) => format!("{sign}{currency}\u{a0}{number}"),
        (Locale::Pt, Some("R$")) => format!("{sign}R$\u{a0}{number}"),
        (_, sym) => format!("{sign}{number}\u{a0}{}", sym.unwrap_or(currency)),
    }
}

/// An amount with its currency in the page's language: `€1,234.50`,
/// `1.234,50 €`. The one formatter every page uses for money.
pub fn money(amount: &str, currency: &str) -> String {
    money_in(use_locale(), amount, currency)
}

/// A [`Money`](domain::money::Money) value with its currency, as [`money`].
pub fn money_of(value: domain::money::Money) -> String {
    money(&value.format_amount(), value.currency().code())
}

/// An amount string of `currency` (a code) as [`Money`](domain::money::Money);
/// `None` when either does not parse.
pub fn amount(text: &str, currency: &str) -> Option<domain::money::Money> {
    let currency = currency.parse::<domain::money::Currency>().ok()?;
    domain::money::Money::parse(text.trim(), currency).ok()
}

/// An amount as the player typed it, in the API's form: decimal point, no
/// grouping. Spanish and Portuguese write `12,50` and `1.234,50`, English
/// `12.50` and `1,234.50`; all become `12.50` / `1234.50`. Spaces (also
/// no-break ones) are dropped. With both separators the last one is the
/// decimal point. With one kind only, the locale's decimal separator is the
/// point; its grouping separator is read as grouping only where it can be
/// (every group after it three digits, a non-zero integer part), else as the
/// point, so `12,5` in English and `0.20` in Spanish still mean what they
/// look like. Nothing is rejected: the server validates what comes out.
pub fn normalize_amount(locale: Locale, text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (last_dot, last_comma) = (text.rfind('.'), text.rfind(','));
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (None, None) => None,
        (dot, _) => {
            let found = if dot.is_some() { '.' } else { ',' };
            let (thousands, point) = separators(locale);
            if found == point {
                Some(found)
            } else {
                debug_assert_eq!(found, thousands);
                let mut parts = text.split(found);
                let head = parts.next().unwrap_or_default();
                let digits = head.trim_start_matches(['-', '+']);
                let grouping = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && digits.bytes().any(|b| b != b'0')
                    && parts.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
                (!grouping).then_some(found)
            }
        }
    };
    let mut out = String::with_capacity(text.len());
    let decimal_at = decimal.and_then(|d| text.rfind(d));
    for (i, c) in text.char_indices() {
        match c {
            '.' | ',' if Some(i) == decimal_at => out.push('.'),
            '.' | ',' => {}
            c => out.push(c),
        }
    }
    out
}

/// [`normalize_amount`] in the page's language: what the hydrated pages
/// that read an amount themselves (the betslip's stake, a casino game's)
/// send. Plain forms post what was typed; their server functions normalise
/// it in the request's language.
pub fn typed_amount(text: &str) -> String {
    normalize_amount(use_locale(), text)
}

/// What a player can stake: cash plus bonus money. `None` when either is
/// not an amount of `currency`.
pub fn stakeable(cash: &str, bonus: &str, currency: &str) -> Option<domain::money::Money> {
    amount(cash, currency)?
        .checked_add(amount(bonus, currency)?)
        .ok()
}

/// An instant in the viewer's time zone, friendly: rendered in UTC on the
/// server (`6 Dec 2026, 21:30 UTC`) and replaced in the browser once the
/// page is interactive (`Today 22:30`; `in 12 min` within the hour before
/// it, counting down every 20 s). The full instant stays in the
/// `datetime` attribute and the tooltip.
#[component]
pub fn LocalTime(
    /// The instant, RFC 3339.
    #[prop(into)]
    at: String,
) -> impl IntoView {
    let locale = use_locale();
    let utc = utc_label_in(locale, &at);
    let shown = RwSignal::new(utc.clone());
    // Effects run only in the browser, after hydration: the first render
    // matches the server's HTML, then the local form replaces it.
    #[cfg(feature = "hydrate")]
    {
        let at = at.clone();
        Effect::new(move |_| {
            let update = {
                let at = at.clone();
                move || {
                    if let Some(text) = browser::local_label(locale, &at) {
                        shown.set(text);
                    }
                }
            };
            update();
            // Only instants in the coming hours will need a countdown.
            if !browser::soon(&at) {
                return;
            }
            if let Ok(handle) = set_interval_with_handle(update, std::time::Duration::from_secs(20))
            {
                on_cleanup(move || handle.clear());
            }
        });
    }
    view! {
        <time datetime=at title=utc>
            {move || shown.get()}
        </time>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    //! The two things only the browser knows: the current time and the
    //! viewer's time-zone offset at a given instant.

    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        /// JavaScript's `Date`.
        type Date;

        #[wasm_bindgen(constructor)]
        fn new(ms: f64) -> Date;

        /// Minutes to add to local time to get UTC (so negative east of
        /// Greenwich).
        #[wasm_bindgen(method, js_name = getTimezoneOffset)]
        fn timezone_offset(this: &Date) -> f64;

        #[wasm_bindgen(static_method_of = Date)]
        fn now() -> f64;
    }

    /// Local wall-clock seconds of a Unix instant, with the offset in force
    /// at that instant (summer time included).
    fn local_secs(unix_secs: i64) -> i64 {
        let offset_min = Date::new(unix_secs as f64 * 1000.0).timezone_offset();
        unix_secs - (offset_min as i64) * 60
    }

    /// True for an instant less than two hours ahead (its label will turn
    /// into a countdown).
    pub(super) fn soon(rfc3339: &str) -> bool {
        let now = (Date::now() / 1000.0) as i64;
        super::parse_rfc3339(rfc3339).is_some_and(|secs| (0..7200).contains(&(secs - now)))
    }

    /// The friendly local form of an RFC 3339 instant.
    pub(super) fn local_label(locale: super::Locale, rfc3339: &str) -> Option<String> {
        let secs = super::parse_rfc3339(rfc3339)?;
        let now = (Date::now() / 1000.0) as i64;
        Some(
            super::countdown(locale, secs - now)
                .unwrap_or_else(|| super::friendly(locale, local_secs(secs), local_secs(now))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_get_the_api_decimal_point() {
        let n = normalize_amount;
        assert_eq!(n(Locale::Es, "12,50"), "12.50");
        assert_eq!(n(Locale::Pt, "12,50"), "12.50");
        assert_eq!(n(Locale::Es, "1.234,50"), "1234.50");
        assert_eq!(n(Locale::Pt, "1.234.567,5"), "1234567.5");
        assert_eq!(n(Locale::En, "12.50"), "12.50");
        assert_eq!(n(Locale::En, "1,234.50"), "1234.50");
        assert_eq!(n(Locale::En, "1,234,567"), "1234567");
        assert_eq!(n(Locale::Es, "1.000"), "1000");
        assert_eq!(n(Locale::Es, " 1 234,50 "), "1234.50");
        assert_eq!(n(Locale::Pt, "1\u{a0}234,50"), "1234.50");
    }

    #[test]
    fn a_grouping_separator_that_cannot_group_is_the_decimal_point() {
        let n = normalize_amount;
        assert_eq!(n(Locale::Es, "0.20"), "0.20");
        assert_eq!(n(Locale::Es, "1.00"), "1.00");
        assert_eq!(n(Locale::Pt, "0.001"), "0.001");
        assert_eq!(n(Locale::En, "12,50"), "12.50");
        assert_eq!(n(Locale::En, "12,5"), "12.5");
        assert_eq!(n(Locale::Es, "1,234.50"), "1234.50");
        assert_eq!(n(Locale::En, "1.234,50"), "1234.50");
    }

    #[test]
    fn nothing_is_rejected() {
        let n = normalize_amount;
        assert_eq!(n(Locale::Es, ""), "");
        assert_eq!(n(Locale::Es, "abc"), "abc");
        assert_eq!(n(Locale::En, "-5.00"), "-5.00");
        assert_eq!(n(Locale::Es, "-5,00"), "-5.00");
        assert_eq!(n(Locale::Es, "12"), "12");
        assert_eq!(n(Locale::Pt, "1,2,3"), "12.3");
    }

    /// 2026-12-06T21:30:00Z, a Sunday.
    const SUNDAY_EVENING: i64 = 1_796_592_600;

    #[test]
    fn rfc3339_instants_parse_to_unix_seconds_whatever_their_zone_and_fraction() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-12-06T21:30:00Z"), Some(SUNDAY_EVENING));
        assert_eq!(
            parse_rfc3339("2026-12-06T21:30:00+00:00"),
            Some(SUNDAY_EVENING)
        );
        assert_eq!(
            parse_rfc3339("2026-12-06T22:30:00.123456+01:00"),
            Some(SUNDAY_EVENING)
        );
        assert_eq!(
            parse_rfc3339("2026-12-06 16:30:00-05:00"),
            Some(SUNDAY_EVENING)
        );
        assert_eq!(parse_rfc3339("2026-12-06T21:30"), Some(SUNDAY_EVENING));
    }

    #[test]
    fn text_that_is_not_an_instant_does_not_parse() {
        for bad in [
            "",
            "soon",
            "2026-13-01T00:00:00Z",
            "2026-12-06",
            "2026-12-06T25:00:00Z",
            "2026-12-06T21:30:00+0100",
            "2026/12/06T21:30:00Z",
            "2026-12-06T21:30:00Q",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn calendar_days_round_trip_across_leap_years_and_the_epoch() {
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_793, 800_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2028, 2, 29)), (2028, 2, 29));
    }

    #[test]
    fn the_server_shows_an_instant_in_utc_and_says_so() {
        assert_eq!(
            utc_label("2026-12-06T21:30:00+00:00"),
            "6 Dec 2026, 21:30 UTC"
        );
        assert_eq!(
            utc_label("2026-12-07T00:15:00+01:00"),
            "6 Dec 2026, 23:15 UTC"
        );
        assert_eq!(utc_label("not a time"), "not a time");
        assert_eq!(date_label("2026-12-06T21:30:00Z"), "6 Dec 2026");
    }

    #[test]
    fn the_same_day_reads_today_and_neighbouring_days_by_name() {
        let now = SUNDAY_EVENING;
        assert_eq!(friendly(Locale::En, now + 1800, now), "Today 22:00");
        assert_eq!(friendly(Locale::En, now - 21 * 3600, now), "Today 00:30");
        assert_eq!(friendly(Locale::En, now + 3 * 3600, now), "Tomorrow 00:30");
        assert_eq!(
            friendly(Locale::En, now - 22 * 3600, now),
            "Yesterday 23:30"
        );
    }

    #[test]
    fn other_days_show_weekday_and_date_and_the_year_only_when_it_differs() {
        let now = SUNDAY_EVENING;
        assert_eq!(friendly(Locale::En, now + 6 * DAY, now), "Sat 12 Dec 21:30");
        assert_eq!(friendly(Locale::En, now - 5 * DAY, now), "Tue 1 Dec 21:30");
        assert_eq!(
            friendly(Locale::En, now + 30 * DAY, now),
            "5 Jan 2027, 21:30"
        );
    }

    #[test]
    fn amounts_carry_their_currency_in_the_locale_form() {
        assert_eq!(money("1234.50", "EUR"), "€1,234.50");
        assert_eq!(money("-3.50", "EUR"), "-€3.50");
        assert_eq!(money("+25.50", "GBP"), "+£25.50");
        assert_eq!(money("1234567", "JPY"), "¥1,234,567");
        assert_eq!(money("12.00", "CHF"), "CHF\u{a0}12.00");
        assert_eq!(money("0.00100000", "BTC"), "0.00100000 BTC");
        assert_eq!(money("0.00", "USD"), "$0.00");
        assert_eq!(money("n/a", "EUR"), "n/a EUR");
        assert_eq!(money_in(Locale::Es, "1234.50", "EUR"), "1.234,50\u{a0}€");
        assert_eq!(money_in(Locale::Pt, "1234.50", "BRL"), "R$\u{a0}1.234,50");
        assert_eq!(
            money_in(Locale::from_tag("pt-BR"), "-5.00", "SEK"),
            "-5,00\u{a0}SEK"
        );
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
    }

    #[test]
    fn spanish_and_portuguese_amounts_group_with_dots_and_put_the_symbol_after() {
        assert_eq!(
            money_in(Locale::Es, "1234567.89", "USD"),
            "1.234.567,89\u{a0}$"
        );
        assert_eq!(money_in(Locale::Es, "-3.50", "EUR"), "-3,50\u{a0}€");
        assert_eq!(money_in(Locale::Pt, "+25.50", "EUR"), "+25,50\u{a0}€");
        assert_eq!(money_in(Locale::Pt, "-1234.00", "BRL"), "-R$\u{a0}1.234,00");
        assert_eq!(money_in(Locale::Es, "12.00", "CHF"), "12,00\u{a0}CHF");
        assert_eq!(
            money_in(Locale::Pt, "0.00100000", "BTC"),
            "0,00100000\u{a0}BTC"
        );
        assert_eq!(money_in(Locale::Es, "999", "JPY"), "999\u{a0}¥");
        assert_eq!(money_in(Locale::Pt, "n/a", "EUR"), "n/a EUR");
    }

    #[test]
    fn days_and_months_read_in_the_viewers_language() {
        let now = SUNDAY_EVENING;
        assert_eq!(friendly(Locale::Es, now + 1800, now), "Hoy 22:00");
        assert_eq!(friendly(Locale::Pt, now + 1800, now), "Hoje 22:00");
        assert_eq!(friendly(Locale::Es, now + 3 * 3600, now), "Mañana 00:30");
        assert_eq!(friendly(Locale::Pt, now + 3 * 3600, now), "Amanhã 00:30");
        assert_eq!(friendly(Locale::Es, now - 22 * 3600, now), "Ayer 23:30");
        assert_eq!(friendly(Locale::Pt, now - 22 * 3600, now), "Ontem 23:30");
        assert_eq!(friendly(Locale::Es, now + 6 * DAY, now), "sáb 12 dic 21:30");
        assert_eq!(friendly(Locale::Pt, now - 5 * DAY, now), "ter 1 dez 21:30");
        assert_eq!(
            friendly(Locale::Pt, now + 30 * DAY, now),
            "5 jan 2027, 21:30"
        );
        assert_eq!(
            friendly(Locale::Es, now + 30 * DAY, now),
            "5 ene 2027, 21:30"
        );
        assert_eq!(
            utc_label_in(Locale::Es, "2026-12-06T21:30:00Z"),
            "6 dic 2026, 21:30 UTC"
        );
        assert_eq!(
            date_label_in(Locale::Pt, "2026-02-06T21:30:00Z"),
            "6 fev 2026"
        );
        assert_eq!(countdown(Locale::Es, 719).as_deref(), Some("en 12 min"));
        assert_eq!(countdown(Locale::Pt, 60).as_deref(), Some("em 1 min"));
    }

    #[test]
    fn what_a_player_can_stake_is_cash_plus_bonus() {
        let total = stakeable("100.00", "5.50", "EUR").map(money_of);
        assert_eq!(total.as_deref(), Some("€105.50"));
        assert_eq!(stakeable("1.00", "x", "EUR"), None);
        assert_eq!(stakeable("1.00", "0.00", "XXX"), None);
    }

    #[test]
    fn an_instant_within_the_hour_counts_down_in_minutes() {
        assert_eq!(countdown(Locale::En, 1).as_deref(), Some("in 1 min"));
        assert_eq!(countdown(Locale::En, 719).as_deref(), Some("in 12 min"));
        assert_eq!(countdown(Locale::En, 3600).as_deref(), Some("in 60 min"));
        assert_eq!(countdown(Locale::En, 3601), None);
        assert_eq!(countdown(Locale::En, 0), None);
        assert_eq!(countdown(Locale::En, -30), None);
    }

    #[test]
    fn a_short_reference_is_the_first_eight_characters_of_the_id_in_capitals() {
        assert_eq!(
            short_ref("3f2a9c1b-77aa-4e5e-9d1c-0b2f6f1e2d3c"),
            "3F2A9C1B"
        );
        assert_eq!(short_ref("ab-cd"), "ABCD");
    }
}
