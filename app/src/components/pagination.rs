//! "‹ Page précédente · Page 2 sur 5 · Page suivante ›" for any list whose page is in the
//! address (`?page=2`, page 1 without it).

use leptos::prelude::*;

use crate::model::page_href;

#[component]
pub fn Pagination(
    /// The list's address without its page.
    #[prop(into)]
    base: String,
    page: i64,
    page_count: i64,
    /// The navigation's accessible name ("Pages de l'agenda").
    #[prop(into)]
    label: String,
) -> impl IntoView {
    (page_count > 1).then(|| {
        let previous = (page > 1).then(|| page_href(&base, page - 1));
        let next = (page < page_count).then(|| page_href(&base, page + 1));
        view! {
            <nav class="pagination" aria-label=label>
                {previous.map(|href| view! { <a href=href rel="prev">"‹ Page précédente"</a> })}
                <span>{format!("Page {page} sur {page_count}")}</span>
                {next.map(|href| view! { <a href=href rel="next">"Page suivante ›"</a> })}
            </nav>
        }
    })
}
