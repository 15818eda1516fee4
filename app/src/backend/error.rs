//! Server-side helpers around [`AppError`](crate::error::AppError).

pub use crate::error::AppError;

impl super::territory::AddressProblem {
    /// The refusal of the address `postal_code`, `city` of a form, on the field to fix.
    pub fn refusal(self, postal_code: &str, city: &str) -> AppError {
        use super::territory::AddressProblem;
        use crate::texts::PlaceProblem;
        match self {
            AddressProblem::Malformed => {
                AppError::problem("postal_code", PlaceProblem::PostalCodeMalformed)
            }
            AddressProblem::UnknownPostalCode => AppError::problem(
                "postal_code",
                PlaceProblem::PostalCodeUnknown {
                    postal_code: postal_code.trim().to_owned(),
                },
            ),
            AddressProblem::CityMismatch { communes } => AppError::problem(
                "city",
                PlaceProblem::CityNotOfPostalCode {
                    city: city.trim().to_owned(),
                    postal_code: postal_code.trim().to_owned(),
                    communes: communes.join(", "),
                },
            ),
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
