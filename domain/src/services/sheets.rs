//! Sheets: creating and publishing them, inline edits of their parts and sections,
//! restoring from the history, and their organisations.

use super::commit_if;
use crate::db::actions::{self, NewAction, NewGalleryImage};
use crate::db::edits::{self, RestoreOutcome, SaveOutcome};
use crate::db::organisations::{self, NewOrganisation};
use crate::db::Db;
use crate::error::DomainError;
use crate::model::SheetPart;

/// Creates a sheet with its themes and sections; fails (unique violation) when the slug
/// is taken.
pub async fn create(db: &Db, new: &NewAction) -> Result<i64, DomainError> {
    let mut tx = db.begin_write().await?;
    let id = actions::create(&mut tx, new).await?;
    tx.commit().await?;
    Ok(id)
}

/// Appends an image (already in the storage) at the end of a sheet's gallery.
pub async fn add_gallery_image(
    db: &Db,
    action_id: i64,
    image: &NewGalleryImage,
) -> Result<i64, DomainError> {
    let mut tx = db.begin_write().await?;
    let id = actions::add_gallery_image(&mut tx, action_id, image).await?;
    tx.commit().await?;
    Ok(id)
}

/// Publishes or unpublishes a sheet; false when no sheet has this id.
pub async fn set_published(db: &Db, action_id: i64, published: bool) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = actions::set_published(&mut tx, action_id, published).await?;
    commit_if(tx, done).await?;
    Ok(done)
}

/// Why a sheet's OpenGraph image could not be made.
#[derive(Debug, thiserror::Error)]
pub enum OgImageFailure {
    #[error(transparent)]
    Database(#[from] DomainError),
    #[error(transparent)]
    Render(#[from] crate::og_image::OgImageError),
}

/// The OpenGraph image (JPEG, 1200×630) of a published sheet: its cover photo (or first
/// public photo) with its title, organisation and city; `None` when no published sheet has
/// this slug. A cover that cannot be read is left out (logged), not an error.
pub async fn og_image(
    db: &Db,
    storage: &crate::storage::Storage,
    slug: &str,
) -> Result<Option<Vec<u8>>, OgImageFailure> {
    let Some(sheet) = actions::find_published_sheet(db, slug).await? else {
        return Ok(None);
    };
    let public: Vec<_> = sheet.gallery.iter().filter(|i| !i.alt.is_empty()).collect();
    let cover = public
        .iter()
        .find(|image| image.is_cover)
        .or(public.first())
        .map(|image| {
            image
                .medium_url
                .clone()
                .unwrap_or_else(|| image.url.clone())
        });
    let cover = match cover
        .as_deref()
        .and_then(|url| url.strip_prefix(crate::model::MEDIA_URL_PREFIX))
    {
        Some(key) => match storage.get(key).await {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::warn!(%error, "cannot read a cover photo for its OpenGraph image");
                None
            }
        },
        None => None,
    };
    let (title, organisation, city) = (sheet.title, sheet.organisation_name, sheet.city);
    let image = tokio::task::spawn_blocking(move || {
        crate::og_image::render(
            cover.as_deref(),
            crate::texts::PLATFORM_NAME,
            &title,
            &organisation,
            &city,
        )
    })
    .await
    .map_err(|error| {
        crate::og_image::OgImageError::Font(format!("the drawing task failed: {error}"))
    })??;
    Ok(Some(image))
}

/// Counts a visit that came from paper (a QR code's `?src=`); false when no published
/// sheet has this slug.
pub async fn count_paper_visit(
    db: &Db,
    slug: &str,
    source: crate::model::PaperSource,
) -> Result<bool, DomainError> {
    crate::db::visits::count(db, slug, source).await
}

/// Saves a part if nobody changed it meanwhile (see [`edits::save_part`]).
pub async fn save_part(
    db: &Db,
    action_id: i64,
    part: SheetPart,
    value: &str,
    previous: &str,
    account_id: i64,
) -> Result<SaveOutcome, DomainError> {
    let mut tx = db.begin_write().await?;
    let outcome = edits::save_part(&mut tx, action_id, part, value, previous, account_id).await?;
    commit_if(tx, matches!(outcome, SaveOutcome::Saved(_))).await?;
    Ok(outcome)
}

/// Adds a question at the end of a sheet; `None` when the action does not exist.
pub async fn add_section(
    db: &Db,
    action_id: i64,
    question: &str,
    account_id: i64,
) -> Result<Option<i64>, DomainError> {
    let mut tx = db.begin_write().await?;
    let id = edits::add_section(&mut tx, action_id, question, account_id).await?;
    commit_if(tx, id.is_some()).await?;
    Ok(id)
}

/// Removes a section; false when it is not one of the action's.
pub async fn remove_section(
    db: &Db,
    action_id: i64,
    section_id: i64,
    account_id: i64,
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let removed = edits::remove_section(&mut tx, action_id, section_id, account_id).await?;
    commit_if(tx, removed).await?;
    Ok(removed)
}

/// Moves a section one place up or down; false when it is not one of the action's.
pub async fn move_section(
    db: &Db,
    action_id: i64,
    section_id: i64,
    up: bool,
    account_id: i64,
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let moved = edits::move_section(&mut tx, action_id, section_id, up, account_id).await?;
    commit_if(tx, moved).await?;
    Ok(moved)
}

/// Puts back the text a part had before a recorded change.
pub async fn restore(
    db: &Db,
    action_id: i64,
    change_id: i64,
    account_id: i64,
) -> Result<RestoreOutcome, DomainError> {
    let mut tx = db.begin_write().await?;
    let outcome = edits::restore(&mut tx, action_id, change_id, account_id).await?;
    commit_if(tx, outcome == RestoreOutcome::Restored).await?;
    Ok(outcome)
}

/// Changes an organisation (its sheets show it); false when it does not exist.
pub async fn update_organisation(
    db: &Db,
    id: i64,
    new: &NewOrganisation,
) -> Result<bool, DomainError> {
    let mut tx = db.begin_write().await?;
    let updated = organisations::update(&mut tx, id, new).await?;
    commit_if(tx, updated).await?;
    Ok(updated)
}
