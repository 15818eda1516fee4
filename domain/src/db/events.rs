//! Events and registrations, as stored. SQL only: the use cases that combine these
//! statements (locking, sign-up, waitlist, mail) are in [`crate::services::events`].
//!
//! - Confirmed places are counted in `events.confirmed_people`, raised only by a
//!   conditional `UPDATE … WHERE confirmed_people + n <= capacity` ([`take_places`],
//!   [`promote`]), and a `CHECK` refuses any state over capacity: never more people
//!   confirmed than places, whatever the concurrency.
//! - One active registration per email and event: a unique index on the lowercased email
//!   ([`insert_registration`] answers `None` when it refuses).

use crate::error::DomainError;
use chrono::{DateTime, Utc};

use super::{on_db, on_tx};
use super::{Db, DbTx};
use crate::error::{Constraint, OnConstraint};
use crate::model::{EventStatus, RegistrationStatus, Signup};

/// An event as stored, with its action's title and slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub action_id: i64,
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: Option<i64>,
    pub signup_deadline: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub status: EventStatus,
    pub confirmed_people: i64,
    pub waitlisted_people: i64,
    pub action_title: String,
    pub action_slug: String,
    pub action_published: bool,
    /// Grows with every rewrite (the iCalendar `SEQUENCE`).
    pub sequence: i64,
    pub updated_at: DateTime<Utc>,
}

impl EventRow {
    /// Places left, `None` without a limit.
    pub fn places_left(&self) -> Option<i64> {
        self.capacity
            .map(|capacity| (capacity - self.confirmed_people).max(0))
    }

    /// Whether a party of `people` fits in the places left.
    pub fn fits(&self, people: i64) -> bool {
        self.capacity
            .is_none_or(|capacity| self.confirmed_people + people <= capacity)
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == EventStatus::Cancelled
    }
}

/// An event as a référent typed it, times already in UTC.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub capacity: Option<i64>,
    pub signup_deadline: DateTime<Utc>,
}

/// A registration as référents see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub name: String,
    pub email: String,
    pub people: i64,
    pub message: String,
    #[sqlx(try_from = "String")]
    pub status: RegistrationStatus,
    pub created_at: DateTime<Utc>,
}

/// A registration whose reminder is due, with its event.
#[derive(Debug, Clone)]
pub struct DueReminder {
    pub registration: Registration,
    pub event: EventRow,
}

const EVENT_COLUMNS: &str =
    "e.id, e.action_id, e.title, e.description, e.starts_at, e.ends_at, e.place, e.capacity,
     e.signup_deadline, e.status, e.confirmed_people, e.waitlisted_people,
     a.title AS action_title, a.slug AS action_slug, a.published AS action_published, e.sequence, e.updated_at";

const REGISTRATION_COLUMNS: &str =
    "r.id, r.event_id, r.name, r.email, r.people, r.message, r.status, r.created_at";

/// The events of published sheets starting after `since` (cancelled ones included, so
/// calendars that subscribed see them cancelled), in the scopes `keys` (see
/// [`super::in_scope`]; `None`: everywhere), soonest first, at most `limit`.
pub async fn for_calendar(
    db: &Db,
    keys: Option<&[String]>,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<EventRow>, DomainError> {
    let scope = match keys {
        Some(_) => super::in_scope(db.is_postgres(), 1),
        None => "$1 = $1".to_owned(),
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id
         JOIN organisations o ON o.id = a.organisation_id
         WHERE a.published = TRUE AND e.starts_at >= $2 AND {scope}
         ORDER BY e.starts_at, e.id LIMIT $3"
    );
    let keys = super::json_array(keys.unwrap_or_default());
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(keys)
        .bind(since)
        .bind(limit)
        .fetch_all(pool)
        .await)
}

/// The events of an action, soonest first.
pub async fn list_for_action(db: &Db, action_id: i64) -> Result<Vec<EventRow>, DomainError> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id
         WHERE e.action_id = $1 ORDER BY e.starts_at, e.id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(action_id).fetch_all(pool).await)
}

/// One event.
pub async fn find(db: &Db, event_id: i64) -> Result<Option<EventRow>, DomainError> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id WHERE e.id = $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(event_id).fetch_optional(pool).await)
}

/// Locks the event's row for the rest of the transaction and reads it (`BEGIN IMMEDIATE`
/// already locks the whole SQLite database; on PostgreSQL a no-op `UPDATE` takes the row
/// lock), so the counts read cannot change under the caller.
pub async fn lock(tx: &mut DbTx, event_id: i64) -> Result<Option<EventRow>, DomainError> {
    let lock = "UPDATE events SET confirmed_people = confirmed_people WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(lock).bind(event_id).execute(conn).await.map(|_| ()))?;
    read(tx, event_id).await
}

