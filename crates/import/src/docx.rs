//! DOCX: the paragraphs of word/document.xml, with heading levels from word/styles.xml and
//! list numbers from word/numbering.xml.
//!
//! Word does not store a heading's number ("1.2") in its text: the paragraph (or its style)
//! points at a list level, and Word counts when it draws the page. So we count too.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::block::{Block, BlockKind};
use crate::error::{ImportError, one_line};
use crate::text::normalise_spaces;

/// The largest word/document.xml we read, inflated. A 300-page budget with tables is a
/// few megabytes of XML; 32 MiB leaves room for ten times that, while a zip bomb (a few
/// hundred kilobytes that inflate to gigabytes) is refused after reading this much.
const MAX_DOCUMENT_XML: u64 = 32 * 1024 * 1024;
/// The largest word/styles.xml or word/numbering.xml: real ones are tens of kilobytes.
const MAX_OTHER_XML: u64 = 8 * 1024 * 1024;
/// All parts read from one archive together, inflated: the document and both helpers.
const MAX_INFLATED_TOTAL: u64 = 40 * 1024 * 1024;
/// Entries in the archive. A Word file has a dozen parts plus one per image; tens of
/// thousands only make the zip reader's directory large.
const MAX_ENTRIES: usize = 5_000;
/// The longest stretch of XML without a `<` or `>`: one text or one tag. The XML reader
/// holds a whole text in memory, so this bounds what one read can take. A paragraph of
/// a megabyte is a few hundred pages; Word starts a new run long before.
const MAX_UNBROKEN: u64 = 1024 * 1024;
/// Word has nine list levels (0–8).
const LEVELS: usize = 9;

pub(crate) fn read(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| ImportError::DocxNotZip(one_line(error)))?;
    if archive.len() > MAX_ENTRIES {
        return Err(ImportError::DocxTooManyEntries {
            entries: archive.len(),
            limit: MAX_ENTRIES,
        });
    }
    let mut budget = MAX_INFLATED_TOTAL;
    let document = read_part(
        &mut archive,
        "word/document.xml",
        MAX_DOCUMENT_XML,
        &mut budget,
        parse_paragraphs,
    )?
    .ok_or(ImportError::DocxMissingDocument)?;
    let styles = read_part(
        &mut archive,
        "word/styles.xml",
        MAX_OTHER_XML,
        &mut budget,
        parse_styles,
    )?
    .unwrap_or_default();
    let numbering = read_part(
        &mut archive,
        "word/numbering.xml",
        MAX_OTHER_XML,
        &mut budget,
        parse_numbering,
    )?
    .unwrap_or_default();
    Ok(to_blocks(&document, &styles, &numbering))
}

/// Parses the part `name` as it inflates, so the XML is never held whole. At most
/// `limit` bytes (and what is left of `budget`) are read; the zip header's declared size
/// is not trusted, the bytes are counted.
fn read_part<T>(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
    budget: &mut u64,
    parse: impl FnOnce(&mut dyn BufRead) -> Result<T, ImportError>,
) -> Result<Option<T>, ImportError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(error) => {
            return Err(ImportError::DocxUnreadable(format!(
                "{name}: {}",
                one_line(error)
            )));
        }
    };
    let cap = limit.min(*budget);
    let mut counted = Capped {
        inner: file.take(cap + 1),
        read: 0,
        cap,
        unbroken: 0,
        failed: None,
    };
    let parsed = parse(&mut BufReader::new(&mut counted));
    *budget = budget.saturating_sub(counted.read);
    match parsed {
        Err(_) if counted.read > cap => Err(ImportError::DocxTooLarge {
            part: name.to_string(),
            limit_mb: cap / MIB,
        }),
        Err(_) if counted.unbroken > MAX_UNBROKEN => Err(ImportError::DocxTextTooLong {
            part: name.to_string(),
            limit_mb: MAX_UNBROKEN / MIB,
        }),
        // The archive itself broke (a damaged entry), not the XML in it.
        Err(_) if counted.failed.is_some() => Err(ImportError::DocxUnreadable(format!(
            "{name}: {}",
            counted.failed.unwrap_or_default()
        ))),
        other => other.map(Some),
    }
}

const MIB: u64 = 1024 * 1024;

