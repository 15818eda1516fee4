//! "Où en est-on ?": the progress news référents post on their sheets.

use chrono::NaiveDate;

use super::commit_if;
use crate::backend::db::updates;
use crate::backend::db::Db;

/// Posts a news item; `None` when the action does not exist.
pub async fn create(
    db: &Db,
    action_id: i64,
    account_id: i64,
    happened_on: NaiveDate,
    title: &str,
    body: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let id = updates::create(&mut tx, action_id, account_id, happened_on, title, body).await?;
    commit_if(tx, id.is_some()).await?;
    Ok(id)
}

/// Rewrites a news item; false when it is not one of the action's.
pub async fn update(
    db: &Db,
    action_id: i64,
    update_id: i64,
    happened_on: NaiveDate,
    title: &str,
    body: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = updates::update(&mut tx, action_id, update_id, happened_on, title, body).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Deletes a news item (its photos go with it); false when it is not one of the action's.
pub async fn delete(db: &Db, action_id: i64, update_id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = updates::delete(&mut tx, action_id, update_id).await?;
    commit_if(tx, done).await?;
    Ok(done)
}
