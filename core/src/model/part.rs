//! The editable parts of a sheet, their stable codes, French labels and validation rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ActionStatus;
use crate::texts::PartProblem;

/// One editable part of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetPart {
    Title,
    Quote,
    QuoteAuthor,
    Summary,
    StartDate,
    Status,
    Progress,
    Themes,
    SectionQuestion(i64),
    SectionAnswer(i64),
}

/// How a part is typed in a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputKind {
    Line,
    Text,
    Date,
    Status,
    Percent,
    /// Boxes to tick in the list of themes.
    Themes,
}

/// Longest texts accepted, in characters.
pub const MAX_LINE_CHARS: usize = 300;
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_THEMES: usize = 8;
pub const MAX_THEME_CHARS: usize = 40;

impl SheetPart {
    /// The stable code used in forms, addresses and the history.
    pub fn code(self) -> String {
        match self {
            SheetPart::Title => "title".into(),
            SheetPart::Quote => "quote".into(),
            SheetPart::QuoteAuthor => "quote_author".into(),
            SheetPart::Summary => "summary".into(),
            SheetPart::StartDate => "start_date".into(),
            SheetPart::Status => "status".into(),
            SheetPart::Progress => "progress".into(),
            SheetPart::Themes => "themes".into(),
            SheetPart::SectionQuestion(id) => format!("section_question_{id}"),
            SheetPart::SectionAnswer(id) => format!("section_answer_{id}"),
        }
    }

    /// Parses a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        let part = match code {
            "title" => SheetPart::Title,
            "quote" => SheetPart::Quote,
            "quote_author" => SheetPart::QuoteAuthor,
            "summary" => SheetPart::Summary,
            "start_date" => SheetPart::StartDate,
            "status" => SheetPart::Status,
            "progress" => SheetPart::Progress,
            "themes" => SheetPart::Themes,
            _ => {
                if let Some(id) = code.strip_prefix("section_question_") {
                    SheetPart::SectionQuestion(id.parse().ok()?)
                } else if let Some(id) = code.strip_prefix("section_answer_") {
                    SheetPart::SectionAnswer(id.parse().ok()?)
                } else {
                    return None;
                }
            }
        };
        Some(part)
    }

    /// What the part is called in the interface.
    pub fn label(self) -> &'static str {
        match self {
            SheetPart::Title => "Titre",
            SheetPart::Quote => "Témoignage",
            SheetPart::QuoteAuthor => "Auteur du témoignage",
            SheetPart::Summary => "Résumé",
            SheetPart::StartDate => "Date de début",
            SheetPart::Status => "Statut",
            SheetPart::Progress => "Avancement (en %)",
            SheetPart::Themes => "Thèmes",
            SheetPart::SectionQuestion(_) => "Question",
            SheetPart::SectionAnswer(_) => "Réponse",
        }
    }

    pub fn input_kind(self) -> InputKind {
        match self {
            SheetPart::Title | SheetPart::QuoteAuthor | SheetPart::SectionQuestion(_) => {
                InputKind::Line
            }
            SheetPart::Themes => InputKind::Themes,
            SheetPart::Quote | SheetPart::Summary | SheetPart::SectionAnswer(_) => InputKind::Text,
            SheetPart::StartDate => InputKind::Date,
            SheetPart::Status => InputKind::Status,
            SheetPart::Progress => InputKind::Percent,
        }
    }

    /// Whether the part accepts simple formatting (Markdown: paragraphs, lists, bold,
    /// italic, links).
    pub fn is_formatted(self) -> bool {
        matches!(self, SheetPart::Summary | SheetPart::SectionAnswer(_))
    }

    /// Checks and normalizes what someone typed for this part; the error is a French
    /// sentence saying what to change.
    pub fn normalize(self, input: &str) -> Result<String, PartProblem> {
        let value = input.trim();
        let too_long = |max: usize| value.chars().count() > max;
        match self {
            SheetPart::Title => {
                if value.chars().count() < 3 {
                    Err(PartProblem::TitleTooShort { min: 3 })
                } else if too_long(200) {
                    Err(PartProblem::TitleTooLong { max: 200 })
                } else {
                    Ok(value.to_owned())
                }
            }
            SheetPart::SectionQuestion(_) => {
                if value.is_empty() {
                    Err(PartProblem::QuestionEmpty)
                } else if too_long(MAX_LINE_CHARS) {
                    Err(PartProblem::QuestionTooLong {
                        max: MAX_LINE_CHARS as u32,
                    })
                } else {
                    Ok(value.to_owned())
                }
            }
            SheetPart::QuoteAuthor => {
                if too_long(MAX_LINE_CHARS) {
                    Err(PartProblem::TextTooLong {
                        max: MAX_LINE_CHARS as u32,
                    })
                } else {
                    Ok(value.to_owned())
                }
            }
            SheetPart::Quote | SheetPart::Summary | SheetPart::SectionAnswer(_) => {
                if too_long(MAX_TEXT_CHARS) {
                    Err(PartProblem::TextTooLong {
                        max: MAX_TEXT_CHARS as u32,
                    })
                } else {
                    Ok(value.replace("\r\n", "\n"))
                }
            }
            SheetPart::StartDate => {
                parse_date(value).map(|d| d.map(|d| d.to_string()).unwrap_or_default())
            }
            SheetPart::Status => ActionStatus::from_code(value)
                .map(|s| s.code().to_owned())
                .ok_or(PartProblem::UnknownStatus),
            SheetPart::Progress => {
                let digits = value.trim_end_matches('%').trim();
                match digits.parse::<i32>() {
                    Ok(n) if (0..=100).contains(&n) => Ok(n.to_string()),
                    _ => Err(PartProblem::ProgressRange),
                }
            }
            SheetPart::Themes => {
                let mut themes: Vec<String> = Vec::new();
                for theme in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    if theme.chars().count() > MAX_THEME_CHARS {
                        return Err(PartProblem::ThemeTooLong {
                            theme: theme.to_owned(),
                            max: MAX_THEME_CHARS as u32,
                        });
                    }
                    let theme = theme.to_lowercase();
                    if !themes.contains(&theme) {
                        themes.push(theme);
                    }
                }
                if themes.len() > MAX_THEMES {
                    return Err(PartProblem::TooManyThemes {
                        max: MAX_THEMES as u32,
                    });
                }
                Ok(themes.join(", "))
            }
        }
    }
}

