//! The sheet's "Participez !" block: upcoming events with what is left and the sign-up
//! form; for référents, the event forms (create, edit, cancel) and a link to who signed
//! up. Rendered on the server; only the sign-up form is an island.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::{returned_form_prefixed, SignupBox, SignupProps};
use crate::api::{CancelEvent, CreateEvent, EditEvent};
use crate::model::{EventForm, EventState, EventStatus, EventView, SignupForm};

/// A form of this block that came back refused without JavaScript (see
/// [`crate::components::returned_form`]), and which event it was about.
#[derive(Clone, Default)]
struct Returned {
    /// A sign-up form (`signup:{event_id}`).
    signup_event: Option<i64>,
    signup_form: SignupForm,
    signup_problems: Vec<(String, String)>,
    signup_error: Option<String>,
    /// The event forms: `Some(None)` for the new event, `Some(Some(id))` when editing one.
    event_target: Option<Option<i64>>,
    event_form: Option<EventForm>,
    events_error: Option<String>,
    /// The page's edit mode (`?modifier_evenement=ID`), from the address.
    editing_event: Option<i64>,
    /// A sign-up just sent without JavaScript (`?inscription=ID`): its form says so.
    signed_up: Option<i64>,
}

fn returned() -> Returned {
    let (editing_event, signed_up) = use_query_map().with_untracked(|q| {
        (
            q.get("modifier_evenement").and_then(|id| id.parse().ok()),
            q.get("inscription").and_then(|id| id.parse().ok()),
        )
    });
    let mut out = Returned {
        editing_event,
        signed_up,
        ..Returned::default()
    };
    if let Some(back) = returned_form_prefixed("signup:") {
        out.signup_event = back.form["signup:".len()..].parse().ok();
        out.signup_form = SignupForm {
            name: back.value("name"),
            email: back.value("email"),
            people: back.value("people"),
            message: back.value("message"),
            consent: back.has("consent"),
        };
        out.signup_problems = back.field_problems();
        out.signup_error = back.general_message();
    } else if let Some(back) = returned_form_prefixed("event:") {
        let target = &back.form["event:".len()..];
        out.event_target = match target {
            "new" => Some(None),
            id => id.parse().ok().map(Some),
        };
        out.events_error = Some(back.message());
        if out.event_target.is_some() {
            out.event_form = Some(back.typed::<EventForm>());
        } else {
            // "event:list": a refusal about the list itself (cancelling an event).
            out.event_target = Some(None);
        }
    }
    out
}

