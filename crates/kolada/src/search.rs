//! Finding KPIs in Kolada's catalogue of six thousand.
//!
//! A controller types what they want in Swedish ("sjukfrånvaron bland anställda") and
//! must see the right KPI on the first screen. So: Swedish stemming (Snowball), BM25F
//! scoring with the title weighted above the description, light matching of inflections
//! the stemmer leaves alone and of compound words (Swedish writes "sjukfrånvaro" as one
//! word), and an exact id ranks first.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::Kpi;

/// A search result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub score: f64,
}

/// The text fields of a KPI, in posting order.
const FIELDS: usize = 3;
const TITLE: usize = 0;
const DESCRIPTION: usize = 1;
const AREA: usize = 2;
/// What a word is worth by field: a word in the title says more about what the KPI
/// measures than the same word deep in a description of the method.
const FIELD_WEIGHT: [f64; FIELDS] = [3.0, 1.0, 0.5];
/// How much a long field is discounted per field (BM25's b).
const FIELD_B: [f64; FIELDS] = [0.6, 0.75, 0.5];
/// BM25's saturation: the tenth mention of a word adds little.
const K1: f64 = 1.2;

/// How much an approximate match of a query word is worth next to an exact one.
const INFLECTION_WEIGHT: f64 = 0.8;
const COMPOUND_WEIGHT: f64 = 0.45;
/// The query weight of each part of a split compound.
const COMPOUND_PART_WEIGHT: f64 = 0.6;
/// How much more a document is worth when its title holds every query word.
const TITLE_COVERAGE_BONUS: f64 = 1.0;
/// How much more a document is worth when the query covers its title: of two titles
/// that both match, the one with fewer other words (weighted by rarity) is the more
/// general KPI, which is usually the one wanted ("totalt" before "<30 år").
const TITLE_PRECISION_BONUS: f64 = 1.0;

/// Scores for ids: far above anything text relevance reaches.
const EXACT_ID_SCORE: f64 = 1.0e6;
const ID_PREFIX_SCORE: f64 = 1.0e3;

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    tf: [u16; FIELDS],
}

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    title: String,
    len: [f64; FIELDS],
    /// The summed rarity (idf) of the title's distinct terms: how much the title says.
    title_information: f64,
}

/// A KPI search index. Build it once per catalogue; searching is read-only.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    docs: Vec<Doc>,
    /// Sorted, so words sharing a beginning are neighbours (inflections, compounds).
    postings: BTreeMap<String, Vec<Posting>>,
    /// Every term written backwards, sorted, so words sharing an ending are neighbours
    /// (the last part of a compound: "frånvaro" in "sjukfrånvaro").
    reversed: BTreeMap<String, String>,
    avg_len: [f64; FIELDS],
    /// Lower-cased id to document.
    ids: HashMap<String, u32>,
}

impl SearchIndex {
    pub fn new(kpis: &[Kpi]) -> SearchIndex {
        let mut docs = Vec::with_capacity(kpis.len());
        let mut postings: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        let mut ids = HashMap::new();
        let mut total_len = [0.0; FIELDS];
        for kpi in kpis {
            // A catalogue is not guaranteed to be free of repeats (several files, pages
            // re-read); the first copy wins so results never show a KPI twice.
            let key = kpi.id.trim().to_lowercase();
            if ids.contains_key(&key) {
                continue;
            }
            let Ok(doc) = u32::try_from(docs.len()) else {
                break;
            };
            ids.insert(key, doc);

            let mut texts = [""; FIELDS];
            texts[TITLE] = &kpi.title;
            texts[DESCRIPTION] = &kpi.description;
            texts[AREA] = kpi.operating_area.as_deref().unwrap_or("");
            let mut counts: HashMap<String, [u16; FIELDS]> = HashMap::new();
            let mut len = [0.0; FIELDS];
            for (field, text) in texts.iter().enumerate() {
                for term in analyze(text) {
                    let tf = counts.entry(term).or_insert([0; FIELDS]);
                    tf[field] = tf[field].saturating_add(1);
                    len[field] += 1.0;
                }
                total_len[field] += len[field];
            }
            for (term, tf) in counts {
                postings.entry(term).or_default().push(Posting { doc, tf });
            }
            docs.push(Doc {
                id: kpi.id.trim().to_string(),
                title: kpi.title.clone(),
                len,
                title_information: 0.0,
            });
        }
        let n = docs.len().max(1) as f64;
        let avg_len = total_len.map(|total| (total / n).max(1.0));
        let reversed = postings
            .keys()
            .map(|term| (term.chars().rev().collect(), term.clone()))
            .collect();
        let mut index = SearchIndex {
            docs,
            postings,
            reversed,
            avg_len,
            ids,
        };
        // Needs the document frequencies, so it is computed once all postings exist.
        let general: Vec<String> = GENERAL_WORDS.iter().map(|w| stem(w)).collect();
        let mut information = vec![0.0; index.docs.len()];
        for (term, postings) in &index.postings {
            // Words that mark the aggregate KPI ("totalt") make a title more general,
            // not more specific, so they do not count against its precision.
            if general.contains(term) {
                continue;
            }
            let idf = index.idf(term);
            for posting in postings.iter().filter(|p| p.tf[TITLE] > 0) {
                information[posting.doc as usize] += idf;
            }
        }
        for (doc, info) in index.docs.iter_mut().zip(information) {
            doc.title_information = info;
        }
        index
    }

