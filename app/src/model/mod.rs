//! Data shared by the server and the browser: the words of the domain, serialisable,
//! with their pure validation rules (unit-tested here, no I/O).

mod action;
mod organisation;

pub use action::*;
pub use organisation::*;
