//! Events and registrations against a real database, on SQLite and (when
//! TEST_POSTGRES_URL is set) on PostgreSQL: capacity, waitlist, promotion, duplicates,
//! deadlines, reminders claimed once, the mail queue and anonymisation.

use chrono::{Duration, Utc};
use passeurs_domain::db::events::{self as stored, NewEvent};
use passeurs_domain::db::{actions, mail_queue, organisations, Db};
use passeurs_domain::model::{EventStatus, OrganisationKind, RegistrationStatus, Signup};
use passeurs_domain::services::events::{self, CancelledBy, RegistrationError};
use test_support::every_engine;

const URL: &str = "https://passeurs.example.org";

async fn action(db: &Db) -> i64 {
    let org = organisations::create(
        db,
        &organisations::NewOrganisation {
            name: "Centre social Les Érables".into(),
            kind: OrganisationKind::SocialCentre,
            postal_code: "44800".into(),
            city: "Saint-Herblain".into(),
            departement: "44".into(),
        },
    )
    .await
    .expect("organisation");
    passeurs_domain::services::sheets::create(
        db,
        &actions::NewAction {
            slug: "banquet".into(),
            organisation_id: org,
            title: "Banquet".into(),
            quote: String::new(),
            quote_author: String::new(),
            summary: "Un résumé.".into(),
            start_date: None,
            status: passeurs_domain::model::ActionStatus::InProgress,
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
    let event = stored::find(db, event_id).await.unwrap().unwrap();
    (event.confirmed_people, event.waitlisted_people)
}

async fn statuses(db: &Db, event_id: i64) -> Vec<(String, String)> {
    stored::participants(db, event_id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.name, r.status.as_db().to_owned()))
        .collect()
}

#[tokio::test]
async fn signup_beyond_capacity_goes_to_the_waitlist() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, Some(5)).await;
        let first = events::sign_up(&t.db, URL, id, &person(1, 3), u32::MAX)
            .await
            .unwrap();
        assert!(first.confirmed);
        assert_eq!(first.token.as_deref().map(str::len), Some(64));
        let second = events::sign_up(&t.db, URL, id, &person(2, 3), u32::MAX)
            .await
            .unwrap();
        assert!(!second.confirmed, "{}: 3 + 3 > 5", t.db.engine());
        // A party that still fits is confirmed (first fit).
        let third = events::sign_up(&t.db, URL, id, &person(3, 2), u32::MAX)
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
        let a = events::sign_up(&t.db, URL, id, &person(1, 4), u32::MAX)
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(2, 3), u32::MAX)
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(3, 2), u32::MAX)
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(4, 1), u32::MAX)
            .await
            .unwrap();
        assert_eq!(counts(&t.db, id).await, (4, 6));
        assert!(events::cancel(
            &t.db,
            URL,
            id,
            a.registration_id,
            CancelledBy::Person,
            u32::MAX
        )
        .await
        .unwrap());
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
        assert!(!events::cancel(
            &t.db,
            URL,
            id,
            a.registration_id,
            CancelledBy::Person,
            u32::MAX
        )
        .await
        .unwrap());
        assert_eq!(counts(&t.db, id).await, (4, 2));
        t.remove().await;
    }
}

