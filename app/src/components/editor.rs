//! Inline editing of one part of a sheet, on the sheet itself.
//!
//! Rendered only for a référent of the action (or an administrator); the server function
//! checks again. The same markup works without JavaScript: "Modifier" is a link to the
//! sheet's edit mode for this part, and the form is a real form posted to the server
//! function, which redirects back. With JavaScript the island edits in place: Save and
//! Cancel, Escape cancels, the new content appears without a reload with a short
//! confirmation, and a failed save keeps the text and says why. When someone else saved
//! the part meanwhile, the current text is shown next to the person's own.

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::{save_part, save_themes, SavePart, SaveThemes};
use crate::error::AppError;
use crate::model::{ActionStatus, InputKind, PartView, ThemeChoice};

/// Everything the editor needs; all of it is public content of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditorProps {
    pub action_id: i64,
    pub slug: String,
    pub label: String,
    pub kind: InputKind,
    pub formatted: bool,
    pub part: PartView,
    /// Start in edit mode (the edit-mode address of this part).
    pub editing: bool,
    /// What the person had typed before a failed save (edit mode without JavaScript).
    pub draft: Option<String>,
    /// Why that save failed.
    pub error: Option<String>,
    /// The stored text when the failure was a conflict.
    pub conflict: Option<String>,
    /// The list of themes to tick from (the themes part only).
    pub choices: Vec<ThemeChoice>,
}

/// What a tab keeps of an edit being typed: the text, and the saved version it started from.
#[derive(serde::Serialize, serde::Deserialize)]
struct PartDraft {
    text: String,
    previous: String,
}

