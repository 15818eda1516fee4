//! A form refused without JavaScript, as the page it comes back to receives it: which form,
//! why (the [`AppError`]), and what the person typed. It is read from a short-lived
//! server-side record (see the app's `backend::forms`), never from the address.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What a refused form brings back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedForm {
    /// Which form of the page: `"part:summary"`, `"signup:12"`, `"login"`…
    pub form: String,
    pub error: AppError,
    /// The typed values, by input name.
    pub values: Vec<(String, String)>,
    /// Every field-by-field message when the form checked several fields at once.
    pub problems: Vec<(String, String)>,
    /// Said after the error's message (a text too long to come back whole).
    #[serde(default)]
    pub note: Option<String>,
}

impl ReturnedForm {
    /// The typed value of `name` (empty when none was kept).
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The typed values as the form's own struct (fields that were not kept are left at
    /// their `#[serde(default)]`), so a form is never rebuilt field by field.
    pub fn typed<T: serde::de::DeserializeOwned + Default>(&self) -> T {
        let fields: serde_json::Map<String, serde_json::Value> = self
            .values
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
            .collect();
        serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or_default()
    }

    /// Whether a value was kept for `name` (a ticked checkbox, say).
    pub fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(n, v)| n == name && !v.is_empty())
    }

    /// The message about one field, if any.
    pub fn message_for(&self, field: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .or_else(|| match &self.error {
                AppError::Invalid { field: f, message } if f == field => Some(message.clone()),
                _ => None,
            })
    }

    /// The error's French message (and the note, if any).
    pub fn message(&self) -> String {
        match &self.note {
            Some(note) => format!("{} {note}", self.error),
            None => self.error.to_string(),
        }
    }

    /// Field-by-field messages: the listed problems, or the error's own field.
    pub fn field_problems(&self) -> Vec<(String, String)> {
        if !self.problems.is_empty() {
            return self.problems.clone();
        }
        match &self.error {
            AppError::Invalid { field, message } if !field.is_empty() => {
                vec![(field.clone(), message.clone())]
            }
            _ => Vec::new(),
        }
    }

    /// The message about the whole form: the error when it names no field of its own.
    pub fn general_message(&self) -> Option<String> {
        self.field_problems().is_empty().then(|| self.message())
    }
}
