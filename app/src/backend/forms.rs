//! How every mutation answers its form: the one skeleton of the server functions.
//!
//! A server function describes where its form lives ([`Form`]) and runs its work
//! (authorise → validate → call a service) inside [`answer`]. With JavaScript the caller
//! gets the result, or the error with its HTTP status. Without JavaScript (a plain HTML
//! form post) the browser is redirected: to the next page on success; on a refusal, back
//! to the form's page with `?retour=KEY`, where KEY names a short-lived record in the
//! database holding the error and what was typed. The person's data never travels in the
//! address, and any app server can show the record. A record is at most
//! [`MAX_RETURNED_FORM_BYTES`] (a longer text comes back cut, with a message saying so),
//! and a client that is not signed in may have at most `REFUSED_FORM_RATE_LIMIT` of them
//! made per 10 minutes (past it the page comes back with a clean form): refusals cannot
//! fill the disk.

use std::future::Future;

use chrono::{Duration, Utc};
use http::header::ACCEPT;
use leptos::prelude::use_context;

use super::db::{self, Db};
use crate::error::{set_error_status, AppError};
use crate::returned::ReturnedForm;

/// How long a refused form waits for its page to be shown.
pub const RETURNED_FORM_LIFETIME: Duration = Duration::minutes(15);

/// The largest record of a refused form, in bytes: what was typed beyond it comes back cut.
pub const MAX_RETURNED_FORM_BYTES: usize = 64 * 1024;

/// The query key that names a returned form's record.
pub const RETURN_KEY: &str = "retour";

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

pub use passeurs_domain::url::encode;

/// The page a form lives on.
enum Page {
    /// An action's sheet, found from its id when an answer needs its address.
    Sheet(i64),
    /// The sheet of an event, found from the event's id likewise.
    EventSheet(i64),
    /// Any other page, by its path.
    Path(String),
}

/// A form as its server function knows it: its page, its name there, and what to give
/// back to the person if it is refused.
pub struct Form {
    page: Page,
    id: String,
    mode: Option<String>,
    subpage: String,
    anchor: String,
    values: Vec<(String, String)>,
    problems: Vec<(String, String)>,
}

impl Form {
    /// A form on the sheet of action `action_id`; `anchor` is where the page scrolls to.
    pub fn on_sheet(action_id: i64, id: impl Into<String>, anchor: impl Into<String>) -> Self {
        Self::new(Page::Sheet(action_id), id, anchor)
    }

    /// A form on the sheet that shows event `event_id`.
    pub fn on_event_sheet(event_id: i64, id: impl Into<String>, anchor: impl Into<String>) -> Self {
        Self::new(Page::EventSheet(event_id), id, anchor)
    }

    /// A form on the page at `path`.
    pub fn at(path: impl Into<String>, id: impl Into<String>, anchor: impl Into<String>) -> Self {
        Self::new(Page::Path(path.into()), id, anchor)
    }

