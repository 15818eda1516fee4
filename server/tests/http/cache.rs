//! The rendered-page cache as anonymous visitors meet it: every public change through the
//! site reaches them at once, pages with a deadline expire at it, only canonical addresses
//! are kept, large pages are sent whole, and each page is kept compressed with an `ETag`.

use std::time::Duration;
use test_support::TestApp;

use app::backend::db::{actions, events as stored};
use app::model::OrganisationKind;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_NONE_MATCH, VARY};
use test_support::{every_engine, fresh_sqlite};

use crate::common::{client, login, post_api, seed_with_admin, settings, PASSWORD, SHEET};

/// An anonymous GET: status, the cache's verdict and the (decoded) body.
async fn visit(base: &str, path: &str) -> (u16, String, String) {
    let response = client().get(format!("{base}{path}")).send().await.unwrap();
    let status = response.status().as_u16();
    let verdict = response
        .headers()
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    (status, verdict, response.text().await.unwrap())
}

struct Change {
    what: &'static str,
    admin: bool,
    endpoint: &'static str,
    form: Vec<(&'static str, String)>,
    /// Text the sheet shows after the change (or, with `gone`, no longer shows).
    marker: String,
    gone: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_change_through_the_site_reaches_an_anonymous_visitor_at_once() {
    for t in every_engine().await {
        let ((email, password), sheet_id) = seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let referent = login(&base, &email, &password).await;
        let admin = login(&base, "admin@federation.example", PASSWORD).await;
        let sheet = actions::find_published_sheet(&t.db, SHEET)
            .await
            .unwrap()
            .unwrap();
        let banquet = stored::list_for_action(&t.db, sheet_id)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.capacity == Some(12))
            .expect("the banquet with 12 places")
            .id;
        let organisation = app::backend::db::organisations::list(&t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.name == "Centre social des Tilleuls")
            .unwrap()
            .id;
        let id = sheet_id.to_string();
        let changes = vec![
            Change {
                what: "a part",
                admin: false,
                endpoint: "save_part",
                form: vec![
                    ("action_id", id.clone()),
                    ("part", "title".into()),
                    ("value", "Titre marqueur".into()),
                    ("previous", sheet.title.clone()),
                ],
                marker: "Titre marqueur".into(),
                gone: false,
            },
            Change {
                what: "a section",
                admin: false,
                endpoint: "add_section",
                form: vec![
                    ("action_id", id.clone()),
                    ("question", "Question marqueur ?".into()),
                ],
                marker: "Question marqueur ?".into(),
                gone: false,
            },
            Change {
                what: "news",
                admin: false,
                endpoint: "post_update",
                form: vec![
                    ("action_id", id.clone()),
                    ("date", "2026-11-30".into()),
                    ("title", "Nouvelle marqueur".into()),
                    ("body", String::new()),
                ],
                marker: "Nouvelle marqueur".into(),
                gone: false,
            },
            Change {
                what: "a photo's alt text",
                admin: false,
                endpoint: "describe_photo",
                form: vec![
                    ("action_id", id.clone()),
                    ("photo_id", sheet.gallery[0].id.to_string()),
                    ("alt_text", "Alt marqueur".into()),
                ],
                marker: "Alt marqueur".into(),
                gone: false,
            },
            Change {
                what: "an event",
                admin: false,
                endpoint: "create_event",
                form: vec![
                    ("action_id", id.clone()),
                    ("event[title]", "Atelier marqueur".into()),
                    ("event[starts_at]", "2099-06-18T19:00".into()),
                    ("event[place]", "Maison de quartier".into()),
                ],
                marker: "Atelier marqueur".into(),
                gone: false,
            },
            Change {
                what: "a sign-up (places left)",
                admin: false,
                endpoint: "sign_up",
                form: vec![
                    ("event_id", banquet.to_string()),
                    ("name", "Awa".into()),
                    ("email", "awa@exemple.fr".into()),
                    ("people", "2".into()),
                    ("consent", "on".into()),
                ],
                marker: "Plus que 10 places".into(),
                gone: false,
            },
            Change {
                what: "an organisation",
                admin: true,
                endpoint: "update_organisation",
                form: vec![
                    ("id", organisation.to_string()),
                    ("name", "Centre marqueur".into()),
                    ("kind", OrganisationKind::SocialCentre.code().into()),
                    ("postal_code", "44800".into()),
                    ("city", "Saint-Herblain".into()),
                ],
                marker: "Centre marqueur".into(),
                gone: false,
            },
            Change {
                what: "unpublishing",
                admin: true,
                endpoint: "set_published",
                form: vec![("action_id", id.clone()), ("published", "false".into())],
                marker: "Titre marqueur".into(),
                gone: true,
            },
            Change {
                what: "publishing again",
                admin: true,
                endpoint: "set_published",
                form: vec![("action_id", id.clone()), ("published", "true".into())],
                marker: "Titre marqueur".into(),
                gone: false,
            },
            Change {
                what: "inviting a référent",
                admin: true,
                endpoint: "invite_referent",
                form: vec![
                    ("action_id", id.clone()),
                    ("email", "sam@centre.example".into()),
                    ("name", "Sam Marqueur".into()),
                ],
                marker: "Sam Marqueur".into(),
                gone: false,
            },
        ];
        let path = format!("/actions/{SHEET}");
        for change in changes {
            // The page is in the cache before the change...
            visit(&base, &path).await;
            let (status, verdict, before) = visit(&base, &path).await;
            // (An unpublished sheet is a 404, which is never cached.)
            let expected = if status == 200 { "hit" } else { "none" };
            assert_eq!(verdict, expected, "{}: cached before", change.what);
            assert_eq!(
                before.contains(&change.marker),
                change.gone,
                "{}: not yet",
                change.what
            );
            let session = if change.admin { &admin } else { &referent };
            let (status, body) =
                post_api(&base, change.endpoint, Some(session), &change.form).await;
            assert_eq!(status, 200, "{}: {body}", change.what);
            // ...and the very next anonymous visit sees it.
            let (status, verdict, after) = visit(&base, &path).await;
            assert_ne!(verdict, "hit", "{} ({})", change.what, t.db.engine());
            if change.gone {
                assert_eq!(status, 404, "{}", change.what);
            } else {
                assert_eq!(status, 200, "{}", change.what);
                assert!(
                    after.contains(&change.marker),
                    "{}: {} on the page",
                    change.what,
                    change.marker
                );
            }
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_with_a_deadline_is_not_served_from_the_cache_past_it() {
    let t = fresh_sqlite().await;
    let (_, sheet_id) = seed_with_admin(&t).await;
    // Sign-ups close in two seconds.
    let now = chrono::Utc::now();
    let event = stored::NewEvent {
        title: "Atelier du soir".into(),
        description: String::new(),
        starts_at: now + chrono::Duration::days(3),
        ends_at: now + chrono::Duration::days(3) + chrono::Duration::hours(2),
        place: "Salle des fêtes".into(),
        capacity: Some(5),
        signup_deadline: now + chrono::Duration::seconds(2),
    };
    let id = app::backend::services::events::create(&t.db, sheet_id, &event)
        .await
        .unwrap()
        .unwrap();
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let path = format!("/actions/{SHEET}");
    let card = |page: &str| {
        page.split(&format!("id=\"evenement-{id}\""))
            .nth(1)
            .and_then(|rest| rest.split("</article>").next())
            .unwrap_or_default()
            .to_owned()
    };
    visit(&base, &path).await;
    let (_, verdict, page) = visit(&base, &path).await;
    assert_eq!(verdict, "hit");
    assert!(card(&page).contains("Plus que 5 places"), "{}", card(&page));
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let (_, verdict, page) = visit(&base, &path).await;
    assert_eq!(verdict, "miss", "the cached page expired at the deadline");
    assert!(
        !card(&page).contains("Plus que 5 places"),
        "{}",
        card(&page)
    );
    assert!(
        card(&page).contains("Inscriptions closes") || card(&page).contains("clos"),
        "{}",
        card(&page)
    );
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_spellings_of_a_public_address_are_redirected_not_cached() {
    let t = fresh_sqlite().await;
    seed_with_admin(&t).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    for (asked, canonical) in [
        (
            "/actions/%62anquet-des-tilleuls",
            "/actions/banquet-des-tilleuls",
        ),
        ("/?page=0001", "/"),
        ("/?page=02", "/"),
        ("/agenda?theme=&departement=44", "/agenda?departement=44"),
        (
            "/regions/52-pays-de-la-loire?page=1",
            "/regions/52-pays-de-la-loire",
        ),
    ] {
        let response = client().get(format!("{base}{asked}")).send().await.unwrap();
        assert_eq!(response.status(), 301, "{asked}");
        assert_eq!(response.headers()["location"], canonical, "{asked}");
        assert!(!running.page_cache.holds(asked));
    }
    // A query string the page does not know is rendered, never kept.
    let (status, verdict, _) = visit(&base, &format!("/actions/{SHEET}?utm_source=lettre")).await;
    assert_eq!((status, verdict.as_str()), (200, "none"));
    assert!(!running
        .page_cache
        .holds(&format!("/actions/{SHEET}?utm_source=lettre")));
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_over_the_page_limit_is_sent_whole_and_not_cached() {
    let t = fresh_sqlite().await;
    let (_, sheet_id) = seed_with_admin(&t).await;
    // A summary of 2.4 MB once rendered (over the 2 MB a cached page may hold).
    let summary = "Une phrase assez longue pour remplir la page. ".repeat(50_000);
    app::backend::db::on_db!(&t.db, pool => sqlx::query("UPDATE actions SET summary = $1 WHERE id = $2")
        .bind(&summary)
        .bind(sheet_id)
        .execute(pool)
        .await
        .map(|_| ()))
    .unwrap();
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    for _ in 0..2 {
        let (status, verdict, page) = visit(&base, &format!("/actions/{SHEET}")).await;
        assert_eq!(status, 200);
        assert_eq!(verdict, "too-large");
        // Whole: the whole summary and the end of the document arrived.
        assert!(page.len() > summary.len(), "{} bytes", page.len());
        assert!(page.matches("Une phrase assez longue").count() >= 50_000);
        assert!(page.contains("</html>"));
    }
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_pages_are_served_in_the_encoding_asked_with_etags_and_304() {
    let t = fresh_sqlite().await;
    seed_with_admin(&t).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let url = format!("{base}/actions/{SHEET}");
    // reqwest decodes nothing by itself here: what arrives is what was sent.
    let plain_client = client();
    let get = |accept: Option<&'static str>, etag: Option<String>| {
        let mut request = plain_client.get(&url);
        if let Some(accept) = accept {
            request = request.header(ACCEPT_ENCODING, accept);
        }
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        request.send()
    };
    let plain = get(None, None).await.unwrap().bytes().await.unwrap();
    let mut etags = Vec::new();
    for (accept, expected) in [
        (Some("br, gzip"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("br;q=0, gzip"), Some("gzip")),
        (Some("br;q=0, gzip;q=0"), None),
        (None, None),
    ] {
        let response = get(accept, None).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-page-cache"], "hit", "{accept:?}");
        assert_eq!(
            response
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            expected,
            "{accept:?}"
        );
        assert!(response.headers()[VARY]
            .to_str()
            .unwrap()
            .contains("accept-encoding"));
        let etag = response.headers()[ETAG].to_str().unwrap().to_owned();
        let body = response.bytes().await.unwrap();
        let decoded = match expected {
            Some("br") => {
                let mut out = Vec::new();
                brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
                out
            }
            Some(_) => {
                use std::io::Read;
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&body[..])
                    .read_to_end(&mut out)
                    .unwrap();
                out
            }
            None => body.to_vec(),
        };
        assert_eq!(decoded, plain.to_vec(), "{accept:?} decodes to the page");
        // A revisit with the ETag of this encoding: 304, no body.
        let again = get(accept, Some(etag.clone())).await.unwrap();
        assert_eq!(again.status(), 304, "{accept:?}");
        assert!(again.bytes().await.unwrap().is_empty());
        etags.push((expected, etag));
    }
    // Each encoding has its own ETag; the br one does not validate the gzip body.
    assert_ne!(etags[0].1, etags[1].1);
    assert_eq!(
        get(Some("gzip"), Some(etags[0].1.clone()))
            .await
            .unwrap()
            .status(),
        200
    );
    // A signed-in request is never answered from the cache, nor stored in it.
    let session = login(&base, "admin@federation.example", PASSWORD).await;
    let response = plain_client
        .get(&url)
        .header(
            reqwest::header::COOKIE,
            format!("passeurs_session={session}"),
        )
        .header(IF_NONE_MATCH, etags[0].1.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("x-page-cache").is_none());
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_with_personal_data_are_never_stored_by_shared_caches() {
    let t = fresh_sqlite().await;
    let ((email, password), sheet_id) = seed_with_admin(&t).await;
    let event = stored::list_for_action(&t.db, sheet_id).await.unwrap()[0].id;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let referent = login(&base, &email, &password).await;
    let admin = login(&base, "admin@federation.example", PASSWORD).await;
    for (path, session) in [
        ("/admin".to_owned(), &admin),
        (format!("/actions/{SHEET}/historique"), &referent),
        (format!("/actions/{SHEET}/evenements/{event}"), &referent),
        (
            format!("/actions/{SHEET}/evenements/{event}/inscriptions.csv"),
            &referent,
        ),
        ("/inscription/un-jeton-inconnu".to_owned(), &referent),
        ("/mot-de-passe?jeton=un-jeton-inconnu".to_owned(), &referent),
    ] {
        let response = client()
            .get(format!("{base}{path}"))
            .header(
                reqwest::header::COOKIE,
                format!("passeurs_session={session}"),
            )
            .send()
            .await
            .unwrap();
        let cache_control = response
            .headers()
            .get(reqwest::header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            cache_control.contains("no-store"),
            "{path}: {cache_control:?}"
        );
    }
    // A public sheet stays cacheable by browsers (revalidated with its ETag).
    let response = client()
        .get(format!("{base}/actions/{SHEET}"))
        .send()
        .await
        .unwrap();
    assert!(!response.headers()[reqwest::header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("no-store"));
    running.stop().await.unwrap();
    t.remove().await;
}
