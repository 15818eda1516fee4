//! The text analysis of search, pure: the tokens of a sheet and their weights, excerpts
//! with the matched words marked, and which words are one typo apart. The repositories
//! ([`super::db::search`]) store what it makes; the use case that answers a search is
//! [`super::services::search`]. What decides what matches and in which order is Rust, so
//! that SQLite and PostgreSQL give the same results in the same order.

pub mod tokens;

use std::collections::HashMap;

use crate::model::Excerpt;

/// The indexed text of a sheet, by field.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub themes: Vec<String>,
    pub organisation: String,
    pub city: String,
    pub quote: String,
    pub summary: String,
    /// Questions and answers, in order.
    pub sections: Vec<(String, String)>,
    /// Titles, places and descriptions of the sheet's events that are not cancelled.
    pub events: Vec<String>,
}

/// How much one occurrence of a word counts, by field: the title and the themes above
/// the organisation and the events, above the body text.
pub const WEIGHT_TITLE: i64 = 10;
pub const WEIGHT_THEME: i64 = 8;
pub const WEIGHT_ORGANISATION: i64 = 4;
pub const WEIGHT_EVENT: i64 = 3;
pub const WEIGHT_SUMMARY: i64 = 2;
pub const WEIGHT_BODY: i64 = 1;
/// Occurrences counted per word and field: repeating a word does not buy rank.
const MAX_OCCURRENCES: i64 = 3;

/// A word of a sheet as the vocabulary keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyWord {
    pub folded: String,
    pub display: String,
    pub stem: String,
}

/// The weight of each token of a document, and the words they came from.
pub fn document_terms<'d>(document: &'d Document) -> (HashMap<String, i64>, Vec<VocabularyWord>) {
    let mut weights: HashMap<String, i64> = HashMap::new();
    let mut vocabulary: HashMap<String, VocabularyWord> = HashMap::new();
    // Each distinct word of the sheet is folded and stemmed once (a sheet repeats most of
    // its words): (folded, token), or none for a stop word.
    let mut known: HashMap<&str, Option<(String, String)>> = HashMap::new();
    let mut field = |text: &'d str, weight: i64| {
        let mut seen: HashMap<String, i64> = HashMap::new();
        for raw in text.split(|c: char| !c.is_alphanumeric()) {
            let Some((folded, stem)) = known.entry(raw).or_insert_with(|| {
                tokens::words(raw).next().map(|folded| {
                    let stem = tokens::stem(&folded);
                    (folded, stem)
                })
            }) else {
                continue;
            };
            if !seen.contains_key(stem.as_str()) {
                seen.insert(stem.clone(), 0);
            }
            let count = seen.get_mut(stem.as_str()).expect("inserted above");
            if *count < MAX_OCCURRENCES {
                *count += 1;
                *weights.entry(stem.clone()).or_default() += weight;
            }
            if folded.chars().count() >= 3 && !vocabulary.contains_key(folded.as_str()) {
                vocabulary.insert(
                    folded.clone(),
                    VocabularyWord {
                        folded: folded.clone(),
                        display: raw.to_lowercase(),
                        stem: stem.clone(),
                    },
                );
            }
        }
    };
    field(&document.title, WEIGHT_TITLE);
    for theme in &document.themes {
        field(theme, WEIGHT_THEME);
    }
    field(&document.organisation, WEIGHT_ORGANISATION);
    field(&document.city, WEIGHT_ORGANISATION);
    for event in &document.events {
        field(event, WEIGHT_EVENT);
    }
    field(&document.quote, WEIGHT_SUMMARY);
    field(&document.summary, WEIGHT_SUMMARY);
    for (question, answer) in &document.sections {
        field(question, WEIGHT_BODY);
        field(answer, WEIGHT_BODY);
    }
    let mut words: Vec<VocabularyWord> = vocabulary.into_values().collect();
    words.sort_by(|a, b| a.folded.cmp(&b.folded));
    (weights, words)
}

/// Words around the match shown in an excerpt.
const EXCERPT_WORDS: usize = 28;