    /// Number of KPIs indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best `limit` KPIs for a query, best first. An exact id ("N00090") ranks
    /// first, an id prefix ("U075") lists the KPIs whose id starts with it, and words
    /// are matched by stem and then ranked by BM25F.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let mut scores = vec![0.0; self.docs.len()];
        for token in tokenize(query) {
            self.score_id(&token, &mut scores);
        }
        let terms: Vec<(String, f64)> = analyze(query).into_iter().map(|t| (t, 1.0)).collect();
        self.score_terms(&terms, &mut scores);
        self.top(scores, limit)
    }

    /// Ranks the catalogue against a long text, such as a goal with its political
    /// text, to give a shortlist to start the breakdown from. The text's most
    /// distinctive words (frequent in the text, rare in the catalogue) become the query.
    pub fn suggest_for_text(&self, text: &str, limit: usize) -> Vec<Hit> {
        let terms = self.distinctive_terms(text, SUGGEST_TERMS);
        let mut scores = vec![0.0; self.docs.len()];
        self.score_terms(&terms, &mut scores);
        self.top(scores, limit)
    }

    /// The `n` terms of `text` that best tell its subject, with weights in (0, 1]:
    /// term frequency in the text (dampened) times rarity in the catalogue.
    pub fn distinctive_terms(&self, text: &str, n: usize) -> Vec<(String, f64)> {
        let mut tf: HashMap<String, f64> = HashMap::new();
        let goal_boilerplate: Vec<String> = GOAL_BOILERPLATE.iter().map(|w| stem(w)).collect();
        for term in analyze(text) {
            // Years and figures in a goal ("75 000 by 2040") say nothing about the KPI.
            if term.chars().all(|c| c.is_ascii_digit()) || goal_boilerplate.contains(&term) {
                continue;
            }
            *tf.entry(term).or_default() += 1.0;
        }
        let mut weighted: Vec<(String, f64)> = tf
            .into_iter()
            .filter_map(|(term, count)| {
                let idf = self.term_rarity(&term);
                (idf > 0.0).then(|| (term, (1.0 + count.ln()) * idf))
            })
            .collect();
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weighted.truncate(n);
        let max = weighted.first().map_or(1.0, |(_, w)| *w);
        weighted.into_iter().map(|(t, w)| (t, w / max)).collect()
    }

    /// How rare a query term is in the catalogue: its own idf when indexed, otherwise
    /// that of its closest indexed form (an inflection before a compound), discounted.
    fn term_rarity(&self, term: &str) -> f64 {
        if self.postings.contains_key(term) {
            return self.idf(term);
        }
        let variants = self.variants(term);
        let best_weight = variants.iter().map(|(_, w)| *w).fold(0.0, f64::max);
        variants
            .iter()
            .filter(|(_, w)| *w >= best_weight)
            .map(|(t, w)| w * self.idf(t))
            .fold(0.0, f64::max)
    }

    fn score_id(&self, token: &str, scores: &mut [f64]) {
        if let Some(&doc) = self.ids.get(token) {
            scores[doc as usize] += EXACT_ID_SCORE;
            return;
        }
        // An id prefix: a letter then at least two digits, as ids are written.
        let mut chars = token.chars();
        let looks_like_id = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && token.len() >= 3
            && chars.all(|c| c.is_ascii_digit());
        if looks_like_id {
            for (doc, d) in self.docs.iter().enumerate() {
                if d.id.to_lowercase().starts_with(token) {
                    scores[doc] += ID_PREFIX_SCORE;
                }
            }
        }
    }

    /// Adds BM25F scores for weighted query terms. Each query term counts once per
    /// document, by its best-matching variant, so an inflection and its stem do not
    /// double a document's score. Two multipliers then reward documents that match more
    /// of the query, and most of all in the title: people search with title words, and
    /// a KPI whose title says everything asked for is almost always the one wanted.
    fn score_terms(&self, terms: &[(String, f64)], scores: &mut [f64]) {
        let terms = self.split_compounds(terms);
        if terms.is_empty() {
            return;
        }
        let n = self.docs.len();
        let mut text_scores = vec![0.0; n];
        let mut matched = vec![0.0f64; n];
        let mut in_title = vec![0.0f64; n];
        let mut title_information = vec![0.0f64; n];
        let total_weight: f64 = terms.iter().map(|(_, w)| w).sum();
        let mut best = vec![0.0f64; n];
        let mut best_title = vec![0.0f64; n];
        let mut best_title_information = vec![0.0f64; n];
        for (term, query_weight) in &terms {
            best.iter_mut().for_each(|b| *b = 0.0);
            best_title.iter_mut().for_each(|b| *b = 0.0);
            best_title_information.iter_mut().for_each(|b| *b = 0.0);
            // A variant is never rarer than the word asked for: otherwise a common word
            // ("kommun") would score highest through its rare compounds.
            let own_idf = self.postings.contains_key(term).then(|| self.idf(term));
            for (variant, variant_weight) in self.variants(term) {
                let Some(postings) = self.postings.get(&variant) else {
                    continue;
                };
                let idf = own_idf.map_or(self.idf(&variant), |own| own.min(self.idf(&variant)));
                for posting in postings {
                    let doc = &self.docs[posting.doc as usize];
                    let mut tf = 0.0;
                    for field in 0..FIELDS {
                        let mut raw = f64::from(posting.tf[field]);
                        // A title that repeats a word is not more about it.
                        if field == TITLE {
                            raw = raw.min(1.0);
                        }
                        if raw > 0.0 {
                            let norm = 1.0 - FIELD_B[field]
                                + FIELD_B[field] * doc.len[field] / self.avg_len[field];
                            tf += FIELD_WEIGHT[field] * raw / norm;
                        }
                    }
                    let score = variant_weight * idf * tf * (K1 + 1.0) / (K1 + tf);
                    let slot = &mut best[posting.doc as usize];
                    *slot = slot.max(score);
                    if posting.tf[TITLE] > 0 {
                        let slot = &mut best_title[posting.doc as usize];
                        *slot = slot.max(variant_weight);
                        let slot = &mut best_title_information[posting.doc as usize];
                        *slot = slot.max(idf);
                    }
                }
            }
            for doc in 0..n {
                if best[doc] > 0.0 {
                    text_scores[doc] += query_weight * best[doc];
                    matched[doc] += query_weight;
                    in_title[doc] += query_weight * best_title[doc];
                    title_information[doc] += best_title_information[doc];
                }
            }
        }
        for doc in 0..n {
            if text_scores[doc] > 0.0 {
                let coverage = matched[doc] / total_weight;
                let title_coverage = in_title[doc] / total_weight;
                let title_precision = if self.docs[doc].title_information > 0.0 {
                    (title_information[doc] / self.docs[doc].title_information).min(1.0)
                } else {
                    0.0
                };
                scores[doc] += text_scores[doc]
                    * (0.5 + 0.5 * coverage)
                    * (1.0 + TITLE_COVERAGE_BONUS * title_coverage)
                    * (1.0 + TITLE_PRECISION_BONUS * title_precision);
            }
        }
    }

    /// Adds the parts of compound query words the catalogue does not contain as such:
    /// "gymnasieexamen" also searches "gymnasie…" and "examen". The word itself stays
    /// in the query, so its own inflections and compounds still match.
    fn split_compounds(&self, terms: &[(String, f64)]) -> Vec<(String, f64)> {
        let mut out = Vec::with_capacity(terms.len());
        for (term, weight) in terms {
            out.push((term.clone(), *weight));
            if self.postings.contains_key(term) {
                continue;
            }
            let chars: Vec<char> = term.chars().collect();
            // The longest known tail, with a head of at least four letters.
            let split = (4..chars.len().saturating_sub(3)).find_map(|at| {
                let tail: String = chars[at..].iter().collect();
                self.postings.contains_key(&tail).then_some((at, tail))
            });
            let Some((at, tail)) = split else { continue };
            let mut head: String = chars[..at].iter().collect();
            // Swedish joins compound parts with a linking s ("kommuns|anställda").
            if !self.has_prefix(&head) && head.ends_with('s') {
                head.pop();
            }
            if self.has_prefix(&head) {
                out.push((head, weight * COMPOUND_PART_WEIGHT));
            }
            out.push((tail, weight * COMPOUND_PART_WEIGHT));
        }
        out
    }

    fn has_prefix(&self, head: &str) -> bool {
        head.chars().count() >= 4
            && self
                .postings
                .range(head.to_string()..)
                .next()
                .is_some_and(|(term, _)| term.starts_with(head))
    }

    /// The indexed terms a query term may stand for, with how much each is worth:
    /// itself; inflections the stemmer missed ("sjukfrånvaron" → "sjukfrånvaro"); and,
    /// for longer words, compounds that end or begin with it.
    fn variants(&self, term: &str) -> Vec<(String, f64)> {
        let mut out: Vec<(String, f64)> = Vec::new();
        let mut add = |t: &str, w: f64| match out.iter_mut().find(|(x, _)| x == t) {
            Some(existing) => existing.1 = existing.1.max(w),
            None => out.push((t.to_string(), w)),
        };
        if self.postings.contains_key(term) {
            add(term, 1.0);
        }
        let len = term.chars().count();
        if len < 4 {
            return out;
        }
        // Shorter forms: drop up to three final letters, keeping at least four.
        let chars: Vec<char> = term.chars().collect();
        for cut in 1..=3 {
            if len - cut < 4 {
                break;
            }
            let shorter: String = chars[..len - cut].iter().collect();
            if self.postings.contains_key(&shorter) {
                add(&shorter, INFLECTION_WEIGHT);
            }
        }
        // Longer forms and compounds beginning with the term.
        for (candidate, _) in self.postings.range(term.to_string()..) {
            if !candidate.starts_with(term) {
                break;
            }
            let extra = candidate.chars().count() - len;
            if extra == 0 {
                continue;
            }
            if extra <= 3 {
                add(candidate, INFLECTION_WEIGHT);
            } else if len >= 6 {
                add(candidate, COMPOUND_WEIGHT);
            }
        }
        // Compounds ending with the term: "frånvaro" in "sjukfrånvaro".
        if len >= 5 {
            let reversed: String = term.chars().rev().collect();
            for (candidate, original) in self.reversed.range(reversed.clone()..) {
                if !candidate.starts_with(&reversed) {
                    break;
                }
                if candidate.chars().count() >= len + 3 {
                    add(original, COMPOUND_WEIGHT);
                }
            }
        }
        out
    }

    fn idf(&self, term: &str) -> f64 {
        let n = self.docs.len() as f64;
        let df = self.postings.get(term).map_or(0, Vec::len) as f64;
        if df == 0.0 {
            return 0.0;
        }
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn top(&self, scores: Vec<f64>, limit: usize) -> Vec<Hit> {
        let mut ranked: Vec<(usize, f64)> = scores
            .into_iter()
            .enumerate()
            .filter(|(_, score)| *score > 0.0)
            .collect();
        // Ties go to the shorter title (the more general KPI), then the id, so the
        // order is stable across runs.
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| self.docs[a.0].len[TITLE].total_cmp(&self.docs[b.0].len[TITLE]))
                .then_with(|| self.docs[a.0].id.cmp(&self.docs[b.0].id))
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(doc, score)| Hit {
                id: self.docs[doc].id.clone(),
                title: self.docs[doc].title.clone(),
                score,
            })
            .collect()
    }
}

