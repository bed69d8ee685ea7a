//! Finance back office (admin, compliance): FX rates with the ECB upload,
//! daily exports (journal downloads in CSV and JSON, and the per-currency
//! summary in the reporting currency), and the daily reconciliation with
//! every mismatch listed. The server checks the role on every call.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::finance::{
    FX_HISTORY_ROWS, FinanceImportEcb, FxRateView, finance_fx_rates, finance_reconciliation,
    finance_summary,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading, short_time};
use crate::pages::backoffice::guarded;

const TH: &str = "px-4 py-3";
const TD: &str = "px-4 py-3 text-slate-300";
const NUM: &str = "px-4 py-3 text-right font-mono tabular-nums text-slate-200";
const NOTICE_OK: &str = "mt-4 rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200";
const NOTICE_BAD: &str =
    "mt-4 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200";

/// Reads the chosen file as text into `target` (in the browser).
#[cfg(feature = "hydrate")]
fn read_file_into(input: &web_sys::HtmlInputElement, target: RwSignal<String>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    let done = reader.clone();
    let onload = Closure::once_into_js(move || {
        if let Some(text) = done.result().ok().and_then(|v| v.as_string()) {
            target.set(text);
        }
    });
    reader.set_onload(Some(onload.unchecked_ref()));
    let _ = reader.read_as_text(&file);
}

