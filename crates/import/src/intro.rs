//! What an introduction says about the goals: lists of goals with short names in brackets
//! ("… organisering (Ledning)"), the group each list belongs to ("Tre av dessa är
//! genomgripande …:"), and how many goals there are ("finns åtta … mål").

use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::{DraftWarning, GoalDraft};

use crate::block::{Block, BlockKind};
use crate::sentences::split_sentences;
use crate::similarity::{jaccard, shorten, words};

/// The least word overlap for a list item to name a goal.
const MATCH_THRESHOLD: f64 = 0.3;
/// A budget has tens of goals; this bounds the work on pathological input.
const MAX_COMPARISONS: usize = 250_000;

const NUMBER_WORDS: [(&str, usize); 12] = [
    ("en", 1),
    ("ett", 1),
    ("två", 2),
    ("tre", 3),
    ("fyra", 4),
    ("fem", 5),
    ("sex", 6),
    ("sju", 7),
    ("åtta", 8),
    ("nio", 9),
    ("tio", 10),
    ("elva", 11),
];

/// Category words a council uses for groups of goals, with the form we store.
const CATEGORIES: [(&str, &str); 12] = [
    ("genomgripande", "genomgripande"),
    ("kärnverksamhet", "kärnverksamhet"),
    ("kärnverksamheten", "kärnverksamhet"),
    ("övergripande", "övergripande"),
    ("strategisk", "strategisk"),
    ("strategiska", "strategisk"),
    ("prioriterad", "prioriterad"),
    ("prioriterade", "prioriterad"),
    ("stödjande", "stödjande"),
    ("stödverksamhet", "stödverksamhet"),
    ("stödverksamheten", "stödverksamhet"),
    ("utvecklingsområden", "utvecklingsområde"),
];

/// Words that cannot be a category on their own.
const NOT_LABELS: [&str; 14] = [
    "särskilt",
    "mer",
    "mest",
    "extra",
    "också",
    "även",
    "de",
    "det",
    "den",
    "kommunens",
    "alla",
    "följande",
    "dessa",
    "nedan",
];

static SHORT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^(?P<text>.*?)\s*\((?P<short>[^()]{1,60})\)\s*[.;,]?$")
        .expect("the short-name pattern is valid")
});

static GOAL_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:finns|består\s+av|innehåller|omfattar|fastställs|antas|har)\s+(?P<n>\d{1,2}|[a-zåäö]+)\s+(?:[a-zåäöé-]+\s+){0,2}mål(?:en)?\b",
    )
    .expect("the goal-count pattern is valid")
});

#[derive(Debug)]
struct Item {
    line: usize,
    text: String,
    short: Option<String>,
    label: Option<String>,
}

/// Reads the blocks outside the goals' texts (`indices`, in order) and gives the goals
/// their short names and categories.
pub(crate) fn apply(
    blocks: &[Block],
    indices: &[usize],
    goals: &mut [GoalDraft],
    warnings: &mut Vec<DraftWarning>,
) {
    let items = list_items(blocks, indices, warnings);
    match_items(&items, goals, warnings);
    check_goal_count(blocks, indices, goals, warnings);
}

fn list_items(blocks: &[Block], indices: &[usize], warnings: &mut Vec<DraftWarning>) -> Vec<Item> {
    let mut items = Vec::new();
    // The open group: its label, the count its number word claims, its line, its size.
    let mut group: Option<(Option<String>, Option<usize>, usize, usize)> = None;
    let mut previous: Option<usize> = None;
    for &index in indices {
        let Some(block) = blocks.get(index) else {
            continue;
        };
        let adjacent = previous.is_some_and(|p| p + 1 == index);
        previous = Some(index);
        if block.kind == BlockKind::Bullet {
            if !adjacent {
                close_group(&mut group, warnings);
            }
            let text = block.text();
            let (text, short) = match SHORT_NAME.captures(&text) {
                Some(c) => (
                    c.name("text").map_or("", |m| m.as_str()).to_string(),
                    c.name("short").map(|m| m.as_str().trim().to_string()),
                ),
                None => (text.clone(), None),
            };
            let label = group.as_mut().and_then(|g| {
                g.3 += 1;
                g.0.clone()
            });
            items.push(Item {
                line: block.line,
                text,
                short,
                label,
            });
            continue;
        }
        close_group(&mut group, warnings);
        let text = block.text();
        if let Some(sentence) = split_sentences(&text).last()
            && let Some(stripped) = sentence.strip_suffix(':')
        {
            let (label, claimed) = describe_group(stripped);
            group = Some((label, claimed, block.line, 0));
        }
    }
    close_group(&mut group, warnings);
    items
}

