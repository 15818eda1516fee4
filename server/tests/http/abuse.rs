//! What one hostile visitor (or référent, or administrator) could do to everyone else, and
//! the bound or the escaping that stops it: markup typed into titles, names and text
//! fields comes out as text, cached or not; a stranger's inbox gets at most a few messages
//! a day whatever is typed into "Suivre" and the sign-up forms; names carry no links; the
//! answer to a sign-up never tells whether an address was registered. On every engine.

use std::time::Duration;
use test_support::TestApp;

use app::backend::db::{organisations, themes, Db};
use reqwest::header::{ACCEPT, LOCATION, ORIGIN};
use test_support::fixtures::{self, Sheet};
use test_support::{every_engine, TestDb};

use crate::common::{client, media_storage, outbox_messages, post_api, settings};

/// Markup a hostile visitor would like a page to carry: it closes the title (or a text
/// field) and redirects every visitor elsewhere.
const HOSTILE: &str = "Atelier</title></textarea><meta http-equiv=\"refresh\" content=\"0;url=https://x.example\"> & « co »";

/// What must never appear in a page: the hostile markup, live.
const LIVE_MARKUP: &str = "<meta http-equiv=\"refresh\"";

/// A GET: status, the page cache's verdict (`hit`, `miss` or none) and the body.
async fn get(base: &str, path: &str) -> (u16, String, String) {
    let response = client().get(format!("{base}{path}")).send().await.unwrap();
    let status = response.status().as_u16();
    let cache = response
        .headers()
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, cache, response.text().await.unwrap())
}

/// The `<title>` of a page.
fn title_of(page: &str) -> &str {
    let start = page.find("<title>").expect("a title") + "<title>".len();
    let end = start + page[start..].find("</title>").expect("the title's end");
    &page[start..end]
}

/// Asserts `page` carries the hostile text as text in its title, and no live markup.
fn assert_title_is_text(page: &str, what: &str) {
    assert!(
        !page.contains(LIVE_MARKUP),
        "{what}: live markup in the page"
    );
    let title = title_of(page);
    assert!(
        title.contains(
            "Atelier&lt;/title&gt;&lt;/textarea&gt;&lt;meta http-equiv=&quot;refresh&quot;"
        ),
        "{what}: {title}"
    );
    assert!(title.contains("&amp; « co »"), "{what}: {title}");
}

