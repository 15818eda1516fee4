//! Events as iCalendar (RFC 5545), written with the `icalendar` crate: the file attached to
//! sign-up emails, the "Ajouter à mon agenda" file of an event, and the subscribable
//! calendars of a sheet, an organisation, a territory, a région, a theme and the platform.
//! Times are Europe/Paris wall-clock times with the zone's definition; each event keeps one
//! UID for life and a SEQUENCE that grows when it is rewritten. Never any participant data.

use chrono_tz::Europe::Paris;

use crate::model::one_line;
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};

use chrono::{DateTime, Utc};

use super::db::events::EventRow;
use crate::model::french_when;

/// An event as emails and calendars say it.
#[derive(Debug, Clone)]
pub struct EventDetails {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    pub action_title: String,
    pub action_slug: String,
    /// The iCalendar `SEQUENCE`: grows with every rewrite.
    pub sequence: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<&EventRow> for EventDetails {
    fn from(row: &EventRow) -> Self {
        EventDetails {
            id: row.id,
            title: row.title.clone(),
            description: row.description.clone(),
            place: row.place.clone(),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            cancelled: row.is_cancelled(),
            action_title: row.action_title.clone(),
            action_slug: row.action_slug.clone(),
            sequence: row.sequence,
            updated_at: row.updated_at,
        }
    }
}

impl EventDetails {
    /// "jeudi 18 juin 2026, de 19 h 00 à 23 h 00", Europe/Paris.
    pub fn when(&self) -> String {
        french_when(
            self.starts_at.with_timezone(&Paris).naive_local(),
            self.ends_at.with_timezone(&Paris).naive_local(),
        )
    }
}

/// The time zone every event is written in, as its `TZID`.
pub const TZID: &str = "Europe/Paris";

/// Europe/Paris since 1996 (EU rules: last Sunday of March and of October), for the
/// calendars that do not know the zone by name.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nX-LIC-LOCATION:Europe/Paris\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

pub use crate::model::host_of;

/// The address of an event on its sheet.
pub fn event_url(public_url: &str, event: &EventDetails) -> String {
    format!(
        "{public_url}/actions/{}#evenement-{}",
        event.action_slug, event.id
    )
}

/// What a calendar says of an event: its description, then the sheet and its address.
pub fn event_description(public_url: &str, event: &EventDetails) -> String {
    let url = event_url(public_url, event);
    if event.description.trim().is_empty() {
        format!("{}\n{url}", event.action_title)
    } else {
        format!(
            "{}\n\n{}\n{url}",
            event.description.trim(),
            event.action_title
        )
    }
}

fn paris(at: chrono::DateTime<chrono::Utc>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: at.with_timezone(&Paris).naive_local(),
        tzid: TZID.to_owned(),
    }
}

fn vevent(public_url: &str, event: &EventDetails) -> Event {
    let mut vevent = Event::new();
    vevent
        .uid(&format!("evenement-{}@{}", event.id, host_of(public_url)))
        .sequence(u32::try_from(event.sequence).unwrap_or(0))
        .timestamp(event.updated_at)
        .summary(&one_line(&event.title))
        .description(&event_description(public_url, event).replace('\r', ""))
        .location(&one_line(&event.place))
        .starts(paris(event.starts_at))
        .ends(paris(event.ends_at))
        .url(&event_url(public_url, event))
        .status(if event.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    vevent.done()
}

/// A calendar named `name` holding `events`, with the Europe/Paris zone.
pub fn document(public_url: &str, name: &str, events: &[EventDetails]) -> String {
    let mut calendar = Calendar::new();
    // One line. icalendar escapes SUMMARY, X-WR-CALNAME and the like as text, not NAME:
    // its separators are escaped here, and only there.
    let name = one_line(name);
    let escaped = name
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,");
    calendar
        .append_property(icalendar::Property::new("NAME", &escaped))
        .append_property(icalendar::Property::new("X-WR-CALNAME", &name))
        .timezone(TZID);
    for event in events {
        calendar.push(vevent(public_url, event));
    }
    let text = calendar.done().to_string();
    // The zone's definition goes before the first component (RFC 5545 allows any order;
    // some clients want it first).
    let at = text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}

/// "Ajouter à Google Agenda": the link that opens an event pre-filled.
pub fn google_link(public_url: &str, event: &EventDetails) -> String {
    use crate::url::encode;
    let utc = |at: chrono::DateTime<chrono::Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}&ctz={}",
        encode(&event.title),
        utc(event.starts_at),
        utc(event.ends_at),
        encode(&event_description(public_url, event)),
        encode(&event.place),
        encode(TZID),
    )
}

