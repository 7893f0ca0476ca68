//! Quantified and dated targets in political text: "minst 75 000 invånare år 2040",
//! "högst 5 %", "fossilbränslefritt och klimatneutralt 2030".
//!
//! A numeric target needs a comparator word or a year; a bare number ("FN:s 17 globala
//! mål") is not a target. When the text states no comparator ("80 procent år 2030"),
//! `comparator` is `None`: the document does not say which direction counts, so a person
//! decides when linking the target to an indicator.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::{Comparator, TextTargetDraft};

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        # a change: öka med 1 procent, minska till 26 000
        (?:\b(?P<verb>(?i:öka|minska|sänka|höja|halvera|växa))[a-zåäö]*\s+(?i:med|till)\s+)?
        (?:\b(?P<cmp>(?i:minst|åtminstone|högst|som\s+mest|som\s+högst|maximalt|max|mer\s+än
            |fler\s+än|högre\s+än|över|mindre\s+än|färre\s+än|lägre\s+än|under))\s+)?
        \b(?P<num>\d{1,3}(?:\x20\d{3})+|\d+)(?:,(?P<dec>\d+))?
        # a range: 8–12 procent
        (?:\s*[–-]\s*(?P<to>\d{1,3}(?:\x20\d{3})+|\d+)(?:,(?P<todec>\d+))?)?
        (?:\s*(?P<pct>%|(?i:procent)\b)|\s+(?P<unit>\p{Ll}[\p{Ll}-]*))
        (?P<peryear>\s+(?i:per\s+år|varje\s+år|om\s+året|årligen)\b)?
        # whose share it is, before the year: 90 % av eleverna år 2027
        (?:(?P<whose>\s+(?:av|bland|i)\s+\p{Ll}+)?
        \s+(?:(?P<conn>till\s+år|senast\s+år|fram\s+till|år|senast|till|innan|före)\s+)?
            (?P<year>(?:19|20)\d{2})\b
        # by the end of the term of office the document names
        |(?P<mandate>\s+(?i:under|till\s+slutet\s+av|senast\s+vid\s+slutet\s+av)\s+(?:denna\s+)?mandatperioden))?",
    )
    .expect("the numeric target pattern is valid")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:19|20)\d{2}\b").expect("the year pattern is valid"));

/// Words that cannot be the unit of a number or part of a dated target.
const STOP_WORDS: [&str; 48] = [
    "och", "eller", "samt", "att", "som", "i", "på", "för", "av", "med", "till", "år", "senast",
    "innan", "före", "den", "det", "de", "ett", "en", "ska", "skall", "vara", "bli", "är", "blir",
    "har", "var", "kan", "bör", "vill", "inom", "under", "efter", "sedan", "från", "mellan",
    "budget", "budgeten", "planen", "perioden", "året", "mål", "målet", "plan", "inför", "om",
    "fram",
];

/// Verbs that introduce a dated state: "vara fossilbränslefritt … 2030", "bli klimatneutral
/// senast 2035". Requiring one keeps past events ("startade 2019") out.
const STATE_VERBS: [&str; 10] = [
    "vara", "bli", "är", "blir", "bliva", "förbli", "uppnå", "nå", "nås", "uppnås",
];

const YEAR_CONNECTORS: [&str; 6] = ["år", "till", "senast", "innan", "före", "fram"];

/// A national award won in a given year: "bli Årets företagarkommun 2027".
static AWARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:bli|utses\s+till|utnämnas\s+till|koras\s+till|vinna|ta\s+hem)\s+(?P<award>Årets\s+[a-zß-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ-]*(?:\s+[a-zß-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ-]*)?)\s+(?:(?i:år|senast)\s+)?(?P<year>(?:19|20)\d{2})\b",
    )
    .expect("the award pattern is valid")
});

/// The term of office a document names: "mandatperioden 2023–2026".
static MANDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)mandatperiode[nr]?\s+(?:(?:19|20)\d{2})\s*[–-]\s*(?P<end>(?:19|20)?\d{2})\b")
        .expect("the term of office pattern is valid")
});

