//! "Copier le lien" and, where the browser has it, "Partager…" (the Web Share API): a tiny
//! island next to the share links of a sheet. It is hidden until it hydrates, so without
//! JavaScript only the plain links show. The browser's APIs are reached through `js-sys`
//! reflection rather than `web-sys`' unstable bindings, which keeps it a few kilobytes.

use leptos::prelude::*;

#[island]
pub fn ShareTools(url: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    let can_share = RwSignal::new(false);
    let (said, say) = signal(String::new());
    Effect::new(move |_| {
        can_share.set(browser::has("share"));
        ready.set(browser::has("clipboard"));
    });
    let copy = {
        let url = url.clone();
        move |_| {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                let message = if browser::copy(&url).await {
                    "Lien copié : collez-le où vous voulez."
                } else {
                    "Copie impossible : sélectionnez l'adresse de la page."
                };
                say.set(message.to_owned());
            });
        }
    };
    let share = move |_| {
        let url = url.clone();
        leptos::task::spawn_local(async move {
            browser::share(&url).await;
        });
    };
    view! {
        <div class="share-tools" hidden=move || !ready.get()>
            <button type="button" on:click=copy>"Copier le lien"</button>
            <button type="button" on:click=share hidden=move || !can_share.get()>"Partager…"</button>
            <p class="share-status" role="status">{said}</p>
        </div>
    }
}

/// The browser's clipboard and share sheet, through reflection (nothing on the server).
mod browser {
    use wasm_bindgen::{JsCast, JsValue};

    fn navigator() -> Option<JsValue> {
        let window = web_sys::window()?;
        js_sys::Reflect::get(&window, &JsValue::from_str("navigator")).ok()
    }

    fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
        js_sys::Reflect::get(target, &JsValue::from_str(name))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    }

    /// Whether `navigator[name]` exists.
    pub fn has(name: &str) -> bool {
        navigator()
            .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str(name)).ok())
            .is_some_and(|v| !v.is_undefined() && !v.is_null())
    }

    async fn settle(promise: Result<JsValue, JsValue>) -> bool {
        match promise.map(js_sys::Promise::from) {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        }
    }

    /// `navigator.clipboard.writeText(text)`; false when refused or missing.
    pub async fn copy(text: &str) -> bool {
        let Some(clipboard) = navigator()
            .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        else {
            return false;
        };
        let Some(write) = method(&clipboard, "writeText") else {
            return false;
        };
        settle(write.call1(&clipboard, &JsValue::from_str(text))).await
    }

    /// `navigator.share({ url })` (the person may close it: nothing to say then). The
    /// share sheet takes the page's title itself.
    pub async fn share(url: &str) {
        let Some(navigator) = navigator() else {
            return;
        };
        let Some(share) = method(&navigator, "share") else {
            return;
        };
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &JsValue::from_str("url"), &JsValue::from_str(url));
        settle(share.call1(&navigator, &data)).await;
    }
}
