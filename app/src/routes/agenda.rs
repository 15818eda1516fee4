//! `/agenda`: every event to come on the platform, soonest first, narrowed by département,
//! région, theme and "places disponibles" (a GET form: everything is in the address).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::{ErrorMessage, NotFound};
use crate::api::{get_agenda, list_theme_choices};
use crate::components::{AgendaList, Pagination};
use crate::error::AppError;
use crate::model::{AgendaPage, DEPARTEMENTS, REGIONS};

#[component]
pub fn AgendaRoute() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        let query = query.read();
        let text = |key: &str| query.get(key).unwrap_or_default();
        (
            [
                text("departement"),
                text("region"),
                text("theme"),
                text("places"),
            ],
            query
                .get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1),
        )
    };
    let data = Resource::new_blocking(args, |([departement, region, theme, places], page)| {
        get_agenda(departement, region, theme, places, page)
    });
    let themes = Resource::new_blocking(|| (), |_| list_theme_choices());
    view! {
        <Title text="Agenda" />
        <Meta name="description" content="Tous les prochains événements des initiatives : banquets citoyens, ateliers, rencontres. Inscription sans compte." />
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let themes = match themes.await {
                    Ok(themes) => themes,
                    Err(error) => return view! { <ErrorMessage error /> }.into_any(),
                };
                match data.await {
                    Ok(page) => view! { <Agenda page themes /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Agenda(page: AgendaPage, themes: Vec<(String, String)>) -> impl IntoView {
    let AgendaPage {
        events,
        total,
        page,
        page_count,
        filters,
    } = page;
    let base = filters.agenda_address(1);
    let filtered = base != "/agenda";
    let count = match total {
        0 => "Aucun événement à venir".to_owned(),
        1 => "1 événement à venir".to_owned(),
        n => format!("{n} événements à venir"),
    };
    let selected = |value: &Option<String>, code: &str| value.as_deref() == Some(code);
    view! {
        <section class="agenda-page" aria-labelledby="titre-agenda">
            <h1 id="titre-agenda">"Agenda"</h1>
            <form class="agenda-filters" method="get" action="/agenda">
                <p>
                    <label for="agenda-departement">"Département"</label>
                    <select id="agenda-departement" name="departement">
                        <option value="">"Tous"</option>
                        {DEPARTEMENTS
                            .iter()
                            .map(|(code, name, _)| view! {
                                <option value=*code selected=selected(&filters.departement, code)>
                                    {format!("{name} ({code})")}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </p>
                <p>
                    <label for="agenda-region">"Région"</label>
                    <select id="agenda-region" name="region">
                        <option value="">"Toutes"</option>
                        {REGIONS
                            .iter()
                            .map(|(code, name)| view! {
                                <option value=*code selected=selected(&filters.region, code)>{*name}</option>
                            })
                            .collect_view()}
                    </select>
                </p>
                <p>
                    <label for="agenda-theme">"Thème"</label>
                    <select id="agenda-theme" name="theme">
                        <option value="">"Tous"</option>
                        {themes
                            .into_iter()
                            .map(|(slug, name)| {
                                let chosen = selected(&filters.theme, &slug);
                                view! { <option value=slug selected=chosen>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </p>
                <p class="checkbox">
                    <input id="agenda-places" type="checkbox" name="places" value="1" checked=filters.places />
                    <label for="agenda-places">"Places disponibles"</label>
                </p>
                <p><button type="submit">"Filtrer"</button></p>
            </form>
            <p class="search-count" role="status">{count}</p>
            {filtered.then(|| view! { <p><a href="/agenda">"Retirer les filtres"</a></p> })}
            <AgendaList events with_departement=true />
            <Pagination base page page_count label="Pages de l'agenda" />
        </section>
    }
}
