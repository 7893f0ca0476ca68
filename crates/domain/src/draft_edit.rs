//! A person's corrections to what the importer read, before it is stored. The web review
//! and `import --edits` apply the same edits, so that what is stored is the corrected
//! draft whichever way it was made.

use serde::{Deserialize, Serialize};

use crate::draft::{Confidence, GoalDraft, PlanDraft, UnusedLine, UnusedReason};

/// One correction. Goals are named by their code in the draft as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum DraftEdit {
    /// A line the draft does not use becomes a goal, or an area when `area`. `nth`
    /// (from 0) picks among unused entries of the same line.
    LineToGoal {
        line: usize,
        area: bool,
        #[serde(default)]
        nth: usize,
    },
    /// What was read as a goal is none: its heading and text go to the unused lines,
    /// and the goals under it move up to its parent.
    NotAGoal { code: String },
    /// A goal becomes an area over goals, or an area a goal.
    SetArea { code: String, area: bool },
    /// A goal is part of the goal before it: its statement and text are appended to
    /// that goal's text, and its goals move under that goal.
    MergeWithPrevious { code: String },
    /// The goal's text from paragraph `paragraph` (counted from 1) on is a goal of its
    /// own, whose statement is that paragraph.
    Split { code: String, paragraph: usize },
    /// A new statement and short name.
    Rename {
        code: String,
        statement: String,
        short_name: Option<String>,
    },
    /// The goal moves under the area `area`, or to the top when `None`.
    MoveUnder { code: String, area: Option<String> },
    /// A suggested target or indicator (by its place, counted from 1) is dropped.
    DropTarget { code: String, target: usize },
}

/// Why an edit could not be applied; the draft is then unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the draft has no goal {0}")]
    NoGoal(String),
    #[error("no unused line {0}")]
    NoLine(usize),
    #[error("goal {0} is the first goal; there is none before it")]
    NothingBefore(String),
    #[error("goal {code} has no paragraph {paragraph} after its first")]
    NoParagraph { code: String, paragraph: usize },
    #[error("goal {code} has no suggested target {target}")]
    NoTarget { code: String, target: usize },
    #[error("a goal cannot be placed under itself or its own goals")]
    Cycle,
    #[error("a statement cannot be empty")]
    EmptyStatement,
    #[error("the goals' codes would not be unique, or a goal's parent would be missing")]
    BrokenTree,
}

impl PlanDraft {
    /// Applies `edit`, or leaves the draft as it was and says why not.
    pub fn apply(&mut self, edit: &DraftEdit) -> Result<(), EditError> {
        let mut changed = self.clone();
        changed.apply_in_place(edit)?;
        changed.check_tree()?;
        *self = changed;
        Ok(())
    }

    /// Codes are unique, every parent is a goal of the draft, and no goal is above
    /// itself: what the store needs, checked after every edit whatever the edit did.
    fn check_tree(&self) -> Result<(), EditError> {
        let codes: std::collections::HashSet<&str> =
            self.goals.iter().map(|g| g.code.as_str()).collect();
        if codes.len() != self.goals.len() {
            return Err(EditError::BrokenTree);
        }
        for goal in &self.goals {
            if goal.parent.as_deref().is_some_and(|p| !codes.contains(p)) {
                return Err(EditError::BrokenTree);
            }
            if self.is_above(&goal.code, goal.parent.as_deref()) {
                return Err(EditError::Cycle);
            }
        }
        Ok(())
    }

    /// Whether `code` is `from` or above it, walking up at most as many steps as there
    /// are goals (so a broken tree cannot loop).
    fn is_above(&self, code: &str, from: Option<&str>) -> bool {
        let mut current = from.map(str::to_string);
        for _ in 0..=self.goals.len() {
            let Some(here) = current else {
                return false;
            };
            if here == code {
                return true;
            }
            current = self
                .goals
                .iter()
                .find(|g| g.code == here)
                .and_then(|g| g.parent.clone());
        }
        true
    }

    fn index_of(&self, code: &str) -> Result<usize, EditError> {
        self.goals
            .iter()
            .position(|g| g.code == code)
            .ok_or_else(|| EditError::NoGoal(code.to_string()))
    }

