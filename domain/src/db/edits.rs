//! Changes to a sheet made by its référents: one part at a time with a version check, the
//! sections (add, remove, reorder), and the history of every change.
//!
//! Every change runs in one write transaction that first touches the action's row: on
//! PostgreSQL that row lock serialises concurrent editors of the same sheet, on SQLite
//! `BEGIN IMMEDIATE` already does. The version check compares the value the editor started
//! from with the stored one, so a second save never silently overwrites the first.

use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};

use super::{on_db, on_tx};
use super::{Db, DbTx};
use crate::model::SheetPart;

/// What happened to a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved; carries the stored value.
    Saved(String),
    /// The part already had this value: nothing to do; carries it.
    Unchanged(String),
    /// Someone changed the part since the editor loaded it; carries the stored value.
    Conflict(String),
    /// No such action, or the section is not one of its sections.
    NotFound,
}

/// Touches the action row (locks it on PostgreSQL); false when the action does not exist.
async fn lock_action(tx: &mut DbTx, action_id: i64) -> Result<bool, DomainError> {
    let sql = "UPDATE actions SET updated_at = $1 WHERE id = $2";
    let touched = on_tx!(tx, conn => sqlx::query(sql)
        .bind(Utc::now())
        .bind(action_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(touched == 1)
}

/// The stored column of a single-column part of `actions`.
fn action_column(part: SheetPart) -> Option<&'static str> {
    match part {
        SheetPart::Title => Some("title"),
        SheetPart::Quote => Some("quote"),
        SheetPart::QuoteAuthor => Some("quote_author"),
        SheetPart::Summary => Some("summary"),
        SheetPart::Status => Some("status"),
        _ => None,
    }
}

/// The current value of a part as text (the form editors use), `None` when the section
/// does not belong to the action.
async fn read_part(
    tx: &mut DbTx,
    action_id: i64,
    part: SheetPart,
) -> Result<Option<String>, DomainError> {
    if let Some(column) = action_column(part) {
        let sql = format!("SELECT {column} FROM actions WHERE id = $1");
        return on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(action_id).fetch_optional(conn).await);
    }
    match part {
        SheetPart::StartDate => {
            let sql = "SELECT start_date FROM actions WHERE id = $1";
            let date: Option<Option<NaiveDate>> = on_tx!(tx, conn => sqlx::query_scalar(sql).bind(action_id).fetch_optional(conn).await)?;
            Ok(date.map(|d| d.map(|d| d.to_string()).unwrap_or_default()))
        }
        SheetPart::Progress => {
            let sql = "SELECT progress FROM actions WHERE id = $1";
            let progress: Option<i32> = on_tx!(tx, conn => sqlx::query_scalar(sql).bind(action_id).fetch_optional(conn).await)?;
            Ok(progress.map(|p| p.to_string()))
        }
        SheetPart::Themes => {
            let themes = super::themes::names_of_sheet(tx, action_id).await?;
            Ok(Some(themes.join(", ")))
        }
        SheetPart::SectionQuestion(id) | SheetPart::SectionAnswer(id) => {
            let column = if matches!(part, SheetPart::SectionQuestion(_)) {
                "question"
            } else {
                "answer"
            };
            let sql =
                format!("SELECT {column} FROM action_sections WHERE id = $1 AND action_id = $2");
            on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(id).bind(action_id).fetch_optional(conn).await)
        }
        _ => Ok(None),
    }
}

