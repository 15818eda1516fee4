//! Percent-encoding for the addresses the platform writes (paths and query strings).

/// Percent-encodes a path segment or query-string value.
pub fn encode(value: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode("Résumé à jour & <b>"),
            "R%C3%A9sum%C3%A9%20%C3%A0%20jour%20%26%20%3Cb%3E"
        );
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
    }
}
