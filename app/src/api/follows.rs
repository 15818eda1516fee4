//! "Suivre" without an account: ask to follow with an email address, confirm from the
//! email (a button: a POST, so mail scanners confirm nothing), then the personal page whose
//! link every message carries — change the rhythm, stop one follow or all of them — and the
//! "stop" link of every message. The token of each link is the only credential: each
//! function checks it before anything else.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{PendingFollow, StopLink, SubscriptionsPage};

/// Asks to follow a page. Whatever happens next (a new follow, one waiting for its
/// confirmation, one that already exists), the answer is the same: "look at your mailbox".
/// Rate-limited like sign-ups, with the same honeypot.
#[server(endpoint = "follow")]
pub async fn follow(
    scope: String,
    email: String,
    #[server(default)] rhythm: String,
    #[server(default)] website: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::services::follows;
    use crate::backend::{auth, state::app_state};
    use crate::model::{normalize_email, FollowScope, Rhythm};
    use crate::texts::{FollowProblem, SignupProblem};

    let state = app_state()?;
    let target = match FollowScope::parse(&scope) {
        Some(scope) => follows::target(&state.db, &scope).await?,
        None => None,
    };
    let page = target.as_ref().map_or("/".to_owned(), |t| t.path.clone());
    let form = Form::at(page, "follow", "suivre")
        .keep("email", &email)
        .keep("rhythm", &rhythm);
    let work = async {
        let target = target.ok_or(AppError::NotFound)?;
        if website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
            return Err(AppError::problem("website", SignupProblem::Honeypot));
        }
        if email.trim().is_empty() {
            return Err(AppError::problem("email", SignupProblem::EmailMissing));
        }
        let email = normalize_email(&email)
            .ok_or_else(|| AppError::problem("email", SignupProblem::EmailInvalid))?;
        let rhythm = if rhythm.trim().is_empty() {
            Rhythm::default()
        } else {
            Rhythm::parse(&rhythm)
                .ok_or_else(|| AppError::problem("rhythm", FollowProblem::Rhythm))?
        };
        state
            .signup_limiter
            .check(&state.db, &auth::client_ip(), chrono::Utc::now())
            .await?
            .map_err(|minutes| AppError::TooManySignups { minutes })?;
        follows::request(
            &state.db,
            &state.public_url,
            &target,
            &email,
            rhythm,
            chrono::Utc::now(),
            state.limits.unverified_mail_per_day,
        )
        .await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    answer(form, work, |_| "/suivre/merci".to_owned()).await
}

/// What a confirmation link would confirm (the page with the button).
#[server(endpoint = "get_pending_follow")]
pub async fn get_pending_follow(token: String) -> Result<PendingFollow, AppError> {
    use crate::backend::services::follows;
    use crate::backend::{auth, state::app_state};

    let state = app_state()?;
    follows::pending(
        &state.db,
        &auth::token_hash(token.trim()),
        chrono::Utc::now(),
    )
    .await?
    .ok_or(AppError::NotFound)
}

/// Confirms a follow (the button of the confirmation page). The person lands on their page.
#[server(endpoint = "confirm_follow")]
pub async fn confirm_follow(token: String) -> Result<String, AppError> {
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::services::follows;
    use crate::backend::{auth, state::app_state};

    let token = token.trim().to_owned();
    let form = Form::at(
        format!("/suivre/confirmer/{}", encode(&token)),
        "confirm",
        "",
    );
    let work = async {
        let state = app_state()?;
        follows::confirm(
            &state.db,
            &state.public_url,
            &auth::token_hash(&token),
            chrono::Utc::now(),
        )
        .await?
        .ok_or(AppError::NotFound)
    };
    answer(form, work, |manage| {
        format!("/abonnements/{}?confirme=1", encode(manage))
    })
    .await
}

/// The person behind a personal page's token.
#[cfg(feature = "ssr")]
async fn follower_of(token: &str) -> Result<i64, AppError> {
    use crate::backend::services::follows;
    use crate::backend::{auth, state::app_state};

    let state = app_state()?;
    follows::manager(&state.db, &auth::token_hash(token.trim()))
        .await?
        .ok_or(AppError::NotFound)
}

