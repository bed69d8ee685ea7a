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
use crate::i18n::{Locale, Msg, RewardsMsg, messages, use_locale};
use crate::pages::backoffice::guarded;

/// Table header and cell classes.
pub(crate) const TH: &str = "px-3 py-2.5 sm:px-4";
pub(crate) const TD: &str = "px-3 py-2.5 align-top text-slate-300 sm:px-4";

/// What a metric ranks by, in words (English, as the back office shows it).
pub fn metric_label(metric: Metric) -> &'static str {
    metric_label_in(Locale::En, metric)
}

/// [`metric_label`] in `locale`.
pub fn metric_label_in(locale: Locale, metric: Metric) -> &'static str {
    locale.t(match metric {
        Metric::Wagered => RewardsMsg::MetricWagered,
        Metric::NetWin => RewardsMsg::MetricNetWin,
        Metric::BiggestMultiplier => RewardsMsg::MetricMultiplier,
        Metric::LoginStreak => RewardsMsg::MetricLoginStreak,
        Metric::GameDiversity => RewardsMsg::MetricDiversity,
        Metric::Points => RewardsMsg::MetricPoints,
    })
}

/// How a metric scores, for players (English).
pub fn metric_help(metric: Metric) -> &'static str {
    metric_help_in(Locale::En, metric)
}

/// [`metric_help`] in `locale`.
pub fn metric_help_in(locale: Locale, metric: Metric) -> &'static str {
    locale.t(match metric {
        Metric::Wagered => RewardsMsg::HelpWagered,
        Metric::NetWin => RewardsMsg::HelpNetWin,
        Metric::BiggestMultiplier => RewardsMsg::HelpMultiplier,
        Metric::LoginStreak => RewardsMsg::HelpLoginStreak,
        Metric::GameDiversity => RewardsMsg::HelpDiversity,
        Metric::Points => RewardsMsg::HelpPoints,
    })
}

/// A score with its unit: `€12.50`, `3.40×`, `4 days` (English units).
pub fn score_text(metric: Metric, score: &str, currency: &str) -> String {
    score_text_in(Locale::En, metric, score, currency)
}

/// [`score_text`] with `locale`'s units.
pub fn score_text_in(locale: Locale, metric: Metric, score: &str, currency: &str) -> String {
    match metric {
        Metric::Wagered | Metric::NetWin => money(score, currency),
        Metric::BiggestMultiplier => format!("{score}×"),
        Metric::LoginStreak => messages::score_unit(locale, score, "day"),
        Metric::GameDiversity => messages::score_unit(locale, score, "game"),
        Metric::Points => messages::score_unit(locale, score, "pts"),
    }
}

/// How often a board restarts, in words (English).
pub fn recurrence_label(recurrence: Recurrence) -> &'static str {
    recurrence_label_in(Locale::En, recurrence)
}

/// [`recurrence_label`] in `locale`.
pub fn recurrence_label_in(locale: Locale, recurrence: Recurrence) -> &'static str {
    locale.t(match recurrence {
        Recurrence::Once => RewardsMsg::RecurOnce,
        Recurrence::Daily => RewardsMsg::RecurDaily,
        Recurrence::Weekly => RewardsMsg::RecurWeekly,
        Recurrence::Monthly => RewardsMsg::RecurMonthly,
    })
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
pub fn ordinal(n: i64) -> String {
    messages::ordinal(Locale::En, n)
}

/// The ranks a prize pays: `1st`, `2nd–10th` (English).
pub fn ranks_label(p: &PrizeRange) -> String {
    ranks_label_in(Locale::En, p)
}

/// [`ranks_label`] in `locale`.
pub fn ranks_label_in(locale: Locale, p: &PrizeRange) -> String {
    if p.from_rank == p.to_rank {
        messages::ordinal(locale, p.from_rank)
    } else {
        format!(
            "{}–{}",
            messages::ordinal(locale, p.from_rank),
            messages::ordinal(locale, p.to_rank)
        )
    }
}

/// A prize in words: `€50.00 cash`, `20 free spins on slot at €0.20`
/// (English).
pub fn prize_label(r: &RewardSpec, currency: &str) -> String {
    prize_label_in(Locale::En, r, currency)
}

