//! The server side of the app: what ties a request to the domain. The domain itself
//! (`passeurs-domain`: database, use cases, search, feeds, images…) is re-exported here, so
//! `backend::db`, `backend::services` and the rest keep their paths; beside it, the Leptos
//! glue of server functions: who is asking (`auth`), the state a request uses (`state`),
//! answers to plain forms (`forms`), what a page tells the cache (`cache_hints`), and the
//! photo use cases over that state. The settings are the host's (`server::settings`): the
//! state carries what requests apply of them. Compiled with the `ssr` feature only.

pub use passeurs_domain::*;

pub mod auth;
pub mod cache_hints;
pub mod forms;
pub mod photos;
pub mod state;

pub use state::AppState;
