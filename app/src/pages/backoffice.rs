//! `/backoffice`: the staff frame and its general sections. The layout asks
//! the server who the caller is and which sections their roles allow
//! (`backoffice_overview`); players get a 403 page and signed-out visitors a
//! redirect to `/login`. Only sections that exist are listed. This module
//! has the overview, players and the audit log; the other consoles live in
//! their own modules (`compliance`, `finance`, `casino_admin`, `trading`,
//! `player_wallet`).

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form, Outlet, Redirect};
use leptos_router::hooks::use_query_map;

use crate::api::{audit_log, backoffice_overview, list_players};
use crate::components::{
    BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, LoadError, Loading, short_time,
};
use crate::model::{AUDIT_LOG_LIMIT, PLAYERS_PAGE_SIZE, percent_encode};
use crate::pages::errors::{Forbidden, NotFound, error_code, is_forbidden, is_unauthorized};
use crate::session::use_session;

/// Renders the answer of a role-checked server function: the view on
/// success, a redirect to `/login` when signed out, the 403 page when the
/// roles do not allow it, a generic message otherwise.
pub(crate) fn guarded<T, V>(
    result: Result<T, ServerFnError>,
    view: impl FnOnce(T) -> V,
) -> EitherOf4<V, impl IntoView, impl IntoView, impl IntoView>
where
    V: IntoView,
{
    match result {
        Ok(value) => EitherOf4::A(view(value)),
        Err(e) if is_unauthorized(&e) => EitherOf4::B(view! { <Redirect path="/login"/> }),
        Err(e) if is_forbidden(&e) => EitherOf4::C(view! { <Forbidden/> }),
        Err(e) if error_code(&e) == Some(crate::model::codes::NOT_FOUND) => {
            EitherOf4::D(view! { <NotFound/> }.into_any())
        }
        Err(_) => EitherOf4::D(view! { <LoadError/> }.into_any()),
    }
}

/// The back-office frame: role-filtered navigation and the section outlet.
#[component]
pub fn BackofficeLayout() -> impl IntoView {
    let session = use_session();
    let overview = crate::resource::resource(move || session.revision(), |_| backoffice_overview());
    let link = "block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium text-slate-300 hover:bg-slate-800 hover:text-white aria-[current=page]:bg-emerald-400/10 aria-[current=page]:text-emerald-300";

    view! {
        <Title text="Back office · Croupier"/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    overview.await,
                    move |ov| {
                        view! {
                            // `grid-cols-1` (minmax(0, 1fr)) and `min-w-0`: on a
                            // phone the navigation scrolls inside its row
                            // instead of widening the page.
                            <div class="grid grid-cols-1 gap-6 md:grid-cols-[13rem_1fr]">
                                <aside class="min-w-0">
                                    <p class="px-3 text-xs font-semibold uppercase tracking-widest text-slate-500">
                                        "Back office"
                                    </p>
                                    <nav
                                        aria-label="Back office"
                                        data-testid="backoffice-nav"
                                        class="mt-2 flex gap-1 overflow-x-auto md:flex-col"
                                    >
                                        {ov
                                            .sections
                                            .into_iter()
                                            .map(|s| {
                                                view! {
                                                    <A href=s.href exact=true attr:class=link>
                                                        {s.label}
                                                    </A>
                                                }
                                            })
                                            .collect_view()}
                                    </nav>
                                </aside>
                                <section class="min-w-0">
                                    <Outlet/>
                                </section>
                            </div>
                        }
                    },
                )
            })}
        </Suspense>
    }
}

/// `/backoffice`: who you are, your roles and what each role may do.
#[component]
pub fn Overview() -> impl IntoView {
    let session = use_session();
    let overview = crate::resource::resource(move || session.revision(), |_| backoffice_overview());
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    overview.await,
                    |ov| {
                        let roles = ov.user.roles.join(", ");
                        view! {
                            <h1 class="text-2xl font-bold tracking-tight text-white">"Overview"</h1>
                            <p class="mt-2 text-slate-400">
                                "Signed in as "
                                <span class="font-medium text-slate-100" data-testid="backoffice-user">
                                    {ov.user.email.clone()}
                                </span>
                                " with the roles "
                                <span class="font-medium text-emerald-300" data-testid="backoffice-roles">
                                    {roles}
                                </span>
                                "."
                            </p>
                            <div class=format!("{CARD} mt-6 overflow-x-auto p-0 sm:p-0")>
                                <table class="w-full text-left text-sm">
                                    <caption class="sr-only">"Back-office roles"</caption>
                                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                                        <tr>
                                            <th scope="col" class="px-4 py-3">"Role"</th>
                                            <th scope="col" class="px-4 py-3">"May"</th>
                                            <th scope="col" class="px-4 py-3">"You"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-800">
                                        {ov
                                            .roles
                                            .into_iter()
                                            .map(|r| {
                                                view! {
                                                    <tr>
                                                        <td class="px-4 py-3 font-mono text-slate-200">{r.code}</td>
                                                        <td class="px-4 py-3 text-slate-300">{r.description}</td>
                                                        <td class="px-4 py-3">
                                                            {r
                                                                .held
                                                                .then(|| {
                                                                    view! {
                                                                        <span class="rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300">
                                                                            "held"
                                                                        </span>
                                                                    }
                                                                })}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                    },
                )
            })}
        </Suspense>
    }
}

