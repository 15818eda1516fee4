//! The search use case: a page of results for what someone typed and the filters of an
//! address, with the filters' counts and "Vouliez-vous dire… ?" from the words actually
//! indexed. The text analysis (tokens, weights, excerpts, typos) is pure and lives in
//! [`crate::search`]; the SQL in [`crate::db::search`]; the facts every
//! filter reads are kept in memory by [`facts`].

pub mod facts;

use crate::error::DomainError;
use std::collections::HashMap;

use crate::search::{excerpt, one_typo_apart, tokens};
use facts::{FactsCache, SheetFacts};

/// A page of results for what someone typed and the filters of the address: the matching
/// sheets (or, with nothing typed, every published sheet, newest first) ranked by the sum
/// of their tokens' weights, then the most recently updated, then the newest; each with its
/// excerpt and next event; the filters with their counts; and a suggestion when a word of
/// five letters or more looks like a typo of an indexed word. The facts the filters read
/// come from `facts`, current as of the last commit.
pub async fn search_page(
    db: &crate::db::Db,
    facts: &FactsCache,
    query: &str,
    filters: &crate::model::SearchFilters,
    page: i64,
) -> Result<crate::model::SearchPage, DomainError> {
    use crate::db::search as repo;
    use crate::model::{ActionStatus, NextEvent, SearchPage, SearchResult, RESULTS_PER_PAGE};

    let query = query.trim().chars().take(200).collect::<String>();
    let tokens = tokens::query_tokens(&query);
    let page = page.max(1);
    if !query.is_empty() && tokens.is_empty() {
        // Only words too common to search for ("de", "la"…): nothing to look for.
        return Ok(SearchPage {
            query,
            page,
            page_count: 1,
            ..SearchPage::default()
        });
    }
    let now = chrono::Utc::now();
    let themes = crate::db::themes::names(db).await?;
    // A theme of the address that is not in the list (the API checks it) matches nothing.
    let theme = filters.theme.as_ref().map(|slug| {
        themes
            .iter()
            .find(|(_, candidate, _)| candidate == slug)
            .map_or(-1, |(id, _, _)| *id)
    });
    let narrowing = Narrowing {
        filters,
        theme,
        now: now.timestamp(),
    };
    let snapshot = facts.current(db).await?;
    // With words: the sheets holding them all, scored; without: every indexed sheet.
    let rows: Vec<Candidate<'_>> = if tokens.is_empty() {
        snapshot
            .sheets
            .iter()
            .map(|sheet| Candidate { score: 0, sheet })
            .collect()
    } else {
        repo::scores(db, &tokens)
            .await?
            .into_iter()
            // A sheet indexed after the facts were read waits for the next search.
            .filter_map(|(id, score)| snapshot.get(id).map(|sheet| Candidate { score, sheet }))
            .collect()
    };
    let mut matched: Vec<&Candidate<'_>> = rows
        .iter()
        .filter(|row| narrowing.keeps(row.sheet, None))
        .collect();
    matched.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.sheet.updated.cmp(&a.sheet.updated))
            .then_with(|| b.sheet.id.cmp(&a.sheet.id))
    });
    let total = matched.len() as i64;
    let ids: Vec<i64> = matched
        .iter()
        .skip(((page - 1) * RESULTS_PER_PAGE) as usize)
        .take(RESULTS_PER_PAGE as usize)
        .map(|row| row.sheet.id)
        .collect();
    let (facets, active) = facets(&query, &narrowing, &themes, &rows);
    // Counts and filters change when any candidate's event passes; a result's next event
    // when it starts.
    let facts_change = rows
        .iter()
        .filter_map(|row| row.sheet.changes_at(narrowing.now))
        .min();
    let (rows, answers, next_events) = repo::result_rows(db, &ids, now).await?;
    let changes_at = next_events
        .values()
        .map(|(_, starts_at)| starts_at.timestamp())
        .chain(facts_change)
        .min();
    let mut results = Vec::with_capacity(ids.len());
    for id in &ids {
        let Some(row) = rows.iter().find(|row| row.id == *id) else {
            continue;
        };
        let mut texts: Vec<&str> = vec![row.summary.as_str(), row.quote.as_str()];
        if let Some(answers) = answers.get(id) {
            texts.extend(answers.iter().map(String::as_str));
        }
        results.push(SearchResult {
            slug: row.slug.clone(),
            title: row.title.clone(),
            organisation_name: row.organisation_name.clone(),
            city: row.city.clone(),
            status: ActionStatus::from_code(&row.status).unwrap_or(ActionStatus::Preparing),
            next_event: next_events.get(id).map(|(title, starts_at)| NextEvent {
                title: title.clone(),
                when: crate::model::french_moment(*starts_at),
            }),
            excerpt: excerpt(&texts, &tokens),
        });
    }
    let suggestion = if total == 0 || results.len() < 3 {
        suggest(db, &query)
            .await?
            .map(|(corrected, word)| (filters.address(&corrected, 1), word))
    } else {
        None
    };
    Ok(SearchPage {
        query,
        results,
        total,
        page,
        page_count: ((total + RESULTS_PER_PAGE - 1) / RESULTS_PER_PAGE).max(1),
        suggestion,
        filters: filters.clone(),
        facets,
        active,
        changes_at,
    })
}

