//! Goals numbered with letters or Roman numerals after another noun than "Mål".

use riktning_import::parse_document;

use crate::goal;

#[test]
fn focus_goals_numbered_with_letters_are_read_with_their_texts() {
    let document = "Verksamhetsplan 2026\n\n\
        Fokusmål A – Fler i arbete\n\n\
        Kommunen ska samarbeta med näringslivet om praktikplatser.\n\n\
        Fokusmål B – Trygg uppväxt\n\n\
        Skolan ska ha elevhälsa på plats varje dag.\n\n\
        Fokusmål C – Klimatsmart kommun\n\n\
        Kommunens fordon ska vara fossilfria år 2030.\n";
    let draft = parse_document("plan.txt", document.as_bytes()).expect("reads");
    let codes: Vec<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["1", "2", "3"]);
    assert_eq!(goal(&draft, "2").statement, "Trygg uppväxt");
    assert!(goal(&draft, "3").text.contains("fossilfria"));
    assert_eq!(
        goal(&draft, "3").targets.len(),
        1,
        "the dated target is found"
    );
}

#[test]
fn roman_numerals_after_a_noun_number_the_goals() {
    let document = "Mål och budget 2026\n\n\
        Övergripande mål I: Hållbar tillväxt\n\n\
        Kommunen ska växa.\n\n\
        Övergripande mål II: God hälsa\n\n\
        Kommunen ska främja rörelse i vardagen.\n";
    let draft = parse_document("plan.txt", document.as_bytes()).expect("reads");
    let codes: Vec<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["1", "2"]);
    assert_eq!(goal(&draft, "1").statement, "Hållbar tillväxt");
}

#[test]
fn an_image_description_is_not_glued_into_a_goal() {
    let document = "Mål och budget 2026\n\n\
        Mål 1. Fler i arbete\n\n\
        Kommunen ska samarbeta med näringslivet.\n\n\
        Foto som visar en byggarbetsplats vid hamnen\n\n\
        Mål 2. Trygg uppväxt\n\n\
        Skolan ska ha elevhälsa varje dag.\n";
    let draft = parse_document("plan.txt", document.as_bytes()).expect("reads");
    assert!(
        !goal(&draft, "1").text.contains("Foto"),
        "{}",
        goal(&draft, "1").text
    );
    assert!(
        draft
            .warnings
            .iter()
            .any(|w| w.contains("line(s) 7 describe an image")),
        "{:?}",
        draft.warnings
    );
}

#[test]
fn lettered_sub_goals_beside_numbered_goals_do_not_take_their_codes() {
    let document = "Mål och budget 2026\n\n\
        Mål 1. Fler i arbete\n\n\
        Kommunen ska samarbeta med näringslivet.\n\n\
        Delmål A Praktikplatser\n\n\
        Kommunen ska erbjuda fler praktikplatser.\n\n\
        Delmål B Vuxenutbildning\n\n\
        Kommunen ska bygga ut vuxenutbildningen.\n\n\
        Mål 2. Trygg uppväxt\n\n\
        Skolan ska ha elevhälsa varje dag.\n";
    let draft = parse_document("plan.txt", document.as_bytes()).expect("reads");
    let codes: Vec<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["1", "2"]);
    assert_eq!(goal(&draft, "1").statement, "Fler i arbete");
    assert_eq!(goal(&draft, "2").statement, "Trygg uppväxt");
    assert!(
        goal(&draft, "1").text.contains("vuxenutbildningen"),
        "sub-goals stay in the text"
    );
}
