//! Events and registrations. The rules that matter live here and in the schema:
//!
//! - Every transaction that changes who is registered to an event starts by locking the
//!   event's row (`BEGIN IMMEDIATE` locks the whole SQLite database; on PostgreSQL a no-op
//!   `UPDATE` takes the row lock), so the counts it reads cannot change under it.
//! - Confirmed places are counted in `events.confirmed_people`, raised only by a
//!   conditional `UPDATE … WHERE confirmed_people + n <= capacity`, and a `CHECK` refuses
//!   any state over capacity: never more people confirmed than places, whatever the
//!   concurrency.
//! - One active registration per email and event: a unique index on the lowercased email.
//! - Emails are queued ([`super::mail_queue`]) in the same transaction as the change
//!   they announce: a registration never exists without its confirmation, nor the
//!   reverse.

use chrono::{DateTime, Duration, Utc};

use super::mail_queue;
use super::{bump_generation, Db, DbTx};
use crate::backend::auth::new_token;
use crate::backend::notices::{self, EventDetails, Notice, Recipient};
use crate::model::Signup;
use crate::{on_db, on_tx};

/// Reminders go out this long before the start.
pub const REMINDER_BEFORE: Duration = Duration::hours(48);

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
    pub status: String,
    pub confirmed_people: i64,
    pub waitlisted_people: i64,
    pub action_title: String,
    pub action_slug: String,
    pub action_published: bool,
}

impl EventRow {
    /// What the emails say about it.
    pub fn details(&self) -> EventDetails {
        EventDetails {
            id: self.id,
            title: self.title.clone(),
            description: self.description.clone(),
            place: self.place.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            cancelled: self.status == "cancelled",
            action_title: self.action_title.clone(),
            action_slug: self.action_slug.clone(),
        }
    }

    /// Places left, `None` without a limit.
    pub fn places_left(&self) -> Option<i64> {
        self.capacity
            .map(|capacity| (capacity - self.confirmed_people).max(0))
    }

    fn fits(&self, people: i64) -> bool {
        self.capacity
            .is_none_or(|capacity| self.confirmed_people + people <= capacity)
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
    pub status: String,
    pub created_at: DateTime<Utc>,
}

impl Registration {
    fn recipient(&self) -> Recipient {
        Recipient {
            registration_id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            people: self.people,
        }
    }
}

/// Why a change to registrations was refused.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    #[error("no such event or registration")]
    NotFound,
    #[error("sign-ups are closed")]
    Closed,
    #[error("the event is cancelled")]
    Cancelled,
    #[error("this email is already registered")]
    AlreadyRegistered,
    #[error("capacity below the {0} people already confirmed")]
    CapacityBelowConfirmed(i64),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What a sign-up became.
#[derive(Debug, Clone)]
pub struct SignedUp {
    pub registration_id: i64,
    pub confirmed: bool,
    /// The personal link's token (only its hash is stored).
    pub token: String,
    pub event_title: String,
}

const EVENT_COLUMNS: &str =
    "e.id, e.action_id, e.title, e.description, e.starts_at, e.ends_at, e.place, e.capacity,
     e.signup_deadline, e.status, e.confirmed_people, e.waitlisted_people,
     a.title AS action_title, a.slug AS action_slug, a.published AS action_published";

/// The events of an action, soonest first.
pub async fn list_for_action(db: &Db, action_id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id
         WHERE e.action_id = $1 ORDER BY e.starts_at, e.id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(action_id).fetch_all(pool).await)
}

/// One event.
pub async fn find(db: &Db, event_id: i64) -> Result<Option<EventRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id WHERE e.id = $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(event_id).fetch_optional(pool).await)
}

/// Locks the event's row for the rest of the transaction and reads it.
async fn lock_event(tx: &mut DbTx, event_id: i64) -> Result<Option<EventRow>, sqlx::Error> {
    let lock = "UPDATE events SET confirmed_people = confirmed_people WHERE id = $1";
    on_tx!(tx, conn => sqlx::query(lock).bind(event_id).execute(conn).await.map(|_| ()))?;
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id WHERE e.id = $1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(event_id).fetch_optional(conn).await)
}

