//! Passeurs' domain, on the server: the database and its repositories (`db`), the use cases
//! (`services`), and the plain work pages and feeds need — search, territory, mail texts,
//! feeds and calendars, Markdown, CSV, JSON-LD, QR codes, the OpenGraph image, photos and
//! their storage. No Leptos and no axum: the app's server functions and the host's handlers
//! call into it. Its errors are [`DomainError`]: a refusal the person reads (`AppError`,
//! from `passeurs-core`) or a database failure, mapped once.

pub mod auth;
pub mod calendar;
pub mod crypto;
pub mod db;
pub mod display;
pub mod error;
pub mod export;
pub mod feeds;
pub mod images;
pub mod media;
pub mod notices;
pub mod og_image;
pub mod qr;
pub mod rate_limit;
pub mod search;
pub mod services;
pub mod slots;
pub mod storage;
pub mod structured;
pub mod territory;
pub mod url;

/// The words of the domain and the French texts (`passeurs-core`), by their usual paths.
pub use passeurs_core::{model, texts};

pub use error::{AppError, Constraint, DomainError, OnConstraint};
