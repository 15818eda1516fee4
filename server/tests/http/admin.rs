//! Administration over HTTP: who may administer, invitations and password links through
//! the outbox, on SQLite and PostgreSQL.

use crate::common::client;
use test_support::app::login_with_origin;
use test_support::TestApp;

use std::path::Path;
use std::time::Duration;

use crate::common::SHEET;
use app::backend::db::{accounts, actions};
use reqwest::header::{COOKIE, ORIGIN};
use server::Running;
use test_support::{every_engine, fresh_sqlite, TestDb};

use crate::common::PASSWORD;

/// The address the platform is reached at in these tests.
const PUBLIC_URL: &str = "http://passeurs.test";

struct World {
    running: Running,
    base: String,
    referent: (String, String),
    sheet_id: i64,
}

async fn world(t: &TestDb) -> World {
    let (referent, sheet_id) = crate::common::seed_with_admin(t).await;
    let settings = crate::common::settings(t, Some(PUBLIC_URL));
    let TestApp { running, base } = TestApp::serve(&settings).await;
    World {
        running,
        base,
        referent,
        sheet_id,
    }
}

async fn post(
    w: &World,
    endpoint: &str,
    session: Option<&str>,
    form: &[(&str, String)],
) -> reqwest::Response {
    // The platform's own address (PUBLIC_URL), as a browser on it sends.
    let mut request = client()
        .post(format!("{}/api/{endpoint}", w.base))
        .header(ORIGIN, PUBLIC_URL)
        .form(form);
    if let Some(token) = session {
        request = request.header(COOKIE, format!("passeurs_session={token}"));
    }
    request.send().await.unwrap()
}

/// The messages in the outbox, oldest first, decoded.
fn outbox(dir: &Path) -> Vec<String> {
    crate::common::outbox_messages(dir)
}