/// Creates an event of an action; `None` when the action does not exist.
pub async fn create(db: &Db, action_id: i64, event: &NewEvent) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let sql = "INSERT INTO events (action_id, title, description, starts_at, ends_at, place, capacity, signup_deadline, created_at, updated_at)
               SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $9 FROM actions WHERE id = $1
               RETURNING id";
    let id: Option<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar(sql)
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
        .await)?;
    bump_generation(&mut tx).await?;
    tx.commit().await?;
    Ok(id)
}

/// Rewrites an event of this action (and whether sign-ups are open). A larger capacity
/// promotes waitlisted people who now fit; a capacity below the people already
/// confirmed is refused.
pub async fn update(
    db: &Db,
    public_url: &str,
    action_id: i64,
    event_id: i64,
    event: &NewEvent,
    open: bool,
) -> Result<(), RegistrationError> {
    let mut tx = db.begin_write().await?;
    let current = lock_event(&mut tx, event_id)
        .await?
        .filter(|e| e.action_id == action_id)
        .ok_or(RegistrationError::NotFound)?;
    if current.status == "cancelled" {
        return Err(RegistrationError::Cancelled);
    }
    if let Some(capacity) = event.capacity {
        if capacity < current.confirmed_people {
            return Err(RegistrationError::CapacityBelowConfirmed(
                current.confirmed_people,
            ));
        }
    }
    let sql =
        "UPDATE events SET title = $1, description = $2, starts_at = $3, ends_at = $4, place = $5,
               capacity = $6, signup_deadline = $7, status = $8, updated_at = $9 WHERE id = $10";
    on_tx!(&mut tx, conn => sqlx::query(sql)
        .bind(&event.title)
        .bind(&event.description)
        .bind(event.starts_at)
        .bind(event.ends_at)
        .bind(&event.place)
        .bind(event.capacity)
        .bind(event.signup_deadline)
        .bind(if open { "open" } else { "closed" })
        .bind(Utc::now())
        .bind(event_id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    promote_waitlist(&mut tx, public_url, event_id).await?;
    bump_generation(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels a whole event: every active registration is told.
pub async fn cancel_event(
    db: &Db,
    public_url: &str,
    action_id: i64,
    event_id: i64,
) -> Result<(), RegistrationError> {
    let mut tx = db.begin_write().await?;
    let event = lock_event(&mut tx, event_id)
        .await?
        .filter(|e| e.action_id == action_id)
        .ok_or(RegistrationError::NotFound)?;
    if event.status == "cancelled" {
        return Ok(());
    }
    let sql = "UPDATE events SET status = 'cancelled', updated_at = $1 WHERE id = $2";
    on_tx!(&mut tx, conn => sqlx::query(sql).bind(Utc::now()).bind(event_id).execute(conn).await.map(|_| ()))?;
    let mut details = event.details();
    details.cancelled = true;
    for registration in active_registrations(&mut tx, event_id).await? {
        queue_notice(
            &mut tx,
            public_url,
            &details,
            &registration,
            &Notice::EventCancelled,
        )
        .await?;
    }
    bump_generation(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

async fn active_registrations(
    tx: &mut DbTx,
    event_id: i64,
) -> Result<Vec<Registration>, sqlx::Error> {
    let sql =
        "SELECT id, event_id, name, email, people, message, status, created_at FROM registrations
               WHERE event_id = $1 AND status <> 'cancelled' AND anonymised_at IS NULL ORDER BY id";
    on_tx!(tx, conn => sqlx::query_as(sql).bind(event_id).fetch_all(conn).await)
}

/// Makes a new personal link for a registration and queues `notice` with it.
async fn queue_notice(
    tx: &mut DbTx,
    public_url: &str,
    event: &EventDetails,
    registration: &Registration,
    notice: &Notice,
) -> Result<String, sqlx::Error> {
    let token = add_token(tx, registration.id).await?;
    let link = format!("{public_url}/inscription/{token}");
    let mail = notices::render(public_url, event, &registration.recipient(), &link, notice);
    mail_queue::enqueue(tx, &mail).await?;
    Ok(token)
}

async fn add_token(tx: &mut DbTx, registration_id: i64) -> Result<String, sqlx::Error> {
    let (token, hash) = new_token();
    let sql = "INSERT INTO registration_tokens (token_hash, registration_id, created_at) VALUES ($1, $2, $3)";
    on_tx!(tx, conn => sqlx::query(sql).bind(&hash).bind(registration_id).bind(Utc::now()).execute(conn).await.map(|_| ()))?;
    Ok(token)
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Signs someone up: confirmed if the party fits in the places left, on the waitlist
/// otherwise. Queues the confirmation (or waitlist) email in the same transaction.
#[tracing::instrument(skip_all, fields(event_id))]
pub async fn sign_up(
    db: &Db,
    public_url: &str,
    event_id: i64,
    signup: &Signup,
) -> Result<SignedUp, RegistrationError> {
    let now = Utc::now();
    let mut tx = db.begin_write().await?;
    let event = lock_event(&mut tx, event_id)
        .await?
        .filter(|e| e.action_published)
        .ok_or(RegistrationError::NotFound)?;
    match event.status.as_str() {
        "cancelled" => return Err(RegistrationError::Cancelled),
        "closed" => return Err(RegistrationError::Closed),
        _ if now >= event.signup_deadline || now >= event.starts_at => {
            return Err(RegistrationError::Closed)
        }
        _ => {}
    }
    // The guard that matters: the counter only moves when the party fits.
    let confirmed = event.fits(signup.people) && {
        let sql = "UPDATE events SET confirmed_people = confirmed_people + $1
                   WHERE id = $2 AND (capacity IS NULL OR confirmed_people + $1 <= capacity)";
        let changed = on_tx!(&mut tx, conn => sqlx::query(sql)
            .bind(signup.people)
            .bind(event_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        changed == 1
    };
    if !confirmed {
        let sql = "UPDATE events SET waitlisted_people = waitlisted_people + $1 WHERE id = $2";
        on_tx!(&mut tx, conn => sqlx::query(sql).bind(signup.people).bind(event_id).execute(conn).await.map(|_| ()))?;
    }
    // No reminder for those who sign up when the reminder would already be due.
    let reminder_queued_at = (event.starts_at - REMINDER_BEFORE <= now).then_some(now);
    let sql = "INSERT INTO registrations (event_id, name, email, email_key, people, message, status, created_at, confirmed_at, reminder_queued_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    let inserted: Result<i64, sqlx::Error> = on_tx!(&mut tx, conn => sqlx::query_scalar(sql)
        .bind(event_id)
        .bind(&signup.name)
        .bind(&signup.email)
        .bind(&signup.email_key)
        .bind(signup.people)
        .bind(&signup.message)
        .bind(if confirmed { "confirmed" } else { "waitlisted" })
        .bind(now)
        .bind(confirmed.then_some(now))
        .bind(reminder_queued_at)
        .fetch_one(conn)
        .await);
    let registration_id = match inserted {
        Ok(id) => id,
        Err(error) if is_unique_violation(&error) => {
            return Err(RegistrationError::AlreadyRegistered)
        }
        Err(error) => return Err(error.into()),
    };
    let registration = Registration {
        id: registration_id,
        event_id,
        name: signup.name.clone(),
        email: signup.email.clone(),
        people: signup.people,
        message: signup.message.clone(),
        status: String::new(),
        created_at: now,
    };
    let notice = if confirmed {
        Notice::Confirmed
    } else {
        Notice::Waitlisted
    };
    let token = queue_notice(
        &mut tx,
        public_url,
        &event.details(),
        &registration,
        &notice,
    )
    .await?;
    bump_generation(&mut tx).await?;
    tx.commit().await?;
    Ok(SignedUp {
        registration_id,
        confirmed,
        token,
        event_title: event.title,
    })
}

/// The registration a personal link points to.
pub async fn find_by_token(db: &Db, token_hash: &str) -> Result<Option<Registration>, sqlx::Error> {
    let sql =
        "SELECT r.id, r.event_id, r.name, r.email, r.people, r.message, r.status, r.created_at
               FROM registration_tokens t JOIN registrations r ON r.id = t.registration_id
               WHERE t.token_hash = $1 AND r.anonymised_at IS NULL";
    on_db!(db, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)
}

/// Who cancels a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelledBy {
    /// The person, through their link.
    Person,
    /// A référent or an administrator.
    Organisers,
}

/// Cancels a registration of `event_id` (nothing happens if it is already cancelled), frees
/// its places and promotes waitlisted people who now fit, in order. Returns whether it was
/// active.
pub async fn cancel(
    db: &Db,
    public_url: &str,
    event_id: i64,
    registration_id: i64,
    by: CancelledBy,
) -> Result<bool, RegistrationError> {
    let mut tx = db.begin_write().await?;
    let event = lock_event(&mut tx, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    let sql =
        "SELECT id, event_id, name, email, people, message, status, created_at FROM registrations
               WHERE id = $1 AND event_id = $2 AND anonymised_at IS NULL";
    let registration: Registration = on_tx!(&mut tx, conn => sqlx::query_as(sql)
        .bind(registration_id)
        .bind(event_id)
        .fetch_optional(conn)
        .await)?
    .ok_or(RegistrationError::NotFound)?;
    let counter = match registration.status.as_str() {
        "confirmed" => "confirmed_people",
        "waitlisted" => "waitlisted_people",
        _ => return Ok(false),
    };
    let sql = "UPDATE registrations SET status = 'cancelled', cancelled_at = $1 WHERE id = $2";
    on_tx!(&mut tx, conn => sqlx::query(sql).bind(Utc::now()).bind(registration_id).execute(conn).await.map(|_| ()))?;
    let sql = format!("UPDATE events SET {counter} = {counter} - $1 WHERE id = $2");
    on_tx!(&mut tx, conn => sqlx::query(&sql).bind(registration.people).bind(event_id).execute(conn).await.map(|_| ()))?;
    if event.status != "cancelled" {
        let notice = match by {
            CancelledBy::Person => Notice::CancelledByPerson,
            CancelledBy::Organisers => Notice::CancelledByOrganisers,
        };
        queue_notice(
            &mut tx,
            public_url,
            &event.details(),
            &registration,
            &notice,
        )
        .await?;
        promote_waitlist(&mut tx, public_url, event_id).await?;
    }
    bump_generation(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Confirms, in sign-up order, every waitlisted registration that fits in the places left
/// (a party too large for them waits; smaller ones behind it may go first), and queues
/// their good news. The caller holds the event's lock.
async fn promote_waitlist(
    tx: &mut DbTx,
    public_url: &str,
    event_id: i64,
) -> Result<(), sqlx::Error> {
    let Some(mut event) = lock_event(tx, event_id).await? else {
        return Ok(());
    };
    if event.status == "cancelled" || Utc::now() >= event.starts_at {
        return Ok(());
    }
    let sql =
        "SELECT id, event_id, name, email, people, message, status, created_at FROM registrations
               WHERE event_id = $1 AND status = 'waitlisted' ORDER BY id";
    let waiting: Vec<Registration> =
        on_tx!(tx, conn => sqlx::query_as(sql).bind(event_id).fetch_all(conn).await)?;
    let details = event.details();
    for registration in waiting {
        if !event.fits(registration.people) {
            continue;
        }
        let sql = "UPDATE events SET confirmed_people = confirmed_people + $1, waitlisted_people = waitlisted_people - $1
                   WHERE id = $2 AND (capacity IS NULL OR confirmed_people + $1 <= capacity)";
        let moved = on_tx!(tx, conn => sqlx::query(sql)
            .bind(registration.people)
            .bind(event_id)
            .execute(conn)
            .await
            .map(|done| done.rows_affected()))?;
        if moved != 1 {
            break;
        }
        let sql = "UPDATE registrations SET status = 'confirmed', confirmed_at = $1 WHERE id = $2";
        on_tx!(tx, conn => sqlx::query(sql).bind(Utc::now()).bind(registration.id).execute(conn).await.map(|_| ()))?;
        event.confirmed_people += registration.people;
        queue_notice(tx, public_url, &details, &registration, &Notice::Promoted).await?;
    }
    Ok(())
}

/// Everyone registered to an event (cancelled ones excluded), in sign-up order.
pub async fn participants(db: &Db, event_id: i64) -> Result<Vec<Registration>, sqlx::Error> {
    let sql =
        "SELECT id, event_id, name, email, people, message, status, created_at FROM registrations
               WHERE event_id = $1 AND status <> 'cancelled' AND anonymised_at IS NULL ORDER BY id";
    on_db!(db, pool => sqlx::query_as(sql).bind(event_id).fetch_all(pool).await)
}

/// Queues a message from the organisers to everyone registered (confirmed and waiting).
/// Returns how many people it goes to.
pub async fn message_participants(
    db: &Db,
    public_url: &str,
    event_id: i64,
    subject: &str,
    body: &str,
) -> Result<usize, RegistrationError> {
    let mut tx = db.begin_write().await?;
    let event = lock_event(&mut tx, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    let notice = Notice::Message {
        subject: subject.to_owned(),
        body: body.to_owned(),
    };
    let registrations = active_registrations(&mut tx, event_id).await?;
    for registration in &registrations {
        queue_notice(&mut tx, public_url, &event.details(), registration, &notice).await?;
    }
    tx.commit().await?;
    Ok(registrations.len())
}

/// Queues the reminder of every confirmed registration whose event starts within
/// [`REMINDER_BEFORE`]. Each registration is claimed by a conditional update, so that
/// however many servers run this at once, each reminder is queued exactly once.
pub async fn queue_reminders(db: &Db, public_url: &str) -> Result<usize, sqlx::Error> {
    let now = Utc::now();
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE registrations SET reminder_queued_at = $1
               WHERE status = 'confirmed' AND reminder_queued_at IS NULL AND anonymised_at IS NULL
                 AND event_id IN (SELECT id FROM events WHERE status <> 'cancelled' AND starts_at > $1 AND starts_at <= $2)
               RETURNING id";
    let claimed: Vec<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar(sql)
        .bind(now)
        .bind(now + REMINDER_BEFORE)
        .fetch_all(conn)
        .await)?;
    for registration_id in &claimed {
        let sql = "SELECT id, event_id, name, email, people, message, status, created_at FROM registrations WHERE id = $1";
        let registration: Registration = on_tx!(&mut tx, conn => sqlx::query_as(sql).bind(registration_id).fetch_one(conn).await)?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN actions a ON a.id = e.action_id WHERE e.id = $1"
        );
        let event: EventRow = on_tx!(&mut tx, conn => sqlx::query_as(&sql)
            .bind(registration.event_id)
            .fetch_one(conn)
            .await)?;
        queue_notice(
            &mut tx,
            public_url,
            &event.details(),
            &registration,
            &Notice::Reminder,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(claimed.len())
}

/// Erases names, emails and messages of registrations to events that ended before
/// `cutoff`, with their links and unsent messages. Counts stay. Returns how many.
pub async fn anonymise_before(db: &Db, cutoff: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let selection = "SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
                     WHERE r.anonymised_at IS NULL AND e.ends_at < $1";
    let delete_links =
        format!("DELETE FROM registration_tokens WHERE registration_id IN ({selection})");
    on_tx!(&mut tx, conn => sqlx::query(&delete_links).bind(cutoff).execute(conn).await.map(|_| ()))?;
    let delete_mail = format!("DELETE FROM mail_queue WHERE registration_id IN ({selection})");
    on_tx!(&mut tx, conn => sqlx::query(&delete_mail).bind(cutoff).execute(conn).await.map(|_| ()))?;
    let sql = format!(
        "UPDATE registrations SET name = 'Participant(e) anonymisé(e)', email = '', email_key = 'anonymise-' || id,
         message = '', anonymised_at = $2 WHERE id IN ({selection})"
    );
    let done = on_tx!(&mut tx, conn => sqlx::query(&sql)
        .bind(cutoff)
        .bind(Utc::now())
        .execute(conn)
        .await
        .map(|done| done.rows_affected()))?;
    tx.commit().await?;
    Ok(done)
}
