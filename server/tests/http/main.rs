//! The HTTP tests, one binary (each extra test binary would link the whole server again):
//! the real router on port 0, spoken to over HTTP as a browser or `curl` would.
//!
//! Every test runs on a runtime of two workers, as the release server does
//! (`#[tokio::test(flavor = "multi_thread", worker_threads = 2)]`): on the default
//! one-thread test runtime, Leptos 0.8's server rendering now and then loses the wake-up
//! of a page's last resource and the page waits until its deadline — the intermittent
//! 408s this suite used to show (leptos-rs/leptos#4647, #4698).

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
