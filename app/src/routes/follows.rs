//! The pages of "Suivre": "look at your mailbox" after asking, the confirmation link's page
//! (a button), the personal page reached from every message, the page of a message's
//! "stop" link (a button; mail providers post the same address), and "it is done".
//! Every page reached by a token is private (`no-store`) and not indexed.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{refusal_message, ErrorMessage};
use crate::api::{
    get_pending_follow, get_stop_link, get_subscriptions, ChangeRhythm, ConfirmFollow, StopByLink,
    StopEverything, StopFollowing,
};
use crate::error::AppError;
use crate::model::{PendingFollow, Rhythm, StopLink, SubscriptionsPage};

/// `/suivre/merci`: the same answer whether the address was new, waiting or following.
#[component]
pub fn FollowSentPage() -> impl IntoView {
    view! {
        <Title text="Vérifiez votre boîte mail" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>"Vérifiez votre boîte mail"</h1>
            <p class="notice success" role="status">
                "Nous vous avons envoyé un e-mail. Ouvrez le lien qu'il contient pour confirmer : rien ne vous sera envoyé d'autre avant."
            </p>
            <p>"Pas de message d'ici quelques minutes ? Regardez dans les courriers indésirables. Sans confirmation, votre adresse est oubliée au bout de 7 jours."</p>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}

/// A link that no longer works (used, too old, or stopped since).
#[component]
fn LinkGone() -> impl IntoView {
    crate::components::set_http_status(404);
    view! {
        <Title text="Lien expiré" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>"Ce lien ne fonctionne plus"</h1>
            <p>"Il a déjà servi, il a expiré (un lien de confirmation vaut 7 jours), ou l'abonnement a été arrêté depuis."</p>
            <p>"Pour suivre une action, un territoire ou un thème, utilisez le bouton « Suivre » de sa page."</p>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}

fn token_param() -> impl Fn() -> String + Copy {
    let params = use_params_map();
    move || params.read().get("token").unwrap_or_default()
}

/// `/suivre/confirmer/{token}`: what the link confirms, and the button.
#[component]
pub fn ConfirmFollowRoute() -> impl IntoView {
    let token = token_param();
    let pending = Resource::new_blocking(token, get_pending_follow);
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(pending) => view! { <ConfirmFollow pending token=token() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <LinkGone /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConfirmFollow(pending: PendingFollow, token: String) -> impl IntoView {
    let error = refusal_message();
    view! {
        <Title text="Confirmer mon abonnement" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>"Confirmer mon abonnement"</h1>
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <p>
                "Vous allez suivre "<a href=pending.href.clone()>{pending.name.clone()}</a>
                {format!(" : {}.", pending.rhythm.label().to_lowercase())}
            </p>
            <form method="post" action=ConfirmFollow::url()>
                <input type="hidden" name="token" value=token />
                <button type="submit">"Confirmer"</button>
            </form>
            <p>"Si vous n'avez rien demandé, fermez simplement cette page : vous ne recevrez rien."</p>
        </section>
    }
}

/// `/abonnements/{token}`: everything the person follows.
#[component]
pub fn SubscriptionsRoute() -> impl IntoView {
    let token = token_param();
    let page = Resource::new_blocking(token, get_subscriptions);
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Subscriptions page token=token() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <LinkGone /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Subscriptions(page: SubscriptionsPage, token: String) -> impl IntoView {
    let query = use_query_map();
    let done = query.with_untracked(|q| {
        if q.get("confirme").is_some() {
            Some("C'est confirmé : vous recevrez les nouvelles à l'adresse ci-dessous.")
        } else {
            match q.get("fait").as_deref() {
                Some("rythme") => Some("C'est enregistré."),
                Some("arret") => Some("C'est fait : vous ne suivez plus cette page."),
                _ => None,
            }
        }
    });
    let error = refusal_message();
    let SubscriptionsPage { email, follows } = page;
    let empty = follows.is_empty();
    view! {
        <Title text="Mes abonnements" />
        <Meta name="robots" content="noindex" />
        <section class="message-page subscriptions">
            {done.map(|message| view! { <p class="notice success" role="status">{message}</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <h1>"Mes abonnements"</h1>
            <p>{format!("Les nouvelles sont envoyées à {email}.")}</p>
            {empty.then(|| view! { <p>"Aucun abonnement confirmé pour le moment."</p> })}
            <ul class="followed">
                {follows.into_iter().map(|follow| {
                    let id = follow.id;
                    let select_id = format!("rythme-{id}");
                    let hidden_name = format!(" : {}", follow.name);
                    view! {
                        <li>
                            <h2><a href=follow.href.clone()>{follow.name.clone()}</a></h2>
                            <form class="inline-form" method="post" action=ChangeRhythm::url()>
                                <input type="hidden" name="token" value=token.clone() />
                                <input type="hidden" name="follow_id" value=id />
                                <label for=select_id.clone()>"Recevoir"<span class="visually-hidden">{hidden_name.clone()}</span></label>
                                <select id=select_id name="rhythm">
                                    {Rhythm::ALL.into_iter().map(|rhythm| view! {
                                        <option value=rhythm.as_db() selected=rhythm == follow.rhythm>{rhythm.label()}</option>
                                    }).collect_view()}
                                </select>
                                <button type="submit">"Enregistrer"<span class="visually-hidden">{hidden_name.clone()}</span></button>
                            </form>
                            <form class="inline-form" method="post" action=StopFollowing::url()>
                                <input type="hidden" name="token" value=token.clone() />
                                <input type="hidden" name="follow_id" value=id />
                                <button type="submit" class="danger">"Ne plus suivre"<span class="visually-hidden">{hidden_name}</span></button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form method="post" action=StopEverything::url()>
                <input type="hidden" name="token" value=token.clone() />
                <p>"Tout arrêter efface votre adresse : vous ne recevrez plus rien."</p>
                <button type="submit" class="danger">"Tout arrêter et effacer mon adresse"</button>
            </form>
        </section>
    }
}

/// `/abonnements/arreter/{token}`: the "stop" link of a message, opened in a browser.
#[component]
pub fn StopLinkRoute() -> impl IntoView {
    let token = token_param();
    let link = Resource::new_blocking(token, get_stop_link);
    view! {
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(link) => view! { <StopLinkPage link token=token() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <LinkGone /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StopLinkPage(link: StopLink, token: String) -> impl IntoView {
    let error = refusal_message();
    view! {
        <Title text="Ne plus recevoir ces messages" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>"Ne plus recevoir ces messages"</h1>
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <p>{format!("Vous ne recevrez plus {}.", link.what)}</p>
            <form method="post" action=StopByLink::url()>
                <input type="hidden" name="token" value=token />
                <button type="submit" class="danger">"Arrêter"</button>
            </form>
        </section>
    }
}

/// `/abonnements/fin`: done; the address is deleted when nothing is followed any more.
#[component]
pub fn StoppedPage() -> impl IntoView {
    view! {
        <Title text="C'est fait" />
        <Meta name="robots" content="noindex" />
        <section class="message-page">
            <h1>"C'est fait"</h1>
            <p class="notice success" role="status">"Vous ne recevrez plus ces messages. Si vous ne suivez plus rien, votre adresse a été effacée."</p>
            <p><a href="/">"Retour à l'accueil"</a></p>
        </section>
    }
}
