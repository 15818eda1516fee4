//! What the tests read of the database that the product itself never asks: the order of a
//! sheet's photos, the mail waiting in the queue.

use passeurs_domain::db::mail_queue::ClaimedMail;
use passeurs_domain::db::{on_db, Db};
use passeurs_domain::DomainError;

/// The order of a sheet's photos (ids).
pub async fn order_of(db: &Db, action_id: i64) -> Result<Vec<i64>, DomainError> {
    let sql = "SELECT id FROM gallery_images WHERE action_id = $1 ORDER BY position, id";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(action_id).fetch_all(pool).await)
}

/// Every message waiting to be sent, oldest first, without claiming any.
pub async fn unsent(db: &Db) -> Result<Vec<ClaimedMail>, DomainError> {
    let sql =
        "SELECT id, kind, recipient, subject, body_text, body_html, ics, list_unsubscribe, attempts
               FROM mail_queue WHERE sent_at IS NULL ORDER BY id";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// How many messages wait to be sent.
pub async fn pending_count(db: &Db) -> Result<i64, DomainError> {
    let sql = "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL";
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
}
