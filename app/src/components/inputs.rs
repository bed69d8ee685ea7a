//! Small form inputs bound to one value of a form's draft (any plain
//! struct of strings and flags kept in an [`RwSignal`]) through a getter
//! and a setter, with the server's field errors under them. The campaign
//! builder, the loyalty programme editor and the leaderboard form use them.
//!
//! Rules: every input has a visible label tied to it by `for`/`id`, and its
//! id is also its `data-testid`; a field's error shows only once the field
//! was edited and left, or after a save attempt, and is then announced
//! through `aria-invalid` and `aria-describedby`. Errors are keyed by the
//! wire field path the server names (`tiers[1].threshold`).

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use crate::components::INPUT;

/// Field path → message.
pub type Errors = BTreeMap<String, String>;

/// A server message (`is required`) as a sentence (`Is required.`).
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut s = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// Shared state of a form's inputs; `D` is the draft, the form as typed.
pub struct Form<D: Send + Sync + 'static> {
    /// The form as typed.
    pub draft: RwSignal<D>,
    /// Every problem known: the form's own and the server's latest.
    pub errors: Memo<Errors>,
    /// Fields edited and left, whose errors show.
    pub touched: RwSignal<BTreeSet<String>>,
    /// After a save attempt every error shows.
    pub show_all: RwSignal<bool>,
    /// The currency amounts are typed in.
    pub currency: StoredValue<String>,
}

impl<D: Send + Sync + 'static> Clone for Form<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for Form<D> {}

impl<D: Send + Sync + 'static> Form<D> {
    /// The error of field `key` as a sentence, while it shows.
    pub fn error(&self, key: &str) -> Option<String> {
        let shown = self.show_all.get() || self.touched.with(|t| t.contains(key));
        if !shown {
            return None;
        }
        self.errors.with(|e| e.get(key).map(|m| sentence(m)))
    }
}

/// A labelled text input bound to one string of the draft; its error shows
/// once it was edited and left (or after a save attempt).
#[allow(clippy::too_many_arguments)]
pub fn text_input<D: Send + Sync + 'static>(
    form: Form<D>,
    label: String,
    id: String,
    key: String,
    hint: Option<String>,
    kind: &'static str,
    get: impl Fn(&D) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut D, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    listed_input(form, label, id, key, hint, kind, None, get, set)
}

/// [`text_input`] suggesting the options of the `<datalist>` whose id is
/// `list` (any other value may still be typed).
#[allow(clippy::too_many_arguments)]
pub fn listed_input<D: Send + Sync + 'static>(
    form: Form<D>,
    label: String,
    id: String,
    key: String,
    hint: Option<String>,
    kind: &'static str,
    list: Option<&'static str>,
    get: impl Fn(&D) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut D, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = {
        let key = key.clone();
        move || form.error(&key)
    };
    let error_id = format!("error-{id}");
    let hint_id = format!("hint-{id}");
    let described = {
        let (error, error_id, hint_id, has_hint) = (
            error.clone(),
            error_id.clone(),
            hint_id.clone(),
            hint.is_some(),
        );
        move || {
            let ids: Vec<String> = error()
                .map(|_| error_id.clone())
                .into_iter()
                .chain(has_hint.then(|| hint_id.clone()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let inputmode = match kind {
        "decimal" => Some("decimal"),
        "numeric" => Some("numeric"),
        _ => None,
    };
    let input_type = match kind {
        "datetime-local" => "datetime-local",
        _ => "text",
    };
    let touch_key = key.clone();
    view! {
        <div class="min-w-0 space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-200">{label}</label>
            <input
                id=id.clone()
                type=input_type
                inputmode=inputmode
                list=list
                autocomplete="off"
                data-testid=id.clone()
                class=INPUT
                prop:value=move || form.draft.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.draft.update(|d| set(d, v));
                }
                on:change=move |_| form.touched.update(|t| {
                    t.insert(touch_key.clone());
                })
                aria-invalid={
                    let error = error.clone();
                    move || error().map(|_| "true")
                }
                aria-describedby=described
            />
            {hint.map(|h| view! { <p id=hint_id class="text-xs text-slate-500">{h}</p> })}
            {move || error().map(|m| view! {
                <p id=error_id.clone() data-testid=error_id.clone() class="text-sm text-rose-400">{m}</p>
            })}
        </div>
    }
    .into_any()
}

/// A labelled checkbox bound to one flag of the draft.
pub fn checkbox<D: Send + Sync + 'static>(
    form: Form<D>,
    label: &'static str,
    id: &'static str,
    hint: Option<&'static str>,
    get: impl Fn(&D) -> bool + Copy + Send + Sync + 'static,
    set: impl Fn(&mut D, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="flex items-center gap-2 text-sm text-slate-200">
                <input
                    id=id
                    type="checkbox"
                    class="h-4 w-4 accent-emerald-400"
                    data-testid=id
                    prop:checked=move || form.draft.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.draft.update(|d| set(d, on));
                    }
                />
                {label}
            </label>
            {hint.map(|h| view! { <p class="mt-1 pl-6 text-xs text-slate-500">{h}</p> })}
        </div>
    }
    .into_any()
}

/// A labelled select bound to one string of the draft.
pub fn select<D: Send + Sync + 'static>(
    form: Form<D>,
    label: String,
    id: String,
    options: Vec<(&'static str, String)>,
    get: impl Fn(&D) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut D, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="min-w-0 space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-200">{label}</label>
            <select
                id=id.clone()
                data-testid=id
                class=INPUT
                prop:value=move || form.draft.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.draft.update(|d| set(d, v));
                }
            >
                {options
                    .into_iter()
                    .map(|(value, text)| view! {
                        <option value=value selected=move || form.draft.with(get) == value>{text}</option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
    .into_any()
}

/// The error of a field that has no text input of its own (a group of
/// checkboxes, a list), under it.
pub fn field_error<D: Send + Sync + 'static>(
    form: Form<D>,
    key: &'static str,
    testid: Option<&'static str>,
) -> impl IntoView {
    move || {
        form.error(key)
            .map(|m| view! { <p class="text-sm text-rose-400" data-testid=testid>{m}</p> })
    }
}

/// The submit handler of a plain `<form action=S::url() method="post">`
/// for server function `S`: without JavaScript the browser posts the form,
/// hydrated its fields are read into `S` and `action` is dispatched (its
/// pending state and answer show on the page). Either way the server gets
/// the fields as typed; amounts are read in the page's language there
/// (`api::server::typed_amount`).
pub fn submit_form<S>(action: ServerAction<S>) -> impl Fn(leptos::ev::SubmitEvent) + 'static
where
    S: leptos::server_fn::ServerFn + leptos::form::FromFormData + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    move |ev| {
        ev.prevent_default();
        if let Ok(input) = S::from_event(&ev) {
            action.dispatch(input);
        }
    }
}
