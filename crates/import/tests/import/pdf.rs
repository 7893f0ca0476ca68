//! A PDF built in the test with lopdf, read through its text layer.

use riktning_domain::Comparator;
use riktning_import::parse_document;

use crate::{check_invariants, codes, fixtures, goal};

#[test]
fn pdf_text_layer() {
    let bytes = fixtures::pdf(&[
        "Budget 2025 för Exempelby kommun",
        "",
        "1.1 Exempelby har en levande landsbygd där service finns",
        "nära invånarna",
        "",
        "Landsbygd",
        "",
        "Kommunen ska behålla skolorna i byarna. Servicepunkterna i",
        "Norrby och Söderby ska utvecklas med fler tjänster och bättre",
        "öppettider.",
        "",
        "Bredbandsutbyggnaden ska nå minst 98 % av hushållen år 2027.",
        "",
        "1.2 Exempelby är en attraktiv arbetsgivare",
        "",
        "Medarbetarna ska ha goda villkor och en trygg arbetsmiljö.",
    ]);
    let draft = parse_document("budget.pdf", &bytes).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1.1", "1.2"]);
    assert_eq!(draft.title, "Budget 2025");
    let countryside = goal(&draft, "1.1");
    assert_eq!(
        countryside.statement,
        "Exempelby har en levande landsbygd där service finns nära invånarna"
    );
    assert_eq!(countryside.heading.as_deref(), Some("Landsbygd"));
    assert_eq!(countryside.commitments.len(), 3);
    assert!(
        countryside
            .text
            .contains("Servicepunkterna i Norrby och Söderby ska utvecklas")
    );
    let broadband = &countryside.targets[0];
    assert_eq!(broadband.comparator, Some(Comparator::AtLeast));
    assert_eq!((broadband.value, broadband.year), (Some(98.0), Some(2027)));
    assert_eq!(goal(&draft, "1.2").commitments.len(), 1);
}
