//! The WASM entry: hydrates the islands of the server-rendered page, nothing else.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console while developing; the release bundle leaves the hook
    // (and the formatting it pulls in) out to stay within its size budget.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Islands register themselves; `app` must be linked for them to exist.
    let _ = app::texts::PLATFORM_NAME;
    leptos::mount::hydrate_islands();
}
