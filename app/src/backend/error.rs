//! Server-side helpers around [`AppError`](crate::error::AppError).

pub use crate::error::AppError;

impl From<super::db::organisations::CreateOrganisationError> for AppError {
    /// A refused postal code is the person's to fix; anything else is ours.
    fn from(error: super::db::organisations::CreateOrganisationError) -> Self {
        match error {
            super::db::organisations::CreateOrganisationError::PostalCode(e) => {
                use crate::model::PostalCodeError;
                use crate::texts::AdminProblem;
                let problem = match e {
                    PostalCodeError::Malformed => AdminProblem::PostalCodeMalformed,
                    PostalCodeError::UnknownDepartement => AdminProblem::PostalCodeUnknown,
                };
                AppError::problem("postal_code", problem)
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

impl From<super::services::events::RegistrationError> for AppError {
    fn from(error: super::services::events::RegistrationError) -> Self {
        use super::services::events::RegistrationError as E;
        match error {
            E::NotFound => AppError::NotFound,
            E::Closed => AppError::SignupsClosed,
            E::Cancelled => AppError::EventCancelled,
            E::AlreadyRegistered => AppError::AlreadyRegistered,
            E::CapacityBelowConfirmed(people) => AppError::problem(
                "capacity",
                crate::texts::EventProblem::CapacityBelowConfirmed { people },
            ),
            E::Database(e) => e.into(),
        }
    }
}
