//! Data shared by the server and the browser: the words of the domain, serialisable,
//! with their pure validation rules (unit-tested here, no I/O).

mod account;
mod action;
mod diff;
mod event;
mod follow;
mod markup;
mod organisation;
mod part;
mod print;
mod search;
mod territory;
mod theme;

pub use account::*;
pub use action::*;
pub use diff::*;
pub use event::*;
pub use follow::*;
pub use markup::*;
pub use organisation::*;
pub use part::*;
pub use print::*;
pub use search::*;
pub use territory::*;
pub use theme::*;
