//! A per-address limit on how often something may be done (sign-ups), kept in the memory
//! of each server process: a fixed window per client address. With several servers each
//! one counts its own requests, which is enough to stop one machine flooding a form.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Forget addresses beyond this many (the map is cleared of old windows first).
const MAX_ADDRESSES: usize = 50_000;

#[derive(Clone)]
pub struct RateLimiter {
    /// Requests allowed per window; 0 turns the limit off.
    limit: u32,
    window: Duration,
    counts: Arc<Mutex<HashMap<String, (Instant, u32)>>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            counts: Arc::default(),
        }
    }

    /// Counts one request from `address`: `Err(minutes to wait)` past the limit.
    pub fn check(&self, address: &str) -> Result<(), i64> {
        if self.limit == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let Ok(mut counts) = self.counts.lock() else {
            return Ok(());
        };
        if counts.len() >= MAX_ADDRESSES {
            let window = self.window;
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
            if counts.len() >= MAX_ADDRESSES {
                counts.clear();
            }
        }
        let entry = counts.entry(address.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().div_ceil(60).max(1) as i64);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_stopped_past_the_limit_and_others_are_not() {
        let limiter = RateLimiter::new(2, Duration::from_secs(600));
        assert!(limiter.check("192.0.2.1").is_ok());
        assert!(limiter.check("192.0.2.1").is_ok());
        assert_eq!(limiter.check("192.0.2.1"), Err(10));
        assert!(limiter.check("192.0.2.2").is_ok());
    }

    #[test]
    fn a_zero_limit_turns_the_limit_off() {
        let limiter = RateLimiter::new(0, Duration::from_secs(600));
        assert!((0..100).all(|_| limiter.check("192.0.2.1").is_ok()));
    }

    #[test]
    fn the_window_starts_over() {
        let limiter = RateLimiter::new(1, Duration::from_millis(20));
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("a").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(limiter.check("a").is_ok());
    }
}
