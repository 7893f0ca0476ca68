//! From blocks to a plan draft: which headings are goals, what belongs to each goal, and
//! what the introduction says about the goals (short names, categories, how many).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use riktning_domain::{
    Confidence, DraftWarning, GoalDraft, PlanDraft, UnusedLine, UnusedReason, parent_code,
};

use crate::block::{Block, BlockKind};
use crate::candidate::Candidate;
use crate::error::ImportError;
use crate::heading::{GoalHeading, parse_goal_heading};
use crate::intro;
use crate::sentences::commitments;
use crate::similarity::{jaccard, shorten, words};
use crate::targets::{find_targets, push_unique};
use crate::title::title;

/// How closely a paragraph must repeat the goal statement to count as a call-out box.
const CALL_OUT_SIMILARITY: f64 = 0.75;
/// Longest section heading, in words ("Hållbarhet – Miljömässigt, socialt och ekonomiskt").
const HEADING_MAX_WORDS: usize = 8;

/// Most words a goal's name may have in "1.1 Ledning – Östersunds kommun har …".
const NAME_MAX_WORDS: usize = 4;
/// Fewest words of a statement after such a name; shorter tails are subtitles.
const STATEMENT_MIN_WORDS: usize = 6;

/// Splits "Ledning – Östersunds kommun har …" into a short name and a statement. Only a
/// short name, a dash with spaces around it, and a capitalised sentence of some length
/// qualify, so "Hållbarhet – Miljömässigt, socialt och ekonomiskt" stays whole.
fn split_name_and_statement(text: &str) -> Option<(String, String)> {
    let (name, statement) = [" – ", " — ", " - "]
        .iter()
        .find_map(|dash| text.split_once(dash))?;
    let (name, statement) = (name.trim(), statement.trim());
    let name_words = name.split_whitespace().count();
    let qualifies = (1..=NAME_MAX_WORDS).contains(&name_words)
        && statement.split_whitespace().count() >= STATEMENT_MIN_WORDS
        && statement.chars().next().is_some_and(char::is_uppercase)
        && !name.ends_with(['.', ':', ',']);
    qualifies.then(|| (name.to_string(), statement.to_string()))
}

