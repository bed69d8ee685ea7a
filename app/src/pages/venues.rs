//! `/backoffice/venues` (admin only): the physical casino venues allowed
//! to call the venue API, a form to create one (its secret shown once,
//! with a hint to copy it), disabling one, and a sandbox that signs a card
//! lookup, play or redemption as the venue would and shows the signed
//! request and this server's answer. Forms are `ActionForm`s, so they work
//! with the keyboard and before the WebAssembly has loaded; the server
//! checks the admin role on every call.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::venues::{
    SandboxOutcome, VenueCreate, VenueDisable, VenueOutcome, VenueRow, VenueSandbox, venues_list,
};
use crate::components::{
    BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Field, FormErrorBanner, INPUT, Loading, short_time,
};
use crate::model::FormOutcome;
use crate::pages::backoffice::guarded;

const TH: &str = "px-4 py-3";
const TD: &str = "px-4 py-3 align-top text-slate-300";
const LABEL: &str = "block text-sm font-medium text-slate-200";
const PRE: &str = "mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-950 p-3 font-mono text-xs text-slate-200";

/// The latest answer of a venue action, as a status line.
fn notice(outcome: Option<Result<VenueOutcome, ServerFnError>>) -> Option<AnyView> {
    outcome.map(|o| {
        let (ok, message) = match o {
            Ok(o) => (o.ok, o.message),
            Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
        };
        view! {
            <p
                role=if ok { "status" } else { "alert" }
                data-testid="venue-notice"
                class=if ok { "mt-3 text-sm text-emerald-300" } else { "mt-3 text-sm text-rose-300" }
            >
                {message}
            </p>
        }
        .into_any()
    })
}

/// `/backoffice/venues`.
#[component]
pub fn VenuesAdmin() -> impl IntoView {
    let create = ServerAction::<VenueCreate>::new();
    let disable = ServerAction::<VenueDisable>::new();
    let rows = crate::resource::resource(
        move || (create.version().get(), disable.version().get()),
        |_| venues_list(),
    );
    // The sandbox starts with the venue just created, secret included.
    let sandbox_venue = RwSignal::new(String::new());
    let sandbox_secret = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(VenueOutcome {
            ok: true,
            venue_id: Some(id),
            secret: Some(secret),
            ..
        })) = create.value().get()
        {
            sandbox_venue.set(id);
            sandbox_secret.set(secret);
        }
    });

    view! {
        <Title text="Venues · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Venues"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Physical casinos whose systems look up loyalty cards, post slot and table play and redeem points through the signed venue API (/api/venue/v1). Each venue signs its requests with its own secret. A disabled venue's requests are refused."
        </p>
        <CreateVenue create/>
        <section class="mt-8" aria-labelledby="venues-heading">
            <h2 id="venues-heading" class="text-lg font-semibold text-white">"Venues"</h2>
            <div aria-live="polite">{move || notice(disable.value().get())}</div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    guarded(rows.await, move |page| view! { <VenueTable rows=page.rows disable/> })
                })}
            </Transition>
        </section>
        <Sandbox venue_id=sandbox_venue secret=sandbox_secret/>
    }
}

