//! Themes: the list administrators keep (create, rename, merge, delete), the themes a
//! référent files a sheet under, and each theme's public page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{SearchPage, Theme};

/// What `/themes/{slug}` shows: the theme, its published sheets (a page of search
/// results filtered on it) and its events to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub theme: Theme,
    pub sheets: SearchPage,
    pub events: Vec<crate::model::AgendaEvent>,
    /// "Suivre ce thème" and its feeds.
    pub follow: crate::model::FollowBox,
}

/// What `/themes/{slug}` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeAnswer {
    Page(Box<ThemeView>),
    /// A former slug: the current one (the response is already a 301 to it).
    Moved(String),
}

/// The page of a theme. A former slug (the theme was renamed or merged) answers 301 to
/// the current address; an unknown one is `NotFound`.
#[server(endpoint = "theme_page")]
pub async fn theme_page(
    slug: String,
    #[server(default)] page: i64,
) -> Result<ThemeAnswer, AppError> {
    use crate::backend::db::themes::{self, SlugLookup};
    use crate::backend::{services::search, state::app_state};
    use crate::model::SearchFilters;
    let state = app_state()?;
    let theme = match themes::by_slug(&state.db, &slug).await? {
        SlugLookup::Found(theme) => theme,
        SlugLookup::Moved(current) => {
            crate::backend::cache_hints::redirect_permanently(&format!("/themes/{current}"));
            return Ok(ThemeAnswer::Moved(current));
        }
        SlugLookup::Missing => return Err(AppError::NotFound),
    };
    let filters = SearchFilters {
        theme: Some(theme.slug.clone()),
        ..SearchFilters::default()
    };
    let now = chrono::Utc::now();
    let sheets = search::search_page(&state.db, &state.search_facts, "", &filters, page).await?;
    if sheets.page > sheets.page_count {
        return Err(AppError::NotFound);
    }
    let scope = crate::backend::db::agenda::AgendaScope {
        theme_id: Some(theme.id),
        ..Default::default()
    };
    use crate::backend::services::agenda::{upcoming, PAGE_EVENTS};
    let upcoming = upcoming(&state.db, &scope, now, PAGE_EVENTS, 0).await?;
    // The page shows what is to come: valid until the first of its events starts (or
    // closes its sign-ups), and until the sheets' own facts change (see `search_page`).
    crate::backend::cache_hints::valid_until(
        [sheets.changes_at, upcoming.changes_at]
            .into_iter()
            .flatten()
            .min(),
    );
    let events = upcoming.events;
    let follow = crate::model::FollowBox::new(
        &crate::model::FollowScope::Theme(theme.id),
        "ce thème",
        &format!("/themes/{}", theme.slug),
        &state.public_url,
    );
    Ok(ThemeAnswer::Page(Box::new(ThemeView {
        follow,
        theme,
        sheets,
        events,
    })))
}

/// The themes of the list as (slug, name), by name: the choices of the agenda's filter.
#[server(endpoint = "list_theme_choices")]
pub async fn list_theme_choices() -> Result<Vec<(String, String)>, AppError> {
    use crate::backend::state::app_state;
    let mut themes: Vec<(String, String)> = crate::backend::db::themes::names(&app_state()?.db)
        .await?
        .into_iter()
        .map(|(_, slug, name)| (slug, name))
        .collect();
    themes.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(themes)
}

/// Every theme with its number of sheets (administrators).
#[server(endpoint = "list_themes")]
pub async fn list_themes() -> Result<Vec<Theme>, AppError> {
    use crate::backend::{auth, state::app_state};
    auth::require_admin()?;
    Ok(crate::backend::db::themes::list(&app_state()?.db).await?)
}

/// A form of the themes section of the administration page.
#[cfg(feature = "ssr")]
fn themes_form() -> crate::backend::forms::Form {
    crate::backend::forms::Form::at("/admin", "admin:themes", "themes")
}

#[cfg(feature = "ssr")]
fn outcome(outcome: crate::backend::services::themes::ThemeOutcome) -> Result<(), AppError> {
    use crate::backend::services::themes::ThemeOutcome;
    use crate::texts::AdminProblem;
    match outcome {
        ThemeOutcome::Done => Ok(()),
        ThemeOutcome::Taken => Err(AppError::problem("name", AdminProblem::ThemeTaken)),
        ThemeOutcome::Missing => Err(AppError::NotFound),
        ThemeOutcome::InUse(sheets) => Err(AppError::problem(
            "theme_id",
            AdminProblem::ThemeInUse {
                sheets: u32::try_from(sheets).unwrap_or(u32::MAX),
            },
        )),
        ThemeOutcome::SameTheme => Err(AppError::problem("into", AdminProblem::ThemeMergeSelf)),
    }
}

