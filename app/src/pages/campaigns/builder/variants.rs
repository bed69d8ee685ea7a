//! Step 5 of the builder: the optional A/B variants and the holdout.
//!
//! Rules: turning the test on starts two even variants with the single
//! reward; the weights must add up to 100, which the step shows as it is
//! typed (the server refuses anything else); each variant's inputs are
//! prefixed `v{i}-` and its errors keyed `variants[{i}]`.

use leptos::prelude::*;

use super::draft::Slot;
use super::inputs::{Form, checkbox, field_error, text_input};
use super::reward::reward_editor;
use crate::components::BUTTON_SECONDARY;

/// Step 5: the optional A/B variants and the holdout.
#[component]
pub(super) fn VariantsStep(form: Form) -> impl IntoView {
    let count = Memo::new(move |_| form.draft.with(|d| d.variants.len()));
    let on = Memo::new(move |_| form.draft.with(|d| d.use_variants));
    view! {
        {checkbox(
            form,
            "Run an A/B test",
            "use_variants",
            Some("Players are split by weight into variants, each with its own reward; the first variant is the baseline."),
            |d| d.use_variants,
            |d, on| d.set_use_variants(on),
        )}
        {field_error(form, "variants", Some("error-variants"))}
        <Show when=move || on.get()>
            <WeightsTotal form/>
            {move || (0..count.get()).map(|i| view! { <VariantFieldset form i/> }).collect_view()}
            <button
                type="button"
                class=BUTTON_SECONDARY
                data-testid="variant-add"
                on:click=move |_| form.draft.update(|d| d.add_variant())
            >
                "Add variant"
            </button>
        </Show>
        <div class="max-w-xs">
            {text_input(form, "Holdout (%)".into(), "holdout".into(), "holdout_percent".into(), Some("Players kept out as a control group, 0 to 99.".into()), "numeric", |d| d.holdout.clone(), |d, v| d.holdout = v)}
        </div>
    }
    .into_any()
}

/// The weights added up, green at exactly 100.
#[component]
fn WeightsTotal(form: Form) -> impl IntoView {
    let total = move || form.draft.with(|d| d.weights_total());
    view! {
        <p class="text-sm" class:text-emerald-300=move || total() == 100 class:text-amber-200=move || total() != 100 data-testid="weights-total">
            {move || format!("Weights add up to {} (must be 100).", total())}
        </p>
    }
    .into_any()
}

/// Variant `i`: its name, weight and reward, and a button removing it.
#[component]
fn VariantFieldset(form: Form, i: usize) -> impl IntoView {
    let legend = format!("Variant {}", i + 1);
    view! {
        <fieldset class="rounded-xl border border-slate-800 p-4">
            <legend class="px-1 text-sm font-semibold text-white">{legend}</legend>
            <div class="grid gap-4 sm:grid-cols-2">
                {text_input(form, "Variant name".into(), format!("v{i}-name"), format!("variants[{i}].name"), None, "text",
                    move |d| d.variants.get(i).map(|v| v.name.clone()).unwrap_or_default(),
                    move |d, v| if let Some(x) = d.variants.get_mut(i) { x.name = v })}
                {text_input(form, "Weight (%)".into(), format!("v{i}-weight"), format!("variants[{i}].weight"), None, "numeric",
                    move |d| d.variants.get(i).map(|v| v.weight.clone()).unwrap_or_default(),
                    move |d, v| if let Some(x) = d.variants.get_mut(i) { x.weight = v })}
            </div>
            <div class="mt-4">
                {reward_editor(form, Slot::Variant(i))}
            </div>
            <button
                type="button"
                class=format!("{BUTTON_SECONDARY} mt-4 px-3 py-1.5")
                aria-label=format!("Remove variant {}", i + 1)
                on:click=move |_| form.draft.update(|d| d.remove_variant(i))
            >
                "Remove"
            </button>
        </fieldset>
    }
    .into_any()
}
