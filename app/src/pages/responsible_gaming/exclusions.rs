//! Time-out and self-exclusion on the responsible-gaming page, each behind
//! a confirmation step.

use leptos::prelude::*;

use crate::api::responsible_gaming::RgExclude;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT};
use crate::i18n::{Msg, RgMsg, messages, use_locale};

use super::{Notice, notices, settle, use_rg_state};

/// Time-out and self-exclusion, each behind a confirmation step.
#[component]
pub(super) fn Exclusions() -> impl IntoView {
    let l = use_locale();
    let rg = use_rg_state();
    let exclude = ServerAction::<RgExclude>::new();
    let notice = notices().exclusion;
    settle(move || exclude.value().get(), notice, rg.refresh);
    // The choice waiting for confirmation: (kind, duration, description).
    let chosen = RwSignal::new(None::<(String, String, String)>);
    let kind = RwSignal::new("time_out".to_owned());
    let duration = RwSignal::new("1".to_owned());
    let describe = move |k: &str, d: &str| match (k, d) {
        ("time_out", d) => messages::time_out_of(l, d),
        (_, "permanent") => l.t(RgMsg::PermanentExclusion).to_owned(),
        (_, m) => messages::self_exclusion_of(l, m),
    };
    Effect::new(move |_| {
        if exclude.value().get().is_some_and(|r| r.is_ok_and(|o| o.ok)) {
            chosen.set(None);
        }
    });
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="exclusion-title">
            <h2 id="exclusion-title" class="text-lg font-semibold text-white">{l.t(RgMsg::TakeABreak)}</h2>
            <p class="mt-1 text-sm text-slate-400">
                {l.t(RgMsg::ExclusionIntro)}
            </p>
            <div class="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end">
                <div class="space-y-1.5">
                    <label for="exclusion-kind" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::ExclusionType)}</label>
                    <select id="exclusion-kind" class=INPUT data-testid="exclusion-kind"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            duration.set(if v == "time_out" { "1".to_owned() } else { "6".to_owned() });
                            kind.set(v);
                        }>
                        <option value="time_out">{l.t(RgMsg::TimeOut)}</option>
                        <option value="self_exclusion">{l.t(RgMsg::SelfExclusion)}</option>
                    </select>
                </div>
                <div class="space-y-1.5">
                    <label for="exclusion-duration" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::HowLong)}</label>
                    <select id="exclusion-duration" class=INPUT data-testid="exclusion-duration"
                        prop:value=move || duration.get()
                        on:change=move |ev| duration.set(event_target_value(&ev))>
                        {move || {
                            if kind.get() == "time_out" {
                                [1, 2, 3, 7, 14, 30, 42]
                                    .into_iter()
                                    .map(|d| (d.to_string(), messages::days(l, d)))
                                    .collect::<Vec<_>>()
                            } else {
                                [6, 12, 24, 36, 60]
                                    .into_iter()
                                    .map(|m| (m.to_string(), messages::months_count(l, m)))
                                    .chain([("permanent".to_owned(), l.t(RgMsg::Permanent).to_owned())])
                                    .collect::<Vec<_>>()
                            }
                                .into_iter()
                                .map(|(v, t)| view! { <option value=v>{t}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <button type="button" class=BUTTON_SECONDARY data-testid="exclusion-start"
                    on:click=move |_| {
                        let (k, d) = (kind.get_untracked(), duration.get_untracked());
                        let text = describe(&k, &d);
                        chosen.set(Some((k, d, text)));
                    }>
                    {l.t(Msg::Continue)}
                </button>
            </div>
            {move || {
                chosen.get().map(|(k, d, text)| {
                    view! {
                        <div class="mt-4 rounded-xl border border-amber-400/40 bg-amber-400/10 p-4" data-testid="exclusion-confirm">
                            <p class="font-semibold text-amber-100">{messages::start_now(l, &text)}</p>
                            <p class="mt-1 text-sm text-amber-100/80">
                                {l.t(RgMsg::CannotUndo)}
                            </p>
                            <ActionForm action=exclude attr:class="mt-3 flex flex-wrap items-center gap-3">
                                <input type="hidden" name="kind" value=k/>
                                <input type="hidden" name="duration" value=d/>
                                <label class="flex items-center gap-2 text-sm text-amber-100">
                                    <input type="checkbox" name="confirm" required=true data-testid="exclusion-confirm-box"/>
                                    {l.t(RgMsg::IUnderstand)}
                                </label>
                                <button type="submit" class=BUTTON_PRIMARY data-testid="exclusion-confirm-submit">
                                    {l.t(Msg::Confirm)}
                                </button>
                                <button type="button" class=BUTTON_SECONDARY on:click=move |_| chosen.set(None)>
                                    {l.t(Msg::Cancel)}
                                </button>
                            </ActionForm>
                        </div>
                    }
                })
            }}
            <Notice outcome=notice/>
        </section>
    }
}