/// Reads the event inside the transaction, without locking its row.
pub async fn read(tx: &mut DbTx, event_id: i64) -> Result<Option<EventRow>, DomainError> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id WHERE e.id = $1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(event_id).fetch_optional(conn).await)
}

/// Inserts an event of an action; `None` when the action does not exist.
pub async fn insert(
    tx: &mut DbTx,
    action_id: i64,
    event: &NewEvent,
) -> Result<Option<i64>, DomainError> {
    let sql = "INSERT INTO events (action_id, title, description, starts_at, ends_at, place, capacity, signup_deadline, created_at, updated_at)
               SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $9 FROM actions WHERE id = $1
               RETURNING id";
    on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(action_id)
        .bind(&event.title)
        .bind(&event.description)
        .bind(event.starts_at)
        .bind(event.ends_at)
        .bind(&event.place)
        .bind(event.capacity)
        .bind(event.signup_deadline)
        .bind(Utc::now())
        .fetch_optional(conn)
        .await)
}

/// Rewrites an event and its status.
pub async fn rewrite(
    tx: &mut DbTx,
    event_id: i64,
    event: &NewEvent,
    status: EventStatus,
) -> Result<(), DomainError> {
    let sql =
        "UPDATE events SET title = $1, description = $2, starts_at = $3, ends_at = $4, place = $5,
               capacity = $6, signup_deadline = $7, status = $8, updated_at = $9, sequence = sequence + 1
               WHERE id = $10";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(&event.title)
        .bind(&event.description)
        .bind(event.starts_at)
        .bind(event.ends_at)
        .bind(&event.place)
        .bind(event.capacity)
        .bind(event.signup_deadline)
        .bind(status.as_db())
        .bind(Utc::now())
        .bind(event_id)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Sets an event's status only.
pub async fn set_status(
    tx: &mut DbTx,
    event_id: i64,
    status: EventStatus,
) -> Result<(), DomainError> {
    let sql =
        "UPDATE events SET status = $1, updated_at = $2, sequence = sequence + 1 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(status.as_db())
        .bind(Utc::now())
        .bind(event_id)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Takes `people` places if they fit (the guard that matters: a conditional update);
/// answers whether it did.
pub async fn take_places(tx: &mut DbTx, event_id: i64, people: i64) -> Result<bool, DomainError> {
    let sql = "UPDATE events SET confirmed_people = confirmed_people + $1
               WHERE id = $2 AND (capacity IS NULL OR confirmed_people + $1 <= capacity)";
    let changed = on_tx!(tx, conn => sqlx::query(sql)
        .bind(people)
        .bind(event_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(changed == 1)
}

/// Counts `people` more on the waitlist.
pub async fn add_waiting(tx: &mut DbTx, event_id: i64, people: i64) -> Result<(), DomainError> {
    let sql = "UPDATE events SET waitlisted_people = waitlisted_people + $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(sql).bind(people).bind(event_id).execute(conn).await.map(|_| ()))
}

/// Gives back the places (or the waitlist count) a registration held.
pub async fn release(
    tx: &mut DbTx,
    event_id: i64,
    held: RegistrationStatus,
    people: i64,
) -> Result<(), DomainError> {
    let counter = match held {
        RegistrationStatus::Confirmed => "confirmed_people",
        RegistrationStatus::Waitlisted => "waitlisted_people",
        RegistrationStatus::Cancelled => return Ok(()),
    };
    let sql = format!("UPDATE events SET {counter} = {counter} - $1 WHERE id = $2");
    on_tx!(tx, conn => sqlx::query(&sql).bind(people).bind(event_id).execute(conn).await.map(|_| ()))
}

/// Moves `people` from the waitlist count to the confirmed places if they fit; answers
/// whether it did.
pub async fn promote(tx: &mut DbTx, event_id: i64, people: i64) -> Result<bool, DomainError> {
    let sql = "UPDATE events SET confirmed_people = confirmed_people + $1, waitlisted_people = waitlisted_people - $1
               WHERE id = $2 AND (capacity IS NULL OR confirmed_people + $1 <= capacity)";
    let moved = on_tx!(tx, conn => sqlx::query(sql)
        .bind(people)
        .bind(event_id)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    Ok(moved == 1)
}

/// The active (not cancelled) registration of this address to an event, if any.
pub async fn active_registration_of(
    tx: &mut DbTx,
    event_id: i64,
    email_key: &str,
) -> Result<Option<Registration>, DomainError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations r
         WHERE r.event_id = $1 AND r.email_key = $2 AND r.status <> $3 AND r.anonymised_at IS NULL"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(event_id)
        .bind(email_key)
        .bind(RegistrationStatus::Cancelled.as_db())
        .fetch_optional(conn)
        .await)
}

/// Inserts a registration; `None` when this email already has an active one for the event.
pub async fn insert_registration(
    tx: &mut DbTx,
    event_id: i64,
    signup: &Signup,
    status: RegistrationStatus,
    now: DateTime<Utc>,
    reminder_queued_at: Option<DateTime<Utc>>,
) -> Result<Option<i64>, DomainError> {
    let sql = "INSERT INTO registrations (event_id, name, email, email_key, people, message, status, created_at, confirmed_at, reminder_queued_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    let confirmed_at = (status == RegistrationStatus::Confirmed).then_some(now);
    let inserted: Result<i64, DomainError> = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(event_id)
        .bind(&signup.name)
        .bind(&signup.email)
        .bind(&signup.email_key)
        .bind(signup.people)
        .bind(&signup.message)
        .bind(status.as_db())
        .bind(now)
        .bind(confirmed_at)
        .bind(reminder_queued_at)
        .fetch_one(conn)
        .await);
    inserted
        .map(Some)
        .on_constraint(Constraint::Unique, || Ok(None))
}

/// Marks a registration's reminder as done without sending it.
pub async fn skip_reminder(
    tx: &mut DbTx,
    registration_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sql = "UPDATE registrations SET reminder_queued_at = $1 WHERE id = $2";
    on_tx!(tx, conn => sqlx::query(sql).bind(now).bind(registration_id).execute(conn).await.map(|_| ()))
}

/// One registration of an event (not anonymised).
pub async fn registration(
    tx: &mut DbTx,
    event_id: i64,
    registration_id: i64,
) -> Result<Option<Registration>, DomainError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations r
         WHERE r.id = $1 AND r.event_id = $2 AND r.anonymised_at IS NULL"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(registration_id).bind(event_id).fetch_optional(conn).await)
}

/// Confirms a waiting registration.
pub async fn confirm_registration(tx: &mut DbTx, registration_id: i64) -> Result<(), DomainError> {
    let sql = "UPDATE registrations SET status = $1, confirmed_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(RegistrationStatus::Confirmed.as_db())
        .bind(Utc::now())
        .bind(registration_id)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Marks a registration cancelled.
pub async fn cancel_registration(tx: &mut DbTx, registration_id: i64) -> Result<(), DomainError> {
    let sql = "UPDATE registrations SET status = $1, cancelled_at = $2 WHERE id = $3";
    on_tx!(tx, conn => sqlx::query(sql)
        .bind(RegistrationStatus::Cancelled.as_db())
        .bind(Utc::now())
        .bind(registration_id)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Stores a personal link (its hash) for a registration.
pub async fn add_token(
    tx: &mut DbTx,
    registration_id: i64,
    token_hash: &str,
) -> Result<(), DomainError> {
    let sql = "INSERT INTO registration_tokens (token_hash, registration_id, created_at) VALUES ($1, $2, $3)";
    on_tx!(tx, conn => sqlx::query(sql).bind(token_hash).bind(registration_id).bind(Utc::now()).execute(conn).await.map(|_| ()))
}

/// Every active registration of an event (confirmed and waiting), in sign-up order.
pub async fn active_registrations(
    tx: &mut DbTx,
    event_id: i64,
) -> Result<Vec<Registration>, DomainError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations r
         WHERE r.event_id = $1 AND r.status <> $2 AND r.anonymised_at IS NULL ORDER BY r.id"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(event_id)
        .bind(RegistrationStatus::Cancelled.as_db())
        .fetch_all(conn)
        .await)
}

/// The waitlist of an event, in sign-up order.
pub async fn waitlist(tx: &mut DbTx, event_id: i64) -> Result<Vec<Registration>, DomainError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations r
         WHERE r.event_id = $1 AND r.status = $2 ORDER BY r.id"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(event_id)
        .bind(RegistrationStatus::Waitlisted.as_db())
        .fetch_all(conn)
        .await)
}

