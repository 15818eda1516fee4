//! The helper that sets the HTTP status of the page being rendered.

/// Sets the HTTP status of the response being rendered (404 for a missing sheet…).
/// Does nothing outside server rendering.
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
