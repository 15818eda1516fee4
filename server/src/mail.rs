//! The one way Passeurs sends email. With `SMTP_URL` set, messages go through SMTP
//! (lettre); otherwise each message is written as an `.eml` file to the outbox folder and
//! its file name logged — a real, complete message either way, so tests and a first look
//! can read it. Addresses are never logged.

use std::path::PathBuf;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// A message to send: French text, and optionally the same as HTML.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// An iCalendar file to attach (`evenement.ics`), for event emails.
    pub ics: Option<String>,
    /// The one-click unsubscribe address (RFC 8058): sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub list_unsubscribe: Option<String>,
}

/// Why a message could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("invalid attachment: {0}")]
    Attachment(String),
    #[error("cannot write to the outbox {path}: {source}")]
    Outbox {
        path: String,
        source: std::io::Error,
    },
}

/// Where messages go.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Outbox {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { .. } => f.write_str("Mailer::Smtp"),
            Mailer::Outbox { dir, .. } => write!(f, "Mailer::Outbox({})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when `smtp_url` is given (`smtp://`, `smtps://`, with `?tls=required` for
    /// STARTTLS), the outbox folder otherwise.
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from.parse()?;
        Ok(match smtp_url {
            Some(url) => Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build(),
                from,
            },
            None => Mailer::Outbox { dir: outbox, from },
        })
    }

    /// Deletes the outbox's messages written before `before` (nothing to do over SMTP).
    /// Errors are logged: the next round tries again.
    pub async fn purge_outbox(&self, before: chrono::DateTime<chrono::Utc>) {
        let Mailer::Outbox { dir, .. } = self else {
            return;
        };
        let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
            return;
        };
        let before = std::time::SystemTime::from(before);
        while let Ok(Some(entry)) = entries.next_entry().await {
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "eml") {
                continue;
            }
            let old = entry
                .metadata()
                .await
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified < before);
            if old {
                if let Err(error) = tokio::fs::remove_file(&path).await {
                    tracing::warn!(%error, file = %path.display(), "cannot purge an outbox file");
                }
            }
        }
    }

    /// Sends a message (or writes it to the outbox).
    #[tracing::instrument(skip_all, fields(subject = %mail.subject))]
    pub async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        // Every message gets a Message-ID (large providers junk mail without one) and
        // says it was sent by a program (RFC 3834: no vacation replies), whatever the
        // transport.
        let message_id = format!(
            "<{}@{}>",
            app::backend::auth::new_token().0,
            from.email.domain()
        );
        let mut builder = Message::builder()
            .from(from)
            .to(mail.to.parse()?)
            .subject(&mail.subject)
            .message_id(Some(message_id))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ));
        if let Some(address) = &mail.list_unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{address}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let text = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(mail.text.clone());
        let body = match &mail.html {
            Some(html) => MultiPart::alternative().singlepart(text).singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html.clone()),
            ),
            None => MultiPart::mixed().singlepart(text),
        };
        let message = match &mail.ics {
            Some(ics) => {
                let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .map_err(|e| MailError::Attachment(e.to_string()))?;
                builder.multipart(MultiPart::mixed().multipart(body).singlepart(
                    Attachment::new("evenement.ics".to_owned()).body(ics.clone(), calendar),
                ))?
            }
            None if mail.html.is_none() => builder.singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.text.clone()),
            )?,
            None => builder.multipart(body)?,
        };
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await?;
                tracing::info!("mail sent through SMTP");
            }
            Mailer::Outbox { dir, .. } => {
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
                    &app::backend::auth::new_token().0[..8]
                );
                let path = dir.join(&name);
                let outbox_error = |source| MailError::Outbox {
                    path: path.display().to_string(),
                    source,
                };
                tokio::fs::create_dir_all(dir).await.map_err(outbox_error)?;
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(outbox_error)?;
                tracing::info!(file = %path.display(), "mail written to the outbox");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    #[tokio::test]
    async fn the_outbox_forgets_messages_older_than_its_days() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = Mailer::new(
            None,
            dir.path().to_owned(),
            "Passeurs <ne-pas-repondre@passeurs.example>",
        )
        .unwrap();
        let old = dir.path().join("old.eml");
        let recent = dir.path().join("recent.eml");
        let other = dir.path().join("notes.txt");
        for path in [&old, &recent, &other] {
            std::fs::write(path, "x").unwrap();
        }
        let month_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(31 * 86_400);
        for path in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(month_ago)
                .unwrap();
        }
        mailer.purge_outbox(Utc::now() - Duration::days(30)).await;
        assert!(!old.exists(), "a month-old message is deleted");
        assert!(recent.exists(), "a recent one is kept");
        assert!(other.exists(), "only messages are touched");
    }
}
