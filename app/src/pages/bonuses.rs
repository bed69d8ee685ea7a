//! The player's side of campaigns: `/promotions` (live offers with their
//! terms and an Opt in button where the offer needs one), `/bonuses` (each
//! bonus with its wagering progress, expiry, free spins left and a Forfeit
//! button that asks first), and the app-wide [`BonusToast`] that announces
//! awards, completions and forfeits pushed on `player:{id}` (a free bet
//! placed and the last free spin played complete their bonus). Both lists
//! reload when such an event or a `bonus.progressed` (a free spin played,
//! free-spin wins added to bonus money, wagering) arrives. An offer's
//! terms name the currency their amounts are in.

use domain::api::engagement::{Bonus, BonusStatus, Promotion};
use domain::events::{EventData, Topic};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::engagement::{BonusForfeit, PromotionOptIn, my_bonuses, my_promotions};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::format::{LocalTime, money};
use crate::pages::backoffice::guarded;
use crate::pages::campaigns::reward_label;
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
        if matches!(
            event,
            EventData::BonusAwarded(_)
                | EventData::BonusCompleted(_)
                | EventData::BonusForfeited(_)
                | EventData::BonusProgressed(_)
        ) {
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
    let opt_in = ServerAction::<PromotionOptIn>::new();
    let changes = RwSignal::new(0u64);
    reload_on_bonus_events(changes);
    let list = Resource::new(
        move || (opt_in.version().get(), changes.get()),
        |_| my_promotions(),
    );
    view! {
        <Title text="Promotions · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"Promotions"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Offers running now. Read the terms before you take part; rewards appear in "
            <A href="/bonuses" attr:class="text-emerald-300 underline">"My bonuses"</A>
            ". Races and tournaments are on the "
            <A href="/leaderboards" attr:class="text-emerald-300 underline">"Leaderboards"</A>
            ". 18+. Play responsibly."
        </p>
        <div aria-live="polite">
            {move || opt_in.value().get().map(|r| {
                let (ok, message) = match r {
                    Ok(r) => (r.ok, r.message),
                    Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
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
                                "No promotions are running for you right now."
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
    let id = p.campaign_id.to_string();
    let title_id = format!("promo-{id}");
    let title_id2 = title_id.clone();
    let action = match (p.opt_in, p.opted_in) {
        (true, false) => {
            let id = id.clone();
            let label = format!("Opt in to {}", p.name);
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
                    "Opt in"
                </button>
            }
            .into_any()
        }
        (true, true) => view! {
            <span class="rounded-full bg-emerald-400/15 px-3 py-1 text-sm font-semibold text-emerald-300" data-testid="promotion-opted-in">
                "You are in"
            </span>
        }
        .into_any(),
        (false, _) => view! {
            <span class="text-sm text-slate-400">"No opt-in needed: it applies automatically."</span>
        }
        .into_any(),
    };
    view! {
        <li class=CARD data-testid="promotion" data-name=p.name.clone() aria-labelledby=title_id.clone()>
            <h2 id=title_id2 class="text-lg font-semibold text-white">{p.name.clone()}</h2>
            {(!p.description.is_empty()).then(|| view! { <p class="mt-1 text-sm text-slate-300">{p.description.clone()}</p> })}
            <p class="mt-3 text-sm text-slate-300" data-testid="promotion-terms">
                <span class="font-semibold text-slate-200">"Terms: "</span>{promotion_terms(&p)}
            </p>
            {p.ends_at.map(|e| view! { <p class="mt-1 text-xs text-slate-400">"Ends " <LocalTime at=e.to_rfc3339()/></p> })}
            <div class="mt-4 flex flex-wrap items-center gap-3">{action}</div>
        </li>
    }
    .into_any()
}

/// An offer's terms with the currency their amounts are in.
fn promotion_terms(p: &Promotion) -> String {
    if p.currency.is_empty() || p.terms.is_empty() {
        p.terms.clone()
    } else {
        format!("{} (amounts in {})", p.terms, p.currency)
    }
}

/// A bonus status in words.
fn status_label(status: BonusStatus) -> (&'static str, &'static str) {
    match status {
        BonusStatus::Active => ("Active", "bg-emerald-400/15 text-emerald-300"),
        BonusStatus::Completed => ("Completed", "bg-sky-400/15 text-sky-200"),
        BonusStatus::Used => ("Used", "bg-slate-700/60 text-slate-200"),
        BonusStatus::Forfeited => ("Forfeited", "bg-rose-500/15 text-rose-200"),
        BonusStatus::Expired => ("Expired", "bg-slate-700/60 text-slate-300"),
    }
}

/// What a bonus is worth, with its unit.
fn headline(b: &Bonus) -> String {
    match (b.coins, b.points) {
        (Some(c), _) => format!("{c} coins"),
        (_, Some(p)) => format!("{p} points"),
        _ => match &b.free_spins {
            Some(fs) => format!(
                "{} free spins at {}",
                fs.rounds_left,
                money(&fs.stake, &b.currency)
            ),
            None => money(&b.amount, &b.currency),
        },
    }
}

/// `/bonuses`.
#[component]
pub fn MyBonuses() -> impl IntoView {
    let forfeit = ServerAction::<BonusForfeit>::new();
    let changes = RwSignal::new(0u64);
    reload_on_bonus_events(changes);
    let list = Resource::new(
        move || (forfeit.version().get(), changes.get()),
        |_| my_bonuses(),
    );
    view! {
        <Title text="My bonuses · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"My bonuses"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Bonus money turns into cash once its wagering is done. A withdrawal forfeits active bonus money. See "
            <A href="/promotions" attr:class="text-emerald-300 underline">"Promotions"</A>
            " for offers."
        </p>
        <div aria-live="polite">
            {move || forfeit.value().get().map(|r| {
                let (ok, message) = match r {
                    Ok(r) => (r.ok, r.message),
                    Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
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
                                "You have no bonuses yet."
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
    let (label, pill) = status_label(b.status);
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
        let text = format!("Wagered {} of {}", amount(&b.wagering_done), amount(&b.wagering_required));
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
        format!(
            "The {} of bonus money on it is lost for good.",
            amount(&b.balance)
        )
    } else {
        "What is left of it is lost for good.".to_owned()
    };
    view! {
        <li class=CARD data-testid="bonus" data-kind=b.kind.clone() data-status=b.status.code() aria-labelledby=title_id.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id=title_id2 class="text-lg font-semibold text-white">{reward_label(&b.kind)}</h2>
                <span class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {pill}") data-testid="bonus-status">{label}</span>
            </div>
            <p class="mt-1 text-xl font-bold tabular-nums text-white" data-testid="bonus-amount">{headline(&b)}</p>
            {(b.kind == "bonus_money" && active).then(|| view! {
                <p class="text-sm text-slate-400">{format!("Bonus money left: {}", amount(&b.balance))}</p>
            })}
            {b.free_bet.as_ref().and_then(|f| f.min_odds.clone()).map(|o| view! {
                <p class="text-sm text-slate-400">{format!("Minimum odds {o}")}</p>
            })}
            {b.free_spins.as_ref().map(|fs| view! {
                <p class="text-sm text-slate-400" data-testid="bonus-rounds">{format!("{} rounds left on {}", fs.rounds_left, fs.game_code)}</p>
            })}
            {wagering}
            {b.expires_at.map(|e| view! {
                <p class="mt-2 text-xs text-slate-400">{if active { "Expires " } else { "Expiry was " }} <LocalTime at=e.to_rfc3339()/></p>
            })}
            <p class="mt-2 text-xs text-slate-400"><span class="font-semibold text-slate-300">"Terms: "</span>{format!("{} (amounts in {})", b.terms, b.currency)}</p>
            <p class="mt-1 text-xs text-slate-400">"Granted " <LocalTime at=b.created_at.to_rfc3339()/></p>
            {active.then(|| view! {
                <div class="mt-4">
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") data-testid="bonus-forfeit" on:click=move |_| confirming.set(true)>
                                "Forfeit…"
                            </button>
                        }
                    >
                        <div role="alertdialog" aria-label="Forfeit this bonus?" class="rounded-lg border border-rose-500/40 bg-rose-500/10 p-3 text-sm text-rose-100">
                            <p>{format!("Forfeit this bonus? {} Your cash balance is not affected.", loses)}</p>
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
                                    "Yes, forfeit"
                                </button>
                                <button type="button" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") on:click=move |_| confirming.set(false)>
                                    "Keep it"
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
    let message = RwSignal::new(None::<(String, String)>);
    crate::live::use_live_events(player_topic(), move |event| {
        let (title, b) = match event {
            EventData::BonusAwarded(c) => ("New bonus", &c.bonus),
            EventData::BonusCompleted(c) => ("Bonus completed", &c.bonus),
            EventData::BonusForfeited(c) => ("Bonus forfeited", &c.bonus),
            _ => return,
        };
        let text = match event {
            EventData::BonusCompleted(_) if b.kind == "bonus_money" => {
                format!("Wagering done: {} is now cash.", headline(b))
            }
            EventData::BonusCompleted(_) if b.kind == "free_spins" => {
                "Free spins: all rounds played.".to_owned()
            }
            EventData::BonusCompleted(_) if b.kind == "free_bet" => {
                format!("Free bet of {} placed.", money(&b.amount, &b.currency))
            }
            EventData::BonusForfeited(_) => {
                format!(
                    "{}: {} is no longer available.",
                    reward_label(&b.kind),
                    headline(b)
                )
            }
            _ => format!("{}: {}.", reward_label(&b.kind), headline(b)),
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
                    <a href="/bonuses" class=BUTTON_SECONDARY on:click=move |_| message.set(None)>"My bonuses"</a>
                    <button type="button" class=BUTTON_SECONDARY on:click=move |_| message.set(None)>"Dismiss"</button>
                </div>
            </div>
        })
    }
}

/// The withdraw form's warning, shown while the player holds bonus money:
/// a withdrawal forfeits it.
#[component]
pub fn WithdrawBonusWarning() -> impl IntoView {
    let live = crate::live::use_live_wallet();
    move || {
        live.and_then(|l| l.current())
            .filter(|w| magnitude(&w.bonus) > 0.0)
            .map(|w| view! {
                <p role="note" data-testid="withdraw-bonus-warning" class="mt-2 text-sm text-amber-200">
                    {format!("A withdrawal forfeits your active bonus money ({}). ", money(&w.bonus, &w.currency))}
                    <A href="/bonuses" attr:class="underline">"My bonuses"</A>
                </p>
            })
    }
}
