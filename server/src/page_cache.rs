//! Rendered-HTML cache for public pages seen by visitors who are not signed in.
//!
//! Server-side rendering every request costs far more than serving bytes, and public sheets
//! change rarely. Every change to public content bumps a counter in the database (the
//! *content generation*, by triggers, in the same transaction as the change). Each app
//! server keeps the last generation it saw; a cached page is served only while its
//! generation is current and, for a page that shows time-dependent state (a sign-up
//! deadline, an event to come), until the moment that state changes. The server that made
//! a change syncs at once ([`PageCache::sync`]); the others hear it from PostgreSQL's
//! `NOTIFY` as it commits, or poll the counter on SQLite and while they cannot listen
//! ([`PageCache::spawn_refresher`]).
//!
//! Each page is kept in the three encodings it is served in — brotli, gzip and plain —
//! compressed once when stored, each with its `ETag` (header values made once too). The
//! cache is bounded in bytes (`PAGE_CACHE_MB`) with least-recently-used eviction: a hit
//! only takes the read lock and stamps its entry, a store evicts the oldest stamps.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use http::HeaderValue;
use sha2::{Digest, Sha256};

use app::backend::db::{actions, Db};

/// Default memory budget of the cache, in bytes (`PAGE_CACHE_MB`).
pub const DEFAULT_BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// Largest page kept (uncompressed); a larger one is sent whole, uncached.
pub const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// Pages waiting for their best compression, at most ([`PageCache::compress_at_best`]):
/// past this a new page keeps its quick compression. The queue holds no page body (weak
/// references: a page evicted meanwhile is freed and skipped), so a flood of misses can
/// neither grow the memory beyond the budget nor keep a core busy once it stops.
pub const MAX_BEST_COMPRESSION_BACKLOG: usize = 16;

/// An encoding a cached page is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The `Content-Encoding` value, none for identity.
    pub fn content_encoding(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
            Encoding::Identity => "id",
        }
    }

    fn index(self) -> usize {
        match self {
            Encoding::Brotli => 0,
            Encoding::Gzip => 1,
            Encoding::Identity => 2,
        }
    }

    /// The encoding to answer an `Accept-Encoding` header with: the acceptable one with
    /// the highest weight, brotli before gzip at equal weight; identity when neither is
    /// acceptable (`q=0`) or the header is absent.
    pub fn negotiate(accept_encoding: Option<&str>) -> Encoding {
        let Some(header) = accept_encoding else {
            return Encoding::Identity;
        };
        let mut weights = (None::<f32>, None::<f32>, None::<f32>); // br, gzip, *
        for item in header.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(str::trim))
                .map(|q| q.parse::<f32>().unwrap_or(0.0))
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            match name.as_str() {
                "br" => weights.0 = Some(q),
                "gzip" | "x-gzip" => weights.1 = Some(q),
                "*" => weights.2 = Some(q),
                _ => {}
            }
        }
        let br = weights.0.or(weights.2).unwrap_or(0.0);
        let gzip = weights.1.or(weights.2).unwrap_or(0.0);
        if br > 0.0 && br >= gzip {
            Encoding::Brotli
        } else if gzip > 0.0 {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

/// How hard a page is compressed. A miss is answered at once with [`Effort::Quick`]
/// (brotli 5, gzip 6: a millisecond or two), and the page is compressed again at
/// [`Effort::Best`] (brotli 11, gzip 9: ten times longer, a tenth smaller) off the
/// request's path for every visitor after ([`CachedPage::at_best`], [`PageCache::replace`]):
/// after a change, the first visitor does not wait for the best compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Quick,
    Best,
}

/// One rendered page, in every encoding it is served in.
#[derive(Debug)]
pub struct CachedPage {
    pub generation: i64,
    pub effort: Effort,
    pub content_type: String,
    /// Past this moment the page shows stale time-dependent state and is not served.
    pub valid_until: Option<DateTime<Utc>>,
    plain: Bytes,
    brotli: Bytes,
    gzip: Bytes,
    /// The `ETag` of each encoding (brotli, gzip, plain), ready to send.
    etags: [HeaderValue; 3],
    /// The `Content-Type`, ready to send.
    pub content_type_value: HeaderValue,
}