/// Counts what is read and fails once more than `cap` bytes, or more than
/// [`MAX_UNBROKEN`] bytes without markup, came through, so the parser stops at once.
struct Capped<R> {
    inner: R,
    read: u64,
    cap: u64,
    /// Bytes since the last `<` or `>`.
    unbroken: u64,
    /// Why reading the entry failed, if it did.
    failed: Option<String>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf).inspect_err(|error| {
            self.failed = Some(one_line(error));
        })?;
        let got = &buf[..n];
        self.read += n as u64;
        self.unbroken = match got.iter().rposition(|b| matches!(b, b'<' | b'>')) {
            Some(at) => (n - at - 1) as u64,
            None => self.unbroken + n as u64,
        };
        if self.read > self.cap || self.unbroken > MAX_UNBROKEN {
            return Err(std::io::Error::other("part larger than its limit"));
        }
        Ok(n)
    }
}

fn bad_xml<R>(part: &str, reader: &Reader<R>, error: quick_xml::Error) -> ImportError {
    ImportError::DocxBadXml {
        part: part.to_string(),
        message: format!("at byte {}: {}", reader.error_position(), one_line(error)),
    }
}

/// The `w:val`-style attribute with the given local name.
fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|value| value.into_owned())
}

fn val(element: &BytesStart<'_>) -> Option<String> {
    attribute(element, "val")
}

