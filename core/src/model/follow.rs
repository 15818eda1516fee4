//! "Suivre" without an account: what can be followed (a scope), how often news is mailed
//! (a rhythm), and what the follow box and the personal page show. Pure data and parsing.

use serde::{Deserialize, Serialize};

/// Something a person can follow. Stored as one key (`action:12`, `departement:44`…), the
/// only form that crosses the wire or reaches the database.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FollowScope {
    Action(i64),
    Organisation(i64),
    /// A département code of the fixed list ("44", "2A", "974").
    Departement(String),
    /// A région code ("52").
    Region(String),
    Theme(i64),
}

impl FollowScope {
    /// The stored key.
    pub fn key(&self) -> String {
        match self {
            FollowScope::Action(id) => format!("action:{id}"),
            FollowScope::Organisation(id) => format!("organisation:{id}"),
            FollowScope::Departement(code) => format!("departement:{code}"),
            FollowScope::Region(code) => format!("region:{code}"),
            FollowScope::Theme(id) => format!("theme:{id}"),
        }
    }

    /// Reads a key back; `None` for anything the site does not write. Whether the thing
    /// exists is for the server to check.
    pub fn parse(key: &str) -> Option<FollowScope> {
        let (kind, value) = key.trim().split_once(':')?;
        let id = || value.parse::<i64>().ok().filter(|id| *id > 0);
        let code = || {
            (!value.is_empty()
                && value.len() <= 3
                && value.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| value.to_ascii_uppercase())
        };
        match kind {
            "action" => id().map(FollowScope::Action),
            "organisation" => id().map(FollowScope::Organisation),
            "departement" => code().map(FollowScope::Departement),
            "region" => code().map(FollowScope::Region),
            "theme" => id().map(FollowScope::Theme),
            _ => None,
        }
    }

    /// Most specific first: which follow a message names when several match one item.
    pub fn specificity(&self) -> u8 {
        match self {
            FollowScope::Action(_) => 0,
            FollowScope::Organisation(_) => 1,
            FollowScope::Theme(_) => 2,
            FollowScope::Departement(_) => 3,
            FollowScope::Region(_) => 4,
        }
    }
}

/// How long a confirmation link works; an unconfirmed follow is forgotten after it.
pub const CONFIRM_WITHIN_DAYS: i64 = 7;

/// The host part of the public address (`passeurs.example` of `https://passeurs.example`).
pub fn host_of(public_url: &str) -> &str {
    public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split('/')
        .next()
        .unwrap_or("passeurs")
}

/// How pages and messages name what is followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeNames {
    /// "Jardin partagé", "Loire-Atlantique (44)": feed and calendar titles.
    pub title: String,
    /// "l'action « Jardin partagé »", "le territoire Loire-Atlantique (44)".
    pub name: String,
    /// "de l'action « Jardin partagé »", "du territoire Loire-Atlantique (44)".
    pub of: String,
}

impl FollowScope {
    /// The names of this scope, given the name of the sheet, organisation or theme it is
    /// (départements and régions are named from the fixed lists).
    pub fn names(&self, own_name: &str) -> ScopeNames {
        let (title, article, of, word) = match self {
            FollowScope::Action(_) => (format!("« {own_name} »"), "l'", "de l'", "action "),
            FollowScope::Organisation(_) => {
                (format!("« {own_name} »"), "l'", "de l'", "organisation ")
            }
            FollowScope::Theme(_) => (format!("« {own_name} »"), "le ", "du ", "thème "),
            FollowScope::Departement(code) => (
                format!("{} ({code})", super::departement_name(code).unwrap_or(code)),
                "le ",
                "du ",
                "territoire ",
            ),
            FollowScope::Region(code) => (
                super::region_name(code).unwrap_or(code).to_owned(),
                "la ",
                "de la ",
                "région ",
            ),
        };
        ScopeNames {
            name: format!("{article}{word}{title}"),
            of: format!("{of}{word}{title}"),
            title: title
                .trim_start_matches("« ")
                .trim_end_matches(" »")
                .to_owned(),
        }
    }
}

/// How often a follow's news is mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Rhythm {
    /// One message per piece of news, as it happens.
    Immediate,
    /// One digest on Monday at 8:00 (Europe/Paris); the default.
    #[default]
    Weekly,
}

impl Rhythm {
    pub const ALL: [Rhythm; 2] = [Rhythm::Weekly, Rhythm::Immediate];