#[tokio::test]
async fn the_same_email_twice_records_nothing_new_whatever_its_case() {
    for t in every_engine().await {
        let (_, id) = event(&t.db, 10, Some(50)).await;
        let first = events::sign_up(&t.db, URL, id, &person(1, 2), u32::MAX)
            .await
            .unwrap();
        let mut again = person(1, 1);
        again.email = "PERSONNE1@exemple.FR".into();
        let repeated = events::sign_up(&t.db, URL, id, &again, u32::MAX)
            .await
            .unwrap();
        assert!(repeated.repeated, "the address was registered already");
        assert_eq!(repeated.registration_id, first.registration_id);
        assert!(repeated.token.is_some(), "its link is mailed again");
        // Within minutes, not mailed a third time.
        let third = events::sign_up(&t.db, URL, id, &again, u32::MAX)
            .await
            .unwrap();
        assert!(third.repeated && third.token.is_none());
        // The repeated attempts took no place.
        assert_eq!(counts(&t.db, id).await, (2, 0));
        // After cancelling, the same person may sign up again.
        events::cancel(
            &t.db,
            URL,
            id,
            first.registration_id,
            CancelledBy::Person,
            u32::MAX,
        )
        .await
        .unwrap();
        assert!(
            events::sign_up(&t.db, URL, id, &again, u32::MAX)
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
        let error = events::sign_up(&t.db, URL, late, &person(1, 1), u32::MAX)
            .await
            .unwrap_err();
        assert!(matches!(error, RegistrationError::Closed), "{error}");

        let open = events::create(&t.db, action_id, &event_in(3, None))
            .await
            .unwrap()
            .unwrap();
        events::sign_up(&t.db, URL, open, &person(1, 1), u32::MAX)
            .await
            .unwrap();
        events::cancel_event(&t.db, URL, action_id, open)
            .await
            .unwrap();
        let error = events::sign_up(&t.db, URL, open, &person(2, 1), u32::MAX)
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
        events::sign_up(&t.db, URL, id, &person(1, 2), u32::MAX)
            .await
            .unwrap();
        events::sign_up(&t.db, URL, id, &person(2, 2), u32::MAX)
            .await
            .unwrap();
        let error = events::update(
            &t.db,
            URL,
            action_id,
            id,
            &event_in(10, Some(1)),
            EventStatus::Open,
            u32::MAX,
        )
        .await
        .unwrap_err();
        assert!(matches!(
            error,
            RegistrationError::CapacityBelowConfirmed(2)
        ));
        events::update(
            &t.db,
            URL,
            action_id,
            id,
            &event_in(10, Some(4)),
            EventStatus::Open,
            u32::MAX,
        )
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
                events::sign_up(&db, URL, id, &person(n, 1 + (n as i64 % 3)), u32::MAX).await
            }));
        }
        for task in tasks {
            task.await.unwrap().expect("every sign-up is recorded");
        }
        let rows = stored::participants(&t.db, id).await.unwrap();
        let confirmed: i64 = rows
            .iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed)
            .map(|r| r.people)
            .sum();
        let waiting: i64 = rows
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
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
            let action_id = stored::find(&t.db, soon).await.unwrap().unwrap().action_id;
            let id = events::create(&t.db, action_id, &event_in(5, None))
                .await
                .unwrap()
                .unwrap();
            (action_id, id)
        };
        events::sign_up(&t.db, URL, soon, &person(1, 1), u32::MAX)
            .await
            .unwrap();
        events::sign_up(&t.db, URL, later, &person(2, 1), u32::MAX)
            .await
            .unwrap();
        events::sign_up(&t.db, URL, later, &person(3, 2), u32::MAX)
            .await
            .unwrap();
        pending_mail(&t.db).await;
        // The event comes within 48 hours.
        events::update(
            &t.db,
            URL,
            action_id,
            later,
            &event_in(1, None),
            EventStatus::Open,
            u32::MAX,
        )
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
        events::sign_up(&t.db, URL, id, &person(1, 1), u32::MAX)
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
        assert_eq!(test_support::probes::pending_count(&t.db).await.unwrap(), 1);
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
        let done = events::sign_up(&t.db, URL, id, &person(1, 2), u32::MAX)
            .await
            .unwrap();
        let hash = passeurs_domain::auth::token_hash(done.token.as_deref().expect("a link"));
        assert!(stored::find_by_token(&t.db, &hash).await.unwrap().is_some());
        // The event took place 100 days ago.
        let mut past = event_in(-100, None);
        past.signup_deadline = past.starts_at - Duration::days(1);
        events::update(
            &t.db,
            URL,
            action_id,
            id,
            &past,
            EventStatus::Open,
            u32::MAX,
        )
        .await
        .unwrap();
        let count = events::anonymise_before(&t.db, Utc::now() - Duration::days(90))
            .await
            .unwrap();
        assert_eq!(count, 1);
        let rows = stored::participants(&t.db, id).await.unwrap();
        assert!(rows.is_empty(), "anonymised rows are not listed");
        assert!(stored::find_by_token(&t.db, &hash).await.unwrap().is_none());
        assert_eq!(test_support::probes::pending_count(&t.db).await.unwrap(), 0);
        // The count of people stays.
        assert_eq!(counts(&t.db, id).await, (2, 0));
        t.remove().await;
    }
}

