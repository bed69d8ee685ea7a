//! The back office's leaderboards (marketing; admins too):
//! `/backoffice/leaderboards` lists every board, and
//! `/backoffice/leaderboards/:id` shows one: its live standings, Close
//! (asks first) with a progress bar of the prize payout, and every
//! period's results: winners, what each was paid, the payout totals and
//! the hash of the frozen standings.
//!
//! Rules:
//! - The server checks the role on every call; a refused close (already
//!   closed, nothing open) is explained, not thrown.
//! - A close pays each prize once, also when retried: pressing Close again
//!   after a failure is safe and says so.
//! - While a period is `closing` (its payout running, here or on another
//!   replica) the page reloads every [`CLOSING_POLL_SECS`] seconds, so the
//!   bar fills as prizes are paid.
//! - Player ids show shortened; the full id is in the row's data.

use domain::api::leaderboard::{
    LeaderboardChanged, LeaderboardStatus, LeaderboardView, PeriodStatus,
};
use domain::events::{EventKind, Topic};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{
    Countdown, PeriodDates, PrizeTable, RankTable, TD, TH, metric_label, prize_label,
    recurrence_label, score_text, status_pill, use_server_clock,
};
use crate::api::leaderboards::{
    AdminBoard, CloseReport, LeaderboardClose, Payout, PeriodReport, leaderboard_admin,
    leaderboards_admin,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::format::short_ref;
use crate::pages::backoffice::guarded;

/// Seconds between reloads while a period's payout runs.
pub const CLOSING_POLL_SECS: u64 = 2;

/// A share in whole percent, for bars: `part` of `whole` (0 when empty).
pub fn share_percent(part: u64, whole: u64) -> u64 {
    (part.min(whole) * 100).checked_div(whole).unwrap_or(0)
}

/// `/backoffice/leaderboards`.
#[component]
pub fn LeaderboardsAdmin() -> impl IntoView {
    let list = crate::resource::resource(|| (), |_| leaderboards_admin());
    view! {
        <Title text="Leaderboards · Back office · Croupier"/>
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white">"Leaderboards"</h1>
            <A href="/backoffice/leaderboards/new" attr:class=BUTTON_PRIMARY attr:data-testid="leaderboard-new">
                "New leaderboard"
            </A>
        </div>
        <p class="mt-2 text-sm text-slate-400">
            "Races and tournaments players climb by playing. A board is live once its first period starts; closing a period freezes the table and pays its prizes once."
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(list.await, |list| {
                    if list.items.is_empty() {
                        return view! {
                            <p class=format!("{CARD} mt-4 text-sm text-slate-300") data-testid="leaderboards-admin-empty">
                                "No leaderboards yet. Create one with New leaderboard."
                            </p>
                        }
                        .into_any();
                    }
                    view! {
                        <div class=format!("{CARD} mt-4 overflow-x-auto p-0 sm:p-0")>
                            <table class="w-full min-w-[44rem] text-left text-sm" data-testid="leaderboards-table">
                                <caption class="sr-only">"Leaderboards, newest first"</caption>
                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                    <tr>
                                        <th scope="col" class=TH>"Name"</th>
                                        <th scope="col" class=TH>"Status"</th>
                                        <th scope="col" class=TH>"Ranks by"</th>
                                        <th scope="col" class=TH>"Runs"</th>
                                        <th scope="col" class=TH>"Period"</th>
                                        <th scope="col" class=format!("{TH} text-right")>"Prize ranges"</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-800">
                                    {list.items.into_iter().map(admin_row).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
    .into_any()
}

/// One board in the back-office list.
fn admin_row(b: LeaderboardView) -> impl IntoView {
    let href = format!("/backoffice/leaderboards/{}", b.leaderboard_id);
    let name = b.name.clone();
    view! {
        <tr data-testid="leaderboard-row" data-name=b.name.clone()>
            <td class=format!("{TD} font-medium text-slate-100")>
                <A href=href attr:class="text-emerald-300 underline-offset-2 hover:underline">{name}</A>
                {b.opt_in.then(|| view! { <span class="ml-2 text-xs text-sky-200">"opt-in"</span> })}
            </td>
            <td class=TD>{status_pill(b.status)}</td>
            <td class=TD>{metric_label(b.metric)}</td>
            <td class=TD>{format!("{} · {}", recurrence_label(b.recurrence), b.timezone)}</td>
            <td class=format!("{TD} text-xs")>{b.period.map(|p| view! { <PeriodDates period=p/> })}</td>
            <td class=format!("{TD} text-right tabular-nums")>{b.prizes.len()}</td>
        </tr>
    }
    .into_any()
}

/// `/backoffice/leaderboards/:id`.
#[component]
pub fn LeaderboardAdminPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let close = ServerAction::<LeaderboardClose>::new();
    let poll = RwSignal::new(0u64);
    let data = crate::resource::resource(
        move || (id(), close.version().get(), poll.get()),
        |(id, _, _)| leaderboard_admin(id),
    );
    view! {
        <Title text="Leaderboard · Back office · Croupier"/>
        <p class="text-sm">
            <A href="/backoffice/leaderboards" attr:class="text-emerald-300 underline-offset-2 hover:underline">"← Leaderboards"</A>
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(data.await, move |found| match found {
                    None => view! {
                        <p class=format!("{CARD} mt-4 text-slate-300") data-testid="board-missing">"No such leaderboard."</p>
                    }
                    .into_any(),
                    Some(d) => view! { <AdminDetail d close poll/> }.into_any(),
                })
            })}
        </Transition>
    }
    .into_any()
}

/// One loaded board in the back office.
#[component]
fn AdminDetail(
    d: AdminBoard,
    close: ServerAction<LeaderboardClose>,
    poll: RwSignal<u64>,
) -> impl IntoView {
    let board = d.board.clone();
    let id = board.leaderboard_id;
    let currency = board.currency.clone();
    let now = use_server_clock(&d.now);
    let closing = d.periods.iter().any(|p| p.status == PeriodStatus::Closing);
    // A payout still running: look again shortly.
    #[cfg(feature = "hydrate")]
    if closing {
        set_timeout(
            move || poll.update(|n| *n += 1),
            std::time::Duration::from_secs(CLOSING_POLL_SECS),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (closing, poll);
    let rows = RwSignal::new(d.standings.items.clone());
    crate::live::use_live_events(
        move || Some(Topic::Leaderboard(id)),
        move |event| {
            if let Some(c) = event.read::<LeaderboardChanged>(EventKind::LeaderboardChanged)
                && c.leaderboard_id == id
            {
                rows.update(|r| *r = super::board::merge_top(r, &c.top, None));
            }
        },
    );
    let open = board.status != LeaderboardStatus::Closed;
    let finished = !open;
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white" data-testid="board-name">{board.name.clone()}</h1>
            {status_pill(board.status)}
        </div>
        <p class="mt-1 text-sm text-slate-400">
            {format!(
                "{} · {} · {}{}",
                metric_label(board.metric),
                recurrence_label(board.recurrence),
                board.timezone,
                if board.opt_in { " · opt-in" } else { "" },
            )}
        </p>
        {board.period.map(|p| view! {
            <p class="mt-2 text-sm"><Countdown period=p now finished/>" · "<PeriodDates period=p/></p>
        })}
        <p class="mt-2 text-sm">
            <A href=format!("/leaderboards/{id}") attr:class="text-emerald-300 underline" attr:data-testid="board-player-view">
                "Preview as players see it"
            </A>
        </p>
        <ClosePanel board_id=id.to_string() close currency=currency.clone() open/>
        <div class="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
            <section class=format!("{CARD} min-w-0 p-0 sm:p-0") aria-labelledby="standings-title">
                <h2 id="standings-title" class="px-4 pt-4 text-lg font-semibold text-white sm:px-5">"Current standings"</h2>
                {move || rows.with(Vec::is_empty).then(|| view! {
                    <p class="px-4 pt-2 text-sm text-slate-400 sm:px-5">"Nobody has scored yet."</p>
                })}
                <div class="mt-2 overflow-x-auto">
                    <RankTable rows=Signal::from(rows) metric=board.metric currency=currency.clone() caption="Current standings" testid="admin-standings"/>
                </div>
            </section>
            <section class=format!("{CARD} min-w-0") aria-labelledby="prizes-title">
                <h2 id="prizes-title" class="text-lg font-semibold text-white">"Prizes"</h2>
                <div class="mt-2"><PrizeTable prizes=board.prizes.clone() currency=currency.clone()/></div>
            </section>
        </div>
        <Periods periods=d.periods board=board.clone()/>
    }
    .into_any()
}

/// Close the current period, with the payout's progress. The answer of
/// the latest close stays shown after the board reloads (a one-off board
/// has nothing left to close then).
#[component]
fn ClosePanel(
    board_id: String,
    close: ServerAction<LeaderboardClose>,
    currency: String,
    /// The board has a period to close.
    open: bool,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let currency = StoredValue::new(currency);
    let run = move || {
        confirming.set(false);
        close.dispatch(LeaderboardClose {
            leaderboard_id: board_id.clone(),
        });
    };
    let result = move || {
        close.value().get().map(|r| {
            let r = r.unwrap_or_else(|_| CloseReport {
                message: "Something went wrong. Closing again is safe: each prize is paid once."
                    .into(),
                ..CloseReport::default()
            });
            view! {
                <p
                    role=if r.ok { "status" } else { "alert" }
                    data-testid="close-notice"
                    data-code=r.code.clone()
                    class=if r.ok { "mt-3 text-sm text-emerald-300" } else { "mt-3 text-sm text-rose-300" }
                >
                    {r.message.clone()}
                </p>
                {r.payout.map(|p| view! { <PayoutBar payout=p currency=currency.get_value()/> })}
            }
        })
    };
    view! {
        <section class=format!("{CARD} mt-4") aria-labelledby="close-title">
            <h2 id="close-title" class="text-lg font-semibold text-white">"Close the current period"</h2>
            <p class="mt-1 text-sm text-slate-400">
                {if open {
                    "Freezes the standings and pays each prize once. A recurring board opens its next period; a one-off board ends."
                } else {
                    "This board has finished: every period is closed and paid."
                }}
            </p>
            <div class="mt-3 flex flex-wrap items-center gap-2" hidden=!open>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class=BUTTON_SECONDARY
                            data-testid="board-close"
                            disabled=move || close.pending().get()
                            on:click=move |_| confirming.set(true)
                        >
                            "Close period…"
                        </button>
                    }
                >
                    <div role="alertdialog" aria-labelledby="close-confirm-text" class="flex flex-wrap items-center gap-2 rounded-lg border border-amber-400/40 bg-amber-400/10 p-3">
                        <span id="close-confirm-text" class="text-sm text-amber-100">"Close now and pay the prizes? This cannot be undone."</span>
                        <button
                            type="button"
                            class="rounded-lg bg-amber-400 px-3 py-1.5 text-sm font-semibold text-slate-950 hover:bg-amber-300"
                            data-testid="board-close-confirm"
                            on:click={
                                let run = run.clone();
                                move |_| run()
                            }
                        >
                            "Close and pay"
                        </button>
                        <button type="button" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") on:click=move |_| confirming.set(false)>
                            "Cancel"
                        </button>
                    </div>
                </Show>
            </div>
            {move || close.pending().get().then(|| view! {
                <div class="mt-3" aria-busy="true">
                    <p class="text-sm text-slate-300" role="status">"Freezing the standings and paying prizes…"</p>
                    <div class="mt-1 h-3 w-full overflow-hidden rounded-full bg-slate-800" role="progressbar" aria-label="Prize payout" data-testid="payout-progress-pending">
                        <div class="h-full w-1/3 animate-pulse rounded-full bg-amber-400"></div>
                    </div>
                </div>
            })}
            <div aria-live="polite">{result}</div>
        </section>
    }
    .into_any()
}

/// Paid prizes of a period as a progress bar, with their value.
#[component]
pub fn PayoutBar(payout: Payout, currency: String) -> impl IntoView {
    let pct = share_percent(payout.paid, payout.prizes);
    let label = format!("{} of {} prizes paid", payout.paid, payout.prizes);
    let value = format!(
        "{} of {} paid (face value)",
        crate::format::money(&payout.paid_value, &currency),
        crate::format::money(&payout.total_value, &currency)
    );
    view! {
        <div class="mt-3" data-testid="payout">
            <p class="text-sm text-slate-200" data-testid="payout-count">{label.clone()}</p>
            <div
                class="mt-1 h-3 w-full overflow-hidden rounded-full bg-slate-800"
                role="progressbar"
                aria-label=format!("Prize payout: {label}")
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=pct.to_string()
                data-testid="payout-progress"
            >
                <div class="h-full rounded-full bg-emerald-400" style=format!("width: {pct}%")></div>
            </div>
            <p class="mt-1 text-xs text-slate-400" data-testid="payout-value">{value}</p>
        </div>
    }
    .into_any()
}

/// A period status as a pill.
fn period_pill(status: PeriodStatus) -> impl IntoView {
    let (label, class) = match status {
        PeriodStatus::Open => ("Open", "bg-emerald-400/15 text-emerald-300"),
        PeriodStatus::Closing => ("Paying prizes", "bg-amber-400/15 text-amber-200"),
        PeriodStatus::Closed => ("Closed", "bg-slate-700/60 text-slate-200"),
    };
    view! {
        <span data-testid="period-status" class=format!("inline-block rounded-full px-2 py-0.5 text-xs font-semibold {class}")>
            {label}
        </span>
    }
    .into_any()
}

/// Every period of the board with its results.
#[component]
fn Periods(periods: Vec<PeriodReport>, board: LeaderboardView) -> impl IntoView {
    view! {
        <section class="mt-8" aria-labelledby="periods-title">
            <h2 id="periods-title" class="text-lg font-semibold text-white">"Periods and results"</h2>
            {if periods.is_empty() {
                view! { <p class="mt-1 text-sm text-slate-400">"No period yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-3 space-y-4" data-testid="periods">
                        {periods.into_iter().map(|p| view! { <PeriodCard p board=board.clone()/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

/// One period: dates, status, participants, payout and winners.
#[component]
fn PeriodCard(p: PeriodReport, board: LeaderboardView) -> impl IntoView {
    let currency = board.currency.clone();
    let metric = board.metric;
    let show_payout = p.status != PeriodStatus::Open;
    view! {
        <li class=format!("{CARD} min-w-0") data-testid="period" data-status=p.status.code()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <p class="text-sm text-slate-200"><PeriodDates period=p.period/></p>
                {period_pill(p.status)}
            </div>
            <p class="mt-1 text-sm text-slate-400" data-testid="period-participants">
                {format!("{} players ranked", p.participants)}
            </p>
            {show_payout.then(|| view! { <PayoutBar payout=p.payout.clone() currency=currency.clone()/> })}
            {p.standings_hash.clone().map(|h| view! {
                <p class="mt-2 break-all font-mono text-xs text-slate-500" title="SHA-256 of the frozen standings">
                    {format!("Standings hash {h}")}
                </p>
            })}
            {(!p.winners.is_empty()).then(|| view! {
                <div class="mt-3 overflow-x-auto">
                    <table class="w-full min-w-[36rem] text-left text-sm" data-testid="winners-table">
                        <caption class="sr-only">"Winners and what they were paid"</caption>
                        <thead class="text-xs uppercase tracking-wider text-slate-500">
                            <tr>
                                <th scope="col" class=format!("{TH} text-right")>"Rank"</th>
                                <th scope="col" class=TH>"Player"</th>
                                <th scope="col" class=format!("{TH} text-right")>"Score"</th>
                                <th scope="col" class=TH>"Prize"</th>
                                <th scope="col" class=TH>"Paid"</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-slate-800">
                            {p.winners
                                .iter()
                                .map(|w| view! {
                                    <tr data-testid="winner-row" data-player-id=w.player_id.clone() data-paid=w.paid.to_string()>
                                        <td class=format!("{TD} text-right font-semibold tabular-nums text-slate-100")>{w.rank}</td>
                                        <td class=TD>
                                            <span class="break-all">{w.player.clone()}</span>
                                            <span class="block font-mono text-xs text-slate-500" title=w.player_id.clone()>{short_ref(&w.player_id)}</span>
                                        </td>
                                        <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{score_text(metric, &w.score, &currency)}</td>
                                        <td class=TD>{prize_label(&w.reward, &currency)}</td>
                                        <td class=TD>
                                            {if w.paid {
                                                view! { <span class="font-semibold text-emerald-300">"Paid"</span> }.into_any()
                                            } else {
                                                view! { <span class="font-semibold text-rose-300" title="Not paid: the player could not take part when the period closed">"Not paid"</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_whole_percents_and_never_pass_the_whole() {
        assert_eq!(share_percent(0, 0), 0);
        assert_eq!(share_percent(1, 3), 33);
        assert_eq!(share_percent(3, 3), 100);
        assert_eq!(share_percent(5, 3), 100);
    }
}
