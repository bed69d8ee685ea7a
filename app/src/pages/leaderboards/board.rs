//! `/leaderboards/:id`: one board for players: the live top table, my rank
//! and the rows around me, Join for opt-in boards, the countdown to the
//! period's end, prizes, terms and past winners.
//!
//! Rules:
//! - The page loads once; afterwards the table follows `leaderboard.changed`
//!   on `leaderboard:{id}` (the top 10, at most once a second) and my rank
//!   follows `leaderboard.rank_changed` on `player:{id}`, without a reload.
//! - A pushed top replaces the table's first rows at once; rows below the
//!   top are then fetched again, at most every [`TAIL_SYNC_SECS`], so a
//!   player who left the top reappears where they now stand.
//! - The caller's own row is marked by the server (`me`); in a pushed top,
//!   where `me` is always false, by the caller's display name.

use std::collections::HashSet;

use domain::api::leaderboard::{
    LeaderboardChanged, LeaderboardStatus, MyRank, RankChanged, RankRow,
};
use domain::events::{EventKind, Topic};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::{
    Countdown, PeriodDates, PrizeTable, RankTable, metric_help_in, metric_label_in, prize_label_in,
    recurrence_label_in, score_text_in, status_pill_in, use_server_clock,
};
use crate::api::leaderboards::{
    BoardPage, LeaderboardJoin, MyPlace, PastPeriod, leaderboard_my_place, leaderboard_page,
    leaderboard_standings,
};
use crate::components::{BUTTON_PRIMARY, CARD, Loading};
use crate::format::LocalTime;
use crate::i18n::{Locale, Msg, RewardsMsg, messages, use_locale};
use crate::pages::backoffice::guarded;
use crate::session::use_session;

/// Least time between two fetches of the rows below a pushed top.
pub const TAIL_SYNC_SECS: f64 = 5.0;

/// The table after a pushed `top`: the pushed rows, marked for `me` by
/// name, then the rows below the top that are not in it.
pub fn merge_top(rows: &[RankRow], top: &[RankRow], me: Option<&str>) -> Vec<RankRow> {
    let names: HashSet<&str> = top.iter().map(|r| r.player.as_str()).collect();
    let cut = top.last().map_or(0, |r| r.rank);
    top.iter()
        .map(|r| RankRow {
            me: me == Some(r.player.as_str()),
            ..r.clone()
        })
        .chain(
            rows.iter()
                .filter(|r| r.rank > cut && !names.contains(r.player.as_str()))
                .cloned(),
        )
        .collect()
}

/// How a rank moved, in words: `Up 2 places`, `Down 1 place`, `New`.
pub fn movement(rank: Option<u64>, previous: Option<u64>) -> Option<String> {
    movement_in(Locale::En, rank, previous)
}

/// [`movement`] in `locale`.
pub fn movement_in(locale: Locale, rank: Option<u64>, previous: Option<u64>) -> Option<String> {
    match (rank, previous) {
        (Some(_), None) => Some(locale.t(RewardsMsg::NewOnBoard).to_owned()),
        (Some(r), Some(p)) if r < p => Some(messages::rank_moved(locale, true, p - r)),
        (Some(r), Some(p)) if r > p => Some(messages::rank_moved(locale, false, r - p)),
        _ => None,
    }
}

/// `/leaderboards/:id`.
#[component]
pub fn LeaderboardPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let session = use_session();
    let data = crate::resource::resource(
        move || (id(), session.revision()),
        |(id, _)| leaderboard_page(id),
    );
    view! {
        <Title text=l.t(RewardsMsg::LeaderboardTitle)/>
        <p class="text-sm">
            <A href="/leaderboards" attr:class="text-emerald-300 underline-offset-2 hover:underline">{l.t(RewardsMsg::BackToLeaderboards)}</A>
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(data.await, move |found| match found {
                    None => view! {
                        <p class=format!("{CARD} mt-4 text-slate-300") data-testid="board-missing">{l.t(RewardsMsg::NoSuchLeaderboard)}</p>
                    }
                    .into_any(),
                    Some(page) => view! { <Board page/> }.into_any(),
                })
            })}
        </Transition>
    }
    .into_any()
}

/// Live state of one open board page.
#[derive(Clone, Copy)]
struct LiveBoard {
    id: Uuid,
    rows: RwSignal<Vec<RankRow>>,
    place: RwSignal<MyPlace>,
    /// The latest pushed move of my rank: (rank, previous).
    moved: RwSignal<Option<(Option<u64>, Option<u64>)>>,
    /// When the rows below the top were last fetched (monotonic ms).
    tail_synced: StoredValue<f64>,
}

