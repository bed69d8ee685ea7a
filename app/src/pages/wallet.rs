//! `/wallet`: the player's balances, deposit and withdrawal forms (sandbox
//! payments) with clear errors, and the cash history with kinds and running
//! balance, paged newest first. Balances update live from the websocket.
//! Signed-out visitors are redirected to `/login`.

use crate::i18n::{AccountMsg, Locale, Msg, use_locale};
use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_query_map;

use crate::api::wallet::{
    HistoryPage, WalletDeposit, WalletOutcome, WalletView, WalletWithdraw, wallet_history,
};
use crate::components::inputs::submit_form;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, LoadError, Loading};
use crate::format::{LocalTime, money};
use crate::live::{LiveWallet, use_live_wallet};
use crate::model::percent_encode;

/// A readable label for a transaction kind code, in English (the back
/// office's).
pub fn kind_label(kind: &str) -> String {
    kind_label_in(Locale::En, kind)
}

/// A readable label for a transaction kind code in `l`.
pub fn kind_label_in(l: Locale, kind: &str) -> String {
    let msg = match kind {
        "deposit" => Some(l.t(Msg::Deposit)),
        "withdrawal" => Some(l.t(AccountMsg::TxWithdrawal)),
        "release" => Some(l.t(AccountMsg::TxReleased)),
        "reserve" => Some(l.t(AccountMsg::Held)),
        "capture" => Some(l.t(AccountMsg::TxCapture)),
        "credit" => Some(l.t(AccountMsg::TxCredit)),
        "reverse" => Some(l.t(AccountMsg::TxReversal)),
        "adjust" => Some(l.t(AccountMsg::TxAdjustment)),
        _ => None,
    };
    match msg {
        Some(text) => text.to_owned(),
        None => {
            let text = kind.replace('_', " ");
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        }
    }
}

/// The wallet page.
#[component]
pub fn Wallet() -> impl IntoView {
    let l = use_locale();
    let Some(live) = use_live_wallet() else {
        return view! { <LoadError/> }.into_any();
    };
    view! {
        <Title text=l.t(AccountMsg::WalletTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::Wallet)}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match live.loaded.await {
                    Ok(Some(_)) => EitherOf4::A(view! { <WalletBody/> }),
                    Ok(None) => {
                        // Signed out, or a staff account (which has no wallet).
                        let session = crate::session::use_session();
                        let staff = session
                            .user
                            .get_untracked()
                            .and_then(Result::ok)
                            .flatten()
                            .is_some();
                        if staff {
                            EitherOf4::B(
                                view! {
                                    <p class="mt-4 text-slate-400">
                                        {l.t(AccountMsg::StaffNoWallet)}
                                        <A href="/backoffice/players" attr:class="text-emerald-300 underline">
                                            {l.t(Msg::BackOfficeLower)}
                                        </A>
                                        "."
                                    </p>
                                },
                            )
                        } else {
                            EitherOf4::C(view! { <Redirect path="/login"/> })
                        }
                    }
                    Err(_) => EitherOf4::D(view! { <LoadError/> }),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Balances, forms and history of a signed-in player.
#[component]
fn WalletBody() -> impl IntoView {
    let Some(live) = use_live_wallet() else {
        return view! { <LoadError/> }.into_any();
    };
    let deposit = ServerAction::<WalletDeposit>::new();
    let withdraw = ServerAction::<WalletWithdraw>::new();
    // The latest answer of either form, newest wins.
    let last = RwSignal::new(None::<WalletOutcome>);
    let deposit_input = NodeRef::<leptos::html::Input>::new();
    let withdraw_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let value = deposit.value().get();
        clear_on_success(&value, deposit_input);
        settle(live, last, value);
    });
    Effect::new(move |_| {
        let value = withdraw.value().get();
        clear_on_success(&value, withdraw_input);
        settle(live, last, value);
    });
    // Payments and live balance moves change the history.
    let changes = Signal::derive(move || {
        (
            live.events.get(),
            deposit.version().get(),
            withdraw.version().get(),
        )
    });
    view! {
        <Balances live/>
        <WalletNotice last/>
        <div class="mt-6 grid gap-4 md:grid-cols-2">
            <DepositForm deposit input=deposit_input/>
            <WithdrawForm withdraw input=withdraw_input/>
        </div>
        <WalletHistory changes/>
    }
    .into_any()
}

/// Applies a form's answer: the balances it brings, and the message.
fn settle(
    live: LiveWallet,
    last: RwSignal<Option<WalletOutcome>>,
    value: Option<Result<WalletOutcome, ServerFnError>>,
) {
    match value {
        Some(Ok(outcome)) => {
            if let Some(now) = outcome.wallet.clone() {
                live.pushed.set(Some(now));
            }
            last.set(Some(outcome));
        }
        Some(Err(_)) => last.set(Some(WalletOutcome {
            ok: false,
            message: use_locale().t(Msg::ConnectionError).to_owned(),
            code: Some("internal".to_owned()),
            wallet: None,
        })),
        None => {}
    }
}

