//! What someone is typing survives a reload or a lost connection: it is kept in the tab's
//! session storage (never local storage — a centre's computer is shared, and the tab's
//! storage goes when the tab closes), restored with a note, and forgotten once saved.
//! Browser only: call these from effects and event handlers.

use gloo_storage::{SessionStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The key of the draft of a part of a sheet.
pub fn part_key(action_id: i64, part: &str) -> String {
    format!("passeurs:brouillon:{action_id}:{part}")
}

/// The key of the draft of a sign-up form.
pub fn signup_key(event_id: i64) -> String {
    format!("passeurs:inscription:{event_id}")
}

/// The draft kept under `key`, if any (an unreadable one counts as none).
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    SessionStorage::get(key).ok()
}

/// Keeps a draft; a full or refused storage only means no draft.
pub fn keep<T: Serialize>(key: &str, value: &T) {
    let _ = SessionStorage::set(key, value);
}

/// Forgets a draft (saved, or cancelled).
pub fn forget(key: &str) {
    SessionStorage::delete(key);
}

/// The note shown above a restored draft.
pub const RESTORED_NOTE: &str =
    "Nous avons retrouvé ce que vous étiez en train d'écrire : ce n'est pas encore enregistré.";