impl LiveBoard {
    /// My display name, from my row in the table or around me.
    fn my_name(&self) -> Option<String> {
        let find = |rows: &Vec<RankRow>| rows.iter().find(|r| r.me).map(|r| r.player.clone());
        self.place
            .with_untracked(|p| find(&p.around))
            .or_else(|| self.rows.with_untracked(find))
    }

    /// Fetches my place again (browser only).
    fn reload_place(self) {
        leptos::task::spawn_local(async move {
            if let Ok(place) = leaderboard_my_place(self.id.to_string()).await {
                let name = place.around.iter().find(|r| r.me).map(|r| r.player.clone());
                self.place.set(place);
                // A pushed top cannot mark my row: mark it by my name.
                if let Some(name) = name {
                    self.rows.update(|rows| {
                        for r in rows.iter_mut() {
                            r.me = r.player == name;
                        }
                    });
                }
            }
        });
    }

    /// Applies a pushed top; fetches the rows below it when it is time.
    fn apply_top(self, top: &[RankRow]) {
        let me = self.my_name();
        self.rows
            .update(|rows| *rows = merge_top(rows, top, me.as_deref()));
        let has_tail = self.rows.with_untracked(|r| r.len() > top.len());
        let now = super::monotonic_ms();
        if has_tail && now - self.tail_synced.get_value() >= TAIL_SYNC_SECS * 1000.0 {
            self.tail_synced.set_value(now);
            leptos::task::spawn_local(async move {
                if let Ok(Some(s)) = leaderboard_standings(self.id.to_string()).await {
                    self.rows.set(s.items);
                }
            });
        }
    }
}

/// Subscribes the page to its board's topic and to the player's own.
fn follow(live: LiveBoard, player: Option<Uuid>, ranked_or_player: bool) {
    let id = live.id;
    crate::live::use_live_events(
        move || Some(Topic::Leaderboard(id)),
        move |event| {
            if let Some(c) = event.read::<LeaderboardChanged>(EventKind::LeaderboardChanged)
                && c.leaderboard_id == id
            {
                live.apply_top(&c.top);
                if ranked_or_player {
                    live.reload_place();
                }
            }
        },
    );
    crate::live::use_live_events(
        move || player.map(Topic::Player),
        move |event| {
            if let Some(c) = event.read::<RankChanged>(EventKind::LeaderboardRankChanged)
                && c.leaderboard_id == id
            {
                live.place.update(|p| {
                    p.me = c.rank.map(|rank| MyRank {
                        rank,
                        score: c.score.clone(),
                    });
                });
                live.moved.set(Some((c.rank, c.previous_rank)));
                live.reload_place();
            }
        },
    );
}

