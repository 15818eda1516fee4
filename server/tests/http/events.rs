//! "Participer" over HTTP, on SQLite and PostgreSQL: a rush of concurrent sign-ups on a
//! capacity-limited event, personal links that cancel only their own registration, the
//! forms without JavaScript, privacy of the public sheet, référents' list and CSV, the rate
//! limit, queued mail surviving a mail server outage, and reminders sent once by two
//! server processes sharing one database.

use crate::common::{client, get_page, login, outbox_messages, post_api};
use test_support::TestApp;

use std::time::Duration;

use crate::common::SHEET;
use app::backend::db::events::{self as stored, NewEvent};
use app::backend::services::events;
use app::model::{EventStatus, RegistrationStatus};
use chrono::Utc;
use reqwest::header::{ACCEPT, ORIGIN};
use server::Running;
use test_support::{every_engine, fresh_sqlite, TestDb};

/// Starts a server on a centre's sheets (plus an administrator) and adds an event.
async fn start_with_event(
    t: &TestDb,
    capacity: Option<i64>,
    tune: impl FnOnce(&mut server::Settings),
) -> (Running, String, (String, String), i64) {
    let (referent, sheet_id) = crate::common::seed_with_admin(t).await;
    let event_id = events::create(&t.db, sheet_id, &new_event(10, capacity))
        .await
        .unwrap()
        .unwrap();
    let mut settings = crate::common::settings(t, None);
    tune(&mut settings);
    let TestApp { running, base } = TestApp::serve(&settings).await;
    (running, base, referent, event_id)
}

fn new_event(days: i64, capacity: Option<i64>) -> NewEvent {
    let starts_at = Utc::now() + chrono::Duration::days(days);
    NewEvent {
        title: "Banquet citoyen du test".into(),
        description: String::new(),
        starts_at,
        ends_at: starts_at + chrono::Duration::hours(3),
        place: "Place du marché".into(),
        capacity,
        signup_deadline: starts_at - chrono::Duration::hours(2),
    }
}

