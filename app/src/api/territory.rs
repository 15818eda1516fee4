//! Finding what happens near oneself: the pages of a département and of a région, an
//! organisation's page, the agenda, "Près de chez moi" and the home page's map. All public
//! reads; every address that names nothing is `NotFound`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{ActionCard, AgendaEvent, AgendaPage, CardPage, FranceMap, SearchPage};

/// An organisation as a territory's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationLink {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub city: String,
    /// "2 initiatives".
    pub sheets: String,
}

/// What `/territoires/{code}-{nom}` and `/regions/{code}-{nom}` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritoryView {
    /// "Loire-Atlantique (44)", "Pays de la Loire".
    pub name: String,
    /// The page's own address.
    pub path: String,
    /// "departement" or "region": the parameter of `/initiatives` and `/agenda`.
    pub parameter: String,
    pub code: String,
    /// For a département, its région (name, address); for a région, its départements.
    pub around: Vec<(String, String)>,
    pub sheets: SearchPage,
    pub events: Vec<AgendaEvent>,
    pub events_total: i64,
    pub organisations: Vec<OrganisationLink>,
    /// "Suivre ce territoire" and its feeds.
    pub follow: crate::model::FollowBox,
}

/// What a territory address answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TerritoryAnswer {
    Page(Box<TerritoryView>),
    /// The code is right but not the name: the canonical address (already a 301).
    Moved(String),
}

/// A département's page (`departement` true, `address` "44-loire-atlantique") or a
/// région's ("52-pays-de-la-loire"): its published sheets (a page of them), its events
/// to come and its organisations. A known code with another name redirects to the
/// canonical address; an unknown code is `NotFound`.
#[server(endpoint = "territory_page")]
pub async fn territory_page(
    departement: bool,
    address: String,
    #[server(default)] page: i64,
) -> Result<TerritoryAnswer, AppError> {
    use crate::backend::db::{agenda, organisations};
    use crate::backend::services::{self, agenda::PAGE_EVENTS};
    use crate::backend::{cache_hints, services::search, state::app_state};
    use crate::model::{
        departement_name, departement_path, departements_of_region, region_name, region_of,
        region_path, split_territory_address, SearchFilters, DEPARTEMENTS,
    };
    let state = app_state()?;
    let (code, _) = split_territory_address(&address);
    let (name, path, codes, around) = if departement {
        let name = departement_name(code).ok_or(AppError::NotFound)?;
        let region = region_of(code).unwrap_or_default();
        let around = vec![(
            region_name(region).unwrap_or_default().to_owned(),
            region_path(region),
        )];
        (
            format!("{name} ({code})"),
            departement_path(code),
            vec![code.to_owned()],
            around,
        )
    } else {
        let name = region_name(code).ok_or(AppError::NotFound)?;
        let codes: Vec<String> = departements_of_region(code)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let around = DEPARTEMENTS
            .iter()
            .filter(|(_, _, region)| *region == code)
            .map(|(code, name, _)| (format!("{name} ({code})"), departement_path(code)))
            .collect();
        (name.to_owned(), region_path(code), codes, around)
    };
    if path.rsplit('/').next() != Some(address.as_str()) {
        let canonical = crate::model::page_href(&path, page);
        cache_hints::redirect_permanently(&canonical);
        return Ok(TerritoryAnswer::Moved(canonical));
    }
    let filters = SearchFilters {
        departement: departement.then(|| code.to_owned()),
        region: (!departement).then(|| code.to_owned()),
        ..SearchFilters::default()
    };
    let now = chrono::Utc::now();
    let sheets = search::search_page(&state.db, &state.search_facts, "", &filters, page).await?;
    if page > sheets.page_count {
        return Err(AppError::NotFound);
    }
    let scope = agenda::AgendaScope {
        departements: codes.clone(),
        ..Default::default()
    };
    let upcoming = services::agenda::upcoming(&state.db, &scope, now, PAGE_EVENTS, 0).await?;
    let events_total = agenda::count(&state.db, &scope, now).await?;
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    let organisations = organisations::with_sheets_in(&state.db, &codes)
        .await?
        .into_iter()
        .map(organisation_link)
        .collect();
    cache_hints::valid_until(
        [sheets.changes_at, upcoming.changes_at]
            .into_iter()
            .flatten()
            .min(),
    );
    let follow = crate::model::FollowBox::new(
        &if departement {
            crate::model::FollowScope::Departement(code.to_owned())
        } else {
            crate::model::FollowScope::Region(code.to_owned())
        },
        if departement {
            "ce territoire"
        } else {
            "cette région"
        },
        &path,
        &state.public_url,
    );
    Ok(TerritoryAnswer::Page(Box::new(TerritoryView {
        follow,
        name,
        path,
        parameter: if departement { "departement" } else { "region" }.to_owned(),
        code: code.to_owned(),
        around,
        sheets,
        events: upcoming.events,
        events_total,
        organisations,
    })))
}

