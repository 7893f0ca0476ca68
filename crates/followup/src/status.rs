//! Who has reported what in a period, what is missing and what is overdue: the list a
//! controller chases before a deadline.

use std::collections::BTreeMap;

use riktning_domain::{AssessmentState, Id, ProgressSubject};
use serde::Serialize;
use time::Date;

use crate::PeriodContext;

/// One assessment a unit is expected to make: of a goal it is responsible for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedAssessment {
    pub goal_id: Id,
    pub code: String,
    /// `None` when nothing has been saved yet.
    pub state: Option<AssessmentState>,
    /// Past the deadline and not yet submitted.
    pub overdue: bool,
}

/// An activity or commitment the unit has not reported on this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingProgress {
    pub subject: ProgressSubject,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitStatus {
    pub unit_id: Id,
    pub unit: String,
    pub assessments: Vec<ExpectedAssessment>,
    pub missing_progress: Vec<MissingProgress>,
}

impl UnitStatus {
    /// Every expected assessment submitted or approved, and every report made.
    pub fn is_complete(&self) -> bool {
        self.remaining() == 0
    }

    /// How much is left: assessments not yet submitted, and reports not made.
    pub fn remaining(&self) -> usize {
        let unsent = self.assessments.iter().filter(|a| {
            !matches!(
                a.state,
                Some(AssessmentState::Submitted | AssessmentState::Approved)
            )
        });
        self.missing_progress.len() + unsent.count()
    }
}

/// How many expected assessments are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StateCounts {
    pub missing: usize,
    pub draft: usize,
    pub returned: usize,
    pub submitted: usize,
    pub approved: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowupStatus {
    pub period: String,
    pub deadline: Date,
    pub past_deadline: bool,
    pub counts: StateCounts,
    /// By unit name.
    pub units: Vec<UnitStatus>,
    /// Goals no unit is responsible for, so nobody is asked to assess them.
    pub unassigned_goals: Vec<String>,
}

/// The period's reporting status as of `today`, from the context alone.
pub fn followup_status(context: &PeriodContext, today: Date) -> FollowupStatus {
    let past_deadline = context.period.is_overdue(today);
    let mut units: BTreeMap<Id, UnitStatus> = BTreeMap::new();
    let mut counts = StateCounts::default();
    let mut unassigned_goals = Vec::new();
    let unit_entry = |units: &mut BTreeMap<Id, UnitStatus>, unit: Id| {
        units.entry(unit).or_insert_with(|| UnitStatus {
            unit_id: unit,
            unit: context.unit_name(unit),
            assessments: Vec::new(),
            missing_progress: Vec::new(),
        });
    };

    // A retired unit is asked for nothing new; what it did report still shows.
    let retired = |unit: Id| context.units.get(&unit).is_some_and(|u| u.retired);
    for goal in &context.goals {
        let asked: Vec<Id> = goal
            .responsible_units
            .iter()
            .copied()
            .filter(|&unit| !retired(unit) || context.assessment(goal.id, unit).is_some())
            .collect();
        // A goal whose units are all retired has nobody to answer for it any more.
        if asked.is_empty() {
            unassigned_goals.push(goal.code.clone());
        }
        for unit in asked {
            let state = context.assessment(goal.id, unit).map(|a| a.state);
            let done = matches!(
                state,
                Some(AssessmentState::Submitted | AssessmentState::Approved)
            );
            // A closed period asks nothing more of anyone, so nothing in it is late.
            let overdue = past_deadline && context.period.is_open() && !done;
            match state {
                None => counts.missing += 1,
                Some(AssessmentState::Draft) => counts.draft += 1,
                Some(AssessmentState::Returned) => counts.returned += 1,
                Some(AssessmentState::Submitted) => counts.submitted += 1,
                Some(AssessmentState::Approved) => counts.approved += 1,
            }
            counts.overdue += usize::from(overdue);
            unit_entry(&mut units, unit);
            if let Some(status) = units.get_mut(&unit) {
                status.assessments.push(ExpectedAssessment {
                    goal_id: goal.id,
                    code: goal.code.clone(),
                    state,
                    overdue,
                });
            }
        }
    }

    let reported = |subject: ProgressSubject| context.progress.iter().any(|r| r.subject == subject);
    for activity in &context.activities {
        let subject = ProgressSubject::Activity(activity.id);
        if let Some(unit) = activity.responsible_unit
            && !reported(subject)
            && !retired(unit)
        {
            unit_entry(&mut units, unit);
            if let Some(status) = units.get_mut(&unit) {
                status.missing_progress.push(MissingProgress {
                    subject,
                    title: activity.title.clone(),
                });
            }
        }
    }
    for goal in context
        .goals
        .iter()
        .filter(|g| !g.responsible_units.is_empty())
    {
        for commitment in context.commitments_of(goal.id) {
            let subject = ProgressSubject::Commitment(commitment.id);
            if reported(subject) {
                continue;
            }
            for &unit in goal.responsible_units.iter().filter(|&&u| !retired(u)) {
                if let Some(status) = units.get_mut(&unit) {
                    status.missing_progress.push(MissingProgress {
                        subject,
                        title: format!("{}: {}", goal.code, commitment.text),
                    });
                }
            }
        }
    }

    let mut units: Vec<UnitStatus> = units.into_values().collect();
    units.sort_by(|a, b| a.unit.cmp(&b.unit));
    FollowupStatus {
        period: context.period.name.clone(),
        deadline: context.period.deadline,
        past_deadline,
        counts,
        units,
        unassigned_goals,
    }
}