/// Title words that mark a KPI as the total rather than a subset.
const GENERAL_WORDS: &[&str] = &["total", "totalt", "totala", "samtliga", "sammantaget"];

/// Words every goal text uses ("the goal is to increase…"); they say nothing about
/// which KPI follows the goal up.
const GOAL_BOILERPLATE: &[&str] = &[
    "mål",
    "målet",
    "målen",
    "målsättning",
    "kommun",
    "kommunen",
    "kommunens",
    "öka",
    "ökad",
    "minska",
    "minskad",
    "förbättra",
    "förbättras",
    "utveckla",
    "utvecklas",
    "arbeta",
    "arbete",
    "arbetet",
    "bidra",
    "säkerställa",
    "stärka",
    "stärkas",
    "verka",
    "genomföra",
    "insats",
    "insatser",
    "procent",
    "år",
    "särskilt",
    "god",
    "gott",
    "goda",
    "bra",
];

/// How many of a long text's terms become the query in `suggest_for_text`.
const SUGGEST_TERMS: usize = 12;

/// Splits text into lower-case words: runs of letters and digits ("CO2-ekv/inv" gives
/// "co2", "ekv", "inv").
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

static SWEDISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Swedish));

/// The Snowball Swedish stem of a lower-case word ("anställda" → "anställd").
pub fn stem(word: &str) -> String {
    SWEDISH.stem(word).into_owned()
}

