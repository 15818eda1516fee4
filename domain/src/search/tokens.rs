//! The words a search matches on, made the same way for what is indexed and for what people
//! type: lower case, accents and ligatures removed, elisions cut (« l'école » → école), the
//! commonest French words dropped, then French Snowball stemming (`rust-stemmers`), so that
//! "DÉMOCRATIE", "democratie" and "démocratie" are one word, and "banquets" finds
//! "banquet". Built in Rust so that SQLite and PostgreSQL index exactly the same tokens.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Words too common to mean anything in a search (already without accents).
const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "en",
    "et", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "mes",
    "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui",
    "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre",
    "vous", "y", "est", "sont",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

/// `word` in lower case without accents or ligatures (« Œuvre » → oeuvre).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        match c {
            '\u{0300}'..='\u{036f}' => {}
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded words of a text, in order, stop words and elided articles left out: what
/// excerpts are matched against, and what stems are made from.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(fold)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()) && word.chars().count() > 1)
}

/// The stem of one folded word. The plural's final s or x goes first: Snowball keeps it
/// after a vowel ("velos" would stay apart from "velo"); the same rule on both sides of a
/// search keeps them one word.
pub fn stem(folded: &str) -> String {
    let singular = match folded.strip_suffix(['s', 'x']) {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => folded,
    };
    stemmer().stem(singular).into_owned()
}

/// The search tokens of a text: its words, stemmed.
pub fn tokens(text: &str) -> Vec<String> {
    words(text).map(|word| stem(&word)).collect()
}

/// The distinct tokens of what someone typed, in the order typed (at most eight: a search
/// box is not a document).
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in tokens(query) {
        if !out.contains(&token) {
            out.push(token);
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_plurals_and_elisions_give_the_same_tokens() {
        let same = [
            ("démocratie", "DÉMOCRATIE"),
            ("démocratie", "democratie"),
            ("banquet", "banquets"),
            ("jardin partagé", "jardins partages"),
            ("l'école", "école"),
            ("solidarité", "SOLIDARITES"),
            ("Œuvre", "oeuvres"),
            ("vélo", "VÉLOS"),
            ("jeu", "jeux"),
        ];
        for (a, b) in same {
            assert_eq!(query_tokens(a), query_tokens(b), "{a} / {b}");
            assert!(!query_tokens(a).is_empty(), "{a}");
        }
    }

    #[test]
    fn stop_words_and_repeats_are_left_out() {
        assert_eq!(
            query_tokens("le banquet et les banquets du quartier"),
            tokens("banquet quartier")
        );
        assert!(query_tokens("de la et").is_empty());
    }

    #[test]
    fn folding_keeps_letters_and_digits() {
        assert_eq!(fold("Ça"), "ca");
        assert_eq!(fold("ÉTÉ"), "ete");
        assert_eq!(
            words("Rendez-vous à 18h30 !").collect::<Vec<_>>(),
            ["rendez", "18h30"]
        );
    }
}
