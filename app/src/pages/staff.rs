//! `/backoffice/staff` (admin only): the staff accounts with their roles
//! and whether they may log in, a form to create one, role checkboxes per
//! account, and disable/enable. Every form is an `ActionForm`, so it works
//! with the keyboard and before the WebAssembly has loaded; the server
//! checks the admin role on every call and refuses an admin locking
//! themselves out.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::{
    STAFF_ROLES, StaffCreate, StaffOutcome, StaffRow, StaffSetDisabled, StaffSetRoles, staff_list,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Field, FormErrorBanner, Loading};
use crate::model::FormOutcome;
use crate::pages::backoffice::guarded;

const TH: &str = "px-4 py-3";
const TD: &str = "px-4 py-3 align-top text-slate-300";
const CHECKBOX: &str = "h-4 w-4 accent-emerald-400";

/// A role code as people read it (`vip_manager` → `VIP manager`).
fn role_label(code: &str) -> &'static str {
    match code {
        "admin" => "Admin",
        "trader" => "Trader",
        "marketing" => "Marketing",
        "vip_manager" => "VIP manager",
        "compliance" => "Compliance",
        _ => "Unknown",
    }
}

/// The latest answer of a staff action, as a status line.
fn notice(outcome: Option<Result<StaffOutcome, ServerFnError>>) -> Option<AnyView> {
    outcome.map(|o| {
        let (ok, message) = match o {
            Ok(o) => (o.ok, o.message),
            Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
        };
        view! {
            <p
                role=if ok { "status" } else { "alert" }
                data-testid="staff-notice"
                class=if ok { "mt-3 text-sm text-emerald-300" } else { "mt-3 text-sm text-rose-300" }
            >
                {message}
            </p>
        }
        .into_any()
    })
}

/// `/backoffice/staff`.
#[component]
pub fn StaffAccounts() -> impl IntoView {
    let create = ServerAction::<StaffCreate>::new();
    let set_roles = ServerAction::<StaffSetRoles>::new();
    let set_disabled = ServerAction::<StaffSetDisabled>::new();
    let rows = crate::resource::resource(
        move || {
            (
                create.version().get(),
                set_roles.version().get(),
                set_disabled.version().get(),
            )
        },
        |_| staff_list(),
    );
    // The row forms share two actions: the newest answer of either is shown.
    let last_row_change = RwSignal::new(None::<Result<StaffOutcome, ServerFnError>>);
    Effect::new(move |_| {
        if let Some(v) = set_roles.value().get() {
            last_row_change.set(Some(v));
        }
    });
    Effect::new(move |_| {
        if let Some(v) = set_disabled.value().get() {
            last_row_change.set(Some(v));
        }
    });

    view! {
        <Title text="Staff · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Staff"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Back-office accounts and their roles. Staff log in on the usual login page. A disabled account cannot log in and is signed out at once. You cannot remove your own admin role or disable yourself."
        </p>
        <CreateStaff create/>
        <section class="mt-8" aria-labelledby="staff-accounts-heading">
            <h2 id="staff-accounts-heading" class="text-lg font-semibold text-white">"Accounts"</h2>
            <div aria-live="polite">{move || notice(last_row_change.get())}</div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    guarded(rows.await, move |page| view! {
                        <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                            <table class="w-full min-w-[40rem] text-left text-sm" data-testid="staff-table">
                                <caption class="sr-only">"Staff accounts"</caption>
                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                    <tr>
                                        <th scope="col" class=TH>"E-mail"</th>
                                        <th scope="col" class=TH>"Roles"</th>
                                        <th scope="col" class=TH>"Status"</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-800">
                                    {page
                                        .rows
                                        .into_iter()
                                        .map(|row| view! { <StaffRowView row set_roles set_disabled/> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })
                })}
            </Transition>
        </section>
    }
}

