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
    #[error("Vous n'avez pas les droits nécessaires pour faire cela.")]
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
    /// Something failed on our side; details are in the server log only.
    #[error("Une erreur est survenue de notre côté. Réessayez dans quelques instants.")]
    Internal,
    /// The request could not reach the server or its answer could not be read.
    #[error("Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.")]
    Network,
}

/// The French message for an error passed in an address (`erreur`, `champ`, `minutes`
/// query parameters) after a form sent without JavaScript. Only known messages come out:
/// an address cannot make the site display text of its choosing.
pub fn describe_error(code: &str, field: Option<&str>, minutes: Option<i64>) -> String {
    match code {
        "introuvable" => AppError::NotFound.to_string(),
        "connexion" => AppError::Unauthorized.to_string(),
        "interdit" => AppError::Forbidden.to_string(),
        "identifiants" => AppError::BadCredentials.to_string(),
        "tentatives" => match minutes {
            Some(minutes) if (1..=1440).contains(&minutes) => AppError::TooManyAttempts { minutes }.to_string(),
            _ => "Trop de tentatives. Réessayez dans quelques minutes.".to_owned(),
        },
        "conflit" => AppError::Conflict { current: String::new() }.to_string(),
        "origine" => AppError::CrossSite.to_string(),
        "deja-inscrit" => AppError::AlreadyRegistered.to_string(),
        "clos" => AppError::SignupsClosed.to_string(),
        "annule" => AppError::EventCancelled.to_string(),
        "trop-inscriptions" => match minutes {
            Some(minutes) if (1..=1440).contains(&minutes) => AppError::TooManySignups { minutes }.to_string(),
            _ => "Trop d'inscriptions envoyées depuis cette connexion. Réessayez plus tard.".to_owned(),
        },
        "invalide" => match field.unwrap_or_default() {
            "title" => "Vérifiez le titre : au moins 3 caractères, 200 au plus.",
            "date" => "Indiquez la date au format JJ/MM/AAAA, par exemple 18/06/2024.",
            "body" => "Le texte est trop long (20 000 caractères au plus).",
            "question" => "La question ne peut pas être vide (300 caractères au plus).",
            "name" => "Indiquez le nom (200 caractères au plus).",
            "kind" => "Choisissez le type d'organisation dans la liste.",
            "postal_code" => "Le code postal doit comporter 5 chiffres et correspondre à un département français (par exemple 44800).",
            "city" => "Indiquez la ville.",
            "email" => "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).",
            "password" => "Le mot de passe doit comporter au moins 10 caractères.",
            "confirmation" => "Les deux mots de passe ne sont pas identiques.",
            "organisation_id" => "Choisissez une organisation de la liste.",
            "change_id" => "Cette modification ne peut pas être annulée d'ici (ajout, retrait ou déplacement de question).",
            "account_id" => "Vous ne pouvez pas désactiver votre propre compte.",
            "slug" => "Une fiche porte déjà ce titre : choisissez-en un autre.",
            "starts_at" | "ends_at" | "signup_deadline" => "Vérifiez les dates : indiquez la date et l'heure (par exemple 18/06/2026 19:00), la fin après le début et la date limite d'inscription avant le début.",
            "place" => "Indiquez le lieu (adresse, 200 caractères au plus).",
            "capacity" => "Vérifiez le nombre de places : un nombre entier positif, au moins égal au nombre de personnes déjà inscrites, ou vide s'il n'y a pas de limite.",
            "description" => "La description est trop longue.",
            "subject" => "Indiquez l'objet du message (200 caractères au plus).",
            "message" => "Écrivez le message (5 000 caractères au plus).",
            _ => "Vérifiez les informations saisies puis réessayez.",
        }
        .to_owned(),
        _ => AppError::Internal.to_string(),
    }
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
            AppError::AlreadyRegistered => "deja-inscrit",
            AppError::SignupsClosed => "clos",
            AppError::EventCancelled => "annule",
            AppError::TooManySignups { .. } => "trop-inscriptions",
            AppError::Internal => "interne",
            AppError::Network => "reseau",
        }
    }

    /// The query string that carries this error to the page a form returns to:
    /// `erreur=CODE&champ=FIELD` (and `minutes=N` for rate limits). See [`describe_error`].
    pub fn to_query(&self) -> String {
        match self {
            AppError::Invalid { field, .. } => {
                let field: String = field
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                format!("erreur=invalide&champ={field}")
            }
            AppError::TooManyAttempts { minutes } => format!("erreur=tentatives&minutes={minutes}"),
            AppError::TooManySignups { minutes } => {
                format!("erreur=trop-inscriptions&minutes={minutes}")
            }
            other => format!("erreur={}", other.code()),
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
