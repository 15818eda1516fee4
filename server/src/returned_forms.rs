//! The middleware that hands a page the form it shows again: a GET whose address carries
//! `retour=KEY` gets the record of that refused form (taken once from the database, see
//! `app::backend::forms`) in its request extensions, where the page's components find it.
//! Such a page holds what one person typed: it is never cached, by anyone.

use app::backend::forms::{take_returned, RETURN_KEY};
use app::backend::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

/// The value of `retour` in a query string, if any.
fn return_key(query: &str) -> Option<&str> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == RETURN_KEY).then_some(value)
    })
}

pub async fn attach_returned_form(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let key = (request.method() == Method::GET)
        .then(|| {
            request
                .uri()
                .query()
                .and_then(return_key)
                .map(str::to_owned)
        })
        .flatten();
    let Some(key) = key else {
        return next.run(request).await;
    };
    if let Some(returned) = take_returned(&state.db, &key).await {
        request.extensions_mut().insert(returned);
    }
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::return_key;

    #[test]
    fn the_key_is_found_among_other_query_values() {
        assert_eq!(return_key("modifier=summary&retour=ab12"), Some("ab12"));
        assert_eq!(return_key("retour=ab12"), Some("ab12"));
        assert_eq!(return_key("modifier=summary"), None);
        assert_eq!(return_key("detour=1"), None);
    }
}
