//! Goals written as a bulleted list ("Fullmäktige har antagit följande mål:" over
//! "• Eslöv är en trygg kommun …"), with or without a section per goal after the list.
//! A section belongs to an item when its heading has most of the item's words: one word
//! may differ ("Ett starkt och hållbart näringsliv" for "Eslöv har ett starkt och
//! hållbart näringsliv").

use std::collections::HashSet;

use riktning_domain::Confidence;

use crate::block::{Block, BlockKind};
use crate::candidate::Candidate;
use crate::heading::GoalHeading;
use crate::similarity::{jaccard, words};

/// How much of an item a section heading must repeat, as word overlap.
const SECTION_MATCH: f64 = 0.5;
/// The longest list item read as a goal, in words.
const ITEM_MAX_WORDS: usize = 30;
/// The longest line that can head a section, in words.
const SECTION_HEADING_MAX_WORDS: usize = 15;
/// A list of goals comes early and is not long: only the first few lists, of at most
/// this many items, are tried, so that a document of many lists stays linear.
const LISTS_TRIED: usize = 8;
const ITEMS_MAX: usize = 60;

/// Goals from the first list that the text introduces as goals, or whose items head
/// sections of their own; empty when there is none.
pub(crate) fn bullet_goals(blocks: &[Block]) -> Vec<Candidate> {
    // Each block that can head a section, with its words, computed once.
    let headings: Vec<(usize, HashSet<String>)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| can_head_a_section(b))
        .map(|(i, b)| (i, words(&b.text())))
        .collect();
    let mut start = 0;
    let mut tried = 0;
    while start < blocks.len() && tried < LISTS_TRIED {
        if blocks[start].kind != BlockKind::Bullet {
            start += 1;
            continue;
        }
        let end = (start..blocks.len())
            .find(|i| blocks[*i].kind != BlockKind::Bullet)
            .unwrap_or(blocks.len());
        tried += 1;
        if let Some(found) = read_list(blocks, &headings, start, end) {
            return found;
        }
        start = end;
    }
    Vec::new()
}

/// The list at `start..end` as goals, if it is one.
fn read_list(
    blocks: &[Block],
    headings: &[(usize, HashSet<String>)],
    start: usize,
    end: usize,
) -> Option<Vec<Candidate>> {
    let items: Vec<String> = blocks[start..end].iter().map(Block::text).collect();
    if !(2..=ITEMS_MAX).contains(&items.len())
        || items
            .iter()
            .any(|i| i.split_whitespace().count() > ITEM_MAX_WORDS)
    {
        return None;
    }
    let announced = start
        .checked_sub(1)
        .and_then(|i| blocks.get(i))
        .is_some_and(|b| {
            let text = b.text();
            text.trim_end().ends_with(':')
                && words(&text)
                    .iter()
                    .any(|w| w.starts_with("mål") || w.ends_with("mål") || w.ends_with("målen"))
        });
    let sections: Vec<Option<(usize, f64)>> = items
        .iter()
        .map(|item| section_for(headings, end, item))
        .collect();
    let matched = sections.iter().flatten().count();
    if !(announced || matched >= 2 && matched * 2 >= items.len()) {
        return None;
    }
    let mut found: Vec<Candidate> = items
        .iter()
        .zip(&sections)
        .enumerate()
        .map(|(position, (item, section))| {
            let heading = GoalHeading {
                code: (position + 1).to_string(),
                keyword: None,
                rest: item.clone(),
                toc: false,
                lettered: false,
                area: false,
            };
            match section {
                Some((block, similarity)) => {
                    let title = blocks[*block].text();
                    let mut candidate =
                        Candidate::new(*block, blocks[*block].line, heading, item.clone());
                    candidate.level = blocks[*block].level();
                    if *similarity < 1.0 {
                        candidate.confidence = Confidence(80);
                        candidate.doubt = Some("list-item-section-differs".to_string());
                        candidate.section_title = Some(title);
                    } else {
                        candidate.confidence = Confidence(90);
                    }
                    candidate
                }
                None => {
                    let block = start + position;
                    let mut candidate =
                        Candidate::new(block, blocks[block].line, heading, item.clone());
                    candidate.owns_section = false;
                    candidate.confidence = Confidence(65);
                    candidate.doubt = Some("list-item-without-section".to_string());
                    candidate
                }
            }
        })
        .collect();
    found.sort_by_key(|c| c.block);
    Some(found)
}

/// The heading after the list that best repeats `item`, with its word overlap.
fn section_for(
    headings: &[(usize, HashSet<String>)],
    after: usize,
    item: &str,
) -> Option<(usize, f64)> {
    let item_words = words(item);
    headings
        .iter()
        .filter(|(i, _)| *i >= after)
        .map(|(i, heading)| (*i, jaccard(&item_words, heading)))
        .filter(|(_, similarity)| *similarity >= SECTION_MATCH)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn can_head_a_section(block: &Block) -> bool {
    let text = block.text();
    let short = text.split_whitespace().count() <= SECTION_HEADING_MAX_WORDS;
    match block.kind {
        BlockKind::Heading { .. } => short,
        BlockKind::Paragraph => {
            short && block.lines.len() == 1 && !text.trim_end().ends_with(['.', ':'])
        }
        BlockKind::Bullet => false,
    }
}
