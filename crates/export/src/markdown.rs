//! Markdown that people wrote (political texts, analyses, actions) as plain blocks of
//! text. Every format lays the blocks out itself, so no markup a person typed (raw
//! HTML included) reaches a document as markup.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    /// An item of a bulleted or numbered list.
    Item(String),
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text) | Block::Item(text) => text,
        }
    }
}

/// The paragraphs and list items of `markdown`, with inline markup reduced to its text
/// (a link keeps its words, an image its description) and raw HTML dropped.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut in_item = 0usize;
    let finish = |current: &mut String, blocks: &mut Vec<Block>, item: bool| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        current.clear();
        if !text.is_empty() {
            blocks.push(if item {
                Block::Item(text)
            } else {
                Block::Paragraph(text)
            });
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Item) => {
                finish(&mut current, &mut blocks, in_item > 0);
                in_item += 1;
            }
            Event::End(TagEnd::Item) => {
                finish(&mut current, &mut blocks, true);
                in_item = in_item.saturating_sub(1);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                finish(&mut current, &mut blocks, in_item > 0);
            }
            Event::Text(text) | Event::Code(text) => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    finish(&mut current, &mut blocks, in_item > 0);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text_and_html_is_dropped() {
        let found = blocks(
            "Ett **viktigt** stycke\nsom fortsätter.\n\n- punkt [ett](https://x.se)\n- punkt två\n\n<script>alert(1)</script>\n\nSlut.",
        );
        assert_eq!(
            found,
            [
                Block::Paragraph("Ett viktigt stycke som fortsätter.".into()),
                Block::Item("punkt ett".into()),
                Block::Item("punkt två".into()),
                Block::Paragraph("Slut.".into()),
            ]
        );
    }

    #[test]
    fn empty_text_has_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks("  \n\n ").is_empty());
    }
}
