//! Log in and registration. Both are `ActionForm`s over server functions, so
//! they work as plain form posts before the WebAssembly has loaded (the
//! server redirects, carrying failures in the query string) and without a
//! reload afterwards.

use crate::i18n::{AccountMsg, Msg, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::{BUTTON_PRIMARY, CARD, Field, FieldError, FormErrorBanner, SelectField};
use crate::model::{COUNTRIES, CURRENCIES, FormOutcome};
use crate::session::{form_outcome, navigate_on_success, use_session};

/// A centred card with a heading, for the auth forms.
#[component]
fn AuthCard(
    /// Page heading.
    title: &'static str,
    /// One line under the heading.
    subtitle: &'static str,
    /// The form and links.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="mx-auto w-full max-w-md">
            <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{title}</h1>
            <p class="mt-2 text-slate-400">{subtitle}</p>
            <div class=format!("{CARD} mt-6")>{children()}</div>
        </div>
    }
}

/// The submit button, disabled while the request is in flight.
#[component]
fn SubmitButton(
    /// Button text.
    label: &'static str,
    /// True while submitting.
    pending: Memo<bool>,
) -> impl IntoView {
    let l = use_locale();
    view! {
        <button
            type="submit"
            data-testid="submit"
            class=format!("{BUTTON_PRIMARY} w-full py-2.5")
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {move || if pending.get() { l.t(AccountMsg::PleaseWait) } else { label }}
        </button>
    }
}

fn succeeded(value: Option<Result<FormOutcome, ServerFnError>>) -> bool {
    matches!(value, Some(Ok(FormOutcome { ok: true, .. })))
}

/// `/login`.
#[component]
pub fn Login() -> impl IntoView {
    let l = use_locale();
    let action = use_session().login;
    let outcome = form_outcome(action.version(), move || action.value().get());
    navigate_on_success(
        action.version(),
        move || succeeded(action.value().get()),
        "/account",
    );

    view! {
        <Title text=l.t(AccountMsg::LogInTitle)/>
        <AuthCard title=l.t(Msg::LogIn) subtitle=l.t(AccountMsg::WelcomeBackDot)>
            <ActionForm action=action attr:novalidate=true attr:class="space-y-5">
                <FormErrorBanner outcome/>
                <Field label=l.t(AccountMsg::Email) name="email" kind="email" autocomplete="email" outcome/>
                <Field
                    label=l.t(AccountMsg::Password)
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    outcome
                />
                <SubmitButton label=l.t(Msg::LogIn) pending=action.pending()/>
            </ActionForm>
            <p class="mt-6 text-center text-sm text-slate-400">
                {l.t(AccountMsg::NewToCroupier)}
                <A href="/register" attr:class="font-semibold text-emerald-300 hover:text-emerald-200">
                    {l.t(Msg::CreateAccount)}
                </A>
            </p>
        </AuthCard>
    }
}

/// `/register`.
#[component]
pub fn Register() -> impl IntoView {
    let l = use_locale();
    let action = use_session().register;
    let outcome = form_outcome(action.version(), move || action.value().get());
    navigate_on_success(
        action.version(),
        move || succeeded(action.value().get()),
        "/account",
    );
    let terms_error = Signal::derive(move || outcome.get().and_then(|o| o.field("terms")));

    let countries = COUNTRIES
        .iter()
        .map(|(code, name)| (*code, format!("{name} ({code})")))
        .collect::<Vec<_>>();
    let currencies = CURRENCIES
        .iter()
        .map(|code| (*code, (*code).to_owned()))
        .collect::<Vec<_>>();

    view! {
        <Title text=l.t(AccountMsg::RegisterTitle)/>
        <AuthCard
            title=l.t(Msg::CreateAccount)
            subtitle=l.t(AccountMsg::OneAccount)
        >
            <ActionForm action=action attr:novalidate=true attr:class="space-y-5">
                <FormErrorBanner outcome/>
                <Field label=l.t(AccountMsg::Email) name="email" kind="email" autocomplete="email" outcome/>
                <Field
                    label=l.t(AccountMsg::Password)
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=l.t(AccountMsg::PasswordHint)
                    outcome
                />
                <Field
                    label=l.t(AccountMsg::DateOfBirth)
                    name="date_of_birth"
                    kind="date"
                    autocomplete="bday"
                    outcome
                />
                <div class="grid gap-5 sm:grid-cols-2">
                    <SelectField
                        label=l.t(AccountMsg::Country)
                        name="country"
                        options=countries
                        placeholder=l.t(AccountMsg::Choose)
                        outcome
                    />
                    <SelectField
                        label=l.t(AccountMsg::Currency)
                        name="currency"
                        options=currencies
                        selected="EUR"
                        outcome
                    />
                </div>
                <div class="space-y-1.5">
                    <div class="flex items-start gap-3">
                        <input
                            id="terms"
                            name="terms"
                            type="checkbox"
                            value="on"
                            required=true
                            data-testid="terms"
                            class="mt-0.5 h-5 w-5 shrink-0 rounded border-slate-600 bg-slate-900 accent-emerald-400"
                            aria-invalid=move || terms_error.get().map(|_| "true")
                            aria-describedby=move || terms_error.get().map(|_| "error-terms")
                        />
                        <label for="terms" class="text-sm text-slate-300">
                            {l.t(AccountMsg::AcceptTerms)}
                        </label>
                    </div>
                    <FieldError name="terms" error=terms_error/>
                </div>
                <SubmitButton label=l.t(AccountMsg::CreateAccountButton) pending=action.pending()/>
                <p class="text-xs text-slate-500">
                    {l.t(AccountMsg::AgeNote)}
                </p>
            </ActionForm>
            <p class="mt-6 text-center text-sm text-slate-400">
                {l.t(AccountMsg::HaveAccount)}
                <A href="/login" attr:class="font-semibold text-emerald-300 hover:text-emerald-200">
                    {l.t(Msg::LogIn)}
                </A>
            </p>
        </AuthCard>
    }
}
