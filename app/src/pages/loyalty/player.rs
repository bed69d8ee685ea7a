//! `/loyalty`: the player's points, coins, tier with its benefits, the
//! progress to the next tier, the tier ladder, the loyalty card and the
//! history.
//!
//! Rules:
//! - The page loads once; afterwards `loyalty.changed` on `player:{id}`
//!   (the tab's one websocket) updates points and coins at once and
//!   fetches the status (tier, progress) and the newest history again.
//! - The history pages backwards with the server's cursor ("Show more");
//!   entries are never duplicated when a pushed change refreshes the top.
//! - The card number is shown in groups of four beside its QR code, drawn
//!   on the server; without a verified identity "Get my card" explains why
//!   and links to the verification.

use domain::api::loyalty::{LoyaltyStatus, LoyaltyTransaction, TierSpec};
use domain::events::{EventKind, LoyaltyChanged, Topic};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use uuid::Uuid;

use super::{
    NotAPlayer, benefits_in as benefits, card_groups, coins_text_in, grouped_in, points_text_in,
    progress,
};
use crate::api::loyalty::{
    CardView, LoyaltyIssueCard, PlayerLoyalty, loyalty_history, loyalty_now, loyalty_overview,
};
use crate::components::qr::QrImage;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::format::LocalTime;
use crate::i18n::{Msg, RewardsMsg, messages, use_locale};
use crate::pages::backoffice::guarded;
use crate::session::use_session;

/// Table header and cell classes.
const TH: &str = "px-3 py-2.5 sm:px-4";
const TD: &str = "px-3 py-2.5 align-top text-slate-300 sm:px-4";

/// `/loyalty`.
#[component]
pub fn LoyaltyPage() -> impl IntoView {
    let l = use_locale();
    let session = use_session();
    let data = crate::resource::resource(move || session.revision(), |_| loyalty_overview());
    view! {
        <Title text=l.t(RewardsMsg::LoyaltyTitle)/>
        <div class="flex flex-wrap items-end justify-between gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::Loyalty)}</h1>
            <A href="/loyalty/store" attr:class=BUTTON_SECONDARY attr:data-testid="open-store">{l.t(RewardsMsg::RewardsStoreLink)}</A>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(data.await, |page| match page.player {
                    Some(player) => view! { <Dashboard page=*player/> }.into_any(),
                    None => view! { <NotAPlayer viewer=page.viewer what=RewardsMsg::LoyaltyPages/> }.into_any(),
                })
            })}
        </Transition>
    }
    .into_any()
}

/// Live state of the player's page.
#[derive(Clone, Copy)]
struct Live {
    status: RwSignal<LoyaltyStatus>,
    history: RwSignal<Vec<LoyaltyTransaction>>,
    next_cursor: RwSignal<Option<String>>,
}

impl Live {
    /// Fetches the status and the newest history entries again (browser).
    fn refresh(self) {
        leptos::task::spawn_local(async move {
            if let Ok(status) = loyalty_now().await {
                self.status.set(status);
            }
            if let Ok(page) = loyalty_history(String::new()).await {
                self.history.update(|rows| {
                    let fresh: Vec<LoyaltyTransaction> = page
                        .items
                        .into_iter()
                        .filter(|t| !rows.iter().any(|r| r.id == t.id))
                        .collect();
                    rows.splice(0..0, fresh);
                });
            }
        });
    }
}

/// Follows `loyalty.changed` on the player's topic.
fn follow(live: Live, player: Option<Uuid>) {
    crate::live::use_live_events(
        move || player.map(Topic::Player),
        move |event| {
            if let Some(c) = event.read::<LoyaltyChanged>(EventKind::LoyaltyChanged) {
                live.status.update(|s| {
                    s.points = c.points;
                    s.coins = c.coins;
                });
                live.refresh();
            }
        },
    );
}

/// The loaded page of a player.
#[component]
fn Dashboard(page: PlayerLoyalty) -> impl IntoView {
    let l = use_locale();
    let live = Live {
        status: RwSignal::new(page.status.clone()),
        history: RwSignal::new(page.history.items.clone()),
        next_cursor: RwSignal::new(page.history.next_cursor.clone()),
    };
    follow(live, page.player_id.parse().ok());
    let topic = StoredValue::new(format!("player:{}", page.player_id));
    let topics = crate::live::use_live_topics();
    let live_now = move || topics.is_some_and(|t| topic.with_value(|n| t.is_subscribed(n)));
    let tiers = StoredValue::new(page.tiers.clone());
    view! {
        <p class="mt-1 text-xs text-slate-400" data-testid="loyalty-live" data-live=move || live_now().to_string()>
            {move || if live_now() { l.t(RewardsMsg::UpdatesLive) } else { "" }}
        </p>
        <div class="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-3">
            <div class="min-w-0 space-y-6 lg:col-span-2">
                <StatusCard live tiers/>
                <TierLadder live tiers/>
                <History live/>
            </div>
            <div class="min-w-0">
                <CardSection card=page.card.clone() kyc_verified=page.kyc_verified/>
            </div>
        </div>
    }
    .into_any()
}

