//! Plain-text and Markdown documents of our own, about the fictional Exempelby kommun.

use riktning_domain::Comparator;
use riktning_import::parse_document;

use crate::{check_invariants, codes, goal};

type TargetSummary<'a> = (
    &'a str,
    Option<Comparator>,
    Option<f64>,
    Option<&'a str>,
    Option<i32>,
);

const MAL_FORMS: &str = "\
Exempelby kommun
Mål och budget 2025–2027

Fullmäktige har antagit tre mål för hela kommunen.

Mål 1. Exempelby är en trygg kommun där alla kan leva ett gott liv
Trygghet i vardagen
Kommunen ska arbeta förebyggande mot brott tillsammans med polisen. Belysningen i \
centrum ska förbättras under året. Vi satsar bl.a. på fler fältassistenter.
Nattvandrarna är ett viktigt stöd i byarna.

Mål 2: Exempelby växer hållbart
Kommunen ska ha minst 12 000 invånare år 2030. Bostadsbyggandet ska öka med minst \
400 lägenheter före 2028.

Våra egna verksamheter ska vara fossilfria och klimatneutrala 2035.

Mål 3: Alla elever lämnar grundskolan med godkända betyg

Andelen elever med godkända betyg ska vara minst 90 % år 2027. Skolan skall ge alla barn \
samma chans.

- Lärarna ska få tid för fortbildning.
- Elevhälsan förstärks.
";

#[test]
fn mal_headings_in_plain_text() {
    let draft = parse_document("exempelby.txt", MAL_FORMS.as_bytes()).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1", "2", "3"]);
    assert_eq!(draft.title, "Mål och budget 2025–2027");
    let one = goal(&draft, "1");
    assert_eq!(
        one.statement,
        "Exempelby är en trygg kommun där alla kan leva ett gott liv"
    );
    assert_eq!(one.heading.as_deref(), Some("Trygghet i vardagen"));
    assert_eq!(one.line, Some(6));
    assert_eq!(one.parent, None);
    let texts: Vec<&str> = one.commitments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Kommunen ska arbeta förebyggande mot brott tillsammans med polisen.",
            "Belysningen i centrum ska förbättras under året.",
        ]
    );

    let two = goal(&draft, "2");
    assert_eq!(two.statement, "Exempelby växer hållbart");
    assert_eq!(two.heading, None);
    assert_eq!(two.text.split("\n\n").count(), 2);
    let targets: Vec<TargetSummary<'_>> = two
        .targets
        .iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.comparator,
                t.value,
                t.unit.as_deref(),
                t.year,
            )
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            (
                "minst 12 000 invånare år 2030",
                Some(Comparator::AtLeast),
                Some(12000.0),
                Some("invånare"),
                Some(2030)
            ),
            (
                "minst 400 lägenheter före 2028",
                Some(Comparator::AtLeast),
                Some(400.0),
                Some("lägenheter"),
                Some(2028)
            ),
            (
                "fossilfria och klimatneutrala 2035",
                None,
                None,
                None,
                Some(2035)
            ),
        ]
    );

    let three = goal(&draft, "3");
    assert_eq!(
        three.statement,
        "Alla elever lämnar grundskolan med godkända betyg"
    );
    assert!(
        three
            .text
            .ends_with("- Lärarna ska få tid för fortbildning.\n- Elevhälsan förstärks.")
    );
    assert_eq!(three.commitments.len(), 3);
    assert_eq!(three.targets.len(), 1);
    assert_eq!(three.targets[0].unit.as_deref(), Some("%"));
    assert_eq!(three.targets[0].value, Some(90.0));
}

const AREAS: &str = "\
Verksamhetsplan 2026 för Exempelby kommun

Strategiområde 1 – Trygg och inkluderande kommun

Området handlar om tryggheten i vardagen och om att ingen ska lämnas utanför.

Målområde 1:1 Invånarna känner sig trygga i sitt bostadsområde

Kommunen ska öka vuxennärvaron på kvällstid. Fler mötesplatser ska öppnas i ytterområdena.

Målområde 1:2 Ingen ska behöva leva i ekonomisk utsatthet

Budget- och skuldrådgivningen ska vara lätt att nå.

Strategiområde 2 – Hållbar tillväxt

Målområde 2:1 Näringslivet i Exempelby växer

