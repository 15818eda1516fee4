//! Helpers shared by the HTTP test files: settings for a test database, an HTTP client
//! that does not follow redirects, and the session cookie of a response.
#![allow(dead_code)]

use std::time::Duration;

use app::backend::db::testing::TestDb;
use reqwest::header::{HeaderMap, SET_COOKIE};
use server::Settings;

/// Settings for a server on port 0 over the test database, its media and outbox in the
/// test's scratch folder.
pub fn settings(t: &TestDb, public_url: Option<&str>) -> Settings {
    Settings {
        database_url: t.url.clone(),
        site_addr: "127.0.0.1:0".parse().expect("address"),
        public_url: public_url.map(str::to_owned),
        media_dir: t.dir.join("media"),
        site_root: t.dir.join("site"),
        max_connections: 8,
        cache_poll: Duration::from_millis(50),
        smtp_url: None,
        mail_from: server::config::DEFAULT_MAIL_FROM.into(),
        outbox_dir: t.dir.join("outbox"),
        trust_proxy: false,
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

/// The password of the accounts the tests create.
pub const PASSWORD: &str = "un mot de passe solide";

/// Loads the demo data (small pictures) and adds an administrator
/// (`admin@federation.example`, [`PASSWORD`]). Returns the demo référent's (email,
/// password) and the id of the sheet they edit.
pub async fn seed_with_admin(t: &TestDb) -> ((String, String), i64) {
    use app::backend::db::{accounts, actions};
    use app::backend::demo::{self, SeedOutcome, DEMO_REFERENT_SHEET};
    let SeedOutcome::Seeded { referent, .. } = demo::seed(&t.db, &t.dir.join("media"), 60)
        .await
        .expect("seed")
    else {
        panic!("fresh database");
    };
    let sheet = actions::find_published_sheet(&t.db, DEMO_REFERENT_SHEET)
        .await
        .unwrap()
        .unwrap();
    let hash = app::backend::auth::hash_password(PASSWORD.into())
        .await
        .unwrap();
    accounts::create(
        &t.db,
        "admin@federation.example",
        "Admin",
        Some(&hash),
        true,
    )
    .await
    .unwrap();
    (referent, sheet.id)
}