/// Words of a search looked at for a correction, at most.
pub const SUGGESTED_WORDS: usize = 8;

/// Words of five letters or more that no sheet holds, replaced by the indexed word one
/// typo away held by the most sheets: the corrected query and the word, as written. Only
/// the first [`SUGGESTED_WORDS`] words are looked at.
async fn suggest(db: &crate::db::Db, query: &str) -> Result<Option<(String, String)>, DomainError> {
    use crate::db::search as repo;
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut corrected: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    let mut shown = None;
    // The first words only (a long misspelt search costs no more than a short one), and
    // which of them the index knows in one grouped count.
    let candidates: Vec<(usize, String, i64, String)> = words
        .iter()
        .take(SUGGESTED_WORDS)
        .enumerate()
        .filter_map(|(index, word)| {
            let folded = tokens::words(word).next()?;
            let letters = folded.chars().count() as i64;
            (letters >= 5).then(|| {
                let stem = tokens::stem(&folded);
                (index, folded, letters, stem)
            })
        })
        .collect();
    let stems: Vec<String> = candidates.iter().map(|(.., stem)| stem.clone()).collect();
    let known = if stems.is_empty() {
        Default::default()
    } else {
        repo::sheets_per_term(db, &stems).await?
    };
    for (index, folded, letters, stem) in candidates {
        if known.contains_key(&stem) {
            continue;
        }
        let initial: String = folded.chars().take(1).collect();
        let near: Vec<(String, String, String)> = repo::words_near(db, &initial, letters)
            .await?
            .into_iter()
            .filter(|(candidate, _, _)| one_typo_apart(&folded, candidate))
            .collect();
        let stems: Vec<String> = near.iter().map(|(_, _, stem)| stem.clone()).collect();
        let held = repo::sheets_per_term(db, &stems).await?;
        // Most sheets first; then the longest beginning in common with what was typed
        // (people miss letters near the end more than they swap the first ones); then
        // alphabetical, so every server gives the same answer.
        let common = |candidate: &str| {
            candidate
                .chars()
                .zip(folded.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let best = near
            .into_iter()
            .filter_map(|(candidate, display, stem)| {
                held.get(&stem)
                    .map(|n| (*n, common(&candidate), candidate, display))
            })
            .max_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| a.1.cmp(&b.1))
                    .then_with(|| b.2.cmp(&a.2))
            });
        if let Some((_, _, _, display)) = best {
            corrected[index] = display.clone();
            shown.get_or_insert(display);
        }
    }
    Ok(shown.map(|word| (corrected.join(" "), word)))
}

/// The kinds of filter, for counting each with the others applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dimension {
    Departement,
    Region,
    Kind,
    Status,
    Upcoming,
    Places,
    Theme,
}

/// A sheet that matched the words of a query (every indexed sheet when there are none).
struct Candidate<'a> {
    /// The sum of the weights of the query's tokens in the sheet.
    score: i64,
    sheet: &'a SheetFacts,
}

/// The filters of the address, with the theme's id and the time of the search.
struct Narrowing<'a> {
    filters: &'a crate::model::SearchFilters,
    theme: Option<i64>,
    /// Seconds since 1970: "an event to come" and "places left" compare with it.
    now: i64,
}

impl Narrowing<'_> {
    /// Whether a sheet passes every filter but `except` (each checked only when set).
    fn keeps(&self, row: &SheetFacts, except: Option<Dimension>) -> bool {
        let filters = self.filters;
        let checks = |dimension: Dimension| Some(dimension) != except;
        (!checks(Dimension::Departement)
            || filters
                .departement
                .as_ref()
                .is_none_or(|d| *d == row.departement))
            && (!checks(Dimension::Region)
                || filters
                    .region
                    .as_deref()
                    .is_none_or(|r| Some(r) == row.region))
            && (!checks(Dimension::Kind) || filters.kind.is_none_or(|k| k.code() == row.kind))
            && (!checks(Dimension::Status) || filters.status.is_none_or(|s| s.code() == row.status))
            && (!checks(Dimension::Upcoming) || !filters.upcoming || row.upcoming(self.now))
            && (!checks(Dimension::Places) || !filters.places || row.open(self.now))
            && (!checks(Dimension::Theme) || self.theme.is_none_or(|id| row.themes.contains(&id)))
    }
}

