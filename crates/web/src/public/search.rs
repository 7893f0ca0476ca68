//! Search over what is published: goals (with their political text), commitments and
//! indicators of the current version of every published plan and period. It runs on
//! the server over the decoded reports, so it works without JavaScript and can only
//! find what a publication holds.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use riktning_publish::{GoalPart, Report};
use riktning_store::Store;
use serde::Deserialize;

use super::chrome::{PublicChrome, html, title_of};
use super::{Published, open};
use crate::extract::Query;
use crate::i18n::{Lang, text};
use crate::{AppError, Shared};

/// A longer query is cut: no goal is found by more than a sentence.
pub(crate) const MAX_QUERY_CHARS: usize = 100;
/// Words beyond these are ignored; each must occur for a hit.
const MAX_WORDS: usize = 8;
/// Hits shown at most, over all publications.
const MAX_HITS: usize = 60;
/// Publications searched at most: the current ones, most recent first.
const MAX_PUBLICATIONS: usize = 12;
/// Characters of context shown around a match in a longer text.
const EXCERPT_CHARS: usize = 90;

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HitKind {
    Goal,
    Commitment,
    Indicator,
}

/// A piece of an excerpt, marked when it is a searched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub text: String,
    pub marked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    pub kind: HitKind,
    /// The goal the hit belongs to: its code and statement.
    pub goal: String,
    pub goal_id: riktning_domain::Id,
    /// What matched, with the searched words marked.
    pub excerpt: Vec<Piece>,
}

/// The query's words, lower-cased, without punctuation, at most [`MAX_WORDS`].
pub(crate) fn words_of(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in query
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| !w.is_empty())
    {
        if !words.contains(&word) {
            words.push(word);
        }
        if words.len() == MAX_WORDS {
            break;
        }
    }
    words
}

/// Whether every word occurs in `text`, whatever its case.
fn matches_all(text: &str, words: &[String]) -> bool {
    let lower = text.to_lowercase();
    words.iter().all(|word| lower.contains(word.as_str()))
}

/// Where each searched word occurs in `text`, as character ranges, merged.
fn marks(text: &str, words: &[String]) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    // Lower-casing one character at a time keeps positions aligned with `chars`;
    // the few characters that lower-case to more than one keep their first.
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut found = Vec::new();
    for word in words {
        let needle: Vec<char> = word.chars().collect();
        if needle.is_empty() || needle.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - needle.len() {
            if lower[start..start + needle.len()] == needle[..] {
                found.push((start, start + needle.len()));
            }
        }
    }
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `text` cut to the stretch around its first match, with the matches marked.
pub(crate) fn excerpt(text: &str, words: &[String]) -> Vec<Piece> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    let found = marks(&flat, words);
    let first = found.first().map_or(0, |m| m.0);
    let start = if chars.len() <= 2 * EXCERPT_CHARS {
        0
    } else {
        // Start at the beginning of a word, so that the excerpt does not open
        // with the tail of one.
        let rough = first.saturating_sub(EXCERPT_CHARS / 2);
        (rough..first)
            .find(|&at| at == 0 || chars[at - 1] == ' ')
            .unwrap_or(rough)
    };
    let end = (start + 2 * EXCERPT_CHARS).min(chars.len());
    let ellipsis = || Piece {
        text: "…".to_string(),
        marked: false,
    };
    let mut pieces = Vec::new();
    if start > 0 {
        pieces.push(ellipsis());
    }
    let mut at = start;
    for (from, to) in found {
        let (from, to) = (from.max(at), to.min(end));
        if from >= to {
            continue;
        }
        for (range, marked) in [((at, from), false), ((from, to), true)] {
            if range.0 < range.1 {
                pieces.push(Piece {
                    text: chars[range.0..range.1].iter().collect(),
                    marked,
                });
            }
        }
        at = to;
    }
    if at < end {
        pieces.push(Piece {
            text: chars[at..end].iter().collect(),
            marked: false,
        });
    }
    if end < chars.len() {
        pieces.push(ellipsis());
    }
    pieces
}

/// The hits in one report, in document order: a goal (statement, name or political
/// text), then its commitments, then its indicators.
pub(crate) fn hits_in(report: &Report, words: &[String]) -> Vec<Hit> {
    let mut hits = Vec::new();
    if words.is_empty() {
        return hits;
    }
    for goal in &report.goals {
        let label = goal_label(goal);
        let headline = format!(
            "{} {} {}",
            goal.code,
            goal.short_name.as_deref().unwrap_or(""),
            goal.statement
        );
        let political = crate::markdown::plain_text(&goal.political_text);
        let whole = format!("{headline} {political}");
        if matches_all(&whole, words) {
            let shown = if matches_all(&headline, words) || political.is_empty() {
                excerpt(&headline, words)
            } else {
                excerpt(&political, words)
            };
            hits.push(Hit {
                kind: HitKind::Goal,
                goal: label.clone(),
                goal_id: goal.id,
                excerpt: shown,
            });
        }
        for commitment in &goal.commitments {
            if matches_all(&commitment.text, words) {
                hits.push(Hit {
                    kind: HitKind::Commitment,
                    goal: label.clone(),
                    goal_id: goal.id,
                    excerpt: excerpt(&commitment.text, words),
                });
            }
        }
        for indicator in &goal.indicators {
            let named = format!(
                "{} {}",
                indicator.name,
                indicator.kolada_kpi.as_deref().unwrap_or("")
            );
            if matches_all(&named, words) {
                hits.push(Hit {
                    kind: HitKind::Indicator,
                    goal: label.clone(),
                    goal_id: goal.id,
                    excerpt: excerpt(named.trim(), words),
                });
            }
        }
    }
    hits
}

