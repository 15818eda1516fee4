//! Changes to a sheet by its référents and administrators. Each function checks the session
//! and the role itself: the controls shown on the page are a convenience, not the lock.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

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
    part: String,
    value: String,
    previous: String,
) -> Result<SavedPart, AppError> {
    use crate::backend::db::edits::SaveOutcome;
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::{auth, display, state::app_state};
    use crate::model::SheetPart;

    let code = encode(&part);
    let form = Form::on_sheet(action_id, format!("part:{part}"), format!("partie-{code}"))
        .mode(format!("modifier={code}"))
        .keep("value", &value);
    let work = async {
        let user = auth::require_editor(action_id)?;
        let part = SheetPart::from_code(&part).ok_or(AppError::NotFound)?;
        if part == SheetPart::Themes {
            // Themes are picked from the list (`save_themes`), never typed.
            return Err(AppError::problem(
                "value",
                crate::texts::PartProblem::UnknownTheme,
            ));
        }
        let value = part
            .normalize(&value)
            .map_err(|problem| AppError::problem(&part.code(), problem))?;
        let state = app_state()?;
        match crate::backend::services::sheets::save_part(
            &state.db, action_id, part, &value, &previous, user.id,
        )
        .await?
        {
            SaveOutcome::Saved(value) | SaveOutcome::Unchanged(value) => Ok(SavedPart {
                html: display::part_html(part, &value),
                value,
            }),
            SaveOutcome::Conflict(current) => Err(AppError::Conflict { current }),
            SaveOutcome::NotFound => Err(AppError::NotFound),
        }
    };
    answer(form, work, |_| format!("#partie-{code}")).await
}

/// Adds a question section at the end of a sheet.
#[server(endpoint = "add_section")]
pub async fn add_section(action_id: i64, question: String) -> Result<i64, AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};
    use crate::model::SheetPart;

    let form = Form::on_sheet(action_id, "sections", "sections").keep("question", &question);
    let work = async {
        let user = auth::require_editor(action_id)?;
        let question = SheetPart::SectionQuestion(0)
            .normalize(&question)
            .map_err(|problem| AppError::problem("question", problem))?;
        let state = app_state()?;
        let max = crate::model::MAX_SECTIONS;
        if crate::backend::db::edits::section_count(&state.db, action_id).await? >= i64::from(max) {
            return Err(AppError::problem(
                "question",
                crate::texts::PartProblem::TooManySections { max },
            ));
        }
        let id =
            crate::backend::services::sheets::add_section(&state.db, action_id, &question, user.id)
                .await?
                .ok_or(AppError::NotFound)?;
        Ok(id)
    };
    answer(form, work, |_| "#sections".to_owned()).await
}

/// Removes a section of a sheet (its text stays in the history).
#[server(endpoint = "remove_section")]
pub async fn remove_section(action_id: i64, section_id: i64) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};

    let form = Form::on_sheet(action_id, "sections", "sections");
    let work = async {
        let user = auth::require_editor(action_id)?;
        let state = app_state()?;
        if !crate::backend::services::sheets::remove_section(
            &state.db, action_id, section_id, user.id,
        )
        .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(form, work, |_| "#sections".to_owned()).await
}

/// Moves a section one place up (`direction` = "up") or down.
#[server(endpoint = "move_section")]
pub async fn move_section(
    action_id: i64,
    section_id: i64,
    direction: String,
) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};
    use crate::texts::FormProblem;

    let form = Form::on_sheet(action_id, "sections", "sections");
    let work = async {
        let user = auth::require_editor(action_id)?;
        let up = match direction.as_str() {
            "up" => true,
            "down" => false,
            _ => return Err(AppError::problem("direction", FormProblem::Incomplete)),
        };
        let state = app_state()?;
        if !crate::backend::services::sheets::move_section(
            &state.db, action_id, section_id, up, user.id,
        )
        .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(form, work, move |_| format!("#section-{section_id}")).await
}
