//! The tenant, the example plan, the organisation and the committee goals.

use riktning_domain::{Change, GoalLevel, NewTenant, PlanDraft, years_in_title};
use riktning_store::{ImportOptions, Store};

use crate::content::{COMMITTEE_GOALS, COUNCIL_GOAL_OWNER, FINANCIAL_GOALS, UNITS};
use crate::error::StoreContext;
use crate::loaded::Loaded;
use crate::{DemoError, DemoSummary};

/// The plan's first and last year when its title names none.
const DEFAULT_YEARS: (i32, i32) = (2024, 2024);

pub(crate) async fn load<S: Store>(
    store: &S,
    new_tenant: &NewTenant,
    draft: &PlanDraft,
    change: &Change,
) -> Result<Loaded, DemoError> {
    let tenant = store
        .create_tenant(new_tenant, change)
        .await
        .during(|| format!("creating the tenant {}", new_tenant.name))?;
    let (first_year, last_year) = years_in_title(&draft.title).unwrap_or(DEFAULT_YEARS);
    let options = ImportOptions {
        title: draft.title.clone(),
        first_year,
        last_year,
        replace: false,
    };
    let outcome = store
        .import_plan(tenant.id, draft, &options, change)
        .await
        .during(|| format!("importing the plan '{}'", draft.title))?;
    let summary = DemoSummary {
        tenant_id: tenant.id,
        tenant_name: tenant.name.clone(),
        plan_id: outcome.plan.id,
        plan_title: outcome.plan.title.clone(),
        commitments: outcome.commitments,
        ..DemoSummary::default()
    };
    let mut loaded = Loaded::new(tenant.id, outcome.plan.id, summary);
    create_units(store, &mut loaded, change).await?;
    assign_council_goals(store, &mut loaded, change).await?;
    create_financial_goals(store, &mut loaded, change).await?;
    create_committee_goals(store, &mut loaded, change).await?;
    Ok(loaded)
}

async fn create_units<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    for spec in UNITS {
        let parent = spec.parent.map(|p| loaded.unit(p)).transpose()?;
        let unit = store
            .create_org_unit(loaded.tenant, &spec.new_unit(parent), change)
            .await
            .during(|| format!("creating the org unit {}", spec.name))?;
        loaded.add_unit(spec.key, unit.id);
        loaded.summary.org_units += 1;
    }
    Ok(())
}

/// Makes the executive board responsible for every goal the document gave.
async fn assign_council_goals<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    let owner = loaded.unit(COUNCIL_GOAL_OWNER)?;
    let goals = store
        .goals(loaded.tenant, loaded.plan)
        .await
        .during(|| "reading the imported goals".to_string())?;
    for mut goal in goals {
        goal.responsible_units = vec![owner];
        let goal = store
            .update_goal(loaded.tenant, &goal, change)
            .await
            .during(|| {
                format!(
                    "making {COUNCIL_GOAL_OWNER} responsible for goal {}",
                    goal.code
                )
            })?;
        if goal.level == GoalLevel::Council {
            loaded.summary.council_goals += 1;
        }
        loaded.add_goal(goal);
    }
    Ok(())
}

/// The council's financial goals, after the goals the document gave, with the
/// executive board responsible.
async fn create_financial_goals<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    let owner = loaded.unit(COUNCIL_GOAL_OWNER)?;
    let after = store
        .goals(loaded.tenant, loaded.plan)
        .await
        .during(|| "reading the imported goals".to_string())?
        .iter()
        .map(|g| g.position)
        .max()
        .unwrap_or(0);
    for (offset, spec) in (1..).zip(FINANCIAL_GOALS) {
        let new = spec.new_goal(loaded.plan, after + offset, owner);
        let goal = store
            .create_goal(loaded.tenant, &new, change)
            .await
            .during(|| format!("creating the financial goal {}", spec.code))?;
        loaded.summary.council_goals += 1;
        loaded.add_goal(goal);
    }
    Ok(())
}

async fn create_committee_goals<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    for spec in COMMITTEE_GOALS {
        let parent = loaded.goal(spec.parent)?;
        let new = spec.new_goal(
            loaded.plan,
            parent.id,
            parent.position,
            loaded.unit(spec.unit)?,
        );
        let goal = store
            .create_goal(loaded.tenant, &new, change)
            .await
            .during(|| format!("creating the committee goal {}", spec.code))?;
        loaded.add_goal(goal);
        loaded.summary.committee_goals += 1;
    }
    Ok(())
}