impl CachedPage {
    /// Compresses `body` once in each encoding, with `effort` (CPU-heavy at its best for a
    /// large page: call it off the async workers).
    pub fn new(
        generation: i64,
        content_type: String,
        body: Bytes,
        valid_until: Option<DateTime<Utc>>,
        effort: Effort,
    ) -> Self {
        // Images are compressed already: kept and served as they are.
        let compress = !content_type.starts_with("image/");
        let (brotli_quality, gzip_level) = match effort {
            Effort::Quick => (5, flate2::Compression::default()),
            Effort::Best => (11, flate2::Compression::best()),
        };
        let mut brotli = Vec::with_capacity(body.len() / 4);
        if compress {
            let params = brotli::enc::BrotliEncoderParams {
                quality: brotli_quality,
                lgwin: 22,
                ..Default::default()
            };
            let mut input = &body[..];
            let _ = brotli::BrotliCompress(&mut input, &mut brotli, &params);
        }
        let mut gzip =
            flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), gzip_level);
        // Empty on failure: the page is then served plain to gzip-only clients.
        let gzip: Vec<u8> = if compress {
            gzip.write_all(&body)
                .and_then(|()| gzip.finish())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let digest = Sha256::digest(&body);
        let digest: String = digest[..9].iter().map(|b| format!("{b:02x}")).collect();
        // The compressed bodies differ by effort but decode to the same page: their ETags
        // are weak (what If-None-Match compares), the same for both efforts, so a revisit
        // still gets its 304 once the best compression replaced the quick one.
        let etags = [Encoding::Brotli, Encoding::Gzip, Encoding::Identity].map(|encoding| {
            let weak = if encoding == Encoding::Identity {
                ""
            } else {
                "W/"
            };
            // From the body alone: the content generation in it would let anyone count
            // the platform's changes (sign-ups included) over time.
            let tag = format!("{weak}\"{digest}-{}\"", encoding.tag());
            HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"x\""))
        });
        let content_type_value = HeaderValue::from_str(&content_type)
            .unwrap_or_else(|_| HeaderValue::from_static("text/html; charset=utf-8"));
        CachedPage {
            generation,
            effort,
            content_type,
            valid_until,
            plain: body,
            brotli: Bytes::from(brotli),
            gzip: Bytes::from(gzip),
            etags,
            content_type_value,
        }
    }

    /// The same page compressed at its best, when it was not already (or is an image,
    /// never compressed).
    pub fn at_best(&self) -> Option<CachedPage> {
        (self.effort == Effort::Quick && !self.content_type.starts_with("image/")).then(|| {
            CachedPage::new(
                self.generation,
                self.content_type.clone(),
                self.plain.clone(),
                self.valid_until,
                Effort::Best,
            )
        })
    }

    /// The body in `encoding` (plain when a compressed form could not be made).
    pub fn body(&self, encoding: Encoding) -> (Encoding, Bytes) {
        match encoding {
            Encoding::Brotli if !self.brotli.is_empty() => (encoding, self.brotli.clone()),
            Encoding::Gzip if !self.gzip.is_empty() => (encoding, self.gzip.clone()),
            _ => (Encoding::Identity, self.plain.clone()),
        }
    }

    /// The strong `ETag` of the body in `encoding` (each encoding has its own).
    pub fn etag(&self, encoding: Encoding) -> &HeaderValue {
        &self.etags[encoding.index()]
    }

    /// Bytes this entry holds (the three bodies).
    pub fn size(&self) -> usize {
        self.plain.len() + self.brotli.len() + self.gzip.len() + self.content_type.len() + 64
    }

    fn is_current(&self, generation: i64, now: DateTime<Utc>) -> bool {
        self.generation == generation && self.valid_until.is_none_or(|until| now < until)
    }
}

/// A per-process cache, shared by clones.
#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(DEFAULT_BUDGET_BYTES)
    }
}

struct Inner {
    generation: AtomicI64,
    /// One page compressed at its best at a time ([`PageCache::compress_at_best`]).
    compressing: tokio::sync::Semaphore,
    /// One read of the generation at a time ([`PageCache::sync`]): the last value read is
    /// the last one kept.
    syncing: tokio::sync::Mutex<()>,
    /// Pages queued for their best compression (at most [`MAX_BEST_COMPRESSION_BACKLOG`]).
    backlog: AtomicUsize,
    /// A clock of uses: each hit stamps its entry, eviction takes the oldest stamp.
    uses: AtomicU64,
    pages: RwLock<Pages>,
}

struct Entry {
    page: Arc<CachedPage>,
    last_used: AtomicU64,
}

/// The pages, under a read-write lock: hits only read it (and stamp their entry's last
/// use atomically), so concurrent visitors do not wait for each other.
struct Pages {
    entries: HashMap<String, Entry>,
    bytes: usize,
    budget: usize,
    /// Bytes of the pages a client can multiply at will ([`multiplied`]).
    multiplied_bytes: usize,
}

/// The share of the budget that pages a client can multiply at will may take, at most: a
/// quarter. They evict only each other, never a sheet, a territory page or the home page.
const MULTIPLIED_SHARE: usize = 4;

/// Whether the page under `key` is one a client can multiply at will: any address with a
/// query string (a search and its filters, an agenda's combination, a postal code near
/// me, a numbered page). Sheets, territory, organisation and theme pages, the home page
/// and the feeds have none.
fn multiplied(key: &str) -> bool {
    key.contains('?')
}

impl Pages {
    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.entries.remove(key) {
            let size = entry.page.size() + key.len();
            self.bytes -= size;
            if multiplied(key) {
                self.multiplied_bytes -= size;
            }
        }
    }

    /// Drops the least recently used page (of those a client multiplies, when `only_multiplied`);
    /// false when there is none.
    fn evict_one(&mut self, only_multiplied: bool) -> bool {
        let oldest = self
            .entries
            .iter()
            .filter(|(key, _)| !only_multiplied || multiplied(key))
            .min_by_key(|(_, entry)| entry.last_used.load(Ordering::Relaxed))
            .map(|(key, _)| key.clone());
        match oldest {
            Some(key) => {
                self.remove(&key);
                true
            }
            None => false,
        }
    }
}

/// A place in the best-compression queue, given back when its task ends (or is dropped
/// with the runtime).
struct BacklogSlot(Arc<Inner>);

impl Drop for BacklogSlot {
    fn drop(&mut self) {
        self.0.backlog.fetch_sub(1, Ordering::AcqRel);
    }
}

impl PageCache {
    /// A cache holding at most `budget_bytes` of pages.
    pub fn new(budget_bytes: usize) -> Self {
        PageCache {
            inner: Arc::new(Inner {
                generation: AtomicI64::new(0),
                compressing: tokio::sync::Semaphore::new(1),
                syncing: tokio::sync::Mutex::new(()),
                backlog: AtomicUsize::new(0),
                uses: AtomicU64::new(0),
                pages: RwLock::new(Pages {
                    entries: HashMap::new(),
                    bytes: 0,
                    budget: budget_bytes,
                    multiplied_bytes: 0,
                }),
            }),
        }
    }

