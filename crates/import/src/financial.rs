//! The council's financial goals (*finansiella mål*). A budget document often lists
//! them in a section of their own after the operational goals, as a plain list under a
//! heading such as "Finansiella mål" or "Finansiella mål för god ekonomisk hushållning",
//! without the goal nouns and numbers that make the other goals recognisable. Each item
//! of that list becomes a council goal in the financial category, numbered after the
//! operational goals (2.1, 2.2 … after 1.1–1.8; 9, 10 … after 1–8), with the targets
//! its sentence states ("minst 2 procent").

use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::{Confidence, FINANCIAL_CATEGORY, GoalDraft, PlanDraft};

use crate::targets::find_targets;

/// The section's heading: the words "finansiella mål", alone or with what follows
/// ("… för god ekonomisk hushållning"), perhaps numbered.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[0-9]+(?:\.[0-9]+)*\.?\s+)?finansiella\s+mål(?:\s+[a-zåäö ]{0,60})?:?$")
        .expect("the financial heading pattern")
});

/// A list item's marker: "1.", "1)", "a)", "-", "•" or "–".
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,2}[.)]|[a-h]\)|[-•–*])\s+").expect("the list item pattern")
});

/// A heading that ends the section: the next chapter.
fn ends_section(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words <= 6 && !text.ends_with('.') && !ITEM.is_match(text)
}

/// `count` codes after the operational goals: a new first number with the goals' own
/// depth ("2.1", "2.2" after "1.1"–"1.8"), or the next numbers ("9", "10" after "1"–"8").
fn next_codes(draft: &PlanDraft, count: usize) -> Vec<String> {
    let first_numbers: Vec<u32> = draft
        .goals
        .iter()
        .filter_map(|g| g.code.split('.').next()?.parse().ok())
        .collect();
    let highest = first_numbers.iter().copied().max().unwrap_or(0);
    let nested = draft.goals.iter().filter(|g| g.code.contains('.')).count();
    if nested * 2 > draft.goals.len() {
        (1..=count)
            .map(|n| format!("{}.{n}", highest + 1))
            .collect()
    } else {
        (1..=count as u32)
            .map(|n| (highest + n).to_string())
            .collect()
    }
}

/// Takes the financial goals out of the lines the structure did not use, and adds them
/// to `draft` as council goals. The lines taken are no longer "not used".
pub(crate) fn take(draft: &mut PlanDraft) {
    let Some(start) = draft
        .not_used
        .iter()
        .position(|line| HEADING.is_match(line.text.trim()))
    else {
        return;
    };
    let heading_line = draft.not_used[start].line;
    let mut taken = vec![heading_line];
    let mut statements: Vec<(usize, String)> = Vec::new();
    for unused in &draft.not_used[start + 1..] {
        let text = unused.text.trim();
        if text.is_empty() {
            continue;
        }
        let item = ITEM.find(text);
        let sentence = match item {
            Some(marker) => text[marker.end()..].trim(),
            // A goal written as a sentence of its own: "Soliditeten ska förbättras."
            None if crate::sentences::has_commitment_verb(text) => text,
            None if ends_section(text) => break,
            // Prose between the heading and the list: left as it was.
            None => continue,
        };
        let sentence = sentence.trim_end_matches(['.', ';']).trim();
        if sentence.is_empty() {
            continue;
        }
        taken.push(unused.line);
        statements.push((unused.line, sentence.to_string()));
    }
    if statements.is_empty() {
        return;
    }
    let codes = next_codes(draft, statements.len());
    for (code, (line, statement)) in codes.into_iter().zip(statements) {
        draft.goals.push(GoalDraft {
            code,
            short_name: None,
            category: Some(FINANCIAL_CATEGORY.to_string()),
            targets: find_targets(&statement, None),
            statement,
            heading: None,
            parent: None,
            text: String::new(),
            commitments: Vec::new(),
            line: Some(line),
            area: false,
            confidence: Confidence::SURE,
            doubt: None,
        });
    }
    draft
        .not_used
        .retain(|unused| !taken.contains(&unused.line));
    // The section is no longer text that belongs to no goal.
    let heading_line = heading_line.to_string();
    draft.warnings.retain(|w| {
        !(w.key == "text-without-goal"
            && w.args
                .iter()
                .any(|(name, value)| name == "line" && *value == heading_line))
    });
}

