//! The decision of record: read from its lines, kept out of the goals' texts.

use riktning_import::parse_document;
use time::macros::date;

use crate::goal;

const DOCUMENT: &str = "Mål och budget 2025\n\
\n\
Beslutad i kommunfullmäktige 2024-11-27, § 187\n\
\n\
Mål 1. Fler i arbete\n\
\n\
Kommunen ska stödja den som söker arbete.\n\
\n\
Dnr KS 2024/311\n\
\n\
Mål 2. Trygg uppväxt\n\
\n\
Kommunen ska korta väntetiderna i elevhälsan.\n";

#[test]
fn the_decision_lines_become_the_plans_decision_and_leave_the_goals_texts() {
    let draft = parse_document("budget.txt", DOCUMENT.as_bytes()).expect("reads");
    let decision = draft.decision.clone().expect("a decision");
    assert_eq!(decision.body.as_deref(), Some("Kommunfullmäktige"));
    assert_eq!(decision.date, Some(date!(2024 - 11 - 27)));
    assert_eq!(decision.paragraph.as_deref(), Some("§ 187"));
    assert_eq!(decision.case_number.as_deref(), Some("KS 2024/311"));
    assert_eq!(decision.lines, [3, 9]);
    assert!(decision.complete().is_some());
    let first = goal(&draft, "1");
    assert!(!first.text.contains("Dnr"), "{}", first.text);
    assert!(first.text.contains("söker arbete"));
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.contains("line(s) 3, 9 were read as the decision of record")),
        "{:?}",
        draft.warnings
    );
}

#[test]
fn a_decision_without_its_case_number_is_kept_but_not_complete() {
    let text = DOCUMENT.replace("Dnr KS 2024/311\n", "");
    let draft = parse_document("budget.txt", text.as_bytes()).expect("reads");
    let decision = draft.decision.expect("a decision");
    assert_eq!(decision.case_number, None);
    assert!(decision.complete().is_none());
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.contains("stored as a draft"))
    );
}
