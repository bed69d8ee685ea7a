//! `/account`: the signed-in user's profile, with links to the wallet,
//! responsible-gaming and bets pages, and for players the public nickname
//! leaderboards show instead of a masked name. Signed-out visitors are
//! redirected to `/login` (a 302 during server rendering).

use crate::i18n::{AccountMsg, Msg, messages, use_locale};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

use crate::api::leaderboards::{SetNickname, my_nickname};
use crate::components::{BUTTON_PRIMARY, CARD, INPUT, LoadError, Loading};
use crate::format::date_label;
use crate::session::use_session;

/// Links in running text.
const LINK: &str = "text-emerald-300 underline hover:text-emerald-200";

/// The account page.
#[component]
pub fn Account() -> impl IntoView {
    let l = use_locale();
    let session = use_session();
    view! {
        <Title text=l.t(AccountMsg::YourAccountTitle)/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => {
                        let mut rows = vec![
                            (l.t(AccountMsg::Email), user.email.clone(), Some("account-email")),
                            (l.t(AccountMsg::Country), user.country.clone(), None),
                            (l.t(AccountMsg::Currency), user.currency.clone(), None),
                            (l.t(AccountMsg::IdentityCheck), crate::pages::responsible_gaming::kyc_status_label(l, &user.kyc_status), Some("account-kyc")),
                            (l.t(AccountMsg::MemberSince), date_label(&user.created_at), None),
                        ];
                        let player = !user.is_staff();
                        // Role codes and ids mean something to staff only.
                        if user.is_staff() {
                            rows.insert(1, (l.t(AccountMsg::BackOfficeRoles), user.roles.join(", "), None));
                            rows.insert(2, (l.t(AccountMsg::AccountId), user.user_id.clone(), None));
                        }
                        EitherOf3::A(
                            view! {
                                <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">
                                    {l.t(AccountMsg::YourAccount)}
                                </h1>
                                <section class=format!("{CARD} mt-6 max-w-2xl") aria-label=l.t(AccountMsg::Profile)>
                                    <dl class="divide-y divide-slate-800">
                                        {rows
                                            .into_iter()
                                            .map(|(term, value, testid)| {
                                                view! {
                                                    <div class="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
                                                        <dt class="text-sm text-slate-400">{term}</dt>
                                                        <dd
                                                            class="break-all text-slate-100 sm:col-span-2"
                                                            data-testid=testid
                                                        >
                                                            {value}
                                                        </dd>
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                    </dl>
                                </section>
                                {player.then(|| view! { <NicknameForm/> })}
                                <p class="mt-6 max-w-2xl text-sm text-slate-400">
                                    {l.t(AccountMsg::BalancesOn)}
                                    <A href="/wallet" attr:class=LINK>{l.t(Msg::Wallet)}</A>
                                    {l.t(AccountMsg::LimitsOn)}
                                    <A href="/responsible-gaming" attr:class=LINK>{l.t(Msg::ResponsibleGaming)}</A>
                                    {l.t(AccountMsg::BetsOn)}
                                    <A href="/bets" attr:class=LINK>{l.t(Msg::MyBets)}</A>
                                    "."
                                </p>
                            },
                        )
                    }
                    Ok(None) => EitherOf3::B(view! { <Redirect path="/login"/> }),
                    Err(_) => EitherOf3::C(view! { <LoadError/> }),
                }
            })}
        </Suspense>
    }
}

/// The player's public nickname, shown on leaderboards instead of a masked
/// name (never the e-mail address).
#[component]
fn NicknameForm() -> impl IntoView {
    let l = use_locale();
    let save = ServerAction::<SetNickname>::new();
    // Read again after every save, so the line below shows what is stored.
    let current = crate::resource::resource(move || save.version().get(), |_| my_nickname());
    let typed = RwSignal::new(String::new());
    let outcome = move || save.value().get();
    let error = move || match outcome() {
        Some(Ok(o)) => o.field("nickname").or(o.form_error),
        Some(Err(_)) => Some(l.t(Msg::SomethingWrong).to_owned()),
        None => None,
    };
    let saved = move || matches!(outcome(), Some(Ok(ref o)) if o.ok);
    view! {
        <section class=format!("{CARD} mt-6 max-w-2xl") aria-labelledby="nickname-title">
            <h2 id="nickname-title" class="text-lg font-semibold text-white">{l.t(AccountMsg::NameOnLeaderboards)}</h2>
            <p id="hint-nickname" class="mt-1 text-sm text-slate-400">
                {l.t(AccountMsg::NicknameHint)}
            </p>
            <Transition fallback=|| ()>
                {move || current.get().map(|r| match r.ok().flatten() {
                    Some(name) => view! {
                        <p class="mt-2 text-sm text-slate-300" data-testid="nickname-current">
                            {l.t(AccountMsg::NowShownAs)} <strong class="font-semibold text-white">{name}</strong>
                        </p>
                    }.into_any(),
                    None => view! {
                        <p class="mt-2 text-sm text-slate-300" data-testid="nickname-current">
                            {l.t(AccountMsg::NoNickname)}
                        </p>
                    }.into_any(),
                })}
            </Transition>
            <ActionForm action=save attr:class="mt-4 flex flex-wrap items-end gap-3">
                <div class="min-w-0 flex-1 space-y-1.5">
                    <label for="nickname" class="block text-sm font-medium text-slate-200">{l.t(AccountMsg::Nickname)}</label>
                    <input
                        id="nickname"
                        name="nickname"
                        type="text"
                        autocomplete="nickname"
                        maxlength="20"
                        required=true
                        data-testid="nickname"
                        class=INPUT
                        on:input=move |ev| typed.set(event_target_value(&ev))
                        aria-invalid=move || error().map(|_| "true")
                        aria-describedby=move || {
                            if error().is_some() { "error-nickname hint-nickname" } else { "hint-nickname" }
                        }
                    />
                </div>
                <button type="submit" class=BUTTON_PRIMARY data-testid="nickname-save" disabled=move || save.pending().get()>
                    {l.t(AccountMsg::SaveNickname)}
                </button>
            </ActionForm>
            <div aria-live="polite">
                {move || error().map(|m| view! {
                    <p id="error-nickname" data-testid="error-nickname" class="mt-2 text-sm text-rose-400">{m}</p>
                })}
                {move || saved().then(|| view! {
                    <p role="status" data-testid="nickname-saved" class="mt-2 text-sm text-emerald-300">
                        {messages::nickname_saved(l, typed.get_untracked().trim())}
                    </p>
                })}
            </div>
        </section>
    }
    .into_any()
}
