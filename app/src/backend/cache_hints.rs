//! What a page says to the host's page cache (the `server` crate's `page_cache`): until
//! when it is valid, or that its address moved for good. Set from the server function that
//! renders the page, read by the cache before the answer leaves the server.

use http::HeaderValue;

/// The internal response header through which a page says until when it is valid (a Unix
/// time in seconds); the cache takes it off before anything leaves the server.
pub const VALID_UNTIL_HEADER: &str = "x-page-valid-until";

/// Says, from the server function that renders a public page, until when that page is
/// valid (seconds since 1970; `None`: until the next change of public content).
pub fn valid_until(at: Option<i64>) {
    let (Some(at), Some(response)) = (
        at,
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&at.to_string()) {
        response.insert_header(http::HeaderName::from_static(VALID_UNTIL_HEADER), value);
    }
}

/// Answers the page being rendered with `301 Moved Permanently` to `path` (an address
/// that changed for good: a renamed theme).
pub fn redirect_permanently(path: &str) {
    leptos_axum::redirect(path);
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::MOVED_PERMANENTLY);
    }
}
