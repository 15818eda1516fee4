//! Administration of the federation: organisations, sheets (create, publish, référents,
//! invitations) and accounts (the themes are in `api::themes`). Every function requires an administrator.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::OrganisationKind;
#[cfg(feature = "ssr")]
use crate::texts::{AdminProblem, FormProblem};

/// Longest organisation name.
#[cfg(feature = "ssr")]
const MAX_ORGANISATION_NAME: usize = 200;

/// An organisation in the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrganisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub postal_code: String,
    pub city: String,
    pub departement: String,
}

/// A référent of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminReferent {
    pub account_id: i64,
    pub name: String,
}

/// A sheet in the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAction {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub organisation_name: String,
    pub referents: Vec<AdminReferent>,
}

/// An account in the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAccount {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub has_password: bool,
}

/// Everything the administration page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminData {
    pub me: i64,
    pub organisations: Vec<AdminOrganisation>,
    pub actions: Vec<AdminAction>,
    pub accounts: Vec<AdminAccount>,
    pub themes: Vec<crate::model::Theme>,
    /// How many people follow something by email, and how many follows they have
    /// (confirmed): counts only, never who.
    pub followers: (i64, i64),
}

/// A form of the administration page, in its section (`organisations`, `actions`,
/// `comptes`).
#[cfg(feature = "ssr")]
fn admin_form(section: &str) -> crate::backend::forms::Form {
    crate::backend::forms::Form::at("/admin", format!("admin:{section}"), section)
}

/// Where the administration page goes after a success: the section, with a notice.
#[cfg(feature = "ssr")]
fn done_in<T>(section: &'static str) -> impl FnOnce(&T) -> String {
    move |_| format!("?fait=1#{section}")
}

/// Everything the administration page lists.
#[server(endpoint = "admin_overview")]
pub async fn admin_overview() -> Result<AdminData, AppError> {
    use crate::backend::db::{accounts, actions, organisations, themes};
    use crate::backend::{auth, state::app_state};
    let me = auth::require_admin()?;
    let db = &app_state()?.db;
    let referents = accounts::all_referents(db).await?;
    Ok(AdminData {
        me: me.id,
        organisations: organisations::list(db)
            .await?
            .into_iter()
            .map(|o| AdminOrganisation {
                id: o.id,
                name: o.name,
                kind: o.kind,
                postal_code: o.postal_code,
                city: o.city,
                departement: o.departement,
            })
            .collect(),
        actions: actions::list_all(db)
            .await?
            .into_iter()
            .map(|a| AdminAction {
                referents: referents
                    .iter()
                    .filter(|(action_id, _, _)| *action_id == a.id)
                    .map(|(_, account_id, name)| AdminReferent {
                        account_id: *account_id,
                        name: name.clone(),
                    })
                    .collect(),
                id: a.id,
                slug: a.slug,
                title: a.title,
                published: a.published,
                organisation_name: a.organisation_name,
            })
            .collect(),
        accounts: accounts::list(db)
            .await?
            .into_iter()
            .map(|a| AdminAccount {
                id: a.id,
                email: a.email,
                name: a.display_name,
                is_admin: a.is_admin,
                disabled: a.disabled,
                has_password: a.has_password,
            })
            .collect(),
        themes: themes::list(db).await?,
        followers: crate::backend::services::follows::counts(db).await?,
    })
}

/// A yes/no form value: exactly "true" or "false".
#[cfg(feature = "ssr")]
fn parse_flag(field: &str, value: &str) -> Result<bool, AppError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(AppError::problem(field, FormProblem::Incomplete)),
    }
}

/// An organisation's form, checked: the address must be a commune of that postal code,
/// whose name and département are then the ones kept.
#[cfg(feature = "ssr")]
fn organisation_input(
    territory: &crate::backend::territory::Territory,
    name: &str,
    kind: &str,
    postal_code: &str,
    city: &str,
) -> Result<crate::backend::db::organisations::NewOrganisation, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_ORGANISATION_NAME {
        return Err(AppError::problem(
            "name",
            AdminProblem::OrganisationName {
                max: MAX_ORGANISATION_NAME as u32,
            },
        ));
    }
    let kind = OrganisationKind::from_code(kind)
        .ok_or_else(|| AppError::problem("kind", AdminProblem::OrganisationKind))?;
    if city.trim().is_empty() {
        return Err(AppError::problem("city", AdminProblem::CityMissing));
    }
    let commune = territory
        .locate(postal_code, city)
        .map_err(|problem| problem.refusal(postal_code, city))?;
    Ok(crate::backend::db::organisations::NewOrganisation {
        name: name.to_owned(),
        kind,
        postal_code: commune.postal_code.clone(),
        city: commune.name.clone(),
        departement: commune.departement.clone(),
    })
}

#[server(endpoint = "create_organisation")]
pub async fn create_organisation(
    name: String,
    kind: String,
    postal_code: String,
    city: String,
) -> Result<i64, AppError> {
    use crate::backend::{auth, forms::answer, state::app_state};
    let form = admin_form("organisations")
        .keep("name", &name)
        .keep("kind", &kind)
        .keep("postal_code", &postal_code)
        .keep("city", &city);
    let work = async {
        auth::require_admin()?;
        let state = app_state()?;
        let new = organisation_input(&state.territory, &name, &kind, &postal_code, &city)?;
        Ok(crate::backend::db::organisations::create(&state.db, &new).await?)
    };
    answer(form, work, done_in("organisations")).await
}

