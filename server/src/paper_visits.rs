//! Visits from paper: `GET /actions/{slug}?src=affiche` (or `flyer`, `fiche`) — the address
//! a QR code carries — adds one to that sheet's counter, then answers `303` to the sheet's
//! own address. Counted here, in front of the page cache and of every redirect, so each
//! scan counts once; nothing about the visitor is kept (no cookie, no address, no time),
//! and a reload of the sheet counts nothing.

use app::backend::services::sheets;
use app::backend::AppState;
use app::model::PaperSource;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn count_paper_visits(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let visit = (request.method() == Method::GET)
        .then(|| {
            let slug = request.uri().path().strip_prefix("/actions/")?;
            let source = request.uri().query()?.strip_prefix("src=")?;
            let source = PaperSource::parse(source)?;
            (!slug.is_empty() && !slug.contains('/')).then(|| (slug.to_owned(), source))
        })
        .flatten();
    let Some((slug, source)) = visit else {
        return next.run(request).await;
    };
    match sheets::count_paper_visit(&state.db, &slug, source).await {
        Ok(true) => {}
        // No such published sheet: its page says so (404).
        Ok(false) => {}
        Err(error) => tracing::warn!(%error, "cannot count a visit from paper"),
    }
    let location = HeaderValue::from_str(&format!("/actions/{slug}"))
        .unwrap_or_else(|_| HeaderValue::from_static("/"));
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}
