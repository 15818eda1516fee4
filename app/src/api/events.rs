//! "Participez !": residents sign up to an action's events without an account and manage
//! their registration through a personal link; référents run the events and see who
//! comes.

// A server function's arguments are its form's fields (so that forms post without
// JavaScript); the macro also generates the browser-side caller with the same arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ParticipantsPage, RegistrationPage};
#[cfg(feature = "ssr")]
use crate::texts::EventProblem;

/// The public view of a stored event (counts only, never who signed up).
#[cfg(feature = "ssr")]
pub(crate) fn event_view(
    row: &crate::backend::db::events::EventRow,
    now: chrono::DateTime<chrono::Utc>,
    public_url: &str,
) -> crate::model::EventView {
    use crate::backend::calendar;
    use crate::backend::display::markdown_to_safe_html;
    use crate::backend::notices::EventDetails;
    use crate::model::{event_state, french_long_date, french_time, EventForm, EventView};
    use chrono_tz::Europe::Paris;

    let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&Paris).naive_local();
    let input = |at: chrono::DateTime<chrono::Utc>| local(at).format("%Y-%m-%dT%H:%M").to_string();
    let deadline_passed = now >= row.signup_deadline || now >= row.starts_at;
    let state = event_state(
        row.status,
        deadline_passed,
        row.capacity,
        row.confirmed_people,
    );
    let places_left = row.places_left();
    let deadline = local(row.signup_deadline);
    EventView {
        id: row.id,
        title: row.title.clone(),
        description: row.description.clone(),
        description_html: markdown_to_safe_html(&row.description),
        when: EventDetails::from(row).when(),
        google_calendar: calendar::google_link(public_url, &EventDetails::from(row)),
        outlook_calendar: calendar::outlook_link(public_url, &EventDetails::from(row)),
        starts_at: row.starts_at.to_rfc3339(),
        place: row.place.clone(),
        capacity: row.capacity,
        places_left,
        state,
        availability: state.availability(places_left),
        deadline: format!(
            "Inscriptions jusqu'au {} à {}",
            french_long_date(deadline),
            french_time(deadline)
        ),
        form: EventForm {
            title: row.title.clone(),
            description: row.description.clone(),
            starts_at: input(row.starts_at),
            ends_at: input(row.ends_at),
            place: row.place.clone(),
            capacity: row.capacity.map(|c| c.to_string()).unwrap_or_default(),
            signup_deadline: input(row.signup_deadline),
        },
        confirmed_people: row.confirmed_people,
        waitlisted_people: row.waitlisted_people,
        past: now >= row.ends_at,
    }
}

/// A Europe/Paris wall-clock time as UTC. In the spring-forward gap the time does not
/// exist: the field is refused; in the autumn overlap the first one is taken.
#[cfg(feature = "ssr")]
fn paris_to_utc(
    field: &'static str,
    local: chrono::NaiveDateTime,
) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    use chrono::TimeZone;
    chrono_tz::Europe::Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&chrono::Utc))
        .ok_or_else(|| AppError::problem(field, EventProblem::NonexistentTime))
}

#[cfg(feature = "ssr")]
fn new_event(
    form: &crate::model::EventForm,
) -> Result<crate::backend::db::events::NewEvent, AppError> {
    let input = crate::model::validate_event(form)
        .map_err(|(field, problem)| AppError::problem(field, problem))?;
    Ok(crate::backend::db::events::NewEvent {
        starts_at: paris_to_utc("starts_at", input.starts_at)?,
        ends_at: paris_to_utc("ends_at", input.ends_at)?,
        signup_deadline: paris_to_utc("signup_deadline", input.signup_deadline)?,
        title: input.title,
        description: input.description,
        place: input.place,
        capacity: input.capacity,
    })
}

/// Signs a resident up to an event. Confirmed when the party fits, waitlisted otherwise;
/// the email goes out from the queue and is the only place the personal link appears: the
/// answer is the same for a new address and one already registered, so typing someone's
/// address reveals nothing. Without JavaScript the person lands back on the sheet, whose
/// form says so, or on the form with what they typed and why it was refused (kept on the
/// server, never in the address).
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    event_id: i64,
    name: String,
    email: String,
    people: String,
    #[server(default)] message: String,
    #[server(default)] consent: Option<String>,
    #[server(default)] website: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::services::events;
    use crate::backend::{auth, state::app_state};
    use crate::model::{signup_problems, validate_signup, SignupForm};
    use crate::texts::SignupProblem;

    let typed = SignupForm {
        name,
        email,
        people,
        message,
        consent: consent.is_some_and(|c| !c.is_empty()),
    };
    let problems = signup_problems(&typed)
        .into_iter()
        .map(|(field, problem)| (field.to_owned(), problem.to_string()))
        .collect();
    let form = Form::on_event_sheet(
        event_id,
        format!("signup:{event_id}"),
        format!("evenement-{event_id}"),
    )
    .keep("name", &typed.name)
    .keep("email", &typed.email)
    .keep("people", &typed.people)
    .keep("message", &typed.message)
    .keep("consent", if typed.consent { "on" } else { "" })
    .problems(problems);
    let work = async {
        if website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
            return Err(AppError::problem("website", SignupProblem::Honeypot));
        }
        let signup =
            validate_signup(&typed).map_err(|problems| match problems.into_iter().next() {
                Some((field, problem)) => AppError::problem(field, problem),
                None => AppError::Internal,
            })?;
        let state = app_state()?;
        state
            .signup_limiter
            .check(&state.db, &auth::client_ip(), chrono::Utc::now())
            .await?
            .map_err(|minutes| AppError::TooManySignups { minutes })?;
        events::sign_up(
            &state.db,
            &state.public_url,
            event_id,
            &signup,
            state.limits.unverified_mail_per_day,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    answer(form, work, |()| {
        format!("?inscription={event_id}#evenement-{event_id}")
    })
    .await
}

