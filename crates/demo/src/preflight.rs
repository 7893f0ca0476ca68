//! Checks the whole demo before anything is written. The store cannot undo a load that
//! fails halfway, so every reference must resolve and every value must pass the domain's
//! own validation first; the store's remaining checks (an open period, a unit
//! responsible for the goal, a level on the scale) are mirrored here.

use riktning_domain::{
    ActivityKind, AssessmentScale, AssessmentState, ConclusionContent, GoalLink, Id, PlanDraft,
    Transition, parent_code,
};

use crate::DemoError;
use crate::content::{
    ACTIVITIES, ASSESSMENTS, CLOSED_PERIODS, COMMITMENT_REPORTS, COMMITTEE_GOALS, CONCLUSIONS,
    COUNCIL_GOAL_OWNER, FINANCIAL_GOALS, Flow, INDICATORS, IndicatorSpec, PERIODS, ReportSpec,
    UNITS,
};

/// The names the demo's tables may refer to. A name's index stands in for the id it
/// will get, so that duplicates show up in the domain's checks too.
struct Known<'a> {
    council_goals: Vec<&'a str>,
    goals: Vec<&'a str>,
    units: Vec<&'static str>,
    periods: Vec<&'static str>,
}

fn placeholder(names: &[&str], name: &str, what: &str) -> Result<Id, DemoError> {
    names
        .iter()
        .position(|n| *n == name)
        .and_then(|index| Id::try_from(index).ok())
        .ok_or_else(|| DemoError::Inconsistent(format!("unknown {what} '{name}'")))
}

fn inconsistent(message: String) -> DemoError {
    DemoError::Inconsistent(message)
}

impl<'a> Known<'a> {
    fn new(draft: &'a PlanDraft) -> Self {
        let mut council_goals: Vec<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
        council_goals.extend(FINANCIAL_GOALS.iter().map(|g| g.code));
        let mut goals = council_goals.clone();
        goals.extend(COMMITTEE_GOALS.iter().map(|g| g.code));
        Self {
            council_goals,
            goals,
            units: UNITS.iter().map(|u| u.key).collect(),
            periods: PERIODS.iter().map(|p| p.name).collect(),
        }
    }

    fn goal(&self, code: &str) -> Result<Id, DemoError> {
        placeholder(&self.goals, code, "goal")
    }

    fn unit(&self, key: &str) -> Result<Id, DemoError> {
        placeholder(&self.units, key, "org unit")
    }

    fn period(&self, name: &str) -> Result<Id, DemoError> {
        placeholder(&self.periods, name, "period")
    }

    /// The unit that assesses a goal: the committee's for its own goals, the executive
    /// board's for the council's.
    fn responsible(&self, code: &str) -> Result<&'static str, DemoError> {
        if let Some(goal) = COMMITTEE_GOALS.iter().find(|g| g.code == code) {
            Ok(goal.unit)
        } else if self.council_goals.contains(&code) {
            Ok(COUNCIL_GOAL_OWNER)
        } else {
            Err(inconsistent(format!("unknown goal '{code}'")))
        }
    }
}

/// Everything the load will write, checked against `draft`, the parsed example plan.
pub(crate) fn check(draft: &PlanDraft) -> Result<(), DemoError> {
    let known = Known::new(draft);
    check_units(&known)?;
    check_committee_goals(&known)?;
    for spec in INDICATORS {
        check_indicator(draft, &known, spec)?;
    }
    check_periods(&known)?;
    check_assessments(&known)?;
    check_activities(&known)?;
    check_commitment_reports(draft, &known)
}

fn check_units(known: &Known) -> Result<(), DemoError> {
    for (index, unit) in UNITS.iter().enumerate() {
        let earlier = &known.units[..index];
        if earlier.contains(&unit.key) {
            return Err(inconsistent(format!("org unit '{}' twice", unit.key)));
        }
        let parent = unit
            .parent
            .map(|p| placeholder(earlier, p, "parent unit (listed before its children)"))
            .transpose()?;
        unit.new_unit(parent)
            .validate()
            .map_err(|e| DemoError::invalid(format!("org unit {}", unit.key), e))?;
    }
    known.unit(COUNCIL_GOAL_OWNER).map(drop)
}

