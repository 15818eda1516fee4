//! The photos of a sheet's gallery as référents manage them: add an uploaded photo, write
//! its alt text and caption, reorder, choose the cover, delete.

use crate::error::DomainError;
use chrono::Utc;

use super::{on_db, on_tx};
use super::{Db, DbTx};

/// An uploaded photo's stored variants, to add at the end of a gallery.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub file_name: String,
    pub width: i32,
    pub height: i32,
    pub thumb_name: String,
    pub thumb_width: i32,
    pub thumb_height: i32,
    pub medium_name: Option<String>,
    pub medium_width: Option<i32>,
    pub original_name: String,
    pub alt_text: String,
    pub caption: String,
    /// The progress update it illustrates (`None`: the gallery).
    pub update_id: Option<i64>,
    /// Each JPEG variant has a `.webp` twin.
    pub has_webp: bool,
}

/// The storage keys of a photo (to delete its files).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoFiles {
    pub file_name: String,
    pub thumb_name: String,
    pub medium_name: Option<String>,
    pub original_name: Option<String>,
    pub has_webp: bool,
}

impl PhotoFiles {
    /// Every key: variants (and their WebP twins) and original.
    pub fn keys(&self) -> Vec<String> {
        let mut keys = vec![self.file_name.clone(), self.thumb_name.clone()];
        keys.extend(self.medium_name.clone());
        if self.has_webp {
            let twins: Vec<String> = keys.iter().map(|k| webp_twin(k)).collect();
            keys.extend(twins);
        }
        keys.extend(self.original_name.clone());
        keys.dedup();
        keys
    }
}

/// The `.webp` key next to a `.jpg` variant.
pub fn webp_twin(key: &str) -> String {
    match key.strip_suffix(".jpg") {
        Some(stem) => format!("{stem}.webp"),
        None => key.to_owned(),
    }
}

/// Adds a photo at the end of the sheet's gallery; `None` when the action does not exist.
pub async fn add(
    tx: &mut DbTx,
    action_id: i64,
    photo: &NewPhoto,
) -> Result<Option<i64>, DomainError> {
    let sql = "INSERT INTO gallery_images (action_id, position, file_name, thumb_name, width, height,
                   thumb_width, thumb_height, alt_text, caption, medium_name, medium_width, original_name, uploaded_at,
                   update_id, has_webp)
               SELECT id, (SELECT COALESCE(MAX(position) + 1, 0) FROM gallery_images WHERE action_id = $1),
                   $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
               FROM actions WHERE id = $1
               RETURNING id";
    let id: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(action_id)
        .bind(&photo.file_name)
        .bind(&photo.thumb_name)
        .bind(photo.width)
        .bind(photo.height)
        .bind(photo.thumb_width)
        .bind(photo.thumb_height)
        .bind(photo.alt_text.trim())
        .bind(photo.caption.trim())
        .bind(&photo.medium_name)
        .bind(photo.medium_width)
        .bind(&photo.original_name)
        .bind(Utc::now())
        .bind(photo.update_id)
        .bind(photo.has_webp)
        .fetch_optional(conn)
        .await)?;
    Ok(id)
}

/// Rewrites the alt text and caption of a photo of this action; false if it is not one.
pub async fn describe(
    tx: &mut DbTx,
    action_id: i64,
    photo_id: i64,
    alt_text: &str,
    caption: &str,
) -> Result<bool, DomainError> {
    let sql =
        "UPDATE gallery_images SET alt_text = $1, caption = $2 WHERE id = $3 AND action_id = $4";
    let changed = on_tx!(tx, conn => sqlx::query(sql)
        .bind(alt_text)
        .bind(caption)
        .bind(photo_id)
        .bind(action_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(changed == 1)
}

async fn ordered_ids(tx: &mut DbTx, action_id: i64) -> Result<Vec<i64>, DomainError> {
    let sql = "SELECT id FROM gallery_images WHERE action_id = $1 ORDER BY position, id";
    on_tx!(tx, conn => sqlx::query_scalar(sql).bind(action_id).fetch_all(conn).await)
}

async fn renumber(tx: &mut DbTx, ids: &[i64]) -> Result<(), DomainError> {
    for (position, id) in ids.iter().enumerate() {
        let sql = "UPDATE gallery_images SET position = $1 WHERE id = $2";
        on_tx!(tx, conn => sqlx::query(sql).bind(position as i32).bind(id).execute(conn).await.map(|_| ()))?;
    }
    Ok(())
}

/// Moves a photo one place earlier (`up`) or later; false if it is not one of the action's.
pub async fn move_one(
    tx: &mut DbTx,
    action_id: i64,
    photo_id: i64,
    up: bool,
) -> Result<bool, DomainError> {
    let mut ids = ordered_ids(tx, action_id).await?;
    let Some(index) = ids.iter().position(|id| *id == photo_id) else {
        return Ok(false);
    };
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < ids.len())
    };
    if let Some(other) = other {
        ids.swap(index, other);
        renumber(tx, &ids).await?;
    }
    Ok(true)
}

