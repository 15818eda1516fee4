//! Server-only code: application state, database repositories, demo data and the
//! rendered-page cache. Compiled with the `ssr` feature only.

pub mod auth;
pub mod db;
pub mod demo;
pub mod display;
pub mod error;
pub mod forms;
pub mod mail;
pub mod media;
pub mod page_cache;
pub mod state;

pub use error::AppError;
pub use state::{AppState, Config};