/// Adjectives that make a dated state a target whatever verb leads to it.
const TARGET_STATES: [&str; 5] = [
    "klimatneutral",
    "klimatpositiv",
    "fossilfri",
    "fossilbränslefri",
    "koldioxidneutral",
];

/// The last year of the term of office a text names ("mandatperioden 2023–2026" → 2026).
pub(crate) fn mandate_end(text: &str) -> Option<i32> {
    let end = MANDATE.captures(text)?.name("end")?.as_str();
    let year: i32 = end.parse().ok()?;
    Some(if year < 100 { 2000 + year } else { year })
}

/// All targets in `text`, in order of appearance, without duplicates. A target "under
/// mandatperioden" gets `mandate_end` as its year.
pub(crate) fn find_targets(text: &str, mandate_end: Option<i32>) -> Vec<TextTargetDraft> {
    let mut found = Vec::new();
    let mut used: Vec<Range<usize>> = Vec::new();
    for captures in AWARD.captures_iter(text) {
        let (Some(whole), Some(award), Some(year)) = (
            captures.get(0),
            captures.name("award"),
            captures.name("year"),
        ) else {
            continue;
        };
        used.push(whole.range());
        push_unique(
            &mut found,
            TextTargetDraft {
                text: format!("{} {}", award.as_str(), year.as_str()),
                year: year.as_str().parse().ok(),
                ..Default::default()
            },
        );
    }
    for captures in NUMERIC.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let committed = sentence_commits(text, whole.start());
        let Some(mut target) = numeric_target(&captures, committed) else {
            continue;
        };
        if target.year.is_none() {
            target.year = year_ending_sentence(text, whole.end());
        }
        if captures.name("mandate").is_some() {
            target.year = mandate_end;
            if mandate_end.is_none() {
                target.confidence = riktning_domain::Confidence(50);
                target.doubt = Some("term-of-office-unknown".into());
            }
        }
        used.push(whole.range());
        push_unique(&mut found, target);
    }
    for year in YEAR.find_iter(text) {
        if used
            .iter()
            .any(|r| r.start <= year.start() && year.end() <= r.end)
        {
            continue;
        }
        if let Some(target) = dated_target(text, year.start(), year.end()) {
            push_unique(&mut found, target);
        }
    }
    found
}

pub(crate) fn push_unique(found: &mut Vec<TextTargetDraft>, target: TextTargetDraft) {
    let same = |t: &TextTargetDraft| {
        t.comparator == target.comparator
            && t.value == target.value
            && t.unit == target.unit
            && t.year == target.year
    };
    if !found.iter().any(same) {
        found.push(target);
    }
}

/// "Minst 90 procent av de äldre ska vara nöjda … år 2027.": a year phrase that ends the
/// sentence a target without a year stands in dates that target.
fn year_ending_sentence(text: &str, from: usize) -> Option<i32> {
    let rest = &text[from..floor_char_boundary(text, from + LOOK_AROUND)];
    let end = match rest.find(['.', '!', '?', '\n']) {
        Some(end) => end,
        // The sentence goes on beyond what is looked at: its end is unknown.
        None if from + LOOK_AROUND < text.len() => return None,
        None => rest.len(),
    };
    YEAR_AT_END
        .captures(&rest[..end])
        .and_then(|c| c.name("year")?.as_str().parse().ok())
}

static YEAR_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:år|till\s+år|till|senast|senast\s+år|före)\s+(?P<year>(?:19|20)\d{2})\s*$")
        .expect("the sentence-end year pattern is valid")
});

/// Whether the sentence around `at` commits to something ("… ska besvara 90 procent av
/// samtalen …"), which makes a share in it a target without a comparator or a year.
fn sentence_commits(text: &str, at: usize) -> bool {
    let window = ceil_char_boundary(text, at.saturating_sub(LOOK_AROUND));
    let before = &text[window..at];
    let start = before.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    crate::sentences::has_commitment_verb(&before[start..])
}

