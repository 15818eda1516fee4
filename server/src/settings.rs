//! The one settings struct: every variable of the README's configuration table, read by
//! `clap` from the environment (and a `.env` file, loaded by the `server` binary) or from
//! the matching `--option`. Defaults let `make run` work on a fresh machine. Secrets — the
//! database URL (it may carry a password), the SMTP URL, the S3 secret key — are
//! [`SecretString`]s: `Debug` and logs show `[REDACTED]`, and using one needs an explicit
//! `expose_secret()`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, CommandFactory, FromArgMatches, Parser};
use secrecy::SecretString;

use app::backend::images::ImageLimits;
use app::backend::state::RequestLimits;

/// Sender of outgoing mail unless `MAIL_FROM` says otherwise.
pub const DEFAULT_MAIL_FROM: &str = "Passeurs <ne-pas-repondre@passeurs.example>";

/// Everything the server reads at startup. Field docs are the `--help` texts.
#[derive(Debug, Clone, Parser)]
pub struct Settings {
    /// `sqlite:` path or `postgres://` URL; the same binary serves both.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/passeurs.db",
        hide_env_values = true,
        hide_default_value = true
    )]
    pub database_url: SecretString,
    /// Where the server listens; port 0 picks a free port (tests).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: SocketAddr,
    /// Absolute base URL people use (canonical links, OpenGraph, emails); default
    /// `http://` + the bound address.
    #[arg(long, env = "PUBLIC_URL", value_parser = public_url)]
    pub public_url: Option<String>,
    /// Folder of the gallery images, served under `/media/`.
    #[arg(long, env = "MEDIA_DIR", default_value = "data/media")]
    pub media_dir: PathBuf,
    /// Folder of the built site (`pkg/`, the public files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Largest number of database connections per server.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_connections: u32,
    /// How long (milliseconds) a request waits for a free database connection when all
    /// `DATABASE_MAX_CONNECTIONS` are busy (or the database is away); then 503 with
    /// `Retry-After`, instead of queueing without bound.
    #[arg(long = "database-pool-wait-ms", env = "DATABASE_POOL_WAIT_MS", default_value = "10000",
          value_parser = milliseconds)]
    pub pool_wait: Duration,
    /// How often (milliseconds) a server looks for content changed through others when it
    /// cannot listen to PostgreSQL's notifications (SQLite, or the listening connection
    /// lost); on PostgreSQL, changes otherwise arrive by `LISTEN`/`NOTIFY` at once.
    #[arg(long = "page-cache-poll-ms", env = "PAGE_CACHE_POLL_MS", default_value = "500",
          value_parser = milliseconds)]
    pub cache_poll: Duration,
    /// Memory for the rendered-page cache, in megabytes (1 to 4096; least recently used
    /// pages go first).
    #[arg(long = "page-cache-mb", env = "PAGE_CACHE_MB", default_value = "64",
          value_parser = cache_megabytes)]
    pub page_cache_bytes: usize,
    /// SMTP server of outgoing mail, e.g. `smtps://user:password@smtp.example.org:465`;
    /// unset, every message is written to `OUTBOX_DIR` as an `.eml` file.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<SecretString>,
    /// Sender of outgoing mail.
    #[arg(long, env = "MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    pub mail_from: String,
    /// Where messages go as `.eml` files without SMTP.
    #[arg(long, env = "OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,
    /// Behind a reverse proxy: take the client's address from the last `X-Forwarded-For`
    /// entry (the one the proxy added) instead of the connection's peer.
    #[arg(long, env = "TRUST_PROXY", default_value = "false", action = clap::ArgAction::Set,
          value_parser = BoolishValueParser::new())]
    pub trust_proxy: bool,
    /// Sign-ups and follow requests allowed per client address per 10 minutes, counted in
    /// the database (shared by every server); 0 = no limit.
    #[arg(long, env = "SIGNUP_RATE_LIMIT", default_value_t = 10)]
    pub signup_rate_limit: u32,
    /// Records of refused forms (what a form sent without JavaScript gets back) a client
    /// address that is not signed in may have made per 10 minutes, counted in the database;
    /// past it the page comes back with a clean form. 0 = no limit.
    #[arg(long, env = "REFUSED_FORM_RATE_LIMIT", default_value_t = 12)]
    pub refused_form_rate_limit: u32,
    /// Messages a day to an address whose owner has not yet opened one of our links
    /// (follow confirmations, sign-up confirmations…), counted in the database. At least 1:
    /// with none, no address could ever receive the link that proves it.
    #[arg(long, env = "UNVERIFIED_MAIL_PER_DAY", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub unverified_mail_per_day: u32,
    /// Sent mail (the queue's rows and the outbox's files) is deleted this many days after
    /// it left.
    #[arg(long, env = "MAIL_KEPT_DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(i64).range(1..=36_500))]
    pub mail_kept_days: i64,
    /// Registrations are anonymised this many days after their event ended.
    #[arg(long, env = "ANONYMISE_AFTER_DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(i64).range(0..=36_500))]
    pub anonymise_after_days: i64,
    /// How often (seconds) the background task sends queued mail and reminders.
    #[arg(long = "jobs-interval-secs", env = "JOBS_INTERVAL_SECS", default_value = "30",
          value_parser = seconds)]
    pub jobs_interval: Duration,
    /// Longest a request may take (seconds), its body included; then 408.
    #[arg(long = "request-timeout-secs", env = "REQUEST_TIMEOUT_SECS", default_value = "30",
          value_parser = seconds)]
    pub request_timeout: Duration,
    /// Longest a photo upload or a CSV export may take (seconds).
    #[arg(long = "long-request-timeout-secs", env = "LONG_REQUEST_TIMEOUT_SECS",
          default_value = "600", value_parser = seconds)]
    pub long_request_timeout: Duration,
    /// Photos decoded at once (each may take hundreds of megabytes).
    #[arg(long, env = "MAX_CONCURRENT_UPLOADS", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub max_concurrent_uploads: u32,
    /// How long (seconds) an upload waits for its turn among `MAX_CONCURRENT_UPLOADS`;
    /// then 503 with `Retry-After`.
    #[arg(long = "upload-wait-secs", env = "UPLOAD_WAIT_SECS", default_value = "20",
          value_parser = seconds)]
    pub upload_wait: Duration,
    /// Largest photo accepted, in megabytes (1 to 200).
    #[arg(long = "max-upload-mb", env = "MAX_UPLOAD_MB", default_value = "15",
          value_parser = megabytes)]
    pub max_upload_bytes: u64,
    /// Largest photo accepted, in megapixels (1 to 200), checked before decoding.
    #[arg(long = "max-upload-megapixels", env = "MAX_UPLOAD_MEGAPIXELS", default_value = "40",
          value_parser = megapixels)]
    pub max_upload_pixels: u64,
    #[command(flatten)]
    pub s3: S3Settings,
}

