//! HTTP tests: the real router on port 0, spoken to over HTTP like a browser would.

use crate::common::client;

use std::time::Duration;

use app::backend::db::{actions, connect};
use test_support::fixtures::{self, Sheet};
use test_support::{every_engine, fresh_sqlite, TestDb};
// Editable parts are escaped by the display module (apostrophes included).
use app::backend::display::escape;
use server::{Running, Settings};

use crate::common::SHEET;

fn settings(t: &TestDb) -> Settings {
    crate::common::settings(t, Some("https://passeurs.example.org"))
}

/// A centre with four sheets created on different days ([`SHEET`] with three pictures,
/// one draft that is not published), and a server on them.
async fn sheets_server(t: &TestDb) -> Running {
    crate::common::seed_with_admin(t).await;
    let centre = fixtures::organisation(&t.db, "Espace de vie sociale du Bourg").await;
    let storage = crate::common::media_storage(t);
    for (slug, days) in [("jardin-partage", 5), ("cafe-des-langues", 3)] {
        Sheet::new(centre, slug)
            .created_days_ago(days)
            .insert(&t.db, &storage)
            .await;
    }
    let mut draft = Sheet::new(centre, "brouillon-pas-publie");
    draft.new.published = false;
    draft.insert(&t.db, &storage).await;
    server::start(&settings(t), false)
        .await
        .expect("start the server")
}