/// A start date typed as `2021-01-31` (date field) or `31/01/2021`; empty means none.
fn parse_date(value: &str) -> Result<Option<NaiveDate>, PartProblem> {
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d/%m/%Y"))
        .map(Some)
        .map_err(|_| PartProblem::DateFormat)
}

/// A part of a sheet as the page shows it: its current raw value (what an editor starts
/// from) and its display HTML (escaped text, or sanitized Markdown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartView {
    pub code: String,
    pub value: String,
    pub html: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_codes_round_trip() {
        for part in [
            SheetPart::Title,
            SheetPart::Quote,
            SheetPart::QuoteAuthor,
            SheetPart::Summary,
            SheetPart::StartDate,
            SheetPart::Status,
            SheetPart::Progress,
            SheetPart::Themes,
            SheetPart::SectionQuestion(12),
            SheetPart::SectionAnswer(7),
        ] {
            assert_eq!(SheetPart::from_code(&part.code()), Some(part));
        }
        for bad in [
            "",
            "titre",
            "section_answer_x",
            "section_question_",
            "published",
        ] {
            assert_eq!(SheetPart::from_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn typed_values_are_normalized_or_refused_in_french() {
        let ok = [
            (SheetPart::Title, "  Banquet citoyen  ", "Banquet citoyen"),
            (SheetPart::StartDate, "2024-09-01", "2024-09-01"),
            (SheetPart::StartDate, "01/09/2024", "2024-09-01"),
            (SheetPart::StartDate, "", ""),
            (SheetPart::Status, "finished", "finished"),
            (SheetPart::Progress, " 40 % ", "40"),
            (SheetPart::Progress, "100", "100"),
            (
                SheetPart::Themes,
                "Démocratie, , cuisine,démocratie",
                "démocratie, cuisine",
            ),
            (SheetPart::Summary, "a\r\nb", "a\nb"),
            (SheetPart::QuoteAuthor, "", ""),
        ];
        for (part, input, expected) in ok {
            assert_eq!(
                part.normalize(input).as_deref(),
                Ok(expected),
                "{part:?} {input:?}"
            );
        }
        let refused = [
            (SheetPart::Title, "ab"),
            (SheetPart::Title, &"x".repeat(201)),
            (SheetPart::SectionQuestion(1), "   "),
            (SheetPart::StartDate, "32/01/2024"),
            (SheetPart::StartDate, "demain"),
            (SheetPart::Status, "done"),
            (SheetPart::Progress, "101"),
            (SheetPart::Progress, "-1"),
            (SheetPart::Progress, "beaucoup"),
            (SheetPart::Themes, &"x".repeat(41)),
            (SheetPart::Summary, &"x".repeat(MAX_TEXT_CHARS + 1)),
        ];
        for (part, input) in refused {
            let message = part.normalize(input).expect_err("refused").to_string();
            assert!(message.ends_with('.'), "a sentence: {message}");
        }
    }
}
