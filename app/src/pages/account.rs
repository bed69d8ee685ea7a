//! `/account`: the signed-in user's profile, with links to the wallet,
//! responsible-gaming and bets pages. Signed-out visitors are redirected to
//! `/login` (a 302 during server rendering).

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

use crate::components::{CARD, LoadError, Loading};
use crate::format::date_label;
use crate::session::use_session;

/// Links in running text.
const LINK: &str = "text-emerald-300 underline hover:text-emerald-200";

/// The account page.
#[component]
pub fn Account() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Your account · Croupier"/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => {
                        let mut rows = vec![
                            ("E-mail", user.email.clone(), Some("account-email")),
                            ("Country", user.country.clone(), None),
                            ("Currency", user.currency.clone(), None),
                            ("Identity check (KYC)", user.kyc_status.replace('_', " "), Some("account-kyc")),
                            ("Member since", date_label(&user.created_at), None),
                        ];
                        // Role codes and ids mean something to staff only.
                        if user.is_staff() {
                            rows.insert(1, ("Back-office roles", user.roles.join(", "), None));
                            rows.insert(2, ("Account id", user.user_id.clone(), None));
                        }
                        EitherOf3::A(
                            view! {
                                <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">
                                    "Your account"
                                </h1>
                                <section class=format!("{CARD} mt-6 max-w-2xl") aria-label="Profile">
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
                                <p class="mt-6 max-w-2xl text-sm text-slate-400">
                                    "Balances and payments are on "
                                    <A href="/wallet" attr:class=LINK>"Wallet"</A>
                                    ", limits, breaks and identity documents on "
                                    <A href="/responsible-gaming" attr:class=LINK>"Responsible gaming"</A>
                                    ", and your bets on "
                                    <A href="/bets" attr:class=LINK>"My bets"</A>
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
