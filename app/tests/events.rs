//! Events and registrations against a real database, on SQLite and (when
//! TEST_POSTGRES_URL is set) on PostgreSQL: capacity, waitlist, promotion, duplicates,
//! deadlines, reminders claimed once, the mail queue and anonymisation.
#![cfg(feature = "ssr")]

use app::backend::db::events::{self, CancelledBy, NewEvent, RegistrationError};
use app::backend::db::testing::every_engine;
use app::backend::db::{actions, mail_queue, organisations, Db};
use app::model::{OrganisationKind, Signup};
use chrono::{Duration, Utc};

const URL: &str = "https://passeurs.example.org";

async fn action(db: &Db) -> i64 {
    let org = organisations::create(
        db,
        &organisations::NewOrganisation {
            name: "Centre social Les Érables".into(),
            kind: OrganisationKind::SocialCentre,
            postal_code: "44800".into(),
            city: "Saint-Herblain".into(),
        },
    )
    .await
    .expect("organisation");
    actions::create(
        db,
        &actions::NewAction {
            slug: "banquet".into(),
            organisation_id: org,
            title: "Banquet".into(),
            quote: String::new(),
            quote_author: String::new(),
            summary: "Un résumé.".into(),
            start_date: None,
            status: app::model::ActionStatus::InProgress,
            progress: 10,
            themes: vec![],
            referent_name: "Inès".into(),
            published: true,
            sections: None,
            created_at: Utc::now(),
        },
    )
    .await
    .expect("action")
}

fn event_in(days: i64, capacity: Option<i64>) -> NewEvent {
    let starts_at = Utc::now() + Duration::days(days);
    NewEvent {
        title: "Banquet citoyen".into(),
        description: String::new(),
        starts_at,
        ends_at: starts_at + Duration::hours(4),
        place: "Place du marché".into(),
        capacity,
        signup_deadline: starts_at - Duration::hours(1),
    }
}

async fn event(db: &Db, days: i64, capacity: Option<i64>) -> (i64, i64) {
    let action_id = action(db).await;
    let id = events::create(db, action_id, &event_in(days, capacity))
        .await
        .expect("create event")
        .expect("action exists");
    (action_id, id)
}

fn person(n: usize, people: i64) -> Signup {
    Signup {
        name: format!("Personne {n}"),
        email: format!("Personne{n}@Exemple.fr"),
        email_key: format!("personne{n}@exemple.fr"),
        people,
        message: String::new(),
    }
}

async fn counts(db: &Db, event_id: i64) -> (i64, i64) {
    let event = events::find(db, event_id).await.unwrap().unwrap();
    (event.confirmed_people, event.waitlisted_people)
}

async fn statuses(db: &Db, event_id: i64) -> Vec<(String, String)> {
    events::participants(db, event_id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.name, r.status))
        .collect()
}

#[tokio::test]
async fn signup_beyond_capacity_goes_to_the_waitlist() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, Some(5)).await;
        let first = events::sign_up(&t.db, URL, id, &person(1, 3))
            .await
            .unwrap();
        assert!(first.confirmed);
        assert_eq!(first.token.len(), 64);
        let second = events::sign_up(&t.db, URL, id, &person(2, 3))
            .await
            .unwrap();
        assert!(!second.confirmed, "{}: 3 + 3 > 5", t.db.engine());
        // A party that still fits is confirmed (first fit).
        let third = events::sign_up(&t.db, URL, id, &person(3, 2))
            .await
            .unwrap();
        assert!(third.confirmed);
        assert_eq!(counts(&t.db, id).await, (5, 3));
        t.remove().await;
    }
}

#[tokio::test]
async fn cancellation_promotes_from_the_waitlist_in_order() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, Some(4)).await;
        let a = events::sign_up(&t.db, URL, id, &person(1, 4))
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(2, 3))
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(3, 2))
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(4, 1))
            .await
            .unwrap();
        assert_eq!(counts(&t.db, id).await, (4, 6));
        assert!(
            events::cancel(&t.db, URL, id, a.registration_id, CancelledBy::Person)
                .await
                .unwrap()
        );
        // 4 places free: person 2 (3) first, then person 4 (1); person 3 (2) no longer fits.
        assert_eq!(
            statuses(&t.db, id).await,
            [
                ("Personne 2".to_owned(), "confirmed".to_owned()),
                ("Personne 3".to_owned(), "waitlisted".to_owned()),
                ("Personne 4".to_owned(), "confirmed".to_owned()),
            ]
        );
        assert_eq!(counts(&t.db, id).await, (4, 2));
        // Cancelling twice changes nothing.
        assert!(
            !events::cancel(&t.db, URL, id, a.registration_id, CancelledBy::Person)
                .await
                .unwrap()
        );
        assert_eq!(counts(&t.db, id).await, (4, 2));
        t.remove().await;
    }
}

