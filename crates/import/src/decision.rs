//! The decision of record: lines such as "Beslutad i kommunfullmäktige 2023-11-22, § 187"
//! and "Dnr KS 2023/123" say which body adopted the document, when, in which paragraph
//! of the minutes and under which case number. They are taken out of the text, so that
//! they are not glued into a goal's political text, and gathered into one decision.

use regex::Regex;
use riktning_domain::DecisionDraft;
use std::sync::LazyLock;
use time::{Date, Month};

use crate::block::{Block, BlockKind};

/// Longer paragraphs are prose that may mention a decision, not a decision line.
const MAX_LINE: usize = 160;

static BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(kommunfullmäktige|regionfullmäktige|landstingsfullmäktige|fullmäktige|kf|rf)\b",
    )
    .expect("body pattern")
});
static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(beslut[a-zåäö]*|anta[a-zåäö]*|antog[a-zåäö]*|fastställ[a-zåäö]*|godkän[a-zåäö]*|klubba[a-zåäö]*)\b")
        .expect("adopted pattern")
});
static PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"§\s?(\d{1,4})").expect("paragraph pattern"));
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("date pattern"));
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})\s+(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+(\d{4})\b",
    )
    .expect("worded date pattern")
});
static CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:dnr|diarienr|diarienummer|diarie-?nummer)\.?\s*:?\s*([A-ZÅÄÖ]{1,8}[ -]?\d{4}/\d{1,6}(?:[-.:]\d{1,4})?|[A-ZÅÄÖ]{1,8}/\d{1,6}/\d{4}|\d{4}/\d{1,6})")
        .expect("case number pattern")
});

/// The blocks that are decision lines, and the decision they make together.
pub(crate) fn find(blocks: &[Block]) -> (Option<DecisionDraft>, Vec<usize>) {
    let mut found = DecisionDraft::default();
    let mut used = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Bullet) {
            continue;
        }
        let text = block.text();
        let line = text.trim();
        if line.chars().count() > MAX_LINE {
            continue;
        }
        let case = CASE.captures(line).map(|c| c[1].trim().to_string());
        let adopted = BODY.is_match(line) && ADOPTED.is_match(line);
        // A heading that names the decision ("Beslut i kommunfullmäktige") is kept as
        // a heading unless it carries a date, a paragraph or a case number.
        let specific = date_in(line).is_some() || PARAGRAPH.is_match(line) || case.is_some();
        if !(case.is_some() || adopted && specific) {
            continue;
        }
        // "Kommunfullmäktige 2023-12-11 § 156. Dnr KS 2023/901" names the body without
        // a verb; the case number makes it a decision line.
        if BODY.is_match(line) {
            found.body = found
                .body
                .or_else(|| BODY.find(line).map(|m| body_name(m.as_str())));
            found.date = found.date.or_else(|| date_in(line));
            found.paragraph = found
                .paragraph
                .or_else(|| PARAGRAPH.captures(line).map(|c| format!("§ {}", &c[1])));
        }
        found.case_number = found.case_number.or(case);
        found.lines.push(block.line);
        if !found.text.is_empty() {
            found.text.push('\n');
        }
        found.text.push_str(line);
        used.push(index);
    }
    if used.is_empty() {
        (None, used)
    } else {
        (Some(found), used)
    }
}

/// The body as a decision names it: "KF" is written out.
fn body_name(found: &str) -> String {
    match found.to_lowercase().as_str() {
        "kf" | "kommunfullmäktige" | "fullmäktige" => "Kommunfullmäktige".to_string(),
        "rf" | "regionfullmäktige" => "Regionfullmäktige".to_string(),
        _ => "Landstingsfullmäktige".to_string(),
    }
}

fn date_in(line: &str) -> Option<Date> {
    if let Some(c) = ISO_DATE.captures(line) {
        let month = Month::try_from(c[2].parse::<u8>().ok()?).ok()?;
        return Date::from_calendar_date(c[1].parse().ok()?, month, c[3].parse().ok()?).ok();
    }
    let c = WORD_DATE.captures(line)?;
    let months = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let number = months.iter().position(|m| c[2].eq_ignore_ascii_case(m))? + 1;
    let month = Month::try_from(u8::try_from(number).ok()?).ok()?;
    Date::from_calendar_date(c[3].parse().ok()?, month, c[1].parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn paragraph(line: usize, text: &str) -> Block {
        Block::new(BlockKind::Paragraph, line, text.to_string())
    }

    #[test]
    fn decision_lines_make_one_decision() {
        let blocks = [
            paragraph(1, "Mål och budget 2025"),
            paragraph(2, "Beslutad i kommunfullmäktige 2024-11-27, § 187"),
            paragraph(3, "Kommunen ska växa."),
            paragraph(9, "Dnr KS 2024/311"),
        ];
        let (decision, used) = find(&blocks);
        let decision = decision.expect("a decision");
        assert_eq!(used, [1, 3]);
        assert_eq!(decision.body.as_deref(), Some("Kommunfullmäktige"));
        assert_eq!(decision.date, Some(date!(2024 - 11 - 27)));
        assert_eq!(decision.paragraph.as_deref(), Some("§ 187"));
        assert_eq!(decision.case_number.as_deref(), Some("KS 2024/311"));
        assert_eq!(decision.lines, [2, 9]);
    }

    #[test]
    fn worded_dates_and_short_forms_are_read() {
        let blocks = [paragraph(
            4,
            "Antagen av KF den 28 november 2022 § 45, diarienummer: KS 2022/00123",
        )];
        let decision = find(&blocks).0.expect("a decision");
        assert_eq!(decision.date, Some(date!(2022 - 11 - 28)));
        assert_eq!(decision.paragraph.as_deref(), Some("§ 45"));
        assert_eq!(decision.case_number.as_deref(), Some("KS 2022/00123"));
    }

    #[test]
    fn prose_about_the_council_is_not_a_decision() {
        let blocks = [
            paragraph(1, "Kommunfullmäktige beslutar om målen varje år."),
            paragraph(
                2,
                "Fullmäktige har antagit en vision där kommunen ska växa till 75 000 invånare, \
                 och målen i den här planen bygger på den vision som antogs för flera år sedan \
                 efter en bred dialog med invånare, föreningar och näringsliv.",
            ),
            Block::new(
                BlockKind::Heading {
                    level: Some(1),
                    number: None,
                },
                3,
                "Beslut i kommunfullmäktige".to_string(),
            ),
        ];
        assert_eq!(find(&blocks), (None, Vec::new()));
    }
}
