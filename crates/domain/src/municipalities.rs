//! Sweden's municipalities and regions with their Kolada ids, so a tenant can be named
//! from its id without network access. The list is Kolada's `/municipality` answer.

use std::collections::HashMap;
use std::sync::LazyLock;

const MUNICIPALITIES_TSV: &str = include_str!("../data/municipalities.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Municipality {
    /// Kolada id, e.g. "2380"; "0000" is the whole country.
    pub id: &'static str,
    pub name: &'static str,
    /// "K" for a municipality, "L" for a region or the country.
    pub kind: &'static str,
}

/// Every municipality and region, and the country.
pub fn municipalities() -> impl Iterator<Item = Municipality> {
    MUNICIPALITIES_TSV.lines().filter_map(|line| {
        let mut fields = line.split('\t');
        Some(Municipality {
            id: fields.next()?,
            name: fields.next()?,
            kind: fields.next()?,
        })
    })
}

pub fn municipality_by_id(id: &str) -> Option<Municipality> {
    municipalities().find(|m| m.id == id)
}

/// The municipality or region a document is about: the municipality it names most
/// often as "Östersunds kommun", "Östersund kommun" or "Östersunds stad", or, when it
/// names no municipality, the region it names most often ("Region Jämtland
/// Härjedalen"). Names are written with capitals and do not run across punctuation, so
/// "ska vara kommun" or "mark, kommun och stat" name nothing. `None` when the document
/// names none, or two equally often.
pub fn municipality_mentioned_in(text: &str) -> Option<Municipality> {
    let mut counts: HashMap<&'static str, (usize, Municipality)> = HashMap::new();
    // A phrase ends at punctuation and at line breaks.
    for phrase in text.split(|c: char| ".,;:!?()[]\"”“\n".contains(c)) {
        let words: Vec<&str> = phrase
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        for (at, word) in words.iter().enumerate() {
            let lower = word.to_lowercase();
            if lower == "kommun" || lower == "stad" {
                // The name stands before: "Östersunds kommun", "Upplands Väsby kommun".
                let before = &words[at.saturating_sub(MAX_WORDS)..at];
                if let Some(m) = longest(before, true).filter(|m| m.kind == "K") {
                    counts.entry(m.id).or_insert((0, m)).0 += 1;
                }
            } else if let Some(m) = longest(&words[at..], false).filter(|m| m.kind == "L") {
                // A region's whole name: "Region Jämtland Härjedalen".
                counts.entry(m.id).or_insert((0, m)).0 += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, Municipality)> = counts.into_values().collect();
    // Municipalities first: a municipality's budget names its region too.
    ranked.sort_by_key(|(count, m)| (m.kind != "K", std::cmp::Reverse(*count), m.id));
    match ranked.as_slice() {
        [] => None,
        [(first, a), (second, b), ..] if first == second && a.kind == b.kind => None,
        [(_, chosen), ..] => Some(*chosen),
    }
}

/// The most words a name of a municipality or region has ("Region Jämtland Härjedalen").
const MAX_WORDS: usize = 3;

/// The longest run of capitalised `words` that names a municipality or region: ending
/// at the end of `words` when the name comes `before` "kommun", else starting at its
/// start.
fn longest(words: &[&str], before: bool) -> Option<Municipality> {
    (1..=words.len().min(MAX_WORDS)).rev().find_map(|n| {
        let run = if before {
            &words[words.len() - n..]
        } else {
            &words[..n]
        };
        if !run.iter().all(|w| w.starts_with(char::is_uppercase)) {
            return None;
        }
        NAMES.get(run.join(" ").to_lowercase().as_str()).copied()
    })
}

/// Lower-cased names as documents write them: a municipality's name and its genitive
/// (an s is added, except to a name that ends in one: "Borås kommun"; Falun's is
/// "Falu"), and a region's whole name ("region jämtland härjedalen").
static NAMES: LazyLock<HashMap<String, Municipality>> = LazyLock::new(|| {
    let mut names = HashMap::new();
    for m in municipalities().filter(|m| m.id != "0000") {
        let name = m.name.to_lowercase();
        if m.kind == "K" && !name.ends_with(['s', 'x', 'z']) {
            names.insert(format!("{name}s"), m);
        }
        names.insert(name, m);
    }
    if let Some(falun) = municipality_by_id("2080") {
        names.insert("falu".to_string(), falun);
    }
    names
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ostersund_and_the_country() {
        assert_eq!(
            municipality_by_id("2380").map(|m| m.name),
            Some("Östersund")
        );
        assert_eq!(municipality_by_id("0000").map(|m| m.kind), Some("L"));
        assert_eq!(municipality_by_id("9999"), None);
        assert_eq!(municipalities().count(), 312);
    }

    #[test]
    fn a_document_names_its_municipality_or_region() {
        let text = "Östersunds kommun har en vision. Kommunen ska växa. \
            Samarbetet med Region Jämtland Härjedalen fortsätter. Östersunds kommun ska \
            vara en bra arbetsgivare, som Krokoms kommun.";
        assert_eq!(municipality_mentioned_in(text).map(|m| m.id), Some("2380"));
        let region = "Region Jämtland Härjedalen ansvarar för vården. \
            Region Jämtland Härjedalen ska korta köerna.";
        assert_eq!(
            municipality_mentioned_in(region).map(|m| m.id),
            Some("0023")
        );
        assert_eq!(
            municipality_mentioned_in("Borås kommun och Borås stad").map(|m| m.id),
            Some("1490")
        );
        assert_eq!(municipality_mentioned_in("Kommunen ska växa."), None);
        assert_eq!(
            municipality_mentioned_in("Ale kommun och Östersunds kommun"),
            None,
            "two named equally often"
        );
        assert_eq!(
            municipality_mentioned_in("Kommunen ska vara kommun för alla."),
            None
        );
        assert_eq!(
            municipality_mentioned_in("mark, kommun och stat samverkar"),
            None
        );
        assert_eq!(
            municipality_mentioned_in("Falu kommun").map(|m| m.id),
            Some("2080")
        );
        assert_eq!(
            municipality_mentioned_in("Västra Götalandsregionen ansvarar för vården.")
                .map(|m| m.id),
            Some("0014")
        );
        // A municipality's budget names its region more often than itself.
        let krokom = "Krokoms kommun samarbetar med Region Jämtland Härjedalen. \
            Region Jämtland Härjedalen ansvarar för vården.";
        assert_eq!(
            municipality_mentioned_in(krokom).map(|m| m.id),
            Some("2309")
        );
    }
}
