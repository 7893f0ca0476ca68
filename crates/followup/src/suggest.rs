//! Suggested assessments: from a goal's indicators, or rolled up from the approved
//! assessments of the goals under it. The rules themselves are the domain's; this
//! module gathers their inputs from the store.

use riktning_domain::{
    AssessmentState, ChildResult, Direction, ForecastOptions, ForecastRequest, ForecastTarget,
    Fulfilment, Goal, Id, Indicator, IndicatorEvidence, IndicatorStatus, Rollup, ScaleLevel,
    SuggestionSnapshot, Target, forecast, indicator_status, roll_up, suggest_assessment,
};
use std::borrow::Cow;

use riktning_store::{Store, StoreError, StoreRead};
use serde::Serialize;

use crate::PeriodContext;
use crate::context::Evidence;

/// One indicator as the suggestion saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRow {
    pub indicator_id: Id,
    pub name: String,
    pub weight: f64,
    pub status: IndicatorStatus,
    /// The value judged on and its year: the latest up to the period's value year.
    pub latest: Option<(i32, f64)>,
    pub target: Option<ForecastTarget>,
    pub unit: Option<String>,
    pub direction: Direction,
}

/// What a suggestion was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    Indicators { indicators: Vec<IndicatorRow> },
    ChildGoals { rollup: Rollup },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalSuggestion {
    pub goal_id: Id,
    pub code: String,
    pub statement: String,
    pub fulfilment: Fulfilment,
    /// Where the suggestion lands on the tenant's goal scale.
    pub level: ScaleLevel,
    pub explanation: String,
    pub basis: Basis,
}

impl GoalSuggestion {
    /// What is stored with an assessment made from this suggestion.
    pub fn snapshot(&self) -> SuggestionSnapshot {
        SuggestionSnapshot {
            level: self.level.key.clone(),
            fulfilment: self.fulfilment,
            explanation: self.explanation.clone(),
        }
    }
}

/// The target a status is judged against: the final one, or else the latest.
fn judged_target(targets: &[Target]) -> Option<&Target> {
    targets
        .iter()
        .filter(|t| t.is_final)
        .max_by_key(|t| t.year)
        .or_else(|| targets.iter().max_by_key(|t| t.year))
}

fn indicator_row(evidence: &Evidence, indicator: &Indicator, weight: f64) -> IndicatorRow {
    let points = evidence.values(&indicator.series_key());
    let latest = points.iter().copied().max_by_key(|(year, _)| *year);
    let target = judged_target(evidence.targets(indicator.id)).map(|t| ForecastTarget {
        value: t.value,
        comparator: t.comparator,
        year: t.year,
    });
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0);
    let unit = indicator.unit.clone().unwrap_or_default();
    // Too little data for a trend is not an error here: the status then rests on the
    // latest value alone.
    let reach = forecast(&ForecastRequest {
        points,
        options: ForecastOptions::default(),
        target,
        projection_year: None,
        direction: Some(indicator.direction),
        band: indicator.band_low.zip(indicator.band_high),
        unit: &unit,
        decimals,
    })
    .ok()
    .and_then(|f| f.reach);
    IndicatorRow {
        indicator_id: indicator.id,
        name: indicator.name.clone(),
        weight,
        status: indicator_status(latest, target.as_ref(), reach.as_ref(), decimals),
        latest,
        target,
        unit: indicator.unit.clone(),
        direction: indicator.direction,
    }
}

fn rows_from(context: &PeriodContext, evidence: &Evidence, goal: &Goal) -> Vec<IndicatorRow> {
    context
        .indicators
        .iter()
        .filter_map(|indicator| {
            let link = indicator.goals.iter().find(|l| l.goal_id == goal.id)?;
            Some(indicator_row(evidence, indicator, link.weight))
        })
        .collect()
}

/// The evidence for the indicators of `goals` (every goal for `None`): the context's
/// own when it holds it, or else read in one transaction with two queries.
async fn evidence_for<'a, S: Store>(
    store: &S,
    context: &'a PeriodContext,
    goals: Option<&[Id]>,
) -> Result<Cow<'a, Evidence>, StoreError> {
    let wanted = context.indicators_of(goals);
    if wanted.iter().all(|i| context.evidence.covers(i.id)) {
        return Ok(Cow::Borrowed(&context.evidence));
    }
    let mut read = store.reader().await?;
    let evidence = Evidence::read(&mut read, context, &wanted).await;
    read.finish().await?;
    Ok(Cow::Owned(evidence?))
}

