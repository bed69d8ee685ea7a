//! `/backoffice/leaderboards/new`: the form that creates and schedules a
//! board (metric, verticals, recurrence, timezone, dates, opt-in, limits,
//! prize ranges with a reward editor per range), beside a preview of the
//! board as players will see it.
//!
//! Rules:
//! - The form is one [`Draft`] of plain strings; [`Draft::to_spec`] makes
//!   the wire body. Problems found reading the form (a count that is not a
//!   whole number, no vertical) stop the submit; the server's validation
//!   comes back by field path and shows under the matching input, and
//!   every problem is also listed above the Create button, so none is
//!   hidden.
//! - Dates are typed as wall-clock times in the board's timezone, the one
//!   its periods run in (the server converts them).
//! - The preview asks the server to check the board
//!   [`CHECK_DELAY_MS`] after the last edit (only the newest answer
//!   counts): the period it would open with, or what is wrong.
//! - On success the page moves to the new board's back-office page.

use domain::api::leaderboard::{Metric, PrizeRange, Recurrence};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::draft::{Draft, Errors, PRIZE_KINDS, PrizeDraft};
use super::{PeriodDates, PrizeTable, metric_help, metric_label, recurrence_label};
use crate::api::leaderboards::{CheckReport, LeaderboardCreate, leaderboards_admin};
use crate::components::inputs::{self, checkbox, field_error, select, sentence};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::pages::backoffice::guarded;

/// Timezones offered in the list (any IANA zone may be typed).
const TIMEZONES: [&str; 10] = [
    "UTC",
    "Europe/Malta",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Stockholm",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Australia/Sydney",
];

/// Pause after the last edit before the server checks the board.
pub const CHECK_DELAY_MS: u64 = 500;

/// The form's state: the shared form inputs over the board's [`Draft`].
/// Its errors are the latest found, by the form itself on submit or by the
/// server; they all show from the first submit on.
type Form = inputs::Form<Draft>;

/// A labelled input bound to one string of the draft; `key` is the
/// server's field path of its errors.
#[allow(clippy::too_many_arguments)]
fn input(
    form: Form,
    label: String,
    id: &str,
    key: String,
    hint: Option<&'static str>,
    kind: &'static str,
    get: impl Fn(&Draft) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Draft, String) + Copy + Send + Sync + 'static,
) -> AnyView {
    let list = (id == "timezone").then_some("timezones");
    inputs::listed_input(
        form,
        label,
        id.to_owned(),
        key,
        hint.map(str::to_owned),
        kind,
        list,
        get,
        set,
    )
    .into_any()
}

/// `/backoffice/leaderboards/new`.
#[component]
pub fn LeaderboardCreate() -> impl IntoView {
    // Loads the currency and confirms the role before the form shows.
    let listing = crate::resource::resource(|| (), |_| leaderboards_admin());
    view! {
        <Title text="New leaderboard · Back office · Croupier"/>
        <p class="text-sm">
            <A href="/backoffice/leaderboards" attr:class="text-emerald-300 underline-offset-2 hover:underline">"← Leaderboards"</A>
        </p>
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">"New leaderboard"</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(listing.await, |l| view! { <CreateForm currency=l.currency/> })
            })}
        </Suspense>
    }
    .into_any()
}

