//! The use cases of events: create, rewrite and cancel an event; sign up, cancel, promote
//! from the waitlist, remind, write to participants. Each runs in one write transaction that
//! starts by locking the event's row ([`events::lock`]), so the counts it reads cannot change
//! under it, and queues its emails in that same transaction: a registration never exists
//! without its confirmation, nor the reverse.

use crate::error::{AppError, DomainError};
use chrono::{DateTime, Duration, Utc};

use crate::crypto::new_token;
use crate::db::events::{self, EventRow, NewEvent, Registration};
use crate::db::{mail_queue, Db, DbTx};
use crate::model::{EventStatus, RegistrationStatus, Signup};
use crate::notices::{self, EventDetails, Notice};
use crate::services::outreach;
use crate::texts::ANONYMISED_PARTICIPANT;

/// Reminders go out this long before the start.
pub const REMINDER_BEFORE: Duration = Duration::hours(48);

/// Why a change to events or registrations was refused.
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
    Database(#[from] DomainError),
}

impl From<RegistrationError> for AppError {
    fn from(error: RegistrationError) -> Self {
        use RegistrationError as E;
        match error {
            E::NotFound => AppError::NotFound,
            E::Closed => AppError::SignupsClosed,
            E::Cancelled => AppError::EventCancelled,
            E::AlreadyRegistered => AppError::AlreadyRegistered,
            E::CapacityBelowConfirmed(people) => AppError::problem(
                "capacity",
                crate::texts::EventProblem::CapacityBelowConfirmed { people },
            ),
            E::Database(e) => e.into(),
        }
    }
}

/// What a sign-up became. Only the service and the tests see it: the person's answer is
/// the same whatever it holds (the personal link is only ever mailed).
#[derive(Debug, Clone)]
pub struct SignedUp {
    pub registration_id: i64,
    pub confirmed: bool,
    /// The personal link's token (only its hash is stored); `None` when no message went
    /// out (an address over its daily budget, or asked again within minutes).
    pub token: Option<String>,
    /// The address was registered already: nothing new was recorded.
    pub repeated: bool,
    /// The sheet the event is on.
    pub action_slug: String,
}

/// Signing up again with an address already registered within this long sends no second
/// message.
const QUIET_AFTER_MAIL: Duration = Duration::minutes(10);

/// Who cancels a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelledBy {
    /// The person, through their link.
    Person,
    /// A référent or an administrator.
    Organisers,
}

/// Creates an event of an action; `None` when the action does not exist.
pub async fn create(db: &Db, action_id: i64, event: &NewEvent) -> Result<Option<i64>, DomainError> {
    let mut tx = db.begin_write().await?;
    let id = events::insert(&mut tx, action_id, event).await?;
    tx.commit().await?;
    Ok(id)
}

