//! How editable parts are shown: plain text escaped, formatted text through Markdown and a
//! strict HTML allow-list, so no script or event handler can ever reach a page.

use pulldown_cmark::{html, Options, Parser};

use crate::model::{bare_quote, french_date, ActionStatus, PartView, SheetPart};

/// Markdown (paragraphs, lists, bold, italic, links) to sanitized HTML.
pub fn markdown_to_safe_html(source: &str) -> String {
    let mut raw = String::new();
    html::push_html(
        &mut raw,
        Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH),
    );
    ammonia::Builder::default()
        .tags(
            [
                "p",
                "br",
                "ul",
                "ol",
                "li",
                "strong",
                "em",
                "b",
                "i",
                "a",
                "blockquote",
                "del",
            ]
            .into(),
        )
        .generic_attributes(Default::default())
        .tag_attributes([("a", ["href"].into())].into())
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

/// Text made safe to place inside HTML (one implementation, in the model).
pub use crate::model::escape_html as escape;

/// The display HTML of a part with this (normalized) value.
pub fn part_html(part: SheetPart, value: &str) -> String {
    match part {
        SheetPart::Title => format!("<h1>{}</h1>", escape(value)),
        // The style sheet writes the quotation marks; typed ones would show twice.
        SheetPart::Quote if bare_quote(value).is_empty() => String::new(),
        SheetPart::Quote => format!(
            "<blockquote><p>{}</p></blockquote>",
            escape(bare_quote(value))
        ),
        SheetPart::QuoteAuthor => format!("<p class=\"quote-author\">{}</p>", escape(value)),
        SheetPart::Summary | SheetPart::SectionAnswer(_) if value.trim().is_empty() => {
            "<p class=\"empty-answer\">Cette partie n'est pas encore renseignée.</p>".to_owned()
        }
        SheetPart::Summary | SheetPart::SectionAnswer(_) => markdown_to_safe_html(value),
        SheetPart::SectionQuestion(id) => {
            format!("<h2 id=\"section-{id}\">{}</h2>", escape(value))
        }
        SheetPart::StartDate => match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) => format!("<p>{}</p>", french_date(date)),
            Err(_) => "<p class=\"empty-answer\">Non renseignée</p>".to_owned(),
        },
        SheetPart::Status => {
            let status = ActionStatus::from_code(value).unwrap_or(ActionStatus::Preparing);
            format!(
                "<p><span class=\"visually-hidden\">Statut : </span><span class=\"status status-{}\">{}</span></p>",
                status.code(),
                status.label()
            )
        }
        SheetPart::Progress => {
            let percent: i32 = value.parse().unwrap_or(0);
            format!(
                "<p class=\"progress-line\"><progress max=\"100\" value=\"{percent}\" aria-hidden=\"true\"></progress><span>Avancement : {percent} %</span></p>"
            )
        }
        SheetPart::Themes => {
            let items: String = value
                .split(", ")
                .filter(|t| !t.is_empty())
                .map(|t| {
                    format!(
                        "<li><a href=\"/themes/{}\">{}</a></li>",
                        crate::model::slugify(t),
                        escape(t)
                    )
                })
                .collect();
            if items.is_empty() {
                "<p class=\"empty-answer\">Aucun thème</p>".to_owned()
            } else {
                format!("<ul class=\"themes\">{items}</ul>")
            }
        }
    }
}

/// A part with its value and display HTML.
pub fn part_view(part: SheetPart, value: &str) -> PartView {
    PartView {
        code: part.code(),
        value: value.to_owned(),
        html: part_html(part, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tag is an allowed one, and no tag carries an event handler, a style or a
    /// `javascript:` address. Text between tags is inert whatever it says.
    fn assert_inert(html: &str) {
        const ALLOWED: [&str; 16] = [
            "h1",
            "h2",
            "p",
            "br",
            "ul",
            "ol",
            "li",
            "strong",
            "em",
            "b",
            "i",
            "a",
            "blockquote",
            "del",
            "span",
            "progress",
        ];
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let end = rest[start..]
                .find('>')
                .map(|e| start + e)
                .unwrap_or(rest.len());
            let tag = rest[start + 1..end].trim_start_matches('/').to_lowercase();
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(ALLOWED.contains(&name.as_str()), "tag <{name}> in {html}");
            for attribute in tag.split_whitespace().skip(1) {
                assert!(!attribute.starts_with("on"), "event handler in {html}");
                assert!(!attribute.starts_with("style"), "style in {html}");
                assert!(
                    !attribute.contains("javascript:"),
                    "javascript: address in {html}"
                );
            }
            rest = &rest[end.min(rest.len())..];
            if rest.starts_with('>') {
                rest = &rest[1..];
            }
        }
    }

    #[test]
    fn markdown_keeps_simple_formatting() {
        let html = markdown_to_safe_html(
            "Un **banquet** *citoyen*\n\n- a\n- b\n\n[lien](https://exemple.fr)",
        );
        assert!(html.contains("<strong>banquet</strong>"));
        assert!(html.contains("<em>citoyen</em>"));
        assert!(html.contains("<ul>") && html.contains("<li>a</li>"));
        assert!(html.contains("href=\"https://exemple.fr\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }

    #[test]
    fn no_script_or_event_handler_survives_in_any_part() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "\"><script>alert(1)</script>",
            "<iframe src=https://exemple.fr></iframe>",
            "<p style=\"background:url(javascript:alert(1))\" onclick=\"x()\">t</p>",
        ];
        let parts = [
            SheetPart::Title,
            SheetPart::Quote,
            SheetPart::QuoteAuthor,
            SheetPart::Summary,
            SheetPart::Themes,
            SheetPart::SectionQuestion(1),
            SheetPart::SectionAnswer(1),
        ];
        for payload in payloads {
            for part in parts {
                let html = part_html(part, payload);
                assert_inert(&html);
            }
        }
    }
}
