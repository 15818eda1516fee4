//! The home page, a front door: the search box, "Près de chez moi", the map of France, the
//! next events and the latest sheets.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::ErrorMessage;
use crate::api::{get_front_door, FrontDoor};
use crate::components::{AgendaList, FranceMapView, NearMeForm, Pagination, SearchBox};
use crate::model::{initiatives_count, ActionCard, CardPage};
use crate::texts::{PLATFORM_NAME, PLATFORM_TAGLINE};

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| get_front_door());
    view! {
        <Title text="" />
        <Meta name="description" content=format!("{PLATFORM_NAME} — {PLATFORM_TAGLINE}. Trouvez les initiatives près de chez vous et participez à leurs événements.") />
        <crate::components::FeedLinks path="/".to_owned() title="Toutes les initiatives".to_owned() />
        <section class="intro">
            <h1>"Les initiatives qui apportent du changement"</h1>
            <p>
                "Des centres sociaux, des espaces de vie sociale et des associations racontent ce qu'ils font avec les habitants. Trouvez-les près de chez vous et rejoignez-les."
            </p>
            <div class="front-door-forms">
                <SearchBox id="recherche-accueil" name="Rechercher depuis l'accueil" />
                <NearMeForm />
            </div>
        </section>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(door) => view! { <Door door /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Door(door: FrontDoor) -> impl IntoView {
    let FrontDoor {
        map,
        events,
        latest,
        total,
    } = door;
    view! {
        <section class="front-door-events" aria-labelledby="titre-prochains">
            <h2 id="titre-prochains">"Les prochains rendez-vous"</h2>
            {if events.is_empty() {
                view! { <p>"Aucun événement à venir pour l'instant."</p> }.into_any()
            } else {
                view! { <AgendaList events with_departement=true /> }.into_any()
            }}
            <p><a href="/agenda">"Tout l'agenda"</a></p>
        </section>
        <section class="front-door-map" aria-labelledby="titre-carte">
            <h2 id="titre-carte">"Les initiatives en France"</h2>
            <p>{format!("{} sur la plateforme. Choisissez un département :", initiatives_count(total))}</p>
            <FranceMapView map />
        </section>
        <section class="front-door-latest" aria-labelledby="titre-dernieres">
            <h2 id="titre-dernieres">"Les dernières fiches action"</h2>
            <CardList
                page=CardPage { cards: latest, page: 1, page_count: 1 }
                base="/".to_owned()
                empty="Aucune fiche action n'est publiée pour le moment."
            />
            <p><a href="/initiatives">"Toutes les initiatives"</a></p>
        </section>
    }
}

/// Sheets as cards, with their pages.
#[component]
pub(crate) fn CardList(
    page: CardPage,
    /// The list's address without its page.
    base: String,
    /// What to say when there is none.
    empty: &'static str,
) -> impl IntoView {
    let CardPage {
        cards,
        page,
        page_count,
    } = page;
    view! {
        {cards.is_empty().then(|| view! { <p>{empty}</p> })}
        <ul class="cards">
            {cards.into_iter().map(|card| view! { <li><Card card /></li> }).collect_view()}
        </ul>
        <Pagination base page page_count label="Pages des fiches" />
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
                <h3 class="card-title"><a href=href>{card.title}</a></h3>
                <p class="card-organisation">{card.organisation_name}" · "{card.city}</p>
                <p><span class=status_class>{card.status.label()}</span></p>
            </div>
        </article>
    }
}
