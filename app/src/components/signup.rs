//! The sign-up form of an event, on the sheet. A real form posted to the `sign_up` server
//! function: without JavaScript the server sends the person back to the sheet, where the
//! form says the request is sent, or back to the form with what they typed and the
//! reasons. With JavaScript the island checks the fields first (the same rules as the
//! server), shows each message next to its field, and replaces the form with the same
//! answer without reloading. The answer is the same for a new address and one already
//! registered: the personal link is only ever mailed (see `services::events::sign_up`).
//! Both the form and the answer are in the page from the start (one is hidden): the island
//! only hydrates, it never builds markup, which keeps its code small.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::{sign_up, SignUp};
use crate::error::AppError;
use crate::model::{signup_problems, SignupForm, MAX_PEOPLE};

/// What the form needs: public facts about the event, plus — only on the page the person is
/// sent back to after a refused form without JavaScript — what they typed themselves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignupProps {
    pub event_id: i64,
    /// The event is full: the form says sign-ups join the waitlist.
    pub waitlist: bool,
    pub form: SignupForm,
    /// Field-by-field messages, `(field, message)`.
    pub problems: Vec<(String, String)>,
    /// A message about the whole form (closed, too many attempts…).
    pub error: Option<String>,
    /// The sign-up was just sent (without JavaScript): the answer shows instead of the form.
    pub sent: bool,
}

const FIELDS: [&str; 5] = ["name", "email", "people", "message", "consent"];

