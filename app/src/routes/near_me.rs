//! `/pres-de-chez-moi?code_postal=44000`: the initiatives and events of the postal code's
//! département, then of the départements bordering it, each group labelled. Only the
//! postal code typed is used: no geolocation, no outside geocoder.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::search::ResultItem;
use super::ErrorMessage;
use crate::api::{near_me, NearbyGroup, NearbyView};
use crate::components::{set_http_status, AgendaList, NearMeForm};
use crate::error::AppError;

#[component]
pub fn NearMeRoute() -> impl IntoView {
    let query = use_query_map();
    let code = move || query.read().get("code_postal").unwrap_or_default();
    let data = Resource::new_blocking(code, near_me);
    view! {
        <Title text="Près de chez moi" />
        <Meta name="description" content="Les initiatives et les événements de votre département et des départements voisins, à partir de votre code postal." />
        <section class="near-me-page" aria-labelledby="titre-pres">
            <h1 id="titre-pres">"Près de chez moi"</h1>
            <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
                {move || Suspend::new(async move {
                    let typed = code();
                    match data.await {
                        Ok(None) => view! {
                            <NearMeForm />
                            <p>"Indiquez votre code postal : vous verrez les initiatives et les événements de votre département, puis des départements voisins."</p>
                        }
                        .into_any(),
                        Ok(Some(view)) => view! { <Nearby view /> }.into_any(),
                        Err(error @ AppError::Invalid { .. }) => {
                            set_http_status(error.status_code());
                            view! { <NearMeForm value=typed error=error.to_string() /> }.into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Nearby(view: NearbyView) -> impl IntoView {
    let NearbyView {
        postal_code,
        communes,
        groups,
        quiet,
    } = view;
    view! {
        <NearMeForm value=postal_code.clone() />
        <p class="near-me-communes">{format!("Code postal {postal_code} : {}.", communes.join(", "))}</p>
        {groups.into_iter().map(|group| view! { <Group group /> }).collect_view()}
        {(!quiet.is_empty()).then(|| view! {
            <p class="near-me-quiet">
                {format!("Rien de publié pour l'instant dans les départements voisins suivants : {}.", quiet.join(", "))}
            </p>
        })}
        <p><a href="/agenda">"Voir tout l'agenda"</a></p>
    }
}

#[component]
fn Group(group: NearbyGroup) -> impl IntoView {
    let NearbyGroup {
        label,
        name,
        path,
        events,
        sheets,
        sheets_total,
    } = group;
    let heading = format!("{label} : {name}");
    let heading_id = format!("groupe-{}", path.rsplit('/').next().unwrap_or_default());
    let more = (sheets_total > sheets.len() as i64)
        .then(|| format!("Les {sheets_total} initiatives de ce département"));
    view! {
        <section class="near-me-group" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{heading}</h2>
            {(!events.is_empty()).then(|| view! {
                <h3>"Prochains rendez-vous"</h3>
                <AgendaList events />
            })}
            {if sheets.is_empty() {
                view! { <p>"Aucune initiative publiée pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <h3>"Initiatives"</h3>
                    <ol class="search-results">
                        {sheets.into_iter().map(|result| view! { <li><ResultItem result level=4 /></li> }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
            <p><a href=path.clone()>{more.unwrap_or_else(|| format!("La page du département {name}"))}</a></p>
        </section>
    }
}
