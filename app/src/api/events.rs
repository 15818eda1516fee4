//! "Participez !": residents sign up to an action's events without an account and manage
//! their registration through a personal link; référents run the events and see who
//! comes.

// A server function's arguments are its form's fields (so that forms post without
// JavaScript); the macro also generates the browser-side caller with the same arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ParticipantsPage, RegistrationPage, SignupOutcome};

/// The public view of a stored event (counts only, never who signed up).
#[cfg(feature = "ssr")]
pub(crate) fn event_view(
    row: &crate::backend::db::events::EventRow,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::model::EventView {
    use crate::backend::display::markdown_to_safe_html;
    use crate::model::{event_state, french_long_date, french_time, EventForm, EventView};
    use chrono_tz::Europe::Paris;

    let local = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&Paris).naive_local();
    let input = |at: chrono::DateTime<chrono::Utc>| local(at).format("%Y-%m-%dT%H:%M").to_string();
    let deadline_passed = now >= row.signup_deadline || now >= row.starts_at;
    let state = event_state(
        &row.status,
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
        when: row.details().when(),
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
        .ok_or_else(|| {
            AppError::invalid(
                field,
                "Cette heure n'existe pas ce jour-là (changement d'heure) : choisissez-en une autre.",
            )
        })
}

#[cfg(feature = "ssr")]
fn new_event(
    form: &crate::model::EventForm,
) -> Result<crate::backend::db::events::NewEvent, AppError> {
    let input = crate::model::validate_event(form)
        .map_err(|(field, message)| AppError::invalid(field, message))?;
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
/// the email goes out from the queue. Without JavaScript the person lands on their
/// registration's page, or back on the form with what they typed and why it was refused.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    event_id: i64,
    slug: String,
    name: String,
    email: String,
    people: String,
    #[server(default)] message: String,
    #[server(default)] consent: Option<String>,
    #[server(default)] website: Option<String>,
) -> Result<SignupOutcome, AppError> {
    use crate::backend::db::events;
    use crate::backend::{auth, forms, state::app_state};
    use crate::model::{validate_signup, SignupForm};

    let form = SignupForm {
        name,
        email,
        people,
        message,
        consent: consent.is_some_and(|c| !c.is_empty()),
    };
    let result = async {
        if website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
            return Err(AppError::invalid(
                "website",
                "Ce formulaire a été rempli automatiquement et n'a pas été envoyé. Laissez vide le champ « Site web » puis réessayez.",
            ));
        }
        let signup = validate_signup(&form).map_err(|problems| {
            let (field, message) = problems.into_iter().next().unwrap_or_default();
            AppError::invalid(field, message)
        })?;
        let state = app_state()?;
        state
            .signup_limiter
            .check(&auth::client_ip())
            .map_err(|minutes| AppError::TooManySignups { minutes })?;
        let done = events::sign_up(&state.db, &state.config.public_url, event_id, &signup).await?;
        state.jobs_wakeup.notify_one();
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(SignupOutcome {
            confirmed: done.confirmed,
            token: done.token,
            people: signup.people,
            event_title: done.event_title,
        })
    }
    .await;
    let token = result.as_ref().map(|o| o.token.clone()).unwrap_or_default();
    forms::finish(
        result,
        || format!("/inscription/{token}?merci=1"),
        |error| {
            let mut query = format!(
                "/actions/{}?inscription={event_id}&{}&nom={}&courriel={}&personnes={}&message={}",
                forms::encode(&slug),
                error.to_query(),
                forms::encode(&form.name),
                forms::encode(&form.email),
                forms::encode(&form.people),
                forms::encode(&form.message),
            );
            if form.consent {
                query.push_str("&accord=1");
            }
            format!("{query}#evenement-{event_id}")
        },
    )
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
    let event = events::find(&state.db, registration.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(RegistrationPage {
        name: registration.name,
        people: registration.people,
        status: registration.status,
        event: event_view(&event, chrono::Utc::now()),
        action_title: event.action_title,
        action_slug: event.action_slug,
    })
}

/// Cancels one's own registration through the personal link (a POST: mail scanners that
/// follow links cancel nothing).
#[server(endpoint = "cancel_registration")]
pub async fn cancel_registration(token: String) -> Result<(), AppError> {
    use crate::backend::db::events::{self, CancelledBy};
    use crate::backend::{auth, forms, state::app_state};

    let token = token.trim().to_owned();
    let result = async {
        let state = app_state()?;
        let registration = events::find_by_token(&state.db, &auth::token_hash(&token))
            .await?
            .ok_or(AppError::NotFound)?;
        events::cancel(
            &state.db,
            &state.config.public_url,
            registration.event_id,
            registration.id,
            CancelledBy::Person,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    let page = format!("/inscription/{}", forms::encode(&token));
    forms::finish(
        result,
        || format!("{page}?annulee=1"),
        |error| format!("{page}?{}", error.to_query()),
    )
}

#[cfg(feature = "ssr")]
fn sheet_url(slug: &str, anchor: &str) -> String {
    format!("/actions/{}#{anchor}", crate::backend::forms::encode(slug))
}

/// Creates an event on a sheet (référents of the action and administrators).
#[server(endpoint = "create_event")]
pub async fn create_event(
    action_id: i64,
    slug: String,
    title: String,
    #[server(default)] description: String,
    starts_at: String,
    #[server(default)] ends_at: String,
    place: String,
    #[server(default)] capacity: String,
    #[server(default)] signup_deadline: String,
) -> Result<i64, AppError> {
    use crate::backend::db::events;
    use crate::backend::{auth, forms, state::app_state};
    use crate::model::EventForm;

    let form = EventForm {
        title,
        description,
        starts_at,
        ends_at,
        place,
        capacity,
        signup_deadline,
    };
    let result = async {
        auth::require_editor(action_id)?;
        let event = new_event(&form)?;
        let state = app_state()?;
        let id = events::create(&state.db, action_id, &event)
            .await?
            .ok_or(AppError::NotFound)?;
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(id)
    }
    .await;
    let id = result.as_ref().copied().unwrap_or_default();
    forms::finish(
        result,
        || sheet_url(&slug, &format!("evenement-{id}")),
        |error| {
            format!(
                "/actions/{}?{}&zone=evenements{}#participez",
                forms::encode(&slug),
                error.to_query(),
                event_form_query(&form)
            )
        },
    )
}

/// The typed event form, carried back in the address after a refusal without JavaScript.
#[cfg(feature = "ssr")]
fn event_form_query(form: &crate::model::EventForm) -> String {
    use crate::backend::forms::encode;
    format!(
        "&ev_titre={}&ev_description={}&ev_debut={}&ev_fin={}&ev_lieu={}&ev_places={}&ev_limite={}",
        encode(&form.title),
        encode(&form.description),
        encode(&form.starts_at),
        encode(&form.ends_at),
        encode(&form.place),
        encode(&form.capacity),
        encode(&form.signup_deadline)
    )
}

/// Rewrites an event (and opens or closes its sign-ups).
#[server(endpoint = "edit_event")]
pub async fn edit_event(
    action_id: i64,
    slug: String,
    event_id: i64,
    title: String,
    #[server(default)] description: String,
    starts_at: String,
    #[server(default)] ends_at: String,
    place: String,
    #[server(default)] capacity: String,
    #[server(default)] signup_deadline: String,
    #[server(default)] signups: String,
) -> Result<(), AppError> {
    use crate::backend::db::events;
    use crate::backend::{auth, forms, state::app_state};
    use crate::model::EventForm;

    let form = EventForm {
        title,
        description,
        starts_at,
        ends_at,
        place,
        capacity,
        signup_deadline,
    };
    let result = async {
        auth::require_editor(action_id)?;
        let event = new_event(&form)?;
        let state = app_state()?;
        events::update(
            &state.db,
            &state.config.public_url,
            action_id,
            event_id,
            &event,
            signups != "closed",
        )
        .await?;
        state.jobs_wakeup.notify_one();
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || sheet_url(&slug, &format!("evenement-{event_id}")),
        |error| {
            format!(
                "/actions/{}?modifier_evenement={event_id}&{}&zone=evenements{}#evenement-{event_id}",
                forms::encode(&slug),
                error.to_query(),
                event_form_query(&form)
            )
        },
    )
}

/// Cancels an event; everyone registered is told by email.
#[server(endpoint = "cancel_event")]
pub async fn cancel_event(action_id: i64, slug: String, event_id: i64) -> Result<(), AppError> {
    use crate::backend::db::events;
    use crate::backend::{auth, forms, state::app_state};

    let result = async {
        auth::require_editor(action_id)?;
        let state = app_state()?;
        events::cancel_event(&state.db, &state.config.public_url, action_id, event_id).await?;
        state.jobs_wakeup.notify_one();
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || sheet_url(&slug, &format!("evenement-{event_id}")),
        |error| {
            format!(
                "/actions/{}?{}&zone=evenements#evenement-{event_id}",
                forms::encode(&slug),
                error.to_query()
            )
        },
    )
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
    use crate::model::ParticipantRow;
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
        .partition(|r| r.status == "confirmed");
    Ok(ParticipantsPage {
        action_id: event.action_id,
        action_slug: event.action_slug.clone(),
        action_title: event.action_title.clone(),
        event: event_view(&event, chrono::Utc::now()),
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
    use crate::backend::db::events::{self, CancelledBy};
    use crate::backend::{forms, state::app_state};

    let result = async {
        let state = app_state()?;
        event_for_editor(&state, &slug, event_id).await?;
        events::cancel(
            &state.db,
            &state.config.public_url,
            event_id,
            registration_id,
            CancelledBy::Organisers,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        state.page_cache.refresh_after_change(&state.db).await;
        Ok(())
    }
    .await;
    let page = participants_url(&slug, event_id);
    forms::finish(
        result,
        || format!("{page}?fait=annulation"),
        |error| format!("{page}?{}", error.to_query()),
    )
}

/// Longest message to participants.
#[cfg(feature = "ssr")]
const MAX_MESSAGE_TO_PARTICIPANTS: usize = 5_000;

/// Emails every registered person (confirmed and waiting), e.g. about a change of place.
/// Returns how many people it goes to.
#[server(endpoint = "message_participants")]
pub async fn message_participants(
    slug: String,
    event_id: i64,
    subject: String,
    message: String,
) -> Result<i64, AppError> {
    use crate::backend::db::events;
    use crate::backend::{forms, state::app_state};

    let result = async {
        let state = app_state()?;
        event_for_editor(&state, &slug, event_id).await?;
        let subject = subject.trim();
        if subject.is_empty() || subject.chars().count() > 200 || subject.contains(['\r', '\n']) {
            return Err(AppError::invalid(
                "subject",
                "Indiquez l'objet du message (une ligne, 200 caractères au plus).",
            ));
        }
        let message = message.trim().replace("\r\n", "\n");
        if message.is_empty() || message.chars().count() > MAX_MESSAGE_TO_PARTICIPANTS {
            return Err(AppError::invalid(
                "message",
                "Écrivez le message (5 000 caractères au plus).",
            ));
        }
        let count = events::message_participants(
            &state.db,
            &state.config.public_url,
            event_id,
            subject,
            &message,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        Ok(count as i64)
    }
    .await;
    let page = participants_url(&slug, event_id);
    let sent = result.as_ref().copied().unwrap_or_default();
    forms::finish(
        result,
        || format!("{page}?fait=message&destinataires={sent}"),
        |error| format!("{page}?{}", error.to_query()),
    )
}
