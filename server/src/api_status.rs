//! Server functions answer errors with status 500 unless they set another one, and errors
//! raised before a function runs (missing or malformed arguments) cannot set it. This
//! layer gives every server-function error the status its `AppError` deserves (422 for bad
//! input, 401, 403, 404, 409, 429…).

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Largest error body inspected.
const MAX_ERROR_BYTES: usize = 64 * 1024;

#[derive(serde::Deserialize)]
struct Wire {
    error: AppError,
}

pub async fn status_from_app_error(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return Response::from_parts(parts, Body::from("Une erreur est survenue. Réessayez."));
    };
    if let Ok(wire) = serde_json::from_slice::<Wire>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(wire.error.status_code()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
