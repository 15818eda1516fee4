//! Changes to a sheet by its référents and administrators. Each function checks the session
//! and the role itself: the controls shown on the page are a convenience, not the lock.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Longest draft (percent-encoded) sent back in the address after a failed save without
/// JavaScript; longer ones would exceed what proxies accept in an address.
#[cfg(feature = "ssr")]
const MAX_DRAFT_IN_ADDRESS: usize = 6_000;

/// What the editor shows after a successful save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPart {
    pub value: String,
    pub html: String,
}

/// Saves one part of a sheet if nobody changed it since `previous` was loaded.
#[server(endpoint = "save_part")]
pub async fn save_part(
    action_id: i64,
    slug: String,
    part: String,
    value: String,
    previous: String,
) -> Result<SavedPart, AppError> {
    use crate::backend::db::edits::{self, SaveOutcome};
    use crate::backend::{auth, display, forms, state::app_state};
    use crate::model::SheetPart;

    let typed = value.clone();
    let code = part.clone();
    let result = async {
        let user = auth::require_editor(action_id)?;
        let part = SheetPart::from_code(&part).ok_or(AppError::NotFound)?;
        let value = part
            .normalize(&value)
            .map_err(|message| AppError::invalid(&part.code(), message))?;
        let state = app_state()?;
        match edits::save_part(&state.db, action_id, part, &value, &previous, user.id).await? {
            SaveOutcome::Saved(value) => {
                state.page_cache.refresh_after_change(&state.db).await;
                Ok(SavedPart {
                    html: display::part_html(part, &value),
                    value,
                })
            }
            SaveOutcome::Conflict(current) => Err(AppError::Conflict { current }),
            SaveOutcome::NotFound => Err(AppError::NotFound),
        }
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#partie-{code}"),
        |error| {
            // The typed text comes back in the address, unless it is too long for one.
            let draft = forms::encode(&typed);
            let draft = if draft.len() <= MAX_DRAFT_IN_ADDRESS {
                draft
            } else {
                String::new()
            };
            let edit = format!(
                "{sheet}?modifier={}&erreur={}&brouillon={draft}#partie-{code}",
                forms::encode(&code),
                error.code()
            );
            match error {
                // The session ended meanwhile: log in, then come back to the same form.
                AppError::Unauthorized => {
                    format!("/connexion?erreur=connexion&suite={}", forms::encode(&edit))
                }
                _ => edit,
            }
        },
    )
}

/// Adds a question section at the end of a sheet.
#[server(endpoint = "add_section")]
pub async fn add_section(action_id: i64, slug: String, question: String) -> Result<i64, AppError> {
    use crate::backend::db::edits;
    use crate::backend::{auth, forms, state::app_state};
    use crate::model::SheetPart;

    let result = async {
        let user = auth::require_editor(action_id)?;
        let question = SheetPart::SectionQuestion(0)
            .normalize(&question)
            .map_err(|message| AppError::invalid("question", message))?;
        let state = app_state()?;
        let id = edits::add_section(&state.db, action_id, &question, user.id)
            .await?
            .ok_or(AppError::NotFound)?;
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(id)
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#sections"),
        |error| format!("{sheet}?{}&zone=sections#sections", error.to_query()),
    )
}

/// Removes a section of a sheet (its text stays in the history).
#[server(endpoint = "remove_section")]
pub async fn remove_section(action_id: i64, slug: String, section_id: i64) -> Result<(), AppError> {
    use crate::backend::db::edits;
    use crate::backend::{auth, forms, state::app_state};

    let result = async {
        let user = auth::require_editor(action_id)?;
        let state = app_state()?;
        if !edits::remove_section(&state.db, action_id, section_id, user.id).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#sections"),
        |error| format!("{sheet}?{}&zone=sections#sections", error.to_query()),
    )
}

/// Moves a section one place up (`direction` = "up") or down.
#[server(endpoint = "move_section")]
pub async fn move_section(
    action_id: i64,
    slug: String,
    section_id: i64,
    direction: String,
) -> Result<(), AppError> {
    use crate::backend::db::edits;
    use crate::backend::{auth, forms, state::app_state};

    let result = async {
        let user = auth::require_editor(action_id)?;
        let up = match direction.as_str() {
            "up" => true,
            "down" => false,
            _ => return Err(AppError::invalid("direction", "Direction inconnue.")),
        };
        let state = app_state()?;
        if !edits::move_section(&state.db, action_id, section_id, up, user.id).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#section-{section_id}"),
        |error| format!("{sheet}?{}&zone=sections#sections", error.to_query()),
    )
}
