//! One file per page.

mod action;
mod history;
mod home;
mod login;
mod not_found;

pub use action::ActionPage;
pub use history::HistoryRoute;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::{ErrorMessage, NotFound, NotFoundPage};
