//! Showing Passeurs on another site: `/integrer` explains how, and the light pages
//! `/integrer/territoires/{code-nom}`, `/integrer/organisations/{slug}` and
//! `/integrer/themes/{slug}` list a territory's, an organisation's or a theme's sheets and
//! events to come, made for an `<iframe>`. They are the only pages any site may frame (the
//! server gives them `frame-ancestors *`); their links open Passeurs in a new tab.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorMessage, NotFound};
use crate::api::{organisation_page, territory_page, theme_page, TerritoryAnswer, ThemeAnswer};
use crate::error::AppError;
use crate::model::{departement_path, AgendaEvent, DEPARTEMENTS};
use crate::texts::PLATFORM_NAME;

/// What an embed page lists.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct EmbedList {
    title: String,
    page: String,
    sheets: Vec<(String, String, String)>,
    events: Vec<AgendaEvent>,
}

/// `/integrer`: how to embed, with the snippet for a chosen département.
#[component]
pub fn EmbedHelpPage() -> impl IntoView {
    let query = use_query_map();
    let code = query
        .with_untracked(|q| q.get("departement"))
        .filter(|code| DEPARTEMENTS.iter().any(|(c, _, _)| c == code))
        .unwrap_or_else(|| "44".to_owned());
    let embed = format!("/integrer{}", departement_path(&code));
    let snippet = format!(
        "<iframe src=\"{{adresse du site}}{embed}\" title=\"Les initiatives sur {PLATFORM_NAME}\" width=\"100%\" height=\"600\" loading=\"lazy\" style=\"border:0\"></iframe>"
    );
    view! {
        <Title text="Intégrer Passeurs sur votre site" />
        <Meta name="description" content="Affichez les initiatives et les événements d'un territoire, d'une organisation ou d'un thème sur le site de votre fédération ou de votre centre." />
        <section class="message-page embed-help">
            <h1>"Intégrer Passeurs sur votre site"</h1>
            <p>"Les fédérations et les centres peuvent afficher sur leur propre site les fiches action et les prochains événements d'un territoire, d'une organisation ou d'un thème. La liste se met à jour toute seule."</p>
            <h2>"1. Choisissez ce que vous voulez montrer"</h2>
            <ul>
                <li>"Un département : " <code>"/integrer/territoires/44-loire-atlantique"</code></li>
                <li>"Une organisation : " <code>"/integrer/organisations/{adresse de sa page}"</code></li>
                <li>"Un thème : " <code>"/integrer/themes/{adresse de sa page}"</code></li>
            </ul>
            <form method="get" action="/integrer" class="stacked-form">
                <label for="integrer-departement">"Département"</label>
                <select id="integrer-departement" name="departement">
                    {DEPARTEMENTS.iter().map(|(c, name, _)| view! {
                        <option value=*c selected=*c == code>{format!("{name} ({c})")}</option>
                    }).collect_view()}
                </select>
                <button type="submit">"Afficher le code"</button>
            </form>
            <h2>"2. Copiez ce code dans une page de votre site"</h2>
            <pre class="snippet"><code>{snippet}</code></pre>
            <p>"Remplacez « {adresse du site} » par l'adresse de Passeurs. "
                <a href=embed>"Voir l'aperçu de cette liste"</a></p>
            <h2>"Autrement : les flux"</h2>
            <p>"Chaque territoire, organisation, thème et fiche a aussi un flux Atom (" <code>"…/flux.atom"</code> ") et un agenda à s'abonner (" <code>"…/agenda.ics"</code> "), pour un lecteur de flux ou un agenda partagé."</p>
        </section>
    }
}

/// `/integrer/territoires/{code-nom}`, `/integrer/organisations/{slug}`, `/integrer/themes/{slug}`.
#[component]
pub fn EmbedRoute(kind: &'static str) -> impl IntoView {
    let params = use_params_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let list = Resource::new_blocking(name, move |name| async move {
        match kind {
            "territoires" => match territory_page(true, name, 1).await? {
                TerritoryAnswer::Page(view) => Ok(EmbedList {
                    title: view.name.clone(),
                    page: view.path.clone(),
                    sheets: view
                        .sheets
                        .results
                        .iter()
                        .map(|r| {
                            (
                                r.slug.clone(),
                                r.title.clone(),
                                format!("{}, {}", r.organisation_name, r.city),
                            )
                        })
                        .collect(),
                    events: view.events.clone(),
                }),
                TerritoryAnswer::Moved(_) => Err(AppError::NotFound),
            },
            "organisations" => {
                let view = organisation_page(name.clone(), 1).await?;
                Ok(EmbedList {
                    title: view.name.clone(),
                    page: format!("/organisations/{name}"),
                    sheets: view
                        .sheets
                        .cards
                        .iter()
                        .map(|c| {
                            (
                                c.slug.clone(),
                                c.title.clone(),
                                format!("{}, {}", c.organisation_name, c.city),
                            )
                        })
                        .collect(),
                    events: view.events.clone(),
                })
            }
            _ => match theme_page(name, 1).await? {
                ThemeAnswer::Page(view) => Ok(EmbedList {
                    title: view.theme.name.clone(),
                    page: format!("/themes/{}", view.theme.slug),
                    sheets: view
                        .sheets
                        .results
                        .iter()
                        .map(|r| {
                            (
                                r.slug.clone(),
                                r.title.clone(),
                                format!("{}, {}", r.organisation_name, r.city),
                            )
                        })
                        .collect(),
                    events: view.events.clone(),
                }),
                ThemeAnswer::Moved(_) => Err(AppError::NotFound),
            },
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <Embed list /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Embed(list: EmbedList) -> impl IntoView {
    let EmbedList {
        title,
        page,
        sheets,
        events,
    } = list;
    view! {
        <Title text=format!("{title} — à intégrer") />
        <Meta name="robots" content="noindex" />
        <section class="embed-page" aria-labelledby="integre-titre">
            <h1 id="integre-titre">{format!("{title} sur {PLATFORM_NAME}")}</h1>
            {(!events.is_empty()).then(|| view! {
                <h2>"Prochains événements"</h2>
                <ul class="embed-list">
                    {events.into_iter().map(|event| view! {
                        <li>
                            <a href=format!("/actions/{}#evenement-{}", event.sheet_slug, event.id) target="_blank" rel="noopener">{event.title.clone()}</a>
                            <br /><span>{format!("{} — {} ({})", event.when, event.place, event.availability)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <h2>"Initiatives"</h2>
            {sheets.is_empty().then(|| view! { <p>"Aucune fiche action publiée pour l'instant."</p> })}
            <ul class="embed-list">
                {sheets.into_iter().map(|(slug, title, place)| view! {
                    <li><a href=format!("/actions/{slug}") target="_blank" rel="noopener">{title}</a><br /><span>{place}</span></li>
                }).collect_view()}
            </ul>
            <p><a href=page target="_blank" rel="noopener">{format!("Tout voir sur {PLATFORM_NAME}")}</a></p>
        </section>
    }
}
