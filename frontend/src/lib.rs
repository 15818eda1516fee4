//! The WASM entry: hydrates the islands of the server-rendered page, nothing else.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands register themselves; `app` must be linked for them to exist.
    let _ = app::PLATFORM_NAME;
    leptos::mount::hydrate_islands();
}