enum Tag<'a, 'b> {
    Open(&'a BytesStart<'b>),
    Close(&'a str),
}

/// Calls `visit` for each opening and closing tag; an empty element gets both.
fn walk(
    part: &str,
    xml: &mut dyn BufRead,
    mut visit: impl FnMut(Tag<'_, '_>),
) -> Result<(), ImportError> {
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) => visit(Tag::Open(&element)),
            Ok(Event::Empty(element)) => {
                visit(Tag::Open(&element));
                visit(Tag::Close(element.local_name().as_ref()));
            }
            Ok(Event::End(element)) => visit(Tag::Close(element.local_name().as_ref())),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(error) => return Err(bad_xml(part, &reader, error)),
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

fn parse_styles(xml: &mut dyn BufRead) -> Result<HashMap<String, Style>, ImportError> {
    let mut styles = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    let mut done: Vec<(String, Style)> = Vec::new();
    walk("word/styles.xml", xml, |tag| match tag {
        Tag::Open(element) => {
            let name = element.local_name();
            if name.as_ref() == "style" {
                let id = attribute(element, "styleId").unwrap_or_default();
                current = Some((id, Style::default()));
                return;
            }
            let Some((_, style)) = current.as_mut() else {
                return;
            };
            match name.as_ref() {
                "name" => style.name = val(element).unwrap_or_default(),
                "basedOn" => style.based_on = val(element),
                "outlineLvl" => style.outline = val(element).and_then(|v| v.parse().ok()),
                "numId" => style.num_id = val(element),
                "ilvl" => style.ilvl = val(element).and_then(|v| v.parse().ok()),
                _ => {}
            }
        }
        Tag::Close("style") => done.extend(current.take()),
        Tag::Close(_) => {}
    })?;
    styles.extend(done);
    Ok(styles)
}

#[derive(Debug, Default, Clone)]
struct Level {
    start: u32,
    format: String,
    text: Option<String>,
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → levels.
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

fn parse_numbering(xml: &mut dyn BufRead) -> Result<Numbering, ImportError> {
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut level: Option<(u8, Level)> = None;
    let mut num_id: Option<String> = None;
    walk("word/numbering.xml", xml, |tag| match tag {
        Tag::Open(element) => match element.local_name().as_ref() {
            "abstractNum" => abstract_id = attribute(element, "abstractNumId"),
            "lvl" if abstract_id.is_some() => {
                let ilvl = attribute(element, "ilvl").and_then(|v| v.parse().ok());
                level = ilvl.map(|i| {
                    (
                        i,
                        Level {
                            start: 1,
                            format: "decimal".into(),
                            text: None,
                        },
                    )
                });
            }
            "start" => {
                if let Some((_, l)) = level.as_mut() {
                    l.start = val(element).and_then(|v| v.parse().ok()).unwrap_or(1);
                }
            }
            "numFmt" => {
                if let Some((_, l)) = level.as_mut() {
                    l.format = val(element).unwrap_or_default();
                }
            }
            "lvlText" => {
                if let Some((_, l)) = level.as_mut() {
                    l.text = val(element);
                }
            }
            "num" => num_id = attribute(element, "numId"),
            "abstractNumId" => {
                if let (Some(num), Some(target)) = (num_id.as_ref(), val(element)) {
                    numbering.nums.insert(num.clone(), target);
                }
            }
            _ => {}
        },
        Tag::Close("lvl") => {
            if let (Some(id), Some((ilvl, l))) = (abstract_id.as_ref(), level.take()) {
                numbering
                    .abstracts
                    .entry(id.clone())
                    .or_default()
                    .insert(ilvl, l);
            }
        }
        Tag::Close("abstractNum") => abstract_id = None,
        Tag::Close("num") => num_id = None,
        Tag::Close(_) => {}
    })?;
    Ok(numbering)
}

#[derive(Debug, Default)]
struct Paragraph {
    /// 1-based position among all paragraphs of the document.
    index: usize,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    outline: Option<u8>,
    lines: Vec<String>,
}

fn parse_paragraphs(xml: &mut dyn BufRead) -> Result<Vec<Paragraph>, ImportError> {
    let part = "word/document.xml";
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    // Text boxes nest paragraphs inside paragraphs, hence a stack.
    let mut open: Vec<Paragraph> = Vec::new();
    let mut done: Vec<Paragraph> = Vec::new();
    let mut count = 0;
    let mut in_text = false;
    let mut runs = 0usize;
    // A table row's cells, each the text of its paragraphs, and the row's first
    // paragraph: a row is read as one line "cell | cell", as a table row reads.
    let mut row: Option<(Vec<String>, Option<usize>)> = None;
    let mut cell = String::new();
    // A table inside a cell is read as part of that cell's text.
    let mut tables = 0usize;
    // Tracked formatting changes hold the *old* properties; they must not count.
    let mut changes = 0usize;
    loop {
        buffer.clear();
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| bad_xml(part, &reader, error))?;
        match event {
            Event::Start(element) => {
                let name = element.local_name();
                match name.as_ref() {
                    "tbl" => tables += 1,
                    "tr" if tables == 1 => row = Some((Vec::new(), None)),
                    "tc" if tables == 1 => cell.clear(),
                    "p" => {
                        count += 1;
                        open.push(Paragraph {
                            index: count,
                            lines: vec![String::new()],
                            ..Paragraph::default()
                        });
                    }
                    "t" => in_text = true,
                    "r" => runs += 1,
                    n if n.ends_with("Change") => changes += 1,
                    _ => property(&element, &mut open, runs, changes),
                }
            }
            Event::Empty(element) => {
                if element.local_name().as_ref() == "p" {
                    count += 1;
                } else {
                    property(&element, &mut open, runs, changes);
                }
            }
            Event::End(element) => match element.local_name().as_ref() {
                "p" => match (open.pop(), row.as_mut()) {
                    // Only paragraphs directly in a cell, not in a text box inside it.
                    (Some(paragraph), Some((_, first))) if open.is_empty() => {
                        first.get_or_insert(paragraph.index);
                        let text = paragraph.lines.join(" ");
                        if !text.trim().is_empty() {
                            if !cell.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(text.trim());
                        }
                    }
                    (paragraph, _) => done.extend(paragraph),
                },
                "tbl" => tables = tables.saturating_sub(1),
                "tc" if tables == 1 => {
                    if let Some((cells, _)) = row.as_mut() {
                        cells.push(std::mem::take(&mut cell));
                    }
                }
                "tr" if tables == 1 => {
                    if let Some((cells, Some(index))) = row.take()
                        && cells.iter().any(|c| !c.is_empty())
                    {
                        done.push(Paragraph {
                            index,
                            lines: vec![cells.join(" | ")],
                            ..Paragraph::default()
                        });
                    }
                }
                "t" => in_text = false,
                "r" => runs = runs.saturating_sub(1),
                n if n.ends_with("Change") => changes = changes.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) if in_text => push_text(&mut open, &text.xml10_content()),
            Event::CData(text) if in_text => push_text(&mut open, &text.xml10_content()),
            Event::GeneralRef(reference) if in_text => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => match reference.xml10_content().as_ref() {
                        "amp" => Some("&".into()),
                        "lt" => Some("<".into()),
                        "gt" => Some(">".into()),
                        "quot" => Some("\"".into()),
                        "apos" => Some("'".into()),
                        _ => None,
                    },
                };
                if let Some(resolved) = resolved {
                    push_text(&mut open, &resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    done.sort_by_key(|p| p.index);
    Ok(done)
}

/// Appends to the open paragraph's last line. Runs of spaces collapse to one as they
/// arrive, so a document of nothing but spaces does not grow a line of megabytes.
fn push_text(open: &mut [Paragraph], text: &str) {
    if let Some(line) = open.last_mut().and_then(|p| p.lines.last_mut()) {
        for c in text.chars() {
            if c == ' ' && line.ends_with(' ') {
                continue;
            }
            line.push(c);
        }
    }
}

/// Paragraph properties and the few run elements that stand for characters.
fn property(element: &BytesStart<'_>, open: &mut [Paragraph], runs: usize, changes: usize) {
    let Some(paragraph) = open.last_mut() else {
        return;
    };
    let name = element.local_name();
    match name.as_ref() {
        "pStyle" if changes == 0 => paragraph.style = val(element),
        "numId" if changes == 0 => paragraph.num_id = val(element),
        "ilvl" if changes == 0 => paragraph.ilvl = val(element).and_then(|v| v.parse().ok()),
        "outlineLvl" if changes == 0 => {
            paragraph.outline = val(element).and_then(|v| v.parse().ok());
        }
        "tab" | "ptab" if runs > 0 => push_text(std::slice::from_mut(paragraph), " "),
        "noBreakHyphen" if runs > 0 => push_text(std::slice::from_mut(paragraph), "-"),
        "br" | "cr" if runs > 0 => paragraph.lines.push(String::new()),
        _ => {}
    }
}

/// Heading level of a style: 0 for the title, N for "heading N" / "Rubrik N", else from
/// its outline level; inherited through `basedOn`.
fn style_level(styles: &HashMap<String, Style>, id: &str) -> Option<u8> {
    let mut current = id.to_string();
    for _ in 0..10 {
        let style = styles.get(&current);
        let name = style.map_or(current.as_str(), |s| s.name.as_str());
        if let Some(level) = level_from_name(name).or_else(|| level_from_name(&current)) {
            return Some(level);
        }
        let style = style?;
        if let Some(outline) = style.outline.filter(|l| *l < 9) {
            return Some(outline + 1);
        }
        current = style.based_on.clone()?;
    }
    None
}

fn level_from_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase().replace(' ', "");
    if matches!(lower.as_str(), "title" | "rubrik" | "titel") {
        return Some(0);
    }
    let digits = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("rubrik"))?;
    digits.parse::<u8>().ok().filter(|n| (1..=9).contains(n))
}

/// The list a style puts its paragraphs in, inherited through `basedOn`.
fn style_list(styles: &HashMap<String, Style>, id: &str) -> Option<(String, Option<u8>)> {
    let mut current = id.to_string();
    for _ in 0..10 {
        let style = styles.get(&current)?;
        if let Some(num) = &style.num_id {
            return Some((num.clone(), style.ilvl));
        }
        current = style.based_on.clone()?;
    }
    None
}

enum Mark {
    Number(String),
    Bullet,
    Plain,
}

struct Counter<'a> {
    numbering: &'a Numbering,
    counts: HashMap<String, [u32; LEVELS]>,
}

impl Counter<'_> {
    /// Advances the list `num_id` at `ilvl` and renders the number Word would show.
    fn next(&mut self, num_id: &str, ilvl: u8) -> Mark {
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let key = self
            .numbering
            .nums
            .get(num_id)
            .cloned()
            .unwrap_or_else(|| format!("num:{num_id}"));
        let levels = self.numbering.abstracts.get(&key);
        let level_of = |i: usize| {
            u8::try_from(i)
                .ok()
                .and_then(|i| levels.and_then(|l| l.get(&i)))
                .cloned()
                .unwrap_or(Level {
                    start: 1,
                    format: "decimal".into(),
                    text: None,
                })
        };
        let level = level_of(ilvl);
        match level.format.as_str() {
            "bullet" => return Mark::Bullet,
            "none" => return Mark::Plain,
            _ => {}
        }
        let counts = self.counts.entry(key).or_insert([0; LEVELS]);
        counts[ilvl] = if counts[ilvl] == 0 {
            level.start
        } else {
            counts[ilvl].saturating_add(1)
        };
        for deeper in counts.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        let value = |i: usize| {
            let l = level_of(i);
            let n = if counts[i] == 0 { l.start } else { counts[i] };
            format_number(n, &l.format)
        };
        let template = level.text.unwrap_or_else(|| {
            (1..=ilvl + 1)
                .map(|i| format!("%{i}"))
                .collect::<Vec<_>>()
                .join(".")
        });
        let mut rendered = template;
        for i in (1..=LEVELS).rev() {
            let placeholder = format!("%{i}");
            if rendered.contains(&placeholder) {
                rendered = rendered.replace(&placeholder, &value(i - 1));
            }
        }
        Mark::Number(rendered.trim().to_string())
    }
}

