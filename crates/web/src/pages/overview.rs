//! The overview for a period: every council goal with its rolled-up status, who has
//! reported, the assessments by state and what is overdue.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::{AssessmentState, Goal, GoalLevel, Id, Period, Plan};
use riktning_followup::{Basis, PeriodContext, StateCounts, followup_status, suggest_goal};
use riktning_store::{Store, StoreRead};
use time::OffsetDateTime;

use super::{Badge, Chrome, PeriodQuery, plan_and_period_in, render};
use crate::extract::Query;
use crate::policy::{Action, authorize};
use crate::{AppError, Reading, Shared};

pub struct PeriodChoice {
    pub id: Id,
    pub name: String,
    pub selected: bool,
}

struct GoalRow {
    id: Id,
    code: String,
    name: String,
    statement: String,
    suggestion: Badge,
    explanation: String,
    reported: usize,
    expected: usize,
    missing: Vec<String>,
    approved: Option<Badge>,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    chrome: Chrome,
    periods: Vec<PeriodChoice>,
    period_id: Id,
    period_name: String,
    deadline: String,
    past_deadline: bool,
    closed: bool,
    counts: StateCounts,
    rows: Vec<GoalRow>,
}

pub fn period_choices(periods: &[riktning_domain::Period], chosen: Id) -> Vec<PeriodChoice> {
    periods
        .iter()
        .map(|p| PeriodChoice {
            id: p.id,
            name: p.name.clone(),
            selected: p.id == chosen,
        })
        .collect()
}

fn is_top_council_goal(goal: &Goal) -> bool {
    goal.level == GoalLevel::Council && goal.parent_id.is_none()
}

/// Everything the overview shows, read through the page's one transaction: the
/// period's core context with the indicators and evidence of the council goals it
/// suggests for.
async fn load<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    chosen: Option<Id>,
) -> Result<(Plan, Vec<Period>, Period, PeriodContext), AppError> {
    let (plan, periods, period) = plan_and_period_in(read, tenant, chosen).await?;
    // Counts and roll-ups need no commitments or activities, and only the council
    // goals' own indicators are judged here.
    let mut context = PeriodContext::read_core(read, tenant, period.clone()).await?;
    let top: Vec<Id> = context
        .goals
        .iter()
        .filter(|g| is_top_council_goal(g))
        .map(|g| g.id)
        .collect();
    context.read_indicators(read, &top).await?;
    context.read_evidence(read, Some(&top)).await?;
    Ok((plan, periods, period, context))
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let loaded = load(&mut read, state.tenant.id, query.period).await;
    read.finish().await?;
    let (plan, periods, period, context) = loaded?;
    let status = followup_status(
        &context,
        riktning_domain::in_stockholm(OffsetDateTime::now_utc()).date(),
    );
    let mut rows = Vec::new();
    for goal in context.goals.iter().filter(|g| is_top_council_goal(g)) {
        // The context holds every value and target this reads, so it reads nothing.
        let suggestion = suggest_goal(&state.store, &context, goal).await?;
        let (reported, expected, missing) = match &suggestion.basis {
            Basis::ChildGoals { rollup } => (
                rollup.reported.len(),
                rollup.reported.len() + rollup.missing.len(),
                rollup.missing.clone(),
            ),
            Basis::Indicators { .. } => (0, 0, Vec::new()),
        };
        let approved = context
            .assessments
            .iter()
            .find(|a| a.goal_id == goal.id && a.state == AssessmentState::Approved)
            .and_then(|a| context.scale(&a.scale).level(&a.level).cloned())
            .map(|level| Badge::of(&level, visitor.lang));
        rows.push(GoalRow {
            id: goal.id,
            code: goal.code.clone(),
            name: goal.short_name.clone().unwrap_or_else(|| goal.code.clone()),
            statement: goal.statement.clone(),
            suggestion: Badge::of(&suggestion.level, visitor.lang),
            explanation: suggestion.explanation,
            reported,
            expected,
            missing,
            approved,
        });
    }
    let title = format!("{} – {}", plan.title, period.name);
    let page = OverviewPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "overview",
            title,
            format!("/?period={}", period.id),
        ),
        periods: period_choices(&periods, period.id),
        period_id: period.id,
        period_name: period.name.clone(),
        deadline: period.deadline.to_string(),
        past_deadline: status.past_deadline,
        closed: !period.is_open(),
        counts: status.counts,
        rows,
    };
    Ok(render(&page))
}
