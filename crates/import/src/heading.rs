//! Recognising a goal heading in a line of text: "1.1 …", "1:1 …", "Mål 1. …", "Mål 3: …",
//! "Strategiområde 1 – …", "Målområde 1:1 …", "Fokusmål A …", "Inriktningsmål II …".

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GoalHeading {
    /// Normalised code, e.g. "1.1".
    pub code: String,
    /// The word before the number ("Mål", "Strategiområde"), if any.
    pub keyword: Option<String>,
    /// The text after the number: the goal statement or the area's name. May be empty
    /// for "Mål 1" on its own line.
    pub rest: String,
    /// The line ended in dot leaders and a page number: a table-of-contents entry.
    pub toc: bool,
    /// Numbered with a letter or a Roman numeral ("Fokusmål B"), whose code is its place.
    pub lettered: bool,
    /// The noun names an area over goals ("Strategiområde", "Perspektiv").
    pub area: bool,
}

/// Nouns that name an area over goals rather than a goal.
static AREA_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:strategiområde|strategiskt\s+område|målområde|fokusområde|utvecklingsområde|område|perspektiv)$")
        .expect("the area noun pattern is valid")
});

/// Whether `noun` (as written before a number) names an area.
pub(crate) fn is_area_noun(noun: &str) -> bool {
    AREA_NOUN.is_match(noun.trim())
}

/// The words that stand before a goal's or an area's number, longest first.
const NOUNS: &str = r"strategiområde|strategiskt\s+område|strategiskt\s+mål|strategiska\s+mål
    |målområde|fokusområde|utvecklingsområde|område|perspektiv|fokusmål|inriktningsmål|effektmål
    |verksamhetsmål|kommunmål|nämndmål|övergripande\s+mål|delmål|målsättning|mål";

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^
        (?:(?P<kw>(?i:{NOUNS}))\s+)?
        (?P<num>\d{{1,2}}(?:[.:]\d{{1,2}}){{0,3}})
        (?P<trail>[.:)]?)
        (?:\s*[–—-]\s+|\s*[–—-]$|\s+|$)
        (?P<rest>.*)$"
    ))
    .expect("the goal heading pattern is valid")
});

/// A goal numbered with a capital letter or a Roman numeral: only after a noun, since
/// "I" and "A" begin sentences too.
static LETTERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^
        (?P<kw>(?i:{NOUNS}))\s+
        (?P<num>[IVX]{{1,5}}|[A-H])
        (?P<trail>[.:)]?)
        (?:\s*[–—-]\s+|\s*[–—-]$|\s+|$)
        (?P<rest>.*)$"
    ))
    .expect("the lettered heading pattern is valid")
});

/// "B" is 2, "IV" is 4; `None` for what is neither.
fn letter_or_roman(number: &str) -> Option<u32> {
    if let [letter @ b'A'..=b'H'] = number.as_bytes() {
        return Some(u32::from(letter - b'A') + 1);
    }
    // Goal numbers stay small; a numeral is accepted only as it is properly written.
    (1..=20).find(|n| roman(*n) == number)
}

/// 1 to 39 as a Roman numeral.
fn roman(n: u32) -> String {
    let ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = "X".repeat((n / 10) as usize);
    format!("{tens}{}", ones[(n % 10) as usize])
}

/// Dot leaders and a page number at the end of a table-of-contents line.
static TOC_LEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<text>.*?)\s*(?:\.\s*){3,}\d{1,4}$|^(?P<text2>.*?)\s*…+\s*\d{1,4}$")
        .expect("the table-of-contents pattern is valid")
});

