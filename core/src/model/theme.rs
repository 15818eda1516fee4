//! Themes: the controlled list sheets are filed under (kept by administrators), and the
//! rules for a theme's name and description.

use serde::{Deserialize, Serialize};

use crate::texts::AdminProblem;

/// Longest theme name.
pub const MAX_THEME_NAME: usize = 40;
/// Longest theme description.
pub const MAX_THEME_DESCRIPTION: usize = 300;

/// A theme of the list, with how many sheets (published or not) are filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: i64,
    /// Its address: `/themes/{slug}`, always `slugify(name)`.
    pub slug: String,
    pub name: String,
    pub description: String,
    pub sheets: i64,
}

/// A theme as the sheet editor offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeChoice {
    pub slug: String,
    pub name: String,
}

/// Checks a theme's name and description as an administrator typed them: the trimmed
/// name (spaces collapsed) and description, or why they are refused.
pub fn validate_theme(name: &str, description: &str) -> Result<(String, String), AdminProblem> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = name.chars().count();
    if !(2..=MAX_THEME_NAME).contains(&length) || !name.chars().any(char::is_alphanumeric) {
        return Err(AdminProblem::ThemeName {
            max: MAX_THEME_NAME as u32,
        });
    }
    let description = description.trim().to_owned();
    if description.chars().count() > MAX_THEME_DESCRIPTION {
        return Err(AdminProblem::ThemeDescription {
            max: MAX_THEME_DESCRIPTION as u32,
        });
    }
    Ok((name, description))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_names_are_trimmed_and_bounded() {
        assert_eq!(
            validate_theme("  Lien   social ", " Se retrouver. "),
            Ok(("Lien social".to_owned(), "Se retrouver.".to_owned()))
        );
        for bad in ["", " a ", "---", &"x".repeat(MAX_THEME_NAME + 1)] {
            assert!(
                matches!(validate_theme(bad, ""), Err(AdminProblem::ThemeName { .. })),
                "{bad:?}"
            );
        }
        assert!(matches!(
            validate_theme("Écologie", &"x".repeat(MAX_THEME_DESCRIPTION + 1)),
            Err(AdminProblem::ThemeDescription { .. })
        ));
    }
}