/// The goal's indicators as evidence, by name.
pub async fn indicator_rows<S: Store>(
    store: &S,
    context: &PeriodContext,
    goal: &Goal,
) -> Result<Vec<IndicatorRow>, StoreError> {
    let evidence = evidence_for(store, context, Some(&[goal.id])).await?;
    Ok(rows_from(context, &evidence, goal))
}

/// The goals under `goal`, each with every unit responsible for it (or that assessed
/// it) and its approved level, if any.
pub fn child_results(context: &PeriodContext, goal: &Goal) -> Vec<ChildResult> {
    let mut results = Vec::new();
    for child in context.children(goal.id) {
        let mut units = child.responsible_units.clone();
        for assessment in context.assessments.iter().filter(|a| a.goal_id == child.id) {
            if !units.contains(&assessment.org_unit_id) {
                units.push(assessment.org_unit_id);
            }
        }
        for unit in units {
            let approved = context
                .assessment(child.id, unit)
                .filter(|a| a.state == AssessmentState::Approved)
                .map(|a| {
                    context
                        .scale(&a.scale)
                        .level(&a.level)
                        .map_or(Fulfilment::NotAssessed, |l| l.meaning)
                });
            results.push(ChildResult {
                unit: context.unit_name(unit),
                goal: child.code.clone(),
                weight: 1.0,
                approved,
            });
        }
    }
    results
}

/// The suggestion for one goal: rolled up when goals sit under it, otherwise from its
/// own indicators, whose values and targets are read if the context lacks them.
pub async fn suggest_goal<S: Store>(
    store: &S,
    context: &PeriodContext,
    goal: &Goal,
) -> Result<GoalSuggestion, StoreError> {
    if context.children(goal.id).next().is_some() {
        return suggestion(context, &context.evidence, goal);
    }
    let evidence = evidence_for(store, context, Some(&[goal.id])).await?;
    suggestion(context, &evidence, goal)
}

/// The suggestion for one goal from what is read already.
fn suggestion(
    context: &PeriodContext,
    evidence: &Evidence,
    goal: &Goal,
) -> Result<GoalSuggestion, StoreError> {
    let children = child_results(context, goal);
    let (fulfilment, explanation, basis) = if children.is_empty() {
        let rows = rows_from(context, evidence, goal);
        let evidence: Vec<IndicatorEvidence> = rows
            .iter()
            .map(|row| IndicatorEvidence {
                name: row.name.clone(),
                weight: row.weight,
                status: row.status,
                latest: row.latest,
                unit: row.unit.clone(),
            })
            .collect();
        let suggestion = suggest_assessment(&evidence, &context.settings.suggestion);
        (
            suggestion.fulfilment,
            format!(
                "{} Värden till och med {}.",
                suggestion.explanation, context.period.values_through
            ),
            Basis::Indicators { indicators: rows },
        )
    } else {
        let rollup = roll_up(&children, context.settings.rollup);
        (
            rollup.fulfilment,
            rollup.explanation.clone(),
            Basis::ChildGoals { rollup },
        )
    };
    let scale = context.goal_scale();
    let level = scale
        .level_for(fulfilment)
        .or_else(|| scale.levels.last())
        .cloned()
        .ok_or_else(|| StoreError::database("reading the goal scale", "the scale has no levels"))?;
    Ok(GoalSuggestion {
        goal_id: goal.id,
        code: goal.code.clone(),
        statement: goal.statement.clone(),
        fulfilment,
        level,
        explanation,
        basis,
    })
}

/// Suggestions for every goal of the period's plan, in document order. The values and
/// targets the context lacks are read at once, in one transaction with two queries.
pub async fn suggest_all<S: Store>(
    store: &S,
    context: &PeriodContext,
) -> Result<Vec<GoalSuggestion>, StoreError> {
    let evidence = evidence_for(store, context, None).await?;
    context
        .goals
        .iter()
        .map(|goal| suggestion(context, &evidence, goal))
        .collect()
}
