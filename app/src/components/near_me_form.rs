//! "Près de chez moi": a postal code, nothing else (no geolocation, no outside geocoder).
//! A plain GET form, so it works without JavaScript and its address can be shared.

use leptos::prelude::*;

#[component]
pub fn NearMeForm(
    /// The postal code already typed.
    #[prop(optional, into)]
    value: String,
    /// The refusal of that code, if any (shown under the field).
    #[prop(optional, into)]
    error: Option<String>,
) -> impl IntoView {
    let invalid = error.is_some().then_some("true");
    let described = error.is_some().then_some("code-postal-erreur");
    view! {
        <form class="near-me-form" method="get" action="/pres-de-chez-moi">
            <label for="code-postal">"Près de chez moi : votre code postal"</label>
            <span class="search-box-row">
                <input
                    id="code-postal"
                    name="code_postal"
                    type="text"
                    inputmode="numeric"
                    autocomplete="postal-code"
                    maxlength="5"
                    placeholder="ex. 44000"
                    value=value
                    aria-invalid=invalid
                    aria-describedby=described
                />
                <button type="submit">"Voir"</button>
            </span>
            {error.map(|message| view! {
                <p class="form-error" id="code-postal-erreur" role="alert">{message}</p>
            })}
        </form>
    }
}
