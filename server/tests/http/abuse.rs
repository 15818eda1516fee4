//! What one hostile visitor (or référent, or administrator) could do to everyone else, and
//! the bound or the escaping that stops it: markup typed into titles, names and text
//! fields comes out as text, cached or not; a stranger's inbox gets at most a few messages
//! a day whatever is typed into "Suivre" and the sign-up forms; names carry no links; the
//! answer to a sign-up never tells whether an address was registered. On every engine.

use std::time::Duration;

use app::backend::db::{organisations, themes, Db};
use app::backend::testing::fixtures::{self, Sheet};
use app::backend::testing::{every_engine, TestDb};
use reqwest::header::{ACCEPT, LOCATION, ORIGIN};

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

#[tokio::test]
async fn markup_typed_into_titles_and_names_comes_out_as_text_cached_or_not() {
    for t in every_engine().await {
        let (_, sheet, organisation, theme, event) = hostile_content(&t).await;
        let running = server::start(&settings(&t, None), false).await.unwrap();
        let base = format!("http://{}", running.addr);
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

#[tokio::test]
async fn markup_typed_into_a_refused_form_comes_back_as_text_in_its_field() {
    for t in every_engine().await {
        let (_, sheet, _, _, event) = hostile_content(&t).await;
        let running = server::start(&settings(&t, None), false).await.unwrap();
        let base = format!("http://{}", running.addr);
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

#[tokio::test]
async fn twenty_five_follow_requests_for_a_stranger_send_one_message_listing_them() {
    for t in every_engine().await {
        crate::common::seed_with_admin(&t).await;
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let running = server::start(&settings, false).await.unwrap();
        let base = format!("http://{}", running.addr);
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

#[tokio::test]
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
        let running = server::start(&settings, false).await.unwrap();
        let base = format!("http://{}", running.addr);
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

#[tokio::test]
async fn a_second_sign_up_with_the_same_address_answers_the_same_and_only_mails_the_link() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let event = fixtures::event(&t.db, sheet_id, "Atelier cuisine", 12, Some(10)).await;
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let running = server::start(&settings, false).await.unwrap();
        let base = format!("http://{}", running.addr);
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

#[tokio::test]
async fn a_name_with_a_link_is_refused_and_the_participants_mail_carries_no_message() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let event = fixtures::event(&t.db, sheet_id, "Atelier vélo", 12, None).await;
        let mut settings = settings(&t, None);
        settings.jobs_interval = Duration::from_millis(100);
        let running = server::start(&settings, false).await.unwrap();
        let base = format!("http://{}", running.addr);
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
