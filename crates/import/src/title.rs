//! The plan's title: a phrase such as "Budget 2024" near the start, the document's
//! title heading, or the file name.

use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::DraftWarning;

use crate::block::Block;
use crate::candidate::Candidate;

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(mål\s+och\s+budget|mål-\s+och\s+resursplan|budget\s+och\s+verksamhetsplan|verksamhetsplan\s+och\s+budget|budget|verksamhetsplan|flerårsplan|strategisk\s+plan|årsplan|regionplan|kommunplan|utvecklingsplan)\s+((?:19|20)\d{2}(?:\s*[–-]\s*(?:19|20)?\d{2,4})?)\b",
    )
    .expect("the title pattern is valid")
});

/// Whether a line names a plan ("Budget 2026", "Mål och budget 2025–2027").
pub(crate) fn is_plan_title(text: &str) -> bool {
    TITLE.is_match(text)
}

/// The title of a document in which no goals were found.
pub(crate) fn title_of(
    blocks: &[Block],
    file_stem: &str,
    warnings: &mut Vec<DraftWarning>,
) -> String {
    title(blocks, &[], file_stem, warnings)
}

/// A phrase like "budget 2024" near the start; else the document's title heading; else
/// the file name.
pub(crate) fn title(
    blocks: &[Block],
    kept: &[Candidate],
    file_stem: &str,
    warnings: &mut Vec<DraftWarning>,
) -> String {
    let first_goal = kept.iter().map(|c| c.block).min().unwrap_or(0);
    let near_start = blocks.iter().take(first_goal.clamp(20, 60));
    for block in near_start {
        let text = block.text();
        if let Some(found) = TITLE.captures(&text) {
            let phrase = format!(
                "{} {}",
                found.get(1).map_or("", |m| m.as_str()),
                found.get(2).map_or("", |m| m.as_str())
            );
            return capitalise(&crate::dehyphen::collapse_spaces(&phrase));
        }
    }
    let heading = [Some(0), Some(1)].into_iter().find_map(|level| {
        blocks[..first_goal.min(blocks.len())]
            .iter()
            .find(|b| b.level() == level)
            .map(Block::text)
    });
    if let Some(heading) = heading {
        return heading;
    }
    warnings.push(DraftWarning::new(
        "no-title",
        &[("file", file_stem.to_string())],
        format!("no title found in the document; using the file name \"{file_stem}\""),
    ));
    file_stem.to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
