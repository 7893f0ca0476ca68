//! What replacing a stored plan with a document's draft will change, worked out before
//! anything is stored so that a person can read it first.
//!
//! It follows the rules the store applies when it replaces a plan: goals are matched by
//! code, commitments and text targets by their exact text, and a stored goal the
//! document no longer has is removed (with its commitments, targets and assessments).

use std::collections::HashMap;

use riktning_domain::{Goal, GoalDraft, GoalLevel, Id, PlanDraft};

/// A stored goal with the texts of its commitments and text targets.
#[derive(Debug, Clone)]
pub struct StoredGoal {
    pub goal: Goal,
    pub commitments: Vec<String>,
    pub targets: Vec<String>,
    /// How many assessments of the goal there are, in any period: removing the goal
    /// removes them too.
    pub assessments: usize,
}

/// A goal that will be added or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLine {
    pub code: String,
    pub statement: String,
    /// Only for removed goals: committee and unit goals are often the ones a council
    /// document does not carry, and a person should notice that.
    pub level: Option<GoalLevel>,
    /// How many commitments the goal has in the document (added) or in store (removed).
    pub commitments: usize,
    /// Only for removed goals: the assessments that go with them.
    pub assessments: usize,
}

/// A goal in both the document and the store, and how it differs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoalChange {
    pub code: String,
    /// The statement before and after, when it changes.
    pub statement: Option<(String, String)>,
    /// Other fields that change, as message keys: `parent`, `short_name`, `heading`,
    /// `category`, `political_text`, `position`.
    pub fields: Vec<&'static str>,
    pub commitments_added: Vec<String>,
    pub commitments_removed: Vec<String>,
    pub targets_added: Vec<String>,
    pub targets_removed: Vec<String>,
}

impl GoalChange {
    fn is_empty(&self) -> bool {
        self.statement.is_none()
            && self.fields.is_empty()
            && self.commitments_added.is_empty()
            && self.commitments_removed.is_empty()
            && self.targets_added.is_empty()
            && self.targets_removed.is_empty()
    }
}

/// Everything a replace will change, in the document's order (removed goals in code
/// order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanChanges {
    pub added: Vec<GoalLine>,
    pub removed: Vec<GoalLine>,
    pub changed: Vec<GoalChange>,
}

impl PlanChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares a document's draft with the stored plan of the same title.
pub fn compare(draft: &PlanDraft, stored: &[StoredGoal]) -> PlanChanges {
    let code_of: HashMap<Id, &str> = stored
        .iter()
        .map(|s| (s.goal.id, s.goal.code.as_str()))
        .collect();
    let by_code: HashMap<&str, &StoredGoal> =
        stored.iter().map(|s| (s.goal.code.as_str(), s)).collect();
    let mut changes = PlanChanges::default();
    for (position, wanted) in draft.goals.iter().enumerate() {
        match by_code.get(wanted.code.as_str()) {
            Some(current) => {
                let change = compare_goal(current, wanted, position, &code_of);
                if !change.is_empty() {
                    changes.changed.push(change);
                }
            }
            None => changes.added.push(GoalLine {
                code: wanted.code.clone(),
                statement: wanted.statement.clone(),
                level: None,
                commitments: wanted.commitments.len(),
                assessments: 0,
            }),
        }
    }
    changes.removed = removed_goals(draft, stored);
    changes
}

fn removed_goals(draft: &PlanDraft, stored: &[StoredGoal]) -> Vec<GoalLine> {
    let mut removed: Vec<GoalLine> = stored
        .iter()
        .filter(|s| !draft.goals.iter().any(|g| g.code == s.goal.code))
        .map(|s| GoalLine {
            code: s.goal.code.clone(),
            statement: s.goal.statement.clone(),
            level: Some(s.goal.level),
            commitments: s.commitments.len(),
            assessments: s.assessments,
        })
        .collect();
    removed.sort_by_key(|goal| code_order(&goal.code));
    removed
}

/// "1.10" after "1.9": codes compare part by part as numbers where they are numbers.
fn code_order(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|part| (part.parse().unwrap_or(u64::MAX), part.to_string()))
        .collect()
}

