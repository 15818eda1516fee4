//! The search form of every page's header and of the results page: a plain GET form to
//! `/initiatives`, so it works without JavaScript and its address can be shared.

use leptos::prelude::*;

#[component]
pub fn SearchBox(
    /// What is already searched (shown in the field).
    #[prop(optional, into)]
    query: String,
    /// The field's id (two boxes may be on one page).
    #[prop(into)]
    id: String,
    /// The form's accessible name: two search landmarks on one page need distinct ones.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    view! {
        <form class="search-box" role="search" aria-label=name method="get" action="/initiatives">
            <label for=id.clone()>"Rechercher une initiative"</label>
            <span class="search-box-row">
                <input id=id type="search" name="q" value=query placeholder="ex. banquet, jardin partagé" />
                <button type="submit">"Rechercher"</button>
            </span>
        </form>
    }
}
