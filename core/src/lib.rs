//! The words of Passeurs' domain and its French texts, shared by the server and the
//! browser: plain serialisable types with their pure validation rules (`model`), and every
//! sentence a person may read that is not part of one page (`texts`). No I/O and no
//! features, so the browser build gets exactly what the server uses.

pub mod model;
pub mod texts;
