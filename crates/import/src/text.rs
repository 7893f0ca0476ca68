//! Plain text (and text extracted from a PDF) into blocks.
//!
//! Text from PDF extractors is "double-spaced": every line is followed by an empty line and
//! a paragraph break shows as two or more blank lines. Hand-written text uses one blank line
//! between paragraphs. The reader measures which convention the file follows.

use crate::block::{Block, BlockKind};
use crate::heading::parse_goal_heading;

/// Characters that are spaces for our purposes: no-break and narrow no-break spaces and
/// friends show up in PDF text ("medborgarna.\u{202f}Östersunds").
pub(crate) fn normalise_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' | '\u{200a}' | '\u{2002}'
            | '\u{2003}' | '\t' | '\u{c}' | '\u{b}' => out.push(' '),
            // Invisible characters that only break word matching.
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A bullet marker at the start of a line, and the item text after it.
pub(crate) fn strip_bullet(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let mut chars = trimmed.chars();
    let marker = chars.next()?;
    let after = chars.as_str();
    let is_marker = matches!(
        marker,
        '•' | '◦'
            | '▪'
            | '●'
            | '○'
            | '■'
            | '□'
            | '‣'
            | '⁃'
            | '➢'
            | '►'
            | '–'
            | '-'
            | '*'
            | '·'
    );
    if is_marker && after.starts_with(' ') && !after.trim().is_empty() {
        Some(after.trim_start())
    } else {
        None
    }
}

/// A lone page number or "Sida 3 av 12" line from a PDF: noise between paragraphs.
fn is_page_noise(line: &str) -> bool {
    let line = line.trim();
    if !line.is_empty() && line.len() <= 3 && line.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = line.to_lowercase();
    lower
        .strip_prefix("sida ")
        .is_some_and(|rest| rest.split(" av ").all(|n| n.trim().parse::<u32>().is_ok()))
}

/// Words a title does not end with: a line ending so was wrapped mid-sentence. (A
/// title may end with a particle: "Krokom är en bra plats att växa upp på".)
const CONTINUING: [&str; 14] = [
    "och", "eller", "samt", "för", "till", "med", "att", "som", "en", "ett", "den", "det", "de",
    "mot",
];

/// A short line that starts with a capital and ends without punctuation or a word that
/// needs a continuation: a title, a label or a name on a line of its own.
fn is_title_line(line: &str, width: usize) -> bool {
    let line = line.trim();
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && line.chars().count() * 5 < width * 3
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ',', ';', ':', '-', '–', '!', '?'])
        && words
            .last()
            .is_some_and(|w| !CONTINUING.contains(&w.to_lowercase().as_str()))
}

/// A number alone with at most a word or two around it ("4 000", "Minst 75 %").
fn is_value_line(line: &str) -> bool {
    line.chars().next().is_some_and(|c| c.is_ascii_digit())
        && line.split_whitespace().count() <= 4
        && !line.ends_with(['.', ','])
}

struct Line {
    number: usize,
    text: String,
    /// Blank lines between this text line and the previous one.
    gap: usize,
}

/// Lone page numbers ("12", "Sida 3 av 12"), by line: they are in no block, and the
/// draft lists them as not used.
pub(crate) fn page_numbers(text: &str) -> Vec<(usize, String)> {
    text.split('\n')
        .enumerate()
        .map(|(index, raw)| {
            (
                index + 1,
                normalise_spaces(raw.strip_suffix('\r').unwrap_or(raw)),
            )
        })
        .filter(|(_, line)| !line.trim().is_empty() && is_page_noise(line))
        .map(|(number, line)| (number, line.trim().to_string()))
        .collect()
}