    /// The generation this process currently believes in.
    pub fn generation(&self) -> i64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.inner.pages.read().map(|p| p.bytes).unwrap_or(0)
    }

    /// The cached page for `key`, if it is current at `now` (it then becomes the most
    /// recently used). A stale one is dropped.
    pub fn get(&self, key: &str, now: DateTime<Utc>) -> Option<Arc<CachedPage>> {
        let current = self.generation();
        {
            let pages = self.inner.pages.read().ok()?;
            let entry = pages.entries.get(key)?;
            if entry.page.is_current(current, now) {
                let tick = self.inner.uses.fetch_add(1, Ordering::Relaxed);
                entry.last_used.store(tick, Ordering::Relaxed);
                return Some(entry.page.clone());
            }
        }
        if let Ok(mut pages) = self.inner.pages.write() {
            pages.remove(key);
        }
        None
    }

    /// Stores a page rendered while `page.generation` was current. Pages rendered before a
    /// newer generation was observed, and pages larger than the whole budget, are not kept;
    /// to make room the least recently used pages go first. Pages a client can multiply at
    /// will ([`multiplied`]) have a quarter of the budget and make room among themselves
    /// only: a flood of searches never evicts a sheet.
    pub fn insert(&self, key: String, page: Arc<CachedPage>) {
        if page.generation != self.generation() {
            return;
        }
        let Ok(mut pages) = self.inner.pages.write() else {
            return;
        };
        let size = page.size() + key.len();
        let share = pages.budget / MULTIPLIED_SHARE;
        let client_made = multiplied(&key);
        if size > pages.budget || (client_made && size > share) {
            return;
        }
        pages.remove(&key);
        if client_made {
            while pages.multiplied_bytes + size > share && pages.evict_one(true) {}
            while pages.bytes + size > pages.budget && pages.evict_one(true) {}
            if pages.bytes + size > pages.budget {
                return;
            }
            pages.multiplied_bytes += size;
        } else {
            while pages.bytes + size > pages.budget && pages.evict_one(false) {}
        }
        pages.bytes += size;
        let tick = self.inner.uses.fetch_add(1, Ordering::Relaxed);
        pages.entries.insert(
            key,
            Entry {
                page,
                last_used: AtomicU64::new(tick),
            },
        );
    }

    /// Whether `page` itself is the one kept under `key`, at the current generation.
    pub fn holds_page(&self, key: &str, page: &Arc<CachedPage>) -> bool {
        page.generation == self.generation()
            && self
                .inner
                .pages
                .read()
                .map(|pages| {
                    pages
                        .entries
                        .get(key)
                        .is_some_and(|entry| Arc::ptr_eq(&entry.page, page))
                })
                .unwrap_or(false)
    }

    /// Compresses `quick`, kept under `key`, again at its best in the background, and puts
    /// it in its place if that page is still the one kept. One page at a time per server
    /// (brotli 11 is heavy), at most [`MAX_BEST_COMPRESSION_BACKLOG`] waiting (a page past
    /// that keeps its quick compression), and none whose place was taken meanwhile (a newer
    /// generation, a newer page, an eviction): under a burst of changes or misses the quick
    /// pages simply stay. The queue holds weak references only.
    pub fn compress_at_best(&self, key: String, quick: Arc<CachedPage>) {
        if quick.effort != Effort::Quick || quick.content_type.starts_with("image/") {
            return;
        }
        let reserved =
            self.inner
                .backlog
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |waiting| {
                    (waiting < MAX_BEST_COMPRESSION_BACKLOG).then_some(waiting + 1)
                });
        if reserved.is_err() {
            return;
        }
        let slot = BacklogSlot(self.inner.clone());
        let waiting: Weak<CachedPage> = Arc::downgrade(&quick);
        drop(quick);
        let cache = self.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let Ok(_turn) = cache.inner.compressing.acquire().await else {
                return;
            };
            let Some(quick) = waiting.upgrade() else {
                return;
            };
            if !cache.holds_page(&key, &quick) {
                return;
            }
            let page = quick.clone();
            match tokio::task::spawn_blocking(move || page.at_best()).await {
                Ok(Some(best)) => cache.replace(&key, &quick, Arc::new(best)),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "cannot compress a page at its best"),
            }
        });
    }

    /// Pages waiting for (or in) their best compression now.
    pub fn best_compression_backlog(&self) -> usize {
        self.inner.backlog.load(Ordering::Acquire)
    }

    /// Puts `better` in the place of `held` (the same page, compressed again), if `held`
    /// is still the page kept under `key`: a newer page, or none, stays as it is.
    pub fn replace(&self, key: &str, held: &Arc<CachedPage>, better: Arc<CachedPage>) {
        let Ok(mut pages) = self.inner.pages.write() else {
            return;
        };
        let Some(entry) = pages.entries.get_mut(key) else {
            return;
        };
        if !Arc::ptr_eq(&entry.page, held) {
            return;
        }
        let (before, after) = (held.size(), better.size());
        entry.page = better;
        pages.bytes = pages.bytes + after - before;
        if multiplied(key) {
            pages.multiplied_bytes = pages.multiplied_bytes + after - before;
        }
    }

    /// Whether `key` is held (whatever its state), without touching the recency order.
    pub fn holds(&self, key: &str) -> bool {
        self.inner
            .pages
            .read()
            .map(|pages| pages.entries.contains_key(key))
            .unwrap_or(false)
    }

    /// Records that the database is at `generation`; any other one empties the cache
    /// (every page held was rendered at another). A lower one is taken too: a restored
    /// database goes back in time, and pages of the future must go.
    pub fn observe(&self, generation: i64) {
        let previous = self.inner.generation.swap(generation, Ordering::AcqRel);
        if generation != previous {
            if generation < previous {
                tracing::warn!(
                    generation,
                    previous,
                    "the content generation went back (a restored database?): cache emptied"
                );
            }
            if let Ok(mut pages) = self.inner.pages.write() {
                pages.entries.clear();
                pages.bytes = 0;
                pages.multiplied_bytes = 0;
            }
        }
    }

    /// Reads the generation from the database now (after a change made by this server, on
    /// an announcement, or polling). Reads are taken one at a time, so a slow read can
    /// never put back a value older than one read after it.
    pub async fn sync(&self, db: &Db) -> Result<(), app::backend::DomainError> {
        let _turn = self.inner.syncing.lock().await;
        let generation = actions::content_generation(db).await?;
        self.observe(generation);
        Ok(())
    }

    /// After a request that may have changed something: syncs at once. A failure is only
    /// logged (the change is saved; the poller catches up within one interval).
    pub async fn refresh_after_change(&self, db: &Db) {
        if let Err(error) = self.sync(db).await {
            tracing::warn!(%error, "cannot read the content generation after a change");
        }
    }

    /// Keeps this server's generation current with changes made through other servers.
    /// On PostgreSQL it listens to the announcements of migration 0017 (`LISTEN`/`NOTIFY`),
    /// so a change reaches every server as its transaction commits; polling every
    /// `poll_interval` is only the fallback while the listening connection is lost, and
    /// the listener reconnects by itself (then reads the generation once, for anything
    /// announced meanwhile). SQLite, one server, polls. Errors are logged and retried.
    pub fn spawn_refresher(&self, db: Db, poll_interval: Duration) -> tokio::task::JoinHandle<()> {
        let cache = self.clone();
        tokio::spawn(async move {
            match &db {
                Db::Postgres(pool) => cache.listen(pool, &db, poll_interval).await,
                Db::Sqlite(_) => cache.poll(&db, poll_interval).await,
            }
        })
    }

    /// Reads the generation every `interval`, for ever.
    async fn poll(&self, db: &Db, interval: Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(error) = self.sync(db).await {
                tracing::warn!(%error, "cannot read the content generation");
            }
        }
    }

    /// Listens to [`CHANGES_CHANNEL`]; while it cannot, polls, and tries again after a
    /// growing pause (a quarter of a second, doubling up to five seconds).
    async fn listen(&self, pool: &sqlx::PgPool, db: &Db, poll_interval: Duration) {
        const FIRST_RETRY: Duration = Duration::from_millis(250);
        const LAST_RETRY: Duration = Duration::from_secs(5);
        // A connection of its own, outside the pool that serves requests (which it would
        // otherwise hold for ever), with the same address and credentials.
        let listening_pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(2))
            .connect_lazy_with((*pool.connect_options()).clone());
        let mut retry = FIRST_RETRY;
        loop {
            match self.hear_announcements(&listening_pool, db).await {
                // It listened a while before losing the connection: try again soon.
                Ok(()) => retry = FIRST_RETRY,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen to the database's change announcements")
                }
            }
            // The fallback: poll until the next attempt to listen.
            let _ = tokio::time::timeout(retry, self.poll(db, poll_interval)).await;
            retry = (retry * 2).min(LAST_RETRY);
        }
    }

    /// Opens a listening connection and observes every announced generation until the
    /// connection is lost (`Ok`) or cannot be opened (`Err`).
    async fn hear_announcements(
        &self,
        pool: &sqlx::PgPool,
        db: &Db,
    ) -> Result<(), app::backend::DomainError> {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(CHANGES_CHANNEL).await?;
        tracing::info!("listening to the database's change announcements");
        // Whatever changed before the listening began.
        self.sync(db).await?;
        // A connection dropped silently (a NAT or a load balancer forgetting an idle
        // connection) would keep this listener waiting with no error: the generation is
        // also read every half minute, so no page stays stale longer than that.
        let mut safety = tokio::time::interval(SAFETY_SYNC);
        safety.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        safety.tick().await;
        loop {
            tokio::select! {
                // Cancel-safe: a notification being read when the timer fires stays buffered.
                // The announcement says something changed; what the generation is, the
                // table says (a stray NOTIFY cannot set it).
                received = listener.try_recv() => match received? {
                    Some(_) => self.sync(db).await?,
                    None => {
                        tracing::warn!("the listening connection to the database was lost");
                        return Ok(());
                    }
                },
                _ = safety.tick() => self.sync(db).await?,
            }
        }
    }
}

