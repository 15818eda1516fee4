//! Downloads that are files rather than pages: an event's participant list as CSV
//! (référents and administrators only) and a registration's `.ics` calendar file.

use app::backend::db::events;
use app::backend::{auth, calendar, export, notices, AppState};
use app::model::CurrentUser;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

fn french(status: StatusCode, message: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        message.to_owned(),
    )
        .into_response()
}

fn not_found() -> Response {
    french(
        StatusCode::NOT_FOUND,
        &app::error::AppError::NotFound.to_string(),
    )
}

fn internal(error: app::backend::DomainError) -> Response {
    crate::api_status::database_failure("an export", error)
}

/// `GET /actions/{slug}/evenements/{id}/inscriptions.csv`
pub async fn participants_csv(
    State(state): State<AppState>,
    Path((slug, event_id)): Path<(String, i64)>,
    user: Option<Extension<CurrentUser>>,
) -> Response {
    let Some(Extension(user)) = user else {
        return french(
            StatusCode::UNAUTHORIZED,
            &app::error::AppError::Unauthorized.to_string(),
        );
    };
    let event = match events::find(&state.db, event_id).await {
        Ok(Some(event)) if event.action_slug == slug => event,
        Ok(_) => return not_found(),
        Err(error) => return internal(error),
    };
    if !user.can_edit(event.action_id) {
        return french(
            StatusCode::FORBIDDEN,
            &app::error::AppError::Forbidden.to_string(),
        );
    }
    let rows = match events::participants(&state.db, event_id).await {
        Ok(rows) => rows,
        Err(error) => return internal(error),
    };
    let file_name = format!("inscriptions-{}-{event_id}.csv", event.action_slug);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        export::participants_csv(&rows),
    )
        .into_response()
}

/// `GET /inscription/{token}/evenement.ics`
pub async fn registration_ics(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Response {
    let registration = match events::find_by_token(&state.db, &auth::token_hash(token.trim())).await
    {
        Ok(Some(registration)) => registration,
        Ok(None) => return not_found(),
        Err(error) => return internal(error),
    };
    let event = match events::find(&state.db, registration.event_id).await {
        Ok(Some(event)) => event,
        Ok(None) => return not_found(),
        Err(error) => return internal(error),
    };
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"evenement.ics\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        calendar::document(
            &state.public_url,
            app::texts::PLATFORM_NAME,
            &[notices::EventDetails::from(&event)],
        ),
    )
        .into_response()
}
