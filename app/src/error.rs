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

    /// The HTTP status this error deserves.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Internal => 500,
            AppError::Network => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

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
