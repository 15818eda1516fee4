//! Files référents and residents download: the participant list as CSV (for spreadsheet
//! programs: UTF-8 with a byte-order mark, `;` separators as French spreadsheets expect).

use chrono_tz::Europe::Paris;

use super::db::events::Registration;
use crate::model::RegistrationStatus;

/// One CSV cell: quoted when needed, and defused when a spreadsheet would take it for a
/// formula (`=`, `+`, `-`, `@` at the start).
fn cell(value: &str) -> String {
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if value.contains([';', '"', '\n', '\r', ',']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The participant list: confirmed first, then the waitlist, each in sign-up order.
pub fn participants_csv(registrations: &[Registration]) -> String {
    let mut out = String::from("\u{feff}Statut;Nom;E-mail;Personnes;Message;Inscrit(e) le\r\n");
    let ordered = registrations
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .chain(
            registrations
                .iter()
                .filter(|r| r.status == RegistrationStatus::Waitlisted),
        );
    for r in ordered {
        let status = r.status.label();
        let at = r
            .created_at
            .with_timezone(&Paris)
            .format("%d/%m/%Y %H:%M")
            .to_string();
        let line = [
            cell(status),
            cell(&r.name),
            cell(&r.email),
            r.people.to_string(),
            cell(&r.message),
            at,
        ]
        .join(";");
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn registration(
        id: i64,
        status: RegistrationStatus,
        name: &str,
        message: &str,
    ) -> Registration {
        Registration {
            id,
            event_id: 1,
            name: name.into(),
            email: format!("p{id}@exemple.fr"),
            people: 2,
            message: message.into(),
            status,
            created_at: Utc.with_ymd_and_hms(2026, 6, 1, 8, 30, 0).unwrap(),
        }
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_lists_confirmed_people_first() {
        let csv = participants_csv(&[
            registration(1, RegistrationStatus::Waitlisted, "Zoé", ""),
            registration(
                2,
                RegistrationStatus::Confirmed,
                "Élodie Lefèvre",
                "Végétarienne; merci",
            ),
        ]);
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<_> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Statut;Nom;E-mail;Personnes;Message;Inscrit(e) le"
        );
        assert_eq!(
            lines[1],
            "Confirmée;Élodie Lefèvre;p2@exemple.fr;2;\"Végétarienne; merci\";01/06/2026 10:30"
        );
        assert!(lines[2].starts_with("Liste d'attente;Zoé;"));
    }

    #[test]
    fn cells_that_look_like_formulas_are_defused_and_quotes_doubled() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("Awa"), "Awa");
    }
}
