//! Rendered-HTML cache for public pages seen by visitors who are not signed in.
//!
//! Server-side rendering every request costs far more than serving bytes, and public sheets
//! change rarely. Every change to public content bumps a counter in the database (the
//! *content generation*, in the same transaction as the change). Each app server keeps the
//! last generation it saw; a cached page is served only while its generation is current.
//! The server that made a change syncs at once ([`PageCache::sync`]); the others poll the
//! counter ([`PageCache::spawn_refresher`]), so a change reaches every server's visitors
//! within one poll interval.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Bytes;

use super::db::{actions, Db};

/// Upper bound on cached pages per server; past it the cache starts over.
const MAX_ENTRIES: usize = 2_000;

/// One rendered page.
#[derive(Clone, Debug)]
pub struct CachedPage {
    pub generation: i64,
    pub content_type: String,
    pub body: Bytes,
}

/// A per-process cache, shared by clones.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: AtomicI64,
    pages: RwLock<HashMap<String, CachedPage>>,
}

impl PageCache {
    /// The generation this process currently believes in.
    pub fn generation(&self) -> i64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// The cached page for `key`, if it was rendered at the current generation.
    pub fn get(&self, key: &str) -> Option<CachedPage> {
        let current = self.generation();
        let pages = self.inner.pages.read().ok()?;
        pages
            .get(key)
            .filter(|page| page.generation == current)
            .cloned()
    }

    /// Stores a page rendered while `page.generation` was current. Pages rendered before
    /// a newer generation was observed are dropped.
    pub fn insert(&self, key: String, page: CachedPage) {
        if page.generation != self.generation() {
            return;
        }
        if let Ok(mut pages) = self.inner.pages.write() {
            if pages.len() >= MAX_ENTRIES {
                pages.clear();
            }
            pages.insert(key, page);
        }
    }

    /// Records that the database is at `generation`; a newer one empties the cache.
    pub fn observe(&self, generation: i64) {
        let previous = self
            .inner
            .generation
            .fetch_max(generation, Ordering::AcqRel);
        if generation > previous {
            if let Ok(mut pages) = self.inner.pages.write() {
                pages.retain(|_, page| page.generation >= generation);
            }
        }
    }

    /// Reads the generation from the database now (after a change made by this server).
    pub async fn sync(&self, db: &Db) -> Result<(), sqlx::Error> {
        let generation = actions::content_generation(db).await?;
        self.observe(generation);
        Ok(())
    }

    /// After a change committed by this server: syncs at once. A failure is only logged
    /// (the change is saved; the poller catches up within one interval).
    pub async fn refresh_after_change(&self, db: &Db) {
        if let Err(error) = self.sync(db).await {
            tracing::warn!(%error, "cannot read the content generation after a change");
        }
    }

    /// Polls the database every `interval` so that changes made through other servers
    /// invalidate this server's pages. Errors are logged and retried at the next tick.
    pub fn spawn_refresher(&self, db: Db, interval: Duration) -> tokio::task::JoinHandle<()> {
        let cache = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                if let Err(error) = cache.sync(&db).await {
                    tracing::warn!(%error, "cannot read the content generation");
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(generation: i64, body: &'static str) -> CachedPage {
        CachedPage {
            generation,
            content_type: "text/html".into(),
            body: Bytes::from(body),
        }
    }

    #[test]
    fn a_newer_generation_hides_pages_rendered_before_it() {
        let cache = PageCache::default();
        cache.observe(3);
        cache.insert("/".into(), page(3, "old"));
        assert_eq!(cache.get("/").map(|p| p.body), Some(Bytes::from("old")));
        cache.observe(4);
        assert!(cache.get("/").is_none());
        // A page rendered at generation 3 but finished after 4 was observed is not kept.
        cache.insert("/".into(), page(3, "late"));
        assert!(cache.get("/").is_none());
        cache.insert("/".into(), page(4, "new"));
        assert_eq!(cache.get("/").map(|p| p.body), Some(Bytes::from("new")));
    }

    #[test]
    fn an_older_generation_never_moves_the_cache_back() {
        let cache = PageCache::default();
        cache.observe(7);
        cache.observe(5);
        assert_eq!(cache.generation(), 7);
    }
}