/// The passage of `texts` (in order of preference) with the most matched words, about
/// [`EXCERPT_WORDS`] words long, split into plain and marked pieces; the beginning of the
/// first text when nothing matches.
pub fn excerpt(texts: &[&str], query: &[String]) -> Excerpt {
    let mut best: Option<(usize, &str, usize)> = None;
    let mut known: HashMap<String, bool> = HashMap::new();
    // Texts in order of preference; the first holding a matched word gives the excerpt.
    // A text none of whose folded words even contains a token is skipped unstemmed.
    for text in texts.iter().filter(|t| !t.trim().is_empty()) {
        if best.is_some() {
            break;
        }
        let folded = tokens::fold(text);
        if !query.iter().any(|token| folded.contains(token.as_str())) {
            continue;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let hits: Vec<bool> = words
            .iter()
            .map(|w| {
                if let Some(hit) = known.get(*w) {
                    return *hit;
                }
                let hit = matches(w, query);
                known.insert((*w).to_owned(), hit);
                hit
            })
            .collect();
        for start in 0..words.len() {
            if !hits[start] {
                continue;
            }
            let from = start.saturating_sub(6);
            let count = hits[from..(from + EXCERPT_WORDS).min(words.len())]
                .iter()
                .filter(|h| **h)
                .count();
            if best.is_none_or(|(c, _, _)| count > c) {
                best = Some((count, text, from));
            }
        }
    }
    let (text, from) = match best {
        Some((_, text, from)) => (text, from),
        None => match texts.iter().find(|t| !t.trim().is_empty()) {
            Some(text) => (*text, 0),
            None => return Excerpt::default(),
        },
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let to = (from + EXCERPT_WORDS).min(words.len());
    let mut pieces: Vec<(String, bool)> = Vec::new();
    if from > 0 {
        pieces.push(("… ".to_owned(), false));
    }
    for (index, word) in words[from..to].iter().enumerate() {
        let space = if index + 1 < to - from { " " } else { "" };
        if known
            .get(*word)
            .copied()
            .unwrap_or_else(|| matches(word, query))
        {
            // The word itself is marked, its punctuation is not.
            let core_start = word.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
            let core_end = word
                .rfind(|c: char| c.is_alphanumeric())
                .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))
                .unwrap_or(word.len());
            push(&mut pieces, &word[..core_start], false);
            push(&mut pieces, &word[core_start..core_end], true);
            push(&mut pieces, &format!("{}{space}", &word[core_end..]), false);
        } else {
            push(&mut pieces, &format!("{word}{space}"), false);
        }
    }
    if to < words.len() {
        push(&mut pieces, " …", false);
    }
    Excerpt { pieces }
}

fn push(pieces: &mut Vec<(String, bool)>, text: &str, marked: bool) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some((last, was_marked)) if *was_marked == marked && !marked => last.push_str(text),
        _ => pieces.push((text.to_owned(), marked)),
    }
}

/// Whether a word of a text is one of the query's tokens.
fn matches(word: &str, query: &[String]) -> bool {
    tokens::words(word).any(|folded| query.contains(&tokens::stem(&folded)))
}

/// Whether two folded words are one typo apart: one letter added, removed, replaced, or
/// two neighbours swapped (Damerau–Levenshtein distance 1).
pub fn one_typo_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len() as isize - rb.len() as isize {
        0 => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        1 => ra[1..] == *rb,
        -1 => *ra == rb[1..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_and_themes_weigh_more_than_the_body() {
        let document = Document {
            title: "Banquet citoyen".into(),
            themes: vec!["Démocratie".into()],
            summary: "Un banquet pour parler de démocratie et de jardins.".into(),
            sections: vec![(
                "Pourquoi ?".into(),
                "Les jardins, les jardins, les jardins, les jardins.".into(),
            )],
            ..Document::default()
        };
        let (weights, words) = document_terms(&document);
        let weight = |word: &str| weights[&tokens::stem(&tokens::fold(word))];
        assert_eq!(weight("banquet"), WEIGHT_TITLE + WEIGHT_SUMMARY);
        assert_eq!(weight("democratie"), WEIGHT_THEME + WEIGHT_SUMMARY);
        // Four times in the answer, counted three times.
        assert_eq!(weight("jardins"), WEIGHT_SUMMARY + 3 * WEIGHT_BODY);
        assert!(words
            .iter()
            .any(|w| w.folded == "democratie" && w.display == "démocratie"));
    }

    #[test]
    fn one_typo_is_one_letter_added_removed_replaced_or_two_swapped() {
        for (a, b, expected) in [
            ("solidarie", "solidarite", true),
            ("democatie", "democratie", true),
            ("democartie", "democratie", true),
            ("democratia", "democratie", true),
            ("democratie", "democratie", false),
            ("demcatie", "democratie", false),
            ("jardin", "banquet", false),
        ] {
            assert_eq!(one_typo_apart(a, b), expected, "{a} / {b}");
            assert_eq!(one_typo_apart(b, a), expected, "{b} / {a}");
        }
    }

    #[test]
    fn the_excerpt_marks_the_matched_words_without_their_punctuation() {
        let query = tokens::query_tokens("jardins partagés");
        let text =
            "Au pied des immeubles, un jardin partagé, ouvert à tous les habitants du quartier.";
        let excerpt = excerpt(&["", text], &query);
        let marked: Vec<&str> = excerpt
            .pieces
            .iter()
            .filter(|(_, marked)| *marked)
            .map(|(text, _)| text.as_str())
            .collect();
        assert_eq!(marked, ["jardin", "partagé"]);
        let whole: String = excerpt.pieces.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(whole, text);
    }
}
