//! People who follow sheets, organisations, territories, régions and themes by email
//! (migration 0015): followers, their follows, the hashes of their links' tokens, and the
//! record of each piece of news sent to each person. SQL only; the use cases are in
//! [`crate::services::follows`].

use crate::error::DomainError;
use chrono::{DateTime, Utc};

use super::{json_array, json_texts, Db, DbTx};
use super::{on_db, on_tx};
use crate::model::Rhythm;

/// What a link's token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Confirm one follow (double opt-in).
    Confirm,
    /// See and change everything the person follows.
    Manage,
    /// Stop one follow, or (without one) the weekly digest: the one-click link.
    Stop,
}

impl TokenPurpose {
    fn as_db(self) -> &'static str {
        match self {
            TokenPurpose::Confirm => "confirm",
            TokenPurpose::Manage => "manage",
            TokenPurpose::Stop => "stop",
        }
    }
}

impl TryFrom<String> for TokenPurpose {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Ok(match value.as_str() {
            "confirm" => TokenPurpose::Confirm,
            "manage" => TokenPurpose::Manage,
            "stop" => TokenPurpose::Stop,
            _ => return Err(value),
        })
    }
}

/// A link's token, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub follower_id: i64,
    pub follow_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub purpose: TokenPurpose,
    pub created_at: DateTime<Utc>,
}

/// A follow, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowRow {
    pub id: i64,
    pub follower_id: i64,
    pub scope: String,
    #[sqlx(try_from = "String")]
    pub rhythm: Rhythm,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When the rhythm last changed (`None`: never).
    pub rhythm_since: Option<DateTime<Utc>>,
}

const FOLLOW_COLUMNS: &str =
    "f.id, f.follower_id, f.scope, f.rhythm, f.created_at, f.confirmed_at, f.rhythm_since";

/// The follower with this (normalised) address, created if new. Returns its id.
pub async fn upsert_follower(
    tx: &mut DbTx,
    email: &str,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let sql = "INSERT INTO followers (email, email_key, created_at) VALUES ($1, $2, $3)
               ON CONFLICT (email_key) DO UPDATE SET email = excluded.email
               RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(email.trim())
        .bind(email.trim().to_lowercase())
        .bind(now)
        .fetch_one(conn)
        .await)
}

/// A follower's address.
pub async fn email_of(db: &Db, follower_id: i64) -> Result<Option<String>, DomainError> {
    let sql = "SELECT email FROM followers WHERE id = $1";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(follower_id).fetch_optional(pool).await)
}

/// The follow of `scope` by this follower, confirmed or not.
pub async fn follow_of(
    tx: &mut DbTx,
    follower_id: i64,
    scope: &str,
) -> Result<Option<FollowRow>, DomainError> {
    let sql =
        format!("SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.follower_id = $1 AND f.scope = $2");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(follower_id).bind(scope).fetch_optional(conn).await)
}

/// The follows of this follower still waiting for their confirmation, oldest first.
pub async fn unconfirmed_of(
    tx: &mut DbTx,
    follower_id: i64,
) -> Result<Vec<FollowRow>, DomainError> {
    let sql = format!(
        "SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.follower_id = $1 AND f.confirmed_at IS NULL ORDER BY f.id"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(follower_id).fetch_all(conn).await)
}

/// A new, unconfirmed follow. Returns its id.
pub async fn insert_follow(
    tx: &mut DbTx,
    follower_id: i64,
    scope: &str,
    rhythm: Rhythm,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let sql = "INSERT INTO follows (follower_id, scope, rhythm, created_at) VALUES ($1, $2, $3, $4)
               RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(follower_id)
        .bind(scope)
        .bind(rhythm.as_db())
        .bind(now)
        .fetch_one(conn)
        .await)
}

