//! The browser entry point: hydrates the server-rendered page with the same
//! `App` the server rendered, once the lazily loaded modules of the page's
//! route have arrived (`hydrate_from_async`), then marks the page as
//! hydrated: the `hydrated` class on `<html>` (until then the stylesheet
//! shows buttons as not ready) and `window.__croupier_hydrated`, so tests
//! and scripts can wait for it.

// The app's route tree, lazy routes and all, is one deeply nested type
// whose hydration future needs more than the default 128.
#![recursion_limit = "256"]

use leptos::prelude::Set;
use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the hydration script Leptos puts in the page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body, app::App).await;
        owner.forget();
        app::page_hydrated().set(true);
        mark_hydrated();
    });
}

/// Tells the stylesheet, tests and scripts that the page is live.
fn mark_hydrated() {
    if let Some(window) = web_sys::window() {
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.class_list().add_1("hydrated");
        }
        let _ = js_sys::Reflect::set(
            &window,
            &wasm_bindgen::JsValue::from_str("__croupier_hydrated"),
            &wasm_bindgen::JsValue::TRUE,
        );
    }
}