/// The PostgreSQL channel on which each new content generation is announced (migration
/// 0017).
pub const CHANGES_CHANNEL: &str = "passeurs_changes";

/// How often a listening server also reads the generation, in case its listening
/// connection died without a word.
const SAFETY_SYNC: Duration = Duration::from_secs(30);

/// The cache key of a request for a public page, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKey {
    /// A canonical address of a public page: cached under this key.
    Cached(String),
    /// Another spelling of a public page's address: answered with a 301 to this one.
    Redirect(String),
    /// Anything else: rendered, never cached.
    Uncached,
}

impl PageKey {
    /// Classifies a GET of `path` with `query`. Public pages are the home page (`/`; its
    /// former pages `/?page=N` lead back to it), sheets (`/actions/{slug}`), searches, the
    /// pages of a theme, a département, a région and an organisation (with `?page=N`), the
    /// agenda and "Près de chez moi"; any other query string is rendered but never cached,
    /// so random addresses cannot fill or flush the cache.
    pub fn of(path: &str, query: Option<&str>) -> PageKey {
        if path.ends_with(".atom") || path.ends_with(".ics") {
            return feed_key(path, query);
        }
        if let Some(slug) = path
            .strip_prefix("/actions/")
            .and_then(|rest| rest.strip_suffix("/og.jpg"))
        {
            let plain = !slug.is_empty()
                && slug.len() <= 200
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            // One image per sheet, whatever the query: `?x=N` would render it again for each N.
            return match (plain, query) {
                (true, None) => PageKey::Cached(path.to_owned()),
                (true, Some(_)) => PageKey::Redirect(path.to_owned()),
                (false, _) => PageKey::Uncached,
            };
        }
        if path == "/" {
            return match query {
                None => PageKey::Cached("/".into()),
                Some(query) => match query.strip_prefix("page=") {
                    Some(n)
                        if !n.is_empty()
                            && n.len() <= 6
                            && n.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        PageKey::Redirect("/".to_owned())
                    }
                    _ => PageKey::Uncached,
                },
            };
        }
        if path == "/agenda" {
            return agenda_key(query);
        }
        // Read whole from every published sheet: kept like the feeds, one address.
        if path == "/sitemap.xml" {
            return match query {
                None => PageKey::Cached(path.to_owned()),
                Some(_) => PageKey::Redirect(path.to_owned()),
            };
        }
        if path == "/pres-de-chez-moi" {
            return match query {
                None => PageKey::Cached(path.to_owned()),
                Some(query) => match query.strip_prefix("code_postal=") {
                    Some(code) if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) => {
                        PageKey::Cached(format!("{path}?{query}"))
                    }
                    _ => PageKey::Uncached,
                },
            };
        }
        for prefix in ["/territoires/", "/regions/", "/organisations/"] {
            if let Some(name) = path.strip_prefix(prefix) {
                return named_page_key(prefix, name, query);
            }
        }
        if path == "/initiatives" {
            return search_key(query);
        }
        if let Some(slug) = path.strip_prefix("/themes/") {
            return theme_key(slug, query);
        }
        let Some(slug) = path.strip_prefix("/actions/") else {
            return PageKey::Uncached;
        };
        if query.is_some() || slug.is_empty() || slug.contains('/') {
            return PageKey::Uncached;
        }
        let is_slug = |s: &str| {
            s.len() <= 200
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if is_slug(slug) {
            return PageKey::Cached(path.to_owned());
        }
        match percent_decode(slug) {
            Some(decoded) if is_slug(&decoded) => PageKey::Redirect(format!("/actions/{decoded}")),
            _ => PageKey::Uncached,
        }
    }
}

