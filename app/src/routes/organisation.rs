//! `/organisations/{slug}`: an organisation's kind and town, its published sheets and its
//! events to come.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::home::CardList;
use super::{ErrorMessage, NotFound};
use crate::api::{organisation_page, OrganisationView};
use crate::components::{AgendaList, FeedLinks, FollowBoxView};
use crate::error::AppError;

#[component]
pub fn OrganisationRoute() -> impl IntoView {
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
    let data = Resource::new_blocking(key, |(slug, page)| organisation_page(slug, page));
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Organisation view /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Organisation(view: OrganisationView) -> impl IntoView {
    let OrganisationView {
        name,
        kind,
        postal_code,
        city,
        departement: (departement, departement_href),
        sheets,
        events,
        follow,
        unpublished,
    } = view;
    let description =
        format!("{kind} à {city} : ses initiatives et ses prochains événements sur Passeurs.");
    let base = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Title text=name.clone() />
        <Meta name="description" content=description />
        <FeedLinks path=follow.path.clone() title=name.clone() />
        <section class="organisation-page" aria-labelledby="titre-organisation">
            {unpublished.then(|| view! {
                <p class="notice" role="note">"Cette organisation n'a encore aucune fiche publiée : sa page n'est pas publique. Seuls les administrateurs la voient."</p>
            })}
            <p class="breadcrumb"><a href=departement_href>{departement}</a>" › Organisation"</p>
            <h1 id="titre-organisation">{name}</h1>
            <p class="organisation-address">{format!("{kind} · {postal_code} {city}")}</p>
            {(!events.is_empty()).then(|| view! {
                <section aria-labelledby="titre-evenements">
                    <h2 id="titre-evenements">"Les prochains rendez-vous"</h2>
                    <AgendaList events />
                </section>
            })}
            <section aria-labelledby="titre-fiches">
                <h2 id="titre-fiches">"Ses fiches action"</h2>
                <CardList page=sheets base empty="Aucune fiche action publiée pour l'instant." />
            </section>
            <FollowBoxView follow />
        </section>
    }
}