Kommunen ska ha fler än 800 företag år 2030. Handläggningen av bygglov ska gå snabbare.
";

#[test]
fn areas_become_parents() {
    let draft = parse_document("plan.txt", AREAS.as_bytes()).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1", "1.1", "1.2", "2", "2.1"]);
    assert_eq!(draft.title, "Verksamhetsplan 2026");
    assert_eq!(goal(&draft, "1").statement, "Trygg och inkluderande kommun");
    assert_eq!(goal(&draft, "1").parent, None);
    assert_eq!(goal(&draft, "1.1").parent.as_deref(), Some("1"));
    assert_eq!(goal(&draft, "1.2").parent.as_deref(), Some("1"));
    assert_eq!(goal(&draft, "2.1").parent.as_deref(), Some("2"));
    assert_eq!(goal(&draft, "2").parent, None);
    assert_eq!(
        goal(&draft, "1.2").statement,
        "Ingen ska behöva leva i ekonomisk utsatthet"
    );
    assert!(goal(&draft, "1").text.starts_with("Området handlar om"));
    assert_eq!(goal(&draft, "1.1").commitments.len(), 2);
    let business = &goal(&draft, "2.1").targets;
    assert_eq!(business.len(), 1);
    assert_eq!(business[0].comparator, Some(Comparator::MoreThan));
    assert_eq!(business[0].value, Some(800.0));
    assert_eq!(business[0].text, "fler än 800 företag år 2030");
    // An area that goes straight on to its first goal needs no text of its own.
    assert!(goal(&draft, "2").text.is_empty());
    assert!(
        !draft
            .warnings
            .iter()
            .any(|w| w.contains("no political text"))
    );
    // Both areas have numbered headings, so no chapter is guessed.
    assert!(!draft.warnings.iter().any(|w| w.contains("chapter")));
}

const MARKDOWN: &str = "\
# Mål och budget 2026

Exempelby kommun har fyra kommunövergripande mål.

Två av målen är genomgripande för hela organisationen:

- Exempelby har en stabil ekonomi och en effektiv
  förvaltning (Ekonomi)
- Medarbetarna trivs och utvecklas i sitt arbete (Medarbetare)

Två av målen har fokus på välfärden:

* Alla äldre får en trygg och värdig omsorg (Omsorg)
* Barn och unga i Exempelby lyckas i skolan (Skola)

## 1.1 Exempelby har en stabil ekonomi och en effektiv förvaltning

### Ekonomi i balans

Resultatet ska uppgå till minst 2 procent av skatteintäkterna. Investeringar \
ska i huvudsak finansieras med egna medel.

Digitala tjänster ska göra det enkelt att kontakta kommunen, t.ex. via appen.

## 1.2 Medarbetarna trivs och utvecklas i sitt arbete

Sjukfrånvaron ska vara högst 6 % år 2027.

## 1.3 Alla äldre får en trygg och värdig omsorg

Hemtjänsten ska ha färre personer per brukare. Ingen ska behöva vänta på ett \
särskilt boende i mer än tre månader.

## 1.4 Barn och unga i Exempelby lyckas i skolan

Skolan ska vara trygg.

## Ekonomisk översikt

Tabeller följer.
";

#[test]
fn markdown_with_numbered_headings() {
    let draft = parse_document("budget.md", MARKDOWN.as_bytes()).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1.1", "1.2", "1.3", "1.4"]);
    assert_eq!(draft.title, "Mål och budget 2026");
    assert!(draft.goals.iter().all(|g| g.parent.is_none()));
    let names: Vec<Option<&str>> = draft
        .goals
        .iter()
        .map(|g| g.short_name.as_deref())
        .collect();
    assert_eq!(
        names,
        vec![
            Some("Ekonomi"),
            Some("Medarbetare"),
            Some("Omsorg"),
            Some("Skola")
        ]
    );
    let categories: Vec<Option<&str>> = draft.goals.iter().map(|g| g.category.as_deref()).collect();
    assert_eq!(
        categories,
        vec![
            Some("genomgripande"),
            Some("genomgripande"),
            Some("välfärden"),
            Some("välfärden")
        ]
    );
    let economy = goal(&draft, "1.1");
    assert_eq!(economy.heading.as_deref(), Some("Ekonomi i balans"));
    assert_eq!(economy.text.split("\n\n").count(), 2);
    assert_eq!(economy.commitments.len(), 3);
    assert_eq!(economy.targets.len(), 1);
    assert_eq!(economy.targets[0].comparator, Some(Comparator::AtLeast));
    assert_eq!(economy.targets[0].unit.as_deref(), Some("%"));
    let staff = &goal(&draft, "1.2").targets[0];
    assert_eq!(
        (staff.comparator, staff.value, staff.year),
        (Some(Comparator::AtMost), Some(6.0), Some(2027))
    );
    // The section after the goals is not part of the last goal.
    assert_eq!(goal(&draft, "1.4").text, "Skolan ska vara trygg.");
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.contains("Ekonomisk översikt"))
    );
    assert!(!draft.warnings.iter().any(|w| w.contains("says there are")));
}

