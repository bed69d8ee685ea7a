//! `/backoffice/players/:id`: one player's wallet for admin and compliance:
//! balances, the newest ledger entries with every posting and chain hash,
//! and a manual adjustment (signed amount, cash or bonus, mandatory reason;
//! double entry against the bonus-cost house account, audited).

use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_params_map;

use crate::api::wallet::{AdjustPlayer, PlayerWalletView, WalletOutcome, player_wallet};
use crate::components::{BUTTON_PRIMARY, CARD, INPUT, LoadError, Loading, short_time};
use crate::pages::errors::{Forbidden, is_forbidden, is_unauthorized, set_status};
use crate::pages::wallet::kind_label;

/// The back-office player wallet page.
#[component]
pub fn PlayerWallet() -> impl IntoView {
    let params = use_params_map();
    let player_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let adjust = ServerAction::<AdjustPlayer>::new();
    let data = crate::resource::resource(
        move || (player_id(), adjust.version().get()),
        |(id, _)| player_wallet(id),
    );
    view! {
        <Title text="Player wallet · Back office · Croupier"/>
        <p class="text-sm">
            <A href="/backoffice/players" attr:class="text-emerald-300 hover:underline">
                "← Players"
            </A>
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(view_data)) => EitherOf4::A(view! { <PlayerWalletBody data=view_data adjust/> }),
                    Ok(None) => EitherOf4::B({
                        set_status(404);
                        view! {
                        <p class="mt-4 text-slate-400" data-testid="player-wallet-missing">
                            "No player wallet with this id."
                        </p>
                    }}),
                    Err(e) if is_unauthorized(&e) => EitherOf4::C(view! { <Redirect path="/login"/> }.into_any()),
                    Err(e) if is_forbidden(&e) => EitherOf4::C(view! { <Forbidden/> }.into_any()),
                    Err(_) => EitherOf4::D(view! { <LoadError/> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlayerWalletBody(data: PlayerWalletView, adjust: ServerAction<AdjustPlayer>) -> impl IntoView {
    let w = data.wallet.clone();
    let outcome = move || -> Option<WalletOutcome> {
        match adjust.value().get() {
            Some(Ok(o)) => Some(o),
            Some(Err(_)) => Some(WalletOutcome {
                ok: false,
                message: "Something went wrong. Please try again.".to_owned(),
                code: Some("internal".to_owned()),
                wallet: None,
            }),
            None => None,
        }
    };
    view! {
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">"Wallet of "<span data-testid="player-wallet-email">{data.email.clone()}</span></h1>
        <p class="mt-1 text-sm text-slate-400">"KYC: "{data.kyc_status.clone()}" · Player id "{w.player_id.clone()}</p>
        <dl class="mt-6 grid gap-4 sm:grid-cols-3">
            {[("Cash", w.cash.clone(), "player-cash"), ("Bonus", w.bonus.clone(), "player-bonus"), ("Held", w.reserved.clone(), "player-reserved")]
                .into_iter()
                .map(|(label, amount, testid)| {
                    view! {
                        <div class=CARD>
                            <dt class="text-sm text-slate-400">{label}</dt>
                            <dd class="mt-1 text-2xl font-bold tabular-nums text-white" data-testid=testid>
                                {crate::format::money(&amount, &w.currency)}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>

        <section class=format!("{CARD} mt-6 max-w-2xl") aria-labelledby="adjust-title">
            <h2 id="adjust-title" class="text-lg font-semibold text-white">"Manual adjustment"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "Positive credits, negative debits (never below zero). Booked against bonus cost and recorded in the audit log."
            </p>
            <ActionForm action=adjust attr:class="mt-4 grid gap-3 sm:grid-cols-2">
                <input type="hidden" name="player_id" value=w.player_id.clone()/>
                <div class="space-y-1.5">
                    <label for="adjust-amount" class="block text-sm font-medium text-slate-200">"Amount (signed)"</label>
                    <input id="adjust-amount" name="amount" type="text" inputmode="decimal" autocomplete="off" placeholder="-5.00" required=true data-testid="adjust-amount" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="adjust-account" class="block text-sm font-medium text-slate-200">"Balance"</label>
                    <select id="adjust-account" name="account" data-testid="adjust-account" class=INPUT>
                        <option value="cash" selected=true>"Cash"</option>
                        <option value="bonus">"Bonus"</option>
                    </select>
                </div>
                <div class="space-y-1.5 sm:col-span-2">
                    <label for="adjust-reason" class="block text-sm font-medium text-slate-200">"Reason (required)"</label>
                    <textarea id="adjust-reason" name="reason" rows="2" maxlength="500" required=true data-testid="adjust-reason" class=INPUT></textarea>
                </div>
                <div class="sm:col-span-2">
                    <button type="submit" data-testid="adjust-submit" class=BUTTON_PRIMARY disabled=move || adjust.pending().get()>
                        "Book adjustment"
                    </button>
                </div>
            </ActionForm>
            {move || outcome().map(|o| {
                let (testid, class) = if o.ok {
                    ("adjust-notice", "mt-3 rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200")
                } else {
                    ("adjust-error", "mt-3 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200")
                };
                view! { <div role="alert" data-testid=testid class=class>{o.message}</div> }
            })}
        </section>

        <section class="mt-8" aria-labelledby="ledger-title">
            <h2 id="ledger-title" class="text-lg font-semibold text-white">"Ledger"</h2>
            <p class="mt-1 text-sm text-slate-400">"Newest first. Each entry's postings sum to zero; the hash chains it to the one before."</p>
            <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                <table class="w-full min-w-[48rem] text-left text-sm" data-testid="ledger-table">
                    <caption class="sr-only">"Ledger entries"</caption>
                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                        <tr>
                            <th scope="col" class="px-4 py-3">"#"</th>
                            <th scope="col" class="px-4 py-3">"When (UTC)"</th>
                            <th scope="col" class="px-4 py-3">"Kind"</th>
                            <th scope="col" class="px-4 py-3">"Postings"</th>
                            <th scope="col" class="px-4 py-3">"Hash"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-800">
                        {data.ledger.into_iter().map(|entry| view! {
                            <tr data-testid="ledger-row" class="align-top">
                                <td class="px-4 py-3 tabular-nums text-slate-400">{entry.seq}</td>
                                <td class="whitespace-nowrap px-4 py-3 text-slate-400">{short_time(&entry.created_at)}</td>
                                <td class="px-4 py-3 text-slate-100">
                                    {kind_label(&entry.kind)}
                                    <span class="block max-w-[14rem] truncate text-xs text-slate-500" title=entry.reference.clone()>{entry.reference.clone()}</span>
                                </td>
                                <td class="px-4 py-3">
                                    <ul class="space-y-0.5">
                                        {entry.postings.into_iter().map(|p| {
                                            let class = if p.amount.starts_with('-') { "text-rose-300" } else { "text-emerald-300" };
                                            view! {
                                            <li class="flex justify-between gap-4 tabular-nums">
                                                <span class="text-slate-400">{p.account.replace('_', " ")}</span>
                                                <span class=class>{p.amount}</span>
                                            </li>
                                        }}).collect_view()}
                                    </ul>
                                </td>
                                <td class="px-4 py-3 font-mono text-xs text-slate-500" title=entry.hash.clone()>{entry.hash.chars().take(12).collect::<String>()}"…"</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
