//! The player app's languages: English (the default), Spanish and
//! Portuguese.
//!
//! Which one a page speaks is decided on the server for each request: the
//! `lang` cookie the [`LanguageSwitcher`] sets, else the best supported
//! language of the `Accept-Language` header, else English
//! ([`Locale::negotiate`]). The server writes it into `<html lang>`; the
//! browser reads it back from there when it hydrates, so both render the
//! same text. Switching sets the cookie and reloads the page.
//!
//! Texts are keys with one string per language, checked when compiling (a
//! key without its three translations does not compile), in one table per
//! area of the app ([`Msg`] for the first load, [`AccountMsg`],
//! [`CasinoMsg`], [`RgMsg`], [`RewardsMsg`] for the lazily loaded pages);
//! the texts with numbers in them are functions in [`messages::texts`] with
//! a `match` on the locale. The back office stays in English.

pub mod messages;

use leptos::prelude::*;

pub use messages::{AccountMsg, CasinoMsg, Msg, RewardsMsg, RgMsg, Text};

/// Name of the cookie holding the chosen language (`en`, `es`, `pt`).
pub const COOKIE: &str = "lang";

/// A language of the player app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    /// English: `€1,234.50`, `Today 21:30`.
    #[default]
    En,
    /// Spanish (neutral, Spain and Latin America): `1.234,50 €`, `Hoy 21:30`.
    Es,
    /// Brazilian Portuguese: `1.234,50 €`, `R$ 1.234,50`, `Hoje 21:30`.
    Pt,
}

impl Locale {
    /// Every language, in the switcher's order.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Es, Locale::Pt];

    /// The BCP 47 tag (`<html lang>`, the cookie's value).
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Pt => "pt",
        }
    }

    /// The language's name in itself.
    pub const fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Pt => "Português",
        }
    }

    /// The supported language of a BCP 47 tag (`es-MX` → Spanish), if any.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "es" => Some(Locale::Es),
            "pt" => Some(Locale::Pt),
            _ => None,
        }
    }

    /// The locale of a BCP 47 tag; English for any other.
    pub fn from_tag(tag: &str) -> Self {
        Self::parse(tag).unwrap_or_default()
    }

    /// This language's text of `msg`.
    pub fn t(self, msg: impl Text) -> &'static str {
        msg.text(self)
    }

    /// The language of a request: the `lang` cookie when it names a
    /// supported language, else the `Accept-Language` preference with the
    /// highest weight that is supported (the first listed on a tie), else
    /// English. `cookies` are the `Cookie` header values.
    pub fn negotiate<'a>(
        cookies: impl IntoIterator<Item = &'a str>,
        accept_language: Option<&str>,
    ) -> Self {
        let chosen = cookies
            .into_iter()
            .flat_map(|header| header.split(';'))
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == COOKIE)
            .and_then(|(_, value)| Locale::parse(value.trim().trim_matches('"')));
        chosen
            .or_else(|| accept_language.and_then(Self::from_accept_language))
            .unwrap_or_default()
    }

    /// The preferred supported language of an `Accept-Language` header
    /// (`pt-BR,pt;q=0.9,en;q=0.8`), if any.
    fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(Locale, u32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Locale::parse) else {
                continue;
            };
            // The weight in thousandths; 1 when absent, 0 when malformed.
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))
                        .map_or(0, |q| (q * 1000.0).round() as u32)
                });
            if weight > 0 && best.is_none_or(|(_, w)| weight > w) {
                best = Some((locale, weight));
            }
        }
        best.map(|(locale, _)| locale)
    }
}

