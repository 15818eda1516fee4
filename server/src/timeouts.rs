//! Every request has a deadline, so a client that sends its body byte by byte cannot hold
//! a connection, a task and a database slot for ever: `REQUEST_TIMEOUT_SECS` in general,
//! `LONG_REQUEST_TIMEOUT_SECS` for photo uploads and CSV exports, which are slow honestly.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The two deadlines (`REQUEST_TIMEOUT_SECS`, `LONG_REQUEST_TIMEOUT_SECS`).
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    pub request: Duration,
    pub long: Duration,
}

/// Whether a request may take the long deadline: uploads of photos and the CSV exports.
fn is_long(method: &Method, path: &str) -> bool {
    (method == Method::POST && path.starts_with("/actions/") && path.ends_with("/photos"))
        || (method == Method::GET && path.ends_with(".csv"))
}

/// Answers 408 with a French message once the request's deadline has passed (the work
/// under way is dropped; a write in progress rolls back with its transaction).
pub async fn deadline(
    State(deadlines): State<Deadlines>,
    request: Request,
    next: Next,
) -> Response {
    let limit = if is_long(request.method(), request.uri().path()) {
        deadlines.long
    } else {
        deadlines.request
    };
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, seconds = limit.as_secs(), "request timed out");
            (
                StatusCode::REQUEST_TIMEOUT,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                app::error::AppError::TimedOut.to_string(),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uploads_and_exports_get_the_long_deadline() {
        let cases = [
            (Method::POST, "/actions/banquet/photos", true),
            (
                Method::GET,
                "/actions/banquet/evenements/3/inscriptions.csv",
                true,
            ),
            (Method::GET, "/actions/banquet/photos", false),
            (Method::POST, "/api/login", false),
            (Method::GET, "/actions/banquet", false),
        ];
        for (method, path, long) in cases {
            assert_eq!(is_long(&method, path), long, "{method} {path}");
        }
    }
}
