//! Organisations: the structures that carry actions, and what their pages list.

use crate::error::DomainError;
use chrono::Utc;

use super::{on_db, on_tx};
use super::{Db, DbTx};
use crate::error::Constraint;
use crate::model::OrganisationKind;

/// What creating an organisation needs. The address has been checked against the
/// communes (`crate::territory`): the city is the commune's name and the département
/// the commune's.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub postal_code: String,
    pub city: String,
    pub departement: String,
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i64,
    /// Its page: `/organisations/{slug}`. Kept when the organisation is renamed, so that
    /// links to it keep working.
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub postal_code: String,
    pub city: String,
    pub departement: String,
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    slug: Option<String>,
    name: String,
    kind: String,
    postal_code: String,
    city: String,
    departement: String,
}

impl From<OrganisationRow> for Organisation {
    fn from(row: OrganisationRow) -> Self {
        Organisation {
            id: row.id,
            // Filled at startup for rows older than slugs.
            slug: row.slug.unwrap_or_default(),
            name: row.name,
            // The CHECK constraint only admits known codes.
            kind: OrganisationKind::from_code(&row.kind).unwrap_or(OrganisationKind::Association),
            postal_code: row.postal_code,
            city: row.city,
            departement: row.departement,
        }
    }
}

/// Creates an organisation, with a slug made from its name, and returns its id. Two
/// organisations of one name created at once: the second takes the next free slug.
pub async fn create(db: &Db, new: &NewOrganisation) -> Result<i64, DomainError> {
    let sql =
        "INSERT INTO organisations (name, kind, postal_code, city, departement, created_at, slug)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let mut attempt = 0;
    loop {
        let slug = free_slug(db, &new.name).await?;
        let created = on_db!(db, pool => sqlx::query_scalar(sql)
            .bind(new.name.trim())
            .bind(new.kind.code())
            .bind(new.postal_code.trim())
            .bind(new.city.trim())
            .bind(&new.departement)
            .bind(Utc::now())
            .bind(&slug)
            .fetch_one(pool)
            .await);
        attempt += 1;
        match created {
            Err(e) if e.broke(Constraint::Unique) && attempt < 5 => continue,
            other => return other,
        }
    }
}

/// Longest slug made from a name (a page address stays readable, and cacheable).
const MAX_SLUG: usize = 80;

/// A slug made from `name` that no organisation has yet ("centre-social-du-bourg-2"
/// when the first is taken).
async fn free_slug(db: &Db, name: &str) -> Result<String, DomainError> {
    let mut base = crate::model::slugify(name);
    if base.len() > MAX_SLUG {
        // Cut at a word boundary (slugs are ASCII).
        base.truncate(base[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG));
    }
    let sql = "SELECT slug FROM organisations WHERE slug = $1 OR slug LIKE $2";
    let taken: Vec<String> = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(&base)
        .bind(format!("{base}-%"))
        .fetch_all(pool)
        .await)?;
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Gives a slug to the organisations created before they had one (migration 0014); run at
/// startup, a read when there is nothing to do. Returns how many were given one.
pub async fn fill_missing_slugs(db: &Db) -> Result<usize, DomainError> {
    let sql = "SELECT id, name FROM organisations WHERE slug IS NULL ORDER BY id";
    let missing: Vec<(i64, String)> =
        on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    for (id, name) in &missing {
        // Two servers starting at once may race for a slug: the loser takes the next one.
        for attempt in 1.. {
            let slug = free_slug(db, name).await?;
            let sql = "UPDATE organisations SET slug = $1 WHERE id = $2 AND slug IS NULL";
            let done = on_db!(db, pool => sqlx::query(sql).bind(&slug).bind(id).execute(pool).await.map(|_| ()));
            match done {
                Err(e) if e.broke(Constraint::Unique) && attempt < 5 => continue,
                other => {
                    other?;
                    break;
                }
            }
        }
    }
    Ok(missing.len())
}

/// Every organisation, by name.
pub async fn list(db: &Db) -> Result<Vec<Organisation>, DomainError> {
    let sql = "SELECT id, slug, name, kind, postal_code, city, departement FROM organisations
               ORDER BY name, id";
    let rows: Vec<OrganisationRow> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Organisation::from).collect())
}

/// Changes an organisation; false when it does not exist. The département follows the
/// postal code.
pub async fn update(tx: &mut DbTx, id: i64, new: &NewOrganisation) -> Result<bool, DomainError> {
    let sql = "UPDATE organisations SET name = $1, kind = $2, postal_code = $3, city = $4, departement = $5
               WHERE id = $6";
    let updated = on_tx!(tx, conn => sqlx::query(sql)
        .bind(new.name.trim())
        .bind(new.kind.code())
        .bind(new.postal_code.trim())
        .bind(new.city.trim())
        .bind(&new.departement)
        .bind(id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    // Sheets show their organisation: the triggers of migration 0009 drop cached pages.
    Ok(updated == 1)
}

/// The organisation with this id, if any.
pub async fn find(db: &Db, id: i64) -> Result<Option<Organisation>, DomainError> {
    let sql = "SELECT id, slug, name, kind, postal_code, city, departement FROM organisations
               WHERE id = $1";
    let row: Option<OrganisationRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?;
    Ok(row.map(Organisation::from))
}

/// The organisation with this slug, if any.
pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Organisation>, DomainError> {
    let sql = "SELECT id, slug, name, kind, postal_code, city, departement FROM organisations
               WHERE slug = $1";
    let row: Option<OrganisationRow> =
        on_db!(db, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await)?;
    Ok(row.map(Organisation::from))
}

/// Whether the organisation has at least one published sheet (an organisation without
/// one has no public page, feeds nor follow).
pub async fn has_published_sheet(db: &Db, id: i64) -> Result<bool, DomainError> {
    let sql = "SELECT COUNT(*) FROM actions WHERE organisation_id = $1 AND published";
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await)?;
    Ok(count > 0)
}

/// The ids of every sheet of the organisation, published or not (its people are their
/// référents).
pub async fn sheet_ids(db: &Db, id: i64) -> Result<Vec<i64>, DomainError> {
    let sql = "SELECT id FROM actions WHERE organisation_id = $1 ORDER BY id";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(id).fetch_all(pool).await)
}

/// An organisation as a territory's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrganisationSummary {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub city: String,
    pub departement: String,
    /// Its published sheets.
    pub sheets: i64,
}

/// The organisations of these départements that have at least one published sheet, by
/// name. The codes are checked against the list of départements by the caller.
pub async fn with_sheets_in(
    db: &Db,
    departements: &[&str],
) -> Result<Vec<OrganisationSummary>, DomainError> {
    if departements.is_empty() {
        return Ok(Vec::new());
    }
    // Codes of the fixed list of départements ("44", "2A"), written into the SQL.
    let list = departements
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
    let sql = format!(
        "SELECT o.slug, o.name, o.kind, o.city, o.departement, COUNT(a.id) AS sheets
         FROM organisations o JOIN actions a ON a.organisation_id = o.id AND a.published = TRUE
         WHERE o.departement IN ({list}) AND o.slug IS NOT NULL
         GROUP BY o.id, o.slug, o.name, o.kind, o.city, o.departement
         ORDER BY o.slug"
    );
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// Every organisation whose address a check may question: (id, name, postal code, city,
/// département), by id.
pub async fn addresses(db: &Db) -> Result<Vec<(i64, String, String, String, String)>, DomainError> {
    let sql = "SELECT id, name, postal_code, city, departement FROM organisations ORDER BY id";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}
