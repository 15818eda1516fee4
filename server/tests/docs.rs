//! The documentation stays a map that leads somewhere: every relative link of `README.md`
//! and `docs/*.md` points at a file that exists and, with `#anchor`, at a heading of that
//! file (by GitHub's anchor rules); every page of `docs/` is linked from the README; and the
//! README stays short. Standard library only: it uses nothing of the server.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The README is the map, not the manual (issue 29): the detail goes to `docs/`.
const README_MAX_LINES: usize = 200;

/// The repository's root (the workspace above this crate), without `..`.
fn root() -> PathBuf {
    normalise(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// `path` with its `.` and `..` components resolved lexically (the file need not exist).
fn normalise(path: &Path) -> PathBuf {
    let mut normalised = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normalised.pop();
            }
            other => normalised.push(other),
        }
    }
    normalised
}

/// `path` as the failure messages show it: relative to the repository's root.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Every `docs/*.md`, sorted.
fn doc_pages(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("docs");
    let entries =
        fs::read_dir(&dir).unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
    let mut pages: Vec<PathBuf> = entries
        .map(|entry| entry.expect("an entry of docs/").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    pages.sort();
    pages
}

/// The documents whose links are checked: the README, then every page of `docs/`.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut documents = vec![root.join("README.md")];
    documents.extend(doc_pages(root));
    documents
}

/// The lines of a markdown text outside fenced code blocks, numbered from 1.
fn prose_lines(markdown: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut fence: Option<&str> = None;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match fence {
            Some(marker) => {
                if trimmed.starts_with(marker) {
                    fence = None;
                }
            }
            None => {
                if trimmed.starts_with("```") {
                    fence = Some("```");
                } else if trimmed.starts_with("~~~") {
                    fence = Some("~~~");
                } else {
                    lines.push((index + 1, line));
                }
            }
        }
    }
    lines
}

/// `line` with its code spans (`` `…` ``) blanked out: what they hold is not a link.
fn without_code_spans(line: &str) -> String {
    line.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// A link of a document: the line it is on and its target as written.
#[derive(Debug)]
struct Link {
    line: usize,
    target: String,
}

/// The links of a markdown text outside code: inline links and images,
/// `[text](target "title")` or `[text](<target>)`, and reference definitions,
/// `[name]: target`.
fn links(markdown: &str) -> Vec<Link> {
    let mut found = Vec::new();
    for (line, text) in prose_lines(markdown) {
        let text = without_code_spans(text);
        let trimmed = text.trim_start();
        let definition = trimmed
            .strip_prefix('[')
            .and_then(|t| t.split_once("]:"))
            .filter(|(label, _)| {
                !label.is_empty() && !label.contains(']') && !label.starts_with('^')
            });
        if let Some((_, target)) = definition {
            let target = target.split_whitespace().next().unwrap_or_default();
            found.push(Link {
                line,
                target: target
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned(),
            });
        }
        let mut rest = text.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let Some(end) = after.find(')') else {
                break;
            };
            let target = after[..end].split_whitespace().next().unwrap_or_default();
            found.push(Link {
                line,
                target: target
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned(),
            });
            rest = &after[end..];
        }
    }
    found
}

/// The text of an ATX heading (`## Title`, a closing run of `#` dropped), if the line is one.
fn heading(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let level = line.len() - line.trim_start_matches('#').len();
    let rest = &line[level..];
    let text_follows = rest.is_empty() || rest.starts_with([' ', '\t']);
    if level == 0 || level > 6 || !text_follows {
        return None;
    }
    let text = rest.trim();
    let unclosed = text.trim_end_matches('#');
    if unclosed.is_empty() || unclosed.ends_with([' ', '\t']) {
        Some(unclosed.trim_end())
    } else {
        Some(text)
    }
}

/// `text` with each `[label](target)` replaced by its label, as a heading is rendered.
fn link_labels(text: &str) -> String {
    let mut labels = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some((label, tail)) = rest[open + 1..].split_once("](") else {
            break;
        };
        let Some(close) = tail.find(')') else {
            break;
        };
        labels.push_str(&rest[..open]);
        labels.push_str(label);
        rest = &tail[close + 1..];
    }
    labels.push_str(rest);
    labels
}

/// GitHub's anchor for a heading's text: lowercase, each space a `-`, every other character
/// but letters (`é` included), digits, `-` and `_` dropped.
fn slug(heading: &str) -> String {
    link_labels(heading)
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c == '-' || c == '_' || c.is_alphanumeric() {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// The anchors of a markdown text's headings; a repeated heading gets `-1`, `-2`… as on
/// GitHub.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut anchors = BTreeSet::new();
    for (_, line) in prose_lines(markdown) {
        let Some(text) = heading(line) else {
            continue;
        };
        let base = slug(text);
        let count = seen.entry(base.clone()).or_insert(0);
        let anchor = if *count == 0 {
            base
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        anchors.insert(anchor);
    }
    anchors
}

/// `text` with its `%XX` escapes decoded (a link may spell `é` as `%C3%A9`).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = if bytes[i] == b'%' {
            bytes.get(i + 1..i + 3)
        } else {
            None
        };
        let escaped = hex
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Links to other sites and mail addresses are not checked.
fn is_external(target: &str) -> bool {
    let target = target.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .into_iter()
        .any(|scheme| target.starts_with(scheme))
}

/// The file a relative link of `document` leads to, and its anchor if any.
fn destination(document: &Path, target: &str) -> (PathBuf, Option<String>) {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(percent_decoded(anchor))),
        None => (target, None),
    };
    let file = if path.is_empty() {
        document.to_path_buf()
    } else {
        let folder = document.parent().unwrap_or(document);
        normalise(&folder.join(percent_decoded(path)))
    };
    (file, anchor)
}

