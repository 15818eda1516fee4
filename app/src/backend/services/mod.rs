//! Use cases: each opens its transaction, calls the repositories ([`super::db`]) on it, makes
//! the tokens and queues the mail that go with the change, and marks public content as
//! changed. Server functions authorise, parse and call one of these; repositories only run SQL.

pub mod accounts;
pub mod events;
