//! Fiches action (initiative sheets): what the public sheet page and the home cards show.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::OrganisationKind;
use crate::texts::UpdateProblem;

/// Where an action stands. Stored as a stable English code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionStatus {
    Preparing,
    InProgress,
    Finished,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Preparing,
        ActionStatus::InProgress,
        ActionStatus::Finished,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Preparing => "preparing",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Finished => "finished",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Preparing => "En préparation",
            ActionStatus::InProgress => "En cours",
            ActionStatus::Finished => "Terminée",
        }
    }
}

/// The four questions every new sheet starts with, in the reference's order.
pub const STANDARD_QUESTIONS: [&str; 4] = [
    "Quelle est la situation de départ qui a motivé le projet ?",
    "Qu'avez-vous mis en place ?",
    "Quels moyens ont été mis en œuvre ?",
    "L'action va-t-elle se poursuivre ?",
];

/// Most question sections a sheet may have.
pub const MAX_SECTIONS: u32 = 40;
/// Most photos a sheet may hold (gallery and news together).
pub const MAX_PHOTOS: u32 = 300;
/// Most news items a sheet may hold.
pub const MAX_NEWS: u32 = 1_000;
/// News items shown per page of a sheet, newest first.
pub const NEWS_PER_PAGE: u32 = 10;

/// URL prefix under which the media storage is served.
pub const MEDIA_URL_PREFIX: &str = "/media/";

/// The public URL of a media storage key (a relative path such as `photos/12/ab-960.jpg`).
pub fn media_url(key: &str) -> String {
    format!("{MEDIA_URL_PREFIX}{key}")
}

/// One image of a sheet's gallery, with its full-size file and its thumbnail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryImage {
    pub id: i64,
    /// Public URL of the full image.
    pub url: String,
    /// Public URL of the resized thumbnail.
    pub thumb_url: String,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    /// The medium-size variant of uploaded photos (960 px wide at most).
    pub medium_url: Option<String>,
    pub medium_width: Option<i32>,
    /// Empty until a référent writes it: such a photo is not shown to visitors.
    pub alt: String,
    pub caption: String,
    pub is_cover: bool,
    /// `srcset` candidates, smallest first (see [`GalleryImage::make_srcset`]); computed on
    /// the server so that the gallery island ships no code for it.
    pub srcset: String,
    /// The same candidates in WebP, empty when there are none (demo drawings).
    pub webp_srcset: String,
    /// The progress update this photo belongs to; `None` for the gallery.
    pub update_id: Option<i64>,
}

impl GalleryImage {
    /// `srcset` candidates, smallest first: thumbnail, medium, full; with `webp`, the
    /// `.webp` twins of the same files.
    pub fn make_srcset(&self, webp: bool) -> String {
        let url = |url: &str| match (webp, url.strip_suffix(".jpg")) {
            (true, Some(stem)) => format!("{stem}.webp"),
            _ => url.to_owned(),
        };
        let mut parts = vec![format!("{} {}w", url(&self.thumb_url), self.thumb_width)];
        if let (Some(medium), Some(width)) = (&self.medium_url, self.medium_width) {
            if width > self.thumb_width && width < self.width {
                parts.push(format!("{} {width}w", url(medium)));
            }
        }
        if self.width > self.thumb_width {
            parts.push(format!("{} {}w", url(&self.url), self.width));
        }
        parts.join(", ")
    }
}

/// A question-and-answer section of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub question: String,
    pub answer: String,
}

/// Everything the public sheet page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionSheet {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub quote: String,
    pub quote_author: String,
    pub summary: String,
    pub start_date: Option<NaiveDate>,
    pub status: ActionStatus,
    pub progress: i32,
    pub themes: Vec<super::ThemeChoice>,
    pub referent_name: String,
    pub organisation_name: String,
    /// The organisation's page: `/organisations/{slug}`.
    pub organisation_slug: String,
    pub organisation_kind: OrganisationKind,
    pub postal_code: String,
    pub city: String,
    pub sections: Vec<Section>,
    pub gallery: Vec<GalleryImage>,
}

/// The editable parts of a sheet, each with its value and display HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetParts {
    pub title: super::PartView,
    pub quote: super::PartView,
    pub quote_author: super::PartView,
    pub summary: super::PartView,
    pub start_date: super::PartView,
    pub status: super::PartView,
    pub progress: super::PartView,
    pub themes: super::PartView,
    pub sections: Vec<SectionParts>,
}

/// A question section as two editable parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionParts {
    pub id: i64,
    pub question: super::PartView,
    pub answer: super::PartView,
}

/// A progress update as the sheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressUpdateView {
    pub id: i64,
    /// `YYYY-MM-DD`, for the date field of the edit form.
    pub date: String,
    /// `JJ/MM/AAAA`.
    pub date_fr: String,
    pub title: String,
    /// The source text (Markdown), for the edit form.
    pub body: String,
    /// Sanitized HTML of the body.
    pub body_html: String,
    pub author: Option<String>,
    /// Whether the viewer may edit or delete it (its author, or an administrator).
    pub can_manage: bool,
    /// Its photos (for visitors: those with an alt text).
    pub photos: Vec<GalleryImage>,
}