#[tokio::test]
async fn the_same_email_twice_is_refused_whatever_its_case() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, Some(50)).await;
        let first = events::sign_up(&t.db, URL, id, &person(1, 2))
            .await
            .unwrap();
        let mut again = person(1, 1);
        again.email = "PERSONNE1@exemple.FR".into();
        let error = events::sign_up(&t.db, URL, id, &again).await.unwrap_err();
        assert!(
            matches!(error, RegistrationError::AlreadyRegistered),
            "{error}"
        );
        // The refused attempt took no place.
        assert_eq!(counts(&t.db, id).await, (2, 0));
        // After cancelling, the same person may sign up again.
        events::cancel(&t.db, URL, id, first.registration_id, CancelledBy::Person)
            .await
            .unwrap();
        assert!(
            events::sign_up(&t.db, URL, id, &again)
                .await
                .unwrap()
                .confirmed
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn the_deadline_and_cancellation_close_sign_ups() {
    for t in every_engine().await {
        let action_id = action(&t.db).await;
        let mut late = event_in(3, None);
        late.signup_deadline = Utc::now() - Duration::minutes(1);
        let late = events::create(&t.db, action_id, &late)
            .await
            .unwrap()
            .unwrap();
        let error = events::sign_up(&t.db, URL, late, &person(1, 1))
            .await
            .unwrap_err();
        assert!(matches!(error, RegistrationError::Closed), "{error}");

        let open = events::create(&t.db, action_id, &event_in(3, None))
            .await
            .unwrap()
            .unwrap();
        events::sign_up(&t.db, URL, open, &person(1, 1))
            .await
            .unwrap();
        events::cancel_event(&t.db, URL, action_id, open)
            .await
            .unwrap();
        let error = events::sign_up(&t.db, URL, open, &person(2, 1))
            .await
            .unwrap_err();
        assert!(matches!(error, RegistrationError::Cancelled), "{error}");
        // The person registered is told.
        let pending = pending_mail(&t.db).await;
        assert!(pending
            .iter()
            .any(|(to, subject)| to == "Personne1@Exemple.fr"
                && subject.starts_with("Événement annulé")));
        t.remove().await;
    }
}

#[tokio::test]
async fn a_capacity_below_the_confirmed_people_is_refused_and_a_larger_one_promotes() {
    for t in every_engine().await {
        let (action_id, id) = event(&t.db, 10, Some(2)).await;
        events::sign_up(&t.db, URL, id, &person(1, 2))
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(2, 2))
            .await
            .unwrap();
        let error = events::update(&t.db, URL, action_id, id, &event_in(10, Some(1)), true)
            .await
            .unwrap_err();
        assert!(matches!(
            error,
            RegistrationError::CapacityBelowConfirmed(2)
        ));
        events::update(&t.db, URL, action_id, id, &event_in(10, Some(4)), true)
            .await
            .unwrap();
        assert_eq!(counts(&t.db, id).await, (4, 0));
        t.remove().await;
    }
}

#[tokio::test]
async fn concurrent_sign_ups_never_exceed_the_capacity() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, Some(20)).await;
        let mut tasks = Vec::new();
        for n in 0..80 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                events::sign_up(&db, URL, id, &person(n, 1 + (n as i64 % 3))).await
            }));
        }
        for task in tasks {
            task.await.unwrap().expect("every sign-up is recorded");
        }
        let rows = events::participants(&t.db, id).await.unwrap();
        let confirmed: i64 = rows
            .iter()
            .filter(|r| r.status == "confirmed")
            .map(|r| r.people)
            .sum();
        let waiting: i64 = rows
            .iter()
            .filter(|r| r.status == "waitlisted")
            .map(|r| r.people)
            .sum();
        assert!(confirmed <= 20, "{}: {confirmed} confirmed", t.db.engine());
        assert!(confirmed >= 18, "places left unused: {confirmed}");
        assert_eq!(counts(&t.db, id).await, (confirmed, waiting));
        assert_eq!(rows.len(), 80);
        t.remove().await;
    }
}

async fn pending_mail(db: &Db) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let far = Utc::now() + Duration::days(1);
    while let Some(mail) = mail_queue::claim_next(db, far).await.unwrap() {
        out.push((mail.recipient, mail.subject));
        mail_queue::mark_sent(db, mail.id).await.unwrap();
    }
    out
}

