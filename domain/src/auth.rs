//! Sessions, known devices and login attempts (passwords and tokens are [`crate::crypto`]'s,
//! re-exported here).
//!
//! A session is a random 256-bit token in an HttpOnly cookie; the database stores only its
//! SHA-256, so a leaked database does not leak live sessions. The `server` crate resolves the cookie on
//! every request and puts the [`CurrentUser`](crate::model::CurrentUser) in the request's
//! extensions; the app reads it there (`app::backend::auth`).

use chrono::{Duration, Utc};

use super::db::{accounts, Db};
pub use crate::crypto::{hash_password, new_token, random_password, token_hash, verify_password};
use crate::error::{AppError, DomainError};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "passeurs_session";

/// How long a session lasts without a new login.
pub const SESSION_DAYS: i64 = 14;

/// Attempts allowed within [`LOGIN_WINDOW_MINUTES`] before waits begin: per account from
/// unknown clients, per IP address (or IPv6 /64), and per known browser (device cookie).
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const MAX_FAILURES_PER_DEVICE: i64 = 5;
/// A counter starts over after this long without an attempt (or after its wait ends).
pub const LOGIN_WINDOW_MINUTES: i64 = 15;

/// The hash of a session token as stored, put in request extensions by the session
/// middleware (logout uses it).
#[derive(Debug, Clone)]
pub struct SessionTokenHash(pub String);

/// Who the client is for rate limits, put in request extensions by the server: its IPv4
/// address, or the /64 network of its IPv6 address (one household or phone gets a whole
/// /64 and can change address within it at will).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

impl ClientIp {
    pub fn of(ip: std::net::IpAddr) -> Self {
        use std::net::IpAddr;
        match ip {
            IpAddr::V4(v4) => ClientIp(v4.to_string()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientIp(v4.to_string()),
                None => {
                    let s = v6.segments();
                    ClientIp(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
                }
            },
        }
    }
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
    cookie_value(cookie_header, SESSION_COOKIE)
}

fn cookie_value<'a>(cookie_header: &'a str, cookie: &str) -> Option<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// Opens a session for an account: returns the `Set-Cookie` value.
pub async fn open_session(db: &Db, account_id: i64, secure: bool) -> Result<String, DomainError> {
    let (token, hash) = new_token();
    let expires_at = Utc::now() + Duration::days(SESSION_DAYS);
    accounts::create_session(db, &hash, account_id, expires_at).await?;
    Ok(session_cookie(&token, secure))
}

/// What an attempt is: a login, or a request for a password link. Each has its own
/// counters, so asking for links never locks the login.
#[derive(Debug, Clone, Copy)]
pub enum AttemptKind {
    Login,
    PasswordLink,
}

/// Who is trying, for the counters: a browser that signed in to this account before
/// (its device cookie) keeps its own counter, so an attack on the account from elsewhere
/// does not lock its owner out; anyone else counts against the account and their address.
#[derive(Debug, Clone)]
pub enum Attempter<'a> {
    TrustedDevice { device_hash: &'a str },
    Unknown { ip: &'a str, email: &'a str },
}

/// The attempt being made, counted before it is checked.
#[must_use]
pub struct Attempt(Vec<String>);

/// How long a client waits after its `excess`-th refused attempt past the limit: one
/// minute, doubling each time, an hour at most.
pub fn retry_delay(excess: i64) -> Duration {
    let doublings = excess.clamp(1, 7) - 1;
    Duration::minutes((1_i64 << doublings).min(60))
}