#[component]
pub fn EventList(
    action_id: i64,
    slug: String,
    organisation: String,
    canonical_url: String,
    can_edit: bool,
    events: Vec<EventView>,
) -> impl IntoView {
    let back = returned();
    let (past, upcoming): (Vec<_>, Vec<_>) = events.into_iter().partition(|e| e.past);
    let hidden = move || {
        view! {
            <input type="hidden" name="action_id" value=action_id />
        }
    };
    let canonical_text = canonical_url.clone();
    let new_event_back = back.event_target == Some(None);
    let new_event_form = back
        .event_form
        .clone()
        .filter(|_| new_event_back)
        .unwrap_or_default();
    view! {
        <section class="participate" id="participez" aria-labelledby="participez-titre">
            <h2 id="participez-titre">"Participez !"</h2>
            {back.events_error.clone().filter(|_| new_event_back).map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {upcoming.is_empty().then(|| view! {
                <p>"Aucun événement n'est prévu pour le moment."</p>
            })}
            <div class="events">
                {upcoming.into_iter().map(|event| view! {
                    <EventCard event slug=slug.clone() action_id can_edit back=back.clone() />
                }).collect_view()}
            </div>
            {(!past.is_empty()).then(|| view! {
                <details class="past-events">
                    <summary>{format!("Événements passés ({})", past.len())}</summary>
                    <ul>
                        {past.into_iter().map(|event| {
                            let participants = format!("/actions/{slug}/evenements/{}", event.id);
                            view! {
                                <li>
                                    <strong>{event.title.clone()}</strong>" — "{event.when.clone()}
                                    {can_edit.then(|| view! { " · " <a href=participants>"Inscriptions"</a> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
            {can_edit.then(|| view! {
                <details class="new-event" open=new_event_back && back.event_form.is_some()>
                    <summary>"Créer un événement"</summary>
                    <form class="stacked-form" method="post" action=CreateEvent::url()>
                        {hidden()}
                        <EventFields prefix="nouvel-evenement".to_owned() form=new_event_form />
                        <button type="submit">"Créer l'événement"</button>
                    </form>
                </details>
            })}
            <p>
                "Envie de rejoindre cette action ou d'en lancer une près de chez vous ? Contactez "
                {organisation}
                " ou partagez cette fiche. Lien direct vers la fiche action :"
            </p>
            <p class="canonical-link"><a href=canonical_url.clone()>{canonical_text}</a></p>
        </section>
    }
}

#[component]
fn EventCard(
    event: EventView,
    slug: String,
    action_id: i64,
    can_edit: bool,
    back: Returned,
) -> impl IntoView {
    let id = event.id;
    let anchor = format!("evenement-{id}");
    let returned_here = back.signup_event == Some(id);
    let signup = event.state.accepts_signups().then(|| {
        let (form, problems, error) = if returned_here {
            (
                back.signup_form.clone(),
                back.signup_problems.clone(),
                back.signup_error.clone(),
            )
        } else {
            (SignupForm::default(), Vec::new(), None)
        };
        let props = SignupProps {
            event_id: id,
            waitlist: event.state == EventState::Full,
            form,
            problems,
            error,
            sent: back.signed_up == Some(id) && !returned_here,
        };
        view! { <SignupBox props /> }
    });
    let closed_error = (returned_here && signup.is_none())
        .then(|| back.signup_error.clone())
        .flatten();
    let returned_edit = back.event_target == Some(Some(id));
    let editing = can_edit && (back.editing_event == Some(id) || returned_edit);
    let edit_form = match (&back.event_form, returned_edit) {
        (Some(form), true) => form.clone(),
        _ => event.form.clone(),
    };
    let edit_error = returned_edit.then(|| back.events_error.clone()).flatten();
    let state_class = match event.state {
        EventState::Open => "availability open",
        EventState::Full => "availability full",
        EventState::Closed => "availability closed",
        EventState::Cancelled => "availability cancelled",
    };
    let participants = format!("/actions/{slug}/evenements/{id}");
    let edit_href = format!("/actions/{slug}?modifier_evenement={id}#{anchor}");
    let cancel_edit_href = format!("/actions/{slug}#{anchor}");
    let cancelled = event.state == EventState::Cancelled;
    let open_signups = event.state != EventState::Closed;
    let heading_id = format!("{anchor}-titre");
    let labelled_by = heading_id.clone();
    view! {
        <article class="event" id=anchor aria-labelledby=labelled_by>
            <h3 id=heading_id>{event.title.clone()}</h3>
            <p class="event-when"><time datetime=event.starts_at.clone()>{event.when.clone()}</time></p>
            <p class="event-place"><span class="label">"Lieu : "</span>{event.place.clone()}</p>
            <p class=state_class>{event.availability.clone()}</p>
            {(!event.description_html.is_empty()).then(|| view! {
                <div class="prose" inner_html=event.description_html.clone()></div>
            })}
            {event.state.accepts_signups().then(|| view! { <p class="event-deadline">{event.deadline.clone()}</p> })}
            {closed_error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {signup}
            // After the sign-up form: the form is what a visitor comes to the event for.
            {(!cancelled && !event.past).then(|| view! { <AddToCalendar event=event.clone() /> })}
            {can_edit.then(|| view! {
                <div class="event-admin">
                    <p>
                        {format!(
                            "Inscriptions : {} personne(s) confirmée(s), {} en liste d'attente. ",
                            event.confirmed_people, event.waitlisted_people
                        )}
                        <a href=participants>"Voir les inscriptions"<span class="visually-hidden">{format!(" : {}", event.title)}</span></a>
                    </p>
                    {(!cancelled && !event.past).then(|| view! {
                        <p class="section-tools">
                            <a href=format!("/evenements/{id}/affiche")>"Affiche A4"<span class="visually-hidden">{format!(" : {}", event.title)}</span></a>
                            " · "
                            <a href=format!("/evenements/{id}/flyer")>"Flyer A5"<span class="visually-hidden">{format!(" : {}", event.title)}</span></a>
                            " (avec un QR code vers l'inscription)"
                        </p>
                    })}
                    {(!editing && !cancelled).then(|| view! {
                        <p class="section-tools">
                            <a href=edit_href.clone()>"Modifier l'événement"<span class="visually-hidden">{format!(" « {} »", event.title)}</span></a>
                        </p>
                    })}
                    {editing.then(|| view! {
                        <form class="stacked-form" method="post" action=EditEvent::url()>
                            <h4>"Modifier l'événement"</h4>
                            {edit_error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                            <input type="hidden" name="action_id" value=action_id />
                            <input type="hidden" name="event_id" value=id />
                            <EventFields prefix=format!("evenement-{id}") form=edit_form />
                            <label for=format!("evenement-{id}-inscriptions")>"Inscriptions"</label>
                            <select id=format!("evenement-{id}-inscriptions") name="signups">
                                <option value=EventStatus::Open.as_db() selected=open_signups>"Ouvertes (jusqu'à la date limite)"</option>
                                <option value=EventStatus::Closed.as_db() selected=!open_signups>"Closes"</option>
                            </select>
                            <p class="edit-actions">
                                <button type="submit">"Enregistrer"</button>
                                <a href=cancel_edit_href>"Annuler"</a>
                            </p>
                        </form>
                    })}
                    {(!cancelled).then(|| view! {
                        <details class="danger-zone">
                            <summary>"Annuler l'événement"</summary>
                            <form method="post" action=CancelEvent::url()>
                                <input type="hidden" name="action_id" value=action_id />
                                <input type="hidden" name="event_id" value=id />
                                <p>"Toutes les personnes inscrites recevront un e-mail les prévenant de l'annulation. Cela ne peut pas être défait."</p>
                                <button type="submit" class="danger">"Confirmer l'annulation de l'événement"</button>
                            </form>
                        </details>
                    })}
                </div>
            })}
        </article>
    }
}

/// "Ajouter à mon agenda": the event's calendar file, and Google Agenda's and Outlook's
/// pre-filled pages. A `<details>`: no JavaScript.
#[component]
fn AddToCalendar(event: EventView) -> impl IntoView {
    let hidden = format!(" : {}", event.title);
    view! {
        <details class="add-to-calendar">
            <summary>"Ajouter à mon agenda"<span class="visually-hidden">{hidden}</span></summary>
            <ul>
                <li><a href=event.calendar_file() download="evenement.ics">"Fichier d'agenda (.ics) : téléphone, Apple, Thunderbird…"</a></li>
                <li><a href=event.google_calendar.clone() rel="noopener">"Google Agenda"</a></li>
                <li><a href=event.outlook_calendar.clone() rel="noopener">"Outlook"</a></li>
            </ul>
        </details>
    }
}

/// The fields of the event form.
#[component]
fn EventFields(prefix: String, form: EventForm) -> impl IntoView {
    let id = move |field: &str| format!("{prefix}-{field}");
    view! {
        <label for=id("titre")>"Titre de l'événement"</label>
        <input id=id("titre") name=EventForm::input("title") type="text" required maxlength="200" value=form.title placeholder="Banquet citoyen du 18 juin" />
        <label for=id("debut")>"Début (date et heure)"</label>
        <input id=id("debut") name=EventForm::input("starts_at") type="datetime-local" required value=form.starts_at />
        <label for=id("fin")>"Fin (date et heure)"</label>
        <input id=id("fin") name=EventForm::input("ends_at") type="datetime-local" value=form.ends_at />
        <label for=id("lieu")>"Lieu (adresse)"</label>
        <input id=id("lieu") name=EventForm::input("place") type="text" required maxlength="200" value=form.place />
        <label for=id("places")>"Nombre de places (vide : sans limite)"</label>
        <input id=id("places") name=EventForm::input("capacity") type="number" min="1" inputmode="numeric" value=form.capacity />
        <label for=id("limite")>"Date limite d'inscription (vide : jusqu'au début)"</label>
        <input id=id("limite") name=EventForm::input("signup_deadline") type="datetime-local" value=form.signup_deadline />
        <label for=id("description")>"Description"</label>
        <textarea id=id("description") name=EventForm::input("description") rows="4" inner_html=crate::model::escape_html(&form.description)></textarea>
    }
}
