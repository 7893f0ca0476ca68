//! User Markdown (analyses, actions, political texts) as safe HTML: raw HTML in the
//! text is shown as text, links keep only http(s), mailto and this site's own
//! addresses, and images from other sites are not loaded: they become links.

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

/// Where a link or image address points.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// This site: a path (`/arbeta/mal/3`) or a fragment (`#analys`).
    Local,
    /// Another site, by http(s) or mail. The address to use is given: a
    /// protocol-relative `//host/…` is made `https://host/…`.
    External(String),
    /// Anything else (`javascript:`, `data:`, a relative path): not followed.
    Unsafe,
}

fn target(url: &str) -> Target {
    // Browsers drop tabs and line breaks inside an address and spaces and controls
    // around it, and read a backslash like a slash: judge what they will see.
    let seen: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .replace('\\', "/");
    let lower = seen.to_ascii_lowercase();
    if let Some(rest) = seen.strip_prefix("//") {
        return if rest.is_empty() || rest.starts_with('/') {
            Target::Unsafe
        } else {
            Target::External(format!("https://{rest}"))
        };
    }
    if seen.starts_with('/') || seen.starts_with('#') {
        return Target::Local;
    }
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        return Target::External(url.trim().to_string());
    }
    Target::Unsafe
}

/// What an image's start became, so that its end matches.
enum Image {
    /// Kept as an image (this site's own).
    Kept,
    /// Turned into a link to the image; shows `url` if it has no alt text.
    Link { url: String, has_text: bool },
    /// Not followed: only its alt text is shown.
    Text,
}

pub fn render(markdown: &str) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut images: Vec<Image> = Vec::new();
    // Links open now: an image inside a link cannot become a link itself.
    let mut links = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match target(&dest_url) {
                    Target::Local => dest_url,
                    Target::External(url) => CowStr::from(url),
                    Target::Unsafe => CowStr::Borrowed("#"),
                };
                links += 1;
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match target(&dest_url) {
                Target::Local => {
                    images.push(Image::Kept);
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Target::External(_) if links > 0 => images.push(Image::Text),
                Target::External(url) => {
                    images.push(Image::Link {
                        url: url.clone(),
                        has_text: false,
                    });
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(url),
                        title,
                        id,
                    }));
                }
                Target::Unsafe => images.push(Image::Text),
            },
            Event::End(TagEnd::Image) => match images.pop() {
                Some(Image::Kept) | None => events.push(Event::End(TagEnd::Image)),
                Some(Image::Link { url, has_text }) => {
                    if !has_text {
                        events.push(Event::Text(CowStr::from(url)));
                    }
                    events.push(Event::End(TagEnd::Link));
                }
                Some(Image::Text) => {}
            },
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                events.push(Event::End(TagEnd::Link));
            }
            Event::Text(text) => {
                if let Some(Image::Link { has_text, .. }) = images.last_mut()
                    && !text.trim().is_empty()
                {
                    *has_text = true;
                }
                events.push(Event::Text(text));
            }
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
}

fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The words of `markdown` without its markup: for a search excerpt or a summary,
/// where `**` and link targets would only be noise. Blocks are joined by a space.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            // A line break or the end of a block separates words; the end of
            // emphasis or a link does not.
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.ends_with(' ')
                    && !matches!(event, Event::End(ref tag) if is_inline(tag)) =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::{Target, plain_text, render, target};

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_markup() {
        assert_eq!(
            plain_text(
                "## Rubrik\n\nHa **planlagd mark** och [en länk](https://x.se).\n- ett\n- två"
            ),
            "Rubrik Ha planlagd mark och en länk. ett två"
        );
    }

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

    #[test]
    fn protocol_relative_links_are_external_not_local() {
        assert_eq!(target("/arbeta/mal/3"), Target::Local);
        assert_eq!(target("#analys"), Target::Local);
        assert_eq!(
            target("//evil.example/x"),
            Target::External("https://evil.example/x".into())
        );
        // Browsers read these as //evil.example too.
        assert_eq!(
            target("/\\evil.example"),
            Target::External("https://evil.example".into())
        );
        assert_eq!(
            target("\\\\evil.example"),
            Target::External("https://evil.example".into())
        );
        assert_eq!(target("///evil.example"), Target::Unsafe);
        assert_eq!(target("java\tscript:alert(1)"), Target::Unsafe);
        assert_eq!(
            render("[Läs mer](//example.org/rapport)"),
            "<p><a href=\"https://example.org/rapport\">Läs mer</a></p>\n"
        );
        assert_eq!(
            render("[Målen](/mal)"),
            "<p><a href=\"/mal\">Målen</a></p>\n"
        );
        assert_eq!(
            render("[Kolada](https://www.kolada.se)"),
            "<p><a href=\"https://www.kolada.se\">Kolada</a></p>\n"
        );
    }

    #[test]
    fn external_images_are_links_not_loaded() {
        let external = render("![Diagram över **befolkningen**](https://example.org/bild.png)");
        assert!(!external.contains("<img"), "{external}");
        assert_eq!(
            external,
            "<p><a href=\"https://example.org/bild.png\">Diagram över <strong>befolkningen</strong></a></p>\n"
        );
        let relative = render("![](//tracker.example/pixel.gif)");
        assert_eq!(
            relative,
            "<p><a href=\"https://tracker.example/pixel.gif\">https://tracker.example/pixel.gif</a></p>\n"
        );
        let hostile = render("![bild](javascript:alert(1)) ![data](data:image/png;base64,AAAA)");
        assert!(!hostile.contains("<img"), "{hostile}");
        assert!(!hostile.contains("javascript"), "{hostile}");
        assert!(!hostile.contains("data:"), "{hostile}");
        assert!(hostile.contains("bild"), "{hostile}");
        let nested = render("[![Bild](https://example.org/b.png)](/mal)");
        assert_eq!(nested, "<p><a href=\"/mal\">Bild</a></p>\n");
        let own = render("![Logga](/static/logga.svg)");
        assert!(
            own.contains("<img src=\"/static/logga.svg\" alt=\"Logga\""),
            "{own}"
        );
    }
}
