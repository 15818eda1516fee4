//! The application state, built once by the `server` crate and handed to every handler,
//! page and server function: what requests use. What only the host uses (the page cache,
//! the mail transport, the background task) the `server` crate keeps.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::db::Db;
use super::images::ImageLimits;
use super::rate_limit::RateLimiter;
use crate::error::AppError;

/// Everything a request may need. Cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// What requests apply of the settings read at startup.
    pub limits: RequestLimits,
    /// Absolute base URL of the site as people reach it, without a trailing slash
    /// (canonical links, OpenGraph tags, emails): `PUBLIC_URL`, or the bound address.
    pub public_url: Arc<str>,
    /// Wakes the background task (queued mail goes out at once).
    pub jobs_wakeup: Arc<tokio::sync::Notify>,
    /// Sign-ups per client address.
    pub signup_limiter: RateLimiter,
    /// Records of refused forms per client address (`backend::forms`).
    pub refused_forms: RefusedFormQuota,
    /// Photos: the local media folder or an S3-compatible bucket.
    pub storage: super::storage::Storage,
    /// How many photos are decoded at once (each may take hundreds of megabytes).
    pub photo_slots: Arc<tokio::sync::Semaphore>,
    /// Turns for CPU-heavy work visitors can ask for.
    pub cpu: super::slots::CpuTurns,
    /// The search facts of every indexed sheet, kept while the index does not change.
    pub search_facts: super::services::search::facts::FactsCache,
    /// Communes, the map of départements and their neighbours (reference data).
    pub territory: Arc<super::territory::Territory>,
}

/// The settings requests apply (the host reads every setting; see `server::settings`).
#[derive(Clone, Copy, Debug)]
pub struct RequestLimits {
    /// The largest photo accepted, in bytes and in pixels.
    pub images: ImageLimits,
    /// How long an upload waits for its turn among the photo slots; then 503.
    pub upload_wait: Duration,
    /// Messages a day to an address whose owner has not yet opened one of our links.
    pub unverified_mail_per_day: u32,
}

/// The quota of refused-form records per client address (its own type: `AppState` hands
/// each field out by type).
#[derive(Clone, Debug)]
pub struct RefusedFormQuota(pub RateLimiter);

/// The state inside a page or server function. Fails only if the server was wired
/// without it, which is a bug logged on the server.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        AppError::internal("AppState missing from the Leptos context", &"wiring bug")
    })
}
