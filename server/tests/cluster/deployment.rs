//! Two release servers behind nginx (round-robin, `TRUST_PROXY` on) on one PostgreSQL and
//! one bucket, polling effectively off (`PAGE_CACHE_POLL_MS` = one hour): every change
//! seen by the other server arrived by PostgreSQL's `NOTIFY`. Everything goes through
//! nginx, from many client addresses.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use app::backend::db::events::NewEvent;
use app::backend::db::{self, actions, events, Db};
use app::model::RegistrationStatus;
use chrono::Utc;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, ORIGIN, RETRY_AFTER};
use test_support::fixtures::{self, Sheet};

use crate::common::{session_of, PASSWORD};
use crate::harness::{client_from, free_port, served_by, AppServer, Bucket, Nginx, OwnPostgres};

const SHEET: &str = "banquet-des-tilleuls";
const REFERENT: &str = "camille@centre.example";

/// The whole deployment of this test.
pub struct Deployment {
    pub db: Db,
    pub nginx: Nginx,
    pub servers: Vec<AppServer>,
    pub dir: tempfile::TempDir,
    pub sheet_id: i64,
    _bucket: Bucket,
    _postgres: OwnPostgres,
}

impl Deployment {
    pub fn url(&self) -> String {
        self.nginx.url()
    }

    /// Every message both servers wrote to their outboxes.
    pub fn outbox(&self) -> Vec<String> {
        ["outbox-a", "outbox-b"]
            .iter()
            .flat_map(|name| crate::common::outbox_messages(&self.dir.path().join(name)))
            .collect()
    }
}

/// PostgreSQL, moto, the demo-sized data, two release servers and nginx in front.
pub async fn deploy(extra_env: &[(&str, &str)]) -> Deployment {
    let postgres = OwnPostgres::start();
    let bucket = Bucket::start().await;
    let dir = tempfile::Builder::new()
        .prefix("passeurs-cluster")
        .tempdir()
        .expect("scratch folder");
    let db = db::connect_and_migrate(&postgres.url(), 4, db::DEFAULT_POOL_WAIT)
        .await
        .expect("the test's PostgreSQL");
    let centre = fixtures::organisation(&db, "Centre social des Tilleuls").await;
    let sheet_id = Sheet::new(centre, SHEET)
        .title("Banquet citoyen des Tilleuls")
        .pictures(1)
        .insert(&db, &bucket.storage())
        .await;
    fixtures::referent(&db, sheet_id, REFERENT, PASSWORD).await;

    let nginx_port = free_port();
    let public_url = format!("http://127.0.0.1:{nginx_port}");
    let mut servers = Vec::new();
    for name in ["a", "b"] {
        let mut env: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), postgres.url()),
            ("PUBLIC_URL".into(), public_url.clone()),
            ("TRUST_PROXY".into(), "true".into()),
            // Polling effectively off: changes arrive by notification or not at all.
            ("PAGE_CACHE_POLL_MS".into(), "3600000".into()),
            ("JOBS_INTERVAL_SECS".into(), "1".into()),
            ("SIGNUP_RATE_LIMIT".into(), "10".into()),
            (
                "OUTBOX_DIR".into(),
                dir.path()
                    .join(format!("outbox-{name}"))
                    .display()
                    .to_string(),
            ),
            (
                "MEDIA_DIR".into(),
                dir.path()
                    .join(format!("media-{name}"))
                    .display()
                    .to_string(),
            ),
        ];
        env.extend(bucket.env());
        env.extend(
            extra_env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        servers.push(AppServer::start(name, dir.path(), env).await);
    }
    let ports: Vec<u16> = servers.iter().map(|s| s.port).collect();
    let nginx = Nginx::start(dir.path(), nginx_port, &ports).await;
    Deployment {
        db,
        nginx,
        servers,
        dir,
        sheet_id,
        _bucket: bucket,
        _postgres: postgres,
    }
}

/// An event of the sheet starting in `hours`, sign-ups open until two hours before.
async fn event(db: &Db, sheet_id: i64, title: &str, hours: i64, capacity: Option<i64>) -> i64 {
    let starts_at = Utc::now() + chrono::Duration::hours(hours);
    let new = NewEvent {
        title: title.into(),
        description: String::new(),
        starts_at,
        ends_at: starts_at + chrono::Duration::hours(3),
        place: "Place du marché".into(),
        capacity,
        signup_deadline: starts_at - chrono::Duration::hours(2),
    };
    app::backend::services::events::create(db, sheet_id, &new)
        .await
        .expect("create an event")
        .expect("the sheet exists")
}