/// Points, coins, tier, benefits and the progress bar.
#[component]
fn StatusCard(live: Live, tiers: StoredValue<Vec<TierSpec>>) -> impl IntoView {
    let l = use_locale();
    let status = live.status;
    let tier = move || status.with(|s| s.tier.clone());
    let perks = move || {
        status.with(|s| benefits(l, Some(&s.points_multiplier), s.cashback_percent.as_deref()))
    };
    let pays_cashback =
        move || status.with(|s| !benefits(l, None, s.cashback_percent.as_deref()).is_empty());
    let bar = move || status.with(|s| tiers.with_value(|t| progress(s, t)));
    view! {
        <section class=CARD aria-labelledby="balance-title" data-testid="loyalty-status">
            <h2 id="balance-title" class="sr-only">{l.t(RewardsMsg::YourPointsAndTier)}</h2>
            <dl class="grid grid-cols-2 gap-4 sm:grid-cols-3">
                <div>
                    <dt class="text-xs font-semibold uppercase tracking-wider text-slate-400">{l.t(RewardsMsg::PointsHeading)}</dt>
                    <dd class="mt-1 text-3xl font-bold tabular-nums text-white" data-testid="loyalty-points" aria-live="polite">
                        {move || grouped_in(l, status.with(|s| s.points))}
                    </dd>
                </div>
                <div>
                    <dt class="text-xs font-semibold uppercase tracking-wider text-slate-400">{l.t(Msg::RewardCoins)}</dt>
                    <dd class="mt-1 text-3xl font-bold tabular-nums text-white" data-testid="loyalty-coins" aria-live="polite">
                        {move || grouped_in(l, status.with(|s| s.coins))}
                    </dd>
                </div>
                <div class="col-span-2 sm:col-span-1">
                    <dt class="text-xs font-semibold uppercase tracking-wider text-slate-400">{l.t(RewardsMsg::Tier)}</dt>
                    <dd class="mt-1 text-2xl font-bold text-amber-200" data-testid="loyalty-tier" aria-live="polite">
                        {move || tier().unwrap_or_else(|| l.t(RewardsMsg::NoTierYet).to_owned())}
                    </dd>
                </div>
            </dl>
            {move || {
                let perks = perks();
                if perks.is_empty() {
                    view! { <p class="mt-4 text-sm text-slate-300">{l.t(RewardsMsg::EarnToClimb)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-4 list-inside list-disc space-y-1 text-sm text-slate-200" data-testid="tier-benefits">
                            {perks.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            {move || pays_cashback().then(|| view! {
                <p class="mt-2 text-sm text-slate-300" data-testid="cashback-schedule">
                    {l.t(RewardsMsg::CashbackSchedule)}
                </p>
            })}
            {move || status.with(|s| s.tier_override_until.map(|until| view! {
                <p class="mt-2 text-sm text-sky-200">{l.t(RewardsMsg::TierHeldUntil)} <LocalTime at=until.to_rfc3339()/> {l.t(Msg::FullStop)}</p>
            }))}
            {move || match bar() {
                Some((percent, remaining, next)) => view! {
                    <div class="mt-5">
                        <div class="flex flex-wrap justify-between gap-2 text-sm">
                            <span id="progress-label" class="text-slate-200">{messages::progress_to(l, &next)}</span>
                            <span class="tabular-nums text-slate-300" data-testid="tier-remaining">
                                {messages::to_go(l, &points_text_in(l, remaining))}
                            </span>
                        </div>
                        <div
                            class="mt-2 h-3 w-full overflow-hidden rounded-full bg-slate-800"
                            role="progressbar"
                            aria-labelledby="progress-label"
                            aria-valuemin="0"
                            aria-valuemax="100"
                            aria-valuenow=percent.to_string()
                            data-testid="tier-progress"
                        >
                            <div class="h-full rounded-full bg-emerald-400 transition-[width]" style=format!("width: {percent}%")></div>
                        </div>
                        <p class="mt-2 text-xs text-slate-400">
                            {status.with(|s| messages::earned_in_window(l, &points_text_in(l, s.qualifying_points)))}
                        </p>
                    </div>
                }
                .into_any(),
                None if status.with(|s| s.tier.is_some()) => view! {
                    <p class="mt-5 text-sm text-emerald-300" data-testid="tier-top">{l.t(RewardsMsg::TopTier)}</p>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </section>
    }
    .into_any()
}

/// Every tier with its threshold and benefits; the held one marked.
#[component]
fn TierLadder(live: Live, tiers: StoredValue<Vec<TierSpec>>) -> impl IntoView {
    let l = use_locale();
    if tiers.with_value(Vec::is_empty) {
        return ().into_any();
    }
    let rows = move || {
        let held = live.status.with(|s| s.tier.clone());
        tiers.with_value(|tiers| {
            tiers
                .iter()
                .map(|t| {
                    let mine = held.as_deref() == Some(t.name.as_str());
                    let perks = benefits(l, t.points_multiplier.as_deref(), t.cashback_percent.as_deref());
                    let perks = if perks.is_empty() { "—".to_owned() } else { perks.join("; ") };
                    view! {
                        <tr class=if mine { "bg-emerald-400/10" } else { "" } data-testid="tier-row" data-mine=mine.to_string()>
                            <th scope="row" class=format!("{TD} whitespace-nowrap text-left font-semibold text-slate-100")>
                                {t.name.clone()}
                                {mine.then(|| view! { <span class="ml-2 rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300">{l.t(RewardsMsg::You)}</span> })}
                            </th>
                            <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{points_text_in(l, t.threshold)}</td>
                            <td class=TD>{perks}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class=format!("{CARD} p-0 sm:p-0") aria-labelledby="tiers-title">
            <h2 id="tiers-title" class="px-4 pt-4 text-lg font-semibold text-white sm:px-5">{l.t(RewardsMsg::Tiers)}</h2>
            <div class="mt-2 overflow-x-auto">
                <table class="w-full text-left text-sm" data-testid="tier-ladder">
                    <caption class="sr-only">{l.t(RewardsMsg::TiersCaption)}</caption>
                    <thead class="text-xs uppercase tracking-wider text-slate-400">
                        <tr>
                            <th scope="col" class=TH>{l.t(RewardsMsg::Tier)}</th>
                            <th scope="col" class=format!("{TH} text-right")>{l.t(RewardsMsg::QualifyingPoints)}</th>
                            <th scope="col" class=TH>{l.t(RewardsMsg::Benefits)}</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-800">{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The points and coins history, newest first, with "Show more".
#[component]
fn History(live: Live) -> impl IntoView {
    let l = use_locale();
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let more = move |_| {
        let Some(cursor) = live.next_cursor.get_untracked() else {
            return;
        };
        loading.set(true);
        leptos::task::spawn_local(async move {
            match loyalty_history(cursor).await {
                Ok(page) => {
                    live.history.update(|rows| {
                        for t in page.items {
                            if !rows.iter().any(|r| r.id == t.id) {
                                rows.push(t);
                            }
                        }
                    });
                    live.next_cursor.set(page.next_cursor);
                    failed.set(false);
                }
                Err(_) => failed.set(true),
            }
            loading.set(false);
        });
    };
    let empty = Memo::new(move |_| live.history.with(Vec::is_empty));
    view! {
        <section class=format!("{CARD} p-0 sm:p-0") aria-labelledby="history-title">
            <h2 id="history-title" class="px-4 pt-4 text-lg font-semibold text-white sm:px-5">{l.t(Msg::History)}</h2>
            {move || if empty.get() {
                view! { <p class="px-4 pb-4 pt-2 text-sm text-slate-300 sm:px-5" data-testid="history-empty">{l.t(RewardsMsg::NoPointsYet)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-2 overflow-x-auto">
                        <table class="w-full text-left text-sm" data-testid="loyalty-history">
                            <caption class="sr-only">{l.t(RewardsMsg::PointsCaption)}</caption>
                            <thead class="text-xs uppercase tracking-wider text-slate-400">
                                <tr>
                                    <th scope="col" class=TH>{l.t(Msg::When)}</th>
                                    <th scope="col" class=TH>{l.t(Msg::What)}</th>
                                    <th scope="col" class=format!("{TH} text-right")>{l.t(RewardsMsg::Change)}</th>
                                    <th scope="col" class=format!("{TH} text-right max-sm:hidden")>{l.t(Msg::Balance)}</th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-800">
                                <For each=move || live.history.get() key=|t| t.id let:t>
                                    <HistoryRow t/>
                                </For>
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <div class="flex flex-wrap items-center gap-3 px-4 py-4 sm:px-5">
                {move || live.next_cursor.with(Option::is_some).then(|| view! {
                    <button type="button" class=BUTTON_SECONDARY data-testid="history-more" disabled=move || loading.get() on:click=more>
                        {move || if loading.get() { l.t(Msg::Loading) } else { l.t(RewardsMsg::ShowMore) }}
                    </button>
                })}
                {move || failed.get().then(|| view! {
                    <p role="alert" class="text-sm text-rose-300">{l.t(RewardsMsg::HistoryNotLoaded)}</p>
                })}
            </div>
        </section>
    }
    .into_any()
}

/// One history entry.
#[component]
fn HistoryRow(t: LoyaltyTransaction) -> impl IntoView {
    let l = use_locale();
    let coins = t.unit == "coins";
    let delta = if coins { t.coins } else { t.points };
    let change = format!(
        "{}{}",
        if delta > 0 { "+" } else { "" },
        if coins {
            coins_text_in(l, delta)
        } else {
            points_text_in(l, delta)
        }
    );
    let balance = if coins {
        coins_text_in(l, t.balance_after)
    } else {
        points_text_in(l, t.balance_after)
    };
    let colour = if delta >= 0 {
        "text-emerald-300"
    } else {
        "text-rose-300"
    };
    view! {
        <tr data-testid="history-row">
            <td class=format!("{TD} whitespace-nowrap")><LocalTime at=t.created_at.to_rfc3339()/></td>
            <td class=format!("{TD} break-words")>{t.reason.clone()}</td>
            <td class=format!("{TD} whitespace-nowrap text-right font-semibold tabular-nums {colour}")>{change}</td>
            <td class=format!("{TD} whitespace-nowrap text-right tabular-nums max-sm:hidden")>{balance}</td>
        </tr>
    }
    .into_any()
}

/// The loyalty card: its number and QR code, or "Get my card".
#[component]
fn CardSection(card: Option<CardView>, kyc_verified: bool) -> impl IntoView {
    let l = use_locale();
    let issue = ServerAction::<LoyaltyIssueCard>::new();
    let issued = move || {
        issue
            .value()
            .get()
            .and_then(Result::ok)
            .and_then(|r| r.card)
            .or_else(|| card.clone())
    };
    let refusal = move || {
        issue.value().get().and_then(|r| match r {
            Ok(r) if !r.ok => Some((r.code, r.message)),
            Ok(_) => None,
            Err(_) => Some((None, l.t(Msg::SomethingWrong).to_owned())),
        })
    };
    view! {
        <section class=CARD aria-labelledby="card-title" data-testid="loyalty-card">
            <h2 id="card-title" class="text-lg font-semibold text-white">{l.t(RewardsMsg::LoyaltyCard)}</h2>
            {move || match issued() {
                Some(card) => view! { <CardFace card/> }.into_any(),
                None => view! {
                    <p class="mt-1 text-sm text-slate-300">
                        {l.t(RewardsMsg::CardPitch)}
                    </p>
                    {(!kyc_verified).then(|| view! {
                        <p class="mt-2 text-sm text-amber-200" data-testid="card-kyc-note">
                            {l.t(RewardsMsg::CardNeedsKyc)}
                            <A href="/responsible-gaming#kyc-title" attr:class="font-semibold underline">{l.t(RewardsMsg::VerifyIdentity)}</A>
                        </p>
                    })}
                    <button
                        type="button"
                        class=format!("{BUTTON_PRIMARY} mt-4")
                        data-testid="card-issue"
                        disabled=move || issue.pending().get()
                        on:click=move |_| { issue.dispatch(LoyaltyIssueCard {}); }
                    >
                        {move || l.t(if issue.pending().get() { RewardsMsg::Issuing } else { RewardsMsg::GetMyCard })}
                    </button>
                }
                .into_any(),
            }}
            <div aria-live="polite">
                {move || refusal().map(|(code, message)| {
                    let kyc = code.as_deref() == Some("kyc_required");
                    view! {
                        <p role="alert" class="mt-3 text-sm text-rose-300" data-testid="card-refused" data-code=code.clone()>
                            {message}
                            {kyc.then(|| view! {
                                " "
                                <A href="/responsible-gaming#kyc-title" attr:class="font-semibold text-emerald-300 underline">{l.t(RewardsMsg::GoToKyc)}</A>
                            })}
                        </p>
                    }
                })}
            </div>
        </section>
    }
    .into_any()
}

/// An issued card: the number in groups of four and its QR code.
#[component]
fn CardFace(card: CardView) -> impl IntoView {
    let l = use_locale();
    let groups = card_groups(&card.card_number);
    let label = messages::qr_label(l, &groups);
    view! {
        <div class="mt-3 rounded-xl bg-gradient-to-br from-emerald-500/20 to-sky-500/10 p-4 ring-1 ring-emerald-400/30">
            <p class="text-xs font-semibold uppercase tracking-widest text-emerald-200">{l.t(RewardsMsg::CroupierLoyalty)}</p>
            <p class="mt-2 whitespace-nowrap font-mono text-lg font-semibold tracking-wider text-white sm:text-xl" data-testid="card-number">
                {groups}
            </p>
            <div class="mt-4 flex justify-center">
                <QrImage svg=card.qr_svg label/>
            </div>
        </div>
        <p class="mt-3 text-xs text-slate-400">{l.t(RewardsMsg::KeepCardPrivate)}</p>
    }
    .into_any()
}