#[island]
pub fn SignupBox(props: SignupProps) -> impl IntoView {
    let SignupProps {
        event_id,
        waitlist,
        form,
        problems,
        error,
        sent,
    } = props;
    // One message per field (empty: nothing to say); plain String signals keep the WASM small.
    let messages = Messages(FIELDS.map(|field| {
        RwSignal::new(
            problems
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
                .unwrap_or_default(),
        )
    }));
    let general = RwSignal::new(error.unwrap_or_default());
    let sending = RwSignal::new(false);
    // The answer, shown in place of the form once sent.
    let done = RwSignal::new(sent);
    // Set once the island runs (tests wait for it before typing).
    let interactive = RwSignal::new(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    // What this tab had typed (reload, lost connection) comes back with a note, unless the
    // server is showing a refused form with the person's values already.
    let draft_key = StoredValue::new(super::drafts::signup_key(event_id));
    let restored = RwSignal::new(false);
    let from_server = form != SignupForm::default();
    Effect::new(move |_| {
        if !from_server {
            if let Some(draft) = super::drafts::load::<SignupForm>(&draft_key.get_value()) {
                restored.set(fill_form(event_id, &draft));
            }
        }
        interactive.set(true);
    });
    let keep_draft = move |_| {
        if let Some(typed) = form_ref.get_untracked().and_then(|form| read_form(&form)) {
            super::drafts::keep(&draft_key.get_value(), &typed);
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        // The fields are plain inputs: their values are read from the form itself.
        let Some(typed) = form_ref.get_untracked().and_then(|form| read_form(&form)) else {
            return;
        };
        general.set(String::new());
        let problems: Vec<_> = signup_problems(&typed)
            .into_iter()
            .map(|(field, problem)| (field, problem.to_string()))
            .collect();
        if messages.show(&problems) {
            request_animation_frame(move || messages.focus_first(event_id));
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = sign_up(
                event_id,
                typed.name,
                typed.email,
                typed.people,
                typed.message,
                Some("on".to_owned()),
                None,
            )
            .await;
            match result {
                Ok(()) => {
                    super::drafts::forget(&draft_key.get_value());
                    restored.set(false);
                    done.set(true);
                }
                Err(AppError::Invalid { field, message }) if FIELDS.contains(&field.as_str()) => {
                    let field = FIELDS
                        .iter()
                        .find(|f| **f == field)
                        .copied()
                        .unwrap_or("name");
                    messages.show(&[(field, message)]);
                    request_animation_frame(move || messages.focus_first(event_id));
                }
                Err(other) => general.set(other.to_string()),
            }
            sending.set(false);
        });
    };

    let button_label = if waitlist {
        "M'inscrire sur la liste d'attente"
    } else {
        "Je m'inscris"
    };
    let people = if form.people.is_empty() {
        "1".to_owned()
    } else {
        form.people
    };
    let id = move |field: &str| format!("insc-{event_id}-{field}");
    view! {
        <div class="signup" id=format!("inscription-{event_id}")>
            // `novalidate`: the messages come from our rules, in French, next to each
            // field — from the island, or from the server without JavaScript.
            <form
                class="signup-form"
                method="post"
                action=SignUp::url()
                novalidate
                hidden=move || done.get()
                node_ref=form_ref
                data-interactive=move || interactive.get().then_some("true")
                on:submit=submit
                on:input=keep_draft
                on:change=keep_draft
            >
                <h4>{if waitlist { "S'inscrire sur la liste d'attente" } else { "S'inscrire" }}</h4>
                <p class="draft-note" role="status" hidden=move || !restored.get()>
                    {super::drafts::RESTORED_NOTE}
                </p>
                <p class="form-error" role="alert">{move || general.get()}</p>
                <input type="hidden" name="event_id" value=event_id />
                {line_field(event_id, 0, "Votre nom", "text", "name", None, form.name.clone(), messages)}
                {line_field(event_id, 1, "Votre adresse e-mail", "email", "email", Some("Pour recevoir la confirmation et pouvoir annuler."), form.email.clone(), messages)}
                {line_field(event_id, 2, "Nombre de personnes, vous compris", "number", "off", None, people, messages)}
                <div class="field">
                    <label for=id("message")>"Un mot pour les organisateurs (facultatif)"</label>
                    <textarea id=id("message") name="message" rows="3" aria-describedby=id("message-error")
                        inner_html=crate::model::escape_html(&form.message)></textarea>
                    <p class="field-error" id=id("message-error")>{move || messages.0[3].get()}</p>
                </div>
                <div class="field field-check">
                    <input
                        id=id("consent")
                        name="consent"
                        type="checkbox"
                        value="on"
                        checked=form.consent
                        aria-invalid=move || messages.invalid(4)
                        aria-describedby=format!("{} {}", id("consent-notice"), id("consent-error"))
                    />
                    <label for=id("consent")>
                        "J'accepte que les organisateurs utilisent mon nom et mon adresse e-mail pour cet événement."
                    </label>
                    <p class="field-hint" id=id("consent-notice")>
                        "Seuls les référents de l'action les voient. Ils servent à vous écrire au sujet de cet événement, rien d'autre, et sont effacés quelques mois après l'événement."
                    </p>
                    <p class="field-error" id=id("consent-error")>{move || messages.0[4].get()}</p>
                </div>
                <div class="hp" aria-hidden="true">
                    <label for=id("website")>"Site web (laissez ce champ vide)"</label>
                    <input id=id("website") name="website" type="text" tabindex="-1" autocomplete="off" />
                </div>
                <button type="submit" disabled=move || sending.get()>
                    {move || if sending.get() { "Envoi…" } else { button_label }}
                </button>
            </form>
            <div class="signup-done" role="status" hidden=move || !done.get()>
                <p class="signup-done-title"><strong>{crate::texts::SIGNUP_SENT}</strong></p>
                <p>{crate::texts::SIGNUP_SENT_MAIL}</p>
            </div>
        </div>
    }
}

/// The message next to each field of [`FIELDS`], in that order.
#[derive(Clone, Copy)]
struct Messages([RwSignal<String>; 5]);

impl Messages {
    /// Shows these problems (and clears the others); true if there is any.
    fn show(&self, problems: &[(&'static str, String)]) -> bool {
        for (index, field) in FIELDS.iter().enumerate() {
            let message = problems
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
                .unwrap_or_default();
            self.0[index].set(message);
        }
        !problems.is_empty()
    }

    fn invalid(&self, index: usize) -> Option<&'static str> {
        self.0[index].with(|m| !m.is_empty()).then_some("true")
    }

    fn focus_first(&self, event_id: i64) {
        let first = (0..FIELDS.len()).find(|i| self.0[*i].with_untracked(|m| !m.is_empty()));
        if let Some(element) = first
            .and_then(|i| document().get_element_by_id(&format!("insc-{event_id}-{}", FIELDS[i])))
        {
            use wasm_bindgen::JsCast;
            let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}

/// One labelled one-line field (the `index`th of [`FIELDS`]) with its hint and message.
#[allow(clippy::too_many_arguments)]
fn line_field(
    event_id: i64,
    index: usize,
    label: &'static str,
    input_type: &'static str,
    autocomplete: &'static str,
    hint: Option<&'static str>,
    value: String,
    messages: Messages,
) -> impl IntoView {
    let field = FIELDS[index];
    let id = format!("insc-{event_id}-{field}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let number = input_type == "number";
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <input
                id=id
                name=field
                type=input_type
                autocomplete=autocomplete
                inputmode=number.then_some("numeric")
                min=number.then_some("1")
                max=number.then(|| MAX_PEOPLE.to_string())
                maxlength=(!number).then_some("200")
                value=value
                aria-invalid=move || messages.invalid(index)
                aria-describedby=described_by
            />
            <p class="field-error" id=error_id>{move || messages.0[index].get()}</p>
        </div>
    }
}

/// Puts a kept draft back into the form's fields; true if there was anything to put back.
fn fill_form(event_id: i64, draft: &SignupForm) -> bool {
    use wasm_bindgen::JsCast;
    let element = |field: &str| document().get_element_by_id(&format!("insc-{event_id}-{field}"));
    let mut filled = false;
    for (field, value) in [
        ("name", &draft.name),
        ("email", &draft.email),
        ("people", &draft.people),
    ] {
        if let Some(input) =
            element(field).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            if !value.is_empty() && (field != "people" || value != "1") {
                input.set_value(value);
                filled = true;
            }
        }
    }
    if let Some(area) =
        element("message").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        if !draft.message.is_empty() {
            area.set_value(&draft.message);
            filled = true;
        }
    }
    if let Some(consent) =
        element("consent").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        consent.set_checked(draft.consent);
    }
    filled
}

/// The typed values, read from the form's fields.
fn read_form(form: &web_sys::HtmlFormElement) -> Option<SignupForm> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let text = |name: &str| data.get(name).as_string().unwrap_or_default();
    Some(SignupForm {
        name: text("name"),
        email: text("email"),
        people: text("people"),
        message: text("message"),
        consent: data.has("consent"),
    })
}
