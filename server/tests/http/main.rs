//! The HTTP tests, one binary (each extra test binary would link the whole server again):
//! the real router on port 0, spoken to over HTTP as a browser or `curl` would.

mod abuse;
mod admin;
mod cache;
mod common;
mod events;
mod follows;
mod hardening;
mod limits;
mod logins;
mod overload;
mod pages;
mod paper;
mod photos;
mod referents;
mod search;
mod territory;
mod themes;
