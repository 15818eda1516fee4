//! Faults, on the release server: SIGKILL under load (SQLite and PostgreSQL), and the
//! database going away and coming back under load.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::backend::db::events::NewEvent;
use app::backend::db::{self, events, Db};
use chrono::Utc;
use reqwest::header::{ORIGIN, RETRY_AFTER};
use test_support::fixtures::{self, Sheet};

use crate::harness::{client_from, AppServer, OwnPostgres};

const SHEET: &str = "banquet-des-tilleuls";
const CAPACITY: i64 = 60;

/// A sheet with one event of [`CAPACITY`] places; returns the event's id.
async fn seed(db: &Db, dir: &std::path::Path) -> i64 {
    let storage = app::backend::storage::Storage::local(&dir.join("media")).expect("media");
    let centre = fixtures::organisation(db, "Centre social des Tilleuls").await;
    let sheet_id = Sheet::new(centre, SHEET)
        .title("Banquet citoyen des Tilleuls")
        .insert(db, &storage)
        .await;
    let starts_at = Utc::now() + chrono::Duration::days(10);
    let new = NewEvent {
        title: "Grand banquet".into(),
        description: String::new(),
        starts_at,
        ends_at: starts_at + chrono::Duration::hours(3),
        place: "Place du marché".into(),
        capacity: Some(CAPACITY),
        signup_deadline: starts_at - chrono::Duration::hours(2),
    };
    app::backend::services::events::create(db, sheet_id, &new)
        .await
        .unwrap()
        .unwrap()
}

/// What the load saw: the emails whose sign-up was acknowledged (200), and every status.
#[derive(Default)]
struct Seen {
    acknowledged: Vec<String>,
    statuses: BTreeMap<u16, usize>,
    /// Bodies of the 503 answers (French, with Retry-After).
    unavailable: Vec<(bool, String)>,
}

/// Sign-ups sent continuously by `workers` tasks to `url` until `stop`, each from its own
/// client address (127.1.x.y: the rate limit stays on and nobody reaches it).
fn load(
    url: String,
    event_id: i64,
    workers: u32,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Seen>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let counter = Arc::new(AtomicU32::new(0));
    (0..workers)
        .map(|_| {
            let (url, stop, seen, counter) =
                (url.clone(), stop.clone(), seen.clone(), counter.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Acquire) {
                    let n = counter.fetch_add(1, Ordering::AcqRel);
                    let address = Ipv4Addr::new(127, 1, (n / 250) as u8, (n % 250) as u8 + 1);
                    let client = reqwest::Client::builder()
                        .local_address(IpAddr::V4(address))
                        .timeout(Duration::from_secs(30))
                        .build()
                        .expect("client");
                    let email = format!("p{n}@exemple.fr");
                    let form = [
                        ("event_id", event_id.to_string()),
                        ("slug", SHEET.to_owned()),
                        ("name", format!("Personne {n}")),
                        ("email", email.clone()),
                        ("people", "1".to_owned()),
                        ("message", String::new()),
                        ("consent", "on".to_owned()),
                    ];
                    let sent = client
                        .post(format!("{url}/api/sign_up"))
                        .header(ORIGIN, &url)
                        .form(&form)
                        .send()
                        .await;
                    let Ok(response) = sent else {
                        // No answer (the server is down): not acknowledged.
                        *seen.lock().unwrap().statuses.entry(0).or_default() += 1;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    };
                    let status = response.status().as_u16();
                    let retry_after = response.headers().contains_key(RETRY_AFTER);
                    let body = response.text().await;
                    let mut seen = seen.lock().unwrap();
                    *seen.statuses.entry(status).or_default() += 1;
                    match (status, body) {
                        // Acknowledged only when the whole answer arrived.
                        (200, Ok(_)) => seen.acknowledged.push(email),
                        (503, Ok(body)) => seen.unavailable.push((retry_after, body)),
                        _ => {}
                    }
                }
            })
        })
        .collect()
}

/// Each acknowledged email is in the database exactly once, and the event holds its
/// capacity with counters equal to its rows.
async fn check_registrations(db: &Db, event_id: i64, acknowledged: &[String]) {
    let sql = "SELECT email, COUNT(*) FROM registrations WHERE event_id = $1 GROUP BY email";
    let rows: Vec<(String, i64)> = app::backend::db::on_db!(db, pool => sqlx::query_as(sql)
        .bind(event_id)
        .fetch_all(pool)
        .await)
    .unwrap();
    let stored: BTreeMap<String, i64> = rows.into_iter().collect();
    assert!(
        stored.values().all(|&n| n == 1),
        "a sign-up stored twice on {}",
        db.engine()
    );
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|email| !stored.contains_key(*email))
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged sign-ups lost on {}: {missing:?}",
        missing.len(),
        db.engine()
    );
    let participants = events::participants(db, event_id).await.unwrap();
    let confirmed: i64 = participants
        .iter()
        .filter(|r| r.status == app::model::RegistrationStatus::Confirmed)
        .map(|r| r.people)
        .sum();
    let waitlisted: i64 = participants
        .iter()
        .filter(|r| r.status == app::model::RegistrationStatus::Waitlisted)
        .map(|r| r.people)
        .sum();
    assert!(confirmed <= CAPACITY, "capacity exceeded: {confirmed}");
    let event = events::find(db, event_id).await.unwrap().unwrap();
    assert_eq!(
        (event.confirmed_people, event.waitlisted_people),
        (confirmed, waitlisted),
        "the event's counters match its rows on {}",
        db.engine()
    );
}