/// Makes every insert into the mail queue fail (`true`), or lifts that (`false`).
async fn refuse_mail(db: &Db, refuse: bool) {
    let sql = match (db, refuse) {
        (Db::Sqlite(_), true) => {
            "CREATE TRIGGER refuse_mail BEFORE INSERT ON mail_queue
             BEGIN SELECT RAISE(ABORT, 'mail refused'); END;"
        }
        (Db::Sqlite(_), false) => "DROP TRIGGER refuse_mail;",
        (Db::Postgres(_), true) => {
            "CREATE OR REPLACE FUNCTION refuse_mail() RETURNS trigger AS $$
             BEGIN RAISE EXCEPTION 'mail refused'; END $$ LANGUAGE plpgsql;
             CREATE TRIGGER refuse_mail BEFORE INSERT ON mail_queue
             FOR EACH ROW EXECUTE FUNCTION refuse_mail();"
        }
        (Db::Postgres(_), false) => "DROP TRIGGER refuse_mail ON mail_queue;",
    };
    passeurs_domain::db::on_db!(db, pool => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()))
        .unwrap();
}

/// Everything a cause of mail can change, to compare before and after a refused attempt.
async fn fingerprint(db: &Db) -> Vec<String> {
    let queries = [
        "SELECT id || ':' || status || ':' || people FROM registrations ORDER BY id",
        "SELECT id || ':' || status || ':' || confirmed_people || ':' || waitlisted_people || ':' || starts_at FROM events ORDER BY id",
        "SELECT token_hash FROM registration_tokens ORDER BY token_hash",
        "SELECT token_hash FROM account_tokens ORDER BY token_hash",
        "SELECT action_id || ':' || account_id FROM action_referents ORDER BY 1",
        "SELECT email FROM accounts ORDER BY email",
        "SELECT id || ':' || kind FROM mail_queue ORDER BY id",
    ];
    let mut rows = Vec::new();
    for sql in queries {
        let found: Vec<String> =
            passeurs_domain::db::on_db!(db, pool => sqlx::query_scalar(sql).fetch_all(pool).await)
                .unwrap();
        rows.extend(found);
    }
    rows
}

async fn queued_kinds(db: &Db) -> Vec<String> {
    let sql = "SELECT kind FROM mail_queue ORDER BY id";
    passeurs_domain::db::on_db!(db, pool => sqlx::query_scalar(sql).fetch_all(pool).await).unwrap()
}

/// A step of the test: what it does, on (database, action, event).
type Step = for<'a> fn(
    &'a Db,
    i64,
    i64,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>,
>;

fn nothing<'a>(
    _: &'a Db,
    _: i64,
    _: i64,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>> {
    Box::pin(async { Ok(()) })
}

