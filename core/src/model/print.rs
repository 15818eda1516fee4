//! What goes on paper: the printed sheet (A4, the reference's layout) and an event's
//! poster (A4) or flyer (A5), each ending with the sheet's address and its QR code.

use serde::{Deserialize, Serialize};

/// Where a visit from paper comes from: the `src` of the address its QR code carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaperSource {
    /// The printed sheet.
    Sheet,
    /// An event's A4 poster.
    Poster,
    /// An event's A5 flyer.
    Flyer,
}

impl PaperSource {
    pub const ALL: [PaperSource; 3] = [PaperSource::Poster, PaperSource::Flyer, PaperSource::Sheet];

    /// The value of `src` in the address.
    pub fn code(self) -> &'static str {
        match self {
            PaperSource::Sheet => "fiche",
            PaperSource::Poster => "affiche",
            PaperSource::Flyer => "flyer",
        }
    }

    pub fn parse(code: &str) -> Option<PaperSource> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// "N visites depuis l'affiche".
    pub fn visits(self, count: i64) -> String {
        let visits = if count == 1 { "visite" } else { "visites" };
        let from = match self {
            PaperSource::Sheet => "la fiche imprimée",
            PaperSource::Poster => "l'affiche",
            PaperSource::Flyer => "le flyer",
        };
        format!("{count} {visits} depuis {from}")
    }
}

/// The printed sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintSheet {
    pub slug: String,
    pub title: String,
    pub quote: String,
    pub quote_author: String,
    pub organisation: String,
    pub organisation_kind: String,
    pub postal_code: String,
    pub city: String,
    pub start_date: Option<String>,
    pub referent_name: String,
    pub summary_html: String,
    /// (question, answer as safe HTML), answered ones only.
    pub sections: Vec<(String, String)>,
    /// (address, alternative text) of up to four photos.
    pub photos: Vec<(String, String)>,
    /// The sheet's address, written under the QR code.
    pub url: String,
    pub qr_svg: String,
}

/// An event's poster or flyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPoster {
    pub flyer: bool,
    pub title: String,
    /// "jeudi 18 juin 2026, de 19 h 00 à 23 h 00".
    pub when: String,
    pub place: String,
    /// "Plus que 5 places", "Complet…" at printing time.
    pub availability: String,
    pub sheet_title: String,
    pub organisation: String,
    pub url: String,
    pub qr_svg: String,
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Links to share a page that track nobody (no script, no counter, no identifier added):
/// (label, address) for email, WhatsApp, Facebook and LinkedIn.
pub fn share_links(url: &str, title: &str) -> Vec<(&'static str, String)> {
    let text = format!("{title} — {url}");
    vec![
        (
            "E-mail",
            format!("mailto:?subject={}&body={}", encode(title), encode(&text)),
        ),
        ("WhatsApp", format!("https://wa.me/?text={}", encode(&text))),
        (
            "Facebook",
            format!(
                "https://www.facebook.com/sharer/sharer.php?u={}",
                encode(url)
            ),
        ),
        (
            "LinkedIn",
            format!(
                "https://www.linkedin.com/sharing/share-offsite/?url={}",
                encode(url)
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_carry_the_address_and_nothing_else() {
        let links = share_links("https://p.example/actions/jardin", "Jardin & co");
        assert_eq!(links.len(), 4);
        assert_eq!(
            links[2].1,
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fp.example%2Factions%2Fjardin"
        );
        assert!(links[0]
            .1
            .starts_with("mailto:?subject=Jardin%20%26%20co&body="));
    }

    #[test]
    fn paper_sources_read_back_and_count_in_french() {
        for source in PaperSource::ALL {
            assert_eq!(PaperSource::parse(source.code()), Some(source));
        }
        assert_eq!(PaperSource::parse("email"), None);
        assert_eq!(PaperSource::Poster.visits(1), "1 visite depuis l'affiche");
        assert_eq!(PaperSource::Flyer.visits(3), "3 visites depuis le flyer");
    }
}