/// The personal page: the address and everything it follows.
#[server(endpoint = "get_subscriptions")]
pub async fn get_subscriptions(token: String) -> Result<SubscriptionsPage, AppError> {
    use crate::backend::services::follows;
    use crate::backend::state::app_state;

    let state = app_state()?;
    let follower = follower_of(&token).await?;
    let (email, follows) = follows::subscriptions(&state.db, follower)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SubscriptionsPage { email, follows })
}

/// Changes how often one follow's news comes.
#[server(endpoint = "change_rhythm")]
pub async fn change_rhythm(token: String, follow_id: i64, rhythm: String) -> Result<(), AppError> {
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::services::follows;
    use crate::backend::state::app_state;
    use crate::model::Rhythm;
    use crate::texts::FollowProblem;

    let page = format!("/abonnements/{}", encode(token.trim()));
    let work = async {
        let follower = follower_of(&token).await?;
        let rhythm = Rhythm::parse(&rhythm)
            .ok_or_else(|| AppError::problem("rhythm", FollowProblem::Rhythm))?;
        let state = app_state()?;
        if !follows::set_rhythm(&state.db, follower, follow_id, rhythm, chrono::Utc::now()).await? {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(Form::at(page, "rhythm", ""), work, |_| {
        "?fait=rythme".to_owned()
    })
    .await
}

/// Stops one follow. When nothing is left, the address is deleted and the person lands
/// on the page that says so.
#[server(endpoint = "stop_following")]
pub async fn stop_following(token: String, follow_id: i64) -> Result<bool, AppError> {
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::services::follows;
    use crate::backend::state::app_state;

    let page = format!("/abonnements/{}", encode(token.trim()));
    let work = async {
        let follower = follower_of(&token).await?;
        let state = app_state()?;
        if !follows::stop(&state.db, follower, follow_id).await? {
            return Err(AppError::NotFound);
        }
        Ok(
            follows::manager(&state.db, &crate::backend::auth::token_hash(token.trim()))
                .await?
                .is_some(),
        )
    };
    answer(Form::at(page, "stop", ""), work, |left| {
        if *left {
            "?fait=arret".to_owned()
        } else {
            "/abonnements/fin".to_owned()
        }
    })
    .await
}

/// Stops everything: the address is deleted.
#[server(endpoint = "stop_everything")]
pub async fn stop_everything(token: String) -> Result<(), AppError> {
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::services::follows;
    use crate::backend::state::app_state;

    let page = format!("/abonnements/{}", encode(token.trim()));
    let work = async {
        let follower = follower_of(&token).await?;
        let state = app_state()?;
        follows::stop_all(&state.db, follower).await?;
        Ok(())
    };
    answer(Form::at(page, "stop_all", ""), work, |_| {
        "/abonnements/fin".to_owned()
    })
    .await
}

/// What a message's "stop" link stops (the page with the button).
#[server(endpoint = "get_stop_link")]
pub async fn get_stop_link(token: String) -> Result<StopLink, AppError> {
    use crate::backend::services::follows;
    use crate::backend::{auth, state::app_state};

    let state = app_state()?;
    follows::stop_link(&state.db, &auth::token_hash(token.trim()))
        .await?
        .ok_or(AppError::NotFound)
}

/// The button of a "stop" link's page (mail providers post the same address directly:
/// see the server's one-click route).
#[server(endpoint = "stop_by_link")]
pub async fn stop_by_link(token: String) -> Result<(), AppError> {
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::services::follows;
    use crate::backend::{auth, state::app_state};

    let page = format!("/abonnements/arreter/{}", encode(token.trim()));
    let work = async {
        let state = app_state()?;
        follows::stop_by_link(&state.db, &auth::token_hash(token.trim()))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(())
    };
    answer(Form::at(page, "stop_link", ""), work, |_| {
        "/abonnements/fin".to_owned()
    })
    .await
}