pub(crate) fn build(blocks: &[Block], file_stem: &str) -> Result<PlanDraft, ImportError> {
    let mut warnings = Vec::new();
    let mut not_used = Vec::new();
    let mut candidates = find_candidates(blocks);
    if candidates.is_empty() {
        candidates = crate::bullets::bullet_goals(blocks);
    }
    if candidates.is_empty() {
        candidates = unnumbered_headings(blocks, &mut warnings);
    }
    if candidates.is_empty() {
        return Err(ImportError::NoGoals);
    }
    let (mut kept, skipped) = drop_duplicates(blocks, candidates, &mut warnings);
    for &index in &skipped {
        not_used.push(unused(&blocks[index], UnusedReason::Duplicate));
    }
    let tables = crate::indicators::tables(blocks);
    let table_blocks: HashSet<usize> = tables.keys().copied().collect();
    kept.extend(crate::areas::unnumbered_areas(
        blocks,
        &kept,
        &skipped,
        &table_blocks,
    ));
    kept.sort_by_key(|c| c.block);
    // One line for the whole pattern, as for short names.
    let recoded: Vec<String> = crate::areas::assign_codes(&mut kept)
        .into_iter()
        .map(|(from, to)| format!("{from} → {to}"))
        .collect();
    if !recoded.is_empty() {
        let codes = recoded.join(", ");
        warnings.push(DraftWarning::new(
            "goal-under-area",
            &[("codes", codes.clone())],
            format!("goals were put under the area above them, with new codes: {codes}"),
        ));
    }
    let (sections, outside_goals) = sections(blocks, &kept, &skipped, &mut warnings);
    for &index in &outside_goals {
        not_used.push(unused(&blocks[index], UnusedReason::OutsideGoals));
    }

    let chapter = find_chapter(&kept);
    if let Some(chapter) = chapter {
        let c = &kept[chapter];
        let heading = shorten(&format!("{} {}", c.heading.code, c.heading.rest));
        warnings.push(DraftWarning::new(
            "chapter-heading",
            &[("line", c.line.to_string()), ("heading", heading.clone())],
            format!(
                "line {}: \"{heading}\" was read as a chapter heading, not a goal, because all the other goals are numbered under it",
                c.line
            ),
        ));
    }
    let goal_indices: Vec<usize> = (0..kept.len()).filter(|i| Some(*i) != chapter).collect();
    let codes: HashSet<&str> = goal_indices
        .iter()
        .map(|i| kept[*i].heading.code.as_str())
        .collect();

    let parent_codes: HashSet<&str> = codes
        .iter()
        .filter_map(|c| parent_code(c))
        .filter(|p| codes.contains(p))
        .collect();
    let mandate_end = blocks
        .iter()
        .find_map(|b| crate::targets::mandate_end(&b.text()));
    let mut goals = Vec::new();
    let mut named_in_heading = Vec::new();
    for &i in &goal_indices {
        let candidate = &kept[i];
        let mut body = section_pieces(blocks, &sections[i], &skipped, &tables);
        if !candidate.rest_lines.is_empty() {
            body.insert(
                0,
                Piece {
                    kind: PieceKind::Paragraph,
                    line: blocks[candidate.head_end()].line,
                    lines: candidate.rest_lines.clone(),
                },
            );
        }
        let (heading, text) = political_text(body, candidate, &mut warnings, &mut not_used);
        let heading = candidate.section_title.clone().or(heading);
        let parent = parent_code(&candidate.heading.code)
            .filter(|p| codes.contains(p))
            .map(str::to_string);
        let mut targets = find_targets(&candidate.statement, mandate_end);
        for target in find_targets(&text, mandate_end) {
            push_unique(&mut targets, target);
        }
        for index in sections[i].clone() {
            if let Some(table) = tables.get(&index) {
                targets.extend(table.targets.iter().cloned());
                not_used.extend(table.labels.iter().cloned());
            }
        }
        let is_parent = parent_codes.contains(candidate.heading.code.as_str());
        // An area often goes straight on to its first goal; only a leaf needs a text.
        if text.is_empty() && !is_parent && candidate.owns_section {
            warnings.push(DraftWarning::new(
                "no-political-text",
                &[
                    ("line", candidate.line.to_string()),
                    ("code", candidate.heading.code.clone()),
                ],
                format!(
                    "line {}: goal {} has no political text",
                    candidate.line, candidate.heading.code
                ),
            ));
        }
        if let Some(name) = &candidate.short_name {
            named_in_heading.push(format!(
                "{} {name} (line {})",
                candidate.heading.code, candidate.line
            ));
        }
        let commitments = commitments(&text)
            .into_iter()
            .filter(|c| !crate::sentences::same_sentence(&c.text, &candidate.statement))
            .collect();
        goals.push(GoalDraft {
            code: candidate.heading.code.clone(),
            short_name: candidate.short_name.clone(),
            category: None,
            statement: candidate.statement.clone(),
            heading,
            parent,
            commitments,
            text,
            targets,
            line: Some(candidate.line),
            area: is_parent,
            confidence: candidate.confidence,
            doubt: candidate.doubt.clone(),
        });
    }

    // One line for the whole pattern: it is one decision, not one per goal.
    if !named_in_heading.is_empty() {
        let names = named_in_heading.join(", ");
        warnings.push(DraftWarning::new(
            "short-names",
            &[
                ("count", named_in_heading.len().to_string()),
                ("names", names.clone()),
            ],
            format!(
                "the words before the dash in {} goal heading(s) were taken as short names: {names}",
                named_in_heading.len()
            ),
        ));
    }

    // What the document says about its goals outside the goals' own texts.
    let first_goal = kept.iter().map(|c| c.block).min().unwrap_or(0);
    let mut outside: BTreeSet<usize> = (0..first_goal).filter(|b| !skipped.contains(b)).collect();
    if let Some(chapter) = chapter {
        outside.extend(sections[chapter].clone());
    }
    let parents: HashSet<&str> = goals.iter().filter_map(|g| g.parent.as_deref()).collect();
    for (&i, goal) in goal_indices.iter().zip(&goals) {
        if parents.contains(goal.code.as_str()) {
            outside.extend(sections[i].clone());
        }
    }
    let outside: Vec<usize> = outside.into_iter().collect();
    intro::apply(blocks, &outside, &mut goals, &mut warnings);

    let title = title(blocks, &kept, file_stem, &mut warnings);
    let introduction = introduction(blocks, &kept, chapter, &sections, &skipped, &outside_goals);
    Ok(PlanDraft {
        title,
        goals,
        warnings,
        introduction,
        not_used,
        ..Default::default()
    })
}

