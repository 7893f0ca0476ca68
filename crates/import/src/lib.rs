//! Budget documents in, plan drafts out.
//!
//! [`parse_document`] reads a council budget document (plain text, Markdown, DOCX or PDF)
//! and proposes a [`PlanDraft`]: the goals with their codes, statements, section headings,
//! political texts, commitments and targets. It never stores anything; a person reviews the
//! draft (and its `warnings`) before it is imported.
//!
//! # How it reads a document
//!
//! Every format is first turned into one stream of blocks (headings, paragraphs, bullets),
//! each with its source line (for DOCX: the paragraph number). The rules about goals then
//! work on blocks, whatever the format:
//!
//! - **Format.** `%PDF` → PDF (its text layer is read as plain text); a zip archive or
//!   `.docx` → DOCX; `.md`/`.markdown` → Markdown; anything else → UTF-8 plain text.
//! - **Plain and PDF text.** Text from PDF extractors is "double-spaced" (an empty line
//!   after every line, two or more between paragraphs). The reader measures which
//!   convention a file follows. Lines are unwrapped; a hyphen at a line end is removed when
//!   the next line continues the word ("tillgänglighets-" + "arbete"), but kept when the
//!   writer typed it ("Lit- Häggenås", "kultur- och"). No-break spaces count as spaces.
//! - **Goal headings.** "1.1 …", "1:1 …", "Mål 1. …", "Mål 3: …", "Strategiområde 1 – …",
//!   in text, in Markdown headings, or in Word headings, where Word keeps the number in
//!   its list numbering and we count it. Number parts have one or two digits and the text
//!   starts with an uppercase letter, so "75 000 invånare" or "2030 samt" never start a
//!   goal. A code's parent is the goal whose code is its prefix ("1" for "1.1"). A
//!   table-of-contents entry and a real heading with the same code: the one with a body
//!   wins. A single bare-numbered top heading with all other goals under it ("1
//!   Kommunövergripande mål") is a chapter, not a goal. Word documents whose headings
//!   carry no numbers at all: the shallowest heading level used twice holds the goals.
//! - **Statement and section heading.** The statement is the heading's text, unwrapped.
//!   The first short line after it (at most eight words, no full stop) is the section
//!   heading ("Kommunens ledning").
//! - **Political text.** The rest of the section as Markdown (paragraphs, `- ` bullets),
//!   minus call-out boxes: paragraphs whose words repeat the statement (Jaccard ≥ 0.75).
//! - **Introduction.** Bullet items ending in "(Short name)" give goals their short names,
//!   matched by word overlap with the statements (by position as a last resort). A
//!   sentence ending in ":" names the group of bullets under it: a known category word
//!   ("genomgripande", "kärnverksamhet"), else the word after "är" or "fokus på". Counts
//!   announced in words ("Tre av dessa …", "finns åtta … mål") are checked.
//! - **Commitments.** Every sentence of the political text with "ska" or "skall", exactly
//!   as it stands, so each is a substring of the text.
//! - **Targets.** A number with a unit and a comparator word or a year ("minst 75 000
//!   invånare år 2040"), or a dated state after "vara"/"bli" ("fossilbränslefritt och
//!   klimatneutralt 2030"). No comparator word → `comparator: None`.
//! - **Financial goals.** A section headed "Finansiella mål" (or "Finansiella mål för god
//!   ekonomisk hushållning") left over after the goals: each list item or "ska" sentence
//!   under it is a council goal in the financial category, numbered after the goals, with
//!   the targets its sentence states.
//! - **Title.** "budget 2024" or the like near the start, else the title heading, else the
//!   file name.
//!
//! Every guess a person should check is reported in `warnings`, naming the line.

mod areas;
mod block;
mod bullets;
mod candidate;
mod decision;
mod dehyphen;
mod docx;
mod error;
mod financial;
mod heading;
mod indicators;
mod intro;
mod markdown;
mod not_used;
mod pdf;
mod sentences;
mod similarity;
mod structure;
mod targets;
mod text;
mod title;

use riktning_domain::{DraftWarning, PlanDraft, UnusedLine, UnusedReason};
use sha2::{Digest, Sha256};

pub use error::ImportError;
pub use pdf::silence_handled_extractor_panics;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
    Docx,
    Pdf,
}

/// The key of every warning the importer gives (see [`DraftWarning`]), so that an
/// interface can check it says each one in its own language.
pub const WARNING_KEYS: &[&str] = &[
    "chapter-heading",
    "no-political-text",
    "short-names",
    "unnumbered-headings",
    "toc-entry",
    "duplicate-goal",
    "text-without-goal",
    "call-out",
    "section-heading",
    "no-title",
    "announced-count",
    "too-many-items",
    "matched-by-position",
    "unmatched-item",
    "claimed-goals",
    "image-lines",
    "decision-lines",
    "decision-lines-incomplete",
    "goal-under-area",
    "no-goals-found",
];

/// Reads a budget document into a plan draft. `file_name` chooses the format together
/// with the file's first bytes and becomes the draft's `source_name`.
pub fn parse_document(file_name: &str, bytes: &[u8]) -> Result<PlanDraft, ImportError> {
    parse(file_name, bytes, false)
}

/// Like [`parse_document`], but a document in which no goals are recognised gives a
/// draft without goals whose every line is listed as not used, for a person to mark
/// the goals by hand ([`riktning_domain::DraftEdit::LineToGoal`]); a warning says what
/// was looked for.
pub fn parse_document_or_lines(file_name: &str, bytes: &[u8]) -> Result<PlanDraft, ImportError> {
    parse(file_name, bytes, true)
}