#[cfg(test)]
mod tests {
    use crate::parse_document;

    #[test]
    fn a_section_of_financial_goals_becomes_council_goals_in_the_financial_category() {
        let document = "# Mål 2025\n\n## Mål 1 Trygg uppväxt – Alla barn ska växa upp tryggt\n\nKommunen ska bygga fler förskolor.\n\n## Mål 2 Jobb – Fler ska ha arbete\n\nKommunen ska stödja företagen.\n\n## Finansiella mål för god ekonomisk hushållning\n\nFullmäktige har beslutat om tre finansiella mål.\n\n1. Årets resultat ska uppgå till minst 2 procent av skatteintäkter och generella statsbidrag.\n2. Soliditeten ska förbättras varje år.\n3. Investeringarna ska till minst 80 procent finansieras med egna medel.\n";
        let draft = parse_document("mal.md", document.as_bytes()).expect("a draft");
        let financial: Vec<_> = draft
            .goals
            .iter()
            .filter(|g| riktning_domain::is_financial(g.category.as_deref()))
            .collect();
        let codes: Vec<&str> = financial.iter().map(|g| g.code.as_str()).collect();
        assert_eq!(codes, ["3", "4", "5"], "numbered after the goals 1 and 2");
        assert_eq!(
            financial[0].statement,
            "Årets resultat ska uppgå till minst 2 procent av skatteintäkter och generella statsbidrag"
        );
        assert_eq!(financial[0].targets.len(), 1, "{:?}", financial[0].targets);
        assert_eq!(financial[0].targets[0].value, Some(2.0));
        assert_eq!(financial[2].targets[0].value, Some(80.0));
        assert!(
            financial
                .iter()
                .all(|g| g.parent.is_none() && g.text.is_empty())
        );
        // The operational goals are as before, and no line of the section is left over.
        assert_eq!(draft.goals.len(), 5);
        assert!(
            draft
                .not_used
                .iter()
                .all(|u| !u.text.contains("Soliditeten") && !u.text.starts_with("Finansiella")),
            "{:?}",
            draft.not_used
        );
        assert!(
            !draft.warnings.iter().any(|w| w.key == "text-without-goal"),
            "{:?}",
            draft.warnings
        );
    }

    #[test]
    fn financial_goals_follow_two_level_codes_with_a_new_first_number() {
        let document = "## Mål 1.1 Trygg uppväxt – Alla barn ska växa upp tryggt\n\nText.\n\n## Mål 1.2 Jobb – Fler ska ha arbete\n\nText.\n\n## Finansiella mål\n\n- Årets resultat ska vara positivt.\n- Låneskulden ska inte öka.\n";
        let draft = parse_document("mal.md", document.as_bytes()).expect("a draft");
        let codes: Vec<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
        assert_eq!(codes, ["1.1", "1.2", "2.1", "2.2"]);
        for goal in &draft.goals[2..] {
            assert_eq!(
                riktning_domain::normalise_goal_code(&goal.code).as_deref(),
                Some(goal.code.as_str()),
                "a code the store accepts"
            );
        }
    }

    #[test]
    fn without_such_a_section_nothing_changes() {
        let document = "## Mål 1 Trygg uppväxt – Alla barn ska växa upp tryggt\n\nKommunen ska bygga fler förskolor.\n\n## Övrigt\n\nFinansiella mål beslutas i en egen ordning.\n";
        let draft = parse_document("mal.md", document.as_bytes()).expect("a draft");
        assert!(draft.goals.iter().all(|g| g.category.is_none()));
    }
}