/// A TCP port that accepts connections and never says a word: an SMTP server that hangs,
/// so mail stays queued while the server runs.
fn silent_smtp() -> (u16, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().unwrap().port();
    let thread = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    (port, thread)
}

/// Sign-ups arrive continuously; the server is killed with SIGKILL in the middle and
/// started again. Every acknowledged sign-up is there exactly once, the capacity holds,
/// SQLite's integrity check says ok, and the mail queued before the kill goes out after.
async fn kill_9_under_load(database_url: &str, db: Db, dir: &std::path::Path) {
    let event_id = seed(&db, dir).await;
    let (smtp_port, _smtp) = silent_smtp();
    let env = |smtp: bool| {
        let mut env: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), database_url.to_owned()),
            (
                "OUTBOX_DIR".into(),
                dir.join("outbox").display().to_string(),
            ),
            ("MEDIA_DIR".into(), dir.join("media").display().to_string()),
            ("JOBS_INTERVAL_SECS".into(), "1".into()),
        ];
        if smtp {
            env.push(("SMTP_URL".into(), format!("smtp://127.0.0.1:{smtp_port}")));
        }
        env
    };
    // Before the kill, the mail server hangs: confirmations wait in the queue.
    let mut server = AppServer::start("killed", dir, env(true)).await;
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let workers = load(server.url(), event_id, 12, stop.clone(), seen.clone());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill9();
    let queued_at_kill: BTreeSet<i64> = {
        let sql = "SELECT id FROM mail_queue WHERE sent_at IS NULL
                   AND (claimed_until IS NULL OR claimed_until < $1)";
        app::backend::db::on_db!(&db, pool => sqlx::query_scalar(sql).bind(Utc::now()).fetch_all(pool).await)
            .unwrap()
            .into_iter()
            .collect()
    };
    if let Db::Sqlite(pool) = &db {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Started again, the mail server now answering (the outbox folder).
    server.set_env(env(false));
    server.restart().await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    stop.store(true, Ordering::Release);
    for worker in workers {
        worker.await.unwrap();
    }
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert!(
        seen.acknowledged.len() > CAPACITY as usize,
        "the load reached past the capacity: {:?}",
        seen.statuses
    );
    assert!(
        seen.statuses.keys().all(|s| matches!(s, 0 | 200)),
        "only answers or cut connections: {:?}",
        seen.statuses
    );
    check_registrations(&db, event_id, &seen.acknowledged).await;
    assert!(
        !queued_at_kill.is_empty(),
        "mail was waiting in the queue at the kill"
    );
    // Everything that was queued and not being sent at the kill goes out now.
    let mut unsent = queued_at_kill.clone();
    for _ in 0..300 {
        let sql = "SELECT id FROM mail_queue WHERE sent_at IS NULL";
        let pending: BTreeSet<i64> = app::backend::db::on_db!(&db, pool => sqlx::query_scalar(sql)
            .fetch_all(pool)
            .await)
        .unwrap()
        .into_iter()
        .collect();
        unsent = queued_at_kill.intersection(&pending).copied().collect();
        if unsent.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        unsent.is_empty(),
        "queued before the kill, never sent: {unsent:?}"
    );
    assert!(
        crate::common::outbox_messages(&dir.join("outbox")).len() >= queued_at_kill.len(),
        "the messages are in the outbox"
    );
    if let Db::Sqlite(pool) = &db {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    drop(server);
}

#[tokio::test]
async fn kill_9_under_load_on_sqlite_loses_no_acknowledged_sign_up() {
    let dir = tempfile::Builder::new()
        .prefix("passeurs-kill")
        .tempdir()
        .unwrap();
    let url = format!("sqlite:{}", dir.path().join("passeurs.db").display());
    let db = db::connect_and_migrate(&url, 4, db::DEFAULT_POOL_WAIT)
        .await
        .unwrap();
    kill_9_under_load(&url, db, dir.path()).await;
}

#[tokio::test]
async fn kill_9_under_load_on_postgres_loses_no_acknowledged_sign_up() {
    let postgres = OwnPostgres::start();
    let dir = tempfile::Builder::new()
        .prefix("passeurs-kill")
        .tempdir()
        .unwrap();
    let db = db::connect_and_migrate(&postgres.url(), 4, db::DEFAULT_POOL_WAIT)
        .await
        .unwrap();
    kill_9_under_load(&postgres.url(), db, dir.path()).await;
}

/// The home page (served from the cache when it holds it), and whether it came from it.
async fn home(url: &str) -> (String, bool) {
    let response = client_from(1).get(format!("{url}/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let hit = response
        .headers()
        .get("x-page-cache")
        .is_some_and(|v| v == "hit");
    (response.text().await.unwrap(), hit)
}

/// The database stops under load and starts again: meanwhile requests get a French 503
/// with `Retry-After` and `/healthz` says so; then service resumes by itself, the app never
/// restarted, and no acknowledged sign-up is lost.
#[tokio::test]
async fn the_database_goes_away_and_comes_back_without_restarting_the_app() {
    let postgres = OwnPostgres::start();
    let dir = tempfile::Builder::new()
        .prefix("passeurs-db-away")
        .tempdir()
        .unwrap();
    let db = db::connect_and_migrate(&postgres.url(), 4, db::DEFAULT_POOL_WAIT)
        .await
        .unwrap();
    let event_id = seed(&db, dir.path()).await;
    db.close().await;
    let server = AppServer::start(
        "db-away",
        dir.path(),
        vec![
            ("DATABASE_URL".into(), postgres.url()),
            (
                "OUTBOX_DIR".into(),
                dir.path().join("outbox").display().to_string(),
            ),
            (
                "MEDIA_DIR".into(),
                dir.path().join("media").display().to_string(),
            ),
            ("DATABASE_POOL_WAIT_MS".into(), "1000".into()),
            // Changes by announcement only: the listener must come back by itself.
            ("PAGE_CACHE_POLL_MS".into(), "3600000".into()),
        ],
    )
    .await;
    let url = server.url();
    // The home page in the cache before the outage.
    assert!(home(&url).await.0.contains("Banquet citoyen des Tilleuls"));
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let workers = load(url.clone(), event_id, 8, stop.clone(), seen.clone());
    tokio::time::sleep(Duration::from_millis(1000)).await;

    postgres.stop();
    let health = client_from(1)
        .get(format!("{url}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 503);
    assert!(health.headers().contains_key(RETRY_AFTER));
    assert!(health
        .text()
        .await
        .unwrap()
        .contains("la base de données ne répond pas"));
    // A page that needs the database (the sheet, not in the page cache), and a form
    // without JavaScript.
    let page = client_from(1)
        .get(format!("{url}/actions/{SHEET}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key(RETRY_AFTER));
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("momentanément indisponible"));
    let form = client_from(2)
        .post(format!("{url}/api/sign_up"))
        .header(ORIGIN, &url)
        .header(reqwest::header::ACCEPT, "text/html")
        .form(&[
            ("event_id", event_id.to_string()),
            ("slug", SHEET.to_owned()),
            ("name", "Awa".to_owned()),
            ("email", "awa@exemple.fr".to_owned()),
            ("people", "1".to_owned()),
            ("consent", "on".to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 503);
    assert!(form.headers().contains_key(RETRY_AFTER));
    let page = form.text().await.unwrap();
    assert!(
        page.contains("Service momentanément indisponible"),
        "{page}"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;

    postgres.resume();
    // Service resumes by itself: the same process, never restarted.
    crate::harness::wait_for_ok(&format!("{url}/healthz"), Duration::from_secs(30), || {
        crate::harness::tail(&server.log)
    })
    .await;
    let acknowledged_before = seen.lock().unwrap().acknowledged.len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Release);
    for worker in workers {
        worker.await.unwrap();
    }
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert!(
        seen.acknowledged.len() > acknowledged_before,
        "sign-ups are acknowledged again after the database came back: {:?}",
        seen.statuses
    );
    assert!(
        seen.statuses.keys().all(|s| matches!(s, 200 | 503)),
        "200 or 503, never another error: {:?}",
        seen.statuses
    );
    assert!(seen.statuses.get(&503).is_some_and(|&n| n > 0));
    for (retry_after, body) in &seen.unavailable {
        assert!(*retry_after, "503 with Retry-After");
        assert!(body.contains("momentanément indisponible"), "{body}");
    }
    let db = db::connect(&postgres.url(), 2, db::DEFAULT_POOL_WAIT)
        .await
        .unwrap();
    check_registrations(&db, event_id, &seen.acknowledged).await;
    // The listening connection came back by itself: with the home page in the cache again,
    // a change written to the database now (by anyone) reaches it without any polling.
    home(&url).await;
    let (_, hit) = home(&url).await;
    assert!(hit, "the home page is served from the cache");
    app::backend::db::on_db!(&db, pool => sqlx::query("UPDATE actions SET title = 'Banquet renouvelé' WHERE slug = $1")
        .bind(SHEET)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))
    .unwrap();
    let mut fresh = false;
    for _ in 0..150 {
        if home(&url).await.0.contains("Banquet renouvelé") {
            fresh = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        fresh,
        "the change was announced to the server after the outage"
    );
}