/// Photos in an S3-compatible bucket instead of the media folder (several app servers).
#[derive(Debug, Clone, Default, Args)]
pub struct S3Settings {
    /// Store photos in this bucket instead of `MEDIA_DIR`.
    #[arg(long = "s3-bucket", env = "S3_BUCKET")]
    pub bucket: Option<String>,
    /// e.g. `http://127.0.0.1:9000` for a self-hosted server; unset for AWS itself.
    #[arg(long = "s3-endpoint", env = "S3_ENDPOINT")]
    pub endpoint: Option<String>,
    /// The bucket's region.
    #[arg(long = "s3-region", env = "S3_REGION", default_value = "us-east-1")]
    pub region: String,
    /// The bucket's access key.
    #[arg(
        long = "s3-access-key-id",
        env = "S3_ACCESS_KEY_ID",
        default_value = ""
    )]
    pub access_key_id: String,
    /// The bucket's secret key.
    #[arg(
        long = "s3-secret-access-key",
        env = "S3_SECRET_ACCESS_KEY",
        hide_env_values = true,
        default_value = "",
        hide_default_value = true
    )]
    pub secret_access_key: SecretString,
}

impl S3Settings {
    /// What the storage needs to reach the bucket.
    pub fn access(&self) -> app::backend::storage::S3Access<'_> {
        use secrecy::ExposeSecret;
        app::backend::storage::S3Access {
            endpoint: self.endpoint.as_deref(),
            region: &self.region,
            access_key_id: &self.access_key_id,
            secret_access_key: self.secret_access_key.expose_secret(),
        }
    }
}

impl Settings {
    /// The settings of this process: `args` (a program name, then options such as
    /// `--database-url`), then the environment, then the defaults. A variable set to blanks
    /// counts as unset.
    pub fn parse_with_env<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let command = Self::ignoring_blank_variables(Self::command());
        Self::from_arg_matches(&command.try_get_matches_from(args)?)
    }

    /// `command` with the variables that are set to blanks left out (`SMTP_URL=` in a
    /// `.env` file means no SMTP server, as if it were not there).
    pub fn ignoring_blank_variables(command: clap::Command) -> clap::Command {
        command.mut_args(|arg| {
            let blank = arg
                .get_env()
                .and_then(std::env::var_os)
                .is_some_and(|value| value.to_string_lossy().trim().is_empty());
            if blank {
                arg.env(None::<&'static str>)
            } else {
                arg
            }
        })
    }

    /// The settings of this process from the environment and the defaults.
    pub fn from_env() -> Result<Self, clap::Error> {
        Self::parse_with_env(["server"])
    }

    /// The defaults alone, whatever the environment says (tests, tools).
    pub fn defaults() -> Self {
        let command = Self::command().mut_args(|arg| arg.env(None::<&'static str>));
        let matches = command
            .try_get_matches_from(["server"])
            .expect("every setting has a default or is optional");
        Self::from_arg_matches(&matches).expect("the defaults are valid")
    }

    /// The photo limits in the form the decoder takes them.
    pub fn image_limits(&self) -> ImageLimits {
        ImageLimits {
            max_bytes: self.max_upload_bytes,
            max_pixels: self.max_upload_pixels,
        }
    }

    /// What requests apply of these settings (the app's state holds it).
    pub fn request_limits(&self) -> RequestLimits {
        RequestLimits {
            images: self.image_limits(),
            upload_wait: self.upload_wait,
            unverified_mail_per_day: self.unverified_mail_per_day,
        }
    }

    /// Every environment variable this struct reads, in order (the README table test).
    pub fn variables() -> Vec<String> {
        Self::command()
            .get_arguments()
            .filter_map(|arg| arg.get_env())
            .map(|name| name.to_string_lossy().into_owned())
            .collect()
    }
}

fn public_url(text: &str) -> Result<String, String> {
    let url = text.trim().trim_end_matches('/');
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(url.to_owned())
    } else {
        Err("expected an absolute address such as https://passeurs.example.org".into())
    }
}

fn whole_number(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| "expected a whole number".to_owned())
}

