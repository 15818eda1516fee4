//! `/admin`: the federation's administrators manage organisations, sheets (create,
//! publish, référents, invitations) and accounts. Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::{
    admin_overview, AdminAction, AdminData, AdminOrganisation, AssignReferent, CreateAction,
    CreateOrganisation, InviteReferent, RemoveReferent, SetAccountDisabled, SetPublished,
    UpdateOrganisation,
};
use crate::api::{CreateTheme, DeleteTheme, MergeTheme, UpdateTheme};
use crate::components::set_http_status;
use crate::error::AppError;
use crate::model::{OrganisationKind, Theme, MAX_THEME_DESCRIPTION, MAX_THEME_NAME};

#[component]
pub fn AdminPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| admin_overview());
    view! {
        <Title text="Administration" />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Admin data /> }.into_any(),
                    Err(AppError::Unauthorized) => {
                        set_http_status(401);
                        view! {
                            <section class="message-page">
                                <h1>"Connexion requise"</h1>
                                <p>"L'administration est réservée aux administrateurs de la fédération."</p>
                                <p><a href="/connexion?suite=%2Fadmin">"Se connecter"</a></p>
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Admin(data: AdminData) -> impl IntoView {
    let query = use_query_map();
    let (done, error, editing_org) = query.with_untracked(|q| {
        (
            q.get("fait").is_some(),
            super::refusal_message(),
            q.get("modifier_org").and_then(|id| id.parse::<i64>().ok()),
        )
    });
    let AdminData {
        me,
        organisations,
        actions,
        accounts,
        themes,
        followers: (followers, follows),
    } = data;
    let account_choices: Vec<(i64, String)> = accounts
        .iter()
        .filter(|a| !a.disabled)
        .map(|a| (a.id, format!("{} ({})", a.name, a.email)))
        .collect();
    view! {
        <section class="admin">
            <h1>"Administration"</h1>
            <nav aria-label="Sections de l'administration">
                <ul class="admin-nav">
                    <li><a href="#organisations">"Organisations"</a></li>
                    <li><a href="#actions">"Fiches action"</a></li>
                    <li><a href="#themes">"Thèmes"</a></li>
                    <li><a href="#comptes">"Comptes"</a></li>
                </ul>
            </nav>
            <p class="admin-followers">{format!(
                "Abonnements par e-mail : {followers} personne(s) suivent {follows} page(s)."
            )}</p>
            {done.then(|| view! { <p class="notice" role="status">"C'est enregistré."</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert">{message}</p> })}

            <section id="organisations" aria-labelledby="organisations-titre">
                <h2 id="organisations-titre">"Organisations"</h2>
                <ul class="admin-list">
                    {organisations.iter().cloned().map(|org| {
                        let editing = editing_org == Some(org.id);
                        view! { <li><OrganisationRow org editing /></li> }
                    }).collect_view()}
                </ul>
                <form class="stacked-form" method="post" action=CreateOrganisation::url()>
                    <h3>"Nouvelle organisation"</h3>
                    <OrganisationFields prefix="nouvelle-org".into() org=None />
                    <button type="submit">"Créer l'organisation"</button>
                </form>
            </section>

            <section id="actions" aria-labelledby="actions-titre">
                <h2 id="actions-titre">"Fiches action"</h2>
                <ul class="admin-list">
                    {actions.into_iter().map(|action| {
                        view! { <li><ActionRow action choices=account_choices.clone() /></li> }
                    }).collect_view()}
                </ul>
                <form class="stacked-form" method="post" action=CreateAction::url()>
                    <h3>"Nouvelle fiche action"</h3>
                    <p class="field-hint">"La fiche est créée non publiée, avec les quatre questions habituelles ; vous la complétez sur sa page."</p>
                    <label for="nouvelle-fiche-titre">"Titre"</label>
                    <input id="nouvelle-fiche-titre" name="title" type="text" required minlength="3" maxlength="200" />
                    <label for="nouvelle-fiche-org">"Organisation porteuse"</label>
                    <select id="nouvelle-fiche-org" name="organisation_id" required>
                        {organisations.iter().map(|org| view! { <option value=org.id>{org.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit">"Créer la fiche"</button>
                </form>
            </section>

            <ThemesSection themes />

            <section id="comptes" aria-labelledby="comptes-titre">
                <h2 id="comptes-titre">"Comptes"</h2>
                <table class="admin-table">
                    <caption class="visually-hidden">"Comptes des référents et administrateurs"</caption>
                    <thead>
                        <tr><th scope="col">"Nom"</th><th scope="col">"Adresse"</th><th scope="col">"Rôle"</th><th scope="col">"État"</th><th scope="col">"Action"</th></tr>
                    </thead>
                    <tbody>
                        {accounts.into_iter().map(|account| {
                            let state = if account.disabled { "Désactivé" } else if account.has_password { "Actif" } else { "Invitation en attente" };
                            let (label, value) = if account.disabled { ("Réactiver", "false") } else { ("Désactiver", "true") };
                            view! {
                                <tr>
                                    <td>{account.name.clone()}</td>
                                    <td>{account.email.clone()}</td>
                                    <td>{if account.is_admin { "Administrateur" } else { "Référent" }}</td>
                                    <td>{state}</td>
                                    <td>
                                        {(account.id != me).then(|| view! {
                                            <form method="post" action=SetAccountDisabled::url()>
                                                <input type="hidden" name="account_id" value=account.id />
                                                <input type="hidden" name="disabled" value=value />
                                                <button type="submit">
                                                    {label}<span class="visually-hidden">{format!(" le compte de {}", account.name)}</span>
                                                </button>
                                            </form>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </section>
    }
}

#[component]
fn OrganisationRow(org: AdminOrganisation, editing: bool) -> impl IntoView {
    if editing {
        let prefix = format!("org-{}", org.id);
        return view! {
            <form class="stacked-form" method="post" action=UpdateOrganisation::url()>
                <input type="hidden" name="id" value=org.id />
                <OrganisationFields prefix org=Some(org.clone()) />
                <p class="edit-actions">
                    <button type="submit">"Enregistrer"</button>
                    <a href="/admin#organisations">"Annuler"</a>
                </p>
            </form>
        }
        .into_any();
    }
    view! {
        <p>
            <strong>{org.name.clone()}</strong>
            {format!(" — {} · {} {} (département {})", org.kind.label(), org.postal_code, org.city, org.departement)}
            " "
            <a href=format!("/admin?modifier_org={}#organisations", org.id)>
                "Modifier"<span class="visually-hidden">{format!(" l'organisation {}", org.name)}</span>
            </a>
        </p>
    }
    .into_any()
}

#[component]
fn OrganisationFields(prefix: String, org: Option<AdminOrganisation>) -> impl IntoView {
    let kind = org.as_ref().map(|o| o.kind);
    view! {
        <label for=format!("{prefix}-nom")>"Nom"</label>
        <input id=format!("{prefix}-nom") name="name" type="text" required maxlength="200" value=org.as_ref().map(|o| o.name.clone()) />
        <label for=format!("{prefix}-type")>"Type"</label>
        <select id=format!("{prefix}-type") name="kind">
            {OrganisationKind::ALL.into_iter().map(|k| view! {
                <option value=k.code() selected=kind == Some(k)>{k.label()}</option>
            }).collect_view()}
        </select>
        <label for=format!("{prefix}-cp")>"Code postal"</label>
        <input id=format!("{prefix}-cp") name="postal_code" type="text" inputmode="numeric" required pattern="[0-9]{5}" value=org.as_ref().map(|o| o.postal_code.clone()) />
        <label for=format!("{prefix}-ville")>"Ville"</label>
        <input id=format!("{prefix}-ville") name="city" type="text" required value=org.as_ref().map(|o| o.city.clone()) />
    }
}

#[component]
fn ActionRow(action: AdminAction, choices: Vec<(i64, String)>) -> impl IntoView {
    let AdminAction {
        id,
        slug,
        title,
        published,
        organisation_name,
        referents,
    } = action;
    let (toggle_label, toggle_value) = if published {
        ("Dépublier", "false")
    } else {
        ("Publier", "true")
    };
    let invite_prefix = format!("inviter-{id}");
    let assign_id = format!("associer-{id}");
    view! {
        <article class="admin-action">
            <h3><a href=format!("/actions/{slug}")>{title.clone()}</a></h3>
            <p>{format!("{organisation_name} · {}", if published { "publiée" } else { "non publiée" })}</p>
            <form method="post" action=SetPublished::url()>
                <input type="hidden" name="action_id" value=id />
                <input type="hidden" name="published" value=toggle_value />
                <button type="submit">{toggle_label}<span class="visually-hidden">{format!(" « {title} »")}</span></button>
            </form>
            <p>"Référents :"</p>
            <ul>
                {referents.is_empty().then(|| view! { <li>"aucun pour le moment"</li> })}
                {referents.into_iter().map(|referent| view! {
                    <li>
                        {referent.name.clone()}
                        " "
                        <form class="inline-form" method="post" action=RemoveReferent::url()>
                            <input type="hidden" name="action_id" value=id />
                            <input type="hidden" name="account_id" value=referent.account_id />
                            <button type="submit" class="danger">
                                "Retirer"<span class="visually-hidden">{format!(" {} des référents", referent.name)}</span>
                            </button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
            <form class="stacked-form" method="post" action=InviteReferent::url()>
                <input type="hidden" name="action_id" value=id />
                <p><strong>"Inviter un référent par e-mail"</strong></p>
                <label for=format!("{invite_prefix}-email")>"Adresse e-mail"</label>
                <input id=format!("{invite_prefix}-email") name="email" type="email" required />
                <label for=format!("{invite_prefix}-nom")>"Nom affiché (par exemple Nadia B.)"</label>
                <input id=format!("{invite_prefix}-nom") name="name" type="text" required maxlength="100" />
                <button type="submit">"Envoyer l'invitation"</button>
            </form>
            <form class="stacked-form" method="post" action=AssignReferent::url()>
                <input type="hidden" name="action_id" value=id />
                <label for=assign_id.clone()>"Ou associer un compte existant"</label>
                <select id=assign_id name="account_id">
                    {choices.into_iter().map(|(account_id, label)| view! { <option value=account_id>{label}</option> }).collect_view()}
                </select>
                <button type="submit">"Associer"</button>
            </form>
        </article>
    }
}

/// The list of themes: rename, merge into another (a theme in use is merged, not
/// deleted), delete when unused, and add.
#[component]
fn ThemesSection(themes: Vec<Theme>) -> impl IntoView {
    let choices: Vec<(i64, String)> = themes.iter().map(|t| (t.id, t.name.clone())).collect();
    let name_max = MAX_THEME_NAME.to_string();
    let description_max = MAX_THEME_DESCRIPTION.to_string();
    view! {
        <section id="themes" aria-labelledby="themes-titre">
            <h2 id="themes-titre">"Thèmes"</h2>
            <p class="field-hint">"Les référents classent leurs fiches dans ces thèmes ; chaque thème a sa page publique. Un thème utilisé se fusionne dans un autre (ses fiches y passent) au lieu d'être supprimé."</p>
            <ul class="admin-list">
                {themes.into_iter().map(|theme| {
                    let prefix = format!("theme-{}", theme.id);
                    let others: Vec<(i64, String)> = choices.iter().filter(|(id, _)| *id != theme.id).cloned().collect();
                    let sheets = match theme.sheets {
                        0 => "aucune fiche".to_owned(),
                        1 => "1 fiche".to_owned(),
                        n => format!("{n} fiches"),
                    };
                    view! {
                        <li>
                            <article class="admin-theme">
                                <h3><a href=format!("/themes/{}", theme.slug)>{theme.name.clone()}</a></h3>
                                <p>{sheets}</p>
                                <form class="stacked-form" method="post" action=UpdateTheme::url()>
                                    <input type="hidden" name="theme_id" value=theme.id />
                                    <label for=format!("{prefix}-nom")>"Nom"</label>
                                    <input id=format!("{prefix}-nom") name="name" type="text" required maxlength=name_max.clone() value=theme.name.clone() />
                                    <label for=format!("{prefix}-description")>"Description courte"</label>
                                    <textarea id=format!("{prefix}-description") name="description" rows="2" maxlength=description_max.clone() inner_html=crate::model::escape_html(&theme.description)></textarea>
                                    <button type="submit">"Enregistrer"<span class="visually-hidden">{format!(" le thème {}", theme.name)}</span></button>
                                </form>
                                {(!others.is_empty()).then(|| view! {
                                    <form class="stacked-form" method="post" action=MergeTheme::url()>
                                        <input type="hidden" name="theme_id" value=theme.id />
                                        <label for=format!("{prefix}-fusion")>{format!("Fusionner « {} » dans", theme.name)}</label>
                                        <select id=format!("{prefix}-fusion") name="into">
                                            {others.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                        </select>
                                        <button type="submit">"Fusionner"</button>
                                    </form>
                                })}
                                {(theme.sheets == 0).then(|| view! {
                                    <form method="post" action=DeleteTheme::url()>
                                        <input type="hidden" name="theme_id" value=theme.id />
                                        <button type="submit" class="danger">"Supprimer"<span class="visually-hidden">{format!(" le thème {}", theme.name)}</span></button>
                                    </form>
                                })}
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="stacked-form" method="post" action=CreateTheme::url()>
                <h3>"Nouveau thème"</h3>
                <label for="nouveau-theme-nom">"Nom"</label>
                <input id="nouveau-theme-nom" name="name" type="text" required maxlength=name_max />
                <label for="nouveau-theme-description">"Description courte"</label>
                <textarea id="nouveau-theme-description" name="description" rows="2" maxlength=description_max></textarea>
                <button type="submit">"Créer le thème"</button>
            </form>
        </section>
    }
}
