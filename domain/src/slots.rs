//! A bounded number of turns for CPU-heavy work a visitor can ask for (password hashing,
//! drawing an image): past a short wait the visitor gets a French 503 with `Retry-After`
//! instead of queueing behind everyone else, so a flood of requests cannot hold the cores.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

/// How long a request waits for a turn before it is answered 503.
pub const TURN_WAIT: Duration = Duration::from_secs(5);

/// `count` turns, each waited for at most `wait`.
#[derive(Clone, Debug)]
pub struct Slots {
    turns: Arc<Semaphore>,
    wait: Duration,
    /// What the turns are for, in the logs.
    what: &'static str,
}

impl Slots {
    pub fn new(what: &'static str, count: usize, wait: Duration) -> Self {
        Slots {
            turns: Arc::new(Semaphore::new(count.max(1))),
            wait,
            what,
        }
    }

    /// A turn, held until the permit is dropped; [`AppError::Unavailable`] past the wait.
    pub async fn turn(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(self.wait, self.turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(error)) => Err(AppError::internal("CPU slots closed", &error)),
            Err(_) => {
                tracing::warn!(what = self.what, "every turn stayed busy: answered 503");
                Err(AppError::Unavailable)
            }
        }
    }

    /// Turns free now.
    pub fn available(&self) -> usize {
        self.turns.available_permits()
    }
}

/// The turns of the work visitors can ask for that takes a core each.
#[derive(Clone, Debug)]
pub struct CpuTurns {
    /// Passwords hashed or checked at once (Argon2 takes a core for tens of milliseconds).
    pub passwords: Slots,
    /// Images drawn at once (the OpenGraph image of a sheet).
    pub images: Slots,
}

impl CpuTurns {
    /// `count` turns of each kind, each waited for at most [`TURN_WAIT`].
    pub fn new(count: usize) -> Self {
        CpuTurns {
            passwords: Slots::new("password hashing", count, TURN_WAIT),
            images: Slots::new("image drawing", count, TURN_WAIT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_its_turns_a_request_waits_then_gets_unavailable() {
        let slots = Slots::new("test", 1, Duration::from_millis(20));
        let held = slots.turn().await.expect("a first turn");
        assert!(matches!(slots.turn().await, Err(AppError::Unavailable)));
        drop(held);
        assert!(slots.turn().await.is_ok(), "free again");
    }
}
