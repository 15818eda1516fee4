//! Signing in and out.

use leptos::prelude::*;

use crate::error::AppError;

/// Signs in with email and password. Opens a new session (a new id: any session the
/// browser had is ended first), then sends the person to `next` (a path on this site).
/// Wrong credentials get one generic message. Attempts are counted per account and per
/// client address — except from a browser that signed in to this account before, which
/// has its own counter (so an attack on an account does not lock its owner out); past a
/// limit the client waits, longer each time (429 with `Retry-After`).
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::db::accounts;
    use crate::backend::forms::{answer, encode, Form};
    use crate::backend::{auth, state::app_state};
    use crate::model::{normalize_email, safe_next};

    let next = safe_next(next.as_deref());
    let form =
        Form::at(format!("/connexion?suite={}", encode(&next)), "login", "").keep("email", &email);
    let work = async {
        let state = app_state()?;
        let db = &state.db;
        let email = normalize_email(&email).ok_or(AppError::BadCredentials)?;
        let account = accounts::find_by_email(db, &email).await?;
        let device_token = auth::current_device_token();
        let device_hash = device_token.as_deref().map(auth::token_hash);
        let ip = auth::client_ip();
        let who = auth::attempter_for(
            db,
            device_hash.as_deref(),
            account.as_ref().map(|a| a.id),
            &ip,
            &email,
        )
        .await?;
        let attempt = auth::begin_attempt(db, auth::AttemptKind::Login, who).await?;
        let usable = account.as_ref().filter(|a| !a.disabled);
        let stored = usable.and_then(|a| a.password_hash.clone());
        let turn = state.cpu.passwords.turn().await?;
        let verified = auth::verify_password(stored, password).await;
        drop(turn);
        if !verified {
            return Err(AppError::BadCredentials);
        }
        let account = usable.ok_or(AppError::BadCredentials)?;
        auth::attempt_succeeded(db, attempt).await?;
        if let Some(old) = auth::current_session() {
            accounts::delete_session(db, &old.0).await?;
        }
        let secure = auth::secure_cookies(&state.public_url);
        auth::set_cookie(&auth::open_session(db, account.id, secure).await?);
        auth::set_cookie(
            &auth::trust_device(db, device_token.as_deref(), account.id, secure).await?,
        );
        Ok(())
    };
    answer(form, work, |_| next.clone()).await
}

/// Ends the session on the server and removes the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::db::accounts;
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, state::app_state};

    let work = async {
        let state = app_state()?;
        if let Some(session) = auth::current_session() {
            accounts::delete_session(&state.db, &session.0).await?;
        }
        auth::set_cookie(&auth::clear_session_cookie(auth::secure_cookies(
            &state.public_url,
        )));
        Ok(())
    };
    answer(Form::at("/", "logout", ""), work, |_| "/".to_owned()).await
}
