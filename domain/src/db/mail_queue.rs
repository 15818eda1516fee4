//! Outgoing mail waiting to be sent. Messages are written in the transaction of the change
//! they announce, then sent by the background task (the `server` crate's `jobs`); a failure
//! leaves them queued and they are retried later, so nothing is lost when the mail server
//! is down. A message is *claimed* (leased for a while) by one process before sending, so
//! several servers on one database never send the same message twice.

use crate::error::DomainError;
use chrono::{DateTime, Duration, Utc};

use super::{on_db, on_tx};
use super::{Db, DbTx};

/// A rendered message, ready for the queue (written by `notices`).
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    /// The registration it is about, so that anonymising the registration drops it.
    pub registration_id: Option<i64>,
    /// A short stable name of the kind of message.
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub ics: Option<String>,
    /// The one-click unsubscribe address (RFC 8058) of messages to followers.
    pub list_unsubscribe: Option<String>,
}

/// How long a claim lasts: a process that dies while sending leaves the message to others
/// after this.
pub const CLAIM_LEASE: Duration = Duration::minutes(5);

/// After this many failed attempts (about four days of retries) a message is given up;
/// it stays in the table with its last error, for the logs and an administrator.
pub const MAX_ATTEMPTS: i64 = 25;

/// A message taken from the queue.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedMail {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub ics: Option<String>,
    pub list_unsubscribe: Option<String>,
    pub attempts: i64,
}

/// How an address is known in the queue and in the budgets of unproven addresses: the
/// SHA-256 of its trimmed, lowercased form (never the address in clear).
pub fn address_key(email: &str) -> String {
    crate::crypto::token_hash(&email.trim().to_lowercase())
}

/// Adds a message to the queue, inside the caller's transaction.
pub async fn enqueue(tx: &mut DbTx, mail: &OutgoingMail) -> Result<(), DomainError> {
    enqueue_at(tx, mail, Utc::now()).await.map(|_| ())
}

/// Adds a message to the queue, to go out at `at` (not before); its id.
pub async fn enqueue_at(
    tx: &mut DbTx,
    mail: &OutgoingMail,
    at: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let sql = "INSERT INTO mail_queue (registration_id, kind, recipient, subject, body_text, body_html, ics, list_unsubscribe, created_at, next_attempt_at, recipient_key)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(mail.registration_id)
        .bind(mail.kind)
        .bind(&mail.recipient)
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(&mail.html)
        .bind(&mail.ics)
        .bind(&mail.list_unsubscribe)
        .bind(Utc::now())
        .bind(at)
        .bind(address_key(&mail.recipient))
        .fetch_one(conn)
        .await)
}

/// The message of `kind` to `address_key` still waiting in the queue (not sent, not being
/// sent), if any: its id.
pub async fn waiting_for(
    tx: &mut DbTx,
    address_key: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DomainError> {
    let sql = "SELECT id FROM mail_queue
               WHERE recipient_key = $1 AND kind = $2 AND sent_at IS NULL AND attempts = 0
                 AND (claimed_until IS NULL OR claimed_until < $3)
               ORDER BY id DESC LIMIT 1";
    on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(address_key)
        .bind(kind)
        .bind(now)
        .fetch_optional(conn)
        .await)
}

/// Whether a message of `kind` to `address_key` was queued, or was due, since `since`
/// (sent or not).
pub async fn queued_since(
    tx: &mut DbTx,
    address_key: &str,
    kind: &str,
    since: DateTime<Utc>,
) -> Result<bool, DomainError> {
    // Queued since, or due since: a message held overnight counts on the day it leaves.
    let sql = "SELECT COUNT(*) FROM mail_queue WHERE recipient_key = $1 AND kind = $2 \
               AND (created_at >= $3 OR next_attempt_at >= $3)";
    on_tx!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(address_key)
        .bind(kind)
        .bind(since)
        .fetch_one(conn)
        .await
        .map(|n| n > 0))
}

/// Rewrites a message still waiting (see [`waiting_for`]); false when it left meanwhile.
pub async fn rewrite_waiting(
    tx: &mut DbTx,
    id: i64,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let sql = "UPDATE mail_queue SET subject = $1, body_text = $2, body_html = $3
               WHERE id = $4 AND sent_at IS NULL AND attempts = 0
                 AND (claimed_until IS NULL OR claimed_until < $5)";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(&mail.html)
        .bind(id)
        .bind(now)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1))
}

/// Whether the owner of `address_key` has proven the address is theirs.
pub async fn is_proven(tx: &mut DbTx, address_key: &str) -> Result<bool, DomainError> {
    let sql =
        "SELECT COUNT(*) FROM mail_recipients WHERE address_key = $1 AND proven_at IS NOT NULL";
    on_tx!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(address_key)
        .fetch_one(conn)
        .await
        .map(|n| n > 0))
}

