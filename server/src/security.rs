//! Request guards in front of everything: who is signed in (the session cookie resolved to
//! a `CurrentUser` in the request extensions), the client's address for rate limits, and
//! the refusal of cross-site mutations.

use std::net::{IpAddr, SocketAddr};

use std::sync::Arc;

use app::backend::auth::{self, ClientIp, SessionTokenHash};
use app::backend::db::accounts;
use app::backend::db::Db;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether the warning about `X-Forwarded-For` without `TRUST_PROXY` is still to be
/// logged: once per process, on the first such request.
#[derive(Debug, Clone, Default)]
pub struct ProxyHint(Arc<std::sync::atomic::AtomicBool>);

impl ProxyHint {
    /// True the first time only.
    pub fn first(&self) -> bool {
        !self.0.swap(true, std::sync::atomic::Ordering::Relaxed)
    }
}

/// How this server reads the client's address: `TRUST_PROXY`, and the warning about it.
#[derive(Debug, Clone)]
pub struct ClientAddresses {
    pub trust_proxy: bool,
    pub hint: ProxyHint,
}

/// Resolves the client's address for rate limits (the last `X-Forwarded-For` hop when
/// `TRUST_PROXY` is on; a warning is logged once when that header arrives while it is off)
/// and puts it in the request's extensions.
pub async fn resolve_client(
    State(addresses): State<ClientAddresses>,
    mut request: Request,
    next: Next,
) -> Response {
    let forwarded = request.headers().contains_key("x-forwarded-for");
    if forwarded && !addresses.trust_proxy && addresses.hint.first() {
        tracing::warn!(
            "a request carries X-Forwarded-For but TRUST_PROXY is off: behind a reverse \
             proxy every visitor then shares the proxy's address for the rate limits \
             (set TRUST_PROXY=true if this server is only reachable through the proxy)"
        );
    }
    if let Some(client) = client_address(&request, addresses.trust_proxy) {
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

/// Resolves the session cookie. A cookie whose session no longer exists (logged out,
/// expired, account disabled) is removed from the browser.
pub async fn resolve_session(
    State(db): State<Db>,
    State(public_url): State<Arc<str>>,
    mut request: Request,
    next: Next,
) -> Response {
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| auth::session_token_from_cookies(cookies).map(str::to_owned));
    let Some(token) = token else {
        return next.run(request).await;
    };
    let hash = auth::token_hash(&token);
    // (whether the cookie names no live session, whether it names one)
    let (stale, signed_in) = match accounts::session_user(&db, &hash).await {
        Ok(Some(user)) => {
            request.extensions_mut().insert(user);
            request.extensions_mut().insert(SessionTokenHash(hash));
            (false, true)
        }
        Ok(None) => (true, false),
        // The database away or saturated: answering as if signed out would send an editor
        // to the login page (and a form's text with it); 503, try again shortly.
        Err(error) if error.is_unavailable() => {
            tracing::warn!(%error, "cannot read the session: database unavailable");
            return unavailable();
        }
        Err(error) => {
            tracing::error!(%error, "cannot read the session");
            (false, false)
        }
    };
    let mut response = next.run(request).await;
    if signed_in {
        mark_private(response.headers_mut());
    }
    if stale {
        let secure = auth::secure_cookies(&public_url);
        if let Ok(value) = HeaderValue::from_str(&auth::clear_session_cookie(secure)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The client's address for rate limits and counters: the last `X-Forwarded-For` hop
/// (the one the proxy added) when `TRUST_PROXY` is on and it parses, the connection's peer
/// otherwise. `None` when neither is known (a router called without `ConnectInfo`).
pub fn client_address(request: &Request, trust_proxy: bool) -> Option<ClientIp> {
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .filter(|_| trust_proxy)
        .and_then(|v| v.to_str().ok())
        .and_then(|list| list.rsplit(',').next())
        .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    forwarded.or(peer).map(ClientIp::of)
}

/// Makes an answer to a signed-in person `private`: it may show controls and names meant
/// for them, so no shared cache (a proxy, a CDN) may keep it for others. `private` is added
/// to the directives already there (`no-store` stays `no-store, private`). Left as they
/// are: answers that already say `private`, and those their handler declared `public` —
/// the bundle and the media files, the same bytes for everyone.
pub fn mark_private(headers: &mut HeaderMap) {
    let current = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let directives: Vec<&str> = current
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    let says = |name: &str| directives.iter().any(|d| d.eq_ignore_ascii_case(name));
    if says("private") || says("public") {
        return;
    }
    let value = if directives.is_empty() {
        "private".to_owned()
    } else {
        format!("{}, private", directives.join(", "))
    };
    let value =
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("private"));
    headers.insert(header::CACHE_CONTROL, value);
}

/// Refuses (403) every request that may change something when the browser says it comes
/// from another site: `Sec-Fetch-Site: cross-site`, or an `Origin` that is not this site's
/// public address (`PUBLIC_URL`, or the bound address without it). The `Host` header is
/// never trusted: whoever sends the request chooses it.
///
/// One address is let through: the one-click stop of RFC 8058 (`POST
/// /abonnements/arreter/{token}`), which mail providers post from their own site; its
/// token is all it acts on, and it can only stop a subscription.
pub async fn refuse_cross_site(
    State(public_url): State<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let one_click_stop = *request.method() == Method::POST
        && request
            .uri()
            .path()
            .strip_prefix(crate::feeds::STOP_PREFIX)
            .is_some_and(|token| !token.is_empty() && !token.contains('/'));
    if safe || one_click_stop || same_site(&request, &public_url) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        app::error::AppError::CrossSite.to_string(),
    )
        .into_response()
}

/// A French `503` with `Retry-After`: the database cannot be reached now.
pub fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (
                header::RETRY_AFTER,
                app::error::UNAVAILABLE_RETRY_SECONDS.to_string(),
            ),
        ],
        crate::api_status::unavailable_page(),
    )
        .into_response()
}

