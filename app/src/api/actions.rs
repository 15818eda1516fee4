//! Reading published sheets: the home page cards and a sheet page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{CardPage, SheetPage};

/// One page of published sheets, newest first.
#[server(endpoint = "list_cards")]
pub async fn list_cards(page: i64) -> Result<CardPage, AppError> {
    use crate::backend::{db::actions, state::app_state};
    let state = app_state()?;
    Ok(actions::list_published_cards(&state.db, page).await?)
}

/// A published sheet and its canonical address; `NotFound` for unknown or unpublished slugs.
#[server(endpoint = "get_sheet")]
pub async fn get_sheet(slug: String) -> Result<SheetPage, AppError> {
    use crate::backend::{db::actions, state::app_state};
    let state = app_state()?;
    let sheet = actions::find_published_sheet(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let canonical_url = format!("{}/actions/{}", state.config.public_url, sheet.slug);
    let image_base = state.config.public_url.clone();
    Ok(SheetPage {
        sheet,
        canonical_url,
        image_base,
    })
}
