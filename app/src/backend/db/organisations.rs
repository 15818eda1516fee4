//! Organisations: the structures that carry actions.

use chrono::Utc;

use super::{Db, DbTx};
use crate::model::{departement_from_postal_code, OrganisationKind, PostalCodeError};
use crate::{on_db, on_tx};

/// What creating an organisation needs; the département is derived from the postal code.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub postal_code: String,
    pub city: String,
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub postal_code: String,
    pub city: String,
    pub departement: String,
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
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
            name: row.name,
            // The CHECK constraint only admits known codes.
            kind: OrganisationKind::from_code(&row.kind).unwrap_or(OrganisationKind::Association),
            postal_code: row.postal_code,
            city: row.city,
            departement: row.departement,
        }
    }
}

/// Why an organisation could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateOrganisationError {
    #[error(transparent)]
    PostalCode(#[from] PostalCodeError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Creates an organisation and returns its id. Fails on a postal code that names no
/// département.
pub async fn create(db: &Db, new: &NewOrganisation) -> Result<i64, CreateOrganisationError> {
    let departement = departement_from_postal_code(&new.postal_code)?;
    let sql = "INSERT INTO organisations (name, kind, postal_code, city, departement, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let id: i64 = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(new.name.trim())
        .bind(new.kind.code())
        .bind(new.postal_code.trim())
        .bind(new.city.trim())
        .bind(&departement)
        .bind(Utc::now())
        .fetch_one(pool)
        .await)?;
    Ok(id)
}

/// Every organisation, by name.
pub async fn list(db: &Db) -> Result<Vec<Organisation>, sqlx::Error> {
    let sql = "SELECT id, name, kind, postal_code, city, departement FROM organisations ORDER BY name, id";
    let rows: Vec<OrganisationRow> = on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Organisation::from).collect())
}

/// Changes an organisation; false when it does not exist. The département follows the
/// postal code.
pub async fn update(
    tx: &mut DbTx,
    id: i64,
    new: &NewOrganisation,
) -> Result<bool, CreateOrganisationError> {
    let departement = departement_from_postal_code(&new.postal_code)?;
    let sql = "UPDATE organisations SET name = $1, kind = $2, postal_code = $3, city = $4, departement = $5
               WHERE id = $6";
    let updated = on_tx!(tx, conn => sqlx::query(sql)
        .bind(new.name.trim())
        .bind(new.kind.code())
        .bind(new.postal_code.trim())
        .bind(new.city.trim())
        .bind(&departement)
        .bind(id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    // Sheets show their organisation: cached pages must go.
    Ok(updated == 1)
}
