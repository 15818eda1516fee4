//! The domain's errors. A use case fails in one of two ways: it refuses (an [`AppError`], the
//! French message a person reads, from `passeurs-core`) or the database fails. The one
//! mapping from the database to people is here: [`DomainError`] into [`AppError`] (away or
//! saturated is a 503 to try again, anything else is logged and shown as the generic
//! message), and [`Constraint::broken_by`] reads which integrity rule a write broke, for the
//! callers that answer it in words ([`OnConstraint::on_constraint`]).

pub use passeurs_core::error::AppError;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Refused, with the message the person reads.
    #[error(transparent)]
    Refused(#[from] AppError),
    /// The database failed (see [`is_unavailable`] for which failures pass).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl DomainError {
    /// Whether the database is away or saturated (see [`is_unavailable`]): try again soon.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, DomainError::Database(e) if is_unavailable(e))
    }

    /// Whether the database refused the write because it broke `constraint`.
    pub fn broke(&self, constraint: Constraint) -> bool {
        matches!(self, DomainError::Database(e) if Constraint::broken_by(e) == Some(constraint))
    }
}

impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Refused(refusal) => refusal,
            DomainError::Database(source) => database_failure(source),
        }
    }
}

/// The integrity rules of the schema a caller may answer in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// A unique index: the name, address or sign-up exists already.
    Unique,
    /// A foreign key: what the row points at does not exist (or no longer).
    ForeignKey,
}

impl Constraint {
    /// The constraint `error` reports broken, on either engine; `None` for any other error.
    pub fn broken_by(error: &sqlx::Error) -> Option<Constraint> {
        match error {
            sqlx::Error::Database(e) if e.is_unique_violation() => Some(Constraint::Unique),
            sqlx::Error::Database(e) if e.is_foreign_key_violation() => {
                Some(Constraint::ForeignKey)
            }
            _ => None,
        }
    }
}

/// A write's result, answered when it broke a given constraint.
pub trait OnConstraint<T> {
    /// `instead()` when the write broke `constraint`; any other outcome as it is.
    fn on_constraint(
        self,
        constraint: Constraint,
        instead: impl FnOnce() -> Result<T, DomainError>,
    ) -> Result<T, DomainError>;
}

impl<T> OnConstraint<T> for Result<T, DomainError> {
    fn on_constraint(
        self,
        constraint: Constraint,
        instead: impl FnOnce() -> Result<T, DomainError>,
    ) -> Result<T, DomainError> {
        match self {
            Err(error) if error.broke(constraint) => instead(),
            other => other,
        }
    }
}

/// A statement's result in the domain's terms (what [`on_db!`](crate::db::on_db) and
/// [`on_tx!`](crate::db::on_tx) return).
pub trait IntoDomain<T> {
    fn into_domain(self) -> Result<T, DomainError>;
}

impl<T> IntoDomain<T> for Result<T, sqlx::Error> {
    fn into_domain(self) -> Result<T, DomainError> {
        self.map_err(DomainError::Database)
    }
}

impl<T> IntoDomain<T> for Result<T, DomainError> {
    fn into_domain(self) -> Result<T, DomainError> {
        self
    }
}

/// A database that cannot be reached (or no free connection within the pool's wait) is
/// [`AppError::Unavailable`], a 503 to try again; any other failure reaches the browser as
/// the generic message. The cause is logged either way.
pub fn database_failure(source: sqlx::Error) -> AppError {
    if is_unavailable(&source) {
        tracing::warn!(%source, "database unavailable");
        AppError::Unavailable
    } else {
        AppError::internal("database error", &source)
    }
}

/// Whether a database error means "away or saturated, try again" rather than a bug: no
/// connection within the pool's wait, a connection refused or cut, or PostgreSQL's
/// connection exceptions (class 08), shutdown and "cannot connect now" (57P0x), too many
/// connections (53300).
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P0") || code == "53300"
        }),
        _ => false,
    }
}
