//! Référents over HTTP: login, sessions, rate limits, the cross-site guard, and who may
//! change a sheet (an authorisation matrix over every mutation), on SQLite and PostgreSQL.

use crate::common::{client, session_of};
use test_support::app::login;
use test_support::TestApp;

use crate::common::SHEET;
use app::backend::auth;
use app::backend::db::{accounts, actions, Db};
use reqwest::header::{HeaderValue, ACCEPT, COOKIE, ORIGIN, REFERER};
use server::Running;
use test_support::{every_engine, fresh_sqlite, TestDb};

use crate::common::OTHER_SHEET;
use crate::common::PASSWORD;

struct World {
    running: Running,
    base: String,
    referent: (String, String),
    sheet_id: i64,
    other_sheet_id: i64,
}

async fn world(t: &TestDb) -> World {
    let (referent, sheet_id) = crate::common::seed_with_admin(t).await;
    let other_sheet_id = actions::find_published_sheet(&t.db, OTHER_SHEET)
        .await
        .unwrap()
        .unwrap()
        .id;
    // The référent of another sheet.
    let hash = auth::hash_password(PASSWORD.into()).await.unwrap();
    let other = accounts::create(&t.db, "autre@centre.example", "Autre", Some(&hash), false)
        .await
        .unwrap();
    app::backend::services::accounts::add_referent(&t.db, other_sheet_id, other)
        .await
        .unwrap();
    let settings = crate::common::settings(t, None);
    let TestApp { running, base } = TestApp::serve(&settings).await;
    World {
        running,
        base,
        referent,
        sheet_id,
        other_sheet_id,
    }
}

