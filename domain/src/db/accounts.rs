//! Accounts, référent assignments, sessions and failed-login records.

use crate::error::DomainError;
use chrono::{DateTime, Utc};

use super::{on_db, on_tx};
use super::{Db, DbTx};
use crate::model::CurrentUser;

/// An account as stored (the password hash never leaves the backend).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub disabled: bool,
}

const ACCOUNT_COLUMNS: &str = "id, email, display_name, password_hash, is_admin, disabled";

/// Creates an account (without password when `password_hash` is `None`); returns its id.
/// Fails with a unique violation when the email is taken.
pub async fn create(
    db: &Db,
    email: &str,
    display_name: &str,
    password_hash: Option<&str>,
    is_admin: bool,
) -> Result<i64, DomainError> {
    let sql = "INSERT INTO accounts (email, display_name, password_hash, is_admin, created_at)
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(email)
        .bind(display_name.trim())
        .bind(password_hash)
        .bind(is_admin)
        .bind(Utc::now())
        .fetch_one(pool)
        .await)
}

/// The account with this (normalized) email.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Account>, DomainError> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(email).fetch_optional(pool).await)
}

/// Makes an account référent of an action (idempotent).
pub async fn add_referent(
    tx: &mut DbTx,
    action_id: i64,
    account_id: i64,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO action_referents (action_id, account_id) VALUES ($1, $2)
               ON CONFLICT (action_id, account_id) DO NOTHING";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(action_id)
        .bind(account_id)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Disables (or re-enables) an account. Disabling ends all its sessions in the same
/// transaction, so the person is signed out everywhere at once.
pub async fn set_disabled(
    tx: &mut DbTx,
    account_id: i64,
    disabled: bool,
) -> Result<bool, DomainError> {
    let sql = "UPDATE accounts SET disabled = $1 WHERE id = $2";
    let updated = on_tx!(tx, conn => sqlx::query(sql)
        .bind(disabled)
        .bind(account_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    if disabled {
        let sql = "DELETE FROM sessions WHERE account_id = $1";
        on_tx!(tx, conn => sqlx::query(sql)
            .bind(account_id)
            .execute(conn)
            .await
            .map(|_| ()))?;
    }
    // Sheets name their référents, disabled accounts excluded.
    Ok(updated == 1)
}

/// Stores a new session for an account.
pub async fn create_session(
    db: &Db,
    token_hash: &str,
    account_id: i64,
    expires_at: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO sessions (token_hash, account_id, created_at, expires_at)
               VALUES ($1, $2, $3, $4)";
    on_db!(db, pool => sqlx::query(sql)
        .bind(token_hash)
        .bind(account_id)
        .bind(Utc::now())
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Ends one session (logout, or replaced at login).
pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), DomainError> {
    let sql = "DELETE FROM sessions WHERE token_hash = $1";
    on_db!(db, pool => sqlx::query(sql).bind(token_hash).execute(pool).await.map(|_| ()))
}

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    id: i64,
    display_name: String,
    is_admin: bool,
}

/// The person behind a live session: the session exists, has not expired, and its account
/// is not disabled. `None` otherwise.
pub async fn session_user(db: &Db, token_hash: &str) -> Result<Option<CurrentUser>, DomainError> {
    let sql = "SELECT a.id, a.display_name, a.is_admin
               FROM sessions s JOIN accounts a ON a.id = s.account_id
               WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = FALSE";
    let row: Option<SessionUserRow> = on_db!(db, pool => sqlx::query_as(sql)
        .bind(token_hash)
        .bind(Utc::now())
        .fetch_optional(pool)
        .await)?;
    let Some(row) = row else { return Ok(None) };
    let sql = "SELECT action_id FROM action_referents WHERE account_id = $1 ORDER BY action_id";
    let referent_of: Vec<i64> =
        on_db!(db, pool => sqlx::query_scalar(sql).bind(row.id).fetch_all(pool).await)?;
    Ok(Some(CurrentUser {
        id: row.id,
        display_name: row.display_name,
        is_admin: row.is_admin,
        referent_of,
    }))
}

/// The latest time until which one of these counters (`login-account:…`, `login-ip:…`,
/// `login-device:…`; one or two) makes its clients wait, if it is after `now`.
pub async fn blocked_until(
    db: &Db,
    scopes: &[&str],
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DomainError> {
    let (Some(first), Some(last)) = (scopes.first(), scopes.last()) else {
        return Ok(None);
    };
    let sql = "SELECT MAX(blocked_until) FROM login_throttles
               WHERE scope IN ($1, $2) AND blocked_until > $3";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(*first).bind(*last).bind(now).fetch_one(pool).await)
}

/// Counts one attempt against a counter in one statement and returns the count; a
/// counter whose last attempt (or wait) ended before `window_start` starts over.
pub async fn count_attempt(
    db: &Db,
    scope: &str,
    now: DateTime<Utc>,
    window_start: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let sql = "INSERT INTO login_throttles (scope, failures, last_at) VALUES ($1, 1, $2)
               ON CONFLICT (scope) DO UPDATE SET
                 failures = CASE WHEN login_throttles.last_at < $3 THEN 1
                                 ELSE login_throttles.failures + 1 END,
                 last_at = $2,
                 blocked_until = NULL
               RETURNING failures";
    on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(scope)
        .bind(now)
        .bind(window_start)
        .fetch_one(pool)
        .await)
}

/// Counts one request against a counter in a fixed window, in one statement: the window
/// starts at the first request after the previous one ended (`window_start` is now minus
/// the window's length). Returns the count in this window and when it started.
pub async fn count_in_window(
    db: &Db,
    scope: &str,
    now: DateTime<Utc>,
    window_start: DateTime<Utc>,
) -> Result<(i64, DateTime<Utc>), DomainError> {
    let sql = "INSERT INTO login_throttles (scope, failures, last_at) VALUES ($1, 1, $2)
               ON CONFLICT (scope) DO UPDATE SET
                 failures = CASE WHEN login_throttles.last_at <= $3 THEN 1
                                 ELSE login_throttles.failures + 1 END,
                 last_at = CASE WHEN login_throttles.last_at <= $3 THEN $2
                                ELSE login_throttles.last_at END
               RETURNING failures, last_at";
    on_db!(db, pool => sqlx::query_as(sql)
        .bind(scope)
        .bind(now)
        .bind(window_start)
        .fetch_one(pool)
        .await)
}

/// Makes a counter's clients wait until `until` (the counter then starts over a window
/// after that, without new attempts).
pub async fn block(db: &Db, scope: &str, until: DateTime<Utc>) -> Result<(), DomainError> {
    let sql = "UPDATE login_throttles SET blocked_until = $1, last_at = $1 WHERE scope = $2";
    on_db!(db, pool => sqlx::query(sql).bind(until).bind(scope).execute(pool).await.map(|_| ()))
}

/// Takes back one counted attempt (it succeeded).
pub async fn uncount_attempt(db: &Db, scope: &str) -> Result<(), DomainError> {
    let sql =
        "UPDATE login_throttles SET failures = failures - 1 WHERE scope = $1 AND failures > 0";
    on_db!(db, pool => sqlx::query(sql).bind(scope).execute(pool).await.map(|_| ()))
}

/// Forgets counters whose last attempt or wait ended before `older_than`, and browsers not
/// seen since `devices_older_than` (the background task); returns how many rows went.
pub async fn purge_attempts(
    db: &Db,
    older_than: DateTime<Utc>,
    devices_older_than: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let sql = "DELETE FROM login_throttles WHERE last_at < $1";
    let throttles = on_db!(db, pool => sqlx::query(sql)
        .bind(older_than)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    let sql = "DELETE FROM trusted_devices WHERE last_used_at < $1";
    let devices = on_db!(db, pool => sqlx::query(sql)
        .bind(devices_older_than)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(throttles + devices)
}

/// Whether the browser with this device token (its hash) signed in to this account before.
pub async fn is_trusted_device(
    db: &Db,
    device_hash: &str,
    account_id: i64,
) -> Result<bool, DomainError> {
    let sql = "SELECT COUNT(*) FROM trusted_devices WHERE token_hash = $1 AND account_id = $2";
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(sql)
        .bind(device_hash)
        .bind(account_id)
        .fetch_one(pool)
        .await)?;
    Ok(count > 0)
}

/// Moves what a browser's old device token was trusted for to its new token (the cookie is
/// re-keyed at every login). Returns how many accounts moved.
pub async fn rekey_device(db: &Db, old_hash: &str, new_hash: &str) -> Result<u64, DomainError> {
    let sql = "UPDATE trusted_devices SET token_hash = $2 WHERE token_hash = $1";
    on_db!(db, pool => sqlx::query(sql)
        .bind(old_hash)
        .bind(new_hash)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
}

/// Remembers (or refreshes) that this browser signed in to this account.
pub async fn trust_device(
    db: &Db,
    device_hash: &str,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO trusted_devices (token_hash, account_id, created_at, last_used_at)
               VALUES ($1, $2, $3, $3)
               ON CONFLICT (token_hash, account_id) DO UPDATE SET last_used_at = $3";
    on_db!(db, pool => sqlx::query(sql)
        .bind(device_hash)
        .bind(account_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
}

/// Purpose of an emailed single-use link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Invitation,
    Reset,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::Reset => "reset",
        }
    }
}

/// Stores a single-use link token (its hash) for an account, in the caller's transaction
/// (the one that queues the email carrying it).
pub async fn insert_token(
    tx: &mut DbTx,
    account_id: i64,
    purpose: TokenPurpose,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at)
               VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(token_hash)
        .bind(account_id)
        .bind(purpose.code())
        .bind(Utc::now())
        .bind(expires_at)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// The account a usable token (unused, unexpired, account not disabled) belongs to, with
/// its display name, without using it up.
pub async fn peek_token(db: &Db, token_hash: &str) -> Result<Option<(i64, String)>, DomainError> {
    let sql = "SELECT a.id, a.display_name FROM account_tokens t JOIN accounts a ON a.id = t.account_id
               WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND a.disabled = FALSE";
    on_db!(db, pool => sqlx::query_as(sql).bind(token_hash).bind(Utc::now()).fetch_optional(pool).await)
}

/// Uses up a token and sets the account's password in one transaction (ending the
/// account's sessions and its other links); returns the account id, or `None` when the token is unknown, used, expired or its account disabled.
/// Two uses at once: only one succeeds (conditional update).
pub async fn use_token_to_set_password(
    tx: &mut DbTx,
    token_hash: &str,
    password_hash: &str,
) -> Result<Option<i64>, DomainError> {
    let now = Utc::now();
    let sql = "UPDATE account_tokens SET used_at = $1
               WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
               RETURNING account_id";
    let account: Option<i64> = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(now)
        .bind(token_hash)
        .fetch_optional(conn)
        .await)?;
    let Some(account_id) = account else {
        return Ok(None);
    };
    let sql = "UPDATE accounts SET password_hash = $1 WHERE id = $2 AND disabled = FALSE";
    let updated = on_tx!(tx, conn => sqlx::query(sql)
        .bind(password_hash)
        .bind(account_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    if updated != 1 {
        return Ok(None);
    }
    // A new password ends the sessions opened with the old one, and every other link
    // still outstanding (an older reset, an invitation): whoever holds them now holds nothing.
    let sql = "DELETE FROM sessions WHERE account_id = $1";
    on_tx!(tx, conn => sqlx::query(sql).bind(account_id).execute(conn).await.map(|_| ()))?;
    let sql = "UPDATE account_tokens SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL";
    on_tx!(tx, conn => sqlx::query(sql).bind(now).bind(account_id).execute(conn).await.map(|_| ()))?;
    Ok(Some(account_id))
}

/// Stops being référent of an action.
pub async fn remove_referent(
    tx: &mut DbTx,
    action_id: i64,
    account_id: i64,
) -> Result<bool, DomainError> {
    let sql = "DELETE FROM action_referents WHERE action_id = $1 AND account_id = $2";
    let removed = on_tx!(tx, conn => sqlx::query(sql)
        .bind(action_id)
        .bind(account_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected() == 1))?;
    // The sheet names its référents.
    Ok(removed)
}

/// An account in the administrators' list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub has_password: bool,
}

/// Every account, by name.
pub async fn list(db: &Db) -> Result<Vec<AccountSummary>, DomainError> {
    let sql = "SELECT id, email, display_name, is_admin, disabled,
                      (password_hash IS NOT NULL) AS has_password
               FROM accounts ORDER BY display_name, id";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// (action id, account id, display name) of every référent assignment.
pub async fn all_referents(db: &Db) -> Result<Vec<(i64, i64, String)>, DomainError> {
    let sql = "SELECT r.action_id, r.account_id, a.display_name
               FROM action_referents r JOIN accounts a ON a.id = r.account_id
               ORDER BY r.action_id, a.display_name";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}
