//! "Suivre" against a real database, on SQLite and (when TEST_POSTGRES_URL is set) on
//! PostgreSQL: the double opt-in read from the queued confirmation, an immediate message,
//! the Monday digest with a test clock, each item sent once with two servers, the one-click
//! stop that deletes the address, and unconfirmed follows forgotten after 7 days.

use chrono::{DateTime, Duration, Utc};
use passeurs_domain::auth::token_hash;
use passeurs_domain::db::mail_queue::{self, ClaimedMail};
use passeurs_domain::db::Db;
use passeurs_domain::model::{FollowScope, Rhythm};
use passeurs_domain::services::follows::{self, Target};
use test_support::{every_engine, fixtures};

const URL: &str = "https://passeurs.example.org";

/// A centre with a published sheet and a référent account: (sheet id, account id).
async fn sheet(db: &Db) -> (i64, i64) {
    let centre = fixtures::organisation(db, "Centre social des Tilleuls").await;
    let storage = passeurs_domain::storage::Storage::local(
        &std::env::temp_dir().join(format!("passeurs-follows-{}", std::process::id())),
    )
    .expect("storage");
    let sheet = fixtures::Sheet::new(centre, "jardin-partage")
        .title("Jardin partagé")
        .insert(db, &storage)
        .await;
    let account = fixtures::account(
        db,
        "camille@centre.example",
        "Camille",
        "un mot de passe solide",
        false,
    )
    .await;
    (sheet, account)
}

async fn target(db: &Db, scope: FollowScope) -> Target {
    follows::target(db, &scope)
        .await
        .unwrap()
        .expect("a target")
}

/// Queued messages to `to`, taken off the queue (as if sent).
async fn mail_to(db: &Db, to: &str) -> Vec<ClaimedMail> {
    let mine: Vec<ClaimedMail> = test_support::probes::unsent(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.recipient.trim().eq_ignore_ascii_case(to))
        .collect();
    for mail in &mine {
        mail_queue::mark_sent(db, mail.id).await.unwrap();
    }
    mine
}

