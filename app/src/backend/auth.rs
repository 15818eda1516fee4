//! Who is asking, inside a page or server function: the signed-in person, the client's
//! address and the session the server put in the request's extensions, and the cookies a
//! response sets. Passwords, tokens and login attempts are the domain's
//! (`passeurs_domain::auth`), re-exported here.

use leptos::prelude::use_context;

pub use passeurs_domain::auth::*;

use crate::error::AppError;
use crate::model::CurrentUser;

fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The signed-in person of the current request (page or server function), if any.
pub fn current_user() -> Option<CurrentUser> {
    request_parts()?.extensions.get::<CurrentUser>().cloned()
}

/// The stored hash of the current request's session, if it has a live one.
pub fn current_session() -> Option<SessionTokenHash> {
    request_parts()?
        .extensions
        .get::<SessionTokenHash>()
        .cloned()
}

/// The client's IP address for rate limits (`unknown` when the server did not record it).
pub fn client_ip() -> String {
    request_parts()
        .and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The signed-in person, or `Unauthorized`.
pub fn require_signed_in() -> Result<CurrentUser, AppError> {
    current_user().ok_or(AppError::Unauthorized)
}

/// The signed-in person if they may edit this action (administrator, or référent of it):
/// `Unauthorized` for visitors, `Forbidden` for anyone else.
pub fn require_editor(action_id: i64) -> Result<CurrentUser, AppError> {
    let user = require_signed_in()?;
    if user.can_edit(action_id) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in administrator, or `Unauthorized` / `Forbidden`.
pub fn require_admin() -> Result<CurrentUser, AppError> {
    let user = require_signed_in()?;
    if user.is_admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The device token the current request carries.
pub fn current_device_token() -> Option<String> {
    request_parts()?
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| device_token_from_cookies(cookies).map(str::to_owned))
}

/// Adds a `Set-Cookie` header to the response being prepared.
pub fn set_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        options.append_header(http::header::SET_COOKIE, value);
    }
}