fn goal_label(goal: &GoalPart) -> String {
    format!("{} {}", goal.code, goal.statement)
}

struct HitView {
    kind: &'static str,
    goal: String,
    href: String,
    excerpt: Vec<Piece>,
}

struct Group {
    title: String,
    /// The language of the publication's text.
    lang: String,
    hits: Vec<HitView>,
}

#[derive(Template)]
#[template(path = "public/search.html")]
struct SearchPage {
    chrome: PublicChrome,
    query: String,
    /// The query was longer than [`MAX_QUERY_CHARS`] and was cut.
    cut: bool,
    searched: bool,
    count: usize,
    /// "1 träff" or "N träffar".
    count_words: String,
    more: bool,
    groups: Vec<Group>,
}

fn kind_label(kind: HitKind, lang: Lang) -> &'static str {
    match kind {
        HitKind::Goal => text(lang, "public-search-goal"),
        HitKind::Commitment => text(lang, "public-commitment"),
        HitKind::Indicator => text(lang, "public-search-indicator"),
    }
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, AppError>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    // A query that cannot be decoded is treated as no query: the form is shown.
    let raw = params.map(|Query(p)| p.q).unwrap_or_default();
    let cut = raw.chars().count() > MAX_QUERY_CHARS;
    let query: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
    let words = words_of(&query);
    let published = Published::read(&state).await?;
    let mut groups = Vec::new();
    let mut count = 0;
    let mut more = false;
    if !words.is_empty() {
        for publication in published.current().into_iter().take(MAX_PUBLICATIONS) {
            let (_, report) = open(&state, &published, publication.id).await?;
            let hits = hits_in(&report, &words);
            if hits.is_empty() {
                continue;
            }
            let room = MAX_HITS.saturating_sub(count);
            more |= hits.len() > room;
            let shown: Vec<HitView> = hits
                .into_iter()
                .take(room)
                .map(|hit| HitView {
                    kind: kind_label(hit.kind, lang),
                    goal: hit.goal,
                    href: format!("/publicering/{}/mal/{}", publication.id, hit.goal_id),
                    excerpt: hit.excerpt,
                })
                .collect();
            count += shown.len();
            if !shown.is_empty() {
                groups.push(Group {
                    lang: report.language.clone(),
                    title: title_of(&report),
                    hits: shown,
                });
            }
        }
    }
    let here = if query.is_empty() {
        "/sok".to_string()
    } else {
        format!("/sok?q={}", crate::pages::url_encode(&query))
    };
    let mut chrome = PublicChrome::new(
        &state,
        lang,
        text(lang, "public-search-title").to_string(),
        here,
    );
    chrome.current = "search";
    let rendered = html(&SearchPage {
        chrome,
        searched: !words.is_empty(),
        count_words: match count {
            1 => text(lang, "public-search-one-hit").to_string(),
            n => format!("{n} {}", text(lang, "public-search-hits")),
        },
        query,
        cut,
        count,
        more,
        groups,
    })?;
    let mut response = (
        [(header::CONTENT_TYPE, rendered.content_type)],
        rendered.body,
    )
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    // The language comes from the cookie or the browser: a shared cache must keep
    // each apart.
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::{excerpt, marks, words_of};

    #[test]
    fn words_are_lower_cased_unique_and_few() {
        assert_eq!(words_of("Trygg, TRYGG kommun!"), vec!["trygg", "kommun"]);
        assert_eq!(words_of("  ...  "), Vec::<String>::new());
        assert_eq!(words_of("a b c d e f g h i j k").len(), 8);
        assert_eq!(words_of("Östersund–Åre"), vec!["östersund", "åre"]);
    }

    #[test]
    fn matches_are_found_whatever_the_case_and_merged() {
        let words = words_of("kom kommun");
        assert_eq!(marks("Kommunen", &words), vec![(0, 6)]);
        assert_eq!(marks("ÅR och år", &words_of("år")), vec![(0, 2), (7, 9)]);
    }

    #[test]
    fn an_excerpt_is_cut_around_the_first_match() {
        let long = format!("{} bostäder {}", "ord ".repeat(80), "slut ".repeat(80));
        let pieces = excerpt(&long, &words_of("bostäder"));
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.marked)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["bostäder"]);
        let shown: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert!(shown.chars().count() < 200, "{shown}");
        assert!(shown.ends_with('…'));
        assert!(shown.starts_with("…ord "), "a whole word first: {shown}");
    }
}
