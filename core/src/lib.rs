//! The words of Passeurs' domain and its French texts, shared by the server and the
//! browser: plain serialisable types with their pure validation rules (`model`), every
//! sentence a person may read that is not part of one page (`texts`), the one error a
//! person is shown (`error`) and the refused form that carries it back (`returned`). No
//! I/O and no features, so the browser build gets exactly what the server uses.

pub mod error;
pub mod model;
pub mod returned;
pub mod texts;
