//! `/themes/{slug}`: a theme of the list, its published sheets and its events to come. A
//! former slug (the theme was renamed or merged) is redirected to the current address.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::search::ResultItem;
use super::{ErrorMessage, NotFound};
use crate::api::{theme_page, ThemeAnswer, ThemeView};
use crate::components::{AgendaList, FeedLinks, FollowBoxView};
use crate::error::AppError;

#[component]
pub fn ThemeRoute() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let page = query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1);
        (params.read().get("slug").unwrap_or_default(), page)
    };
    let data = Resource::new_blocking(key, |(slug, page)| theme_page(slug, page));
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(ThemeAnswer::Page(page)) => view! { <Theme page=*page /> }.into_any(),
                    // Answered 301 already; for a client that does not follow it:
                    Ok(ThemeAnswer::Moved(slug)) => view! {
                        <section class="message-page">
                            <h1>"Ce thème a changé d'adresse"</h1>
                            <p><a href=format!("/themes/{slug}")>"Aller à sa nouvelle page"</a></p>
                        </section>
                    }
                    .into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Theme(page: ThemeView) -> impl IntoView {
    let ThemeView {
        theme,
        sheets,
        events,
        follow,
    } = page;
    let address = format!("/themes/{}", theme.slug);
    let count = match sheets.total {
        0 => "Aucune initiative publiée dans ce thème pour l'instant.".to_owned(),
        1 => "1 initiative".to_owned(),
        n => format!("{n} initiatives"),
    };
    let description = if theme.description.is_empty() {
        format!("Les initiatives du thème « {} » sur Passeurs.", theme.name)
    } else {
        theme.description.clone()
    };
    let search_href = format!("/initiatives?theme={}", theme.slug);
    let agenda_href = format!("/agenda?theme={}", theme.slug);
    let (page, page_count) = (sheets.page, sheets.page_count);
    let previous = (page > 1).then(|| {
        if page == 2 {
            address.clone()
        } else {
            format!("{address}?page={}", page - 1)
        }
    });
    let next = (page < page_count).then(|| format!("{address}?page={}", page + 1));
    view! {
        <Title text=format!("Thème : {}", theme.name) />
        <Meta name="description" content=description />
        <FeedLinks path=follow.path.clone() title=format!("Thème : {}", theme.name) />
        <section class="search-page theme-page" aria-labelledby="titre-theme">
            <p class="breadcrumb"><a href="/initiatives">"Initiatives"</a>" › Thème"</p>
            <h1 id="titre-theme">{theme.name.clone()}</h1>
            {(!theme.description.is_empty()).then(|| view! {
                <p class="theme-description">{theme.description.clone()}</p>
            })}
            {(!events.is_empty()).then(|| view! {
                <section class="theme-events" aria-labelledby="titre-rendez-vous">
                    <h2 id="titre-rendez-vous">"Les prochains rendez-vous"</h2>
                    <AgendaList events with_departement=true />
                    <p><a href=agenda_href>"Tous les événements de ce thème"</a></p>
                </section>
            })}
            <h2>"Les initiatives"</h2>
            <p class="search-count">{count}</p>
            <ol class="search-results">
                {sheets
                    .results
                    .into_iter()
                    .map(|result| view! { <li><ResultItem result level=3 /></li> })
                    .collect_view()}
            </ol>
            {(page_count > 1).then(|| view! {
                <nav class="pagination" aria-label="Pages du thème">
                    {previous.map(|href| view! { <a href=href rel="prev">"‹ Page précédente"</a> })}
                    <span>{format!("Page {page} sur {page_count}")}</span>
                    {next.map(|href| view! { <a href=href rel="next">"Page suivante ›"</a> })}
                </nav>
            })}
            <p><a href=search_href>"Chercher et filtrer dans ce thème"</a></p>
            <FollowBoxView follow />
        </section>
    }
}
