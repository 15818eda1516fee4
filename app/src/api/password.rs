//! Choosing a password from an emailed link (invitation or "mot de passe oublié"), and
//! asking for such a link.

use leptos::prelude::*;

use crate::error::AppError;

/// Whether a link is still usable, and for whom (the page greets the person).
#[server(endpoint = "check_token")]
pub async fn check_token(token: String) -> Result<String, AppError> {
    use crate::backend::{auth, state::app_state};
    let state = app_state()?;
    crate::backend::db::accounts::peek_token(&state.db, &auth::token_hash(&token))
        .await?
        .map(|(_, name)| name)
        .ok_or(AppError::NotFound)
}

/// Sets the password of the link's account, uses the link up, ends the account's other
/// sessions and opens a new one.
#[server(endpoint = "set_password")]
pub async fn set_password(
    token: String,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::{auth, state::app_state};
    use crate::model::password_problem;
    use crate::texts::AccountProblem;
    // The link's token is already in the page's address: it is the page, not the person's data.
    let form = Form::at(
        format!("/mot-de-passe?jeton={}", encode(&token)),
        "password",
        "",
    );
    let work = async {
        if password != confirmation {
            return Err(AppError::problem(
                "confirmation",
                AccountProblem::PasswordsDiffer,
            ));
        }
        if let Some(problem) = password_problem(&password) {
            return Err(AppError::problem("password", problem));
        }
        let state = app_state()?;
        let turn = state.cpu.passwords.turn().await?;
        let hash = auth::hash_password(password).await?;
        drop(turn);
        let account_id = crate::backend::services::accounts::set_password_with_token(
            &state.db,
            &auth::token_hash(&token),
            &hash,
        )
        .await?
        .ok_or(AppError::NotFound)?;
        let secure = auth::secure_cookies(&state.public_url);
        auth::set_cookie(&auth::open_session(&state.db, account_id, secure).await?);
        Ok(())
    };
    answer(form, work, |_| "/".to_owned()).await
}

/// Emails a password link if an active account has this address. The answer is the same,
/// and takes the same time, either way ([`PASSWORD_LINK_ANSWER_TIME`]), so as not to reveal
/// who has an account; the link and its message are written in one transaction before the
/// answer, so a restart or an SMTP outage cannot lose them. Requests are rate-limited like
/// logins, with their own counters.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, services, state::app_state};
    use crate::model::normalize_email;
    use crate::texts::AccountProblem;
    let form = Form::at("/mot-de-passe-oublie", "forgotten", "").keep("email", &email);
    let work = async {
        let state = app_state()?;
        let Some(email) = normalize_email(&email) else {
            return Err(AppError::problem("email", AccountProblem::EmailInvalid));
        };
        let ip = auth::client_ip();
        let who = auth::Attempter::Unknown {
            ip: &ip,
            email: &email,
        };
        let _attempt = auth::begin_attempt(&state.db, auth::AttemptKind::PasswordLink, who).await?;
        let answer_at = tokio::time::Instant::now() + PASSWORD_LINK_ANSWER_TIME;
        let queued =
            services::accounts::send_password_link(&state.db, &state.public_url, &email).await;
        tokio::time::sleep_until(answer_at).await;
        if queued? {
            state.jobs_wakeup.notify_one();
        }
        Ok(())
    };
    answer(form, work, |_| "?envoye=1".to_owned()).await
}

/// How long asking for a password link takes, whether an account has the address or not
/// (writing the link takes a few milliseconds; this hides them).
#[cfg(feature = "ssr")]
const PASSWORD_LINK_ANSWER_TIME: std::time::Duration = std::time::Duration::from_millis(250);
