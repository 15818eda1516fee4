//! Server-only code: application state, database repositories, use cases and the
//! rendered-page cache. Compiled with the `ssr` feature only.

pub mod auth;
pub mod cache_hints;
pub mod calendar;
pub mod db;
pub mod display;
pub mod error;
pub mod export;
pub mod feeds;
pub mod forms;
pub mod images;
pub mod media;
pub mod notices;
pub mod og_image;
pub mod photos;
pub mod qr;
pub mod rate_limit;
pub mod search;
pub mod services;
pub mod settings;
pub mod slots;
pub mod state;
pub mod storage;
pub mod structured;
pub mod territory;
#[cfg(feature = "testing")]
pub mod testing;

pub use error::AppError;
pub use settings::Settings;
pub use state::AppState;
