//! Every change to what public pages show marks public content changed by itself (the
//! triggers of migration 0009), in the transaction of the change; refusals, no-ops and
//! private writes (sessions, tokens, mail, refused-form records) do not. One table over
//! every public mutation of the services layer, on SQLite and PostgreSQL.

use chrono::{Duration, NaiveDate, Utc};
use passeurs_domain::db::events::NewEvent;
use passeurs_domain::db::organisations::NewOrganisation;
use passeurs_domain::db::photos::NewPhoto;
use passeurs_domain::db::{accounts, actions, Db};
use passeurs_domain::model::{EventStatus, OrganisationKind, SheetPart, Signup};
use passeurs_domain::services::{self, events::CancelledBy};
use test_support::fixtures::{self, Sheet};
use test_support::{every_engine, TestDb};

const URL: &str = "http://passeurs.test";

async fn generation(db: &Db) -> i64 {
    actions::content_generation(db).await.unwrap()
}

/// The ids a case works on.
struct World {
    centre: i64,
    sheet: i64,
    referent: i64,
    event: i64,
}

async fn world(t: &TestDb) -> World {
    let storage = passeurs_domain::storage::Storage::local(&t.dir.join("media")).unwrap();
    let centre = fixtures::organisation(&t.db, "Centre social des Tilleuls").await;
    let sheet = Sheet::new(centre, "banquet")
        .pictures(3)
        .insert(&t.db, &storage)
        .await;
    let referent = fixtures::referent(
        &t.db,
        sheet,
        "camille@centre.example",
        "un mot de passe solide",
    )
    .await;
    let event = fixtures::event(&t.db, sheet, "Banquet", 20, Some(10)).await;
    World {
        centre,
        sheet,
        referent,
        event,
    }
}

fn photo(name: &str, update_id: Option<i64>) -> NewPhoto {
    NewPhoto {
        file_name: format!("{name}.jpg"),
        width: 60,
        height: 40,
        thumb_name: format!("{name}-thumb.jpg"),
        thumb_width: 30,
        thumb_height: 20,
        medium_name: None,
        medium_width: None,
        original_name: format!("originals/{name}.jpg"),
        alt_text: "Une table dressée".into(),
        caption: String::new(),
        update_id,
        has_webp: false,
    }
}

fn signup(email: &str, people: i64) -> Signup {
    Signup {
        name: "Awa".into(),
        email: email.into(),
        email_key: email.into(),
        people,
        message: String::new(),
    }
}

fn new_event(title: &str) -> NewEvent {
    let at = Utc::now() + Duration::days(30);
    NewEvent {
        title: title.into(),
        description: String::new(),
        starts_at: at,
        ends_at: at + Duration::hours(3),
        place: "Salle des fêtes".into(),
        capacity: Some(10),
        signup_deadline: at - Duration::days(1),
    }
}

async fn photo_ids(db: &Db, sheet: i64) -> Vec<i64> {
    test_support::probes::order_of(db, sheet).await.unwrap()
}

/// Runs `$work` (an expression using `$t` and `$w`) and checks whether the content
/// generation moved.
macro_rules! case {
    ($t:ident, $w:ident, $name:expr, $changes:expr, $work:expr) => {{
        let before = generation(&$t.db).await;
        let value = $work;
        let after = generation(&$t.db).await;
        if $changes {
            assert!(
                after > before,
                "{} must mark public content changed ({})",
                $name,
                $t.db.engine()
            );
        } else {
            assert_eq!(
                after,
                before,
                "{} must not mark public content changed ({})",
                $name,
                $t.db.engine()
            );
        }
        value
    }};
}

