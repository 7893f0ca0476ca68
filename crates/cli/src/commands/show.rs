use std::io::Write;

use anyhow::{Result, bail};
use riktning_domain::{Commitment, Goal, Id, Plan, TextTarget};
use riktning_store::Store;
use serde::Serialize;

use crate::output::{self, say};

pub async fn plans<S: Store>(store: &S, tenant: Id, json: bool) -> Result<()> {
    let plans = store.plans(tenant).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&plans)?);
    } else {
        output::print_plans(&plans)?;
    }
    Ok(())
}

/// A goal with what belongs to it, as `goals --json` prints it.
#[derive(Debug, Serialize)]
pub struct GoalView {
    #[serde(flatten)]
    pub goal: Goal,
    pub commitments: Vec<Commitment>,
    pub targets: Vec<TextTarget>,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub plan: Plan,
    pub goals: Vec<GoalView>,
}

pub async fn load_plan<S: Store>(store: &S, tenant: Id, title: Option<&str>) -> Result<PlanView> {
    let plan = match title {
        Some(title) => match store.plan_by_title(tenant, title).await? {
            Some(plan) => plan,
            None => bail!("no plan titled '{title}'; `riktning plans` lists the stored plans"),
        },
        None => match store.plans(tenant).await?.into_iter().next() {
            Some(plan) => plan,
            None => bail!(
                "no plans are stored yet; import a budget document first with `riktning import FILE`"
            ),
        },
    };
    let mut goals = Vec::new();
    for goal in store.goals(tenant, plan.id).await? {
        goals.push(GoalView {
            commitments: store.commitments(tenant, goal.id).await?,
            targets: store.text_targets(tenant, goal.id).await?,
            goal,
        });
    }
    Ok(PlanView { plan, goals })
}

pub async fn goals<S: Store>(store: &S, tenant: Id, title: Option<&str>, json: bool) -> Result<()> {
    let view = load_plan(store, tenant, title).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        output::print_plan(&view)?;
    }
    Ok(())
}
