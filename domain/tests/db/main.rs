//! The domain against real databases: every test on a fresh database, on SQLite and (when
//! `TEST_POSTGRES_URL` is set) on PostgreSQL. One binary, one module per subject.

mod events;
mod follows;
mod public_changes;
mod repositories;
mod search;