    fn apply_in_place(&mut self, edit: &DraftEdit) -> Result<(), EditError> {
        match edit {
            DraftEdit::LineToGoal { line, area, nth } => self.line_to_goal(*line, *nth, *area),
            DraftEdit::NotAGoal { code } => self.not_a_goal(code),
            DraftEdit::SetArea { code, area } => {
                let index = self.index_of(code)?;
                let goal = &mut self.goals[index];
                goal.area = *area;
                made_by_hand(goal);
                Ok(())
            }
            DraftEdit::MergeWithPrevious { code } => self.merge_with_previous(code),
            DraftEdit::Split { code, paragraph } => self.split(code, *paragraph),
            DraftEdit::Rename {
                code,
                statement,
                short_name,
            } => {
                let index = self.index_of(code)?;
                let statement = statement.trim();
                if statement.is_empty() {
                    return Err(EditError::EmptyStatement);
                }
                let goal = &mut self.goals[index];
                goal.statement = statement.to_string();
                goal.short_name = short_name
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string);
                made_by_hand(goal);
                Ok(())
            }
            DraftEdit::MoveUnder { code, area } => self.move_under(code, area.as_deref()),
            DraftEdit::DropTarget { code, target } => {
                let index = self.index_of(code)?;
                let targets = &mut self.goals[index].targets;
                if *target == 0 || *target > targets.len() {
                    return Err(EditError::NoTarget {
                        code: code.clone(),
                        target: *target,
                    });
                }
                targets.remove(target - 1);
                Ok(())
            }
        }
    }

    fn line_to_goal(&mut self, line: usize, nth: usize, area: bool) -> Result<(), EditError> {
        let at = self
            .not_used
            .iter()
            .enumerate()
            .filter(|(_, u)| u.line == line)
            .nth(nth)
            .map(|(i, _)| i)
            .ok_or(EditError::NoLine(line))?;
        let unused = self.not_used.remove(at);
        // In document order: after the last goal that starts before the line.
        let place = self
            .goals
            .iter()
            .rposition(|g| g.line.is_some_and(|l| l < line))
            .map_or(0, |i| i + 1);
        let parent = if area {
            None
        } else {
            self.goals[..place]
                .iter()
                .rev()
                .find(|g| g.area)
                .map(|g| g.code.clone())
        };
        let code = self.free_code(parent.as_deref());
        let goal = GoalDraft {
            code,
            statement: unused.text.trim().to_string(),
            parent,
            line: Some(line),
            area,
            ..GoalDraft::default()
        };
        self.goals.insert(place, goal);
        Ok(())
    }

    fn not_a_goal(&mut self, code: &str) -> Result<(), EditError> {
        let index = self.index_of(code)?;
        let goal = self.goals.remove(index);
        for child in &mut self.goals {
            if child.parent.as_deref() == Some(code) {
                child.parent.clone_from(&goal.parent);
            }
        }
        let line = goal.line.unwrap_or(0);
        self.not_used.push(UnusedLine {
            line,
            text: goal.statement.clone(),
            reason: UnusedReason::MarkedByHand,
        });
        if !goal.text.trim().is_empty() {
            self.not_used.push(UnusedLine {
                line,
                text: goal.text.clone(),
                reason: UnusedReason::MarkedByHand,
            });
        }
        self.not_used.sort_by_key(|u| u.line);
        Ok(())
    }

    fn merge_with_previous(&mut self, code: &str) -> Result<(), EditError> {
        let index = self.index_of(code)?;
        if index == 0 {
            return Err(EditError::NothingBefore(code.to_string()));
        }
        let before = self.goals[index - 1].code.clone();
        if self.is_above(code, Some(&before)) {
            return Err(EditError::Cycle);
        }
        let goal = self.goals.remove(index);
        let into = &mut self.goals[index - 1];
        let into_code = into.code.clone();
        let mut text = std::mem::take(&mut into.text);
        for part in [goal.statement.as_str(), goal.text.as_str()] {
            if !part.trim().is_empty() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(part.trim());
            }
        }
        into.text = text;
        into.commitments.extend(goal.commitments);
        into.targets.extend(goal.targets);
        made_by_hand(into);
        for child in &mut self.goals {
            if child.parent.as_deref() == Some(code) {
                child.parent = Some(into_code.clone());
            }
        }
        Ok(())
    }

    fn split(&mut self, code: &str, paragraph: usize) -> Result<(), EditError> {
        let index = self.index_of(code)?;
        let goal = &mut self.goals[index];
        let paragraphs: Vec<&str> = goal.text.split("\n\n").collect();
        if paragraph < 2 || paragraph > paragraphs.len() {
            return Err(EditError::NoParagraph {
                code: code.to_string(),
                paragraph,
            });
        }
        let kept = paragraphs[..paragraph - 1].join("\n\n");
        let statement = strip_markdown(paragraphs[paragraph - 1]);
        if statement.is_empty() {
            return Err(EditError::EmptyStatement);
        }
        let rest = paragraphs[paragraph..].join("\n\n");
        // Each commitment stays with the text it is in; one that was the new statement
        // is no commitment of its own.
        let (commitments, kept_commitments): (Vec<_>, Vec<_>) =
            std::mem::take(&mut goal.commitments)
                .into_iter()
                .filter(|c| kept.contains(&c.text) || rest.contains(&c.text))
                .partition(|c| !kept.contains(&c.text));
        goal.commitments = kept_commitments;
        goal.text = kept;
        made_by_hand(goal);
        let parent = goal.parent.clone();
        let line = goal.line;
        let code = self.free_code(parent.as_deref());
        self.goals.insert(
            index + 1,
            GoalDraft {
                code,
                statement,
                parent,
                text: rest,
                commitments,
                line,
                ..GoalDraft::default()
            },
        );
        Ok(())
    }

    fn move_under(&mut self, code: &str, area: Option<&str>) -> Result<(), EditError> {
        let index = self.index_of(code)?;
        if let Some(area) = area {
            self.index_of(area)?;
            // The new parent may not be the goal itself or one of its goals.
            if self.is_above(code, Some(area)) {
                return Err(EditError::Cycle);
            }
        }
        let goal = &mut self.goals[index];
        goal.parent = area.map(str::to_string);
        made_by_hand(goal);
        Ok(())
    }

    /// The next code not in use: the next number at the top, or under `parent`.
    fn free_code(&self, parent: Option<&str>) -> String {
        let prefix = parent.map(|p| format!("{p}.")).unwrap_or_default();
        let used = self
            .goals
            .iter()
            .filter_map(|g| g.code.strip_prefix(prefix.as_str()))
            .filter_map(|rest| rest.split('.').next()?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        format!("{prefix}{}", used + 1)
    }
}

