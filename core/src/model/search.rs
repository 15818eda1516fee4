//! What the search page shows: results with their excerpt, the pages, the suggestion.

use serde::{Deserialize, Serialize};

use super::{departement_name, region_name, ActionStatus, OrganisationKind};

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
    /// "Vouliez-vous dire « … » ?": the address of the corrected search, and the word.
    pub suggestion: Option<(String, String)>,
    /// The filters of the address.
    pub filters: SearchFilters,
    /// Each filter's values with their counts.
    pub facets: Vec<Facet>,
    /// The filters applied, each with the address without it.
    pub active: Vec<ActiveFilter>,
    /// When what this page shows changes by itself (an event starts, sign-ups close), in
    /// seconds since 1970: the rendered-page cache does not serve it beyond.
    pub changes_at: Option<i64>,
}

/// What narrows a search, as the address says it: `departement=44`, `region=52`,
/// `type=social_centre`, `statut=in_progress`, `evenement=1` (an event to come),
/// `places=1` (places left at an event open to sign-ups), `theme=democratie` (a theme's
/// slug; whether it names a theme is for the server to say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilters {
    pub departement: Option<String>,
    pub region: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub status: Option<ActionStatus>,
    pub upcoming: bool,
    pub places: bool,
    pub theme: Option<String>,
}

/// A filter value in the address that names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFilter;

impl SearchFilters {
    /// The one address of an agenda page with these filters: `/agenda?departement=44&
    /// region=52&theme=ecologie&places=1&page=2`, in that order, blank ones left out (the
    /// page cache keeps pages under it and redirects other spellings to it).
    pub fn agenda_address(&self, page: i64) -> String {
        let mut parameters = Vec::new();
        if let Some(code) = &self.departement {
            parameters.push(format!("departement={code}"));
        }
        if let Some(code) = &self.region {
            parameters.push(format!("region={code}"));
        }
        if let Some(slug) = &self.theme {
            parameters.push(format!("theme={slug}"));
        }
        if self.places {
            parameters.push("places=1".to_owned());
        }
        if page > 1 {
            parameters.push(format!("page={page}"));
        }
        if parameters.is_empty() {
            "/agenda".to_owned()
        } else {
            format!("/agenda?{}", parameters.join("&"))
        }
    }

    /// Reads the address's values (blank ones count as absent); an unknown département,
    /// région, type or status is refused.
    pub fn parse(
        departement: &str,
        region: &str,
        kind: &str,
        status: &str,
        upcoming: &str,
        places: &str,
        theme: &str,
    ) -> Result<Self, UnknownFilter> {
        let theme = theme.trim();
        if theme.len() > 80
            || !theme
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(UnknownFilter);
        }
        let departement = departement.trim().to_uppercase();
        let region = region.trim();
        let kind = kind.trim();
        let status = status.trim();
        Ok(SearchFilters {
            departement: match departement.as_str() {
                "" => None,
                code => Some(
                    departement_name(code)
                        .map(|_| code.to_owned())
                        .ok_or(UnknownFilter)?,
                ),
            },
            region: match region {
                "" => None,
                code => Some(
                    region_name(code)
                        .map(|_| code.to_owned())
                        .ok_or(UnknownFilter)?,
                ),
            },
            kind: match kind {
                "" => None,
                code => Some(OrganisationKind::from_code(code).ok_or(UnknownFilter)?),
            },
            status: match status {
                "" => None,
                code => Some(ActionStatus::from_code(code).ok_or(UnknownFilter)?),
            },
            upcoming: matches!(upcoming.trim(), "1" | "on" | "oui"),
            places: matches!(places.trim(), "1" | "on" | "oui"),
            theme: (!theme.is_empty()).then(|| theme.to_owned()),
        })
    }

    /// The address of a results page: the parameters in one canonical order (alphabetical,
    /// `page` last and only past the first), so that one search has one address.
    pub fn address(&self, query: &str, page: i64) -> String {
        let (before, after) = self.address_around_text(page);
        address_with_text(&before, query, &after)
    }

    /// The parameters of [`Self::address`] that come before the searched text and those
    /// that come after it (encoded, joined by `&`): with them the live-search island
    /// writes the address of any text without knowing the filters.
    pub fn address_around_text(&self, page: i64) -> (String, String) {
        let mut before: Vec<(&str, String)> = Vec::new();
        if let Some(code) = &self.departement {
            before.push(("departement", code.clone()));
        }
        if self.upcoming {
            before.push(("evenement", "1".to_owned()));
        }
        if self.places {
            before.push(("places", "1".to_owned()));
        }
        let mut after: Vec<(&str, String)> = Vec::new();
        if let Some(code) = &self.region {
            after.push(("region", code.clone()));
        }
        if let Some(status) = self.status {
            after.push(("statut", status.code().to_owned()));
        }
        if let Some(slug) = &self.theme {
            after.push(("theme", slug.clone()));
        }
        if let Some(kind) = self.kind {
            after.push(("type", kind.code().to_owned()));
        }
        if page > 1 {
            after.push(("page", page.to_string()));
        }
        let join = |pairs: Vec<(&str, String)>| {
            pairs
                .into_iter()
                .map(|(key, value)| format!("{key}={}", encode_query_value(&value)))
                .collect::<Vec<_>>()
                .join("&")
        };
        (join(before), join(after))
    }
}

