//! Text made safe to place inside HTML or XML, for the few places that write markup
//! themselves instead of through the view macros (the page title, mail, feeds), and the
//! contents of every `<textarea>`, which the view macros write unescaped on the server:
//! each is given as `inner_html=escape_html(..)` (the browser decodes the entities back).

/// `text` with `&`, `<`, `>` and both quotes replaced by their entities: safe in element
/// content and in a quoted attribute, in HTML and in XML alike.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// `text` on one line: every control character (line breaks included) becomes a space.
/// For the values calendar and feed readers take as one line (an iCalendar `NAME`, a
/// `SUMMARY`), where a line break typed into a title would start a line of its own.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` without the characters XML 1.0 forbids (controls other than tab and line
/// breaks): one such character typed into a title would make a whole feed unreadable.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// A testimony without the quotation marks around it: the pages add them (the style sheet
/// writes « » around every `.testimony` quote), so a quote typed as `«On apprend.»` or
/// `"On apprend."` would otherwise show them twice. Only one pair enclosing the whole text
/// goes (`«Oui» et «non»` is kept as it is); the spaces inside, ordinary or not, go too.
pub fn bare_quote(text: &str) -> &str {
    const PAIRS: [(char, char); 5] = [('«', '»'), ('“', '”'), ('„', '“'), ('"', '"'), ('‹', '›')];
    let text = text.trim();
    for (open, close) in PAIRS {
        let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        else {
            continue;
        };
        if !inner.contains(open) && !inner.contains(close) {
            return inner.trim();
        }
    }
    text
}

/// The text of every page's `<title>`: the page's own title, then the platform's name,
/// escaped once here (leptos_meta writes the title into the page as it is given).
pub fn page_title(title: &str, platform: &str) -> String {
    if title.is_empty() {
        escape_html(platform)
    } else {
        escape_html(&format!("{title} · {platform}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_leave_calendar_lines_and_feeds() {
        assert_eq!(
            one_line("Banquet\r\nBEGIN:VALARM\u{1}"),
            "Banquet  BEGIN:VALARM "
        );
        assert_eq!(
            xml_safe("Fête\u{1}\u{1b} du\tquartier\n"),
            "Fête du\tquartier\n"
        );
    }

    #[test]
    fn a_testimony_loses_the_marks_around_it_only() {
        for (typed, shown) in [
            (
                "On apprend en faisant ensemble.",
                "On apprend en faisant ensemble.",
            ),
            (
                "«On apprend en faisant ensemble.»",
                "On apprend en faisant ensemble.",
            ),
            ("« On apprend. »", "On apprend."),
            ("\u{a0}«\u{202f}On apprend.\u{202f}» ", "On apprend."),
            ("“On apprend.”", "On apprend."),
            ("\"On apprend.\"", "On apprend."),
            ("«Oui» et «non»", "«Oui» et «non»"),
            ("\"Oui\" et \"non\"", "\"Oui\" et \"non\""),
            ("Il a dit «oui»", "Il a dit «oui»"),
            ("«", "«"),
            ("«»", ""),
            ("", ""),
        ] {
            assert_eq!(bare_quote(typed), shown, "{typed}");
        }
    }

    #[test]
    fn markup_in_a_title_comes_out_as_text() {
        for (title, expected) in [
            ("", "Passeurs"),
            ("Agenda", "Agenda · Passeurs"),
            (
                "</title><meta http-equiv=\"refresh\" content=\"0;url=https://x.example\">",
                "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://x.example&quot;&gt; · Passeurs",
            ),
            ("Café & co l'été", "Café &amp; co l&#39;été · Passeurs"),
        ] {
            assert_eq!(page_title(title, "Passeurs"), expected, "{title}");
        }
    }
}
