//! What is new on published sheets: the `news_items` that triggers write with every
//! progress update, new event, status change and publication (migration 0015), read with
//! what a feed entry or a message shows of them. Feeds read them by scope; the follow
//! service claims them for immediate messages and gathers them into digests.

use crate::error::DomainError;
use chrono::{DateTime, NaiveDate, Utc};

use super::{in_scope, json_array, Db, DbTx};
use super::{on_db, on_tx};

/// Which piece of news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewsKind {
    /// A progress update ("Où en est-on ?").
    Update,
    /// A new event.
    Event,
    /// The sheet's status changed.
    Status,
    /// The sheet was published.
    Published,
}

impl TryFrom<String> for NewsKind {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Ok(match value.as_str() {
            "update" => NewsKind::Update,
            "event" => NewsKind::Event,
            "status" => NewsKind::Status,
            "published" => NewsKind::Published,
            _ => return Err(value),
        })
    }
}

/// A piece of news and what is shown of it. Never anything about participants.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewsRow {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: NewsKind,
    pub created_at: DateTime<Utc>,
    /// The new status code, for [`NewsKind::Status`].
    pub status: Option<String>,
    pub ref_id: Option<i64>,
    pub action_slug: String,
    pub action_title: String,
    pub action_summary: String,
    pub organisation_name: String,
    pub update_title: Option<String>,
    pub update_body: Option<String>,
    pub update_happened_on: Option<NaiveDate>,
    pub event_title: Option<String>,
    pub event_description: Option<String>,
    pub event_place: Option<String>,
    pub event_starts_at: Option<DateTime<Utc>>,
    pub event_ends_at: Option<DateTime<Utc>>,
    pub event_status: Option<String>,
}

/// Which items to read. Scope keys are those of `model::FollowScope`, régions already
/// spelled out as their départements by the caller.
#[derive(Debug, Clone)]
pub struct NewsFilter {
    /// `None`: the whole platform.
    pub keys: Option<Vec<String>>,
    /// Only items created at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only items created before this time.
    pub before: Option<DateTime<Utc>>,
    /// Only items not yet sent to this follower.
    pub not_sent_to: Option<i64>,
    pub limit: i64,
}

const COLUMNS: &str = "n.id, n.kind, n.created_at, n.status, n.ref_id,
    a.slug AS action_slug, a.title AS action_title, a.summary AS action_summary,
    o.name AS organisation_name,
    u.title AS update_title, u.body AS update_body, u.happened_on AS update_happened_on,
    e.title AS event_title, e.description AS event_description, e.place AS event_place,
    e.starts_at AS event_starts_at, e.ends_at AS event_ends_at, e.status AS event_status";

const FROM: &str = "FROM news_items n
    JOIN actions a ON a.id = n.action_id
    JOIN organisations o ON o.id = a.organisation_id
    LEFT JOIN progress_updates u ON n.kind = 'update' AND u.id = n.ref_id
    LEFT JOIN events e ON n.kind = 'event' AND e.id = n.ref_id";

/// The SQL of a filter: `$1` the keys (a JSON array of texts), `$2` since, `$3` before,
/// `$4` the follower, `$5` the limit. Items whose update or event was deleted since are
/// left out.
fn select(filter: &NewsFilter, postgres: bool) -> String {
    let mut sql = format!(
        "SELECT {COLUMNS} {FROM}
         WHERE a.published = TRUE AND n.created_at >= $2 AND n.created_at < $3
           AND (n.kind IN ('status', 'published') OR u.id IS NOT NULL OR e.id IS NOT NULL)"
    );
    if filter.keys.is_some() {
        sql.push_str(" AND ");
        sql.push_str(&in_scope(postgres, 1));
    } else {
        sql.push_str(" AND $1 = $1");
    }
    if filter.not_sent_to.is_some() {
        sql.push_str(
            " AND NOT EXISTS (SELECT 1 FROM follow_deliveries d WHERE d.item_id = n.id AND d.follower_id = $4)",
        );
    } else {
        sql.push_str(" AND $4 = $4");
    }
    sql.push_str(" ORDER BY n.created_at DESC, n.id DESC LIMIT $5");
    sql
}

