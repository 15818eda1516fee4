//! Word-level differences between two versions of a text, for the history page.

use serde::{Deserialize, Serialize};

/// A run of words that both versions share, or that one of them added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffChunk {
    Same(String),
    Added(String),
    Removed(String),
}

/// Texts longer than this many words are shown as "removed everything, added everything"
/// (the comparison is quadratic).
const MAX_WORDS: usize = 3_000;

/// The differences from `before` to `after`, word by word (whitespace kept with the word
/// it follows), as the fewest chunks.
pub fn word_diff(before: &str, after: &str) -> Vec<DiffChunk> {
    let a = tokens(before);
    let b = tokens(after);
    let mut chunks: Vec<DiffChunk> = Vec::new();
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        push(&mut chunks, DiffChunk::Removed(before.to_owned()));
        push(&mut chunks, DiffChunk::Added(after.to_owned()));
        return chunks;
    }
    // Longest common subsequence table, from the ends.
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0_u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(&mut chunks, DiffChunk::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            push(&mut chunks, DiffChunk::Added(b[j].to_owned()));
            j += 1;
        } else {
            push(&mut chunks, DiffChunk::Removed(a[i].to_owned()));
            i += 1;
        }
    }
    chunks
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (index, ch) in text.char_indices() {
        if ch.is_whitespace() {
            in_space = true;
        } else if in_space {
            out.push(&text[start..index]);
            start = index;
            in_space = false;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn push(chunks: &mut Vec<DiffChunk>, chunk: DiffChunk) {
    let merged = match (chunks.last_mut(), &chunk) {
        (Some(DiffChunk::Same(a)), DiffChunk::Same(b))
        | (Some(DiffChunk::Added(a)), DiffChunk::Added(b))
        | (Some(DiffChunk::Removed(a)), DiffChunk::Removed(b)) => {
            a.push_str(b);
            true
        }
        _ => false,
    };
    if !merged {
        chunks.push(chunk);
    }
}

#[cfg(test)]
mod tests {
    use super::DiffChunk::{Added, Removed, Same};
    use super::*;

    #[test]
    fn differences_are_shown_word_by_word() {
        let cases: Vec<(&str, &str, Vec<DiffChunk>)> = vec![
            ("", "", vec![]),
            ("un banquet", "un banquet", vec![Same("un banquet".into())]),
            ("", "nouveau", vec![Added("nouveau".into())]),
            ("ancien", "", vec![Removed("ancien".into())]),
            (
                "un banquet citoyen en juin",
                "un grand banquet citoyen en juillet",
                vec![
                    Same("un ".into()),
                    Added("grand ".into()),
                    Same("banquet citoyen en ".into()),
                    Added("juillet".into()),
                    Removed("juin".into()),
                ],
            ),
        ];
        for (before, after, expected) in cases {
            assert_eq!(word_diff(before, after), expected, "{before:?} → {after:?}");
        }
    }

    #[test]
    fn applying_the_chunks_gives_back_both_versions() {
        let before = "Le comité se réunit chaque mois.\n\nIl prépare le banquet.";
        let after = "Le comité se réunit deux fois par mois.\n\nIl prépare les banquets de juin.";
        let chunks = word_diff(before, after);
        let rebuild = |keep_added: bool| -> String {
            chunks
                .iter()
                .filter_map(|c| match c {
                    Same(t) => Some(t.as_str()),
                    Added(t) if keep_added => Some(t.as_str()),
                    Removed(t) if !keep_added => Some(t.as_str()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(rebuild(false), before);
        assert_eq!(rebuild(true), after);
    }
}
