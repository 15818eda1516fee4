//! Helpers shared by the HTTP test files: settings for a test database, an HTTP client
//! that does not follow redirects, and the session cookie of a response.
#![allow(dead_code)]

use std::time::Duration;

use app::backend::testing::TestDb;
use reqwest::header::{HeaderMap, SET_COOKIE};
use server::Settings;

/// Settings for a server on port 0 over the test database, its media and outbox in the
/// test's scratch folder.
pub fn settings(t: &TestDb, public_url: Option<&str>) -> Settings {
    // `TEST_LOG=debug` (or any filter) shows the servers' logs, with the time of each line.
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

/// The test's local media folder as storage.
#[allow(dead_code)]
pub fn media_storage(t: &TestDb) -> app::backend::storage::Storage {
    app::backend::storage::Storage::local(&t.dir.join("media")).expect("media folder")
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

/// The password of the accounts the tests create.
pub const PASSWORD: &str = "un mot de passe solide";

/// The sheet of the référent that [`seed_with_admin`] creates.
pub const SHEET: &str = "banquet-des-tilleuls";
/// Another sheet of the same centre, with another référent in some tests.
pub const OTHER_SHEET: &str = "repair-cafe-des-tilleuls";
/// The référent of [`SHEET`] (password [`PASSWORD`]).
pub const REFERENT_EMAIL: &str = "camille@centre.example";

/// A centre with two sheets — [`SHEET`] (three pictures, its référent
/// [`REFERENT_EMAIL`], an upcoming banquet with 12 places) and [`OTHER_SHEET`] — and an
/// administrator (`admin@federation.example`). Returns the référent's (email, password)
/// and the id of [`SHEET`].
pub async fn seed_with_admin(t: &TestDb) -> ((String, String), i64) {
    use app::backend::testing::fixtures::{self, Sheet};
    let storage = media_storage(t);
    let centre = fixtures::organisation(&t.db, "Centre social des Tilleuls").await;
    let sheet_id = Sheet::new(centre, SHEET)
        .title("Banquet citoyen des Tilleuls")
        .pictures(3)
        .created_days_ago(1)
        .insert(&t.db, &storage)
        .await;
    Sheet::new(centre, OTHER_SHEET)
        .title("Repair café des Tilleuls")
        .referent_name("Dominique Roux")
        .pictures(1)
        .created_days_ago(2)
        .insert(&t.db, &storage)
        .await;
    let referent =
        fixtures::account(&t.db, REFERENT_EMAIL, "Camille Martin", PASSWORD, false).await;
    app::backend::services::accounts::add_referent(&t.db, sheet_id, referent)
        .await
        .unwrap();
    fixtures::event(&t.db, sheet_id, "Banquet de quartier", 20, Some(12)).await;
    fixtures::account(&t.db, "admin@federation.example", "Admin", PASSWORD, true).await;
    ((REFERENT_EMAIL.to_owned(), PASSWORD.to_owned()), sheet_id)
}

/// Logs in through the `login` server function; returns the session token.
#[allow(dead_code)]
pub async fn login(base: &str, email: &str, password: &str) -> String {
    let response = client()
        .post(format!("{base}/api/login"))
        .header(reqwest::header::ORIGIN, base)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login of {email}");
    session_of(response.headers()).expect("a session cookie")
}

/// GETs a path (with a session when given): status and body.
#[allow(dead_code)]
pub async fn get_page(base: &str, path: &str, session: Option<&str>) -> (u16, String) {
    let mut request = client().get(format!("{base}{path}"));
    if let Some(token) = session {
        request = request.header(reqwest::header::COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// POSTs a form to a server function as the islands do (JSON answer, real status).
#[allow(dead_code)]
pub async fn post_api(
    base: &str,
    endpoint: &str,
    session: Option<&str>,
    form: &[(&str, String)],
) -> (u16, String) {
    let mut request = client()
        .post(format!("{base}/api/{endpoint}"))
        .header(reqwest::header::ORIGIN, base)
        .form(form);
    if let Some(token) = session {
        request = request.header(reqwest::header::COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The decoded text of every message in an outbox folder (quoted-printable undone).
#[allow(dead_code)]
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
#[allow(dead_code)]
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

/// Makes `autre@centre.example` référent of [`OTHER_SHEET`]
/// and logs them in: someone signed in who must not touch [`SHEET`].
#[allow(dead_code)]
pub async fn other_referent(t: &TestDb, base: &str) -> String {
    use app::backend::db::actions;
    let sheet = actions::find_published_sheet(&t.db, OTHER_SHEET)
        .await
        .unwrap()
        .unwrap();
    app::backend::testing::fixtures::referent(&t.db, sheet.id, "autre@centre.example", PASSWORD)
        .await;
    login(base, "autre@centre.example", PASSWORD).await
}