async fn write_part(
    tx: &mut DbTx,
    action_id: i64,
    part: SheetPart,
    value: &str,
) -> Result<(), DomainError> {
    if let Some(column) = action_column(part) {
        let sql = format!("UPDATE actions SET {column} = $1 WHERE id = $2");
        return on_tx!(tx, conn => sqlx::query(&sql).bind(value).bind(action_id).execute(conn).await.map(|_| ()));
    }
    match part {
        SheetPart::StartDate => {
            let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
            let sql = "UPDATE actions SET start_date = $1 WHERE id = $2";
            on_tx!(tx, conn => sqlx::query(sql).bind(date).bind(action_id).execute(conn).await.map(|_| ()))
        }
        SheetPart::Progress => {
            let progress: i32 = value.parse().unwrap_or(0).clamp(0, 100);
            let sql = "UPDATE actions SET progress = $1 WHERE id = $2";
            on_tx!(tx, conn => sqlx::query(sql).bind(progress).bind(action_id).execute(conn).await.map(|_| ()))
        }
        SheetPart::Themes => {
            let names: Vec<&str> = value.split(", ").filter(|t| !t.is_empty()).collect();
            super::themes::set_of_sheet(tx, action_id, &names).await
        }
        SheetPart::SectionQuestion(id) | SheetPart::SectionAnswer(id) => {
            let column = if matches!(part, SheetPart::SectionQuestion(_)) {
                "question"
            } else {
                "answer"
            };
            let sql = format!(
                "UPDATE action_sections SET {column} = $1 WHERE id = $2 AND action_id = $3"
            );
            on_tx!(tx, conn => sqlx::query(&sql)
                .bind(value)
                .bind(id)
                .bind(action_id)
                .execute(conn)
                .await
                .map(|_| ()))
        }
        _ => Ok(()),
    }
}

async fn record_change(
    tx: &mut DbTx,
    action_id: i64,
    account_id: Option<i64>,
    part: &str,
    before: &str,
    after: &str,
) -> Result<(), DomainError> {
    let sql =
        "INSERT INTO action_changes (action_id, account_id, part, before_text, after_text, at)
               VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(action_id)
        .bind(account_id)
        .bind(part)
        .bind(before)
        .bind(after)
        .bind(Utc::now())
        .execute(conn)
        .await
        .map(|_| ()))
}

fn same_text(a: &str, b: &str) -> bool {
    a.replace("\r\n", "\n").trim() == b.replace("\r\n", "\n").trim()
}

/// Saves a (validated, normalized) value for a part if the stored value is still
/// `previous`; records the change in the history. Saving the stored value again is a
/// no-op that succeeds.
#[tracing::instrument(skip_all, fields(action_id, part = %part.code()))]
pub async fn save_part(
    tx: &mut DbTx,
    action_id: i64,
    part: SheetPart,
    value: &str,
    previous: &str,
    account_id: i64,
) -> Result<SaveOutcome, DomainError> {
    if !lock_action(tx, action_id).await? {
        return Ok(SaveOutcome::NotFound);
    }
    let Some(current) = read_part(tx, action_id, part).await? else {
        return Ok(SaveOutcome::NotFound);
    };
    if same_text(&current, value) {
        return Ok(SaveOutcome::Unchanged(current));
    }
    if !same_text(&current, previous) {
        return Ok(SaveOutcome::Conflict(current));
    }
    write_part(tx, action_id, part, value).await?;
    record_change(
        tx,
        action_id,
        Some(account_id),
        &part.code(),
        &current,
        value,
    )
    .await?;
    Ok(SaveOutcome::Saved(value.to_owned()))
}

/// Adds a question section at the end of a sheet; `None` when the action does not exist.
pub async fn add_section(
    tx: &mut DbTx,
    action_id: i64,
    question: &str,
    account_id: i64,
) -> Result<Option<i64>, DomainError> {
    if !lock_action(tx, action_id).await? {
        return Ok(None);
    }
    let sql = "INSERT INTO action_sections (action_id, position, question, answer)
               VALUES ($1, (SELECT COALESCE(MAX(position) + 1, 0) FROM action_sections WHERE action_id = $1), $2, '')
               RETURNING id";
    let id: i64 = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(action_id)
        .bind(question)
        .fetch_one(conn)
        .await)?;
    record_change(
        tx,
        action_id,
        Some(account_id),
        &format!("section_added_{id}"),
        "",
        question,
    )
    .await?;
    Ok(Some(id))
}

/// Removes a section of a sheet (its text stays in the history); false when the section
/// is not one of the action's.
pub async fn remove_section(
    tx: &mut DbTx,
    action_id: i64,
    section_id: i64,
    account_id: i64,
) -> Result<bool, DomainError> {
    if !lock_action(tx, action_id).await? {
        return Ok(false);
    }
    let sql =
        "DELETE FROM action_sections WHERE id = $1 AND action_id = $2 RETURNING question, answer";
    let removed: Option<(String, String)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(section_id)
        .bind(action_id)
        .fetch_optional(conn)
        .await)?;
    let Some((question, answer)) = removed else {
        return Ok(false);
    };
    let before = format!("{question}\n\n{answer}");
    record_change(
        tx,
        action_id,
        Some(account_id),
        &format!("section_removed_{section_id}"),
        &before,
        "",
    )
    .await?;
    Ok(true)
}