/// A centre named with markup, its sheet titled and themed with it, and an event too.
async fn hostile_content(t: &TestDb) -> (i64, String, String, String, i64) {
    let centre = fixtures::organisation(&t.db, HOSTILE).await;
    let mut sheet = Sheet::new(centre, "atelier-hostile").title(HOSTILE);
    sheet.new.themes = vec![HOSTILE.to_owned()];
    let sheet_id = sheet.insert(&t.db, &media_storage(t)).await;
    let event = fixtures::event(&t.db, sheet_id, HOSTILE, 10, Some(20)).await;
    let organisation = organisations::find(&t.db, centre)
        .await
        .unwrap()
        .expect("the centre");
    let theme = themes::list(&t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|theme| theme.name == HOSTILE)
        .expect("the theme");
    (
        sheet_id,
        "atelier-hostile".to_owned(),
        organisation.slug,
        theme.slug,
        event,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_typed_into_titles_and_names_comes_out_as_text_cached_or_not() {
    for t in every_engine().await {
        let (_, sheet, organisation, theme, event) = hostile_content(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        // The search's canonical address (the one its form's answer leads to).
        let typed = format!("/initiatives?q={}", app::backend::forms::encode(HOSTILE));
        let response = client().get(format!("{base}{typed}")).send().await.unwrap();
        let search = match response.headers().get(LOCATION) {
            Some(location) => location.to_str().unwrap().to_owned(),
            None => typed,
        };
        let cached = [
            (format!("/actions/{sheet}"), "a sheet's title"),
            (
                format!("/organisations/{organisation}"),
                "an organisation's name",
            ),
            (format!("/themes/{theme}"), "a theme's name"),
            (search, "a search"),
        ];
        for (path, what) in &cached {
            // Rendered, then served from the cache: both are text.
            for expected in ["miss", "hit"] {
                let (status, cache, page) = get(&base, path).await;
                assert_eq!(status, 200, "{what} {path}");
                assert_eq!(cache, expected, "{what} {path}");
                assert_title_is_text(&page, what);
            }
        }
        for (path, what) in [
            (format!("/actions/{sheet}/imprimer"), "the printed sheet"),
            (format!("/evenements/{event}/affiche"), "an event's poster"),
        ] {
            let (status, _, page) = get(&base, &path).await;
            assert_eq!(status, 200, "{what}");
            assert_title_is_text(&page, what);
        }
        // The sheet shows the event's title as text too.
        let (_, _, page) = get(&base, &format!("/actions/{sheet}")).await;
        assert!(page.contains("Atelier&lt;/title&gt;"), "the event's title");
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_typed_into_a_refused_form_comes_back_as_text_in_its_field() {
    for t in every_engine().await {
        let (_, sheet, _, _, event) = hostile_content(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        // Without JavaScript, a refused sign-up comes back with what was typed.
        let response = client()
            .post(format!("{base}/api/sign_up"))
            .header(ORIGIN, &base)
            .header(ACCEPT, "text/html")
            .form(&[
                ("event_id", event.to_string()),
                ("name", "Awa".to_owned()),
                ("email", "pas-une-adresse".to_owned()),
                ("people", "1".to_owned()),
                ("message", HOSTILE.to_owned()),
                ("consent", "on".to_owned()),
            ])
            .send()
            .await
            .unwrap();
        let back = response.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(back.starts_with(&format!("/actions/{sheet}?")), "{back}");
        let (status, _, page) = get(&base, &back).await;
        assert_eq!(status, 200);
        assert!(
            !page.contains(LIVE_MARKUP),
            "live markup in the returned form"
        );
        assert!(
            page.contains("Atelier&lt;/title&gt;&lt;/textarea&gt;&lt;meta"),
            "the message comes back as text in its field"
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}

/// Waits until the background task has nothing due left to send, then returns the
/// messages to `to` in the outbox.
async fn settled_mail_to(t: &TestDb, to: &str) -> Vec<String> {
    let mut last = usize::MAX;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let due = unsent_due(&t.db).await;
        let count = outbox_messages(&t.dir.join("outbox")).len();
        if due == 0 && count == last {
            break;
        }
        last = count;
    }
    outbox_messages(&t.dir.join("outbox"))
        .into_iter()
        .filter(|m| m.contains(&format!("To: {to}")))
        .collect()
}

/// Messages queued, due now and not sent.
async fn unsent_due(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND next_attempt_at <= $1";
    let now = chrono::Utc::now();
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(now).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(now).fetch_one(pool).await,
    }
    .unwrap()
}

/// Messages to `to` still in the queue (held for later), with their text.
async fn held_for(db: &Db, to: &str) -> Vec<String> {
    let sql = "SELECT body_text FROM mail_queue WHERE sent_at IS NULL AND recipient = $1";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(to).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(to).fetch_all(pool).await,
    }
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_five_follow_requests_for_a_stranger_send_one_message_listing_them() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let TestApp { running, base } = TestApp::serve(&settings).await;
        let stranger = "inconnue@exemple.fr";
        // Départements 01 to 26, Corsica (20) being 2A and 2B.
        for n in (1..=26).filter(|n| *n != 20) {
            let (status, _) = post_api(
                &base,
                "follow",
                None,
                &[
                    ("scope", format!("departement:{n:02}")),
                    ("email", stranger.to_owned()),
                    ("rhythm", "weekly".to_owned()),
                ],
            )
            .await;
            assert_eq!(status, 200, "request {n}: the answer does not change");
            if n == 1 {
                // The first message leaves before the others are asked.
                assert_eq!(settled_mail_to(&t, stranger).await.len(), 1);
            }
        }
        let sent = settled_mail_to(&t, stranger).await;
        assert_eq!(sent.len(), 1, "one message today, whatever was asked");
        assert!(sent[0].contains("/suivre/confirmer/"));
        // The others wait for tomorrow morning, in one message listing every follow still
        // waiting (the first one too, unconfirmed), each with its own link.
        let held = held_for(&t.db, stranger).await;
        assert_eq!(held.len(), 1, "{held:?}");
        assert_eq!(held[0].matches("/suivre/confirmer/").count(), 25);
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ups_for_a_strangers_address_mail_them_at_most_three_times_a_day() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let mut events = Vec::new();
        for n in 0..5 {
            events.push(
                fixtures::event(&t.db, sheet_id, &format!("Atelier {n}"), 10 + n, None).await,
            );
        }
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let TestApp { running, base } = TestApp::serve(&settings).await;
        let stranger = "voisine@exemple.fr";
        let mut answers = Vec::new();
        for event in &events {
            answers.push(
                post_api(
                    &base,
                    "sign_up",
                    None,
                    &[
                        ("event_id", event.to_string()),
                        ("name", "Awa".to_owned()),
                        ("email", stranger.to_owned()),
                        ("people", "1".to_owned()),
                        ("consent", "on".to_owned()),
                    ],
                )
                .await,
            );
        }
        assert!(
            answers.iter().all(|a| a == &answers[0] && a.0 == 200),
            "{answers:?}"
        );
        let sent = settled_mail_to(&t, stranger).await;
        assert_eq!(sent.len(), 3, "UNVERIFIED_MAIL_PER_DAY is 3 by default");
        // Every sign-up is kept all the same.
        let rows: i64 = match &t.db {
            Db::Sqlite(pool) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE email = $1")
                    .bind(stranger)
                    .fetch_one(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE email = $1")
                    .bind(stranger)
                    .fetch_one(pool)
                    .await
            }
        }
        .unwrap();
        assert_eq!(rows, 5);
        // Only those whose confirmation went will have a reminder: nothing more days later.
        let sql =
            "SELECT COUNT(*) FROM registrations WHERE email = $1 AND reminder_queued_at IS NULL";
        let awaiting: i64 = match &t.db {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(stranger).fetch_one(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).bind(stranger).fetch_one(pool).await,
        }
        .unwrap();
        assert_eq!(awaiting, 3, "reminders only where the confirmation went");

        // Once the owner opens a link mailed to it, the address is proven: no more cap.
        let link = sent[0]
            .split_whitespace()
            .find(|w| w.contains("/inscription/"))
            .expect("a personal link")
            .to_owned();
        let path = &link[link.find("/inscription/").unwrap()..];
        let (status, _, _) = get(&base, path).await;
        assert_eq!(status, 200);
        let extra = fixtures::event(&t.db, sheet_id, "Atelier de plus", 20, None).await;
        let (status, _) = post_api(
            &base,
            "sign_up",
            None,
            &[
                ("event_id", extra.to_string()),
                ("name", "Awa".to_owned()),
                ("email", stranger.to_owned()),
                ("people", "1".to_owned()),
                ("consent", "on".to_owned()),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(settled_mail_to(&t, stranger).await.len(), 4, "proven: sent");
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sign_up_with_the_same_address_answers_the_same_and_only_mails_the_link() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let event = fixtures::event(&t.db, sheet_id, "Atelier cuisine", 12, Some(10)).await;
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let TestApp { running, base } = TestApp::serve(&settings).await;
        let form = |name: &str| {
            vec![
                ("event_id", event.to_string()),
                ("name", name.to_owned()),
                ("email", "lea@exemple.fr".to_owned()),
                ("people", "2".to_owned()),
                ("consent", "on".to_owned()),
            ]
        };
        // With JavaScript: the same answer, and no personal link in it.
        let first = post_api(&base, "sign_up", None, &form("Léa")).await;
        let again = post_api(&base, "sign_up", None, &form("Quelqu'un d'autre")).await;
        assert_eq!(first.0, 200, "{first:?}");
        assert_eq!(first, again, "a repeated address answers like a new one");
        assert!(!first.1.contains("inscription/"), "{}", first.1);
        // Without JavaScript: back to the sheet, the same place for both.
        let mut locations = Vec::new();
        for _ in 0..2 {
            let response = client()
                .post(format!("{base}/api/sign_up"))
                .header(ORIGIN, &base)
                .header(ACCEPT, "text/html")
                .form(&form("Léa"))
                .send()
                .await
                .unwrap();
            locations.push(response.headers()[LOCATION].to_str().unwrap().to_owned());
        }
        assert_eq!(locations[0], locations[1]);
        assert!(
            locations[0].ends_with(&format!("?inscription={event}#evenement-{event}")),
            "{}",
            locations[0]
        );
        let (status, _, page) = get(&base, &locations[0]).await;
        assert_eq!(status, 200);
        assert!(
            page.contains(app::texts::SIGNUP_SENT),
            "the sheet says it is sent"
        );
        // One registration; the confirmation, then the link once more (not four times:
        // asking again within minutes sends nothing), never the other name typed.
        let sent = settled_mail_to(&t, "lea@exemple.fr").await;
        assert_eq!(sent.len(), 2, "{sent:#?}");
        assert!(sent.iter().all(|m| m.contains("/inscription/")));
        assert!(sent.iter().all(|m| m.contains("Bonjour Léa")));
        assert!(sent[1].contains("Vous êtes déjà inscrit(e)"), "{}", sent[1]);
        assert!(!sent.iter().any(|m| m.contains("Quelqu'un d'autre")));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_with_a_link_is_refused_and_the_participants_mail_carries_no_message() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let event = fixtures::event(&t.db, sheet_id, "Atelier vélo", 12, None).await;
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let TestApp { running, base } = TestApp::serve(&settings).await;
        let form = |name: &str, message: &str| {
            vec![
                ("event_id", event.to_string()),
                ("name", name.to_owned()),
                ("email", "cible@exemple.fr".to_owned()),
                ("people", "1".to_owned()),
                ("message", message.to_owned()),
                ("consent", "on".to_owned()),
            ]
        };
        for name in [
            "Gagnez http://arnaque.example",
            "Écrivez à gain@arnaque.example",
            "Promo sur arnaque.fr",
        ] {
            let (status, body) = post_api(&base, "sign_up", None, &form(name, "")).await;
            assert_eq!(status, 422, "{name}: {body}");
            assert!(
                body.contains("sans adresse web ni adresse e-mail"),
                "{body}"
            );
        }
        // The message is for the organisers only: never in the participant's mail.
        let (status, _) = post_api(
            &base,
            "sign_up",
            None,
            &form("Awa", "Gagnez sur arnaque point example"),
        )
        .await;
        assert_eq!(status, 200);
        let sent = settled_mail_to(&t, "cible@exemple.fr").await;
        assert_eq!(sent.len(), 1, "only the accepted sign-up mails");
        assert!(!sent[0].contains("Gagnez"), "{}", sent[0]);
        assert!(!sent[0].contains("arnaque"), "{}", sent[0]);
        running.stop().await.unwrap();
        t.remove().await;
    }
}

/// Bytes the refused-form records hold.
async fn returned_form_bytes(db: &Db) -> i64 {
    let sql = "SELECT CAST(COALESCE(SUM(LENGTH(payload)), 0) AS BIGINT) FROM returned_forms";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_refusals_of_two_megabytes_keep_less_than_one_megabyte() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let huge = "x".repeat(1_900_000);
        let mut first = None;
        for n in 0..40 {
            // A malformed address on the login form is enough to be refused.
            let response = client()
                .post(format!("{base}/api/login"))
                .header(ORIGIN, &base)
                .header(ACCEPT, "text/html")
                .form(&[
                    ("email", format!("pas-une-adresse-{n}{huge}")),
                    ("password", "x".to_owned()),
                ])
                .send()
                .await
                .unwrap();
            assert!(response.status().is_redirection(), "{}", response.status());
            let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
            if n == 0 {
                first = Some(location);
            } else if n >= 12 {
                // Past the quota: back to the form, without a record.
                assert!(!location.contains("retour="), "{n}: {location}");
            }
        }
        let bytes = returned_form_bytes(&t.db).await;
        assert!(bytes < 1_000_000, "{bytes} bytes kept");
        // The first came back cut, saying so.
        let (status, _, page) = get(&base, &first.expect("a first answer")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Ce texte était trop long"), "the cut is said");
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_distinct_searches_never_evicts_a_sheet_and_leaves_no_work_behind() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let mut settings = settings(&t, None);
        settings.page_cache_bytes = 1024 * 1024;
        let TestApp { running, base } = TestApp::serve(&settings).await;
        let sheet = format!("/actions/{}", crate::common::SHEET);
        let (_, cache, _) = get(&base, &sheet).await;
        assert_eq!(cache, "miss");
        let (_, cache, _) = get(&base, "/").await;
        assert_eq!(cache, "miss");
        // Three hundred searches nobody asked before, each a page of its own.
        for n in 0..300 {
            let (status, cache, _) = get(&base, &format!("/initiatives?q=banquet{n}")).await;
            assert_eq!((status, cache.as_str()), (200, "miss"), "{n}");
        }
        let (_, cache, _) = get(&base, &sheet).await;
        assert_eq!(cache, "hit", "the sheet is still served from the cache");
        let (_, cache, _) = get(&base, "/").await;
        assert_eq!(cache, "hit", "so is the home page");
        let held = running.page_cache.bytes();
        assert!(held <= settings.page_cache_bytes, "{held} bytes held");
        assert!(
            running.page_cache.best_compression_backlog()
                <= server::page_cache::MAX_BEST_COMPRESSION_BACKLOG
        );
        // The best compressions still waiting are few, and done within a second or two.
        let mut waited = 0;
        while running.page_cache.best_compression_backlog() > 0 && waited < 40 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            waited += 1;
        }
        assert_eq!(
            running.page_cache.best_compression_backlog(),
            0,
            "work left two seconds after the flood"
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_etag_says_nothing_of_how_many_changes_were_made() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        for _ in 0..3 {
            // A change (a new organisation), then the page again: its tag never carries
            // the content generation, which would count the platform's changes.
            fixtures::organisation(&t.db, "Un centre de plus").await;
            running.page_cache.sync(&t.db).await.unwrap();
            let response = client().get(format!("{base}/")).send().await.unwrap();
            let etag = response.headers()[reqwest::header::ETAG]
                .to_str()
                .unwrap()
                .to_owned();
            let generation = running.page_cache.generation();
            assert!(generation > 0);
            assert!(!etag.contains(&format!("\"{generation}-")), "{etag}");
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_past_the_last_an_image_spelt_otherwise_and_the_sitemap_cannot_fill_the_cache() {
    for t in every_engine().await {
        let (_, sheet, _, theme, _) = hostile_content(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        for path in [
            "/initiatives?page=999999".to_owned(),
            "/initiatives?q=atelier&page=2".to_owned(),
            format!("/themes/{theme}?page=999999"),
        ] {
            let (status, cache, _) = get(&base, &path).await;
            assert_eq!(status, 404, "{path}");
            assert_ne!(cache, "hit", "{path}");
            let (status, cache, _) = get(&base, &path).await;
            assert_eq!((status, cache.as_str()), (404, ""), "{path}: never kept");
        }
        assert_eq!(get(&base, &format!("/themes/{theme}")).await.0, 200);
        // One image per sheet: any query leads to its address.
        let response = client()
            .get(format!("{base}/actions/{sheet}/og.jpg?x=1"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 301);
        assert_eq!(
            response.headers()[LOCATION],
            format!("/actions/{sheet}/og.jpg").as_str()
        );
        // The sitemap reads every sheet: it is kept like the feeds.
        let (status, first, _) = get(&base, "/sitemap.xml").await;
        let (_, second, body) = get(&base, "/sitemap.xml").await;
        assert_eq!(
            (status, first.as_str(), second.as_str()),
            (200, "miss", "hit")
        );
        assert!(body.contains(&format!("/actions/{sheet}</loc>")));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_hashing_and_image_drawing_wait_for_a_turn_then_answer_503() {
    let t = test_support::fresh_sqlite().await;
    crate::common::seed_with_admin(&t).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let state = &running.state;
    // Every turn taken, as a flood of logins or image requests would.
    let mut held = Vec::new();
    while state.cpu.passwords.available() > 0 {
        held.push(state.cpu.passwords.turn().await.unwrap());
    }
    while state.cpu.images.available() > 0 {
        held.push(state.cpu.images.turn().await.unwrap());
    }
    let (status, body) = post_api(
        &base,
        "login",
        None,
        &[
            ("email", crate::common::REFERENT_EMAIL.to_owned()),
            ("password", crate::common::PASSWORD.to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 503, "{body}");
    let response = client()
        .get(format!("{base}/actions/{}/og.jpg", crate::common::SHEET))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response
        .headers()
        .contains_key(reqwest::header::RETRY_AFTER));
    assert!(response.text().await.unwrap().contains("indisponible"));
    // Turns free: both work again.
    drop(held);
    let (status, body) = post_api(
        &base,
        "login",
        None,
        &[
            ("email", crate::common::REFERENT_EMAIL.to_owned()),
            ("password", crate::common::PASSWORD.to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = get(&base, &format!("/actions/{}/og.jpg", crate::common::SHEET)).await;
    assert_eq!(status, 200);
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_without_a_published_sheet_is_not_public() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let hidden = fixtures::organisation(&t.db, "Centre encore discret").await;
        let mut draft = Sheet::new(hidden, "brouillon-discret");
        draft.new.published = false;
        draft.insert(&t.db, &media_storage(&t)).await;
        let slug = organisations::find(&t.db, hidden)
            .await
            .unwrap()
            .unwrap()
            .slug;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        for path in [
            format!("/organisations/{slug}"),
            format!("/organisations/{slug}/flux.atom"),
            format!("/organisations/{slug}/agenda.ics"),
        ] {
            assert_eq!(get(&base, &path).await.0, 404, "{path}");
        }
        // Nor can its id be probed through the follow form.
        let (status, _) = post_api(
            &base,
            "follow",
            None,
            &[
                ("scope", format!("organisation:{hidden}")),
                ("email", "curieux@exemple.fr".to_owned()),
            ],
        )
        .await;
        assert_eq!(status, 404);
        // An administrator sees it, with a banner.
        let admin =
            crate::common::login(&base, "admin@federation.example", crate::common::PASSWORD).await;
        let (status, page) = get_page_as(&base, &format!("/organisations/{slug}"), &admin).await;
        assert_eq!(status, 200);
        assert!(page.contains("aucune fiche publiée"), "the banner");
        running.stop().await.unwrap();
        t.remove().await;
    }
}

async fn get_page_as(base: &str, path: &str, session: &str) -> (u16, String) {
    crate::common::get_page(base, path, Some(session)).await
}

/// Rows of refused-form records.
async fn returned_form_rows(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM returned_forms";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap()
}

/// The photo form is a plain axum handler, not a server function: its refusals to a
/// visitor who is not signed in draw on the same quota of records.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_photo_forms_of_a_visitor_draw_on_the_quota_of_records() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        for n in 0..20 {
            let form = reqwest::multipart::Form::new()
                .text("alt_text", format!("essai {n}"))
                .part(
                    "photo",
                    reqwest::multipart::Part::bytes(b"pas une image".to_vec())
                        .file_name("x.jpg")
                        .mime_str("image/jpeg")
                        .unwrap(),
                );
            let response = client()
                .post(format!("{base}/actions/{}/photos", crate::common::SHEET))
                .header(ORIGIN, &base)
                .header(ACCEPT, "text/html")
                .multipart(form)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_redirection(), "{}", response.status());
            let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
            // Sent to sign in first, the way back to the form inside `suite`.
            assert!(location.starts_with("/connexion?suite="), "{location}");
            assert_eq!(location.contains("retour%3D"), n < 12, "{n}: {location}");
        }
        assert_eq!(
            returned_form_rows(&t.db).await,
            12,
            "the quota's records, no more"
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}
