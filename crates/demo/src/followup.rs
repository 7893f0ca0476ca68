//! The follow-up: periods, assessments through the workflow, activities with their
//! progress reports, and closing the periods that are over.

use riktning_domain::{
    AssessmentContent, AssessmentState, Change, ConclusionContent, NewProgressReport, PeriodState,
    ProgressSubject, Transition,
};
use riktning_store::Store;

use crate::DemoError;
use crate::content::{
    ACTIVITIES, ASSESSMENTS, ActivitySpec, AssessmentSpec, CLOSED_PERIODS, COMMITMENT_REPORTS,
    CONCLUSIONS, CONTROLLER, COUNCIL_ASSESSMENTS, COUNCIL_GOAL_OWNER, CommitmentReportSpec,
    ConclusionSpec, Flow, PERIODS, reporter,
};
use crate::error::StoreContext;
use crate::loaded::{Loaded, acting};

pub(crate) async fn load<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    create_periods(store, loaded, change).await?;
    for spec in ASSESSMENTS.iter().chain(COUNCIL_ASSESSMENTS) {
        let state = assess(store, loaded, spec, change).await?;
        loaded.summary.assessments.add(state);
    }
    for spec in ACTIVITIES {
        create_activity(store, loaded, spec, change).await?;
    }
    for spec in COMMITMENT_REPORTS {
        report_on_commitment(store, loaded, spec, change).await?;
    }
    for spec in CONCLUSIONS {
        conclude(store, loaded, spec, change).await?;
    }
    close_periods(store, loaded, change).await
}

/// The controller's conclusion on god ekonomisk hushållning, while the period is open.
async fn conclude<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    spec: &ConclusionSpec,
    change: &Change,
) -> Result<(), DemoError> {
    let what = || format!("writing the conclusion of '{}'", spec.period);
    let content = ConclusionContent {
        verdict: spec.verdict,
        text: spec.text.to_string(),
    };
    store
        .write_conclusion(
            loaded.tenant,
            loaded.period(spec.period)?.id,
            &content,
            None,
            &acting(change, CONTROLLER),
        )
        .await
        .during(what)?;
    loaded.summary.conclusions += 1;
    Ok(())
}