/// The language of the request being rendered (the server), or of the page
/// as the server rendered it (the browser, from `<html lang>`).
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use axum::http::header;
        use_context::<axum::http::request::Parts>()
            .map(|parts| {
                Locale::negotiate(
                    parts
                        .headers
                        .get_all(header::COOKIE)
                        .iter()
                        .filter_map(|v| v.to_str().ok()),
                    parts
                        .headers
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok()),
                )
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .map(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

/// The page's language in the browser, for code running outside any
/// component (event handlers); a page speaks one language until it reloads.
#[cfg(feature = "hydrate")]
static PAGE_LOCALE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Decides the page's language and provides it as context.
pub fn provide_locale() -> Locale {
    let locale = request_locale();
    #[cfg(feature = "hydrate")]
    PAGE_LOCALE.store(locale as u8, std::sync::atomic::Ordering::Relaxed);
    provide_context(locale);
    locale
}

/// The page's language: from context while rendering, else (in the
/// browser) the page's; English otherwise (tests, no app).
pub fn use_locale() -> Locale {
    if let Some(locale) = use_context::<Locale>() {
        return locale;
    }
    #[cfg(feature = "hydrate")]
    {
        match PAGE_LOCALE.load(std::sync::atomic::Ordering::Relaxed) {
            1 => return Locale::Es,
            2 => return Locale::Pt,
            _ => {}
        }
    }
    Locale::default()
}

/// Remembers the chosen language in the `lang` cookie for a year.
#[server(prefix = "/rpc", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), ServerFnError> {
    use axum::http::{HeaderValue, header};
    let locale = Locale::parse(&lang).unwrap_or_default();
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(cookie) = HeaderValue::from_str(&format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.tag()
        ))
    {
        res.append_header(header::SET_COOKIE, cookie);
    }
    // A plain form post (no JavaScript yet) is sent back to its page by
    // the server-function handler (its `Referer`).
    Ok(())
}