fn parse(file_name: &str, bytes: &[u8], or_lines: bool) -> Result<PlanDraft, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut not_used = Vec::new();
    let mut read_text = |text: String| {
        not_used.extend(
            text::page_numbers(&text)
                .into_iter()
                .map(|(line, text)| UnusedLine {
                    line,
                    text,
                    reason: UnusedReason::PageNumber,
                }),
        );
        text::read(&text)
    };
    let blocks = match detect_format(file_name, bytes) {
        Format::Pdf => read_text(pdf::extract_text(bytes)?),
        Format::Docx => docx::read(bytes)?,
        Format::Markdown => markdown::read(&decode_text(bytes)?),
        Format::Text => read_text(decode_text(bytes)?),
    };
    if blocks.iter().all(|b| b.text().trim().is_empty()) {
        return Err(ImportError::OnlyWhitespace);
    }
    // Decision lines, image descriptions, names and labels are taken out first, so that
    // none is read into a goal's text; each is accounted for in the draft.
    let (decision, decision_blocks) = decision::find(&blocks);
    let mut image_lines = Vec::new();
    let mut kept = Vec::with_capacity(blocks.len());
    for (index, block) in blocks.into_iter().enumerate() {
        if decision_blocks.contains(&index) {
            continue;
        }
        match not_used::furniture(&block) {
            Some(reason) => {
                if reason == UnusedReason::Image {
                    image_lines.push(block.line.to_string());
                }
                not_used.push(UnusedLine {
                    line: block.line,
                    text: block.text(),
                    reason,
                });
            }
            None => kept.push(block),
        }
    }
    let blocks = kept;
    let mut draft = match structure::build(&blocks, file_stem(file_name)) {
        Err(ImportError::NoGoals) if or_lines => lines_only(&blocks, file_stem(file_name)),
        other => other?,
    };
    financial::take(&mut draft);
    if !image_lines.is_empty() {
        let lines = image_lines.join(", ");
        draft.warnings.push(DraftWarning::new(
            "image-lines",
            &[("lines", lines.clone())],
            format!("line(s) {lines} describe an image and were left out"),
        ));
    }
    if let Some(decision) = &decision {
        let lines: Vec<String> = decision.lines.iter().map(usize::to_string).collect();
        let lines = lines.join(", ");
        draft.warnings.push(if decision.complete().is_some() {
            DraftWarning::new(
                "decision-lines",
                &[("lines", lines.clone())],
                format!("line(s) {lines} were read as the decision of record"),
            )
        } else {
            DraftWarning::new(
                "decision-lines-incomplete",
                &[("lines", lines.clone())],
                format!(
                    "line(s) {lines} were read as the decision of record; it lacks the body, the date or the case number, so the plan is stored as a draft"
                ),
            )
        });
    }
    draft.decision = decision;
    draft.not_used.extend(not_used);
    draft.not_used.sort_by_key(|u| u.line);
    let all_text: String = blocks.iter().map(|b| b.text() + "\n").collect();
    draft.municipality =
        riktning_domain::municipality_mentioned_in(&all_text).map(|m| m.id.to_string());
    draft.source_name = Some(file_name.to_string());
    draft.source_sha256 = Some(sha256_hex(bytes));
    Ok(draft)
}

/// A draft without goals: every block is a line not used, for marking goals by hand.
fn lines_only(blocks: &[block::Block], file_stem: &str) -> PlanDraft {
    let mut warnings = Vec::new();
    let title = title::title_of(blocks, file_stem, &mut warnings);
    warnings.push(DraftWarning::new(
        "no-goals-found",
        &[],
        "no goals were recognised (numbered headings such as '1.1 …' or 'Mål 1. …', a bulleted list introduced as the goals, or recurring headings); mark the goals among the lines not used",
    ));
    PlanDraft {
        title,
        warnings,
        not_used: blocks
            .iter()
            .map(|b| UnusedLine {
                line: b.line,
                text: b.text(),
                reason: UnusedReason::NotRecognised,
            })
            .collect(),
        ..PlanDraft::default()
    }
}

fn detect_format(file_name: &str, bytes: &[u8]) -> Format {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF") || extension == "pdf" {
        Format::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") || extension == "docx" {
        Format::Docx
    } else if matches!(extension.as_str(), "md" | "markdown") {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// UTF-8 text without a byte-order mark; NUL bytes and invalid UTF-8 are refused with
/// the line and byte offset, since guessing an encoding could garble the goals.
fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    let line_of = |offset: usize| bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(ImportError::Binary {
            line: line_of(offset),
            offset,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let offset = error.valid_up_to();
        ImportError::NotUtf8 {
            line: line_of(offset),
            offset,
            byte: bytes.get(offset).copied().unwrap_or(0),
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::OnlyWhitespace);
    }
    Ok(text.to_string())
}

fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_by_magic_then_extension() {
        assert_eq!(detect_format("a.txt", b"%PDF-1.7"), Format::Pdf);
        assert_eq!(detect_format("a.txt", b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(detect_format("a.DOCX", b"hello"), Format::Docx);
        assert_eq!(detect_format("a.md", b"# x"), Format::Markdown);
        assert_eq!(detect_format("a", b"x"), Format::Text);
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("/tmp/budget-2024.pdf"), "budget-2024");
        assert_eq!(file_stem(".hidden"), ".hidden");
        assert_eq!(file_stem("plain"), "plain");
    }

    #[test]
    fn bad_text_is_located() {
        assert_eq!(
            decode_text(b"ab\ncd\n\0"),
            Err(ImportError::Binary { line: 3, offset: 6 })
        );
        assert_eq!(
            decode_text(b"ok\n\xe5"),
            Err(ImportError::NotUtf8 {
                line: 2,
                offset: 3,
                byte: 0xE5
            })
        );
        assert_eq!(decode_text("\u{feff}hej".as_bytes()).as_deref(), Ok("hej"));
    }
}
