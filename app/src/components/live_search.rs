//! Results that follow the typing, on `/initiatives`. With JavaScript, a pause in typing
//! in the results page's search field (debounced with `gloo-timers`) fetches the results
//! page of what is typed — the server's own HTML, often straight from the page cache — and
//! swaps its results in, keeping the address in step (`history.replaceState`) and saying
//! the new count to screen readers. Without JavaScript the form is submitted as usual.
//!
//! The island carries only the parameters of the address around the searched text
//! (public, already encoded: `SearchFilters::address_around_text`), to write the canonical
//! address of each search without the filters' own code in the bundle. The page is fetched
//! with the browser's `fetch` through `web-sys` rather than `gloo-net`, whose request
//! types cost more of the 150 KB bundle than this whole island may.

use leptos::prelude::*;

use crate::model::address_with_text;

/// Milliseconds without typing before searching.
const PAUSE_MS: u32 = 350;

/// The id of the results page's search field (see `routes::search`).
pub const FIELD_ID: &str = "recherche-page";
/// The id of the part of the results page that is swapped.
pub const RESULTS_ID: &str = "resultats";
/// The id of the results page's heading (it says what was searched).
pub const HEADING_ID: &str = "titre-recherche";

#[island]
pub fn LiveSearch(before: String, after: String) -> impl IntoView {
    let announce = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(announce) = announce.get() {
            follow_typing(before.clone(), after.clone(), announce);
        }
    });
    view! { <p class="visually-hidden" role="status" node_ref=announce></p> }
}

/// Listens to the search field for the rest of the page's life.
fn follow_typing(before: String, after: String, announce: web_sys::HtmlParagraphElement) {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::JsCast;

    let Some(field) = document()
        .get_element_by_id(FIELD_ID)
        .and_then(|element| element.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let pending: Rc<RefCell<Option<gloo_timers::callback::Timeout>>> = Rc::default();
    // Answers can come back out of order: only the latest search is shown.
    let latest = Rc::new(Cell::new(0u32));
    let input = field.clone();
    gloo_events::EventListener::new(&field, "input", move |_| {
        let text = input.value();
        let (before, after) = (before.clone(), after.clone());
        let (announce, latest) = (announce.clone(), latest.clone());
        let search = gloo_timers::callback::Timeout::new(PAUSE_MS, move || {
            let text = text.trim();
            if text.chars().count() == 1 {
                return;
            }
            let address = address_with_text(&before, text, &after);
            let number = latest.get().wrapping_add(1);
            latest.set(number);
            leptos::task::spawn_local(async move {
                if let Some(html) = fetch_page(&address).await {
                    if latest.get() == number {
                        swap(&html, &address, &announce);
                    }
                }
            });
        });
        // Replacing the pending search cancels it.
        pending.borrow_mut().replace(search);
    })
    .forget();
}

/// The HTML of a page of this site, when it answers 2xx.
async fn fetch_page(address: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(window().fetch_with_str(address))
        .await
        .ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    text.as_string()
}

/// Puts the results and heading of a fetched results page in place of the current ones.
fn swap(html: &str, address: &str, announce: &web_sys::HtmlParagraphElement) {
    let Ok(parser) = web_sys::DomParser::new() else {
        return;
    };
    let Ok(fresh) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else {
        return;
    };
    let page = document();
    for id in [RESULTS_ID, HEADING_ID] {
        if let (Some(new), Some(old)) = (fresh.get_element_by_id(id), page.get_element_by_id(id)) {
            old.set_inner_html(&new.inner_html());
        }
    }
    page.set_title(&fresh.title());
    if let Ok(Some(count)) = fresh.query_selector(".search-count") {
        announce.set_text_content(count.text_content().as_deref());
    }
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address));
    }
}