/// `/backoffice/players`: registered users, searchable by e-mail prefix,
/// paged (admin, compliance).
#[component]
pub fn Players() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(0)
        })
    };
    let players =
        crate::resource::resource(move || (search(), page()), |(q, p)| list_players(q, p));

    view! {
        <Title text="Players · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Players"</h1>
        <Form method="GET" action="/backoffice/players" attr:class="mt-4 flex max-w-xl flex-wrap items-end gap-3" attr:role="search">
            <div class="min-w-0 flex-1 space-y-1.5">
                <label for="q" class="block text-sm font-medium text-slate-200">
                    "E-mail starts with"
                </label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    data-testid="players-search"
                    class=INPUT
                    prop:value=search
                />
            </div>
            <button type="submit" class=BUTTON_PRIMARY>
                "Search"
            </button>
        </Form>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    players.await,
                    move |p| {
                        let q = search();
                        let prev = (p.page > 0)
                            .then(|| format!("/backoffice/players?q={}&page={}", percent_encode(&q), p.page - 1));
                        let next = p
                            .has_more
                            .then(|| format!("/backoffice/players?q={}&page={}", percent_encode(&q), p.page + 1));
                        let first = p.page * PLAYERS_PAGE_SIZE + 1;
                        let count = p.rows.len() as u64;
                        view! {
                            <p class="mt-4 text-sm text-slate-400">
                                {if count == 0 {
                                    "No users match.".to_owned()
                                } else {
                                    format!("Showing {first}–{}", first + count - 1)
                                }}
                            </p>
                            <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                                <table class="w-full min-w-[44rem] text-left text-sm" data-testid="players-table">
                                    <caption class="sr-only">"Registered users"</caption>
                                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                                        <tr>
                                            <th scope="col" class="px-4 py-3">"E-mail"</th>
                                            <th scope="col" class="px-4 py-3">"Roles"</th>
                                            <th scope="col" class="px-4 py-3">"Country"</th>
                                            <th scope="col" class="px-4 py-3">"Currency"</th>
                                            <th scope="col" class="px-4 py-3">"KYC"</th>
                                            <th scope="col" class="px-4 py-3">"Created (UTC)"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-800">
                                        {p
                                            .rows
                                            .into_iter()
                                            .map(|u| {
                                                view! {
                                                    <tr data-testid="player-row">
                                                        <td class="px-4 py-3 text-slate-100">
                                                            <A
                                                                href=format!("/backoffice/players/{}", u.user_id)
                                                                attr:class="hover:text-emerald-300 hover:underline"
                                                                attr:data-testid="player-wallet-link"
                                                            >
                                                                {u.email}
                                                            </A>
                                                        </td>
                                                        <td class="px-4 py-3 text-slate-300">{u.roles.join(", ")}</td>
                                                        <td class="px-4 py-3 text-slate-300">{u.country}</td>
                                                        <td class="px-4 py-3 text-slate-300">{u.currency}</td>
                                                        <td class="px-4 py-3 text-slate-300">{u.kyc_status}</td>
                                                        <td class="whitespace-nowrap px-4 py-3 text-slate-400">
                                                            {short_time(&u.created_at)}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <nav aria-label="Pages" class="mt-4 flex gap-3">
                                {prev
                                    .map(|href| {
                                        view! {
                                            <A href=href attr:class=BUTTON_SECONDARY>
                                                "Previous"
                                            </A>
                                        }
                                    })}
                                {next
                                    .map(|href| {
                                        view! {
                                            <A href=href attr:class=BUTTON_SECONDARY>
                                                "Next"
                                            </A>
                                        }
                                    })}
                            </nav>
                        }
                    },
                )
            })}
        </Suspense>
    }
}

/// `/backoffice/audit`: the latest audit-log rows (admin, compliance).
#[component]
pub fn AuditLog() -> impl IntoView {
    let rows = crate::resource::resource(|| (), |_| audit_log());
    view! {
        <Title text="Audit log · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Audit log"</h1>
        <p class="mt-2 text-sm text-slate-400">
            {format!("The latest {AUDIT_LOG_LIMIT} back-office actions, newest first.")}
        </p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    rows.await,
                    |rows| {
                        if rows.is_empty() {
                            return Either::Left(view! {
                                <p class="mt-4 text-sm text-slate-400">"Nothing recorded yet."</p>
                            });
                        }
                        Either::Right(view! {
                            <div class=format!("{CARD} mt-4 overflow-x-auto p-0 sm:p-0")>
                                <table class="w-full min-w-[44rem] text-left text-sm" data-testid="audit-table">
                                    <caption class="sr-only">"Audit log"</caption>
                                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                                        <tr>
                                            <th scope="col" class="px-4 py-3">"When (UTC)"</th>
                                            <th scope="col" class="px-4 py-3">"Action"</th>
                                            <th scope="col" class="px-4 py-3">"Subject"</th>
                                            <th scope="col" class="px-4 py-3">"Actor"</th>
                                            <th scope="col" class="px-4 py-3">"Details"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-800">
                                        {rows
                                            .into_iter()
                                            .map(|r| {
                                                let details: String = r.details.chars().take(200).collect();
                                                view! {
                                                    <tr data-testid="audit-row">
                                                        <td class="whitespace-nowrap px-4 py-3 text-slate-400">
                                                            {short_time(&r.created_at)}
                                                        </td>
                                                        <td class="px-4 py-3 font-mono text-slate-100">{r.action}</td>
                                                        <td class="px-4 py-3 font-mono text-xs text-slate-300">{r.subject}</td>
                                                        <td class="px-4 py-3 font-mono text-xs text-slate-400">
                                                            {r.actor_id.unwrap_or_else(|| "system".to_owned())}
                                                        </td>
                                                        <td class="max-w-xs truncate px-4 py-3 font-mono text-xs text-slate-400" title=r.details.clone()>
                                                            {details}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        })
                    },
                )
            })}
        </Suspense>
    }
}