/// Longest search text whose results are kept.
const MAX_CACHED_QUERY_CHARS: usize = 100;

/// A feed (`{page}/flux.atom`, `{page}/agenda.ics`, `/evenements/{id}/agenda.ics`) is kept
/// under its path when the page's name is a plain slug; the handler says whether it names
/// anything (404) or another spelling of it (301). Personal calendar files
/// (`/inscription/…`) are never kept.
fn feed_key(path: &str, query: Option<&str>) -> PageKey {
    use app::model::{FEED_ATOM, FEED_CALENDAR};
    if query.is_some() {
        return PageKey::Uncached;
    }
    let is_name = |s: &str| {
        !s.is_empty() && s.len() <= 200 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let kept = match parts.as_slice() {
        [file] => *file == FEED_ATOM || *file == FEED_CALENDAR,
        ["evenements", id, file] => {
            *file == FEED_CALENDAR
                && !id.is_empty()
                && id.len() <= 12
                && id.bytes().all(|b| b.is_ascii_digit())
        }
        [kind, name, file] => {
            matches!(
                *kind,
                "actions" | "organisations" | "territoires" | "regions" | "themes"
            ) && is_name(name)
                && (*file == FEED_ATOM || *file == FEED_CALENDAR)
        }
        _ => false,
    };
    if kept {
        PageKey::Cached(path.to_owned())
    } else {
        PageKey::Uncached
    }
}

/// `/initiatives`: the canonical address of the search (parameters in one order, values
/// as the server writes them: `SearchFilters::address`) is kept; another spelling of it
/// is redirected there; unknown or repeated parameters, a long text or a value that names
/// nothing are rendered uncached.
fn search_key(query: Option<&str>) -> PageKey {
    const KEYS: [&str; 9] = [
        "q",
        "departement",
        "region",
        "type",
        "statut",
        "evenement",
        "places",
        "theme",
        "page",
    ];
    let mut values: [Option<String>; 9] = Default::default();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(index) = KEYS.iter().position(|k| *k == key) else {
            return PageKey::Uncached;
        };
        let Some(value) = percent_decode(&value.replace('+', " ")) else {
            return PageKey::Uncached;
        };
        if values[index].replace(value).is_some() {
            return PageKey::Uncached;
        }
    }
    let value = |index: usize| values[index].as_deref().unwrap_or("");
    let text = value(0).trim();
    if text.chars().count() > MAX_CACHED_QUERY_CHARS {
        return PageKey::Uncached;
    }
    let page = match value(8) {
        "" => 1,
        n if n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()) => {
            n.parse::<i64>().unwrap_or(1).max(1)
        }
        _ => return PageKey::Uncached,
    };
    let Ok(filters) = app::model::SearchFilters::parse(
        value(1),
        value(2),
        value(3),
        value(4),
        value(5),
        value(6),
        value(7),
    ) else {
        return PageKey::Uncached;
    };
    canonical_or_redirect(filters.address(text, page), "/initiatives", query)
}

/// `/themes/{slug}` and its pages (`?page=N`, N ≥ 2).
fn theme_key(slug: &str, query: Option<&str>) -> PageKey {
    if !slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return PageKey::Uncached;
    }
    named_page_key("/themes/", slug, query)
}

