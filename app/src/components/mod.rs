//! Reusable view pieces. `Gallery` and `PartEditor` are islands (they ship WASM); the rest
//! render on the server only.

mod editor;
mod gallery;
mod status;

pub use editor::{EditorProps, PartEditor};
pub use gallery::Gallery;
pub use status::set_http_status;
