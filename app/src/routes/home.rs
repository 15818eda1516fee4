//! The home page: the published sheets as cards, newest first, paginated.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::list_cards;
use crate::model::{ActionCard, CardPage};
use crate::{PLATFORM_NAME, PLATFORM_TAGLINE};

#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
    };
    let cards = Resource::new_blocking(page, list_cards);
    view! {
        <Title text="" />
        <Meta name="description" content=format!("{PLATFORM_NAME} — {PLATFORM_TAGLINE}.") />
        <section class="intro">
            <h1>"Les fiches action"</h1>
            <p>
                "Des centres sociaux, des espaces de vie sociale et des associations racontent ce qu'ils font avec les habitants. Lisez leurs fiches et rejoignez-les."
            </p>
        </section>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match cards.await {
                    Ok(page) => view! { <CardList page /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CardList(page: CardPage) -> impl IntoView {
    let CardPage {
        cards,
        page,
        page_count,
    } = page;
    let empty = cards.is_empty();
    view! {
        <Show when=move || empty>
            <p>"Aucune fiche action n'est publiée pour le moment."</p>
        </Show>
        <ul class="cards">
            {cards.into_iter().map(|card| view! { <li><Card card /></li> }).collect_view()}
        </ul>
        <Show when=move || { page_count > 1 }>
            <nav class="pagination" aria-label="Pagination">
                <Show when=move || { page > 1 }>
                    <a href=format!("/?page={}", page - 1) rel="prev">"‹ Page précédente"</a>
                </Show>
                <span>{format!("Page {page} sur {page_count}")}</span>
                <Show when=move || { page < page_count }>
                    <a href=format!("/?page={}", page + 1) rel="next">"Page suivante ›"</a>
                </Show>
            </nav>
        </Show>
    }
}

#[component]
fn Card(card: ActionCard) -> impl IntoView {
    let href = format!("/actions/{}", card.slug);
    let status_class = format!("status status-{}", card.status.code());
    view! {
        <article class="card">
            {card.cover.map(|cover| view! {
                <img
                    class="card-image"
                    src=cover.thumb_url
                    width=cover.thumb_width
                    height=cover.thumb_height
                    alt=""
                    loading="lazy"
                    decoding="async"
                />
            })}
            <div class="card-body">
                <h2 class="card-title"><a href=href>{card.title}</a></h2>
                <p class="card-organisation">{card.organisation_name}" · "{card.city}</p>
                <p><span class=status_class>{card.status.label()}</span></p>
            </div>
        </article>
    }
}
