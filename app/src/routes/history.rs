//! `/actions/{slug}/historique`: the changes of a sheet as readable diffs, with a button to
//! put back the text a part had before a change. For référents and administrators.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ErrorMessage, NotFound};
use crate::api::{get_history, HistoryPage, RestoreChange};
use crate::components::set_http_status;
use crate::error::AppError;
use crate::model::DiffChunk;

#[component]
pub fn HistoryRoute() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let history = Resource::new_blocking(slug, get_history);
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(page) => view! { <History page /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(AppError::Unauthorized) => {
                        set_http_status(401);
                        view! {
                        <Title text="Connexion requise" />
                        <section class="message-page">
                            <h1>"Connexion requise"</h1>
                            <p>"L'historique d'une fiche est réservé à ses référents et aux administrateurs."</p>
                            <p><a href="/connexion">"Se connecter"</a></p>
                        </section>
                    }.into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn History(page: HistoryPage) -> impl IntoView {
    let query = use_query_map();
    let (restored, error) =
        query.with_untracked(|q| (q.get("retabli").is_some(), super::refusal_message()));
    let HistoryPage {
        action_id,
        slug,
        title,
        changes,
    } = page;
    let empty = changes.is_empty();
    view! {
        <Title text=format!("Historique — {title}") />
        <Meta name="robots" content="noindex" />
        <section class="history">
            <p><a href=format!("/actions/{slug}")>"‹ Retour à la fiche"</a></p>
            <h1>{format!("Historique : {title}")}</h1>
            {restored.then(|| view! { <p class="notice" role="status">"Le texte d'avant a été rétabli."</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {empty.then(|| view! { <p>"Aucune modification enregistrée pour le moment."</p> })}
            <ol class="changes">
                {changes.into_iter().map(|change| {
                    view! {
                        <li class="change">
                            <h2>{change.what.clone()}</h2>
                            <p class="update-meta">{format!("{} · {}", change.at, change.author)}</p>
                            <p class="diff">
                                {change.diff.into_iter().map(|chunk| match chunk {
                                    DiffChunk::Same(text) => view! { <span>{text}</span> }.into_any(),
                                    DiffChunk::Added(text) => view! { <ins>{text}</ins> }.into_any(),
                                    DiffChunk::Removed(text) => view! { <del>{text}</del> }.into_any(),
                                }).collect_view()}
                            </p>
                            {change.restorable.then(|| view! {
                                <form method="post" action=RestoreChange::url()>
                                    <input type="hidden" name="action_id" value=action_id />
                                    <input type="hidden" name="change_id" value=change.id />
                                    <button type="submit">
                                        "Rétablir le texte d'avant"
                                        <span class="visually-hidden">{format!(" ({})", change.what)}</span>
                                    </button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