/// How far around a number the sentence is looked at: bounded, so that a long text
/// without full stops stays linear.
const LOOK_AROUND: usize = 300;

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// "75 000" with decimals "5" as 75000.5: a number as documents write it.
pub(crate) fn number(digits: &str, decimals: Option<regex::Match<'_>>) -> Option<f64> {
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    let value = match decimals {
        Some(dec) => format!("{digits}.{}", dec.as_str()),
        None => digits,
    };
    value.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn numeric_target(captures: &regex::Captures<'_>, committed: bool) -> Option<TextTargetDraft> {
    let cmp_word = captures.name("cmp").map(|m| m.as_str().to_lowercase());
    let comparator = cmp_word.as_deref().and_then(comparator_for);
    let number = captures.name("num")?.as_str();
    let year = captures
        .name("year")
        .and_then(|m| m.as_str().parse::<i32>().ok());
    let percent = captures.name("pct").is_some();
    let mut unit = if percent {
        Some("%".to_string())
    } else {
        Some(captures.name("unit")?.as_str().to_string())
    };
    // "230 år 2027": the year is the target's, not a unit.
    if unit.as_deref() == Some("år") && year.is_some() {
        unit = None;
    } else if unit.as_deref().is_some_and(|u| STOP_WORDS.contains(&u)) {
        return None;
    }
    let changes = captures.name("verb").is_some() || captures.name("peryear").is_some();
    let range = captures.name("to").is_some();
    let mandate = captures.name("mandate").is_some();
    let year_like = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
    if year_like && comparator.is_none() {
        return None;
    }
    // "över 65 år" describes a group of people unless a target year makes it a goal.
    let weak = matches!(cmp_word.as_deref(), Some("över" | "under"));
    let dated = year.is_some() || mandate;
    let stated = comparator.is_some() || dated || changes || range || percent && committed;
    if !stated || weak && !dated {
        return None;
    }
    let value = self::number(number, captures.name("dec"))?;
    let value_to = match captures.name("to") {
        Some(to) => Some(self::number(to.as_str(), captures.name("todec"))?),
        None => None,
    };
    // The change verb says how the target reads, but the target is what follows it.
    let from = captures.name("cmp").or(captures.name("num"))?.start();
    let whole_match = captures.get(0)?;
    let text = &whole_match.as_str()[from - whole_match.start()..];
    Some(TextTargetDraft {
        text: text.trim().to_string(),
        comparator,
        value: Some(value),
        value_to,
        per_year: captures.name("peryear").is_some(),
        unit,
        year,
        ..Default::default()
    })
}

fn comparator_for(word: &str) -> Option<Comparator> {
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match word.as_str() {
        "minst" | "åtminstone" => Comparator::AtLeast,
        "högst" | "som mest" | "som högst" | "maximalt" | "max" => Comparator::AtMost,
        "mer än" | "fler än" | "högre än" | "över" => Comparator::MoreThan,
        "mindre än" | "färre än" | "lägre än" | "under" => Comparator::LessThan,
        _ => return None,
    })
}

