//! Finding initiatives: one page of results for a query and filters, from the address.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SearchPage;

/// The published sheets matching `q` (accents, case and plurals ignored), narrowed by
/// département and status, one page of [`crate::model::RESULTS_PER_PAGE`].
#[server(endpoint = "search_initiatives")]
pub async fn search_initiatives(
    q: String,
    departement: String,
    statut: String,
    page: i64,
) -> Result<SearchPage, AppError> {
    use crate::backend::db::search::Filters;
    use crate::backend::{search, state::app_state};
    use crate::model::ActionStatus;
    let state = app_state()?;
    let departement = departement.trim().to_uppercase();
    let valid_departement = departement.len() <= 3
        && departement
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'A' || c == 'B');
    let filters = Filters {
        departement: (valid_departement && !departement.is_empty()).then_some(departement),
        status: ActionStatus::from_code(statut.trim()),
    };
    Ok(search::search_page(&state.db, &q, &filters, page).await?)
}
