//! One file per page.

mod action;
mod home;
mod not_found;

pub use action::ActionPage;
pub use home::HomePage;
pub use not_found::{ErrorMessage, NotFound, NotFoundPage};
