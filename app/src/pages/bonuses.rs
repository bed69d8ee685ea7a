//! The player's side of campaigns: `/promotions` (live offers with their
//! terms and an Opt in button where the offer needs one), `/bonuses` (each
//! bonus with its wagering progress, expiry, free spins left and a Forfeit
//! button that asks first), and the app-wide [`BonusToast`] that announces
//! awards, completions and forfeits pushed on `player:{id}` (a free bet
//! placed and the last free spin played complete their bonus). Both lists
//! reload when such an event or a `bonus.progressed` (a free spin played,
//! free-spin wins added to bonus money, wagering) arrives. An offer's
//! terms name the currency their amounts are in.

use crate::i18n::{Locale, Msg, messages, use_locale};
use domain::api::engagement::{Bonus, BonusStatus, Promotion};
use domain::events::{BonusChanged, EventKind, Topic};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::engagement::{BonusForfeit, PromotionOptIn, my_bonuses, my_promotions};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::format::{LocalTime, money};
use crate::pages::backoffice::guarded;
use crate::session::use_session;

/// The signed-in player's private topic, `None` for staff and visitors.
fn player_topic() -> impl Fn() -> Option<Topic> + Send + Sync + Copy + 'static {
    let session = use_session();
    move || {
        session
            .user
            .get()
            .and_then(Result::ok)
            .flatten()
            .filter(|u| !u.is_staff())
            .and_then(|u| u.user_id.parse().ok())
            .map(Topic::Player)
    }
}

/// Bumps `counter` whenever one of the player's bonuses changes status.
fn reload_on_bonus_events(counter: RwSignal<u64>) {
    crate::live::use_live_events(player_topic(), move |event| {
        if [
            EventKind::BonusAwarded,
            EventKind::BonusCompleted,
            EventKind::BonusForfeited,
            EventKind::BonusProgressed,
        ]
        .into_iter()
        .any(|kind| event.is(kind))
        {
            counter.update(|n| *n += 1);
        }
    });
}

/// A decimal string as a number, for progress bars only.
fn magnitude(s: &str) -> f64 {
    s.trim().parse::<f64>().unwrap_or(0.0).max(0.0)
}

