//! A real server for a test: the settings of a server on port 0 over a test database (its
//! media, site and outbox in the test's scratch folder), [`TestApp`] to start it, and the
//! requests a test sends as a browser would — a client that shows redirects instead of
//! following them, the session cookie of an answer, a login, a page, a server function.

use std::time::Duration;

use reqwest::header::{HeaderMap, COOKIE, ORIGIN, SET_COOKIE};
use server::{Running, Settings};

use crate::db::TestDb;

/// Settings for a server on port 0 over the test database, its media and outbox in the
/// test's scratch folder. `TEST_LOG=debug` (or any filter) shows the servers' logs, with
/// the time of each line.
pub fn settings(t: &TestDb, public_url: Option<&str>) -> Settings {
    if let Ok(filter) = std::env::var("TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_thread_names(true)
            .try_init();
    }
    let mut settings = Settings::defaults();
    settings.database_url = t.url.clone().into();
    settings.site_addr = "127.0.0.1:0".parse().expect("address");
    settings.public_url = public_url.map(str::to_owned);
    settings.media_dir = t.dir.join("media");
    settings.site_root = t.dir.join("site");
    settings.max_connections = 8;
    settings.cache_poll = Duration::from_millis(50);
    settings.outbox_dir = t.dir.join("outbox");
    settings.signup_rate_limit = 0;
    settings.jobs_interval = Duration::from_millis(200_000);
    settings
}

/// A server started for one test, and the address to reach it.
pub struct TestApp {
    pub running: Running,
    /// `http://127.0.0.1:{port}`, without a trailing slash.
    pub base: String,
}

impl TestApp {
    /// A server with [`settings`] over `t`.
    pub async fn start(t: &TestDb) -> TestApp {
        TestApp::serve(&settings(t, None)).await
    }

    /// A server with `settings` (those of [`settings`], changed by the test).
    pub async fn serve(settings: &Settings) -> TestApp {
        let running = server::start(settings, false).await.expect("start");
        let base = format!("http://{}", running.addr);
        TestApp { running, base }
    }

    /// Signs in through the `login` server function; returns the session token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        login(&self.base, email, password).await
    }

    /// GETs `path` (with a session when given): status and body.
    pub async fn get(&self, path: &str, session: Option<&str>) -> (u16, String) {
        get_page(&self.base, path, session).await
    }

    /// POSTs a form to a server function as the islands do (JSON answer, real status).
    pub async fn post_api(
        &self,
        endpoint: &str,
        session: Option<&str>,
        form: &[(&str, String)],
    ) -> (u16, String) {
        post_api(&self.base, endpoint, session, form).await
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop(self) {
        self.running.stop().await.expect("stop");
    }
}

/// A client that shows redirects instead of following them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The session token a response sets, if any.
pub fn session_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("passeurs_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
        .filter(|token| !token.is_empty())
}

/// Signs in through the `login` server function of the server at `base`; returns the
/// session token (and fails the test when the login is refused).
pub async fn login(base: &str, email: &str, password: &str) -> String {
    login_with_origin(base, base, email, password).await
}

/// [`login`] from a page at `origin` (the site's `PUBLIC_URL` when the test sets one: the
/// cross-site guard compares the two).
pub async fn login_with_origin(base: &str, origin: &str, email: &str, password: &str) -> String {
    let response = client()
        .post(format!("{base}/api/login"))
        .header(ORIGIN, origin)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login of {email}");
    session_of(response.headers()).expect("a session cookie")
}

/// GETs a path (with a session when given): status and body.
pub async fn get_page(base: &str, path: &str, session: Option<&str>) -> (u16, String) {
    let mut request = client().get(format!("{base}{path}"));
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// POSTs a form to a server function as the islands do (JSON answer, real status).
pub async fn post_api(
    base: &str,
    endpoint: &str,
    session: Option<&str>,
    form: &[(&str, String)],
) -> (u16, String) {
    let mut request = client()
        .post(format!("{base}/api/{endpoint}"))
        .header(ORIGIN, base)
        .form(form);
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The decoded text of every message in an outbox folder (quoted-printable undone).
pub fn outbox_messages(dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| std::fs::read(path).ok())
        .map(|raw| decode_quoted_printable(&String::from_utf8_lossy(&raw)))
        .collect()
}

/// Undoes quoted-printable soft line breaks and `=XX` escapes.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