/// The address of a results page from the halves of [`SearchFilters::address_around_text`]
/// and the searched text (trimmed; left out when empty).
pub fn address_with_text(before: &str, query: &str, after: &str) -> String {
    let query = query.trim();
    let text = (!query.is_empty()).then(|| format!("q={}", encode_query_value(query)));
    let parts: Vec<&str> = [Some(before), text.as_deref(), Some(after)]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        "/initiatives".to_owned()
    } else {
        format!("/initiatives?{}", parts.join("&"))
    }
}

/// Percent-encodes a query value (spaces as `+`) as browsers encode a GET form's
/// fields, so that the address a form gives is the canonical one.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// One value of a filter: how many sheets it would give with the other active filters,
/// and the address that applies it (or removes it, when active).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetOption {
    pub label: String,
    pub count: i64,
    pub href: String,
    pub active: bool,
}

/// A filter and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    pub title: String,
    pub options: Vec<FacetOption>,
}

/// An active filter and the address without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveFilter {
    pub label: String,
    pub remove_href: String,
}

/// The address of page `page` of `base` (an address without `page`).
pub fn page_href(base: &str, page: i64) -> String {
    if page <= 1 {
        base.to_owned()
    } else if base.contains('?') {
        format!("{base}&page={page}")
    } else {
        format!("{base}?page={page}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_search_has_one_address_and_unknown_values_are_refused() {
        let filters = SearchFilters::parse(
            "44",
            "",
            "social_centre",
            "in_progress",
            "1",
            "",
            "lien-social",
        )
        .unwrap();
        assert_eq!(
            filters.address("jardin partagé", 2),
            "/initiatives?departement=44&evenement=1&q=jardin+partag%C3%A9&statut=in_progress&theme=lien-social&type=social_centre&page=2"
        );
        assert_eq!(SearchFilters::default().address("", 1), "/initiatives");
        assert_eq!(
            SearchFilters::parse("2a", "", "", "", "", "", "")
                .unwrap()
                .departement
                .as_deref(),
            Some("2A")
        );
        for bad in [
            ("99", "", "", ""),
            ("", "45", "", ""),
            ("", "", "mairie", ""),
            ("", "", "", "Lien social"),
            ("", "", "", "../admin"),
        ] {
            assert_eq!(
                SearchFilters::parse(bad.0, bad.1, bad.2, "", "", "", bad.3),
                Err(UnknownFilter),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn page_one_has_no_parameter() {
        assert_eq!(page_href("/agenda", 1), "/agenda");
        assert_eq!(page_href("/agenda", 2), "/agenda?page=2");
        assert_eq!(
            page_href("/agenda?departement=44", 3),
            "/agenda?departement=44&page=3"
        );
    }
}
