//! `/initiatives`: search results. Everything is in the address (`?q=…&departement=44&
//! statut=in_progress&theme=democratie&page=2`), so the form is a plain GET form that works without
//! JavaScript, and a search can be shared and bookmarked. Each filter is a link that
//! applies or removes it, with the number of sheets it would give.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::{ErrorMessage, NotFound};
use crate::api::search_initiatives;
use crate::components::{LiveSearch, SearchBox};
use crate::error::AppError;
use crate::model::{ActiveFilter, Excerpt, Facet, SearchPage, SearchResult};

#[component]
pub fn SearchRoute() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let query = query.read();
        let text = |key: &str| query.get(key).unwrap_or_default();
        (
            [
                text("q"),
                text("departement"),
                text("region"),
                text("type"),
                text("statut"),
                text("evenement"),
                text("places"),
                text("theme"),
            ],
            query
                .get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1),
        )
    };
    let page = Resource::new_blocking(
        args,
        |([q, departement, region, kind, statut, evenement, places, theme], page)| {
            search_initiatives(
                q,
                departement,
                region,
                kind,
                statut,
                evenement,
                places,
                theme,
                page,
            )
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Recherche…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(found) => view! { <Results found /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(found: SearchPage) -> impl IntoView {
    let SearchPage {
        query,
        results,
        total,
        page,
        page_count,
        suggestion,
        filters,
        facets,
        active,
        ..
    } = found;
    let heading = if query.is_empty() {
        "Toutes les initiatives".to_owned()
    } else {
        format!("Recherche : « {query} »")
    };
    let count = match total {
        0 => "Aucune initiative trouvée.".to_owned(),
        1 => "1 initiative trouvée.".to_owned(),
        n => format!("{n} initiatives trouvées."),
    };
    let empty = results.is_empty();
    let has_filters = !active.is_empty();
    let title = if query.is_empty() {
        "Initiatives".to_owned()
    } else {
        format!("« {query} » — recherche")
    };
    let previous = (page > 1).then(|| filters.address(&query, page - 1));
    let next = (page < page_count).then(|| filters.address(&query, page + 1));
    let (live_before, live_after) = filters.address_around_text(1);
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="search-page" aria-labelledby="titre-recherche">
            <h1 id="titre-recherche">{heading}</h1>
            <SearchBox query=query.clone() id="recherche-page" name="Modifier la recherche" />
            <LiveSearch before=live_before after=live_after />
            <div id="resultats">
            <ActiveFilters active />
            <p class="search-count">{count}</p>
            {suggestion.map(|(href, word)| view! {
                <p class="search-suggestion">
                    "Vouliez-vous dire "
                    <a href=href>{format!("« {word} »")}</a>
                    " ?"
                </p>
            })}
            <Show when=move || empty>
                <div class="search-empty">
                    <p>"Aucune fiche ne correspond à cette recherche. Vous pouvez :"</p>
                    <ul>
                        {has_filters.then(|| view! { <li>"retirer un filtre (ci-dessus) ;"</li> })}
                        <li>"essayer un mot plus court ou plus courant (« jardin », « repas », « jeunes ») ;"</li>
                        <li>"retirer un mot de la recherche ;"</li>
                        <li><a href="/initiatives">"voir toutes les initiatives"</a>" ;"</li>
                        <li><a href="/">"revenir à l'accueil"</a>"."</li>
                    </ul>
                </div>
            </Show>
            <div class="search-layout">
                <ol class="search-results">
                    {results.into_iter().map(|result| view! { <li><ResultItem result /></li> }).collect_view()}
                </ol>
                <Facets facets />
            </div>
            {(page_count > 1).then(|| view! {
                <nav class="pagination" aria-label="Pages de résultats">
                    {previous.map(|href| view! { <a href=href rel="prev">"‹ Page précédente"</a> })}
                    <span>{format!("Page {page} sur {page_count}")}</span>
                    {next.map(|href| view! { <a href=href rel="next">"Page suivante ›"</a> })}
                </nav>
            })}
            </div>
        </section>
    }
}

#[component]
fn ActiveFilters(active: Vec<ActiveFilter>) -> impl IntoView {
    (!active.is_empty()).then(|| {
        view! {
            <div class="search-active">
                <p>"Filtres appliqués :"</p>
                <ul>
                    {active
                        .into_iter()
                        .map(|filter| {
                            let label = format!("Retirer le filtre « {} »", filter.label);
                            view! {
                                <li>
                                    <a href=filter.remove_href aria-label=label>
                                        {filter.label}" ✕"
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
fn Facets(facets: Vec<Facet>) -> impl IntoView {
    (!facets.is_empty()).then(|| {
        view! {
            <nav class="search-filters" aria-label="Filtrer les résultats">
                {facets
                    .into_iter()
                    .map(|facet| {
                        view! {
                            <h2>{facet.title}</h2>
                            <ul>
                                {facet
                                    .options
                                    .into_iter()
                                    .map(|option| {
                                        let text = format!("{} ({})", option.label, option.count);
                                        view! {
                                            <li>
                                                <a
                                                    href=option.href
                                                    aria-current=option.active.then_some("true")
                                                    class:active=option.active
                                                >
                                                    {text}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
                    .collect_view()}
            </nav>
        }
    })
}

/// One result: also the sheets of a theme's, a territory's and "Près de chez moi"'s pages.
#[component]
pub(crate) fn ResultItem(
    result: SearchResult,
    /// The level of its heading, below the list's own (2 on the results page).
    #[prop(default = 2)]
    level: u8,
) -> impl IntoView {
    let href = format!("/actions/{}", result.slug);
    let status_class = format!("status status-{}", result.status.code());
    let link = view! { <a href=href>{result.title}</a> };
    let heading = match level {
        3 => view! { <h3 class="search-result-title">{link}</h3> }.into_any(),
        4 => view! { <h4 class="search-result-title">{link}</h4> }.into_any(),
        _ => view! { <h2 class="search-result-title">{link}</h2> }.into_any(),
    };
    view! {
        <article class="search-result">
            {heading}
            <p class="card-organisation">{result.organisation_name}" · "{result.city}</p>
            <p><span class=status_class>{result.status.label()}</span></p>
            {result.next_event.map(|event| view! {
                <p class="search-next-event">
                    "Prochain rendez-vous : "<strong>{event.title}</strong>", "{event.when}
                </p>
            })}
            <ExcerptText excerpt=result.excerpt />
        </article>
    }
}

#[component]
fn ExcerptText(excerpt: Excerpt) -> impl IntoView {
    view! {
        <p class="search-excerpt">
            {excerpt
                .pieces
                .into_iter()
                .map(|(text, marked)| {
                    if marked {
                        view! { <mark>{text}</mark> }.into_any()
                    } else {
                        text.into_any()
                    }
                })
                .collect_view()}
        </p>
    }
}
