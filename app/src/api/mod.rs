//! Server functions, one file per domain. Each one is a public HTTP endpoint: it reads the
//! state, checks what it must, and calls one repository function.

pub mod actions;

pub use actions::*;