async fn get(running: &Running, path: &str) -> (u16, String) {
    let response = client()
        .get(format!("http://{}{path}", running.addr))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

/// The text as it appears in HTML text nodes (the few characters Leptos escapes there).
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sheet_page_shows_every_part_of_a_sheet_in_the_reference_order() {
    for t in every_engine().await {
        let running = sheets_server(&t).await;
        let sheet = actions::find_published_sheet(&t.db, SHEET)
            .await
            .unwrap()
            .expect("the sheet");
        let (status, body) = get(&running, &format!("/actions/{SHEET}")).await;
        assert_eq!(status, 200, "on {}", t.db.engine());

        let canonical = format!("https://passeurs.example.org/actions/{SHEET}");
        // Every part, each found after the previous one: the reference's order.
        let mut parts = vec![
            escape(&sheet.title),
            escape(&sheet.quote),
            escape(&sheet.quote_author),
            html(&sheet.organisation_name),
            "44800 Saint-Herblain".to_owned(),
            "Date de début".to_owned(),
            "01/01/2021".to_owned(),
            "Référent(e) de l'action".to_owned(),
            html(&sheet.referent_name),
            "Résumé".to_owned(),
        ];
        for section in &sheet.sections {
            parts.push(escape(&section.question));
        }
        parts.push("Galerie d'images".to_owned());
        for image in &sheet.gallery {
            parts.push(format!("href=\"{}\"", image.url));
            parts.push(format!("src=\"{}\"", image.thumb_url));
        }
        parts.push("Participez !".to_owned());
        parts.push(format!("href=\"{canonical}\""));
        let body_start = body.find("<body").expect("a body");
        let mut at = body_start;
        for part in &parts {
            match body[at..].find(part.as_str()) {
                Some(offset) => at += offset + part.len(),
                None => panic!("{part:?} missing or out of order in the sheet page"),
            }
        }
        // Head: title, description, canonical link and OpenGraph from the sheet.
        let head = &body[..body_start];
        assert!(head.contains(&format!("<title>{} · Passeurs</title>", html(&sheet.title))));
        assert!(head.contains("name=\"description\""));
        assert!(head.contains(&format!("<link href=\"{canonical}\" rel=\"canonical\">")));
        assert!(head.contains("property=\"og:title\""));
        let og_image = format!(
            "property=\"og:image\" content=\"https://passeurs.example.org/actions/{}/og.jpg\"",
            sheet.slug
        );
        assert!(
            head.contains(&og_image),
            "OpenGraph image made from the sheet"
        );
        assert!(body.contains("<html lang=\"fr\""));
        running.stop().await.expect("stop");
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_slug_gets_a_french_not_found_page_with_status_404() {
    let t = fresh_sqlite().await;
    let running = sheets_server(&t).await;
    for path in ["/actions/nexiste-pas", "/une/adresse/inconnue"] {
        let (status, body) = get(&running, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("Page introuvable"), "{path}");
    }
    running.stop().await.expect("stop");
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_lists_the_published_sheets_newest_first() {
    let t = fresh_sqlite().await;
    let running = sheets_server(&t).await;
    let cards = actions::list_published_cards(&t.db, None, 1).await.unwrap();
    let slugs: Vec<&str> = cards.cards.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            SHEET,
            crate::common::OTHER_SHEET,
            "cafe-des-langues",
            "jardin-partage"
        ],
        "newest first, the draft left out"
    );
    let (status, body) = get(&running, "/").await;
    assert_eq!(status, 200);
    assert!(body.contains("Passeurs"));
    assert!(body.contains("La plateforme des initiatives qui apportent du changement"));
    let mut at = 0;
    for card in &cards.cards {
        let link = format!("href=\"/actions/{}\"", card.slug);
        at += body[at..]
            .find(&link)
            .unwrap_or_else(|| panic!("card {} in order", card.slug));
    }
    assert!(!body.contains("brouillon-pas-publie"));
    running.stop().await.expect("stop");
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_200_with_the_database_and_503_without_it() {
    let t = fresh_sqlite().await;
    let running = server::start(&settings(&t), false).await.expect("start");
    let (status, _) = get(&running, "/healthz").await;
    assert_eq!(status, 200);
    running.state.db.close().await;
    let (status, _) = get(&running, "/healthz").await;
    assert_eq!(status, 503);
    running.stop().await.expect("stop");
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_unpublished_through_another_server_disappears_from_this_servers_cache() {
    let t = fresh_sqlite().await;
    let running = sheets_server(&t).await;
    let path = format!("/actions/{SHEET}");
    let url = format!("http://{}{path}", running.addr);
    let first = client().get(&url).send().await.unwrap();
    assert_eq!(first.headers()["x-page-cache"], "miss");
    let second = client().get(&url).send().await.unwrap();
    assert_eq!(second.headers()["x-page-cache"], "hit");
    assert_eq!(second.status(), 200);

    // Another app server (here: another pool on the same database) unpublishes the sheet.
    let other = connect(&t.url, 1, app::backend::db::DEFAULT_POOL_WAIT)
        .await
        .unwrap();
    let sheet = actions::find_published_sheet(&other, SHEET)
        .await
        .unwrap()
        .unwrap();
    app::backend::services::sheets::set_published(&other, sheet.id, false)
        .await
        .unwrap();
    other.close().await;

    let mut status = 200;
    for _ in 0..100 {
        status = client().get(&url).send().await.unwrap().status().as_u16();
        if status == 404 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status, 404, "the cached page was dropped after the change");
    running.stop().await.expect("stop");
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_for_browsers_that_accept_it() {
    let t = fresh_sqlite().await;
    let running = sheets_server(&t).await;
    let response = client()
        .get(format!("http://{}/actions/{SHEET}", running.addr))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
    running.stop().await.expect("stop");
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_stops_with_one_clear_line_when_the_database_cannot_be_opened() {
    let t = fresh_sqlite().await;
    let mut bad = settings(&t);
    bad.database_url = "mysql://localhost/passeurs".into();
    let error = server::start(&bad, false)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(
        error.contains("DATABASE_URL must start with sqlite: or postgres:"),
        "{error}"
    );
    bad.database_url = "postgres://postgres:secret@127.0.0.1:1/none".into();
    let error = server::start(&bad, false)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("cannot open the database"), "{error}");
    assert!(
        !error.contains("secret"),
        "no password in the message: {error}"
    );
    assert!(!error.contains('\n'));
    t.remove().await;
}
