//! "Où en est-on ?": référents post dated progress updates; each may edit or delete their
//! own (administrators: any).

use leptos::prelude::*;

use crate::error::AppError;

/// Posts a progress update on a sheet.
#[server(endpoint = "post_update")]
pub async fn post_update(
    action_id: i64,
    date: String,
    title: String,
    body: String,
) -> Result<i64, AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};
    use crate::model::validate_progress_update;

    let form = Form::on_sheet(action_id, "update:new", "ou-en-est-on")
        .keep("date", &date)
        .keep("title", &title)
        .keep("body", &body);
    let work = async {
        let user = auth::require_editor(action_id)?;
        let (date, title, body) = validate_progress_update(&date, &title, &body)
            .map_err(|(field, problem)| AppError::problem(field, problem))?;
        let state = app_state()?;
        let max = crate::model::MAX_NEWS;
        if crate::backend::db::updates::count(&state.db, action_id).await? >= i64::from(max) {
            return Err(AppError::problem(
                "title",
                crate::texts::UpdateProblem::TooMany { max },
            ));
        }
        let id = crate::backend::services::updates::create(
            &state.db, action_id, user.id, date, &title, &body,
        )
        .await?
        .ok_or(AppError::NotFound)?;
        Ok(id)
    };
    answer(form, work, |id| format!("#nouvelle-{id}")).await
}

/// Checks that the signed-in person may change this update (and its photos): its author
/// (still an editor of the action) or an administrator.
#[cfg(feature = "ssr")]
pub(crate) async fn require_update_manager(
    action_id: i64,
    update_id: i64,
) -> Result<crate::model::CurrentUser, AppError> {
    use crate::backend::{auth, state::app_state};
    let user = auth::require_editor(action_id)?;
    let state = app_state()?;
    let author = crate::backend::db::updates::author_of(&state.db, action_id, update_id)
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
    update_id: i64,
    date: String,
    title: String,
    body: String,
) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::state::app_state;
    use crate::model::validate_progress_update;

    let form = Form::on_sheet(
        action_id,
        format!("update:{update_id}"),
        format!("nouvelle-{update_id}"),
    )
    .mode(format!("modifier_nouvelle={update_id}"))
    .keep("date", &date)
    .keep("title", &title)
    .keep("body", &body);
    let work = async {
        require_update_manager(action_id, update_id).await?;
        let (date, title, body) = validate_progress_update(&date, &title, &body)
            .map_err(|(field, problem)| AppError::problem(field, problem))?;
        let state = app_state()?;
        if !crate::backend::services::updates::update(
            &state.db, action_id, update_id, date, &title, &body,
        )
        .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(form, work, move |_| format!("#nouvelle-{update_id}")).await
}

/// Deletes one of one's own progress updates.
#[server(endpoint = "delete_update")]
pub async fn delete_update(action_id: i64, update_id: i64) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::state::app_state;

    let form = Form::on_sheet(action_id, "update:new", "ou-en-est-on");
    let work = async {
        require_update_manager(action_id, update_id).await?;
        let state = app_state()?;
        // Its photos go with it, files included.
        for photo_id in
            crate::backend::db::photos::of_update(&state.db, action_id, update_id).await?
        {
            crate::backend::photos::delete_photo(&state, action_id, photo_id).await?;
        }
        if !crate::backend::services::updates::delete(&state.db, action_id, update_id).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(form, work, |_| "#ou-en-est-on".to_owned()).await
}
