//! "Où en est-on ?": référents post dated progress updates; each may edit or delete their
//! own (administrators: any).

use leptos::prelude::*;

use crate::error::AppError;

/// Posts a progress update on a sheet.
#[server(endpoint = "post_update")]
pub async fn post_update(
    action_id: i64,
    slug: String,
    date: String,
    title: String,
    body: String,
) -> Result<i64, AppError> {
    use crate::backend::db::updates;
    use crate::backend::{auth, forms, state::app_state};
    use crate::model::validate_progress_update;

    let result = async {
        let user = auth::require_editor(action_id)?;
        let (date, title, body) = validate_progress_update(&date, &title, &body)
            .map_err(|(field, message)| AppError::invalid(field, message))?;
        let state = app_state()?;
        let id = updates::create(&state.db, action_id, user.id, date, &title, &body)
            .await?
            .ok_or(AppError::NotFound)?;
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(id)
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#ou-en-est-on"),
        |error| format!("{sheet}?{}&zone=nouvelles#ou-en-est-on", error.to_query()),
    )
}

/// Checks that the signed-in person may change this update: its author (still an editor
/// of the action) or an administrator.
#[cfg(feature = "ssr")]
async fn require_update_manager(
    action_id: i64,
    update_id: i64,
) -> Result<crate::model::CurrentUser, AppError> {
    use crate::backend::db::updates;
    use crate::backend::{auth, state::app_state};
    let user = auth::require_editor(action_id)?;
    let state = app_state()?;
    let author = updates::author_of(&state.db, action_id, update_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.is_admin || author == Some(user.id) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Rewrites one of one's own progress updates.
#[server(endpoint = "edit_update")]
pub async fn edit_update(
    action_id: i64,
    slug: String,
    update_id: i64,
    date: String,
    title: String,
    body: String,
) -> Result<(), AppError> {
    use crate::backend::db::updates;
    use crate::backend::{forms, state::app_state};
    use crate::model::validate_progress_update;

    let result = async {
        require_update_manager(action_id, update_id).await?;
        let (date, title, body) = validate_progress_update(&date, &title, &body)
            .map_err(|(field, message)| AppError::invalid(field, message))?;
        let state = app_state()?;
        if !updates::update(&state.db, action_id, update_id, date, &title, &body).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#nouvelle-{update_id}"),
        |error| {
            format!(
                "{sheet}?modifier_nouvelle={update_id}&{}&zone=nouvelles#nouvelle-{update_id}",
                error.to_query()
            )
        },
    )
}

/// Deletes one of one's own progress updates.
#[server(endpoint = "delete_update")]
pub async fn delete_update(action_id: i64, slug: String, update_id: i64) -> Result<(), AppError> {
    use crate::backend::db::updates;
    use crate::backend::{forms, state::app_state};

    let result = async {
        require_update_manager(action_id, update_id).await?;
        let state = app_state()?;
        // Its photos go with it, files included.
        for photo_id in
            crate::backend::db::photos::of_update(&state.db, action_id, update_id).await?
        {
            crate::backend::photos::delete_photo(&state, action_id, photo_id).await?;
        }
        if !updates::delete(&state.db, action_id, update_id).await? {
            return Err(AppError::NotFound);
        }
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    let sheet = format!("/actions/{}", forms::encode(&slug));
    forms::finish(
        result,
        || format!("{sheet}#ou-en-est-on"),
        |error| format!("{sheet}?{}&zone=nouvelles#ou-en-est-on", error.to_query()),
    )
}