/// A form that succeeded starts empty again, so a second click cannot
/// repeat the payment by accident.
fn clear_on_success(
    value: &Option<Result<WalletOutcome, ServerFnError>>,
    input: NodeRef<leptos::html::Input>,
) {
    if matches!(value, Some(Ok(o)) if o.ok)
        && let Some(el) = input.get_untracked()
    {
        el.set_value("");
    }
}

/// Cash, bonus and held balances, live.
#[component]
fn Balances(live: LiveWallet) -> impl IntoView {
    let l = use_locale();
    let current = move || live.current();
    view! {
        <section aria-label=l.t(AccountMsg::Balances) class="mt-6 grid gap-4 sm:grid-cols-3">
            <Balance label=l.t(AccountMsg::Cash) testid="balance-cash" value=Signal::derive(move || current().map(|w: WalletView| money(&w.cash, &w.currency))) hint=l.t(AccountMsg::Withdrawable)/>
            <Balance label=l.t(AccountMsg::Bonus) testid="balance-bonus" value=Signal::derive(move || current().map(|w| money(&w.bonus, &w.currency))) hint=l.t(AccountMsg::BonusHint)/>
            <Balance label=l.t(AccountMsg::Held) testid="balance-reserved" value=Signal::derive(move || current().map(|w| money(&w.reserved, &w.currency))) hint=l.t(AccountMsg::HeldHint)/>
        </section>
    }
    .into_any()
}

/// The latest answer of a payment form.
#[component]
fn WalletNotice(last: RwSignal<Option<WalletOutcome>>) -> impl IntoView {
    move || {
        last.get()
            .map(|o| {
                if o.ok {
                    view! {
                        <div
                            role="status"
                            data-testid="wallet-notice"
                            class="mt-6 rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200"
                        >
                            {o.message}
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <div
                            role="alert"
                            data-testid="wallet-error"
                            data-code=o.code.clone()
                            class="mt-6 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
                        >
                            {o.message}
                        </div>
                    }
                        .into_any()
                }
            })
    }
}

/// The amount field of a payment form.
#[component]
fn AmountField(
    /// `deposit` or `withdraw`: ids and test ids derive from it.
    prefix: &'static str,
    input: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let l = use_locale();
    let id = format!("{prefix}-amount");
    let live = use_live_wallet();
    let currency = move || live.and_then(|l| l.current()).map(|w| w.currency);
    view! {
        <div class="min-w-0 flex-1 space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-200">
                {l.t(AccountMsg::Amount)}
            </label>
            <div class="relative">
            <input
                id=id.clone()
                node_ref=input
                name="amount"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                placeholder="10.00"
                required=true
                data-testid=id
                class=format!("{INPUT} pr-14")
            />
            <span
                class="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm font-semibold text-slate-300"
                data-testid=format!("{prefix}-currency")
            >
                {currency}
            </span>
            </div>
        </div>
    }
    .into_any()
}

/// The deposit form (sandbox payments).
#[component]
fn DepositForm(
    deposit: ServerAction<WalletDeposit>,
    input: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let l = use_locale();
    view! {
        <section class=CARD aria-labelledby="deposit-title">
            <h2 id="deposit-title" class="text-lg font-semibold text-white">{l.t(Msg::Deposit)}</h2>
            <p class="mt-1 text-sm text-slate-400">{l.t(AccountMsg::SandboxPayments)}</p>
            <form
                action={<WalletDeposit as leptos::server_fn::ServerFn>::url()}
                method="post"
                class="mt-4 flex flex-wrap items-end gap-3"
                on:submit=submit_form(deposit)
            >
                <AmountField prefix="deposit" input/>
                <button
                    type="submit"
                    data-testid="deposit-submit"
                    class=BUTTON_PRIMARY
                    disabled=move || deposit.pending().get()
                >
                    {move || if deposit.pending().get() { l.t(AccountMsg::Depositing) } else { l.t(Msg::Deposit) }}
                </button>
            </form>
        </section>
    }
    .into_any()
}

/// The withdrawal form: cash only, held until the provider confirms.
#[component]
fn WithdrawForm(
    withdraw: ServerAction<WalletWithdraw>,
    input: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let l = use_locale();
    view! {
        <section class=CARD aria-labelledby="withdraw-title">
            <h2 id="withdraw-title" class="text-lg font-semibold text-white">{l.t(AccountMsg::Withdraw)}</h2>
            <p class="mt-1 text-sm text-slate-400">
                {l.t(AccountMsg::WithdrawNote)}
            </p>
            <crate::pages::bonuses::WithdrawBonusWarning/>
            <form
                action={<WalletWithdraw as leptos::server_fn::ServerFn>::url()}
                method="post"
                class="mt-4 flex flex-wrap items-end gap-3"
                on:submit=submit_form(withdraw)
            >
                <AmountField prefix="withdraw" input/>
                <button
                    type="submit"
                    data-testid="withdraw-submit"
                    class=BUTTON_SECONDARY
                    disabled=move || withdraw.pending().get()
                >
                    {move || l.t(if withdraw.pending().get() { AccountMsg::Withdrawing } else { AccountMsg::Withdraw })}
                </button>
            </form>
        </section>
    }
    .into_any()
}