fn signup(event_id: i64, name: &str, email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("event_id", event_id.to_string()),
        ("slug", SHEET.to_owned()),
        ("name", name.to_owned()),
        ("email", email.to_owned()),
        ("people", "1".to_owned()),
        ("message", String::new()),
        ("consent", "on".to_owned()),
    ]
}

/// POSTs a server function through nginx as an island does: status, body, who answered.
async fn post_api(
    d: &Deployment,
    from: u8,
    endpoint: &str,
    session: Option<&str>,
    form: &[(&str, String)],
) -> (u16, String, String) {
    let mut request = client_from(from)
        .post(format!("{}/api/{endpoint}", d.url()))
        .header(ORIGIN, d.url())
        .form(form);
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.expect("nginx answers");
    let by = served_by(&response);
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
        by,
    )
}

/// GETs through nginx: status, body, who answered.
async fn get(d: &Deployment, path: &str, session: Option<&str>) -> (u16, String, String) {
    let mut request = client_from(3).get(format!("{}{path}", d.url()));
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.expect("nginx answers");
    let by = served_by(&response);
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
        by,
    )
}

/// Waits until `done()` says so, at most `limit`.
async fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() && started.elapsed() < limit {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn to_and_containing(messages: &[String], to: &str, needle: &str) -> usize {
    messages
        .iter()
        .filter(|m| m.contains(&format!("To: {to}")) && m.contains(needle))
        .count()
}

/// The token after `path` in a message.
fn token_after(message: &str, path: &str) -> String {
    let start = message
        .find(path)
        .unwrap_or_else(|| panic!("no {path} in {message}"))
        + path.len();
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

#[tokio::test]
async fn two_servers_behind_nginx_share_sign_ups_sessions_pages_photos_forms_and_mail() {
    let d = deploy(&[]).await;
    let both = |seen: &BTreeSet<String>| seen.len() == 2;

    // 1,000 sign-ups at once for 100 places, from 200 client addresses (5 each, under the
    // limit of 10), spread by nginx over both servers.
    let banquet = event(&d.db, d.sheet_id, "Grand banquet", 24 * 10, Some(100)).await;
    let mut tasks = Vec::new();
    for n in 0..1000u32 {
        let (url, form) = (
            d.url(),
            signup(
                banquet,
                &format!("Personne {n}"),
                &format!("p{n}@exemple.fr"),
            ),
        );
        let client = client_from(2 + (n % 200) as u8);
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(format!("{url}/api/sign_up"))
                .header(ORIGIN, &url)
                .form(&form)
                .send()
                .await
                .expect("an answer");
            let by = served_by(&response);
            let status = response.status().as_u16();
            (status, response.text().await.unwrap_or_default(), by)
        }));
    }
    let mut answers = BTreeSet::new();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut servers = BTreeSet::new();
    for task in tasks {
        let (status, body, by) = task.await.expect("a task");
        *statuses.entry(status).or_default() += 1;
        servers.insert(by);
        if status == 200 {
            answers.insert(body);
        }
    }
    assert_eq!(
        statuses,
        BTreeMap::from([(200, 1000)]),
        "every sign-up answered 200"
    );
    assert!(both(&servers), "both servers took sign-ups: {servers:?}");
    // Confirmed or waitlisted, one answer for all (the mail tells which).
    assert_eq!(answers.len(), 1, "{answers:?}");
    let rows = events::participants(&d.db, banquet).await.unwrap();
    let count = |status| rows.iter().filter(|r| r.status == status).count();
    assert_eq!(count(RegistrationStatus::Confirmed), 100);
    assert_eq!(count(RegistrationStatus::Waitlisted), 900);

    // The rate limit is one for both servers: the 11th sign-up from one address within
    // ten minutes is refused, whichever server it reaches.
    let open = event(&d.db, d.sheet_id, "Atelier cuisine", 24 * 12, None).await;
    let mut answered = BTreeSet::new();
    for n in 0..10 {
        let form = signup(open, &format!("Voisin {n}"), &format!("v{n}@exemple.fr"));
        let (status, body, by) = post_api(&d, 252, "sign_up", None, &form).await;
        assert_eq!(status, 200, "sign-up {n}: {body}");
        answered.insert(by);
    }
    assert!(both(&answered), "{answered:?}");
    for n in 10..12 {
        let form = signup(open, &format!("Voisin {n}"), &format!("v{n}@exemple.fr"));
        let response = client_from(252)
            .post(format!("{}/api/sign_up", d.url()))
            .header(ORIGIN, d.url())
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            429,
            "past the limit on {}",
            served_by(&response)
        );
        assert!(response.headers().contains_key(RETRY_AFTER));
        assert!(response
            .text()
            .await
            .unwrap()
            .contains("Trop d'inscriptions"));
    }

    // A référent signs in through one server; the session works on both.
    let login = client_from(4)
        .post(format!("{}/api/login", d.url()))
        .header(ORIGIN, d.url())
        .form(&[("email", REFERENT), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let session = session_of(login.headers()).expect("a session");
    let mut answered = BTreeSet::new();
    for _ in 0..4 {
        let (status, page, by) = get(&d, &format!("/actions/{SHEET}"), Some(&session)).await;
        assert_eq!(status, 200);
        assert!(page.contains(">Modifier<"), "signed in on {by}");
        answered.insert(by);
    }
    assert!(both(&answered), "{answered:?}");

    // Both servers hold the anonymous page in their cache; the référent edits a part
    // through one; the other hears of it from PostgreSQL (its polling is off).
    let sheet_path = format!("/actions/{SHEET}");
    for _ in 0..4 {
        let (status, page, _) = get(&d, &sheet_path, None).await;
        assert_eq!(status, 200);
        assert!(!page.contains("Nouveau résumé du banquet"));
    }
    let previous = actions::find_published_sheet(&d.db, SHEET)
        .await
        .unwrap()
        .unwrap()
        .summary;
    let (status, body, _) = post_api(
        &d,
        4,
        "save_part",
        Some(&session),
        &[
            ("action_id", d.sheet_id.to_string()),
            ("slug", SHEET.to_owned()),
            ("part", "summary".to_owned()),
            ("value", "Nouveau résumé du banquet.".to_owned()),
            ("previous", previous),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // Far below any polling, far above a notification's delay.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut answered = BTreeSet::new();
    for _ in 0..6 {
        let (status, page, by) = get(&d, &sheet_path, None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Nouveau résumé du banquet."),
            "{by} still serves the old page"
        );
        answered.insert(by);
    }
    assert!(both(&answered), "{answered:?}");

    // A photo uploaded through one server is served by both, from the bucket.
    let photo = {
        let image =
            image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut bytes, image::ImageFormat::Jpeg)
            .expect("a JPEG");
        bytes.into_inner()
    };
    let form = reqwest::multipart::Form::new()
        .part(
            "photo",
            reqwest::multipart::Part::bytes(photo).file_name("table.jpg"),
        )
        .text(
            "alt_text",
            "Une grande table dressée dans la cour".to_owned(),
        )
        .text("caption", String::new());
    let uploaded = client_from(4)
        .post(format!("{}/actions/{SHEET}/photos", d.url()))
        .header(ORIGIN, d.url())
        .header(ACCEPT, "application/json")
        .header(COOKIE, format!("passeurs_session={session}"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let uploaded_by = served_by(&uploaded);
    assert_eq!(uploaded.status(), 200);
    let ids: serde_json::Value = serde_json::from_str(&uploaded.text().await.unwrap()).unwrap();
    let photo_id = ids["ids"][0].as_i64().expect("an id");
    let Db::Postgres(pool) = &d.db else {
        unreachable!("the cluster runs on PostgreSQL")
    };
    let file_name: String =
        sqlx::query_scalar("SELECT file_name FROM gallery_images WHERE id = $1")
            .bind(photo_id)
            .fetch_one(pool)
            .await
            .unwrap();
    let mut answered = BTreeSet::new();
    for _ in 0..4 {
        let response = client_from(5)
            .get(format!("{}/media/{file_name}", d.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "on {}", served_by(&response));
        answered.insert(served_by(&response));
    }
    assert!(both(&answered) && answered.contains(&uploaded_by));

    // A refused form without JavaScript comes back with what was typed, whichever server
    // shows it: the record is in the database.
    let mut shown_by = BTreeSet::new();
    for round in 0..4 {
        let mut form = signup(open, "Bérénice", "pas-une-adresse");
        form.retain(|(k, _)| *k != "consent");
        let response = client_from(240)
            .post(format!("{}/api/sign_up", d.url()))
            .header(ORIGIN, d.url())
            .header(ACCEPT, "text/html")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_redirection(),
            "round {round}: {}",
            response.status()
        );
        let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(location.contains("retour="), "{location}");
        // Every other round, one request in between: the page is then shown by the other
        // server than in the round before (nginx takes them in turn).
        if round % 2 == 1 {
            get(&d, "/healthz", None).await;
        }
        let (status, page, by) = get(&d, &location, None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("value=\"Bérénice\""),
            "the name is kept on {by}"
        );
        shown_by.insert(by);
    }
    assert!(both(&shown_by), "{shown_by:?}");

    // Mail, with both servers' background tasks running every second: each reminder,
    // each follow message and each digest is sent once.
    let soon = event(&d.db, d.sheet_id, "Soupe des voisins", 24 * 9, None).await;
    for n in 0..3u8 {
        let form = signup(soon, &format!("Rappel {n}"), &format!("r{n}@exemple.fr"));
        let (status, body, _) = post_api(&d, 230 + n, "sign_up", None, &form).await;
        assert_eq!(status, 200, "{body}");
    }
    // A week goes by: the event is now 30 hours away, its reminders due.
    let starts_at = Utc::now() + chrono::Duration::hours(30);
    sqlx::query(
        "UPDATE events SET starts_at = $1, ends_at = $2, signup_deadline = $3 WHERE id = $4",
    )
    .bind(starts_at)
    .bind(starts_at + chrono::Duration::hours(3))
    .bind(starts_at - chrono::Duration::hours(2))
    .bind(soon)
    .execute(pool)
    .await
    .unwrap();
    let scope = format!("action:{}", d.sheet_id);
    for (email, rhythm) in [
        ("awa@exemple.fr", "immediate"),
        ("lea@exemple.fr", "weekly"),
    ] {
        let form = [
            ("scope", scope.clone()),
            ("email", email.to_owned()),
            ("rhythm", rhythm.to_owned()),
            ("website", String::new()),
        ];
        let (status, body, _) = post_api(&d, 235, "follow", None, &form).await;
        assert_eq!(status, 200, "{body}");
    }
    let mut outbox = Vec::new();
    wait_until(Duration::from_secs(20), || {
        outbox = d.outbox();
        ["awa@exemple.fr", "lea@exemple.fr"]
            .iter()
            .all(|to| to_and_containing(&outbox, to, "/suivre/confirmer/") == 1)
    })
    .await;
    for to in ["awa@exemple.fr", "lea@exemple.fr"] {
        let confirmation = outbox
            .iter()
            .find(|m| m.contains(&format!("To: {to}")) && m.contains("/suivre/confirmer/"))
            .unwrap_or_else(|| panic!("no confirmation for {to}"));
        let token = token_after(confirmation, "/suivre/confirmer/");
        let (status, body, _) =
            post_api(&d, 236, "confirm_follow", None, &[("token", token)]).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body, _) = post_api(
        &d,
        4,
        "post_update",
        Some(&session),
        &[
            ("action_id", d.sheet_id.to_string()),
            ("date", Utc::now().date_naive().to_string()),
            ("title", "Trente kilos de courges".to_owned()),
            ("body", "Trente kilos, partagés au marché.".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let news = "Trente kilos de courges";
    wait_until(Duration::from_secs(20), || {
        outbox = d.outbox();
        to_and_containing(&outbox, "awa@exemple.fr", news) >= 1
    })
    .await;
    // The digest: the week has passed for Léa's follow and this news (rows moved back in
    // time, in one transaction, so a digest round sees all of it or none).
    let slot = app::backend::services::follows::digest_slot(Utc::now());
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("UPDATE news_items SET created_at = $1 WHERE action_id = $2")
        .bind(slot - chrono::Duration::hours(1))
        .bind(d.sheet_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE follows SET confirmed_at = $1, created_at = $1
         WHERE follower_id = (SELECT id FROM followers WHERE email_key = 'lea@exemple.fr')",
    )
    .bind(slot - chrono::Duration::days(3))
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("UPDATE followers SET digest_slot = NULL WHERE email_key = 'lea@exemple.fr'")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    wait_until(Duration::from_secs(20), || {
        outbox = d.outbox();
        outbox
            .iter()
            .filter(|m| m.contains("Subject: Rappel"))
            .count()
            >= 3
            && to_and_containing(&outbox, "awa@exemple.fr", news) >= 1
            && to_and_containing(&outbox, "lea@exemple.fr", news) >= 1
    })
    .await;
    // Several more rounds of both background tasks: still once each.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let outbox = d.outbox();
    for n in 0..3 {
        let to = format!("r{n}@exemple.fr");
        let reminders = outbox
            .iter()
            .filter(|m| m.contains(&format!("To: {to}")) && m.contains("Subject: Rappel"))
            .count();
        let subjects: Vec<&str> = outbox
            .iter()
            .filter(|m| m.contains(&format!("To: {to}")))
            .filter_map(|m| m.lines().find(|l| l.starts_with("Subject:")))
            .collect();
        assert_eq!(reminders, 1, "reminders to {to}: {subjects:?}");
    }
    assert_eq!(
        to_and_containing(&outbox, "awa@exemple.fr", news),
        1,
        "immediate news"
    );
    assert_eq!(
        to_and_containing(&outbox, "lea@exemple.fr", news),
        1,
        "weekly digest"
    );
}