/// Rewrites an event of this action (and whether sign-ups are open). A larger capacity
/// promotes waitlisted people who now fit (their good news drawn on their address's budget,
/// `per_day`); a capacity below the people already confirmed is refused.
pub async fn update(
    db: &Db,
    public_url: &str,
    action_id: i64,
    event_id: i64,
    event: &NewEvent,
    status: EventStatus,
    per_day: u32,
) -> Result<(), RegistrationError> {
    let mut tx = db.begin_write().await?;
    let current = locked_event_of(&mut tx, action_id, event_id).await?;
    if current.is_cancelled() || status == EventStatus::Cancelled {
        return Err(RegistrationError::Cancelled);
    }
    if let Some(capacity) = event.capacity {
        if capacity < current.confirmed_people {
            return Err(RegistrationError::CapacityBelowConfirmed(
                current.confirmed_people,
            ));
        }
    }
    events::rewrite(&mut tx, event_id, event, status).await?;
    promote_waitlist(&mut tx, public_url, event_id, per_day).await?;
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
    let event = locked_event_of(&mut tx, action_id, event_id).await?;
    if event.is_cancelled() {
        return Ok(());
    }
    events::set_status(&mut tx, event_id, EventStatus::Cancelled).await?;
    let mut details = EventDetails::from(&event);
    details.cancelled = true;
    for registration in events::active_registrations(&mut tx, event_id).await? {
        queue_notice(
            &mut tx,
            public_url,
            &details,
            &registration,
            &Notice::EventCancelled,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Signs someone up: confirmed if the party fits in the places left, on the waitlist
/// otherwise. Queues the confirmation (or waitlist) email in the same transaction. An
/// address already registered changes nothing and is mailed its personal link again (not
/// within [`QUIET_AFTER_MAIL`] of the last time). Both messages go to an address anyone
/// can type: unless it is proven they draw on its daily budget (`per_day`, [`outreach`]).
#[tracing::instrument(skip_all, fields(event_id))]
pub async fn sign_up(
    db: &Db,
    public_url: &str,
    event_id: i64,
    signup: &Signup,
    per_day: u32,
) -> Result<SignedUp, RegistrationError> {
    match sign_up_once(db, public_url, event_id, signup, per_day).await {
        // Two first sign-ups of one address at the same moment: on PostgreSQL both may
        // read "not registered" before either inserts, and the second's insert then breaks
        // the unique index (its transaction rolls back, nothing kept). Tried again, it
        // reads the first and is answered as the repeat it is, like any other.
        Err(RegistrationError::AlreadyRegistered) => {
            sign_up_once(db, public_url, event_id, signup, per_day).await
        }
        other => other,
    }
}

/// One attempt of [`sign_up`]: `AlreadyRegistered` only when another sign-up of the same
/// address was inserted between this one's read and its insert.
async fn sign_up_once(
    db: &Db,
    public_url: &str,
    event_id: i64,
    signup: &Signup,
    per_day: u32,
) -> Result<SignedUp, RegistrationError> {
    let now = Utc::now();
    let mut tx = db.begin_write().await?;
    // Read first, without the lock (whose no-op update counts as a change of the event's
    // public state): a repeated address changes nothing public.
    let event = events::read(&mut tx, event_id).await?;
    accepts_signups(event.as_ref(), now)?;
    if let (Some(event), Some(existing)) = (
        event,
        events::active_registration_of(&mut tx, event_id, &signup.email_key).await?,
    ) {
        let confirmed = existing.status == RegistrationStatus::Confirmed;
        let address = mail_queue::address_key(&existing.email);
        let quiet = mail_queue::queued_since(
            &mut tx,
            &address,
            notices::ALREADY_REGISTERED_KIND,
            now - QUIET_AFTER_MAIL,
        )
        .await?;
        let token = if quiet {
            None
        } else {
            let notice = Notice::AlreadyRegistered { confirmed };
            queue_unproven(
                &mut tx,
                public_url,
                &EventDetails::from(&event),
                &existing,
                &notice,
                per_day,
                now,
            )
            .await?
        };
        tx.commit().await?;
        return Ok(SignedUp {
            registration_id: existing.id,
            confirmed,
            token,
            repeated: true,
            action_slug: event.action_slug,
        });
    }
    let event = events::lock(&mut tx, event_id).await?;
    let event = accepts_signups(event.as_ref(), now)?.clone();
    let confirmed =
        event.fits(signup.people) && events::take_places(&mut tx, event_id, signup.people).await?;
    if !confirmed {
        events::add_waiting(&mut tx, event_id, signup.people).await?;
    }
    let status = if confirmed {
        RegistrationStatus::Confirmed
    } else {
        RegistrationStatus::Waitlisted
    };
    // No reminder for those who sign up when the reminder would already be due.
    let reminder_queued_at = (event.starts_at - REMINDER_BEFORE <= now).then_some(now);
    let registration_id =
        events::insert_registration(&mut tx, event_id, signup, status, now, reminder_queued_at)
            .await?
            .ok_or(RegistrationError::AlreadyRegistered)?;
    let registration = Registration {
        id: registration_id,
        event_id,
        name: signup.name.clone(),
        email: signup.email.clone(),
        people: signup.people,
        message: signup.message.clone(),
        status,
        created_at: now,
    };
    let notice = if confirmed {
        Notice::Confirmed
    } else {
        Notice::Waitlisted
    };
    let token = queue_unproven(
        &mut tx,
        public_url,
        &EventDetails::from(&event),
        &registration,
        &notice,
        per_day,
        now,
    )
    .await?;
    // Past the address's budget nothing went: no reminder will either, so that sign-ups
    // typed for a stranger's address cannot fill their inbox days later.
    if token.is_none() {
        events::skip_reminder(&mut tx, registration_id, now).await?;
    }
    tx.commit().await?;
    Ok(SignedUp {
        registration_id,
        confirmed,
        token,
        repeated: false,
        action_slug: event.action_slug,
    })
}

/// The event, if it takes sign-ups at `now`; why not otherwise.
fn accepts_signups(
    event: Option<&EventRow>,
    now: DateTime<Utc>,
) -> Result<&EventRow, RegistrationError> {
    let event = event
        .filter(|e| e.action_published)
        .ok_or(RegistrationError::NotFound)?;
    match event.status {
        EventStatus::Cancelled => Err(RegistrationError::Cancelled),
        EventStatus::Closed => Err(RegistrationError::Closed),
        EventStatus::Open if now >= event.signup_deadline || now >= event.starts_at => {
            Err(RegistrationError::Closed)
        }
        EventStatus::Open => Ok(event),
    }
}

/// Cancels a registration of `event_id` (nothing happens if it is already cancelled), frees
/// its places and promotes waitlisted people who now fit, in order (their good news drawn
/// on their address's budget, `per_day`). Returns whether it was active.
pub async fn cancel(
    db: &Db,
    public_url: &str,
    event_id: i64,
    registration_id: i64,
    by: CancelledBy,
    per_day: u32,
) -> Result<bool, RegistrationError> {
    let mut tx = db.begin_write().await?;
    let event = events::lock(&mut tx, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    let registration = events::registration(&mut tx, event_id, registration_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    if !registration.status.is_active() {
        return Ok(false);
    }
    events::cancel_registration(&mut tx, registration_id).await?;
    events::release(&mut tx, event_id, registration.status, registration.people).await?;
    if !event.is_cancelled() {
        let notice = match by {
            CancelledBy::Person => Notice::CancelledByPerson,
            CancelledBy::Organisers => Notice::CancelledByOrganisers,
        };
        queue_notice(
            &mut tx,
            public_url,
            &EventDetails::from(&event),
            &registration,
            &notice,
        )
        .await?;
        promote_waitlist(&mut tx, public_url, event_id, per_day).await?;
    }
    tx.commit().await?;
    Ok(true)
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
    let event = events::lock(&mut tx, event_id)
        .await?
        .ok_or(RegistrationError::NotFound)?;
    let notice = Notice::Message {
        subject: subject.to_owned(),
        body: body.to_owned(),
    };
    let details = EventDetails::from(&event);
    let registrations = events::active_registrations(&mut tx, event_id).await?;
    for registration in &registrations {
        queue_notice(&mut tx, public_url, &details, registration, &notice).await?;
    }
    tx.commit().await?;
    Ok(registrations.len())
}

/// Queues the reminder of every confirmed registration whose event starts within
/// [`REMINDER_BEFORE`]. Each registration is claimed once, however many servers run this.
pub async fn queue_reminders(db: &Db, public_url: &str) -> Result<usize, DomainError> {
    let now = Utc::now();
    let mut tx = db.begin_write().await?;
    let due = events::claim_due_reminders(&mut tx, now, now + REMINDER_BEFORE).await?;
    for reminder in &due {
        let details = EventDetails::from(&reminder.event);
        queue_notice(
            &mut tx,
            public_url,
            &details,
            &reminder.registration,
            &Notice::Reminder,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

/// Erases names, emails and messages of registrations to events that ended before
/// `cutoff`, with their links and unsent messages. Counts stay. Returns how many.
pub async fn anonymise_before(db: &Db, cutoff: DateTime<Utc>) -> Result<u64, DomainError> {
    let mut tx = db.begin_write().await?;
    let done = events::anonymise_before(&mut tx, cutoff, ANONYMISED_PARTICIPANT).await?;
    tx.commit().await?;
    Ok(done)
}

/// Locks an event and checks it belongs to the action.
async fn locked_event_of(
    tx: &mut DbTx,
    action_id: i64,
    event_id: i64,
) -> Result<EventRow, RegistrationError> {
    events::lock(tx, event_id)
        .await?
        .filter(|e| e.action_id == action_id)
        .ok_or(RegistrationError::NotFound)
}

/// Makes a new personal link for a registration and queues `notice` with it.
async fn queue_notice(
    tx: &mut DbTx,
    public_url: &str,
    event: &EventDetails,
    registration: &Registration,
    notice: &Notice,
) -> Result<String, DomainError> {
    let (token, hash) = new_token();
    events::add_token(tx, registration.id, &hash).await?;
    let link = format!("{public_url}/inscription/{token}");
    let mail = notices::render(public_url, event, &registration.into(), &link, notice);
    mail_queue::enqueue(tx, &mail).await?;
    Ok(token)
}

/// Like [`queue_notice`] for a message that answers a sign-up (to an address anyone may
/// have typed): drawn on the address's daily budget unless it is proven. The token of the
/// link it carries, or `None` when the budget is spent (nothing was sent).
async fn queue_unproven(
    tx: &mut DbTx,
    public_url: &str,
    event: &EventDetails,
    registration: &Registration,
    notice: &Notice,
    per_day: u32,
    now: DateTime<Utc>,
) -> Result<Option<String>, DomainError> {
    let (token, hash) = new_token();
    let link = format!("{public_url}/inscription/{token}");
    let mail = notices::render(public_url, event, &registration.into(), &link, notice);
    match outreach::queue(tx, &mail, per_day, now, now).await? {
        outreach::Sent::Queued(_) => {
            events::add_token(tx, registration.id, &hash).await?;
            Ok(Some(token))
        }
        outreach::Sent::OverBudget => Ok(None),
    }
}

/// Confirms, in sign-up order, every waitlisted registration that fits in the places left
/// (a party too large for them waits; smaller ones behind it may go first), and queues
/// their good news. The caller holds the event's lock.
///
/// Anyone may have typed a waitlisted address, and anyone can free a place (by cancelling
/// their own sign-up): the good news to an address not proven draws on its daily budget
/// like a confirmation, so that waitlists cannot be used to mail a stranger past it. The
/// place is theirs either way (their personal page says so); past the budget, no mail and
/// no reminder.
async fn promote_waitlist(
    tx: &mut DbTx,
    public_url: &str,
    event_id: i64,
    per_day: u32,
) -> Result<(), DomainError> {
    let Some(mut event) = events::lock(tx, event_id).await? else {
        return Ok(());
    };
    if event.is_cancelled() || Utc::now() >= event.starts_at {
        return Ok(());
    }
    let details = EventDetails::from(&event);
    for registration in events::waitlist(tx, event_id).await? {
        if !event.fits(registration.people) {
            continue;
        }
        if !events::promote(tx, event_id, registration.people).await? {
            break;
        }
        events::confirm_registration(tx, registration.id).await?;
        event.confirmed_people += registration.people;
        let now = Utc::now();
        let sent = queue_unproven(
            tx,
            public_url,
            &details,
            &registration,
            &Notice::Promoted,
            per_day,
            now,
        )
        .await?;
        if sent.is_none() {
            events::skip_reminder(tx, registration.id, now).await?;
        }
    }
    Ok(())
}
