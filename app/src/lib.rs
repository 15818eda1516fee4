//! Passeurs: the pages, components and server functions shared by the server (`ssr`) and
//! the browser (`hydrate`, islands only). `shell` and the route table live here.

// Views of whole pages are deeply nested types.
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod error;
pub mod routes;

/// The words of the domain, the French texts and the refused form live in `passeurs-core`
/// (no I/O, no features; the browser build gets them too); `app::model`, `app::texts` and
/// `app::returned` stay their paths here.
pub use passeurs_core::{model, returned, texts};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::api::Logout;
use crate::model::CurrentUser;
use crate::routes::{
    ActionPage, AdminPage, AgendaRoute, ChoosePasswordPage, ConfirmFollowRoute, DepartementRoute,
    EmbedHelpPage, EmbedRoute, FollowSentPage, ForgottenPasswordPage, HistoryRoute, HomePage,
    LoginPage, NearMeRoute, NotFoundPage, OrganisationRoute, ParticipantsRoute, PosterRoute,
    PrintRoute, RegionRoute, RegistrationRoute, SearchRoute, StopLinkRoute, StoppedPage,
    SubscriptionsRoute, ThemeRoute,
};
use leptos::server_fn::ServerFn;

use texts::{PLATFORM_NAME, PLATFORM_TAGLINE};

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <BootScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The scripts that load the WASM and hydrate the islands. Its one inline script is
/// allowed by the Content-Security-Policy through its hash, computed from this same
/// component at startup (the server's `csp` module).
#[component]
pub fn BootScripts(options: LeptosOptions) -> impl IntoView {
    view! { <HydrationScripts options islands=true /> }
}

/// The page frame (header, main, footer) and the route table.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|title: String| crate::model::page_title(&title, PLATFORM_NAME) />
        <Meta name="theme-color" content="#1d5c63" />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-name">{PLATFORM_NAME}</span>
                <span class="brand-tagline">{PLATFORM_TAGLINE}</span>
            </a>
            <nav class="main-nav" aria-label="Principal">
                <a href="/initiatives">"Initiatives"</a>
                <a href="/agenda">"Agenda"</a>
                <a href="/pres-de-chez-moi">"Près de chez moi"</a>
            </nav>
            <crate::components::SearchBox id="recherche" name="Rechercher sur le site" />
            <AccountBar />
        </header>
        <main id="contenu">
            <Router>
                <Routes fallback=NotFoundPage>
                    // Async: the whole page (head tags, status code) is rendered once its
                    // data is there; with JavaScript off nothing depends on streaming.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/actions/:slug") view=ActionPage ssr=SsrMode::Async />
                    <Route path=path!("/actions/:slug/historique") view=HistoryRoute ssr=SsrMode::Async />
                    <Route path=path!("/actions/:slug/imprimer") view=PrintRoute ssr=SsrMode::Async />
                    <Route path=path!("/evenements/:id/affiche") view=|| view! { <PosterRoute flyer=false /> } ssr=SsrMode::Async />
                    <Route path=path!("/evenements/:id/flyer") view=|| view! { <PosterRoute flyer=true /> } ssr=SsrMode::Async />
                    <Route path=path!("/actions/:slug/evenements/:id") view=ParticipantsRoute ssr=SsrMode::Async />
                    <Route path=path!("/inscription/:token") view=RegistrationRoute ssr=SsrMode::Async />
                    <Route path=path!("/initiatives") view=SearchRoute ssr=SsrMode::Async />
                    <Route path=path!("/themes/:slug") view=ThemeRoute ssr=SsrMode::Async />
                    <Route path=path!("/territoires/:address") view=DepartementRoute ssr=SsrMode::Async />
                    <Route path=path!("/regions/:address") view=RegionRoute ssr=SsrMode::Async />
                    <Route path=path!("/organisations/:slug") view=OrganisationRoute ssr=SsrMode::Async />
                    <Route path=path!("/agenda") view=AgendaRoute ssr=SsrMode::Async />
                    <Route path=path!("/pres-de-chez-moi") view=NearMeRoute ssr=SsrMode::Async />
                    <Route path=path!("/integrer") view=EmbedHelpPage />
                    <Route path=path!("/integrer/territoires/:name") view=|| view! { <EmbedRoute kind="territoires" /> } ssr=SsrMode::Async />
                    <Route path=path!("/integrer/organisations/:name") view=|| view! { <EmbedRoute kind="organisations" /> } ssr=SsrMode::Async />
                    <Route path=path!("/integrer/themes/:name") view=|| view! { <EmbedRoute kind="themes" /> } ssr=SsrMode::Async />
                    <Route path=path!("/suivre/merci") view=FollowSentPage />
                    <Route path=path!("/suivre/confirmer/:token") view=ConfirmFollowRoute ssr=SsrMode::Async />
                    <Route path=path!("/abonnements/fin") view=StoppedPage />
                    <Route path=path!("/abonnements/arreter/:token") view=StopLinkRoute ssr=SsrMode::Async />
                    <Route path=path!("/abonnements/:token") view=SubscriptionsRoute ssr=SsrMode::Async />
                    <Route path=path!("/connexion") view=LoginPage />
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe") view=ChoosePasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe-oublie") view=ForgottenPasswordPage />
                </Routes>
            </Router>
        </main>
        <footer class="site-footer">
            <p class="footer-links">
                <a href="/integrer">"Intégrer Passeurs sur votre site"</a>
                " · "
                <a href="/flux.atom" type="application/atom+xml">"Flux Atom de toutes les nouvelles"</a>
                " · "
                <a href="/agenda.ics" type="text/calendar">"Agenda (.ics)"</a>
            </p>
            <p>
                {PLATFORM_NAME}" — les centres sociaux, espaces de vie sociale et associations partagent leurs actions."
            </p>
        </footer>
    }
}

/// The signed-in person of the request being rendered (server rendering only).
pub fn signed_in_user() -> Option<CurrentUser> {
    #[cfg(feature = "ssr")]
    {
        backend::auth::current_user()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// "Connexion" for visitors; the person's name and "Se déconnecter" once signed in.
#[component]
fn AccountBar() -> impl IntoView {
    match signed_in_user() {
        Some(user) => view! {
            <nav class="account-bar" aria-label="Compte">
                <span>{format!("Connecté(e) : {}", user.display_name)}</span>
                {user.is_admin.then(|| view! { <a href="/admin">"Administration"</a> })}
                <form method="post" action=Logout::url()>
                    <button type="submit">"Se déconnecter"</button>
                </form>
            </nav>
        }
        .into_any(),
        None => view! {
            <nav class="account-bar" aria-label="Compte">
                <a href="/connexion">"Connexion référents"</a>
            </nav>
        }
        .into_any(),
    }
}