/// An unconfirmed follow asked for again: its rhythm and its 7 days start over.
pub async fn renew_unconfirmed(
    tx: &mut DbTx,
    follow_id: i64,
    rhythm: Rhythm,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql =
        "UPDATE follows SET rhythm = $1, created_at = $2 WHERE id = $3 AND confirmed_at IS NULL";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(rhythm.as_db())
        .bind(now)
        .bind(follow_id)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Keeps the hash of a new link's token.
pub async fn add_token(
    tx: &mut DbTx,
    hash: &str,
    follower_id: i64,
    follow_id: Option<i64>,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO follow_tokens (token_hash, follower_id, follow_id, purpose, created_at)
               VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(hash)
        .bind(follower_id)
        .bind(follow_id)
        .bind(purpose.as_db())
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// The token with this hash.
pub async fn token(db: &Db, hash: &str) -> Result<Option<TokenRow>, DomainError> {
    let sql = "SELECT follower_id, follow_id, purpose, created_at FROM follow_tokens WHERE token_hash = $1";
    on_db!(db, pool => sqlx::query_as(sql).bind(hash).fetch_optional(pool).await)
}

/// Like [`token`], inside a transaction.
pub async fn token_in(tx: &mut DbTx, hash: &str) -> Result<Option<TokenRow>, DomainError> {
    let sql = "SELECT follower_id, follow_id, purpose, created_at FROM follow_tokens WHERE token_hash = $1";
    on_tx!(tx, conn => sqlx::query_as(sql).bind(hash).fetch_optional(conn).await)
}

/// One follow by id.
pub async fn find(db: &Db, follow_id: i64) -> Result<Option<FollowRow>, DomainError> {
    let sql = format!("SELECT {FOLLOW_COLUMNS} FROM follows f WHERE f.id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(follow_id).fetch_optional(pool).await)
}

/// Confirms a follow (once) and drops its confirmation links. True when it was waiting.
pub async fn confirm(
    tx: &mut DbTx,
    follow_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let sql = "UPDATE follows SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL";
    let done = on_tx!(tx, conn => sqlx::query(sql).bind(now).bind(follow_id).execute(conn).await.map(|d| d.rows_affected()))?;
    let sql = "DELETE FROM follow_tokens WHERE follow_id = $1 AND purpose = $2";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(follow_id)
        .bind(TokenPurpose::Confirm.as_db())
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(done == 1)
}

/// Every confirmed follow of a person, oldest first.
pub async fn confirmed_of(db: &Db, follower_id: i64) -> Result<Vec<FollowRow>, DomainError> {
    let sql = format!(
        "SELECT {FOLLOW_COLUMNS} FROM follows f
         WHERE f.follower_id = $1 AND f.confirmed_at IS NOT NULL ORDER BY f.id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(follower_id).fetch_all(pool).await)
}

/// The confirmed follows of a person that a digest covers: the weekly ones, and those
/// whose rhythm changed (news from their weekly days may be waiting).
pub async fn digest_follows_of(
    tx: &mut DbTx,
    follower_id: i64,
) -> Result<Vec<FollowRow>, DomainError> {
    let sql = format!(
        "SELECT {FOLLOW_COLUMNS} FROM follows f
         WHERE f.follower_id = $1 AND f.confirmed_at IS NOT NULL
           AND (f.rhythm = $2 OR f.rhythm_since IS NOT NULL)
         ORDER BY f.id"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(follower_id)
        .bind(Rhythm::Weekly.as_db())
        .fetch_all(conn)
        .await)
}

/// Changes the rhythm of one of this person's follows (and when it changed, if it did).
/// False when it is not theirs.
pub async fn set_rhythm(
    db: &Db,
    follower_id: i64,
    follow_id: i64,
    rhythm: Rhythm,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let sql = "UPDATE follows
               SET rhythm = $1, rhythm_since = CASE WHEN rhythm = $1 THEN rhythm_since ELSE $4 END
               WHERE id = $2 AND follower_id = $3";
    let done = on_db!(db, pool => sqlx::query(sql)
        .bind(rhythm.as_db())
        .bind(follow_id)
        .bind(follower_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|d| d.rows_affected()))?;
    Ok(done == 1)
}

/// Deletes one of this person's follows. False when it is not theirs.
pub async fn delete_follow(
    tx: &mut DbTx,
    follower_id: i64,
    follow_id: i64,
) -> Result<bool, DomainError> {
    let sql = "DELETE FROM follows WHERE id = $1 AND follower_id = $2";
    let done = on_tx!(tx, conn => sqlx::query(sql).bind(follow_id).bind(follower_id).execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(done == 1)
}

/// Deletes the confirmed weekly follows of a person (the digest's "stop" link). Returns how many.
pub async fn delete_weekly(tx: &mut DbTx, follower_id: i64) -> Result<u64, DomainError> {
    let sql =
        "DELETE FROM follows WHERE follower_id = $1 AND rhythm = $2 AND confirmed_at IS NOT NULL";
    let done = on_tx!(tx, conn => sqlx::query(sql)
        .bind(follower_id)
        .bind(Rhythm::Weekly.as_db())
        .execute(conn)
        .await
        .map(|d| d.rows_affected()))?;
    Ok(done)
}

/// Deletes a person, their address, follows, links and records.
pub async fn delete_follower(tx: &mut DbTx, follower_id: i64) -> Result<(), DomainError> {
    let sql = "DELETE FROM followers WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(follower_id).execute(conn).await.map(|_| ()))
}

/// Deletes this person if they follow nothing any more: their address is not kept.
pub async fn delete_follower_if_idle(tx: &mut DbTx, follower_id: i64) -> Result<(), DomainError> {
    let sql = "DELETE FROM followers WHERE id = $1
               AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = followers.id)";
    on_tx!(tx, conn => sqlx::query(sql).bind(follower_id).execute(conn).await.map(|_| ()))
}

/// Deletes the people known since before `before` who follow nothing (those whose only
/// requests were forgotten). Returns how many.
pub async fn delete_idle_followers(
    tx: &mut DbTx,
    before: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let sql = "DELETE FROM followers WHERE created_at < $1
               AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = followers.id)";
    on_tx!(tx, conn => sqlx::query(sql).bind(before).execute(conn).await.map(|d| d.rows_affected()))
}

/// Whether a confirmation of this follow was sent since `since`: asking again for the
/// same thing within minutes does not mail the address again.
pub async fn confirmation_sent_since(
    tx: &mut DbTx,
    follow_id: i64,
    since: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let sql = "SELECT COUNT(*) FROM follow_tokens
               WHERE follow_id = $1 AND purpose = $2 AND created_at >= $3";
    let count: i64 = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(follow_id)
        .bind(TokenPurpose::Confirm.as_db())
        .bind(since)
        .fetch_one(conn)
        .await)?;
    Ok(count > 0)
}

/// Forgets links to personal pages and stop links made before `links_before` (every
/// message carries fresh ones), and the record of items sent that are older than
/// `items_before` (no digest looks that far back).
pub async fn purge(
    tx: &mut DbTx,
    links_before: DateTime<Utc>,
    items_before: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "DELETE FROM follow_tokens WHERE purpose <> $1 AND created_at < $2";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(TokenPurpose::Confirm.as_db())
        .bind(links_before)
        .execute(conn)
        .await
        .map(|_| ()))?;
    let sql = "DELETE FROM follow_deliveries
               WHERE item_id IN (SELECT id FROM news_items WHERE created_at < $1)";
    on_tx!(tx, conn => sqlx::query(sql).bind(items_before).execute(conn).await.map(|_| ()))
}

