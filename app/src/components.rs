//! Shared building blocks: the header with its mobile menu and account menu,
//! the footer, the logo, and form fields that show the server's field errors.

pub mod charts;
pub mod inputs;
pub mod qr;

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::{LanguageSwitcher, Msg, use_locale};
use crate::model::{FormOutcome, SessionInfo};
use crate::session::{navigate_on_success, use_session};

/// Classes of a primary (accent) button or button-like link.
pub const BUTTON_PRIMARY: &str = "inline-flex items-center justify-center gap-2 rounded-lg bg-emerald-400 px-4 py-2 text-sm font-semibold text-slate-950 shadow-sm transition hover:bg-emerald-300 disabled:cursor-not-allowed disabled:opacity-60";
/// Classes of a secondary button or button-like link.
pub const BUTTON_SECONDARY: &str = "inline-flex items-center justify-center gap-2 rounded-lg border border-slate-700 bg-slate-900 px-4 py-2 text-sm font-semibold text-slate-100 transition hover:border-slate-500 hover:bg-slate-800";
/// Classes of a text input or select.
pub const INPUT: &str = "block w-full rounded-lg border border-slate-700 bg-slate-900 px-3 py-2.5 text-base text-slate-100 placeholder:text-slate-500 transition hover:border-slate-500 focus:border-emerald-400 aria-[invalid=true]:border-rose-500 sm:text-sm";
/// Classes of a card.
pub const CARD: &str = "rounded-2xl border border-slate-800 bg-slate-900/60 p-5 sm:p-6";

/// The Croupier mark: a chip with a spade-like centre, inline SVG.
#[component]
pub fn LogoMark(
    /// Tailwind size classes.
    #[prop(default = "h-8 w-8")]
    class: &'static str,
) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="15" fill="#34d399"></circle>
            <circle
                cx="16"
                cy="16"
                r="11.5"
                fill="none"
                stroke="#020617"
                stroke-width="2"
                stroke-dasharray="4 3.2"
            ></circle>
            <path
                d="M16 8.5c-2.6 3-6 5.1-6 8.2a3.3 3.3 0 0 0 5.2 2.7L14 23.5h4l-1.2-4.1a3.3 3.3 0 0 0 5.2-2.7c0-3.1-3.4-5.2-6-8.2z"
                fill="#020617"
            ></path>
        </svg>
    }
}