/// Checks a progress update typed by a référent: returns (date, title, body) normalized,
/// or the French reason and the field at fault.
pub fn validate_progress_update(
    date: &str,
    title: &str,
    body: &str,
) -> Result<(NaiveDate, String, String), (&'static str, UpdateProblem)> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date.trim(), "%d/%m/%Y"))
        .map_err(|_| ("date", UpdateProblem::DateFormat))?;
    let title = title.trim();
    if title.is_empty() {
        return Err(("title", UpdateProblem::TitleMissing));
    }
    if title.chars().count() > 200 {
        return Err(("title", UpdateProblem::TitleTooLong { max: 200 }));
    }
    let body = body.trim().replace("\r\n", "\n");
    if body.chars().count() > super::MAX_TEXT_CHARS {
        return Err((
            "body",
            UpdateProblem::BodyTooLong {
                max: super::MAX_TEXT_CHARS as u32,
            },
        ));
    }
    Ok((date, title.to_owned(), body))
}

/// A sheet with what its page needs from the configuration and the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPage {
    pub sheet: ActionSheet,
    pub parts: SheetParts,
    /// Whether the person viewing may edit it (decided on the server; checked again by
    /// every change).
    pub can_edit: bool,
    pub published: bool,
    /// "Où en est-on ?", newest first: one page of [`NEWS_PER_PAGE`].
    pub updates: Vec<ProgressUpdateView>,
    /// Which page of news this is (1: the newest).
    pub news_page: u32,
    /// Whether older news exist beyond this page.
    pub older_news: bool,
    /// Its events, soonest first (public: counts only).
    pub events: Vec<super::EventView>,
    /// The sheet's absolute URL (`PUBLIC_URL/actions/slug`).
    pub canonical_url: String,
    /// `PUBLIC_URL`, to make image URLs absolute in OpenGraph tags.
    pub image_base: String,
    /// The list of themes, for the editor (empty for those who may not edit).
    pub theme_choices: Vec<super::ThemeChoice>,
    /// "Suivre cette action" and its feeds.
    pub follow: super::FollowBox,
    /// "N visites depuis l'affiche"…: for its référents only (empty for anyone else).
    pub paper_visits: Vec<String>,
    /// The schema.org description (JSON-LD) of its organisation and events to come, ready
    /// for a `<script type="application/ld+json">` (`<` escaped).
    pub json_ld: String,
}

/// A sheet as a card on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionCard {
    pub slug: String,
    pub title: String,
    pub status: ActionStatus,
    pub organisation_name: String,
    pub city: String,
    pub cover: Option<GalleryImage>,
}

/// One page of cards and whether more exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPage {
    pub cards: Vec<ActionCard>,
    pub page: i64,
    pub page_count: i64,
}

/// Cards per home page.
pub const CARDS_PER_PAGE: i64 = 12;

/// Formats a date the French way: `01/01/2021`.
pub fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Makes a URL slug from a title: lowercase ASCII letters and digits separated by single
/// hyphens, accents folded ("Réseau d'été" → "reseau-d-ete"). Never empty.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_dash = false;
    for ch in title.chars().flat_map(fold_accent) {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("action");
    }
    slug
}

fn fold_accent(ch: char) -> impl Iterator<Item = char> {
    let folded: &str = match ch {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'í' | 'Î' | 'Ï' => "i",
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' => "o",
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => "u",
        'ÿ' | 'Ÿ' => "y",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        _ => "",
    };
    let single = if folded.is_empty() { Some(ch) } else { None };
    folded.chars().chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ascii() {
        let cases = [
            ("Banquet citoyen", "banquet-citoyen"),
            (
                "Les Ambassadeur.rice.s Passeur.se.s de Loire-Atlantique",
                "les-ambassadeur-rice-s-passeur-se-s-de-loire-atlantique",
            ),
            ("  Réseau d'été  ", "reseau-d-ete"),
            ("Cœur à l'ouvrage", "coeur-a-l-ouvrage"),
            ("Repair café n°2", "repair-cafe-n-2"),
            ("!!!", "action"),
            ("", "action"),
        ];
        for (title, expected) in cases {
            assert_eq!(slugify(title), expected, "title {title:?}");
        }
    }

    #[test]
    fn progress_updates_are_checked_field_by_field() {
        let ok = validate_progress_update(
            "18/06/2024",
            "  Premier banquet ",
            "Un **beau** moment.\r\nMerci.",
        );
        assert_eq!(
            ok,
            Ok((
                NaiveDate::from_ymd_opt(2024, 6, 18).expect("date"),
                "Premier banquet".to_owned(),
                "Un **beau** moment.\nMerci.".to_owned()
            ))
        );
        assert_eq!(
            validate_progress_update("2024-06-18", "T", "").map(|v| v.0),
            Ok(NaiveDate::from_ymd_opt(2024, 6, 18).expect("date"))
        );
        assert_eq!(
            validate_progress_update("hier", "T", "").map_err(|e| e.0),
            Err("date")
        );
        assert_eq!(
            validate_progress_update("2024-06-18", "  ", "").map_err(|e| e.0),
            Err("title")
        );
        assert_eq!(
            validate_progress_update("2024-06-18", &"t".repeat(201), "").map_err(|e| e.0),
            Err("title")
        );
    }

    #[test]
    fn dates_are_shown_in_french_order() {
        let date = NaiveDate::from_ymd_opt(2021, 1, 1).expect("valid date");
        assert_eq!(french_date(date), "01/01/2021");
        let date = NaiveDate::from_ymd_opt(2024, 6, 18).expect("valid date");
        assert_eq!(french_date(date), "18/06/2024");
    }

    #[test]
    fn statuses_round_trip_through_their_codes() {
        for status in ActionStatus::ALL {
            assert_eq!(ActionStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(ActionStatus::from_code("done"), None);
    }
}
