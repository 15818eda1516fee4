//! schema.org descriptions (JSON-LD) for search engines: on each sheet, its organisation
//! (`Organization` with its `PostalAddress`) and each event to come (`Event`, with its
//! place, Europe/Paris times with their offset, status, attendance mode, organiser and an
//! `Offer` whose availability follows the places left). Public content only.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Paris;
use serde_json::{json, Value};

use super::db::events::EventRow;
use crate::model::{ActionSheet, EventStatus};

/// Europe/Paris time with its offset: `2026-06-18T19:00:00+02:00`.
fn paris(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The JSON-LD of a sheet, ready for a `<script type="application/ld+json">`.
pub fn sheet_json_ld(
    public_url: &str,
    sheet: &ActionSheet,
    events: &[EventRow],
    now: DateTime<Utc>,
) -> String {
    let sheet_url = format!("{public_url}/actions/{}", sheet.slug);
    let organisation = json!({
        "@type": "Organization",
        "name": sheet.organisation_name,
        "url": format!("{public_url}/organisations/{}", sheet.organisation_slug),
        "address": {
            "@type": "PostalAddress",
            "postalCode": sheet.postal_code,
            "addressLocality": sheet.city,
            "addressCountry": "FR",
        },
    });
    let mut graph: Vec<Value> = vec![organisation.clone()];
    for event in events.iter().filter(|event| event.ends_at > now) {
        let url = format!("{sheet_url}#evenement-{}", event.id);
        let availability = if event.status != EventStatus::Open || now >= event.signup_deadline {
            "https://schema.org/SoldOut"
        } else {
            match event.places_left() {
                Some(0) => "https://schema.org/SoldOut",
                Some(left) if left <= 5 => "https://schema.org/LimitedAvailability",
                _ => "https://schema.org/InStock",
            }
        };
        let status = if event.is_cancelled() {
            "https://schema.org/EventCancelled"
        } else {
            "https://schema.org/EventScheduled"
        };
        let mut described = json!({
            "@type": "Event",
            "name": event.title,
            "url": url,
            "startDate": paris(event.starts_at),
            "endDate": paris(event.ends_at),
            "eventStatus": status,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": event.place,
                "address": event.place,
            },
            "organizer": organisation,
            "offers": {
                "@type": "Offer",
                "price": "0",
                "priceCurrency": "EUR",
                "availability": availability,
                "url": url,
            },
        });
        if !event.description.trim().is_empty() {
            described["description"] = Value::String(event.description.clone());
        }
        graph.push(described);
    }
    let document = json!({ "@context": "https://schema.org", "@graph": graph });
    // `</script>` must not end the block early.
    document.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn paris_times_carry_their_offset() {
        let summer = Utc.with_ymd_and_hms(2026, 6, 18, 17, 0, 0).unwrap();
        assert_eq!(paris(summer), "2026-06-18T19:00:00+02:00");
        let winter = Utc.with_ymd_and_hms(2026, 12, 18, 17, 0, 0).unwrap();
        assert_eq!(paris(winter), "2026-12-18T18:00:00+01:00");
    }
}