/// The language switcher: one button per language, the current one
/// pressed. Each is a small form, so it works before the page is
/// interactive too; once it is, the page reloads in the chosen language.
#[component]
pub fn LanguageSwitcher(
    /// Full language names (the mobile menu) instead of two-letter codes.
    #[prop(optional)]
    mobile: bool,
) -> impl IntoView {
    let current = use_locale();
    let action = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            let _ = window().location().reload();
        }
    });
    let (group, button) = if mobile {
        (
            "flex flex-wrap gap-2 px-3 py-2",
            "rounded-lg border border-slate-700 px-3 py-2 text-sm font-medium text-slate-300 hover:border-slate-500 hover:bg-slate-800 hover:text-white aria-pressed:border-emerald-400 aria-pressed:text-emerald-300",
        )
    } else {
        (
            "hidden shrink-0 items-center gap-0.5 xl:flex",
            "rounded-md px-1.5 py-1 text-xs font-semibold uppercase text-slate-400 hover:bg-slate-800 hover:text-white aria-pressed:text-emerald-300",
        )
    };
    let testid = if mobile {
        "language-switcher-mobile"
    } else {
        "language-switcher"
    };
    view! {
        <div role="group" aria-label=current.t(Msg::Language) class=group data-testid=testid>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    let pressed = if locale == current { "true" } else { "false" };
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="lang" value=locale.tag()/>
                            <button
                                type="submit"
                                class=button
                                lang=locale.tag()
                                aria-pressed=pressed
                                title=locale.native_name()
                                data-testid=format!("lang-{}", locale.tag())
                            >
                                {if mobile {
                                    locale.native_name().into_any()
                                } else {
                                    view! {
                                        {locale.tag()}
                                        <span class="sr-only">" " {locale.native_name()}</span>
                                    }
                                        .into_any()
                                }}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_over_the_browser_languages() {
        assert_eq!(
            Locale::negotiate(["theme=dark; lang=pt"], Some("es-ES,es;q=0.9")),
            Locale::Pt
        );
        assert_eq!(
            Locale::negotiate(["croupier_token=abc", "lang=es"], Some("en-US")),
            Locale::Es
        );
        assert_eq!(Locale::negotiate(["lang=en"], Some("pt-BR")), Locale::En);
    }

    #[test]
    fn an_unknown_cookie_value_falls_back_to_accept_language() {
        assert_eq!(Locale::negotiate(["lang=fr"], Some("pt-BR")), Locale::Pt);
        assert_eq!(Locale::negotiate(["xlang=es"], Some("pt")), Locale::Pt);
        assert_eq!(Locale::negotiate(["lang="], None), Locale::En);
    }

    #[test]
    fn accept_language_picks_the_heaviest_supported_language() {
        let pick = |h: &str| Locale::negotiate([], Some(h));
        assert_eq!(pick("es-MX,es;q=0.9,en;q=0.8"), Locale::Es);
        assert_eq!(pick("fr-FR,fr;q=0.9,pt-BR;q=0.8,en;q=0.7"), Locale::Pt);
        assert_eq!(pick("en;q=0.5, es;q=0.7"), Locale::Es);
        assert_eq!(pick("de, pt_BR"), Locale::Pt);
        assert_eq!(pick("es;q=0, en;q=0.1"), Locale::En);
        assert_eq!(pick("pt;q=0.8, es;q=0.8"), Locale::Pt);
    }

    #[test]
    fn without_cookie_or_a_supported_language_it_is_english() {
        assert_eq!(Locale::negotiate([], None), Locale::En);
        assert_eq!(Locale::negotiate([], Some("fr-FR,de;q=0.9")), Locale::En);
        assert_eq!(Locale::negotiate([], Some("*")), Locale::En);
        assert_eq!(Locale::negotiate([], Some("es;q=abc")), Locale::En);
    }

    #[test]
    fn tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("es-419"), Locale::Es);
        assert_eq!(Locale::from_tag("PT-br"), Locale::Pt);
        assert_eq!(Locale::from_tag("eng"), Locale::En);
        assert_eq!(Locale::parse("english"), None);
    }

    #[test]
    fn every_message_has_a_text_in_every_language() {
        for locale in Locale::ALL {
            for (key, text) in messages::all_texts(locale) {
                assert!(!text.is_empty(), "{key} in {locale:?}");
            }
        }
    }

    #[test]
    fn english_texts_with_numbers_read_as_before() {
        use messages::*;
        let en = Locale::En;
        assert_eq!(
            lost_past_alert(en, "€60.00", 1, false, "€50.00"),
            "You have lost €60.00 in the last 24 hours, past your alert of €50.00."
        );
        assert_eq!(
            lost_past_alert(en, "€60.00", 7, true, "€50.00"),
            "You have lost €60.00 in the last 7 days, past our alert of €50.00."
        );
        assert_eq!(
            moons_pay(en, 3, "2.00", 10),
            "3 moons pay 2.00 and award 10 free spins"
        );
        assert_eq!(moons_pay(en, 4, "5.00", 0), "4 moons pay 5.00");
        assert_eq!(
            line_pays(en, 3, 4, "Owl", "2.00"),
            "Line 3: 4 × Owl pays 2.00"
        );
        assert_eq!(
            stake_covers_lines(en, 20, "€0.20"),
            "The stake covers 20 lines: use a multiple of €0.20."
        );
        assert_eq!(
            prize(en, "free_spins", "20", "slot", "€0.20"),
            "20 free spins on slot at €0.20"
        );
        assert_eq!(
            prize(en, "bonus_money", "€5.00", "30", ""),
            "€5.00 bonus money, wager 30×"
        );
        assert_eq!(prize(en, "jackpot", "", "", ""), "A prize");
        assert_eq!(ordinal(en, 22), "22nd");
        assert_eq!(ordinal(Locale::Es, 22), "22.º");
        assert_eq!(score_unit(en, "1", "day"), "1 day");
        assert_eq!(score_unit(en, "4", "game"), "4 games");
        assert_eq!(score_unit(en, "120", "pts"), "120 pts");
        assert_eq!(rank_moved(en, true, 2), "Up 2 places");
        assert_eq!(rank_moved(en, false, 1), "Down 1 place");
        assert_eq!(points_count(en, 1, "1"), "1 point");
        assert_eq!(coins_count(Locale::Pt, 40, "40"), "40 moedas");
    }
}
