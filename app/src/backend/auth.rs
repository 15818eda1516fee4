//! Passwords, sessions and authorisation.
//!
//! Passwords are hashed with Argon2id (the crate's defaults) on the blocking pool. A session
//! is a random 256-bit token in an HttpOnly cookie; the database stores only its SHA-256, so
//! a leaked database does not leak live sessions. The `server` crate resolves the cookie on
//! every request and puts the [`CurrentUser`] in the request's extensions; pages and server
//! functions read it with [`current_user`] and authorise with [`require_editor`].

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, Utc};
use leptos::prelude::use_context;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::db::{accounts, Db};
use crate::error::AppError;
use crate::model::CurrentUser;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "passeurs_session";

/// How long a session lasts without a new login.
pub const SESSION_DAYS: i64 = 14;

/// Failed logins allowed per account, and per IP address, within [`LOGIN_WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const LOGIN_WINDOW_MINUTES: i64 = 15;

/// The hash of a session token as stored, put in request extensions by the session
/// middleware (logout uses it).
#[derive(Debug, Clone)]
pub struct SessionTokenHash(pub String);

/// The client's IP address, put in request extensions by the server (rate limits).
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

/// Hashes a password with Argon2id, off the async executor.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AppError::internal("password hashing failed", &e))
    })
    .await
    .map_err(|e| AppError::internal("password hashing task failed", &e))?
}

/// Checks a password against a stored hash, off the async executor. With no hash (unknown
/// account, or one without password yet) a hash is still computed so that timing does not
/// reveal which accounts exist; the answer is then always false.
pub async fn verify_password(stored: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false),
        None => {
            let salt = SaltString::generate(&mut OsRng);
            let _ = Argon2::default().hash_password(password.as_bytes(), &salt);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A new random token (hex) and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// A random password that is easy to type: four groups of five lowercase letters and
/// digits (about 100 bits).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..4)
        .map(|_| {
            (0..5)
                .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value that opens a session; `Secure` when the site is served over https.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = SESSION_DAYS * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// The session token in a `Cookie` header, if any.
pub fn session_token_from_cookies(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// Opens a session for an account: returns the `Set-Cookie` value.
pub async fn open_session(db: &Db, account_id: i64, secure: bool) -> Result<String, AppError> {
    let (token, hash) = new_token();
    let expires_at = Utc::now() + Duration::days(SESSION_DAYS);
    accounts::create_session(db, &hash, account_id, expires_at).await?;
    Ok(session_cookie(&token, secure))
}

fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The signed-in person of the current request (page or server function), if any.
pub fn current_user() -> Option<CurrentUser> {
    request_parts()?.extensions.get::<CurrentUser>().cloned()
}

/// The stored hash of the current request's session, if it has a live one.
pub fn current_session() -> Option<SessionTokenHash> {
    request_parts()?
        .extensions
        .get::<SessionTokenHash>()
        .cloned()
}

/// The client's IP address for rate limits (`unknown` when the server did not record it).
pub fn client_ip() -> String {
    request_parts()
        .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The signed-in person, or `Unauthorized`.
pub fn require_signed_in() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

/// The signed-in person if they may edit this action (administrator, or référent of it):
/// `Unauthorized` for visitors, `Forbidden` for anyone else.
pub fn require_editor(action_id: i64) -> Result<CurrentUser, AppError> {
    let user = require_signed_in()?;
    if user.can_edit(action_id) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in administrator, or `Unauthorized` / `Forbidden`.
pub fn require_admin() -> Result<CurrentUser, AppError> {
    let user = require_signed_in()?;
    if user.is_admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// What an attempt is: a login, or a request for a password link. Each has its own
/// counters, so asking for links never locks the login.
#[derive(Debug, Clone, Copy)]
pub enum AttemptKind {
    Login,
    PasswordLink,
}

/// The attempt being made, recorded before it is checked.
#[must_use]
pub struct Attempt(Vec<i64>);

/// Records an attempt for the account and the IP address, then refuses it when either
/// has more than its limit within the window, saying in how many minutes to retry.
/// Recording first means parallel attempts all count: none slips through the limit.
pub async fn begin_attempt(
    db: &Db,
    kind: AttemptKind,
    ip: &str,
    email: &str,
) -> Result<Attempt, AppError> {
    let prefix = match kind {
        AttemptKind::Login => "login",
        AttemptKind::PasswordLink => "link",
    };
    let window = Duration::minutes(LOGIN_WINDOW_MINUTES);
    let since = Utc::now() - window;
    let scopes = [
        (
            format!("{prefix}-account:{email}"),
            MAX_FAILURES_PER_ACCOUNT,
        ),
        (format!("{prefix}-ip:{ip}"), MAX_FAILURES_PER_IP),
    ];
    let mut ids = Vec::with_capacity(scopes.len());
    for (scope, _) in &scopes {
        ids.push(accounts::record_attempt(db, scope).await?);
    }
    for (scope, limit) in &scopes {
        let (count, oldest) = accounts::attempts_since(db, scope, since).await?;
        if count > *limit {
            let free_at = oldest.unwrap_or_else(Utc::now) + window;
            let seconds = (free_at - Utc::now()).num_seconds().max(1);
            return Err(AppError::TooManyAttempts {
                minutes: (seconds + 59) / 60,
            });
        }
    }
    Ok(Attempt(ids))
}

/// A successful attempt does not count against anyone; old attempts are purged.
pub async fn attempt_succeeded(db: &Db, attempt: Attempt) -> Result<(), AppError> {
    accounts::forget_attempts(db, &attempt.0).await?;
    accounts::purge_attempts(db, Utc::now() - Duration::days(1)).await?;
    Ok(())
}

/// Whether session cookies must carry `Secure` (the site is served over https).
pub fn secure_cookies(public_url: &str) -> bool {
    public_url.starts_with("https://")
}

/// Adds a `Set-Cookie` header to the response being prepared.
pub fn set_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        options.append_header(http::header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_token_is_read_from_the_cookie_header() {
        let cases = [
            ("passeurs_session=abc", Some("abc")),
            ("theme=dark; passeurs_session=abc; other=1", Some("abc")),
            ("passeurs_session=", None),
            ("passeurs_session_old=abc", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(session_token_from_cookies(header), expected, "{header:?}");
        }
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), hash_a);
        assert_ne!(hash_a, a);
    }

    #[test]
    fn the_session_cookie_is_http_only_and_secure_over_https() {
        let cookie = session_cookie("t", true);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!session_cookie("t", false).contains("Secure"));
        assert!(clear_session_cookie(false).contains("Max-Age=0"));
    }
}
