//! Areas above goals that carry no number of their own: "Målområde Hälsa", a heading a
//! level above the goals', or a short line over goals that keep counting across areas
//! ("Livskvalitet" over Mål 1–2, "Hållbar tillväxt" over Mål 3–4). And the codes that
//! put each goal under its area.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::{Confidence, parent_code};

use crate::block::{Block, BlockKind};
use crate::candidate::Candidate;
use crate::heading::GoalHeading;

static AREA_NOUN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:strategiområde|strategiskt\s+område|målområde|fokusområde|utvecklingsområde|område|perspektiv)\s*[:–—-]?\s+(?P<name>[A-Za-zÀ-ÖØ-öø-ÿ].*)$")
        .expect("the area line pattern is valid")
});

/// At most this many paragraphs (the area's introduction) stand between an area's line
/// and its first goal.
const MAX_INTRO_BLOCKS: usize = 2;
const AREA_MAX_WORDS: usize = 6;
const AREA_NAME_MAX_CHARS: usize = 80;

/// How a line reads as an area.
enum AreaLine {
    /// Named by its noun ("Målområde Hälsa").
    Named(String),
    /// A heading a level above the goals': an area when there are several, a chapter or
    /// the document's title when it is the only one.
    Higher(String),
    /// A short line of its own: only a pattern of several makes it an area.
    Short(String),
}

fn area_line(block: &Block, goal_level: Option<u8>) -> Option<AreaLine> {
    let first = block.lines.first()?.trim();
    if let Some(found) = AREA_NOUN_LINE.captures(first) {
        let name = found.name("name")?.as_str().trim().to_string();
        // A name, not a sentence that starts with the noun.
        if name.chars().count() <= AREA_NAME_MAX_CHARS {
            return Some(AreaLine::Named(name));
        }
    }
    let text = block.text();
    let title_like = block.lines.len() == 1
        && (1..=AREA_MAX_WORDS).contains(&text.split_whitespace().count())
        && text.chars().next().is_some_and(char::is_uppercase)
        && !text.trim_end().ends_with(['.', ',', ';', ':', '!', '?']);
    match (block.level(), goal_level) {
        (Some(level), Some(goals)) if level < goals && level > 0 => Some(AreaLine::Higher(text)),
        (Some(_), _) => None,
        (None, _) if title_like && block.kind == BlockKind::Paragraph => {
            Some(AreaLine::Short(text))
        }
        _ => None,
    }
}

/// Areas found over the numbered goals `goals` (sorted by block), as candidates with an
/// empty code. None when the goals have numbered areas of their own. `tables` are the
/// blocks of indicator tables.
pub(crate) fn unnumbered_areas(
    blocks: &[Block],
    goals: &[Candidate],
    skipped: &HashSet<usize>,
    tables: &HashSet<usize>,
) -> Vec<Candidate> {
    if goals.is_empty() || goals.iter().any(|c| c.area) {
        return Vec::new();
    }
    let goal_level = goals.iter().filter_map(|c| c.level).min();
    let mut found = Vec::new();
    let mut named = false;
    let mut higher = 0;
    for (k, goal) in goals.iter().enumerate() {
        // Not the line right after the previous goal's statement: that is its section
        // heading ("Kommunens ledning").
        let floor = k
            .checked_sub(1)
            .map_or(0, |p| goals[p].head_end() + 2)
            .min(goal.block);
        let mut index = goal.block;
        let mut between = 0;
        while index > floor && between <= MAX_INTRO_BLOCKS {
            index -= 1;
            if skipped.contains(&index) {
                continue;
            }
            // An indicator table ends a goal's section; its rows are not areas.
            if tables.contains(&index) {
                break;
            }
            let block = &blocks[index];
            match area_line(block, goal_level) {
                Some(line) => {
                    let (name, confidence, doubt) = match line {
                        AreaLine::Named(name) => {
                            named = true;
                            (name, 90, None)
                        }
                        AreaLine::Higher(name) => {
                            higher += 1;
                            (name, 90, None)
                        }
                        AreaLine::Short(name) => (name, 75, Some("short-line-area".to_string())),
                    };
                    let heading = GoalHeading {
                        code: String::new(),
                        keyword: None,
                        rest: name.clone(),
                        toc: false,
                        lettered: false,
                        area: true,
                    };
                    let mut area = Candidate::new(index, block.line, heading, name);
                    area.level = block.level();
                    area.rest_lines = block.lines.get(1..).unwrap_or_default().to_vec();
                    area.confidence = Confidence(confidence);
                    area.doubt = doubt;
                    found.push(area);
                    break;
                }
                None if block.kind == BlockKind::Paragraph => between += 1,
                None => break,
            }
        }
    }
    let Some(first) = found.first() else {
        return found;
    };
    if named || higher >= 2 {
        return found;
    }
    // Short lines are areas only as a pattern: several of them, over more goals than
    // there are lines, and none a plan's title ("Budget 2026" over the first goal).
    let goals_under = goals.iter().filter(|g| g.block > first.block).count();
    let titles = found
        .iter()
        .any(|a| crate::title::is_plan_title(&a.statement));
    if found.len() >= 2 && goals_under > found.len() && !titles {
        found
    } else {
        Vec::new()
    }
}

/// Gives areas without a number the next free one, and puts each goal under the area
/// above it: a goal whose code does not already start with the area's ("Mål 7" under
/// the second area) becomes "2.7". `candidates` are sorted by block.
pub(crate) fn assign_codes(candidates: &mut [Candidate]) -> Vec<(String, String)> {
    let mut recoded = Vec::new();
    let first_area = candidates.iter().position(|c| c.area);
    let Some(first_area) = first_area else {
        return recoded;
    };
    // Codes an unnumbered area may not take: those of goals before the first area and
    // of numbered areas.
    let mut taken: HashSet<String> = candidates[..first_area]
        .iter()
        .map(|c| c.heading.code.clone())
        .chain(
            candidates
                .iter()
                .filter(|c| c.area && !c.heading.code.is_empty())
                .map(|c| c.heading.code.clone()),
        )
        .collect();
    let mut next = 1;
    let mut current: Option<String> = None;
    // Every code in use, so that a goal put under an area never takes another's.
    let mut codes: HashSet<String> = candidates
        .iter()
        .filter(|c| !c.area)
        .map(|c| c.heading.code.clone())
        .collect();
    for candidate in candidates.iter_mut() {
        if candidate.area {
            if candidate.heading.code.is_empty() {
                while taken.contains(&next.to_string()) {
                    next += 1;
                }
                candidate.heading.code = next.to_string();
                taken.insert(next.to_string());
            }
            current = Some(candidate.heading.code.clone());
            continue;
        }
        let Some(area) = &current else {
            continue;
        };
        let code = &candidate.heading.code;
        let mut above = parent_code(code);
        while let Some(parent) = above {
            if parent == area {
                break;
            }
            above = parent_code(parent);
        }
        if above.is_none() {
            let last: u32 = code
                .rsplit('.')
                .next()
                .and_then(|l| l.parse().ok())
                .unwrap_or(1);
            let mut number = last;
            while codes.contains(&format!("{area}.{number}"))
                || taken.contains(&format!("{area}.{number}"))
            {
                number += 1;
            }
            let new_code = format!("{area}.{number}");
            codes.remove(code);
            codes.insert(new_code.clone());
            recoded.push((code.clone(), new_code.clone()));
            candidate.heading.code = new_code;
        }
    }
    recoded
}