    pub fn as_db(self) -> &'static str {
        match self {
            Rhythm::Immediate => "immediate",
            Rhythm::Weekly => "weekly",
        }
    }

    /// A stored or posted value; anything else is `None`.
    pub fn parse(value: &str) -> Option<Rhythm> {
        Self::ALL.into_iter().find(|r| r.as_db() == value.trim())
    }

    /// The choice as the forms word it.
    pub fn label(self) -> &'static str {
        match self {
            Rhythm::Immediate => "Un e-mail à chaque nouveauté",
            Rhythm::Weekly => "Un résumé par semaine, le lundi matin",
        }
    }
}

impl TryFrom<String> for Rhythm {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Rhythm::parse(&value).ok_or(value)
    }
}

/// What a page's "Suivre" box needs: the scope's key, and its feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowBox {
    pub scope: String,
    /// What is followed, as the sentence names it: "cette action", "ce territoire"…
    pub what: String,
    /// The page's path, under which its feeds are (`{path}/flux.atom`, `{path}/agenda.ics`).
    pub path: String,
    /// The calendar's `webcal://` address, which calendar apps subscribe to.
    pub webcal: String,
}

impl FollowBox {
    pub fn new(scope: &FollowScope, what: &str, path: &str, public_url: &str) -> Self {
        let calendar = feed_path(path, FEED_CALENDAR);
        let webcal = format!("webcal://{}{calendar}", host_of(public_url));
        FollowBox {
            scope: scope.key(),
            what: what.to_owned(),
            path: path.to_owned(),
            webcal,
        }
    }

    pub fn atom_path(&self) -> String {
        feed_path(&self.path, FEED_ATOM)
    }

    pub fn calendar_path(&self) -> String {
        feed_path(&self.path, FEED_CALENDAR)
    }
}

/// The file names of a page's feeds.
pub const FEED_ATOM: &str = "flux.atom";
pub const FEED_CALENDAR: &str = "agenda.ics";

/// The address of a page's feed (`/` has its feeds at `/flux.atom`).
pub fn feed_path(page: &str, file: &str) -> String {
    format!("{}/{file}", page.trim_end_matches('/'))
}

/// One follow on the personal page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowedView {
    pub id: i64,
    /// "L'action « Jardin partagé »", "Le territoire Loire-Atlantique (44)"…
    pub name: String,
    pub href: String,
    pub rhythm: Rhythm,
}

/// The personal page reached from every message: what the person follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionsPage {
    pub email: String,
    pub follows: Vec<FollowedView>,
}

/// The page a confirmation link opens (before its button is pressed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingFollow {
    pub name: String,
    pub href: String,
    pub rhythm: Rhythm,
}

/// The page a "stop" link opens: what it stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopLink {
    /// What the link stops, as "Vous ne recevrez plus …" ends: "les nouvelles de l'action
    /// « Jardin partagé »", or "le résumé de la semaine".
    pub what: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_keys_read_back_and_nothing_else_does() {
        for scope in [
            FollowScope::Action(12),
            FollowScope::Organisation(3),
            FollowScope::Departement("2A".into()),
            FollowScope::Region("52".into()),
            FollowScope::Theme(7),
        ] {
            assert_eq!(FollowScope::parse(&scope.key()), Some(scope));
        }
        assert_eq!(
            FollowScope::parse("departement:2a"),
            Some(FollowScope::Departement("2A".into()))
        );
        for bad in [
            "",
            "action",
            "action:",
            "action:-1",
            "action:0",
            "action:x",
            "departement:44'; --",
            "departement:",
            "region:1234",
            "compte:1",
        ] {
            assert_eq!(FollowScope::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn scopes_are_named_with_their_article() {
        let names = FollowScope::Action(1).names("Jardin partagé");
        assert_eq!(names.name, "l'action « Jardin partagé »");
        assert_eq!(names.of, "de l'action « Jardin partagé »");
        assert_eq!(names.title, "Jardin partagé");
        let names = FollowScope::Departement("44".into()).names("");
        assert_eq!(names.of, "du territoire Loire-Atlantique (44)");
        assert_eq!(names.title, "Loire-Atlantique (44)");
        assert_eq!(
            FollowScope::Region("52".into()).names("").name,
            "la région Pays de la Loire"
        );
        assert_eq!(
            FollowScope::Theme(3).names("Santé").of,
            "du thème « Santé »"
        );
        assert_eq!(host_of("https://passeurs.example/x"), "passeurs.example");
    }

    #[test]
    fn rhythms_default_to_the_weekly_digest() {
        assert_eq!(Rhythm::default(), Rhythm::Weekly);
        assert_eq!(Rhythm::parse("immediate"), Some(Rhythm::Immediate));
        assert_eq!(Rhythm::parse("daily"), None);
        assert_eq!(feed_path("/", FEED_ATOM), "/flux.atom");
        assert_eq!(
            feed_path("/actions/jardin", FEED_CALENDAR),
            "/actions/jardin/agenda.ics"
        );
    }
}
