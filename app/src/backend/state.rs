//! The application state, built once by the `server` crate and handed to every handler,
//! page and server function.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::db::Db;
use super::mail::Mailer;
use super::page_cache::PageCache;
use super::rate_limit::RateLimiter;
use crate::error::AppError;

/// Settings read from the environment at startup (see the README's configuration table).
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the database is (`sqlite:…` or `postgres://…`).
    pub database_url: String,
    /// Absolute base URL of the site as people reach it, without a trailing slash
    /// (canonical links, OpenGraph tags, emails).
    pub public_url: String,
    /// Folder of uploaded and generated images, served under `/media/`.
    pub media_dir: PathBuf,
    /// Behind a reverse proxy: take the client's address from the last `X-Forwarded-For`
    /// entry (the one the proxy added) instead of the connection's peer.
    pub trust_proxy: bool,
    /// Registrations are anonymised this many days after their event ended.
    pub anonymise_after_days: i64,
    /// Upload size and pixel limits of photos.
    pub image_limits: super::images::ImageLimits,
}

/// Everything a request may need. Cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub page_cache: PageCache,
    pub mailer: Arc<Mailer>,
    /// Wakes the background task (queued mail goes out at once).
    pub jobs_wakeup: Arc<tokio::sync::Notify>,
    /// Sign-ups per client address.
    pub signup_limiter: RateLimiter,
    /// Photos: the local media folder or an S3-compatible bucket.
    pub storage: super::storage::Storage,
    /// How many photos are decoded at once (each may take hundreds of megabytes).
    pub photo_slots: Arc<tokio::sync::Semaphore>,
}

/// The state inside a page or server function. Fails only if the server was wired
/// without it, which is a bug logged on the server.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        AppError::internal("AppState missing from the Leptos context", &"wiring bug")
    })
}
