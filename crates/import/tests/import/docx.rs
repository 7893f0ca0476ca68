//! Word documents built in the test: heading styles, Word list numbering, runs.

use riktning_domain::Comparator;
use riktning_import::parse_document;

use crate::fixtures::{self, Para};
use crate::{check_invariants, codes, goal};

#[test]
fn auto_numbered_heading_styles() {
    let bytes = fixtures::docx(&[
        Para::Styled(
            "Rubrik",
            &["Exempelby kommun – plan för ", "mandatperioden"],
        ),
        Para::Styled("Rubrik1", &["Kommunövergripande mål"]),
        Para::Plain(&["Här följer kommunens mål och deras politiska texter."]),
        Para::Styled(
            "Rubrik2",
            &["Alla invånare i Exempelby ", "har tillgång till god vård"],
        ),
        Para::Styled("Rubrik3", &["Vård och omsorg"]),
        Para::Plain(&[
            "Kommunen ",
            "ska",
            " korta väntetiderna i hemtjänsten. Samarbetet med regionen &amp; ",
            "vårdcentralerna utvecklas.",
        ]),
        Para::Listed("2", &["Biståndsbesluten ska fattas inom tre veckor."]),
        Para::Listed("2", &["Anhöriga får stöd."]),
        Para::Styled("Rubrik2", &["Exempelby har ett rikt föreningsliv"]),
        Para::Plain(&[
            "Föreningarna ska ha tillgång till lokaler.",
            "\t",
            "Antalet medlemmar ska vara minst 5 000 personer år 2028.",
        ]),
        Para::Plain(&["Kommunen ska stödja", "\n", "ideella krafter."]),
        Para::Styled("Rubrik2", &["Exempelby är en klimatsmart kommun"]),
        Para::Plain(&["Kommunens fordon ska vara fossilfria 2030."]),
    ]);
    let draft = parse_document("mål.docx", &bytes).expect("imports");
    check_invariants(&draft);
    // Word numbers the headings 1, 1.1, 1.2, 1.3; "1" is the chapter over them.
    assert_eq!(codes(&draft), vec!["1.1", "1.2", "1.3"]);
    assert!(draft.goals.iter().all(|g| g.parent.is_none()));
    assert_eq!(draft.title, "Exempelby kommun – plan för mandatperioden");
    let care = goal(&draft, "1.1");
    assert_eq!(
        care.statement,
        "Alla invånare i Exempelby har tillgång till god vård"
    );
    assert_eq!(care.heading.as_deref(), Some("Vård och omsorg"));
    assert_eq!(care.line, Some(4));
    assert_eq!(
        care.text,
        "Kommunen ska korta väntetiderna i hemtjänsten. Samarbetet med regionen & vårdcentralerna utvecklas.\n\n- Biståndsbesluten ska fattas inom tre veckor.\n- Anhöriga får stöd."
    );
    assert_eq!(care.commitments.len(), 2);
    let clubs = goal(&draft, "1.2");
    assert_eq!(
        clubs.text,
        "Föreningarna ska ha tillgång till lokaler. Antalet medlemmar ska vara minst 5 000 personer år 2028.\n\nKommunen ska stödja ideella krafter."
    );
    assert_eq!(clubs.commitments.len(), 3);
    assert_eq!(clubs.targets.len(), 1);
    assert_eq!(clubs.targets[0].comparator, Some(Comparator::AtLeast));
    assert_eq!(clubs.targets[0].value, Some(5000.0));
    assert_eq!(clubs.targets[0].unit.as_deref(), Some("personer"));
    let climate = &goal(&draft, "1.3").targets;
    assert_eq!(climate[0].text, "fossilfria 2030");
}

#[test]
fn typed_numbers_in_headings() {
    let bytes = fixtures::docx(&[
        Para::Styled(
            "Rubrik3",
            &["Mål 1: Exempelby har en god bostadsförsörjning"],
        ),
        Para::Plain(&["Det ska finnas bostäder för alla."]),
        Para::Styled("Rubrik3", &["Mål 2: Exempelby har rent vatten"]),
        Para::Plain(&["Vattnet ska vara rent."]),
    ]);
    let draft = parse_document("plan.docx", &bytes).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1", "2"]);
    assert_eq!(goal(&draft, "2").statement, "Exempelby har rent vatten");
    assert_eq!(goal(&draft, "2").text, "Vattnet ska vara rent.");
    assert_eq!(draft.title, "plan");
}

#[test]
fn unnumbered_heading_styles_are_numbered_in_order() {
    let bytes = fixtures::docx(&[
        Para::Styled("Rubrik", &["Kommunens mål 2026"]),
        Para::Styled("Rubrik3", &["Exempelby är en attraktiv kommun"]),
        Para::Plain(&["Kommunen ska synas."]),
        Para::Styled("Rubrik3", &["Exempelby har nöjda invånare"]),
        Para::Plain(&["Servicen ska vara god."]),
    ]);
    let draft = parse_document("plan.docx", &bytes).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1", "2"]);
    assert_eq!(goal(&draft, "2").statement, "Exempelby har nöjda invånare");
    assert!(draft.warnings.iter().any(|w| w.contains("no numbers")));
}

/// A table row is one line "cell | cell"; a table inside a cell stays part of that
/// cell's text instead of cutting the outer row short.
#[test]
fn table_rows_are_lines_and_nested_tables_stay_in_their_cell() {
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let cell = |inner: &str| format!("<w:tc>{inner}</w:tc>");
    let nested = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(&p("inre a")),
        cell(&p("inre b"))
    );
    let body = format!(
        "{}{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        p("Mål 1. Alla mår bra"),
        p("Kommunen ska erbjuda friskvård."),
        cell(&p("Indikator")),
        cell(&p("Målvärde 2027")),
        cell(&format!("{}{nested}", p("Andel som mår bra"))),
        cell(&p("Minst 80 %")),
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let bytes = crate::fixtures::zip(&[("word/document.xml", &document)]);
    let draft = riktning_import::parse_document("plan.docx", &bytes).expect("read");
    let goal = crate::goal(&draft, "1");
    let target = goal
        .targets
        .iter()
        .find(|t| t.indicator.is_some())
        .expect("an indicator");
    assert_eq!(
        target.indicator.as_deref(),
        Some("Andel som mår bra inre a inre b")
    );
    assert_eq!((target.value, target.year), (Some(80.0), Some(2027)));
}
