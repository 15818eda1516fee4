//! Reusable view pieces. `Gallery`, `PartEditor` and `SignupBox` are islands (they ship WASM); the rest
//! render on the server only.

mod editor;
mod events;
mod gallery;
mod photos;
mod signup;
mod status;

pub use editor::{EditorProps, PartEditor};
pub use events::EventList;
pub use gallery::Gallery;
pub use photos::{PhotoManager, PhotoUploader, ALT_HINT};
pub use signup::{SignupBox, SignupProps};
pub use status::set_http_status;
