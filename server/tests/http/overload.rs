//! Overload: when every database connection stays busy, or every photo slot, a request
//! waits a bounded time and then gets a French 503 with `Retry-After`, instead of queueing
//! without bound; service comes back as soon as the load goes.

use std::time::{Duration, Instant};
use test_support::TestApp;

use app::backend::db::Db;
use reqwest::header::{ACCEPT, COOKIE, ORIGIN, RETRY_AFTER};
use test_support::{fixtures, fresh_sqlite};

use crate::common::{client, login, seed_with_admin, settings, SHEET};

fn signup(event_id: i64, email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("event_id", event_id.to_string()),
        ("slug", SHEET.to_owned()),
        ("name", "Awa".to_owned()),
        ("email", email.to_owned()),
        ("people", "1".to_owned()),
        ("message", String::new()),
        ("consent", "on".to_owned()),
    ]
}

fn small_jpeg() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saturated_pool_or_upload_queue_answers_503_with_retry_after_after_a_bounded_wait() {
    let t = fresh_sqlite().await;
    let ((email, password), sheet_id) = seed_with_admin(&t).await;
    let event_id = fixtures::event(&t.db, sheet_id, "Atelier", 20, Some(30)).await;
    let mut tuned = settings(&t, None);
    tuned.max_connections = 2;
    tuned.pool_wait = Duration::from_millis(300);
    tuned.signup_rate_limit = 10;
    tuned.max_concurrent_uploads = 1;
    tuned.upload_wait = Duration::from_secs(1);
    let TestApp { running, base } = TestApp::serve(&tuned).await;
    let session = login(&base, &email, &password).await;

    // Every connection taken (a long report, a stuck transaction…).
    let Db::Sqlite(pool) = &running.state.db else {
        unreachable!("fresh_sqlite")
    };
    let held = vec![pool.acquire().await.unwrap(), pool.acquire().await.unwrap()];
    let started = Instant::now();
    let response = client()
        .post(format!("{base}/api/sign_up"))
        .header(ORIGIN, &base)
        .form(&signup(event_id, "awa@exemple.fr"))
        .send()
        .await
        .unwrap();
    // Bounded: the pool's wait (0.3 s), far below the request deadline (30 s).
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()[RETRY_AFTER], "10");
    let body = response.text().await.unwrap();
    assert!(body.contains("momentanément indisponible"), "{body}");
    // Without JavaScript: a French page, not JSON.
    let response = client()
        .post(format!("{base}/api/sign_up"))
        .header(ORIGIN, &base)
        .header(ACCEPT, "text/html")
        .form(&signup(event_id, "awa@exemple.fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key(RETRY_AFTER));
    let page = response.text().await.unwrap();
    assert!(
        page.contains("<h1>Service momentanément indisponible</h1>"),
        "{page}"
    );
    // A page that needs the database, and the health check.
    let response = client()
        .get(format!("{base}/actions/{SHEET}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key(RETRY_AFTER));
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("momentanément indisponible"));
    let health = client()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 503);
    assert!(health.headers().contains_key(RETRY_AFTER));
    // Someone signed in is not taken for a visitor (who would be sent to the login page).
    let response = client()
        .get(format!("{base}/actions/{SHEET}"))
        .header(COOKIE, format!("passeurs_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key(RETRY_AFTER));
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Service momentanément indisponible"));
    // A feed, outside the server functions.
    let response = client()
        .get(format!("{base}/actions/{SHEET}/flux.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key(RETRY_AFTER));
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("momentanément indisponible"));
    // Nothing was written meanwhile.
    drop(held);
    assert!(app::backend::db::events::participants(&t.db, event_id)
        .await
        .unwrap()
        .is_empty());
    // The load gone, the same requests succeed.
    let response = client()
        .post(format!("{base}/api/sign_up"))
        .header(ORIGIN, &base)
        .form(&signup(event_id, "awa@exemple.fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let health = client()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    // Every photo slot busy: an upload waits its turn a bounded time, then 503.
    let busy = running
        .state
        .photo_slots
        .clone()
        .acquire_owned()
        .await
        .unwrap();
    let upload = |json: bool| {
        let form = reqwest::multipart::Form::new()
            .part(
                "photo",
                reqwest::multipart::Part::bytes(small_jpeg()).file_name("table.jpg"),
            )
            .text("alt_text", "Une table".to_owned())
            .text("caption", String::new());
        client()
            .post(format!("{base}/actions/{SHEET}/photos"))
            .header(ORIGIN, &base)
            .header(
                ACCEPT,
                if json {
                    "application/json"
                } else {
                    "text/html"
                },
            )
            .header(COOKIE, format!("passeurs_session={session}"))
            .multipart(form)
            .send()
    };
    let started = Instant::now();
    let response = upload(true).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "it waited its turn"
    );
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key(RETRY_AFTER));
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("momentanément indisponible"));
    let response = upload(false).await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Service momentanément indisponible"));
    drop(busy);
    let response = upload(true).await.unwrap();
    assert_eq!(response.status(), 200);
    running.stop().await.unwrap();
    t.remove().await;
}

/// Servers started in the same process while one renders pages (this suite does it all the
/// time) never leave a page waiting: the app's routes are walked once per process, because
/// each walk holds back every resource first polled meanwhile, in any server, for good
/// (leptos-rs/leptos#4773). Before, such a page waited until its 30 s deadline: a 408.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_servers_of_the_process_start() {
    let t = fresh_sqlite().await;
    seed_with_admin(&t).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let others = settings(&t, None);
    let starting = tokio::spawn(async move {
        for _ in 0..40 {
            let other = server::start(&others, false).await.unwrap();
            other.stop().await.unwrap();
        }
    });
    // Four visitors at once, each on a query string the cache does not keep: every visit
    // renders, polling new resources.
    let visitors: Vec<_> = (0..4)
        .map(|visitor| {
            let base = base.clone();
            let starting = starting.abort_handle();
            tokio::spawn(async move {
                let client = client();
                let mut served = 0;
                while !starting.is_finished() || served < 5 {
                    let path = format!("/actions/{SHEET}?visite={visitor}-{served}");
                    let response = client.get(format!("{base}{path}")).send().await.unwrap();
                    assert_eq!(response.status().as_u16(), 200, "{path}");
                    let page = response.text().await.unwrap();
                    assert!(page.contains("Banquet citoyen des Tilleuls"), "{path}");
                    served += 1;
                }
                served
            })
        })
        .collect();
    let mut served = 0;
    for visitor in visitors {
        served += visitor.await.unwrap();
    }
    starting.await.unwrap();
    assert!(served >= 20, "{served} pages");
    running.stop().await.unwrap();
    t.remove().await;
}