#[server(endpoint = "update_organisation")]
pub async fn update_organisation(
    id: i64,
    name: String,
    kind: String,
    postal_code: String,
    city: String,
) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, state::app_state};
    let form = admin_form("organisations");
    let work = async {
        auth::require_admin()?;
        let state = app_state()?;
        let new = organisation_input(&state.territory, &name, &kind, &postal_code, &city)?;
        let updated =
            crate::backend::services::sheets::update_organisation(&state.db, id, &new).await?;
        if !updated {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(form, work, done_in("organisations")).await
}

/// Creates an unpublished sheet with the four standard questions and opens it.
#[server(endpoint = "create_action")]
pub async fn create_action(title: String, organisation_id: i64) -> Result<String, AppError> {
    use crate::backend::db::actions;
    use crate::backend::{auth, forms::answer, state::app_state};
    use crate::backend::{Constraint, DomainError, OnConstraint};
    use crate::model::{ActionStatus, SheetPart};
    let form = admin_form("actions").keep("title", &title);
    let work = async {
        auth::require_admin()?;
        let title = SheetPart::Title
            .normalize(&title)
            .map_err(|problem| AppError::problem("title", problem))?;
        let db = &app_state()?.db;
        let mut new = actions::NewAction {
            slug: actions::free_slug(db, &title).await?,
            organisation_id,
            title,
            quote: String::new(),
            quote_author: String::new(),
            summary: String::new(),
            start_date: None,
            status: ActionStatus::Preparing,
            progress: 0,
            themes: Vec::new(),
            // Shown until référents are assigned (their names replace it).
            referent_name: String::new(),
            published: false,
            sections: None,
            created_at: chrono::Utc::now(),
        };
        let mut created = crate::backend::services::sheets::create(db, &new).await;
        if matches!(&created, Err(e) if e.broke(Constraint::Unique)) {
            // Another sheet took the slug meanwhile: take the next free one.
            new.slug = actions::free_slug(db, &new.title).await?;
            created = crate::backend::services::sheets::create(db, &new).await;
        }
        created
            .map(|_| new.slug)
            .on_constraint(Constraint::ForeignKey, || {
                Err(DomainError::Refused(AppError::problem(
                    "organisation_id",
                    AdminProblem::UnknownOrganisation,
                )))
            })
            .map_err(AppError::from)
    };
    answer(form, work, |slug| {
        format!("/actions/{}", crate::backend::forms::encode(slug))
    })
    .await
}

/// Publishes (`published` = "true") or unpublishes a sheet.
#[server(endpoint = "set_published")]
pub async fn set_published(action_id: i64, published: String) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, state::app_state};
    let work = async {
        auth::require_admin()?;
        let state = app_state()?;
        let published = parse_flag("published", &published)?;
        if !crate::backend::services::sheets::set_published(&state.db, action_id, published).await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(admin_form("actions"), work, done_in("actions")).await
}

/// Makes someone référent of a sheet by email: creates the account if needed and emails a
/// single-use link to choose a password; an existing account is simply assigned and told
/// by email (see `services::accounts::invite_referent`).
#[server(endpoint = "invite_referent")]
pub async fn invite_referent(action_id: i64, email: String, name: String) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, services, state::app_state};
    use crate::model::{normalize_email, MAX_DISPLAY_NAME};
    use crate::texts::AccountProblem;
    let form = admin_form("actions")
        .keep("email", &email)
        .keep("name", &name);
    let work = async {
        auth::require_admin()?;
        let email = normalize_email(&email)
            .ok_or_else(|| AppError::problem("email", AccountProblem::EmailInvalid))?;
        let name = name.trim().to_owned();
        if name.is_empty() || name.chars().count() > MAX_DISPLAY_NAME {
            return Err(AppError::problem(
                "name",
                AdminProblem::PersonName {
                    max: MAX_DISPLAY_NAME as u32,
                },
            ));
        }
        let state = app_state()?;
        services::accounts::invite_referent(&state.db, &state.public_url, action_id, &email, &name)
            .await?;
        state.jobs_wakeup.notify_one();
        Ok(())
    };
    answer(form, work, done_in("actions")).await
}

/// Makes an existing account référent of a sheet.
#[server(endpoint = "assign_referent")]
pub async fn assign_referent(action_id: i64, account_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, state::app_state};
    use crate::backend::{Constraint, DomainError, OnConstraint};
    let work = async {
        auth::require_admin()?;
        let state = app_state()?;
        crate::backend::services::accounts::add_referent(&state.db, action_id, account_id)
            .await
            .on_constraint(Constraint::ForeignKey, || {
                Err(DomainError::Refused(AppError::NotFound))
            })
            .map_err(AppError::from)
    };
    answer(admin_form("actions"), work, done_in("actions")).await
}

/// Removes a référent from a sheet.
#[server(endpoint = "remove_referent")]
pub async fn remove_referent(action_id: i64, account_id: i64) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, state::app_state};
    let work = async {
        auth::require_admin()?;
        let state = app_state()?;
        if !crate::backend::services::accounts::remove_referent(&state.db, action_id, account_id)
            .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(admin_form("actions"), work, done_in("actions")).await
}

/// Disables (`disabled` = "true") or re-enables an account. A disabled account's sessions
/// end at once. Administrators cannot disable themselves.
#[server(endpoint = "set_account_disabled")]
pub async fn set_account_disabled(account_id: i64, disabled: String) -> Result<(), AppError> {
    use crate::backend::{auth, forms::answer, state::app_state};
    let work = async {
        let admin = auth::require_admin()?;
        if admin.id == account_id {
            return Err(AppError::problem("account_id", AdminProblem::OwnAccount));
        }
        let disabled = parse_flag("disabled", &disabled)?;
        let state = app_state()?;
        if !crate::backend::services::accounts::set_disabled(&state.db, account_id, disabled)
            .await?
        {
            return Err(AppError::NotFound);
        }
        Ok(())
    };
    answer(admin_form("comptes"), work, done_in("comptes")).await
}
