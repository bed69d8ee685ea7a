//! The add-market form of an event.

use leptos::prelude::*;

use super::{Answer, LABEL, MARKET_KINDS, SMALL_BUTTON, is_line_kind, line_sides, run};
use crate::api::sportsbook::{NewMarketInput, NewSelectionInput, TradeOutcome, trading_add_market};
use crate::components::{BUTTON_PRIMARY, CARD, INPUT};

/// One selection row of the add-market form.
#[derive(Clone, Copy)]
struct SelectionRow {
    key: u64,
    name: RwSignal<String>,
    side: RwSignal<String>,
    odds: RwSignal<String>,
    field: NodeRef<leptos::html::Input>,
}

impl SelectionRow {
    fn new(key: u64) -> Self {
        Self {
            key,
            name: RwSignal::new(String::new()),
            side: RwSignal::new(String::new()),
            odds: RwSignal::new(String::new()),
            field: NodeRef::new(),
        }
    }
}

/// The add-market form's state (`Copy` handles shared by its parts).
#[derive(Clone, Copy)]
struct MarketForm {
    name: RwSignal<String>,
    /// Market kind code.
    kind: RwSignal<String>,
    line: RwSignal<String>,
    rows: RwSignal<Vec<SelectionRow>>,
    /// Key of the next row made.
    next_key: StoredValue<u64>,
    /// Rows are made in handlers and an effect: their signals belong to the
    /// form, not to whatever runs at the time (an effect disposes what it
    /// made when it runs again).
    owner: StoredValue<Option<Owner>>,
    /// The add-selection button, focused when a row is removed.
    add_button: NodeRef<leptos::html::Button>,
}

impl MarketForm {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            kind: RwSignal::new("match_result".to_owned()),
            line: RwSignal::new(String::new()),
            rows: RwSignal::new((0..3).map(SelectionRow::new).collect()),
            next_key: StoredValue::new(3),
            owner: StoredValue::new(Owner::current()),
            add_button: NodeRef::new(),
        }
    }

    /// True for a line market (tracked).
    fn is_line(self) -> bool {
        is_line_kind(&self.kind.get())
    }

    fn new_row(self) -> SelectionRow {
        let k = self.next_key.get_value();
        self.next_key.set_value(k + 1);
        match self.owner.get_value() {
            Some(o) => o.with(|| SelectionRow::new(k)),
            None => SelectionRow::new(k),
        }
    }

    /// Back to an empty match-result market with three rows.
    fn reset(self) {
        self.name.set(String::new());
        self.line.set(String::new());
        self.kind.set("match_result".to_owned());
        self.rows.set((0..3).map(|_| self.new_row()).collect());
    }

    /// Changes the kind; a line market has exactly its two sides, in order.
    fn set_kind(self, kind: String) {
        if is_line_kind(&kind) {
            let sides = line_sides(&kind);
            self.rows.update(|r| {
                r.truncate(2);
                while r.len() < 2 {
                    r.push(self.new_row());
                }
                for (row, (code, _)) in r.iter().zip(sides) {
                    row.side.set(code.to_owned());
                }
            });
        }
        self.kind.set(kind);
    }

    /// Adds an empty row and focuses its name.
    fn add_row(self) {
        let row = self.new_row();
        self.rows.update(|r| r.push(row));
        request_animation_frame(move || {
            if let Some(input) = row.field.get_untracked() {
                let _ = input.focus();
            }
        });
    }

    /// Removes the row `key` and focuses the add-selection button.
    fn remove_row(self, key: u64) {
        self.rows.update(|r| r.retain(|x| x.key != key));
        if let Some(b) = self.add_button.get_untracked() {
            let _ = b.focus();
        }
    }

    /// What the form asks for (sides and line only for line markets).
    fn input(self, event_id: String) -> NewMarketInput {
        let line_market = is_line_kind(&self.kind.get_untracked());
        NewMarketInput {
            event_id,
            name: self.name.get_untracked(),
            kind: self.kind.get_untracked(),
            line: if line_market {
                self.line.get_untracked()
            } else {
                String::new()
            },
            selections: self
                .rows
                .get_untracked()
                .iter()
                .map(|r| NewSelectionInput {
                    name: r.name.get_untracked(),
                    side: if line_market {
                        r.side.get_untracked()
                    } else {
                        String::new()
                    },
                    odds: r.odds.get_untracked(),
                })
                .collect(),
        }
    }
}

