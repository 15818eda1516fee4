//! What is new, as readers and machines get it: each piece of news ([`NewsRow`]) worded
//! once in French ([`NewsEntry`]) with the link to its place on the sheet, then written as
//! an Atom feed (RFC 4287, with the `atom_syndication` crate) or used by the follow
//! messages. Only public content: never a participant, a follower or an account.

use atom_syndication::{Content, Entry, Feed, Generator, Link, Person, Text};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Paris;

use super::db::news::{NewsKind, NewsRow};
use super::display::markdown_to_safe_html;
use crate::model::{french_when, ActionStatus};
use crate::texts::PLATFORM_NAME;

/// Most entries in a feed.
pub const FEED_ENTRIES: i64 = 50;

/// A piece of news as it is shown.
#[derive(Debug, Clone)]
pub struct NewsEntry {
    pub item_id: i64,
    /// "Où en est-on ? La récolte", "Nouvel événement : Banquet citoyen"…
    pub headline: String,
    /// A sentence or two of plain text.
    pub text: String,
    /// The same as safe HTML (a progress update's text rendered from Markdown).
    pub html: String,
    /// Its place on the sheet.
    pub url: String,
    pub at: DateTime<Utc>,
    pub action_title: String,
    pub action_slug: String,
    pub organisation: String,
}

/// At most `max` characters of `text`, cut at a word, with "…" when cut.
fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{cut}…")
}

impl NewsEntry {
    pub fn of(public_url: &str, row: &NewsRow) -> NewsEntry {
        let sheet = format!("{public_url}/actions/{}", row.action_slug);
        let reference = row.ref_id.unwrap_or_default();
        let (headline, text, html, url) = match row.kind {
            NewsKind::Update => {
                let body = row.update_body.clone().unwrap_or_default();
                (
                    format!(
                        "Où en est-on ? {}",
                        row.update_title.clone().unwrap_or_default()
                    ),
                    excerpt(&body, 400),
                    markdown_to_safe_html(&body),
                    // Through its place: an older update is on a later page of news.
                    format!("{sheet}/nouvelles/{reference}"),
                )
            }
            NewsKind::Event => {
                let when = match (row.event_starts_at, row.event_ends_at) {
                    (Some(starts), Some(ends)) => french_when(
                        starts.with_timezone(&Paris).naive_local(),
                        ends.with_timezone(&Paris).naive_local(),
                    ),
                    _ => String::new(),
                };
                let place = row.event_place.clone().unwrap_or_default();
                let cancelled = row.event_status.as_deref() == Some("cancelled");
                let mut text = format!("{when}. Lieu : {place}.");
                if cancelled {
                    text.push_str(" Cet événement est annulé.");
                }
                let description = row.event_description.clone().unwrap_or_default();
                if !description.trim().is_empty() {
                    text.push(' ');
                    text.push_str(&excerpt(&description, 300));
                }
                let html = format!(
                    "<p>{}</p>{}",
                    super::display::escape(&text),
                    if cancelled {
                        String::new()
                    } else {
                        "<p>Inscription sur la fiche action.</p>".to_owned()
                    }
                );
                (
                    format!(
                        "Nouvel événement : {}",
                        row.event_title.clone().unwrap_or_default()
                    ),
                    text,
                    html,
                    format!("{sheet}#evenement-{reference}"),
                )
            }
            NewsKind::Status => {
                let label = row
                    .status
                    .as_deref()
                    .and_then(ActionStatus::from_code)
                    .map(ActionStatus::label)
                    .unwrap_or("mis à jour");
                let text = format!(
                    "L'action « {} » est maintenant : {label}.",
                    row.action_title
                );
                (
                    format!("Nouveau statut : {label}"),
                    text.clone(),
                    format!("<p>{}</p>", super::display::escape(&text)),
                    format!("{sheet}#partie-status"),
                )
            }
            NewsKind::Published => {
                let text = excerpt(&row.action_summary, 400);
                (
                    format!("Nouvelle fiche action : {}", row.action_title),
                    text.clone(),
                    format!("<p>{}</p>", super::display::escape(&text)),
                    sheet,
                )
            }
        };
        NewsEntry {
            item_id: row.id,
            headline,
            text,
            html,
            url,
            at: row.created_at,
            action_title: row.action_title.clone(),
            action_slug: row.action_slug.clone(),
            organisation: row.organisation_name.clone(),
        }
    }
}

