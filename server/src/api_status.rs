//! Server functions answer errors with status 500 unless they set another one, and errors
//! raised before a function runs (missing or malformed arguments) cannot set it. This
//! layer gives every server-function error the status its `AppError` deserves (422 for bad
//! input, 401, 403, 404, 409, 429, 503…) and the `Retry-After` it calls for. A plain form
//! (no JavaScript) that meets an unavailable database gets a French page, not JSON.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
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
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return Response::from_parts(parts, Body::from("Une erreur est survenue. Réessayez."));
    };
    let Ok(Wire { error }) = serde_json::from_slice::<Wire>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        if let Ok(status) = StatusCode::from_u16(error.status_code()) {
            parts.status = status;
        }
    }
    if let Some(seconds) = error.retry_after_seconds() {
        parts
            .headers
            .entry(header::RETRY_AFTER)
            .or_insert_with(|| HeaderValue::from(seconds));
    }
    if error == AppError::Unavailable && wants_html {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from(unavailable_page()));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The page a form sent without JavaScript gets while the database is away: what
/// happened, and the way back to the form (still filled in).
pub fn unavailable_page() -> String {
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Service momentanément indisponible — Passeurs</title></head>\
         <body><main><h1>Service momentanément indisponible</h1><p>{}</p>\
         <p>Revenez à la page précédente avec le bouton « Retour » de votre navigateur : \
         ce que vous avez écrit y est encore.</p><p><a href=\"/\">Accueil</a></p></main>\
         </body></html>",
        AppError::Unavailable
    )
}

/// The answer of a handler outside the server functions (feeds, exports) whose database
/// query failed: `503` with `Retry-After` when the database is away or busy, `500`
/// otherwise; in French, never cached, the cause logged with `context`.
pub fn database_failure(context: &str, error: app::backend::DomainError) -> Response {
    let error = AppError::from(error);
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!("{context} failed");
    }
    error_response(&error)
}

/// `error` as a handler outside the server functions answers it: its status, its French
/// text, never cached, and `Retry-After` when it calls for one.
pub fn error_response(error: &AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::from(error.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(seconds) = error.retry_after_seconds() {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