/// Moves a section one place up or down; false when it is not one of the action's.
/// Moving the first up or the last down changes nothing and succeeds.
pub async fn move_section(
    tx: &mut DbTx,
    action_id: i64,
    section_id: i64,
    up: bool,
    account_id: i64,
) -> Result<bool, DomainError> {
    if !lock_action(tx, action_id).await? {
        return Ok(false);
    }
    let sql = "SELECT id FROM action_sections WHERE action_id = $1 ORDER BY position, id";
    let mut ids: Vec<i64> =
        on_tx!(tx, conn => sqlx::query_scalar(sql).bind(action_id).fetch_all(conn).await)?;
    let Some(index) = ids.iter().position(|id| *id == section_id) else {
        return Ok(false);
    };
    let target = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < ids.len())
    };
    let Some(target) = target else {
        return Ok(true);
    };
    let before: Vec<String> = ids.iter().map(i64::to_string).collect();
    ids.swap(index, target);
    for (position, id) in ids.iter().enumerate() {
        let sql = "UPDATE action_sections SET position = $1 WHERE id = $2";
        on_tx!(tx, conn => sqlx::query(sql)
            .bind(position as i32)
            .bind(*id)
            .execute(conn)
            .await
            .map(|_| ()))?;
    }
    let after: Vec<String> = ids.iter().map(i64::to_string).collect();
    record_change(
        tx,
        action_id,
        Some(account_id),
        "sections_order",
        &before.join(","),
        &after.join(","),
    )
    .await?;
    Ok(true)
}

/// How many question sections a sheet has.
pub async fn section_count(db: &Db, action_id: i64) -> Result<i64, DomainError> {
    let sql = "SELECT COUNT(*) FROM action_sections WHERE action_id = $1";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).fetch_one(pool).await)
}

/// One recorded change of a sheet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Change {
    pub id: i64,
    pub part: String,
    pub before_text: String,
    pub after_text: String,
    pub at: DateTime<Utc>,
    pub author: Option<String>,
}

/// The changes of a sheet, newest first (at most `limit`).
pub async fn history(db: &Db, action_id: i64, limit: i64) -> Result<Vec<Change>, DomainError> {
    let sql = "SELECT c.id, c.part, c.before_text, c.after_text, c.at, a.display_name AS author
               FROM action_changes c LEFT JOIN accounts a ON a.id = c.account_id
               WHERE c.action_id = $1 ORDER BY c.at DESC, c.id DESC LIMIT $2";
    on_db!(db, pool => sqlx::query_as(sql).bind(action_id).bind(limit).fetch_all(pool).await)
}

/// What happened to a restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreOutcome {
    Restored,
    /// The change is not one of the action's.
    NotFound,
    /// Additions, removals and reorderings of sections cannot be restored from here.
    NotRestorable,
}

/// Puts back the text a part had before a recorded change (itself recorded as a change).
pub async fn restore(
    tx: &mut DbTx,
    action_id: i64,
    change_id: i64,
    account_id: i64,
) -> Result<RestoreOutcome, DomainError> {
    if !lock_action(tx, action_id).await? {
        return Ok(RestoreOutcome::NotFound);
    }
    let sql = "SELECT part, before_text FROM action_changes WHERE id = $1 AND action_id = $2";
    let change: Option<(String, String)> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(change_id)
        .bind(action_id)
        .fetch_optional(conn)
        .await)?;
    let Some((code, before)) = change else {
        return Ok(RestoreOutcome::NotFound);
    };
    let Some(part) = SheetPart::from_code(&code) else {
        return Ok(RestoreOutcome::NotRestorable);
    };
    let Some(current) = read_part(tx, action_id, part).await? else {
        // The section it belonged to was removed since.
        return Ok(RestoreOutcome::NotRestorable);
    };
    if !same_text(&current, &before) {
        write_part(tx, action_id, part, &before).await?;
        record_change(tx, action_id, Some(account_id), &code, &current, &before).await?;
    }
    Ok(RestoreOutcome::Restored)
}
