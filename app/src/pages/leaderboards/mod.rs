//! Leaderboards and tournaments. For players: `/leaderboards` lists the
//! live and scheduled boards with a countdown to each period's end, and
//! [`board`] is one board's page (live top table, my rank, around me, join,
//! prizes, past winners). For marketing: [`admin`] lists every board and
//! shows one with its close button and payouts, [`create`] is the form that
//! creates and schedules a board, with a preview.
//!
//! Rules:
//! - Players appear only under their public display name; scores keep the
//!   server's strings (money stays decimal text, never a float, shown with
//!   its currency through [`crate::format::money`]: `€12.50`).
//! - Countdowns count from the server's clock at load plus the time elapsed
//!   in the browser (a monotonic clock), so a wrong clock on the device
//!   does not move the end of a period.
//! - Every control is a native button, link or input with a visible label,
//!   usable with the keyboard.

pub mod admin;
pub mod board;
pub mod create;
mod draft;

pub use admin::{LeaderboardAdminPage, LeaderboardsAdmin};
pub use board::LeaderboardPage;
pub use create::LeaderboardCreate;

use domain::api::leaderboard::{
    LeaderboardStatus, LeaderboardSummary, Metric, Period, PrizeRange, RankRow, Recurrence,
};
use domain::reward::RewardSpec;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::leaderboards::leaderboards_list;
use crate::components::{CARD, Loading};
use crate::format::{LocalTime, money, parse_rfc3339};
use crate::pages::backoffice::guarded;

/// Table header and cell classes.
pub(crate) const TH: &str = "px-3 py-2.5 sm:px-4";
pub(crate) const TD: &str = "px-3 py-2.5 align-top text-slate-300 sm:px-4";

/// What a metric ranks by, in words.
pub fn metric_label(metric: Metric) -> &'static str {
    match metric {
        Metric::Wagered => "Most wagered",
        Metric::NetWin => "Biggest net win",
        Metric::BiggestMultiplier => "Biggest multiplier",
        Metric::LoginStreak => "Longest login streak",
        Metric::GameDiversity => "Most games played",
        Metric::Points => "Most loyalty points",
    }
}

/// How a metric scores, for players.
pub fn metric_help(metric: Metric) -> &'static str {
    match metric {
        Metric::Wagered => "Every stake you place or play counts.",
        Metric::NetWin => "Returns minus stakes of your settled bets and rounds.",
        Metric::BiggestMultiplier => "Your best return ÷ stake of a single bet or round.",
        Metric::LoginStreak => "Consecutive days with a login.",
        Metric::GameDiversity => "Each different casino game and sport you play counts once.",
        Metric::Points => "Loyalty points you earn.",
    }
}

/// A score with its unit: `€12.50`, `3.40×`, `4 days`.
pub fn score_text(metric: Metric, score: &str, currency: &str) -> String {
    match metric {
        Metric::Wagered | Metric::NetWin => money(score, currency),
        Metric::BiggestMultiplier => format!("{score}×"),
        Metric::LoginStreak if score == "1" => "1 day".to_owned(),
        Metric::LoginStreak => format!("{score} days"),
        Metric::GameDiversity if score == "1" => "1 game".to_owned(),
        Metric::GameDiversity => format!("{score} games"),
        Metric::Points => format!("{score} pts"),
    }
}

