//! Integration tests of the importer, kept in one test binary to save link time.

#[path = "import/corpus.rs"]
mod corpus;
#[path = "import/decision.rs"]
mod decision;
#[path = "import/docx.rs"]
mod docx;
#[path = "import/errors.rs"]
mod errors;
#[path = "import/fixtures.rs"]
mod fixtures;
#[path = "import/lettered.rs"]
mod lettered;
#[path = "import/pdf.rs"]
mod pdf;
#[path = "import/properties.rs"]
mod properties;
#[path = "import/seed.rs"]
mod seed;
#[path = "import/text.rs"]
mod text;

use riktning_domain::{GoalDraft, PlanDraft};

/// The goal with `code`, or a failure that lists the codes found.
pub fn goal<'a>(draft: &'a PlanDraft, code: &str) -> &'a GoalDraft {
    draft
        .goals
        .iter()
        .find(|g| g.code == code)
        .unwrap_or_else(|| {
            let codes: Vec<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
            panic!("no goal {code}; found {codes:?}")
        })
}

pub fn codes(draft: &PlanDraft) -> Vec<&str> {
    draft.goals.iter().map(|g| g.code.as_str()).collect()
}

/// Invariants every draft must keep, whatever the document.
pub fn check_invariants(draft: &PlanDraft) {
    let codes: std::collections::HashSet<&str> =
        draft.goals.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(
        codes.len(),
        draft.goals.len(),
        "codes are unique: {:?}",
        codes
    );
    for goal in &draft.goals {
        assert!(!goal.statement.trim().is_empty(), "{goal:?}");
        for commitment in &goal.commitments {
            assert!(
                goal.text.contains(&commitment.text),
                "goal {}: commitment not in text: {}",
                goal.code,
                commitment.text
            );
        }
        if let Some(parent) = &goal.parent {
            assert!(draft.goals.iter().any(|g| &g.code == parent));
        }
    }
    for warning in &draft.warnings {
        assert!(!warning.contains('\n'), "{warning}");
    }
}