/// The filters with their counts (each counted with the other active filters) and the
/// active filters with the address that removes each.
fn facets(
    query: &str,
    narrowing: &Narrowing<'_>,
    themes: &[(i64, String, String)],
    rows: &[Candidate<'_>],
) -> (Vec<crate::model::Facet>, Vec<crate::model::ActiveFilter>) {
    let filters = narrowing.filters;
    use crate::model::{
        departement_name, region_name, ActionStatus, ActiveFilter, Facet, FacetOption,
        OrganisationKind,
    };
    use std::collections::BTreeMap;
    let sheets = || rows.iter().map(|row| row.sheet);
    let count_by = |dimension: Dimension, value: &dyn Fn(&SheetFacts) -> Option<&str>| {
        let mut counts: HashMap<&str, i64> = HashMap::new();
        for row in sheets().filter(|row| narrowing.keeps(row, Some(dimension))) {
            if let Some(value) = value(row) {
                *counts.entry(value).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|(value, count)| (value.to_owned(), count))
            .collect::<BTreeMap<String, i64>>()
    };
    let option = |label: String, count: i64, active: bool, toggled: crate::model::SearchFilters| {
        FacetOption {
            label,
            count,
            href: toggled.address(query, 1),
            active,
        }
    };
    let mut out = Vec::new();

    // Themes: a sheet counts for each of its themes.
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    for row in sheets().filter(|row| narrowing.keeps(row, Some(Dimension::Theme))) {
        for id in &row.themes {
            *counts.entry(*id).or_default() += 1;
        }
    }
    let mut options: Vec<FacetOption> = themes
        .iter()
        .filter_map(|(id, slug, name)| {
            let active = filters.theme.as_deref() == Some(slug.as_str());
            let count = counts.get(id).copied().or(active.then_some(0))?;
            let mut toggled = filters.clone();
            toggled.theme = (!active).then(|| slug.clone());
            Some(option(name.clone(), count, active, toggled))
        })
        .collect();
    options.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out.push(Facet {
        title: "Thème".to_owned(),
        options,
    });

    // An active value stays listed (with its count, maybe 0) so that it can come off.
    let mut counts = count_by(Dimension::Departement, &|row| {
        Some(row.departement.as_str())
    });
    if let Some(code) = &filters.departement {
        counts.entry(code.clone()).or_insert(0);
    }
    let mut options: Vec<FacetOption> = counts
        .into_iter()
        .map(|(code, count)| {
            let active = filters.departement.as_deref() == Some(code.as_str());
            let mut toggled = filters.clone();
            toggled.departement = (!active).then(|| code.clone());
            let name = departement_name(&code).unwrap_or("?");
            option(format!("{name} ({code})"), count, active, toggled)
        })
        .collect();
    options.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out.push(Facet {
        title: "Département".to_owned(),
        options,
    });

    let mut counts = count_by(Dimension::Region, &|row| row.region);
    if let Some(code) = &filters.region {
        counts.entry(code.clone()).or_insert(0);
    }
    let mut options: Vec<FacetOption> = counts
        .into_iter()
        .map(|(code, count)| {
            let active = filters.region.as_deref() == Some(code.as_str());
            let mut toggled = filters.clone();
            toggled.region = (!active).then(|| code.clone());
            option(
                region_name(&code).unwrap_or("?").to_owned(),
                count,
                active,
                toggled,
            )
        })
        .collect();
    options.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out.push(Facet {
        title: "Région".to_owned(),
        options,
    });

    let counts = count_by(Dimension::Kind, &|row| Some(row.kind.as_str()));
    let options = OrganisationKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let active = filters.kind == Some(kind);
            let count = counts.get(kind.code()).copied().or(active.then_some(0))?;
            let mut toggled = filters.clone();
            toggled.kind = (!active).then_some(kind);
            Some(option(kind.label().to_owned(), count, active, toggled))
        })
        .collect();
    out.push(Facet {
        title: "Type de structure".to_owned(),
        options,
    });

    let counts = count_by(Dimension::Status, &|row| Some(row.status.as_str()));
    let options = ActionStatus::ALL
        .into_iter()
        .filter_map(|status| {
            let active = filters.status == Some(status);
            let count = counts.get(status.code()).copied().or(active.then_some(0))?;
            let mut toggled = filters.clone();
            toggled.status = (!active).then_some(status);
            Some(option(status.label().to_owned(), count, active, toggled))
        })
        .collect();
    out.push(Facet {
        title: "Statut".to_owned(),
        options,
    });

    let now = narrowing.now;
    let upcoming = sheets()
        .filter(|row| narrowing.keeps(row, Some(Dimension::Upcoming)) && row.upcoming(now))
        .count() as i64;
    let places = sheets()
        .filter(|row| narrowing.keeps(row, Some(Dimension::Places)) && row.open(now))
        .count() as i64;
    let mut options = Vec::new();
    if upcoming > 0 || filters.upcoming {
        let mut toggled = filters.clone();
        toggled.upcoming = !filters.upcoming;
        options.push(option(
            "Avec un événement à venir".to_owned(),
            upcoming,
            filters.upcoming,
            toggled,
        ));
    }
    if places > 0 || filters.places {
        let mut toggled = filters.clone();
        toggled.places = !filters.places;
        options.push(option(
            "Places disponibles".to_owned(),
            places,
            filters.places,
            toggled,
        ));
    }
    out.push(Facet {
        title: "Rendez-vous".to_owned(),
        options,
    });
    out.retain(|facet| !facet.options.is_empty());

    let active = out
        .iter()
        .flat_map(|facet| facet.options.iter())
        .filter(|option| option.active)
        .map(|option| ActiveFilter {
            label: option.label.clone(),
            remove_href: option.href.clone(),
        })
        .collect();
    (out, active)
}