/// Forgets the follows asked for before `before` and never confirmed. Returns how many.
pub async fn delete_unconfirmed_before(
    tx: &mut DbTx,
    before: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let sql = "DELETE FROM follows WHERE confirmed_at IS NULL AND created_at < $1";
    let done = on_tx!(tx, conn => sqlx::query(sql).bind(before).execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(done)
}

/// A confirmed immediate follow matching a piece of news, with its person's address.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscriber {
    pub follow_id: i64,
    pub follower_id: i64,
    pub email: String,
    pub scope: String,
}

/// The confirmed immediate follows among `keys`, confirmed by `at` (news from before a
/// follow is not its news).
pub async fn immediate_among(
    tx: &mut DbTx,
    keys: &[String],
    at: DateTime<Utc>,
) -> Result<Vec<Subscriber>, DomainError> {
    let keys_table = json_texts(tx.is_postgres(), 1);
    let sql = format!(
        "SELECT f.id AS follow_id, f.follower_id, p.email, f.scope
         FROM follows f JOIN followers p ON p.id = f.follower_id
         WHERE f.scope IN (SELECT value FROM {keys_table}) AND f.rhythm = $3
           AND f.confirmed_at IS NOT NULL AND f.confirmed_at <= $2
         ORDER BY f.follower_id, f.id"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(json_array(keys))
        .bind(at)
        .bind(Rhythm::Immediate.as_db())
        .fetch_all(conn)
        .await)
}

/// Records that item `item_id` goes to this person; false when it already went.
pub async fn record_delivery(
    tx: &mut DbTx,
    follower_id: i64,
    item_id: i64,
) -> Result<bool, DomainError> {
    let sql = "INSERT INTO follow_deliveries (follower_id, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    let done = on_tx!(tx, conn => sqlx::query(sql).bind(follower_id).bind(item_id).execute(conn).await.map(|d| d.rows_affected()))?;
    Ok(done == 1)
}

/// People with a confirmed weekly follow whose digest of `slot` is not claimed yet.
pub async fn digest_due(db: &Db, slot: DateTime<Utc>, limit: i64) -> Result<Vec<i64>, DomainError> {
    let sql = "SELECT p.id FROM followers p
               WHERE (p.digest_slot IS NULL OR p.digest_slot < $1)
                 AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p.id
                             AND f.confirmed_at IS NOT NULL
                             AND (f.rhythm = $3 OR f.rhythm_since IS NOT NULL))
               ORDER BY p.id LIMIT $2";
    on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(slot)
        .bind(limit)
        .bind(Rhythm::Weekly.as_db())
        .fetch_all(pool)
        .await)
}

/// Claims the digest of `slot` for one person (a conditional update: one server wins).
/// Returns their address when claimed.
pub async fn claim_digest(
    tx: &mut DbTx,
    follower_id: i64,
    slot: DateTime<Utc>,
) -> Result<Option<String>, DomainError> {
    let sql = "UPDATE followers SET digest_slot = $1
               WHERE id = $2 AND (digest_slot IS NULL OR digest_slot < $1)
               RETURNING email";
    on_tx!(tx, conn => sqlx::query_scalar(sql).bind(slot).bind(follower_id).fetch_optional(conn).await)
}

/// How many people follow something, and how many follows they have (confirmed only):
/// what administrators see; never who.
pub async fn counts(db: &Db) -> Result<(i64, i64), DomainError> {
    let sql =
        "SELECT COUNT(DISTINCT follower_id), COUNT(*) FROM follows WHERE confirmed_at IS NOT NULL";
    on_db!(db, pool => sqlx::query_as(sql).fetch_one(pool).await)
}
