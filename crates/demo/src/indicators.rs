//! Indicators with their targets, and the values the demo ships: SCB's population for
//! Östersund and the invented values of the indicators kept by hand.

use riktning_domain::{Change, GoalLink, Id, Indicator};
use riktning_store::Store;

use crate::DemoError;
use crate::content::{INDICATORS, IndicatorSpec, TargetSpec};
use crate::error::StoreContext;
use crate::loaded::Loaded;

pub(crate) async fn load<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    change: &Change,
) -> Result<(), DemoError> {
    for spec in INDICATORS {
        let indicator = create_indicator(store, loaded, spec, change).await?;
        for target in spec.targets {
            create_target(store, loaded, &indicator, target, change).await?;
        }
        store_values(store, loaded, &indicator, spec, change).await?;
    }
    Ok(())
}

async fn create_indicator<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    spec: &IndicatorSpec,
    change: &Change,
) -> Result<Indicator, DemoError> {
    let goals = spec
        .goals
        .iter()
        .map(|&(code, weight)| {
            Ok(GoalLink {
                goal_id: loaded.goal(code)?.id,
                weight,
            })
        })
        .collect::<Result<Vec<_>, DemoError>>()?;
    let new = spec.new_indicator(goals, Some(loaded.unit(spec.responsible)?));
    let indicator = store
        .create_indicator(loaded.tenant, &new, change)
        .await
        .during(|| format!("creating the indicator '{}'", spec.name))?;
    loaded.summary.indicators += 1;
    Ok(indicator)
}

async fn create_target<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    indicator: &Indicator,
    target: &TargetSpec,
    change: &Change,
) -> Result<(), DemoError> {
    let text_target = match target.text_target_of {
        Some(code) => Some(text_target(store, loaded, code, target).await?),
        None => None,
    };
    store
        .create_target(
            loaded.tenant,
            &target.new_target(indicator.id, text_target),
            change,
        )
        .await
        .during(|| format!("setting the {} target of '{}'", target.year, indicator.name))?;
    loaded.summary.targets += 1;
    Ok(())
}

/// The target the political text of goal `code` states, found by its value and year.
async fn text_target<S: Store>(
    store: &S,
    loaded: &Loaded,
    code: &str,
    target: &TargetSpec,
) -> Result<Id, DemoError> {
    let goal = loaded.goal(code)?;
    store
        .text_targets(loaded.tenant, goal.id)
        .await
        .during(|| format!("reading the targets in the text of goal {code}"))?
        .into_iter()
        .find(|t| t.value == Some(target.value) && t.year == Some(target.year))
        .map(|t| t.id)
        .ok_or_else(|| {
            DemoError::Inconsistent(format!(
                "goal {code} states no target {} for {}",
                target.value, target.year
            ))
        })
}

async fn store_values<S: Store>(
    store: &S,
    loaded: &mut Loaded,
    indicator: &Indicator,
    spec: &IndicatorSpec,
    change: &Change,
) -> Result<(), DemoError> {
    let observations = spec.observations(&indicator.series_key());
    if observations.is_empty() {
        return Ok(());
    }
    let changes = store
        .upsert_observations(loaded.tenant, &observations, change)
        .await
        .during(|| format!("storing the values of '{}'", indicator.name))?;
    loaded.summary.observations += changes.inserted + changes.revised + changes.unchanged;
    Ok(())
}
