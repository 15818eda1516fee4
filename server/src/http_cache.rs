//! The rendered-page cache over HTTP (see [`crate::page_cache`]): anonymous GETs of
//! public pages answered in front of the router, in the encoding the browser asks for,
//! with an `ETag` per encoding and `304 Not Modified` for a revisit; other spellings of
//! those addresses redirected to the canonical one; private pages marked `no-store`.

use std::convert::Infallible;
use std::future::Ready;
use std::sync::Arc;
use std::task::{Context, Poll};

use app::backend::auth::SESSION_COOKIE;
use app::backend::cache_hints::VALID_UNTIL_HEADER;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::future::Either;
use http_body_util::BodyExt;

use crate::page_cache::{CachedPage, Effort, Encoding, PageCache, PageKey, MAX_PAGE_BYTES};
use crate::security::SecurityHeaders;

/// A request carrying the session cookie may see private controls, so it is never
/// answered from, nor stored into, the shared cache.
fn signed_in(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| {
            cookies
                .split(';')
                .any(|c| c.trim().starts_with(SESSION_COOKIE))
        })
}

/// What a request asks of the page cache.
enum Lookup {
    /// Not a public page, or asked by someone signed in: rendered, never kept.
    Uncached,
    /// Another spelling of a public page's address.
    Redirect(String),
    /// A public page: its key, the encoding to answer in, the revisit's validator.
    Page {
        key: String,
        encoding: Encoding,
        if_none_match: Option<HeaderValue>,
    },
}

impl Lookup {
    fn of(request: &Request) -> Lookup {
        if request.method() != Method::GET || signed_in(request.headers()) {
            return Lookup::Uncached;
        }
        match PageKey::of(request.uri().path(), request.uri().query()) {
            PageKey::Uncached => Lookup::Uncached,
            PageKey::Redirect(canonical) => Lookup::Redirect(canonical),
            PageKey::Cached(key) => Lookup::Page {
                key,
                encoding: Encoding::negotiate(
                    request
                        .headers()
                        .get(header::ACCEPT_ENCODING)
                        .and_then(|v| v.to_str().ok()),
                ),
                if_none_match: request.headers().get(header::IF_NONE_MATCH).cloned(),
            },
        }
    }
}

/// In front of the router and all its layers: a GET of a public page the cache holds
/// is answered at once, with the security headers every answer carries — no routing, no
/// middleware, nothing else to run (that fixed cost was most of a hit's time). Everything
/// else, misses included, goes to the router, where [`cache_public_pages`] renders and
/// keeps pages.
#[derive(Clone)]
pub struct CacheFront<S> {
    cache: PageCache,
    security: SecurityHeaders,
    inner: S,
}

impl<S> CacheFront<S> {
    pub fn new(cache: PageCache, security: SecurityHeaders, inner: S) -> Self {
        CacheFront {
            cache,
            security,
            inner,
        }
    }

    fn hit(&self, request: &Request) -> Option<Response> {
        let Lookup::Page {
            key,
            encoding,
            if_none_match,
        } = Lookup::of(request)
        else {
            return None;
        };
        let page = self.cache.get(&key, chrono::Utc::now())?;
        Some(answer(
            self.security.with_room(7),
            &page,
            encoding,
            if_none_match.as_ref(),
            "hit",
        ))
    }
}

impl<S> tower::Service<Request> for CacheFront<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.hit(&request) {
            Some(response) => Either::Left(std::future::ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}

/// Inside the router's layers: renders what the front did not answer, keeps anonymous
/// public pages (compressed once in each encoding), redirects other spellings of their
/// addresses, and marks private pages `no-store`.
pub async fn cache_public_pages(
    State(cache): State<PageCache>,
    request: Request,
    next: Next,
) -> Response {
    let (key, encoding, if_none_match) = match Lookup::of(&request) {
        Lookup::Uncached => return uncached(next, request).await,
        Lookup::Redirect(canonical) => {
            return match HeaderValue::from_str(&canonical) {
                Ok(location) => (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                Err(_) => uncached(next, request).await,
            }
        }
        Lookup::Page {
            key,
            encoding,
            if_none_match,
        } => (key, encoding, if_none_match),
    };
    // Stored by another request since the front looked.
    if let Some(page) = cache.get(&key, chrono::Utc::now()) {
        return answer(
            HeaderMap::with_capacity(7),
            &page,
            encoding,
            if_none_match.as_ref(),
            "hit",
        );
    }
    let generation = cache.generation();
    let response = next.run(request).await;
    let private = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"));
    let (mut parts, body) = response.into_parts();
    let valid_until = parts
        .headers
        .remove(VALID_UNTIL_HEADER)
        .and_then(|v| v.to_str().ok()?.parse::<i64>().ok())
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0));
    if parts.status != StatusCode::OK || parts.headers.contains_key(header::SET_COOKIE) || private {
        return Response::from_parts(parts, body);
    }
    let bytes = match read_up_to(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(Read::TooLarge(whole)) => {
            // Sent whole, never kept: one large sheet must not be an error for anyone.
            parts
                .headers
                .insert("x-page-cache", HeaderValue::from_static("too-large"));
            return Response::from_parts(parts, whole);
        }
        Err(Read::Failed(error)) => {
            tracing::error!(%error, "cannot read a rendered page");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                app::error::AppError::Internal.to_string(),
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
    // Compressing takes milliseconds: not on an async worker. Quickly first, for the
    // visitor waiting now; at its best right after, for all who follow.
    let page = match tokio::task::spawn_blocking(move || {
        CachedPage::new(generation, content_type, bytes, valid_until, Effort::Quick)
    })
    .await
    {
        Ok(page) => Arc::new(page),
        Err(error) => {
            tracing::error!(%error, "cannot compress a rendered page");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                app::error::AppError::Internal.to_string(),
            )
                .into_response();
        }
    };
    cache.insert(key.clone(), page.clone());
    cache.compress_at_best(key, page.clone());
    answer(
        HeaderMap::with_capacity(7),
        &page,
        encoding,
        if_none_match.as_ref(),
        "miss",
    )
}

/// A response the cache does not keep, without the cache's internal header. Pages that
/// show personal data get `Cache-Control: no-store, private`, so no shared cache (a proxy,
/// a library's computer) keeps them.
async fn uncached(next: Next, request: Request) -> Response {
    let private = is_private(request.uri().path());
    let mut response = next.run(request).await;
    response.headers_mut().remove(VALID_UNTIL_HEADER);
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store, private"),
        );
    }
    response
}

