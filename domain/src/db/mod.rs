//! The database: one code path for SQLite (embedded default) and PostgreSQL (shared by
//! several app servers). Repositories are the only place with SQL.
//!
//! Both engines run the very same SQL text: `$1` placeholders, `RETURNING`, `ON CONFLICT`.
//! [`Db`] holds a pool of either kind and [`on_db!`] expands a query once per engine, so each
//! query is type-checked against both drivers. Dialect differences live in the two
//! migration folders and in [`connect`].

pub mod accounts;
pub mod actions;
pub mod agenda;
pub mod edits;
pub mod events;
pub mod follows;
pub mod mail_queue;
pub mod news;
pub mod organisations;
pub mod photos;
pub mod returned_forms;
pub mod search;
pub mod themes;
pub mod updates;
pub mod visits;

use crate::error::DomainError;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open write transaction on either database.
pub enum DbTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs the same expression against whichever pool or transaction `$db` holds:
/// `on_db!(db, conn => sqlx::query("…").execute(conn).await)`. The statement's
/// `sqlx::Error` becomes the domain's error ([`crate::DomainError`]).
#[doc(hidden)]
#[macro_export]
macro_rules! __on_db {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($conn) => $crate::error::IntoDomain::into_domain($body),
            $crate::db::Db::Postgres($conn) => $crate::error::IntoDomain::into_domain($body),
        }
    };
}

/// Like [`on_db!`] for a [`DbTx`]: `$conn` is a `&mut` connection of the transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! __on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::DbTx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $crate::error::IntoDomain::into_domain($body)
            }
            $crate::db::DbTx::Postgres(tx) => {
                let $conn = &mut **tx;
                $crate::error::IntoDomain::into_domain($body)
            }
        }
    };
}

// Exported at the crate root only because Rust requires it of a macro other crates use; every
// file takes them from here (`use super::{on_db, on_tx}`, `passeurs_domain::db::on_db!`).
pub use crate::{__on_db as on_db, __on_tx as on_tx};

/// Why the database could not be opened or migrated. The message names what and where,
/// never a password.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite: or postgres: (got {0:?})")]
    UnsupportedScheme(String),
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot create the folder {path} for the SQLite database: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot migrate the database {url}: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
    #[error("cannot finish migrating the database {url}: {source}")]
    RustSteps { url: String, source: DomainError },
}

