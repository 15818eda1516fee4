//! "Où en est-on ?": the progress news référents post on their sheets.

use crate::error::DomainError;
use chrono::NaiveDate;

use super::commit_if;
use crate::db::updates;
use crate::db::Db;

/// Where an update is on its sheet: `/actions/{slug}#nouvelle-{id}`, with the page of news
/// that holds it (`?nouvelles=N`) once it is past the first. `None` when the published
/// sheet has no such update. The links of feeds and messages go through it, so an older
/// update is still reached.
pub async fn place(db: &Db, slug: &str, update_id: i64) -> Result<Option<String>, DomainError> {
    let Some(before) = updates::rank(db, slug, update_id).await? else {
        return Ok(None);
    };
    let page = before / i64::from(crate::model::NEWS_PER_PAGE) + 1;
    let query = if page > 1 {
        format!("?nouvelles={page}")
    } else {
        String::new()
    };
    Ok(Some(format!("/actions/{slug}{query}#nouvelle-{update_id}")))
}

/// Posts a news item; `None` when the action does not exist.
pub async fn create(
    db: &Db,
    action_id: i64,
    account_id: i64,
    happened_on: NaiveDate,
    title: &str,
    body: &str,
) -> Result<Option<i64>, DomainError> {
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
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = updates::update(&mut tx, action_id, update_id, happened_on, title, body).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Deletes a news item (its photos go with it); false when it is not one of the action's.
pub async fn delete(db: &Db, action_id: i64, update_id: i64) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = updates::delete(&mut tx, action_id, update_id).await?;
    commit_if(tx, done).await?;
    Ok(done)
}