    fn new(page: Page, id: impl Into<String>, anchor: impl Into<String>) -> Self {
        Form {
            page,
            id: id.into(),
            mode: None,
            subpage: String::new(),
            anchor: anchor.into(),
            values: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// A query string (no personal data) that puts the page back in the state the form
    /// was shown in, e.g. `modifier=summary`.
    pub fn mode(mut self, query: impl Into<String>) -> Self {
        self.mode = Some(query.into());
        self
    }

    /// A page under the sheet's address, such as `/historique`.
    pub fn under(mut self, subpage: &str) -> Self {
        self.subpage = subpage.to_owned();
        self
    }

    /// A typed value to give back if the form is refused.
    pub fn keep(mut self, name: &str, value: &str) -> Self {
        self.values.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Every text field of a form's struct, by field name, to give back if it is refused
    /// (read back with `ReturnedForm::typed`).
    pub fn keep_all(mut self, typed: &impl serde::Serialize) -> Self {
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(typed) {
            for (name, value) in fields {
                if let serde_json::Value::String(value) = value {
                    self.values.push((name, value));
                }
            }
        }
        self
    }

    /// Every field-by-field message, when the form checks several fields at once.
    pub fn problems(mut self, problems: Vec<(String, String)>) -> Self {
        self.problems = problems;
        self
    }

    async fn page_path(&self, db: &Db) -> Result<String, AppError> {
        let page = match &self.page {
            Page::Path(path) => Ok(path.clone()),
            Page::Sheet(action_id) => db::actions::slug_of(db, *action_id)
                .await?
                .map(|slug| format!("/actions/{}", encode(&slug)))
                .ok_or(AppError::NotFound),
            Page::EventSheet(event_id) => db::events::find(db, *event_id)
                .await?
                .map(|event| format!("/actions/{}", encode(&event.action_slug)))
                .ok_or(AppError::NotFound),
        }?;
        Ok(format!("{page}{}", self.subpage))
    }

    /// Where a refused form sends the browser: its page with the record's key. If the
    /// record cannot be written the person still gets the page, with a clean form.
    /// (Server functions go through [`answer`]; plain axum handlers call this.)
    pub async fn back_to(self, db: &Db, error: AppError) -> String {
        self.back_to_counted(db, error, None).await
    }

    /// Like [`Form::back_to`], the record counted against `quota` for this client address
    /// (`None`: not counted, for signed-in staff): past the quota no record is made.
    pub async fn back_to_counted(
        self,
        db: &Db,
        error: AppError,
        quota: Option<(&super::rate_limit::RateLimiter, String)>,
    ) -> String {
        let page = match self.page_path(db).await {
            Ok(page) => page,
            Err(_) => return "/".to_owned(),
        };
        let mut query: Vec<String> = self.mode.iter().cloned().collect();
        let returned = ReturnedForm {
            form: self.id,
            error: error.clone(),
            values: self.values,
            problems: self.problems,
            note: None,
        };
        let allowed = match &quota {
            None => true,
            Some((limiter, client)) => match limiter.check(db, client, Utc::now()).await {
                Ok(Ok(())) => true,
                Ok(Err(_)) => {
                    tracing::info!("refused forms past this client's quota: no record kept");
                    false
                }
                Err(failure) => {
                    tracing::error!(%failure, "cannot count a refused form");
                    false
                }
            },
        };
        if allowed {
            match keep_record(db, returned).await {
                Ok(key) => query.push(format!("{RETURN_KEY}={key}")),
                Err(failure) => {
                    tracing::error!(%failure, "cannot keep a refused form");
                }
            }
        }
        let back = with_query(&page, &query, &self.anchor);
        match error {
            // The session ended meanwhile: sign in, then come back to the same form.
            AppError::Unauthorized => format!("/connexion?suite={}", encode(&back)),
            _ => back,
        }
    }
}

fn with_query(page: &str, query: &[String], anchor: &str) -> String {
    let mut target = page.to_owned();
    if !query.is_empty() {
        target.push(if page.contains('?') { '&' } else { '?' });
        target.push_str(&query.join("&"));
    }
    if !anchor.is_empty() {
        target.push('#');
        target.push_str(anchor);
    }
    target
}

/// Cuts the longest typed values until the record fits in `max` bytes; each value cut is
/// said next to its field. Returns the record as stored.
fn fit(mut returned: ReturnedForm, max: usize) -> Result<String, String> {
    let mut cut: Vec<usize> = Vec::new();
    loop {
        let payload = serde_json::to_string(&returned).map_err(|e| e.to_string())?;
        if payload.len() <= max {
            for index in cut {
                let (name, value) = &returned.values[index];
                let note = crate::texts::text_cut_note(value.chars().count());
                let name = name.clone();
                let own_field =
                    matches!(&returned.error, AppError::Invalid { field, .. } if *field == name);
                let general = !matches!(returned.error, AppError::Invalid { .. });
                if own_field {
                    if let AppError::Invalid { message, .. } = &mut returned.error {
                        message.push(' ');
                        message.push_str(&note);
                    }
                } else if general && returned.problems.is_empty() {
                    // A message about the whole form: the note follows it.
                    returned.note = Some(note);
                } else {
                    // Field by field: the error's own field keeps its message.
                    if let (AppError::Invalid { field, message }, true) =
                        (&returned.error, returned.problems.is_empty())
                    {
                        returned.problems.push((field.clone(), message.clone()));
                    }
                    match returned.problems.iter_mut().find(|(f, _)| *f == name) {
                        Some((_, message)) => {
                            message.push(' ');
                            message.push_str(&note);
                        }
                        None => returned.problems.push((name, note)),
                    }
                }
            }
            // The notes are a few hundred bytes at most: the record stays within bounds.
            return serde_json::to_string(&returned).map_err(|e| e.to_string());
        }
        let Some((index, longest)) = returned
            .values
            .iter()
            .enumerate()
            .max_by_key(|(_, (_, value))| value.len())
            .map(|(index, (_, value))| (index, value.len()))
        else {
            return Err("a refused form's record is too large without any value".into());
        };
        if longest == 0 {
            return Err("a refused form's record is too large without any value".into());
        }
        // Each byte cut is at least one byte less in the JSON: cut what is over, and leave
        // room for the notes.
        let over = payload.len() - max + 512;
        // At most half of it at a time: several long values share what is left.
        let mut keep = longest.saturating_sub(over).max(longest / 2);
        let value = &mut returned.values[index].1;
        while keep > 0 && !value.is_char_boundary(keep) {
            keep -= 1;
        }
        value.truncate(keep);
        if !cut.contains(&index) {
            cut.push(index);
        }
    }
}

async fn keep_record(db: &Db, returned: ReturnedForm) -> Result<String, String> {
    let payload = fit(returned, MAX_RETURNED_FORM_BYTES)?;
    let (key, key_hash) = super::auth::new_token();
    db::returned_forms::insert(db, &key_hash, &payload, Utc::now() + RETURNED_FORM_LIFETIME)
        .await
        .map_err(|e| e.to_string())?;
    Ok(key)
}

/// The record behind `key`, taken once (read and deleted); `None` when unknown, already
/// shown or expired.
pub async fn take_returned(db: &Db, key: &str) -> Option<ReturnedForm> {
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hash = super::auth::token_hash(key);
    match db::returned_forms::take(db, &hash, Utc::now()).await {
        Ok(payload) => payload.and_then(|p| serde_json::from_str(&p).ok()),
        Err(error) => {
            tracing::error!(%error, "cannot read a returned form");
            None
        }
    }
}

/// Runs a mutation's `work` and answers its form.
///
/// `next` says where a plain form goes after a success: a path (`/inscription/…`), or a
/// fragment or query (`#evenement-3`, `?fait=texte#photos`) appended to the form's page.
pub async fn answer<T>(
    form: Form,
    work: impl Future<Output = Result<T, AppError>>,
    next: impl FnOnce(&T) -> String,
) -> Result<T, AppError> {
    let result = work.await;
    // Unavailable: the record of a refused form could not be kept either; the answer is
    // the 503 itself, and the browser's page (with what was typed) is one step back.
    if !is_plain_form_post() || matches!(result, Err(AppError::Unavailable)) {
        if let Err(error) = &result {
            set_error_status(error);
        }
        return result;
    }
    let Ok(state) = super::state::app_state() else {
        return result;
    };
    let target = match &result {
        Ok(value) => {
            let next = next(value);
            if next.starts_with('/') {
                next
            } else {
                match form.page_path(&state.db).await {
                    Ok(page) => format!("{page}{next}"),
                    Err(_) => "/".to_owned(),
                }
            }
        }
        Err(error) => {
            // Signed-in staff are not counted; anyone else has a quota of records.
            let quota = super::auth::current_user()
                .is_none()
                .then(|| (&state.refused_forms.0, super::auth::client_ip()));
            form.back_to_counted(&state.db, error.clone(), quota).await
        }
    };
    leptos_axum::redirect(&target);
    result
}

#[cfg(test)]
mod tests {
    use super::{fit, with_query};
    use crate::error::AppError;
    use crate::returned::ReturnedForm;

    #[test]
    fn a_record_too_large_comes_back_cut_with_a_note_next_to_each_field_cut() {
        let returned = ReturnedForm {
            form: "signup:1".into(),
            error: AppError::Invalid {
                field: "email".into(),
                message: "Cette adresse e-mail n'est pas valide.".into(),
            },
            values: vec![
                ("name".into(), "Awa".into()),
                ("email".into(), "é\"<".repeat(300_000)),
                ("message".into(), "x".repeat(1_900_000)),
            ],
            problems: Vec::new(),
            note: None,
        };
        let payload = fit(returned, 64 * 1024).unwrap();
        assert!(payload.len() <= 64 * 1024, "{}", payload.len());
        let back: ReturnedForm = serde_json::from_str(&payload).unwrap();
        assert_eq!(back.value("name"), "Awa", "short values are kept whole");
        assert!(!back.value("message").is_empty());
        let AppError::Invalid { message, .. } = &back.error else {
            panic!("the error is kept");
        };
        assert!(message.contains("trop long"), "{message}");
        assert!(back
            .problems
            .iter()
            .any(|(field, note)| field == "message" && note.contains("trop long")));
        // A message about the whole form is followed by the note.
        let login = ReturnedForm {
            form: "login".into(),
            error: AppError::BadCredentials,
            values: vec![("email".into(), "x".repeat(100_000))],
            problems: Vec::new(),
            note: None,
        };
        let back: ReturnedForm = serde_json::from_str(&fit(login, 64 * 1024).unwrap()).unwrap();
        assert!(back.message().contains("trop long"), "{}", back.message());
        // A small record is stored as it is.
        let small = ReturnedForm {
            form: "login".into(),
            error: AppError::NotFound,
            values: vec![("email".into(), "a@b.fr".into())],
            problems: Vec::new(),
            note: None,
        };
        assert_eq!(
            fit(small.clone(), 64 * 1024).unwrap(),
            serde_json::to_string(&small).unwrap()
        );
    }

    #[test]
    fn the_way_back_keeps_the_page_its_mode_and_the_anchor() {
        let query = ["modifier=summary".to_owned(), "retour=abc".to_owned()];
        assert_eq!(
            with_query("/actions/x", &query, "partie-summary"),
            "/actions/x?modifier=summary&retour=abc#partie-summary"
        );
        assert_eq!(
            with_query("/admin?onglet=1", &query[1..], ""),
            "/admin?onglet=1&retour=abc"
        );
        assert_eq!(with_query("/connexion", &[], ""), "/connexion");
    }
}