/// The site header: logo, main navigation (collapsed into a menu on phones)
/// and the account menu.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let l = use_locale();
    let open = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    let toggle_ref = NodeRef::<html::Button>::new();

    // Effects run only in the browser: marks the header as interactive.
    Effect::new(move |_| hydrated.set(true));

    // Any navigation closes the mobile menu.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });

    // After logging out, leave pages that need a session.
    navigate_on_success(
        session.logout.version(),
        move || matches!(session.logout.value().get(), Some(Ok(()))),
        "/",
    );

    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = toggle_ref.get_untracked() {
                let _ = button.focus();
            }
        }
    };

    view! {
        <header
            class="sticky top-0 z-40 border-b border-slate-800 bg-slate-950/90 pt-[env(safe-area-inset-top)] backdrop-blur supports-[backdrop-filter]:bg-slate-950/75"
            on:keydown=on_keydown
        >
            <div class="mx-auto flex h-14 max-w-6xl items-center gap-2 px-3 sm:gap-4 sm:px-4 xl:max-w-7xl">
                <button
                    type="button"
                    node_ref=toggle_ref
                    class="inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-lg text-slate-300 transition hover:bg-slate-800 hover:text-white xl:hidden"
                    data-testid="menu-toggle"
                    data-hydrated=move || hydrated.get().then_some("true")
                    aria-controls="mobile-menu"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-label=l.t(Msg::Menu)
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <svg class="h-6 w-6" viewBox="0 0 24 24" fill="none" aria-hidden="true">
                        <path
                            d=move || {
                                if open.get() { "M6 6l12 12M18 6L6 18" } else { "M4 7h16M4 12h16M4 17h16" }
                            }
                            stroke="currentColor"
                            stroke-width="2"
                            stroke-linecap="round"
                        ></path>
                    </svg>
                </button>
                <A href="/" attr:class="flex shrink-0 items-center gap-2 rounded-lg pr-1">
                    <LogoMark/>
                    <span class="text-lg font-bold tracking-tight text-white max-[419px]:sr-only">"Croupier"</span>
                </A>
                <nav aria-label=l.t(Msg::MainNav) class="ml-2 hidden min-w-0 items-center gap-0.5 overflow-x-auto [scrollbar-width:none] xl:flex">
                    <NavLinks/>
                </nav>
                <div class="ml-auto flex min-w-0 items-center gap-2">
                    <LanguageSwitcher/>
                    <crate::live::HeaderBalance/>
                    <AccountMenu/>
                </div>
            </div>
            <div
                id="mobile-menu"
                data-testid="mobile-menu"
                class="max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-t border-slate-800 bg-slate-950 xl:hidden"
                hidden=move || !open.get()
            >
                <nav aria-label=l.t(Msg::MainNavMobile) class="mx-auto flex max-w-6xl flex-col gap-1 px-3 py-3">
                    <Transition fallback=|| ()>
                        {move || {
                            session
                                .user
                                .get()
                                .and_then(Result::ok)
                                .flatten()
                                .filter(|u| !u.is_staff())
                                .map(|_| {
                                    view! {
                                        <A
                                            href="/wallet"
                                            attr:class=format!("{BUTTON_PRIMARY} mb-2 w-full py-3 text-base")
                                            attr:data-testid="mobile-deposit"
                                        >
                                            {l.t(Msg::Deposit)}
                                        </A>
                                    }
                                })
                        }}
                    </Transition>
                    <NavLinks mobile=true/>
                </nav>
                <div class="mx-auto max-w-6xl border-t border-slate-800 px-3 pb-3 pt-2">
                    <LanguageSwitcher mobile=true/>
                </div>
            </div>
        </header>
    }
}

/// Links of the main navigation; the back office only for staff.
#[component]
fn NavLinks(
    /// Stacked, larger touch targets.
    #[prop(optional)]
    mobile: bool,
) -> impl IntoView {
    let session = use_session();
    let l = use_locale();
    let class = if mobile {
        "block rounded-lg px-3 py-3 text-base font-medium text-slate-300 hover:bg-slate-800 hover:text-white aria-[current=page]:bg-slate-800 aria-[current=page]:text-emerald-300"
    } else {
        "whitespace-nowrap rounded-lg px-2.5 py-2 text-sm font-medium text-slate-300 hover:bg-slate-800 hover:text-white aria-[current=page]:text-emerald-300"
    };
    let user = move || session.user.get().and_then(Result::ok).flatten();
    view! {
        // On wide screens the logo leads home.
        {mobile
            .then(|| {
                view! {
                    <A href="/" exact=true attr:class=class>
                        {l.t(Msg::Home)}
                    </A>
                }
            })}
        <A href="/sports" attr:class=class>
            {l.t(Msg::Sports)}
        </A>
        <A href="/casino" attr:class=class>
            {l.t(Msg::Casino)}
        </A>
        <Transition fallback=|| ()>
            {move || {
                user()
                    .filter(|u| !u.is_staff())
                    .map(|_| {
                        view! {
                            <A href="/wallet" attr:class=class attr:data-testid="nav-wallet">
                                {l.t(Msg::Wallet)}
                            </A>
                            <A href="/bets" attr:class=class>
                                {l.t(Msg::MyBets)}
                            </A>
                            <A href="/promotions" attr:class=class>
                                {l.t(Msg::Promotions)}
                            </A>
                            <A href="/bonuses" attr:class=class>
                                {l.t(Msg::MyBonuses)}
                            </A>
                            // On desktops only where the row has room for it
                                // (the footer links to it at every width).
                            <A
                                href="/responsible-gaming"
                                attr:class=if mobile { class.to_owned() } else { format!("{class} hidden xl:block") }
                            >
                                {l.t(Msg::ResponsibleGaming)}
                            </A>
                        }
                    })
            }}
        </Transition>
        <Transition fallback=|| ()>
            {move || {
                user()
                    .filter(SessionInfo::is_staff)
                    .map(|_| {
                        view! {
                            <A href="/backoffice" attr:class=class>
                                {l.t(Msg::BackOffice)}
                            </A>
                        }
                    })
            }}
        </Transition>
        {mobile
            .then(|| {
                view! {
                    <Transition fallback=|| ()>
                        {move || {
                            user()
                                .map(|_| {
                                    view! {
                                        <A href="/leaderboards" attr:class=class>
                                            {l.t(Msg::Leaderboards)}
                                        </A>
                                        <A href="/loyalty" attr:class=class>
                                            {l.t(Msg::Loyalty)}
                                        </A>
                                        <A href="/account" attr:class=class>
                                            {l.t(Msg::Account)}
                                        </A>
                                    }
                                })
                        }}
                    </Transition>
                }
            })}
    }
}

