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

fn photo_message(code: &str) -> String {
    match code {
        "photo-format" => "Ce fichier n'est pas une photo acceptée. Formats acceptés : JPEG (.jpg, .jpeg), PNG (.png) et WebP (.webp).".to_owned(),
        "photo-nom" => "Le contenu d'un fichier ne correspond pas à son nom. Formats acceptés : JPEG (.jpg, .jpeg), PNG (.png) et WebP (.webp) — renommez-le ou exportez-le à nouveau.".to_owned(),
        "photo-lourde" => "Une photo est trop lourde. Réduisez-la puis réessayez.".to_owned(),
        "photo-pixels" => "Une image est trop grande (en pixels). Réduisez-la puis réessayez.".to_owned(),
        "photo-abimee" => "Une image est abîmée ou incomplète et ne peut pas être lue.".to_owned(),
        "photo-vide" => "Le fichier envoyé est vide.".to_owned(),
        "photo-manquante" => "Choisissez au moins une photo (JPEG, PNG ou WebP).".to_owned(),
        "photo-nombre" => "Envoyez au plus 4 photos à la fois.".to_owned(),
        "photo-envoi" => "L'envoi est incomplet ou mal formé. Réessayez ; si cela se reproduit, envoyez les photos une par une.".to_owned(),
        other => crate::error::describe_error(other, None, None),
    }
}

#[component]
pub fn PhotoManager(action_id: i64, slug: String, images: Vec<GalleryImage>) -> impl IntoView {
    let query = use_query_map();
    let (error, done) = query.with_untracked(|q| {
        let here = q.get("zone").as_deref() == Some("photos");
        (
            q.get("erreur").filter(|_| here).map(|code| {
                if code == "invalide" {
                    crate::routes::error_from_query(q).unwrap_or_default()
                } else {
                    photo_message(&code)
                }
            }),
            here.then(|| {
                q.get("ajout")
                    .map(|n| format!("{n} photo(s) ajoutée(s)."))
                    .or_else(|| match q.get("fait").as_deref() {
                        Some("texte") => Some("Texte de la photo enregistré.".to_owned()),
                        Some("couverture") => Some("Photo de couverture choisie.".to_owned()),
                        Some("suppression") => Some("Photo supprimée.".to_owned()),
                        _ => None,
                    })
            })
            .flatten(),
        )
    });
    let upload_url = format!("/actions/{slug}/photos");
    let count = images.len();
    view! {
        <section class="sheet-section photo-manager" id="photos" aria-labelledby="photos-titre">
            <h2 id="photos-titre">"Gérer les photos"</h2>
            {done.map(|message| view! { <p class="notice success" role="status">{message}</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <PhotoUploader upload_url />
            <ol class="photo-list">
                {images.into_iter().enumerate().map(|(index, image)| {
                    let id = image.id;
                    let hidden = {
                        let slug = slug.clone();
                        move || view! {
                            <input type="hidden" name="action_id" value=action_id />
                            <input type="hidden" name="slug" value=slug.clone() />
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
                                    {(!image.is_cover).then(|| view! {
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

/// One file being sent by the island.
#[derive(Clone, Debug, PartialEq)]
struct Sending {
    name: String,
    percent: u32,
    outcome: Option<Result<(), String>>,
}

/// The upload form. Without JavaScript it posts the chosen files in one multipart request;
/// the island sends them one by one with a progress bar each, then reloads the sheet.
#[island]
pub fn PhotoUploader(upload_url: String) -> impl IntoView {
    let files = RwSignal::new(Vec::<Sending>::new());
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let url = upload_url.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = form_ref.get() else { return };
        send_all(form, url.clone(), files);
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
            <ul class="upload-progress" aria-live="polite">
                {move || files.get().into_iter().map(|file| {
                    let state = match &file.outcome {
                        None => format!("{} %", file.percent),
                        Some(Ok(())) => "envoyée".to_owned(),
                        Some(Err(message)) => message.clone(),
                    };
                    let failed = matches!(file.outcome, Some(Err(_)));
                    view! {
                        <li class:upload-failed=failed>
                            <span class="upload-name">{file.name.clone()}</span>
                            <progress max="100" value=file.percent aria-label=format!("Envoi de {}", file.name)></progress>
                            <span>{state}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </form>
    }
}

/// Sends every chosen file in its own request, one after the other, updating `files`.
#[allow(unused_variables)]
fn send_all(form: web_sys::HtmlFormElement, url: String, files: RwSignal<Vec<Sending>>) {
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
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if chosen.is_empty() {
            let _ = form.report_validity();
            return;
        }
        files.set(
            chosen
                .iter()
                .map(|f| Sending {
                    name: f.name(),
                    percent: 0,
                    outcome: None,
                })
                .collect(),
        );
        leptos::task::spawn_local(async move {
            let mut all_ok = true;
            for (index, file) in chosen.into_iter().enumerate() {
                let result =
                    upload_one(&url, &file, &alt.value(), &caption.value(), index, files).await;
                all_ok &= result.is_ok();
                files.update(|list| {
                    if let Some(entry) = list.get_mut(index) {
                        entry.percent = if result.is_ok() { 100 } else { entry.percent };
                        entry.outcome = Some(result);
                    }
                });
            }
            if all_ok {
                let _ = window().location().reload();
            }
        });
    }
}

#[cfg(feature = "hydrate")]
async fn upload_one(
    url: &str,
    file: &web_sys::File,
    alt: &str,
    caption: &str,
    index: usize,
    files: RwSignal<Vec<Sending>>,
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
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                let percent = ((ev.loaded() / ev.total()) * 100.0).round() as u32;
                files.update(|list| {
                    if let Some(entry) = list.get_mut(index) {
                        entry.percent = percent.min(99);
                    }
                });
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let (sender, receiver) = futures::channel::oneshot::channel::<()>();
    let sender = std::cell::RefCell::new(Some(sender));
    let on_end = Closure::<dyn FnMut()>::new(move || {
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(());
        }
    });
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&data))
        .map_err(|_| failure())?;
    let _ = receiver.await;
    drop(on_progress);
    drop(on_end);
    match xhr.status() {
        Ok(200) => Ok(()),
        Ok(0) | Err(_) => Err(failure()),
        Ok(_) => {
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_else(failure);
            Err(message)
        }
    }
}
