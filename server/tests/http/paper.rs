//! Making sheets travel, over HTTP: the printed sheet and the event posters with a QR code
//! that decodes back to the right address; visits from paper counted once per phone and
//! hour and shown to the sheet's référents only; the sitemap and robots.txt; the JSON-LD
//! of a sheet.

use crate::common::{client, get_page, login, OTHER_SHEET, SHEET};
use reqwest::header::LOCATION;
use test_support::every_engine;
use test_support::TestApp;

/// The first QR code of a page, read back.
fn qr_of(page: &str) -> String {
    let start = page.find("<svg class=\"qr-code\"").expect("a QR code");
    let end = page[start..]
        .find("</svg>")
        .expect("the end of the QR code")
        + start
        + 6;
    test_support::qr::decode_svg(&page[start..end]).expect("a QR code that decodes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paper_carries_qr_codes_to_the_sheet_and_each_scan_counts_once() {
    for t in every_engine().await {
        let ((referent, password), sheet_id) = crate::common::seed_with_admin(&t).await;
        // Behind a proxy: `X-Forwarded-For` tells the scanning phones apart.
        let mut settings = crate::common::settings(&t, None);
        settings.trust_proxy = true;
        let TestApp { running, base } = TestApp::serve(&settings).await;

        let (status, page) = get_page(&base, &format!("/actions/{SHEET}/imprimer"), None).await;
        assert_eq!(status, 200, "{}", t.db.engine());
        assert!(page.contains("Banquet citoyen des Tilleuls"));
        assert!(
            page.contains("Retrouvez plus d&#x27;informations et participez sur la plateforme")
                || page.contains("Retrouvez plus d'informations et participez sur la plateforme")
        );
        assert!(page.contains(&format!("{base}/actions/{SHEET}")));
        assert_eq!(qr_of(&page), format!("{base}/actions/{SHEET}?src=fiche"));

        let event_id = app::backend::db::events::list_for_action(&t.db, sheet_id)
            .await
            .unwrap()[0]
            .id;
        for (kind, source) in [("affiche", "affiche"), ("flyer", "flyer")] {
            let (status, page) =
                get_page(&base, &format!("/evenements/{event_id}/{kind}"), None).await;
            assert_eq!(status, 200, "{kind}");
            assert!(page.contains("Banquet de quartier"), "{kind}");
            assert_eq!(
                qr_of(&page),
                format!("{base}/actions/{SHEET}?src={source}#evenement-{event_id}")
            );
        }
        let (status, _) = get_page(&base, "/evenements/999999/affiche", None).await;
        assert_eq!(status, 404);

        // Each scan: one visit, then the sheet's own address (a reload counts nothing).
        // Two phones scan the poster (one of them twice within the hour), a third the flyer.
        for (phone, source) in [
            ("203.0.113.1", "affiche"),
            ("203.0.113.1", "affiche"),
            ("203.0.113.2", "affiche"),
            ("203.0.113.3", "flyer"),
        ] {
            let response = client()
                .get(format!("{base}/actions/{SHEET}?src={source}"))
                .header("x-forwarded-for", phone)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 303);
            assert_eq!(response.headers()[LOCATION], format!("/actions/{SHEET}"));
            assert!(response.headers().get("set-cookie").is_none());
        }
        let _ = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        let (status, _) = get_page(&base, &format!("/actions/{SHEET}?src=ailleurs"), None).await;
        assert_eq!(
            status, 200,
            "an unknown source is an ordinary visit, not counted"
        );
        let visits = app::backend::db::visits::of_sheet(&t.db, sheet_id)
            .await
            .unwrap();
        assert_eq!(
            visits,
            vec![
                (app::model::PaperSource::Poster, 2),
                (app::model::PaperSource::Flyer, 1)
            ],
            "{}",
            t.db.engine()
        );
        // Its référents see the counts; visitors do not.
        let (_, public) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        assert!(!public.contains("visites depuis"));
        let session = login(&base, &referent, &password).await;
        let (_, own) = get_page(&base, &format!("/actions/{SHEET}"), Some(&session)).await;
        assert!(
            own.contains("2 visites depuis l&#x27;affiche")
                || own.contains("2 visites depuis l'affiche"),
            "{own}"
        );
        assert!(own.contains("1 visite depuis le flyer"));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sitemap_lists_published_pages_only_and_sheets_describe_themselves_in_json_ld() {
    for t in every_engine().await {
        let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
        let other = app::backend::db::actions::find_published_sheet(&t.db, OTHER_SHEET)
            .await
            .unwrap()
            .unwrap()
            .id;
        app::backend::services::sheets::set_published(&t.db, other, false)
            .await
            .unwrap();
        let TestApp { running, base } = TestApp::serve(&crate::common::settings(&t, None)).await;

        let (status, robots) = get_page(&base, "/robots.txt", None).await;
        assert_eq!(status, 200);
        assert!(
            robots.contains(&format!("Sitemap: {base}/sitemap.xml")),
            "{robots}"
        );
        assert!(robots.contains("Disallow: /admin"));
        let (status, sitemap) = get_page(&base, "/sitemap.xml", None).await;
        assert_eq!(status, 200);
        assert!(
            sitemap.contains(&format!("<loc>{base}/actions/{SHEET}</loc><lastmod>")),
            "{sitemap}"
        );
        assert!(!sitemap.contains(OTHER_SHEET), "an unpublished sheet");
        assert!(sitemap.contains(&format!(
            "<loc>{base}/organisations/centre-social-des-tilleuls</loc>"
        )));
        assert!(sitemap.contains(&format!(
            "<loc>{base}/territoires/44-loire-atlantique</loc>"
        )));
        for private in [
            "/admin",
            "/abonnements",
            "/inscription",
            "/historique",
            "/imprimer",
            "?src=",
            "?page=",
        ] {
            assert!(!sitemap.contains(private), "{private} in {sitemap}");
        }

        let (_, page) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        let start = page
            .find("<script type=\"application/ld+json\">")
            .expect("JSON-LD")
            + "<script type=\"application/ld+json\">".len();
        let end = page[start..].find("</script>").unwrap() + start;
        let data: serde_json::Value = serde_json::from_str(&page[start..end]).expect("valid JSON");
        assert_eq!(data["@context"], "https://schema.org");
        let graph = data["@graph"].as_array().unwrap();
        assert_eq!(graph[0]["@type"], "Organization");
        assert_eq!(graph[0]["address"]["postalCode"], "44800");
        assert_eq!(graph[0]["address"]["addressLocality"], "Saint-Herblain");
        let event = graph
            .iter()
            .find(|v| v["@type"] == "Event")
            .expect("an Event");
        assert_eq!(event["name"], "Banquet de quartier");
        let start_date = event["startDate"].as_str().unwrap();
        let parsed =
            chrono::DateTime::parse_from_rfc3339(start_date).expect("a date with its offset");
        assert!(
            matches!(parsed.offset().local_minus_utc(), 3600 | 7200),
            "{start_date}"
        );
        let stored = app::backend::db::events::list_for_action(&t.db, sheet_id)
            .await
            .unwrap()[0]
            .starts_at;
        assert_eq!(parsed.with_timezone(&chrono::Utc), stored);
        assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
        assert_eq!(
            event["eventAttendanceMode"],
            "https://schema.org/OfflineEventAttendanceMode"
        );
        assert_eq!(
            event["offers"]["availability"],
            "https://schema.org/InStock"
        );
        assert_eq!(event["organizer"]["name"], "Centre social des Tilleuls");
        assert!(event["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{base}/actions/{SHEET}#evenement-")));
        // Share links that track nobody, without JavaScript.
        assert!(page.contains("https://wa.me/?text="));
        assert!(page.contains("mailto:?subject="));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_embed_pages_may_be_framed_by_other_sites() {
    let t = test_support::fresh_sqlite().await;
    crate::common::seed_with_admin(&t).await;
    let TestApp { running, base } = TestApp::serve(&crate::common::settings(&t, None)).await;
    let headers_of = |path: &'static str| {
        let base = base.clone();
        async move {
            let response = client().get(format!("{base}{path}")).send().await.unwrap();
            let status = response.status().as_u16();
            let frame = response
                .headers()
                .get("x-frame-options")
                .map(|v| v.to_str().unwrap().to_owned());
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            (status, frame, policy, response.text().await.unwrap())
        }
    };
    for path in [
        "/integrer/territoires/44-loire-atlantique",
        "/integrer/organisations/centre-social-des-tilleuls",
        "/integrer/themes/lien-social",
    ] {
        // Twice: the second answer may come from a cache.
        for _ in 0..2 {
            let (status, frame, policy, body) = headers_of(path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(frame, None, "{path}");
            assert!(policy.contains("frame-ancestors *"), "{policy}");
            assert!(!policy.contains("frame-ancestors 'none'"));
            assert!(body.contains("Banquet citoyen des Tilleuls"), "{path}");
            assert!(body.contains("target=\"_blank\""));
        }
    }
    for path in [
        "/",
        "/integrer",
        "/actions/banquet-des-tilleuls",
        "/territoires/44-loire-atlantique",
    ] {
        for _ in 0..2 {
            let (status, frame, policy, _) = headers_of(path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(frame.as_deref(), Some("DENY"), "{path}");
            assert!(policy.contains("frame-ancestors 'none'"), "{path}");
        }
    }
    let (status, _, _, body) = headers_of("/integrer").await;
    assert_eq!(status, 200);
    assert!(body.contains("/integrer/territoires/44-loire-atlantique"));
    let (status, _, _, _) = headers_of("/integrer/organisations/inconnue").await;
    assert_eq!(status, 404);
    running.stop().await.unwrap();
    t.remove().await;
}
