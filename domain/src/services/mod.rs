//! Use cases: each opens its transaction, calls the repositories ([`super::db`]) on it, makes
//! the tokens and queues the mail that go with the change, and commits — or rolls back when
//! the outcome says nothing was done. Server functions authorise, parse and call one of
//! these; repositories only run SQL on the executor they are given. Public pages follow
//! by themselves: triggers (migration 0009) mark public content changed in the same
//! transaction, and the server refreshes its page cache after every request that may write.

pub mod accounts;
pub mod agenda;
pub mod events;
pub mod feeds;
pub mod follows;
pub mod outreach;
pub mod photos;
pub mod search;
pub mod sheets;
pub mod themes;
pub mod updates;

use super::db::DbTx;
use crate::error::DomainError;

/// Commits `tx` when `keep` (the change was made), rolls it back otherwise (a refusal or
/// a no-op leaves nothing behind, not even the row locks' touches).
pub(crate) async fn commit_if(tx: DbTx, keep: bool) -> Result<(), DomainError> {
    if keep {
        tx.commit().await?;
    }
    Ok(())
}
