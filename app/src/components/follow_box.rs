//! "Suivre": the box on a sheet, an organisation's page, a territory, a région and a theme
//! — follow with an email address, or take the page's Atom feed or calendar. A plain form
//! (no WASM): it works the same with and without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Link;

use super::returned_form;
use crate::api::Follow;
use crate::model::{FollowBox, Rhythm};

/// The form and the feeds of one page.
#[component]
pub fn FollowBoxView(follow: FollowBox) -> impl IntoView {
    let returned = returned_form("follow");
    let email = returned
        .as_ref()
        .map(|r| r.value("email"))
        .unwrap_or_default();
    let chosen = returned
        .as_ref()
        .and_then(|r| Rhythm::parse(&r.value("rhythm")))
        .unwrap_or_default();
    let email_error = returned.as_ref().and_then(|r| r.message_for("email"));
    let general_error = returned
        .as_ref()
        .filter(|r| r.message_for("email").is_none())
        .map(|r| r.message());
    let described_by = if email_error.is_some() {
        "suivre-aide suivre-email-erreur"
    } else {
        "suivre-aide"
    };
    let calendar = follow.calendar_path();
    let atom = follow.atom_path();
    view! {
        <section class="follow-box" id="suivre" aria-labelledby="suivre-titre">
            <h2 id="suivre-titre">{format!("Suivre {}", follow.what)}</h2>
            <p id="suivre-aide">"Recevez un e-mail quand il y a du nouveau : une nouvelle étape, un événement. Désinscription en un clic."</p>
            {general_error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <form class="stacked-form" method="post" action=Follow::url()>
                <input type="hidden" name="scope" value=follow.scope.clone() />
                <label for="suivre-email">"Votre adresse e-mail"</label>
                <input id="suivre-email" name="email" type="email" required autocomplete="email" inputmode="email"
                    value=email aria-describedby=described_by aria-invalid=email_error.is_some().then_some("true") />
                {email_error.map(|message| view! { <p class="field-error" id="suivre-email-erreur">{message}</p> })}
                <fieldset class="choices">
                    <legend>"Quand recevoir les nouvelles ?"</legend>
                    {Rhythm::ALL.into_iter().map(|rhythm| {
                        let id = format!("suivre-{}", rhythm.as_db());
                        view! {
                            <p class="choice">
                                <input type="radio" id=id.clone() name="rhythm" value=rhythm.as_db() checked=rhythm == chosen />
                                <label for=id>{rhythm.label()}</label>
                            </p>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="hp" aria-hidden="true">
                    <label for="suivre-website">"Site web (laissez ce champ vide)"</label>
                    <input id="suivre-website" name="website" type="text" tabindex="-1" autocomplete="off" />
                </div>
                <p><button type="submit">"Suivre"</button></p>
            </form>
            <p class="feeds">
                "Autrement : "
                <a href=atom.clone() type="application/atom+xml">"flux Atom"</a>
                " · "
                <a href=calendar.clone() type="text/calendar">"agenda (.ics)"</a>
                " · "
                <a href=follow.webcal.clone() class="webcal">"s'abonner à l'agenda"</a>
            </p>
        </section>
    }
}

/// The `<link rel="alternate">` of a page's feeds, in its `<head>`.
#[component]
pub fn FeedLinks(path: String, title: String) -> impl IntoView {
    let atom = crate::model::feed_path(&path, crate::model::FEED_ATOM);
    let calendar = crate::model::feed_path(&path, crate::model::FEED_CALENDAR);
    view! {
        <Link rel="alternate" type_="application/atom+xml" href=atom title=format!("{title} (Atom)") />
        <Link rel="alternate" type_="text/calendar" href=calendar title=format!("{title} (agenda)") />
    }
}