fn check_committee_goals(known: &Known) -> Result<(), DemoError> {
    for (index, goal) in COMMITTEE_GOALS.iter().enumerate() {
        let twice = known.council_goals.contains(&goal.code)
            || COMMITTEE_GOALS[..index].iter().any(|g| g.code == goal.code);
        if twice {
            return Err(inconsistent(format!("goal code {} twice", goal.code)));
        }
        if !known.council_goals.contains(&goal.parent)
            || parent_code(goal.code) != Some(goal.parent)
        {
            return Err(inconsistent(format!(
                "goal {} must sit under the council goal {}",
                goal.code, goal.parent
            )));
        }
        let new = goal.new_goal(0, known.goal(goal.parent)?, 0, known.unit(goal.unit)?);
        new.validate()
            .map_err(|e| DemoError::invalid(format!("committee goal {}", goal.code), e))?;
    }
    Ok(())
}

fn check_indicator(
    draft: &PlanDraft,
    known: &Known,
    spec: &IndicatorSpec,
) -> Result<(), DemoError> {
    let what = || format!("indicator '{}'", spec.name);
    let mut links = Vec::new();
    for (code, weight) in spec.goals {
        let goal_id = known.goal(code)?;
        if links.iter().any(|l: &GoalLink| l.goal_id == goal_id) {
            return Err(inconsistent(format!("{} links goal {code} twice", what())));
        }
        links.push(GoalLink {
            goal_id,
            weight: *weight,
        });
    }
    let new = spec.new_indicator(links, Some(known.unit(spec.responsible)?));
    new.validate().map_err(|e| DemoError::invalid(what(), e))?;
    for (index, target) in spec.targets.iter().enumerate() {
        if spec.targets[..index].iter().any(|t| t.year == target.year) {
            return Err(inconsistent(format!(
                "{} has two targets for {}",
                what(),
                target.year
            )));
        }
        target
            .new_target(0, None)
            .validate()
            .map_err(|e| DemoError::invalid(format!("target {} of {}", target.year, what()), e))?;
        if let Some(code) = target.text_target_of {
            let stated = draft
                .goals
                .iter()
                .filter(|g| g.code == code)
                .flat_map(|g| &g.targets)
                .any(|t| t.value == Some(target.value) && t.year == Some(target.year));
            if !stated {
                return Err(inconsistent(format!(
                    "goal {code} of the example document states no target {} for {}",
                    target.value, target.year
                )));
            }
        }
    }
    for (index, (year, _)) in spec.values.iter().enumerate() {
        if spec.values[..index].iter().any(|(y, _)| y == year) {
            return Err(inconsistent(format!(
                "{} has two values for {year}",
                what()
            )));
        }
    }
    Ok(())
}

fn check_periods(known: &Known) -> Result<(), DemoError> {
    for (index, period) in PERIODS.iter().enumerate() {
        if known.periods[..index].contains(&period.name) {
            return Err(inconsistent(format!("period '{}' twice", period.name)));
        }
        period
            .new_period(0)
            .validate()
            .map_err(|e| DemoError::invalid(format!("period '{}'", period.name), e))?;
    }
    for name in CLOSED_PERIODS {
        known.period(name)?;
    }
    for spec in CONCLUSIONS {
        known.period(spec.period)?;
        ConclusionContent {
            verdict: spec.verdict,
            text: spec.text.to_string(),
        }
        .validate()
        .map_err(|e| DemoError::invalid(format!("conclusion of '{}'", spec.period), e))?;
    }
    Ok(())
}