/// The form and its preview.
#[component]
fn CreateForm(currency: String) -> impl IntoView {
    let found = RwSignal::new(Errors::new());
    let form = Form {
        draft: RwSignal::new(Draft::default()),
        errors: Memo::new(move |_| found.get()),
        touched: RwSignal::new(Default::default()),
        show_all: RwSignal::new(false),
        currency: StoredValue::new(currency),
    };
    let create = ServerAction::<LeaderboardCreate>::new();
    let message = RwSignal::new(None::<(bool, String)>);
    // The server's answer: its field errors, or the new board's page.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let Some(answer) = create.value().get() else {
            return;
        };
        match answer {
            Ok(r) if r.ok => {
                if let Some(b) = r.board {
                    navigate(
                        &format!("/backoffice/leaderboards/{}", b.leaderboard_id),
                        Default::default(),
                    );
                }
                message.set(Some((true, r.message)));
            }
            Ok(r) => {
                found.set(r.field_errors);
                message.set(Some((false, r.message)));
            }
            Err(_) => message.set(Some((
                false,
                "Something went wrong. Please try again.".to_owned(),
            ))),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.show_all.set(true);
        let (spec, errors) = form.draft.with_untracked(Draft::to_spec);
        if errors.is_empty() {
            found.set(Errors::new());
            message.set(None);
            create.dispatch(LeaderboardCreate { spec });
        } else {
            found.set(errors);
            message.set(Some((
                false,
                "Some fields need attention; they are marked.".into(),
            )));
        }
    };
    let currency = form.currency;
    view! {
        <div class="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <form class="min-w-0 space-y-6" on:submit=submit novalidate=true data-testid="leaderboard-form">
                <BasicsSection form/>
                <ScheduleSection form/>
                <RulesSection form currency=currency.get_value()/>
                <PrizesSection form currency=currency.get_value()/>
                <div class="space-y-3">
                    <ErrorSummary form/>
                    <div aria-live="polite">
                        {move || message.get().map(|(ok, m)| view! {
                            <p role=if ok { "status" } else { "alert" } data-testid="leaderboard-form-message"
                                class=if ok { "text-sm text-emerald-300" } else { "text-sm text-rose-300" }>{m}</p>
                        })}
                    </div>
                    <button type="submit" class=BUTTON_PRIMARY data-testid="leaderboard-create" disabled=move || create.pending().get()>
                        {move || if create.pending().get() { "Creating…" } else { "Create leaderboard" }}
                    </button>
                </div>
            </form>
            <Preview form currency=currency.get_value()/>
        </div>
    }
    .into_any()
}