/// The terms of a text as the index sees them: tokenized, abbreviations spelt out, stop
/// words dropped, stemmed. Use it to compare text with the index's terms.
pub fn analyze(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for word in tokenize(text) {
        for expanded in expand_abbreviation(&word) {
            if !is_stopword(expanded) {
                terms.push(stem(expanded));
            }
        }
    }
    terms
}

/// Kolada's titles abbreviate ("kr/inv"); spelling out lets "per invånare" find them.
fn expand_abbreviation(word: &str) -> Vec<&str> {
    match word {
        "inv" => vec!["invånare"],
        "kr" | "tkr" => vec!["kronor"],
        "åk" => vec!["årskurs"],
        "fg" => vec!["föregående"],
        // Kolada writes both "CO2-ekv" and "CO2e".
        "co2e" => vec!["co2", "ekv"],
        _ => vec![word],
    }
}

/// Swedish function words that tell nothing about a KPI.
pub fn is_stopword(word: &str) -> bool {
    const STOPWORDS: &[&str] = &[
        "alla", "allt", "att", "av", "bara", "bland", "blir", "da", "de", "dem", "den", "denna",
        "deras", "dess", "dessa", "det", "detta", "dig", "din", "dvs", "där", "då", "efter",
        "eller", "en", "er", "ett", "ex", "fr", "från", "för", "ha", "har", "hos", "hur", "i",
        "in", "inom", "inte", "jag", "ju", "kan", "man", "med", "mellan", "men", "mm", "mot",
        "när", "o", "och", "också", "om", "oss", "per", "på", "sig", "sin", "sina", "sitt", "ska",
        "skall", "som", "så", "t", "till", "under", "ut", "utan", "vad", "var", "vara", "vi",
        "vid", "vilka", "vilken", "vår", "våra", "även", "är", "åt", "över", "samt", "ni", "nu",
        "få", "göra", "genom", "där", "ska", "bli", "vill", "kommer",
    ];
    STOPWORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi(id: &str, title: &str, description: &str) -> Kpi {
        Kpi {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            is_divided_by_gender: false,
            municipality_type: None,
            auspice: None,
            operating_area: None,
            perspective: None,
            prel_publication_date: None,
            publication_date: None,
            publ_period: None,
            has_ou_data: false,
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new(&[
            kpi(
                "N1",
                "Sjukfrånvaro totalt bland anställda, andel (%)",
                "Sjukfrånvaro som andel.",
            ),
            kpi("N2", "Invånare totalt, antal", "Antal invånare den 31/12."),
            kpi("N3", "Kostnad grundskola, kr/inv", "Kostnad per invånare."),
            kpi(
                "U4",
                "Ekologiska livsmedel, andel (%)",
                "Inköpta livsmedel.",
            ),
            kpi("N1", "Duplicate", "Ignored."),
        ])
    }

    #[test]
    fn analyze_stems_expands_and_drops_stop_words() {
        assert_eq!(
            analyze("Sjukfrånvaro bland anställda"),
            ["sjukfrånvaro", "anställd"]
        );
        assert_eq!(analyze("kr/inv"), [stem("kronor"), stem("invånare")]);
        assert_eq!(tokenize("CO2-ekv/inv"), ["co2", "ekv", "inv"]);
    }

    #[test]
    fn inflections_and_compounds_match() {
        let index = index();
        assert_eq!(index.search("sjukfrånvaron", 1)[0].id, "N1");
        assert_eq!(index.search("frånvaro", 1)[0].id, "N1");
        assert_eq!(index.search("ekologisk", 1)[0].id, "U4");
        assert_eq!(index.search("kostnad per invånare", 1)[0].id, "N3");
    }

    #[test]
    fn ids_rank_first_and_duplicates_are_dropped() {
        let index = index();
        assert_eq!(index.len(), 4);
        let hits = index.search("n2", 10);
        assert_eq!(hits[0].id, "N2");
        assert_eq!(
            index
                .search("N1", 10)
                .iter()
                .filter(|h| h.id == "N1")
                .count(),
            1
        );
        assert!(index.search("", 10).is_empty());
        assert!(index.search("!!!", 10).is_empty());
        assert!(index.search("sjukfrånvaro", 0).is_empty());
    }
}