fn unused(block: &Block, reason: UnusedReason) -> UnusedLine {
    UnusedLine {
        line: block.line,
        text: block.text(),
        reason,
    }
}

/// Every block that is in no goal, area, section or other list, as Markdown: the text
/// before the first goal, a chapter heading and its text, and anything between.
fn introduction(
    blocks: &[Block],
    kept: &[Candidate],
    chapter: Option<usize>,
    sections: &[Range<usize>],
    skipped: &HashSet<usize>,
    outside_goals: &[usize],
) -> String {
    let mut placed: HashSet<usize> = skipped.iter().copied().collect();
    placed.extend(outside_goals);
    for (i, candidate) in kept.iter().enumerate() {
        if Some(i) == chapter {
            continue;
        }
        placed.extend(candidate.block..=candidate.head_end());
        placed.extend(sections[i].clone());
    }
    let mut text = String::new();
    for (index, block) in blocks.iter().enumerate() {
        if placed.contains(&index) {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        match block.kind {
            BlockKind::Heading { .. } => text.push_str("## "),
            BlockKind::Bullet => text.push_str("- "),
            BlockKind::Paragraph => {}
        }
        text.push_str(&block.text());
    }
    text
}

fn find_candidates(blocks: &[Block]) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let text = block.text();
        let parsed = match &block.kind {
            BlockKind::Heading { number, .. } => parse_goal_heading(&text).or_else(|| {
                number
                    .as_ref()
                    .and_then(|n| parse_goal_heading(&format!("{n} {text}")))
            }),
            // A one-line paragraph "Mål 1: …" or "1.2 …" typed in body style.
            BlockKind::Paragraph if block.lines.len() == 1 => {
                parse_goal_heading(&text).filter(|h| h.keyword.is_some() || h.code.contains('.'))
            }
            _ => None,
        };
        let Some(heading) = parsed else {
            continue;
        };
        let mut candidate =
            Candidate::new(index, block.line, heading.clone(), heading.rest.clone());
        candidate.level = block.level();
        if let Some((name, rest)) = split_name_and_statement(&heading.rest) {
            candidate.short_name = Some(name);
            candidate.statement = rest;
        } else if heading.rest.is_empty() {
            // "Mål 1" alone on its line: the statement is the next paragraph, or its
            // first sentence when that line ends one and text follows on the next.
            match blocks.get(index + 1) {
                Some(next) if next.kind == BlockKind::Paragraph => {
                    candidate.statement_block = Some(index + 1);
                    match next.lines.split_first() {
                        Some((first, rest))
                            if !rest.is_empty() && first.trim_end().ends_with(['.', '!']) =>
                        {
                            candidate.statement = first.trim().to_string();
                            candidate.rest_lines = rest.to_vec();
                        }
                        _ => candidate.statement = next.text(),
                    }
                }
                _ => continue,
            }
        }
        // How the heading is numbered says how sure the reading is.
        let (confidence, doubt) = match (&heading.keyword, heading.code.contains('.')) {
            (Some(_), _) if heading.lettered => (85, None),
            (Some(_), _) | (None, true) => (95, None),
            (None, false) => (75, Some("numbered-without-noun".to_string())),
        };
        candidate.confidence = Confidence(confidence);
        candidate.doubt = doubt;
        found.push(candidate);
    }
    // Letters and Roman numerals number the goals only in a document without goals
    // numbered in digits; beside them they name something else ("Delmål A" under
    // "Mål 1", "Målområde A" above it), and their place would take a goal's code.
    if found.iter().any(|c| !c.heading.lettered) {
        found.retain(|c| !c.heading.lettered);
    }
    found
}

