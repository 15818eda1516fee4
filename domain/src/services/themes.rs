//! Themes: administrators keep the list, référents file their sheets under it. The sheets
//! a change touches are re-indexed for search and public pages refreshed by the triggers
//! of migration 0012, in the transaction of the change.

use super::commit_if;
use crate::db::edits::{self, SaveOutcome};
use crate::db::themes::{self, DeleteOutcome};
use crate::db::Db;
use crate::error::Constraint;
use crate::error::DomainError;
use crate::model::SheetPart;

/// What a change of the list did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeOutcome {
    Done,
    /// Another theme has this name, or a name with the same address.
    Taken,
    /// No theme has this id.
    Missing,
    /// Sheets are filed under it (how many): it can be merged, not deleted.
    InUse(i64),
    /// A theme cannot be merged into itself.
    SameTheme,
}

fn taken(error: &DomainError) -> bool {
    error.broke(Constraint::Unique)
}

/// Adds a theme to the list.
pub async fn create(db: &Db, name: &str, description: &str) -> Result<ThemeOutcome, DomainError> {
    let mut tx = db.begin_write().await?;
    match themes::create(&mut tx, name, description).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(ThemeOutcome::Done)
        }
        Err(error) if taken(&error) => Ok(ThemeOutcome::Taken),
        Err(error) => Err(error),
    }
}

/// Renames a theme (its former address keeps leading to it) and changes its description.
pub async fn update(
    db: &Db,
    id: i64,
    name: &str,
    description: &str,
) -> Result<ThemeOutcome, DomainError> {
    let mut tx = db.begin_write().await?;
    match themes::update(&mut tx, id, name, description).await {
        Ok(true) => {
            tx.commit().await?;
            Ok(ThemeOutcome::Done)
        }
        Ok(false) => Ok(ThemeOutcome::Missing),
        Err(error) if taken(&error) => Ok(ThemeOutcome::Taken),
        Err(error) => Err(error),
    }
}

/// Files every sheet of `source` under `target` and removes `source`.
pub async fn merge(db: &Db, source: i64, target: i64) -> Result<ThemeOutcome, DomainError> {
    if source == target {
        return Ok(ThemeOutcome::SameTheme);
    }
    let mut tx = db.begin_write().await?;
    let done = themes::merge(&mut tx, source, target).await?;
    commit_if(tx, done).await?;
    Ok(if done {
        ThemeOutcome::Done
    } else {
        ThemeOutcome::Missing
    })
}

/// Removes a theme no sheet uses.
pub async fn delete(db: &Db, id: i64) -> Result<ThemeOutcome, DomainError> {
    let mut tx = db.begin_write().await?;
    let outcome = themes::delete(&mut tx, id).await?;
    commit_if(tx, outcome == DeleteOutcome::Deleted).await?;
    Ok(match outcome {
        DeleteOutcome::Deleted => ThemeOutcome::Done,
        DeleteOutcome::InUse(sheets) => ThemeOutcome::InUse(sheets),
        DeleteOutcome::Missing => ThemeOutcome::Missing,
    })
}

/// Files a sheet under these themes of the list (names, in order), if nobody changed its
/// themes since `previous` was loaded: an edit of the sheet's "themes" part, kept in its
/// history like any other.
pub async fn save_of_sheet(
    db: &Db,
    action_id: i64,
    names: &[String],
    previous: &str,
    account_id: i64,
) -> Result<SaveOutcome, DomainError> {
    let value = names.join(", ");
    let mut tx = db.begin_write().await?;
    let outcome = edits::save_part(
        &mut tx,
        action_id,
        SheetPart::Themes,
        &value,
        previous,
        account_id,
    )
    .await?;
    commit_if(tx, matches!(outcome, SaveOutcome::Saved(_))).await?;
    Ok(outcome)
}