fn made_by_hand(goal: &mut GoalDraft) {
    goal.confidence = Confidence::SURE;
    goal.doubt = None;
}

/// A paragraph as a statement: without a bullet or heading mark.
fn strip_markdown(paragraph: &str) -> String {
    let text = paragraph.trim();
    let text = text.trim_start_matches('#').trim_start();
    text.strip_prefix("- ").unwrap_or(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CommitmentDraft;

    fn goal(code: &str, statement: &str, line: usize) -> GoalDraft {
        GoalDraft {
            code: code.into(),
            statement: statement.into(),
            line: Some(line),
            ..GoalDraft::default()
        }
    }

    fn draft() -> PlanDraft {
        PlanDraft {
            title: "Plan".into(),
            goals: vec![
                GoalDraft {
                    area: true,
                    ..goal("1", "Trygghet", 3)
                },
                GoalDraft {
                    parent: Some("1".into()),
                    text: "Första stycket.\n\nAndra målet ska gälla.\n\nMer text.".into(),
                    commitments: vec![CommitmentDraft {
                        text: "Andra målet ska gälla.".into(),
                    }],
                    ..goal("1.1", "Alla är trygga", 5)
                },
                goal("2", "Fel läst rubrik", 12),
            ],
            not_used: vec![UnusedLine {
                line: 9,
                text: "Fler ska välja kollektivtrafik".into(),
                reason: UnusedReason::Label,
            }],
            ..PlanDraft::default()
        }
    }

    fn codes(draft: &PlanDraft) -> Vec<(&str, Option<&str>)> {
        draft
            .goals
            .iter()
            .map(|g| (g.code.as_str(), g.parent.as_deref()))
            .collect()
    }

    #[test]
    fn a_missed_line_becomes_a_goal_in_its_place() {
        let mut d = draft();
        d.apply(&DraftEdit::LineToGoal {
            line: 9,
            area: false,
            nth: 0,
        })
        .unwrap();
        assert_eq!(
            codes(&d),
            [
                ("1", None),
                ("1.1", Some("1")),
                ("1.2", Some("1")),
                ("2", None)
            ]
        );
        assert_eq!(d.goals[2].statement, "Fler ska välja kollektivtrafik");
        assert!(d.not_used.is_empty());
        assert_eq!(
            d.apply(&DraftEdit::LineToGoal {
                line: 9,
                area: false,
                nth: 0,
            }),
            Err(EditError::NoLine(9))
        );
    }

    #[test]
    fn a_wrong_goal_is_dropped_to_the_unused_lines() {
        let mut d = draft();
        d.apply(&DraftEdit::NotAGoal { code: "1".into() }).unwrap();
        assert_eq!(codes(&d), [("1.1", None), ("2", None)]);
        assert!(d.not_used.iter().any(|u| u.text == "Trygghet"
            && u.line == 3
            && u.reason == UnusedReason::MarkedByHand));
    }

    #[test]
    fn split_and_merge_undo_each_other() {
        let mut d = draft();
        d.apply(&DraftEdit::Split {
            code: "1.1".into(),
            paragraph: 2,
        })
        .unwrap();
        assert_eq!(d.goals[2].code, "1.2");
        assert_eq!(d.goals[2].statement, "Andra målet ska gälla.");
        assert_eq!(d.goals[2].text, "Mer text.");
        assert_eq!(d.goals[1].text, "Första stycket.");
        // The commitment became the new goal's statement: no commitment of its own.
        assert!(d.goals[2].commitments.is_empty());
        assert!(d.goals[1].commitments.is_empty());
        d.apply(&DraftEdit::MergeWithPrevious { code: "1.2".into() })
            .unwrap();
        assert_eq!(
            d.goals[1].text,
            "Första stycket.\n\nAndra målet ska gälla.\n\nMer text."
        );
        assert_eq!(
            d.apply(&DraftEdit::Split {
                code: "2".into(),
                paragraph: 2
            }),
            Err(EditError::NoParagraph {
                code: "2".into(),
                paragraph: 2
            })
        );
    }

    #[test]
    fn moves_keep_the_tree_a_tree() {
        let mut d = draft();
        d.apply(&DraftEdit::MoveUnder {
            code: "2".into(),
            area: Some("1".into()),
        })
        .unwrap();
        assert_eq!(d.goals[2].parent.as_deref(), Some("1"));
        let before = d.clone();
        assert_eq!(
            d.apply(&DraftEdit::MoveUnder {
                code: "1".into(),
                area: Some("1.1".into())
            }),
            Err(EditError::Cycle)
        );
        assert_eq!(d, before, "a refused edit changes nothing");
    }

    #[test]
    fn a_merge_that_would_make_a_goal_its_own_parent_is_refused() {
        // 1 (area), 1.1, 2 (area); 1.1 moved under 2, then 2 merged into 1.1.
        let mut d = draft();
        d.goals[2].area = true;
        d.apply(&DraftEdit::MoveUnder {
            code: "1.1".into(),
            area: Some("2".into()),
        })
        .unwrap();
        let before = d.clone();
        assert_eq!(
            d.apply(&DraftEdit::MergeWithPrevious { code: "2".into() }),
            Err(EditError::Cycle)
        );
        assert_eq!(d, before);
    }

    #[test]
    fn a_line_among_several_of_the_same_number_is_chosen_by_its_place() {
        let mut d = draft();
        d.not_used.push(UnusedLine {
            line: 9,
            text: "Andra raden".into(),
            reason: UnusedReason::Label,
        });
        d.apply(&DraftEdit::LineToGoal {
            line: 9,
            area: false,
            nth: 1,
        })
        .unwrap();
        assert!(d.goals.iter().any(|g| g.statement == "Andra raden"));
        assert_eq!(d.not_used.len(), 1);
        assert_eq!(d.not_used[0].text, "Fler ska välja kollektivtrafik");
    }

    #[test]
    fn renames_and_dropped_targets() {
        let mut d = draft();
        d.goals[2].targets.push(crate::TextTargetDraft {
            text: "minst 5".into(),
            ..Default::default()
        });
        d.apply(&DraftEdit::Rename {
            code: "2".into(),
            statement: "  Ny lydelse ".into(),
            short_name: Some(" ".into()),
        })
        .unwrap();
        assert_eq!(d.goals[2].statement, "Ny lydelse");
        assert_eq!(d.goals[2].short_name, None);
        d.apply(&DraftEdit::DropTarget {
            code: "2".into(),
            target: 1,
        })
        .unwrap();
        assert!(d.goals[2].targets.is_empty());
        assert!(
            d.apply(&DraftEdit::Rename {
                code: "2".into(),
                statement: " ".into(),
                short_name: None
            })
            .is_err()
        );
    }
}
