//! `/actions/{slug}/evenements/{id}`: who signed up to an event, for the action's
//! référents and administrators: counts, confirmed and waitlisted people, CSV export,
//! cancelling a registration, and a message to everyone registered.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorMessage, NotFound};
use crate::api::{get_participants, CancelParticipant, MessageParticipants};
use crate::components::set_http_status;
use crate::error::AppError;
use crate::model::{ParticipantRow, ParticipantsPage};

#[component]
pub fn ParticipantsRoute() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("slug").unwrap_or_default(),
                p.get("id")
                    .and_then(|id| id.parse::<i64>().ok())
                    .unwrap_or(-1),
            )
        })
    };
    let page = Resource::new_blocking(key, |(slug, id)| get_participants(slug, id));
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Participants page /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(AppError::Unauthorized) => {
                        set_http_status(401);
                        view! {
                            <Title text="Connexion requise" />
                            <section class="message-page">
                                <h1>"Connexion requise"</h1>
                                <p>"La liste des inscriptions est réservée aux référents de l'action et aux administrateurs."</p>
                                <p><a href="/connexion">"Se connecter"</a></p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn total(rows: &[ParticipantRow]) -> i64 {
    rows.iter().map(|r| r.people).sum()
}

#[component]
fn Participants(page: ParticipantsPage) -> impl IntoView {
    let query = use_query_map();
    let (done, recipients, error) = query.with_untracked(|q| {
        (
            q.get("fait"),
            q.get("destinataires").and_then(|n| n.parse::<i64>().ok()),
            super::refusal_message(),
        )
    });
    let ParticipantsPage {
        action_slug,
        action_title,
        event,
        confirmed,
        waitlisted,
        ..
    } = page;
    let done = done.map(|what| match what.as_str() {
        "annulation" => "L'inscription est annulée ; la personne est prévenue par e-mail et la liste d'attente a avancé si des places se sont libérées.".to_owned(),
        _ => format!("Message envoyé à {} personne(s) inscrite(s).", recipients.unwrap_or(0)),
    });
    let csv = format!(
        "/actions/{action_slug}/evenements/{}/inscriptions.csv",
        event.id
    );
    let summary = format!(
        "{} inscription(s) confirmée(s) pour {} personne(s) ; {} en liste d'attente pour {} personne(s).{}",
        confirmed.len(),
        total(&confirmed),
        waitlisted.len(),
        total(&waitlisted),
        event
            .capacity
            .map(|c| format!(" Capacité : {c} places."))
            .unwrap_or_default()
    );
    let nobody = confirmed.is_empty() && waitlisted.is_empty();
    let slug = action_slug.clone();
    let event_id = event.id;
    view! {
        <Title text=format!("Inscriptions — {}", event.title) />
        <Meta name="robots" content="noindex" />
        <section class="participants">
            <p><a href=format!("/actions/{action_slug}#evenement-{event_id}")>{format!("‹ Retour à la fiche « {action_title} »")}</a></p>
            {done.map(|message| view! { <p class="notice success" role="status">{message}</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <h1>{format!("Inscriptions — {}", event.title)}</h1>
            <p class="event-when">{event.when.clone()}" · "{event.place.clone()}</p>
            <p class="availability">{event.availability.clone()}</p>
            <p><strong>{summary}</strong></p>
            <p><a class="button" href=csv download>"Télécharger la liste (CSV, pour tableur)"</a></p>
            <ParticipantTable caption="Confirmées" rows=confirmed slug=slug.clone() event_id />
            <ParticipantTable caption="Liste d'attente (dans l'ordre d'inscription)" rows=waitlisted slug=slug.clone() event_id />
            {(!nobody).then(|| view! {
                <form class="stacked-form" method="post" action=MessageParticipants::url()>
                    <h2>"Écrire à toutes les personnes inscrites"</h2>
                    <p class="field-hint">"Par exemple pour un changement de lieu ou d'horaire. Le message part par e-mail aux personnes confirmées et en liste d'attente."</p>
                    <input type="hidden" name="slug" value=slug.clone() />
                    <input type="hidden" name="event_id" value=event_id />
                    <label for="message-objet">"Objet"</label>
                    <input id="message-objet" name="subject" type="text" required maxlength="200" />
                    <label for="message-texte">"Message"</label>
                    <textarea id="message-texte" name="message" rows="6" required></textarea>
                    <button type="submit">"Envoyer le message"</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn ParticipantTable(
    caption: &'static str,
    rows: Vec<ParticipantRow>,
    slug: String,
    event_id: i64,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <h2>{caption}</h2><p>"Personne pour le moment."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="participants-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Nom"</th>
                        <th scope="col">"E-mail"</th>
                        <th scope="col">"Personnes"</th>
                        <th scope="col">"Message"</th>
                        <th scope="col">"Inscrit(e) le"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>
                            <td>{row.name.clone()}</td>
                            <td><a href=format!("mailto:{}", row.email)>{row.email.clone()}</a></td>
                            <td>{row.people}</td>
                            <td>{row.message.clone()}</td>
                            <td>{row.signed_up_at.clone()}</td>
                            <td>
                                <details class="danger-zone">
                                    <summary>"Annuler"<span class="visually-hidden">{format!(" l'inscription de {}", row.name)}</span></summary>
                                    <form method="post" action=CancelParticipant::url()>
                                        <input type="hidden" name="slug" value=slug.clone() />
                                        <input type="hidden" name="event_id" value=event_id />
                                        <input type="hidden" name="registration_id" value=row.id />
                                        <button type="submit" class="danger">{format!("Confirmer l'annulation pour {}", row.name)}</button>
                                    </form>
                                </details>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