fn bounds(filter: &NewsFilter) -> (String, DateTime<Utc>, DateTime<Utc>, i64) {
    let keys = json_array(filter.keys.as_deref().unwrap_or_default());
    let since = filter.since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let before = filter
        .before
        .unwrap_or_else(|| Utc::now() + chrono::Duration::days(1));
    (keys, since, before, filter.not_sent_to.unwrap_or(0))
}

/// The items of a filter, newest first (feeds).
pub async fn list(db: &Db, filter: &NewsFilter) -> Result<Vec<NewsRow>, DomainError> {
    let sql = select(filter, db.is_postgres());
    let (keys, since, before, follower) = bounds(filter);
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(keys)
        .bind(since)
        .bind(before)
        .bind(follower)
        .bind(filter.limit)
        .fetch_all(pool)
        .await)
}

/// Like [`list`], inside a transaction (digests).
pub async fn list_in(tx: &mut DbTx, filter: &NewsFilter) -> Result<Vec<NewsRow>, DomainError> {
    let sql = select(filter, tx.is_postgres());
    let (keys, since, before, follower) = bounds(filter);
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(keys)
        .bind(since)
        .bind(before)
        .bind(follower)
        .bind(filter.limit)
        .fetch_all(conn)
        .await)
}

/// One item, as [`list`] reads it.
pub async fn find_in(tx: &mut DbTx, id: i64) -> Result<Option<NewsRow>, DomainError> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE n.id = $1 AND a.published = TRUE
           AND (n.kind IN ('status', 'published') OR u.id IS NOT NULL OR e.id IS NOT NULL)"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)
}

/// Where an item belongs: what follows can match it.
#[derive(Debug, Clone)]
pub struct ItemPlace {
    pub action_id: i64,
    pub organisation_id: i64,
    pub departement: String,
    /// (id, name) of each of its themes.
    pub themes: Vec<(i64, String)>,
    pub created_at: DateTime<Utc>,
}

/// Claims the oldest item whose immediate messages are not queued yet. The claim is a
/// conditional update: of two servers racing for one item, one gets it; on PostgreSQL the
/// other skips the row its rival holds and takes the next (`SKIP LOCKED`; SQLite's write
/// transactions never run side by side).
pub async fn claim_undispatched(
    tx: &mut DbTx,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DomainError> {
    let skip_locked = if tx.is_postgres() {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE news_items SET dispatched_at = $1
         WHERE id = (SELECT id FROM news_items WHERE dispatched_at IS NULL ORDER BY id LIMIT 1{skip_locked})
           AND dispatched_at IS NULL
         RETURNING id"
    );
    on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(now).fetch_optional(conn).await)
}

/// Marks an item handled without messages (its messages could not be made: logged).
pub async fn mark_dispatched(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), DomainError> {
    let sql = "UPDATE news_items SET dispatched_at = $1 WHERE id = $2 AND dispatched_at IS NULL";
    on_db!(db, pool => sqlx::query(sql).bind(now).bind(id).execute(pool).await.map(|_| ()))
}

/// Where item `id` belongs; `None` when its sheet is gone.
pub async fn place_of(tx: &mut DbTx, id: i64) -> Result<Option<ItemPlace>, DomainError> {
    let sql = "SELECT a.id, a.organisation_id, o.departement, n.created_at
               FROM news_items n JOIN actions a ON a.id = n.action_id
               JOIN organisations o ON o.id = a.organisation_id WHERE n.id = $1";
    let row: Option<(i64, i64, String, DateTime<Utc>)> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(id).fetch_optional(conn).await)?;
    let Some((action_id, organisation_id, departement, created_at)) = row else {
        return Ok(None);
    };
    let sql = "SELECT t.id, t.name FROM action_themes a JOIN themes t ON t.id = a.theme_id
               WHERE a.action_id = $1";
    let themes = on_tx!(tx, conn => sqlx::query_as(sql).bind(action_id).fetch_all(conn).await)?;
    Ok(Some(ItemPlace {
        action_id,
        organisation_id,
        departement,
        themes,
        created_at,
    }))
}