#[test]
fn table_of_contents_does_not_duplicate_goals() {
    let text = "\
Innehåll
1.1 Trygghet ........ 3
1.2 Skola .......... 4

1.1 Trygghet

Kommunen ska vara trygg för alla.

1.2 Skola

Skolan ska ge alla elever en god grund.
";
    let draft = parse_document("toc.txt", text.as_bytes()).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["1.1", "1.2"]);
    assert_eq!(goal(&draft, "1.1").line, Some(5));
    assert_eq!(
        goal(&draft, "1.1").text,
        "Kommunen ska vara trygg för alla."
    );
    let toc = draft
        .warnings
        .iter()
        .filter(|w| w.contains("table-of-contents"))
        .count();
    assert_eq!(toc, 2, "{:?}", draft.warnings);
}

#[test]
fn announced_counts_are_checked() {
    let text = "\
I planen finns fyra kommunövergripande mål.

Tre av dessa är strategiska:

• Exempelby är en attraktiv kommun (Attraktivitet)
• Exempelby har en hållbar ekonomi (Ekonomi)

1.1 Exempelby är en attraktiv kommun

Kommunen ska marknadsföra sig.

1.2 Exempelby har en hållbar ekonomi

Budgeten ska vara i balans.
";
    let draft = parse_document("count.txt", text.as_bytes()).expect("imports");
    check_invariants(&draft);
    assert_eq!(goal(&draft, "1.1").category.as_deref(), Some("strategisk"));
    assert_eq!(goal(&draft, "1.2").short_name.as_deref(), Some("Ekonomi"));
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.starts_with("line 1:") && w.contains("4 goals")),
        "{:?}",
        draft.warnings
    );
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.starts_with("line 3:") && w.contains("announces 3")),
        "{:?}",
        draft.warnings
    );
}

const NAMED_HEADINGS: &str = "\
# Budget 2026 för Exempelby

Två av målen är genomgripande:

- Mål 2.2 (Personal)
- Ekonomi, mål 2.1 (Ekonomi)

## Mål 2.1 Ekonomi – Exempelby har en ekonomi i balans som räcker även för kommande generationer

### Resultat

Kommunen ska ha ett överskott på minst 2 % år 2026.

## Mål 2.2 Personal – Exempelby är en arbetsgivare som medarbetarna rekommenderar till andra

### Arbetsmiljö

Cheferna ska ha högst 30 medarbetare var.
";

#[test]
fn a_short_name_before_a_dash_in_the_heading() {
    let draft = parse_document("named.md", NAMED_HEADINGS.as_bytes()).expect("imports");
    check_invariants(&draft);
    assert_eq!(codes(&draft), vec!["2.1", "2.2"]);
    let economy = goal(&draft, "2.1");
    assert_eq!(economy.short_name.as_deref(), Some("Ekonomi"));
    assert_eq!(
        economy.statement,
        "Exempelby har en ekonomi i balans som räcker även för kommande generationer"
    );
    assert_eq!(economy.heading.as_deref(), Some("Resultat"));
    assert_eq!(
        economy.text,
        "Kommunen ska ha ett överskott på minst 2 % år 2026."
    );
    // The introduction's items name their goals by code or by the heading's name, not by
    // their order, which here is the reverse of the goals'.
    assert!(
        draft
            .goals
            .iter()
            .all(|g| g.category.as_deref() == Some("genomgripande"))
    );
    assert_eq!(goal(&draft, "2.2").short_name.as_deref(), Some("Personal"));
    assert!(!draft.warnings.iter().any(|w| w.contains("by its position")));
}