/// The token of the first link to `{URL}{path}` in a text.
fn token_in(text: &str, path: &str) -> String {
    let start = text
        .find(&format!("{URL}{path}"))
        .unwrap_or_else(|| panic!("no {path} link in {text}"))
        + URL.len()
        + path.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

/// Asks, confirms from the queued email, and returns the person's page token.
async fn follow_confirmed(db: &Db, scope: FollowScope, email: &str, rhythm: Rhythm) -> String {
    let target = target(db, scope).await;
    follows::request(db, URL, &target, email, rhythm, Utc::now(), u32::MAX)
        .await
        .unwrap();
    let mail = mail_to(db, email).await;
    assert_eq!(mail.len(), 1, "only the confirmation is sent");
    assert!(
        mail[0].subject.starts_with("Confirmez"),
        "{}",
        mail[0].subject
    );
    let token = token_in(&mail[0].body_text, "/suivre/confirmer/");
    follows::confirm(db, URL, &token_hash(&token), Utc::now())
        .await
        .unwrap()
        .expect("confirmed")
}

async fn post_update(db: &Db, sheet: i64, account: i64, title: &str) -> i64 {
    passeurs_domain::services::updates::create(
        db,
        sheet,
        account,
        Utc::now().date_naive(),
        title,
        "Trente kilos de courges.",
    )
    .await
    .unwrap()
    .expect("an update")
}

/// The next Monday 8:05 in Paris after now.
fn next_monday_morning() -> DateTime<Utc> {
    let mut at = Utc::now() + Duration::hours(1);
    loop {
        let slot = follows::digest_slot(at);
        if slot > Utc::now() {
            return slot + Duration::minutes(5);
        }
        at += Duration::hours(6);
    }
}

#[tokio::test]
async fn a_confirmed_follow_brings_news_at_once_with_a_one_click_stop() {
    for t in every_engine().await {
        let (sheet, account) = sheet(&t.db).await;
        // Nothing but the confirmation before the link is followed.
        let target = target(&t.db, FollowScope::Action(sheet)).await;
        follows::request(
            &t.db,
            URL,
            &target,
            "awa@exemple.fr",
            Rhythm::Immediate,
            Utc::now(),
            u32::MAX,
        )
        .await
        .unwrap();
        let confirmation = mail_to(&t.db, "awa@exemple.fr").await;
        assert_eq!(confirmation.len(), 1);
        post_update(&t.db, sheet, account, "Avant la confirmation").await;
        follows::dispatch_news(&t.db, URL, Utc::now())
            .await
            .unwrap();
        assert!(
            mail_to(&t.db, "awa@exemple.fr").await.is_empty(),
            "{}",
            t.db.engine()
        );

        let token = token_in(&confirmation[0].body_text, "/suivre/confirmer/");
        let manage = follows::confirm(&t.db, URL, &token_hash(&token), Utc::now())
            .await
            .unwrap()
            .expect("confirmed");
        // The confirmation link served once.
        assert!(
            follows::confirm(&t.db, URL, &token_hash(&token), Utc::now())
                .await
                .unwrap()
                .is_none()
        );
        let follower = follows::manager(&t.db, &token_hash(&manage))
            .await
            .unwrap()
            .expect("the personal page");
        let (email, followed) = follows::subscriptions(&t.db, follower)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(email, "awa@exemple.fr");
        assert_eq!(followed.len(), 1);
        assert_eq!(followed[0].name, "L'action « Jardin partagé »");

        let update = post_update(&t.db, sheet, account, "La récolte").await;
        assert_eq!(
            follows::dispatch_news(&t.db, URL, Utc::now())
                .await
                .unwrap(),
            1
        );
        let news = mail_to(&t.db, "awa@exemple.fr").await;
        assert_eq!(news.len(), 1, "{}", t.db.engine());
        let news = &news[0];
        assert!(news.subject.contains("La récolte"), "{}", news.subject);
        assert!(news
            .body_text
            .contains(&format!("{URL}/actions/jardin-partage/nouvelles/{update}")));
        let stop = news.list_unsubscribe.clone().expect("List-Unsubscribe");
        assert!(stop.starts_with(&format!("{URL}/abonnements/arreter/")));
        assert!(news.body_text.contains(&stop));

        // One click stops it, and the address goes with the last follow.
        let stop_token = stop.rsplit('/').next().unwrap();
        assert_eq!(
            follows::stop_by_link(&t.db, &token_hash(stop_token))
                .await
                .unwrap(),
            Some(true)
        );
        assert!(follows::subscriptions(&t.db, follower)
            .await
            .unwrap()
            .is_none());
        post_update(&t.db, sheet, account, "Après l'arrêt").await;
        follows::dispatch_news(&t.db, URL, Utc::now())
            .await
            .unwrap();
        assert!(mail_to(&t.db, "awa@exemple.fr").await.is_empty());
        t.remove().await;
    }
}

#[tokio::test]
async fn the_weekly_digest_goes_out_on_monday_morning_grouped_and_once() {
    for t in every_engine().await {
        let (sheet, account) = sheet(&t.db).await;
        follow_confirmed(
            &t.db,
            FollowScope::Departement("44".into()),
            "lea@exemple.fr",
            Rhythm::Weekly,
        )
        .await;
        let first = post_update(&t.db, sheet, account, "Premières pousses").await;
        let event = fixtures::event(&t.db, sheet, "Banquet de quartier", 20, Some(12)).await;
        let second = post_update(&t.db, sheet, account, "La récolte").await;
        // Weekly: nothing at once.
        follows::dispatch_news(&t.db, URL, Utc::now())
            .await
            .unwrap();
        assert!(
            mail_to(&t.db, "lea@exemple.fr").await.is_empty(),
            "{}",
            t.db.engine()
        );

        let monday = next_monday_morning();
        // Before Monday 8:00, last week's digest was the one due: claimed now, and empty
        // (the news came after the follow's confirmation but it is not Monday yet).
        assert_eq!(
            follows::send_digests(&t.db, URL, monday - Duration::hours(1))
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            follows::send_digests(&t.db, URL, monday).await.unwrap(),
            1,
            "{}",
            t.db.engine()
        );
        let digest = mail_to(&t.db, "lea@exemple.fr").await;
        assert_eq!(digest.len(), 1);
        let text = &digest[0].body_text;
        assert!(text.contains("== Jardin partagé =="), "{text}");
        // Newest first, each with its place on the sheet.
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {text}"))
        };
        assert!(at("La récolte") < at("Banquet de quartier"));
        assert!(at("Banquet de quartier") < at("Premières pousses"));
        assert!(text.contains(&format!("/nouvelles/{first}")));
        assert!(text.contains(&format!("/nouvelles/{second}")));
        assert!(text.contains(&format!("#evenement-{event}")));
        assert!(digest[0].list_unsubscribe.is_some());
        // Once: a second server (or a second round) finds it claimed.
        assert_eq!(
            follows::send_digests(&t.db, URL, monday + Duration::minutes(1))
                .await
                .unwrap(),
            0
        );
        // The next Monday has nothing new to say: no empty digest.
        assert_eq!(
            follows::send_digests(&t.db, URL, monday + Duration::days(7))
                .await
                .unwrap(),
            0
        );
        assert!(mail_to(&t.db, "lea@exemple.fr").await.is_empty());
        t.remove().await;
    }
}