/// Word headings without numbers: the shallowest heading level used more than once holds
/// the goals, if the document talks about goals (mål) at all.
fn unnumbered_headings(blocks: &[Block], warnings: &mut Vec<DraftWarning>) -> Vec<Candidate> {
    let mentions_goals = blocks.iter().any(|b| {
        b.text()
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with("mål"))
    });
    if !mentions_goals {
        return Vec::new();
    }
    let level = (1..=9u8).find(|l| blocks.iter().filter(|b| b.level() == Some(*l)).count() >= 2);
    let Some(level) = level else {
        return Vec::new();
    };
    let found: Vec<Candidate> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.level() == Some(level))
        .zip(1..)
        .map(|((index, block), number)| {
            let heading = GoalHeading {
                code: number.to_string(),
                keyword: Some(String::new()),
                rest: block.text(),
                toc: false,
                lettered: false,
                area: false,
            };
            let mut candidate = Candidate::new(index, block.line, heading, block.text());
            candidate.level = Some(level);
            candidate.confidence = Confidence(60);
            candidate.doubt = Some("unnumbered-heading".to_string());
            candidate
        })
        .collect();
    warnings.push(DraftWarning::new(
        "unnumbered-headings",
        &[("level", level.to_string()), ("count", found.len().to_string())],
        format!(
            "the goal headings carry no numbers; the level-{level} headings were taken as goals and numbered 1–{} in document order",
            found.len()
        ),
    ));
    found
}

/// The number of characters of body text under each candidate, for choosing between two
/// headings with the same code (a table of contents and the real section).
fn body_sizes(blocks: &[Block], candidates: &[Candidate]) -> Vec<usize> {
    candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let end = candidates.get(i + 1).map_or(blocks.len(), |n| n.block);
            let start = c.statement_block.unwrap_or(c.block) + 1;
            blocks
                .get(start..end.max(start))
                .map_or(0, |body| body.iter().map(|b| b.text().len()).sum())
        })
        .collect()
}

fn drop_duplicates(
    blocks: &[Block],
    candidates: Vec<Candidate>,
    warnings: &mut Vec<DraftWarning>,
) -> (Vec<Candidate>, HashSet<usize>) {
    let sizes = body_sizes(blocks, &candidates);
    // The best heading per code: a real heading before a table-of-contents entry, then
    // the one with the most text, then the first.
    let mut best: HashMap<&str, usize> = HashMap::new();
    for (i, candidate) in candidates.iter().enumerate() {
        let rank = |j: usize| (!candidates[j].heading.toc, sizes[j], usize::MAX - j);
        best.entry(candidate.heading.code.as_str())
            .and_modify(|b| {
                if rank(i) > rank(*b) {
                    *b = i;
                }
            })
            .or_insert(i);
    }
    let mut keep = vec![true; candidates.len()];
    for (i, candidate) in candidates.iter().enumerate() {
        let winner = best
            .get(candidate.heading.code.as_str())
            .copied()
            .unwrap_or(i);
        if winner != i {
            keep[i] = false;
            let kept_line = candidates[winner].line;
            let args = [
                ("line", candidate.line.to_string()),
                ("code", candidate.heading.code.clone()),
                ("kept", kept_line.to_string()),
            ];
            warnings.push(if candidate.heading.toc {
                DraftWarning::new(
                    "toc-entry",
                    &args,
                    format!(
                        "line {}: table-of-contents entry for goal {} skipped (the goal is at line {kept_line})",
                        candidate.line, candidate.heading.code
                    ),
                )
            } else {
                DraftWarning::new(
                    "duplicate-goal",
                    &args,
                    format!(
                        "line {}: goal {} appears twice; kept the one at line {kept_line}, which has more text",
                        candidate.line, candidate.heading.code
                    ),
                )
            });
        }
    }
    let mut skipped = HashSet::new();
    let mut kept = Vec::new();
    for (candidate, keep) in candidates.into_iter().zip(keep) {
        if keep {
            kept.push(candidate);
        } else {
            skipped.insert(candidate.block);
            skipped.extend(candidate.statement_block);
        }
    }
    (kept, skipped)
}