/// The Atom feed of a page: `name` says what it follows ("Jardin partagé"), `page` is the
/// page's path and `feed` the feed's own path. `updated` is the newest entry's time, or
/// `quiet_since` when there is none (a fixed time, so that the feed's `ETag` holds).
pub fn atom(
    public_url: &str,
    name: &str,
    page: &str,
    feed: &str,
    rows: &[NewsRow],
    quiet_since: DateTime<Utc>,
) -> String {
    let host = crate::model::host_of(public_url);
    let link = |href: String, rel: &str, mime: Option<&str>| {
        let mut link = Link::default();
        link.set_href(href);
        link.set_rel(rel);
        link.set_mime_type(mime.map(str::to_owned));
        link
    };
    let entries: Vec<Entry> = rows
        .iter()
        .map(|row| {
            let news = NewsEntry::of(public_url, row);
            let mut entry = Entry::default();
            entry.set_id(format!("tag:{host},2026:nouvelle-{}", news.item_id));
            entry.set_title(Text::plain(format!(
                "{} — {}",
                news.action_title, news.headline
            )));
            entry.set_updated(news.at.fixed_offset());
            entry.set_published(Some(news.at.fixed_offset()));
            entry.set_links(vec![link(news.url.clone(), "alternate", Some("text/html"))]);
            let mut author = Person::default();
            author.set_name(news.organisation.clone());
            entry.set_authors(vec![author]);
            entry.set_summary(Some(Text::plain(news.text.clone())));
            let mut content = Content::default();
            content.set_content_type(Some("html".to_owned()));
            content.set_value(Some(news.html.clone()));
            entry.set_content(Some(content));
            entry
        })
        .collect();
    let updated = rows
        .iter()
        .map(|r| r.created_at)
        .max()
        .unwrap_or(quiet_since);
    let mut atom = Feed::default();
    atom.set_title(Text::plain(format!("{name} — {PLATFORM_NAME}")));
    atom.set_subtitle(Some(Text::plain(format!(
        "Les nouvelles de {name} sur {PLATFORM_NAME} : étapes, événements, nouvelles fiches."
    ))));
    atom.set_id(format!("{public_url}{feed}"));
    atom.set_updated(updated.fixed_offset());
    atom.set_lang(Some("fr".to_owned()));
    atom.set_links(vec![
        link(
            format!("{public_url}{feed}"),
            "self",
            Some("application/atom+xml"),
        ),
        link(
            format!("{public_url}{page}"),
            "alternate",
            Some("text/html"),
        ),
    ]);
    let mut author = Person::default();
    author.set_name(PLATFORM_NAME.to_owned());
    author.set_uri(Some(public_url.to_owned()));
    atom.set_authors(vec![author]);
    atom.set_generator(Some(Generator {
        value: PLATFORM_NAME.to_owned(),
        uri: None,
        version: None,
    }));
    atom.set_entries(entries);
    // Text typed into titles is escaped by the writer; characters XML forbids are dropped.
    crate::model::xml_safe(&atom.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn update() -> NewsRow {
        NewsRow {
            id: 4,
            kind: NewsKind::Update,
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
            status: None,
            ref_id: Some(12),
            action_slug: "jardin".into(),
            action_title: "Jardin <partagé>".into(),
            action_summary: String::new(),
            organisation_name: "Centre social & co".into(),
            update_title: Some("La récolte".into()),
            update_body: Some("Trente **kilos** de courges.".into()),
            update_happened_on: None,
            event_title: None,
            event_description: None,
            event_place: None,
            event_starts_at: None,
            event_ends_at: None,
            event_status: None,
        }
    }

    #[test]
    fn an_update_links_to_its_place_on_the_sheet() {
        let news = NewsEntry::of("https://p.example", &update());
        assert_eq!(news.headline, "Où en est-on ? La récolte");
        assert_eq!(news.url, "https://p.example/actions/jardin/nouvelles/12");
        assert!(news.html.contains("<strong>kilos</strong>"));
    }

    #[test]
    fn the_feed_parses_back_with_escaped_text_and_links() {
        let quiet = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let text = atom(
            "https://p.example",
            "Jardin <partagé>",
            "/actions/jardin",
            "/actions/jardin/flux.atom",
            &[update()],
            quiet,
        );
        let feed: Feed = text.parse().expect("valid Atom");
        assert_eq!(feed.entries().len(), 1);
        let entry = &feed.entries()[0];
        assert_eq!(
            entry.title().as_str(),
            "Jardin <partagé> — Où en est-on ? La récolte"
        );
        assert_eq!(
            entry.links()[0].href(),
            "https://p.example/actions/jardin/nouvelles/12"
        );
        assert_eq!(feed.updated().to_rfc3339(), "2026-11-02T09:00:00+00:00");
        let empty = atom("https://p.example", "Tout", "/", "/flux.atom", &[], quiet);
        let empty: Feed = empty.parse().expect("valid Atom");
        assert_eq!(empty.updated().to_rfc3339(), "2026-01-01T00:00:00+00:00");
    }

    #[test]
    fn long_texts_are_cut_at_a_word() {
        assert_eq!(excerpt("un deux trois", 8), "un deux…");
        assert_eq!(excerpt("  un\n deux ", 20), "un deux");
    }
}
