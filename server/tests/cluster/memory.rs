//! What one client can make a whole server process hold: a flood of distinct searches
//! (each a page of its own, multiplied at will) against a release server with a small
//! page cache. The cache keeps such pages in a bounded share of `PAGE_CACHE_MB`; the
//! process's memory (`VmRSS`, read from /proc) must stay within the budget plus a fixed
//! margin whatever the flood's size, and the sheet stays a hit. Before the cache's bound,
//! 9,000 searches grew a server by 131 MB against a 64 MB budget (about 15 KB a page); with
//! it, glibc's arenas still kept 41 to 74 MB after 4,000 to 30,000 searches; the server now
//! bounds them (`server/src/main.rs`), which lowered what it holds at rest by about 40 MB.

use std::time::Duration;

use test_support::fixtures::{self, Sheet};

use crate::harness::{client_from, AppServer};

const BUDGET_MB: u64 = 4;
/// Room for what is not the cache: buffers of requests in flight, the allocator's own
/// slack. Measured at +0 to +40 MB for 12,000 searches with the arenas bounded; pages kept
/// without bound would add about 175 MB (15 KB each).
const MARGIN_MB: u64 = 64;
const FLOOD: usize = 12_000;

async fn fetch_all(base: &str, paths: impl Iterator<Item = String>) {
    let paths: Vec<String> = paths.collect();
    let mut tasks = Vec::new();
    for (n, chunk) in paths.chunks(paths.len().div_ceil(8)).enumerate() {
        let client = client_from(2 + n as u8);
        let urls: Vec<String> = chunk.iter().map(|p| format!("{base}{p}")).collect();
        tasks.push(tokio::spawn(async move {
            for url in urls {
                let response = client
                    .get(&url)
                    .header("accept-encoding", "br, gzip")
                    .send()
                    .await
                    .expect("an answer");
                assert_eq!(response.status(), 200, "{url}");
                response.bytes().await.expect("a body");
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client");
    }
}

fn searches(from: usize, count: usize) -> impl Iterator<Item = String> {
    (from..from + count).map(|n| format!("/initiatives?q=banquet{n}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_distinct_searches_keeps_the_process_within_its_budget() {
    let t = test_support::fresh_sqlite().await;
    let storage = app::backend::storage::Storage::local(&t.dir.join("media")).expect("media");
    let centre = fixtures::organisation(&t.db, "Centre social des Tilleuls").await;
    let slug = "banquet-des-tilleuls";
    Sheet::new(centre, slug)
        .title("Banquet citoyen des Tilleuls")
        .pictures(1)
        .insert(&t.db, &storage)
        .await;
    let env = vec![
        ("DATABASE_URL".to_owned(), t.url.clone()),
        (
            "MEDIA_DIR".to_owned(),
            t.dir.join("media").display().to_string(),
        ),
        (
            "OUTBOX_DIR".to_owned(),
            t.dir.join("outbox").display().to_string(),
        ),
        ("PAGE_CACHE_MB".to_owned(), BUDGET_MB.to_string()),
        ("SIGNUP_RATE_LIMIT".to_owned(), "0".to_owned()),
    ];
    let server = AppServer::start("flood", &t.dir, env).await;
    let base = server.url();
    let sheet = format!("/actions/{slug}");
    fetch_all(&base, std::iter::once(sheet.clone())).await;
    // The warm-up: the pools, the allocator's arenas and the cache's share already in use.
    fetch_all(&base, searches(0, 400)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = server.resident_bytes();
    fetch_all(&base, searches(100_000, FLOOD)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = server.resident_bytes();
    let growth_mb = after.saturating_sub(before) / (1024 * 1024);
    println!(
        "flood of {FLOOD} searches: {} MB before, {} MB after (+{growth_mb} MB; ceiling {} MB)",
        before / (1024 * 1024),
        after / (1024 * 1024),
        BUDGET_MB + MARGIN_MB
    );
    assert!(
        growth_mb <= BUDGET_MB + MARGIN_MB,
        "the process grew by {growth_mb} MB"
    );
    let hit = client_from(1)
        .get(format!("{base}{sheet}"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("the sheet");
    assert_eq!(
        hit.headers()
            .get("x-page-cache")
            .and_then(|v| v.to_str().ok()),
        Some("hit"),
        "the sheet is still served from the cache"
    );
    drop(server);
    t.remove().await;
}
