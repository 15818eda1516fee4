//! The map of France by département, drawn by the server as inline SVG: no tile server,
//! no script, nothing loaded from another site. Each département is a link to its page,
//! shaded by its number of initiatives, with an accessible name; the plain list beside it
//! says the same for screen readers and small screens.

use leptos::prelude::*;

use crate::model::{initiatives_count, FranceMap};

/// The map's source, as the licence asks.
pub const MAP_ATTRIBUTION: &str = "Source : IGN – Admin Express COG 2018 (Licence Ouverte)";

#[component]
pub fn FranceMapView(map: FranceMap) -> impl IntoView {
    let FranceMap {
        view_box,
        departements,
        insets,
    } = map;
    let mut listed = departements.clone();
    listed.retain(|d| d.count > 0);
    listed.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    let quiet = departements.len() - listed.len();
    view! {
        <div class="france-map">
            <figure class="france-map-figure">
                <svg
                    viewBox=view_box
                    role="group"
                    aria-labelledby="carte-titre"
                    xmlns="http://www.w3.org/2000/svg"
                >
                    <title id="carte-titre">"Carte des initiatives par département"</title>
                    {insets
                        .into_iter()
                        .map(|[x, y, width, height]| view! {
                            <rect class="map-inset" x=x y=y width=width height=height />
                        })
                        .collect_view()}
                    {departements
                        .into_iter()
                        .map(|d| {
                            let label = format!("{} : {}", d.name, initiatives_count(d.count));
                            let class = format!("shade-{}", d.shade);
                            view! {
                                <a href=d.href aria-label=label class=class>
                                    <path d=d.path />
                                </a>
                            }
                        })
                        .collect_view()}
                </svg>
                <figcaption>{MAP_ATTRIBUTION}</figcaption>
            </figure>
            <div class="france-map-list">
                <h3>"Par département"</h3>
                <ul>
                    {listed
                        .into_iter()
                        .map(|d| view! {
                            <li>
                                <a href=d.href>{format!("{} ({})", d.name, d.code)}</a>
                                " : "{initiatives_count(d.count)}
                            </li>
                        })
                        .collect_view()}
                </ul>
                {(quiet > 0).then(|| view! {
                    <p class="france-map-quiet">
                        {format!("Aucune initiative publiée pour l'instant dans les {quiet} autres départements.")}
                    </p>
                })}
            </div>
        </div>
    }
}