async fn create_periods<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    for spec in PERIODS {
        let period = store
            .create_period(loaded.tenant, &spec.new_period(loaded.plan), change)
            .await
            .during(|| format!("creating the period '{}'", spec.name))?;
        loaded.add_period(spec.name, period);
        loaded.summary.periods += 1;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Role {
    Reporter,
    Controller,
}

/// The workflow steps that bring a new draft to the spec's state, and who takes each.
fn steps(flow: &Flow) -> Vec<(Transition, Role)> {
    let submit = (Transition::Submit, Role::Reporter);
    match flow {
        Flow::Draft => Vec::new(),
        Flow::Submitted => vec![submit],
        Flow::Approved => vec![submit, (Transition::Approve, Role::Controller)],
        Flow::Returned(comment) => vec![
            submit,
            (
                Transition::Return {
                    comment: (*comment).to_string(),
                },
                Role::Controller,
            ),
        ],
    }
}

/// Why a demo assessment differs from the suggestion: the indicators cover only part of
/// what the committee follows.
const DEVIATION_REASON: &str = "Indikatorerna täcker bara en del av målet; bedömningen väger också in nämndens egna uppföljningar och enkäter under perioden.";

/// Saves the assessment as the unit's secretary and takes it through the workflow;
/// returns the state it ends in.
async fn assess<S: Store>(
    store: &S,
    loaded: &Loaded,
    spec: &AssessmentSpec,
    change: &Change,
) -> Result<AssessmentState, DemoError> {
    let what = || {
        format!(
            "assessing goal {} for {} in '{}'",
            spec.goal, spec.unit, spec.period
        )
    };
    let reporter = acting(change, reporter(spec.unit));
    let controller = acting(change, CONTROLLER);
    let goal = loaded.goal(spec.goal)?;
    let period_id = loaded.period(spec.period)?.id;
    // Store Riktning's suggestion with the assessment, as the workspace does, so the
    // demo shows assessments that follow it and ones that deviate with a reason.
    let context = riktning_followup::PeriodContext::load(store, loaded.tenant, period_id)
        .await
        .during(what)?;
    let suggestion = riktning_followup::suggest_goal(store, &context, goal)
        .await
        .during(what)?
        .snapshot();
    let deviates = suggestion.level != spec.level;
    let content = AssessmentContent {
        goal_id: goal.id,
        period_id,
        org_unit_id: loaded.unit(spec.unit)?,
        level: spec.level.to_string(),
        analysis: spec.analysis.to_string(),
        actions: spec.actions.to_string(),
        suggestion: Some(suggestion),
        deviation_reason: deviates.then(|| DEVIATION_REASON.to_string()),
    };
    let mut assessment = store
        .create_assessment(loaded.tenant, &content, &reporter)
        .await
        .during(what)?;
    for (step, role) in steps(&spec.flow) {
        let who = match role {
            Role::Reporter => &reporter,
            Role::Controller => &controller,
        };
        assessment = store
            .transition_assessment(loaded.tenant, assessment.id, assessment.version, &step, who)
            .await
            .during(what)?;
    }
    Ok(assessment.state)
}

async fn create_activity<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    spec: &ActivitySpec,
    change: &Change,
) -> Result<(), DemoError> {
    let goals = spec
        .goals
        .iter()
        .map(|code| loaded.goal(code).map(|g| g.id))
        .collect::<Result<Vec<_>, _>>()?;
    let new = spec.new_activity(loaded.plan, loaded.unit(spec.unit)?, goals);
    let activity = store
        .create_activity(loaded.tenant, &new, change)
        .await
        .during(|| format!("creating the activity '{}'", spec.title))?;
    loaded.summary.activities += 1;
    let Some(report) = &spec.report else {
        return Ok(());
    };
    let new = NewProgressReport {
        period_id: loaded.period(report.period)?.id,
        subject: ProgressSubject::Activity(activity.id),
        status: report.status,
        level: report.level.map(str::to_string),
        comment: report.comment.to_string(),
    };
    store
        .report_progress(loaded.tenant, &new, &acting(change, reporter(spec.unit)))
        .await
        .during(|| format!("reporting on '{}' in '{}'", spec.title, report.period))?;
    loaded.summary.progress_reports += 1;
    Ok(())
}

async fn report_on_commitment<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    spec: &CommitmentReportSpec,
    change: &Change,
) -> Result<(), DemoError> {
    let what = || {
        format!(
            "reporting on commitment {} of goal {} in '{}'",
            spec.position + 1,
            spec.goal,
            spec.period
        )
    };
    let goal = loaded.goal(spec.goal)?;
    let commitment = store
        .commitments(loaded.tenant, goal.id)
        .await
        .during(what)?
        .into_iter()
        .find(|c| c.position == spec.position)
        .ok_or_else(|| DemoError::Inconsistent(format!("{}: no such commitment", what())))?;
    let new = NewProgressReport {
        period_id: loaded.period(spec.period)?.id,
        subject: ProgressSubject::Commitment(commitment.id),
        status: spec.status,
        level: None,
        comment: spec.comment.to_string(),
    };
    store
        .report_progress(
            loaded.tenant,
            &new,
            &acting(change, reporter(COUNCIL_GOAL_OWNER)),
        )
        .await
        .during(what)?;
    loaded.summary.progress_reports += 1;
    Ok(())
}

/// Closes the periods that are over, last, so that what they hold is frozen.
async fn close_periods<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    let controller = acting(change, CONTROLLER);
    for name in CLOSED_PERIODS {
        let what = || format!("closing the period '{name}'");
        // Re-read: the version may have moved since the period was created.
        let period = store
            .period(loaded.tenant, loaded.period(name)?.id)
            .await
            .during(what)?;
        let closed = store
            .set_period_state(
                loaded.tenant,
                period.id,
                period.version,
                PeriodState::Closed,
                &controller,
            )
            .await
            .during(what)?;
        loaded.add_period(name, closed);
        loaded.summary.closed_periods += 1;
    }
    Ok(())
}
