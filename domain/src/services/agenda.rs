//! Events to come as every list shows them (the agenda, the home page, the pages of a
//! territory, a theme or an organisation, "Près de chez moi"), with the moment such a
//! list changes by itself; and the map of France with each département's count.

use crate::error::DomainError;
use chrono::{DateTime, Utc};

use super::search::facts::FactsCache;
use crate::db::agenda::{self, AgendaRow, AgendaScope};
use crate::db::Db;
use crate::model::{AgendaEvent, FranceMap};
use crate::territory::Territory;

/// Events a territory's, a theme's or an organisation's page shows (the agenda has more).
pub const PAGE_EVENTS: i64 = 8;

/// A list of events to come and when it changes by itself.
#[derive(Debug, Clone)]
pub struct Upcoming {
    pub events: Vec<AgendaEvent>,
    /// The first start, or the first sign-up deadline still to come, of these events
    /// (seconds): the list reads differently from then on.
    pub changes_at: Option<i64>,
}

/// Events `offset..offset + limit` of the scope, soonest first, as the lists show them.
pub async fn upcoming(
    db: &Db,
    scope: &AgendaScope,
    now: DateTime<Utc>,
    limit: i64,
    offset: i64,
) -> Result<Upcoming, DomainError> {
    let rows = agenda::upcoming(db, scope, now, limit, offset).await?;
    Ok(Upcoming {
        changes_at: changes_at(&rows, now),
        events: rows.into_iter().map(|row| agenda_event(row, now)).collect(),
    })
}

fn agenda_event(row: AgendaRow, now: DateTime<Utc>) -> AgendaEvent {
    use crate::model::{departement_name, event_state, french_moment};
    let state = event_state(
        row.status,
        row.signup_deadline <= now,
        row.capacity,
        row.confirmed_people,
    );
    let places_left = row
        .capacity
        .map(|capacity| (capacity - row.confirmed_people).max(0));
    AgendaEvent {
        id: row.id,
        when: french_moment(row.starts_at),
        starts_at: row.starts_at.to_rfc3339(),
        title: row.title,
        place: row.place,
        sheet_title: row.sheet_title,
        sheet_slug: row.sheet_slug,
        organisation_name: row.organisation_name,
        city: row.city,
        departement: departement_name(&row.departement)
            .unwrap_or_default()
            .to_owned(),
        state,
        availability: state.availability(places_left),
    }
}

fn changes_at(rows: &[AgendaRow], now: DateTime<Utc>) -> Option<i64> {
    rows.iter()
        .flat_map(|row| {
            [
                Some(row.starts_at),
                (row.signup_deadline > now).then_some(row.signup_deadline),
            ]
        })
        .flatten()
        .map(|at| at.timestamp())
        .min()
}

/// The map of France with each département's number of published sheets: the same facts
/// `/initiatives?departement=…` counts, so the two always agree.
pub async fn france_map(
    db: &Db,
    facts: &FactsCache,
    territory: &Territory,
) -> Result<FranceMap, DomainError> {
    use crate::model::{departement_name, departement_path, map_shade, MapDepartement};
    use std::collections::HashMap;
    let snapshot = facts.current(db).await?;
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for sheet in &snapshot.sheets {
        *counts.entry(sheet.departement.as_str()).or_default() += 1;
    }
    let max = counts.values().copied().max().unwrap_or(0);
    Ok(FranceMap {
        view_box: territory.view_box.clone(),
        departements: territory
            .areas
            .iter()
            .map(|area| {
                let count = counts.get(area.code.as_str()).copied().unwrap_or(0);
                MapDepartement {
                    name: departement_name(&area.code).unwrap_or_default().to_owned(),
                    href: departement_path(&area.code),
                    count,
                    path: area.path.clone(),
                    shade: map_shade(count, max),
                    code: area.code.clone(),
                }
            })
            .collect(),
        insets: territory.insets.iter().map(|inset| inset.frame).collect(),
    })
}
