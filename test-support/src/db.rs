//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database
//! when `TEST_POSTGRES_URL` is set (CI sets it, so there it is not optional). Each is
//! migrated, and removed again when the test drops it — also when the test fails, so a
//! failing run leaves no scratch database or folder behind. [`TestDb::remove`] does the same
//! after closing the pool gracefully.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use passeurs_domain::db::{self, connect_and_migrate, on_db, Db};

/// A migrated, empty database that belongs to one test.
pub struct TestDb {
    pub db: Db,
    /// The URL it was opened with (to start a server on it).
    pub url: String,
    /// A private scratch folder (media files…), removed with the database.
    pub dir: PathBuf,
    postgres: Option<(String, String)>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "passeurs_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).expect("create a scratch folder for the test");
    dir
}

/// A new SQLite database in a new folder.
pub async fn fresh_sqlite() -> TestDb {
    sqlite(true).await
}

async fn sqlite(migrated: bool) -> TestDb {
    let name = unique_name();
    let dir = scratch_dir(&name);
    let url = format!("sqlite:{}", dir.join("test.db").display());
    let db = if migrated {
        connect_and_migrate(&url, 16, db::DEFAULT_POOL_WAIT).await
    } else {
        db::connect(&url, 16, db::DEFAULT_POOL_WAIT).await
    }
    .expect("open and migrate a test SQLite database");
    TestDb {
        db,
        url,
        dir,
        postgres: None,
    }
}

/// A new PostgreSQL database next to `TEST_POSTGRES_URL`, or `None` when it is not set.
/// Panics if it is set but unusable: a configured PostgreSQL must not be skipped silently.
pub async fn fresh_postgres() -> Option<TestDb> {
    postgres(true).await
}

async fn postgres(migrated: bool) -> Option<TestDb> {
    let admin_url = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let name = unique_name();
    let admin = db::connect(&admin_url, 1, db::DEFAULT_POOL_WAIT)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    on_db!(&admin, pool => sqlx::query(&format!("CREATE DATABASE {name}")).execute(pool).await.map(|_| ()))
        .expect("create a test database on TEST_POSTGRES_URL");
    admin.close().await;
    let base = admin_url.split('?').next().unwrap_or(&admin_url);
    let url = match base.rfind('/') {
        Some(slash) if slash > base.find("://").map_or(0, |i| i + 2) => {
            format!("{}/{name}", &base[..slash])
        }
        _ => format!("{base}/{name}"),
    };
    let db = if migrated {
        connect_and_migrate(&url, 16, db::DEFAULT_POOL_WAIT).await
    } else {
        db::connect(&url, 16, db::DEFAULT_POOL_WAIT).await
    }
    .expect("open and migrate a test PostgreSQL database");
    Some(TestDb {
        db,
        url,
        dir: scratch_dir(&name),
        postgres: Some((admin_url, name)),
    })
}

/// An empty database, without its tables, on every configured engine (to test a
/// migration on data made by the ones before it).
pub async fn every_engine_unmigrated() -> Vec<TestDb> {
    let mut dbs = vec![sqlite(false).await];
    dbs.extend(postgres(false).await);
    dbs
}

/// A fresh database on every configured engine: SQLite, then PostgreSQL if configured.
pub async fn every_engine() -> Vec<TestDb> {
    let mut dbs = vec![fresh_sqlite().await];
    dbs.extend(fresh_postgres().await);
    dbs
}

impl TestDb {
    /// Closes the pool, then deletes the database and the scratch folder.
    pub async fn remove(mut self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.postgres.take() {
            drop_postgres(&admin_url, &name).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Deletes a test database, ending the sessions still open on it.
async fn drop_postgres(admin_url: &str, name: &str) {
    if let Ok(admin) = db::connect(admin_url, 1, db::DEFAULT_POOL_WAIT).await {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = on_db!(&admin, pool => sqlx::query(&sql).execute(pool).await.map(|_| ()));
        admin.close().await;
    }
}

impl Drop for TestDb {
    /// Cleanup when [`TestDb::remove`] was not reached (a failed assertion, an early
    /// return). `Drop` cannot await, and the test's own runtime may be unwinding: the
    /// database is dropped from a short-lived runtime on a thread of its own.
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.postgres.take() {
            let dropped = std::thread::spawn(move || {
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    runtime.block_on(drop_postgres(&admin_url, &name));
                }
            });
            let _ = dropped.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
