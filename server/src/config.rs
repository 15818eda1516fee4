//! Settings from the environment (and an optional `.env` file), with defaults that let
//! `make run` work on a fresh machine.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Sender of outgoing mail unless `MAIL_FROM` says otherwise.
pub const DEFAULT_MAIL_FROM: &str = "Passeurs <ne-pas-repondre@passeurs.example>";

/// Everything startup needs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite:…` or `postgres://…`. Default: `sqlite:data/passeurs.db`.
    pub database_url: String,
    /// Where to listen. Default `127.0.0.1:3000`; port 0 picks a free port (tests).
    pub site_addr: SocketAddr,
    /// Absolute base URL people use; default `http://{site_addr}`.
    pub public_url: Option<String>,
    /// Folder of images served under `/media/`. Default `data/media`.
    pub media_dir: PathBuf,
    /// Folder of the built site (`target/site`: pkg/, and the public/ files).
    pub site_root: PathBuf,
    /// Largest number of database connections.
    pub max_connections: u32,
    /// How often to look for content changed through other servers.
    pub cache_poll: Duration,
    /// SMTP server for outgoing mail; without it mail goes to `outbox_dir` as .eml files.
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail.
    pub mail_from: String,
    /// Folder of the .eml files when no SMTP server is configured. Default `data/outbox`.
    pub outbox_dir: PathBuf,
    /// `TRUST_PROXY=true` behind a reverse proxy (client address from `X-Forwarded-For`).
    pub trust_proxy: bool,
    /// Sign-ups allowed per client address per 10 minutes; 0 turns the limit off.
    pub signup_rate_limit: u32,
    /// Registrations are anonymised this many days after their event. Default 90.
    pub anonymise_after_days: i64,
    /// How often the background task looks for mail to send, reminders and old data.
    pub jobs_interval: Duration,
    /// Largest photo accepted, in bytes (`MAX_UPLOAD_MB`, default 15).
    pub max_upload_bytes: u64,
    /// Largest photo accepted, in pixels (`MAX_UPLOAD_MEGAPIXELS`, default 40).
    pub max_upload_pixels: u64,
    /// S3-compatible storage for photos (`S3_BUCKET` and friends); the media folder otherwise.
    pub s3: Option<app::backend::storage::S3Settings>,
}

/// A setting with an unusable value: says which and why.
#[derive(Debug, thiserror::Error)]
#[error("invalid setting {name}={value:?}: {reason}")]
pub struct SettingsError {
    name: &'static str,
    value: String,
    reason: &'static str,
}

impl Settings {
    /// Reads the settings from the environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let site_addr_text = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr = site_addr_text.parse().map_err(|_| SettingsError {
            name: "LEPTOS_SITE_ADDR",
            value: site_addr_text.clone(),
            reason: "expected an address such as 127.0.0.1:3000",
        })?;
        let number = |name: &'static str, default: u64| -> Result<u64, SettingsError> {
            match var(name) {
                None => Ok(default),
                Some(value) => value.parse().map_err(|_| SettingsError {
                    name,
                    value,
                    reason: "expected a whole number",
                }),
            }
        };
        Ok(Settings {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite:data/passeurs.db".into()),
            site_addr,
            public_url: var("PUBLIC_URL"),
            media_dir: var("MEDIA_DIR")
                .unwrap_or_else(|| "data/media".into())
                .into(),
            site_root: var("LEPTOS_SITE_ROOT")
                .unwrap_or_else(|| "target/site".into())
                .into(),
            max_connections: number("DATABASE_MAX_CONNECTIONS", 16)? as u32,
            cache_poll: Duration::from_millis(number("PAGE_CACHE_POLL_MS", 500)?),
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            outbox_dir: var("OUTBOX_DIR")
                .unwrap_or_else(|| "data/outbox".into())
                .into(),
            trust_proxy: matches!(var("TRUST_PROXY").as_deref(), Some("true" | "1" | "yes")),
            signup_rate_limit: number("SIGNUP_RATE_LIMIT", 10)?.min(u32::MAX as u64) as u32,
            anonymise_after_days: number("ANONYMISE_AFTER_DAYS", 90)?.min(36_500) as i64,
            jobs_interval: Duration::from_secs(number("JOBS_INTERVAL_SECS", 30)?.max(1)),
            max_upload_bytes: number("MAX_UPLOAD_MB", 15)?.clamp(1, 200) * 1024 * 1024,
            max_upload_pixels: number("MAX_UPLOAD_MEGAPIXELS", 40)?.clamp(1, 200) * 1_000_000,
            s3: var("S3_BUCKET").map(|bucket| app::backend::storage::S3Settings {
                bucket,
                endpoint: var("S3_ENDPOINT"),
                region: var("S3_REGION").unwrap_or_else(|| "us-east-1".into()),
                access_key_id: var("S3_ACCESS_KEY_ID").unwrap_or_default(),
                secret_access_key: var("S3_SECRET_ACCESS_KEY").unwrap_or_default(),
            }),
        })
    }
}
