//! `riktning assess …`: suggested assessments, writing them, and the workflow.

use std::io::Write;

use anyhow::{Result, anyhow};
use riktning_domain::{
    Assessment, AssessmentContent, AssessmentScale, Change, Goal, Id, OrgUnit, Period, Transition,
};
use riktning_followup::{PeriodContext, suggest_all, suggest_goal};
use riktning_store::{AssessmentQuery, AuditQuery, Store, StoreError, StoreRead};

use crate::args_followup::{AssessCommand, AssessmentKey};
use crate::lookup;
use crate::output::say;

/// The goal, unit and period an assessment command names, resolved.
struct Target {
    goal: Goal,
    unit: OrgUnit,
    period: Period,
    existing: Option<Assessment>,
}

async fn resolve<S: Store>(store: &S, tenant: Id, key: &AssessmentKey) -> Result<Target> {
    let plan = lookup::plan(store, tenant, key.plan.as_deref()).await?;
    let goal = lookup::goal(store, tenant, &plan, &key.goal).await?;
    let unit = lookup::unit(store, tenant, &key.unit).await?;
    let period = lookup::period(store, tenant, &plan, &key.period).await?;
    let existing = store
        .assessments(
            tenant,
            &AssessmentQuery {
                period: Some(period.id),
                goal: Some(goal.id),
                org_unit: Some(unit.id),
            },
        )
        .await?
        .into_iter()
        .next();
    Ok(Target {
        goal,
        unit,
        period,
        existing,
    })
}

fn describe_level(scale: &AssessmentScale, key: &str) -> String {
    scale
        .level(key)
        .map_or_else(|| key.to_string(), |l| format!("{} {}", l.symbol, l.label))
}

fn describe(assessment: &Assessment, scale: &AssessmentScale) -> String {
    let excerpt = |text: &str| {
        let line = text.lines().next().unwrap_or("").trim();
        if line.is_empty() {
            "(empty)".to_string()
        } else {
            line.chars().take(70).collect()
        }
    };
    format!(
        "level {}, state {}, analysis: {}, actions: {}",
        describe_level(scale, &assessment.level),
        assessment.state,
        excerpt(&assessment.analysis),
        excerpt(&assessment.actions)
    )
}

/// A conflict becomes an error that shows the stored version next to the one that
/// was not saved, so nothing typed is lost and nothing is overwritten silently.
async fn explain_conflict<S: Store>(
    store: &S,
    tenant: Id,
    error: StoreError,
    id: Id,
    yours: &str,
    scale: &AssessmentScale,
) -> anyhow::Error {
    if !matches!(error, StoreError::Conflict { .. }) {
        return error.into();
    }
    match store.assessment(tenant, id).await {
        Ok(stored) => anyhow!(
            "{error}\n  stored now (version {}): {}\n  yours, not saved: {yours}",
            stored.version,
            describe(&stored, scale)
        ),
        Err(_) => error.into(),
    }
}

pub async fn run<S: Store>(
    store: &S,
    tenant: Id,
    command: &AssessCommand,
    change: &Change,
) -> Result<()> {
    match command {
        AssessCommand::Suggest {
            period,
            goal,
            plan,
            json,
        } => {
            suggest(
                store,
                tenant,
                period,
                goal.as_deref(),
                plan.as_deref(),
                *json,
            )
            .await
        }
        AssessCommand::Set {
            key,
            level,
            reason,
            analysis_file,
            actions_file,
        } => {
            let target = resolve(store, tenant, key).await?;
            let context = PeriodContext::load(store, tenant, target.period.id).await?;
            let suggestion = suggest_goal(store, &context, &target.goal).await?;
            let read = |path: &Option<std::path::PathBuf>, kept: Option<&str>| match path {
                Some(path) => lookup::read_markdown(path),
                None => Ok(kept.unwrap_or_default().to_string()),
            };
            let content = AssessmentContent {
                goal_id: target.goal.id,
                period_id: target.period.id,
                org_unit_id: target.unit.id,
                level: level.trim().to_string(),
                analysis: read(
                    analysis_file,
                    target.existing.as_ref().map(|a| a.analysis.as_str()),
                )?,
                actions: read(
                    actions_file,
                    target.existing.as_ref().map(|a| a.actions.as_str()),
                )?,
                suggestion: Some(suggestion.snapshot()),
                deviation_reason: reason.clone(),
            };
            let scale = match &target.existing {
                Some(existing) => context.scale(&existing.scale),
                None => context.goal_scale(),
            };
            let saved = match &target.existing {
                Some(existing) => {
                    let version = key.expect_version.unwrap_or(existing.version);
                    match store
                        .update_assessment(tenant, existing.id, version, &content, change)
                        .await
                    {
                        Ok(saved) => saved,
                        Err(error) => {
                            let yours = format!(
                                "level {}, analysis: {}",
                                describe_level(&scale, &content.level),
                                content.analysis.lines().next().unwrap_or("(empty)")
                            );
                            return Err(explain_conflict(
                                store,
                                tenant,
                                error,
                                existing.id,
                                &yours,
                                &scale,
                            )
                            .await);
                        }
                    }
                }
                None => store.create_assessment(tenant, &content, change).await?,
            };
            say!(
                "Saved {} {} of goal {} by {} in '{}' (version {}).",
                saved.state,
                describe_level(&scale, &saved.level),
                target.goal.code,
                target.unit.name,
                target.period.name,
                saved.version
            );
            say!(
                "Suggested: {}",
                describe_level(&scale, &suggestion.level.key)
            );
            Ok(())
        }
        AssessCommand::Submit { key } => step(store, tenant, key, Transition::Submit, change).await,
        AssessCommand::Approve { key } => {
            step(store, tenant, key, Transition::Approve, change).await
        }
        AssessCommand::Return { key, comment } => {
            let step_back = Transition::Return {
                comment: comment.clone(),
            };
            step(store, tenant, key, step_back, change).await
        }
        AssessCommand::Show { key, json } => show(store, tenant, key, *json).await,
        AssessCommand::List { period, plan, json } => {
            list(store, tenant, period, plan.as_deref(), *json).await
        }
    }
}

