//! What the search page shows: results with their excerpt, the pages, the suggestion.

use serde::{Deserialize, Serialize};

use super::ActionStatus;

/// A passage of a sheet, in pieces; the marked ones are the words that matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excerpt {
    pub pieces: Vec<(String, bool)>,
}

/// The next event of a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextEvent {
    pub title: String,
    /// Already in French: « samedi 14 mars à 19 h ».
    pub when: String,
}

/// One sheet found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    pub slug: String,
    pub title: String,
    pub organisation_name: String,
    pub city: String,
    pub status: ActionStatus,
    pub next_event: Option<NextEvent>,
    pub excerpt: Excerpt,
}

/// Results per page.
pub const RESULTS_PER_PAGE: i64 = 20;

/// One page of results for a query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    /// What was typed, trimmed.
    pub query: String,
    pub results: Vec<SearchResult>,
    /// How many sheets match in all.
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    /// "Vouliez-vous dire « … » ?": the query with the typo corrected, and the word.
    pub suggestion: Option<(String, String)>,
}
