//! Hostile visitors, over HTTP: visits from paper counted for a scan only, once per phone
//! and hour; a robots.txt that allows nothing before it forbids; the testimony's quotation
//! marks shown once on paper; posts let through for this site's public address only,
//! whatever `Host` they name; answers to someone signed in kept by no shared cache.

use app::backend::db::{actions, visits};
use app::model::PaperSource;
use reqwest::header::{CACHE_CONTROL, COOKIE, HOST, LOCATION, ORIGIN};
use test_support::every_engine;
use test_support::fixtures::{self, Sheet};
use test_support::TestApp;

use crate::common::{
    client, get_page, login, media_storage, seed_with_admin, settings, OTHER_SHEET, PASSWORD,
    REFERENT_EMAIL, SHEET,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paper_visit_counts_a_scan_only_once_per_phone_and_hour_and_always_redirects() {
    for t in every_engine().await {
        let (_, sheet_id) = seed_with_admin(&t).await;
        let other_id = actions::find_published_sheet(&t.db, OTHER_SHEET)
            .await
            .unwrap()
            .unwrap()
            .id;
        // Behind a proxy: `X-Forwarded-For` tells the phones apart.
        let mut settings = settings(&t, None);
        settings.trust_proxy = true;
        let TestApp { running, base } = TestApp::serve(&settings).await;

        // (phone, what the browser fetches it as, sheet)
        let requests = [
            // Another site's <img> and fetch() pointing at the poster's address.
            ("198.51.100.1", Some("image"), SHEET),
            ("198.51.100.1", Some("empty"), SHEET),
            ("198.51.100.1", Some("iframe"), SHEET),
            // A scan: counted.
            ("198.51.100.1", Some("document"), SHEET),
            // The same phone again within the hour, with or without Fetch metadata.
            ("198.51.100.1", Some("document"), SHEET),
            ("198.51.100.1", None, SHEET),
            // Another phone, an old browser without Fetch metadata: counted.
            ("198.51.100.2", None, SHEET),
            // The first phone scans another sheet's poster: counted for that sheet.
            ("198.51.100.1", Some("document"), OTHER_SHEET),
        ];
        for (phone, destination, slug) in requests {
            let mut request = client()
                .get(format!("{base}/actions/{slug}?src=affiche"))
                .header("x-forwarded-for", phone);
            if let Some(destination) = destination {
                request = request.header("sec-fetch-dest", destination);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 303, "{phone} {destination:?}");
            assert_eq!(
                response.headers()[LOCATION],
                format!("/actions/{slug}"),
                "{phone} {destination:?}"
            );
        }
        assert_eq!(
            visits::of_sheet(&t.db, sheet_id).await.unwrap(),
            vec![(PaperSource::Poster, 2)],
            "{}",
            t.db.engine()
        );
        assert_eq!(
            visits::of_sheet(&t.db, other_id).await.unwrap(),
            vec![(PaperSource::Poster, 1)],
            "{}",
            t.db.engine()
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_forbids_the_private_pages_and_allows_nothing_before_it() {
    for t in every_engine().await {
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let (status, robots) = get_page(&base, "/robots.txt", None).await;
        assert_eq!(status, 200);
        let lines: Vec<&str> = robots.lines().map(str::trim).collect();
        // A crawler that takes the first rule that matches would read `Allow: /` as
        // "everything", the pages below included.
        assert!(
            !lines.iter().any(|line| line.starts_with("Allow:")),
            "{robots}"
        );
        assert_eq!(lines.first(), Some(&"User-agent: *"), "{robots}");
        for path in [
            "/admin",
            "/abonnements/",
            "/inscription/",
            "/connexion",
            "/api/",
        ] {
            assert!(
                lines.contains(&format!("Disallow: {path}").as_str()),
                "{path} in {robots}"
            );
        }
        assert!(
            lines.contains(&format!("Sitemap: {base}/sitemap.xml").as_str()),
            "{robots}"
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_printed_sheet_shows_the_testimonys_quotation_marks_once() {
    for t in every_engine().await {
        let centre = fixtures::organisation(&t.db, "Centre social du Port").await;
        let mut sheet = Sheet::new(centre, "atelier-cuisine").title("Atelier cuisine du Port");
        // Typed with its marks, as people do.
        sheet.new.quote = "«On apprend en faisant ensemble.»".to_owned();
        sheet.insert(&t.db, &media_storage(&t)).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;

        let (status, page) = get_page(&base, "/actions/atelier-cuisine/imprimer", None).await;
        assert_eq!(status, 200, "{}", t.db.engine());
        assert!(page.contains("On apprend en faisant ensemble."), "{page}");
        // The style sheet writes « » around the testimony: the page itself writes none.
        for doubled in [
            "« «",
            "«On apprend",
            "« On apprend",
            "ensemble.»",
            "ensemble. »",
        ] {
            assert!(!page.contains(doubled), "{doubled} in the printed sheet");
        }
        // The sheet's own page shows it the same way.
        let (status, page) = get_page(&base, "/actions/atelier-cuisine", None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("<blockquote><p>On apprend en faisant ensemble.</p></blockquote>"),
            "{page}"
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}

/// A login posted with this `Origin` (and this `Host`, when given): its status and text.
async fn login_from(base: &str, origin: &str, host: Option<&str>) -> (u16, String) {
    let mut request = client()
        .post(format!("{base}/api/login"))
        .header(ORIGIN, origin)
        .form(&[("email", REFERENT_EMAIL), ("password", PASSWORD)]);
    if let Some(host) = host {
        request = request.header(HOST, host);
    }
    let response = request.send().await.unwrap();
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_are_let_through_for_the_public_address_only_whatever_host_they_name() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        // Without PUBLIC_URL the public address is the bound one.
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        // A page on evil.example posting to this server (through a DNS name of its own
        // that points here, say) names its own host: that proves nothing.
        let (status, body) = login_from(&base, "http://evil.example", Some("evil.example")).await;
        assert_eq!(status, 403, "{}: {body}", t.db.engine());
        assert!(body.contains("autre site"), "{body}");
        let (status, body) = login_from(&base, &base, None).await;
        assert_eq!(status, 200, "{body}");
        running.stop().await.unwrap();

        // With PUBLIC_URL, the address the server is reached at directly is not it.
        let public = "https://passeurs.test";
        let TestApp { running, base } = TestApp::serve(&settings(&t, Some(public))).await;
        let (status, body) = login_from(&base, &base, None).await;
        assert_eq!(status, 403, "Origin = Host but not PUBLIC_URL: {body}");
        let (status, body) = login_from(&base, public, None).await;
        assert_eq!(status, 200, "{body}");
        running.stop().await.unwrap();
        t.remove().await;
    }
}

/// The `Cache-Control` of a GET (with a session when given), `""` when there is none.
async fn cache_control(base: &str, path: &str, session: Option<&str>) -> String {
    let mut request = client().get(format!("{base}{path}"));
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response
        .headers()
        .get(CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_to_someone_signed_in_are_kept_by_no_shared_cache() {
    for t in every_engine().await {
        let ((referent, password), _) = seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let sheet = format!("/actions/{SHEET}");
        // For visitors, the same public pages may be kept and shared.
        for path in [sheet.as_str(), "/agenda"] {
            let header = cache_control(&base, path, None).await;
            assert!(!header.contains("private"), "{path}: {header}");
        }
        let session = login(&base, &referent, &password).await;
        for path in [sheet.as_str(), "/agenda", "/"] {
            let header = cache_control(&base, path, Some(&session)).await;
            assert!(
                header.split(',').any(|d| d.trim() == "private"),
                "{path}: {header:?} ({})",
                t.db.engine()
            );
            assert!(!header.contains("public"), "{path}: {header}");
        }
        // A private page stays `no-store` too.
        let header = cache_control(&base, &format!("{sheet}/historique"), Some(&session)).await;
        assert!(
            header.contains("no-store") && header.contains("private"),
            "{header}"
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}
