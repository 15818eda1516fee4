//! One file per page.

mod action;
mod admin;
mod agenda;
mod embed;
mod follows;
mod history;
mod home;
mod login;
mod near_me;
mod not_found;
mod organisation;
mod participants;
mod password;
mod print;
mod registration;
mod search;
mod territory;
mod theme;

pub use action::ActionPage;
pub use admin::AdminPage;
pub use agenda::AgendaRoute;
pub use embed::{EmbedHelpPage, EmbedRoute};
pub use follows::{
    ConfirmFollowRoute, FollowSentPage, StopLinkRoute, StoppedPage, SubscriptionsRoute,
};
pub use history::HistoryRoute;
pub use home::HomePage;
pub use login::LoginPage;
pub use near_me::NearMeRoute;
pub use not_found::{ErrorMessage, NotFound, NotFoundPage};
pub use organisation::OrganisationRoute;
pub use participants::ParticipantsRoute;
pub use password::{ChoosePasswordPage, ForgottenPasswordPage};
pub use print::{PosterRoute, PrintRoute};
pub use registration::RegistrationRoute;
pub use search::SearchRoute;
pub use territory::{DepartementRoute, RegionRoute};
pub use theme::ThemeRoute;

/// The French message of the form this page shows again after a refusal without
/// JavaScript (a request carries at most one, for the page it asks for), if any.
pub(crate) fn refusal_message() -> Option<String> {
    crate::components::returned_form_prefixed("").map(|back| back.message())
}
