//! `riktning org …` and `riktning goal …`: the organisation, and goals broken down
//! to committees and units.

use std::io::Write;

use anyhow::Result;
use riktning_domain::{Change, GoalLevel, Id, NewGoal, NewOrgUnit, OrgUnit, OrgUnitKind};
use riktning_store::Store;

use crate::args_followup::{GoalCommand, OrgCommand};
use crate::lookup;
use crate::output::say;

pub async fn run_org<S: Store>(
    store: &S,
    tenant: Id,
    command: &OrgCommand,
    change: &Change,
) -> Result<()> {
    match command {
        OrgCommand::Add {
            name,
            kind,
            parent,
            short,
        } => {
            let kind: OrgUnitKind = lookup::choice(kind, "--kind")?;
            let parent_id = match parent {
                Some(parent) => Some(lookup::unit(store, tenant, parent).await?.id),
                None => None,
            };
            let unit = store
                .create_org_unit(
                    tenant,
                    &NewOrgUnit {
                        parent_id,
                        kind,
                        name: name.trim().to_string(),
                        short_name: short.clone(),
                    },
                    change,
                )
                .await?;
            say!("Added {} (id {}, {})", unit.name, unit.id, unit.kind);
            Ok(())
        }
        OrgCommand::List { json } => {
            let units = store.org_units(tenant).await?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&units)?);
            } else if units.is_empty() {
                say!("No org units yet; add one with `riktning org add NAME --kind committee`.");
            } else {
                print_tree(&units, None, 0)?;
            }
            Ok(())
        }
    }
}

fn print_tree(units: &[OrgUnit], parent: Option<Id>, depth: usize) -> std::io::Result<()> {
    for unit in units.iter().filter(|u| u.parent_id == parent) {
        let short = unit
            .short_name
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        say!(
            "{:indent$}{}{short}  [{}, id {}{}]",
            "",
            unit.name,
            unit.kind,
            unit.id,
            if unit.retired { ", retired" } else { "" },
            indent = depth * 2
        );
        print_tree(units, Some(unit.id), depth + 1)?;
    }
    Ok(())
}

async fn unit_ids<S: Store>(store: &S, tenant: Id, given: &[String]) -> Result<Vec<Id>> {
    let mut ids = Vec::new();
    for name in given {
        let id = lookup::unit(store, tenant, name).await?.id;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

pub async fn run_goal<S: Store>(
    store: &S,
    tenant: Id,
    command: &GoalCommand,
    change: &Change,
) -> Result<()> {
    match command {
        GoalCommand::Add {
            code,
            statement,
            parent,
            units,
            level,
            short_name,
            plan,
        } => {
            let Some(code) = riktning_domain::normalise_goal_code(code) else {
                anyhow::bail!("goal code '{code}': write it as numbers with dots, e.g. 1.4.2");
            };
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let parent = match parent {
                Some(code) => Some(lookup::goal(store, tenant, &plan, code).await?),
                None => None,
            };
            let level: GoalLevel = match level {
                Some(level) => lookup::choice(level, "--level")?,
                None if parent.is_some() => GoalLevel::Committee,
                None => GoalLevel::Council,
            };
            // A goal under a parent shares the parent's position, so goals sorted by
            // position then creation list it right after the parent's earlier children.
            let position = match &parent {
                Some(parent) => parent.position,
                None => store
                    .goals(tenant, plan.id)
                    .await?
                    .iter()
                    .map(|g| g.position + 1)
                    .max()
                    .unwrap_or(0),
            };
            let goal = store
                .create_goal(
                    tenant,
                    &NewGoal {
                        plan_id: plan.id,
                        parent_id: parent.as_ref().map(|p| p.id),
                        code,
                        short_name: short_name.clone(),
                        statement: statement.trim().to_string(),
                        heading: None,
                        category: None,
                        level,
                        political_text: String::new(),
                        agenda2030: Vec::new(),
                        responsible_units: unit_ids(store, tenant, units).await?,
                        position,
                    },
                    change,
                )
                .await?;
            let under = parent
                .map(|p| format!(" under {}", p.code))
                .unwrap_or_default();
            say!("Added goal {}{under} ({})", goal.code, goal.level);
            Ok(())
        }
        GoalCommand::Units { code, units, plan } => {
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let mut goal = lookup::goal(store, tenant, &plan, code).await?;
            goal.responsible_units = unit_ids(store, tenant, units).await?;
            let goal = store.update_goal(tenant, &goal, change).await?;
            say!(
                "Goal {}: {} responsible unit(s)",
                goal.code,
                goal.responsible_units.len()
            );
            Ok(())
        }
    }
}
