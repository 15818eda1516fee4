//! Plain text with blank-line-separated paragraphs, rendered as `<p>` elements.

use leptos::prelude::*;

/// Renders `text` as paragraphs; single line breaks inside a paragraph are kept by CSS.
#[component]
pub fn Paragraphs(text: String) -> impl IntoView {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| view! { <p class="prose">{p.to_owned()}</p> })
        .collect_view()
}
