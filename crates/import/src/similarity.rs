//! How alike two texts are, by their words: for matching list items to headings,
//! call-out boxes to statements and short names to goals.

use std::collections::HashSet;

/// Lowercase words, ignoring a leading "I" ("I Östersunds kommun …" in the introduction).
pub(crate) fn words(text: &str) -> HashSet<String> {
    let mut all: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if all.first().is_some_and(|w| w == "i") {
        all.remove(0);
    }
    all.into_iter().collect()
}

pub(crate) fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

pub(crate) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}
