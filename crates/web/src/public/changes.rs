//! What differs between two versions of a publication, in words: a replaced version
//! says what the newer one changed, and a correction says what it corrected.

use riktning_publish::{GoalPart, Report};

use super::view::status_of;
use crate::i18n::{Lang, text};

/// The differences from `old` to `new`, one sentence each, in document order.
pub(super) fn between(old: &Report, new: &Report, lang: Lang) -> Vec<String> {
    let mut changes = Vec::new();
    let status = |report: &Report, goal: &GoalPart| {
        status_of(report, goal, lang).map_or_else(
            || text(lang, "public-not-assessed").to_string(),
            |s| s.label,
        )
    };
    for goal in &new.goals {
        let Some(before) = old.goal(goal.id) else {
            changes.push(format!(
                "{} {}: {}",
                goal.code,
                goal.statement,
                text(lang, "public-change-added")
            ));
            continue;
        };
        let (was, is) = (status(old, before), status(new, goal));
        if was != is {
            changes.push(format!(
                "{}: {} {was} → {is}",
                goal.code,
                text(lang, "public-change-status")
            ));
        }
        let analyses = |g: &GoalPart| {
            g.assessments
                .iter()
                .map(|a| (a.unit.clone(), a.analysis.clone(), a.actions.clone()))
                .collect::<Vec<_>>()
        };
        if was == is && analyses(before) != analyses(goal) {
            changes.push(format!(
                "{}: {}",
                goal.code,
                text(lang, "public-change-analysis")
            ));
        }
        if before.statement != goal.statement || before.political_text != goal.political_text {
            changes.push(format!(
                "{}: {}",
                goal.code,
                text(lang, "public-change-text")
            ));
        }
        let values = |g: &GoalPart| {
            g.indicators
                .iter()
                .map(|i| (i.id, i.series.clone(), i.targets.clone()))
                .collect::<Vec<_>>()
        };
        if values(before) != values(goal) {
            changes.push(format!(
                "{}: {}",
                goal.code,
                text(lang, "public-change-values")
            ));
        }
    }
    for goal in &old.goals {
        if new.goal(goal.id).is_none() {
            changes.push(format!(
                "{} {}: {}",
                goal.code,
                goal.statement,
                text(lang, "public-change-removed")
            ));
        }
    }
    changes
}
