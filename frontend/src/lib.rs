//! The browser entry point: hydrates the server-rendered page with the same
//! `App` the server rendered, then marks the page as hydrated: the `hydrated`
//! class on `<html>` (until then the stylesheet shows buttons as not ready)
//! and `window.__croupier_hydrated`, so tests and scripts can wait for it.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the hydration script Leptos puts in the page.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
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
