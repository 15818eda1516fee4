//! The HTTP tests, one binary (each extra test binary would link the whole server again):
//! the real router on port 0, spoken to over HTTP as a browser or `curl` would.
//!
//! Every test runs on a runtime of two workers, as the release server does
//! (`#[tokio::test(flavor = "multi_thread", worker_threads = 2)]`). The tests start many
//! servers in this one process; `server::router` walks the app's routes only once per
//! process for that reason (see `overload::pages_render_while_other_servers_of_the_process_start`).

mod abuse;
mod admin;
mod bounds;
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