fn signup_form(event_id: i64, name: &str, email: &str, people: i64) -> Vec<(&'static str, String)> {
    vec![
        ("event_id", event_id.to_string()),
        ("slug", SHEET.to_owned()),
        ("name", name.to_owned()),
        ("email", email.to_owned()),
        ("people", people.to_string()),
        ("message", String::new()),
        ("consent", "on".to_owned()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_sign_ups_confirm_exactly_the_capacity() {
    for t in every_engine().await {
        // A thousand requests at once queue on one event's lock: with the default wait
        // for a connection (10 s) the last ones may get the saturated pool's 503, which
        // `overload` tests. This test is about the counts, so every request waits its turn.
        let (running, base, _, event_id) = start_with_event(&t, Some(100), |settings| {
            settings.pool_wait = std::time::Duration::from_secs(120);
            settings.request_timeout = std::time::Duration::from_secs(120);
        })
        .await;
        let started = std::time::Instant::now();
        let http = client();
        let mut tasks = Vec::new();
        for n in 0..1000 {
            let (http, base) = (http.clone(), base.clone());
            tasks.push(tokio::spawn(async move {
                let form = signup_form(
                    event_id,
                    &format!("Personne {n}"),
                    &format!("p{n}@exemple.fr"),
                    1,
                );
                let response = http
                    .post(format!("{base}/api/sign_up"))
                    .header(ORIGIN, &base)
                    .form(&form)
                    .send()
                    .await
                    .expect("an answer");
                let status = response.status().as_u16();
                let body = response.text().await.unwrap_or_default();
                (status, body)
            }));
        }
        let mut answers = std::collections::HashSet::new();
        for task in tasks {
            let (status, body) = task.await.unwrap();
            assert_eq!(status, 200, "{}: {body}", t.db.engine());
            answers.insert(body);
        }
        eprintln!(
            "{}: 1000 sign-ups answered in {:.1} s",
            t.db.engine(),
            started.elapsed().as_secs_f64()
        );
        // Confirmed or waitlisted, everyone reads the same answer (the mail tells which).
        assert_eq!(answers.len(), 1, "{answers:?}");
        let rows = stored::participants(&t.db, event_id).await.unwrap();
        assert_eq!(
            rows.iter()
                .filter(|r| r.status == RegistrationStatus::Confirmed)
                .count(),
            100
        );
        assert_eq!(
            rows.iter()
                .filter(|r| r.status == RegistrationStatus::Waitlisted)
                .count(),
            900
        );
        let event = stored::find(&t.db, event_id).await.unwrap().unwrap();
        assert_eq!(
            (event.confirmed_people, event.waitlisted_people),
            (100, 900)
        );
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_personal_link_cancels_its_own_registration_only_and_promotes_the_waitlist() {
    for t in every_engine().await {
        let (running, base, _, event_id) = start_with_event(&t, Some(2), |_| {}).await;
        let (status, body) = post_api(
            &base,
            "sign_up",
            None,
            &signup_form(event_id, "Awa", "awa@exemple.fr", 2),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (_, body) = post_api(
            &base,
            "sign_up",
            None,
            &signup_form(event_id, "Bruno", "bruno@exemple.fr", 1),
        )
        .await;
        assert!(
            !body.contains("/inscription/"),
            "the link is only mailed: {body}"
        );
        // Each personal link is in its owner's mail.
        wait_for_outbox(&t, 2).await;
        let link_of = |to: &str| {
            let mails = outbox_messages(&t.dir.join("outbox"));
            let mail = mails
                .iter()
                .find(|m| m.contains(&format!("To: {to}")))
                .expect("a message");
            let start =
                mail.find("/inscription/").expect("a personal link") + "/inscription/".len();
            mail[start..start + 64].to_owned()
        };
        let (awa_token, bruno_token) = (link_of("awa@exemple.fr"), link_of("bruno@exemple.fr"));

        // A made-up token cancels nothing.
        let forged = "0".repeat(64);
        let (status, body) =
            post_api(&base, "cancel_registration", None, &[("token", forged)]).await;
        assert_eq!(status, 404, "{body}");
        // Bruno's link shows Bruno's registration, not Awa's.
        let (status, page) = get_page(&base, &format!("/inscription/{bruno_token}"), None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Bruno") && page.contains("liste d&#x27;attente")
                || page.contains("liste d'attente"),
            "{page}"
        );
        assert!(!page.contains("Awa"));
        // Awa cancels with her link: Bruno is promoted and told.
        let (status, body) = post_api(
            &base,
            "cancel_registration",
            None,
            &[("token", awa_token.clone())],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let rows = stored::participants(&t.db, event_id).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].name.as_str(), rows[0].status.as_db()),
            ("Bruno", "confirmed")
        );
        let (_, page) = get_page(&base, &format!("/inscription/{awa_token}"), None).await;
        assert!(page.contains("Inscription annulée"));
        assert!(
            !page.contains("Annuler mon inscription"),
            "no cancel button once cancelled"
        );
        // The emails: confirmation, waitlist, cancellation, promotion.
        wait_for_outbox(&t, 4).await;
        let mails = outbox_messages(&t.dir.join("outbox"));
        let subjects: Vec<_> = mails.iter().filter_map(|m| subject_of(m)).collect();
        assert!(
            subjects.iter().any(|s| s.starts_with("Une place s'est ")),
            "{subjects:?}"
        );
        let confirmation = mails
            .iter()
            .find(|m| {
                m.contains("To: awa@exemple.fr") && m.contains("Votre inscription est confirmée")
            })
            .expect("Awa's confirmation");
        assert!(
            confirmation.contains("text/calendar"),
            "an .ics is attached"
        );
        assert!(confirmation.contains(&format!("/inscription/{awa_token}")));
        // Every message says who made it and that a program sent it.
        for mail in &mails {
            assert!(
                mail.lines()
                    .any(|l| l.starts_with("Message-ID: <") && l.ends_with("@passeurs.example>")),
                "a Message-ID: {mail}"
            );
            assert!(mail.contains("Auto-Submitted: auto-generated"), "{mail}");
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

/// The subject line as sent (non-ASCII words are RFC 2047-encoded: compare ASCII prefixes).
fn subject_of(message: &str) -> Option<String> {
    message
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .map(str::to_owned)
}

async fn wait_for_outbox(t: &TestDb, at_least: usize) {
    for _ in 0..100 {
        if outbox_messages(&t.dir.join("outbox")).len() >= at_least {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox never had {at_least} messages");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_sign_up_lands_back_on_the_sheet_or_on_the_form() {
    let t = fresh_sqlite().await;
    let (running, base, _, event_id) = start_with_event(&t, Some(10), |_| {}).await;
    let html_post = |form: Vec<(&'static str, String)>| {
        client()
            .post(format!("{base}/api/sign_up"))
            .header(ORIGIN, &base)
            .header(ACCEPT, "text/html")
            .form(&form)
            .send()
    };
    let response = html_post(signup_form(event_id, "Awa", "awa@exemple.fr", 2))
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    // Back on the sheet, at the event, which says the link is in the mail.
    assert!(
        location.starts_with("/actions/")
            && location.ends_with(&format!("?inscription={event_id}#evenement-{event_id}")),
        "{location}"
    );
    let (status, page) = get_page(&base, location.split('#').next().unwrap(), None).await;
    assert_eq!(status, 200);
    assert!(page.contains(app::texts::SIGNUP_SENT), "{page}");
    // The personal link is in the mail only.
    wait_for_outbox(&t, 1).await;
    let mail = outbox_messages(&t.dir.join("outbox")).remove(0);
    let start = mail.find("/inscription/").expect("a personal link");
    let personal = mail[start..start + "/inscription/".len() + 64].to_owned();
    let (status, page) = get_page(&base, &personal, None).await;
    assert_eq!(status, 200);
    assert!(page.contains("Inscription confirmée"));
    assert!(page.contains("Annuler mon inscription"));
    let ics_path = format!("{personal}/evenement.ics");
    let ics = client()
        .get(format!("{base}{ics_path}"))
        .send()
        .await
        .unwrap();
    assert_eq!(ics.status(), 200);
    assert!(ics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    assert!(ics
        .text()
        .await
        .unwrap()
        .contains("SUMMARY:Banquet citoyen du test"));

    // A bad email and no consent: back on the sheet with the typed name kept and both
    // reasons next to their fields.
    let mut bad = signup_form(event_id, "Bérénice", "pas-une-adresse", 1);
    bad.retain(|(k, _)| *k != "consent");
    let response = html_post(bad).await.unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    // The address names a server-side record, never what the person typed.
    assert!(location.contains("retour="), "{location}");
    assert!(
        !location.contains("pas-une-adresse") && !location.contains("B%C3%A9r"),
        "{location}"
    );
    let shown = client()
        .get(format!("{base}{location}"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(shown.headers()["cache-control"], "no-store, private");
    let (status, page) = (shown.status().as_u16(), shown.text().await.unwrap());
    assert_eq!(status, 200);
    assert!(
        page.contains("value=\"Bérénice\""),
        "the typed name is kept"
    );
    assert!(
        page.contains("adresse e-mail n&#x27;est pas valide")
            || page.contains("adresse e-mail n'est pas valide")
    );
    assert!(page.contains("Cochez la case"));
    // Shown once: reloading gives the clean form.
    let (status, again) = get_page(&base, &location, None).await;
    assert_eq!(status, 200);
    assert!(!again.contains("value=\"Bérénice\""));
    assert!(!again.contains("Cochez la case pour accepter"));

    // The same address again: the same answer as a new one, no second registration.
    let response = html_post(signup_form(event_id, "Awa", "AWA@exemple.fr", 1))
        .await
        .unwrap();
    let again = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        again.ends_with(&format!("?inscription={event_id}#evenement-{event_id}")),
        "{again}"
    );
    assert_eq!(
        stored::participants(&t.db, event_id).await.unwrap().len(),
        1
    );
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_ups_get_a_french_message_and_the_right_status() {
    let t = fresh_sqlite().await;
    let (running, base, _, event_id) =
        start_with_event(&t, Some(10), |s| s.signup_rate_limit = 4).await;
    let (status, body) = post_api(
        &base,
        "sign_up",
        None,
        &signup_form(event_id, "", "awa@exemple.fr", 1),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Indiquez votre nom"));
    let mut bot = signup_form(event_id, "Bot", "bot@exemple.fr", 1);
    bot.push(("website", "http://spam.example".into()));
    let (status, body) = post_api(&base, "sign_up", None, &bot).await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = post_api(
        &base,
        "sign_up",
        None,
        &signup_form(event_id, "Trop", "t@exemple.fr", 11),
    )
    .await;
    assert_eq!(status, 422);
    let (status, body) = post_api(
        &base,
        "sign_up",
        None,
        &signup_form(9999, "Awa", "awa@exemple.fr", 1),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    // The rate limit counts attempts that reach the database: the 404 above was one.
    for n in 0..3 {
        let (status, body) = post_api(
            &base,
            "sign_up",
            None,
            &signup_form(event_id, "Awa", &format!("a{n}@exemple.fr"), 1),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = post_api(
        &base,
        "sign_up",
        None,
        &signup_form(event_id, "Awa", "encore@exemple.fr", 1),
    )
    .await;
    assert_eq!(status, 429, "{body}");
    assert!(
        body.contains("Trop d'inscriptions") || body.contains("Trop d\\u0027inscriptions"),
        "{body}"
    );
    assert_eq!(
        stored::participants(&t.db, event_id).await.unwrap().len(),
        3
    );
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_sheet_shows_counts_but_never_who_signed_up() {
    for t in every_engine().await {
        let (running, base, referent, event_id) = start_with_event(&t, Some(10), |_| {}).await;
        let (status, _) = post_api(
            &base,
            "sign_up",
            None,
            &signup_form(
                event_id,
                "Zéphyrine Secret",
                "zephyrine.secret@exemple.fr",
                3,
            ),
        )
        .await;
        assert_eq!(status, 200);
        let sheet = format!("/actions/{SHEET}");
        let (status, page) = get_page(&base, &sheet, None).await;
        assert_eq!(status, 200);
        assert!(page.contains("Plus que 7 places"), "what is left is public");
        assert!(
            !page.contains("zephyrine"),
            "{}: no email in the public page",
            t.db.engine()
        );
        assert!(!page.contains("Zéphyrine"));
        // Nor in what a référent's sheet carries.
        let session = login(&base, &referent.0, &referent.1).await;
        let (_, page) = get_page(&base, &sheet, Some(&session)).await;
        assert!(!page.contains("zephyrine"));
        assert!(page.contains("Voir les inscriptions"));
        // Nor in the public API behind the sheet.
        let (_, json) = post_api(&base, "get_sheet", None, &[("slug", SHEET.to_owned())]).await;
        assert!(json.contains("Banquet citoyen du test") && !json.contains("zephyrine"));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_actions_referents_see_the_list_and_download_the_csv() {
    let t = fresh_sqlite().await;
    let (running, base, referent, event_id) = start_with_event(&t, Some(10), |_| {}).await;
    post_api(&base, "sign_up", None, &{
        let mut form = signup_form(event_id, "Élodie Lefèvre", "elodie@exemple.fr", 2);
        form[5].1 = "Végétarienne ; merci".into();
        form
    })
    .await;
    let list = format!("/actions/{SHEET}/evenements/{event_id}");
    let csv = format!("{list}/inscriptions.csv");
    // Anonymous: no list, no file.
    let (status, page) = get_page(&base, &list, None).await;
    assert_eq!(status, 401);
    assert!(!page.contains("elodie"));
    let (status, body) = get_page(&base, &csv, None).await;
    assert_eq!(status, 401);
    assert!(!body.contains("elodie"));
    // The référent of another sheet: refused.
    let stranger = crate::common::other_referent(&t, &base).await;
    let (status, _) = get_page(&base, &csv, Some(&stranger)).await;
    assert_eq!(status, 403);
    let (status, page) = get_page(&base, &list, Some(&stranger)).await;
    assert_eq!(status, 403);
    assert!(!page.contains("elodie"));
    // The sheet's référent.
    let session = login(&base, &referent.0, &referent.1).await;
    let (status, page) = get_page(&base, &list, Some(&session)).await;
    assert_eq!(status, 200);
    assert!(page.contains("elodie@exemple.fr") && page.contains("Élodie Lefèvre"));
    let response = client()
        .get(format!("{base}{csv}"))
        .header("cookie", format!("passeurs_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("Confirmée;Élodie Lefèvre;elodie@exemple.fr;2;\"Végétarienne ; merci\";"),
        "{text}"
    );
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_server_outage_loses_no_registration_and_the_mail_waits_in_the_queue() {
    let t = fresh_sqlite().await;
    // Nothing listens on port 9: every delivery fails.
    let (running, base, _, event_id) = start_with_event(&t, None, |s| {
        s.smtp_url = Some("smtp://127.0.0.1:9".into());
    })
    .await;
    let (status, body) = post_api(
        &base,
        "sign_up",
        None,
        &signup_form(event_id, "Awa", "awa@exemple.fr", 1),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        stored::participants(&t.db, event_id).await.unwrap().len(),
        1
    );
    // The background task tried, failed, and kept the message for later.
    let mut tried = false;
    for _ in 0..100 {
        let attempts: i64 = match &t.db {
            app::backend::db::Db::Sqlite(pool) => {
                sqlx::query_scalar("SELECT COALESCE(MAX(attempts), 0) FROM mail_queue")
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
            app::backend::db::Db::Postgres(pool) => {
                sqlx::query_scalar("SELECT COALESCE(MAX(attempts), 0) FROM mail_queue")
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        };
        if attempts >= 1 {
            tried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(tried, "a delivery was attempted");
    assert_eq!(test_support::probes::pending_count(&t.db).await.unwrap(), 1);
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_send_each_reminder_once() {
    for t in every_engine().await {
        let (referent_sheet, event_id) = {
            let (_, sheet_id) = crate::common::seed_with_admin(&t).await;
            let id = events::create(&t.db, sheet_id, &new_event(5, None))
                .await
                .unwrap()
                .unwrap();
            (sheet_id, id)
        };
        let start = |outbox: &str| {
            let mut settings = crate::common::settings(&t, None);
            settings.outbox_dir = t.dir.join(outbox);
            settings.jobs_interval = Duration::from_millis(30);
            settings
        };
        let first = server::start(&start("outbox-a"), false).await.unwrap();
        let second = server::start(&start("outbox-b"), false).await.unwrap();
        for (n, running) in [&first, &second, &first].into_iter().enumerate() {
            let base = format!("http://{}", running.addr);
            let (status, body) = post_api(
                &base,
                "sign_up",
                None,
                &signup_form(event_id, &format!("P{n}"), &format!("p{n}@exemple.fr"), 1),
            )
            .await;
            assert_eq!(status, 200, "{body}");
        }
        // The event moves to tomorrow: the reminders are due.
        events::update(
            &t.db,
            "http://x",
            referent_sheet,
            event_id,
            &new_event(1, None),
            EventStatus::Open,
            u32::MAX,
        )
        .await
        .unwrap();
        let reminders = || {
            ["outbox-a", "outbox-b"]
                .iter()
                .flat_map(|dir| outbox_messages(&t.dir.join(dir)))
                .filter(|m| subject_of(m).is_some_and(|s| s.starts_with("Rappel")))
                .count()
        };
        for _ in 0..100 {
            if reminders() >= 3 && test_support::probes::pending_count(&t.db).await.unwrap() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A few more rounds of both task loops: still exactly one each.
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(reminders(), 3, "{}", t.db.engine());
        first.stop().await.unwrap();
        second.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referents_create_edit_and_cancel_events_and_others_cannot() {
    for t in every_engine().await {
        let (running, base, referent, event_id) = start_with_event(&t, Some(3), |_| {}).await;
        let sheet_id = stored::find(&t.db, event_id)
            .await
            .unwrap()
            .unwrap()
            .action_id;
        let form = |extra: &[(&'static str, &str)]| {
            let mut form = vec![
                ("action_id", sheet_id.to_string()),
                ("slug", SHEET.to_owned()),
                ("event[title]", "Atelier cuisine".to_owned()),
                ("event[description]", "On cuisine ensemble.".to_owned()),
                ("event[starts_at]", "2099-06-18T19:00".to_owned()),
                ("event[ends_at]", "2099-06-18T22:00".to_owned()),
                ("event[place]", "Maison de quartier".to_owned()),
                ("event[capacity]", "3".to_owned()),
                ("event[signup_deadline]", String::new()),
            ];
            for (key, value) in extra {
                form.retain(|(k, _)| k != key);
                form.push((*key, value.to_string()));
            }
            form
        };
        // Visitors and the référent of another sheet may not.
        let (status, _) = post_api(&base, "create_event", None, &form(&[])).await;
        assert_eq!(status, 401);
        let stranger = crate::common::other_referent(&t, &base).await;
        let (status, _) = post_api(&base, "create_event", Some(&stranger), &form(&[])).await;
        assert_eq!(status, 403);
        // The sheet's référent creates one; a bad date gets a French message.
        let session = login(&base, &referent.0, &referent.1).await;
        let (status, body) = post_api(
            &base,
            "create_event",
            Some(&session),
            &form(&[("event[starts_at]", "demain soir")]),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("Indiquez la date et l"), "{body}");
        let (status, body) = post_api(&base, "create_event", Some(&session), &form(&[])).await;
        assert_eq!(status, 200, "{body}");
        let created: i64 = body.trim().parse().unwrap();
        let (_, page) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        let card = page
            .split(&format!("id=\"evenement-{created}\""))
            .nth(1)
            .and_then(|rest| rest.split("</article>").next())
            .expect("the new event on the sheet");
        assert!(
            card.contains("Atelier cuisine")
                && card.contains("jeudi 18 juin 2099, de 19 h 00 à 22 h 00")
        );
        assert!(card.contains("Plus que 3 places"), "{card}");
        // Two people sign up; the capacity cannot go below them.
        let (status, _) = post_api(
            &base,
            "sign_up",
            None,
            &signup_form(created, "Awa", "awa@exemple.fr", 2),
        )
        .await;
        assert_eq!(status, 200);
        let mut edit = form(&[("event[capacity]", "1")]);
        edit.push(("event_id", created.to_string()));
        let (status, body) = post_api(&base, "edit_event", Some(&session), &edit).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("2 personne(s) sont déjà inscrites"), "{body}");
        let mut edit = form(&[("event[title]", "Atelier cuisine du monde")]);
        edit.push(("event_id", created.to_string()));
        let (status, body) = post_api(&base, "edit_event", Some(&stranger), &edit).await;
        assert_eq!(status, 403, "{body}");
        let (status, body) = post_api(&base, "edit_event", Some(&session), &edit).await;
        assert_eq!(status, 200, "{body}");
        // Cancelled: sign-ups are refused and the person registered is told.
        let cancel = [
            ("action_id", sheet_id.to_string()),
            ("slug", SHEET.to_owned()),
            ("event_id", created.to_string()),
        ];
        let (status, _) = post_api(&base, "cancel_event", Some(&stranger), &cancel).await;
        assert_eq!(status, 403);
        let (status, _) = post_api(&base, "cancel_event", Some(&session), &cancel).await;
        assert_eq!(status, 200);
        let (status, body) = post_api(
            &base,
            "sign_up",
            None,
            &signup_form(created, "Bruno", "bruno@exemple.fr", 1),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert!(body.contains("annulé"), "{body}");
        let (_, page) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        let card = page
            .split(&format!("id=\"evenement-{created}\""))
            .nth(1)
            .and_then(|rest| rest.split("</article>").next())
            .expect("the cancelled event on the sheet");
        assert!(card.contains("Événement annulé"), "{card}");
        wait_for_outbox(&t, 2).await;
        let mails = outbox_messages(&t.dir.join("outbox"));
        assert!(mails
            .iter()
            .any(|m| m.contains("To: awa@exemple.fr") && m.contains("cet événement est annulé")));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referents_cancel_a_registration_and_write_to_everyone_registered() {
    for t in every_engine().await {
        let (running, base, referent, event_id) = start_with_event(&t, Some(2), |_| {}).await;
        for (name, email, people) in [
            ("Awa", "awa@exemple.fr", 2),
            ("Bruno", "bruno@exemple.fr", 1),
        ] {
            let (status, body) = post_api(
                &base,
                "sign_up",
                None,
                &signup_form(event_id, name, email, people),
            )
            .await;
            assert_eq!(status, 200, "{body}");
        }
        let rows = stored::participants(&t.db, event_id).await.unwrap();
        let awa = rows.iter().find(|r| r.name == "Awa").unwrap().id;
        let cancel = [
            ("slug", SHEET.to_owned()),
            ("event_id", event_id.to_string()),
            ("registration_id", awa.to_string()),
        ];
        let message = |subject: &str| {
            vec![
                ("slug", SHEET.to_owned()),
                ("event_id", event_id.to_string()),
                ("subject", subject.to_owned()),
                (
                    "message",
                    "Le banquet a lieu sous le préau de l'école.".to_owned(),
                ),
            ]
        };
        // Nobody else may.
        let stranger = crate::common::other_referent(&t, &base).await;
        for session in [None, Some(stranger.as_str())] {
            let (status, _) = post_api(&base, "cancel_participant", session, &cancel).await;
            assert!(status == 401 || status == 403, "{status}");
            let (status, _) = post_api(
                &base,
                "message_participants",
                session,
                &message("Changement de lieu"),
            )
            .await;
            assert!(status == 401 || status == 403, "{status}");
        }
        assert_eq!(
            stored::participants(&t.db, event_id).await.unwrap().len(),
            2
        );
        let session = login(&base, &referent.0, &referent.1).await;
        // A message needs a subject.
        let (status, body) =
            post_api(&base, "message_participants", Some(&session), &message(" ")).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("objet"), "{body}");
        let (status, body) = post_api(
            &base,
            "message_participants",
            Some(&session),
            &message("Changement de lieu"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body.trim(), "2", "sent to both people registered");
        // Cancelling Awa frees two places: Bruno, waiting, is confirmed.
        let (status, body) = post_api(&base, "cancel_participant", Some(&session), &cancel).await;
        assert_eq!(status, 200, "{body}");
        let rows = stored::participants(&t.db, event_id).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].name.as_str(), rows[0].status.as_db()),
            ("Bruno", "confirmed")
        );
        wait_for_outbox(&t, 6).await;
        let mails = outbox_messages(&t.dir.join("outbox"));
        let to = |address: &str, text: &str| {
            mails
                .iter()
                .any(|m| m.contains(&format!("To: {address}")) && m.contains(text))
        };
        assert!(
            to("awa@exemple.fr", "sous le préau"),
            "the message reached Awa"
        );
        assert!(to("bruno@exemple.fr", "sous le préau"), "and Bruno");
        assert!(to(
            "awa@exemple.fr",
            "Les organisateurs ont annulé votre inscription"
        ));
        assert!(to(
            "bruno@exemple.fr",
            "votre inscription est maintenant confirmée"
        ));
        running.stop().await.unwrap();
        t.remove().await;
    }
}