fn check_assessments(known: &Known) -> Result<(), DemoError> {
    let scale = AssessmentScale::standard();
    for (index, spec) in ASSESSMENTS.iter().enumerate() {
        let what = || {
            format!(
                "assessment of {} by {} in '{}'",
                spec.goal, spec.unit, spec.period
            )
        };
        known.period(spec.period)?;
        known.unit(spec.unit)?;
        if known.responsible(spec.goal)? != spec.unit {
            return Err(inconsistent(format!(
                "{}: the unit is not responsible for the goal",
                what()
            )));
        }
        let twice = ASSESSMENTS[..index]
            .iter()
            .any(|a| (a.period, a.goal, a.unit) == (spec.period, spec.goal, spec.unit));
        if twice {
            return Err(inconsistent(format!("{} twice", what())));
        }
        scale
            .require_level(spec.level)
            .map_err(|e| inconsistent(format!("{}: {e}", what())))?;
        if let Flow::Returned(comment) = spec.flow {
            let step = Transition::Return {
                comment: comment.to_string(),
            };
            step.apply(AssessmentState::Submitted)
                .map_err(|e| DemoError::invalid(what(), e))?;
        }
    }
    Ok(())
}

fn check_activities(known: &Known) -> Result<(), DemoError> {
    for spec in ACTIVITIES {
        let goals = spec
            .goals
            .iter()
            .map(|code| known.goal(code))
            .collect::<Result<Vec<_>, _>>()?;
        spec.new_activity(0, known.unit(spec.unit)?, goals)
            .validate()
            .map_err(|e| DemoError::invalid(format!("activity '{}'", spec.title), e))?;
        if let Some(report) = &spec.report {
            check_report(known, spec.kind, report)
                .map_err(|e| inconsistent(format!("report on '{}': {e}", spec.title)))?;
        }
    }
    Ok(())
}

fn check_report(known: &Known, kind: ActivityKind, report: &ReportSpec) -> Result<(), DemoError> {
    known.period(report.period)?;
    match (report.level, kind) {
        (None, _) => Ok(()),
        (Some(level), ActivityKind::Assignment) => AssessmentScale::percentage()
            .require_level(level)
            .map(drop)
            .map_err(|e| inconsistent(e.to_string())),
        (Some(_), ActivityKind::Activity) => Err(inconsistent(
            "only assignments are assessed on a scale".to_string(),
        )),
    }
}

fn check_commitment_reports(draft: &PlanDraft, known: &Known) -> Result<(), DemoError> {
    for report in COMMITMENT_REPORTS {
        known.period(report.period)?;
        let count = draft
            .goals
            .iter()
            .find(|g| g.code == report.goal)
            .map_or(0, |g| g.commitments.len());
        let exists = usize::try_from(report.position).is_ok_and(|p| p < count);
        if !exists {
            return Err(inconsistent(format!(
                "goal {} of the example document has no commitment at position {}",
                report.goal, report.position
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{DOCUMENT, DOCUMENT_NAME};

    fn draft() -> PlanDraft {
        riktning_import::parse_document(DOCUMENT_NAME, DOCUMENT).expect("the example parses")
    }

    fn refusal(draft: &PlanDraft) -> String {
        match check(draft) {
            Err(DemoError::Inconsistent(message)) => message,
            other => panic!("expected an inconsistency, got {other:?}"),
        }
    }

    #[test]
    fn the_demo_fits_the_example_document() {
        check(&draft()).expect("consistent");
    }

    #[test]
    fn a_document_without_a_goal_the_demo_builds_on_is_refused() {
        let mut draft = draft();
        draft.goals.retain(|g| g.code != "1.7");
        assert!(refusal(&draft).contains("1.7"));
    }

    #[test]
    fn a_document_without_a_stated_target_or_commitment_is_refused() {
        let mut without_target = draft();
        without_target
            .goals
            .iter_mut()
            .for_each(|g| g.targets.clear());
        assert!(refusal(&without_target).contains("states no target"));

        let mut without_commitments = draft();
        without_commitments
            .goals
            .iter_mut()
            .filter(|g| g.code == "1.4")
            .for_each(|g| g.commitments.clear());
        assert!(refusal(&without_commitments).contains("no commitment"));
    }
}
