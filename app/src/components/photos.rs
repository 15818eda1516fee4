//! The référents' photo tools on the sheet: an upload form (an island adds a progress bar
//! per file; without JavaScript it is a plain multipart form), and for each photo its alt
//! text and caption, order (buttons), cover choice and deletion — plain forms that work
//! without JavaScript.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::api::{DeletePhoto, DescribePhoto, MovePhoto, SetCoverPhoto};
use crate::model::GalleryImage;

/// What makes a good alt text, shown next to the field.
pub const ALT_HINT: &str = "Décrivez ce que montre la photo pour les personnes qui ne la voient pas, en une phrase : qui, quoi, où (par exemple « Des habitants dressent une longue table dans la rue »). Sans ce texte, la photo n'est pas montrée aux visiteurs.";

#[component]
pub fn PhotoManager(action_id: i64, slug: String, images: Vec<GalleryImage>) -> impl IntoView {
    let query = use_query_map();
    let error = crate::components::returned_form_prefixed("photo").map(|back| back.message());
    let done = query.with_untracked(|q| {
        (q.get("zone").as_deref() == Some("photos"))
            .then(|| q.get("ajout").map(|n| format!("{n} photo(s) ajoutée(s).")))
            .flatten()
            .or_else(|| match q.get("fait").as_deref() {
                Some("texte") => Some("Texte de la photo enregistré.".to_owned()),
                Some("couverture") => Some("Photo de couverture choisie.".to_owned()),
                Some("suppression") => Some("Photo supprimée.".to_owned()),
                _ => None,
            })
    });
    let upload_url = format!("/actions/{slug}/photos");
    let count = images.len();
    view! {
        <section class="sheet-section photo-manager" id="photos" aria-labelledby="photos-titre">
            <h2 id="photos-titre">"Gérer les photos"</h2>
            {done.map(|message| view! { <p class="notice success" role="status">{message}</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <PhotoUploader upload_url action_id />
            <p class="field-hint">"Pour changer l'ordre : glissez-déposez les photos, ou utilisez les boutons Avancer et Reculer."</p>
            <ol class="photo-list">
                {images.into_iter().enumerate().map(|(index, image)| {
                    let id = image.id;
                    let hidden = {
                        move || view! {
                            <input type="hidden" name="action_id" value=action_id />
                            <input type="hidden" name="photo_id" value=id />
                        }
                    };
                    let label = if image.alt.is_empty() { format!("photo {}", index + 1) } else { image.alt.clone() };
                    view! {
                        <li class="photo-item" id=format!("photo-{id}")>
                            <img src=image.thumb_url.clone() width=image.thumb_width height=image.thumb_height alt=image.alt.clone() loading="lazy" />
                            <div class="photo-tools">
                                {if image.alt.is_empty() {
                                    view! { <p class="photo-state hidden-photo">"Pas encore visible : ajoutez un texte alternatif."</p> }.into_any()
                                } else {
                                    view! { <p class="photo-state">"Visible par les visiteurs."</p> }.into_any()
                                }}
                                {image.is_cover.then(|| view! { <p class="cover-badge">"Photo de couverture"</p> })}
                                {image.update_id.is_some().then(|| view! { <p class="field-hint">"Photo d'une nouvelle (« Où en est-on ? »), pas de la galerie."</p> })}
                                <form class="stacked-form" method="post" action=DescribePhoto::url()>
                                    {hidden()}
                                    <label for=format!("alt-{id}")>"Texte alternatif"</label>
                                    <p class="field-hint">{ALT_HINT}</p>
                                    <input id=format!("alt-{id}") name="alt_text" type="text" maxlength="300" value=image.alt.clone() />
                                    <label for=format!("legende-{id}")>"Légende (facultative)"</label>
                                    <input id=format!("legende-{id}") name="caption" type="text" maxlength="300" value=image.caption.clone() />
                                    <button type="submit">"Enregistrer"<span class="visually-hidden">{format!(" le texte de « {label} »")}</span></button>
                                </form>
                                <div class="section-tools">
                                    {(index > 0).then(|| view! {
                                        <form method="post" action=MovePhoto::url()>
                                            {hidden()}
                                            <input type="hidden" name="direction" value="up" />
                                            <button type="submit">"Avancer"<span class="visually-hidden">{format!(" « {label} »")}</span></button>
                                        </form>
                                    })}
                                    {(index + 1 < count).then(|| view! {
                                        <form method="post" action=MovePhoto::url()>
                                            {hidden()}
                                            <input type="hidden" name="direction" value="down" />
                                            <button type="submit">"Reculer"<span class="visually-hidden">{format!(" « {label} »")}</span></button>
                                        </form>
                                    })}
                                    {(!image.is_cover && image.update_id.is_none()).then(|| view! {
                                        <form method="post" action=SetCoverPhoto::url()>
                                            {hidden()}
                                            <button type="submit">"Choisir comme couverture"<span class="visually-hidden">{format!(" « {label} »")}</span></button>
                                        </form>
                                    })}
                                </div>
                                <details class="danger-zone">
                                    <summary>"Supprimer"<span class="visually-hidden">{format!(" « {label} »")}</span></summary>
                                    <form method="post" action=DeletePhoto::url()>
                                        {hidden()}
                                        <p>"La photo et toutes ses tailles seront supprimées définitivement."</p>
                                        <button type="submit" class="danger">"Confirmer la suppression de la photo"</button>
                                    </form>
                                </details>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The upload form, and drag and drop in the photo list. Without JavaScript the form posts
/// the chosen files in one multipart request and the list is ordered with its buttons. The
/// island sends the files one by one with a progress bar each (rows are added to the page
/// directly: less code to ship than a reactive list), then reloads the sheet; and it makes
/// the list's photos draggable, saving the new order when one is dropped.
#[island]
pub fn PhotoUploader(upload_url: String, action_id: i64) -> impl IntoView {
    let interactive = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        interactive.set(true);
        enable_drag_and_drop(action_id, status);
    });
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let list_ref = NodeRef::<leptos::html::Ul>::new();
    let url = upload_url.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let (Some(form), Some(list)) = (form_ref.get(), list_ref.get()) {
            send_all(form, list, url.clone());
        }
    };
    view! {
        <form
            class="stacked-form photo-upload"
            method="post"
            enctype="multipart/form-data"
            action=upload_url
            node_ref=form_ref
            data-interactive=move || interactive.get().then_some("true")
            on:submit=submit
        >
            <h3>"Ajouter des photos"</h3>
            <label for="photo-fichiers">"Photos (JPEG, PNG ou WebP ; 4 au plus par envoi)"</label>
            <input id="photo-fichiers" name="photo" type="file" multiple accept="image/jpeg,image/png,image/webp" required />
            <label for="photo-alt">"Texte alternatif"</label>
            <p class="field-hint" id="photo-alt-aide">{ALT_HINT}</p>
            <input id="photo-alt" name="alt_text" type="text" maxlength="300" aria-describedby="photo-alt-aide" />
            <label for="photo-legende">"Légende (facultative)"</label>
            <input id="photo-legende" name="caption" type="text" maxlength="300" />
            <button type="submit">"Envoyer"</button>
            <ul class="upload-progress" aria-live="polite" node_ref=list_ref></ul>
            <p class="drag-status" role="status">{move || status.get()}</p>
        </form>
    }
}

/// Sends every chosen file in its own request, one after the other, with a progress row
/// each in `list`; reloads the page when all went through.
#[allow(unused_variables)]
fn send_all(form: web_sys::HtmlFormElement, list: web_sys::HtmlUListElement, url: String) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let field = |id: &str| {
            document()
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        };
        let (Some(input), Some(alt), Some(caption)) = (
            field("photo-fichiers"),
            field("photo-alt"),
            field("photo-legende"),
        ) else {
            return;
        };
        let Some(chosen) = input.files() else { return };
        let chosen: Vec<web_sys::File> =
            (0..chosen.length()).filter_map(|i| chosen.get(i)).collect();
        if chosen.is_empty() {
            let _ = form.report_validity();
            return;
        }
        list.set_inner_html("");
        let rows: Vec<_> = chosen
            .iter()
            .filter_map(|file| progress_row(&list, &file.name()))
            .collect();
        leptos::task::spawn_local(async move {
            let mut all_ok = true;
            for (file, (bar, state)) in chosen.iter().zip(rows) {
                let result = upload_one(&url, file, &alt.value(), &caption.value(), &bar).await;
                match &result {
                    Ok(()) => {
                        let _ = bar.set_attribute("value", "100");
                        state.set_text_content(Some("envoyée"));
                    }
                    Err(message) => {
                        state.set_text_content(Some(message));
                        let _ = state.set_attribute("class", "upload-error");
                    }
                }
                all_ok &= result.is_ok();
            }
            if all_ok {
                let _ = window().location().reload();
            }
        });
    }
}

/// Adds `<li>name <progress> state</li>` to the list; returns the bar and the state.
#[cfg(feature = "hydrate")]
fn progress_row(
    list: &web_sys::HtmlUListElement,
    name: &str,
) -> Option<(web_sys::Element, web_sys::Element)> {
    let document = document();
    let row = document.create_element("li").ok()?;
    let label = document.create_element("span").ok()?;
    label.set_class_name("upload-name");
    label.set_text_content(Some(name));
    let bar = document.create_element("progress").ok()?;
    bar.set_attribute("max", "100").ok()?;
    bar.set_attribute("value", "0").ok()?;
    bar.set_attribute("aria-label", &format!("Envoi de {name}"))
        .ok()?;
    let state = document.create_element("span").ok()?;
    state.set_text_content(Some("0 %"));
    row.append_child(&label).ok()?;
    row.append_child(&bar).ok()?;
    row.append_child(&state).ok()?;
    list.append_child(&row).ok()?;
    Some((bar, state))
}

#[cfg(feature = "hydrate")]
async fn upload_one(
    url: &str,
    file: &web_sys::File,
    alt: &str,
    caption: &str,
    bar: &web_sys::Element,
) -> Result<(), String> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let failure = || "échec de l'envoi : vérifiez la connexion puis réessayez".to_owned();
    let data = web_sys::FormData::new().map_err(|_| failure())?;
    data.append_with_blob_and_filename("photo", file, &file.name())
        .map_err(|_| failure())?;
    data.append_with_str("alt_text", alt)
        .map_err(|_| failure())?;
    data.append_with_str("caption", caption)
        .map_err(|_| failure())?;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| failure())?;
    xhr.open("POST", url).map_err(|_| failure())?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(|_| failure())?;
    let progress_bar = bar.clone();
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                let percent = ((ev.loaded() / ev.total()) * 99.0) as u32;
                let _ = progress_bar.set_attribute("value", &percent.to_string());
                if let Some(state) = progress_bar.next_element_sibling() {
                    state.set_text_content(Some(&format!("{percent} %")));
                }
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // Resolved by the browser when the request ends, however it ends.
    let ended = js_sys::Promise::new(&mut |resolve, _reject| {
        xhr.set_onloadend(Some(&resolve));
    });
    xhr.send_with_opt_form_data(Some(&data))
        .map_err(|_| failure())?;
    let _ = wasm_bindgen_futures::JsFuture::from(ended).await;
    xhr.set_onloadend(None);
    drop(on_progress);
    match xhr.status() {
        Ok(200) => Ok(()),
        Ok(0) | Err(_) => Err(failure()),
        Ok(_) => {
            #[derive(serde::Deserialize)]
            struct Refusal {
                message: String,
            }
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            let message = serde_json::from_str::<Refusal>(&text)
                .map(|refusal| refusal.message)
                .unwrap_or_else(|_| failure());
            Err(message)
        }
    }
}

/// Makes the photos of `#photos .photo-list` draggable: dropping one moves it there and
/// saves the new order (`reorder_photos`); `status` says whether it was saved.
#[allow(unused_variables)]
fn enable_drag_and_drop(action_id: i64, status: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_events::{EventListener, EventListenerOptions};
        use std::cell::RefCell;
        use std::rc::Rc;
        use wasm_bindgen::JsCast;

        let Some(list) = document()
            .query_selector("#photos .photo-list")
            .ok()
            .flatten()
        else {
            return;
        };
        let items = list.children();
        for index in 0..items.length() {
            if let Some(item) = items.item(index) {
                let _ = item.set_attribute("draggable", "true");
            }
        }
        let dragged: Rc<RefCell<Option<web_sys::Element>>> = Rc::default();
        let item_of = |ev: &web_sys::DragEvent| {
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest(".photo-item").ok().flatten())
        };
        let drag_event = |ev: &web_sys::Event| ev.dyn_ref::<web_sys::DragEvent>().cloned();
        let held = dragged.clone();
        let on_start = EventListener::new(&list, "dragstart", move |ev| {
            let Some(ev) = drag_event(ev) else { return };
            if let Some(item) = item_of(&ev) {
                if let Some(data) = ev.data_transfer() {
                    data.set_effect_allowed("move");
                    let _ = data.set_data("text/plain", &item.id());
                }
                let _ = item.class_list().add_1("dragging");
                *held.borrow_mut() = Some(item);
            }
        });
        let held = dragged.clone();
        let list_for_over = list.clone();
        // Puts the dragged photo before or after the one under the pointer.
        let place =
            move |list: &web_sys::Element, moving: &web_sys::Element, ev: &web_sys::DragEvent| {
                let Some(target) = item_of(ev) else { return };
                if target.is_same_node(Some(moving.as_ref())) {
                    return;
                }
                let rect = target.get_bounding_client_rect();
                let after = f64::from(ev.client_y()) > rect.top() + rect.height() / 2.0;
                let reference = if after {
                    target.next_element_sibling()
                } else {
                    Some(target)
                };
                let _ = list.insert_before(moving, reference.as_ref().map(|r| r.as_ref()));
            };
        // `dragover` must be able to cancel the event for the drop to be allowed.
        let passive = EventListenerOptions::enable_prevent_default();
        let on_over = EventListener::new_with_options(&list, "dragover", passive, move |ev| {
            let Some(ev) = drag_event(ev) else { return };
            let Some(moving) = held.borrow().clone() else {
                return;
            };
            ev.prevent_default();
            place(&list_for_over, &moving, &ev);
        });
        let held = dragged.clone();
        let list_for_drop = list.clone();
        let on_drop = EventListener::new_with_options(&list, "drop", passive, move |ev| {
            let Some(ev) = drag_event(ev) else { return };
            let Some(moving) = held.borrow_mut().take() else {
                return;
            };
            ev.prevent_default();
            place(&list_for_drop, &moving, &ev);
            let _ = moving.class_list().remove_1("dragging");
            let items = list_for_drop.children();
            let order: Vec<String> = (0..items.length())
                .filter_map(|i| items.item(i))
                .filter_map(|item| item.id().strip_prefix("photo-").map(str::to_owned))
                .collect();
            status.set("Enregistrement de l'ordre…".to_owned());
            leptos::task::spawn_local(async move {
                match crate::api::reorder_photos(action_id, order.join(",")).await {
                    Ok(()) => status
                        .set("Nouvel ordre enregistré : les visiteurs le voient déjà.".to_owned()),
                    Err(error) => status.set(error.to_string()),
                }
            });
        });
        let held = dragged;
        let on_end = EventListener::new(&list, "dragend", move |_| {
            if let Some(moving) = held.borrow_mut().take() {
                let _ = moving.class_list().remove_1("dragging");
            }
        });
        // The listeners live as long as the page.
        on_start.forget();
        on_over.forget();
        on_drop.forget();
        on_end.forget();
    }
}
