//! Repository tests: each on a fresh database, on SQLite and (when TEST_POSTGRES_URL is
//! set) on PostgreSQL.

use chrono::{Duration, NaiveDate, Utc};
use passeurs_domain::db::{actions, organisations, Db};
use passeurs_domain::model::{ActionStatus, OrganisationKind, STANDARD_QUESTIONS};
use test_support::every_engine;

async fn organisation(db: &Db) -> i64 {
    let new = organisations::NewOrganisation {
        name: "Centre social Les Érables".into(),
        kind: OrganisationKind::SocialCentre,
        postal_code: "44800".into(),
        city: "Saint-Herblain".into(),
        departement: "44".into(),
    };
    organisations::create(db, &new)
        .await
        .expect("create organisation")
}

fn new_action(organisation_id: i64, slug: &str, days_ago: i64) -> actions::NewAction {
    actions::NewAction {
        slug: slug.into(),
        organisation_id,
        title: format!("Action {slug}"),
        quote: "Une phrase qui donne envie.".into(),
        quote_author: "Témoignage d'une bénévole".into(),
        summary: "Un résumé.".into(),
        start_date: NaiveDate::from_ymd_opt(2024, 3, 1),
        status: ActionStatus::InProgress,
        progress: 40,
        themes: vec!["démocratie".into(), "alimentation".into()],
        referent_name: "Inès T.".into(),
        published: true,
        sections: None,
        created_at: Utc::now() - Duration::days(days_ago),
    }
}

fn image(n: i32) -> actions::NewGalleryImage {
    actions::NewGalleryImage {
        file_name: format!("a/{n}.jpg"),
        thumb_name: format!("a/{n}-thumb.jpg"),
        width: 1200,
        height: 800,
        thumb_width: 480,
        thumb_height: 320,
        alt_text: format!("Image {n}"),
    }
}

#[tokio::test]
async fn a_new_sheet_starts_with_the_four_standard_questions() {
    for t in every_engine().await {
        let org = organisation(&t.db).await;
        passeurs_domain::services::sheets::create(&t.db, &new_action(org, "banquet", 0))
            .await
            .expect("create");
        let sheet = actions::find_published_sheet(&t.db, "banquet")
            .await
            .unwrap()
            .expect("found");
        let questions: Vec<&str> = sheet.sections.iter().map(|s| s.question.as_str()).collect();
        assert_eq!(questions, STANDARD_QUESTIONS, "on {}", t.db.engine());
        assert!(sheet.sections.iter().all(|s| s.answer.is_empty()));
        t.remove().await;
    }
}

#[tokio::test]
async fn a_published_sheet_comes_with_its_organisation_themes_sections_and_gallery_in_order() {
    for t in every_engine().await {
        let org = organisation(&t.db).await;
        let mut new = new_action(org, "jardin", 0);
        new.sections = Some(vec![
            ("Première question ?".into(), "Première réponse.".into()),
            ("Deuxième question ?".into(), String::new()),
        ]);
        let id = passeurs_domain::services::sheets::create(&t.db, &new)
            .await
            .expect("create");
        for n in 1..=3 {
            passeurs_domain::services::sheets::add_gallery_image(&t.db, id, &image(n))
                .await
                .expect("add image");
        }
        let sheet = actions::find_published_sheet(&t.db, "jardin")
            .await
            .unwrap()
            .expect("found");
        let engine = t.db.engine();
        assert_eq!(sheet.title, "Action jardin", "on {engine}");
        assert_eq!(sheet.organisation_name, "Centre social Les Érables");
        assert_eq!(sheet.organisation_kind, OrganisationKind::SocialCentre);
        assert_eq!(
            (sheet.postal_code.as_str(), sheet.city.as_str()),
            ("44800", "Saint-Herblain")
        );
        assert_eq!(sheet.start_date, NaiveDate::from_ymd_opt(2024, 3, 1));
        assert_eq!(sheet.status, ActionStatus::InProgress);
        assert_eq!(sheet.progress, 40);
        let themes: Vec<(&str, &str)> = sheet
            .themes
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(
            themes,
            [
                ("democratie", "démocratie"),
                ("alimentation", "alimentation")
            ]
        );
        assert_eq!(sheet.sections.len(), 2);
        assert_eq!(sheet.sections[0].answer, "Première réponse.");
        let alts: Vec<&str> = sheet.gallery.iter().map(|g| g.alt.as_str()).collect();
        assert_eq!(alts, ["Image 1", "Image 2", "Image 3"]);
        assert_eq!(sheet.gallery[0].url, "/media/a/1.jpg");
        assert_eq!(sheet.gallery[0].thumb_url, "/media/a/1-thumb.jpg");
        t.remove().await;
    }
}

