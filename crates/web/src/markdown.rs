//! User Markdown (analyses, actions, political texts) as safe HTML: raw HTML in the
//! text is shown as text, and links keep only http(s) and mailto addresses.

use pulldown_cmark::{CowStr, Event, Parser, Tag, html};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('/')
        || lower.starts_with('#')
}

pub fn render(markdown: &str) -> String {
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_is_rendered_and_html_is_not() {
        assert_eq!(
            render("Ökar **tydligt**"),
            "<p>Ökar <strong>tydligt</strong></p>\n"
        );
        let hostile =
            render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>");
        assert!(!hostile.contains("<script"), "{hostile}");
        assert!(!hostile.contains("javascript:"), "{hostile}");
        assert!(!hostile.contains("<img"), "{hostile}");
        assert!(hostile.contains("&lt;script&gt;"), "{hostile}");
    }
}