/// "Ajouter à Outlook": the link that opens an event pre-filled in Outlook on the web.
pub fn outlook_link(public_url: &str, event: &EventDetails) -> String {
    use crate::url::encode;
    let utc = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    format!(
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}&location={}",
        encode(&event.title),
        encode(&utc(event.starts_at)),
        encode(&utc(event.ends_at)),
        encode(&event_description(public_url, event)),
        encode(&event.place),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn banquet() -> EventDetails {
        EventDetails {
            id: 7,
            title: "Banquet citoyen du 18 juin".into(),
            description: "Chacun apporte un plat.".into(),
            place: "Place du marché, Saint-Herblain".into(),
            starts_at: Utc.with_ymd_and_hms(2026, 6, 18, 17, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 6, 18, 21, 0, 0).unwrap(),
            cancelled: false,
            action_title: "Ambassadeurs".into(),
            action_slug: "ambassadeurs".into(),
            sequence: 2,
            updated_at: Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap(),
        }
    }

    #[test]
    fn an_event_is_written_in_paris_time_with_its_zone_uid_sequence_and_link() {
        let text = document("https://passeurs.example", "Passeurs", &[banquet()]);
        assert!(
            text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"),
            "{text}"
        );
        assert!(
            text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART;TZID=Europe/Paris:20260618T190000"),
            "{text}"
        );
        assert!(text.contains("DTEND;TZID=Europe/Paris:20260618T230000"));
        assert!(text.contains("UID:evenement-7@passeurs.example"));
        assert!(text.contains("SEQUENCE:2"));
        assert!(text.contains("URL:https://passeurs.example/actions/ambassadeurs#evenement-7"));
        assert!(text.contains("STATUS:CONFIRMED"));
        let unfolded = icalendar::parser::unfold(&text);
        let parsed = icalendar::parser::read_calendar(&unfolded).expect("parses");
        assert_eq!(parsed.components.len(), 2);
    }

    #[test]
    fn the_calendars_name_is_escaped_once_on_one_line() {
        let text = document(
            "https://passeurs.example",
            "Centre social, Port;\nNord",
            &[],
        );
        assert!(
            text.contains("\r\nNAME:Centre social\\, Port\\; Nord\r\n"),
            "{text}"
        );
        assert!(
            text.contains("\r\nX-WR-CALNAME:Centre social\\, Port\\; Nord\r\n"),
            "{text}"
        );
    }

    #[test]
    fn a_cancelled_event_says_so_and_the_links_carry_utc_times() {
        let mut event = banquet();
        event.cancelled = true;
        let text = document("https://passeurs.example", "Passeurs", &[event.clone()]);
        assert!(text.contains("STATUS:CANCELLED"));
        let google = google_link("https://passeurs.example", &event);
        assert!(
            google.contains("dates=20260618T170000Z/20260618T210000Z"),
            "{google}"
        );
        assert!(google.contains("text=Banquet%20citoyen%20du%2018%20juin"));
        let outlook = outlook_link("https://passeurs.example", &event);
        assert!(
            outlook.contains("startdt=2026-06-18T17%3A00%3A00Z"),
            "{outlook}"
        );
    }
}
