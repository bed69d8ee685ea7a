//! The signed-in user as app-wide state: the login, registration and logout
//! actions, and the current-user resource that refetches after each of them.

use leptos::prelude::*;

use crate::api::{Login, Logout, Register, current_user};
use crate::model::{FormOutcome, SessionInfo};
use crate::resource::JsonBytes;

/// Session state shared through context (all fields are `Copy` handles).
#[derive(Clone, Copy)]
pub struct Session {
    /// The login form's action.
    pub login: ServerAction<Login>,
    /// The registration form's action.
    pub register: ServerAction<Register>,
    /// The logout button's action.
    pub logout: ServerAction<Logout>,
    /// The signed-in user (`Ok(None)` when signed out).
    pub user: Resource<Result<Option<SessionInfo>, ServerFnError>, JsonBytes>,
}

impl Session {
    /// A value that changes whenever the session may have changed; track it
    /// to refetch data that depends on who is signed in.
    pub fn revision(&self) -> usize {
        self.login.version().get() + self.register.version().get() + self.logout.version().get()
    }
}

/// Creates the session state and provides it as context.
pub fn provide_session() -> Session {
    let login = ServerAction::<Login>::new();
    let register = ServerAction::<Register>::new();
    let logout = ServerAction::<Logout>::new();
    let user = crate::resource::resource(
        move || login.version().get() + register.version().get() + logout.version().get(),
        |_| current_user(),
    );
    let session = Session {
        login,
        register,
        logout,
        user,
    };
    provide_context(session);
    session
}

/// The session state provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// What a form shows: the answer of this page's latest submission, or, before
/// any, a failure carried in the query string by a submission made without
/// JavaScript.
pub fn form_outcome(
    version: RwSignal<usize>,
    value: impl Fn() -> Option<Result<FormOutcome, ServerFnError>> + Send + Sync + 'static,
) -> Signal<Option<FormOutcome>> {
    let start = version.get_untracked();
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        if version.get() > start {
            match value() {
                Some(Ok(outcome)) => Some(outcome),
                Some(Err(_)) => Some(FormOutcome::form(
                    "Something went wrong. Please check your connection and try again.",
                )),
                None => None,
            }
        } else {
            query.with(|q| FormOutcome::from_query(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
        }
    })
}

/// Navigates to `to` once this page's submission of `version`'s action
/// succeeded (`ok` tells success from the answer).
pub fn navigate_on_success(
    version: RwSignal<usize>,
    ok: impl Fn() -> bool + 'static,
    to: &'static str,
) {
    let start = version.get_untracked();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if version.get() > start && ok() {
            navigate(to, Default::default());
        }
    });
}
