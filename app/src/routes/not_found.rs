//! "Page introuvable", with status 404.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::set_http_status;

/// The fallback of the route table: any unknown address.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <NotFound /> }
}

/// The "page introuvable" content; sets the 404 status of the response.
#[component]
pub fn NotFound() -> impl IntoView {
    set_http_status(404);
    view! {
        <Title text="Page introuvable" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>"Page introuvable"</h1>
            <p>"Cette page n'existe pas ou n'est plus publiée. L'adresse est peut-être incomplète."</p>
            <p><a href="/">"Voir toutes les fiches action"</a></p>
        </section>
    }
}

/// A page-level error other than "not found": a generic French message, never details.
#[component]
pub fn ErrorMessage(error: crate::error::AppError) -> impl IntoView {
    // The status, and `Retry-After` when the error says how long to wait (503).
    crate::error::set_error_status(&error);
    let heading = if error == crate::error::AppError::Unavailable {
        "Service momentanément indisponible"
    } else {
        "Un problème est survenu"
    };
    view! {
        <Title text="Erreur" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}
