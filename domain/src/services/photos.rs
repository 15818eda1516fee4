//! The photos of a gallery as référents manage them (the upload itself, decoding and
//! storage, is the app's `backend::photos`).

use super::commit_if;
use crate::db::photos::{self, NewPhoto, PhotoFiles};
use crate::db::Db;
use crate::error::DomainError;

/// Adds a photo at the end of the sheet's gallery; `None` when the action does not exist.
pub async fn add(db: &Db, action_id: i64, photo: &NewPhoto) -> Result<Option<i64>, DomainError> {
    let mut tx = db.begin_write().await?;
    let id = photos::add(&mut tx, action_id, photo).await?;
    commit_if(tx, id.is_some()).await?;
    Ok(id)
}

/// Rewrites the alt text and caption of a photo; false if it is not one of the action's.
pub async fn describe(
    db: &Db,
    action_id: i64,
    photo_id: i64,
    alt_text: &str,
    caption: &str,
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = photos::describe(&mut tx, action_id, photo_id, alt_text, caption).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Moves a photo one place earlier or later; false if it is not one of the action's.
pub async fn move_one(
    db: &Db,
    action_id: i64,
    photo_id: i64,
    up: bool,
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = photos::move_one(&mut tx, action_id, photo_id, up).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Puts the photos in the order given; false (nothing changes) unless it names exactly
/// the action's photos.
pub async fn reorder(db: &Db, action_id: i64, order: &[i64]) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = photos::reorder(&mut tx, action_id, order).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Makes a photo the sheet's cover; false if it is not one of the action's.
pub async fn set_cover(db: &Db, action_id: i64, photo_id: i64) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = photos::set_cover(&mut tx, action_id, photo_id).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Removes a photo; its files, to delete from the storage once this is committed.
pub async fn delete(
    db: &Db,
    action_id: i64,
    photo_id: i64,
) -> Result<Option<PhotoFiles>, DomainError> {
    let mut tx = db.begin_write().await?;
    let files = photos::delete(&mut tx, action_id, photo_id).await?;
    commit_if(tx, files.is_some()).await?;
    Ok(files)
}
