//! Markdown into blocks: ATX (`## …`) and setext headings, bullet and numbered list items,
//! paragraphs. Enough of CommonMark for budget texts; inline markup is kept as it is, except
//! in headings, where `**Mål 1.**` must still read as a goal heading.

use crate::block::{Block, BlockKind};
use crate::text::{normalise_spaces, strip_bullet};

pub(crate) fn read(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // A blank line ends the current paragraph or list item.
    let mut open = false;
    let mut in_fence = false;
    let mut lines = text.split('\n').enumerate().peekable();
    // YAML front matter says nothing about goals.
    if lines.peek().is_some_and(|(_, l)| l.trim_end() == "---") {
        lines.next();
        for (_, line) in lines.by_ref() {
            if matches!(line.trim_end(), "---" | "...") {
                break;
            }
        }
    }
    for (index, raw) in lines {
        let number = index + 1;
        let line = normalise_spaces(raw.strip_suffix('\r').unwrap_or(raw));
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            open = false;
            continue;
        }
        if in_fence || trimmed.starts_with("<!--") {
            continue;
        }
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        let quoted = trimmed.trim_start_matches('>').trim_start();
        if let Some((level, heading)) = atx_heading(quoted) {
            blocks.push(Block::new(
                BlockKind::Heading {
                    level: Some(level),
                    number: None,
                },
                number,
                strip_emphasis(heading),
            ));
            open = false;
            continue;
        }
        if let Some(level) = setext_underline(quoted) {
            // Only a one-line paragraph can be a setext heading.
            if let Some(last) = blocks
                .last_mut()
                .filter(|b| open && b.kind == BlockKind::Paragraph && b.lines.len() == 1)
            {
                last.kind = BlockKind::Heading {
                    level: Some(level),
                    number: None,
                };
                let text = strip_emphasis(&last.lines[0]);
                last.lines = vec![text];
                open = false;
                continue;
            }
            if level == 2 && quoted.chars().all(|c| c == '-') {
                // A thematic break.
                open = false;
                continue;
            }
        }
        if let Some(item) = strip_bullet(quoted).or_else(|| strip_ordered_item(quoted)) {
            blocks.push(Block::new(BlockKind::Bullet, number, item.to_string()));
            open = true;
            continue;
        }
        match blocks.last_mut() {
            Some(last) if open && !last.is_heading() => last.lines.push(quoted.to_string()),
            _ => {
                blocks.push(Block::new(BlockKind::Paragraph, number, quoted.to_string()));
                open = true;
            }
        }
    }
    blocks
}

fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    if text.is_empty() {
        return None;
    }
    u8::try_from(hashes).ok().map(|level| (level, text))
}

fn setext_underline(line: &str) -> Option<u8> {
    if line.len() >= 3 && line.chars().all(|c| c == '=') {
        Some(1)
    } else if line.len() >= 3 && line.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// "1. text" or "1) text" as an ordered list item.
fn strip_ordered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    rest.starts_with(' ').then(|| rest.trim_start())
}

fn strip_emphasis(text: &str) -> String {
    text.replace("**", "").replace("__", "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_bullets_and_paragraphs() {
        let text = "---\ntitle: x\n---\n# Budget 2025\n\n## **Mål 1.** Trygg kommun\n\nFörsta raden\nandra raden.\n\n- ett\n  fortsätter\n* två\n1. tre\n\nRubrik\n------\n";
        let blocks = read(text);
        let summary: Vec<(Option<u8>, String)> =
            blocks.iter().map(|b| (b.level(), b.text())).collect();
        assert_eq!(
            summary,
            vec![
                (Some(1), "Budget 2025".to_string()),
                (Some(2), "Mål 1. Trygg kommun".to_string()),
                (None, "Första raden andra raden.".to_string()),
                (None, "ett fortsätter".to_string()),
                (None, "två".to_string()),
                (None, "tre".to_string()),
                (Some(2), "Rubrik".to_string()),
            ]
        );
        assert_eq!(blocks[0].line, 4);
    }
}
