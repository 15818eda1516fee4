//! The sheet page (`/actions/{slug}`), in the reference's order: title, testimony,
//! organisation, start date, référent, summary, question sections, gallery, "Participez".

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

use super::{ErrorMessage, NotFound};
use crate::api::get_sheet;
use crate::components::{Gallery, Paragraphs, StatusAndProgress};
use crate::error::AppError;
use crate::model::{french_date, SheetPage};

#[component]
pub fn ActionPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let sheet = Resource::new_blocking(slug, get_sheet);
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

#[component]
fn Sheet(page: SheetPage) -> impl IntoView {
    let SheetPage {
        sheet,
        canonical_url,
        image_base,
    } = page;
    let description = description_of(&sheet.summary);
    let og_image = sheet
        .gallery
        .first()
        .map(|image| format!("{image_base}{}", image.url));
    let start_date = sheet.start_date.map(french_date);
    let has_gallery = !sheet.gallery.is_empty();
    let themes = sheet.themes.clone();
    view! {
        <Title text=sheet.title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=canonical_url.clone() />
        <Meta property="og:type" content="article" />
        <Meta property="og:site_name" content=crate::PLATFORM_NAME />
        <Meta property="og:locale" content="fr_FR" />
        <Meta property="og:title" content=sheet.title.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=canonical_url.clone() />
        {og_image.map(|url| view! { <Meta property="og:image" content=url /> })}
        <article class="sheet">
            <header class="sheet-header">
                <p class="sheet-kicker">"Fiche action"</p>
                <h1>{sheet.title.clone()}</h1>
                {(!sheet.quote.is_empty()).then(|| view! {
                    <figure class="testimony">
                        <blockquote>
                            <p>{sheet.quote.clone()}</p>
                        </blockquote>
                        <figcaption>{sheet.quote_author.clone()}</figcaption>
                    </figure>
                })}
            </header>
            <section class="sheet-facts" aria-label="En bref">
                <dl>
                    <div>
                        <dt>"Porteur de l'action"</dt>
                        <dd>
                            <span class="organisation-name">{sheet.organisation_name.clone()}</span>
                            <span class="organisation-kind">{sheet.organisation_kind.label()}</span>
                            <span class="organisation-place">
                                {format!("{} {}", sheet.postal_code, sheet.city)}
                            </span>
                        </dd>
                    </div>
                    {start_date.map(|date| view! {
                        <div>
                            <dt>"Date de début"</dt>
                            <dd>{date}</dd>
                        </div>
                    })}
                    <div>
                        <dt>"Référent(e) de l'action"</dt>
                        <dd>{sheet.referent_name.clone()}</dd>
                    </div>
                    {(!themes.is_empty()).then(|| view! {
                        <div>
                            <dt>"Thèmes"</dt>
                            <dd>
                                <ul class="themes">
                                    {themes.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                                </ul>
                            </dd>
                        </div>
                    })}
                </dl>
                <StatusAndProgress status=sheet.status progress=sheet.progress />
            </section>
            <section class="sheet-section" aria-labelledby="resume">
                <h2 id="resume">"Résumé"</h2>
                <Paragraphs text=sheet.summary.clone() />
            </section>
            {sheet.sections.into_iter().map(|section| {
                let heading_id = format!("section-{}", section.id);
                let answer = section.answer;
                view! {
                    <section class="sheet-section" aria-labelledby=heading_id.clone()>
                        <h2 id=heading_id.clone()>{section.question}</h2>
                        {if answer.trim().is_empty() {
                            view! { <p class="empty-answer">"Cette partie n'est pas encore renseignée."</p> }.into_any()
                        } else {
                            view! { <Paragraphs text=answer /> }.into_any()
                        }}
                    </section>
                }
            }).collect_view()}
            {has_gallery.then(|| view! {
                <section class="sheet-section" aria-labelledby="galerie">
                    <h2 id="galerie">"Galerie d'images"</h2>
                    <Gallery images=sheet.gallery.clone() />
                </section>
            })}
            <section class="participate" aria-labelledby="participez">
                <h2 id="participez">"Participez !"</h2>
                <p>
                    "Envie de rejoindre cette action ou d'en lancer une près de chez vous ? Contactez "
                    {sheet.organisation_name.clone()}
                    " ou partagez cette fiche. Lien direct vers la fiche action :"
                </p>
                <p class="canonical-link"><a href=canonical_url.clone()>{canonical_url.clone()}</a></p>
            </section>
        </article>
    }
    .into_any()
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