/// "… vara fossilbränslefritt och klimatneutralt 2030": the one to four lowercase words
/// before the year, joined by "och" or commas, after a verb such as "vara" or "bli".
fn dated_target(text: &str, start: usize, end: usize) -> Option<TextTargetDraft> {
    let after = &text[end..];
    let before = &text[..start];
    // Ranges ("2025–2027") and decades ("2020-talet") are periods, not targets.
    if after.starts_with(['–', '-', '—']) || before.ends_with(['–', '-', '—']) {
        return None;
    }
    // Only the few words before the year matter; bounding the look-back keeps the scan
    // linear on text with many years.
    let mut window = before.len().saturating_sub(300);
    while !before.is_char_boundary(window) {
        window += 1;
    }
    let words: Vec<(usize, &str)> = words_with_offsets(&before[window..])
        .into_iter()
        .map(|(offset, word)| (offset + window, word))
        .collect();
    let mut index = words.len();
    let mut skipped = 0;
    let mut deadline = false;
    while index > 0 && skipped < 2 && YEAR_CONNECTORS.contains(&words[index - 1].1) {
        deadline |= words[index - 1].1 == "senast";
        index -= 1;
        skipped += 1;
    }
    // A place after its adjective: "ett klimatneutralt Härnösand 2030".
    let mut place = false;
    if skipped == 0
        && index > 1
        && words[index - 1]
            .1
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        && words[index - 1].1.chars().count() >= 3
        && is_content_word(words[index - 2].1)
    {
        place = true;
        index -= 1;
    }
    let mut content = 0;
    let mut first_content = None;
    while index > 0 && content < 4 {
        let (offset, word) = words[index - 1];
        let clean = word.trim_end_matches(',');
        if clean == "och" && content > 0 {
            index -= 1;
            continue;
        }
        if !is_content_word(clean) || (word.ends_with(',') && content == 0) {
            break;
        }
        content += 1;
        first_content = Some(offset);
        index -= 1;
    }
    // A dangling "och" belongs to the sentence, not to the target.
    while index < words.len() && words[index].1 == "och" {
        index += 1;
    }
    // "vara en fossilfri kommun": the article belongs to the state.
    if index > 0 && matches!(words[index - 1].1, "en" | "ett") {
        index -= 1;
    }
    let opener = index.checked_sub(1).map(|i| words[i].1.to_lowercase())?;
    let from = if place && content == 0 {
        None
    } else {
        first_content
    }?;
    let state_word = text[from..start].split_whitespace().any(|w| {
        let w = w.to_lowercase();
        TARGET_STATES.iter().any(|s| w.starts_with(s))
    });
    if content == 0 || !(STATE_VERBS.contains(&opener.as_str()) || deadline || state_word) {
        return None;
    }
    let year = text[start..end].parse::<i32>().ok()?;
    Some(TextTargetDraft {
        text: text[from..end].to_string(),
        comparator: None,
        value: None,
        unit: None,
        year: Some(year),
        ..Default::default()
    })
}

fn words_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, &text[s..at]));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    words
}