fn close_group(
    group: &mut Option<(Option<String>, Option<usize>, usize, usize)>,
    warnings: &mut Vec<DraftWarning>,
) {
    if let Some((_, Some(claimed), line, size)) = group.take()
        && size > 0
        && claimed != size
    {
        warnings.push(DraftWarning::new(
            "announced-count",
            &[
                ("line", line.to_string()),
                ("claimed", claimed.to_string()),
                ("size", size.to_string()),
            ],
            format!(
                "line {line}: the text announces {claimed} goals but the list under it has {size}"
            ),
        ));
    }
}

/// The category a sentence such as "Tre av dessa är genomgripande för all kommunal
/// verksamhet" gives the list under it, and the number it announces.
fn describe_group(sentence: &str) -> (Option<String>, Option<usize>) {
    let tokens: Vec<String> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let claimed = tokens
        .first()
        .and_then(|first| NUMBER_WORDS.iter().find(|(w, _)| w == first))
        .map(|(_, n)| *n);
    let known = tokens
        .iter()
        .find_map(|t| CATEGORIES.iter().find(|(w, _)| w == t))
        .map(|(_, canonical)| (*canonical).to_string());
    let after = |first: &str, second: Option<&str>| {
        let at = tokens.iter().position(|t| t == first)?;
        let mut rest = tokens.iter().skip(at + 1);
        if let Some(second) = second
            && rest.next().map(String::as_str) != Some(second)
        {
            return None;
        }
        rest.find(|t| !NOT_LABELS.contains(&t.as_str())).cloned()
    };
    let label = known
        .or_else(|| after("är", None))
        .or_else(|| after("fokus", Some("på")))
        .or_else(|| tokens.last().cloned())
        .filter(|l| l.chars().count() >= 3 && !l.chars().all(|c| c.is_ascii_digit()));
    (label, claimed)
}