/// One loaded board.
#[component]
fn Board(page: BoardPage) -> impl IntoView {
    let l = use_locale();
    let board = page.board.clone();
    let id = board.leaderboard_id;
    let metric = page.standings.metric;
    let currency = board.currency.clone();
    let player: Option<Uuid> = page.player_id.as_deref().and_then(|p| p.parse().ok());
    let now = use_server_clock(&page.now);
    let finished = board.status == LeaderboardStatus::Closed;
    let live = LiveBoard {
        id,
        rows: RwSignal::new(page.standings.items.clone()),
        place: RwSignal::new(MyPlace {
            me: page.standings.me.clone(),
            around: page.around.clone(),
        }),
        moved: RwSignal::new(None),
        tail_synced: StoredValue::new(f64::MIN),
    };
    follow(live, player, player.is_some());
    let topics = crate::live::use_live_topics();
    let topic_name = StoredValue::new(Topic::Leaderboard(id).to_string());
    let live_now = move || topics.is_some_and(|t| topic_name.with_value(|n| t.is_subscribed(n)));
    view! {
        <header class="mt-2">
            <div class="flex flex-wrap items-center gap-3">
                <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl" data-testid="board-name">{board.name.clone()}</h1>
                {status_pill_in(l, board.status)}
            </div>
            <p class="mt-1 text-sm text-slate-300">
                {format!("{} · {}", metric_label_in(l, metric), recurrence_label_in(l, board.recurrence))}
            </p>
            {board.period.map(|p| view! {
                <p class="mt-2 text-base"><Countdown period=p now finished locale=l/></p>
                <p class="mt-1 text-xs"><PeriodDates period=p/></p>
            })}
        </header>
        <div class="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
            <div class="min-w-0 space-y-6 lg:col-span-2">
                <MyRankCard live board=page.board.clone() player=player.is_some() signed_in=page.player_id.is_some() currency=currency.clone()/>
                <section aria-labelledby="top-title" class=format!("{CARD} p-0 sm:p-0")>
                    <div class="flex flex-wrap items-center justify-between gap-2 px-4 pt-4 sm:px-5">
                        <h2 id="top-title" class="text-lg font-semibold text-white">{l.t(RewardsMsg::Standings)}</h2>
                        <span
                            class="text-xs text-slate-400"
                            data-testid="board-live"
                            data-live=move || live_now().to_string()
                        >
                            {move || l.t(if live_now() { RewardsMsg::LiveDot } else { RewardsMsg::Connecting })}
                        </span>
                    </div>
                    {move || {
                        if live.rows.with(Vec::is_empty) {
                            view! {
                                <p class="px-4 pb-4 pt-2 text-sm text-slate-400 sm:px-5" data-testid="board-empty">
                                    {l.t(RewardsMsg::NobodyScored)}
                                </p>
                            }
                            .into_any()
                        } else {
                            ().into_any()
                        }
                    }}
                    <div class="mt-2 overflow-x-auto">
                        <RankTable rows=live.rows metric currency=currency.clone() caption=l.t(RewardsMsg::StandingsCaption) testid="board-table" locale=l/>
                    </div>
                </section>
                <PastWinners past=page.past.clone() metric currency=currency.clone()/>
            </div>
            <aside class="min-w-0 space-y-6">
                <section class=CARD aria-labelledby="prizes-title">
                    <h2 id="prizes-title" class="text-lg font-semibold text-white">{l.t(RewardsMsg::Prizes)}</h2>
                    <div class="mt-2"><PrizeTable prizes=board.prizes.clone() currency=currency.clone() locale=l/></div>
                </section>
                <Terms board=page.board.clone()/>
            </aside>
        </div>
    }
    .into_any()
}