/// Log in / Register, or the signed-in e-mail with Account and Log out.
#[component]
fn AccountMenu() -> impl IntoView {
    let session = use_session();
    let l = use_locale();
    view! {
        <Transition fallback=|| {
            view! { <span class="h-9 w-24 animate-pulse rounded-lg bg-slate-800"></span> }
        }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => {
                        view! {
                            <span
                                class="hidden max-w-[16rem] truncate text-sm text-slate-300 2xl:inline-block"
                                data-testid="header-user"
                                title=user.email.clone()
                            >
                                {user.email.clone()}
                            </span>
                            <A
                                href="/account"
                                attr:class="hidden rounded-lg px-3 py-2 text-sm font-medium text-slate-300 hover:bg-slate-800 hover:text-white aria-[current=page]:text-emerald-300 md:inline-flex"
                            >
                                {l.t(Msg::Account)}
                            </A>
                            <ActionForm action=session.logout>
                                <button
                                    type="submit"
                                    data-testid="logout"
                                    class="whitespace-nowrap rounded-lg border border-slate-700 px-3 py-1.5 text-sm font-medium text-slate-200 transition hover:border-slate-500 hover:bg-slate-800"
                                >
                                    {l.t(Msg::LogOut)}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <A
                                href="/login"
                                attr:class="rounded-lg px-3 py-1.5 text-sm font-semibold text-slate-200 hover:bg-slate-800 hover:text-white"
                            >
                                {l.t(Msg::LogIn)}
                            </A>
                            <A
                                href="/register"
                                attr:class="rounded-lg bg-emerald-400 px-3 py-1.5 text-sm font-semibold text-slate-950 hover:bg-emerald-300"
                            >
                                {l.t(Msg::Register)}
                            </A>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The site footer with the responsible-gaming note.
#[component]
pub fn Footer() -> impl IntoView {
    let l = use_locale();
    view! {
        <footer class="border-t border-slate-800 pb-[env(safe-area-inset-bottom)]">
            <div class="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-6 text-sm text-slate-300 sm:flex-row sm:items-center sm:justify-between">
                <p class="flex items-center gap-2" data-testid="rg-note">
                    <span class="inline-flex h-7 w-7 items-center justify-center rounded-full border-2 border-rose-500 text-[0.65rem] font-bold text-rose-300">
                        "18+"
                    </span>
                    <span>
                        {l.t(Msg::FooterPlayResponsibly)}
                        <A href="/responsible-gaming" attr:class="text-emerald-300 underline hover:text-emerald-200">
                            {l.t(Msg::FooterSetLimits)}
                        </A>
                        {l.t(Msg::FooterTakeBreaks)}
                    </span>
                </p>
                <p>{l.t(Msg::FooterLicence)}</p>
            </div>
        </footer>
    }
}

/// A labelled input showing the server's error for its field.
#[component]
pub fn Field(
    /// Visible label.
    label: &'static str,
    /// Field name (also id and `data-testid`).
    name: &'static str,
    /// Input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// `autocomplete` hint.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Help text under the input.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The form's latest answer.
    outcome: Signal<Option<FormOutcome>>,
) -> impl IntoView {
    let error = move || outcome.get().and_then(|o| o.field(name));
    let hint_id = hint.map(|_| format!("hint-{name}"));
    let described_by = {
        let hint_id = hint_id.clone();
        move || {
            let ids: Vec<String> = error()
                .map(|_| format!("error-{name}"))
                .into_iter()
                .chain(hint_id.clone())
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="space-y-1.5">
            <label for=name class="block text-sm font-medium text-slate-200">
                {label}
            </label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                required=true
                data-testid=name
                class=INPUT
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=described_by
            />
            {hint.map(|h| view! { <p id=hint_id.clone() class="text-xs text-slate-500">{h}</p> })}
            <FieldError name error=Signal::derive(error)/>
        </div>
    }
}

/// A labelled select showing the server's error for its field.
#[component]
pub fn SelectField(
    /// Visible label.
    label: &'static str,
    /// Field name (also id and `data-testid`).
    name: &'static str,
    /// (value, text) options.
    options: Vec<(&'static str, String)>,
    /// The value selected initially ("" for the placeholder).
    #[prop(optional)]
    selected: &'static str,
    /// Placeholder option text, with the value "".
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// The form's latest answer.
    outcome: Signal<Option<FormOutcome>>,
) -> impl IntoView {
    let error = move || outcome.get().and_then(|o| o.field(name));
    view! {
        <div class="space-y-1.5">
            <label for=name class="block text-sm font-medium text-slate-200">
                {label}
            </label>
            <select
                id=name
                name=name
                required=true
                data-testid=name
                class=INPUT
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=move || error().map(|_| format!("error-{name}"))
            >
                {placeholder
                    .map(|p| {
                        view! {
                            <option value="" selected=selected.is_empty()>
                                {p}
                            </option>
                        }
                    })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        view! {
                            <option value=value selected=value == selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldError name error=Signal::derive(error)/>
        </div>
    }
}

/// The error under a field, `data-testid="error-<field>"`, when there is one.
#[component]
pub fn FieldError(
    /// Field name.
    name: &'static str,
    /// The message, if any.
    error: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        error.get().map(|msg| {
            view! {
                <p
                    id=format!("error-{name}")
                    data-testid=format!("error-{name}")
                    class="text-sm text-rose-400"
                >
                    {msg}
                </p>
            }
        })
    }
}

/// The form-level message (`data-testid="form-error"`), when there is one.
#[component]
pub fn FormErrorBanner(
    /// The form's latest answer.
    outcome: Signal<Option<FormOutcome>>,
) -> impl IntoView {
    move || {
        outcome.get().and_then(|o| o.form_error).map(|msg| {
            view! {
                <div
                    role="alert"
                    data-testid="form-error"
                    class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
                >
                    {msg}
                </div>
            }
        })
    }
}

/// A message for data that failed to load.
#[component]
pub fn LoadError() -> impl IntoView {
    let l = use_locale();
    view! {
        <div
            role="alert"
            class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-4 py-3 text-sm text-rose-200"
        >
            {l.t(Msg::LoadError)}
        </div>
    }
}

/// A loading placeholder.
#[component]
pub fn Loading() -> impl IntoView {
    let l = use_locale();
    view! {
        <p class="text-sm text-slate-400" aria-live="polite">
            {l.t(Msg::Loading)}
        </p>
    }
}

/// A date-time string (RFC 3339) shortened for the back office's tables:
/// `YYYY-MM-DD HH:MM` UTC (staff read UTC; players see [`crate::format::LocalTime`]).
pub fn short_time(rfc3339: &str) -> String {
    let s: String = rfc3339.chars().take(16).collect();
    s.replacen('T', " ", 1)
}