#[tokio::test]
async fn every_kind_of_mail_is_queued_in_the_transaction_of_its_cause() {
    use passeurs_domain::services::accounts;
    // In order, each on the state the previous ones left (one event of 2 places, in 10
    // days): what prepares the cause (queues nothing), the cause, the kinds it queues.
    let causes: [(&str, Step, Step, &[&str]); 10] = [
        (
            "sign-up that fits",
            nothing,
            |db, _, e| {
                Box::pin(async move {
                    events::sign_up(db, URL, e, &person(1, 1), u32::MAX)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            },
            &["confirmed"],
        ),
        (
            "sign-up that waits",
            nothing,
            |db, _, e| {
                Box::pin(async move {
                    events::sign_up(db, URL, e, &person(2, 2), u32::MAX)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            },
            &["waitlisted"],
        ),
        (
            "cancelling frees places for the waitlist",
            nothing,
            |db, _, e| {
                Box::pin(async move {
                    let first = stored::participants(db, e).await.unwrap()[0].id;
                    events::cancel(db, URL, e, first, CancelledBy::Person, u32::MAX)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            },
            &["cancelled", "promoted"],
        ),
        (
            "a message from the organisers",
            nothing,
            |db, _, e| {
                Box::pin(async move {
                    events::message_participants(db, URL, e, "Changement", "Rendez-vous à 18 h.")
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            },
            &["message"],
        ),
        (
            "the reminder",
            |db, a, e| {
                Box::pin(async move {
                    // The event moves to tomorrow; nobody waits, so this queues nothing.
                    events::update(
                        db,
                        URL,
                        a,
                        e,
                        &event_in(1, Some(2)),
                        EventStatus::Open,
                        u32::MAX,
                    )
                    .await
                    .map_err(|e| e.to_string())
                })
            },
            |db, _, _| {
                Box::pin(async move {
                    events::queue_reminders(db, URL)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            },
            &["reminder"],
        ),
        (
            "organisers cancel a registration",
            nothing,
            |db, _, e| {
                Box::pin(async move {
                    events::sign_up(db, URL, e, &person(3, 1), u32::MAX)
                        .await
                        .map_err(|e| e.to_string())?;
                    let last = stored::participants(db, e)
                        .await
                        .unwrap()
                        .last()
                        .unwrap()
                        .id;
                    events::cancel(db, URL, e, last, CancelledBy::Organisers, u32::MAX)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
            },
            &["waitlisted", "cancelled_by_organisers"],
        ),
        (
            "the event is cancelled",
            nothing,
            |db, a, e| {
                Box::pin(async move {
                    events::cancel_event(db, URL, a, e)
                        .await
                        .map_err(|e| e.to_string())
                })
            },
            &["event_cancelled"],
        ),
        (
            "an invitation to a new référent",
            nothing,
            |db, a, _| {
                Box::pin(async move {
                    accounts::invite_referent(db, URL, a, "ines@centre.example", "Inès")
                        .await
                        .map_err(|e| e.to_string())
                })
            },
            &["invitation"],
        ),
        (
            "an account with a password made référent",
            |db, _, _| {
                Box::pin(async move {
                    passeurs_domain::db::accounts::create(
                        db,
                        "bruno@centre.example",
                        "Bruno",
                        Some("hash"),
                        false,
                    )
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
                })
            },
            |db, a, _| {
                Box::pin(async move {
                    accounts::invite_referent(db, URL, a, "bruno@centre.example", "Bruno")
                        .await
                        .map_err(|e| e.to_string())
                })
            },
            &["referent"],
        ),
        (
            "a password link",
            nothing,
            |db, _, _| {
                Box::pin(async move {
                    let queued = accounts::send_password_link(db, URL, "bruno@centre.example")
                        .await
                        .map_err(|e| e.to_string())?;
                    assert!(queued, "Bruno has an active account");
                    Ok(())
                })
            },
            &["reset"],
        ),
    ];
    for t in every_engine().await {
        let (action_id, event_id) = event(&t.db, 10, Some(2)).await;
        for (cause, prepare, run, kinds) in &causes {
            prepare(&t.db, action_id, event_id)
                .await
                .unwrap_or_else(|e| panic!("{cause}: {e}"));
            let before = fingerprint(&t.db).await;
            let queued_before = queued_kinds(&t.db).await.len();
            refuse_mail(&t.db, true).await;
            let refused = run(&t.db, action_id, event_id).await;
            refuse_mail(&t.db, false).await;
            assert!(refused.is_err(), "{cause}: succeeded without its mail");
            // An invited person's account is made before the link: it may stay, holding
            // nothing until a link reaches it. Everything else is as before.
            let made_accounts = |rows: Vec<String>| -> Vec<String> {
                rows.into_iter()
                    .filter(|row| !row.ends_with("@centre.example"))
                    .collect()
            };
            assert_eq!(
                made_accounts(fingerprint(&t.db).await),
                made_accounts(before),
                "{cause}: a change without its mail"
            );
            run(&t.db, action_id, event_id)
                .await
                .unwrap_or_else(|e| panic!("{cause}: {e}"));
            let queued = queued_kinds(&t.db).await;
            let expected: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
            assert_eq!(&queued[queued_before..], expected.as_slice(), "{cause}");
        }
        t.remove().await;
    }
}

/// Anyone may type a stranger's address onto a waitlist, and anyone can free the place
/// in front of it (by cancelling their own sign-up): the good news then draws on that
/// address's daily budget like the confirmation did, and past it neither the good news
/// nor a reminder goes. The place is theirs either way. A proven address is not capped.
#[tokio::test]
async fn a_promotion_to_an_unproven_address_draws_on_its_budget() {
    for proven in [false, true] {
        for t in every_engine().await {
            let (action_id, id) = event(&t.db, 5, Some(1)).await;
            let first = events::sign_up(&t.db, URL, id, &person(1, 1), u32::MAX)
                .await
                .unwrap();
            let stranger = person(if proven { 3 } else { 2 }, 1);
            // A budget of one message a day: the waitlist message spends it.
            let waiting = events::sign_up(&t.db, URL, id, &stranger, 1).await.unwrap();
            assert!(!waiting.confirmed && waiting.token.is_some());
            if proven {
                passeurs_domain::services::outreach::prove(&t.db, &stranger.email, Utc::now())
                    .await;
            }
            let before = queued_kinds(&t.db).await.len();
            assert!(events::cancel(
                &t.db,
                URL,
                id,
                first.registration_id,
                CancelledBy::Person,
                1
            )
            .await
            .unwrap());
            assert_eq!(counts(&t.db, id).await, (1, 0), "the place is theirs");
            let kinds = queued_kinds(&t.db).await[before..].to_vec();
            let expected: &[&str] = if proven {
                &["cancelled", "promoted"]
            } else {
                &["cancelled"]
            };
            assert_eq!(kinds, expected, "{}, proven: {proven}", t.db.engine());
            // The event moves to tomorrow: the reminder is due, for the proven only.
            events::update(
                &t.db,
                URL,
                action_id,
                id,
                &event_in(1, Some(1)),
                EventStatus::Open,
                1,
            )
            .await
            .unwrap();
            assert_eq!(
                events::queue_reminders(&t.db, URL).await.unwrap(),
                usize::from(proven),
                "{}, proven: {proven}",
                t.db.engine()
            );
            t.remove().await;
        }
    }
}

/// Two first sign-ups of one address at the same moment (PostgreSQL lets both read "not
/// registered" before either inserts) are one registration, and both are answered as a
/// sign-up is: neither gets a 409.
#[tokio::test]
async fn simultaneous_first_sign_ups_of_one_address_are_one_registration() {
    for t in every_engine().await {
        let action_id = action(&t.db).await;
        for round in 0..5 {
            let id = events::create(&t.db, action_id, &event_in(5, Some(50)))
                .await
                .unwrap()
                .unwrap();
            let same = person(100 + round, 1);
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let (db, same) = (t.db.clone(), same.clone());
                    tokio::spawn(
                        async move { events::sign_up(&db, URL, id, &same, u32::MAX).await },
                    )
                })
                .collect();
            let mut answers = Vec::new();
            for task in tasks {
                answers.push(task.await.unwrap());
            }
            for answer in &answers {
                assert!(answer.is_ok(), "{}: {answer:?}", t.db.engine());
            }
            let firsts = answers
                .iter()
                .filter(|a| a.as_ref().is_ok_and(|a| !a.repeated))
                .count();
            assert_eq!(firsts, 1, "{}: one registration", t.db.engine());
            assert_eq!(counts(&t.db, id).await, (1, 0), "{}", t.db.engine());
        }
        t.remove().await;
    }
}