#[island]
pub fn PartEditor(props: EditorProps) -> impl IntoView {
    let EditorProps {
        action_id,
        slug,
        label,
        kind,
        formatted,
        part,
        editing,
        draft,
        error,
        conflict,
        choices,
    } = props;
    let choices = StoredValue::new(choices);
    let code = part.code.clone();
    let anchor = format!("partie-{code}");
    let field_id = format!("champ-{code}");
    let edit_href = format!("/actions/{slug}?modifier={code}#{anchor}");
    let cancel_href = format!("/actions/{slug}#{anchor}");

    let link_label = format!(" : {label}");
    let editing = RwSignal::new(editing);
    let stored = RwSignal::new(part.value.clone());
    let html = RwSignal::new(part.html.clone());
    let text = RwSignal::new(draft.unwrap_or_else(|| part.value.clone()));
    let error = RwSignal::new(error);
    let conflict = RwSignal::new(conflict);
    let saving = RwSignal::new(false);
    let confirmation = RwSignal::new(String::new());
    let restored = RwSignal::new(false);
    let draft_key = StoredValue::new(super::drafts::part_key(action_id, &code));
    // A draft this tab kept (reload, lost connection) comes back, with a note, unless the
    // server is already showing a refused save. It keeps the version it was written
    // against, so saving it still goes through the version check.
    let server_draft = error.get_untracked().is_some();
    Effect::new(move |_| {
        if server_draft {
            return;
        }
        let key = draft_key.get_value();
        match super::drafts::load::<PartDraft>(&key) {
            Some(draft) if draft.text != draft.previous => {
                text.set(draft.text);
                stored.set(draft.previous);
                editing.set(true);
                restored.set(true);
            }
            Some(_) => super::drafts::forget(&key),
            None => {}
        }
    });
    let typed = move |value: String| {
        text.set(value.clone());
        let draft = PartDraft {
            text: value,
            previous: stored.get_untracked(),
        };
        super::drafts::keep(&draft_key.get_value(), &draft);
    };
    let field = NodeRef::<leptos::html::Textarea>::new();
    let line = NodeRef::<leptos::html::Input>::new();
    let choice = NodeRef::<leptos::html::Select>::new();

    let focus_field = move || {
        use wasm_bindgen::JsCast;
        let element: Option<web_sys::HtmlElement> = field
            .get()
            .map(|e| e.unchecked_into())
            .or_else(|| line.get().map(|e| e.unchecked_into()))
            .or_else(|| choice.get().map(|e| e.unchecked_into()));
        if let Some(element) = element {
            let _ = element.focus();
        }
    };
    let start = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        text.set(stored.get_untracked());
        error.set(None);
        conflict.set(None);
        confirmation.set(String::new());
        editing.set(true);
        request_animation_frame(focus_field);
    };
    let cancel = move || {
        editing.set(false);
        error.set(None);
        conflict.set(None);
        restored.set(false);
        super::drafts::forget(&draft_key.get_value());
    };
    let code_for_submit = code.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let code = code_for_submit.clone();
        let (value, previous) = (text.get_untracked(), stored.get_untracked());
        leptos::task::spawn_local(async move {
            let saved = if kind == InputKind::Themes {
                let slugs = choices.with_value(|choices| ticked_slugs(choices, &value));
                save_themes(action_id, previous, slugs).await
            } else {
                save_part(action_id, code, value, previous).await
            };
            match saved {
                Ok(saved) => {
                    super::drafts::forget(&draft_key.get_value());
                    restored.set(false);
                    stored.set(saved.value);
                    html.set(saved.html);
                    error.set(None);
                    conflict.set(None);
                    editing.set(false);
                    confirmation.set("Modification enregistrée.".to_owned());
                }
                Err(AppError::Conflict { current }) => {
                    error.set(Some(
                        AppError::Conflict {
                            current: current.clone(),
                        }
                        .to_string(),
                    ));
                    // Saving again now replaces the current text knowingly.
                    stored.set(current.clone());
                    conflict.set(Some(current));
                }
                Err(other) => error.set(Some(other.to_string())),
            }
            saving.set(false);
        });
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };

    let error_id = format!("erreur-{code}");
    let field_id_for_input = field_id.clone();
    let error_id_for_input = error_id.clone();
    let label_for_input = label.clone();
    let make_input = move || {
        let field_id = field_id_for_input.clone();
        let error_id = error_id_for_input.clone();
        match kind {
            InputKind::Text => view! {
                <textarea
                    id=field_id
                    name="value"
                    rows="8"
                    node_ref=field
                    aria-describedby=error_id
                    prop:value=move || text.get()
                    on:input=move |ev| typed(event_target_value(&ev))
                    inner_html=crate::model::escape_html(&text.get_untracked())
                ></textarea>
            }
            .into_any(),
            InputKind::Themes => view! {
                <fieldset class="theme-picker" aria-describedby=error_id>
                    <legend>{label_for_input.clone()}</legend>
                    {choices
                        .get_value()
                        .into_iter()
                        .map(|choice| {
                            let name = StoredValue::new(choice.name.clone());
                            let ticked = move || name.with_value(|name| is_ticked(&text.get(), name));
                            view! {
                                <label class="theme-choice">
                                    <input
                                        type="checkbox"
                                        name="themes[]"
                                        value=choice.slug
                                        checked=ticked()
                                        prop:checked=ticked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            typed(name.with_value(|name| toggle(&text.get_untracked(), name, on)));
                                        }
                                    />
                                    " "{choice.name}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            }
            .into_any(),
            InputKind::Status => view! {
                <select
                    id=field_id
                    name="value"
                    node_ref=choice
                    on:change=move |ev| typed(event_target_value(&ev))
                >
                    {ActionStatus::ALL
                        .into_iter()
                        .map(|status| {
                            view! {
                                <option value=status.code() selected=move || text.get() == status.code()>
                                    {status.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any(),
            other => {
                let (input_type, extra) = match other {
                    InputKind::Date => ("date", None),
                    InputKind::Percent => ("number", Some(("0", "100"))),
                    _ => ("text", None),
                };
                view! {
                    <input
                        id=field_id
                        name="value"
                        type=input_type
                        min=extra.map(|e| e.0)
                        max=extra.map(|e| e.1)
                        node_ref=line
                        aria-describedby=error_id
                        prop:value=move || text.get()
                        value=text.get_untracked()
                        on:input=move |ev| typed(event_target_value(&ev))
                    />
                }
                .into_any()
            }
        }
    };
    let hint = formatted.then_some(
        "Mise en forme simple : une ligne vide entre deux paragraphes, **gras**, *italique*, « - » en début de ligne pour une liste, [texte du lien](https://…).",
    );

    view! {
        <div class="editable" id=anchor.clone()>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <div class="part-display" inner_html=move || html.get()></div>
                        <p class="edit-bar">
                            <a class="edit-link" href=edit_href.clone() on:click=start>
                                "Modifier"
                                <span class="visually-hidden">{link_label.clone()}</span>
                            </a>
                            <span class="confirmation" role="status">{move || confirmation.get()}</span>
                        </p>
                    }
                }
            >
                <form
                    class="edit-form"
                    method="post"
                    action=if kind == InputKind::Themes { SaveThemes::url() } else { SavePart::url() }
                    on:submit=submit.clone()
                    on:keydown=on_keydown
                >
                    <input type="hidden" name="action_id" value=action_id />
                    <input type="hidden" name="part" value=code.clone() />
                    <input type="hidden" name="previous" prop:value=move || stored.get() value=stored.get_untracked() />
                    <p class="draft-note" role="status" hidden=move || !restored.get()>
                        {super::drafts::RESTORED_NOTE}
                    </p>
                    {(kind != InputKind::Themes).then(|| view! { <label for=field_id.clone()>{label.clone()}</label> })}
                    {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
                    {make_input()}
                    <p class="form-error" id=error_id.clone() role="alert">
                        {move || error.get()}
                    </p>
                    {move || {
                        conflict
                            .get()
                            .map(|current| {
                                view! {
                                    <div class="conflict">
                                        <p><strong>"Version enregistrée actuellement :"</strong></p>
                                        <pre class="conflict-current">{current}</pre>
                                    </div>
                                }
                            })
                    }}
                    <p class="edit-actions">
                        <button type="submit" disabled=move || saving.get()>
                            {move || if saving.get() { "Enregistrement…" } else { "Enregistrer" }}
                        </button>
                        <a
                            class="cancel-link"
                            href=cancel_href.clone()
                            on:click=move |ev| {
                                ev.prevent_default();
                                cancel();
                            }
                        >
                            "Annuler"
                        </a>
                    </p>
                </form>
            </Show>
        </div>
    }
}

/// Whether a theme is among the names of a themes part ("A, B").
fn is_ticked(value: &str, name: &str) -> bool {
    value.split(", ").any(|ticked| ticked == name)
}

/// The themes part with `name` ticked (added at the end) or not.
fn toggle(value: &str, name: &str, on: bool) -> String {
    let mut names: Vec<&str> = value
        .split(", ")
        .filter(|ticked| !ticked.is_empty() && *ticked != name)
        .collect();
    if on {
        names.push(name);
    }
    names.join(", ")
}

/// The slugs of the ticked themes, in the part's order.
fn ticked_slugs(choices: &[ThemeChoice], value: &str) -> Vec<String> {
    value
        .split(", ")
        .filter_map(|name| choices.iter().find(|choice| choice.name == name))
        .map(|choice| choice.slug.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticking_a_theme_adds_it_at_the_end_and_unticking_removes_it() {
        assert_eq!(toggle("", "Écologie", true), "Écologie");
        assert_eq!(
            toggle("Écologie", "Lien social", true),
            "Écologie, Lien social"
        );
        assert_eq!(
            toggle("Écologie, Lien social", "Écologie", false),
            "Lien social"
        );
        assert!(is_ticked("Écologie, Lien social", "Lien social"));
        assert!(!is_ticked("Écologie", "Éco"));
        let choices = [
            ThemeChoice {
                slug: "ecologie".into(),
                name: "Écologie".into(),
            },
            ThemeChoice {
                slug: "lien-social".into(),
                name: "Lien social".into(),
            },
        ];
        assert_eq!(
            ticked_slugs(&choices, "Lien social, Écologie"),
            ["lien-social", "ecologie"]
        );
    }
}
