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
mod search;
mod theme;

pub use action::ActionPage;
pub use admin::AdminPage;
pub use history::HistoryRoute;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::{ErrorMessage, NotFound, NotFoundPage};
pub use participants::ParticipantsRoute;
pub use password::{ChoosePasswordPage, ForgottenPasswordPage};
pub use registration::RegistrationRoute;
pub use search::SearchRoute;
pub use theme::ThemeRoute;

/// The French message of the form this page shows again after a refusal without
/// JavaScript (a request carries at most one, for the page it asks for), if any.
pub(crate) fn refusal_message() -> Option<String> {
    crate::components::returned_form_prefixed("").map(|back| back.message())
}