/// Name, metric, verticals.
#[component]
fn BasicsSection(form: Form) -> impl IntoView {
    let metrics: Vec<(&'static str, String)> = Metric::ALL
        .iter()
        .map(|m| (m.code(), metric_label(*m).to_owned()))
        .collect();
    view! {
        <fieldset class=format!("{CARD} space-y-4")>
            <legend class="px-1 text-base font-semibold text-white">"Board"</legend>
            {input(form, "Name (players see it)".into(), "name", "name".into(), None, "text",
                |d| d.name.clone(), |d, v| d.name = v)}
            {select(form, "Ranks players by".into(), "metric".into(), metrics, |d| d.metric.clone(), |d, v| d.metric = v)}
            <p class="text-xs text-slate-500">
                {move || form.draft.with(|d| d.metric.parse::<Metric>().map(metric_help).unwrap_or_default())}
            </p>
            <div role="group" aria-labelledby="verticals-label" class="space-y-2">
                <p id="verticals-label" class="text-sm font-medium text-slate-200">"Play that scores"</p>
                <div class="flex flex-wrap gap-4">
                    {checkbox(form, "Sportsbook", "vertical-sportsbook", None, |d| d.sportsbook, |d, on| d.sportsbook = on)}
                    {checkbox(form, "Casino", "vertical-casino", None, |d| d.casino, |d, on| d.casino = on)}
                </div>
                {field_error(form, "verticals", Some("error-verticals"))}
            </div>
        </fieldset>
    }
    .into_any()
}

/// Recurrence, timezone and dates.
#[component]
fn ScheduleSection(form: Form) -> impl IntoView {
    let recurrences: Vec<(&'static str, String)> = Recurrence::ALL
        .iter()
        .map(|r| (r.code(), recurrence_label(*r).to_owned()))
        .collect();
    let once = move || form.draft.with(Draft::is_once);
    view! {
        <fieldset class=format!("{CARD} space-y-4")>
            <legend class="px-1 text-base font-semibold text-white">"Schedule"</legend>
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                {select(form, "Runs".into(), "recurrence".into(), recurrences, |d| d.recurrence.clone(), |d, v| d.recurrence = v)}
                {input(form, "Timezone (IANA)".into(), "timezone", "timezone".into(),
                    Some("Days, weeks and months follow this zone."), "text", |d| d.timezone.clone(), |d, v| d.timezone = v)}
            </div>
            <datalist id="timezones">
                {TIMEZONES.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
            </datalist>
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                {input(form, "Starts (board time)".into(), "starts_at", "starts_at".into(),
                    Some("Blank: now. A recurring board starts with the period that contains this time."),
                    "datetime-local", |d| d.starts_at.clone(), |d, v| d.starts_at = v)}
                <Show when=once>
                    {input(form, "Ends (board time)".into(), "ends_at", "ends_at".into(),
                        Some("Required for a one-off board."), "datetime-local", |d| d.ends_at.clone(), |d, v| d.ends_at = v)}
                </Show>
            </div>
        </fieldset>
    }
    .into_any()
}

/// Opt-in and limits.
#[component]
fn RulesSection(form: Form, currency: String) -> impl IntoView {
    view! {
        <fieldset class=format!("{CARD} space-y-4")>
            <legend class="px-1 text-base font-semibold text-white">"Who takes part"</legend>
            {checkbox(form, "Players must join first (opt-in)", "opt_in", None, |d| d.opt_in, |d, on| d.opt_in = on)}
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                {input(form, "Most players per period".into(), "max_participants", "max_participants".into(),
                    Some("Blank: no limit."), "numeric", |d| d.max_participants.clone(), |d, v| d.max_participants = v)}
                {input(form, format!("Smallest stake that scores ({currency})"), "min_stake", "min_stake".into(),
                    Some("Blank: every stake."), "decimal", |d| d.min_stake.clone(), |d, v| d.min_stake = v)}
            </div>
        </fieldset>
    }
    .into_any()
}

/// The prize ranges, each with its reward editor.
#[component]
fn PrizesSection(form: Form, currency: String) -> impl IntoView {
    let currency = StoredValue::new(currency);
    view! {
        <fieldset class=format!("{CARD} space-y-4")>
            <legend class="px-1 text-base font-semibold text-white">"Prizes"</legend>
            <p class="text-sm text-slate-400">"Each rank in a range gets the range's prize. Ranges may not overlap."</p>
            {field_error(form, "prizes", Some("error-prizes"))}
            <For
                each=move || form.draft.with(|d| d.prizes.iter().map(|p| p.key).collect::<Vec<_>>())
                key=|k| *k
                let:key
            >
                <PrizeEditor form key currency=currency.get_value()/>
            </For>
            <button
                type="button"
                class=BUTTON_SECONDARY
                data-testid="prize-add"
                on:click=move |_| form.draft.update(Draft::add_prize)
            >
                "Add prize range"
            </button>
        </fieldset>
    }
    .into_any()
}

/// Reads one string of the prize row `key`.
fn prize_text(d: &Draft, key: u64, field: fn(&PrizeDraft) -> &String) -> String {
    d.prizes
        .iter()
        .find(|p| p.key == key)
        .map(|p| field(p).clone())
        .unwrap_or_default()
}

/// One text field of a prize row.
#[derive(Clone, Copy)]
struct PrizeField {
    /// Label; `{c}` stands for the currency.
    label: &'static str,
    /// Id suffix (`prize-{key}-{name}`).
    name: &'static str,
    /// Error path below `prizes[i].`.
    path: &'static str,
    /// Input kind (`decimal`, `numeric`, `text`).
    kind: &'static str,
    get: fn(&PrizeDraft) -> &String,
    set: fn(&mut PrizeDraft) -> &mut String,
}

const FROM: PrizeField = PrizeField {
    label: "From rank",
    name: "from",
    path: "from_rank",
    kind: "numeric",
    get: |p| &p.from_rank,
    set: |p| &mut p.from_rank,
};
const TO: PrizeField = PrizeField {
    label: "To rank",
    name: "to",
    path: "to_rank",
    kind: "numeric",
    get: |p| &p.to_rank,
    set: |p| &mut p.to_rank,
};
const AMOUNT: PrizeField = PrizeField {
    label: "Amount ({c})",
    name: "amount",
    path: "reward.amount",
    kind: "decimal",
    get: |p| &p.amount,
    set: |p| &mut p.amount,
};
const WAGERING: PrizeField = PrizeField {
    label: "Wagering multiplier (0–50)",
    name: "wagering",
    path: "reward.wagering_multiplier",
    kind: "decimal",
    get: |p| &p.wagering_multiplier,
    set: |p| &mut p.wagering_multiplier,
};
const EXPIRES: PrizeField = PrizeField {
    label: "Expires after (days)",
    name: "expires",
    path: "reward.expires_in_days",
    kind: "numeric",
    get: |p| &p.expires_in_days,
    set: |p| &mut p.expires_in_days,
};
const MIN_ODDS: PrizeField = PrizeField {
    label: "Minimum odds",
    name: "min-odds",
    path: "reward.min_odds",
    kind: "decimal",
    get: |p| &p.min_odds,
    set: |p| &mut p.min_odds,
};
const GAME: PrizeField = PrizeField {
    label: "Game code",
    name: "game",
    path: "reward.game_code",
    kind: "text",
    get: |p| &p.game_code,
    set: |p| &mut p.game_code,
};
const ROUNDS: PrizeField = PrizeField {
    label: "Spins",
    name: "rounds",
    path: "reward.rounds",
    kind: "numeric",
    get: |p| &p.rounds,
    set: |p| &mut p.rounds,
};
const STAKE: PrizeField = PrizeField {
    label: "Stake per spin ({c})",
    name: "stake",
    path: "reward.stake",
    kind: "decimal",
    get: |p| &p.stake,
    set: |p| &mut p.stake,
};
const COINS: PrizeField = PrizeField {
    label: "Coins",
    name: "count",
    path: "reward.coins",
    kind: "numeric",
    get: |p| &p.count,
    set: |p| &mut p.count,
};
const POINTS: PrizeField = PrizeField {
    label: "Points",
    name: "count",
    path: "reward.points",
    kind: "numeric",
    get: |p| &p.count,
    set: |p| &mut p.count,
};

/// The fields a prize kind uses.
fn fields_of(kind: &str) -> &'static [PrizeField] {
    match kind {
        "cash" => &[AMOUNT],
        "bonus_money" => &[AMOUNT, WAGERING, EXPIRES],
        "free_bet" => &[AMOUNT, MIN_ODDS, EXPIRES],
        "free_spins" => &[GAME, ROUNDS, STAKE, WAGERING, EXPIRES],
        "coins" => &[COINS],
        "loyalty_points" => &[POINTS],
        _ => &[],
    }
}

/// The input of one field of the prize row `key`, now the row at `index`
/// (its errors' path, `prizes[{index}].…`).
fn prize_input(form: Form, key: u64, index: usize, f: PrizeField, currency: &str) -> AnyView {
    input(
        form,
        f.label.replace("{c}", currency),
        &format!("prize-{key}-{}", f.name),
        format!("prizes[{index}].{}", f.path),
        None,
        f.kind,
        move |d| prize_text(d, key, f.get),
        move |d, v| {
            if let Some(p) = d.prize_mut(key) {
                *(f.set)(p) = v;
            }
        },
    )
}

/// One prize range: ranks, kind and the kind's fields.
#[component]
fn PrizeEditor(form: Form, key: u64, currency: String) -> impl IntoView {
    // Memos: the inputs below are rebuilt only when the row moves or its
    // kind changes, never while typing.
    let index = Memo::new(move |_| form.draft.with(|d| d.prize_index(key).unwrap_or_default()));
    let kind = Memo::new(move |_| form.draft.with(|d| prize_text(d, key, |p| &p.kind)));
    let kinds: Vec<(&'static str, String)> = PRIZE_KINDS
        .iter()
        .map(|(c, l)| (*c, (*l).to_owned()))
        .collect();
    let currency = StoredValue::new(currency);
    let kind_fields = move || {
        let (c, i) = (currency.get_value(), index.get());
        fields_of(&kind.get())
            .iter()
            .map(|f| prize_input(form, key, i, *f, &c))
            .collect::<Vec<_>>()
    };
    let rank_field =
        move |f: PrizeField| move || prize_input(form, key, index.get(), f, &currency.get_value());
    let title = move || format!("Prize range {}", index.get() + 1);
    view! {
        <div role="group" aria-label=title class="space-y-3 rounded-xl border border-slate-800 p-3 sm:p-4" data-testid="prize-editor">
            <div class="flex items-center justify-between gap-2">
                <p class="text-sm font-semibold text-slate-200">{title}</p>
                <button
                    type="button"
                    class="rounded-lg px-2 py-1 text-sm text-rose-300 hover:bg-rose-500/10 disabled:opacity-40"
                    aria-label=move || format!("Remove prize range {}", index.get() + 1)
                    disabled=move || form.draft.with(|d| d.prizes.len() <= 1)
                    on:click=move |_| form.draft.update(|d| d.remove_prize(key))
                >
                    "Remove"
                </button>
            </div>
            <div class="grid grid-cols-2 gap-3 sm:grid-cols-3">
                {rank_field(FROM)}
                {rank_field(TO)}
                <div class="col-span-2 sm:col-span-1">
                    {select(form, "Prize".into(), format!("prize-{key}-kind"), kinds,
                        move |d| prize_text(d, key, |p| &p.kind),
                        move |d, v| if let Some(p) = d.prize_mut(key) { p.kind = v; })}
                </div>
            </div>
            <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">{kind_fields}</div>
        </div>
    }
    .into_any()
}

/// Every problem known, so none hides behind a field that is not shown.
#[component]
fn ErrorSummary(form: Form) -> impl IntoView {
    move || {
        let errors = form.errors.get();
        (!errors.is_empty()).then(|| view! {
            <div role="alert" data-testid="leaderboard-errors" class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200">
                <ul class="list-disc space-y-1 pl-5">
                    {errors
                        .into_iter()
                        .map(|(f, m)| view! { <li><code class="text-rose-100">{f}</code>": "{sentence(&m)}</li> })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}

/// The board as players will see it, following the form.
#[component]
fn Preview(form: Form, currency: String) -> impl IntoView {
    let currency = StoredValue::new(currency);
    let spec = Memo::new(move |_| form.draft.with(|d| d.to_spec().0));
    let metric = move || spec.with(|s| s.metric.parse::<Metric>().ok());
    let schedule = move || {
        spec.with(|s| {
            let runs = s
                .recurrence
                .parse::<Recurrence>()
                .map(recurrence_label)
                .unwrap_or("Runs");
            let start = s.starts_at.clone().unwrap_or_else(|| "now".into());
            match (&s.ends_at, s.recurrence.as_str()) {
                (Some(end), "once") => format!("{runs}: {start} → {end} ({})", s.timezone),
                (None, "once") => format!("{runs}: from {start}, end date missing"),
                _ => format!("{runs} in {}, from {start}", s.timezone),
            }
        })
    };
    let prizes = move || {
        spec.with(|s| {
            s.prizes
                .iter()
                .filter(|p| p.from_rank >= 1)
                .cloned()
                .collect::<Vec<PrizeRange>>()
        })
    };
    let check = RwSignal::new(None::<CheckReport>);
    check_after_edits(spec, check);
    let checked = move || {
        check.get().map(|r| {
            if let Some(p) = r.first_period {
                let when = if r.starts_now { "Goes live at once." } else { "Scheduled: goes live when the period starts." };
                view! {
                    <p class="mt-3 text-sm text-emerald-300" data-testid="preview-check">{when}</p>
                    <p class="text-xs">"First period: "<PeriodDates period=p/></p>
                }
                .into_any()
            } else {
                let n = r.field_errors.len();
                view! {
                    <p class="mt-3 text-sm text-amber-200" data-testid="preview-check">
                        {format!("Server check: {n} {} to fix before creating.", if n == 1 { "problem" } else { "problems" })}
                    </p>
                    <ul class="mt-1 list-disc space-y-0.5 pl-5 text-xs text-amber-100">
                        {r.field_errors
                            .into_iter()
                            .map(|(f, m)| view! { <li><code>{f}</code>": "{sentence(&m)}</li> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <aside class="min-w-0" aria-labelledby="preview-title">
            <div class=format!("{CARD} lg:sticky lg:top-20") data-testid="leaderboard-preview">
                <h2 id="preview-title" class="text-xs font-semibold uppercase tracking-widest text-slate-500">"Preview: what players see"</h2>
                <p class="mt-2 text-lg font-semibold text-white" data-testid="preview-name">
                    {move || spec.with(|s| if s.name.is_empty() { "Untitled board".to_owned() } else { s.name.clone() })}
                </p>
                <p class="text-sm text-slate-300">{move || metric().map(metric_label)}</p>
                <p class="mt-1 text-xs text-slate-400">{move || metric().map(metric_help)}</p>
                <p class="mt-2 text-sm text-slate-300" data-testid="preview-schedule">{schedule}</p>
                {move || spec.with(|s| s.opt_in).then(|| view! { <p class="mt-1 text-xs text-sky-200">"Players join on the board page."</p> })}
                <div class="mt-3">
                    {move || view! { <PrizeTable prizes=prizes() currency=currency.get_value()/> }}
                </div>
                <div aria-live="polite">{checked}</div>
            </div>
        </aside>
    }
    .into_any()
}

/// Asks the server to check `spec` once edits pause for
/// [`CHECK_DELAY_MS`]; only the newest answer is kept (browser only).
fn check_after_edits(
    spec: Memo<domain::api::leaderboard::LeaderboardSpec>,
    check: RwSignal<Option<CheckReport>>,
) {
    #[cfg(feature = "hydrate")]
    {
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            let current = spec.get();
            let g = generation.get_value() + 1;
            generation.set_value(g);
            let newest = move || generation.try_get_value() == Some(g);
            set_timeout(
                move || {
                    if !newest() {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Ok(report) =
                            crate::api::leaderboards::leaderboard_check(current).await
                            && newest()
                        {
                            check.try_set(Some(report));
                        }
                    });
                },
                std::time::Duration::from_millis(CHECK_DELAY_MS),
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (spec, check);
}