/// The registration a personal link points to.
pub async fn find_by_token(db: &Db, token_hash: &str) -> Result<Option<Registration>, DomainError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS}
         FROM registration_tokens t JOIN registrations r ON r.id = t.registration_id
         WHERE t.token_hash = $1 AND r.anonymised_at IS NULL"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(token_hash).fetch_optional(pool).await)
}

/// Everyone registered to an event (cancelled ones excluded), in sign-up order.
pub async fn participants(db: &Db, event_id: i64) -> Result<Vec<Registration>, DomainError> {
    let sql = format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations r
         WHERE r.event_id = $1 AND r.status <> $2 AND r.anonymised_at IS NULL ORDER BY r.id"
    );
    on_db!(db, pool => sqlx::query_as(&sql)
        .bind(event_id)
        .bind(RegistrationStatus::Cancelled.as_db())
        .fetch_all(pool)
        .await)
}

/// Claims the reminder of every confirmed registration whose event (not cancelled) starts
/// in `(now, until]`, and returns them with their event: two statements, whatever their
/// number. The claim is a conditional update, so however many servers run this at once,
/// each registration is claimed once.
pub async fn claim_due_reminders(
    tx: &mut DbTx,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<DueReminder>, DomainError> {
    let sql = "UPDATE registrations SET reminder_queued_at = $1
               WHERE status = $3 AND reminder_queued_at IS NULL AND anonymised_at IS NULL
                 AND event_id IN (SELECT id FROM events WHERE status <> $4 AND starts_at > $1 AND starts_at <= $2)
               RETURNING id";
    let claimed: Vec<i64> = on_tx!(tx, conn => sqlx::query_scalar(sql)
        .bind(now)
        .bind(until)
        .bind(RegistrationStatus::Confirmed.as_db())
        .bind(EventStatus::Cancelled.as_db())
        .fetch_all(conn)
        .await)?;
    let registrations: Vec<Registration> = select_by_ids(
        tx,
        &format!("SELECT {REGISTRATION_COLUMNS} FROM registrations r WHERE r.id IN"),
        &claimed,
    )
    .await?;
    let mut event_ids: Vec<i64> = registrations.iter().map(|r| r.event_id).collect();
    event_ids.sort_unstable();
    event_ids.dedup();
    let events: Vec<EventRow> = select_by_ids(
        tx,
        &format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id WHERE e.id IN"
        ),
        &event_ids,
    )
    .await?;
    Ok(registrations
        .into_iter()
        .filter_map(|registration| {
            let event = events
                .iter()
                .find(|e| e.id == registration.event_id)?
                .clone();
            Some(DueReminder {
                registration,
                event,
            })
        })
        .collect())
}

