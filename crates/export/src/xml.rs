//! Escaping for the XML and HTML we write by hand.

/// `text` made safe as XML or HTML character data and as a quoted attribute value.
/// Control characters other than tab and line breaks are not allowed in XML 1.0 and
/// are dropped, so that a stray one in a goal's text cannot make a document unreadable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_control_characters_are_made_safe() {
        assert_eq!(
            escape("a < b & \"c\" >"),
            "a &lt; b &amp; &quot;c&quot; &gt;"
        );
        assert_eq!(escape("rad\u{1}ett\nrad två"), "radett\nrad två");
        assert_eq!(escape("Östersund"), "Östersund");
    }
}
