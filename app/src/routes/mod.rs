//! One file per page.

mod action;
mod admin;
mod history;
mod home;
mod login;
mod not_found;
mod participants;
mod password;
mod registration;

pub use action::ActionPage;
pub use admin::AdminPage;
pub use history::HistoryRoute;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::{ErrorMessage, NotFound, NotFoundPage};
pub use participants::ParticipantsRoute;
pub use password::{ChoosePasswordPage, ForgottenPasswordPage};
pub use registration::RegistrationRoute;

/// The French message of an error carried in the address after a form sent without
/// JavaScript (`erreur`, `champ`, `minutes`); only known messages (see
/// [`crate::error::describe_error`]).
pub(crate) fn error_from_query(query: &leptos_router::params::ParamsMap) -> Option<String> {
    let code = query.get("erreur")?;
    let minutes = query.get("minutes").and_then(|m| m.parse().ok());
    Some(crate::error::describe_error(
        &code,
        query.get("champ").as_deref(),
        minutes,
    ))
}