#[tokio::test]
async fn each_item_reaches_each_person_once_with_two_servers() {
    for t in every_engine().await {
        let (sheet, account) = sheet(&t.db).await;
        // Nadia follows the sheet and its territory and its région, all at once.
        for scope in [
            FollowScope::Action(sheet),
            FollowScope::Departement("44".into()),
            FollowScope::Region("52".into()),
        ] {
            follow_confirmed(&t.db, scope, "nadia@exemple.fr", Rhythm::Immediate).await;
        }
        follow_confirmed(
            &t.db,
            FollowScope::Action(sheet),
            "yann@exemple.fr",
            Rhythm::Immediate,
        )
        .await;
        for n in 0..5 {
            post_update(&t.db, sheet, account, &format!("Étape {n}")).await;
        }
        let (a, b) = tokio::join!(
            follows::dispatch_news(&t.db, URL, Utc::now()),
            follows::dispatch_news(&t.db, URL, Utc::now()),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 10, "{}", t.db.engine());
        let nadia = mail_to(&t.db, "nadia@exemple.fr").await;
        assert_eq!(nadia.len(), 5, "{}", t.db.engine());
        // The message names the most specific follow: the sheet.
        assert!(nadia[0]
            .body_text
            .contains("vous suivez l'action « Jardin partagé »"));
        let yann = mail_to(&t.db, "yann@exemple.fr").await;
        assert_eq!(yann.len(), 5);
        assert_eq!(
            follows::dispatch_news(&t.db, URL, Utc::now())
                .await
                .unwrap(),
            0
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn asking_again_never_tells_and_unconfirmed_follows_are_forgotten_after_seven_days() {
    for t in every_engine().await {
        let (sheet, _) = sheet(&t.db).await;
        let manage = follow_confirmed(
            &t.db,
            FollowScope::Action(sheet),
            "ines@exemple.fr",
            Rhythm::Weekly,
        )
        .await;
        // Asking again for what one follows: a message with one's page, nothing else.
        let target = target(&t.db, FollowScope::Action(sheet)).await;
        follows::request(
            &t.db,
            URL,
            &target,
            "INES@exemple.fr ",
            Rhythm::Immediate,
            Utc::now(),
            u32::MAX,
        )
        .await
        .unwrap();
        let again = mail_to(&t.db, "ines@exemple.fr").await;
        assert_eq!(again.len(), 1);
        assert!(again[0].body_text.contains("Vous suivez déjà"));
        assert!(again[0].body_text.contains(&format!("{URL}/abonnements/")));

        // Someone who never confirms is forgotten, address included.
        follows::request(
            &t.db,
            URL,
            &target,
            "paul@exemple.fr",
            Rhythm::Weekly,
            Utc::now(),
            u32::MAX,
        )
        .await
        .unwrap();
        let confirmation = mail_to(&t.db, "paul@exemple.fr").await;
        let token = token_in(&confirmation[0].body_text, "/suivre/confirmer/");
        assert!(follows::pending(&t.db, &token_hash(&token), Utc::now())
            .await
            .unwrap()
            .is_some());
        assert_eq!(
            follows::forget_unconfirmed(&t.db, Utc::now() + Duration::days(8))
                .await
                .unwrap(),
            1
        );
        assert!(follows::pending(&t.db, &token_hash(&token), Utc::now())
            .await
            .unwrap()
            .is_none());
        assert!(
            follows::confirm(&t.db, URL, &token_hash(&token), Utc::now())
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            passeurs_domain::db::follows::counts(&t.db).await.unwrap(),
            (1, 1)
        );
        // The confirmed one stays, and can stop everything.
        let follower = follows::manager(&t.db, &token_hash(&manage))
            .await
            .unwrap()
            .unwrap();
        follows::stop_all(&t.db, follower).await.unwrap();
        assert_eq!(
            passeurs_domain::db::follows::counts(&t.db).await.unwrap(),
            (0, 0)
        );
        assert!(follows::manager(&t.db, &token_hash(&manage))
            .await
            .unwrap()
            .is_none());
        t.remove().await;
    }
}

#[tokio::test]
async fn feeds_list_the_news_of_their_scope_only() {
    for t in every_engine().await {
        let (sheet, account) = sheet(&t.db).await;
        post_update(&t.db, sheet, account, "La récolte").await;
        let other_centre = fixtures::organisation(&t.db, "Maison de quartier").await;
        let storage = passeurs_domain::storage::Storage::local(&t.dir.join("media")).unwrap();
        let other = fixtures::Sheet::new(other_centre, "repair-cafe")
            .title("Repair café")
            .insert(&t.db, &storage)
            .await;
        post_update(&t.db, other, account, "Cent objets réparés").await;
        let mine = target(&t.db, FollowScope::Action(sheet)).await;
        let atom = passeurs_domain::services::feeds::atom(&t.db, URL, Some(&mine))
            .await
            .unwrap();
        assert!(atom.contains("La récolte"), "{}", t.db.engine());
        assert!(atom.contains("Nouvelle fiche action : Jardin partagé"));
        assert!(!atom.contains("Cent objets"));
        let everything = passeurs_domain::services::feeds::atom(&t.db, URL, None)
            .await
            .unwrap();
        assert!(everything.contains("La récolte") && everything.contains("Cent objets"));
        let region = target(&t.db, FollowScope::Region("52".into())).await;
        let region = passeurs_domain::services::feeds::atom(&t.db, URL, Some(&region))
            .await
            .unwrap();
        assert!(region.contains("Cent objets"), "both centres are in 44");
        let elsewhere = target(&t.db, FollowScope::Region("11".into())).await;
        let elsewhere = passeurs_domain::services::feeds::atom(&t.db, URL, Some(&elsewhere))
            .await
            .unwrap();
        assert!(!elsewhere.contains("<entry>"), "{elsewhere}");
        t.remove().await;
    }
}

#[tokio::test]
async fn switching_to_immediate_keeps_the_weeks_news_for_the_digest_and_republishing_is_not_news() {
    for t in every_engine().await {
        let (sheet, account) = sheet(&t.db).await;
        let manage = follow_confirmed(
            &t.db,
            FollowScope::Action(sheet),
            "zoe@exemple.fr",
            Rhythm::Weekly,
        )
        .await;
        let follower = follows::manager(&t.db, &token_hash(&manage))
            .await
            .unwrap()
            .unwrap();
        let (_, followed) = follows::subscriptions(&t.db, follower)
            .await
            .unwrap()
            .unwrap();
        post_update(&t.db, sheet, account, "Pendant la semaine").await;
        follows::dispatch_news(&t.db, URL, Utc::now())
            .await
            .unwrap();
        assert!(follows::set_rhythm(
            &t.db,
            follower,
            followed[0].id,
            Rhythm::Immediate,
            Utc::now()
        )
        .await
        .unwrap());
        post_update(&t.db, sheet, account, "Après le changement").await;
        assert_eq!(
            follows::dispatch_news(&t.db, URL, Utc::now())
                .await
                .unwrap(),
            1,
            "{}",
            t.db.engine()
        );
        let now = mail_to(&t.db, "zoe@exemple.fr").await;
        assert!(now[0].subject.contains("Après le changement"));
        // The news of the weekly days is not lost: it comes on Monday, alone.
        assert_eq!(
            follows::send_digests(&t.db, URL, next_monday_morning())
                .await
                .unwrap(),
            1
        );
        let digest = mail_to(&t.db, "zoe@exemple.fr").await;
        assert!(digest[0].body_text.contains("Pendant la semaine"));
        assert!(!digest[0].body_text.contains("Après le changement"));

        // Withdrawn and published again: followers are not told of it a second time.
        let mut tx = t.db.begin_write().await.unwrap();
        passeurs_domain::db::actions::set_published(&mut tx, sheet, false)
            .await
            .unwrap();
        passeurs_domain::db::actions::set_published(&mut tx, sheet, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            follows::dispatch_news(&t.db, URL, Utc::now())
                .await
                .unwrap(),
            0
        );
        let target = target(&t.db, FollowScope::Action(sheet)).await;
        let atom = passeurs_domain::services::feeds::atom(&t.db, URL, Some(&target))
            .await
            .unwrap();
        assert_eq!(atom.matches("Nouvelle fiche action").count(), 1, "{atom}");

        // Asking twice in a row for a follow not yet confirmed mails once.
        follows::request(
            &t.db,
            URL,
            &target,
            "tom@exemple.fr",
            Rhythm::Weekly,
            Utc::now(),
            u32::MAX,
        )
        .await
        .unwrap();
        follows::request(
            &t.db,
            URL,
            &target,
            "tom@exemple.fr",
            Rhythm::Weekly,
            Utc::now(),
            u32::MAX,
        )
        .await
        .unwrap();
        assert_eq!(mail_to(&t.db, "tom@exemple.fr").await.len(), 1);
        t.remove().await;
    }
}

/// When the unsent confirmations to `to` are due.
async fn due_times(db: &Db, to: &str) -> Vec<DateTime<Utc>> {
    let sql = "SELECT next_attempt_at FROM mail_queue WHERE recipient = $1 AND sent_at IS NULL";
    passeurs_domain::db::on_db!(db, pool => sqlx::query_scalar(sql).bind(to).fetch_all(pool).await)
        .unwrap()
}

#[tokio::test]
async fn a_confirmation_held_overnight_is_the_message_of_the_day_it_leaves() {
    use chrono::TimeZone;
    for t in every_engine().await {
        let email = "lointaine@exemple.fr";
        let scope = |code: &str| FollowScope::parse(&format!("departement:{code}")).unwrap();
        // Wednesday 4 March 2037, 10:00 and 11:00 in Paris (UTC+1).
        let day = Utc.with_ymd_and_hms(2037, 3, 4, 9, 0, 0).unwrap();
        let first = target(&t.db, scope("44")).await;
        follows::request(&t.db, URL, &first, email, Rhythm::Weekly, day, 3)
            .await
            .unwrap();
        assert_eq!(
            mail_to(&t.db, email).await.len(),
            1,
            "the first goes at once"
        );
        let second = target(&t.db, scope("35")).await;
        let later = day + Duration::hours(1);
        follows::request(&t.db, URL, &second, email, Rhythm::Weekly, later, 3)
            .await
            .unwrap();
        let morning = Utc.with_ymd_and_hms(2037, 3, 5, 7, 0, 0).unwrap();
        assert_eq!(due_times(&t.db, email).await, [morning], "held until 8:00");
        // It leaves at 8:00; at 9:00 a third follow waits for the morning after.
        assert_eq!(mail_to(&t.db, email).await.len(), 1);
        let third = target(&t.db, scope("29")).await;
        follows::request(
            &t.db,
            URL,
            &third,
            email,
            Rhythm::Weekly,
            morning + Duration::hours(1),
            3,
        )
        .await
        .unwrap();
        assert_eq!(
            due_times(&t.db, email).await,
            [morning + Duration::days(1)],
            "one confirmation a day, the held one being that day's"
        );
        t.remove().await;
    }
}