/// Adds a market to the event: name, kind, line for line markets and a
/// list of selections (two to a hundred; a line market has exactly its
/// two sides).
#[component]
pub(super) fn AddMarket(event_id: Signal<String>, done: RwSignal<u64>) -> impl IntoView {
    let outcome = RwSignal::new(None::<TradeOutcome>);
    let form = MarketForm::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(
            outcome,
            done,
            trading_add_market(form.input(event_id.get_untracked())),
        );
    };
    // Clear the form once the market is added (the answer stays).
    Effect::new(move |_| {
        if outcome.with(|o| o.as_ref().is_some_and(|o| o.ok)) {
            form.reset();
        }
    });
    view! {
        <form class=format!("{CARD} min-w-0 space-y-3") on:submit=on_submit data-testid="add-market" aria-labelledby="am-title">
            <h2 id="am-title" class="text-lg font-semibold text-white">"Add a market"</h2>
            <NameAndKind form/>
            <Show when=move || form.is_line()>
                <div>
                    <label for="am-line" class=LABEL>"Line (home handicap or total, e.g. -1.5 or 2.5)"</label>
                    <input id="am-line" required inputmode="decimal" class=format!("{INPUT} mt-1 tabular-nums") placeholder="2.5"
                        prop:value=move || form.line.get() on:input=move |ev| form.line.set(event_target_value(&ev))/>
                </div>
            </Show>
            <SelectionList form/>
            <button type="submit" class=format!("{BUTTON_PRIMARY} w-full") data-testid="add-market-submit">"Add market"</button>
            <Answer outcome/>
        </form>
    }
    .into_any()
}

/// The market's name and kind.
#[component]
fn NameAndKind(form: MarketForm) -> impl IntoView {
    let kind = form.kind;
    view! {
        <div class="grid gap-3 sm:grid-cols-2 xl:grid-cols-1">
            <div>
                <label for="am-name" class=LABEL>"Market name"</label>
                <input id="am-name" required maxlength="200" class=format!("{INPUT} mt-1") placeholder="Total goals"
                    prop:value=move || form.name.get() on:input=move |ev| form.name.set(event_target_value(&ev))/>
            </div>
            <div>
                <label for="am-kind" class=LABEL>"Kind"</label>
                <select id="am-kind" class=format!("{INPUT} mt-1") prop:value=move || kind.get() on:change=move |ev| form.set_kind(event_target_value(&ev))>
                    {MARKET_KINDS.into_iter().map(|(code, label)| view! {
                        <option value=code selected=move || kind.get() == code>{label}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
    }
    .into_any()
}

/// The selection rows and the add-selection button.
#[component]
fn SelectionList(form: MarketForm) -> impl IntoView {
    let is_line = move || form.is_line();
    view! {
        <fieldset class="space-y-2">
            <legend class=LABEL>
                {move || if is_line() { "Selections: one per side, with decimal odds" } else { "Selections and decimal odds (at least two)" }}
            </legend>
            <ol class="space-y-2" data-testid="add-market-selections">
                <For
                    each={move || form.rows.get().into_iter().enumerate().collect::<Vec<_>>()}
                    key={|(i, r): &(usize, SelectionRow)| (*i, r.key)}
                    children={move |(i, row): (usize, SelectionRow)| view! { <SelectionRowItem form index=i row/> }}
                />
            </ol>
            <button type="button" class=SMALL_BUTTON node_ref=form.add_button hidden=is_line on:click=move |_| form.add_row() data-testid="add-selection">
                "+ Add selection"
            </button>
        </fieldset>
    }
    .into_any()
}

/// One selection: name, side (line markets), odds and a remove button
/// (while more than two remain).
#[component]
fn SelectionRowItem(form: MarketForm, index: usize, row: SelectionRow) -> impl IntoView {
    let n = index + 1;
    let k = row.key;
    let kind = form.kind;
    let is_line = move || form.is_line();
    let row_count = move || form.rows.with(Vec::len);
    view! {
        <li class="flex flex-wrap items-center gap-2" data-testid="add-market-selection">
            <label class="sr-only" for=format!("am-sel-{k}")>{format!("Selection {n} name")}</label>
            <input id=format!("am-sel-{k}") node_ref=row.field required maxlength="200"
                class=format!("{INPUT} min-w-0 flex-1 basis-24")
                placeholder=move || if is_line() { line_sides(&kind.get())[index.min(1)].1.to_owned() } else { format!("Selection {n}") }
                prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/>
            <Show when=is_line>
                <label class="sr-only" for=format!("am-side-{k}")>{format!("Selection {n} side")}</label>
                <select id=format!("am-side-{k}") class="w-24 rounded-lg border border-slate-700 bg-slate-900 px-2 py-2.5 text-base text-slate-100 sm:text-sm"
                    prop:value=move || row.side.get() on:change=move |ev| row.side.set(event_target_value(&ev))>
                    {move || line_sides(&kind.get()).into_iter().map(|(code, label)| view! {
                        <option value=code selected=move || row.side.get() == code>{label}</option>
                    }).collect_view()}
                </select>
            </Show>
            <label class="sr-only" for=format!("am-odds-{k}")>{format!("Selection {n} odds")}</label>
            <input id=format!("am-odds-{k}") required inputmode="decimal" placeholder="2.00"
                class="w-20 rounded-lg border border-slate-700 bg-slate-900 px-2 py-2.5 text-base tabular-nums text-slate-100 placeholder:text-slate-500 sm:text-sm"
                prop:value=move || row.odds.get() on:input=move |ev| row.odds.set(event_target_value(&ev))/>
            <button type="button" class=SMALL_BUTTON
                aria-label=format!("Remove selection {n}")
                hidden=is_line
                disabled=move || row_count() <= 2
                on:click=move |_| form.remove_row(k)
            >
                "Remove"
            </button>
        </li>
    }
    .into_any()
}