fn milliseconds(text: &str) -> Result<Duration, String> {
    Ok(Duration::from_millis(whole_number(text)?.max(1)))
}

fn seconds(text: &str) -> Result<Duration, String> {
    Ok(Duration::from_secs(whole_number(text)?.max(1)))
}

fn between_1_and_200(text: &str) -> Result<u64, String> {
    match whole_number(text)? {
        n @ 1..=200 => Ok(n),
        _ => Err("expected a number from 1 to 200".into()),
    }
}

fn cache_megabytes(text: &str) -> Result<usize, String> {
    match whole_number(text)? {
        n @ 1..=4096 => Ok(n as usize * 1024 * 1024),
        _ => Err("expected a number from 1 to 4096".into()),
    }
}

fn megabytes(text: &str) -> Result<u64, String> {
    Ok(between_1_and_200(text)? * 1024 * 1024)
}

fn megapixels(text: &str) -> Result<u64, String> {
    Ok(between_1_and_200(text)? * 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn parse(args: &[&str]) -> Result<Settings, clap::Error> {
        let command = Settings::command().mut_args(|arg| arg.env(None::<&'static str>));
        let matches = command.try_get_matches_from(std::iter::once(&"server").chain(args))?;
        Settings::from_arg_matches(&matches)
    }

    #[test]
    fn the_defaults_are_those_of_the_readme() {
        let s = Settings::defaults();
        assert_eq!(s.database_url.expose_secret(), "sqlite:data/passeurs.db");
        assert_eq!(s.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.max_upload_bytes, 15 * 1024 * 1024);
        assert_eq!(s.max_upload_pixels, 40_000_000);
        assert_eq!(s.jobs_interval, Duration::from_secs(30));
        assert_eq!(s.cache_poll, Duration::from_millis(500));
        assert!(s.s3.bucket.is_none() && s.smtp_url.is_none() && !s.trust_proxy);
        assert_eq!(s.mail_from, DEFAULT_MAIL_FROM);
        assert_eq!(s.page_cache_bytes, 64 * 1024 * 1024);
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let s = parse(&[
            "--database-url",
            "postgres://app:db-hunter2@db.example/passeurs",
            "--smtp-url",
            "smtps://mailer:smtp-hunter2@smtp.example:465",
            "--s3-secret-access-key",
            "s3-hunter2",
            "--s3-bucket",
            "photos",
        ])
        .expect("valid");
        let shown = format!("{s:?}");
        for secret in ["db-hunter2", "smtp-hunter2", "s3-hunter2"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("photos"), "non-secret values stay visible");
        assert_eq!(s.s3.secret_access_key.expose_secret(), "s3-hunter2");
    }

    #[test]
    fn unusable_values_are_refused_with_the_setting_named() {
        for (args, name) in [
            (["--max-upload-mb", "0"], "max-upload-mb"),
            (["--max-upload-mb", "beaucoup"], "max-upload-mb"),
            (["--public-url", "passeurs.example.org"], "public-url"),
            (["--site-addr", "localhost"], "site-addr"),
            (["--trust-proxy", "peut-être"], "trust-proxy"),
        ] {
            let error = parse(&args).expect_err("refused").to_string();
            assert!(error.contains(name), "{error}");
        }
        let s = parse(&[
            "--public-url",
            "https://passeurs.example.org/",
            "--trust-proxy",
            "yes",
        ])
        .unwrap();
        assert_eq!(
            s.public_url.as_deref(),
            Some("https://passeurs.example.org")
        );
        assert!(s.trust_proxy);
    }

    #[test]
    fn the_readme_and_env_example_name_every_variable() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
        let example = std::fs::read_to_string(format!("{root}/.env.example")).unwrap();
        let variables = Settings::variables();
        assert!(variables.len() >= 20, "{variables:?}");
        for name in variables {
            assert!(
                readme
                    .lines()
                    .any(|l| l.starts_with('|') && l.contains(&format!("`{name}`"))),
                "{name} is missing from the README's configuration table"
            );
            assert!(
                example
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{name}="))),
                "{name} is missing from .env.example"
            );
        }
    }
}