fn compare_goal(
    current: &StoredGoal,
    wanted: &GoalDraft,
    position: usize,
    code_of: &HashMap<Id, &str>,
) -> GoalChange {
    let goal = &current.goal;
    let parent = goal.parent_id.and_then(|id| code_of.get(&id).copied());
    let mut fields = Vec::new();
    let mut differs = |key: &'static str, different: bool| {
        if different {
            fields.push(key);
        }
    };
    differs("parent", parent != wanted.parent.as_deref());
    differs("short_name", goal.short_name != wanted.short_name);
    differs("heading", goal.heading != wanted.heading);
    differs("category", goal.category != wanted.category);
    differs("political_text", goal.political_text != wanted.text);
    differs(
        "position",
        usize::try_from(goal.position).ok() != Some(position),
    );
    let wanted_commitments: Vec<&str> =
        wanted.commitments.iter().map(|c| c.text.as_str()).collect();
    let wanted_targets: Vec<&str> = wanted.targets.iter().map(|t| t.text.as_str()).collect();
    GoalChange {
        code: goal.code.clone(),
        statement: (goal.statement != wanted.statement)
            .then(|| (goal.statement.clone(), wanted.statement.clone())),
        fields,
        commitments_added: missing_from(&wanted_commitments, &current.commitments),
        commitments_removed: missing_from(&current.commitments, &wanted_commitments),
        targets_added: missing_from(&wanted_targets, &current.targets),
        targets_removed: missing_from(&current.targets, &wanted_targets),
    }
}