/// The create form and, after a creation, the secret to copy.
#[component]
fn CreateVenue(create: ServerAction<VenueCreate>) -> impl IntoView {
    let outcome: Signal<Option<FormOutcome>> = Signal::derive(move || {
        create.value().get().map(|r| match r {
            Ok(o) => o.form,
            Err(_) => FormOutcome::form("Something went wrong. Please try again."),
        })
    });
    let issued = move || match create.value().get() {
        Some(Ok(VenueOutcome {
            ok: true,
            venue_id: Some(id),
            secret: Some(secret),
            message,
            ..
        })) => Some(view! {
            <div role="status" class="mt-4 rounded-xl border border-amber-400/40 bg-amber-400/10 p-4" data-testid="venue-issued">
                <p class="text-sm font-semibold text-amber-200">{message}</p>
                <p class="mt-1 text-xs text-amber-100/80">
                    "Select the secret and copy it (Ctrl+C or ⌘C) into the venue's system now: it is not shown again. To replace a lost secret, create a new venue and disable this one."
                </p>
                <label for="issued-venue-id" class=format!("{LABEL} mt-3")>"Venue id (X-Venue-Id)"</label>
                <input id="issued-venue-id" readonly=true class=format!("{INPUT} font-mono") value=id data-testid="issued-venue-id"/>
                <label for="issued-secret" class=format!("{LABEL} mt-3")>"Secret"</label>
                <input id="issued-secret" readonly=true class=format!("{INPUT} font-mono") value=secret data-testid="issued-secret"/>
            </div>
        }),
        _ => None,
    };
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="venue-create-heading">
            <h2 id="venue-create-heading" class="text-lg font-semibold text-white">"New venue"</h2>
            <ActionForm action=create attr:novalidate=true attr:class="mt-4 grid gap-4 sm:grid-cols-2" attr:data-testid="venue-create-form">
                <div class="sm:col-span-2">
                    <FormErrorBanner outcome/>
                </div>
                <Field label="Name" name="name" autocomplete="off" hint="How the back office names it, 1 to 120 characters." outcome/>
                <div class="flex items-end">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="venue-create" disabled=move || create.pending().get()>
                        "Create venue"
                    </button>
                </div>
            </ActionForm>
            <div aria-live="polite">{issued}</div>
        </section>
    }
}

