//! People who sign in (administrators and référents) and the rules on what they type.

use serde::{Deserialize, Serialize};

use crate::texts::AccountProblem;

/// The person signed in for the current request. Rendered pages use it to decide what
/// to show; server functions check it again before any change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub display_name: String,
    pub is_admin: bool,
    /// The actions this person is référent of.
    pub referent_of: Vec<i64>,
}

impl CurrentUser {
    /// Whether this person may edit the action: administrators edit everything,
    /// référents only their own actions.
    pub fn can_edit(&self, action_id: i64) -> bool {
        self.is_admin || self.referent_of.contains(&action_id)
    }
}

/// Where to send someone after a form: a path on this site, or `/`. Refuses anything a
/// browser could read as another site (`//x`, `/\\x`), and anything not plain visible ASCII.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(next) = next else {
        return "/".to_owned();
    };
    let second = next.as_bytes().get(1).copied();
    let acceptable = next.starts_with('/')
        && !matches!(second, Some(b'/') | Some(b'\\'))
        && !next.contains('\\')
        && next.len() <= 2048
        && next.bytes().all(|b| b.is_ascii_graphic());
    if acceptable {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// An email address as stored: trimmed and lowercased, so that logins and invitations
/// do not depend on how people type it. `None` when it cannot be an address.
pub fn normalize_email(email: &str) -> Option<String> {
    plausible_email(email).then(|| email.trim().to_lowercase())
}

/// Whether `email` (trimmed) can be an address: one `@`, something before it, a dotted
/// domain after it, no spaces, 254 characters at most, and none of `? & % < > " ,` or a
/// control character (an address goes into `mailto:` links and mail headers, where they
/// would add recipients or text). Case does not matter here, so the browser can run it
/// without Unicode case tables.
pub fn plausible_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !email.contains(|c: char| c.is_control() || "?&%<>\",;:()[]\\".contains(c))
        && email.matches('@').count() == 1
        && email.len() <= 254
}

/// Why a password was refused, in French.
pub fn password_problem(password: &str) -> Option<AccountProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Some(AccountProblem::PasswordTooShort {
            min: MIN_PASSWORD_CHARS as u32,
        });
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Some(AccountProblem::PasswordTooLong {
            max: MAX_PASSWORD_BYTES as u32,
        });
    }
    None
}

/// How long an invitation link stays valid.
pub const INVITATION_LINK_LIFETIME: chrono::Duration = chrono::Duration::days(7);
/// How long a "mot de passe oublié" link stays valid.
pub const RESET_LINK_LIFETIME: chrono::Duration = chrono::Duration::hours(1);

/// Longest display name of an account (as référent, on the sheets).
pub const MAX_DISPLAY_NAME: usize = 100;

/// Longest password accepted, in bytes (hashing is deliberately slow).
pub const MAX_PASSWORD_BYTES: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_or_refused() {
        let cases = [
            ("  Nadia.B@Exemple.FR ", Some("nadia.b@exemple.fr")),
            ("a@b.co", Some("a@b.co")),
            ("sans-arobase.fr", None),
            ("@exemple.fr", None),
            ("nadia@localhost", None),
            ("na dia@exemple.fr", None),
            ("a@@exemple.fr", None),
            ("a@exemple.", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                normalize_email(input).as_deref(),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn only_paths_of_this_site_are_followed_after_a_form() {
        let cases = [
            (None, "/"),
            (Some("/"), "/"),
            (
                Some("/actions/banquet?modifier=title#partie-title"),
                "/actions/banquet?modifier=title#partie-title",
            ),
            (Some("//evil.example"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("/a\\b"), "/"),
            (Some("https://evil.example"), "/"),
            (Some("/\tevil"), "/"),
            (Some("/actions/été"), "/"),
            (Some("/ligne\nsuivante"), "/"),
            (Some("actions"), "/"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_next(input), expected, "{input:?}");
        }
    }

    #[test]
    fn short_passwords_are_refused_with_a_french_reason() {
        assert!(password_problem("court").is_some_and(|m| m.to_string().contains("au moins 10")));
        assert!(password_problem("un mot de passe assez long").is_none());
        assert!(password_problem(&"x".repeat(2000)).is_some());
    }

    #[test]
    fn referents_edit_only_their_actions_and_administrators_everything() {
        let referent = CurrentUser {
            id: 1,
            display_name: "A".into(),
            is_admin: false,
            referent_of: vec![3],
        };
        assert!(referent.can_edit(3));
        assert!(!referent.can_edit(4));
        let admin = CurrentUser {
            is_admin: true,
            referent_of: vec![],
            ..referent
        };
        assert!(admin.can_edit(4));
    }
}
