//! `/loyalty/store`: the rewards store. Items with their price in points
//! or coins, the stock left and the tier they are reserved for; a player
//! redeems one after a confirmation.
//!
//! Rules:
//! - Opening the confirmation starts one attempt and makes its
//!   idempotency key; confirming sends it, and a second click (or a retry
//!   of the same attempt) sends the same key, so the server redeems once.
//!   A new attempt (after an answer or a cancel) gets a new key.
//! - The confirm button is disabled while the attempt is pending.
//! - Locked items (tier too low) say which tier they need and cannot be
//!   redeemed; unaffordable ones say how much is missing. The server
//!   decides anyway and its refusals (`insufficient_points`,
//!   `out_of_stock`, `tier_required`, `self_excluded`) are explained.
//! - Balances and stock follow each answer without a reload.

use crate::i18n::{Msg, RewardsMsg, messages, use_locale};
use domain::api::loyalty::{LoyaltyStatus, StoreItem};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{NotAPlayer, coins_text_in, cost_text_in, grouped_in, points_text_in, tier_locked};
use crate::api::loyalty::{LoyaltyRedeem, RedeemReport, StorePage, Viewer, loyalty_store};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::pages::backoffice::guarded;
use crate::pages::leaderboards::prize_label_in;
use crate::session::use_session;

/// `/loyalty/store`.
#[component]
pub fn LoyaltyStore() -> impl IntoView {
    let l = use_locale();
    let session = use_session();
    let data = crate::resource::resource(move || session.revision(), |_| loyalty_store());
    view! {
        <Title text=l.t(RewardsMsg::StoreTitle)/>
        <p class="text-sm">
            <A href="/loyalty" attr:class="text-emerald-300 underline-offset-2 hover:underline">{l.t(RewardsMsg::BackToLoyalty)}</A>
        </p>
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(RewardsMsg::RewardsStore)}</h1>
        <p class="mt-2 text-sm text-slate-300">{l.t(RewardsMsg::StoreIntro)}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(data.await, |page| view! { <Store page/> })
            })}
        </Transition>
    }
    .into_any()
}

/// The store's shared state.
#[derive(Clone, Copy)]
struct Shop {
    /// The player's balances and tier (players only).
    status: RwSignal<Option<LoyaltyStatus>>,
    /// The items, stock kept current from answers.
    items: RwSignal<Vec<StoreItem>>,
    /// Tier names, lowest first.
    tiers: StoredValue<Vec<String>>,
    /// The currency of money rewards.
    currency: StoredValue<String>,
    /// The caller is a player.
    player: bool,
}

/// The loaded store.
#[component]
fn Store(page: StorePage) -> impl IntoView {
    let l = use_locale();
    let StorePage {
        viewer,
        items,
        tiers,
        status,
        currency,
    } = page;
    let shop = Shop {
        status: RwSignal::new(status),
        items: RwSignal::new(items),
        tiers: StoredValue::new(tiers),
        currency: StoredValue::new(currency),
        player: viewer == Viewer::Player,
    };
    let balances = move || {
        shop.status.get().map(|s| {
            view! {
                <p class=format!("{CARD} mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-200") data-testid="store-balances">
                    <span>{l.t(RewardsMsg::PointsLabel)} <strong class="tabular-nums text-white" data-testid="store-points">{grouped_in(l, s.points)}</strong></span>
                    <span>{l.t(RewardsMsg::CoinsLabel)} <strong class="tabular-nums text-white" data-testid="store-coins">{grouped_in(l, s.coins)}</strong></span>
                    <span>{l.t(RewardsMsg::TierLabel)} <strong class="text-amber-200">{s.tier.unwrap_or_else(|| l.t(RewardsMsg::NoneYet).into())}</strong></span>
                </p>
            }
        })
    };
    // Only a change between empty and not rebuilds the list: the cards
    // (and their redemption answers) stay while stock changes.
    let empty = Memo::new(move |_| shop.items.with(Vec::is_empty));
    view! {
        {(!shop.player).then(|| view! { <NotAPlayer viewer what=RewardsMsg::Rewards/> })}
        {balances}
        {move || if empty.get() {
            view! { <p class=format!("{CARD} mt-6 text-sm text-slate-300") data-testid="store-empty">{l.t(RewardsMsg::StoreEmpty)}</p> }.into_any()
        } else {
            view! {
                <ul class="mt-6 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="store-items">
                    <For each=move || shop.items.get() key=|i| i.reward_id let:item>
                        <ItemCard shop item/>
                    </For>
                </ul>
            }
            .into_any()
        }}
    }
    .into_any()
}

