//! Signing in and out.

use leptos::prelude::*;

use crate::error::AppError;

/// Signs in with email and password. Opens a new session (a new id: any session the
/// browser had is ended first), then sends the person to `next` (a path on this site).
/// Wrong credentials get one generic message; repeated failures are rate-limited per
/// account and per IP address.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::db::accounts;
    use crate::backend::{auth, forms, state::app_state};
    use crate::model::normalize_email;

    let next = next
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let result = async {
        let state = app_state()?;
        let db = &state.db;
        let email = normalize_email(&email).ok_or(AppError::BadCredentials)?;
        let ip = auth::client_ip();
        auth::check_login_rate(db, &ip, &email).await?;
        let account = accounts::find_by_email(db, &email).await?;
        let usable = account.as_ref().filter(|a| !a.disabled);
        let stored = usable.and_then(|a| a.password_hash.clone());
        if !auth::verify_password(stored, password).await {
            auth::record_login_failure(db, &ip, &email).await?;
            return Err(AppError::BadCredentials);
        }
        let account = usable.ok_or(AppError::BadCredentials)?;
        if let Some(old) = auth::current_session() {
            accounts::delete_session(db, &old.0).await?;
        }
        let cookie = auth::open_session(
            db,
            account.id,
            state.config.public_url.starts_with("https://"),
        )
        .await?;
        accounts::clear_login_failures(
            db,
            &format!("account:{email}"),
            chrono::Utc::now() - chrono::Duration::days(1),
        )
        .await?;
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(value) = http::HeaderValue::from_str(&cookie) {
                options.append_header(http::header::SET_COOKIE, value);
            }
        }
        Ok(())
    }
    .await;
    forms::finish(
        result,
        || next.clone(),
        |error| {
            format!(
                "/connexion?erreur={}&suite={}",
                error.code(),
                forms::encode(&next)
            )
        },
    )
}

/// Ends the session on the server and removes the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::db::accounts;
    use crate::backend::{auth, forms, state::app_state};

    let result = async {
        let state = app_state()?;
        if let Some(session) = auth::current_session() {
            accounts::delete_session(&state.db, &session.0).await?;
        }
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie =
                auth::clear_session_cookie(state.config.public_url.starts_with("https://"));
            if let Ok(value) = http::HeaderValue::from_str(&cookie) {
                options.append_header(http::header::SET_COOKIE, value);
            }
        }
        Ok(())
    }
    .await;
    forms::finish(result, || "/".to_owned(), |_| "/".to_owned())
}
