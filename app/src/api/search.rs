//! Finding initiatives: one page of results for a query and the filters of the address.
// One argument per parameter of the address (the form posts them by name).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SearchPage;

/// The published sheets matching `q` (accents, case and plurals ignored), narrowed by the
/// filters (theme, département, région, type of organisation, status, an event to come,
/// places left), one page of [`crate::model::RESULTS_PER_PAGE`]. A filter value that names nothing
/// (an unknown département…) is `NotFound`: such an address leads nowhere.
#[server(endpoint = "search_initiatives")]
pub async fn search_initiatives(
    #[server(default)] q: String,
    #[server(default)] departement: String,
    #[server(default)] region: String,
    #[server(default)] kind: String,
    #[server(default)] statut: String,
    #[server(default)] evenement: String,
    #[server(default)] places: String,
    #[server(default)] theme: String,
    #[server(default)] page: i64,
) -> Result<SearchPage, AppError> {
    use crate::backend::{services::search, state::app_state};
    use crate::model::SearchFilters;
    let state = app_state()?;
    use crate::backend::db::themes::{by_slug, SlugLookup};
    let mut filters = SearchFilters::parse(
        &departement,
        &region,
        &kind,
        &statut,
        &evenement,
        &places,
        &theme,
    )
    .map_err(|_| AppError::NotFound)?;
    if let Some(slug) = filters.theme.clone() {
        match by_slug(&state.db, &slug).await? {
            SlugLookup::Found(_) => {}
            // A renamed or merged theme: its sheets are now under its new slug.
            SlugLookup::Moved(current) => filters.theme = Some(current),
            SlugLookup::Missing => return Err(AppError::NotFound),
        }
    }
    let found = search::search_page(&state.db, &state.search_facts, &q, &filters, page).await?;
    // Past the last page there is nothing: a 404, which the cache does not keep.
    if found.page > found.page_count {
        return Err(AppError::NotFound);
    }
    crate::backend::cache_hints::valid_until(found.changes_at);
    Ok(found)
}
