//! The login page (`/connexion`): a plain form, so it works with and without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::Login;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let back = crate::components::returned_form("login");
    let next = query.with_untracked(|q| q.get("suite"));
    // Sent here by a form refused for want of a session: its text waits at `suite`.
    let sent_by_form = next.as_deref().is_some_and(|n| n.contains("retour="));
    let message = back
        .as_ref()
        .map(|back| back.message())
        .or_else(|| sent_by_form.then(|| crate::error::AppError::Unauthorized.to_string()));
    let typed_email = back.map(|back| back.value("email")).unwrap_or_default();
    let next = crate::model::safe_next(next.as_deref());
    let has_error = message.is_some();
    view! {
        <Title text="Connexion" />
        <Meta name="robots" content="noindex" />
        <section class="form-page">
            <h1>"Connexion"</h1>
            <p>"Réservée aux référents des actions et aux administrateurs de la fédération."</p>
            {message.map(|message| view! { <p class="form-error" role="alert" id="erreur-connexion">{message}</p> })}
            <form method="post" action=Login::url() class="stacked-form">
                <input type="hidden" name="next" value=next />
                <label for="email">"Adresse e-mail"</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                    value=typed_email
                    aria-invalid=has_error.then_some("true")
                    aria-describedby=has_error.then_some("erreur-connexion")
                />
                <label for="password">"Mot de passe"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit">"Se connecter"</button>
            </form>
            <p><a href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></p>
        </section>
    }
}
