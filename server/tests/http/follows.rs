//! "Suivre" and the feeds over HTTP, on SQLite and PostgreSQL: a visitor follows a sheet
//! with a form, confirms from the email in the outbox, receives the news at once and stops
//! it with the one-click POST of its `List-Unsubscribe` header (no Origin, or another
//! site's); refused input; the Atom and iCalendar feeds parse with a parser of each format,
//! link back to the sheet, revalidate with their ETag and hold no personal data.

use std::time::Duration;
use test_support::TestApp;

use crate::common::{client, get_page, outbox_messages, post_api, SHEET};
use app::model::Signup;
use chrono::Utc;
use reqwest::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LOCATION, ORIGIN};
use test_support::{every_engine, TestDb};

async fn wait_for_outbox(t: &TestDb, at_least: usize) -> Vec<String> {
    for _ in 0..200 {
        let messages = outbox_messages(&t.dir.join("outbox"));
        if messages.len() >= at_least {
            return messages;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox never had {at_least} messages");
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

/// A plain form post (JavaScript off): the status and where it leads.
async fn html_post(base: &str, endpoint: &str, form: &[(&str, String)]) -> (u16, String) {
    let response = client()
        .post(format!("{base}/api/{endpoint}"))
        .header(ORIGIN, base)
        .header(ACCEPT, "text/html")
        .form(form)
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (response.status().as_u16(), location)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_follows_a_sheet_confirms_from_the_email_and_stops_in_one_click() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&crate::common::settings(&t, None)).await;

        let (status, page) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        assert_eq!(status, 200);
        assert!(page.contains("Suivre cette action"), "{}", t.db.engine());
        assert!(page.contains("Désinscription en un clic"));
        // Announced in the head.
        let head = &page[..page.find("</head>").expect("a head")];
        let link = head
            .split("<link")
            .find(|tag| tag.contains(&format!("href=\"/actions/{SHEET}/flux.atom\"")))
            .expect("the feed's link");
        assert!(
            link.contains("rel=\"alternate\"") && link.contains("type=\"application/atom+xml\""),
            "{link}"
        );

        let scope = format!("action:{sheet_id}");
        let (status, location) = html_post(
            &base,
            "follow",
            &[
                ("scope", scope.clone()),
                ("email", "awa@exemple.fr".into()),
                ("rhythm", "immediate".into()),
                ("website", String::new()),
            ],
        )
        .await;
        assert!(matches!(status, 302 | 303), "{status}");
        assert_eq!(location, "/suivre/merci");
        let messages = wait_for_outbox(&t, 1).await;
        let confirmation = &messages[0];
        assert!(confirmation.contains("To: awa@exemple.fr"));
        let token = token_after(confirmation, "/suivre/confirmer/");

        // The link opens a page with a button; following it confirms nothing.
        let response = client()
            .get(format!("{base}/suivre/confirmer/{token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[CACHE_CONTROL], "no-store, private");
        assert!(response.text().await.unwrap().contains("Confirmer"));
        let (status, location) =
            html_post(&base, "confirm_follow", &[("token", token.clone())]).await;
        assert!(matches!(status, 302 | 303), "{status}");
        let manage = location
            .strip_prefix("/abonnements/")
            .and_then(|rest| rest.strip_suffix("?confirme=1"))
            .expect("the personal page")
            .to_owned();
        let (status, page) = get_page(&base, &format!("/abonnements/{manage}"), None).await;
        assert_eq!(status, 200);
        assert!(page.contains("Banquet citoyen des Tilleuls"), "{page}");
        assert!(page.contains("awa@exemple.fr"));

        // The rhythm can be changed from the page (the follow's id is in its forms).
        let follow_id = page
            .split("name=\"follow_id\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a follow's form")
            .to_owned();
        let (status, location) = html_post(
            &base,
            "change_rhythm",
            &[
                ("token", manage.clone()),
                ("follow_id", follow_id.clone()),
                ("rhythm", "weekly".into()),
            ],
        )
        .await;
        assert!(matches!(status, 302 | 303));
        assert_eq!(location, format!("/abonnements/{manage}?fait=rythme"));
        // Someone else's token changes nothing of it.
        let (status, _) = post_api(
            &base,
            "change_rhythm",
            None,
            &[
                ("token", "0".repeat(64)),
                ("follow_id", follow_id.clone()),
                ("rhythm", "weekly".into()),
            ],
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = html_post(
            &base,
            "change_rhythm",
            &[
                ("token", manage.clone()),
                ("follow_id", follow_id),
                ("rhythm", "immediate".into()),
            ],
        )
        .await;
        assert!(matches!(status, 302 | 303));

        // News comes at once, through the queue.
        let account = app::backend::db::accounts::find_by_email(&t.db, "camille@centre.example")
            .await
            .unwrap()
            .expect("the référent")
            .id;
        app::backend::services::updates::create(
            &t.db,
            sheet_id,
            account,
            Utc::now().date_naive(),
            "La table est dressée",
            "Quarante couverts.",
        )
        .await
        .unwrap();
        running.state.jobs_wakeup.notify_one();
        let messages = wait_for_outbox(&t, 2).await;
        let news = messages
            .iter()
            .find(|m| m.contains("La table est dress"))
            .expect("the news");
        assert!(
            news.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{news}"
        );
        let stop = news
            .lines()
            .find_map(|line| line.strip_prefix("List-Unsubscribe: <"))
            .and_then(|rest| rest.strip_suffix('>'))
            .expect("List-Unsubscribe")
            .to_owned();
        assert!(
            stop.starts_with(&format!("{base}/abonnements/arreter/")),
            "{stop}"
        );

        // Opened in a browser, the same address is a page with a button.
        let (status, page) = get_page(&base, stop.trim_start_matches(&base), None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Vous ne recevrez plus les nouvelles de l&#x27;action")
                || page.contains("Vous ne recevrez plus les nouvelles de l'action"),
            "{page}"
        );
        assert_eq!(
            app::backend::db::follows::counts(&t.db).await.unwrap(),
            (1, 1),
            "a GET stops nothing"
        );

        // A regular cross-site POST is refused; the one-click stop is not, without Origin.
        let (status, _) = {
            let response = client()
                .post(format!("{base}/api/stop_everything"))
                .header(ORIGIN, "https://mail.example")
                .form(&[("token", manage.clone())])
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), ())
        };
        assert_eq!(status, 403);
        let response = client()
            .post(&stop)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{}", t.db.engine());
        // It stopped the one follow, and the address with it.
        let (status, _) = get_page(&base, &format!("/abonnements/{manage}"), None).await;
        assert_eq!(status, 404);
        assert_eq!(
            app::backend::db::follows::counts(&t.db).await.unwrap(),
            (0, 0)
        );
        // The same link again: nothing left to stop.
        let again = client()
            .post(&stop)
            .header(ORIGIN, "https://mail.example")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 404);
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_follows_say_why_in_french_and_send_nothing() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&crate::common::settings(&t, None)).await;
        let scope = format!("action:{sheet_id}");
        let form = |email: &str, website: &str, scope: &str| {
            vec![
                ("scope", scope.to_owned()),
                ("email", email.to_owned()),
                ("rhythm", "weekly".to_owned()),
                ("website", website.to_owned()),
            ]
        };
        let (status, body) =
            post_api(&base, "follow", None, &form("pas-une-adresse", "", &scope)).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("n'est pas valide"), "{body}");
        let (status, body) = post_api(&base, "follow", None, &form("", "", &scope)).await;
        assert_eq!(status, 422);
        assert!(body.contains("Indiquez votre adresse e-mail"), "{body}");
        let (status, _) = post_api(
            &base,
            "follow",
            None,
            &form("a@exemple.fr", "http://spam", &scope),
        )
        .await;
        assert_eq!(status, 422);
        let (status, _) = post_api(
            &base,
            "follow",
            None,
            &form("a@exemple.fr", "", "action:999999"),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) =
            post_api(&base, "follow", None, &form("a@exemple.fr", "", "compte:1")).await;
        assert_eq!(status, 404);
        // Without JavaScript the form comes back with the message and what was typed.
        let (status, location) =
            html_post(&base, "follow", &form("pas-une-adresse", "", &scope)).await;
        assert!(matches!(status, 302 | 303));
        assert!(
            location.starts_with(&format!("/actions/{SHEET}?retour=")),
            "{location}"
        );
        assert!(location.ends_with("#suivre"));
        let (_, page) = get_page(&base, &location, None).await;
        assert!(page.contains("n&#x27;est pas valide") || page.contains("n'est pas valide"));
        assert!(page.contains("value=\"pas-une-adresse\""));
        // Nothing was sent, no address kept.
        running.state.jobs_wakeup.notify_one();
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(outbox_messages(&t.dir.join("outbox")).is_empty());
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_parse_link_back_revalidate_and_hold_no_personal_data() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&crate::common::settings(&t, None)).await;
        let event_id = app::backend::db::events::list_for_action(&t.db, sheet_id)
            .await
            .unwrap()[0]
            .id;
        app::backend::services::events::sign_up(
            &t.db,
            &base,
            event_id,
            &Signup {
                name: "Zoé Participante".into(),
                email: "zoe.participante@exemple.fr".into(),
                email_key: "zoe.participante@exemple.fr".into(),
                people: 2,
                message: "Allergie aux noix".into(),
            },
            u32::MAX,
        )
        .await
        .unwrap();
        running.page_cache.sync(&t.db).await.unwrap();

        let get = |path: String| {
            let base = base.clone();
            async move {
                let response = client().get(format!("{base}{path}")).send().await.unwrap();
                let status = response.status().as_u16();
                let kind = response
                    .headers()
                    .get(CONTENT_TYPE)
                    .map(|v| v.to_str().unwrap().to_owned());
                let etag = response
                    .headers()
                    .get(ETAG)
                    .map(|v| v.to_str().unwrap().to_owned());
                (
                    status,
                    kind.unwrap_or_default(),
                    etag,
                    response.text().await.unwrap(),
                )
            }
        };
        for path in [
            "/flux.atom".to_owned(),
            format!("/actions/{SHEET}/flux.atom"),
            "/organisations/centre-social-des-tilleuls/flux.atom".to_owned(),
            "/territoires/44-loire-atlantique/flux.atom".to_owned(),
            "/regions/52-pays-de-la-loire/flux.atom".to_owned(),
        ] {
            let (status, kind, etag, body) = get(path.clone()).await;
            assert_eq!(status, 200, "{path} on {}", t.db.engine());
            assert_eq!(kind, "application/atom+xml; charset=utf-8");
            let feed: atom_syndication::Feed = body.parse().expect("Atom");
            assert!(!feed.entries().is_empty(), "{path}");
            for entry in feed.entries() {
                assert!(
                    entry.links()[0]
                        .href()
                        .starts_with(&format!("{base}/actions/")),
                    "{path}: {}",
                    entry.links()[0].href()
                );
            }
            assert!(
                !body.contains("Zoé")
                    && !body.contains("zoe.participante")
                    && !body.contains("noix")
            );
            assert!(!body.contains("camille@centre.example"));
            // Revisits are answered from the cache with 304.
            let etag = etag.expect("an ETag");
            let revisit = client()
                .get(format!("{base}{path}"))
                .header(IF_NONE_MATCH, etag)
                .send()
                .await
                .unwrap();
            assert_eq!(revisit.status(), 304, "{path}");
        }
        // The sheet's feed links its events and its progress back to their places.
        let (_, _, _, body) = get(format!("/actions/{SHEET}/flux.atom")).await;
        assert!(
            body.contains(&format!("{base}/actions/{SHEET}#evenement-{event_id}")),
            "{body}"
        );

        for path in [
            "/agenda.ics".to_owned(),
            format!("/actions/{SHEET}/agenda.ics"),
            "/territoires/44-loire-atlantique/agenda.ics".to_owned(),
            format!("/evenements/{event_id}/agenda.ics"),
        ] {
            let (status, kind, _, body) = get(path.clone()).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(kind, "text/calendar; charset=utf-8");
            let unfolded = icalendar::parser::unfold(&body);
            let calendar = icalendar::parser::read_calendar(&unfolded).expect("iCalendar");
            let event = calendar
                .components
                .iter()
                .find(|c| c.name == "VEVENT")
                .unwrap_or_else(|| panic!("a VEVENT in {path}"));
            let property = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .map(|p| p.val.to_string())
                    .unwrap_or_else(|| panic!("{name} in {body}"))
            };
            assert!(property("UID").starts_with(&format!("evenement-{event_id}@")));
            assert_eq!(property("SEQUENCE"), "0");
            assert_eq!(
                property("URL"),
                format!("{base}/actions/{SHEET}#evenement-{event_id}")
            );
            assert!(property("DESCRIPTION").contains(&format!("{base}/actions/{SHEET}")));
            assert!(body.contains("DTSTART;TZID=Europe/Paris:"), "{body}");
            assert!(calendar.components.iter().any(|c| c.name == "VTIMEZONE"));
            assert!(!body.contains("Zoé") && !body.contains("zoe.participante"));
        }
        // A cancelled event stays in calendars, cancelled, with a higher SEQUENCE.
        app::backend::services::events::cancel_event(&t.db, &base, sheet_id, event_id)
            .await
            .unwrap();
        // (Written behind the server's back: it learns of it as another server's change.)
        running.page_cache.sync(&t.db).await.unwrap();
        let (_, _, _, body) = get(format!("/actions/{SHEET}/agenda.ics")).await;
        assert!(body.contains("STATUS:CANCELLED"), "{body}");
        assert!(body.contains("SEQUENCE:1"));

        // Other spellings and unknown pages.
        let moved = client()
            .get(format!("{base}/territoires/44-ailleurs/flux.atom"))
            .send()
            .await
            .unwrap();
        assert_eq!(moved.status(), 308);
        assert_eq!(
            moved.headers()[LOCATION],
            "/territoires/44-loire-atlantique/flux.atom"
        );
        for missing in [
            "/actions/inconnue/flux.atom",
            "/themes/inconnu/agenda.ics",
            "/territoires/99-nulle-part/flux.atom",
            "/evenements/999999/agenda.ics",
        ] {
            let (status, _) = get_page(&base, missing, None).await;
            assert_eq!(status, 404, "{missing}");
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_to_an_older_update_leads_to_the_page_of_news_that_holds_it() {
    let t = test_support::fresh_sqlite().await;
    let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
    let account = app::backend::db::accounts::find_by_email(&t.db, "camille@centre.example")
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for day in 1..=12 {
        let id = app::backend::services::updates::create(
            &t.db,
            sheet_id,
            account,
            chrono::NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
            &format!("Étape {day}"),
            "Texte.",
        )
        .await
        .unwrap()
        .unwrap();
        ids.push(id);
    }
    let TestApp { running, base } = TestApp::serve(&crate::common::settings(&t, None)).await;
    let place = |id: i64| {
        let base = base.clone();
        async move {
            let response = client()
                .get(format!("{base}/actions/{SHEET}/nouvelles/{id}"))
                .send()
                .await
                .unwrap();
            let location = response
                .headers()
                .get(LOCATION)
                .map(|v| v.to_str().unwrap().to_owned());
            (response.status().as_u16(), location)
        }
    };
    // The newest is on the first page; the oldest two (newest first, ten a page) on the second.
    assert_eq!(
        place(ids[11]).await,
        (303, Some(format!("/actions/{SHEET}#nouvelle-{}", ids[11])))
    );
    assert_eq!(
        place(ids[0]).await,
        (
            303,
            Some(format!("/actions/{SHEET}?nouvelles=2#nouvelle-{}", ids[0]))
        )
    );
    let (_, page) = get_page(&base, &format!("/actions/{SHEET}?nouvelles=2"), None).await;
    assert!(page.contains(&format!("id=\"nouvelle-{}\"", ids[0])));
    assert_eq!(place(999_999).await.0, 404);
    running.stop().await.unwrap();
    t.remove().await;
}
