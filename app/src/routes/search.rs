//! `/initiatives`: search results. Everything is in the address (`?q=…&departement=44&
//! statut=in_progress&page=2`), so the form is a plain GET form that works without
//! JavaScript, and a search can be shared and bookmarked.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::search_initiatives;
use crate::components::SearchBox;
use crate::model::{ActionStatus, Excerpt, SearchPage, SearchResult};

#[component]
pub fn SearchRoute() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let query = query.read();
        let text = |key: &str| query.get(key).unwrap_or_default();
        (
            text("q"),
            text("departement"),
            text("statut"),
            query
                .get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1),
        )
    };
    let page = Resource::new_blocking(args, |(q, departement, statut, page)| {
        search_initiatives(q, departement, statut, page)
    });
    view! {
        <Suspense fallback=|| view! { <p>"Recherche…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(found) => view! { <Results found /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The address of a results page for this query.
fn address(query: &str, page: i64) -> String {
    let mut address = format!("/initiatives?q={}", encode(query));
    if page > 1 {
        address.push_str(&format!("&page={page}"));
    }
    address
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
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
    let title = if query.is_empty() {
        "Initiatives".to_owned()
    } else {
        format!("« {query} » — recherche")
    };
    let query_for_pages = query.clone();
    view! {
        <Title text=title />
        <Meta name="robots" content="noindex" />
        <section class="search-page" aria-labelledby="titre-recherche">
            <h1 id="titre-recherche">{heading}</h1>
            <SearchBox query=query.clone() id="recherche-page" />
            <p class="search-count" role="status">{count}</p>
            {suggestion.map(|(corrected, word)| view! {
                <p class="search-suggestion">
                    "Vouliez-vous dire "
                    <a href=address(&corrected, 1)>{format!("« {word} »")}</a>
                    " ?"
                </p>
            })}
            <Show when=move || empty>
                <div class="search-empty">
                    <p>"Aucune fiche ne contient tous ces mots. Vous pouvez :"</p>
                    <ul>
                        <li>"essayer un mot plus court ou plus courant (« jardin », « repas », « jeunes ») ;"</li>
                        <li>"retirer un mot de la recherche ;"</li>
                        <li><a href="/initiatives">"voir toutes les initiatives"</a>" ;"</li>
                        <li><a href="/">"revenir à l'accueil"</a>"."</li>
                    </ul>
                </div>
            </Show>
            <ol class="search-results">
                {results.into_iter().map(|result| view! { <li><ResultItem result /></li> }).collect_view()}
            </ol>
            {(page_count > 1).then(|| view! {
                <nav class="pagination" aria-label="Pages de résultats">
                    {(page > 1).then(|| view! {
                        <a href=address(&query_for_pages, page - 1) rel="prev">"‹ Page précédente"</a>
                    })}
                    <span>{format!("Page {page} sur {page_count}")}</span>
                    {(page < page_count).then(|| view! {
                        <a href=address(&query, page + 1) rel="next">"Page suivante ›"</a>
                    })}
                </nav>
            })}
        </section>
    }
}

#[component]
fn ResultItem(result: SearchResult) -> impl IntoView {
    let href = format!("/actions/{}", result.slug);
    let status_class = format!("status status-{}", result.status.code());
    let status: ActionStatus = result.status;
    view! {
        <article class="search-result">
            <h2 class="search-result-title"><a href=href>{result.title}</a></h2>
            <p class="card-organisation">{result.organisation_name}" · "{result.city}</p>
            <p><span class=status_class>{status.label()}</span></p>
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