/// Counts an attempt, then refuses it when a counter is past its limit: `TooManyAttempts`
/// with the seconds to wait (429 with `Retry-After`). A client already waiting is refused
/// from one read, writing nothing; counting before checking means parallel attempts all
/// count. Each attempt past the limit doubles the wait (see [`retry_delay`]).
pub async fn begin_attempt(
    db: &Db,
    kind: AttemptKind,
    who: Attempter<'_>,
) -> Result<Attempt, DomainError> {
    let prefix = match kind {
        AttemptKind::Login => "login",
        AttemptKind::PasswordLink => "link",
    };
    let scopes: Vec<(String, i64)> = match who {
        Attempter::TrustedDevice { device_hash } => {
            vec![(
                format!("{prefix}-device:{device_hash}"),
                MAX_FAILURES_PER_DEVICE,
            )]
        }
        Attempter::Unknown { ip, email } => vec![
            (
                format!("{prefix}-account:{email}"),
                MAX_FAILURES_PER_ACCOUNT,
            ),
            (format!("{prefix}-ip:{ip}"), MAX_FAILURES_PER_IP),
        ],
    };
    let now = Utc::now();
    let names: Vec<&str> = scopes.iter().map(|(scope, _)| scope.as_str()).collect();
    if let Some(until) = accounts::blocked_until(db, &names, now).await? {
        return Err(too_many(until - now).into());
    }
    let window_start = now - Duration::minutes(LOGIN_WINDOW_MINUTES);
    for (scope, limit) in &scopes {
        let failures = accounts::count_attempt(db, scope, now, window_start).await?;
        if failures > *limit {
            let wait = retry_delay(failures - limit);
            accounts::block(db, scope, now + wait).await?;
            return Err(too_many(wait).into());
        }
    }
    Ok(Attempt(names.into_iter().map(str::to_owned).collect()))
}

fn too_many(wait: Duration) -> AppError {
    AppError::TooManyAttempts {
        seconds: wait.num_seconds().max(1),
    }
}

/// A successful attempt does not count against anyone.
pub async fn attempt_succeeded(db: &Db, attempt: Attempt) -> Result<(), DomainError> {
    for scope in &attempt.0 {
        accounts::uncount_attempt(db, scope).await?;
    }
    Ok(())
}

/// The device cookie of a browser that signed in before (a random token; only its hash
/// is stored, with the accounts it signed in to).
pub const DEVICE_COOKIE: &str = "passeurs_appareil";

/// How long a browser stays known without signing in again.
pub const DEVICE_DAYS: i64 = 365;

/// The device token in a `Cookie` header, if any.
pub fn device_token_from_cookies(cookie_header: &str) -> Option<&str> {
    cookie_value(cookie_header, DEVICE_COOKIE)
}

/// How this browser counts for a login to `account_id`: a trusted device if its device
/// cookie signed in to that account before, otherwise an unknown client.
pub async fn attempter_for<'a>(
    db: &Db,
    device_hash: Option<&'a str>,
    account_id: Option<i64>,
    ip: &'a str,
    email: &'a str,
) -> Result<Attempter<'a>, DomainError> {
    if let (Some(device_hash), Some(account_id)) = (device_hash, account_id) {
        if accounts::is_trusted_device(db, device_hash, account_id).await? {
            return Ok(Attempter::TrustedDevice { device_hash });
        }
    }
    Ok(Attempter::Unknown { ip, email })
}

/// After a successful login: this browser is now known for this account. The device
/// token is new at every login (a value someone else set in this browser, or read from
/// it, cannot be kept); what the old token was trusted for moves to the new one (one
/// browser may be known for several accounts: a centre's shared computer). Returns the
/// `Set-Cookie` value to send.
pub async fn trust_device(
    db: &Db,
    device_token: Option<&str>,
    account_id: i64,
    secure: bool,
) -> Result<String, DomainError> {
    let (token, hash) = new_token();
    if let Some(old) =
        device_token.filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        accounts::rekey_device(db, &token_hash(old), &hash).await?;
    }
    accounts::trust_device(db, &hash, account_id, Utc::now()).await?;
    let max_age = DEVICE_DAYS * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    Ok(format!(
        "{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
}

/// Whether session cookies must carry `Secure` (the site is served over https).
pub fn secure_cookies(public_url: &str) -> bool {
    public_url.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_attempt_past_the_limit_doubles_the_wait_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|n| retry_delay(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn the_device_token_is_read_from_its_own_cookie() {
        let header = "passeurs_session=abc; passeurs_appareil=def";
        assert_eq!(device_token_from_cookies(header), Some("def"));
        assert_eq!(session_token_from_cookies(header), Some("abc"));
        assert_eq!(device_token_from_cookies("passeurs_session=abc"), None);
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_network() {
        let cases = [
            ("192.0.2.7", "192.0.2.7"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
            ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
            ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ];
        for (ip, key) in cases {
            assert_eq!(ClientIp::of(ip.parse().unwrap()).0, key, "{ip}");
        }
    }

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
    fn the_session_cookie_is_http_only_and_secure_over_https() {
        let cookie = session_cookie("t", true);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!session_cookie("t", false).contains("Secure"));
        assert!(clear_session_cookie(false).contains("Max-Age=0"));
    }
}