fn format_number(n: u32, format: &str) -> String {
    let letter = |upper: bool| {
        let index = (n.max(1) - 1) % 26;
        let base = if upper { b'A' } else { b'a' };
        char::from(base + u8::try_from(index).unwrap_or(0)).to_string()
    };
    match format {
        "upperLetter" => letter(true),
        "lowerLetter" => letter(false),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value && out.len() < 32 {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

fn to_blocks(
    paragraphs: &[Paragraph],
    styles: &HashMap<String, Style>,
    numbering: &Numbering,
) -> Vec<Block> {
    let mut counter = Counter {
        numbering,
        counts: HashMap::new(),
    };
    let mut blocks = Vec::new();
    for paragraph in paragraphs {
        let lines: Vec<String> = paragraph
            .lines
            .iter()
            .map(|l| normalise_spaces(l))
            .filter(|l| !l.trim().is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let style = paragraph.style.as_deref().unwrap_or("");
        let level = paragraph
            .outline
            .filter(|l| *l < 9)
            .map(|l| l + 1)
            .or_else(|| style_level(styles, style));
        let inherited = style_list(styles, style);
        let num_id = paragraph
            .num_id
            .clone()
            .or_else(|| inherited.as_ref().map(|(n, _)| n.clone()))
            .filter(|n| n != "0");
        let ilvl = paragraph
            .ilvl
            .or_else(|| inherited.as_ref().and_then(|(_, i)| *i))
            .unwrap_or(0);
        let mark = match num_id {
            Some(num_id) => counter.next(&num_id, ilvl),
            None => Mark::Plain,
        };
        let kind = match (level, mark) {
            (Some(level), Mark::Number(number)) => BlockKind::Heading {
                level: Some(level),
                number: Some(number),
            },
            (Some(level), _) => BlockKind::Heading {
                level: Some(level),
                number: None,
            },
            (None, Mark::Number(_) | Mark::Bullet) => BlockKind::Bullet,
            (None, Mark::Plain) => BlockKind::Paragraph,
        };
        blocks.push(Block {
            kind,
            line: paragraph.index,
            lines,
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_levels_follow_names_outlines_and_inheritance() {
        let styles = parse_styles(
            &mut r#"<w:styles xmlns:w="x">
              <w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/></w:style>
              <w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Min rubrik"/><w:basedOn w:val="Rubrik2"/></w:style>
              <w:style w:type="paragraph" w:styleId="Disp"><w:name w:val="Disposition"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/></w:style>
            </w:styles>"#
                .as_bytes(),
        )
        .unwrap_or_default();
        assert_eq!(style_level(&styles, "Rubrik2"), Some(2));
        assert_eq!(style_level(&styles, "Egen"), Some(2));
        assert_eq!(style_level(&styles, "Disp"), Some(1));
        assert_eq!(style_level(&styles, "Rubrik"), Some(0));
        assert_eq!(style_level(&styles, "Heading3"), Some(3));
        assert_eq!(style_level(&styles, "Normal"), None);
    }

    #[test]
    fn list_numbers_are_counted_per_level() {
        let numbering = Numbering::default();
        let mut counter = Counter {
            numbering: &numbering,
            counts: HashMap::new(),
        };
        let mut numbers = Vec::new();
        for ilvl in [0, 1, 1, 0, 1] {
            if let Mark::Number(n) = counter.next("1", ilvl) {
                numbers.push(n);
            }
        }
        assert_eq!(numbers, vec!["1", "1.1", "1.2", "2", "2.1"]);
    }

    #[test]
    fn roman_and_letters() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "lowerLetter"), "b");
    }
}
