//! What the tests of every crate share, and what the release server never links: fresh
//! databases on every engine ([`db`]), small builders of test data ([`fixtures`]), what the
//! tests read of the database that the product never asks ([`probes`]), QR codes read back
//! ([`qr`]), and a real server to send requests to ([`app`], with [`TestApp`]). A
//! dev-dependency only.

pub mod app;
pub mod db;
pub mod fixtures;
pub mod probes;
pub mod qr;

pub use app::TestApp;
pub use db::{every_engine, every_engine_unmigrated, fresh_postgres, fresh_sqlite, TestDb};