fn is_content_word(word: &str) -> bool {
    word.chars().count() >= 3
        && word.chars().all(|c| c.is_lowercase() || c == '-')
        && !STOP_WORDS.contains(&word)
        && !STATE_VERBS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> TextTargetDraft {
        let found = find_targets(text, Some(2026));
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn at_least_with_unit_and_year() {
        let t = one("då är minst 75 000 invånare år 2040. Sedan mer");
        assert_eq!(t.text, "minst 75 000 invånare år 2040");
        assert_eq!(t.comparator, Some(Comparator::AtLeast));
        assert_eq!(t.value, Some(75000.0));
        assert_eq!(t.unit.as_deref(), Some("invånare"));
        assert_eq!(t.year, Some(2040));
        let t = one("att bli minst 75 000 medborgare till år 2040.");
        assert_eq!(t.unit.as_deref(), Some("medborgare"));
        assert_eq!(t.year, Some(2040));
    }

    #[test]
    fn percent_decimals_and_comparators() {
        let t = one("andelen ska vara högst 12,5 % senast 2027");
        assert_eq!(t.comparator, Some(Comparator::AtMost));
        assert_eq!(t.value, Some(12.5));
        assert_eq!(t.unit.as_deref(), Some("%"));
        assert_eq!(t.year, Some(2027));
        let t = one("minst 90 procent av eleverna");
        assert_eq!(
            (t.value, t.unit.as_deref(), t.year),
            (Some(90.0), Some("%"), None)
        );
        let t = one("färre än 200 vräkningar 2026");
        assert_eq!(t.comparator, Some(Comparator::LessThan));
        let t = one("fler än 1\u{20}200 bostäder före 2030");
        assert_eq!(
            (t.comparator, t.value),
            (Some(Comparator::MoreThan), Some(1200.0))
        );
        let t = one("minst 90 % av eleverna år 2027 ska klara målen");
        assert_eq!(t.text, "minst 90 % av eleverna år 2027");
        assert_eq!((t.value, t.year), (Some(90.0), Some(2027)));
        let t = one("andelen ska öka till 80 procent år 2030");
        assert_eq!(
            (t.comparator, t.value, t.year),
            (None, Some(80.0), Some(2030))
        );
    }

    #[test]
    fn dated_state_without_value() {
        let t = one("ska vara fossilbränslefritt och klimatneutralt 2030 samt aktiva");
        assert_eq!(t.text, "fossilbränslefritt och klimatneutralt 2030");
        assert_eq!(
            (t.comparator, t.value, t.unit, t.year),
            (None, None, None, Some(2030))
        );
        let t = one("Kommunen ska bli klimatneutral senast 2035.");
        assert_eq!(t.text, "klimatneutral senast 2035");
    }

    #[test]
    fn names_budgets_and_bare_numbers_are_not_targets() {
        for text in [
            "I budget 2024 finns åtta mål.",
            "Arbetet utgår från Agenda 2030 och Vision 2030.",
            "FN:s 17 globala mål är viktiga.",
            "Projektet startade 2019 och pågår.",
            "personer över 65 år ska få stöd",
            "Mål och budget 2025–2027",
            "mellan 2020 och 2030",
            "under 2024 ska vi",
        ] {
            assert!(
                find_targets(text, None).is_empty(),
                "{text}: {:?}",
                find_targets(text, None)
            );
        }
    }

    #[test]
    fn ranges_changes_terms_of_office_and_awards() {
        let t = one("Utsläppen ska minska med 8–12 procent per år.");
        assert_eq!(
            (t.value, t.value_to, t.per_year),
            (Some(8.0), Some(12.0), true)
        );
        let t = one("Befolkningen ska öka med 1 procent per år.");
        assert_eq!((t.value, t.per_year), (Some(1.0), true));
        let t = one("Befolkningen ska öka till 26 000 invånare under mandatperioden.");
        assert_eq!((t.value, t.year), (Some(26000.0), Some(2026)));
        let t = one("Gnosjö ska bli Årets företagarkommun 2027.");
        assert_eq!(
            (t.text.as_str(), t.year),
            ("Årets företagarkommun 2027", Some(2027))
        );
        let t = one("Meritvärdet ska öka till minst 230 år 2027.");
        assert_eq!((t.value, t.unit, t.year), (Some(230.0), None, Some(2027)));
        let t = one("Kontaktcenter ska besvara 90 procent av samtalen inom en minut.");
        assert_eq!(t.value, Some(90.0));
        assert!(find_targets("Kostnaderna ökade 4 procent i fjol.", None).is_empty());
        let t = one("Minst 90 procent av de äldre ska vara nöjda med hemtjänsten år 2027.");
        assert_eq!((t.value, t.year), (Some(90.0), Some(2027)));
        assert_eq!(mandate_end("under mandatperioden 2023–2026"), Some(2026));
        assert_eq!(mandate_end("mandatperioden 2023-26"), Some(2026));
    }

    #[test]
    fn dated_states_after_other_verbs() {
        let found = find_targets(
            "Kommunen ska bidra till ett klimatneutralt Härnösand 2030 och en klimatpositiv kommun 2050.",
            None,
        );
        let texts: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["klimatneutralt Härnösand 2030", "klimatpositiv kommun 2050"]
        );
        let t = one("Ystad ska vara en fossilfri kommun 2035.");
        assert_eq!(t.year, Some(2035));
        let t = one("Alla ska ha tillgång till bredband senast 2026.");
        assert_eq!(t.text, "bredband senast 2026");
    }

    #[test]
    fn duplicates_are_dropped() {
        let found = find_targets(
            "minst 75 000 invånare år 2040, minst 75 000 invånare år 2040",
            None,
        );
        assert_eq!(found.len(), 1);
    }
}
