//! "Où en est-on ?": dated progress updates posted by référents on their sheets.

use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};

use super::{on_db, on_tx};
use super::{Db, DbTx};

/// A progress update as stored, with its author's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgressUpdate {
    pub id: i64,
    pub account_id: Option<i64>,
    pub author: Option<String>,
    pub happened_on: NaiveDate,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// At most `limit` updates of a sheet, newest first, after skipping `offset`.
pub async fn list(
    db: &Db,
    action_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<ProgressUpdate>, DomainError> {
    let sql = "SELECT u.id, u.account_id, a.display_name AS author, u.happened_on, u.title, u.body, u.created_at
               FROM progress_updates u LEFT JOIN accounts a ON a.id = u.account_id
               WHERE u.action_id = $1 ORDER BY u.happened_on DESC, u.id DESC LIMIT $2 OFFSET $3";
    on_db!(db, pool => sqlx::query_as(sql).bind(action_id).bind(limit).bind(offset).fetch_all(pool).await)
}

/// Where an update of a published sheet stands in its timeline: how many of the sheet's
/// updates come before it (newest first), or `None` when the sheet `slug` is not
/// published or has no such update.
pub async fn rank(db: &Db, slug: &str, update_id: i64) -> Result<Option<i64>, DomainError> {
    let sql = "SELECT u.id FROM progress_updates u JOIN actions a ON a.id = u.action_id
               WHERE u.id = $1 AND a.slug = $2 AND a.published = TRUE";
    let found: Option<i64> = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(update_id)
        .bind(slug)
        .fetch_optional(pool)
        .await)?;
    if found.is_none() {
        return Ok(None);
    }
    let sql = "SELECT COUNT(*) FROM progress_updates o JOIN progress_updates u ON u.id = $1
               WHERE o.action_id = u.action_id
                 AND (o.happened_on > u.happened_on OR (o.happened_on = u.happened_on AND o.id > u.id))";
    let before: i64 =
        on_db!(db, pool => sqlx::query_scalar(sql).bind(update_id).fetch_one(pool).await)?;
    Ok(Some(before))
}

/// How many updates a sheet has.
pub async fn count(db: &Db, action_id: i64) -> Result<i64, DomainError> {
    let sql = "SELECT COUNT(*) FROM progress_updates WHERE action_id = $1";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).fetch_one(pool).await)
}

/// Adds an update; `None` when the action does not exist.
pub async fn create(
    tx: &mut DbTx,
    action_id: i64,
    account_id: i64,
    happened_on: NaiveDate,
    title: &str,
    body: &str,
) -> Result<Option<i64>, DomainError> {
    let sql = "INSERT INTO progress_updates (action_id, account_id, happened_on, title, body, created_at, updated_at)
               SELECT id, $2, $3, $4, $5, $6, $6 FROM actions WHERE id = $1
               RETURNING id";
    let id: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(action_id)
        .bind(account_id)
        .bind(happened_on)
        .bind(title)
        .bind(body)
        .bind(Utc::now())
        .fetch_optional(conn)
        .await)?;
    Ok(id)
}

/// The author of an update of this action (`Some(None)` when the author's account is
/// gone), `None` when the update is not one of the action's.
pub async fn author_of(
    db: &Db,
    action_id: i64,
    update_id: i64,
) -> Result<Option<Option<i64>>, DomainError> {
    let sql = "SELECT account_id FROM progress_updates WHERE id = $1 AND action_id = $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(update_id).bind(action_id).fetch_optional(pool).await)
}

/// Rewrites an update of this action; false when it is not one of the action's.
pub async fn update(
    tx: &mut DbTx,
    action_id: i64,
    update_id: i64,
    happened_on: NaiveDate,
    title: &str,
    body: &str,
) -> Result<bool, DomainError> {
    let sql = "UPDATE progress_updates SET happened_on = $1, title = $2, body = $3, updated_at = $4
               WHERE id = $5 AND action_id = $6";
    let changed = on_tx!(tx, conn => sqlx::query(sql)
        .bind(happened_on)
        .bind(title)
        .bind(body)
        .bind(Utc::now())
        .bind(update_id)
        .bind(action_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(changed == 1)
}

/// Deletes an update of this action; false when it is not one of the action's.
pub async fn delete(tx: &mut DbTx, action_id: i64, update_id: i64) -> Result<bool, DomainError> {
    let sql = "DELETE FROM progress_updates WHERE id = $1 AND action_id = $2";
    let deleted = on_tx!(tx, conn => sqlx::query(sql)
        .bind(update_id)
        .bind(action_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(deleted == 1)
}