/// What is missing to afford an item: `120 points`, `3 coins`; `None`
/// when affordable.
fn shortfall(item: &StoreItem, status: &LoyaltyStatus) -> Option<String> {
    let l = use_locale();
    let mut missing = Vec::new();
    if let Some(p) = item.cost_points.filter(|p| *p > status.points) {
        missing.push(points_text_in(l, p - status.points));
    }
    if let Some(c) = item.cost_coins.filter(|c| *c > status.coins) {
        missing.push(coins_text_in(l, c - status.coins));
    }
    (!missing.is_empty()).then(|| missing.join(l.t(RewardsMsg::And)))
}

/// A fresh idempotency key for one attempt (browser only).
fn attempt_key() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// One item with its Redeem button and confirmation.
#[component]
fn ItemCard(shop: Shop, item: StoreItem) -> impl IntoView {
    let l = use_locale();
    let redeem = ServerAction::<LoyaltyRedeem>::new();
    // The open attempt's key; `None` while the confirmation is closed.
    let attempt = RwSignal::new(None::<String>);
    // Keyboard focus follows the attempt: to Confirm when it opens, back
    // to Redeem when it closes.
    let redeem_ref = NodeRef::<html::Button>::new();
    let confirm_ref = NodeRef::<html::Button>::new();
    let focus = move |target: NodeRef<html::Button>| {
        request_animation_frame(move || {
            if let Some(b) = target.get_untracked() {
                let _ = b.focus();
            }
        });
    };
    let id = item.reward_id.to_string();
    let title_id = format!("item-{id}");
    // The stock left, as the latest answer left it.
    let stock_left = {
        let reward_id = item.reward_id;
        move || {
            shop.items.with(|items| {
                items
                    .iter()
                    .find(|i| i.reward_id == reward_id)
                    .and_then(|i| i.stock_left)
            })
        }
    };
    let sold_out = move || stock_left().is_some_and(|s| s <= 0);
    let min_tier = StoredValue::new(item.min_tier.clone());
    let locked = move || {
        let held = shop
            .status
            .with(|s| s.as_ref().and_then(|s| s.tier.clone()));
        min_tier.with_value(|needed| {
            shop.tiers
                .with_value(|tiers| tier_locked(held.as_deref(), needed.as_deref(), tiers))
        })
    };
    let missing = {
        let item = item.clone();
        move || {
            shop.status
                .with(|s| s.as_ref().and_then(|s| shortfall(&item, s)))
        }
    };
    // Each answer closes the attempt and brings balances and stock up to date.
    Effect::new(move |_| {
        let Some(answer) = redeem.value().get() else {
            return;
        };
        attempt.set(None);
        if let Ok(report) = answer {
            apply(shop, &report);
        }
        focus(redeem_ref);
    });
    let reward = shop
        .currency
        .with_value(|c| prize_label_in(l, &item.reward, c));
    let stock = move || match stock_left() {
        None => l.t(RewardsMsg::Unlimited).to_owned(),
        Some(n) if n <= 0 => l.t(RewardsMsg::OutOfStock).to_owned(),
        Some(n) => messages::left(l, &grouped_in(l, n)),
    };
    let cost = cost_text_in(l, &item);
    let name = item.name.clone();
    let confirm_id = id.clone();
    let action_area = move || {
        if !shop.player {
            return ().into_any();
        }
        if sold_out() {
            return view! { <p class="text-sm font-semibold text-slate-300">{l.t(RewardsMsg::OutOfStock)}</p> }
                .into_any();
        }
        if locked() {
            let tier = min_tier.get_value().unwrap_or_default();
            return view! {
                <p class="text-sm text-amber-200" data-testid="item-locked">
                    {messages::reserved_for(l, &tier)}
                </p>
            }
            .into_any();
        }
        match attempt.get() {
            None => view! {
                {missing().map(|m| view! {
                    <p class="mb-2 text-sm text-slate-300" data-testid="item-missing">{messages::you_need_more(l, &m)}</p>
                })}
                <button
                    type="button"
                    class=BUTTON_PRIMARY
                    data-testid="item-redeem"
                    node_ref=redeem_ref
                    on:click=move |_| {
                        attempt.set(Some(attempt_key()));
                        focus(confirm_ref);
                    }
                >
                    {l.t(RewardsMsg::Redeem)}
                </button>
            }
            .into_any(),
            Some(key) => {
                let (confirm_id, name) = (confirm_id.clone(), name.clone());
                let cost = cost.clone();
                view! {
                    <div role="group" aria-label=l.t(RewardsMsg::ConfirmRedemption) class="space-y-3" data-testid="item-confirm">
                        <p class="text-sm text-slate-200">{messages::redeem_for(l, &name, &cost)}</p>
                        <div class="flex flex-wrap gap-2">
                            <button
                                type="button"
                                class=BUTTON_PRIMARY
                                data-testid="item-confirm-yes"
                                node_ref=confirm_ref
                                disabled=move || redeem.pending().get()
                                on:click=move |_| {
                                    redeem.dispatch(LoyaltyRedeem { reward_id: confirm_id.clone(), attempt: key.clone() });
                                }
                            >
                                {move || if redeem.pending().get() { l.t(RewardsMsg::Redeeming) } else { l.t(Msg::Confirm) }}
                            </button>
                            <button
                                type="button"
                                class=BUTTON_SECONDARY
                                data-testid="item-confirm-no"
                                disabled=move || redeem.pending().get()
                                on:click=move |_| {
                                    attempt.set(None);
                                    focus(redeem_ref);
                                }
                            >
                                {l.t(Msg::Cancel)}
                            </button>
                        </div>
                    </div>
                }
                .into_any()
            }
        }
    };
    let notice = move || {
        redeem.value().get().map(|r| {
            let (ok, code, message) = match r {
                Ok(r) => (r.ok, r.code, r.message),
                Err(_) => (false, None, l.t(Msg::SomethingWrong).to_owned()),
            };
            view! {
                <p
                    role=if ok { "status" } else { "alert" }
                    data-testid="item-outcome"
                    data-code=code
                    class=if ok { "mt-3 text-sm text-emerald-300" } else { "mt-3 text-sm text-rose-300" }
                >
                    {message}
                </p>
            }
        })
    };
    view! {
        <li class=format!("{CARD} flex flex-col") data-testid="store-item" data-name=item.name.clone() aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone() class="text-lg font-semibold text-white">{item.name.clone()}</h2>
            <p class="mt-1 text-sm text-slate-300">{reward}</p>
            <dl class="mt-3 grid grid-cols-2 gap-2 text-sm">
                <dt class="text-slate-400">{l.t(RewardsMsg::Price)}</dt>
                <dd class="text-right font-semibold tabular-nums text-white" data-testid="item-cost">{cost_text_in(l, &item)}</dd>
                <dt class="text-slate-400">{l.t(RewardsMsg::Stock)}</dt>
                <dd class="text-right tabular-nums text-slate-200" data-testid="item-stock">{stock}</dd>
                {item.min_tier.clone().map(|t| view! {
                    <dt class="text-slate-400">{l.t(RewardsMsg::Tier)}</dt>
                    <dd class="text-right text-amber-200">{messages::tier_and_above(l, &t)}</dd>
                })}
            </dl>
            <div class="mt-auto pt-4">{action_area}</div>
            <div aria-live="polite">{notice}</div>
        </li>
    }
    .into_any()
}

/// Brings balances and the item's stock up to date from an answer.
fn apply(shop: Shop, report: &RedeemReport) {
    if let Some(status) = report.status.clone() {
        shop.status.set(Some(status));
    }
    if report.ok || report.code.as_deref() == Some("out_of_stock") {
        let stock_left = if report.ok {
            report.stock_left
        } else {
            Some(0)
        };
        shop.items.update(|items| {
            for i in items.iter_mut() {
                if i.reward_id.to_string() == report.reward_id && i.stock.is_some() {
                    i.stock_left = stock_left;
                }
            }
        });
    }
}