pub(crate) fn read(text: &str) -> Vec<Block> {
    let lines = text_lines(text);
    let double_spaced = is_double_spaced(&lines);
    let same_paragraph = |gap: usize| if double_spaced { gap == 1 } else { gap == 0 };

    // Lines well short of the text width end a paragraph or heading on purpose.
    let width = lines
        .iter()
        .map(|l| l.text.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous_text: Option<&str> = None;
    for line in &lines {
        let trimmed = line.text.trim();
        let continues = same_paragraph(line.gap);
        let previous_short =
            previous_text.is_some_and(|p| p.trim().chars().count() * 5 < width * 3);
        let previous_ends_sentence =
            previous_text.is_none_or(|p| p.trim_end().ends_with(['.', '!', '?', ':', ')']));
        if let Some(item) = strip_bullet(trimmed) {
            blocks.push(Block::new(BlockKind::Bullet, line.number, item.to_string()));
        } else if parse_goal_heading(trimmed).is_some()
            && (!continues
                || previous_ends_sentence
                || previous_short
                || !matches!(blocks.last().map(|b| &b.kind), Some(BlockKind::Paragraph)))
        {
            // A goal heading starts a block unless it is clearly a wrapped line of prose.
            blocks.push(Block::new(
                BlockKind::Heading {
                    level: None,
                    number: None,
                },
                line.number,
                line.text.clone(),
            ));
        } else if continues
            && !double_spaced
            && (previous_text.is_some_and(|p| is_title_line(p, width))
                && (trimmed.chars().next().is_some_and(char::is_uppercase)
                    || is_value_line(trimmed))
                || previous_ends_sentence && is_title_line(trimmed, width)
                || crate::not_used::starts_like_caption(trimmed))
        {
            // A short title-like line over text ("Livskvalitet", "Beskrivning"), a value
            // under an indicator's name, a label after a paragraph and an image's caption
            // stand on their own, as a web page meant them. (Double-spaced PDF text has
            // its own rules for headings above.)
            blocks.push(Block::new(
                BlockKind::Paragraph,
                line.number,
                line.text.clone(),
            ));
        } else if let Some(last) = blocks.last_mut().filter(|_| continues) {
            // A heading wraps onto lines that continue its sentence (lowercase). In
            // double-spaced PDF text it may also wrap before a capital, unless a short
            // line ends it ("1 Kommunövergripande mål" + "Kommunfullmäktiges …").
            let starts_lower = trimmed.chars().next().is_some_and(char::is_lowercase);
            let heading_ends = last.is_heading()
                && !starts_lower
                && (!double_spaced
                    || previous_text.is_some_and(|p| {
                        let p = p.trim();
                        !p.ends_with(['.', '!', '?']) && p.chars().count() * 5 < width * 3
                    }));
            if heading_ends {
                blocks.push(Block::new(
                    BlockKind::Paragraph,
                    line.number,
                    line.text.clone(),
                ));
            } else {
                last.lines.push(line.text.clone());
            }
        } else {
            blocks.push(Block::new(
                BlockKind::Paragraph,
                line.number,
                line.text.clone(),
            ));
        }
        previous_text = Some(&line.text);
    }
    blocks
}

fn text_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut gap = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line = normalise_spaces(raw.strip_suffix('\r').unwrap_or(raw));
        if line.trim().is_empty() || is_page_noise(&line) {
            gap += 1;
            continue;
        }
        out.push(Line {
            number: index + 1,
            text: line.trim_start().to_string(),
            gap: if out.is_empty() { 0 } else { gap },
        });
        gap = 0;
    }
    out
}

/// Most gaps are exactly one blank line, and many lines after such a gap continue a
/// sentence (start in lowercase): the text was wrapped by a layout program.
fn is_double_spaced(lines: &[Line]) -> bool {
    let gaps: Vec<&Line> = lines.iter().skip(1).collect();
    if gaps.len() < 3 {
        return false;
    }
    let single: Vec<&&Line> = gaps.iter().filter(|l| l.gap == 1).collect();
    let adjacent = gaps.iter().filter(|l| l.gap == 0).count();
    let lowercase_after_single = single
        .iter()
        .filter(|l| l.text.trim().chars().next().is_some_and(char::is_lowercase))
        .count();
    single.len() * 2 >= gaps.len()
        && single.len() > adjacent
        && lowercase_after_single * 5 >= single.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(blocks: &[Block]) -> Vec<(&'static str, String)> {
        blocks
            .iter()
            .map(|b| {
                let kind = match b.kind {
                    BlockKind::Heading { .. } => "h",
                    BlockKind::Paragraph => "p",
                    BlockKind::Bullet => "b",
                };
                (kind, b.text())
            })
            .collect()
    }

    #[test]
    fn single_spaced_text_breaks_on_blank_lines() {
        let text = "Mål 1. Trygg kommun\nKommunen ska vara trygg.\nAlla ska må bra.\n\nNy del här.\n- punkt ett\nfortsätter\n";
        let blocks = read(text);
        assert_eq!(
            kinds(&blocks),
            vec![
                ("h", "Mål 1. Trygg kommun".to_string()),
                ("p", "Kommunen ska vara trygg. Alla ska må bra.".to_string()),
                ("p", "Ny del här.".to_string()),
                ("b", "punkt ett fortsätter".to_string()),
            ]
        );
        assert_eq!(blocks[2].line, 5);
    }

    #[test]
    fn double_spaced_text_breaks_on_two_blank_lines() {
        let text = " 1.1 Kommunen har en stark\n\nekonomi och en god\n\nförvaltning\n\n \n\nDet här är text som\n\nfortsätter på nästa\n\nrad och slutar.\n\n \n\nEtt nytt stycke\n\nbörjar här.\n";
        let blocks = read(text);
        assert_eq!(
            kinds(&blocks),
            vec![
                (
                    "h",
                    "1.1 Kommunen har en stark ekonomi och en god förvaltning".to_string()
                ),
                (
                    "p",
                    "Det här är text som fortsätter på nästa rad och slutar.".to_string()
                ),
                ("p", "Ett nytt stycke börjar här.".to_string()),
            ]
        );
    }

    #[test]
    fn no_break_spaces_and_page_numbers_are_handled() {
        let blocks = read("Först.\u{202f}Sedan\u{a0}mer.\n\n12\n\nSista.");
        assert_eq!(blocks[0].text(), "Först. Sedan mer.");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn wrapped_number_inside_prose_is_not_a_heading() {
        let blocks = read("Kommunen vill växa till\n2 Nya stadsdelar byggs\n");
        assert_eq!(blocks.len(), 1);
    }
}
