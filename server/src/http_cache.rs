//! The middleware in front of public pages: answers anonymous GETs of the home page and
//! of sheet pages from the rendered-HTML cache (see `app::backend::page_cache`).

use app::backend::page_cache::CachedPage;
use app::backend::page_cache::PageCache;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A request carrying the session cookie may see private controls, so it is never
/// answered from, nor stored into, the shared cache.
use app::backend::auth::SESSION_COOKIE;

/// Largest page kept in the cache.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

fn is_cacheable(request: &Request) -> bool {
    if request.method() != Method::GET {
        return false;
    }
    let path = request.uri().path();
    let public_page = path == "/" || (path.starts_with("/actions/") && !path[9..].contains('/'));
    // Only the addresses pages are linked with: any other query string is rendered, not
    // cached, so random query strings cannot flush the cache.
    let plain_query = match request.uri().query() {
        None => true,
        Some(query) => {
            path == "/"
                && query.strip_prefix("page=").is_some_and(|n| {
                    !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit())
                })
        }
    };
    let signed_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| {
            cookies
                .split(';')
                .any(|c| c.trim().starts_with(SESSION_COOKIE))
        });
    public_page && plain_query && !signed_in
}

pub async fn cache_public_pages(
    State(cache): State<PageCache>,
    request: Request,
    next: Next,
) -> Response {
    if !is_cacheable(&request) {
        return next.run(request).await;
    }
    let key = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    if let Some(page) = cache.get(&key) {
        return cached_response(page, "hit");
    }
    let generation = cache.generation();
    let response = next.run(request).await;
    let private = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"));
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || private
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "cannot read a rendered page");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Une erreur est survenue. Réessayez.",
            )
                .into_response();
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/html; charset=utf-8")
        .to_owned();
    cache.insert(
        key,
        CachedPage {
            generation,
            content_type,
            body: bytes.clone(),
        },
    );
    parts
        .headers
        .insert("x-page-cache", HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(bytes))
}

fn cached_response(page: CachedPage, outcome: &'static str) -> Response {
    let content_type = HeaderValue::from_str(&page.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("text/html; charset=utf-8"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::HeaderName::from_static("x-page-cache"),
                HeaderValue::from_static(outcome),
            ),
        ],
        page.body,
    )
        .into_response()
}

/// After every request that may write (anything but GET, HEAD and OPTIONS: server
/// functions, uploads), reads the content generation at once, so the page this server
/// serves next already shows the change. The generation itself is kept by triggers in the
/// database (migration 0009): no server function or service has to remember either step.
/// Other servers catch up within `PAGE_CACHE_POLL_MS`.
pub async fn refresh_after_writes(
    State(state): State<app::backend::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let response = next.run(request).await;
    if writes {
        state.page_cache.refresh_after_change(&state.db).await;
    }
    response
}
