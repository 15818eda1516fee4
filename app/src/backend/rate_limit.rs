//! A per-address limit on how often something may be done (sign-ups, follow requests),
//! counted in the database so that every app server on one PostgreSQL shares it: the
//! counters are the throttle counters of the sign-in (`login_throttles`, one upsert per
//! request, forgotten by the background task), under a scope of their own.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::db::{accounts, Db};

#[derive(Clone, Debug)]
pub struct RateLimiter {
    /// What is counted, prefixed to each address (`signup:203.0.113.7`).
    scope: &'static str,
    /// Requests allowed per window; 0 turns the limit off.
    limit: u32,
    /// A counter starts over once this long has passed since its last request.
    window: Duration,
}

impl RateLimiter {
    pub fn new(scope: &'static str, limit: u32, window: Duration) -> Self {
        RateLimiter {
            scope,
            limit,
            window,
        }
    }

    /// Counts one request from `address` at `now`: `Ok(Err(minutes to wait))` past the limit.
    pub async fn check(
        &self,
        db: &Db,
        address: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), i64>, sqlx::Error> {
        if self.limit == 0 {
            return Ok(Ok(()));
        }
        let window = chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX);
        let scope = format!("{}:{address}", self.scope);
        let count = accounts::count_attempt(db, &scope, now, now - window).await?;
        if count > i64::from(self.limit) {
            return Ok(Err((self.window.as_secs().div_ceil(60).max(1)) as i64));
        }
        Ok(Ok(()))
    }

    /// The window, for the background task that forgets old counters.
    pub fn window(&self) -> Duration {
        self.window
    }
}
