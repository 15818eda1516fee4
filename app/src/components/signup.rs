//! The sign-up form of an event, on the sheet. A real form posted to the `sign_up` server
//! function: without JavaScript the server answers with the registration's page, or sends
//! the person back to the form with what they typed and the reasons. With JavaScript the
//! island checks the fields first (the same rules as the server), shows each message next
//! to its field, and replaces the form with the confirmation without reloading.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::{sign_up, SignUp};
use crate::error::AppError;
use crate::model::{signup_problems, SignupForm, SignupOutcome, MAX_PEOPLE};

/// What the form needs: public facts about the event, plus — only on the page the person is
/// sent back to after a refused form without JavaScript — what they typed themselves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignupProps {
    pub event_id: i64,
    pub slug: String,
    /// The event is full: the form says sign-ups join the waitlist.
    pub waitlist: bool,
    pub form: SignupForm,
    /// Field-by-field messages, `(field, message)`.
    pub problems: Vec<(String, String)>,
    /// A message about the whole form (closed, already registered, too many attempts…).
    pub error: Option<String>,
}

const FIELDS: [&str; 5] = ["name", "email", "people", "message", "consent"];

#[island]
pub fn SignupBox(props: SignupProps) -> impl IntoView {
    let SignupProps {
        event_id,
        slug,
        waitlist,
        form,
        problems,
        error,
    } = props;
    let id = move |field: &str| format!("insc-{event_id}-{field}");
    let name = RwSignal::new(form.name);
    let email = RwSignal::new(form.email);
    let people = RwSignal::new(if form.people.is_empty() {
        "1".to_owned()
    } else {
        form.people
    });
    let message = RwSignal::new(form.message);
    let consent = RwSignal::new(form.consent);
    let problems = RwSignal::new(problems);
    let general = RwSignal::new(error);
    let sending = RwSignal::new(false);
    let outcome = RwSignal::new(None::<(SignupOutcome, String)>);
    // Set once the island runs (tests wait for it before typing).
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));

    let problem_of = move |field: &'static str| {
        move || {
            problems.with(|all| {
                all.iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, message)| message.clone())
            })
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            problems
                .with(|all| all.iter().any(|(f, _)| f == field))
                .then_some("true")
        }
    };
    let focus_first_problem = move || {
        let first = problems.with_untracked(|all| all.first().map(|(f, _)| f.clone()));
        if let Some(field) = first {
            let element = document().get_element_by_id(&format!("insc-{event_id}-{field}"));
            if let Some(element) = element {
                use wasm_bindgen::JsCast;
                let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    };

    let slug_for_submit = slug.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let typed = SignupForm {
            name: name.get_untracked(),
            email: email.get_untracked(),
            people: people.get_untracked(),
            message: message.get_untracked(),
            consent: consent.get_untracked(),
        };
        let found: Vec<(String, String)> = signup_problems(&typed)
            .into_iter()
            .map(|(f, m)| (f.to_owned(), m))
            .collect();
        general.set(None);
        if !found.is_empty() {
            problems.set(found);
            request_animation_frame(focus_first_problem);
            return;
        }
        problems.set(Vec::new());
        sending.set(true);
        let slug = slug_for_submit.clone();
        leptos::task::spawn_local(async move {
            let address = typed.email.trim().to_owned();
            let result = sign_up(
                event_id,
                slug,
                typed.name,
                typed.email,
                typed.people,
                typed.message,
                Some("on".to_owned()),
                None,
            )
            .await;
            match result {
                Ok(done) => outcome.set(Some((done, address))),
                Err(AppError::Invalid { field, message }) if FIELDS.contains(&field.as_str()) => {
                    problems.set(vec![(field, message)]);
                    request_animation_frame(focus_first_problem);
                }
                Err(other) => general.set(Some(other.to_string())),
            }
            sending.set(false);
        });
    };

    let button_label = if waitlist {
        "M'inscrire sur la liste d'attente"
    } else {
        "Je m'inscris"
    };
    let max_people = MAX_PEOPLE.to_string();
    view! {
        <div class="signup" id=format!("inscription-{event_id}")>
            <Show
                when=move || outcome.with(Option::is_none)
                fallback=move || {
                    outcome
                        .get()
                        .map(|(done, address)| view! { <SignupDone done address /> })
                }
            >
                // `novalidate`: the messages come from our rules, in French, next to each
                // field — from the island, or from the server without JavaScript.
                <form
                    class="signup-form"
                    method="post"
                    action=SignUp::url()
                    novalidate
                    data-interactive=move || interactive.get().then_some("true")
                    on:submit=submit.clone()
                >
                    <h4>{if waitlist { "S'inscrire sur la liste d'attente" } else { "S'inscrire" }}</h4>
                    <p class="form-error" role="alert">{move || general.get()}</p>
                    <input type="hidden" name="event_id" value=event_id />
                    <input type="hidden" name="slug" value=slug.clone() />
                    <div class="field">
                        <label for=id("name")>"Votre nom"</label>
                        <input
                            id=id("name")
                            name="name"
                            type="text"
                            autocomplete="name"
                            required
                            maxlength="200"
                            aria-invalid=invalid("name")
                            aria-describedby=id("name-error")
                            prop:value=move || name.get()
                            value=name.get_untracked()
                            on:input=move |ev| name.set(event_target_value(&ev))
                        />
                        <p class="field-error" id=id("name-error")>{problem_of("name")}</p>
                    </div>
                    <div class="field">
                        <label for=id("email")>"Votre adresse e-mail"</label>
                        <p class="field-hint" id=id("email-hint")>"Pour recevoir la confirmation et pouvoir annuler."</p>
                        <input
                            id=id("email")
                            name="email"
                            type="email"
                            autocomplete="email"
                            inputmode="email"
                            required
                            aria-invalid=invalid("email")
                            aria-describedby=format!("{} {}", id("email-hint"), id("email-error"))
                            prop:value=move || email.get()
                            value=email.get_untracked()
                            on:input=move |ev| email.set(event_target_value(&ev))
                        />
                        <p class="field-error" id=id("email-error")>{problem_of("email")}</p>
                    </div>
                    <div class="field">
                        <label for=id("people")>"Nombre de personnes, vous compris"</label>
                        <input
                            id=id("people")
                            name="people"
                            type="number"
                            inputmode="numeric"
                            min="1"
                            max=max_people.clone()
                            required
                            aria-invalid=invalid("people")
                            aria-describedby=id("people-error")
                            prop:value=move || people.get()
                            value=people.get_untracked()
                            on:input=move |ev| people.set(event_target_value(&ev))
                        />
                        <p class="field-error" id=id("people-error")>{problem_of("people")}</p>
                    </div>
                    <div class="field">
                        <label for=id("message")>"Un mot pour les organisateurs (facultatif)"</label>
                        <textarea
                            id=id("message")
                            name="message"
                            rows="3"
                            aria-invalid=invalid("message")
                            aria-describedby=id("message-error")
                            prop:value=move || message.get()
                            on:input=move |ev| message.set(event_target_value(&ev))
                        >
                            {message.get_untracked()}
                        </textarea>
                        <p class="field-error" id=id("message-error")>{problem_of("message")}</p>
                    </div>
                    <div class="field field-check">
                        <input
                            id=id("consent")
                            name="consent"
                            type="checkbox"
                            value="on"
                            required
                            aria-invalid=invalid("consent")
                            aria-describedby=format!("{} {}", id("consent-notice"), id("consent-error"))
                            prop:checked=move || consent.get()
                            checked=consent.get_untracked()
                            on:change=move |ev| consent.set(event_target_checked(&ev))
                        />
                        <label for=id("consent")>
                            "J'accepte que les organisateurs utilisent mon nom et mon adresse e-mail pour cet événement."
                        </label>
                        <p class="field-hint" id=id("consent-notice")>
                            "Seuls les référents de l'action les voient. Ils servent à vous écrire au sujet de cet événement, rien d'autre, et sont effacés quelques mois après l'événement."
                        </p>
                        <p class="field-error" id=id("consent-error")>{problem_of("consent")}</p>
                    </div>
                    <div class="hp" aria-hidden="true">
                        <label for=id("website")>"Site web (laissez ce champ vide)"</label>
                        <input id=id("website") name="website" type="text" tabindex="-1" autocomplete="off" />
                    </div>
                    <button type="submit" disabled=move || sending.get()>
                        {move || if sending.get() { "Envoi…" } else { button_label }}
                    </button>
                </form>
            </Show>
        </div>
    }
}

/// The confirmation shown in place of the form (JavaScript on).
#[component]
fn SignupDone(done: SignupOutcome, address: String) -> impl IntoView {
    let page = format!("/inscription/{}", done.token);
    let ics = format!("{page}/evenement.ics");
    let people = if done.people == 1 {
        "1 personne".to_owned()
    } else {
        format!("{} personnes", done.people)
    };
    let headline = if done.confirmed {
        format!("C'est noté : votre inscription est confirmée ({people}).")
    } else {
        format!("L'événement est complet : vous êtes sur la liste d'attente ({people}). Si une place se libère, vous serez inscrit(e) automatiquement et prévenu(e) par e-mail.")
    };
    view! {
        <div class="signup-done" role="status" tabindex="-1">
            <p class="signup-done-title"><strong>{headline}</strong></p>
            <p>{format!("Un e-mail de confirmation part à l'adresse {address}, avec le lien pour annuler si vous ne pouvez plus venir.")}</p>
            <p>
                <a href=page>"Voir mon inscription"</a>
                {done.confirmed.then(|| view! { " · " <a href=ics download="evenement.ics">"Ajouter à mon agenda"</a> })}
            </p>
        </div>
    }
}