/// What is wrong with a relative link of `document`, if anything.
fn what_is_wrong(root: &Path, document: &Path, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("the link has no target".to_owned());
    }
    let (file, anchor) = destination(document, target);
    if !file.starts_with(root) {
        return Some(format!("{} is outside the repository", file.display()));
    }
    if !file.exists() {
        return Some(format!("{} does not exist", shown(root, &file)));
    }
    let anchor = anchor?;
    if file.extension().is_none_or(|ext| ext != "md") || anchors(&read(&file)).contains(&anchor) {
        return None;
    }
    Some(format!(
        "{} has no heading whose anchor is #{anchor}",
        shown(root, &file)
    ))
}

#[test]
fn every_relative_link_leads_to_a_file_and_a_heading_that_exist() {
    let root = root();
    let mut checked = 0;
    let mut broken = Vec::new();
    for document in documents(&root) {
        for link in links(&read(&document)) {
            if is_external(&link.target) {
                continue;
            }
            checked += 1;
            if let Some(problem) = what_is_wrong(&root, &document, &link.target) {
                broken.push(format!(
                    "{}:{}: ({}) {problem}",
                    shown(&root, &document),
                    link.line,
                    link.target
                ));
            }
        }
    }
    assert!(checked > 0, "no relative link found in README.md and docs/");
    assert!(
        broken.is_empty(),
        "{} broken link(s) in README.md and docs/:\n  {}",
        broken.len(),
        broken.join("\n  ")
    );
}

#[test]
fn every_page_of_docs_is_linked_from_the_readme() {
    let root = root();
    let readme = root.join("README.md");
    let linked: BTreeSet<PathBuf> = links(&read(&readme))
        .iter()
        .filter(|link| !link.target.is_empty() && !is_external(&link.target))
        .map(|link| destination(&readme, &link.target).0)
        .collect();
    let pages = doc_pages(&root);
    assert!(!pages.is_empty(), "docs/ holds no page");
    let unlinked: Vec<String> = pages
        .iter()
        .filter(|page| !linked.contains(page.as_path()))
        .map(|page| shown(&root, page))
        .collect();
    assert!(
        unlinked.is_empty(),
        "pages of docs/ that README.md does not link to: {}",
        unlinked.join(", ")
    );
}

#[test]
fn the_readme_stays_a_short_map() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines, at most {README_MAX_LINES} are allowed: move the detail to docs/"
    );
}

#[test]
fn anchors_follow_githubs_rules() {
    let markdown = "# Passeurs\n\
        ## The two commands\n\
        ## Référents: editing a sheet\n\
        ### What `make bench` measures ###\n\
        ```sh\n\
        # not a heading\n\
        ```\n\
        ## The two commands\n\
        ## Voir [la fiche](features.md), « vite » !\n\
        #not a heading either\n";
    let expected: BTreeSet<String> = [
        "passeurs",
        "the-two-commands",
        "the-two-commands-1",
        "référents-editing-a-sheet",
        "what-make-bench-measures",
        "voir-la-fiche--vite--",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(anchors(markdown), expected);
}

#[test]
fn links_are_read_outside_code_only() {
    let markdown = "See [a](docs/a.md#x \"A title\") and ![b](<img.png>).\n\
        `[c](in-a-code-span.md)` and [`d`](d.md)\n\
        ```\n\
        [e](in-a-code-block.md)\n\
        ```\n\
        [f]: reference.md\n\
        [^1]: a footnote, not a link\n";
    let targets: Vec<String> = links(markdown)
        .into_iter()
        .map(|link| link.target)
        .collect();
    assert_eq!(targets, ["docs/a.md#x", "img.png", "d.md", "reference.md"]);
}

#[test]
fn a_link_is_resolved_from_its_documents_folder() {
    let root = Path::new("/repo");
    let document = root.join("docs/testing.md");
    assert_eq!(
        destination(&document, "../README.md#configuration"),
        (root.join("README.md"), Some("configuration".to_owned()))
    );
    assert_eq!(
        destination(&document, "#r%C3%A9f%C3%A9rents"),
        (document.clone(), Some("référents".to_owned()))
    );
    assert_eq!(
        destination(&document, "features.md").0,
        root.join("docs/features.md")
    );
}
