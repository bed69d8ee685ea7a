//! Error pages: 404 for unknown paths and 403 for missing roles. Both set
//! the HTTP status while rendering on the server.

use crate::i18n::{Msg, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::BUTTON_SECONDARY;
use crate::model::codes;

/// Sets the response status during server rendering (no-op in the browser):
/// pages that find nothing to show answer 404, not 200.
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(_code),
    ) {
        res.set_status(status);
    }
}

/// The code carried by a server function's error (`unauthorized`,
/// `forbidden`, `internal`, ...).
pub fn error_code(error: &ServerFnError) -> Option<&str> {
    match error {
        ServerFnError::ServerError(code) => Some(code.as_str()),
        _ => None,
    }
}

/// True when the error means "sign in first".
pub fn is_unauthorized(error: &ServerFnError) -> bool {
    error_code(error) == Some(codes::UNAUTHORIZED)
}

/// True when the error means "your roles do not allow this".
pub fn is_forbidden(error: &ServerFnError) -> bool {
    error_code(error) == Some(codes::FORBIDDEN)
}

/// 404: nothing lives at this address.
#[component]
pub fn NotFound() -> impl IntoView {
    let l = use_locale();
    set_status(404);
    view! {
        <Title text=l.t(Msg::NotFoundTitle)/>
        <section class="mx-auto max-w-lg py-12 text-center" data-testid="not-found">
            <p class="text-sm font-semibold uppercase tracking-widest text-emerald-400">"404"</p>
            <h1 class="mt-2 text-3xl font-bold text-white">{l.t(Msg::PageNotFound)}</h1>
            <p class="mt-3 text-slate-400">{l.t(Msg::NothingHere)}</p>
            <A href="/" attr:class=format!("{BUTTON_SECONDARY} mt-6")>
                {l.t(Msg::BackToLobby)}
            </A>
        </section>
    }
}

/// 403: signed in, but the roles do not allow this page.
#[component]
pub fn Forbidden() -> impl IntoView {
    let l = use_locale();
    set_status(403);
    view! {
        <Title text=l.t(Msg::NotAllowedTitle)/>
        <section class="mx-auto max-w-lg py-12 text-center" data-testid="forbidden">
            <p class="text-sm font-semibold uppercase tracking-widest text-rose-400">"403"</p>
            <h1 class="mt-2 text-3xl font-bold text-white">{l.t(Msg::NotAllowed)}</h1>
            <p class="mt-3 text-slate-400">
                {l.t(Msg::NoRole)}
            </p>
            <A href="/" attr:class=format!("{BUTTON_SECONDARY} mt-6")>
                {l.t(Msg::BackToLobby)}
            </A>
        </section>
    }
}