/// The venues with their disable buttons.
#[component]
fn VenueTable(rows: Vec<VenueRow>, disable: ServerAction<VenueDisable>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="mt-3 text-sm text-slate-400" data-testid="venues-empty">"No venues yet."</p>
        }
        .into_any();
    }
    view! {
        <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
            <table class="w-full min-w-[36rem] text-left text-sm" data-testid="venues-table">
                <caption class="sr-only">"Venues"</caption>
                <thead class="text-xs uppercase tracking-wider text-slate-500">
                    <tr>
                        <th scope="col" class=TH>"Name"</th>
                        <th scope="col" class=TH>"Venue id"</th>
                        <th scope="col" class=TH>"Created"</th>
                        <th scope="col" class=TH>"Status"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-800">
                    {rows.into_iter().map(|row| view! { <VenueRowView row disable/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One venue.
#[component]
fn VenueRowView(row: VenueRow, disable: ServerAction<VenueDisable>) -> impl IntoView {
    let status = if row.disabled {
        view! {
            <span data-testid="venue-status" class="rounded-full bg-rose-500/15 px-2 py-0.5 text-xs font-semibold text-rose-200">"Disabled"</span>
        }
        .into_any()
    } else {
        let aria = format!("Disable {}", row.name);
        let id = row.venue_id.clone();
        view! {
            <span data-testid="venue-status" class="rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300">"Active"</span>
            <ActionForm action=disable attr:class="mt-2">
                <input type="hidden" name="venue_id" value=id/>
                <button type="submit" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") data-testid="venue-disable" aria-label=aria>
                    "Disable"
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <tr data-testid="venue-row" data-name=row.name.clone()>
            <td class=format!("{TD} font-medium text-slate-100")>{row.name.clone()}</td>
            <td class=format!("{TD} break-all font-mono text-xs")>{row.venue_id.clone()}</td>
            <td class=TD>{short_time(&row.created_at)}</td>
            <td class=TD>{status}</td>
        </tr>
    }
}

/// A labelled input of the sandbox form (ids prefixed `sandbox-`).
#[component]
fn SandboxInput(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] value: Option<RwSignal<String>>,
    #[prop(optional)] initial: &'static str,
) -> impl IntoView {
    let id = format!("sandbox-{name}");
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let current = move || value.map_or_else(|| initial.to_owned(), |v| v.get());
    view! {
        <div class="space-y-1.5">
            <label for=id.clone() class=LABEL>{label}</label>
            <input
                id=id.clone()
                name=name
                autocomplete="off"
                class=INPUT
                data-testid=id
                prop:value=current
                aria-describedby=hint_id.clone()
            />
            {hint.map(|h| view! { <p id=hint_id.clone() class="text-xs text-slate-500">{h}</p> })}
        </div>
    }
}

/// The sandbox: sign and send an operation, show the exchange.
#[component]
fn Sandbox(venue_id: RwSignal<String>, secret: RwSignal<String>) -> impl IntoView {
    let send = ServerAction::<VenueSandbox>::new();
    view! {
        <section class=format!("{CARD} mt-8") aria-labelledby="sandbox-heading">
            <h2 id="sandbox-heading" class="text-lg font-semibold text-white">"Sandbox"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "Sign a request as the venue's system would (HMAC-SHA256 over timestamp, nonce and body) and send it to this server's venue API. The fields a request does not use are ignored. The same from a shell: croupier venue sign --venue-id … --secret … --path /cards/lookup --body '{…}' --url http://…"
            </p>
            <ActionForm action=send attr:class="mt-4 grid gap-4 sm:grid-cols-2" attr:data-testid="sandbox-form">
                <SandboxInput label="Venue id" name="venue_id" value=venue_id/>
                <SandboxInput label="Secret" name="secret" value=secret hint="Filled in after you create a venue; otherwise paste it."/>
                <div class="space-y-1.5">
                    <label for="sandbox-operation" class=LABEL>"Request"</label>
                    <select id="sandbox-operation" name="operation" class=INPUT data-testid="sandbox-operation">
                        <option value="lookup" selected=true>"Look up a card (/cards/lookup)"</option>
                        <option value="play">"Post play (/play)"</option>
                        <option value="redemption">"Redeem points (/redemptions)"</option>
                    </select>
                </div>
                <SandboxInput label="Card number" name="card_number" hint="16 digits, from the player's loyalty page."/>
                <div class="space-y-1.5">
                    <label for="sandbox-kind" class=LABEL>"Play kind"</label>
                    <select id="sandbox-kind" name="kind" class=INPUT data-testid="sandbox-kind">
                        <option value="slot" selected=true>"Slot"</option>
                        <option value="table">"Table"</option>
                    </select>
                </div>
                <SandboxInput label="Amount played" name="amount" initial="10.00"/>
                <SandboxInput label="Currency" name="currency" initial="EUR"/>
                <SandboxInput label="Points to redeem" name="points" initial="10"/>
                <SandboxInput label="Reference" name="reference" hint="The venue's id of a play or redemption; send it again to see that a repeat has no second effect."/>
                <div class="flex items-end">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="sandbox-send" disabled=move || send.pending().get()>
                        "Sign and send"
                    </button>
                </div>
            </ActionForm>
            <div aria-live="polite">{move || send.value().get().map(exchange)}</div>
        </section>
    }
}

/// The signed request and the answer.
fn exchange(result: Result<SandboxOutcome, ServerFnError>) -> AnyView {
    match result {
        Ok(o) if o.sent => {
            let headers = o
                .headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n");
            let request = format!("{}\n{headers}\n\n{}", o.request_line, o.body);
            let ok = (200..300).contains(&o.status);
            view! {
                <div class="mt-4 grid gap-4 lg:grid-cols-2">
                    <div>
                        <h3 class="text-sm font-semibold text-slate-200">"Signed request"</h3>
                        <pre class=PRE data-testid="sandbox-request">{request}</pre>
                    </div>
                    <div>
                        <h3 class="text-sm font-semibold text-slate-200">
                            "Answer: "
                            <span data-testid="sandbox-status" class=if ok { "text-emerald-300" } else { "text-rose-300" }>
                                {format!("HTTP {}", o.status)}
                            </span>
                        </h3>
                        <pre class=PRE data-testid="sandbox-answer">{o.answer}</pre>
                    </div>
                </div>
            }
            .into_any()
        }
        Ok(o) => view! {
            <p role="alert" class="mt-3 text-sm text-rose-300" data-testid="sandbox-error">{o.message}</p>
        }
        .into_any(),
        Err(_) => view! {
            <p role="alert" class="mt-3 text-sm text-rose-300" data-testid="sandbox-error">
                "Something went wrong. Please try again."
            </p>
        }
        .into_any(),
    }
}
