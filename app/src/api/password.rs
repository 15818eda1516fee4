//! Choosing a password from an emailed link (invitation or "mot de passe oublié"), and
//! asking for such a link.

use leptos::prelude::*;

use crate::error::AppError;

/// Whether a link is still usable, and for whom (the page greets the person).
#[server(endpoint = "check_token")]
pub async fn check_token(token: String) -> Result<String, AppError> {
    use crate::backend::db::accounts;
    use crate::backend::{auth, state::app_state};
    let state = app_state()?;
    accounts::peek_token(&state.db, &auth::token_hash(&token))
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
    use crate::backend::db::accounts;
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
        let hash = auth::hash_password(password).await?;
        let account_id =
            accounts::use_token_to_set_password(&state.db, &auth::token_hash(&token), &hash)
                .await?
                .ok_or(AppError::NotFound)?;
        let secure = auth::secure_cookies(&state.config.public_url);
        auth::set_cookie(&auth::open_session(&state.db, account_id, secure).await?);
        Ok(())
    };
    answer(form, work, |_| "/".to_owned()).await
}

/// Emails a password link (valid one hour) if an active account has this address. The
/// answer is the same, and as fast, either way (the mail is prepared in the background),
/// so as not to reveal who has an account. Requests are rate-limited like logins, with
/// their own counters.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};
    use crate::model::normalize_email;
    use crate::texts::AccountProblem;
    let form = Form::at("/mot-de-passe-oublie", "forgotten", "").keep("email", &email);
    let work = async {
        let state = app_state()?;
        let Some(email) = normalize_email(&email) else {
            return Err(AppError::problem("email", AccountProblem::EmailInvalid));
        };
        let _attempt = auth::begin_attempt(
            &state.db,
            auth::AttemptKind::PasswordLink,
            &auth::client_ip(),
            &email,
        )
        .await?;
        tokio::spawn(async move {
            if let Err(error) = send_password_link(&state, &email).await {
                tracing::error!(%error, "cannot send a password link");
            }
        });
        Ok(())
    };
    answer(form, work, |_| "?envoye=1".to_owned()).await
}

/// Creates the link and queues its message (in one transaction) if an active account has
/// this address; the mail queue sends it, and retries through an SMTP outage.
#[cfg(feature = "ssr")]
async fn send_password_link(state: &crate::backend::AppState, email: &str) -> Result<(), String> {
    use crate::backend::db::accounts::{self, TokenPurpose};
    use crate::backend::{auth, notices};
    let db = &state.db;
    let Some(account) = accounts::find_by_email(db, email)
        .await
        .map_err(|e| e.to_string())?
        .filter(|a| !a.disabled)
    else {
        return Ok(());
    };
    let (token, hash) = auth::new_token();
    let expires = chrono::Utc::now() + notices::RESET_LIFETIME;
    let link = format!("{}/mot-de-passe?jeton={token}", state.config.public_url);
    let mail = notices::password_link(email, &account.display_name, &link);
    accounts::create_token_with_mail(db, account.id, TokenPurpose::Reset, &hash, expires, &mail)
        .await
        .map_err(|e| e.to_string())?;
    state.jobs_wakeup.notify_one();
    Ok(())
}
