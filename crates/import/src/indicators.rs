//! Indicator tables under a goal: an indicator's name and its target value, in a real
//! table ("Andel elever … | Minst 85 %", one row per line as the readers give rows) or
//! flattened to lines by a web page or a PDF (the name on one line, "Minst 85 %" on the
//! next). Each row becomes a suggested target naming its indicator; the header row
//! ("Indikator | Målvärde 2027") gives the year and is listed as not used.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::{Comparator, Confidence, TextTargetDraft, UnusedLine, UnusedReason};

use crate::block::{Block, BlockKind};

/// A target value alone: "Minst 85 %", "7,5", "högst 12 dagar", "4 000".
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?P<cmp>minst|lägst|högst|max|maximalt|under|över|mer\s+än|mindre\s+än|fler\s+än|färre\s+än)\s+)?(?P<num>\d{1,3}(?:[ \u{a0}]\d{3})+|\d+)(?:,(?P<dec>\d+))?\s*(?P<unit>%|procent|[A-Za-zÀ-ÖØ-öø-ÿ]+)?$",
    )
    .expect("the target value pattern is valid")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b").expect("the year pattern is valid"));

/// A header cell: what the column holds.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:indikator(?:er)?|nyckeltal|mått|mätetal|målvärde|målnivå|mål|utfall|resultat|år|\d{4})\b")
        .expect("the header pattern is valid")
});

/// The longest indicator name, in words.
const NAME_MAX_WORDS: usize = 20;

/// What one block of a table holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub targets: Vec<TextTargetDraft>,
    /// Header rows, listed as not used.
    pub labels: Vec<UnusedLine>,
}

/// The blocks that are parts of indicator tables, by index.
pub(crate) fn tables(blocks: &[Block]) -> HashMap<usize, Table> {
    let mut found: HashMap<usize, Table> = HashMap::new();
    // The year each column's header names ("Utfall 2024 | Mål 2026").
    let mut years: Vec<Option<i32>> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut previous_row = false;
    for (index, block) in blocks.iter().enumerate() {
        let rows: Option<Vec<Vec<String>>> = block.lines.iter().map(|l| cells(l)).collect();
        let Some(rows) = rows.filter(|r| !r.is_empty()) else {
            previous_row = false;
            continue;
        };
        if !previous_row {
            years.clear();
            headers.clear();
        }
        previous_row = true;
        let mut table = Table::default();
        for (row, line) in rows.iter().zip(&block.lines) {
            if is_header(row) {
                if row.iter().any(|c| c != "---") {
                    headers.clone_from(row);
                    years = row
                        .iter()
                        .map(|c| YEAR.find(c).and_then(|m| m.as_str().parse().ok()))
                        .collect();
                }
                table.labels.push(UnusedLine {
                    line: block.line,
                    text: line.trim().to_string(),
                    reason: UnusedReason::Label,
                });
            } else if let Some(target) = row_target(row, &headers, &years) {
                table.targets.push(target);
            } else {
                // A row we cannot read: kept whole as the indicator, with doubt.
                table.targets.push(TextTargetDraft {
                    text: line.trim().to_string(),
                    indicator: row.first().cloned(),
                    confidence: Confidence(40),
                    doubt: Some("unreadable-table-row".into()),
                    ..Default::default()
                });
            }
        }
        found.insert(index, table);
    }
    flattened(blocks, &mut found);
    found
}

/// A table row's cells, when the line is one ("a | b" or "| a | b |").
fn cells(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    if !line.contains('|') {
        return None;
    }
    let inner = line.trim_start_matches('|').trim_end_matches('|');
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
    let separator = cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
    if separator {
        return Some(vec!["---".to_string()]);
    }
    (cells.len() >= 2 && cells.iter().filter(|c| !c.is_empty()).count() >= 2).then_some(cells)
}

fn is_header(row: &[String]) -> bool {
    row.iter()
        .all(|c| c == "---" || c.is_empty() || HEADER.is_match(c))
}

/// The row's target: the last cell with a value (the target column comes after the
/// outcomes), in the year its column's header names.
fn row_target(
    row: &[String],
    headers: &[String],
    years: &[Option<i32>],
) -> Option<TextTargetDraft> {
    let name = row.first()?.trim();
    let words = name.split_whitespace().count();
    if !(1..=NAME_MAX_WORDS).contains(&words) {
        return None;
    }
    let column = (1..row.len()).rev().find(|c| VALUE.is_match(&row[*c]))?;
    let mut target = value_target(&row[column], name)?;
    target.year = years.get(column).copied().flatten();
    // The other columns (an outcome, a baseline) stay with the target, named by their
    // headers: "… : Minst 25 % (Utfall 2024: 18 %)".
    let others: Vec<String> = (1..row.len())
        .filter(|c| *c != column && !row[*c].is_empty())
        .map(|c| match headers.get(c).filter(|h| !h.is_empty()) {
            Some(header) => format!("{header}: {}", row[c]),
            None => row[c].clone(),
        })
        .collect();
    if !others.is_empty() {
        target.text = format!("{} ({})", target.text, others.join(", "));
    }
    Some(target)
}

