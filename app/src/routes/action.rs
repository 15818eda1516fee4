//! The sheet page (`/actions/{slug}`), in the reference's order: title, testimony,
//! organisation, start date, référent, summary, question sections, gallery, "Participez".

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorMessage, NotFound};
use crate::api::{
    get_sheet, AddSection as AddSectionFn, DeleteUpdate, EditUpdate, MoveSection, PostUpdate,
    RemoveSection,
};
use crate::components::{
    returned_form, returned_form_prefixed, EditorProps, EventList, FeedLinks, FollowBoxView,
    Gallery, PartEditor, PhotoManager,
};
use crate::error::AppError;
use crate::model::{GalleryImage, PartView, ProgressUpdateView, SheetPage, SheetPart};
use crate::returned::ReturnedForm;

#[component]
pub fn ActionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // `?nouvelles=N`: the N-th page of news (older ones), 1 by default.
    let key = move || {
        let news = query
            .read()
            .get("nouvelles")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 1_000);
        (params.read().get("slug").unwrap_or_default(), news)
    };
    let sheet = Resource::new_blocking(key, |(slug, news)| get_sheet(slug, news));
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(page) => view! { <Sheet page /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// At most this many characters of the summary go into the meta description.
const DESCRIPTION_CHARS: usize = 200;

fn description_of(summary: &str) -> String {
    let flat = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= DESCRIPTION_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(DESCRIPTION_CHARS).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

/// Where the page is in editing: the part being edited (no-JavaScript edit mode, from the
/// address) and the save that came back refused, if any.
#[derive(Clone, Default)]
struct EditState {
    action_id: i64,
    slug: String,
    can_edit: bool,
    editing: Option<String>,
    refused: Option<ReturnedForm>,
    theme_choices: Vec<crate::model::ThemeChoice>,
}

/// A part as visitors see it, or with its inline editor for those who may edit it.
fn part_block(edit: &EditState, view: PartView) -> AnyView {
    let part = SheetPart::from_code(&view.code);
    let Some(part) = part.filter(|_| edit.can_edit) else {
        let anchor = format!("partie-{}", view.code);
        return view! { <div class="part-display" id=anchor inner_html=view.html></div> }
            .into_any();
    };
    let refused = edit
        .refused
        .as_ref()
        .filter(|back| back.form == format!("part:{}", view.code));
    let editing = edit.editing.as_deref() == Some(view.code.as_str()) || refused.is_some();
    let (draft, error, conflict) = match refused {
        Some(back) => (
            // Ticked themes do not come back: the editor shows the saved ones again.
            (part != SheetPart::Themes).then(|| back.value("value")),
            // Sent back to sign in first: the text is here again, nothing to reproach.
            (back.error != AppError::Unauthorized).then(|| back.message()),
            matches!(back.error, AppError::Conflict { .. }).then(|| view.value.clone()),
        ),
        None => (None, None, None),
    };
    let props = EditorProps {
        action_id: edit.action_id,
        slug: edit.slug.clone(),
        label: part.label().to_owned(),
        kind: part.input_kind(),
        formatted: part.is_formatted(),
        part: view,
        editing,
        draft,
        error,
        conflict,
        choices: if part == SheetPart::Themes {
            edit.theme_choices.clone()
        } else {
            Vec::new()
        },
    };
    view! { <PartEditor props /> }.into_any()
}

#[component]
fn Sheet(page: SheetPage) -> impl IntoView {
    let SheetPage {
        sheet,
        parts,
        can_edit,
        published,
        updates,
        news_page,
        older_news,
        events,
        canonical_url,
        image_base,
        theme_choices,
        follow,
        paper_visits,
        json_ld,
    } = page;
    let query = use_query_map();
    let edit = query.with_untracked(|q| EditState {
        action_id: sheet.id,
        slug: sheet.slug.clone(),
        can_edit,
        editing: q.get("modifier"),
        refused: returned_form_prefixed("part:"),
        theme_choices,
    });
    let sections_back = returned_form("sections");
    let sections_error = sections_back.as_ref().map(|back| back.message());
    let typed_question = sections_back
        .map(|back| back.value("question"))
        .unwrap_or_default();
    let description = description_of(&sheet.summary);
    // Visitors see photos that have an alt text; référents see all of them in their tools.
    let public_gallery: Vec<_> = sheet
        .gallery
        .iter()
        .filter(|image| !image.alt.is_empty() && image.update_id.is_none())
        .cloned()
        .collect();
    // Made by the server from the cover photo, with the title written on it.
    let og_image = published.then(|| format!("{image_base}/actions/{}/og.jpg", sheet.slug));
    let has_gallery = !public_gallery.is_empty();
    let show_quote = can_edit || !sheet.quote.is_empty();
    let sections = parts.sections.clone();
    let section_count = sections.len();
    // On a phone the sign-up is far below: the next event one can join is announced under
    // the title, linking to its form.
    let next_event = events
        .iter()
        .find(|event| !event.past && event.state.accepts_signups())
        .map(|event| {
            (
                format!("#evenement-{}", event.id),
                event.title.clone(),
                event.when.clone(),
            )
        });
    view! {
        <Title text=sheet.title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=canonical_url.clone() />
        <Meta property="og:type" content="article" />
        <Meta property="og:site_name" content=crate::texts::PLATFORM_NAME />
        <Meta property="og:locale" content="fr_FR" />
        <Meta property="og:title" content=sheet.title.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=canonical_url.clone() />
        {og_image.map(|url| view! {
            <Meta property="og:image" content=url />
            <Meta property="og:image:width" content="1200" />
            <Meta property="og:image:height" content="630" />
        })}
        {published.then(|| view! { <FeedLinks path=follow.path.clone() title=sheet.title.clone() /> })}
        {published.then(|| view! { <script type="application/ld+json" inner_html=json_ld.clone()></script> })}
        {can_edit.then(|| view! { <Meta name="robots" content="noindex" /> })}
        <article class="sheet">
            {(!published).then(|| view! {
                <p class="notice">"Cette fiche n'est pas publiée : seuls ses référents et les administrateurs la voient."</p>
            })}
            {can_edit.then(|| view! {
                <p class="notice editor-notice">
                    "Vous pouvez modifier cette fiche : utilisez les liens « Modifier » sous chaque partie. "
                    <a href=format!("/actions/{}/historique", sheet.slug)>"Historique des modifications"</a>
                </p>
                <p class="notice editor-notice paper-visits">
                    {if paper_visits.is_empty() {
                        "Aucune visite depuis la fiche imprimée, une affiche ou un flyer pour l'instant.".to_owned()
                    } else {
                        format!("{}.", paper_visits.join(", "))
                    }}
                </p>
            })}
            <header class="sheet-header">
                <p class="sheet-kicker">"Fiche action"</p>
                {part_block(&edit, parts.title.clone())}
                {next_event.map(|(href, title, when)| view! {
                    <p class="sheet-next-event">
                        <a href=href>"S'inscrire"</a>
                        " au prochain rendez-vous : "<strong>{title}</strong>", "{when}
                    </p>
                })}
                {show_quote.then(|| view! {
                    <figure class="testimony">
                        {part_block(&edit, parts.quote.clone())}
                        <figcaption>{part_block(&edit, parts.quote_author.clone())}</figcaption>
                    </figure>
                })}
            </header>
            <section class="sheet-facts" aria-label="En bref">
                <dl>
                    <div>
                        <dt>"Porteur de l'action"</dt>
                        <dd>
                            <a class="organisation-name" href=format!("/organisations/{}", sheet.organisation_slug)>
                                {sheet.organisation_name.clone()}
                            </a>
                            <span class="organisation-kind">{sheet.organisation_kind.label()}</span>
                            <span class="organisation-place">
                                {format!("{} {}", sheet.postal_code, sheet.city)}
                            </span>
                        </dd>
                    </div>
                    <div>
                        <dt>"Date de début"</dt>
                        <dd>{part_block(&edit, parts.start_date.clone())}</dd>
                    </div>
                    <div>
                        <dt>"Référent(e) de l'action"</dt>
                        <dd>{sheet.referent_name.clone()}</dd>
                    </div>
                    <div>
                        <dt>"Thèmes"</dt>
                        <dd>{part_block(&edit, parts.themes.clone())}</dd>
                    </div>
                    <div>
                        <dt>"Où en est l'action ?"</dt>
                        <dd>
                            {part_block(&edit, parts.status.clone())}
                            {part_block(&edit, parts.progress.clone())}
                        </dd>
                    </div>
                </dl>
            </section>
            <section class="sheet-section" aria-labelledby="resume">
                <h2 id="resume">"Résumé"</h2>
                {part_block(&edit, parts.summary.clone())}
            </section>
            <div id="sections">
                {sections_error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                {sections.into_iter().enumerate().map(|(index, section)| {
                    let heading_id = format!("section-{}", section.id);
                    view! {
                        <section class="sheet-section" aria-labelledby=heading_id>
                            {part_block(&edit, section.question)}
                            {part_block(&edit, section.answer)}
                            {can_edit.then(|| view! {
                                <SectionTools
                                    action_id=sheet.id
                                    section_id=section.id
                                    first=index == 0
                                    last=index + 1 == section_count
                                />
                            })}
                        </section>
                    }
                }).collect_view()}
            </div>
            {can_edit.then(|| view! { <AddSection action_id=sheet.id question=typed_question /> })}
            <ProgressTimeline action_id=sheet.id slug=sheet.slug.clone() can_edit updates news_page older_news />
            {has_gallery.then(|| view! {
                <section class="sheet-section" aria-labelledby="galerie">
                    <h2 id="galerie">"Galerie d'images"</h2>
                    <Gallery images=public_gallery.clone() />
                </section>
            })}
            {can_edit.then(|| view! { <PhotoManager action_id=sheet.id slug=sheet.slug.clone() images=sheet.gallery.clone() /> })}
            <EventList
                action_id=sheet.id
                slug=sheet.slug.clone()
                organisation=sheet.organisation_name.clone()
                canonical_url=canonical_url.clone()
                can_edit
                events
            />
            {published.then(|| view! { <FollowBoxView follow=follow.clone() /> })}
            {published.then(|| view! {
                <section class="share" aria-labelledby="partager-titre">
                    <h2 id="partager-titre">"Faire connaître cette action"</h2>
                    <ul class="share-links">
                        {crate::model::share_links(&canonical_url, &sheet.title).into_iter().map(|(label, href)| view! {
                            <li><a href=href rel="noopener">{format!("Partager par {label}")}</a></li>
                        }).collect_view()}
                        <li><a href=format!("/actions/{}/imprimer", sheet.slug)>"Imprimer la fiche (A4, avec un QR code vers cette page)"</a></li>
                    </ul>
                    <crate::components::ShareTools url=canonical_url.clone() />
                </section>
            })}
        </article>
    }
    .into_any()
}

/// Move up, move down and remove a section: plain forms (they work with and without
/// JavaScript; the page reloads).
#[component]
fn SectionTools(action_id: i64, section_id: i64, first: bool, last: bool) -> impl IntoView {
    let hidden = move || {
        view! {
            <input type="hidden" name="action_id" value=action_id />
            <input type="hidden" name="section_id" value=section_id />
        }
    };
    view! {
        <div class="section-tools">
            {(!first).then(|| view! {
                <form method="post" action=MoveSection::url()>
                    {hidden()}
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit">"Monter cette question"</button>
                </form>
            })}
            {(!last).then(|| view! {
                <form method="post" action=MoveSection::url()>
                    {hidden()}
                    <input type="hidden" name="direction" value="down" />
                    <button type="submit">"Descendre cette question"</button>
                </form>
            })}
            <form method="post" action=RemoveSection::url()>
                {hidden()}
                <button type="submit" class="danger">"Retirer cette question"</button>
            </form>
        </div>
    }
}

/// "Où en est-on ?": the progress updates, newest first; for référents, a form to post one
/// and, on their own updates, edit and delete (plain forms: they work without JavaScript).
#[component]
fn ProgressTimeline(
    action_id: i64,
    slug: String,
    can_edit: bool,
    updates: Vec<ProgressUpdateView>,
    news_page: u32,
    older_news: bool,
) -> impl IntoView {
    let query = use_query_map();
    let older_href = format!("/actions/{slug}?nouvelles={}#ou-en-est-on", news_page + 1);
    let newest_href = format!("/actions/{slug}#ou-en-est-on");
    let back = returned_form_prefixed("update:");
    let back_id = back
        .as_ref()
        .and_then(|back| back.form["update:".len()..].parse::<i64>().ok());
    let editing = query
        .with_untracked(|q| {
            q.get("modifier_nouvelle")
                .and_then(|id| id.parse::<i64>().ok())
        })
        .or(back_id);
    let error = back.as_ref().map(|back| back.message());
    // What was typed in a refused form: the new update's, or the one being edited.
    let typed = |id: Option<i64>| {
        back.as_ref()
            .filter(|_| back_id == id)
            .map(|back| (back.value("date"), back.value("title"), back.value("body")))
    };
    let typed_new = typed(None);
    if updates.is_empty() && !can_edit {
        return ().into_any();
    }
    let today = today_iso();
    let hidden = move || {
        view! {
            <input type="hidden" name="action_id" value=action_id />
        }
    };
    view! {
        <section class="sheet-section timeline" id="ou-en-est-on" aria-labelledby="ou-en-est-on-titre">
            <h2 id="ou-en-est-on-titre">"Où en est-on ?"</h2>
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {updates.is_empty().then(|| view! { <p class="empty-answer">"Aucune nouvelle pour le moment."</p> })}
            <ol class="updates">
                {updates.into_iter().map(|update| {
                    let anchor = format!("nouvelle-{}", update.id);
                    let editing_this = update.can_manage && editing == Some(update.id);
                    let edit_href = format!("/actions/{slug}?modifier_nouvelle={}#{anchor}", update.id);
                    view! {
                        <li class="update" id=anchor.clone()>
                            <article>
                                <h3>{update.title.clone()}</h3>
                                <p class="update-meta">
                                    <time datetime=update.date.clone()>{update.date_fr.clone()}</time>
                                    {update.author.clone().map(|author| format!(" · par {author}"))}
                                </p>
                                <div class="prose" inner_html=update.body_html.clone()></div>
                                <UpdatePhotos photos=update.photos.clone() can_manage=update.can_manage />
                                {update.can_manage.then(|| view! {
                                    <details class="update-photo-upload">
                                        <summary>"Ajouter des photos à cette nouvelle"</summary>
                                        <form class="stacked-form" method="post" enctype="multipart/form-data" action=format!("/actions/{slug}/photos")>
                                            <input type="hidden" name="update_id" value=update.id />
                                            <label for=format!("nouvelle-{}-photos", update.id)>"Photos (JPEG, PNG ou WebP ; 4 au plus)"</label>
                                            <input id=format!("nouvelle-{}-photos", update.id) name="photo" type="file" multiple accept="image/jpeg,image/png,image/webp" required />
                                            <label for=format!("nouvelle-{}-alt", update.id)>"Texte alternatif"</label>
                                            <p class="field-hint">{crate::components::ALT_HINT}</p>
                                            <input id=format!("nouvelle-{}-alt", update.id) name="alt_text" type="text" maxlength="300" />
                                            <button type="submit">"Envoyer les photos"</button>
                                        </form>
                                    </details>
                                })}
                                {(update.can_manage && !editing_this).then(|| view! {
                                    <div class="section-tools">
                                        <a href=edit_href.clone()>
                                            "Modifier"<span class="visually-hidden">{format!(" : nouvelle « {} »", update.title)}</span>
                                        </a>
                                        <form method="post" action=DeleteUpdate::url()>
                                            {hidden()}
                                            <input type="hidden" name="update_id" value=update.id />
                                            <button type="submit" class="danger">
                                                "Supprimer"<span class="visually-hidden">{format!(" la nouvelle « {} »", update.title)}</span>
                                            </button>
                                        </form>
                                    </div>
                                })}
                                {editing_this.then(|| view! {
                                    <form class="stacked-form" method="post" action=EditUpdate::url()>
                                        {hidden()}
                                        <input type="hidden" name="update_id" value=update.id />
                                        {
                                            let (date, title, body) = typed(Some(update.id))
                                                .unwrap_or_else(|| (update.date.clone(), update.title.clone(), update.body.clone()));
                                            view! { <UpdateFields prefix=format!("nouvelle-{}", update.id) date title body /> }
                                        }
                                        <p class="edit-actions">
                                            <button type="submit">"Enregistrer"</button>
                                            <a href=format!("/actions/{slug}#{anchor}")>"Annuler"</a>
                                        </p>
                                    </form>
                                })}
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(older_news || news_page > 1).then(|| view! {
                <nav class="news-pages" aria-label="Pages des nouvelles">
                    {older_news.then(|| view! { <a href=older_href.clone()>"Voir les nouvelles plus anciennes"</a> })}
                    {(news_page > 1).then(|| view! { <a href=newest_href.clone()>"Revenir aux nouvelles récentes"</a> })}
                </nav>
            })}
            {can_edit.then(|| view! {
                <form class="stacked-form new-update" method="post" action=PostUpdate::url()>
                    <h3>"Publier une nouvelle"</h3>
                    {hidden()}
                    {
                        let (date, title, body) = typed_new.clone().unwrap_or((today.clone(), String::new(), String::new()));
                        view! { <UpdateFields prefix="nouvelle".to_owned() date title body /> }
                    }
                    <button type="submit">"Publier"</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// How wide the photos of a news item are shown.
const UPDATE_PHOTO_SIZES: &str = "(min-width: 40rem) 12rem, 40vw";

/// The photos of a progress update: thumbnails linking to the full image, with captions.
#[component]
fn UpdatePhotos(photos: Vec<GalleryImage>, can_manage: bool) -> impl IntoView {
    let photos: Vec<_> = photos
        .into_iter()
        .filter(|photo| can_manage || !photo.alt.is_empty())
        .collect();
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="update-photos">
                {photos.into_iter().map(|photo| view! {
                    <li>
                        <a href=photo.url.clone()>
                            <picture>
                                {(!photo.webp_srcset.is_empty()).then(|| view! {
                                    <source type="image/webp" srcset=photo.webp_srcset.clone() sizes=UPDATE_PHOTO_SIZES />
                                })}
                                <img
                                    src=photo.thumb_url.clone()
                                    srcset=photo.srcset.clone()
                                    sizes=UPDATE_PHOTO_SIZES
                                    width=photo.thumb_width
                                    height=photo.thumb_height
                                    alt=photo.alt.clone()
                                    loading="lazy"
                                    decoding="async"
                                />
                            </picture>
                        </a>
                        {(!photo.caption.is_empty()).then(|| view! { <p class="gallery-caption">{photo.caption.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn UpdateFields(prefix: String, date: String, title: String, body: String) -> impl IntoView {
    view! {
        <label for=format!("{prefix}-date")>"Date"</label>
        <input id=format!("{prefix}-date") name="date" type="date" required value=date />
        <label for=format!("{prefix}-titre")>"Titre de la nouvelle"</label>
        <input id=format!("{prefix}-titre") name="title" type="text" required maxlength="200" value=title />
        <label for=format!("{prefix}-texte")>"Texte"</label>
        <textarea id=format!("{prefix}-texte") name="body" rows="5" inner_html=crate::model::escape_html(&body)></textarea>
    }
}

/// Today's date in France (`YYYY-MM-DD`) for the date field of a new update, whatever
/// the server's own time zone.
fn today_iso() -> String {
    crate::model::today_in_paris().to_string()
}

/// Adds a question section at the end of the sheet.
#[component]
fn AddSection(action_id: i64, question: String) -> impl IntoView {
    view! {
        <form class="add-section" method="post" action=AddSectionFn::url()>
            <input type="hidden" name="action_id" value=action_id />
            <label for="nouvelle-question">"Ajouter une question"</label>
            <input id="nouvelle-question" name="question" type="text" required maxlength="300" value=question />
            <button type="submit">"Ajouter"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::description_of;

    #[test]
    fn long_summaries_are_cut_on_a_word_for_the_meta_description() {
        let short = "Un banquet  citoyen\n\nouvert à tous.";
        assert_eq!(description_of(short), "Un banquet citoyen ouvert à tous.");
        let long = "mot ".repeat(100);
        let cut = description_of(&long);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= 201);
        assert!(!cut.contains("  "));
    }
}