fn same_site(request: &Request, public_url: &str) -> bool {
    let headers = request.headers();
    // Browsers that send Fetch metadata say it directly; it is reliable even when a
    // referrer policy makes them send `Origin: null`.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // No Origin (old browsers, command-line tools): the SameSite=Lax session cookie
        // is not sent cross-site anyway.
        return true;
    };
    if origin == "null" {
        return false;
    }
    origin
        .trim_end_matches('/')
        .eq_ignore_ascii_case(origin_of(public_url))
}

/// The origin (`scheme://host[:port]`) of an absolute address, as a browser writes it in
/// `Origin`: a `PUBLIC_URL` with a path (`https://example.org/passeurs`) keeps its origin.
fn origin_of(url: &str) -> &str {
    let url = url.trim_end_matches('/');
    let host_start = url.find("://").map_or(0, |at| at + 3);
    match url[host_start..].find('/') {
        Some(path_start) => &url[..host_start + path_start],
        None => url,
    }
}

/// Adds the security headers an answer does not set itself; the pages made for other
/// sites' `<iframe>` (`/integrer/…`, see `app::routes::embed`) get a policy that lets any
/// site frame them, and no `X-Frame-Options`. Every other page may be framed by nobody.
pub async fn add_security_headers(
    State(headers): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let embeddable = is_embeddable(request.uri().path());
    let mut response = next.run(request).await;
    if embeddable {
        headers.add_missing_embeddable(response.headers_mut());
    } else {
        headers.add_missing(response.headers_mut());
    }
    response
}

/// The pages any site may frame: `/integrer/{kind}/{name}` (not `/integrer` itself).
pub fn is_embeddable(path: &str) -> bool {
    path.strip_prefix("/integrer/").is_some_and(|rest| {
        matches!(
            rest.split('/').next(),
            Some("territoires" | "organisations" | "themes")
        )
    })
}

