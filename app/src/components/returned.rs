//! The refused form a page is showing again, if any (see `returned::ReturnedForm`).

use crate::returned::ReturnedForm;

/// The form `form` of this page as it was refused, when the person was just sent back to
/// it without JavaScript. The server's middleware took the record (once) for this request.
pub fn returned_form(form: &str) -> Option<ReturnedForm> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ReturnedForm>().cloned())
            .filter(|returned| returned.form == form)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = form;
        None
    }
}

/// Like [`returned_form`], for a family of forms (`"event:"` matches `"event:12"`).
pub fn returned_form_prefixed(prefix: &str) -> Option<ReturnedForm> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ReturnedForm>().cloned())
            .filter(|returned| returned.form.starts_with(prefix))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = prefix;
        None
    }
}
