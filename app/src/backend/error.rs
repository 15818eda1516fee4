//! Server-side helpers around [`AppError`](crate::error::AppError).

pub use crate::error::AppError;

impl From<sqlx::Error> for AppError {
    /// Any database failure reaches the browser as the generic message; the cause is logged.
    fn from(source: sqlx::Error) -> Self {
        AppError::internal("database error", &source)
    }
}
