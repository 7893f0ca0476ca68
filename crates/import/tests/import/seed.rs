//! The seed: Östersund's budget 2024 goals as text extracted from the PDF.

use riktning_domain::{Comparator, PlanDraft};
use riktning_import::parse_document;

use crate::{check_invariants, codes, fixtures, goal};

fn draft() -> PlanDraft {
    parse_document("000_32dc23afe65c2ffc.txt", &fixtures::seed()).expect("the seed imports")
}

#[test]
fn eight_goals_without_parent() {
    let draft = draft();
    check_invariants(&draft);
    assert_eq!(
        codes(&draft),
        vec!["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"]
    );
    assert!(draft.goals.iter().all(|g| g.parent.is_none()));
    assert_eq!(draft.title, "Budget 2024");
    assert_eq!(
        draft.source_name.as_deref(),
        Some("000_32dc23afe65c2ffc.txt")
    );
    let sha = draft.source_sha256.as_deref().unwrap_or("");
    assert_eq!(sha.len(), 64);
    assert!(
        sha.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    );
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.starts_with("line 1:") && w.contains("chapter")),
        "{:?}",
        draft.warnings
    );
}

#[test]
fn short_names_and_categories() {
    let draft = draft();
    let short: Vec<Option<&str>> = draft
        .goals
        .iter()
        .map(|g| g.short_name.as_deref())
        .collect();
    assert_eq!(
        short,
        vec![
            Some("Ledning"),
            Some("Hållbarhet"),
            Some("Kompetensförsörjning"),
            Some("Näringsliv och tillväxt"),
            Some("Infrastruktur"),
            Some("Aktivt liv"),
            Some("Utbildning"),
            Some("Trygghet och stöd"),
        ]
    );
    for goal in &draft.goals[..3] {
        assert_eq!(
            goal.category.as_deref(),
            Some("genomgripande"),
            "{}",
            goal.code
        );
    }
    for goal in &draft.goals[3..] {
        assert_eq!(
            goal.category.as_deref(),
            Some("kärnverksamhet"),
            "{}",
            goal.code
        );
    }
}

#[test]
fn statements_and_headings() {
    let draft = draft();
    assert_eq!(
        goal(&draft, "1.1").statement,
        "Östersunds kommun har en hållbar tillväxt där alla känner sig delaktiga i kommunens styrning och organisering"
    );
    assert_eq!(
        goal(&draft, "1.3").statement,
        "Östersund har en attraktiv och välfungerande arbetsmarknad där efterfrågan på arbetskraft matchas med god tillgång av kompetens. Östersunds kommun är en modern och attraktiv arbetsgivare som attraherar människor ifrån alla delar av Sverige och världen"
    );
    assert_eq!(
        goal(&draft, "1.8").statement,
        "I Östersunds kommun får invånarna stöd, vård och omsorg av hög kvalitet och lever självständiga liv. Kommunen arbetar med tidiga insatser för att öka invånarnas trygghet och stärker skyddet för utsatta barn"
    );
    let headings: Vec<Option<&str>> = draft.goals.iter().map(|g| g.heading.as_deref()).collect();
    assert_eq!(
        headings,
        vec![
            Some("Kommunens ledning"),
            Some("Hållbarhet – Miljömässigt, socialt och ekonomiskt"),
            Some("Kompetensförsörjning"),
            Some("Näringsliv och tillväxt"),
            Some("Infrastruktur"),
            Some("Ett aktivt liv"),
            Some("Utbildning"),
            Some("Trygghet och stöd"),
        ]
    );
}

#[test]
fn political_texts_leave_out_the_call_outs() {
    let draft = draft();
    for goal in &draft.goals {
        let paragraphs = goal.text.split("\n\n").count();
        assert!(
            paragraphs >= 5,
            "goal {} has {paragraphs} paragraphs",
            goal.code
        );
        for other in &draft.goals {
            assert!(
                !goal.text.contains(&other.statement),
                "goal {} repeats the statement of {}",
                goal.code,
                other.code
            );
        }
        assert!(!goal.text.contains("  "), "{}", goal.code);
        assert!(!goal.text.contains('\u{202f}'), "{}", goal.code);
        let heading = goal.heading.as_deref().unwrap_or("");
        assert!(
            !goal.text.starts_with(&format!("{heading} ")),
            "{}",
            goal.code
        );
    }
    // The call-out after 1.1's text is its statement broken into short lines.
    assert!(
        !goal(&draft, "1.1")
            .text
            .contains("styrning och organisering")
    );
    let call_outs = draft
        .warnings
        .iter()
        .filter(|w| w.contains("call-out"))
        .count();
    assert_eq!(call_outs, 8, "{:?}", draft.warnings);
}