/// My rank, how it moved, the rows around me, and Join where it applies.
#[component]
fn MyRankCard(
    live: LiveBoard,
    board: domain::api::leaderboard::LeaderboardView,
    /// The caller is a signed-in player.
    player: bool,
    /// The caller is signed in (player or staff).
    signed_in: bool,
    currency: String,
) -> impl IntoView {
    let l = use_locale();
    let join = ServerAction::<LeaderboardJoin>::new();
    let joined = move || matches!(join.value().get(), Some(Ok(ref r)) if r.ok);
    let metric = board.metric;
    let id = board.leaderboard_id.to_string();
    let can_join = board.opt_in && board.status != LeaderboardStatus::Closed;
    // A join scores from now on: fetch my place again once it answers.
    Effect::new(move |_| {
        if join.version().get() > 0 {
            live.reload_place();
        }
    });
    let currency = StoredValue::new(currency);
    let around = Signal::derive(move || live.place.with(|p| p.around.clone()));
    let rank_text = move || {
        live.place.with(|p| match &p.me {
            Some(me) => format!("#{}", me.rank),
            None => l.t(RewardsMsg::NotRankedYet).to_owned(),
        })
    };
    let rank_attr = move || {
        live.place
            .with(|p| p.me.as_ref().map(|m| m.rank.to_string()))
    };
    let score = move || {
        live.place.with(|p| {
            p.me.as_ref()
                .map(|m| currency.with_value(|c| score_text_in(l, metric, &m.score, c)))
        })
    };
    let join_area = move || {
        if !player {
            return ().into_any();
        }
        if !can_join {
            return ().into_any();
        }
        if joined() || live.place.with(|p| p.me.is_some()) {
            return view! {
                <span class="rounded-full bg-emerald-400/15 px-3 py-1 text-sm font-semibold text-emerald-300" data-testid="board-joined">
                    {l.t(Msg::YouAreIn)}
                </span>
            }
            .into_any();
        }
        let id = id.clone();
        view! {
            <button
                type="button"
                class=BUTTON_PRIMARY
                data-testid="board-join"
                disabled=move || join.pending().get()
                on:click=move |_| {
                    join.dispatch(LeaderboardJoin { leaderboard_id: id.clone() });
                }
            >
                {l.t(RewardsMsg::JoinLeaderboard)}
            </button>
        }
        .into_any()
    };
    let notice = move || {
        join.value().get().map(|r| {
            let (ok, message) = match r {
                Ok(r) => (r.ok, r.message),
                Err(_) => (false, l.t(Msg::SomethingWrong).to_owned()),
            };
            view! {
                <p role=if ok { "status" } else { "alert" } data-testid="board-notice"
                    class=if ok { "mt-2 text-sm text-emerald-300" } else { "mt-2 text-sm text-rose-300" }>
                    {message}
                </p>
            }
        })
    };
    let intro = if player {
        None
    } else if signed_in {
        Some(
            view! { <p class="mt-1 text-sm text-slate-400">{l.t(RewardsMsg::StaffNoPart)}</p> }
                .into_any(),
        )
    } else {
        Some(view! {
            <p class="mt-1 text-sm text-slate-400">
                <A href="/login" attr:class="text-emerald-300 underline">{l.t(Msg::LogIn)}</A>
                {l.t(if board.opt_in { RewardsMsg::ToJoinAndSeeRank } else { RewardsMsg::ToSeeRank })}
            </p>
        }.into_any())
    };
    view! {
        <section class=CARD aria-labelledby="me-title" data-testid="my-rank-card">
            <div class="flex flex-wrap items-start justify-between gap-3">
                <div>
                    <h2 id="me-title" class="text-sm font-semibold uppercase tracking-wider text-slate-400">{l.t(RewardsMsg::YourRank)}</h2>
                    {intro}
                    {player.then(|| view! {
                        <p class="mt-1 text-3xl font-bold tabular-nums text-white" aria-live="polite" aria-atomic="true">
                            <span data-testid="my-rank" data-rank=rank_attr>{rank_text}</span>
                            {move || score().map(|s| view! {
                                <span class="ml-3 text-base font-semibold text-slate-300" data-testid="my-score">{s}</span>
                            })}
                        </p>
                        <p class="text-sm text-emerald-300" data-testid="my-move">
                            {move || live.moved.get().and_then(|(r, p)| movement_in(l, r, p))}
                        </p>
                    })}
                </div>
                <div>{join_area}</div>
            </div>
            <div aria-live="polite">{notice}</div>
            {move || (!around.with(Vec::is_empty)).then(|| view! {
                <h3 class="mt-4 text-sm font-semibold text-slate-200">{l.t(RewardsMsg::AroundYou)}</h3>
                <div class="mt-1 overflow-x-auto">
                    <RankTable rows=around metric currency=currency.get_value() caption=l.t(RewardsMsg::PlayersAroundYou) testid="around-me" locale=l/>
                </div>
            })}
        </section>
    }
    .into_any()
}