/// "Minst 85 %" as a target of the indicator `name`.
fn value_target(cell: &str, name: &str) -> Option<TextTargetDraft> {
    let found = VALUE.captures(cell.trim())?;
    let value = crate::targets::number(found.name("num")?.as_str(), found.name("dec"))?;
    let comparator = found
        .name("cmp")
        .map(|m| m.as_str().to_lowercase())
        .and_then(|word| match word.split_whitespace().next()? {
            "minst" | "lägst" => Some(Comparator::AtLeast),
            "högst" | "max" | "maximalt" => Some(Comparator::AtMost),
            "över" | "mer" | "fler" => Some(Comparator::MoreThan),
            "under" | "mindre" | "färre" => Some(Comparator::LessThan),
            _ => None,
        });
    let unit = found.name("unit").map(|m| match m.as_str() {
        "procent" => "%".to_string(),
        other => other.to_string(),
    });
    Some(TextTargetDraft {
        text: format!("{name}: {}", cell.trim()),
        comparator,
        value: Some(value),
        unit,
        indicator: Some(name.to_string()),
        confidence: Confidence(80),
        ..Default::default()
    })
}

/// A name on one line and its value alone on the next, as tables copied from a web
/// page or a PDF arrive: both blocks become part of a table.
fn flattened(blocks: &[Block], found: &mut HashMap<usize, Table>) {
    for index in 1..blocks.len() {
        let (name, value) = (&blocks[index - 1], &blocks[index]);
        let single = |b: &Block| b.kind == BlockKind::Paragraph && b.lines.len() == 1;
        if !single(name) || !single(value) || found.contains_key(&(index - 1)) {
            continue;
        }
        let name_text = name.text();
        let name_words = name_text.split_whitespace().count();
        let reads_as_name = (2..=NAME_MAX_WORDS).contains(&name_words)
            && !name_text.trim_end().ends_with(['.', ':', '!', '?'])
            && !VALUE.is_match(name_text.trim());
        if !reads_as_name {
            continue;
        }
        let Some(mut target) = value_target(&value.text(), name_text.trim()) else {
            continue;
        };
        target.confidence = Confidence(70);
        found.insert(index - 1, Table::default());
        found.insert(
            index,
            Table {
                targets: vec![target],
                labels: Vec::new(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(line: usize, text: &str) -> Block {
        Block::new(BlockKind::Paragraph, line, text.to_string())
    }

    #[test]
    fn rows_give_targets_and_the_header_gives_the_year() {
        let outcome = [
            paragraph(1, "| Nyckeltal | Utfall 2024 | Mål 2026 |"),
            paragraph(2, "|---|---|---|"),
            paragraph(3, "| Andel elever i kulturskolan | 18 % | Minst 25 % |"),
        ];
        let found = tables(&outcome);
        let target = &found[&2].targets[0];
        assert_eq!((target.value, target.year), (Some(25.0), Some(2026)));
        assert_eq!(
            target.text,
            "Andel elever i kulturskolan: Minst 25 % (Utfall 2024: 18 %)"
        );
        let blocks = [
            paragraph(1, "Indikator | Målvärde 2027"),
            paragraph(2, "Andel elever som är behöriga | Minst 88 %"),
            paragraph(3, "Genomsnittligt meritvärde | 235"),
        ];
        let found = tables(&blocks);
        assert_eq!(found[&0].labels.len(), 1);
        let first = &found[&1].targets[0];
        assert_eq!(
            first.indicator.as_deref(),
            Some("Andel elever som är behöriga")
        );
        assert_eq!(first.value, Some(88.0));
        assert_eq!(first.comparator, Some(Comparator::AtLeast));
        assert_eq!(first.unit.as_deref(), Some("%"));
        assert_eq!(first.year, Some(2027));
        assert_eq!(found[&2].targets[0].value, Some(235.0));
    }

    #[test]
    fn flattened_pairs_are_read_and_prose_is_not() {
        let blocks = [
            paragraph(1, "Andel invånare som bedömer sin hälsa som god"),
            paragraph(2, "Minst 75 %"),
            paragraph(3, "Kommunen satsar på friskvård."),
            paragraph(4, "2 000"),
        ];
        let found = tables(&blocks);
        assert!(found[&0].targets.is_empty());
        assert_eq!(found[&1].targets[0].value, Some(75.0));
        assert!(!found.contains_key(&2) && !found.contains_key(&3));
    }
}
