//! The one application error: what can go wrong, in words a resident understands.
//!
//! It crosses the wire from server functions to the browser, so it only ever carries
//! French messages meant for people; internal details are logged on the server with
//! `tracing` before the error is built (see [`AppError::internal`]). Its encoding on the
//! wire is `server_fn`'s trait, implemented here because Rust wants it beside the type.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::texts::{FormProblem, Problem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist, or is not public.
    #[error("Cette page est introuvable. Elle a peut-être été déplacée ou retirée.")]
    NotFound,
    /// Input was refused; the message (the text of a [`Problem`]) says what to change.
    /// Built by [`AppError::problem`]; the message travels as text so that the browser does
    /// not link every problem's sentence.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The request needs a signed-in person.
    #[error("Connectez-vous pour faire cette modification.")]
    Unauthorized,
    /// The signed-in person may not do this.
    #[error("Vous n'avez pas les droits nécessaires pour faire cela.")]
    Forbidden,
    /// Wrong email or password: one message for both, so as not to reveal which accounts exist.
    #[error("Adresse e-mail ou mot de passe incorrect.")]
    BadCredentials,
    /// Too many attempts to sign in (or to ask for a password link): wait `seconds`.
    #[error("Trop de tentatives de connexion. Réessayez dans {} minute(s).", minutes_of(.seconds))]
    TooManyAttempts { seconds: i64 },
    /// Someone else saved this part in the meantime; `current` is what is saved now.
    #[error("Quelqu'un d'autre a modifié ce passage pendant que vous l'écriviez. Votre texte n'a pas été enregistré : comparez-le avec la version actuelle ci-dessous, puis enregistrez à nouveau.")]
    Conflict { current: String },
    /// A request from another site was refused.
    #[error("Cette demande vient d'un autre site et a été refusée.")]
    CrossSite,
    /// The same email is already registered to this event.
    #[error("Cette adresse e-mail est déjà inscrite à cet événement. Retrouvez votre inscription grâce au lien reçu par e-mail (pensez aux courriers indésirables).")]
    AlreadyRegistered,
    /// The deadline has passed, or the référents closed sign-ups.
    #[error("Les inscriptions à cet événement sont closes.")]
    SignupsClosed,
    /// The event will not take place.
    #[error("Cet événement est annulé : il n'est plus possible de s'y inscrire.")]
    EventCancelled,
    /// Too many sign-ups from one connection.
    #[error(
        "Trop d'inscriptions envoyées depuis cette connexion. Réessayez dans {minutes} minute(s)."
    )]
    TooManySignups { minutes: i64 },
    /// The request took longer than the server allows (a very slow connection).
    #[error("La demande a pris trop de temps et a été interrompue. Vérifiez votre connexion puis réessayez.")]
    TimedOut,
    /// The database cannot be reached, or every connection stayed busy longer than the
    /// server waits: trying again shortly works.
    #[error("Le service est momentanément indisponible. Réessayez dans quelques instants.")]
    Unavailable,
    /// Something failed on our side; details are in the server log only.
    #[error("Une erreur est survenue de notre côté. Réessayez dans quelques instants.")]
    Internal,
    /// The request could not reach the server or its answer could not be read.
    #[error("Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.")]
    Network,
}

/// What `Retry-After` says when the service is unavailable (the database away or busy).
pub const UNAVAILABLE_RETRY_SECONDS: i64 = 10;

impl AppError {
    /// Logs `source` with its context on the server and returns the generic error
    /// that the browser may see.
    pub fn internal(context: &str, source: &dyn std::fmt::Display) -> Self {
        tracing::error!(%source, "{context}");
        AppError::Internal
    }

    /// Input refused on one field: the problem's French text, shown next to that field.
    /// This is the only way to build [`AppError::Invalid`], so every message comes from
    /// [`crate::texts::Problem`].
    pub fn problem(field: &str, problem: impl Into<Problem>) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            message: problem.into().to_string(),
        }
    }

    /// How long the client should wait before trying again (`Retry-After`), if it should.
    pub fn retry_after_seconds(&self) -> Option<i64> {
        match self {
            AppError::TooManyAttempts { seconds } => Some(*seconds),
            AppError::TooManySignups { minutes } => Some(minutes * 60),
            AppError::Unavailable => Some(UNAVAILABLE_RETRY_SECONDS),
            _ => None,
        }
    }

    /// The HTTP status this error deserves.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::CrossSite => 403,
            AppError::TooManyAttempts { .. } | AppError::TooManySignups { .. } => 429,
            AppError::AlreadyRegistered | AppError::SignupsClosed | AppError::EventCancelled => 409,
            AppError::Conflict { .. } => 409,
            AppError::TimedOut => 408,
            AppError::Internal => 500,
            AppError::Unavailable => 503,
            AppError::Network => 503,
        }
    }
}

/// How an error travels: the error itself (for the islands) and its French message (for
/// any other client, and for people reading the response).
#[derive(Serialize)]
struct WireOut<'a> {
    error: &'a AppError,
    message: String,
}

#[derive(Deserialize)]
struct WireIn {
    error: AppError,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn ser(&self) -> server_fn::Bytes {
        let wire = WireOut {
            error: self,
            message: self.to_string(),
        };
        serde_json::to_vec(&wire)
            .map(server_fn::Bytes::from)
            .unwrap_or_else(|_| server_fn::Bytes::from_static(b"{\"error\":\"Internal\"}"))
    }

    fn de(data: server_fn::Bytes) -> Self {
        serde_json::from_slice::<WireIn>(&data)
            .map(|wire| wire.error)
            .unwrap_or(AppError::Network)
    }

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Network
            }
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::problem("", FormProblem::Incomplete)
            }
            _ => AppError::Internal,
        }
    }
}

/// Whole minutes in `seconds`, rounded up (at least one).
fn minutes_of(seconds: &i64) -> i64 {
    ((seconds + 59) / 60).max(1)
}
