//! The feeds of a page: which page an address names, and its Atom feed and iCalendar
//! calendar. A sheet, an organisation, a territory, a région, a theme and the whole
//! platform each have both, at `{page}/flux.atom` and `{page}/agenda.ics`; an event has its
//! own `.ics` ("Ajouter à mon agenda"). Public content only.

use crate::error::DomainError;
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::follows::{news_keys, target, Target};
use crate::calendar;
use crate::db::news::{self, NewsFilter};
use crate::db::{actions, events, organisations, themes, Db};
use crate::feeds::{atom as atom_document, FEED_ENTRIES};
use crate::model::{
    departement_name, departement_path, region_name, region_path, split_territory_address,
    FollowScope,
};
use crate::notices::EventDetails;
use crate::texts::PLATFORM_NAME;

/// Events this long past stay in calendars.
pub const CALENDAR_PAST: Duration = Duration::days(90);

/// Most events in a calendar.
const CALENDAR_EVENTS: i64 = 500;

/// What a feed's address names.
#[derive(Debug, Clone)]
pub enum FeedPage {
    /// One page.
    Page(Target),
    /// Another spelling of a page's address (a renamed territory): its path.
    Moved(String),
    /// Nothing.
    Missing,
}

/// Which page `kind/name` names (`actions`, `organisations`, `territoires`, `regions`,
/// `themes`).
pub async fn page(db: &Db, kind: &str, name: &str) -> Result<FeedPage, DomainError> {
    let scope = match kind {
        "actions" => match actions::find_published_sheet(db, name).await? {
            Some(sheet) => FollowScope::Action(sheet.id),
            None => return Ok(FeedPage::Missing),
        },
        "organisations" => match organisations::by_slug(db, name).await? {
            Some(organisation)
                if organisations::has_published_sheet(db, organisation.id).await? =>
            {
                FollowScope::Organisation(organisation.id)
            }
            _ => return Ok(FeedPage::Missing),
        },
        "territoires" | "regions" => {
            let (code, _) = split_territory_address(name);
            let code = code.to_ascii_uppercase();
            let (known, canonical) = if kind == "territoires" {
                (departement_name(&code).is_some(), departement_path(&code))
            } else {
                (region_name(&code).is_some(), region_path(&code))
            };
            if !known {
                return Ok(FeedPage::Missing);
            }
            if canonical != format!("/{kind}/{name}") {
                return Ok(FeedPage::Moved(canonical));
            }
            if kind == "territoires" {
                FollowScope::Departement(code)
            } else {
                FollowScope::Region(code)
            }
        }
        "themes" => match themes::by_slug(db, name).await? {
            themes::SlugLookup::Found(theme) => FollowScope::Theme(theme.id),
            themes::SlugLookup::Moved(slug) => {
                return Ok(FeedPage::Moved(format!("/themes/{slug}")))
            }
            themes::SlugLookup::Missing => return Ok(FeedPage::Missing),
        },
        _ => return Ok(FeedPage::Missing),
    };
    Ok(match target(db, &scope).await? {
        Some(target) => FeedPage::Page(target),
        None => FeedPage::Missing,
    })
}

/// A fixed time for feeds with no news yet (their `updated`), so that their ETag holds.
fn quiet_since() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// The Atom feed of a page (`None`: the platform's).
pub async fn atom(
    db: &Db,
    public_url: &str,
    target: Option<&Target>,
) -> Result<String, DomainError> {
    let filter = NewsFilter {
        keys: target.map(|t| news_keys(&t.scope)),
        since: None,
        before: None,
        not_sent_to: None,
        limit: FEED_ENTRIES,
    };
    let rows = news::list(db, &filter).await?;
    let (name, page) = match target {
        Some(t) => (t.title.clone(), t.path.clone()),
        None => ("Toutes les initiatives".to_owned(), "/".to_owned()),
    };
    let feed = crate::model::feed_path(&page, crate::model::FEED_ATOM);
    Ok(atom_document(
        public_url,
        &name,
        &page,
        &feed,
        &rows,
        quiet_since(),
    ))
}

/// The calendar of a page (`None`: the platform's): its events from
/// [`CALENDAR_PAST`] ago on.
pub async fn calendar(
    db: &Db,
    public_url: &str,
    target: Option<&Target>,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    let keys = target.map(|t| news_keys(&t.scope));
    let rows =
        events::for_calendar(db, keys.as_deref(), now - CALENDAR_PAST, CALENDAR_EVENTS).await?;
    let details: Vec<EventDetails> = rows.iter().map(EventDetails::from).collect();
    let name = match target {
        Some(t) => format!("{} — {PLATFORM_NAME}", t.title),
        None => PLATFORM_NAME.to_owned(),
    };
    Ok(calendar::document(public_url, &name, &details))
}

/// One event of a published sheet as a calendar file; `None` when there is no such event.
pub async fn event_calendar(
    db: &Db,
    public_url: &str,
    event_id: i64,
) -> Result<Option<String>, DomainError> {
    Ok(events::find(db, event_id)
        .await?
        .filter(|event| event.action_published)
        .map(|event| calendar::document(public_url, PLATFORM_NAME, &[EventDetails::from(&event)])))
}

/// `/sitemap.xml`: the home page, the agenda, every published sheet (with when it last
/// changed), and the organisations, départements and themes that have published sheets.
/// Nothing private: no personal page, no edit mode, no administration.
pub async fn sitemap(db: &Db, public_url: &str) -> Result<String, DomainError> {
    use crate::display::escape;
    let rows = actions::sitemap(db).await?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<DateTime<Utc>>| {
        xml.push_str(&format!(
            "<url><loc>{}</loc>",
            escape(&format!("{public_url}{path}"))
        ));
        if let Some(at) = lastmod {
            xml.push_str(&format!(
                "<lastmod>{}</lastmod>",
                at.format("%Y-%m-%dT%H:%M:%SZ")
            ));
        }
        xml.push_str("</url>\n");
    };
    url("/", None);
    url("/agenda", None);
    for (slug, changed) in &rows.sheets {
        url(&format!("/actions/{slug}"), Some(*changed));
    }
    for slug in &rows.organisations {
        url(&format!("/organisations/{slug}"), None);
    }
    for code in &rows.departements {
        url(&departement_path(code), None);
    }
    for slug in &rows.themes {
        url(&format!("/themes/{slug}"), None);
    }
    xml.push_str("</urlset>\n");
    Ok(xml)
}

/// `/robots.txt`: everything public may be indexed but the personal and private pages (no
/// `Allow: /` first: crawlers that take the first matching rule would read it as "all");
/// the sitemap's address.
pub fn robots(public_url: &str) -> String {
    format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /abonnements/\nDisallow: /inscription/\nDisallow: /suivre/\nDisallow: /mot-de-passe\nDisallow: /connexion\nDisallow: /api/\nSitemap: {public_url}/sitemap.xml\n"
    )
}