/// Body block ranges of each kept candidate, and the blocks after a goal's text that
/// belong to no goal. A section ends at the next goal, or at a heading of the same or a
/// higher level that is not a goal ("Ekonomisk översikt").
fn sections(
    blocks: &[Block],
    kept: &[Candidate],
    skipped: &HashSet<usize>,
    warnings: &mut Vec<DraftWarning>,
) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut out = Vec::new();
    let mut outside = Vec::new();
    for (i, candidate) in kept.iter().enumerate() {
        let start = candidate.head_end() + 1;
        if !candidate.owns_section {
            out.push(start..start);
            continue;
        }
        let next = kept.get(i + 1).map_or(blocks.len(), |n| n.block);
        let mut end = next.max(start);
        if let Some(level) = candidate.level {
            let stop = (start..end)
                .find(|b| !skipped.contains(b) && blocks[*b].level().is_some_and(|l| l <= level));
            if let Some(stop) = stop {
                let from = shorten(&blocks[stop].text());
                warnings.push(DraftWarning::new(
                    "text-without-goal",
                    &[("line", blocks[stop].line.to_string()), ("text", from.clone())],
                    format!(
                        "line {}: the text from \"{from}\" on belongs to no goal and was not imported",
                        blocks[stop].line
                    ),
                ));
                outside.extend((stop..end).filter(|b| !skipped.contains(b)));
                end = stop;
            }
        }
        out.push(start..end);
    }
    (out, outside)
}

/// The one bare-numbered top-level heading with every other goal under it ("1
/// Kommunövergripande mål" over 1.1–1.8) is the document's chapter, not a goal.
fn find_chapter(kept: &[Candidate]) -> Option<usize> {
    let tops: Vec<usize> = (0..kept.len())
        .filter(|i| !kept[*i].heading.code.contains('.'))
        .collect();
    let [top] = tops.as_slice() else {
        return None;
    };
    let chapter = &kept[*top];
    let prefix = format!("{}.", chapter.heading.code);
    let others_under = kept
        .iter()
        .enumerate()
        .filter(|(i, _)| i != top)
        .all(|(_, c)| c.heading.code.starts_with(&prefix));
    // An area read as such ("Målområde Hälsa") is no chapter, even alone.
    (chapter.heading.keyword.is_none() && !chapter.area && kept.len() > 1 && others_under)
        .then_some(*top)
}

#[derive(Debug, Clone)]
enum PieceKind {
    Paragraph,
    Bullet,
    Subheading,
}

#[derive(Debug, Clone)]
struct Piece {
    kind: PieceKind,
    line: usize,
    lines: Vec<String>,
}

impl Piece {
    fn text(&self) -> String {
        crate::dehyphen::join_lines(&self.lines)
    }
}

fn section_pieces(
    blocks: &[Block],
    range: &Range<usize>,
    skipped: &HashSet<usize>,
    tables: &HashMap<usize, crate::indicators::Table>,
) -> Vec<Piece> {
    range
        .clone()
        .filter(|b| !skipped.contains(b) && !tables.contains_key(b))
        .filter_map(|b| blocks.get(b))
        .map(|block| Piece {
            kind: match block.kind {
                BlockKind::Heading { .. } => PieceKind::Subheading,
                BlockKind::Paragraph => PieceKind::Paragraph,
                BlockKind::Bullet => PieceKind::Bullet,
            },
            line: block.line,
            lines: block.lines.clone(),
        })
        .collect()
}