#[tokio::test]
async fn unpublished_and_unknown_sheets_are_not_found() {
    for t in every_engine().await {
        let org = organisation(&t.db).await;
        let mut draft = new_action(org, "brouillon", 0);
        draft.published = false;
        let id = passeurs_domain::services::sheets::create(&t.db, &draft)
            .await
            .expect("create");
        assert!(actions::find_published_sheet(&t.db, "brouillon")
            .await
            .unwrap()
            .is_none());
        assert!(actions::find_published_sheet(&t.db, "inconnue")
            .await
            .unwrap()
            .is_none());
        assert!(
            passeurs_domain::services::sheets::set_published(&t.db, id, true)
                .await
                .unwrap()
        );
        assert!(actions::find_published_sheet(&t.db, "brouillon")
            .await
            .unwrap()
            .is_some());
        assert!(
            !passeurs_domain::services::sheets::set_published(&t.db, id + 1000, true)
                .await
                .unwrap()
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn home_cards_are_newest_first_paginated_and_show_the_first_image() {
    for t in every_engine().await {
        let org = organisation(&t.db).await;
        // 14 published sheets (created 0..14 days ago) and one draft.
        for days in 0..14 {
            let id = passeurs_domain::services::sheets::create(
                &t.db,
                &new_action(org, &format!("a{days:02}"), days),
            )
            .await
            .expect("create");
            if days == 0 {
                passeurs_domain::services::sheets::add_gallery_image(&t.db, id, &image(7))
                    .await
                    .unwrap();
                passeurs_domain::services::sheets::add_gallery_image(&t.db, id, &image(8))
                    .await
                    .unwrap();
            }
        }
        let mut draft = new_action(org, "draft", -1);
        draft.published = false;
        passeurs_domain::services::sheets::create(&t.db, &draft)
            .await
            .unwrap();

        let first = actions::list_published_cards(&t.db, None, 1).await.unwrap();
        assert_eq!(
            (first.page, first.page_count),
            (1, 2),
            "on {}",
            t.db.engine()
        );
        assert_eq!(first.cards.len(), 12);
        assert_eq!(first.cards[0].slug, "a00");
        assert_eq!(first.cards[11].slug, "a11");
        assert_eq!(
            first.cards[0].cover.as_ref().map(|c| c.alt.as_str()),
            Some("Image 7")
        );
        assert!(first.cards[1].cover.is_none());
        assert_eq!(first.cards[0].city, "Saint-Herblain");

        let second = actions::list_published_cards(&t.db, None, 2).await.unwrap();
        let slugs: Vec<&str> = second.cards.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["a12", "a13"]);
        // Out-of-range pages are clamped rather than empty.
        assert_eq!(
            actions::list_published_cards(&t.db, None, 99)
                .await
                .unwrap()
                .page,
            2
        );
        assert_eq!(
            actions::list_published_cards(&t.db, None, -3)
                .await
                .unwrap()
                .page,
            1
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn organisations_get_a_free_slug_and_older_rows_get_theirs_at_startup() {
    for t in every_engine().await {
        let corsica = organisations::NewOrganisation {
            name: "Association A Pignata".into(),
            kind: OrganisationKind::Association,
            postal_code: "20200".into(),
            city: "Bastia".into(),
            departement: "2B".into(),
        };
        let first = organisations::create(&t.db, &corsica)
            .await
            .expect("create");
        let second = organisations::create(&t.db, &corsica)
            .await
            .expect("create");
        let slug_of = |id: i64, all: &[organisations::Organisation]| {
            all.iter().find(|o| o.id == id).map(|o| o.slug.clone())
        };
        let all = organisations::list(&t.db).await.unwrap();
        assert_eq!(
            slug_of(first, &all).as_deref(),
            Some("association-a-pignata")
        );
        assert_eq!(
            slug_of(second, &all).as_deref(),
            Some("association-a-pignata-2")
        );
        assert_eq!(all[0].departement, "2B");
        // A row from before slugs (migration 0014) gets one when the server starts.
        passeurs_domain::db::on_db!(&t.db, pool => sqlx::query("UPDATE organisations SET slug = NULL WHERE id = $1")
            .bind(first)
            .execute(pool)
            .await
            .map(|_| ()))
        .unwrap();
        assert_eq!(organisations::fill_missing_slugs(&t.db).await.unwrap(), 1);
        assert_eq!(organisations::fill_missing_slugs(&t.db).await.unwrap(), 0);
        let all = organisations::list(&t.db).await.unwrap();
        assert_eq!(
            slug_of(first, &all).as_deref(),
            Some("association-a-pignata")
        );
        let found = organisations::by_slug(&t.db, "association-a-pignata-2")
            .await
            .unwrap();
        assert_eq!(found.map(|o| o.id), Some(second));
        t.remove().await;
    }
}

#[tokio::test]
async fn a_taken_slug_is_refused_and_nothing_of_the_second_sheet_is_saved() {
    for t in every_engine().await {
        let org = organisation(&t.db).await;
        passeurs_domain::services::sheets::create(&t.db, &new_action(org, "double", 0))
            .await
            .expect("create");
        let mut again = new_action(org, "double", 0);
        again.title = "Autre titre".into();
        assert!(
            passeurs_domain::services::sheets::create(&t.db, &again)
                .await
                .is_err(),
            "on {}",
            t.db.engine()
        );
        let sheet = actions::find_published_sheet(&t.db, "double")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(sheet.title, "Action double");
        assert_eq!(sheet.sections.len(), 4, "no sections of the refused sheet");
        t.remove().await;
    }
}

#[tokio::test]
async fn the_content_generation_grows_with_every_change() {
    for t in every_engine().await {
        let start = actions::content_generation(&t.db).await.unwrap();
        let org = organisation(&t.db).await;
        let id = passeurs_domain::services::sheets::create(&t.db, &new_action(org, "gen", 0))
            .await
            .unwrap();
        let after_create = actions::content_generation(&t.db).await.unwrap();
        assert!(after_create > start, "on {}", t.db.engine());
        passeurs_domain::services::sheets::add_gallery_image(&t.db, id, &image(1))
            .await
            .unwrap();
        let after_image = actions::content_generation(&t.db).await.unwrap();
        assert!(after_image > after_create);
        passeurs_domain::services::sheets::set_published(&t.db, id, false)
            .await
            .unwrap();
        assert!(actions::content_generation(&t.db).await.unwrap() > after_image);
        t.remove().await;
    }
}

#[tokio::test]
async fn a_test_database_is_removed_when_the_test_drops_it_even_without_remove() {
    for t in every_engine().await {
        let dir = t.dir.clone();
        let url = t.url.clone();
        assert!(dir.is_dir());
        // What a failing assertion does: the value is dropped, `remove` never runs.
        drop(t);
        assert!(!dir.exists(), "the scratch folder is gone");
        if let Some(name) = url
            .strip_prefix("postgres")
            .and_then(|u| u.rsplit('/').next())
        {
            let admin_url = std::env::var("TEST_POSTGRES_URL").expect("set for PostgreSQL");
            let admin =
                passeurs_domain::db::connect(&admin_url, 1, passeurs_domain::db::DEFAULT_POOL_WAIT)
                    .await
                    .unwrap();
            let sql = "SELECT COUNT(*) FROM pg_database WHERE datname = $1";
            let left: i64 = passeurs_domain::db::on_db!(&admin, pool => sqlx::query_scalar(sql)
                .bind(name)
                .fetch_one(pool)
                .await)
            .unwrap();
            admin.close().await;
            assert_eq!(left, 0, "the PostgreSQL database {name} is dropped");
        }
    }
}

#[tokio::test]
async fn the_rate_limit_is_shared_by_every_server_on_the_database() {
    use passeurs_domain::rate_limit::RateLimiter;
    for t in every_engine().await {
        let window = std::time::Duration::from_secs(600);
        let limiter = RateLimiter::new("test", 2, window);
        let now = Utc::now();
        for _ in 0..2 {
            assert_eq!(
                limiter.check(&t.db, "192.0.2.1", now).await.unwrap(),
                Ok(())
            );
        }
        assert_eq!(
            limiter.check(&t.db, "192.0.2.1", now).await.unwrap(),
            Err(10)
        );
        assert_eq!(
            limiter.check(&t.db, "192.0.2.2", now).await.unwrap(),
            Ok(())
        );
        // Another server's limiter on the same database sees the same counter.
        let other = RateLimiter::new("test", 2, window);
        assert_eq!(other.check(&t.db, "192.0.2.1", now).await.unwrap(), Err(10));
        // Another scope counts apart.
        let follows = RateLimiter::new("follow", 2, window);
        assert_eq!(
            follows.check(&t.db, "192.0.2.1", now).await.unwrap(),
            Ok(())
        );
        // The window is fixed: refused requests do not stretch it, the wait shrinks, and
        // ten minutes after its first request the counter starts over.
        let six_later = now + Duration::minutes(6);
        assert_eq!(
            other.check(&t.db, "192.0.2.1", six_later).await.unwrap(),
            Err(4)
        );
        let later = now + Duration::minutes(10);
        assert_eq!(
            other.check(&t.db, "192.0.2.1", later).await.unwrap(),
            Ok(())
        );
        assert_eq!(
            other.check(&t.db, "192.0.2.1", later).await.unwrap(),
            Ok(())
        );
        assert_eq!(
            other.check(&t.db, "192.0.2.1", later).await.unwrap(),
            Err(10)
        );
        // Off: never counted.
        let off = RateLimiter::new("off", 0, window);
        for _ in 0..5 {
            assert_eq!(off.check(&t.db, "192.0.2.1", now).await.unwrap(), Ok(()));
        }
        t.remove().await;
    }
}

#[tokio::test]
async fn sent_mail_is_purged_after_its_days_and_unsent_mail_never() {
    use passeurs_domain::db::mail_queue::{self, OutgoingMail};
    for t in every_engine().await {
        let mail = |to: &str| OutgoingMail {
            registration_id: None,
            kind: "test",
            recipient: to.to_owned(),
            subject: "Sujet".into(),
            text: "Texte".into(),
            html: "<p>Texte</p>".into(),
            ics: None,
            list_unsubscribe: None,
        };
        let mut tx = t.db.begin_write().await.unwrap();
        for to in [
            "ancien@exemple.fr",
            "recent@exemple.fr",
            "en-attente@exemple.fr",
        ] {
            mail_queue::enqueue(&mut tx, &mail(to)).await.unwrap();
        }
        tx.commit().await.unwrap();
        // Two are sent: one 31 days ago, one now; the third waits (a month old too).
        let now = Utc::now();
        for (to, sent_at) in [
            ("ancien@exemple.fr", Some(now - Duration::days(31))),
            ("recent@exemple.fr", Some(now)),
            ("en-attente@exemple.fr", None),
        ] {
            let sql = "UPDATE mail_queue SET sent_at = $1, created_at = $2 WHERE recipient = $3";
            let created = now - Duration::days(40);
            match &t.db {
                Db::Sqlite(pool) => sqlx::query(sql)
                    .bind(sent_at)
                    .bind(created)
                    .bind(to)
                    .execute(pool)
                    .await
                    .map(|_| ()),
                Db::Postgres(pool) => sqlx::query(sql)
                    .bind(sent_at)
                    .bind(created)
                    .bind(to)
                    .execute(pool)
                    .await
                    .map(|_| ()),
            }
            .unwrap();
        }
        let purged = mail_queue::purge_sent(&t.db, now - Duration::days(30), "2000-01-01")
            .await
            .unwrap();
        assert_eq!(purged, 1, "{}", t.db.engine());
        let sql = "SELECT recipient FROM mail_queue ORDER BY recipient";
        let left: Vec<String> = match &t.db {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .unwrap();
        assert_eq!(left, ["en-attente@exemple.fr", "recent@exemple.fr"]);
        t.remove().await;
    }
}