/// Parses `text` (one heading, already unwrapped) as a goal heading.
///
/// False positives are worse than misses here, because a goal invented from a wrapped line
/// ("75 000 invånare", "2030 samt …") splits a political text in two. So the number has
/// components of one or two digits and the text after it starts with an uppercase letter.
pub(crate) fn parse_goal_heading(text: &str) -> Option<GoalHeading> {
    let text = text.trim();
    let (captures, code, lettered) = match HEADING.captures(text) {
        Some(captures) => {
            let code = riktning_domain::normalise_goal_code(captures.name("num")?.as_str())?;
            (captures, code, false)
        }
        None => {
            let captures = LETTERED.captures(text)?;
            let code = letter_or_roman(captures.name("num")?.as_str())?.to_string();
            (captures, code, true)
        }
    };
    let keyword = captures.name("kw").map(|m| m.as_str().to_string());
    let area = keyword.as_deref().is_some_and(is_area_noun);
    let mut rest = captures.name("rest").map_or("", |m| m.as_str()).trim();
    let mut toc = false;
    if let Some(leader) = TOC_LEADER.captures(rest) {
        toc = true;
        rest = leader
            .name("text")
            .or_else(|| leader.name("text2"))
            .map_or("", |m| m.as_str())
            .trim();
    }
    if rest.is_empty() {
        // "Mål 1" alone: the statement follows. A bare number alone is a page number.
        return keyword.map(|keyword| GoalHeading {
            code,
            keyword: Some(keyword),
            rest: String::new(),
            toc,
            lettered,
            area,
        });
    }
    let first = rest.chars().next()?;
    // An area's name may be written in lowercase after its noun ("Strategiområde 2 –
    // ett hållbart samhälle"); a goal's statement starts a sentence.
    if !(first.is_uppercase() || area && first.is_alphabetic()) {
        return None;
    }
    let bare_single = keyword.is_none() && !code.contains('.');
    // "3. Kommunen ska …" is a numbered list item, not a chapter or goal heading.
    if bare_single && rest.ends_with(['.', '!', '?', ';', ',', ':']) {
        return None;
    }
    Some(GoalHeading {
        code,
        keyword,
        rest: rest.to_string(),
        toc,
        lettered,
        area,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<String> {
        parse_goal_heading(text).map(|h| h.code)
    }

    #[test]
    fn common_forms_are_recognised() {
        assert_eq!(code("1.1 Östersunds kommun har").as_deref(), Some("1.1"));
        assert_eq!(code("1:2 Alla barn").as_deref(), Some("1.2"));
        assert_eq!(code("Mål 1. Trygg kommun").as_deref(), Some("1"));
        assert_eq!(code("Mål 3: Alla barn").as_deref(), Some("3"));
        assert_eq!(code("MÅL 4 – Växande").as_deref(), Some("4"));
        assert_eq!(
            code("Strategiområde 2 – Trygg kommun").as_deref(),
            Some("2")
        );
        assert_eq!(code("Målområde 1:1 Trygghet").as_deref(), Some("1.1"));
        assert_eq!(code(" 1 Kommunövergripande mål ").as_deref(), Some("1"));
        let alone = parse_goal_heading("Mål 5").expect("keyword alone");
        assert_eq!(alone.rest, "");
        let area = parse_goal_heading("Strategiområde 2 – ett hållbart samhälle").expect("area");
        assert!(area.area);
        assert_eq!(area.rest, "ett hållbart samhälle");
        assert!(
            !parse_goal_heading("Mål 2 – Trygg kommun")
                .expect("goal")
                .area
        );
        assert_eq!(
            code("Mål 2 – trygg kommun"),
            None,
            "a goal starts a sentence"
        );
    }

    #[test]
    fn other_nouns_letters_and_roman_numerals_are_recognised() {
        assert_eq!(code("Fokusmål 2: Fler i arbete").as_deref(), Some("2"));
        assert_eq!(
            code("Strategiskt mål 3 – Trygg uppväxt").as_deref(),
            Some("3")
        );
        assert_eq!(
            code("Inriktningsmål B. Hållbar tillväxt").as_deref(),
            Some("2")
        );
        assert_eq!(code("Övergripande mål II Trygghet").as_deref(), Some("2"));
        assert_eq!(code("Mål IV: Kultur för alla").as_deref(), Some("4"));
        assert_eq!(code("Kommunmål 1:1 Fler bostäder").as_deref(), Some("1.1"));
        // Without a noun a letter or numeral begins an ordinary sentence.
        assert_eq!(code("I Östersund ska alla trivas"), None);
        assert_eq!(code("A Trygg kommun"), None);
        assert_eq!(code("Fokusmål C – Klimat").as_deref(), Some("3"));
        assert_eq!(code("Mål IIII Fel"), None, "not a numeral as written");
        assert_eq!(code("Mål XIV Miljö").as_deref(), Some("14"));
    }

    #[test]
    fn running_text_is_not_a_heading() {
        assert_eq!(code("75 000 invånare år 2040"), None);
        assert_eq!(code("2030 samt aktiva i nationella initiativ"), None);
        assert_eq!(code("1.5 miljoner kronor"), None);
        assert_eq!(code("3. Kommunen ska bygga fler bostäder."), None);
        assert_eq!(code("12"), None);
        assert_eq!(code("Mål 2030 Hållbar"), None);
        assert_eq!(code("123.1 Något"), None);
    }

    #[test]
    fn table_of_contents_lines_are_marked() {
        let toc = parse_goal_heading("1.1 Ledning ............ 5").expect("toc");
        assert!(toc.toc);
        assert_eq!(toc.rest, "Ledning");
        assert!(!parse_goal_heading("1.1 Ledning").expect("heading").toc);
    }
}