/// The cash history, paged by the `before` query parameter; loaded again
/// whenever `changes` does.
#[component]
fn WalletHistory(changes: Signal<(u64, usize, usize)>) -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").unwrap_or_default());
    let history = crate::resource::resource(
        move || (before(), changes.get()),
        |(before, _)| wallet_history(before),
    );
    view! {
        <section class="mt-8" aria-labelledby="history-title">
            <h2 id="history-title" class="text-lg font-semibold text-white">{l.t(Msg::History)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(page) => {
                            let currency = untrack(|| {
                                use_live_wallet()
                                    .and_then(|l| l.current())
                                    .map(|w| w.currency)
                                    .unwrap_or_default()
                            });
                            view! { <HistoryTable page before=before() currency/> }.into_any()
                        }
                        Err(_) => view! { <LoadError/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// One balance tile.
#[component]
fn Balance(
    /// Label.
    label: &'static str,
    /// `data-testid` of the amount.
    testid: &'static str,
    /// The amount with currency.
    value: Signal<Option<String>>,
    /// What it means.
    hint: &'static str,
) -> impl IntoView {
    view! {
        <div class=CARD>
            <p class="text-sm text-slate-400">{label}</p>
            <p class="mt-1 text-2xl font-bold tabular-nums text-white" data-testid=testid aria-live="polite">
                {move || value.get().unwrap_or_else(|| "–".to_owned())}
            </p>
            <p class="mt-1 text-xs text-slate-500">{hint}</p>
        </div>
    }
    .into_any()
}

/// The history table with paging links.
#[component]
fn HistoryTable(
    /// The page.
    page: HistoryPage,
    /// The cursor this page started from ("" for the newest).
    before: String,
    /// The wallet's currency code.
    currency: String,
) -> impl IntoView {
    let l = use_locale();
    let empty = page.rows.is_empty();
    let older = page
        .next_cursor
        .map(|c| format!("/wallet?before={}", percent_encode(&c)));
    view! {
        {if empty {
            view! { <p class="mt-3 text-sm text-slate-400">{l.t(AccountMsg::NoTransactions)}</p> }.into_any()
        } else {
            view! {
                <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                    <table class="w-full text-left text-sm" data-testid="history-table">
                        <caption class="sr-only">{l.t(AccountMsg::CashHistoryCaption)}</caption>
                        <thead class="text-xs uppercase tracking-wider text-slate-500">
                            <tr>
                                <th scope="col" class="hidden px-4 py-3 sm:table-cell">{l.t(Msg::When)}</th>
                                <th scope="col" class="px-4 py-3">{l.t(Msg::What)}</th>
                                <th scope="col" class="px-4 py-3 text-right">{l.t(AccountMsg::Amount)}</th>
                                <th scope="col" class="px-4 py-3 text-right">{l.t(AccountMsg::CashAfter)}</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-slate-800">
                            {page
                                .rows
                                .into_iter()
                                .map(|row| {
                                    let debit = row.amount.starts_with('-');
                                    let amount_class = if debit {
                                        "whitespace-nowrap px-4 py-3 text-right tabular-nums text-rose-300"
                                    } else {
                                        "whitespace-nowrap px-4 py-3 text-right tabular-nums text-emerald-300"
                                    };
                                    let shown = if debit { money(&row.amount, &currency) } else { money(&format!("+{}", row.amount), &currency) };
                                    let after = money(&row.balance_after, &currency);
                                    view! {
                                        <tr data-testid="history-row" data-kind=row.kind.clone()>
                                            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-400 sm:table-cell"><LocalTime at=row.created_at.clone()/></td>
                                            <td class="px-4 py-3 text-slate-100">
                                                {kind_label_in(l, &row.kind)}
                                                <span class="block text-xs text-slate-500 sm:hidden"><LocalTime at=row.created_at.clone()/></span>
                                            </td>
                                            <td class=amount_class>{shown}</td>
                                            <td class="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-300">{after}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <nav aria-label=l.t(AccountMsg::HistoryPages) class="mt-4 flex gap-3">
            {(!before.is_empty())
                .then(|| view! { <A href="/wallet" attr:class=BUTTON_SECONDARY>{l.t(AccountMsg::Newest)}</A> })}
            {older.map(|href| view! { <A href=href attr:class=BUTTON_SECONDARY>{l.t(AccountMsg::Older)}</A> })}
        </nav>
    }
    .into_any()
}