#[cfg(feature = "ssr")]
fn organisation_link(
    row: crate::backend::db::organisations::OrganisationSummary,
) -> OrganisationLink {
    use crate::model::OrganisationKind;
    OrganisationLink {
        href: format!("/organisations/{}", row.slug),
        name: row.name,
        kind: OrganisationKind::from_code(&row.kind)
            .map(OrganisationKind::label)
            .unwrap_or_default()
            .to_owned(),
        city: row.city,
        sheets: crate::model::initiatives_count(row.sheets),
    }
}

/// What `/organisations/{slug}` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationView {
    pub name: String,
    pub kind: String,
    pub postal_code: String,
    pub city: String,
    pub departement: (String, String),
    pub sheets: CardPage,
    pub events: Vec<AgendaEvent>,
    /// "Suivre cette organisation" and its feeds.
    pub follow: crate::model::FollowBox,
    /// No published sheet yet: only administrators see the page, with a banner.
    pub unpublished: bool,
}

/// An organisation's page: kind, address, its published sheets and its events to come.
#[server(endpoint = "organisation_page")]
pub async fn organisation_page(
    slug: String,
    #[server(default)] page: i64,
) -> Result<OrganisationView, AppError> {
    use crate::backend::db::{actions, agenda, organisations};
    use crate::backend::services::{self, agenda::PAGE_EVENTS};
    use crate::backend::{cache_hints, state::app_state};
    use crate::model::{departement_name, departement_path};
    let state = app_state()?;
    let organisation = organisations::by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    // Without a published sheet an organisation is not public yet (nor can it be found
    // by its address): its own people (the référents of its sheets) and administrators
    // see it, with a banner.
    let unpublished = !organisations::has_published_sheet(&state.db, organisation.id).await?;
    if unpublished {
        let Some(user) = crate::backend::auth::current_user() else {
            return Err(AppError::NotFound);
        };
        let own = organisations::sheet_ids(&state.db, organisation.id).await?;
        if !user.is_admin && !own.iter().any(|id| user.referent_of.contains(id)) {
            return Err(AppError::NotFound);
        }
    }
    let now = chrono::Utc::now();
    let sheets = actions::list_published_cards(&state.db, Some(organisation.id), page).await?;
    if page > sheets.page_count {
        return Err(AppError::NotFound);
    }
    let scope = agenda::AgendaScope {
        organisation_id: Some(organisation.id),
        ..Default::default()
    };
    let upcoming = services::agenda::upcoming(&state.db, &scope, now, PAGE_EVENTS, 0).await?;
    cache_hints::valid_until(upcoming.changes_at);
    let departement = (
        format!(
            "{} ({})",
            departement_name(&organisation.departement).unwrap_or_default(),
            organisation.departement
        ),
        departement_path(&organisation.departement),
    );
    let follow = crate::model::FollowBox::new(
        &crate::model::FollowScope::Organisation(organisation.id),
        "cette organisation",
        &format!("/organisations/{}", organisation.slug),
        &state.public_url,
    );
    Ok(OrganisationView {
        follow,
        name: organisation.name,
        kind: organisation.kind.label().to_owned(),
        postal_code: organisation.postal_code,
        city: organisation.city,
        departement,
        sheets,
        events: upcoming.events,
        unpublished,
    })
}