/// [`prize_label`] in `locale`.
pub fn prize_label_in(locale: Locale, r: &RewardSpec, currency: &str) -> String {
    let amount = money(&r.amount.clone().unwrap_or_default(), currency);
    let kind = r.kind.as_str();
    let (amount, extra, stake) = match kind {
        "bonus_money" => (
            amount,
            r.wagering_multiplier
                .clone()
                .filter(|w| w.trim() != "0")
                .unwrap_or_default(),
            String::new(),
        ),
        "free_spins" => (
            r.rounds.unwrap_or_default().to_string(),
            r.game_code.clone().unwrap_or_default(),
            money(&r.stake.clone().unwrap_or_default(), currency),
        ),
        "cashback" => (amount, r.percent.clone().unwrap_or_default(), String::new()),
        "coins" => (
            amount,
            r.coins.unwrap_or_default().to_string(),
            String::new(),
        ),
        "loyalty_points" => (
            amount,
            r.points.unwrap_or_default().to_string(),
            String::new(),
        ),
        _ => (amount, String::new(), String::new()),
    };
    messages::prize(locale, kind, &amount, &extra, &stake)
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

/// A board's status as a coloured pill (English).
pub fn status_pill(status: LeaderboardStatus) -> impl IntoView {
    status_pill_in(Locale::En, status)
}

/// [`status_pill`] in `locale`.
pub fn status_pill_in(locale: Locale, status: LeaderboardStatus) -> impl IntoView {
    let (label, class) = match status {
        LeaderboardStatus::Live => (RewardsMsg::BoardLive, "bg-emerald-400/15 text-emerald-300"),
        LeaderboardStatus::Scheduled => (RewardsMsg::BoardScheduled, "bg-sky-400/15 text-sky-200"),
        LeaderboardStatus::Closed => (RewardsMsg::BoardClosed, "bg-slate-700/60 text-slate-200"),
    };
    let label = locale.t(label);
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
    /// The language (English, as the back office, when not given).
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    let l = locale.unwrap_or_default();
    let (start, end) = (period.starts_at.timestamp(), period.ends_at.timestamp());
    let text = move || {
        let now = now.get();
        if finished {
            l.t(RewardsMsg::Finished).to_owned()
        } else if now < start {
            messages::starts_in(l, &countdown_text(start - now))
        } else if now < end {
            messages::ends_in(l, &countdown_text(end - now))
        } else {
            l.t(RewardsMsg::PeriodEndedSoon).to_owned()
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
pub fn PrizeTable(
    prizes: Vec<PrizeRange>,
    currency: String,
    /// The language (English, as the back office, when not given).
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    let l = locale.unwrap_or_default();
    if prizes.is_empty() {
        return view! { <p class="text-sm text-slate-400">{l.t(RewardsMsg::NoPrizes)}</p> }
            .into_any();
    }
    view! {
        <div class="overflow-x-auto">
        <table class="w-full text-left text-sm" data-testid="prize-table">
            <caption class="sr-only">{l.t(RewardsMsg::PrizesByRank)}</caption>
            <thead class="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    <th scope="col" class=TH>{l.t(RewardsMsg::Rank)}</th>
                    <th scope="col" class=TH>{l.t(RewardsMsg::PrizeEach)}</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-800">
                {prizes
                    .into_iter()
                    .map(|p| view! {
                        <tr data-testid="prize-row">
                            <td class=format!("{TD} whitespace-nowrap font-semibold text-slate-100")>{ranks_label_in(l, &p)}</td>
                            <td class=TD>{prize_label_in(l, &p.reward, &currency)}</td>
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
    /// The language (English, as the back office, when not given).
    #[prop(optional)]
    locale: Option<Locale>,
) -> impl IntoView {
    let l = locale.unwrap_or_default();
    let currency = StoredValue::new(currency);
    view! {
        <div class="overflow-x-auto">
        <table class="w-full text-left text-sm" data-testid=testid>
            <caption class="sr-only">{caption}</caption>
            <thead class="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    <th scope="col" class=format!("{TH} w-16 text-right")>{l.t(RewardsMsg::Rank)}</th>
                    <th scope="col" class=TH>{l.t(RewardsMsg::Player)}</th>
                    <th scope="col" class=format!("{TH} text-right")>{l.t(RewardsMsg::Score)}</th>
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
                            {r.me.then(|| view! { <span class="ml-2 rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300">{l.t(RewardsMsg::You)}</span> })}
                        </td>
                        <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>
                            {currency.with_value(|c| score_text_in(l, metric, &r.score, c))}
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
    let l = use_locale();
    let list = crate::resource::resource(|| (), |_| leaderboards_list());
    view! {
        <Title text=l.t(RewardsMsg::LeaderboardsTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::Leaderboards)}</h1>
        <p class="mt-2 text-sm text-slate-400">
            {l.t(RewardsMsg::LeaderboardsIntro)}
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(list.await, move |list| {
                    if list.items.is_empty() {
                        return view! {
                            <p class=format!("{CARD} mt-6 text-sm text-slate-300") data-testid="leaderboards-empty">
                                {l.t(RewardsMsg::NoLeaderboards)}
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
    let l = use_locale();
    let href = format!("/leaderboards/{}", b.leaderboard_id);
    let title_id = format!("board-{}", b.leaderboard_id);
    let top_prize = b.prizes.iter().min_by_key(|p| p.from_rank).map(|p| {
        format!(
            "{}: {}",
            ranks_label_in(l, p),
            prize_label_in(l, &p.reward, &currency)
        )
    });
    let (name, title_ref) = (b.name.clone(), title_id.clone());
    view! {
        <li class=CARD data-testid="leaderboard-card" data-name=b.name.clone() aria-labelledby=title_id>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id=title_ref class="text-lg font-semibold text-white">
                    <A href=href.clone() attr:class="hover:text-emerald-300 hover:underline">{name}</A>
                </h2>
                {status_pill_in(l, b.status)}
            </div>
            <p class="mt-1 text-sm text-slate-300">{metric_label_in(l, b.metric)}</p>
            {b.period.map(|p| view! {
                <p class="mt-2 text-sm"><Countdown period=p now locale=l/></p>
                <p class="mt-1 text-xs"><PeriodDates period=p/></p>
            })}
            {top_prize.map(|t| view! { <p class="mt-2 text-sm text-slate-300"><span class="font-semibold text-slate-200">{l.t(RewardsMsg::TopPrize)}</span>{t}</p> })}
            {b.opt_in.then(|| view! { <p class="mt-1 text-xs text-sky-200">{l.t(RewardsMsg::JoinOnBoardPage)}</p> })}
            <div class="mt-4">
                <A href=href attr:class="text-sm font-semibold text-emerald-300 underline-offset-2 hover:underline" attr:data-testid="leaderboard-open">
                    {l.t(RewardsMsg::ViewTable)}
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