/// `/promotions`.
#[component]
pub fn Promotions() -> impl IntoView {
    let l = use_locale();
    let opt_in = ServerAction::<PromotionOptIn>::new();
    let changes = RwSignal::new(0u64);
    reload_on_bonus_events(changes);
    let list = crate::resource::resource(
        move || (opt_in.version().get(), changes.get()),
        |_| my_promotions(),
    );
    view! {
        <Title text=l.t(Msg::PromotionsTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::Promotions)}</h1>
        <p class="mt-2 text-sm text-slate-400">
            {l.t(Msg::PromosIntro)}
            <A href="/bonuses" attr:class="text-emerald-300 underline">{l.t(Msg::MyBonuses)}</A>
            {l.t(Msg::PromosRaces)}
            <A href="/leaderboards" attr:class="text-emerald-300 underline">{l.t(Msg::Leaderboards)}</A>
            {l.t(Msg::PromosRg)}
        </p>
        <div aria-live="polite">
            {move || opt_in.value().get().map(|r| {
                let (ok, message) = match r {
                    Ok(r) => (r.ok, r.message),
                    Err(_) => (false, l.t(Msg::SomethingWrong).to_owned()),
                };
                view! {
                    <p role=if ok { "status" } else { "alert" } data-testid="promotion-notice"
                        class=if ok { "mt-4 text-sm text-emerald-300" } else { "mt-4 text-sm text-rose-300" }>
                        {message}
                    </p>
                }
            })}
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(list.await, move |list| {
                    if list.items.is_empty() {
                        return view! {
                            <p class=format!("{CARD} mt-6 text-sm text-slate-300") data-testid="promotions-empty">
                                {l.t(Msg::NoPromotions)}
                            </p>
                        }
                        .into_any();
                    }
                    view! {
                        <ul class="mt-6 grid gap-4 md:grid-cols-2" data-testid="promotions">
                            {list.items.into_iter().map(|p| view! { <PromotionCard p opt_in/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
    .into_any()
}

/// One offer with its terms.
#[component]
fn PromotionCard(p: Promotion, opt_in: ServerAction<PromotionOptIn>) -> impl IntoView {
    let l = use_locale();
    let id = p.campaign_id.to_string();
    let title_id = format!("promo-{id}");
    let title_id2 = title_id.clone();
    let action = match (p.opt_in, p.opted_in) {
        (true, false) => {
            let id = id.clone();
            let label = messages::opt_in_to(l, &p.name);
            view! {
                <button
                    type="button"
                    class=BUTTON_PRIMARY
                    data-testid="promotion-opt-in"
                    aria-label=label
                    disabled=move || opt_in.pending().get()
                    on:click=move |_| {
                        opt_in.dispatch(PromotionOptIn { campaign_id: id.clone() });
                    }
                >
                    {l.t(Msg::OptIn)}
                </button>
            }
            .into_any()
        }
        (true, true) => view! {
            <span class="rounded-full bg-emerald-400/15 px-3 py-1 text-sm font-semibold text-emerald-300" data-testid="promotion-opted-in">
                {l.t(Msg::YouAreIn)}
            </span>
        }
        .into_any(),
        (false, _) => view! {
            <span class="text-sm text-slate-400">{l.t(Msg::NoOptInNeeded)}</span>
        }
        .into_any(),
    };
    view! {
        <li class=CARD data-testid="promotion" data-name=p.name.clone() aria-labelledby=title_id.clone()>
            <h2 id=title_id2 class="text-lg font-semibold text-white">{p.name.clone()}</h2>
            {(!p.description.is_empty()).then(|| view! { <p class="mt-1 text-sm text-slate-300">{p.description.clone()}</p> })}
            <p class="mt-3 text-sm text-slate-300" data-testid="promotion-terms">
                <span class="font-semibold text-slate-200">{l.t(Msg::Terms)}</span>{promotion_terms(l, &p)}
            </p>
            {p.ends_at.map(|e| view! { <p class="mt-1 text-xs text-slate-400">{l.t(Msg::Ends)} <LocalTime at=e.to_rfc3339()/></p> })}
            <div class="mt-4 flex flex-wrap items-center gap-3">{action}</div>
        </li>
    }
    .into_any()
}

/// An offer's terms with the currency their amounts are in.
fn promotion_terms(l: Locale, p: &Promotion) -> String {
    if p.currency.is_empty() || p.terms.is_empty() {
        p.terms.clone()
    } else {
        messages::terms_in_currency(l, &p.terms, &p.currency)
    }
}

/// A bonus status in words.
fn status_label(l: Locale, status: BonusStatus) -> (&'static str, &'static str) {
    let (msg, pill) = match status {
        BonusStatus::Active => (Msg::BonusActive, "bg-emerald-400/15 text-emerald-300"),
        BonusStatus::Completed => (Msg::BonusCompleted, "bg-sky-400/15 text-sky-200"),
        BonusStatus::Used => (Msg::BonusUsed, "bg-slate-700/60 text-slate-200"),
        BonusStatus::Forfeited => (Msg::BonusForfeited, "bg-rose-500/15 text-rose-200"),
        BonusStatus::Expired => (Msg::BonusExpired, "bg-slate-700/60 text-slate-300"),
    };
    (l.t(msg), pill)
}

/// A reward kind in words (the back office's `reward_label`, for players).
fn reward_label(l: Locale, code: &str) -> &'static str {
    l.t(match code {
        "cash" => Msg::RewardCash,
        "bonus_money" => Msg::RewardBonusMoney,
        "free_bet" => Msg::RewardFreeBet,
        "free_spins" => Msg::RewardFreeSpins,
        "cashback" => Msg::RewardCashback,
        "coins" => Msg::RewardCoins,
        "loyalty_points" => Msg::RewardLoyaltyPoints,
        _ => Msg::Reward,
    })
}

/// What a bonus is worth, with its unit.
fn headline(l: Locale, b: &Bonus) -> String {
    match (b.coins, b.points) {
        (Some(c), _) => messages::coins(l, c),
        (_, Some(p)) => messages::points(l, p),
        _ => match &b.free_spins {
            Some(fs) => messages::free_spins_at(l, fs.rounds_left, &money(&fs.stake, &b.currency)),
            None => money(&b.amount, &b.currency),
        },
    }
}

/// `/bonuses`.
#[component]
pub fn MyBonuses() -> impl IntoView {
    let l = use_locale();
    let forfeit = ServerAction::<BonusForfeit>::new();
    let changes = RwSignal::new(0u64);
    reload_on_bonus_events(changes);
    let list = crate::resource::resource(
        move || (forfeit.version().get(), changes.get()),
        |_| my_bonuses(),
    );
    view! {
        <Title text=l.t(Msg::MyBonusesTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::MyBonuses)}</h1>
        <p class="mt-2 text-sm text-slate-400">
            {l.t(Msg::BonusesIntro)}
            <A href="/promotions" attr:class="text-emerald-300 underline">{l.t(Msg::Promotions)}</A>
            {l.t(Msg::ForOffers)}
        </p>
        <div aria-live="polite">
            {move || forfeit.value().get().map(|r| {
                let (ok, message) = match r {
                    Ok(r) => (r.ok, r.message),
                    Err(_) => (false, l.t(Msg::SomethingWrong).to_owned()),
                };
                view! {
                    <p role=if ok { "status" } else { "alert" } data-testid="bonus-notice"
                        class=if ok { "mt-4 text-sm text-emerald-300" } else { "mt-4 text-sm text-rose-300" }>
                        {message}
                    </p>
                }
            })}
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(list.await, move |list| {
                    if list.items.is_empty() {
                        return view! {
                            <p class=format!("{CARD} mt-6 text-sm text-slate-300") data-testid="bonuses-empty">
                                {l.t(Msg::NoBonuses)}
                            </p>
                        }
                        .into_any();
                    }
                    view! {
                        <ul class="mt-6 grid gap-4 md:grid-cols-2" data-testid="bonuses">
                            {list.items.into_iter().map(|b| view! { <BonusCard b forfeit/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
    .into_any()
}

/// One bonus.
#[component]
fn BonusCard(b: Bonus, forfeit: ServerAction<BonusForfeit>) -> impl IntoView {
    let l = use_locale();
    let (label, pill) = status_label(l, b.status);
    let required = magnitude(&b.wagering_required);
    let done = magnitude(&b.wagering_done);
    let progress = if required > 0.0 {
        (done / required * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    };
    let active = b.status == BonusStatus::Active;
    let confirming = RwSignal::new(false);
    let id = b.bonus_id.to_string();
    let title_id = format!("bonus-{id}");
    let title_id2 = title_id.clone();
    let amount = |s: &str| money(s, &b.currency);
    let wagering = (required > 0.0).then(|| {
        let text = messages::wagered_of(l, &amount(&b.wagering_done), &amount(&b.wagering_required));
        view! {
            <div class="mt-3">
                <p class="text-sm text-slate-300" data-testid="bonus-wagering">{text.clone()}</p>
                <div
                    class="mt-1 h-2.5 w-full overflow-hidden rounded-full bg-slate-800"
                    role="progressbar"
                    aria-label=text
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=format!("{progress:.0}")
                >
                    <div class="h-full rounded-full bg-emerald-400" style=format!("width: {progress:.1}%")></div>
                </div>
            </div>
        }
    });
    let loses = if magnitude(&b.balance) > 0.0 {
        messages::bonus_lost(l, &amount(&b.balance))
    } else {
        l.t(Msg::LostForGood).to_owned()
    };
    view! {
        <li class=CARD data-testid="bonus" data-kind=b.kind.clone() data-status=b.status.code() aria-labelledby=title_id.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id=title_id2 class="text-lg font-semibold text-white">{reward_label(l, &b.kind)}</h2>
                <span class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {pill}") data-testid="bonus-status">{label}</span>
            </div>
            <p class="mt-1 text-xl font-bold tabular-nums text-white" data-testid="bonus-amount">{headline(l, &b)}</p>
            {(b.kind == "bonus_money" && active).then(|| view! {
                <p class="text-sm text-slate-400">{messages::bonus_left(l, &amount(&b.balance))}</p>
            })}
            {b.free_bet.as_ref().and_then(|f| f.min_odds.clone()).map(|o| view! {
                <p class="text-sm text-slate-400">{messages::minimum_odds(l, &o)}</p>
            })}
            {b.free_spins.as_ref().map(|fs| view! {
                <p class="text-sm text-slate-400" data-testid="bonus-rounds">{messages::rounds_left_on(l, fs.rounds_left, &fs.game_code)}</p>
            })}
            {wagering}
            {b.expires_at.map(|e| view! {
                <p class="mt-2 text-xs text-slate-400">{l.t(if active { Msg::Expires } else { Msg::ExpiryWas })} <LocalTime at=e.to_rfc3339()/></p>
            })}
            <p class="mt-2 text-xs text-slate-400"><span class="font-semibold text-slate-300">{l.t(Msg::Terms)}</span>{messages::terms_in_currency(l, &b.terms, &b.currency)}</p>
            <p class="mt-1 text-xs text-slate-400">{l.t(Msg::Granted)} <LocalTime at=b.created_at.to_rfc3339()/></p>
            {active.then(|| view! {
                <div class="mt-4">
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") data-testid="bonus-forfeit" on:click=move |_| confirming.set(true)>
                                {l.t(Msg::ForfeitEllipsis)}
                            </button>
                        }
                    >
                        <div role="alertdialog" aria-label=l.t(Msg::ForfeitQuestion) class="rounded-lg border border-rose-500/40 bg-rose-500/10 p-3 text-sm text-rose-100">
                            <p>{messages::forfeit_confirm(l, &loses)}</p>
                            <div class="mt-3 flex flex-wrap gap-2">
                                <button
                                    type="button"
                                    class="rounded-lg bg-rose-500 px-3 py-1.5 text-sm font-semibold text-white hover:bg-rose-400"
                                    data-testid="bonus-forfeit-confirm"
                                    on:click={
                                        let id = id.clone();
                                        move |_| {
                                            confirming.set(false);
                                            forfeit.dispatch(BonusForfeit { bonus_id: id.clone() });
                                        }
                                    }
                                >
                                    {l.t(Msg::YesForfeit)}
                                </button>
                                <button type="button" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") on:click=move |_| confirming.set(false)>
                                    {l.t(Msg::KeepIt)}
                                </button>
                            </div>
                        </div>
                    </Show>
                </div>
            })}
        </li>
    }
    .into_any()
}

/// Announces the player's bonus awards, completions and forfeits as they
/// are pushed, until dismissed (app-wide, like the loss-alert toast).
#[component]
pub fn BonusToast() -> impl IntoView {
    let l = use_locale();
    let message = RwSignal::new(None::<(String, String)>);
    crate::live::use_live_events(player_topic(), move |event| {
        let read = |kind| event.read::<BonusChanged>(kind).map(|c| (kind, c.bonus));
        let Some((kind, b)) = read(EventKind::BonusAwarded)
            .or_else(|| read(EventKind::BonusCompleted))
            .or_else(|| read(EventKind::BonusForfeited))
        else {
            return;
        };
        let b = &*b;
        let title = match kind {
            EventKind::BonusCompleted => l.t(Msg::BonusCompletedTitle),
            EventKind::BonusForfeited => l.t(Msg::BonusForfeitedTitle),
            _ => l.t(Msg::NewBonus),
        };
        let text = match kind {
            EventKind::BonusCompleted if b.kind == "bonus_money" => {
                messages::wagering_done(l, &headline(l, b))
            }
            EventKind::BonusCompleted if b.kind == "free_spins" => {
                l.t(Msg::FreeSpinsAllPlayed).to_owned()
            }
            EventKind::BonusCompleted if b.kind == "free_bet" => {
                messages::free_bet_placed(l, &money(&b.amount, &b.currency))
            }
            EventKind::BonusForfeited => {
                messages::no_longer_available(l, reward_label(l, &b.kind), &headline(l, b))
            }
            _ => format!("{}: {}.", reward_label(l, &b.kind), headline(l, b)),
        };
        message.set(Some((title.to_owned(), text)));
    });
    move || {
        message.get().map(|(title, text)| view! {
            <div
                role="status"
                aria-live="polite"
                data-testid="bonus-toast"
                class="fixed left-4 right-4 top-16 z-40 rounded-2xl border border-emerald-400/40 bg-slate-900 p-4 shadow-xl sm:left-auto sm:max-w-sm"
            >
                <p class="font-semibold text-emerald-200">{title}</p>
                <p class="mt-1 text-sm text-slate-200">{text}</p>
                <div class="mt-3 flex flex-wrap gap-3">
                    <a href="/bonuses" class=BUTTON_SECONDARY on:click=move |_| message.set(None)>{l.t(Msg::MyBonuses)}</a>
                    <button type="button" class=BUTTON_SECONDARY on:click=move |_| message.set(None)>{l.t(Msg::Dismiss)}</button>
                </div>
            </div>
        })
    }
}

/// The withdraw form's warning, shown while the player holds bonus money:
/// a withdrawal forfeits it.
#[component]
pub fn WithdrawBonusWarning() -> impl IntoView {
    let l = use_locale();
    let live = crate::live::use_live_wallet();
    move || {
        live.and_then(|l| l.current())
            .filter(|w| magnitude(&w.bonus) > 0.0)
            .map(|w| view! {
                <p role="note" data-testid="withdraw-bonus-warning" class="mt-2 text-sm text-amber-200">
                    {messages::withdrawal_forfeits(l, &money(&w.bonus, &w.currency))}
                    <A href="/bonuses" attr:class="underline">{l.t(Msg::MyBonuses)}</A>
                </p>
            })
    }
}
