//! Paper: `/actions/{slug}/imprimer`, the sheet laid out for A4 as the reference is, and
//! `/evenements/{id}/affiche` and `/evenements/{id}/flyer`, an event's A4 poster and A5
//! flyer. Each ends with the sheet's address and its QR code; the print styles leave out
//! the site's header, footer and everything that is not the page.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::{ErrorMessage, NotFound};
use crate::api::{get_event_poster, get_print_sheet};
use crate::error::AppError;
use crate::model::{EventPoster, PrintSheet};
use crate::texts::{PLATFORM_NAME, PLATFORM_TAGLINE};

/// `/actions/{slug}/imprimer`.
#[component]
pub fn PrintRoute() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let sheet = Resource::new_blocking(slug, get_print_sheet);
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(sheet) => view! { <PrintedSheet sheet /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrintedSheet(sheet: PrintSheet) -> impl IntoView {
    let back = format!("/actions/{}", sheet.slug);
    view! {
        <Title text=format!("{} (à imprimer)", sheet.title) />
        <Meta name="robots" content="noindex" />
        <p class="no-print print-help">
            "Cette page est faite pour l'impression (A4) : utilisez « Imprimer » dans le menu de votre navigateur. "
            <a href=back>"Revenir à la fiche"</a>
        </p>
        <article class="print-sheet">
            <header class="print-platform">
                <p><strong>{PLATFORM_NAME}</strong>" — "{PLATFORM_TAGLINE}</p>
                <p class="print-kicker">"Fiche action"</p>
            </header>
            <h1>{sheet.title.clone()}</h1>
            {(!sheet.quote.is_empty()).then(|| view! {
                <figure class="testimony">
                    // The style sheet writes the quotation marks, as on the sheet's page.
                    <blockquote><p>{sheet.quote.clone()}</p></blockquote>
                    {(!sheet.quote_author.is_empty()).then(|| view! { <figcaption>{sheet.quote_author.clone()}</figcaption> })}
                </figure>
            })}
            <dl class="print-facts">
                <div><dt>"Porteur de l'action"</dt><dd>{format!("{} ({}), {} {}", sheet.organisation, sheet.organisation_kind, sheet.postal_code, sheet.city)}</dd></div>
                {sheet.start_date.clone().map(|date| view! { <div><dt>"Date de début"</dt><dd>{date}</dd></div> })}
                <div><dt>"Référent(e) de l'action"</dt><dd>{sheet.referent_name.clone()}</dd></div>
            </dl>
            <section>
                <h2>"Résumé"</h2>
                <div class="prose" inner_html=sheet.summary_html.clone()></div>
            </section>
            {sheet.sections.iter().cloned().map(|(question, answer)| view! {
                <section>
                    <h2>{question}</h2>
                    <div class="prose" inner_html=answer></div>
                </section>
            }).collect_view()}
            {(!sheet.photos.is_empty()).then(|| view! {
                <div class="print-photos">
                    {sheet.photos.iter().cloned().map(|(src, alt)| view! { <img src=src alt=alt /> }).collect_view()}
                </div>
            })}
            <footer class="print-link">
                <div inner_html=sheet.qr_svg.clone()></div>
                <p>
                    "Retrouvez plus d'informations et participez sur la plateforme, lien direct vers la fiche action : "
                    <strong class="print-url">{sheet.url.clone()}</strong>
                </p>
            </footer>
        </article>
    }
}

/// `/evenements/{id}/affiche` (A4) and `/evenements/{id}/flyer` (A5).
#[component]
pub fn PosterRoute(flyer: bool) -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let poster = Resource::new_blocking(id, move |id| get_event_poster(id, flyer));
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match poster.await {
                    Ok(poster) => view! { <Poster poster /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Poster(poster: EventPoster) -> impl IntoView {
    let class = if poster.flyer {
        "poster poster-flyer"
    } else {
        "poster poster-a4"
    };
    let kind = if poster.flyer {
        "flyer (A5)"
    } else {
        "affiche (A4)"
    };
    view! {
        <Title text=format!("{} ({kind})", poster.title) />
        <Meta name="robots" content="noindex" />
        <p class="no-print print-help">
            {format!("Cette page est faite pour l'impression en {kind} : utilisez « Imprimer » dans le menu de votre navigateur. Les places restantes sont celles du moment.")}
        </p>
        <article class=class>
            <p class="poster-kicker">{poster.sheet_title.clone()}</p>
            <h1>{poster.title.clone()}</h1>
            <p class="poster-when">{poster.when.clone()}</p>
            <p class="poster-place">{poster.place.clone()}</p>
            <p class="poster-places">{poster.availability.clone()}</p>
            <div class="poster-signup">
                <div inner_html=poster.qr_svg.clone()></div>
                <p>
                    "Inscription gratuite, sans compte : scannez le code ou allez sur "
                    <strong class="print-url">{poster.url.clone()}</strong>
                </p>
            </div>
            <p class="poster-organisation">{format!("Proposé par {} — {PLATFORM_NAME}", poster.organisation)}</p>
        </article>
    }
}