/// Adds a theme to the list.
#[server(endpoint = "create_theme")]
pub async fn create_theme(name: String, description: String) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, services, state::app_state};
    let form = themes_form()
        .keep("name", &name)
        .keep("description", &description);
    let work = async {
        auth::require_admin()?;
        let (name, description) = crate::model::validate_theme(&name, &description)
            .map_err(|problem| AppError::problem("name", problem))?;
        outcome(services::themes::create(&app_state()?.db, &name, &description).await?)
    };
    answer(form, work, |_| "?fait=1#themes".to_owned()).await
}

/// Renames a theme and changes its description.
#[server(endpoint = "update_theme")]
pub async fn update_theme(
    theme_id: i64,
    name: String,
    description: String,
) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, services, state::app_state};
    let work = async {
        auth::require_admin()?;
        let (name, description) = crate::model::validate_theme(&name, &description)
            .map_err(|problem| AppError::problem("name", problem))?;
        outcome(services::themes::update(&app_state()?.db, theme_id, &name, &description).await?)
    };
    answer(themes_form(), work, |_| "?fait=1#themes".to_owned()).await
}

/// Merges a theme into another (`into`): its sheets are filed under that one.
#[server(endpoint = "merge_theme")]
pub async fn merge_theme(theme_id: i64, into: i64) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, services, state::app_state};
    let work = async {
        auth::require_admin()?;
        outcome(services::themes::merge(&app_state()?.db, theme_id, into).await?)
    };
    answer(themes_form(), work, |_| "?fait=1#themes".to_owned()).await
}

/// Deletes a theme no sheet uses.
#[server(endpoint = "delete_theme")]
pub async fn delete_theme(theme_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, services, state::app_state};
    let work = async {
        auth::require_admin()?;
        outcome(services::themes::delete(&app_state()?.db, theme_id).await?)
    };
    answer(themes_form(), work, |_| "?fait=1#themes".to_owned()).await
}

/// Files a sheet under these themes of the list (their slugs, in order; none clears
/// them), if nobody changed them since `previous` was loaded.
#[server(endpoint = "save_themes")]
pub async fn save_themes(
    action_id: i64,
    previous: String,
    #[server(default)] themes: Vec<String>,
) -> Result<crate::api::SavedPart, AppError> {
    use crate::backend::db::edits::SaveOutcome;
    use crate::backend::forms::{answer, Form};
    use crate::backend::{auth, display, services, state::app_state};
    use crate::model::{SheetPart, MAX_THEMES};
    use crate::texts::PartProblem;

    let form = Form::on_sheet(action_id, "part:themes", "partie-themes").mode("modifier=themes");
    let work = async {
        let user = auth::require_editor(action_id)?;
        let mut slugs: Vec<String> = Vec::new();
        for slug in themes.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !slugs.iter().any(|s| s == slug) {
                slugs.push(slug.to_owned());
            }
        }
        if slugs.len() > MAX_THEMES {
            return Err(AppError::problem(
                "themes",
                PartProblem::TooManyThemes {
                    max: MAX_THEMES as u32,
                },
            ));
        }
        let state = app_state()?;
        let found = crate::backend::db::themes::named_by_slugs(&state.db, &slugs).await?;
        if found.len() != slugs.len() {
            return Err(AppError::problem("themes", PartProblem::UnknownTheme));
        }
        let names: Vec<String> = found.into_iter().map(|(_, name)| name).collect();
        match services::themes::save_of_sheet(&state.db, action_id, &names, &previous, user.id)
            .await?
        {
            SaveOutcome::Saved(value) | SaveOutcome::Unchanged(value) => {
                Ok(crate::api::SavedPart {
                    html: display::part_html(SheetPart::Themes, &value),
                    value,
                })
            }
            SaveOutcome::Conflict(current) => Err(AppError::Conflict { current }),
            SaveOutcome::NotFound => Err(AppError::NotFound),
        }
    };
    answer(form, work, |_| "#partie-themes".to_owned()).await
}