/// Takes one message from the budget of `address_key` for `day`: false (nothing counted)
/// when `limit` messages were already counted that day. One conditional upsert, so two
/// servers racing for the last message of the day cannot both get it.
pub async fn draw_budget(
    tx: &mut DbTx,
    address_key: &str,
    day: &str,
    limit: u32,
) -> Result<bool, DomainError> {
    if limit == 0 {
        return Ok(false);
    }
    let sql =
        "INSERT INTO mail_recipients (address_key, budget_day, budget_used) VALUES ($1, $2, 1)
               ON CONFLICT (address_key) DO UPDATE SET
                   budget_used = CASE WHEN mail_recipients.budget_day = excluded.budget_day
                                      THEN mail_recipients.budget_used + 1 ELSE 1 END,
                   budget_day = excluded.budget_day
               WHERE mail_recipients.budget_day <> excluded.budget_day
                  OR mail_recipients.budget_used < $3
               RETURNING budget_used";
    on_tx!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(address_key)
        .bind(day)
        .bind(i64::from(limit))
        .fetch_optional(conn)
        .await
        .map(|used| used.is_some()))
}

/// Records that the owner of `address_key` opened a link mailed to it (kept from the
/// first time).
pub async fn prove(
    db: &Db,
    address_key: &str,
    day: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO mail_recipients (address_key, proven_at, budget_day, budget_used) VALUES ($1, $2, $3, 0)
               ON CONFLICT (address_key) DO UPDATE SET proven_at = COALESCE(mail_recipients.proven_at, excluded.proven_at)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(address_key)
        .bind(now)
        .bind(day)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Sent messages (and their budgets of days gone) older than `before` are deleted.
pub async fn purge_sent(
    db: &Db,
    before: DateTime<Utc>,
    day_before: &str,
) -> Result<u64, DomainError> {
    let sql = "DELETE FROM mail_queue WHERE sent_at IS NOT NULL AND sent_at < $1";
    let budgets = "DELETE FROM mail_recipients WHERE proven_at IS NULL AND budget_day < $1";
    on_db!(db, pool => {
        let done = sqlx::query(sql).bind(before).execute(pool).await?;
        sqlx::query(budgets).bind(day_before).execute(pool).await?;
        Ok::<_, sqlx::Error>(done.rows_affected())
    })
}

/// Claims the oldest message that is due and not claimed by anyone. The claim is a
/// conditional update: when two processes race for one message, only one gets it.
pub async fn claim_next(db: &Db, now: DateTime<Utc>) -> Result<Option<ClaimedMail>, DomainError> {
    let sql = "UPDATE mail_queue SET claimed_until = $2, attempts = attempts + 1
               WHERE id = (SELECT id FROM mail_queue
                           WHERE sent_at IS NULL AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
                             AND attempts < $3
                           ORDER BY id LIMIT 1)
                 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $1)
               RETURNING id, kind, recipient, subject, body_text, body_html, ics, list_unsubscribe, attempts";
    on_db!(db, pool => sqlx::query_as(sql)
        .bind(now)
        .bind(now + CLAIM_LEASE)
        .bind(MAX_ATTEMPTS)
        .fetch_optional(pool)
        .await)
}

/// Records that a message went out.
pub async fn mark_sent(db: &Db, id: i64) -> Result<(), DomainError> {
    let sql =
        "UPDATE mail_queue SET sent_at = $1, claimed_until = NULL, last_error = NULL WHERE id = $2";
    on_db!(db, pool => sqlx::query(sql).bind(Utc::now()).bind(id).execute(pool).await.map(|_| ()))
}

/// Waits before the next attempt: 1, 2, 4… minutes, at most 6 hours.
pub fn retry_delay(attempts: i64) -> Duration {
    let minutes = 1_i64 << attempts.clamp(0, 9);
    Duration::minutes(minutes.min(6 * 60))
}

/// Records a failed attempt; the message stays queued and is tried again later.
pub async fn mark_failed(db: &Db, id: i64, attempts: i64, error: &str) -> Result<(), DomainError> {
    let sql = "UPDATE mail_queue SET claimed_until = NULL, last_error = $1, next_attempt_at = $2 WHERE id = $3";
    let error: String = error.chars().take(500).collect();
    on_db!(db, pool => sqlx::query(sql)
        .bind(error)
        .bind(Utc::now() + retry_delay(attempts))
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Drops unsent messages to addresses of a domain (the demo's invented residents).
pub async fn discard_for_domain(db: &Db, domain: &str) -> Result<u64, DomainError> {
    let sql = "DELETE FROM mail_queue WHERE sent_at IS NULL AND recipient LIKE $1";
    on_db!(db, pool => sqlx::query(sql)
        .bind(format!("%@{domain}"))
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
}

#[cfg(test)]
mod tests {
    use super::retry_delay;

    #[test]
    fn retries_back_off_up_to_six_hours() {
        assert_eq!(retry_delay(1).num_minutes(), 2);
        assert_eq!(retry_delay(3).num_minutes(), 8);
        assert_eq!(retry_delay(40).num_minutes(), 360);
    }
}
