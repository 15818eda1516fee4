//! Server functions, one file per domain. Each one is a public HTTP endpoint: it reads the
//! session, authorises, validates, and calls one repository function.

pub mod actions;
pub mod admin;
pub mod auth;
pub mod edit;
pub mod events;
pub mod follows;
pub mod history;
pub mod password;
pub mod photos;
pub mod print;
pub mod search;
pub mod territory;
pub mod themes;
pub mod updates;

pub use actions::*;
pub use admin::*;
pub use auth::*;
pub use edit::*;
pub use events::*;
pub use follows::*;
pub use history::*;
pub use password::*;
pub use photos::*;
pub use print::*;
pub use search::*;
pub use territory::*;
pub use themes::*;
pub use updates::*;