/// How often a board restarts, in words.
pub fn recurrence_label(recurrence: Recurrence) -> &'static str {
    match recurrence {
        Recurrence::Once => "One-off",
        Recurrence::Daily => "Daily",
        Recurrence::Weekly => "Weekly",
        Recurrence::Monthly => "Monthly",
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
pub fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The ranks a prize pays: `1st`, `2nd–10th`.
pub fn ranks_label(p: &PrizeRange) -> String {
    if p.from_rank == p.to_rank {
        ordinal(p.from_rank)
    } else {
        format!("{}–{}", ordinal(p.from_rank), ordinal(p.to_rank))
    }
}

/// A prize in words: `€50.00 cash`, `20 free spins on slot at €0.20`.
pub fn prize_label(r: &RewardSpec, currency: &str) -> String {
    let amount = r.amount.clone().unwrap_or_default();
    let shown = |s: &str| money(s, currency);
    match r.kind.as_str() {
        "cash" => format!("{} cash", shown(&amount)),
        "bonus_money" => match &r.wagering_multiplier {
            Some(w) if w.trim() != "0" => {
                format!("{} bonus money, wager {w}×", shown(&amount))
            }
            _ => format!("{} bonus money", shown(&amount)),
        },
        "free_bet" => format!("{} free bet", shown(&amount)),
        "free_spins" => format!(
            "{} free spins on {} at {}",
            r.rounds.unwrap_or_default(),
            r.game_code.clone().unwrap_or_default(),
            shown(&r.stake.clone().unwrap_or_default())
        ),
        "cashback" => format!("{}% cashback", r.percent.clone().unwrap_or_default()),
        "coins" => format!("{} coins", r.coins.unwrap_or_default()),
        "loyalty_points" => format!("{} loyalty points", r.points.unwrap_or_default()),
        _ => "A prize".to_owned(),
    }
}

/// Seconds as `2d 04h 13m`, or `13m 05s` under an hour; `0s` when past.
pub fn countdown_text(secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    if d > 0 {
        format!("{d}d {h:02}h {m:02}m")
    } else if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else {
        format!("{m}m {s:02}s")
    }
}

/// A board's status as a coloured pill.
pub fn status_pill(status: LeaderboardStatus) -> impl IntoView {
    let (label, class) = match status {
        LeaderboardStatus::Live => ("Live", "bg-emerald-400/15 text-emerald-300"),
        LeaderboardStatus::Scheduled => ("Scheduled", "bg-sky-400/15 text-sky-200"),
        LeaderboardStatus::Closed => ("Closed", "bg-slate-700/60 text-slate-200"),
    };
    view! {
        <span
            data-testid="board-status"
            class=format!("inline-block rounded-full px-2 py-0.5 text-xs font-semibold {class}")
        >
            {label}
        </span>
    }
    .into_any()
}

/// Milliseconds of the browser's monotonic clock (0 on the server).
fn monotonic_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        window().performance().map_or(0.0, |p| p.now())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// The server's clock now, in Unix seconds: its time at load (`server_now`,
/// RFC 3339) plus what elapsed here since. Ticks every second in the
/// browser while the calling component lives.
pub fn use_server_clock(server_now: &str) -> Signal<i64> {
    let base = parse_rfc3339(server_now).unwrap_or_default();
    let clock = RwSignal::new(base);
    #[cfg(feature = "hydrate")]
    {
        let start = monotonic_ms();
        if let Ok(timer) = set_interval_with_handle(
            move || {
                let elapsed = ((monotonic_ms() - start) / 1000.0) as i64;
                clock.set(base + elapsed);
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || timer.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = monotonic_ms;
    clock.into()
}

/// The countdown of a period: to its start while scheduled, to its end
/// while running, "Period ended" after; "Finished" once the board has
/// closed for good. `data-testid="countdown"`.
#[component]
pub fn Countdown(
    period: Period,
    now: Signal<i64>,
    /// The board is closed for good.
    #[prop(optional)]
    finished: bool,
) -> impl IntoView {
    let (start, end) = (period.starts_at.timestamp(), period.ends_at.timestamp());
    let text = move || {
        let now = now.get();
        if finished {
            "Finished".to_owned()
        } else if now < start {
            format!("Starts in {}", countdown_text(start - now))
        } else if now < end {
            format!("Ends in {}", countdown_text(end - now))
        } else {
            "Period ended: results soon".to_owned()
        }
    };
    view! {
        <span class="font-semibold tabular-nums text-amber-200" data-testid="countdown" role="timer" aria-live="off">
            {text}
        </span>
    }
    .into_any()
}

/// A period's dates: `Today 00:00 → Sun 13 Dec 00:00` in the viewer's zone.
#[component]
pub fn PeriodDates(period: Period) -> impl IntoView {
    view! {
        <span class="text-slate-400">
            <LocalTime at=period.starts_at.to_rfc3339()/>
            " → "
            <LocalTime at=period.ends_at.to_rfc3339()/>
        </span>
    }
    .into_any()
}

/// The prize table of a board.
#[component]
pub fn PrizeTable(prizes: Vec<PrizeRange>, currency: String) -> impl IntoView {
    if prizes.is_empty() {
        return view! { <p class="text-sm text-slate-400">"No prizes."</p> }.into_any();
    }
    view! {
        <div class="overflow-x-auto">
        <table class="w-full text-left text-sm" data-testid="prize-table">
            <caption class="sr-only">"Prizes by rank"</caption>
            <thead class="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    <th scope="col" class=TH>"Rank"</th>
                    <th scope="col" class=TH>"Prize (each)"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-800">
                {prizes
                    .into_iter()
                    .map(|p| view! {
                        <tr data-testid="prize-row">
                            <td class=format!("{TD} whitespace-nowrap font-semibold text-slate-100")>{ranks_label(&p)}</td>
                            <td class=TD>{prize_label(&p.reward, &currency)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// Rows of a standings table; the caller's own row stands out.
#[component]
pub fn RankTable(
    /// The rows, best first.
    #[prop(into)]
    rows: Signal<Vec<RankRow>>,
    metric: Metric,
    currency: String,
    /// Caption for screen readers.
    caption: &'static str,
    /// `data-testid` of the table.
    testid: &'static str,
) -> impl IntoView {
    let currency = StoredValue::new(currency);
    view! {
        <div class="overflow-x-auto">
        <table class="w-full text-left text-sm" data-testid=testid>
            <caption class="sr-only">{caption}</caption>
            <thead class="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    <th scope="col" class=format!("{TH} w-16 text-right")>"Rank"</th>
                    <th scope="col" class=TH>"Player"</th>
                    <th scope="col" class=format!("{TH} text-right")>"Score"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-800">
                <For
                    each=move || rows.get()
                    key=|r| (r.rank, r.player.clone(), r.score.clone(), r.me)
                    let:r
                >
                    <tr
                        data-testid="rank-row"
                        data-me=r.me.to_string()
                        data-rank=r.rank.to_string()
                        class=if r.me { "bg-emerald-400/10" } else { "" }
                    >
                        <td class=format!("{TD} text-right font-semibold tabular-nums text-slate-100")>{r.rank}</td>
                        <td class=format!("{TD} break-all")>
                            {r.player.clone()}
                            {r.me.then(|| view! { <span class="ml-2 rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300">"You"</span> })}
                        </td>
                        <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>
                            {currency.with_value(|c| score_text(metric, &r.score, c))}
                        </td>
                    </tr>
                </For>
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// `/leaderboards`: the live and scheduled boards.
#[component]
pub fn LeaderboardsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| leaderboards_list());
    view! {
        <Title text="Leaderboards · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"Leaderboards"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Races and tournaments: climb the table before the period ends to win a prize. Ranks update live. 18+. Play responsibly."
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(list.await, |list| {
                    if list.items.is_empty() {
                        return view! {
                            <p class=format!("{CARD} mt-6 text-sm text-slate-300") data-testid="leaderboards-empty">
                                "No leaderboards are running right now. Check back soon."
                            </p>
                        }
                        .into_any();
                    }
                    let now = use_server_clock(&list.now);
                    let currency = list.currency.clone();
                    view! {
                        <ul class="mt-6 grid gap-4 md:grid-cols-2" data-testid="leaderboards">
                            {list
                                .items
                                .into_iter()
                                .map(|b| view! { <BoardCard b now currency=currency.clone()/> })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
    .into_any()
}

/// One board in the list.
#[component]
fn BoardCard(b: LeaderboardSummary, now: Signal<i64>, currency: String) -> impl IntoView {
    let href = format!("/leaderboards/{}", b.leaderboard_id);
    let title_id = format!("board-{}", b.leaderboard_id);
    let top_prize = b
        .prizes
        .iter()
        .min_by_key(|p| p.from_rank)
        .map(|p| format!("{}: {}", ranks_label(p), prize_label(&p.reward, &currency)));
    let (name, title_ref) = (b.name.clone(), title_id.clone());
    view! {
        <li class=CARD data-testid="leaderboard-card" data-name=b.name.clone() aria-labelledby=title_id>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id=title_ref class="text-lg font-semibold text-white">
                    <A href=href.clone() attr:class="hover:text-emerald-300 hover:underline">{name}</A>
                </h2>
                {status_pill(b.status)}
            </div>
            <p class="mt-1 text-sm text-slate-300">{metric_label(b.metric)}</p>
            {b.period.map(|p| view! {
                <p class="mt-2 text-sm"><Countdown period=p now/></p>
                <p class="mt-1 text-xs"><PeriodDates period=p/></p>
            })}
            {top_prize.map(|t| view! { <p class="mt-2 text-sm text-slate-300"><span class="font-semibold text-slate-200">"Top prize "</span>{t}</p> })}
            {b.opt_in.then(|| view! { <p class="mt-1 text-xs text-sky-200">"Join on the board page to take part."</p> })}
            <div class="mt-4">
                <A href=href attr:class="text-sm font-semibold text-emerald-300 underline-offset-2 hover:underline" attr:data-testid="leaderboard-open">
                    "View the table →"
                </A>
            </div>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_as_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th"
            ]
        );
    }

    #[test]
    fn countdowns_show_days_hours_or_minutes_and_never_go_negative() {
        assert_eq!(
            countdown_text(2 * 86_400 + 4 * 3600 + 13 * 60 + 5),
            "2d 04h 13m"
        );
        assert_eq!(countdown_text(3600 + 65), "1h 01m 05s");
        assert_eq!(countdown_text(65), "1m 05s");
        assert_eq!(countdown_text(-5), "0m 00s");
    }

    #[test]
    fn scores_carry_their_unit() {
        assert_eq!(score_text(Metric::Wagered, "12.50", "EUR"), "€12.50");
        assert_eq!(score_text(Metric::NetWin, "-3.00", "GBP"), "-£3.00");
        assert_eq!(
            score_text(Metric::BiggestMultiplier, "3.40", "EUR"),
            "3.40×"
        );
        assert_eq!(score_text(Metric::LoginStreak, "1", "EUR"), "1 day");
        assert_eq!(score_text(Metric::GameDiversity, "4", "EUR"), "4 games");
    }

    #[test]
    fn prizes_read_in_words() {
        let cash = RewardSpec {
            kind: "cash".into(),
            amount: Some("50.00".into()),
            ..RewardSpec::default()
        };
        assert_eq!(prize_label(&cash, "EUR"), "€50.00 cash");
        let spins = RewardSpec {
            kind: "free_spins".into(),
            game_code: Some("slot".into()),
            rounds: Some(20),
            stake: Some("0.20".into()),
            ..RewardSpec::default()
        };
        assert_eq!(prize_label(&spins, "EUR"), "20 free spins on slot at €0.20");
        let range = PrizeRange {
            from_rank: 2,
            to_rank: 10,
            reward: cash,
        };
        assert_eq!(ranks_label(&range), "2nd–10th");
    }
}