/// The outbox once the mail queue has sent at least `count` messages (a few seconds at most).
async fn outbox_with(dir: &Path, count: usize) -> Vec<String> {
    for _ in 0..250 {
        let messages = outbox(dir);
        if messages.len() >= count {
            return messages;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    outbox(dir)
}

/// The password link in a message.
fn link_in(message: &str) -> String {
    let start = message
        .find("http://passeurs.test/mot-de-passe?jeton=")
        .expect("a password link");
    message[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches(['"', '<', '>'])
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_administrators_may_administer() {
    for t in every_engine().await {
        let w = world(&t).await;
        let referent = login_with_origin(&w.base, PUBLIC_URL, &w.referent.0, &w.referent.1).await;
        let admin =
            login_with_origin(&w.base, PUBLIC_URL, "admin@federation.example", PASSWORD).await;
        let organisations_before = app::backend::db::organisations::list(&t.db).await.unwrap();
        let organisation_id = organisations_before[0].id;
        let referent_account = accounts::find_by_email(&t.db, &w.referent.0)
            .await
            .unwrap()
            .unwrap()
            .id;
        let sheet = w.sheet_id.to_string();
        let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
            (
                "create_organisation",
                vec![
                    ("name", "Centre social Nouveau".into()),
                    ("kind", "social_centre".into()),
                    ("postal_code", "35000".into()),
                    ("city", "Rennes".into()),
                ],
            ),
            (
                "update_organisation",
                vec![
                    ("id", organisation_id.to_string()),
                    ("name", "Nom changé".into()),
                    ("kind", "association".into()),
                    ("postal_code", "35000".into()),
                    ("city", "Rennes".into()),
                ],
            ),
            (
                "create_action",
                vec![
                    ("title", "Une nouvelle action".into()),
                    ("organisation_id", organisation_id.to_string()),
                ],
            ),
            (
                "set_published",
                vec![("action_id", sheet.clone()), ("published", "true".into())],
            ),
            (
                "invite_referent",
                vec![
                    ("action_id", sheet.clone()),
                    ("email", "nouvelle@centre.example".into()),
                    ("name", "Nouvelle R.".into()),
                ],
            ),
            (
                "assign_referent",
                vec![
                    ("action_id", sheet.clone()),
                    ("account_id", referent_account.to_string()),
                ],
            ),
            (
                "remove_referent",
                vec![
                    ("action_id", (w.sheet_id + 1).to_string()),
                    ("account_id", referent_account.to_string()),
                ],
            ),
            (
                "set_account_disabled",
                vec![
                    ("account_id", "999999".into()),
                    ("disabled", "false".into()),
                ],
            ),
        ];
        for (endpoint, form) in &cases {
            assert_eq!(
                post(&w, endpoint, None, form).await.status(),
                401,
                "{endpoint} anonymous on {}",
                t.db.engine()
            );
            assert_eq!(
                post(&w, endpoint, Some(&referent), form).await.status(),
                403,
                "{endpoint} by a référent"
            );
        }
        // The administrator: done, or a clear "not found" for the ids that exist nowhere.
        let expected = [200, 200, 200, 200, 200, 200, 404, 404];
        for ((endpoint, form), status) in cases.iter().zip(expected) {
            let response = post(&w, endpoint, Some(&admin), form).await;
            assert_eq!(response.status(), status, "{endpoint} by the administrator");
        }
        assert_eq!(
            app::backend::db::organisations::list(&t.db)
                .await
                .unwrap()
                .len(),
            organisations_before.len() + 1,
            "the one organisation created"
        );
        let created = actions::find_sheet(&t.db, "une-nouvelle-action")
            .await
            .unwrap()
            .expect("created");
        assert!(!created.1, "a new sheet starts unpublished");
        assert_eq!(created.0.sections.len(), 4);
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_referent_chooses_a_password_once_and_can_edit_the_sheet() {
    for t in every_engine().await {
        let w = world(&t).await;
        let admin =
            login_with_origin(&w.base, PUBLIC_URL, "admin@federation.example", PASSWORD).await;
        let invite = post(
            &w,
            "invite_referent",
            Some(&admin),
            &[
                ("action_id", w.sheet_id.to_string()),
                ("email", " Nadia.B@Centre.example ".into()),
                ("name", "Nadia B.".into()),
            ],
        )
        .await;
        assert_eq!(invite.status(), 200, "on {}", t.db.engine());
        let messages = outbox_with(&t.dir.join("outbox"), 1).await;
        assert_eq!(messages.len(), 1);
        let message = &messages[0];
        assert!(message.contains("To: nadia.b@centre.example"));
        assert!(message.contains("Vous êtes invité(e) à devenir référent(e)"));
        assert!(message.contains("text/html") && message.contains("text/plain"));
        let link = link_in(message);
        let path = link.trim_start_matches("http://passeurs.test");
        let token = path.split("jeton=").nth(1).unwrap().to_owned();

        let page = client()
            .get(format!("{}{path}", w.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Bonjour Nadia B."));

        let mismatch = post(
            &w,
            "set_password",
            None,
            &[
                ("token", token.clone()),
                ("password", PASSWORD.into()),
                ("confirmation", "autre chose".into()),
            ],
        )
        .await;
        assert_eq!(mismatch.status(), 422);
        let short = post(
            &w,
            "set_password",
            None,
            &[
                ("token", token.clone()),
                ("password", "court".into()),
                ("confirmation", "court".into()),
            ],
        )
        .await;
        assert_eq!(short.status(), 422);
        let chosen = post(
            &w,
            "set_password",
            None,
            &[
                ("token", token.clone()),
                ("password", PASSWORD.into()),
                ("confirmation", PASSWORD.into()),
            ],
        )
        .await;
        assert_eq!(chosen.status(), 200);
        let session =
            crate::common::session_of(chosen.headers()).expect("signed in after choosing");

        // The new référent edits their sheet.
        let sheet = actions::find_published_sheet(&t.db, SHEET)
            .await
            .unwrap()
            .unwrap();
        let saved = post(
            &w,
            "save_part",
            Some(&session),
            &[
                ("action_id", w.sheet_id.to_string()),
                ("slug", SHEET.into()),
                ("part", "quote_author".into()),
                ("value", "Témoignage de Nadia".into()),
                ("previous", sheet.quote_author.clone()),
            ],
        )
        .await;
        assert_eq!(saved.status(), 200);

        // The link works once.
        let again = post(
            &w,
            "set_password",
            None,
            &[
                ("token", token.clone()),
                ("password", PASSWORD.into()),
                ("confirmation", PASSWORD.into()),
            ],
        )
        .await;
        assert_eq!(again.status(), 404);
        let page = client()
            .get(format!("{}{path}", w.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 410);
        assert!(page.text().await.unwrap().contains("n'est plus valable"));
        assert_eq!(
            login_with_origin(&w.base, PUBLIC_URL, "nadia.b@centre.example", PASSWORD)
                .await
                .len(),
            64
        );
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_replaced_through_an_emailed_link_without_revealing_accounts() {
    let t = fresh_sqlite().await;
    let w = world(&t).await;
    let unknown = post(
        &w,
        "request_password_reset",
        None,
        &[("email", "personne@nulle-part.example".into())],
    )
    .await;
    assert_eq!(unknown.status(), 200);
    let unknown_body = unknown.text().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        outbox(&t.dir.join("outbox")).is_empty(),
        "no mail for an unknown address"
    );
    // Asked twice (the first mail seemed lost): two links.
    for _ in 0..2 {
        let known = post(
            &w,
            "request_password_reset",
            None,
            &[("email", w.referent.0.clone())],
        )
        .await;
        assert_eq!(known.status(), 200);
        assert_eq!(
            known.text().await.unwrap(),
            unknown_body,
            "the same answer either way"
        );
    }
    // The links and their messages are queued before the answer; the queue sends them.
    let messages = outbox_with(&t.dir.join("outbox"), 2).await;
    assert_eq!(messages.len(), 2);
    let tokens: Vec<String> = messages
        .iter()
        .map(|message| link_in(message).split("jeton=").nth(1).unwrap().to_owned())
        .collect();
    let choose = |token: &str, password: &str| {
        let fields = [
            ("token", token.to_owned()),
            ("password", password.to_owned()),
            ("confirmation", password.to_owned()),
        ];
        let w = &w;
        async move { post(w, "set_password", None, &fields).await.status() }
    };
    let new_password = "une autre phrase secrète";
    assert_eq!(choose(&tokens[1], new_password).await, 200);
    // The password changed: the other link, still unused and unexpired, is ended too.
    assert_eq!(
        choose(&tokens[0], "la phrase de quelqu'un d'autre").await,
        404,
        "an older link no longer sets the password"
    );
    let old = post(
        &w,
        "login",
        None,
        &[
            ("email", w.referent.0.clone()),
            ("password", w.referent.1.clone()),
        ],
    )
    .await;
    assert_eq!(old.status(), 401, "the old password no longer works");
    login_with_origin(&w.base, PUBLIC_URL, &w.referent.0, new_password).await;
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_removing_and_disabling_a_referent_changes_the_cached_sheet_at_once() {
    for t in every_engine().await {
        let w = world(&t).await;
        let admin =
            login_with_origin(&w.base, PUBLIC_URL, "admin@federation.example", PASSWORD).await;
        let sheet = format!("{}/actions/{SHEET}", w.base);
        let names_on_sheet = || async {
            // Twice: the second answer comes from the page cache when nothing changed.
            client().get(&sheet).send().await.unwrap();
            let page = client().get(&sheet).send().await.unwrap();
            assert_eq!(page.status(), 200);
            page.text().await.unwrap().contains("Nouvelle Référente")
        };
        assert!(!names_on_sheet().await);
        let invited = post(
            &w,
            "invite_referent",
            Some(&admin),
            &[
                ("action_id", w.sheet_id.to_string()),
                ("email", "nouvelle@centre.example".into()),
                ("name", "Nouvelle Référente".into()),
            ],
        )
        .await;
        assert_eq!(invited.status(), 200);
        assert!(names_on_sheet().await, "invited: named on the sheet");
        let account = accounts::find_by_email(&t.db, "nouvelle@centre.example")
            .await
            .unwrap()
            .unwrap()
            .id;
        let assignment = [
            ("action_id", w.sheet_id.to_string()),
            ("account_id", account.to_string()),
        ];
        let removed = post(&w, "remove_referent", Some(&admin), &assignment).await;
        assert_eq!(removed.status(), 200);
        assert!(!names_on_sheet().await, "removed: no longer named");
        let assigned = post(&w, "assign_referent", Some(&admin), &assignment).await;
        assert_eq!(assigned.status(), 200);
        assert!(names_on_sheet().await, "assigned again: named");
        let disabled = post(
            &w,
            "set_account_disabled",
            Some(&admin),
            &[
                ("account_id", account.to_string()),
                ("disabled", "true".into()),
            ],
        )
        .await;
        assert_eq!(disabled.status(), 200);
        assert!(!names_on_sheet().await, "disabled: no longer named");
        w.running.stop().await.unwrap();
        t.remove().await;
    }
}
