//! Short-lived records of forms refused without JavaScript (see the app's
//! `backend::forms`): written when the refusal is answered, taken (read and deleted at
//! once) by the page that shows it.

use crate::error::DomainError;
use chrono::{DateTime, Utc};

use super::on_db;
use super::Db;

/// Keeps `payload` under `key_hash` until `expires_at`.
pub async fn insert(
    db: &Db,
    key_hash: &str,
    payload: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO returned_forms (key_hash, payload, expires_at) VALUES ($1, $2, $3)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(key_hash)
        .bind(payload)
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// The record under `key_hash`, deleted in the same statement so that it is shown once,
/// by whichever server answers first; `None` when unknown, already shown or expired.
pub async fn take(
    db: &Db,
    key_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, DomainError> {
    let sql = "DELETE FROM returned_forms WHERE key_hash = $1 RETURNING payload, expires_at";
    let row: Option<(String, DateTime<Utc>)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(key_hash).fetch_optional(pool).await)?;
    Ok(row.and_then(|(payload, expires_at)| (expires_at > now).then_some(payload)))
}

/// Deletes the records nobody came back to. Returns how many.
pub async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let sql = "DELETE FROM returned_forms WHERE expires_at <= $1";
    on_db!(db, pool => sqlx::query(sql).bind(now).execute(pool).await.map(|r| r.rows_affected()))
}
