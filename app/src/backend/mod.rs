//! Server-only code: application state, database repositories, demo data and the
//! rendered-page cache. Compiled with the `ssr` feature only.

pub mod auth;
pub mod db;
pub mod demo;
pub mod display;
pub mod error;
pub mod export;
pub mod forms;
pub mod images;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod notices;
pub mod page_cache;
pub mod photos;
pub mod rate_limit;
pub mod services;
pub mod state;
pub mod storage;

pub use error::AppError;
pub use state::{AppState, Config};