impl Db {
    /// Whether this pool is PostgreSQL (for the few dialect fragments).
    pub fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// Which engine this is, for logs and tests.
    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Applies the pending migrations of this engine's folder.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await,
        }
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so that a transaction
    /// that reads then writes waits for the write lock instead of failing with SQLITE_BUSY.
    pub async fn begin_write(&self) -> Result<DbTx, DomainError> {
        Ok(match self {
            Db::Sqlite(pool) => DbTx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => DbTx::Postgres(pool.begin().await?),
        })
    }

    /// Answers whether the database responds (for `/healthz`).
    pub async fn ping(&self) -> Result<(), DomainError> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// Closes every connection (at shutdown and at the end of tests).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl DbTx {
    /// Whether this transaction is on PostgreSQL (for the few dialect fragments).
    pub fn is_postgres(&self) -> bool {
        matches!(self, DbTx::Postgres(_))
    }

    /// Commits, having first re-indexed for search the sheets whose text this transaction
    /// changed (the triggers of migration 0011 marked them): every write path commits here,
    /// so none can leave the search index stale.
    pub async fn commit(mut self) -> Result<(), DomainError> {
        search::reindex_stale(&mut self).await?;
        match self {
            DbTx::Sqlite(tx) => tx.commit().await?,
            DbTx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// How long a request waits for a free connection by default (`DATABASE_POOL_WAIT_MS`);
/// then it fails with [`sqlx::Error::PoolTimedOut`], answered 503.
pub const DEFAULT_POOL_WAIT: Duration = Duration::from_secs(10);

/// Opens a pool for `url` (`sqlite:path` or `postgres://…`) of at most `max_connections`,
/// where a request waits at most `pool_wait` for a connection. SQLite databases are created
/// if missing, with WAL, `synchronous=NORMAL`, a busy timeout and foreign keys on.
pub async fn connect(
    url: &str,
    max_connections: u32,
    pool_wait: Duration,
) -> Result<Db, ConnectError> {
    let open_err = |source| ConnectError::Open {
        url: redact(url),
        source,
    };
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(open_err)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let path = options.get_filename();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| ConnectError::Folder {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(pool_wait)
            .connect_with(options)
            .await
            .map_err(open_err)?;
        Ok(Db::Sqlite(pool))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let options = PgConnectOptions::from_str(url).map_err(open_err)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(pool_wait)
            .connect_with(options)
            .await
            .map_err(open_err)?;
        Ok(Db::Postgres(pool))
    } else {
        Err(ConnectError::UnsupportedScheme(redact(url)))
    }
}

/// Opens and migrates: what startup and `server migrate` do.
pub async fn connect_and_migrate(
    url: &str,
    max_connections: u32,
    pool_wait: Duration,
) -> Result<Db, ConnectError> {
    let db = connect(url, max_connections, pool_wait).await?;
    db.migrate().await.map_err(|source| ConnectError::Migrate {
        url: redact(url),
        source,
    })?;
    // Steps of migrations that are written in Rust (slugs fold accents the Rust way).
    let rust_steps = async {
        themes::align_slugs(&db).await?;
        organisations::fill_missing_slugs(&db).await
    };
    rust_steps.await.map_err(|source| ConnectError::RustSteps {
        url: redact(url),
        source,
    })?;
    Ok(db)
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// The rows of a JSON array bound as parameter `$n`, as a table whose column `value` is
/// each row (itself an array, read with `value ->> 0`, `value ->> 1`… on both engines):
/// `json_each` on SQLite, `jsonb_array_elements` on PostgreSQL. Binding a list as one JSON text keeps the statement's text
/// fixed whatever the number of rows, so each connection prepares it once. This and
/// [`json_texts`] are the only dialect fragments outside the migrations.
pub(crate) fn json_rows(postgres: bool, n: usize) -> String {
    if postgres {
        format!("jsonb_array_elements(CAST(${n} AS jsonb)) AS rows (value)")
    } else {
        format!("json_each(${n})")
    }
}

/// Like [`json_rows`] for a JSON array of strings: `value` is text on both databases.
pub(crate) fn json_texts(postgres: bool, n: usize) -> String {
    if postgres {
        format!("jsonb_array_elements_text(CAST(${n} AS jsonb)) AS texts (value)")
    } else {
        format!("json_each(${n})")
    }
}

/// Rows (or strings) as one JSON array, for [`json_rows`] and [`json_texts`].
pub(crate) fn json_array<T: serde::Serialize>(rows: &[T]) -> String {
    serde_json::to_string(rows).expect("texts and numbers always serialise")
}

/// Whether sheet `a` (of organisation `o`) is in one of the scopes listed as a JSON array
/// of keys in parameter `$n` (`action:12`, `organisation:3`, `departement:44`, `theme:7`;
/// see `model::FollowScope`). News, calendars and follows match scopes this one way.
pub(crate) fn in_scope(postgres: bool, n: usize) -> String {
    let keys = json_texts(postgres, n);
    format!(
        "(('action:' || a.id) IN (SELECT value FROM {keys})
          OR ('organisation:' || a.organisation_id) IN (SELECT value FROM {keys})
          OR ('departement:' || o.departement) IN (SELECT value FROM {keys})
          OR EXISTS (SELECT 1 FROM action_themes t WHERE t.action_id = a.id
                     AND ('theme:' || t.theme_id) IN (SELECT value FROM {keys})))"
    )
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_appear_in_redacted_urls() {
        let cases = [
            (
                "postgres://u:secret@h:5432/db",
                "postgres://u:***@h:5432/db",
            ),
            (
                "postgres://postgres@127.0.0.1/db",
                "postgres://postgres@127.0.0.1/db",
            ),
            ("sqlite:data/passeurs.db", "sqlite:data/passeurs.db"),
        ];
        for (url, expected) in cases {
            assert_eq!(redact(url), expected);
        }
    }
}