fn missing(target: &Target) -> anyhow::Error {
    anyhow!(
        "{} has not assessed goal {} in '{}' yet; write one with `riktning assess set`",
        target.unit.name,
        target.goal.code,
        target.period.name
    )
}

async fn step<S: Store>(
    store: &S,
    tenant: Id,
    key: &AssessmentKey,
    transition: Transition,
    change: &Change,
) -> Result<()> {
    let target = resolve(store, tenant, key).await?;
    let existing = target.existing.as_ref().ok_or_else(|| missing(&target))?;
    let version = key.expect_version.unwrap_or(existing.version);
    let saved = store
        .transition_assessment(tenant, existing.id, version, &transition, change)
        .await?;
    say!(
        "Goal {} by {} in '{}' is now {} ({}).",
        target.goal.code,
        target.unit.name,
        target.period.name,
        saved.state,
        saved.state.label()
    );
    Ok(())
}

async fn suggest<S: Store>(
    store: &S,
    tenant: Id,
    period: &str,
    goal: Option<&str>,
    plan: Option<&str>,
    json: bool,
) -> Result<()> {
    // Everything is read through one transaction, with a number of queries that does
    // not grow with the plan; the suggestions below then read nothing more.
    let mut read = store.reader().await?;
    let loaded = async {
        let plan = lookup::plan_in(&mut read, tenant, plan).await?;
        let period = lookup::period_in(&mut read, tenant, &plan, period).await?;
        let goal = match goal {
            Some(code) => Some(lookup::goal_in(&mut read, tenant, &plan, code).await?),
            None => None,
        };
        let mut context = PeriodContext::read(&mut read, tenant, period.clone()).await?;
        let goal_ids = goal.as_ref().map(|g| vec![g.id]);
        context
            .read_evidence(&mut read, goal_ids.as_deref())
            .await?;
        anyhow::Ok((period, goal, context))
    }
    .await;
    read.finish().await?;
    let (period, goal, context) = loaded?;
    let suggestions = match goal {
        Some(goal) => vec![suggest_goal(store, &context, &goal).await?],
        None => suggest_all(store, &context).await?,
    };
    if json {
        say!("{}", serde_json::to_string_pretty(&suggestions)?);
        return Ok(());
    }
    say!(
        "Suggestions for '{}' (indicator values through {})\n",
        period.name,
        period.values_through
    );
    for suggestion in &suggestions {
        say!(
            "{} {} {}",
            suggestion.code,
            suggestion.level.symbol,
            suggestion.level.label
        );
        say!("    {}", suggestion.explanation);
    }
    Ok(())
}

async fn show<S: Store>(store: &S, tenant: Id, key: &AssessmentKey, json: bool) -> Result<()> {
    let target = resolve(store, tenant, key).await?;
    let assessment = target.existing.as_ref().ok_or_else(|| missing(&target))?;
    let history = store
        .audit_events(
            tenant,
            &AuditQuery {
                entity: Some(riktning_domain::EntityKind::Assessment),
                entity_id: Some(assessment.id),
            },
        )
        .await?;
    if json {
        let value = serde_json::json!({ "assessment": assessment, "history": history });
        say!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let scale = store
        .scales(tenant)
        .await?
        .into_iter()
        .find(|s| s.key == assessment.scale)
        .unwrap_or_else(AssessmentScale::standard);
    say!(
        "Goal {} by {} in '{}' (version {})",
        target.goal.code,
        target.unit.name,
        target.period.name,
        assessment.version
    );
    say!(
        "Level: {}    State: {} ({})",
        describe_level(&scale, &assessment.level),
        assessment.state,
        assessment.state.label()
    );
    if let Some(suggestion) = &assessment.suggestion {
        say!(
            "Suggested: {}\n    {}",
            describe_level(&scale, &suggestion.level),
            suggestion.explanation
        );
    }
    if let Some(reason) = &assessment.deviation_reason {
        say!("Reason for deviating: {reason}");
    }
    if let Some(comment) = &assessment.return_comment {
        say!("Returned with: {comment}");
    }
    say!("\nAnalysis:\n{}", assessment.analysis);
    say!("\nActions:\n{}", assessment.actions);
    say!("\nHistory:");
    for event in &history {
        let state = event
            .after
            .as_ref()
            .and_then(|a| a["state"].as_str())
            .unwrap_or("");
        let when = event
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        say!("  {when}  {:<16} {} → {state}", event.actor, event.action);
    }
    Ok(())
}

async fn list<S: Store>(
    store: &S,
    tenant: Id,
    period: &str,
    plan: Option<&str>,
    json: bool,
) -> Result<()> {
    let plan = lookup::plan(store, tenant, plan).await?;
    let period = lookup::period(store, tenant, &plan, period).await?;
    let context = PeriodContext::load(store, tenant, period.id).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&context.assessments)?);
        return Ok(());
    }
    if context.assessments.is_empty() {
        say!("No assessments in '{}' yet.", period.name);
    }
    for assessment in &context.assessments {
        let code = context
            .goal(assessment.goal_id)
            .map_or("?", |g| g.code.as_str());
        say!(
            "{:<8} {:<32} {:<24} {} (version {})",
            code,
            context.unit_name(assessment.org_unit_id),
            describe_level(&context.scale(&assessment.scale), &assessment.level),
            assessment.state,
            assessment.version
        );
    }
    Ok(())
}