/// Splits a goal's body into its section heading and its political text (Markdown),
/// leaving out call-out boxes that only repeat the statement.
fn political_text(
    mut pieces: Vec<Piece>,
    goal: &Candidate,
    warnings: &mut Vec<DraftWarning>,
    not_used: &mut Vec<UnusedLine>,
) -> (Option<String>, String) {
    let code = &goal.heading.code;
    let heading = if goal.section_title.is_some() {
        None
    } else {
        take_section_heading(&mut pieces, goal, warnings)
    };
    let statement_words = words(&goal.statement);
    pieces.retain(|piece| {
        if matches!(piece.kind, PieceKind::Bullet) {
            return true;
        }
        let similarity = jaccard(&words(&piece.text()), &statement_words);
        let call_out = similarity >= CALL_OUT_SIMILARITY;
        if call_out {
            not_used.push(UnusedLine {
                line: piece.line,
                text: piece.text(),
                reason: UnusedReason::CallOut,
            });
            warnings.push(DraftWarning::new(
                "call-out",
                &[("line", piece.line.to_string()), ("code", code.to_string())],
                format!(
                    "line {}: a paragraph repeating the statement of goal {code} (a call-out box?) was left out of the political text",
                    piece.line
                ),
            ));
        }
        !call_out
    });
    let mut text = String::new();
    let mut previous_bullet = false;
    for piece in &pieces {
        let body = piece.text();
        if body.is_empty() {
            continue;
        }
        let bullet = matches!(piece.kind, PieceKind::Bullet);
        if !text.is_empty() {
            text.push_str(if bullet && previous_bullet {
                "\n"
            } else {
                "\n\n"
            });
        }
        match piece.kind {
            PieceKind::Bullet => text.push_str("- "),
            PieceKind::Subheading => text.push_str("### "),
            PieceKind::Paragraph => {}
        }
        text.push_str(&body);
        previous_bullet = bullet;
    }
    (heading, text)
}

/// The first short line after the statement names the section ("Kommunens ledning").
fn take_section_heading(
    pieces: &mut Vec<Piece>,
    goal: &Candidate,
    warnings: &mut Vec<DraftWarning>,
) -> Option<String> {
    let first = pieces.first()?;
    match first.kind {
        PieceKind::Subheading => {
            let text = first.text();
            pieces.remove(0);
            Some(text)
        }
        PieceKind::Bullet => None,
        PieceKind::Paragraph => {
            let text = first.text();
            if is_short_heading(&text) && jaccard(&words(&text), &words(&goal.statement)) < 0.75 {
                pieces.remove(0);
                return Some(text);
            }
            // PDF text can glue the heading to the paragraph under it: a short first line
            // followed by a line that starts a sentence.
            let line = first.lines.first()?.trim().to_string();
            let second = first.lines.get(1)?.trim();
            let widest = first.lines.iter().map(|l| l.trim().chars().count()).max()?;
            let glued = is_short_heading(&line)
                && second.chars().next().is_some_and(char::is_uppercase)
                && line.chars().count() * 5 <= widest * 3;
            if !glued {
                return None;
            }
            warnings.push(DraftWarning::new(
                "section-heading",
                &[
                    ("line", first.line.to_string()),
                    ("heading", line.clone()),
                    ("code", goal.heading.code.clone()),
                ],
                format!(
                    "line {}: took \"{line}\" as the section heading of goal {}",
                    first.line, goal.heading.code
                ),
            ));
            if let Some(first) = pieces.first_mut() {
                first.lines.remove(0);
            }
            Some(line)
        }
    }
}

fn is_short_heading(text: &str) -> bool {
    let count = text.split_whitespace().count();
    (1..=HEADING_MAX_WORDS).contains(&count)
        && text.chars().count() <= 90
        && text.chars().next().is_some_and(char::is_uppercase)
        && !text.ends_with(['.', '!', '?', ':', ';', ','])
}

#[cfg(test)]
mod tests {
    use super::split_name_and_statement;

    #[test]
    fn a_name_before_a_dash_is_split_from_the_statement() {
        assert_eq!(
            split_name_and_statement("Ledning – Alla känner sig delaktiga i hur kommunen styrs"),
            Some((
                "Ledning".to_string(),
                "Alla känner sig delaktiga i hur kommunen styrs".to_string()
            ))
        );
        // A subtitle, a lowercase tail and a long first part all stay whole.
        assert_eq!(
            split_name_and_statement("Hållbarhet – Miljömässigt, socialt och ekonomiskt"),
            None
        );
        assert_eq!(
            split_name_and_statement("Barn och unga – en trygg uppväxt för alla barn i kommunen"),
            None
        );
        assert_eq!(
            split_name_and_statement(
                "Exempelby har en ekonomi i balans – Kommunen ska ha överskott varje år"
            ),
            None
        );
    }
}
