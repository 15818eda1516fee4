//! What makes sheets travel, and the one-click stop: plain axum handlers, each reading its
//! address, calling one service and answering.
//!
//! - `GET {page}/flux.atom` and `GET {page}/agenda.ics` for the platform (`/`), a sheet, an
//!   organisation, a territory, a région and a theme; `GET /evenements/{id}/agenda.ics`
//!   for one event. Public, kept by the page cache like pages (with their `ETag`).
//! - `GET /actions/{slug}/og.jpg` (the sheet's OpenGraph image, cached too),
//!   `GET /actions/{slug}/nouvelles/{id}` (where a progress update is), `/sitemap.xml` and
//!   `/robots.txt`.
//! - `POST /abonnements/arreter/{token}`: the `List-Unsubscribe-Post` of RFC 8058. The mail
//!   provider posts it from its own site, so the cross-site guard lets this one address
//!   through; the token alone says what it stops. The same address opened in a browser
//!   (GET) is a page with a button (`app::routes::follows`).

use app::backend::services::feeds::{self, FeedPage};
use app::backend::services::follows;
use app::backend::{auth, AppState};
use app::error::AppError;
use app::model::{feed_path, FEED_ATOM, FEED_CALENDAR};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// The path of the one-click stop, which the cross-site guard lets through.
pub const STOP_PREFIX: &str = "/abonnements/arreter/";

fn french(status: StatusCode, error: &AppError) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        error.to_string(),
    )
        .into_response()
}

fn internal(error: app::backend::DomainError) -> Response {
    crate::api_status::database_failure("a feed", error)
}

#[derive(Clone, Copy)]
enum Format {
    Atom,
    Calendar,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Calendar => "text/calendar; charset=utf-8",
        }
    }
}

async fn answer(state: &AppState, target: Option<&follows::Target>, format: Format) -> Response {
    let body = match format {
        Format::Atom => feeds::atom(&state.db, &state.public_url, target).await,
        Format::Calendar => {
            feeds::calendar(&state.db, &state.public_url, target, chrono::Utc::now()).await
        }
    };
    match body {
        Ok(body) => ([(header::CONTENT_TYPE, format.content_type())], body).into_response(),
        Err(error) => internal(error),
    }
}

/// The feeds' routes: `/flux.atom` and `/agenda.ics`, and the same under every page that
/// has them.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    let mut router = axum::Router::new()
        .route("/evenements/{id}/agenda.ics", get(event))
        .route("/sitemap.xml", get(sitemap))
        .route("/actions/{slug}/og.jpg", get(og_image))
        .route("/actions/{slug}/nouvelles/{id}", get(update_place))
        .route(
            "/robots.txt",
            get(|State(state): State<AppState>| async move {
                (
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    feeds::robots(&state.public_url),
                )
            }),
        );
    for (file, format) in [(FEED_ATOM, Format::Atom), (FEED_CALENDAR, Format::Calendar)] {
        router =
            router.route(
                &format!("/{file}"),
                get(move |State(state): State<AppState>| async move {
                    answer(&state, None, format).await
                }),
            );
        for kind in PAGE_KINDS {
            router = router.route(
                &format!("/{kind}/{{name}}/{file}"),
                get(
                    move |State(state): State<AppState>, Path(name): Path<String>| async move {
                        of_page(&state, kind, &name, file, format).await
                    },
                ),
            );
        }
    }
    router
}

/// The pages that have feeds, by the first segment of their address.
const PAGE_KINDS: [&str; 5] = [
    "actions",
    "organisations",
    "territoires",
    "regions",
    "themes",
];

async fn of_page(state: &AppState, kind: &str, name: &str, file: &str, format: Format) -> Response {
    match feeds::page(&state.db, kind, name).await {
        Ok(FeedPage::Page(target)) => answer(state, Some(&target), format).await,
        Ok(FeedPage::Moved(page)) => Redirect::permanent(&feed_path(&page, file)).into_response(),
        Ok(FeedPage::Missing) => french(StatusCode::NOT_FOUND, &AppError::NotFound),
        Err(error) => internal(error),
    }
}

/// `GET /actions/{slug}/og.jpg`: the sheet's OpenGraph image, kept by the page cache until
/// the sheet changes.
async fn og_image(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    // Drawing takes a core for tens of milliseconds: a few at a time, or 503.
    let _turn = match state.cpu.images.turn().await {
        Ok(turn) => turn,
        Err(error) => return crate::api_status::error_response(&error),
    };
    match app::backend::services::sheets::og_image(&state.db, &state.storage, &slug).await {
        Ok(Some(jpeg)) => ([(header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response(),
        Ok(None) => french(StatusCode::NOT_FOUND, &AppError::NotFound),
        Err(app::backend::services::sheets::OgImageFailure::Database(error)) => {
            crate::api_status::database_failure("an OpenGraph image", error)
        }
        Err(error) => {
            tracing::error!(%error, "cannot make an OpenGraph image");
            french(StatusCode::INTERNAL_SERVER_ERROR, &AppError::Internal)
        }
    }
}

/// `GET /actions/{slug}/nouvelles/{id}`: where feeds and messages link a progress update;
/// `303` to its place on the sheet, on the page of news that holds it.
async fn update_place(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    match app::backend::services::updates::place(&state.db, &slug, id).await {
        Ok(Some(place)) => Redirect::to(&place).into_response(),
        Ok(None) => french(StatusCode::NOT_FOUND, &AppError::NotFound),
        Err(error) => internal(error),
    }
}

/// `GET /sitemap.xml`.
async fn sitemap(State(state): State<AppState>) -> Response {
    match feeds::sitemap(&state.db, &state.public_url).await {
        Ok(body) => (
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(error) => internal(error),
    }
}

/// `GET /evenements/{id}/agenda.ics`: "Ajouter à mon agenda".
pub async fn event(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match feeds::event_calendar(&state.db, &state.public_url, id).await {
        // The page's link says `download="evenement.ics"`; the answer itself is cached like
        // every feed (content type only).
        Ok(Some(body)) => (
            [(header::CONTENT_TYPE, Format::Calendar.content_type())],
            body,
        )
            .into_response(),
        Ok(None) => french(StatusCode::NOT_FOUND, &AppError::NotFound),
        Err(error) => internal(error),
    }
}

/// `POST /abonnements/arreter/{token}`: the one-click stop (RFC 8058). Answers 200 with a
/// short French text; 404 when the link is unknown — a follow's link goes with the follow
/// it stopped, so a second click finds nothing (a digest's link stays while its person
/// follows something, and a second click stops nothing more).
pub async fn one_click_stop(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let hash = auth::token_hash(token.trim());
    match follows::stop_by_link(&state.db, &hash).await {
        Ok(None) => french(StatusCode::NOT_FOUND, &AppError::NotFound),
        Ok(Some(_)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "C'est fait : vous ne recevrez plus ces messages.",
        )
            .into_response(),
        Err(error) => internal(error),
    }
}
