//! The importer never panics, whatever it is given.

use proptest::prelude::*;
use riktning_import::parse_document;

use crate::{check_invariants, fixtures};

const NAMES: [&str; 5] = ["a.txt", "a.md", "a.docx", "a.pdf", "a"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), name in 0..NAMES.len()) {
        let _ = parse_document(NAMES[name], &bytes);
    }

    #[test]
    fn arbitrary_pdf_and_zip_bodies(body in proptest::collection::vec(any::<u8>(), 0..400), zip in any::<bool>()) {
        let mut bytes = if zip { b"PK\x03\x04".to_vec() } else { b"%PDF-1.4\n".to_vec() };
        bytes.extend(body);
        let _ = parse_document("a", &bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC*", name in 0..2usize) {
        if let Ok(draft) = parse_document(NAMES[name], text.as_bytes()) {
            check_invariants(&draft);
        }
    }

    #[test]
    fn goal_like_text(text in "((Mål [0-9]{1,2}[.:] |[0-9]\\.[0-9] |- |• )?[A-ZÅÄÖa-zåäö0-9 ,.:()–-]{0,40}\n{0,3}){0,12}") {
        if let Ok(draft) = parse_document("a.txt", text.as_bytes()) {
            check_invariants(&draft);
        }
    }

    #[test]
    fn slices_of_the_seed(start in 0usize..60_000, length in 0usize..20_000) {
        let seed = String::from_utf8(fixtures::seed()).unwrap_or_default();
        let chars: Vec<char> = seed.chars().collect();
        let start = start.min(chars.len());
        let end = (start + length).min(chars.len());
        let slice: String = chars[start..end].iter().collect();
        if let Ok(draft) = parse_document("slice.txt", slice.as_bytes()) {
            check_invariants(&draft);
        }
    }

    #[test]
    fn damaged_pdf(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = fixtures::pdf(&["1.1 Exempelby växer", "", "Kommunen ska växa."]);
        for (index, byte) in flips {
            let at = index.index(bytes.len());
            bytes[at] = byte;
        }
        let _ = parse_document("a.pdf", &bytes);
    }

    #[test]
    fn damaged_docx(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = fixtures::docx(&[fixtures::Para::Styled("Rubrik2", &["Exempelby växer"])]);
        for (index, byte) in flips {
            let at = index.index(bytes.len());
            bytes[at] = byte;
        }
        let _ = parse_document("a.docx", &bytes);
    }

    #[test]
    fn arbitrary_document_xml(body in "[<>/a-z: =\"&;#0-9åäö]{0,200}") {
        let xml = format!("<w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>");
        let bytes = fixtures::zip(&[("word/document.xml", xml.as_str())]);
        let _ = parse_document("a.docx", &bytes);
    }
}

/// Every word the draft holds, lowercase: where each line of the source went.
fn accounted_words(draft: &riktning_domain::PlanDraft) -> std::collections::HashSet<String> {
    let mut texts: Vec<&str> = vec![&draft.title, &draft.introduction];
    for goal in &draft.goals {
        texts.extend([goal.statement.as_str(), goal.text.as_str()]);
        texts.extend(goal.short_name.as_deref());
        texts.extend(goal.heading.as_deref());
        for target in &goal.targets {
            texts.push(&target.text);
            texts.extend(target.indicator.as_deref());
        }
    }
    texts.extend(draft.decision.as_ref().map(|d| d.text.as_str()));
    texts.extend(draft.not_used.iter().map(|u| u.text.as_str()));
    texts.iter().flat_map(|t| line_words(t)).collect()
}

fn line_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of a source line that must be somewhere in the draft: all but a goal
/// heading's noun and number, which the goal's code and place stand for.
fn content_words(line: &str) -> Vec<String> {
    static PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*(?:[-•–*]\s+)?(?:(?i:strategiskt\s+mål|övergripande\s+mål|\p{L}*mål|\p{L}*område|perspektiv)\b(?:\s+(?:\d{1,2}(?:[.:]\d{1,2})*|[IVX]{1,4}|[A-H])\b)?|\d{1,2}(?:[.:]\d{1,2})*(?:[.:)]|\s|$))?[.:)]?\s*[–-]?\s*")
            .expect("prefix pattern")
    });
    let rest = PREFIX.find(line).map_or(line, |m| &line[m.end()..]);
    line_words(rest)
}

/// Lines in the shapes real documents have, for generating documents.
fn document_line() -> impl Strategy<Value = String> {
    let word = "[A-ZÅÄÖ][a-zåäö]{2,9}";
    let words = "[a-zåäö]{2,9}( [a-zåäö]{2,9}){0,6}";
    prop_oneof![
        (1u8..9, word, words).prop_map(|(n, w, ws)| format!("Mål {n}. {w} {ws}")),
        (1u8..9, 1u8..9, word, words).prop_map(|(a, b, w, ws)| format!("{a}.{b} {w} {ws}")),
        (word, words).prop_map(|(w, ws)| format!("{w} {ws} ska {ws}.")),
        (word, words).prop_map(|(w, ws)| format!("{w} {ws}.")),
        (word, words).prop_map(|(w, ws)| format!("- {w} {ws}")),
        word.prop_map(|w| format!("Strategiområde {w}")),
        word.prop_map(|w| format!("Bild: {w} i snö.")),
        (word, word).prop_map(|(a, b)| format!("{a} {b} (S), kommunstyrelsens ordförande")),
        Just("Beskrivning".to_string()),
        Just("Politisk inriktning för 2025".to_string()),
        (1u8..28, 1u16..999)
            .prop_map(|(d, n)| format!("Beslutad i kommunfullmäktige 2024-11-{d:02} § {n}")),
        (word, words).prop_map(|(w, ws)| format!("Andel {w} {ws}\nMinst {} %", ws.len())),
        (1u16..200).prop_map(|n| n.to_string()),
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every line of a document ends up somewhere: a goal, an area, the introduction,
    /// the decision, a suggested indicator or the list of lines not used.
    #[test]
    fn every_line_is_accounted_for(lines in proptest::collection::vec(document_line(), 1..30)) {
        let text = lines.join("\n");
        if let Ok(draft) = parse_document("a.txt", text.as_bytes()) {
            check_invariants(&draft);
            let found = accounted_words(&draft);
            for line in text.lines() {
                for word in content_words(line) {
                    prop_assert!(
                        found.contains(&word),
                        "\"{word}\" of the line \"{line}\" is nowhere in the draft:\n{}",
                        serde_json::to_string_pretty(&draft).unwrap_or_default()
                    );
                }
            }
        }
    }
}

/// The corpus's text documents, line by line, are accounted for too.
#[test]
fn every_line_of_the_corpus_is_accounted_for() {
    for (name, bytes, _) in crate::corpus::documents() {
        if name.ends_with(".docx") || name.ends_with(".pdf") {
            continue;
        }
        let draft = parse_document(&name, &bytes).expect("the corpus is read");
        let found = accounted_words(&draft);
        let text = String::from_utf8(bytes).expect("UTF-8");
        for line in text.lines() {
            let line = line.trim_start_matches(['#', '>', ' ', '|']);
            for word in content_words(line) {
                assert!(
                    found.contains(&word),
                    "{name}: \"{word}\" of \"{line}\" is lost"
                );
            }
        }
    }
}