/// A page of `/agenda`: every event to come, soonest first, narrowed by the address's
/// `departement`, `region`, `theme` and `places` (the values `/initiatives` takes). A value
/// that names nothing is `NotFound`.
#[server(endpoint = "agenda")]
pub async fn get_agenda(
    #[server(default)] departement: String,
    #[server(default)] region: String,
    #[server(default)] theme: String,
    #[server(default)] places: String,
    #[server(default)] page: i64,
) -> Result<AgendaPage, AppError> {
    use crate::backend::db::agenda;
    use crate::backend::db::themes::{by_slug, SlugLookup};
    use crate::backend::{cache_hints, services, state::app_state};
    use crate::model::{departements_of_region, SearchFilters, AGENDA_PER_PAGE};
    let state = app_state()?;
    let mut filters = SearchFilters::parse(&departement, &region, "", "", "", &places, &theme)
        .map_err(|_| AppError::NotFound)?;
    let mut scope = agenda::AgendaScope {
        places_only: filters.places,
        ..Default::default()
    };
    if let Some(slug) = filters.theme.clone() {
        match by_slug(&state.db, &slug).await? {
            SlugLookup::Found(theme) => scope.theme_id = Some(theme.id),
            SlugLookup::Moved(current) => {
                // A renamed or merged theme: its events are now under its current slug.
                filters.theme = Some(current.clone());
                cache_hints::redirect_permanently(&filters.agenda_address(page));
                match by_slug(&state.db, &current).await? {
                    SlugLookup::Found(theme) => scope.theme_id = Some(theme.id),
                    _ => return Err(AppError::NotFound),
                }
            }
            SlugLookup::Missing => return Err(AppError::NotFound),
        }
    }
    // Both given: the département, if it lies in the région; otherwise nothing matches.
    let contradictory = match (&filters.departement, &filters.region) {
        (Some(code), Some(region)) => !departements_of_region(region).contains(&code.as_str()),
        _ => false,
    };
    scope.departements = match (&filters.departement, &filters.region) {
        (Some(code), _) => vec![code.clone()],
        (None, Some(region)) => departements_of_region(region)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        (None, None) => Vec::new(),
    };
    let now = chrono::Utc::now();
    let total = if contradictory {
        0
    } else {
        agenda::count(&state.db, &scope, now).await?
    };
    let page_count = ((total + AGENDA_PER_PAGE - 1) / AGENDA_PER_PAGE).max(1);
    // A page past the last one does not exist (and is not kept by the page cache).
    if page > page_count {
        return Err(AppError::NotFound);
    }
    let page = page.max(1);
    let events = if contradictory {
        Vec::new()
    } else {
        let offset = (page - 1) * AGENDA_PER_PAGE;
        services::agenda::upcoming(&state.db, &scope, now, AGENDA_PER_PAGE, offset)
            .await?
            .events
    };
    // Every page moves when the first event of the whole list starts or, with "places
    // disponibles", when any sign-up deadline of the list passes.
    if !contradictory {
        cache_hints::valid_until(agenda::next_change(&state.db, &scope, now).await?);
    }
    Ok(AgendaPage {
        events,
        total,
        page,
        page_count,
        filters,
    })
}

/// One group of "Près de chez moi": a département, its events and sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearbyGroup {
    /// "Dans votre département" or "Dans un département voisin".
    pub label: String,
    pub name: String,
    pub path: String,
    pub events: Vec<AgendaEvent>,
    pub sheets: Vec<crate::model::SearchResult>,
    pub sheets_total: i64,
}

/// What "Près de chez moi" answers for a postal code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearbyView {
    pub postal_code: String,
    /// The communes of that postal code, by name.
    pub communes: Vec<String>,
    /// The commune's département first, then its neighbours that have something.
    pub groups: Vec<NearbyGroup>,
    /// Neighbours with nothing published yet, by name.
    pub quiet: Vec<String>,
}

/// Events and sheets listed per group of "Près de chez moi".
#[cfg(feature = "ssr")]
const NEARBY_ITEMS: i64 = 5;