/// The registration behind a personal link.
#[server(endpoint = "get_registration")]
pub async fn get_registration(token: String) -> Result<RegistrationPage, AppError> {
    use crate::backend::db::events;
    use crate::backend::{auth, state::app_state};

    let state = app_state()?;
    let registration = events::find_by_token(&state.db, &auth::token_hash(token.trim()))
        .await?
        .ok_or(AppError::NotFound)?;
    // The link is only ever mailed: whoever opens it holds the address.
    crate::backend::services::outreach::prove(&state.db, &registration.email, chrono::Utc::now())
        .await;
    let event = events::find(&state.db, registration.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RegistrationPage {
        name: registration.name,
        people: registration.people,
        status: registration.status,
        event: event_view(&event, chrono::Utc::now(), &state.public_url),
        action_title: event.action_title,
        action_slug: event.action_slug,
    })
}

/// Cancels one's own registration through the personal link (a POST: mail scanners that
/// follow links cancel nothing).
#[server(endpoint = "cancel_registration")]
pub async fn cancel_registration(token: String) -> Result<(), AppError> {
    use crate::backend::db::events;
    use crate::backend::services::events::{cancel, CancelledBy};
    use crate::backend::{auth, forms, state::app_state};

    let token = token.trim().to_owned();
    let page = format!("/inscription/{}", forms::encode(&token));
    let work = async {
        let state = app_state()?;
        let registration = events::find_by_token(&state.db, &auth::token_hash(&token))
            .await?
            .ok_or(AppError::NotFound)?;
        cancel(
            &state.db,
            &state.public_url,
            registration.event_id,
            registration.id,
            CancelledBy::Person,
            state.limits.unverified_mail_per_day,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    forms::answer(forms::Form::at(page, "cancel", ""), work, |_| {
        "?annulee=1".to_owned()
    })
    .await
}

/// The event form of a sheet, with what was typed (given back if it is refused).
#[cfg(feature = "ssr")]
fn event_form(
    action_id: i64,
    id: String,
    anchor: String,
    typed: &crate::model::EventForm,
) -> crate::backend::forms::Form {
    crate::backend::forms::Form::on_sheet(action_id, id, anchor).keep_all(typed)
}

/// Creates an event on a sheet (référents of the action and administrators).
#[server(endpoint = "create_event")]
pub async fn create_event(
    action_id: i64,
    #[server(default)] event: crate::model::EventForm,
) -> Result<i64, AppError> {
    use crate::backend::services::events;
    use crate::backend::{auth, forms::answer, state::app_state};

    let typed = event;
    let form = event_form(action_id, "event:new".into(), "participez".into(), &typed);
    let work = async {
        auth::require_editor(action_id)?;
        let event = new_event(&typed)?;
        let state = app_state()?;
        let id = events::create(&state.db, action_id, &event)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(id)
    };
    answer(form, work, |id| format!("#evenement-{id}")).await
}

/// Rewrites an event (and opens or closes its sign-ups).
#[server(endpoint = "edit_event")]
pub async fn edit_event(
    action_id: i64,
    event_id: i64,
    #[server(default)] event: crate::model::EventForm,
    #[server(default)] signups: String,
) -> Result<(), AppError> {
    use crate::backend::services::events;
    use crate::backend::{auth, forms::answer, state::app_state};
    use crate::model::EventStatus;

    let typed = event;
    let form = event_form(
        action_id,
        format!("event:{event_id}"),
        format!("evenement-{event_id}"),
        &typed,
    )
    .mode(format!("modifier_evenement={event_id}"));
    let work = async {
        auth::require_editor(action_id)?;
        let event = new_event(&typed)?;
        let status = match signups.as_str() {
            "" => Ok(EventStatus::Open),
            chosen => chosen.parse().map_err(|_| ()),
        }
        .and_then(|status| match status {
            EventStatus::Cancelled => Err(()),
            open_or_closed => Ok(open_or_closed),
        })
        .map_err(|()| AppError::problem("signups", EventProblem::Signups))?;
        let state = app_state()?;
        events::update(
            &state.db,
            &state.public_url,
            action_id,
            event_id,
            &event,
            status,
            state.limits.unverified_mail_per_day,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    answer(form, work, move |_| format!("#evenement-{event_id}")).await
}

/// Cancels an event; everyone registered is told by email.
#[server(endpoint = "cancel_event")]
pub async fn cancel_event(action_id: i64, event_id: i64) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::services::events;
    use crate::backend::{auth, state::app_state};

    let form = Form::on_sheet(action_id, "event:list", format!("evenement-{event_id}"));
    let work = async {
        auth::require_editor(action_id)?;
        let state = app_state()?;
        events::cancel_event(&state.db, &state.public_url, action_id, event_id).await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    answer(form, work, move |_| format!("#evenement-{event_id}")).await
}

/// Loads an event of the sheet `slug` for one of its référents (or an administrator).
#[cfg(feature = "ssr")]
async fn event_for_editor(
    state: &crate::backend::AppState,
    slug: &str,
    event_id: i64,
) -> Result<crate::backend::db::events::EventRow, AppError> {
    let event = crate::backend::db::events::find(&state.db, event_id)
        .await?
        .filter(|e| e.action_slug == slug)
        .ok_or(AppError::NotFound)?;
    crate::backend::auth::require_editor(event.action_id)?;
    Ok(event)
}

/// Who signed up to an event: référents of the action and administrators only.
#[server(endpoint = "get_participants")]
pub async fn get_participants(slug: String, event_id: i64) -> Result<ParticipantsPage, AppError> {
    use crate::backend::db::events;
    use crate::backend::state::app_state;
    use crate::model::{ParticipantRow, RegistrationStatus};
    use chrono_tz::Europe::Paris;

    let state = app_state()?;
    let event = event_for_editor(&state, &slug, event_id).await?;
    let rows = events::participants(&state.db, event_id).await?;
    let (confirmed, waitlisted): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .map(|r| ParticipantRow {
            id: r.id,
            name: r.name,
            email: r.email,
            people: r.people,
            message: r.message,
            signed_up_at: r
                .created_at
                .with_timezone(&Paris)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            status: r.status,
        })
        .partition(|r| r.status == RegistrationStatus::Confirmed);
    Ok(ParticipantsPage {
        action_id: event.action_id,
        action_slug: event.action_slug.clone(),
        action_title: event.action_title.clone(),
        event: event_view(&event, chrono::Utc::now(), &state.public_url),
        confirmed,
        waitlisted,
    })
}

#[cfg(feature = "ssr")]
fn participants_url(slug: &str, event_id: i64) -> String {
    format!(
        "/actions/{}/evenements/{event_id}",
        crate::backend::forms::encode(slug)
    )
}

/// A référent cancels someone's registration (the person is told; the waitlist moves up).
#[server(endpoint = "cancel_participant")]
pub async fn cancel_participant(
    slug: String,
    event_id: i64,
    registration_id: i64,
) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::services::events::{self, CancelledBy};
    use crate::backend::state::app_state;

    let form = Form::at(participants_url(&slug, event_id), "participants", "");
    let work = async {
        let state = app_state()?;
        event_for_editor(&state, &slug, event_id).await?;
        events::cancel(
            &state.db,
            &state.public_url,
            event_id,
            registration_id,
            CancelledBy::Organisers,
            state.limits.unverified_mail_per_day,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    answer(form, work, |_| "?fait=annulation".to_owned()).await
}

/// Longest message to participants, and its subject.
#[cfg(feature = "ssr")]
const MAX_MESSAGE_TO_PARTICIPANTS: usize = 5_000;
#[cfg(feature = "ssr")]
const MAX_SUBJECT_CHARS: usize = 200;

/// Emails every registered person (confirmed and waiting), e.g. about a change of place.
/// Returns how many people it goes to.
#[server(endpoint = "message_participants")]
pub async fn message_participants(
    slug: String,
    event_id: i64,
    subject: String,
    message: String,
) -> Result<i64, AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::services::events;
    use crate::backend::state::app_state;

    let form = Form::at(participants_url(&slug, event_id), "message", "message")
        .keep("subject", &subject)
        .keep("message", &message);
    let work = async {
        let state = app_state()?;
        event_for_editor(&state, &slug, event_id).await?;
        let subject = subject.trim();
        if subject.is_empty()
            || subject.chars().count() > MAX_SUBJECT_CHARS
            || subject.contains(['\r', '\n'])
        {
            return Err(AppError::problem(
                "subject",
                EventProblem::Subject {
                    max: MAX_SUBJECT_CHARS as u32,
                },
            ));
        }
        let message = message.trim().replace("\r\n", "\n");
        if message.is_empty() || message.chars().count() > MAX_MESSAGE_TO_PARTICIPANTS {
            return Err(AppError::problem(
                "message",
                EventProblem::Message {
                    max: MAX_MESSAGE_TO_PARTICIPANTS as u32,
                },
            ));
        }
        let count =
            events::message_participants(&state.db, &state.public_url, event_id, subject, &message)
                .await?;
        state.jobs_wakeup.notify_one();
        Ok(count as i64)
    };
    answer(form, work, |sent| {
        format!("?fait=message&destinataires={sent}")
    })
    .await
}
