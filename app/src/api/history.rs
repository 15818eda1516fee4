//! The "Historique" of a sheet: every recorded change as a readable diff, and restoring
//! the text a part had before a change. For the sheet's référents and administrators.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::DiffChunk;

/// One change as the history page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    pub id: i64,
    pub what: String,
    pub author: String,
    pub at: String,
    pub diff: Vec<DiffChunk>,
    pub restorable: bool,
}

/// The history page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub action_id: i64,
    pub slug: String,
    pub title: String,
    pub changes: Vec<ChangeView>,
}

/// The latest changes of a sheet (at most 200), newest first.
#[server(endpoint = "get_history")]
pub async fn get_history(slug: String) -> Result<HistoryPage, AppError> {
    use crate::backend::db::{actions, edits};
    use crate::backend::{auth, state::app_state};

    let state = app_state()?;
    let (sheet, _) = actions::find_sheet(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    auth::require_editor(sheet.id)?;
    let rows = edits::history(&state.db, sheet.id, 200).await?;
    // Up to 200 word diffs of long texts: CPU work, off the async workers.
    let changes = tokio::task::spawn_blocking(move || history_views(rows))
        .await
        .map_err(|e| AppError::internal("history diffs task", &e))?;
    Ok(HistoryPage {
        action_id: sheet.id,
        slug: sheet.slug,
        title: sheet.title,
        changes,
    })
}

/// The changes as the page shows them, each with its word diff.
#[cfg(feature = "ssr")]
fn history_views(rows: Vec<crate::backend::db::edits::Change>) -> Vec<ChangeView> {
    use crate::model::{word_diff, SheetPart};
    rows.into_iter()
        .map(|change| {
            let part = SheetPart::from_code(&change.part);
            let what = match part {
                Some(part) => part.label().to_owned(),
                None if change.part.starts_with("section_added") => "Question ajoutée".to_owned(),
                None if change.part.starts_with("section_removed") => "Question retirée".to_owned(),
                None => "Ordre des questions".to_owned(),
            };
            let diff = if change.part == "sections_order" {
                Vec::new()
            } else {
                word_diff(&change.before_text, &change.after_text)
            };
            let at = change
                .at
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%d/%m/%Y à %H:%M")
                .to_string();
            ChangeView {
                id: change.id,
                what,
                author: change
                    .author
                    .unwrap_or_else(|| "Compte supprimé".to_owned()),
                at,
                diff,
                restorable: part.is_some(),
            }
        })
        .collect()
}

/// Puts back the text a part had before the change `change_id`.
#[server(endpoint = "restore_change")]
pub async fn restore_change(action_id: i64, change_id: i64) -> Result<(), AppError> {
    use crate::backend::db::edits::RestoreOutcome;
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};
    use crate::texts::PartProblem;

    let work = async {
        let user = auth::require_editor(action_id)?;
        let state = app_state()?;
        let slug = crate::backend::db::actions::slug_of(&state.db, action_id)
            .await?
            .ok_or(AppError::NotFound)?;
        match crate::backend::services::sheets::restore(&state.db, action_id, change_id, user.id)
            .await?
        {
            RestoreOutcome::Restored => Ok(slug),
            RestoreOutcome::NotFound => Err(AppError::NotFound),
            RestoreOutcome::NotRestorable => {
                Err(AppError::problem("change_id", PartProblem::NotRestorable))
            }
        }
    };
    let form = Form::on_sheet(action_id, "history", "").under("/historique");
    answer(form, work, move |slug| {
        format!(
            "/actions/{}/historique?retabli={change_id}",
            crate::backend::forms::encode(slug)
        )
    })
    .await
    .map(|_| ())
}