/// Puts the photos in the order given (drag and drop). The list must name exactly the
/// action's photos; false otherwise (nothing changes).
pub async fn reorder(tx: &mut DbTx, action_id: i64, order: &[i64]) -> Result<bool, DomainError> {
    let mut current = ordered_ids(tx, action_id).await?;
    let mut wanted = order.to_vec();
    current.sort_unstable();
    wanted.sort_unstable();
    if current != wanted {
        return Ok(false);
    }
    renumber(tx, order).await?;
    Ok(true)
}

/// Makes a photo the sheet's cover (OpenGraph image, card image); false if it is not one
/// of the action's.
pub async fn set_cover(tx: &mut DbTx, action_id: i64, photo_id: i64) -> Result<bool, DomainError> {
    // Two cover changes at once wait for each other (the one-cover index stays satisfied).
    let lock = "UPDATE actions SET published = published WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(lock).bind(action_id).execute(conn).await.map(|_| ()))?;
    let clear = "UPDATE gallery_images SET is_cover = FALSE WHERE action_id = $1 AND is_cover";
    on_tx!(tx, conn => sqlx::query(clear).bind(action_id).execute(conn).await.map(|_| ()))?;
    let set = "UPDATE gallery_images SET is_cover = TRUE WHERE id = $1 AND action_id = $2";
    let changed = on_tx!(tx, conn => sqlx::query(set)
        .bind(photo_id)
        .bind(action_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    if changed != 1 {
        return Ok(false);
    }
    Ok(true)
}

/// Removes a photo of this action; returns its files to delete from storage.
pub async fn delete(
    tx: &mut DbTx,
    action_id: i64,
    photo_id: i64,
) -> Result<Option<PhotoFiles>, DomainError> {
    let sql = "DELETE FROM gallery_images WHERE id = $1 AND action_id = $2
               RETURNING file_name, thumb_name, medium_name, original_name, has_webp";
    let files: Option<PhotoFiles> = on_tx!(tx, conn => sqlx::query_as(sql)
        .bind(photo_id)
        .bind(action_id)
        .fetch_optional(conn)
        .await)?;
    if files.is_some() {
        let ids = ordered_ids(tx, action_id).await?;
        renumber(tx, &ids).await?;
    }
    Ok(files)
}

/// How many photos a sheet holds (gallery and news).
pub async fn count(db: &Db, action_id: i64) -> Result<i64, DomainError> {
    let sql = "SELECT COUNT(*) FROM gallery_images WHERE action_id = $1";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).fetch_one(pool).await)
}

/// The progress update a photo of this action belongs to: `Some(None)` for a gallery
/// photo, `None` when the photo is not one of the action's.
pub async fn update_of(
    db: &Db,
    action_id: i64,
    photo_id: i64,
) -> Result<Option<Option<i64>>, DomainError> {
    let sql = "SELECT update_id FROM gallery_images WHERE action_id = $1 AND id = $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).bind(photo_id).fetch_optional(pool).await)
}

/// The photos of a progress update of this action (ids), to delete them with it.
pub async fn of_update(db: &Db, action_id: i64, update_id: i64) -> Result<Vec<i64>, DomainError> {
    let sql = "SELECT id FROM gallery_images WHERE action_id = $1 AND update_id = $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).bind(update_id).fetch_all(pool).await)
}
