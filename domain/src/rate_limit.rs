//! A per-address limit on how often something may be done (sign-ups, follow requests):
//! `limit` per fixed window, the window starting at the first request. It is counted in the
//! database so that every app server on one PostgreSQL shares it, in the table of the
//! sign-in's counters (`login_throttles`: one upsert per request, forgotten by the
//! background task) under a scope of its own.

use crate::error::DomainError;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::db::{accounts, Db};

#[derive(Clone, Debug)]
pub struct RateLimiter {
    /// What is counted, prefixed to each address (`signup:203.0.113.7`).
    scope: &'static str,
    /// Requests allowed per window; 0 turns the limit off.
    limit: u32,
    /// A counter starts over this long after its window's first request.
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
    ) -> Result<Result<(), i64>, DomainError> {
        if self.limit == 0 {
            return Ok(Ok(()));
        }
        let window = chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX);
        let scope = format!("{}:{address}", self.scope);
        let (count, started) = accounts::count_in_window(db, &scope, now, now - window).await?;
        if count > i64::from(self.limit) {
            let left = (started + window - now).num_seconds().max(1);
            return Ok(Err((left + 59) / 60));
        }
        Ok(Ok(()))
    }
}
