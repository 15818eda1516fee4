//! A list of events to come (the agenda, the home page, the pages of a territory, a theme
//! or an organisation, "Près de chez moi"): each links to its place on its sheet, where
//! the sign-up form is, and says how many places are left.

use leptos::prelude::*;

use crate::model::{AgendaEvent, EventState};

#[component]
pub fn AgendaList(
    events: Vec<AgendaEvent>,
    /// Whether each event names its département (lists that span several).
    #[prop(optional)]
    with_departement: bool,
) -> impl IntoView {
    view! {
        <ul class="agenda-list">
            {events
                .into_iter()
                .map(|event| {
                    let href = event.href();
                    let class = match event.state {
                        EventState::Open => "availability open",
                        EventState::Full => "availability full",
                        EventState::Closed => "availability closed",
                        EventState::Cancelled => "availability cancelled",
                    };
                    let town = if with_departement && !event.departement.is_empty() {
                        format!("{}, {}", event.city, event.departement)
                    } else {
                        event.city.clone()
                    };
                    let place = if event.place.trim().is_empty() {
                        town
                    } else {
                        format!("{} ({town})", event.place)
                    };
                    view! {
                        <li class="agenda-item">
                            <p class="agenda-when"><time datetime=event.starts_at>{event.when}</time></p>
                            <p class="agenda-title"><a href=href>{event.title}</a></p>
                            <p class="agenda-place">{place}</p>
                            <p class="agenda-sheet">{event.sheet_title}" · "{event.organisation_name}</p>
                            <p class=class>{event.availability}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
