//! Mail to addresses that have not proven they are their typer's: one budget per recipient.
//! Anyone can type anyone's address into "Suivre" or a sign-up form, so every message such
//! a request sends to an address whose owner never opened one of our links draws on that
//! address's budget for the day (`UNVERIFIED_MAIL_PER_DAY`, 3 by default), counted in the
//! database so that every server sees the same count. Past it nothing more is sent that
//! day; the answer on screen does not change. Once the owner opens a link mailed to it (a
//! personal page, a follow confirmation), the address is proven and is no longer capped.

use crate::error::DomainError;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use crate::db::mail_queue::{self, OutgoingMail};
use crate::db::{Db, DbTx};

/// The day a budget is counted for: the date in Europe/Paris, `YYYY-MM-DD`.
pub fn budget_day(now: DateTime<Utc>) -> String {
    now.with_timezone(&Paris).format("%Y-%m-%d").to_string()
}

/// Midnight of today in Europe/Paris.
pub fn day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&Paris).date_naive();
    Paris
        .from_local_datetime(&today.and_time(NaiveTime::MIN))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or(now - Duration::hours(24))
}

/// The start of the next day in Europe/Paris, 8 in the morning (when a message held for
/// the next day goes out).
pub fn next_morning(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.with_timezone(&Paris).date_naive() + Duration::days(1);
    Paris
        .from_local_datetime(
            &tomorrow.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()),
        )
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or(now + Duration::hours(24))
}

/// What became of a message to a possibly unproven address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Queued (its id).
    Queued(i64),
    /// Not sent: the address's budget for the day is spent.
    OverBudget,
}

/// Queues `mail` to go out at `at`, drawing on its recipient's budget for the day it
/// leaves unless the address is proven. Inside the caller's transaction, so a refused
/// change spends nothing.
pub async fn queue(
    tx: &mut DbTx,
    mail: &OutgoingMail,
    per_day: u32,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Sent, DomainError> {
    let key = mail_queue::address_key(&mail.recipient);
    if !mail_queue::is_proven(tx, &key).await?
        && !mail_queue::draw_budget(tx, &key, &budget_day(at.max(now)), per_day).await?
    {
        tracing::info!(
            kind = mail.kind,
            "message to an unproven address over its daily budget: not sent"
        );
        return Ok(Sent::OverBudget);
    }
    mail_queue::enqueue_at(tx, mail, at).await.map(Sent::Queued)
}

/// Records that the owner of `email` opened a link mailed to it. A failure is only logged:
/// the page they opened still answers.
pub async fn prove(db: &Db, email: &str, now: DateTime<Utc>) {
    let key = mail_queue::address_key(email);
    if let Err(error) = mail_queue::prove(db, &key, &budget_day(now), now).await {
        tracing::warn!(%error, "cannot record that an address is proven");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_are_counted_per_day_in_paris_and_held_mail_goes_out_the_next_morning() {
        let late = Utc.with_ymd_and_hms(2026, 12, 7, 23, 30, 0).unwrap();
        assert_eq!(
            budget_day(late),
            "2026-12-08",
            "00:30 in Paris is the next day"
        );
        let noon = Utc.with_ymd_and_hms(2026, 12, 7, 11, 0, 0).unwrap();
        assert_eq!(budget_day(noon), "2026-12-07");
        assert_eq!(
            next_morning(noon),
            Utc.with_ymd_and_hms(2026, 12, 8, 7, 0, 0).unwrap(),
            "8:00 in Paris, winter time"
        );
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        assert_eq!(
            next_morning(summer),
            Utc.with_ymd_and_hms(2026, 7, 2, 6, 0, 0).unwrap(),
            "8:00 in Paris, summer time"
        );
    }
}
