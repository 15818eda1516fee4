//! The one application error, [`AppError`] (from `passeurs-core`: the browser and the
//! domain share it), and how a page or server function sets the status of its response.

pub use passeurs_core::error::*;

/// Sets the status of the current response, and `Retry-After` when the error says how
/// long to wait.
pub fn set_error_status(error: &AppError) {
    set_http_status(error.status_code());
    #[cfg(feature = "ssr")]
    if let (Some(options), Some(seconds)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        error.retry_after_seconds(),
    ) {
        options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
    }
}

/// Sets the HTTP status of the response being rendered or answered (404 for a missing
/// sheet, 422 for a refused form…). Does nothing outside the server.
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    {
        if let (Some(options), Ok(status)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(code),
        ) {
            options.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