/// The headers every answer carries: the Content-Security-Policy (see [`crate::csp`]),
/// no MIME sniffing, no framing, only the origin as referrer to other sites, and HSTS when
/// the site is served over https. Made once at startup; cache hits copy them as they are,
/// every other answer gets those it does not set itself (a page may set its own policy).
#[derive(Clone)]
pub struct SecurityHeaders(Arc<axum::http::HeaderMap>, HeaderValue);

impl SecurityHeaders {
    pub fn for_state(state: &app::backend::AppState) -> Self {
        let policy = crate::csp::content_security_policy(&state.leptos_options);
        let policy = HeaderValue::from_str(&policy).unwrap_or_else(|error| {
            tracing::error!(%error, "the Content-Security-Policy is not a header value");
            HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
        });
        let mut headers = axum::http::HeaderMap::with_capacity(5);
        let embeddable = policy
            .to_str()
            .ok()
            .map(|p| p.replace("frame-ancestors 'none'", "frame-ancestors *"))
            .and_then(|p| HeaderValue::from_str(&p).ok())
            .unwrap_or_else(|| HeaderValue::from_static("default-src 'self'; frame-ancestors *"));
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        if auth::secure_cookies(&state.public_url) {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=63072000; includeSubDomains"),
            );
        }
        SecurityHeaders(Arc::new(headers), embeddable)
    }

    /// A header map holding these headers and room for `extra` more.
    pub fn with_room(&self, extra: usize) -> axum::http::HeaderMap {
        let mut headers = axum::http::HeaderMap::with_capacity(self.0.len() + extra);
        for (name, value) in self.0.iter() {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    /// Like [`SecurityHeaders::add_missing`] for a page made to be framed by any site: its
    /// policy says `frame-ancestors *` and there is no `X-Frame-Options`.
    pub fn add_missing_embeddable(&self, headers: &mut axum::http::HeaderMap) {
        headers.insert(header::CONTENT_SECURITY_POLICY, self.1.clone());
        headers.remove(header::X_FRAME_OPTIONS);
        for (name, value) in self.0.iter() {
            if name != header::X_FRAME_OPTIONS && !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
    }

    /// Adds each of these headers that `headers` does not have yet.
    pub fn add_missing(&self, headers: &mut axum::http::HeaderMap) {
        for (name, value) in self.0.iter() {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_warning_is_due_once() {
        let hint = ProxyHint::default();
        let clone = hint.clone();
        assert!(hint.first());
        assert!(!clone.first());
        assert!(!hint.first());
    }

    #[test]
    fn the_origin_of_the_public_address_is_its_scheme_host_and_port() {
        for (url, origin) in [
            (
                "https://passeurs.example.org",
                "https://passeurs.example.org",
            ),
            (
                "https://passeurs.example.org/",
                "https://passeurs.example.org",
            ),
            ("https://example.org/passeurs", "https://example.org"),
            ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ] {
            assert_eq!(origin_of(url), origin, "{url}");
        }
    }

    #[test]
    fn an_answer_to_someone_signed_in_becomes_private() {
        for (before, after) in [
            (None, Some("private")),
            (Some("no-store"), Some("no-store, private")),
            (Some("no-cache"), Some("no-cache, private")),
            (Some("no-store, private"), Some("no-store, private")),
            (Some("private, no-store"), Some("private, no-store")),
            // The bundle and the media files: the same bytes for everyone.
            (
                Some("public, max-age=31536000, immutable"),
                Some("public, max-age=31536000, immutable"),
            ),
        ] {
            let mut headers = HeaderMap::new();
            if let Some(value) = before {
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
            }
            mark_private(&mut headers);
            assert_eq!(
                headers
                    .get(header::CACHE_CONTROL)
                    .and_then(|v| v.to_str().ok()),
                after,
                "{before:?}"
            );
        }
    }
}
