//! One file per page.

mod action;
mod admin;
mod history;
mod home;
mod login;
mod not_found;
mod password;

pub use action::ActionPage;
pub use admin::AdminPage;
pub use history::HistoryRoute;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::{ErrorMessage, NotFound, NotFoundPage};
pub use password::{ChoosePasswordPage, ForgottenPasswordPage};
