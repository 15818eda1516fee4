//! Choosing a password from an emailed link (`/mot-de-passe?jeton=…`) and asking for one
//! (`/mot-de-passe-oublie`). Plain forms.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::{check_token, RequestPasswordReset, SetPassword};
use crate::components::set_http_status;
use crate::model::MIN_PASSWORD_CHARS;

#[component]
pub fn ChoosePasswordPage() -> impl IntoView {
    let query = use_query_map();
    let (token, error) =
        query.with_untracked(|q| (q.get("jeton").unwrap_or_default(), super::refusal_message()));
    let token_for_check = token.clone();
    let person = Resource::new_blocking(move || token_for_check.clone(), check_token);
    view! {
        <Title text="Choisir un mot de passe" />
        <Meta name="robots" content="noindex" />
        <Meta name="referrer" content="same-origin" />
        <section class="form-page">
            <h1>"Choisir un mot de passe"</h1>
            <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
                {move || {
                    let token = token.clone();
                    let error = error.clone();
                    Suspend::new(async move {
                        match person.await {
                            Ok(name) => view! {
                                <p>{format!("Bonjour {name}, choisissez le mot de passe de votre compte Passeurs.")}</p>
                                {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                                <form class="stacked-form" method="post" action=SetPassword::url()>
                                    <input type="hidden" name="token" value=token />
                                    <label for="password">"Nouveau mot de passe"</label>
                                    <p class="field-hint" id="password-hint">{format!("Au moins {MIN_PASSWORD_CHARS} caractères. Une phrase facile à retenir fait un bon mot de passe.")}</p>
                                    <input id="password" name="password" type="password" autocomplete="new-password" required minlength=MIN_PASSWORD_CHARS.to_string() aria-describedby="password-hint" />
                                    <label for="confirmation">"Le même mot de passe, encore"</label>
                                    <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required />
                                    <button type="submit">"Enregistrer mon mot de passe"</button>
                                </form>
                            }
                            .into_any(),
                            Err(_) => {
                                set_http_status(410);
                                view! {
                                    <p class="form-error" role="alert">"Ce lien n'est plus valable : il a déjà servi ou a expiré."</p>
                                    <p><a href="/mot-de-passe-oublie">"Recevoir un nouveau lien"</a></p>
                                }
                                .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ForgottenPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let sent = query.with_untracked(|q| q.get("envoye").is_some());
    let back = crate::components::returned_form("forgotten");
    let error = back.as_ref().map(|back| back.message());
    let typed_email = back.map(|back| back.value("email")).unwrap_or_default();
    let valid = crate::texts::duration_fr(crate::model::RESET_LINK_LIFETIME);
    view! {
        <Title text="Mot de passe oublié" />
        <Meta name="robots" content="noindex" />
        <section class="form-page">
            <h1>"Mot de passe oublié"</h1>
            {sent.then(|| view! {
                <p class="notice" role="status">{format!("Si un compte existe avec cette adresse, un message vient d'y être envoyé avec un lien valable {valid}.")}</p>
            })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <form class="stacked-form" method="post" action=RequestPasswordReset::url()>
                <label for="email">"Adresse e-mail de votre compte"</label>
                <input id="email" name="email" type="email" autocomplete="username" required value=typed_email />
                <button type="submit">"Recevoir un lien"</button>
            </form>
        </section>
    }
}
