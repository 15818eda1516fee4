//! `/inscription/{token}`: a resident's own registration, reached from the link in their
//! emails (the only place it appears). Shows the event and the registration, the calendar
//! file, and a cancel button (a POST, so that mail scanners following the link cancel
//! nothing).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorMessage, NotFound};
use crate::api::{get_registration, CancelRegistration};
use crate::error::AppError;
use crate::model::{RegistrationPage, RegistrationStatus};

#[component]
pub fn RegistrationRoute() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let registration = Resource::new_blocking(token, get_registration);
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match registration.await {
                    Ok(page) => view! { <Registration page token=token() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Registration(page: RegistrationPage, token: String) -> impl IntoView {
    let query = use_query_map();
    let (cancelled_now, error) =
        query.with_untracked(|q| (q.get("annulee").is_some(), super::refusal_message()));
    let RegistrationPage {
        name,
        people,
        status,
        event,
        action_title,
        action_slug,
    } = page;
    let people = if people == 1 {
        "1 personne".to_owned()
    } else {
        format!("{people} personnes")
    };
    let event_cancelled = event.state == crate::model::EventState::Cancelled;
    let (title, headline) = match status {
        _ if event_cancelled => (
            "Événement annulé",
            format!("{name}, cet événement est annulé : votre inscription ({people}) l'est donc aussi. Les organisateurs vous ont prévenu(e) par e-mail."),
        ),
        RegistrationStatus::Confirmed => (
            "Inscription confirmée",
            format!("{name}, votre inscription est confirmée ({people})."),
        ),
        RegistrationStatus::Waitlisted => (
            "Inscription sur liste d'attente",
            format!("{name}, l'événement est complet : vous êtes sur la liste d'attente ({people}). Si une place se libère, vous serez inscrit(e) automatiquement et prévenu(e) par e-mail."),
        ),
        RegistrationStatus::Cancelled => (
            "Inscription annulée",
            format!("{name}, votre inscription est annulée."),
        ),
    };
    let active = status.is_active() && !event.past && !event_cancelled;
    let ics = format!("/inscription/{token}/evenement.ics");
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="registration">
            {cancelled_now.then(|| view! { <p class="notice success" role="status">"C'est fait : votre inscription est annulée. Merci d'avoir prévenu."</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <h1>{title}</h1>
            <p class="registration-status"><strong>{headline}</strong></p>
            <div class="event">
                <h2>{event.title.clone()}</h2>
                <p class="event-when"><time datetime=event.starts_at.clone()>{event.when.clone()}</time></p>
                <p class="event-place"><span class="label">"Lieu : "</span>{event.place.clone()}</p>
                {(event.state == crate::model::EventState::Cancelled).then(|| view! {
                    <p class="availability cancelled">"Cet événement est annulé."</p>
                })}
                <p>"Action : "<a href=format!("/actions/{action_slug}")>{action_title}</a></p>
            </div>
            {(status == RegistrationStatus::Confirmed && !event_cancelled).then(|| view! {
                <p><a href=ics download="evenement.ics">"Ajouter à mon agenda (fichier .ics)"</a></p>
            })}
            {active.then(|| view! {
                <form class="cancel-registration" method="post" action=CancelRegistration::url()>
                    <input type="hidden" name="token" value=token.clone() />
                    <p>"Vous ne pouvez plus venir ? Prévenez en annulant : votre place ira à quelqu'un d'autre."</p>
                    <button type="submit" class="danger">"Annuler mon inscription"</button>
                </form>
            })}
        </section>
    }
}