#[tokio::test]
async fn every_public_mutation_marks_public_content_changed_and_nothing_else_does() {
    for t in every_engine().await {
        let w = world(&t).await;
        let db = &t.db;
        let storage = passeurs_domain::storage::Storage::local(&t.dir.join("media")).unwrap();

        // Sheets and their parts.
        case!(t, w, "creating a sheet", true, {
            Sheet::new(w.centre, "jardin").insert(db, &storage).await
        });
        case!(t, w, "unpublishing a sheet", true, {
            assert!(services::sheets::set_published(db, w.sheet, false)
                .await
                .unwrap())
        });
        case!(t, w, "publishing a sheet", true, {
            assert!(services::sheets::set_published(db, w.sheet, true)
                .await
                .unwrap())
        });
        case!(t, w, "publishing a sheet that does not exist", false, {
            assert!(!services::sheets::set_published(db, 999_999, true)
                .await
                .unwrap())
        });
        let title = actions::summary(db, w.sheet).await.unwrap().unwrap().title;
        case!(t, w, "saving a part", true, {
            services::sheets::save_part(
                db,
                w.sheet,
                SheetPart::Title,
                "Un autre titre",
                &title,
                w.referent,
            )
            .await
            .unwrap()
        });
        case!(t, w, "saving a part with its own value", false, {
            services::sheets::save_part(
                db,
                w.sheet,
                SheetPart::Title,
                "Un autre titre",
                "Un autre titre",
                w.referent,
            )
            .await
            .unwrap()
        });
        case!(t, w, "a save refused as a conflict", false, {
            services::sheets::save_part(
                db,
                w.sheet,
                SheetPart::Title,
                "Encore un titre",
                "périmé",
                w.referent,
            )
            .await
            .unwrap()
        });
        let section = case!(t, w, "adding a section", true, {
            services::sheets::add_section(db, w.sheet, "Avec qui ?", w.referent)
                .await
                .unwrap()
        });
        let section = section.expect("added");
        case!(t, w, "moving a section", true, {
            assert!(
                services::sheets::move_section(db, w.sheet, section, true, w.referent)
                    .await
                    .unwrap()
            )
        });
        case!(t, w, "moving a section of another sheet", false, {
            assert!(
                !services::sheets::move_section(db, w.sheet, 999_999, true, w.referent)
                    .await
                    .unwrap()
            )
        });
        case!(t, w, "removing a section", true, {
            assert!(
                services::sheets::remove_section(db, w.sheet, section, w.referent)
                    .await
                    .unwrap()
            )
        });
        let change = passeurs_domain::db::edits::history(db, w.sheet, 50)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.part == "title")
            .expect("the title change")
            .id;
        case!(t, w, "restoring from the history", true, {
            services::sheets::restore(db, w.sheet, change, w.referent)
                .await
                .unwrap()
        });
        case!(t, w, "changing an organisation", true, {
            let new = NewOrganisation {
                name: "Centre social des Tilleuls (Nord)".into(),
                kind: OrganisationKind::SocialCentre,
                postal_code: "44800".into(),
                city: "Saint-Herblain".into(),
                departement: "44".into(),
            };
            assert!(services::sheets::update_organisation(db, w.centre, &new)
                .await
                .unwrap())
        });
        case!(t, w, "creating an organisation", true, {
            fixtures::organisation(db, "Espace de vie sociale du Bourg").await
        });

        // Photos.
        let added = case!(t, w, "adding a photo", true, {
            services::photos::add(db, w.sheet, &photo("nouvelle", None))
                .await
                .unwrap()
        });
        let added = added.expect("added");
        case!(t, w, "describing a photo", true, {
            assert!(
                services::photos::describe(db, w.sheet, added, "Une nappe", "")
                    .await
                    .unwrap()
            )
        });
        case!(t, w, "moving a photo", true, {
            assert!(services::photos::move_one(db, w.sheet, added, true)
                .await
                .unwrap())
        });
        let mut order = photo_ids(db, w.sheet).await;
        order.reverse();
        case!(t, w, "reordering photos", true, {
            assert!(services::photos::reorder(db, w.sheet, &order)
                .await
                .unwrap())
        });
        case!(t, w, "a reorder naming photos of another sheet", false, {
            assert!(!services::photos::reorder(db, w.sheet, &[added, 999_999])
                .await
                .unwrap())
        });
        case!(t, w, "choosing the cover", true, {
            assert!(services::photos::set_cover(db, w.sheet, added)
                .await
                .unwrap())
        });
        case!(t, w, "choosing a cover of another sheet", false, {
            assert!(!services::photos::set_cover(db, w.sheet, 999_999)
                .await
                .unwrap())
        });
        case!(t, w, "deleting a photo", true, {
            assert!(services::photos::delete(db, w.sheet, added)
                .await
                .unwrap()
                .is_some())
        });

        // Progress news.
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let news = case!(t, w, "posting news", true, {
            services::updates::create(db, w.sheet, w.referent, day, "Le banquet a eu lieu", "")
                .await
                .unwrap()
        });
        let news = news.expect("posted");
        case!(t, w, "rewriting news", true, {
            assert!(services::updates::update(
                db,
                w.sheet,
                news,
                day,
                "Le banquet a eu lieu !",
                "Merci."
            )
            .await
            .unwrap())
        });
        case!(t, w, "deleting news", true, {
            assert!(services::updates::delete(db, w.sheet, news).await.unwrap())
        });

        // Référents and accounts.
        let colleague = fixtures::account(
            db,
            "dominique@centre.example",
            "Dominique",
            "un mot de passe solide",
            false,
        )
        .await;
        case!(t, w, "assigning a référent", true, {
            services::accounts::add_referent(db, w.sheet, colleague)
                .await
                .unwrap()
        });
        case!(t, w, "removing a référent", true, {
            assert!(services::accounts::remove_referent(db, w.sheet, colleague)
                .await
                .unwrap())
        });
        case!(t, w, "disabling an account", true, {
            assert!(services::accounts::set_disabled(db, colleague, true)
                .await
                .unwrap())
        });
        case!(t, w, "inviting a référent", true, {
            services::accounts::invite_referent(db, URL, w.sheet, "sam@centre.example", "Sam")
                .await
                .unwrap()
        });

        // Events and their places.
        let created = case!(t, w, "creating an event", true, {
            services::events::create(db, w.sheet, &new_event("Atelier"))
                .await
                .unwrap()
        });
        let created = created.expect("created");
        case!(t, w, "rewriting an event", true, {
            services::events::update(
                db,
                URL,
                w.sheet,
                created,
                &new_event("Atelier cuisine"),
                EventStatus::Open,
                u32::MAX,
            )
            .await
            .unwrap()
        });
        let registration = case!(t, w, "a sign-up (the places left change)", true, {
            services::events::sign_up(db, URL, w.event, &signup("awa@exemple.fr", 2), u32::MAX)
                .await
                .unwrap()
        });
        let registration = registration.registration_id;
        case!(
            t,
            w,
            "a sign-up again (same email: nothing new recorded)",
            false,
            {
                assert!(
                    services::events::sign_up(
                        db,
                        URL,
                        w.event,
                        &signup("awa@exemple.fr", 1),
                        u32::MAX
                    )
                    .await
                    .unwrap()
                    .repeated
                )
            }
        );
        case!(t, w, "cancelling a registration", true, {
            assert!(services::events::cancel(
                db,
                URL,
                w.event,
                registration,
                CancelledBy::Person,
                u32::MAX
            )
            .await
            .unwrap())
        });
        case!(t, w, "cancelling an event", true, {
            services::events::cancel_event(db, URL, w.sheet, created)
                .await
                .unwrap()
        });

        // Private writes: sessions, tokens, mail, refused-form records, reminders.
        case!(t, w, "signing in (a session)", false, {
            accounts::create_session(
                db,
                "hash-of-a-session",
                w.referent,
                Utc::now() + Duration::days(1),
            )
            .await
            .unwrap()
        });
        case!(t, w, "a password link (token and mail)", false, {
            assert!(
                services::accounts::send_password_link(db, URL, "camille@centre.example")
                    .await
                    .unwrap()
            )
        });
        case!(t, w, "a refused form's record", false, {
            passeurs_domain::db::returned_forms::insert(
                db,
                "hash-of-a-key",
                "{}",
                Utc::now() + Duration::minutes(15),
            )
            .await
            .unwrap()
        });
        case!(t, w, "queueing reminders", false, {
            services::events::queue_reminders(db, URL).await.unwrap()
        });
        t.remove().await;
    }
}
