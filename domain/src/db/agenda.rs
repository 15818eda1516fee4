//! The events to come of published sheets, soonest first, narrowed to a territory, a
//! theme or an organisation: what `/agenda`, the home page, the territory, theme and
//! organisation pages and "Près de chez moi" list.

use crate::error::DomainError;
use chrono::{DateTime, Utc};

use super::on_db;
use super::Db;
use crate::model::EventStatus;

/// Which events to list. Every field narrows; the default is every event to come.
#[derive(Debug, Clone, Default)]
pub struct AgendaScope {
    /// Département codes of the fixed list ("44", "2A"); empty for all of France.
    pub departements: Vec<String>,
    pub theme_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// Only events one can still sign up to with a place left (or no limit).
    pub places_only: bool,
}

/// An event to come and where it belongs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgendaRow {
    pub id: i64,
    pub title: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub signup_deadline: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub status: EventStatus,
    pub capacity: Option<i64>,
    pub confirmed_people: i64,
    pub sheet_title: String,
    pub sheet_slug: String,
    pub organisation_name: String,
    pub city: String,
    pub departement: String,
}

/// The `WHERE` of a scope. `$1` is the time of the request; the département codes are
/// checked against the fixed list by the callers and written into the SQL (letters and
/// digits only), the ids are numbers.
fn conditions(scope: &AgendaScope) -> String {
    let mut sql =
        String::from("a.published = TRUE AND e.status <> 'cancelled' AND e.starts_at > $1");
    if !scope.departements.is_empty() {
        // Never empty: a code that is not letters and digits stands for none.
        let list = scope
            .departements
            .iter()
            .map(|code| {
                if code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    format!("'{code}'")
                } else {
                    "''".to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(&format!(" AND o.departement IN ({list})"));
    }
    if let Some(id) = scope.theme_id {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM action_themes t WHERE t.action_id = a.id AND t.theme_id = {id})"
        ));
    }
    if let Some(id) = scope.organisation_id {
        sql.push_str(&format!(" AND a.organisation_id = {id}"));
    }
    if scope.places_only {
        sql.push_str(
            " AND e.status = 'open' AND e.signup_deadline > $1
              AND (e.capacity IS NULL OR e.confirmed_people < e.capacity)",
        );
    }
    sql
}

const FROM: &str = "FROM events e
     JOIN actions a ON a.id = e.action_id
     JOIN organisations o ON o.id = a.organisation_id";

/// Events `offset..offset + limit` of the scope, soonest first.
pub async fn upcoming(
    db: &Db,
    scope: &AgendaScope,
    now: DateTime<Utc>,
    limit: i64,
    offset: i64,
) -> Result<Vec<AgendaRow>, DomainError> {
    let sql = format!(
        "SELECT e.id, e.title, e.place, e.starts_at, e.signup_deadline, e.status, e.capacity,
                e.confirmed_people, a.title AS sheet_title, a.slug AS sheet_slug,
                o.name AS organisation_name, o.city, o.departement
         {FROM}
         WHERE {}
         ORDER BY e.starts_at, e.id
         LIMIT $2 OFFSET $3",
        conditions(scope)
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(now)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await)
}

/// How many events the scope holds.
pub async fn count(db: &Db, scope: &AgendaScope, now: DateTime<Utc>) -> Result<i64, DomainError> {
    let sql = format!("SELECT COUNT(*) {FROM} WHERE {}", conditions(scope));
    on_db!(db, pool => sqlx::query_scalar(&sql).bind(now).fetch_one(pool).await)
}

/// When a list of the scope changes by itself, in seconds: the first start of one of its
/// events, or the first sign-up deadline still to come (an event then closes), if any.
pub async fn next_change(
    db: &Db,
    scope: &AgendaScope,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DomainError> {
    let sql = format!(
        "SELECT MIN(e.starts_at), MIN(CASE WHEN e.signup_deadline > $1 THEN e.signup_deadline END)
         {FROM} WHERE {}",
        conditions(scope)
    );
    let (start, deadline): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) =
        on_db!(db, pool => sqlx::query_as(&sql).bind(now).fetch_one(pool).await)?;
    Ok([start, deadline]
        .into_iter()
        .flatten()
        .map(|at| at.timestamp())
        .min())
}
