//! Answers of mutations to forms sent without JavaScript: a redirect to the page to show
//! next (with the error and the typed text in the address when it failed). Requests from
//! the islands get the result and the right HTTP status instead.

use http::header::ACCEPT;
use leptos::prelude::use_context;

use crate::error::AppError;

/// Whether the current request is a plain HTML form post (JavaScript off).
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .is_some_and(|accept| accept.contains("text/html"))
}

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Finishes a mutation. Plain form posts are redirected to `success` or, on error, to
/// `failure(error)`; other callers get errors with their HTTP status.
pub fn finish<T>(
    result: Result<T, AppError>,
    success: impl FnOnce() -> String,
    failure: impl FnOnce(&AppError) -> String,
) -> Result<T, AppError> {
    if is_plain_form_post() {
        let target = match &result {
            Ok(_) => success(),
            Err(error) => failure(error),
        };
        leptos_axum::redirect(&target);
    } else if let Err(error) = &result {
        crate::components::set_http_status(error.status_code());
    }
    result
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode("Résumé à jour & <b>"),
            "R%C3%A9sum%C3%A9%20%C3%A0%20jour%20%26%20%3Cb%3E"
        );
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
    }
}