/// The texts of `these` that `others` lacks, counting repeats: a sentence written twice
/// in the document is two commitments.
fn missing_from<A: AsRef<str>, B: AsRef<str>>(these: &[A], others: &[B]) -> Vec<String> {
    let mut left: Vec<&str> = others.iter().map(AsRef::as_ref).collect();
    let mut missing = Vec::new();
    for text in these.iter().map(AsRef::as_ref) {
        match left.iter().position(|other| *other == text) {
            Some(found) => {
                left.swap_remove(found);
            }
            None => missing.push(text.to_string()),
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use riktning_domain::{CommitmentDraft, TextTargetDraft};

    use super::*;

    fn draft_goal(code: &str, statement: &str, commitments: &[&str]) -> GoalDraft {
        GoalDraft {
            code: code.to_string(),
            short_name: None,
            category: None,
            statement: statement.to_string(),
            heading: None,
            parent: None,
            text: String::new(),
            commitments: commitments
                .iter()
                .map(|t| CommitmentDraft {
                    text: t.to_string(),
                })
                .collect(),
            targets: Vec::new(),
            line: None,
            ..Default::default()
        }
    }

    fn draft(goals: Vec<GoalDraft>) -> PlanDraft {
        PlanDraft {
            title: "Budget 2030".to_string(),
            source_name: None,
            source_sha256: None,
            goals,
            warnings: Vec::new(),
            decision: None,
            municipality: None,
            ..Default::default()
        }
    }

    /// The stored twin of a draft goal, as the store would keep it.
    fn stored(id: Id, position: i32, from: &GoalDraft) -> StoredGoal {
        StoredGoal {
            goal: Goal {
                id,
                plan_id: 1,
                parent_id: None,
                code: from.code.clone(),
                short_name: from.short_name.clone(),
                statement: from.statement.clone(),
                heading: from.heading.clone(),
                category: from.category.clone(),
                level: GoalLevel::Council,
                political_text: from.text.clone(),
                agenda2030: Vec::new(),
                responsible_units: Vec::new(),
                position,
                version: 1,
            },
            commitments: from.commitments.iter().map(|c| c.text.clone()).collect(),
            targets: from.targets.iter().map(|t| t.text.clone()).collect(),
            assessments: 0,
        }
    }

    #[test]
    fn the_same_document_changes_nothing() {
        let goals = vec![
            draft_goal("1", "Växa", &["Kommunen ska bygga."]),
            draft_goal("2", "Lära", &[]),
        ];
        let store: Vec<StoredGoal> = goals
            .iter()
            .enumerate()
            .map(|(i, g)| stored(i as Id + 1, i as i32, g))
            .collect();
        let changes = compare(&draft(goals), &store);
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn added_removed_and_reworded_goals_are_told_apart() {
        let old = [
            draft_goal("1", "Växa", &[]),
            draft_goal("2", "Lära", &["Skolan ska läsa."]),
            draft_goal("10", "Bo", &[]),
            draft_goal("9", "Resa", &[]),
        ];
        let mut store: Vec<StoredGoal> = old
            .iter()
            .enumerate()
            .map(|(i, g)| stored(i as Id + 1, i as i32, g))
            .collect();
        store[3].goal.level = GoalLevel::Committee;
        store[3].assessments = 4;
        let new = draft(vec![
            draft_goal("1", "Växa hållbart", &[]),
            draft_goal("2", "Lära", &["Skolan ska läsa."]),
            draft_goal("3", "Må bra", &["Alla ska röra sig.", "Ingen ska frysa."]),
        ]);
        let changes = compare(&new, &store);
        assert_eq!(
            changes.added,
            vec![GoalLine {
                code: "3".into(),
                statement: "Må bra".into(),
                level: None,
                commitments: 2,
                assessments: 0,
            }]
        );
        let removed: Vec<(&str, Option<GoalLevel>, usize)> = changes
            .removed
            .iter()
            .map(|g| (g.code.as_str(), g.level, g.assessments))
            .collect();
        assert_eq!(
            removed,
            vec![
                ("9", Some(GoalLevel::Committee), 4),
                ("10", Some(GoalLevel::Council), 0)
            ],
            "in numeric code order"
        );
        assert_eq!(changes.changed.len(), 1);
        assert_eq!(changes.changed[0].code, "1");
        assert_eq!(
            changes.changed[0].statement,
            Some(("Växa".into(), "Växa hållbart".into()))
        );
        assert!(changes.changed[0].fields.is_empty());
    }

    #[test]
    fn commitments_and_targets_are_matched_by_their_exact_text() {
        let mut before = draft_goal("1", "Växa", &["A ska ske.", "B ska ske.", "B ska ske."]);
        before.targets.push(TextTargetDraft {
            text: "minst 75 000 invånare år 2040".into(),
            comparator: None,
            value: None,
            unit: None,
            year: None,
            ..Default::default()
        });
        let store = vec![stored(1, 0, &before)];
        let mut after = draft_goal("1", "Växa", &["B ska ske.", "C ska ske."]);
        after.targets.push(TextTargetDraft {
            text: "minst 80 000 invånare år 2040".into(),
            comparator: None,
            value: None,
            unit: None,
            year: None,
            ..Default::default()
        });
        let changes = compare(&draft(vec![after]), &store);
        let change = &changes.changed[0];
        assert_eq!(change.commitments_added, vec!["C ska ske."]);
        assert_eq!(
            change.commitments_removed,
            vec!["A ska ske.", "B ska ske."],
            "one of the two identical sentences goes"
        );
        assert_eq!(change.targets_added, vec!["minst 80 000 invånare år 2040"]);
        assert_eq!(
            change.targets_removed,
            vec!["minst 75 000 invånare år 2040"]
        );
        assert_eq!(change.statement, None);
    }

    #[test]
    fn other_fields_are_named_and_parents_compared_by_code() {
        let area = draft_goal("1", "Område", &[]);
        let mut child = draft_goal("1.1", "Växa", &[]);
        child.parent = Some("1".into());
        let mut store = vec![stored(10, 0, &area), stored(11, 1, &child)];
        store[1].goal.parent_id = Some(10);
        let mut revised = child.clone();
        revised.short_name = Some("Tillväxt".into());
        revised.text = "Ny text.".into();
        revised.category = Some("genomgripande".into());
        let unchanged = compare(&draft(vec![area.clone(), child]), &store);
        assert!(unchanged.is_empty(), "{unchanged:?}");
        let changes = compare(&draft(vec![revised, area]), &store);
        let fields: Vec<(&str, Vec<&str>)> = changes
            .changed
            .iter()
            .map(|c| (c.code.as_str(), c.fields.clone()))
            .collect();
        assert_eq!(
            fields,
            vec![
                (
                    "1.1",
                    vec!["short_name", "category", "political_text", "position"]
                ),
                ("1", vec!["position"]),
            ]
        );
    }
}