/// Logs in through the server function (as the login form's island-free JS path would).
async fn login_with(
    w: &World,
    email: &str,
    password: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = client()
        .post(format!("{}/api/login", w.base))
        .header(ORIGIN, &w.base)
        .form(&[("email", email), ("password", password)]);
    if let Some(token) = cookie {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    request.send().await.unwrap()
}

async fn page(w: &World, path: &str, session: Option<&str>) -> (u16, String) {
    let mut request = client().get(format!("{}{path}", w.base));
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post(
    w: &World,
    endpoint: &str,
    session: Option<&str>,
    form: &[(&str, String)],
) -> (u16, String) {
    let mut request = client()
        .post(format!("{}/api/{endpoint}", w.base))
        .header(ORIGIN, &w.base)
        .form(form);
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn summary_of(db: &Db, slug: &str) -> String {
    actions::find_published_sheet(db, slug)
        .await
        .unwrap()
        .unwrap()
        .summary
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mutation_answers_each_kind_of_person_correctly() {
    for t in every_engine().await {
        let w = world(&t).await;
        let engine = t.db.engine();
        let referent = login(&w.base, &w.referent.0, &w.referent.1).await;
        let other = login(&w.base, "autre@centre.example", PASSWORD).await;
        let admin = login(&w.base, "admin@federation.example", PASSWORD).await;
        let people: [(&str, Option<&str>, u16); 4] = [
            ("anonymous", None, 401),
            ("référent of another sheet", Some(&other), 403),
            ("référent", Some(&referent), 200),
            ("administrator", Some(&admin), 200),
        ];
        for (who, session, expected) in people {
            let sheet = actions::find_published_sheet(&t.db, SHEET)
                .await
                .unwrap()
                .unwrap();
            let id = w.sheet_id.to_string();
            let slug = SHEET.to_string();
            let new_summary = format!("Résumé écrit par {who}.");
            let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
                (
                    "save_part",
                    vec![
                        ("action_id", id.clone()),
                        ("slug", slug.clone()),
                        ("part", "summary".into()),
                        ("value", new_summary.clone()),
                        ("previous", sheet.summary.clone()),
                    ],
                ),
                (
                    "add_section",
                    vec![
                        ("action_id", id.clone()),
                        ("slug", slug.clone()),
                        ("question", format!("Question de {who} ?")),
                    ],
                ),
                (
                    "move_section",
                    vec![
                        ("action_id", id.clone()),
                        ("slug", slug.clone()),
                        ("section_id", sheet.sections[1].id.to_string()),
                        ("direction", "up".into()),
                    ],
                ),
                (
                    "remove_section",
                    vec![
                        ("action_id", id.clone()),
                        ("slug", slug.clone()),
                        ("section_id", sheet.sections.last().unwrap().id.to_string()),
                    ],
                ),
            ];
            for (endpoint, form) in cases {
                let (status, body) = post(&w, endpoint, session, &form).await;
                assert_eq!(status, expected, "{endpoint} by {who} on {engine}: {body}");
            }
            let summary = summary_of(&t.db, SHEET).await;
            assert_eq!(
                summary == new_summary,
                expected == 200,
                "summary after {who} on {engine}"
            );
        }
        // A référent cannot reach another sheet by changing the id in the form either.
        let (status, _) = post(
            &w,
            "save_part",
            Some(&referent),
            &[
                ("action_id", w.other_sheet_id.to_string()),
                ("slug", OTHER_SHEET.into()),
                ("part", "title".into()),
                ("value", "Détourné".into()),
                ("previous", String::new()),
            ],
        )
        .await;
        assert_eq!(status, 403);
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_controls_appear_only_for_those_who_may_edit() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let path = format!("/actions/{SHEET}");
    let (_, anonymous) = page(&w, &path, None).await;
    assert!(
        !anonymous.contains("Modifier"),
        "no edit control for visitors"
    );
    assert!(
        !anonymous.contains("PartEditor"),
        "no editor island for visitors"
    );
    let other = login(&w.base, "autre@centre.example", PASSWORD).await;
    let (_, other_page) = page(&w, &path, Some(&other)).await;
    assert!(!other_page.contains("Modifier"));
    assert!(other_page.contains("Connecté(e) : Autre"));
    let referent = login(&w.base, &w.referent.0, &w.referent.1).await;
    let (_, own) = page(&w, &path, Some(&referent)).await;
    assert!(own.contains(">Modifier<"));
    for part in [
        "title",
        "quote",
        "quote_author",
        "summary",
        "start_date",
        "status",
        "progress",
        "themes",
    ] {
        assert!(
            own.contains(&format!("?modifier={part}#partie-{part}")),
            "edit link for {part}"
        );
    }
    assert!(own.contains("section_answer_") && own.contains("section_question_"));
    assert!(own.contains("Ajouter une question"));
    // The editor's page is never served from or stored in the shared cache.
    let (_, again) = page(&w, &path, None).await;
    assert!(!again.contains("Modifier"));
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_save_of_the_same_part_is_refused_with_the_current_text() {
    for t in every_engine().await {
        let w = world(&t).await;
        let referent = login(&w.base, &w.referent.0, &w.referent.1).await;
        let admin = login(&w.base, "admin@federation.example", PASSWORD).await;
        let original = summary_of(&t.db, SHEET).await;
        let form = |value: &str| {
            vec![
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.to_string()),
                ("part", "summary".to_string()),
                ("value", value.to_string()),
                ("previous", original.clone()),
            ]
        };
        let (first, _) = post(
            &w,
            "save_part",
            Some(&referent),
            &form("Version du référent."),
        )
        .await;
        assert_eq!(first, 200);
        let (second, body) = post(
            &w,
            "save_part",
            Some(&admin),
            &form("Version de l'administrateur."),
        )
        .await;
        assert_eq!(second, 409, "on {}", t.db.engine());
        assert!(
            body.contains("Version du référent."),
            "the current text comes back: {body}"
        );
        assert!(body.contains("Quelqu"), "a French explanation: {body}");
        assert_eq!(summary_of(&t.db, SHEET).await, "Version du référent.");
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xss_payloads_in_every_text_part_come_back_inert() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let admin = login(&w.base, "admin@federation.example", PASSWORD).await;
    let sheet = actions::find_published_sheet(&t.db, SHEET)
        .await
        .unwrap()
        .unwrap();
    let payload =
        "Titre <script>alert('x')</script> <img src=x onerror=alert(1)> [l](javascript:alert(1))";
    let parts = [
        ("title", sheet.title.clone()),
        ("quote", sheet.quote.clone()),
        ("quote_author", sheet.quote_author.clone()),
        ("summary", sheet.summary.clone()),
        (
            &*format!("section_question_{}", sheet.sections[0].id).leak(),
            sheet.sections[0].question.clone(),
        ),
        (
            &*format!("section_answer_{}", sheet.sections[0].id).leak(),
            sheet.sections[0].answer.clone(),
        ),
    ];
    for (part, previous) in parts {
        // Theme names are the administrators' list (escaped: see tests/http/themes.rs).
        let value = payload.to_owned();
        let (status, body) = post(
            &w,
            "save_part",
            Some(&admin),
            &[
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.into()),
                ("part", part.into()),
                ("value", value),
                ("previous", previous),
            ],
        )
        .await;
        assert_eq!(status, 200, "{part}: {body}");
        let saved: serde_json::Value = serde_json::from_str(&body).unwrap();
        let html = saved["html"].as_str().unwrap();
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "saved HTML of {part} is inert: {html}"
        );
    }
    for session in [None, Some(admin.as_str())] {
        let (_, html) = page(&w, &format!("/actions/{SHEET}"), session).await;
        let body = &html[html.find("<body").unwrap()..];
        // The page's own scripts live in <head>; the body must have none from the content.
        assert!(!body.contains("<script>alert"), "no injected script");
        assert!(
            !body.contains("onerror=alert") || body.contains("&lt;img"),
            "no live event handler"
        );
        assert!(!body.contains("href=\"javascript:"), "no javascript: link");
        assert!(
            body.contains("&lt;script&gt;"),
            "the payload is shown as text"
        );
    }
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_renews_the_session_id_and_logout_ends_it_on_the_server() {
    for t in every_engine().await {
        let w = world(&t).await;
        let (email, password) = w.referent.clone();
        let first = login(&w.base, &email, &password).await;
        let response = login_with(&w, &email, &password, Some(&first)).await;
        assert_eq!(response.status(), 200);
        let second = session_of(response.headers()).unwrap();
        assert_ne!(first, second, "a new session id at login");
        let (_, with_first) = page(&w, "/", Some(&first)).await;
        assert!(
            !with_first.contains("Connecté(e)"),
            "the previous session is over"
        );
        let (_, with_second) = page(&w, "/", Some(&second)).await;
        assert!(with_second.contains("Connecté(e)"));

        let (status, _) = post(&w, "logout", Some(&second), &[]).await;
        assert_eq!(status, 200);
        let (_, after) = page(&w, "/", Some(&second)).await;
        assert!(
            !after.contains("Connecté(e)"),
            "logout ended the session on the server, on {}",
            t.db.engine()
        );
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_get_one_generic_message_and_no_session() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let unknown = login_with(&w, "personne@nulle-part.example", PASSWORD, None).await;
    let unknown_status = unknown.status();
    assert!(session_of(unknown.headers()).is_none());
    let unknown_body = unknown.text().await.unwrap();
    let wrong = login_with(&w, &w.referent.0, "pas le bon mot de passe", None).await;
    assert_eq!(
        (unknown_status, wrong.status()),
        (
            reqwest::StatusCode::UNAUTHORIZED,
            reqwest::StatusCode::UNAUTHORIZED
        )
    );
    assert_eq!(
        unknown_body,
        wrong.text().await.unwrap(),
        "the same answer for both"
    );
    assert!(unknown_body.contains("Adresse e-mail ou mot de passe incorrect."));
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_failures_from_one_address_are_refused_whatever_the_account() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    for n in 0..auth::MAX_FAILURES_PER_IP {
        let status = login_with(&w, &format!("inconnu{n}@exemple.fr"), "mauvais", None)
            .await
            .status();
        assert_eq!(status, 401);
    }
    assert_eq!(
        login_with(&w, "admin@federation.example", PASSWORD, None)
            .await
            .status(),
        429
    );
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_account_loses_its_sessions_at_once() {
    for t in every_engine().await {
        let w = world(&t).await;
        let session = login(&w.base, &w.referent.0, &w.referent.1).await;
        let account = accounts::find_by_email(&t.db, &w.referent.0)
            .await
            .unwrap()
            .unwrap();
        assert!(
            app::backend::services::accounts::set_disabled(&t.db, account.id, true)
                .await
                .unwrap()
        );
        let (_, html) = page(&w, &format!("/actions/{SHEET}"), Some(&session)).await;
        assert!(!html.contains("Connecté(e)") && !html.contains(">Modifier<"));
        let (status, _) = post(
            &w,
            "add_section",
            Some(&session),
            &[
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.into()),
                ("question", "Encore ?".into()),
            ],
        )
        .await;
        assert_eq!(status, 401, "on {}", t.db.engine());
        assert_eq!(
            login_with(&w, &w.referent.0, &w.referent.1, None)
                .await
                .status(),
            401,
            "cannot log in again"
        );
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused_with_403_with_and_without_javascript() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let session = login(&w.base, &w.referent.0, &w.referent.1).await;
    let before = summary_of(&t.db, SHEET).await;
    let form = [
        ("action_id", w.sheet_id.to_string()),
        ("slug", SHEET.to_string()),
        ("part", "summary".to_string()),
        ("value", "Piraté".to_string()),
        ("previous", before.clone()),
    ];
    let attempts: [(&str, &str, &str); 4] = [
        ("origin", "https://malveillant.example", "application/json"),
        ("sec-fetch-site", "cross-site", "application/json"),
        ("sec-fetch-site", "same-site", "text/html"),
        ("origin", "null", "text/html"),
    ];
    for (name, value, accept) in attempts {
        let response = client()
            .post(format!("{}/api/save_part", w.base))
            .header(name, value)
            .header(ACCEPT, accept)
            .header(COOKIE, format!("passeurs_session={session}"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{name}: {value}");
        assert!(response.text().await.unwrap().contains("autre site"));
    }
    assert_eq!(summary_of(&t.db, SHEET).await, before, "nothing changed");
    // The same request from the site itself goes through.
    let (status, _) = post(&w, "save_part", Some(&session), &form).await;
    assert_eq!(status, 200);
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_save_redirects_back_and_a_failure_keeps_the_typed_text() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let session = login(&w.base, &w.referent.0, &w.referent.1).await;
    let sheet = actions::find_published_sheet(&t.db, SHEET)
        .await
        .unwrap()
        .unwrap();
    let submit = |value: &str, previous: &str| {
        client()
            .post(format!("{}/api/save_part", w.base))
            .header(ORIGIN, &w.base)
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header(
                REFERER,
                HeaderValue::from_str(&format!("{}/actions/{SHEET}?modifier=title", w.base))
                    .unwrap(),
            )
            .header(COOKIE, format!("passeurs_session={session}"))
            .form(&[
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.to_string()),
                ("part", "title".to_string()),
                ("value", value.to_string()),
                ("previous", previous.to_string()),
            ])
            .send()
    };
    let ok = submit("Un nouveau titre", &sheet.title).await.unwrap();
    assert_eq!(ok.status(), 302);
    assert_eq!(
        ok.headers()["location"],
        format!("/actions/{SHEET}#partie-title")
    );

    let refused = submit("ab", "Un nouveau titre").await.unwrap();
    assert_eq!(refused.status(), 302);
    let location = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains("modifier=title")
            && location.contains("retour=")
            && !location.contains("value"),
        "{location}"
    );
    let (_, edit_page) = page(&w, &location, Some(&session)).await;
    assert!(edit_page.contains("Le titre doit comporter au moins 3 caractères."));
    assert!(edit_page.contains("value=\"ab\""), "the typed text is kept");
    assert_eq!(
        actions::find_published_sheet(&t.db, SHEET)
            .await
            .unwrap()
            .unwrap()
            .title,
        "Un nouveau titre"
    );
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_reaching_the_browser_carry_no_internal_details() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let admin = login(&w.base, "admin@federation.example", PASSWORD).await;
    let (status, body) = post(
        &w,
        "save_part",
        Some(&admin),
        &[
            ("action_id", "999999".into()),
            ("slug", "x".into()),
            ("part", "summary".into()),
            ("value", "x".into()),
            ("previous", "y".into()),
        ],
    )
    .await;
    assert_eq!(status, 404);
    let (bad_status, bad_body) = post(
        &w,
        "save_part",
        Some(&admin),
        &[("action_id", "pas-un-nombre".into())],
    )
    .await;
    assert!((400..500).contains(&bad_status), "{bad_status}");
    for body in [body, bad_body] {
        for leak in [
            "sqlx",
            "SELECT",
            "UPDATE",
            "/work",
            "src/",
            "panicked",
            "deserializ",
        ] {
            assert!(!body.contains(leak), "{leak:?} in {body}");
        }
    }
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_updates_are_posted_by_referents_and_changed_only_by_their_author() {
    for t in every_engine().await {
        let w = world(&t).await;
        let engine = t.db.engine();
        let referent = login(&w.base, &w.referent.0, &w.referent.1).await;
        let other = login(&w.base, "autre@centre.example", PASSWORD).await;
        let admin = login(&w.base, "admin@federation.example", PASSWORD).await;
        // A second référent of the same sheet.
        let hash = auth::hash_password(PASSWORD.into()).await.unwrap();
        let colleague_id = accounts::create(
            &t.db,
            "collegue@centre.example",
            "Collègue",
            Some(&hash),
            false,
        )
        .await
        .unwrap();
        app::backend::services::accounts::add_referent(&t.db, w.sheet_id, colleague_id)
            .await
            .unwrap();
        let colleague = login(&w.base, "collegue@centre.example", PASSWORD).await;

        let new = |date: &str, title: &str| {
            vec![
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.to_string()),
                ("date", date.to_string()),
                ("title", title.to_string()),
                ("body", "Un **bon** moment.".to_string()),
            ]
        };
        assert_eq!(
            post(&w, "post_update", None, &new("2024-05-01", "x"))
                .await
                .0,
            401
        );
        assert_eq!(
            post(&w, "post_update", Some(&other), &new("2024-05-01", "x"))
                .await
                .0,
            403
        );
        let (status, body) = post(
            &w,
            "post_update",
            Some(&referent),
            &new("2024-05-01", "Comité de mai"),
        )
        .await;
        assert_eq!(status, 200, "on {engine}: {body}");
        let first: i64 = body.trim().parse().unwrap();
        assert_eq!(
            post(
                &w,
                "post_update",
                Some(&colleague),
                &new("2024-06-18", "Premier banquet")
            )
            .await
            .0,
            200
        );
        let (status, body) = post(
            &w,
            "post_update",
            Some(&referent),
            &new("hier", "Sans date"),
        )
        .await;
        assert_eq!(status, 422);
        assert!(body.contains("JJ/MM/AAAA"), "{body}");

        // Newest first on the public page, Markdown rendered.
        let (_, html) = page(&w, &format!("/actions/{SHEET}"), None).await;
        let june = html.find("Premier banquet").expect("June update shown");
        let may = html.find("Comité de mai").expect("May update shown");
        assert!(june < may, "newest first");
        assert!(html.contains("18/06/2024") && html.contains("<strong>bon</strong>"));

        let edit = |title: &str| {
            vec![
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.to_string()),
                ("update_id", first.to_string()),
                ("date", "2024-05-02".to_string()),
                ("title", title.to_string()),
                ("body", String::new()),
            ]
        };
        assert_eq!(
            post(&w, "edit_update", Some(&colleague), &edit("Pas à moi"))
                .await
                .0,
            403,
            "not the author"
        );
        assert_eq!(
            post(&w, "edit_update", Some(&other), &edit("Pas à moi"))
                .await
                .0,
            403
        );
        assert_eq!(
            post(&w, "edit_update", None, &edit("Pas à moi")).await.0,
            401
        );
        assert_eq!(
            post(
                &w,
                "edit_update",
                Some(&referent),
                &edit("Comité de mai, relu")
            )
            .await
            .0,
            200
        );
        let delete = vec![
            ("action_id", w.sheet_id.to_string()),
            ("slug", SHEET.to_string()),
            ("update_id", first.to_string()),
        ];
        assert_eq!(
            post(&w, "delete_update", Some(&colleague), &delete).await.0,
            403
        );
        assert_eq!(
            post(&w, "delete_update", Some(&admin), &delete).await.0,
            200,
            "administrators may"
        );
        assert_eq!(
            post(&w, "delete_update", Some(&admin), &delete).await.0,
            404,
            "already gone"
        );
        let (_, html) = page(&w, &format!("/actions/{SHEET}"), None).await;
        assert!(!html.contains("Comité de mai"));
        assert!(html.contains("Premier banquet"));
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_shows_every_change_as_a_diff_and_restores_an_earlier_text() {
    for t in every_engine().await {
        let w = world(&t).await;
        let engine = t.db.engine();
        let referent = login(&w.base, &w.referent.0, &w.referent.1).await;
        let other = login(&w.base, "autre@centre.example", PASSWORD).await;
        let original = summary_of(&t.db, SHEET).await;
        let save = |value: &str, previous: &str| {
            vec![
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.to_string()),
                ("part", "summary".to_string()),
                ("value", value.to_string()),
                ("previous", previous.to_string()),
            ]
        };
        assert_eq!(
            post(
                &w,
                "save_part",
                Some(&referent),
                &save("Un banquet en juin.", &original)
            )
            .await
            .0,
            200
        );
        assert_eq!(
            post(
                &w,
                "save_part",
                Some(&referent),
                &save("Un grand banquet en juillet.", "Un banquet en juin.")
            )
            .await
            .0,
            200
        );

        let path = format!("/actions/{SHEET}/historique");
        let (status, html) = page(&w, &path, Some(&referent)).await;
        assert_eq!(status, 200, "on {engine}");
        assert!(
            html.contains("<ins>grand </ins>"),
            "{engine}: word-level diff"
        );
        assert!(html.contains("<del>juin.</del>") && html.contains("<ins>juillet.</ins>"));
        assert!(html.contains("Camille Martin"), "who made the change");
        assert_eq!(page(&w, &path, None).await.0, 401);
        assert_eq!(page(&w, &path, Some(&other)).await.0, 403);

        let last = app::backend::db::edits::history(&t.db, w.sheet_id, 1)
            .await
            .unwrap()
            .remove(0);
        let restore = vec![
            ("action_id", w.sheet_id.to_string()),
            ("slug", SHEET.to_string()),
            ("change_id", last.id.to_string()),
        ];
        assert_eq!(post(&w, "restore_change", None, &restore).await.0, 401);
        assert_eq!(
            post(&w, "restore_change", Some(&other), &restore).await.0,
            403
        );
        assert_eq!(
            post(&w, "restore_change", Some(&referent), &restore)
                .await
                .0,
            200
        );
        assert_eq!(
            summary_of(&t.db, SHEET).await,
            "Un banquet en juin.",
            "the text before that change"
        );
        let (_, html) = page(&w, &format!("/actions/{SHEET}"), None).await;
        assert!(
            html.contains("Un banquet en juin."),
            "visitors see the restored text at once"
        );
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

/// One refused form of the table: where it posts, what is typed (with a marker that must
/// never reach an address), and what the page it comes back to must show.
struct Refusal {
    endpoint: &'static str,
    signed_in: bool,
    form: Vec<(&'static str, String)>,
    /// Typed text that the page shows again (HTML-escaped as the page writes it).
    typed: &'static str,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refused_form_comes_back_without_javascript_with_its_text_and_no_data_in_the_address()
{
    for t in every_engine().await {
        let w = world(&t).await;
        let session = login(&w.base, &w.referent.0, &w.referent.1).await;
        let event_id = app::backend::db::events::list_for_action(&t.db, w.sheet_id)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.starts_at > chrono::Utc::now())
            .expect("the upcoming banquet")
            .id;
        let sheet = w.sheet_id.to_string();
        let long = format!("Marqueur {}", "très long ".repeat(2_500));
        let cases = vec![
            Refusal {
                endpoint: "save_part",
                signed_in: true,
                form: vec![
                    ("action_id", sheet.clone()),
                    ("part", "title".into()),
                    ("value", "§§".into()),
                    ("previous", String::new()),
                ],
                typed: "§§",
            },
            Refusal {
                endpoint: "save_part",
                signed_in: true,
                form: vec![
                    ("action_id", sheet.clone()),
                    ("part", "summary".into()),
                    ("value", format!("{long}{}", "x".repeat(20_001))),
                    ("previous", String::new()),
                ],
                typed: "Marqueur très long",
            },
            Refusal {
                endpoint: "post_update",
                signed_in: true,
                form: vec![
                    ("action_id", sheet.clone()),
                    ("date", "hier".into()),
                    ("title", "Marqueur de nouvelle".into()),
                    ("body", String::new()),
                ],
                typed: "Marqueur de nouvelle",
            },
            Refusal {
                endpoint: "create_event",
                signed_in: true,
                form: vec![
                    ("action_id", sheet.clone()),
                    ("event[title]", "Marqueur evenement".into()),
                    ("event[starts_at]", "demain".into()),
                    ("event[place]", "Salle des fêtes".into()),
                ],
                typed: "Marqueur evenement",
            },
            Refusal {
                endpoint: "sign_up",
                signed_in: false,
                form: vec![
                    ("event_id", event_id.to_string()),
                    ("name", "Marqueur Résident".into()),
                    ("email", "pas-une-adresse".into()),
                    ("people", "1".into()),
                    ("message", long.clone()),
                    ("consent", "on".into()),
                ],
                typed: "Marqueur Résident",
            },
            Refusal {
                endpoint: "login",
                signed_in: false,
                form: vec![
                    ("email", "marqueur@exemple.fr".into()),
                    ("password", "mauvais mot de passe".into()),
                ],
                typed: "marqueur@exemple.fr",
            },
            Refusal {
                endpoint: "request_password_reset",
                signed_in: false,
                form: vec![("email", "marqueur-pas-une-adresse".into())],
                typed: "marqueur-pas-une-adresse",
            },
        ];
        // A second server on the same database shows the records the first one wrote.
        let second = server::start(&crate::common::settings(&t, None), false)
            .await
            .expect("second server");
        let second_base = format!("http://{}", second.addr);
        for case in cases {
            let session = case.signed_in.then_some(session.as_str());
            // With JavaScript: the error and its message as JSON.
            let (status, body) = post(&w, case.endpoint, session, &case.form).await;
            assert!((400..500).contains(&status), "{}: {status}", case.endpoint);
            let message = serde_json::from_str::<serde_json::Value>(&body).unwrap()["message"]
                .as_str()
                .unwrap()
                .to_owned();
            // Without JavaScript: a redirect whose address carries only a key.
            let mut request = client()
                .post(format!("{}/api/{}", w.base, case.endpoint))
                .header(ORIGIN, &w.base)
                .header(ACCEPT, "text/html")
                .form(&case.form);
            if let Some(token) = session {
                request = request.header(COOKIE, format!("passeurs_session={token}"));
            }
            let response = request.send().await.unwrap();
            assert!(response.status().is_redirection(), "{}", case.endpoint);
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            assert!(
                location.contains("retour="),
                "{}: {location}",
                case.endpoint
            );
            assert!(location.len() < 300, "{}: {location}", case.endpoint);
            assert!(
                !location.to_lowercase().contains("marqueur") && !location.contains('@'),
                "{}: {location}",
                case.endpoint
            );
            let mut get = client().get(format!("{second_base}{location}"));
            if let Some(token) = session {
                get = get.header(COOKIE, format!("passeurs_session={token}"));
            }
            let shown = get.send().await.unwrap();
            assert_eq!(shown.status(), 200, "{}", case.endpoint);
            assert_eq!(shown.headers()["cache-control"], "no-store, private");
            let html = shown.text().await.unwrap();
            let escaped = message.replace('\'', "&#x27;");
            assert!(
                html.contains(&message) || html.contains(&escaped),
                "{}: the same message as with JavaScript: {message}",
                case.endpoint
            );
            assert!(
                html.contains(case.typed),
                "{}: the typed text is back",
                case.endpoint
            );
            // Shown once: the same address now gives the clean form.
            let mut again = client().get(format!("{}{location}", w.base));
            if let Some(token) = session {
                again = again.header(COOKIE, format!("passeurs_session={token}"));
            }
            let again = again.send().await.unwrap().text().await.unwrap();
            assert!(!again.contains(case.typed), "{}: shown once", case.endpoint);
        }
        second.stop().await.unwrap();
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}