/// "Près de chez moi": the initiatives and events of a postal code's département, then of
/// the départements bordering it. Nothing is located from the person's address or device:
/// only the postal code typed. An empty code gives no group; a malformed or unknown one is
/// refused with a French message.
#[server(endpoint = "near_me")]
pub async fn near_me(
    #[server(default)] code_postal: String,
) -> Result<Option<NearbyView>, AppError> {
    use crate::backend::db::agenda;
    use crate::backend::{cache_hints, services, services::search, state::app_state};
    use crate::model::{departement_name, departement_path, SearchFilters};
    use crate::texts::PlaceProblem;
    let postal_code = code_postal.trim().to_owned();
    if postal_code.is_empty() {
        return Ok(None);
    }
    let state = app_state()?;
    if postal_code.len() != 5 || !postal_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::problem(
            "code_postal",
            PlaceProblem::PostalCodeMalformed,
        ));
    }
    let communes = state.territory.communes(&postal_code);
    if communes.is_empty() {
        return Err(AppError::problem(
            "code_postal",
            PlaceProblem::PostalCodeUnknown { postal_code },
        ));
    }
    // A postal code may serve communes of two départements: both come first.
    let mut own: Vec<String> = Vec::new();
    for commune in communes {
        if !own.contains(&commune.departement) {
            own.push(commune.departement.clone());
        }
    }
    let mut neighbours: Vec<String> = Vec::new();
    for code in &own {
        for neighbour in state.territory.neighbours(code) {
            if !own.contains(neighbour) && !neighbours.contains(neighbour) {
                neighbours.push(neighbour.clone());
            }
        }
    }
    let now = chrono::Utc::now();
    let mut groups = Vec::new();
    let mut quiet = Vec::new();
    let mut expiry = Vec::new();
    for (code, is_own) in own
        .iter()
        .map(|code| (code, true))
        .chain(neighbours.iter().map(|code| (code, false)))
    {
        let filters = SearchFilters {
            departement: Some(code.clone()),
            ..SearchFilters::default()
        };
        let sheets = search::search_page(&state.db, &state.search_facts, "", &filters, 1).await?;
        let scope = agenda::AgendaScope {
            departements: vec![code.clone()],
            ..Default::default()
        };
        let upcoming = services::agenda::upcoming(&state.db, &scope, now, NEARBY_ITEMS, 0).await?;
        expiry.extend(sheets.changes_at);
        expiry.extend(upcoming.changes_at);
        let name = departement_name(code).unwrap_or_default();
        if !is_own && sheets.total == 0 && upcoming.events.is_empty() {
            quiet.push(format!("{name} ({code})"));
            continue;
        }
        groups.push(NearbyGroup {
            label: if is_own {
                "Dans votre département"
            } else {
                "Dans un département voisin"
            }
            .to_owned(),
            name: format!("{name} ({code})"),
            path: departement_path(code),
            events: upcoming.events,
            sheets_total: sheets.total,
            sheets: sheets
                .results
                .into_iter()
                .take(NEARBY_ITEMS as usize)
                .collect(),
        });
    }
    cache_hints::valid_until(expiry.into_iter().min());
    Ok(Some(NearbyView {
        postal_code,
        communes: communes.iter().map(|c| c.name.clone()).collect(),
        groups,
        quiet,
    }))
}

/// The home page: the map of France, the next events and the latest sheets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontDoor {
    pub map: FranceMap,
    pub events: Vec<AgendaEvent>,
    pub latest: Vec<ActionCard>,
    /// Every published sheet.
    pub total: i64,
}

/// Events and sheets on the home page.
#[cfg(feature = "ssr")]
const FRONT_DOOR_ITEMS: i64 = 6;

/// What the home page shows.
#[server(endpoint = "front_door")]
pub async fn get_front_door() -> Result<FrontDoor, AppError> {
    use crate::backend::db::actions;
    use crate::backend::{cache_hints, services, state::app_state};
    let state = app_state()?;
    let now = chrono::Utc::now();
    let map =
        services::agenda::france_map(&state.db, &state.search_facts, &state.territory).await?;
    let upcoming =
        services::agenda::upcoming(&state.db, &Default::default(), now, FRONT_DOOR_ITEMS, 0)
            .await?;
    cache_hints::valid_until(upcoming.changes_at);
    let mut latest = actions::list_published_cards(&state.db, None, 1)
        .await?
        .cards;
    latest.truncate(FRONT_DOOR_ITEMS as usize);
    Ok(FrontDoor {
        total: map.departements.iter().map(|d| d.count).sum(),
        map,
        events: upcoming.events,
        latest,
    })
}