/// The create form.
#[component]
fn CreateStaff(create: ServerAction<StaffCreate>) -> impl IntoView {
    let outcome: Signal<Option<FormOutcome>> = Signal::derive(move || {
        create.value().get().map(|r| match r {
            Ok(o) => o.form,
            Err(_) => FormOutcome::form("Something went wrong. Please try again."),
        })
    });
    let roles_error = move || outcome.get().and_then(|o| o.field("roles"));
    let form = NodeRef::<leptos::html::Form>::new();
    // A created account clears the form for the next one.
    Effect::new(move |_| {
        if let Some(Ok(StaffOutcome { ok: true, .. })) = create.value().get()
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="staff-create-heading">
            <h2 id="staff-create-heading" class="text-lg font-semibold text-white">"New staff account"</h2>
            <ActionForm action=create node_ref=form attr:novalidate=true attr:class="mt-4 grid gap-4 sm:grid-cols-2" attr:data-testid="staff-create-form">
                <div class="sm:col-span-2">
                    <FormErrorBanner outcome/>
                </div>
                <Field label="E-mail" name="email" kind="email" autocomplete="off" outcome/>
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint="8 to 128 characters. Share it with the person safely."
                    outcome
                />
                <fieldset
                    class="sm:col-span-2"
                    aria-describedby=move || roles_error().map(|_| "error-roles")
                >
                    <legend class="text-sm font-medium text-slate-200">"Roles"</legend>
                    <div class="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                        {STAFF_ROLES
                            .iter()
                            .map(|code| {
                                let id = format!("new-role-{code}");
                                let (label_for, testid) = (id.clone(), id.clone());
                                view! {
                                    <label for=label_for class="flex items-center gap-2 text-sm text-slate-200">
                                        <input id=id type="checkbox" name=*code class=CHECKBOX data-testid=testid/>
                                        {role_label(code)}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    {move || roles_error().map(|msg| view! {
                        <p id="error-roles" data-testid="error-roles" class="mt-1.5 text-sm text-rose-300">{msg}</p>
                    })}
                </fieldset>
                <div class="flex flex-wrap items-center gap-3 sm:col-span-2">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="staff-create" disabled=move || create.pending().get()>
                        "Create account"
                    </button>
                </div>
            </ActionForm>
            <div aria-live="polite">
                {move || create.value().get().filter(|r| matches!(r, Ok(o) if o.ok)).map(|r| notice(Some(r)))}
            </div>
        </section>
    }
}

/// One account: its roles form and its disable/enable button.
#[component]
fn StaffRowView(
    row: StaffRow,
    set_roles: ServerAction<StaffSetRoles>,
    set_disabled: ServerAction<StaffSetDisabled>,
) -> impl IntoView {
    let key = row.user_id.clone();
    let legend = format!("Roles of {}", row.email);
    let (roles_user, held_roles, is_self) = (row.user_id.clone(), row.roles.clone(), row.is_self);
    let roles_form = view! {
        <ActionForm action=set_roles attr:class="flex flex-wrap items-center gap-x-4 gap-y-2">
            <input type="hidden" name="user_id" value=roles_user/>
            <fieldset class="flex flex-wrap gap-x-4 gap-y-2">
                <legend class="sr-only">{legend}</legend>
                {STAFF_ROLES
                    .iter()
                    .map(|code| {
                        let id = format!("role-{code}-{key}");
                        let held = held_roles.iter().any(|r| r == code);
                        // Your own admin box is fixed: the server refuses
                        // removing it, so the page does not offer it, and a
                        // hidden field keeps it in the form.
                        let locked = is_self && *code == "admin";
                        view! {
                            <label for=id.clone() class="flex items-center gap-1.5 whitespace-nowrap text-slate-200">
                                <input
                                    id=id.clone()
                                    type="checkbox"
                                    name=*code
                                    checked=held
                                    disabled=locked
                                    class=CHECKBOX
                                    data-testid=format!("row-role-{code}")
                                />
                                {role_label(code)}
                            </label>
                            {locked.then(|| view! { <input type="hidden" name="admin" value="on"/> })}
                        }
                    })
                    .collect_view()}
            </fieldset>
            <button type="submit" class=format!("{BUTTON_SECONDARY} px-3 py-1.5") data-testid="staff-save-roles">
                "Save roles"
            </button>
        </ActionForm>
    };
    let status = if row.disabled {
        view! {
            <span data-testid="staff-status" class="rounded-full bg-rose-500/15 px-2 py-0.5 text-xs font-semibold text-rose-200">"Disabled"</span>
        }
        .into_any()
    } else {
        view! {
            <span data-testid="staff-status" class="rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300">"Active"</span>
        }
        .into_any()
    };
    let toggle = if row.is_self {
        view! { <p class="mt-2 text-xs text-slate-500">"This is you."</p> }.into_any()
    } else {
        let (label, value) = if row.disabled {
            ("Enable", "false")
        } else {
            ("Disable", "true")
        };
        let toggle_user = row.user_id.clone();
        let aria = format!("{label} {}", row.email);
        view! {
            <ActionForm action=set_disabled attr:class="mt-2">
                <input type="hidden" name="user_id" value=toggle_user/>
                <input type="hidden" name="disabled" value=value/>
                <button
                    type="submit"
                    class=format!("{BUTTON_SECONDARY} px-3 py-1.5")
                    data-testid="staff-toggle"
                    aria-label=aria
                >
                    {label}
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <tr data-testid="staff-row" data-email=row.email.clone()>
            <td class=format!("{TD} break-all font-medium text-slate-100")>{row.email.clone()}</td>
            <td class=TD>{roles_form}</td>
            <td class=TD>{status}{toggle}</td>
        </tr>
    }
}