/// The pages and files that show personal data: administration, a sheet's history, an
/// event's participants and their CSV, a personal registration link (and its `.ics`), the
/// password page reached from a mailed link, a follower's page and links.
pub fn is_private(path: &str) -> bool {
    if path == "/admin" || path.starts_with("/admin/") || path == "/mot-de-passe" {
        return true;
    }
    if path.starts_with("/inscription/")
        || path.starts_with("/abonnements/")
        || path.starts_with("/suivre/confirmer/")
    {
        return true;
    }
    match path
        .strip_prefix("/actions/")
        .map(|rest| rest.split('/').collect::<Vec<_>>())
    {
        Some(parts) => matches!(
            parts.as_slice(),
            [_, "historique"] | [_, "evenements", _] | [_, "evenements", _, _]
        ),
        None => false,
    }
}

enum Read {
    /// Over the limit: the whole body, the part already read first.
    TooLarge(Body),
    Failed(axum::Error),
}

/// Reads a body of at most `limit` bytes; a longer one comes back whole, unread beyond
/// the limit, to be streamed on.
async fn read_up_to(mut body: Body, limit: usize) -> Result<Bytes, Read> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut size = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(Read::Failed)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        size += data.len();
        chunks.push(data);
        if size > limit {
            let read = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
            let rest = body.into_data_stream();
            return Err(Read::TooLarge(Body::from_stream(
                futures_util::StreamExt::chain(read, rest),
            )));
        }
    }
    let mut whole = Vec::with_capacity(size);
    for chunk in chunks {
        whole.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(whole))
}

/// Whether an `If-None-Match` value names `etag` (a list, weak or strong, or `*`).
/// The comparison is weak (RFC 9110 §13.1.2): `W/` is ignored on both sides.
fn names_etag(if_none_match: &str, etag: &str) -> bool {
    let etag = etag.trim_start_matches("W/");
    if_none_match
        .split(',')
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == etag)
}

/// A cached page's answer: `headers` (empty, or the security headers on the front's
/// hits) with the page's own, and the body in the encoding asked for — or `304` when the
/// revisit names the ETag of that encoding.
fn answer(
    mut headers: HeaderMap,
    page: &CachedPage,
    wanted: Encoding,
    if_none_match: Option<&HeaderValue>,
    outcome: &'static str,
) -> Response {
    let (encoding, body) = page.body(wanted);
    let etag = page.etag(encoding);
    headers.insert(header::ETAG, etag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // Browsers may keep the page but must ask again each time (a 304 is cheap).
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("x-page-cache", HeaderValue::from_static(outcome));
    let revisit = if_none_match
        .and_then(|inm| inm.to_str().ok())
        .is_some_and(|inm| etag.to_str().is_ok_and(|tag| names_etag(inm, tag)));
    if revisit {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, page.content_type_value.clone());
    if let Some(value) = encoding.content_encoding() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(value));
    }
    (headers, body).into_response()
}

/// After every request that may write (anything but GET, HEAD and OPTIONS: server
/// functions, uploads), reads the content generation at once, so the page this server
/// serves next already shows the change. The generation itself is kept by triggers in the
/// database (migration 0009): no server function or service has to remember either step.
/// Other servers catch up within `PAGE_CACHE_POLL_MS`. When the generation moved, the
/// background task is woken too, so followers get news at once.
pub async fn refresh_after_writes(
    State(after): State<AfterWrites>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let response = next.run(request).await;
    if writes {
        let before = after.cache.generation();
        after.cache.refresh_after_change(&after.db).await;
        // Public content changed: news may be waiting for followers, send it now rather
        // than at the next tick of the background task.
        if after.cache.generation() != before {
            after.jobs_wakeup.notify_one();
        }
    }
    response
}

/// What [`refresh_after_writes`] reads and wakes.
#[derive(Clone)]
pub struct AfterWrites {
    pub cache: PageCache,
    pub db: app::backend::db::Db,
    pub jobs_wakeup: std::sync::Arc<tokio::sync::Notify>,
}
