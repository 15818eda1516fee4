//! Server-side helpers around [`AppError`](crate::error::AppError).

pub use crate::error::AppError;

impl From<super::db::organisations::CreateOrganisationError> for AppError {
    /// A refused postal code is the person's to fix; anything else is ours.
    fn from(error: super::db::organisations::CreateOrganisationError) -> Self {
        match error {
            super::db::organisations::CreateOrganisationError::PostalCode(e) => {
                AppError::invalid("postal_code", e.to_string())
            }
            super::db::organisations::CreateOrganisationError::Database(e) => e.into(),
        }
    }
}

impl From<sqlx::Error> for AppError {
    /// Any database failure reaches the browser as the generic message; the cause is logged.
    fn from(source: sqlx::Error) -> Self {
        AppError::internal("database error", &source)
    }
}
