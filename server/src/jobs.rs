//! The background task of each server process: sends queued mail (and retries what
//! failed), queues the reminders due 48 hours before events and the news for followers
//! (at once, and the Monday digest), forgets unconfirmed follows, and anonymises the
//! registrations of events past the retention period. Every step claims its work in the
//! database, so several processes on one database share it without doing anything twice.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::mail::{Mail, Mailer};
use app::backend::db::{mail_queue, Db};
use app::backend::services::{events, follows};

/// What the task needs.
#[derive(Clone)]
pub struct Jobs {
    pub db: Db,
    pub mailer: Arc<Mailer>,
    pub public_url: String,
    /// Registrations are anonymised this many days after their event ended.
    pub anonymise_after_days: i64,
    /// Sent mail (queue rows and outbox files) is deleted this many days after it left.
    pub mail_kept_days: i64,
    /// Wakes the task at once (after a sign-up) instead of at the next tick.
    pub wakeup: Arc<Notify>,
}

/// Most messages sent in one round, so one round never runs for long.
const BATCH: usize = 200;

impl Jobs {
    /// Runs every step once. Errors are logged; the next round tries again.
    pub async fn run_once(&self) {
        if let Err(error) = events::queue_reminders(&self.db, &self.public_url).await {
            tracing::warn!(%error, "cannot queue reminders");
        }
        // News for followers: at once, and the Monday digest when it is due.
        let now = chrono::Utc::now();
        if let Err(error) = follows::dispatch_news(&self.db, &self.public_url, now).await {
            tracing::warn!(%error, "cannot queue the news for followers");
        }
        if let Err(error) = follows::send_digests(&self.db, &self.public_url, now).await {
            tracing::warn!(%error, "cannot queue the weekly digests");
        }
        if let Err(error) = follows::forget_unconfirmed(&self.db, now).await {
            tracing::warn!(%error, "cannot forget unconfirmed follows");
        }
        if let Err(error) = follows::purge(&self.db, now).await {
            tracing::warn!(%error, "cannot purge old follow links");
        }
        self.deliver_due().await;
        let cutoff = chrono::Utc::now() - chrono::Duration::days(self.anonymise_after_days);
        match events::anonymise_before(&self.db, cutoff).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "registrations anonymised"),
            Err(error) => tracing::warn!(%error, "cannot anonymise registrations"),
        }
        // Sent mail is not kept for ever: neither its rows nor the outbox's files.
        let sent_before = chrono::Utc::now() - chrono::Duration::days(self.mail_kept_days);
        let yesterday = app::backend::services::outreach::budget_day(
            chrono::Utc::now() - chrono::Duration::days(1),
        );
        match mail_queue::purge_sent(&self.db, sent_before, &yesterday).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "sent mail purged"),
            Err(error) => tracing::warn!(%error, "cannot purge sent mail"),
        }
        self.mailer.purge_outbox(sent_before).await;
        // Refused forms nobody came back to hold what people typed: forget them.
        if let Err(error) =
            app::backend::db::returned_forms::purge_expired(&self.db, chrono::Utc::now()).await
        {
            tracing::warn!(%error, "cannot purge returned forms");
        }
        if let Err(error) = app::backend::db::search::reindex_pending(&self.db).await {
            tracing::warn!(%error, "cannot re-index sheets for search");
        }
        // Login and sign-up counters a window past their last attempt count for nothing any
        // more (the sign-up window, 10 minutes, is the shorter);
        // browsers not seen for a year are strangers again.
        let now = chrono::Utc::now();
        if let Err(error) = app::backend::db::accounts::purge_attempts(
            &self.db,
            now - chrono::Duration::minutes(app::backend::auth::LOGIN_WINDOW_MINUTES),
            now - chrono::Duration::days(app::backend::auth::DEVICE_DAYS),
        )
        .await
        {
            tracing::warn!(%error, "cannot purge login counters");
        }
    }

    /// Sends what is due, one claimed message at a time.
    pub async fn deliver_due(&self) -> usize {
        let mut sent = 0;
        for _ in 0..BATCH {
            let claimed = match mail_queue::claim_next(&self.db, chrono::Utc::now()).await {
                Ok(Some(mail)) => mail,
                Ok(None) => break,
                Err(error) => {
                    tracing::warn!(%error, "cannot read the mail queue");
                    break;
                }
            };
            let mail = Mail {
                to: claimed.recipient.clone(),
                subject: claimed.subject.clone(),
                text: claimed.body_text.clone(),
                html: claimed.body_html.clone(),
                ics: claimed.ics.clone(),
                list_unsubscribe: claimed.list_unsubscribe.clone(),
            };
            let outcome = match self.mailer.send(&mail).await {
                Ok(()) => {
                    sent += 1;
                    mail_queue::mark_sent(&self.db, claimed.id).await
                }
                Err(error) => {
                    tracing::warn!(id = claimed.id, kind = %claimed.kind, attempts = claimed.attempts, %error, "mail not sent; will retry");
                    mail_queue::mark_failed(
                        &self.db,
                        claimed.id,
                        claimed.attempts,
                        &error.to_string(),
                    )
                    .await
                }
            };
            if let Err(error) = outcome {
                tracing::warn!(%error, "cannot record the outcome of a mail");
            }
        }
        sent
    }

    /// Runs [`Jobs::run_once`] every `interval`, and at once when woken.
    pub fn spawn(self, interval: Duration) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                self.run_once().await;
                tokio::select! {
                    _ = self.wakeup.notified() => {}
                    _ = tokio::time::sleep(interval) => {}
                }
            }
        })
    }
}
