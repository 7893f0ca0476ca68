//! `riktning indicator …` and `riktning target …`.

use std::io::Write;

use anyhow::{Context, Result, bail};
use riktning_domain::{
    Change, Comparator, Direction, GoalLink, Id, IndicatorSource, NewIndicator, NewTarget,
    format_number_trimmed,
};
use riktning_store::Store;
use serde::Serialize;

use crate::args::{IndicatorAddArgs, TargetAddArgs};
use crate::commands::show::load_plan;
use crate::output::say;

fn direction(text: &str) -> Result<Direction> {
    Ok(match text {
        "higher" => Direction::HigherIsBetter,
        "lower" => Direction::LowerIsBetter,
        "band" => Direction::WithinBand,
        other => other
            .parse()
            .with_context(|| "--direction: use higher, lower or band")?,
    })
}

/// "1.1" or "1.1=2.5" → goal code and weight.
fn goal_and_weight(text: &str) -> Result<(String, f64)> {
    let (code, weight) = match text.split_once('=') {
        Some((code, weight)) => {
            let weight: f64 =
                weight.trim().replace(',', ".").parse().with_context(|| {
                    format!("--goal {text}: the weight after '=' must be a number")
                })?;
            (code.trim(), weight)
        }
        None => (text.trim(), 1.0),
    };
    Ok((code.to_string(), weight))
}

pub async fn add<S: Store>(
    store: &S,
    tenant: Id,
    args: &IndicatorAddArgs,
    change: &Change,
) -> Result<()> {
    let catalogue_entry = match &args.kpi {
        Some(kpi) => store
            .kpi_catalogue(tenant)
            .await?
            .into_iter()
            .find(|k| &k.id == kpi),
        None => None,
    };
    let Some(name) = args
        .name
        .clone()
        .or_else(|| catalogue_entry.as_ref().map(|k| k.title.clone()))
    else {
        bail!("give the indicator a --name (or a --kpi that is in the imported Kolada catalogue)");
    };
    let mut goals = Vec::new();
    if !args.goals.is_empty() {
        let plan = load_plan(store, tenant, args.plan.as_deref()).await?;
        for given in &args.goals {
            let (code, weight) = goal_and_weight(given)?;
            let Some(goal) = plan.goals.iter().find(|g| g.goal.code == code) else {
                bail!(
                    "--goal {code}: plan '{}' has no goal {code}",
                    plan.plan.title
                );
            };
            goals.push(GoalLink {
                goal_id: goal.goal.id,
                weight,
            });
        }
    }
    let new = NewIndicator {
        name,
        unit: args.unit.clone(),
        decimals: args.decimals,
        direction: direction(&args.direction)?,
        band_low: args.band_low,
        band_high: args.band_high,
        source: if args.kpi.is_some() {
            IndicatorSource::Kolada
        } else {
            IndicatorSource::Manual
        },
        kolada_kpi: args.kpi.clone(),
        divided_by_gender: args.gender_split
            || catalogue_entry.is_some_and(|k| k.divided_by_gender),
        responsible_unit: None,
        goals,
    };
    let indicator = store.create_indicator(tenant, &new, change).await?;
    say!("Added indicator {}: {}", indicator.id, indicator.name);
    Ok(())
}

#[derive(Serialize)]
struct IndicatorRow {
    #[serde(flatten)]
    indicator: riktning_domain::Indicator,
    targets: Vec<riktning_domain::Target>,
}

pub async fn list<S: Store>(store: &S, tenant: Id, json: bool) -> Result<()> {
    let mut rows = Vec::new();
    for indicator in store.indicators(tenant).await? {
        rows.push(IndicatorRow {
            targets: store.targets(tenant, indicator.id).await?,
            indicator,
        });
    }
    if json {
        say!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        say!("No indicators yet. Add one with `riktning indicator add --kpi N01951 --goal 1.1`.");
        return Ok(());
    }
    for row in &rows {
        let i = &row.indicator;
        let source = i
            .kolada_kpi
            .as_deref()
            .map_or("manual".to_string(), |k| format!("Kolada {k}"));
        say!("{:>4}  {}  ({source}, {})", i.id, i.name, i.direction);
        for target in &row.targets {
            let kind = if target.is_final {
                "target"
            } else {
                "milestone"
            };
            say!(
                "      {kind} {}: {} {}",
                target.year,
                target.comparator,
                format_number_trimmed(target.value, 2)
            );
        }
    }
    Ok(())
}

pub async fn add_target<S: Store>(
    store: &S,
    tenant: Id,
    args: &TargetAddArgs,
    change: &Change,
) -> Result<()> {
    let indicator = store
        .indicator(tenant, args.indicator)
        .await
        .with_context(|| format!("--indicator {}", args.indicator))?;
    let (comparator, value, year, text_target_id) = match args.from_text_target {
        Some(id) => {
            let text_target = find_text_target(store, tenant, id).await?;
            let (Some(value), Some(year)) = (text_target.value, text_target.year) else {
                bail!(
                    "text target {id} (“{}”) has no number or no year; give --year and --value instead",
                    text_target.text
                );
            };
            (
                text_target.comparator.unwrap_or(Comparator::Equal),
                value,
                year,
                Some(id),
            )
        }
        None => {
            let comparator: Comparator = args.comparator.parse().context("--comparator")?;
            let (Some(value), Some(year)) = (args.value, args.year) else {
                bail!("give --year and --value, or --from-text-target");
            };
            (comparator, value, year, None)
        }
    };
    let target = store
        .create_target(
            tenant,
            &NewTarget {
                indicator_id: indicator.id,
                year,
                comparator,
                value,
                base_year: args.base_year,
                base_value: args.base_value,
                is_final: !args.milestone,
                text_target_id,
            },
            change,
        )
        .await?;
    say!(
        "Added target {} for “{}”: {} {} in {}",
        target.id,
        indicator.name,
        target.comparator,
        format_number_trimmed(target.value, 2),
        target.year
    );
    Ok(())
}

/// Text targets are reached through their goals; the plans are few, so a scan is fine.
async fn find_text_target<S: Store>(
    store: &S,
    tenant: Id,
    id: Id,
) -> Result<riktning_domain::TextTarget> {
    for plan in store.plans(tenant).await? {
        for goal in store.goals(tenant, plan.id).await? {
            if let Some(found) = store
                .text_targets(tenant, goal.id)
                .await?
                .into_iter()
                .find(|t| t.id == id)
            {
                return Ok(found);
            }
        }
    }
    bail!(
        "--from-text-target {id}: no such text target; `riktning goals --json` lists them with their ids"
    )
}

pub async fn list_targets<S: Store>(
    store: &S,
    tenant: Id,
    indicator: Id,
    json: bool,
) -> Result<()> {
    let targets = store.targets(tenant, indicator).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&targets)?);
    } else {
        for target in targets {
            say!(
                "{:>4}  {} {} {}",
                target.id,
                target.year,
                target.comparator,
                format_number_trimmed(target.value, 2)
            );
        }
    }
    Ok(())
}
