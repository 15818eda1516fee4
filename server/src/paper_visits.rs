//! Visits from paper: `GET /actions/{slug}?src=affiche` (or `flyer`, `fiche`) — the address
//! a QR code carries — adds one to that sheet's counter, then answers `303` to the sheet's
//! own address. Counted here, in front of the page cache and of every redirect, so each
//! scan counts once; a reload of the sheet counts nothing.
//!
//! Only a scan counts: a top-level navigation (`Sec-Fetch-Dest: document`, or no such header
//! from an older browser), not an `<img>` or a `fetch` another site points at the address;
//! and one per client address and sheet per hour. Those pairs are kept in memory only,
//! for an hour, [`MAX_RECENT_SCANS`] at most; nothing about the visitor is stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use app::backend::db::Db;
use app::backend::services::sheets;
use app::backend::AppState;
use app::model::PaperSource;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How long a client's scan of a sheet keeps its next scans of that sheet from counting.
pub const SCAN_WINDOW: Duration = Duration::from_secs(3600);

/// How many (client, sheet) pairs are remembered at most. When they are all recent, new
/// scans are not counted until some grow old: the memory stays bounded whatever arrives.
pub const MAX_RECENT_SCANS: usize = 10_000;

/// What the counting layer needs: the database, whether `X-Forwarded-For` names the
/// client (`TRUST_PROXY`), and the recent scans. Built once with the router; cheap to clone.
#[derive(Clone)]
pub struct PaperVisits {
    db: Db,
    trust_proxy: bool,
    recent: Arc<Mutex<RecentScans>>,
}

impl PaperVisits {
    pub fn new(state: &AppState, trust_proxy: bool) -> Self {
        PaperVisits {
            db: state.db.clone(),
            trust_proxy,
            recent: Arc::new(Mutex::new(RecentScans::new(MAX_RECENT_SCANS))),
        }
    }

    fn recent(&self) -> std::sync::MutexGuard<'_, RecentScans> {
        // A panic while holding the lock leaves a map that is still a valid map.
        self.recent.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The (client, sheet) pairs scanned within the last [`SCAN_WINDOW`], at most `capacity`.
#[derive(Debug)]
pub struct RecentScans {
    capacity: usize,
    seen: HashMap<(String, String), Instant>,
}

impl RecentScans {
    pub fn new(capacity: usize) -> Self {
        RecentScans {
            capacity,
            seen: HashMap::new(),
        }
    }

    /// Whether this scan is the first of `client` for `slug` within the window, remembering
    /// it if so. False too when the memory is full of recent scans (after dropping the old).
    pub fn first_in_window(&mut self, client: &str, slug: &str, now: Instant) -> bool {
        let key = (client.to_owned(), slug.to_owned());
        let recent = |at: &Instant| now.saturating_duration_since(*at) < SCAN_WINDOW;
        match self.seen.get(&key) {
            Some(at) if recent(at) => return false,
            Some(_) => {}
            None => {
                if self.seen.len() >= self.capacity {
                    self.seen.retain(|_, at| recent(&*at));
                }
                if self.seen.len() >= self.capacity {
                    return false;
                }
            }
        }
        self.seen.insert(key, now);
        true
    }

    /// Forgets a scan that was not counted (no such sheet, or the database failed), so
    /// addresses that lead nowhere do not fill the memory and a failure can be retried.
    pub fn forget(&mut self, client: &str, slug: &str) {
        self.seen.remove(&(client.to_owned(), slug.to_owned()));
    }
}

/// Whether the browser says the request is a top-level navigation: `Sec-Fetch-Dest:
/// document`, or no `Sec-Fetch-Dest` at all (browsers from before Fetch metadata).
fn is_navigation(request: &Request) -> bool {
    request
        .headers()
        .get("sec-fetch-dest")
        .is_none_or(|dest| dest.as_bytes().eq_ignore_ascii_case(b"document"))
}

/// Counts a scan of a QR code (see the module) and answers `303` to the sheet, counted or
/// not; every other request goes on. A failure to count is logged, never shown.
pub async fn count_paper_visits(
    State(visits): State<PaperVisits>,
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
    if is_navigation(&request) {
        let client = crate::security::client_address(&request, visits.trust_proxy)
            .map_or_else(|| "unknown".to_owned(), |ip| ip.0);
        // The lock is released at the end of this statement, before any `.await`.
        let first = visits
            .recent()
            .first_in_window(&client, &slug, Instant::now());
        if first {
            let counted = match sheets::count_paper_visit(&visits.db, &slug, source).await {
                Ok(counted) => counted,
                Err(error) => {
                    tracing::warn!(%error, "cannot count a visit from paper");
                    false
                }
            };
            // No such published sheet (its page says so, 404), or not counted.
            if !counted {
                visits.recent().forget(&client, &slug);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_counts_once_per_sheet_and_hour_and_the_memory_stays_bounded() {
        let start = Instant::now();
        let later = start + SCAN_WINDOW + Duration::from_secs(1);
        let mut scans = RecentScans::new(2);
        // (client, sheet, when, counted)
        let steps = [
            ("a", "banquet", start, true),
            ("a", "banquet", start, false),
            ("a", "repair", start, true),
            ("b", "banquet", start, false), // full of recent scans
            ("a", "banquet", later, true),  // an hour later
            ("b", "banquet", later, true),  // the old ones were dropped
            ("c", "banquet", later, false), // full again
        ];
        for (client, slug, now, counted) in steps {
            assert_eq!(
                scans.first_in_window(client, slug, now),
                counted,
                "{client} {slug}"
            );
        }
        scans.forget("b", "banquet");
        assert!(scans.first_in_window("c", "banquet", later));
    }
}
