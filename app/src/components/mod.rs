//! Reusable view pieces. Only `Gallery` is an island (ships WASM); the rest render on the
//! server only.

mod editor;
mod gallery;
mod status;
mod text;

pub use editor::{EditorProps, PartEditor};
pub use gallery::Gallery;
pub use status::{set_http_status, StatusAndProgress};
pub use text::Paragraphs;