/// The board's terms: what scores, where, from which stake, how many.
#[component]
fn Terms(board: domain::api::leaderboard::LeaderboardView) -> impl IntoView {
    let l = use_locale();
    let verticals = if board.verticals.is_empty() {
        l.t(RewardsMsg::SportsbookAndCasino).to_owned()
    } else {
        board
            .verticals
            .iter()
            .map(|v| match v.as_str() {
                "sportsbook" => l.t(RewardsMsg::Sportsbook),
                "casino" => l.t(Msg::Casino),
                other => other,
            })
            .collect::<Vec<_>>()
            .join(l.t(RewardsMsg::And))
    };
    let mut rows = vec![
        (
            l.t(RewardsMsg::HowItScores),
            metric_help_in(l, board.metric).to_owned(),
        ),
        (l.t(RewardsMsg::Counts), verticals),
        (
            l.t(RewardsMsg::Runs),
            format!(
                "{} ({})",
                recurrence_label_in(l, board.recurrence),
                board.timezone
            ),
        ),
    ];
    if let Some(min) = &board.min_stake {
        rows.push((
            l.t(RewardsMsg::SmallestStake),
            crate::format::money(min, &board.currency),
        ));
    }
    if let Some(max) = board.max_participants {
        rows.push((l.t(RewardsMsg::Places), messages::up_to_players(l, max)));
    }
    rows.push((
        l.t(RewardsMsg::TakingPart),
        l.t(if board.opt_in {
            RewardsMsg::JoinFirst
        } else {
            RewardsMsg::Automatic
        })
        .to_owned(),
    ));
    rows.push((l.t(RewardsMsg::Ties), l.t(RewardsMsg::TiesRule).to_owned()));
    view! {
        <section class=CARD aria-labelledby="terms-title">
            <h2 id="terms-title" class="text-lg font-semibold text-white">{l.t(RewardsMsg::TermsTitle)}</h2>
            <dl class="mt-2 divide-y divide-slate-800 text-sm">
                {rows
                    .into_iter()
                    .map(|(k, v)| view! {
                        <div class="py-2">
                            <dt class="text-slate-400">{k}</dt>
                            <dd class="text-slate-200">{v}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        </section>
    }
    .into_any()
}

/// Winners of the latest closed periods.
#[component]
fn PastWinners(
    past: Vec<PastPeriod>,
    metric: domain::api::leaderboard::Metric,
    currency: String,
) -> impl IntoView {
    let l = use_locale();
    view! {
        <section aria-labelledby="past-title" data-testid="past-winners">
            <h2 id="past-title" class="text-lg font-semibold text-white">{l.t(RewardsMsg::PastWinners)}</h2>
            {if past.is_empty() {
                view! { <p class="mt-1 text-sm text-slate-400">{l.t(RewardsMsg::NoPeriodFinished)}</p> }.into_any()
            } else {
                past.into_iter()
                    .map(|p| {
                        let currency = currency.clone();
                        view! {
                            <div class=format!("{CARD} mt-3 p-0 sm:p-0") data-testid="past-period">
                                <p class="px-4 pt-3 text-sm text-slate-300 sm:px-5">
                                    {l.t(RewardsMsg::PeriodEnded)}
                                    <LocalTime at=p.period.ends_at.to_rfc3339()/>
                                </p>
                                <div class="overflow-x-auto">
                                    <table class="w-full text-left text-sm">
                                        <caption class="sr-only">{l.t(RewardsMsg::WinnersCaption)}</caption>
                                        <thead class="text-xs uppercase tracking-wider text-slate-500">
                                            <tr>
                                                <th scope="col" class=format!("{} text-right", super::TH)>{l.t(RewardsMsg::Rank)}</th>
                                                <th scope="col" class=super::TH>{l.t(RewardsMsg::Player)}</th>
                                                <th scope="col" class=format!("{} text-right", super::TH)>{l.t(RewardsMsg::Score)}</th>
                                                <th scope="col" class=super::TH>{l.t(RewardsMsg::Prize)}</th>
                                            </tr>
                                        </thead>
                                        <tbody class="divide-y divide-slate-800">
                                            {p.winners
                                                .into_iter()
                                                .map(|w| view! {
                                                    <tr data-testid="past-winner">
                                                        <td class=format!("{} text-right font-semibold tabular-nums text-slate-100", super::TD)>{w.rank}</td>
                                                        <td class=format!("{} break-all", super::TD)>{w.player.clone()}</td>
                                                        <td class=format!("{} whitespace-nowrap text-right tabular-nums", super::TD)>{score_text_in(l, metric, &w.score, &currency)}</td>
                                                        <td class=super::TD>{prize_label_in(l, &w.reward, &currency)}</td>
                                                    </tr>
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(rank: u64, player: &str, score: &str) -> RankRow {
        RankRow {
            rank,
            player: player.into(),
            score: score.into(),
            me: false,
        }
    }

    #[test]
    fn a_pushed_top_replaces_the_head_and_drops_its_players_from_the_tail() {
        let rows = vec![row(1, "ann", "9"), row(2, "bob", "8"), row(3, "cy", "7")];
        let top = vec![row(1, "cy", "12"), row(2, "ann", "9")];
        let merged = merge_top(&rows, &top, Some("cy"));
        let names: Vec<&str> = merged.iter().map(|r| r.player.as_str()).collect();
        assert_eq!(names, ["cy", "ann"]);
        assert!(merged[0].me);
        assert!(!merged[1].me);
    }

    #[test]
    fn rows_below_the_pushed_top_stay() {
        let rows = vec![row(1, "ann", "9"), row(2, "bob", "8"), row(3, "cy", "7")];
        let top = vec![row(1, "bob", "10")];
        let merged = merge_top(&rows, &top, None);
        let names: Vec<&str> = merged.iter().map(|r| r.player.as_str()).collect();
        assert_eq!(names, ["bob", "cy"]);
    }

    #[test]
    fn rank_moves_read_in_words() {
        assert_eq!(movement(Some(3), Some(5)).as_deref(), Some("Up 2 places"));
        assert_eq!(movement(Some(4), Some(3)).as_deref(), Some("Down 1 place"));
        assert_eq!(movement(Some(1), None).as_deref(), Some("New on the board"));
        assert_eq!(movement(Some(2), Some(2)), None);
        assert_eq!(movement(None, Some(2)), None);
    }
}
