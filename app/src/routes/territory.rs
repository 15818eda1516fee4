//! `/territoires/{code}-{nom}` and `/regions/{code}-{nom}`: the initiatives, events to come
//! and organisations of a département or a région. Another name after a known code is
//! redirected to the canonical address; an unknown code is a French 404.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::search::ResultItem;
use super::{ErrorMessage, NotFound};
use crate::api::{territory_page, OrganisationLink, TerritoryAnswer, TerritoryView};
use crate::components::{AgendaList, FeedLinks, FollowBoxView, Pagination};
use crate::error::AppError;
use crate::model::initiatives_count;

/// `/territoires/{code}-{nom}`.
#[component]
pub fn DepartementRoute() -> impl IntoView {
    view! { <TerritoryRoute departement=true /> }
}

/// `/regions/{code}-{nom}`.
#[component]
pub fn RegionRoute() -> impl IntoView {
    view! { <TerritoryRoute departement=false /> }
}

#[component]
fn TerritoryRoute(departement: bool) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let page = query
            .read()
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1);
        (params.read().get("address").unwrap_or_default(), page)
    };
    let data = Resource::new_blocking(key, move |(address, page)| {
        territory_page(departement, address, page)
    });
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(TerritoryAnswer::Page(view)) => view! { <Territory view=*view /> }.into_any(),
                    Ok(TerritoryAnswer::Moved(path)) => view! {
                        <section class="message-page">
                            <h1>"Cette page a changé d'adresse"</h1>
                            <p><a href=path>"Aller à sa nouvelle page"</a></p>
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
fn Territory(view: TerritoryView) -> impl IntoView {
    let TerritoryView {
        name,
        path,
        parameter,
        code,
        around,
        sheets,
        events,
        events_total,
        organisations,
        follow,
    } = view;
    let is_departement = parameter == "departement";
    let description = format!(
        "Les initiatives, les prochains événements et les organisations {} {name} sur {}.",
        if is_departement {
            "du département"
        } else {
            "de la région"
        },
        crate::texts::PLATFORM_NAME
    );
    let agenda_href = format!("/agenda?{parameter}={code}");
    let search_href = format!("/initiatives?{parameter}={code}");
    let count = initiatives_count(sheets.total);
    let (page, page_count) = (sheets.page, sheets.page_count);
    let around_title = if is_departement {
        "Région"
    } else {
        "Départements"
    };
    view! {
        <Title text=name.clone() />
        <Meta name="description" content=description />
        <FeedLinks path=path.clone() title=name.clone() />
        <section class="search-page territory-page" aria-labelledby="titre-territoire">
            <p class="breadcrumb">
                <a href="/initiatives">"Initiatives"</a>
                {if is_departement { " › Département" } else { " › Région" }}
            </p>
            <h1 id="titre-territoire">{name.clone()}</h1>
            <p class="territory-around">
                {around_title}" : "
                {around
                    .into_iter()
                    .enumerate()
                    .map(|(index, (label, href))| view! {
                        {(index > 0).then_some(", ")}
                        <a href=href>{label}</a>
                    })
                    .collect_view()}
            </p>
            <section aria-labelledby="titre-evenements">
                <h2 id="titre-evenements">"Les prochains rendez-vous"</h2>
                {if events.is_empty() {
                    view! { <p>"Aucun événement à venir pour l'instant."</p> }.into_any()
                } else {
                    view! {
                        <AgendaList events with_departement=!is_departement />
                        {(events_total > 0).then(|| view! {
                            <p><a href=agenda_href>{match events_total {
                                1 => "Tout l'agenda (1 événement)".to_owned(),
                                n => format!("Tout l'agenda ({n} événements)"),
                            }}</a></p>
                        })}
                    }
                    .into_any()
                }}
            </section>
            <section aria-labelledby="titre-initiatives">
                <h2 id="titre-initiatives">"Les initiatives"</h2>
                <p class="search-count">{count}</p>
                <ol class="search-results">
                    {sheets
                        .results
                        .into_iter()
                        .map(|result| view! { <li><ResultItem result level=3 /></li> })
                        .collect_view()}
                </ol>
                <Pagination base=path page page_count label="Pages des initiatives" />
                <p><a href=search_href>"Chercher et filtrer dans ce territoire"</a></p>
            </section>
            <Organisations organisations />
            <FollowBoxView follow />
        </section>
    }
}

#[component]
fn Organisations(organisations: Vec<OrganisationLink>) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-organisations">
            <h2 id="titre-organisations">"Les organisations"</h2>
            {if organisations.is_empty() {
                view! { <p>"Aucune organisation n'a encore publié de fiche ici."</p> }.into_any()
            } else {
                view! {
                    <ul class="organisation-list">
                        {organisations
                            .into_iter()
                            .map(|o| view! {
                                <li>
                                    <a href=o.href>{o.name}</a>
                                    <span class="card-organisation">{format!(" — {}, {} · {}", o.kind, o.city, o.sheets)}</span>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}