#[test]
fn unwrapping_and_hyphens() {
    let draft = draft();
    assert!(
        goal(&draft, "1.3")
            .text
            .contains("ett aktivt tillgänglighetsarbete för att")
    );
    assert!(goal(&draft, "1.2").text.contains("Lit- Häggenås"));
    assert!(goal(&draft, "1.4").text.contains("Lit- Häggenås"));
    assert!(
        goal(&draft, "1.4")
            .text
            .contains("kultur- och idrottsevenemang")
    );
    assert!(
        goal(&draft, "1.1")
            .text
            .contains("jämställdhets- och jämlikhetsperspektiv")
    );
    assert!(goal(&draft, "1.3").text.contains("IT-infrastruktur"));
    // Narrow no-break spaces separate words and sentences.
    assert!(
        goal(&draft, "1.1")
            .text
            .contains("och medborgarna. Östersunds kommun ska")
    );
    assert!(
        goal(&draft, "1.2")
            .commitments
            .iter()
            .any(|c| c.text.starts_with("Kommunen ska underlätta för medborgare"))
    );
}

#[test]
fn commitments_are_ska_sentences_of_the_text() {
    let draft = draft();
    let total: usize = draft.goals.iter().map(|g| g.commitments.len()).sum();
    assert!(total >= 60, "only {total} commitments");
    for goal in &draft.goals {
        assert!(goal.commitments.len() >= 5, "goal {}", goal.code);
        for commitment in &goal.commitments {
            assert!(goal.text.contains(&commitment.text));
            let lower = commitment.text.to_lowercase();
            assert!(
                lower
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == "ska" || w == "skall"),
                "{}",
                commitment.text
            );
        }
    }
    let first = &goal(&draft, "1.1").commitments[0].text;
    assert!(first.starts_with("Östersund kommuns styrning och ledning ska vara demokratisk"));
    assert!(first.ends_with("jämlikhetsperspektiv."));
    // Abbreviation-like "FN:s" and "III:s" do not split sentences.
    assert!(
        goal(&draft, "1.4")
            .commitments
            .iter()
            .any(|c| c.text.contains("Gustav III:s torg"))
    );
}

#[test]
fn text_targets() {
    let draft = draft();
    let population = goal(&draft, "1.1")
        .targets
        .iter()
        .find(|t| t.year == Some(2040))
        .expect("1.1 has the 2040 target");
    assert_eq!(population.text, "minst 75 000 invånare år 2040");
    assert_eq!(population.comparator, Some(Comparator::AtLeast));
    assert_eq!(population.value, Some(75000.0));
    assert_eq!(population.unit.as_deref(), Some("invånare"));

    let climate = &goal(&draft, "1.2").targets;
    assert_eq!(climate.len(), 1, "{climate:?}");
    assert_eq!(
        climate[0].text,
        "fossilbränslefritt och klimatneutralt 2030"
    );
    assert_eq!(climate[0].year, Some(2030));
    assert_eq!(
        (
            climate[0].comparator,
            climate[0].value,
            climate[0].unit.as_deref()
        ),
        (None, None, None)
    );

    for target in draft.goals.iter().flat_map(|g| &g.targets) {
        let population = target.comparator == Some(Comparator::AtLeast)
            && target.value == Some(75000.0)
            && target.year == Some(2040)
            && matches!(target.unit.as_deref(), Some("invånare" | "medborgare"));
        let climate = target.year == Some(2030) && target.value.is_none();
        assert!(population || climate, "unexpected target {target:?}");
    }
    assert!(
        goal(&draft, "1.5")
            .targets
            .iter()
            .any(|t| t.unit.as_deref() == Some("medborgare"))
    );
}

#[test]
fn the_draft_serialises_to_json() {
    let json = serde_json::to_string(&draft()).expect("json");
    assert!(json.contains(r#""value":75000"#));
    assert!(json.contains(r#""title":"Budget 2024""#));
}