fn rate_table(rows: Vec<FxRateView>, testid: &'static str, caption: &'static str) -> impl IntoView {
    view! {
        <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
            <table class="w-full min-w-[36rem] text-left text-sm" data-testid=testid>
                <caption class="sr-only">{caption}</caption>
                <thead class="text-xs uppercase tracking-wider text-slate-500">
                    <tr>
                        <th scope="col" class=TH>"Day"</th>
                        <th scope="col" class=TH>"Pair"</th>
                        <th scope="col" class="px-4 py-3 text-right">"Rate"</th>
                        <th scope="col" class=TH>"Source"</th>
                        <th scope="col" class=TH>"Imported (UTC)"</th>
                        <th scope="col" class=TH>"By"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-800">
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr data-testid="fx-rate-row" data-quote=r.quote.clone()>
                                    <td class=TD>{r.rate_date}</td>
                                    <td class="px-4 py-3 font-mono text-slate-100">{format!("{}/{}", r.base, r.quote)}</td>
                                    <td class=NUM>{r.rate}</td>
                                    <td class=TD>{r.source}</td>
                                    <td class="whitespace-nowrap px-4 py-3 text-slate-400">{short_time(&r.imported_at)}</td>
                                    <td class="max-w-[10rem] truncate px-4 py-3 font-mono text-xs text-slate-400">{r.imported_by}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/backoffice/fx`: the stored rates and the ECB upload.
#[component]
pub fn FxRates() -> impl IntoView {
    let import = ServerAction::<FinanceImportEcb>::new();
    let rates = crate::resource::resource(move || import.version().get(), |_| finance_fx_rates());
    let xml = RwSignal::new(String::new());
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                read_file_into(&input, xml);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <Title text="FX rates · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"FX rates"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Euro reference rates of the European Central Bank (EUR 1 = rate × currency). Reports convert each day's figures with the newest rate published on or before that day. Importing the same day again changes nothing."
        </p>
        <section class=format!("{CARD} mt-6")>
            <h2 class="text-lg font-semibold text-white">"Import the ECB file"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "Upload "<code class="text-slate-300">"eurofxref-daily.xml"</code>
                " (or the 90-day history file) as published by the ECB, or paste its contents."
            </p>
            <ActionForm action=import attr:class="mt-4 space-y-3" attr:data-testid="fx-upload-form">
                <div class="space-y-1.5">
                    <label for="fx-file" class="block text-sm font-medium text-slate-200">"ECB XML file"</label>
                    <input
                        id="fx-file"
                        type="file"
                        accept=".xml,application/xml,text/xml"
                        data-testid="fx-file"
                        class="block w-full text-sm text-slate-300 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-800 file:px-3 file:py-2 file:text-slate-100 hover:file:bg-slate-700"
                        on:change=on_file
                    />
                </div>
                <div class="space-y-1.5">
                    <label for="fx-xml" class="block text-sm font-medium text-slate-200">"Contents"</label>
                    <textarea
                        id="fx-xml"
                        name="xml"
                        rows="6"
                        spellcheck="false"
                        data-testid="fx-xml"
                        class=format!("{INPUT} font-mono text-xs")
                        prop:value=move || xml.get()
                        on:input=move |ev| xml.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <button type="submit" class=BUTTON_PRIMARY data-testid="fx-import" disabled=move || import.pending().get()>
                    "Import rates"
                </button>
            </ActionForm>
            {move || {
                import
                    .value()
                    .get()
                    .map(|o| {
                        let (ok, message) = match o {
                            Ok(o) => (o.ok, o.message),
                            Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
                        };
                        view! {
                            <div role="status" data-testid="fx-notice" class=if ok { NOTICE_OK } else { NOTICE_BAD }>
                                {message}
                            </div>
                        }
                    })
            }}
        </section>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    rates.await,
                    |r| {
                        if r.latest.is_empty() {
                            return view! {
                                <p class="mt-6 text-slate-400" data-testid="fx-empty">"No rates imported yet."</p>
                            }
                                .into_any();
                        }
                        let day = r.latest[0].rate_date.clone();
                        view! {
                            <h2 class="mt-8 text-lg font-semibold text-white">
                                "Latest: " <span data-testid="fx-latest-day">{day}</span>
                            </h2>
                            {rate_table(r.latest, "fx-latest", "Latest rates")}
                            <h2 class="mt-8 text-lg font-semibold text-white">"History"</h2>
                            <p class="mt-1 text-sm text-slate-400">
                                {format!("The newest {FX_HISTORY_ROWS} stored rates; the REST API (GET /api/v1/admin/fx/rates) has more.")}
                            </p>
                            {rate_table(r.history, "fx-history", "Rate history")}
                        }
                            .into_any()
                    },
                )
            })}
        </Transition>
    }
}

/// The `date` query parameter (empty: today, chosen by the server).
fn date_query() -> impl Fn() -> String + Copy {
    let query = use_query_map();
    move || query.with(|q| q.get("date").unwrap_or_default())
}

fn day_form(
    action: &'static str,
    date: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Form method="GET" action=action attr:class="mt-4 flex flex-wrap items-end gap-3">
            <div class="space-y-1.5">
                <label for="day" class="block text-sm font-medium text-slate-200">"Day (UTC)"</label>
                <input id="day" name="date" type="date" class=INPUT prop:value=date data-testid="finance-day"/>
            </div>
            <button type="submit" class=BUTTON_PRIMARY>"Show"</button>
        </Form>
    }
}

/// `/backoffice/exports`: journal downloads and the daily summary.
#[component]
pub fn Exports() -> impl IntoView {
    let date = date_query();
    let summary = crate::resource::resource(date, finance_summary);
    view! {
        <Title text="Exports · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Exports"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "The accounting journal of a day: one line per ledger posting with debit and credit columns (debits equal credits in every currency)."
        </p>
        {day_form("/backoffice/exports", date)}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    summary.await,
                    |s| {
                        let link = |format: &str| {
                            format!("/api/v1/admin/ledger/journal?date={}&format={format}", s.date)
                        };
                        let problem = s.problem.clone();
                        view! {
                            <section class=format!("{CARD} mt-6")>
                                <h2 class="text-lg font-semibold text-white">{format!("Journal of {}", s.date)}</h2>
                                <div class="mt-3 flex flex-wrap gap-3">
                                    <a href=link("csv") download class=BUTTON_PRIMARY data-testid="journal-csv" rel="external">
                                        "Download CSV"
                                    </a>
                                    <a href=link("json") download class=BUTTON_SECONDARY data-testid="journal-json" rel="external">
                                        "Download JSON"
                                    </a>
                                </div>
                            </section>
                            <h2 class="mt-8 text-lg font-semibold text-white">
                                {format!("Summary in {}", s.reporting_currency)}
                            </h2>
                            <p class="mt-1 text-sm text-slate-400">
                                "House position at the end of the day, payments completed that day and ledger volume, per currency; each row converted with the rate shown (rounded half to even)."
                            </p>
                            {problem
                                .map(|p| view! { <div role="alert" data-testid="summary-problem" class=NOTICE_BAD>{p}</div> })}
                            {s.problem
                                .is_none()
                                .then(|| {
                                    view! {
                                        <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                                            <table class="w-full min-w-[52rem] text-left text-sm" data-testid="summary-table">
                                                <caption class="sr-only">"Per-currency summary"</caption>
                                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                                    <tr>
                                                        <th scope="col" class=TH>"Currency"</th>
                                                        <th scope="col" class="px-4 py-3 text-right">"House position"</th>
                                                        <th scope="col" class="px-4 py-3 text-right">"Deposits"</th>
                                                        <th scope="col" class="px-4 py-3 text-right">"Withdrawals"</th>
                                                        <th scope="col" class="px-4 py-3 text-right">"Volume"</th>
                                                        <th scope="col" class=TH>"Rate used"</th>
                                                    </tr>
                                                </thead>
                                                <tbody class="divide-y divide-slate-800">
                                                    {s
                                                        .rows
                                                        .into_iter()
                                                        .map(|r| {
                                                            let cell = |f: crate::api::finance::FigureView| {
                                                                view! {
                                                                    <td class=NUM>
                                                                        {f.amount}
                                                                        <span class="block text-xs text-slate-500">{f.converted}</span>
                                                                    </td>
                                                                }
                                                            };
                                                            view! {
                                                                <tr data-testid="summary-row">
                                                                    <td class="px-4 py-3 font-mono text-slate-100">{r.currency}</td>
                                                                    {cell(r.house_position)}
                                                                    {cell(r.deposits)}
                                                                    {cell(r.withdrawals)}
                                                                    {cell(r.volume)}
                                                                    <td class="px-4 py-3 text-xs text-slate-400">{r.rate}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                                <tfoot class="border-t border-slate-700">
                                                    <tr data-testid="summary-total">
                                                        <th scope="row" class="px-4 py-3 text-slate-100">{format!("Total {}", s.reporting_currency)}</th>
                                                        <td class=NUM>{s.totals[0].clone()}</td>
                                                        <td class=NUM>{s.totals[1].clone()}</td>
                                                        <td class=NUM>{s.totals[2].clone()}</td>
                                                        <td class=NUM>{s.totals[3].clone()}</td>
                                                        <td></td>
                                                    </tr>
                                                </tfoot>
                                            </table>
                                        </div>
                                    }
                                })}
                        }
                    },
                )
            })}
        </Transition>
    }
}

/// `/backoffice/reconciliation`: provider-confirmed payments against the
/// ledger for a day, with every mismatch.
#[component]
pub fn Reconciliation() -> impl IntoView {
    let date = date_query();
    let report = crate::resource::resource(date, finance_reconciliation);
    view! {
        <Title text="Reconciliation · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Reconciliation"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Every payment the providers completed on the day, and every payment PSP clearing moved for, compared with its ledger postings. A deposit takes its amount from PSP clearing; a completed withdrawal puts it back."
        </p>
        {day_form("/backoffice/reconciliation", date)}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    report.await,
                    |r| {
                        let clean = r.mismatches.is_empty();
                        view! {
                            <div
                                role="status"
                                data-testid="recon-verdict"
                                class=if clean { NOTICE_OK } else { NOTICE_BAD }
                            >
                                {if clean {
                                    format!("{}: {} payment(s) checked, everything reconciles.", r.date, r.payments_checked)
                                } else {
                                    format!("{}: {} mismatch(es) in {} payment(s) checked.", r.date, r.mismatches.len(), r.payments_checked)
                                }}
                            </div>
                            <div class=format!("{CARD} mt-4 overflow-x-auto p-0 sm:p-0")>
                                <table class="w-full min-w-[36rem] text-left text-sm" data-testid="recon-totals">
                                    <caption class="sr-only">"Totals per currency"</caption>
                                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                                        <tr>
                                            <th scope="col" class=TH>"Currency"</th>
                                            <th scope="col" class="px-4 py-3 text-right">"Confirmed deposits"</th>
                                            <th scope="col" class="px-4 py-3 text-right">"Confirmed withdrawals"</th>
                                            <th scope="col" class="px-4 py-3 text-right">"Expected PSP change"</th>
                                            <th scope="col" class="px-4 py-3 text-right">"Posted PSP change"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-800">
                                        {r
                                            .totals
                                            .into_iter()
                                            .map(|t| {
                                                view! {
                                                    <tr>
                                                        <td class="px-4 py-3 font-mono text-slate-100">{t.currency}</td>
                                                        <td class=NUM>{t.deposits}</td>
                                                        <td class=NUM>{t.withdrawals}</td>
                                                        <td class=NUM>{t.expected}</td>
                                                        <td class=NUM>{t.posted}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {(!clean)
                                .then(|| {
                                    view! {
                                        <h2 class="mt-8 text-lg font-semibold text-white">"Mismatches"</h2>
                                        <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                                            <table class="w-full min-w-[44rem] text-left text-sm" data-testid="recon-mismatches">
                                                <caption class="sr-only">"Mismatches"</caption>
                                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                                    <tr>
                                                        <th scope="col" class=TH>"Reason"</th>
                                                        <th scope="col" class=TH>"Payment"</th>
                                                        <th scope="col" class=TH>"Kind"</th>
                                                        <th scope="col" class="px-4 py-3 text-right">"Expected"</th>
                                                        <th scope="col" class="px-4 py-3 text-right">"Posted"</th>
                                                    </tr>
                                                </thead>
                                                <tbody class="divide-y divide-slate-800">
                                                    {r
                                                        .mismatches
                                                        .into_iter()
                                                        .map(|m| {
                                                            view! {
                                                                <tr data-testid="recon-mismatch">
                                                                    <td class="px-4 py-3 font-mono text-rose-300">{m.reason.replace('_', " ")}</td>
                                                                    <td class="px-4 py-3 font-mono text-xs text-slate-300">{m.payment_id}</td>
                                                                    <td class=TD>{m.payment}</td>
                                                                    <td class=NUM>{format!("{} {}", m.expected, m.currency)}</td>
                                                                    <td class=NUM>{format!("{} {}", m.posted, m.currency)}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                })}
                        }
                    },
                )
            })}
        </Transition>
    }
}
