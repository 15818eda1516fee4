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

impl From<super::db::events::RegistrationError> for AppError {
    fn from(error: super::db::events::RegistrationError) -> Self {
        use super::db::events::RegistrationError as E;
        match error {
            E::NotFound => AppError::NotFound,
            E::Closed => AppError::SignupsClosed,
            E::Cancelled => AppError::EventCancelled,
            E::AlreadyRegistered => AppError::AlreadyRegistered,
            E::CapacityBelowConfirmed(people) => AppError::invalid(
                "capacity",
                format!("{people} personne(s) sont déjà inscrites : le nombre de places ne peut pas être inférieur. Annulez d'abord des inscriptions si nécessaire."),
            ),
            E::Database(e) => e.into(),
        }
    }
}
