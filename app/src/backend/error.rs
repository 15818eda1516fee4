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
    /// A database that cannot be reached (or no free connection within the pool's wait)
    /// is [`AppError::Unavailable`], a 503 to try again; any other failure reaches the
    /// browser as the generic message. The cause is logged either way.
    fn from(source: sqlx::Error) -> Self {
        if is_unavailable(&source) {
            tracing::warn!(%source, "database unavailable");
            AppError::Unavailable
        } else {
            AppError::internal("database error", &source)
        }
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
