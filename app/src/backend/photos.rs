//! Storing an uploaded photo: checked and re-encoded off the async executor
//! ([`super::images`]), its variants and its private original written to the media storage,
//! then the gallery row added. Deleting removes every file.

use super::db::photos::NewPhoto;
use super::images::{self, ImageLimits, PhotoProblem};
use super::storage::{Storage, PRIVATE_PREFIX};
use super::AppState;
use crate::error::AppError;

/// Longest alt text and caption.
pub const MAX_ALT_CHARS: usize = 300;

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error(transparent)]
    Photo(#[from] PhotoProblem),
    #[error("{0}")]
    App(#[from] AppError),
}

/// Checks an alt text and a caption: `(alt, caption)` trimmed, or the French reason.
pub fn clean_texts(alt_text: &str, caption: &str) -> Result<(String, String), AppError> {
    let alt = alt_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let caption = caption.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.chars().count() > MAX_ALT_CHARS {
        return Err(AppError::problem(
            "alt_text",
            PhotoProblem::AltTooLong {
                max: MAX_ALT_CHARS as u32,
            },
        ));
    }
    if caption.chars().count() > MAX_ALT_CHARS {
        return Err(AppError::problem(
            "caption",
            PhotoProblem::CaptionTooLong {
                max: MAX_ALT_CHARS as u32,
            },
        ));
    }
    Ok((alt, caption))
}

/// Processes, stores and records one photo for `action_id`; returns its id.
pub async fn store_upload(
    state: &AppState,
    action_id: i64,
    bytes: Vec<u8>,
    file_name: String,
    alt_text: &str,
    caption: &str,
    update_id: Option<i64>,
) -> Result<i64, UploadError> {
    let (alt_text, caption) = clean_texts(alt_text, caption)?;
    let max = crate::model::MAX_PHOTOS;
    if super::db::photos::count(&state.db, action_id)
        .await
        .map_err(AppError::from)?
        >= i64::from(max)
    {
        return Err(PhotoProblem::GalleryFull { max }.into());
    }
    let limits: ImageLimits = state.limits.images;
    // Decoding a large photo takes hundreds of megabytes: a few at a time.
    // A turn within a bounded wait, or 503: uploads must not pile up without end.
    let wait = state.limits.upload_wait;
    let _slot = match tokio::time::timeout(wait, state.photo_slots.acquire()).await {
        Ok(slot) => slot.map_err(|e| AppError::internal("photo processing slots", &e))?,
        Err(_) => {
            tracing::warn!("every photo slot stayed busy: upload refused with 503");
            return Err(AppError::Unavailable.into());
        }
    };
    let (processed, bytes) = tokio::task::spawn_blocking(move || {
        let processed = images::process(&bytes, &file_name, limits);
        (processed, bytes)
    })
    .await
    .map_err(|e| AppError::internal("photo processing task", &e))?;
    let processed = processed?;
    let stem = &super::auth::new_token().0[..16];
    let base = format!("photos/{action_id}/{stem}");
    let original_name = format!(
        "{PRIVATE_PREFIX}{action_id}/{stem}.{}",
        processed.extension()
    );
    let storage = &state.storage;
    let put = |key: String, data: Vec<u8>| async move {
        storage
            .put(&key, data)
            .await
            .map_err(|e| AppError::internal("storing a photo", &e))
    };
    put(original_name.clone(), bytes).await?;
    let mut keys = Vec::new();
    for variant in &processed.variants {
        let key = format!("{base}-{}.jpg", variant.width);
        put(
            format!("{base}-{}.webp", variant.width),
            variant.webp.clone(),
        )
        .await?;
        put(key.clone(), variant.jpeg.clone()).await?;
        keys.push((key, variant.width as i32, variant.height as i32));
    }
    let thumb = keys.first().cloned().ok_or(AppError::Internal)?;
    let full = keys.last().cloned().ok_or(AppError::Internal)?;
    let medium = (keys.len() == 3).then(|| keys[1].clone());
    let photo = NewPhoto {
        file_name: full.0,
        width: full.1,
        height: full.2,
        thumb_name: thumb.0,
        thumb_width: thumb.1,
        thumb_height: thumb.2,
        medium_width: medium.as_ref().map(|m| m.1),
        medium_name: medium.map(|m| m.0),
        original_name,
        alt_text,
        caption,
        update_id,
        has_webp: true,
    };
    let id = crate::backend::services::photos::add(&state.db, action_id, &photo)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    Ok(id)
}

/// Deletes a photo and every one of its files. A file that cannot be deleted is logged
/// (the photo is gone from the sheet either way).
pub async fn delete_photo(
    state: &AppState,
    action_id: i64,
    photo_id: i64,
) -> Result<bool, AppError> {
    let Some(files) =
        crate::backend::services::photos::delete(&state.db, action_id, photo_id).await?
    else {
        return Ok(false);
    };
    remove_files(&state.storage, &files.keys()).await;
    Ok(true)
}

async fn remove_files(storage: &Storage, keys: &[String]) {
    for key in keys {
        if let Err(error) = storage.delete(key).await {
            tracing::warn!(%error, key, "cannot delete a photo file");
        }
    }
}
