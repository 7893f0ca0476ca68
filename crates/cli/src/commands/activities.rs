//! `riktning activity …` and `riktning commitment …`: assignments, activities and
//! commitments with their status per follow-up period.

use std::io::Write;

use anyhow::{Result, bail};
use riktning_domain::{
    ActivityKind, Change, Id, NewActivity, NewProgressReport, ProgressSubject, WorkStatus,
};
use riktning_store::Store;

use crate::args_followup::{ActivityCommand, CommitmentCommand, ProgressArgs};
use crate::lookup;
use crate::output::say;

async fn report<S: Store>(
    store: &S,
    tenant: Id,
    subject: ProgressSubject,
    args: &ProgressArgs,
    change: &Change,
) -> Result<()> {
    let plan = lookup::plan(store, tenant, args.plan.as_deref()).await?;
    let period = lookup::period(store, tenant, &plan, &args.period).await?;
    let status: WorkStatus = lookup::choice(&args.status, "--status")?;
    let saved = store
        .report_progress(
            tenant,
            &NewProgressReport {
                period_id: period.id,
                subject,
                status,
                level: args.level.clone(),
                comment: args.comment.trim().to_string(),
            },
            change,
        )
        .await?;
    say!(
        "Reported {} ({}) for '{}'.",
        saved.status,
        saved.status.label(),
        period.name
    );
    Ok(())
}

pub async fn run_activity<S: Store>(
    store: &S,
    tenant: Id,
    command: &ActivityCommand,
    change: &Change,
) -> Result<()> {
    match command {
        ActivityCommand::Add {
            title,
            kind,
            unit,
            goals,
            start,
            due,
            description_file,
            plan,
        } => {
            let kind: ActivityKind = lookup::choice(kind, "--kind")?;
            let starts_on = start
                .as_deref()
                .map(|d| lookup::date(d, "--start"))
                .transpose()?;
            let due_on = due
                .as_deref()
                .map(|d| lookup::date(d, "--due"))
                .transpose()?;
            let description = match description_file {
                Some(path) => lookup::read_markdown(path)?,
                None => String::new(),
            };
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let responsible_unit = match unit {
                Some(unit) => Some(lookup::unit(store, tenant, unit).await?.id),
                None => None,
            };
            let mut goal_ids = Vec::new();
            for code in goals {
                goal_ids.push(lookup::goal(store, tenant, &plan, code).await?.id);
            }
            let activity = store
                .create_activity(
                    tenant,
                    &NewActivity {
                        plan_id: plan.id,
                        kind,
                        title: title.clone(),
                        description,
                        responsible_unit,
                        goals: goal_ids,
                        starts_on,
                        due_on,
                        status: WorkStatus::NotStarted,
                    },
                    change,
                )
                .await?;
            say!(
                "Added {} {} (id {}).",
                kind.label(),
                activity.title,
                activity.id
            );
            Ok(())
        }
        ActivityCommand::List { plan, json } => {
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let activities = store.activities(tenant, plan.id).await?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&activities)?);
                return Ok(());
            }
            if activities.is_empty() {
                say!("{} has no assignments or activities yet.", plan.title);
            }
            let goals = store.goals(tenant, plan.id).await?;
            for activity in &activities {
                let codes: Vec<&str> = activity
                    .goals
                    .iter()
                    .filter_map(|id| goals.iter().find(|g| g.id == *id))
                    .map(|g| g.code.as_str())
                    .collect();
                let due = activity
                    .due_on
                    .map(|d| format!(", due {d}"))
                    .unwrap_or_default();
                say!(
                    "{:>4}  {} ({}{due}): {}  [goals {}]",
                    activity.id,
                    activity.title,
                    activity.kind.label(),
                    activity.status.label(),
                    codes.join(", ")
                );
            }
            Ok(())
        }
        ActivityCommand::Report { id, report: args } => {
            store.activity(tenant, *id).await?;
            report(store, tenant, ProgressSubject::Activity(*id), args, change).await
        }
    }
}

pub async fn run_commitment<S: Store>(
    store: &S,
    tenant: Id,
    command: &CommitmentCommand,
    change: &Change,
) -> Result<()> {
    match command {
        CommitmentCommand::Report {
            goal,
            number,
            report: args,
        } => {
            let plan = lookup::plan(store, tenant, args.plan.as_deref()).await?;
            let goal = lookup::goal(store, tenant, &plan, goal).await?;
            let commitments = store.commitments(tenant, goal.id).await?;
            let Some(commitment) = number.checked_sub(1).and_then(|i| commitments.get(i)) else {
                bail!(
                    "--number {number}: goal {} has {} commitments, numbered from 1",
                    goal.code,
                    commitments.len()
                );
            };
            report(
                store,
                tenant,
                ProgressSubject::Commitment(commitment.id),
                args,
                change,
            )
            .await
        }
        CommitmentCommand::List { goal, plan } => {
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let goal = lookup::goal(store, tenant, &plan, goal).await?;
            for (number, commitment) in store.commitments(tenant, goal.id).await?.iter().enumerate()
            {
                say!(
                    "{:>3}. [{}] {}",
                    number + 1,
                    commitment.status.label(),
                    commitment.text
                );
            }
            Ok(())
        }
    }
}
