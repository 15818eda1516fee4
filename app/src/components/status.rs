//! The status of an action and its progress, readable by eye and by screen readers; and
//! the helper that sets the HTTP status of the page being rendered.

use leptos::prelude::*;

use crate::model::ActionStatus;

/// A status badge and a progress bar whose value is also written out as text.
#[component]
pub fn StatusAndProgress(status: ActionStatus, progress: i32) -> impl IntoView {
    let class = format!("status status-{}", status.code());
    view! {
        <div class="status-progress">
            <p>
                <span class="visually-hidden">"Statut : "</span>
                <span class=class>{status.label()}</span>
            </p>
            <p class="progress-line">
                <progress max="100" value=progress aria-labelledby="avancement-texte"></progress>
                <span id="avancement-texte">{format!("Avancement : {progress} %")}</span>
            </p>
        </div>
    }
}

/// Sets the HTTP status of the response being rendered (404 for a missing sheet…).
/// Does nothing outside server rendering.
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    {
        if let (Some(options), Ok(status)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(code),
        ) {
            options.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