/// Runs `select … IN (ids)` in bounded batches of placeholders (both engines cap how many
/// one statement takes): one statement per 500 rows, not one per row.
async fn select_by_ids<T>(tx: &mut DbTx, select: &str, ids: &[i64]) -> Result<Vec<T>, DomainError>
where
    T: Send
        + Unpin
        + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let mut rows = Vec::with_capacity(ids.len());
    for batch in ids.chunks(500) {
        let placeholders = (1..=batch.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("{select} ({placeholders})");
        let found: Vec<T> = on_tx!(tx, conn => {
            let mut query = sqlx::query_as(&sql);
            for id in batch {
                query = query.bind(*id);
            }
            query.fetch_all(conn).await
        })?;
        rows.extend(found);
    }
    Ok(rows)
}

/// Erases names, emails and messages of registrations to events that ended before
/// `cutoff`, with their links and unsent messages; `name` replaces the name. Counts stay.
/// Returns how many.
pub async fn anonymise_before(
    tx: &mut DbTx,
    cutoff: DateTime<Utc>,
    name: &str,
) -> Result<u64, DomainError> {
    let selection = "SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
                     WHERE r.anonymised_at IS NULL AND e.ends_at < $1";
    let delete_links =
        format!("DELETE FROM registration_tokens WHERE registration_id IN ({selection})");
    on_tx!(tx, conn => sqlx::query(&delete_links).bind(cutoff).execute(conn).await.map(|_| ()))?;
    let delete_mail = format!("DELETE FROM mail_queue WHERE registration_id IN ({selection})");
    on_tx!(tx, conn => sqlx::query(&delete_mail).bind(cutoff).execute(conn).await.map(|_| ()))?;
    let sql = format!(
        "UPDATE registrations SET name = $3, email = '', email_key = 'anonymise-' || id,
         message = '', anonymised_at = $2 WHERE id IN ({selection})"
    );
    on_tx!(tx, conn => sqlx::query(&sql)
        .bind(cutoff)
        .bind(Utc::now())
        .bind(name)
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))
}
