//! The gallery: a grid of thumbnails that link to the full images (works without
//! JavaScript) and, as an island, a lightbox with previous/next, Escape to close, focus
//! kept inside while open and given back to the thumbnail afterwards, swipe on touch
//! screens. Thumbnails carry `srcset`/`sizes` and their size (no layout shift); those
//! below the first row load lazily.

use leptos::ev::{KeyboardEvent, TouchEvent};
use leptos::prelude::*;

use crate::model::GalleryImage;

/// The gallery island. Its props are the public image data only.
#[island]
pub fn Gallery(images: Vec<GalleryImage>) -> impl IntoView {
    let count = images.len();
    let images = StoredValue::new(images);
    let current = RwSignal::new(0_usize);
    // The thumbnail that opened the lightbox gets the focus back when it closes.
    let opener = RwSignal::new(0_usize);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Set once the island runs in the browser: styles and tests can tell the lightbox is live.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));

    let step = move |delta: isize| {
        if count > 0 {
            current.update(|i| *i = (*i as isize + delta).rem_euclid(count as isize) as usize);
        }
    };
    let open = move |index: usize| {
        current.set(index);
        opener.set(index);
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    };
    let give_focus_back = move |_| {
        let id = thumb_id(opener.get_untracked());
        if let Some(thumb) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            if let Ok(thumb) = thumb.dyn_into::<web_sys::HtmlElement>() {
                let _ = thumb.focus();
            }
        }
    };
    // Swipe: a horizontal move of more than 50 px changes the image.
    let touch_start = std::rc::Rc::new(std::cell::Cell::new(None::<i32>));
    let first_x = |ev: &TouchEvent| ev.changed_touches().get(0).map(|touch| touch.client_x());
    let started = touch_start.clone();
    let on_touchstart = move |ev: TouchEvent| started.set(first_x(&ev));
    let on_touchend = move |ev: TouchEvent| {
        if let (Some(start), Some(end)) = (touch_start.take(), first_x(&ev)) {
            match end - start {
                dx if dx > 50 => step(-1),
                dx if dx < -50 => step(1),
                _ => {}
            }
        }
    };
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowLeft" => step(-1),
        "ArrowRight" => step(1),
        "Tab" => keep_focus_inside(&ev, dialog),
        _ => {}
    };

    let thumbs = images.with_value(|images| {
        images
            .iter()
            .cloned()
            .enumerate()
            .map(|(index, image)| {
                let srcset = image.srcset.clone();
                let webp = (!image.webp_srcset.is_empty()).then(|| image.webp_srcset.clone());
                let caption = (!image.caption.is_empty()).then(|| image.caption.clone());
                view! {
                    <li>
                        <a
                            class="gallery-thumb"
                            id=thumb_id(index)
                            href=image.url
                            on:click=move |ev| {
                                ev.prevent_default();
                                open(index);
                            }
                        >
                            <picture>
                                {webp.map(|webp| view! { <source type="image/webp" srcset=webp sizes=GRID_SIZES /> })}
                                <img
                                    src=image.thumb_url
                                    srcset=srcset
                                    sizes=GRID_SIZES
                                    width=image.thumb_width
                                    height=image.thumb_height
                                    alt=image.alt
                                    loading=if index < 4 { "eager" } else { "lazy" }
                                    decoding="async"
                                />
                            </picture>
                        </a>
                        {caption.map(|caption| view! { <p class="gallery-caption">{caption}</p> })}
                    </li>
                }
            })
            .collect_view()
    });

    view! {
        <ul class="gallery-grid" data-interactive=move || interactive.get().then_some("true")>
            {thumbs}
        </ul>
        <dialog
            node_ref=dialog
            class="lightbox"
            aria-label="Visionneuse d'images"
            on:close=give_focus_back
            on:keydown=on_keydown
            on:touchstart=on_touchstart
            on:touchend=on_touchend
        >
            {move || {
                let index = current.get();
                images
                    .with_value(|images| images.get(index).cloned())
                    .map(|image| {
                        let srcset = image.srcset.clone();
                        let caption = if image.caption.is_empty() { image.alt.clone() } else { image.caption.clone() };
                        view! {
                            <figure class="lightbox-figure">
                                <img
                                    src=image.url
                                    srcset=srcset
                                    sizes="96vw"
                                    alt=image.alt.clone()
                                    width=image.width
                                    height=image.height
                                    loading="lazy"
                                />
                                <figcaption>{caption}</figcaption>
                            </figure>
                        }
                    })
            }}
            <div class="lightbox-controls">
                <button type="button" on:click=move |_| step(-1)>
                    "‹ Image précédente"
                </button>
                <p class="lightbox-position" aria-live="polite">
                    {move || format!("Image {} sur {}", current.get() + 1, count)}
                </p>
                <button type="button" on:click=move |_| step(1)>
                    "Image suivante ›"
                </button>
                <button
                    type="button"
                    class="lightbox-close"
                    on:click=move |_| {
                        if let Some(dialog) = dialog.get() {
                            dialog.close();
                        }
                    }
                >
                    "Fermer"
                </button>
            </div>
        </dialog>
    }
}

/// How wide a thumbnail is shown, for the browser to pick a `srcset` candidate.
const GRID_SIZES: &str = "(min-width: 60rem) 14rem, (min-width: 30rem) 30vw, 45vw";

fn thumb_id(index: usize) -> String {
    format!("galerie-vignette-{}", index + 1)
}

/// Tab and Shift+Tab cycle through the lightbox's buttons instead of leaving it.
fn keep_focus_inside(ev: &KeyboardEvent, dialog: NodeRef<leptos::html::Dialog>) {
    use wasm_bindgen::JsCast;
    let Some(dialog) = dialog.get() else { return };
    let Ok(buttons) = dialog.query_selector_all("button") else {
        return;
    };
    let len = buttons.length();
    if len == 0 {
        return;
    }
    let active = document().active_element();
    let first = buttons.item(0);
    let last = buttons.item(len - 1);
    let is = |node: &Option<web_sys::Node>| match (node, &active) {
        (Some(node), Some(active)) => node.is_same_node(Some(active.as_ref())),
        _ => false,
    };
    let target = if ev.shift_key() && (is(&first) || active.is_none()) {
        last
    } else if !ev.shift_key() && is(&last) {
        first
    } else {
        return;
    };
    if let Some(element) = target.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        ev.prevent_default();
        let _ = element.focus();
    }
}
