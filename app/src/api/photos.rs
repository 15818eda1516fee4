//! Managing a sheet's photos on the sheet (référents of the action and administrators):
//! alt text and caption, order, cover, deletion. Uploads themselves go through a plain axum
//! handler (`server/src/uploads.rs`) that enforces the body limit before reading.

use leptos::prelude::*;

use crate::error::AppError;

/// Checks that the signed-in person may change this photo: an editor of the action, and
/// for a photo of a progress update, whoever may change that update (its author or an
/// administrator), as for the update itself.
#[cfg(feature = "ssr")]
async fn require_photo_manager(action_id: i64, photo_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, db::photos, state::app_state};
    auth::require_editor(action_id)?;
    let state = app_state()?;
    match photos::update_of(&state.db, action_id, photo_id).await? {
        None => Err(AppError::NotFound),
        Some(None) => Ok(()),
        Some(Some(update_id)) => super::updates::require_update_manager(action_id, update_id)
            .await
            .map(|_| ()),
    }
}

/// The photo tools' form of one photo.
#[cfg(feature = "ssr")]
fn photo_form(action_id: i64, photo_id: i64) -> crate::backend::forms::Form {
    crate::backend::forms::Form::on_sheet(action_id, format!("photo:{photo_id}"), "photos")
}

/// Writes a photo's alt text (without it the photo is not shown to visitors) and caption.
#[server(endpoint = "describe_photo")]
pub async fn describe_photo(
    action_id: i64,
    photo_id: i64,
    alt_text: String,
    #[server(default)] caption: String,
) -> Result<(), AppError> {
    use crate::backend::forms::answer;
    use crate::backend::{photos::clean_texts, state::app_state};

    let form = photo_form(action_id, photo_id)
        .keep("alt_text", &alt_text)
        .keep("caption", &caption);
    let work = async {
        require_photo_manager(action_id, photo_id).await?;
        let (alt_text, caption) = clean_texts(&alt_text, &caption)?;
        let state = app_state()?;
        if !crate::backend::services::photos::describe(
            &state.db, action_id, photo_id, &alt_text, &caption,
        )
        .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(form, work, |_| "?fait=texte#photos".to_owned()).await
}

/// Moves a photo one place earlier (`direction=up`) or later (`down`).
#[server(endpoint = "move_photo")]
pub async fn move_photo(action_id: i64, photo_id: i64, direction: String) -> Result<(), AppError> {
    use crate::backend::forms::answer;
    use crate::backend::state::app_state;
    use crate::texts::FormProblem;

    let work = async {
        require_photo_manager(action_id, photo_id).await?;
        let up = match direction.as_str() {
            "up" => true,
            "down" => false,
            _ => return Err(AppError::problem("direction", FormProblem::Incomplete)),
        };
        let state = app_state()?;
        if !crate::backend::services::photos::move_one(&state.db, action_id, photo_id, up).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(photo_form(action_id, photo_id), work, |_| {
        "#photos".to_owned()
    })
    .await
}

/// Puts the photos in a new order (drag and drop): `order` lists every photo id, comma
/// separated. Only the island calls it.
#[server(endpoint = "reorder_photos")]
pub async fn reorder_photos(action_id: i64, order: String) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};
    use crate::texts::{FormProblem, PhotoProblem};

    let work = async {
        auth::require_editor(action_id)?;
        let ids: Vec<i64> = order
            .split(',')
            .map(|id| id.trim().parse::<i64>())
            .collect::<Result<_, _>>()
            .map_err(|_| AppError::problem("order", FormProblem::Incomplete))?;
        let state = app_state()?;
        if !crate::backend::services::photos::reorder(&state.db, action_id, &ids).await? {
            return Err(AppError::problem("order", PhotoProblem::OrderMismatch));
        }
        Ok(())
    };
    answer(Form::on_sheet(action_id, "photos", "photos"), work, |_| {
        "#photos".to_owned()
    })
    .await
}

/// Makes a photo the sheet's cover (its image when shared, and on the home page card).
#[server(endpoint = "set_cover_photo")]
pub async fn set_cover_photo(action_id: i64, photo_id: i64) -> Result<(), AppError> {
    use crate::backend::forms::answer;
    use crate::backend::state::app_state;

    let work = async {
        require_photo_manager(action_id, photo_id).await?;
        let state = app_state()?;
        if !crate::backend::services::photos::set_cover(&state.db, action_id, photo_id).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(photo_form(action_id, photo_id), work, |_| {
        "?fait=couverture#photos".to_owned()
    })
    .await
}

/// Deletes a photo and all its files.
#[server(endpoint = "delete_photo")]
pub async fn delete_photo(action_id: i64, photo_id: i64) -> Result<(), AppError> {
    use crate::backend::forms::answer;
    use crate::backend::{photos, state::app_state};

    let work = async {
        require_photo_manager(action_id, photo_id).await?;
        let state = app_state()?;
        if !photos::delete_photo(&state, action_id, photo_id).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(photo_form(action_id, photo_id), work, |_| {
        "?fait=suppression#photos".to_owned()
    })
    .await
}