/// A page named in its address (`/themes/democratie`, `/territoires/2A-corse-du-sud`,
/// `/regions/52-pays-de-la-loire`, `/organisations/centre-social`) and its pages
/// (`?page=N`, N ≥ 2). Whether the name names something is for the page to say (404).
fn named_page_key(prefix: &str, name: &str, query: Option<&str>) -> PageKey {
    let is_name = |s: &str| {
        !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !is_name(name) {
        return PageKey::Uncached;
    }
    let path = format!("{prefix}{name}");
    let page = match query {
        None => 1,
        Some(query) => match query.strip_prefix("page=") {
            Some(n) if !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()) => {
                n.parse::<i64>().unwrap_or(1)
            }
            _ => return PageKey::Uncached,
        },
    };
    let canonical = if page <= 1 {
        path.clone()
    } else {
        format!("{path}?page={page}")
    };
    canonical_or_redirect(canonical, &path, query)
}

/// `/agenda`: its filters in one order (`departement`, `region`, `theme`, `places`, then
/// `page`), blank ones left out — what its form and its links write.
fn agenda_key(query: Option<&str>) -> PageKey {
    const KEYS: [&str; 5] = ["departement", "region", "theme", "places", "page"];
    let mut values: [Option<String>; 5] = Default::default();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(index) = KEYS.iter().position(|k| *k == key) else {
            return PageKey::Uncached;
        };
        let Some(value) = percent_decode(&value.replace('+', " ")) else {
            return PageKey::Uncached;
        };
        if values[index].replace(value).is_some() {
            return PageKey::Uncached;
        }
    }
    let value = |index: usize| values[index].as_deref().unwrap_or("").trim();
    let Ok(filters) =
        app::model::SearchFilters::parse(value(0), value(1), "", "", "", value(3), value(2))
    else {
        return PageKey::Uncached;
    };
    let page = match value(4) {
        "" => 1,
        n if n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()) => n.parse::<i64>().unwrap_or(1),
        _ => return PageKey::Uncached,
    };
    // A département with a région says the same thing twice, or nothing: not kept.
    if filters.departement.is_some() && filters.region.is_some() {
        return PageKey::Uncached;
    }
    let canonical = filters.agenda_address(page);
    canonical_or_redirect(canonical, "/agenda", query)
}

