//! Managing a sheet's photos on the sheet (référents of the action and administrators):
//! alt text and caption, order, cover, deletion. Uploads themselves go through a plain axum
//! handler (`server/src/uploads.rs`) that enforces the body limit before reading.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
fn photos_url(slug: &str, query: &str) -> String {
    format!(
        "/actions/{}?zone=photos{query}#photos",
        crate::backend::forms::encode(slug)
    )
}

/// Writes a photo's alt text (without it the photo is not shown to visitors) and caption.
#[server(endpoint = "describe_photo")]
pub async fn describe_photo(
    action_id: i64,
    slug: String,
    photo_id: i64,
    alt_text: String,
    #[server(default)] caption: String,
) -> Result<(), AppError> {
    use crate::backend::db::photos;
    use crate::backend::{auth, forms, photos::clean_texts, state::app_state};

    let result = async {
        auth::require_editor(action_id)?;
        let (alt_text, caption) = clean_texts(&alt_text, &caption)?;
        let state = app_state()?;
        if !photos::describe(&state.db, action_id, photo_id, &alt_text, &caption).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || photos_url(&slug, "&fait=texte"),
        |error| photos_url(&slug, &format!("&{}", error.to_query())),
    )
}

/// Moves a photo one place earlier (`direction=up`) or later (`down`).
#[server(endpoint = "move_photo")]
pub async fn move_photo(
    action_id: i64,
    slug: String,
    photo_id: i64,
    direction: String,
) -> Result<(), AppError> {
    use crate::backend::db::photos;
    use crate::backend::{auth, forms, state::app_state};

    let result = async {
        auth::require_editor(action_id)?;
        let up = match direction.as_str() {
            "up" => true,
            "down" => false,
            _ => return Err(AppError::invalid("direction", "Direction inconnue.")),
        };
        let state = app_state()?;
        if !photos::move_one(&state.db, action_id, photo_id, up).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || photos_url(&slug, ""),
        |error| photos_url(&slug, &format!("&{}", error.to_query())),
    )
}

/// Puts the photos in a new order (drag and drop): `order` lists every photo id, comma
/// separated.
#[server(endpoint = "reorder_photos")]
pub async fn reorder_photos(action_id: i64, order: String) -> Result<(), AppError> {
    use crate::backend::db::photos;
    use crate::backend::{auth, state::app_state};

    auth::require_editor(action_id)?;
    let ids: Vec<i64> = order
        .split(',')
        .map(|id| id.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::invalid("order", "Ordre des photos illisible."))?;
    let state = app_state()?;
    if !photos::reorder(&state.db, action_id, &ids).await? {
        return Err(AppError::Conflict {
            current: String::new(),
        });
    }
    state.page_cache.refresh_after_change(&state.db).await;
    Ok(())
}

/// Makes a photo the sheet's cover (its image when shared, and on the home page card).
#[server(endpoint = "set_cover_photo")]
pub async fn set_cover_photo(action_id: i64, slug: String, photo_id: i64) -> Result<(), AppError> {
    use crate::backend::db::photos;
    use crate::backend::{auth, forms, state::app_state};

    let result = async {
        auth::require_editor(action_id)?;
        let state = app_state()?;
        if !photos::set_cover(&state.db, action_id, photo_id).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || photos_url(&slug, "&fait=couverture"),
        |error| photos_url(&slug, &format!("&{}", error.to_query())),
    )
}

/// Deletes a photo and all its files.
#[server(endpoint = "delete_photo")]
pub async fn delete_photo(action_id: i64, slug: String, photo_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, forms, photos, state::app_state};

    let result = async {
        auth::require_editor(action_id)?;
        let state = app_state()?;
        if !photos::delete_photo(&state, action_id, photo_id).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || photos_url(&slug, "&fait=suppression"),
        |error| photos_url(&slug, &format!("&{}", error.to_query())),
    )
}