#[tokio::test]
async fn reminders_are_queued_once_even_when_servers_race() {
    for t in every_engine().await {
        let (_, soon) = event(&t.db, 1, None).await;
        // Signed up before the 48-hour window: created now, but mark as if earlier by
        // signing up to an event that starts in 1 day (inside the window) — such sign-ups
        // get no reminder; so use one further away and move it closer.
        let (action_id, later) = {
            let action_id = events::find(&t.db, soon).await.unwrap().unwrap().action_id;
            let id = events::create(&t.db, action_id, &event_in(5, None))
                .await
                .unwrap()
                .unwrap();
            (action_id, id)
        };
        events::sign_up(&t.db, URL, soon, &person(1, 1))
            .await
            .unwrap();
        events::sign_up(&t.db, URL, later, &person(2, 1))
            .await
            .unwrap();
        events::sign_up(&t.db, URL, later, &person(3, 2))
            .await
            .unwrap();
        pending_mail(&t.db).await;
        // The event comes within 48 hours.
        events::update(&t.db, URL, action_id, later, &event_in(1, None), true)
            .await
            .unwrap();
        let (a, b, c) = tokio::join!(
            events::queue_reminders(&t.db, URL),
            events::queue_reminders(&t.db, URL),
            events::queue_reminders(&t.db, URL),
        );
        assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 2, "{}", t.db.engine());
        let reminders: Vec<_> = pending_mail(&t.db)
            .await
            .into_iter()
            .filter(|(_, subject)| subject.starts_with("Rappel"))
            .map(|(to, _)| to)
            .collect();
        assert_eq!(reminders.len(), 2);
        assert!(!reminders.contains(&"Personne1@Exemple.fr".to_owned()));
        assert_eq!(events::queue_reminders(&t.db, URL).await.unwrap(), 0);
        t.remove().await;
    }
}

#[tokio::test]
async fn a_queued_mail_is_claimed_by_one_process_and_retried_after_a_failure() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, None).await;
        events::sign_up(&t.db, URL, id, &person(1, 1))
            .await
            .unwrap();
        let now = Utc::now();
        let (a, b) = tokio::join!(
            mail_queue::claim_next(&t.db, now),
            mail_queue::claim_next(&t.db, now)
        );
        let claimed: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
        assert_eq!(claimed.len(), 1, "{}", t.db.engine());
        let mail = &claimed[0];
        assert!(mail.subject.starts_with("Inscription confirmée"));
        assert!(mail
            .ics
            .as_deref()
            .unwrap_or_default()
            .contains("BEGIN:VEVENT"));
        mail_queue::mark_failed(&t.db, mail.id, mail.attempts, "SMTP down")
            .await
            .unwrap();
        assert!(mail_queue::claim_next(&t.db, Utc::now())
            .await
            .unwrap()
            .is_none());
        assert_eq!(mail_queue::pending_count(&t.db).await.unwrap(), 1);
        let retried = mail_queue::claim_next(&t.db, Utc::now() + Duration::minutes(3))
            .await
            .unwrap()
            .expect("retried later");
        assert_eq!(retried.id, mail.id);
        assert_eq!(retried.attempts, 2);
        t.remove().await;
    }
}

#[tokio::test]
async fn registrations_are_anonymised_after_the_retention_period() {
    for t in every_engine().await {
        let (action_id, id) = event(&t.db, 10, None).await;
        let done = events::sign_up(&t.db, URL, id, &person(1, 2))
            .await
            .unwrap();
        let hash = app::backend::auth::token_hash(&done.token);
        assert!(events::find_by_token(&t.db, &hash).await.unwrap().is_some());
        // The event took place 100 days ago.
        let mut past = event_in(-100, None);
        past.signup_deadline = past.starts_at - Duration::days(1);
        events::update(&t.db, URL, action_id, id, &past, true)
            .await
            .unwrap();
        let count = events::anonymise_before(&t.db, Utc::now() - Duration::days(90))
            .await
            .unwrap();
        assert_eq!(count, 1);
        let rows = events::participants(&t.db, id).await.unwrap();
        assert!(rows.is_empty(), "anonymised rows are not listed");
        assert!(events::find_by_token(&t.db, &hash).await.unwrap().is_none());
        assert_eq!(mail_queue::pending_count(&t.db).await.unwrap(), 0);
        // The count of people stays.
        assert_eq!(counts(&t.db, id).await, (2, 0));
        t.remove().await;
    }
}