/// Kept under `canonical` when the request spelled it so, redirected there otherwise.
fn canonical_or_redirect(canonical: String, path: &str, query: Option<&str>) -> PageKey {
    let asked = match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    if asked == canonical {
        PageKey::Cached(canonical)
    } else {
        PageKey::Redirect(canonical)
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_kept_under_their_path_and_nothing_else_is() {
        for kept in [
            "/flux.atom",
            "/agenda.ics",
            "/actions/jardin-partage/flux.atom",
            "/territoires/2A-corse-du-sud/agenda.ics",
            "/evenements/12/agenda.ics",
        ] {
            assert_eq!(
                PageKey::of(kept, None),
                PageKey::Cached(kept.into()),
                "{kept}"
            );
        }
        for (path, query) in [
            ("/flux.atom", Some("x=1")),
            ("/actions/jardin/autre.atom", None),
            ("/actions/jard%20in/flux.atom", None),
            ("/comptes/x/flux.atom", None),
            ("/inscription/abc/evenement.ics", None),
            ("/evenements/x/agenda.ics", None),
        ] {
            assert_eq!(PageKey::of(path, query), PageKey::Uncached, "{path}");
        }
    }

    #[test]
    fn searches_and_theme_pages_have_one_address_each() {
        let cases = [
            ("/initiatives", None, PageKey::Cached("/initiatives".into())),
            (
                "/initiatives",
                Some("departement=44&q=jardin+partag%C3%A9&theme=ecologie"),
                PageKey::Cached(
                    "/initiatives?departement=44&q=jardin+partag%C3%A9&theme=ecologie".into(),
                ),
            ),
            (
                "/initiatives",
                Some("theme=ecologie&q=%20jardin%20partag%c3%a9&departement=44&page=1"),
                PageKey::Redirect(
                    "/initiatives?departement=44&q=jardin+partag%C3%A9&theme=ecologie".into(),
                ),
            ),
            (
                "/initiatives",
                Some("q="),
                PageKey::Redirect("/initiatives".into()),
            ),
            (
                "/initiatives",
                Some("evenement=on&page=02"),
                PageKey::Redirect("/initiatives?evenement=1&page=2".into()),
            ),
            ("/initiatives", Some("q=a&q=b"), PageKey::Uncached),
            ("/initiatives", Some("utm_source=x"), PageKey::Uncached),
            ("/initiatives", Some("departement=99"), PageKey::Uncached),
            ("/initiatives", Some("page=x"), PageKey::Uncached),
            (
                "/themes/ecologie",
                None,
                PageKey::Cached("/themes/ecologie".into()),
            ),
            (
                "/themes/ecologie",
                Some("page=2"),
                PageKey::Cached("/themes/ecologie?page=2".into()),
            ),
            (
                "/themes/ecologie",
                Some("page=1"),
                PageKey::Redirect("/themes/ecologie".into()),
            ),
            ("/themes/ecologie", Some("x=1"), PageKey::Uncached),
            ("/themes/%C3%A9", None, PageKey::Uncached),
        ];
        for (path, query, expected) in cases {
            assert_eq!(PageKey::of(path, query), expected, "{path}?{query:?}");
        }
        let long = format!("q={}", "a".repeat(MAX_CACHED_QUERY_CHARS + 1));
        assert_eq!(PageKey::of("/initiatives", Some(&long)), PageKey::Uncached);
    }

    fn page(generation: i64, body: &str) -> Arc<CachedPage> {
        Arc::new(CachedPage::new(
            generation,
            "text/html".into(),
            Bytes::from(body.to_owned()),
            None,
            Effort::Best,
        ))
    }

    #[test]
    fn a_quick_page_is_replaced_by_its_best_compression_with_the_same_etags() {
        let cache = PageCache::default();
        let html = "<p>Le banquet des Tilleuls, le banquet des Tilleuls.</p>".repeat(200);
        let quick = Arc::new(CachedPage::new(
            0,
            "text/html".into(),
            Bytes::from(html.clone()),
            None,
            Effort::Quick,
        ));
        cache.insert("/".into(), quick.clone());
        let best = Arc::new(quick.at_best().expect("compressed again"));
        assert!(best.at_best().is_none(), "already at its best");
        for encoding in [Encoding::Brotli, Encoding::Gzip, Encoding::Identity] {
            assert_eq!(quick.etag(encoding), best.etag(encoding));
        }
        assert!(quick
            .etag(Encoding::Brotli)
            .to_str()
            .unwrap()
            .starts_with("W/\""));
        assert!(quick
            .etag(Encoding::Identity)
            .to_str()
            .unwrap()
            .starts_with('"'));
        assert!(best.body(Encoding::Brotli).1.len() <= quick.body(Encoding::Brotli).1.len());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &best.body(Encoding::Brotli).1[..], &mut decoded).unwrap();
        assert_eq!(decoded, html.as_bytes());
        cache.replace("/", &quick, best.clone());
        assert!(Arc::ptr_eq(&cache.get("/", Utc::now()).unwrap(), &best));
        // Only in the place of the page it was made from.
        let newer = page(0, "newer");
        cache.insert("/".into(), newer.clone());
        cache.replace("/", &quick, best);
        assert!(Arc::ptr_eq(&cache.get("/", Utc::now()).unwrap(), &newer));
        assert_eq!(cache.bytes(), newer.size() + 1);
    }

    fn plain(page: &CachedPage) -> Bytes {
        page.body(Encoding::Identity).1
    }

    #[test]
    fn a_newer_generation_hides_pages_rendered_before_it() {
        let cache = PageCache::default();
        let now = Utc::now();
        cache.observe(3);
        cache.insert("/".into(), page(3, "old"));
        assert_eq!(
            cache.get("/", now).map(|p| plain(&p)),
            Some(Bytes::from("old"))
        );
        cache.observe(4);
        assert!(cache.get("/", now).is_none());
        // A page rendered at generation 3 but finished after 4 was observed is not kept.
        cache.insert("/".into(), page(3, "late"));
        assert!(cache.get("/", now).is_none());
        cache.insert("/".into(), page(4, "new"));
        assert_eq!(
            cache.get("/", now).map(|p| plain(&p)),
            Some(Bytes::from("new"))
        );
    }

    #[test]
    fn pages_a_client_multiplies_take_a_quarter_and_never_evict_a_sheet() {
        let sheet = page(0, &"s".repeat(1000));
        let budget = (sheet.size() + 20) * 8;
        let cache = PageCache::new(budget);
        cache.insert("/actions/a".into(), sheet.clone());
        cache.insert("/".into(), page(0, &"h".repeat(1000)));
        for n in 0..500 {
            cache.insert(format!("/initiatives?q=mot{n}"), page(0, &"r".repeat(1000)));
        }
        assert!(
            cache.holds("/actions/a") && cache.holds("/"),
            "never evicted by searches"
        );
        assert!(
            cache.holds("/initiatives?q=mot499"),
            "the latest search is kept"
        );
        assert!(!cache.holds("/initiatives?q=mot0"), "the oldest made room");
        let pages = cache.inner.pages.read().unwrap();
        assert!(pages.multiplied_bytes <= budget / MULTIPLIED_SHARE);
        assert!(pages.bytes <= budget);
    }

    #[test]
    fn an_older_generation_is_taken_and_empties_the_cache() {
        let cache = PageCache::default();
        cache.observe(7);
        cache.insert("/".into(), page(7, "of the future"));
        assert!(cache.holds("/"));
        // A restored database: back to 5, and nothing rendered at 7 is served.
        cache.observe(5);
        assert_eq!(cache.generation(), 5);
        assert!(!cache.holds("/"));
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn a_page_is_not_served_past_its_validity() {
        let cache = PageCache::default();
        let now = Utc::now();
        let until = now + chrono::Duration::seconds(60);
        let page = Arc::new(CachedPage::new(
            0,
            "text/html".into(),
            Bytes::from("x"),
            Some(until),
            Effort::Best,
        ));
        cache.insert("/actions/banquet".into(), page);
        assert!(cache.get("/actions/banquet", now).is_some());
        assert!(cache
            .get(
                "/actions/banquet",
                until - chrono::Duration::milliseconds(1)
            )
            .is_some());
        assert!(
            cache.get("/actions/banquet", until).is_none(),
            "not at the deadline itself"
        );
        assert!(!cache.holds("/actions/banquet"), "dropped once stale");
    }

    #[test]
    fn the_cache_stays_within_its_bytes_evicting_the_least_recently_used() {
        let one = page(0, &"a".repeat(10_000));
        let budget = (one.size() + "/actions/p0".len()) * 3;
        let cache = PageCache::new(budget);
        let now = Utc::now();
        for n in 0..3 {
            cache.insert(format!("/actions/p{n}"), page(0, &"a".repeat(10_000)));
        }
        // p0 is used: p1 is now the least recently used, and goes first.
        assert!(cache.get("/actions/p0", now).is_some());
        cache.insert("/actions/p3".into(), page(0, &"b".repeat(10_000)));
        assert!(cache.bytes() <= budget);
        assert!(
            cache.holds("/actions/p0") && cache.holds("/actions/p2") && cache.holds("/actions/p3")
        );
        assert!(
            !cache.holds("/actions/p1"),
            "the least recently used was evicted"
        );
        // Never everything at once: one more page evicts exactly one.
        cache.insert("/actions/p4".into(), page(0, &"c".repeat(10_000)));
        assert_eq!(
            ["p0", "p2", "p3", "p4"]
                .iter()
                .filter(|k| cache.holds(&format!("/actions/{k}")))
                .count(),
            3
        );
        // A page larger than the whole budget is not kept (and evicts nothing).
        cache.insert("/actions/huge".into(), page(0, &"d".repeat(budget * 2)));
        assert!(!cache.holds("/actions/huge"));
        assert!(cache.holds("/actions/p4"));
    }

    #[test]
    fn each_encoding_decodes_to_the_page_and_has_its_own_etag() {
        use std::io::Read;
        let html = "<p>Bonjour</p>".repeat(500);
        let page = page(9, &html);
        let (encoding, br) = page.body(Encoding::Brotli);
        assert_eq!(encoding, Encoding::Brotli);
        assert!(br.len() < html.len() / 10);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut decoded).unwrap();
        assert_eq!(decoded, html.as_bytes());
        let (_, gz) = page.body(Encoding::Gzip);
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(decoded, html);
        let tags = [Encoding::Brotli, Encoding::Gzip, Encoding::Identity].map(|e| page.etag(e));
        assert!(tags[0] != tags[1] && tags[1] != tags[2]);
        // Weak for the compressed bodies, strong for the plain one; made from the body
        // alone: the same page at another generation has the same tags.
        assert!(tags[0].to_str().unwrap().starts_with("W/\""));
        assert!(tags[2].to_str().unwrap().starts_with('"'));
        assert!(
            !tags[0].to_str().unwrap().starts_with("W/\"9-"),
            "no generation"
        );
        let later = CachedPage::new(
            10,
            "text/html".into(),
            Bytes::from(html.clone()),
            None,
            Effort::Quick,
        );
        assert_eq!(later.etag(Encoding::Brotli), tags[0]);
    }

    #[test]
    fn accept_encoding_is_negotiated_with_its_weights() {
        use Encoding::*;
        for (header, expected) in [
            (None, Identity),
            (Some(""), Identity),
            (Some("br, gzip"), Brotli),
            (Some("gzip, deflate, br"), Brotli),
            (Some("gzip"), Gzip),
            (Some("br;q=0, gzip"), Gzip),
            (Some("br;q=0.5, gzip;q=0.8"), Gzip),
            (Some("br;q=0, gzip;q=0"), Identity),
            (Some("identity"), Identity),
            (Some("*"), Brotli),
            (Some("*;q=0"), Identity),
            (Some("GZIP;Q=1"), Gzip),
        ] {
            assert_eq!(Encoding::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn only_canonical_addresses_of_public_pages_are_keys() {
        use PageKey::*;
        for (path, query, expected) in [
            ("/", None, Cached("/".to_owned())),
            ("/", Some("page=2"), Redirect("/".to_owned())),
            ("/", Some("page=0002"), Redirect("/".to_owned())),
            ("/", Some("page=1"), Redirect("/".to_owned())),
            ("/", Some("page=0"), Redirect("/".to_owned())),
            ("/", Some("page=2&x=1"), Uncached),
            ("/", Some("utm_source=lettre"), Uncached),
            (
                "/actions/banquet",
                None,
                Cached("/actions/banquet".to_owned()),
            ),
            (
                "/actions/%62anquet",
                None,
                Redirect("/actions/banquet".to_owned()),
            ),
            ("/actions/Banquet", None, Uncached),
            ("/actions/banquet", Some("modifier=title"), Uncached),
            ("/actions/banquet/historique", None, Uncached),
            ("/actions/%zz", None, Uncached),
            ("/connexion", None, Uncached),
            ("/agenda", None, Cached("/agenda".to_owned())),
            (
                "/agenda",
                Some("theme=&departement=44&places=1"),
                Redirect("/agenda?departement=44&places=1".to_owned()),
            ),
            ("/agenda", Some("region=52&departement=44"), Uncached),
            (
                "/agenda",
                Some("departement=44&places=1&page=2"),
                Cached("/agenda?departement=44&places=1&page=2".to_owned()),
            ),
            ("/agenda", Some("page=1"), Redirect("/agenda".to_owned())),
            ("/agenda", Some("departement=99"), Uncached),
            ("/agenda", Some("utm_source=lettre"), Uncached),
            (
                "/territoires/2A-corse-du-sud",
                None,
                Cached("/territoires/2A-corse-du-sud".to_owned()),
            ),
            (
                "/regions/52-pays-de-la-loire",
                Some("page=02"),
                Redirect("/regions/52-pays-de-la-loire?page=2".to_owned()),
            ),
            ("/organisations/centre", Some("x=1"), Uncached),
            ("/organisations/centre/x", None, Uncached),
            (
                "/pres-de-chez-moi",
                Some("code_postal=44800"),
                Cached("/pres-de-chez-moi?code_postal=44800".to_owned()),
            ),
            ("/pres-de-chez-moi", Some("code_postal=4480"), Uncached),
        ] {
            assert_eq!(PageKey::of(path, query), expected, "{path}?{query:?}");
        }
    }
}