fn match_items(items: &[Item], goals: &mut [GoalDraft], warnings: &mut Vec<DraftWarning>) {
    // Only items that say something about a goal are worth matching.
    let items: Vec<&Item> = items
        .iter()
        .filter(|i| i.short.is_some() || i.label.is_some())
        .collect();
    if items.is_empty() {
        return;
    }
    if items.len() * goals.len() > MAX_COMPARISONS {
        warnings.push(DraftWarning::new(
            "too-many-items",
            &[
                ("items", items.len().to_string()),
                ("goals", goals.len().to_string()),
            ],
            format!(
                "{} list items and {} goals are too many to match; no short names or categories were read",
                items.len(),
                goals.len()
            ),
        ));
        return;
    }
    let goal_words: Vec<_> = goals.iter().map(|g| words(&g.statement)).collect();
    let mut pairs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_words = words(&item.text);
        let named_codes = goal_codes_named_in(&item.text);
        for (g, statement) in goal_words.iter().enumerate() {
            // An item that names the goal's code, or repeats the name its heading gave
            // it, is that goal whatever its other words are.
            let same_name = item.short.is_some()
                && item.short.as_deref().map(str::to_lowercase)
                    == goals[g].short_name.as_deref().map(str::to_lowercase);
            let score = if same_name || named_codes.contains(&goals[g].code) {
                1.0
            } else {
                jaccard(&item_words, statement)
            };
            if score >= MATCH_THRESHOLD {
                pairs.push((score, i, g));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut item_goal: Vec<Option<usize>> = vec![None; items.len()];
    let mut taken = vec![false; goals.len()];
    for (_, i, g) in pairs {
        if item_goal[i].is_none() && !taken[g] {
            item_goal[i] = Some(g);
            taken[g] = true;
        }
    }
    let by_position = items.len() == goals.len();
    for i in 0..items.len() {
        if item_goal[i].is_some() {
            continue;
        }
        let item = items[i];
        if by_position && !taken[i] {
            item_goal[i] = Some(i);
            taken[i] = true;
            let text = shorten(&item.text);
            warnings.push(DraftWarning::new(
                "matched-by-position",
                &[
                    ("line", item.line.to_string()),
                    ("item", text.clone()),
                    ("code", goals[i].code.clone()),
                ],
                format!(
                    "line {}: the list item \"{text}\" was matched to goal {} by its position; please check",
                    item.line, goals[i].code
                ),
            ));
        } else {
            let text = shorten(&item.text);
            let short = item
                .short
                .as_ref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            warnings.push(DraftWarning::new(
                "unmatched-item",
                &[
                    ("line", item.line.to_string()),
                    ("item", text.clone()),
                    ("short", short.clone()),
                ],
                format!(
                    "line {}: the list item \"{text}\"{short} matches no goal",
                    item.line
                ),
            ));
        }
    }
    for (item, goal) in items.iter().zip(item_goal) {
        let Some(goal) = goal.and_then(|g| goals.get_mut(g)) else {
            continue;
        };
        if item.short.is_some() {
            goal.short_name.clone_from(&item.short);
        }
        if item.label.is_some() {
            goal.category.clone_from(&item.label);
        }
    }
}

/// Goal codes an item refers to: "mål 1.3", "1:2", "Mål 4". A bare number only counts
/// after the word "mål", so that other numbers in the text are not taken for codes.
fn goal_codes_named_in(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .filter(|t| !t.is_empty())
        .collect();
    tokens
        .iter()
        .enumerate()
        .filter(|(i, token)| {
            let dotted = token.trim_end_matches(['.', ':']).contains(['.', ':']);
            let after_goal_word = i
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|p| p.eq_ignore_ascii_case("mål"));
            dotted || after_goal_word
        })
        .filter_map(|(_, token)| riktning_domain::normalise_goal_code(token))
        .collect()
}

fn check_goal_count(
    blocks: &[Block],
    indices: &[usize],
    goals: &[GoalDraft],
    warnings: &mut Vec<DraftWarning>,
) {
    let leaves = goals
        .iter()
        .filter(|g| {
            !goals
                .iter()
                .any(|c| c.parent.as_deref() == Some(g.code.as_str()))
        })
        .count();
    for &index in indices {
        let Some(block) = blocks.get(index) else {
            continue;
        };
        let text = block.text();
        for found in GOAL_COUNT.captures_iter(&text) {
            let word = found.name("n").map_or("", |m| m.as_str()).to_lowercase();
            let claimed = word.parse::<usize>().ok().or_else(|| {
                NUMBER_WORDS
                    .iter()
                    .find(|(w, _)| *w == word && *w != "en" && *w != "ett")
                    .map(|(_, n)| *n)
            });
            if let Some(claimed) = claimed
                && claimed != leaves
                && claimed != goals.len()
            {
                warnings.push(DraftWarning::new(
                    "claimed-goals",
                    &[
                        ("line", block.line.to_string()),
                        ("claimed", claimed.to_string()),
                        ("found", goals.len().to_string()),
                    ],
                    format!(
                        "line {}: the text says there are {claimed} goals, but {} were found",
                        block.line,
                        goals.len()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_labels() {
        assert_eq!(
            describe_group("Tre av dessa är genomgripande för all kommunal verksamhet"),
            (Some("genomgripande".to_string()), Some(3))
        );
        assert_eq!(
            describe_group("Fem av målen har fokus på kommunens kärnverksamhet"),
            (Some("kärnverksamhet".to_string()), Some(5))
        );
        assert_eq!(
            describe_group("Två mål är särskilt viktiga för hela organisationen"),
            (Some("viktiga".to_string()), Some(2))
        );
        assert_eq!(
            describe_group("Följande mål har fokus på kommunens tillväxt"),
            (Some("tillväxt".to_string()), None)
        );
        assert_eq!(
            describe_group("Målen gäller välfärd"),
            (Some("välfärd".to_string()), None)
        );
    }

    #[test]
    fn items_can_name_goals_by_code() {
        assert_eq!(goal_codes_named_in("Ledning, mål 1.1 (Ledning)"), ["1.1"]);
        assert_eq!(goal_codes_named_in("Trygghet (Mål 4)"), ["4"]);
        assert_eq!(goal_codes_named_in("se 2:3; och 1:1."), ["2.3", "1.1"]);
        assert!(goal_codes_named_in("minst 75 000 invånare år 2040").is_empty());
    }
}
