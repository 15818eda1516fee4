//! The one application error: what can go wrong, in words a resident understands.
//!
//! It crosses the wire from server functions to the browser, so it only ever carries
//! French messages meant for people; internal details are logged on the server with
//! `tracing` before the error is built (see [`AppError::internal`]).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist, or is not public.
    #[error("Cette page est introuvable. Elle a peut-être été déplacée ou retirée.")]
    NotFound,
    /// Input was refused; the message says what to change.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The request needs a signed-in person.
    #[error("Connectez-vous pour faire cette modification.")]
    Unauthorized,
    /// The signed-in person may not do this.
    #[error("Vous n'avez pas le droit de modifier cette fiche.")]
    Forbidden,
    /// Wrong email or password: one message for both, so as not to reveal which accounts exist.
    #[error("Adresse e-mail ou mot de passe incorrect.")]
    BadCredentials,
    /// Too many failed logins.
    #[error("Trop de tentatives de connexion. Réessayez dans {minutes} minute(s).")]
    TooManyAttempts { minutes: i64 },
    /// Someone else saved this part in the meantime; `current` is what is saved now.
    #[error("Quelqu'un d'autre a modifié ce passage pendant que vous l'écriviez. Votre texte n'a pas été enregistré : comparez-le avec la version actuelle ci-dessous, puis enregistrez à nouveau.")]
    Conflict { current: String },
    /// A request from another site was refused.
    #[error("Cette demande vient d'un autre site et a été refusée.")]
    CrossSite,
    /// Something failed on our side; details are in the server log only.
    #[error("Une erreur est survenue de notre côté. Réessayez dans quelques instants.")]
    Internal,
    /// The request could not reach the server or its answer could not be read.
    #[error("Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.")]
    Network,
}

impl AppError {
    /// Logs `source` with its context on the server and returns the generic error
    /// that the browser may see.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, source: &dyn std::fmt::Display) -> Self {
        tracing::error!(%source, "{context}");
        AppError::Internal
    }

    /// Invalid input on one field, with the French message to show next to it.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// A short stable code, used in addresses of forms sent without JavaScript.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "introuvable",
            AppError::Invalid { .. } => "invalide",
            AppError::Unauthorized => "connexion",
            AppError::Forbidden => "interdit",
            AppError::BadCredentials => "identifiants",
            AppError::TooManyAttempts { .. } => "tentatives",
            AppError::Conflict { .. } => "conflit",
            AppError::CrossSite => "origine",
            AppError::Internal => "interne",
            AppError::Network => "reseau",
        }
    }

    /// The HTTP status this error deserves.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::CrossSite => 403,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Conflict { .. } => 409,
            AppError::Internal => 500,
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

    fn ser(&self) -> leptos::server_fn::Bytes {
        let wire = WireOut {
            error: self,
            message: self.to_string(),
        };
        serde_json::to_vec(&wire)
            .map(leptos::server_fn::Bytes::from)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(b"{\"error\":\"Internal\"}"))
    }

    fn de(data: leptos::server_fn::Bytes) -> Self {
        serde_json::from_slice::<WireIn>(&data)
            .map(|wire| wire.error)
            .unwrap_or(AppError::Network)
    }

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::Network
            }
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Invalid {
                field: String::new(),
                message: "Le formulaire envoyé est incomplet. Rechargez la page puis réessayez."
                    .to_owned(),
            },
            _ => AppError::Internal,
        }
    }
}
