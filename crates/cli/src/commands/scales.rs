//! `riktning scale …` and `riktning followup rules`: how a tenant assesses.

use std::io::Write;

use anyhow::{Context, Result, bail};
use riktning_domain::{AssessmentScale, Change, Id, RollupRule, format_percent};
use riktning_store::Store;

use crate::args_followup::ScaleCommand;
use crate::lookup;
use crate::output::say;

pub async fn run<S: Store>(
    store: &S,
    tenant: Id,
    command: &ScaleCommand,
    change: &Change,
) -> Result<()> {
    match command {
        ScaleCommand::List { json } => {
            let scales = store.scales(tenant).await?;
            let settings = store.followup_settings(tenant).await?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&scales)?);
                return Ok(());
            }
            for scale in &scales {
                let mut uses = Vec::new();
                if scale.key == settings.goal_scale {
                    uses.push("goals");
                }
                if scale.key == settings.assignment_scale {
                    uses.push("assignments");
                }
                let used = if uses.is_empty() {
                    String::new()
                } else {
                    format!("  (used for {})", uses.join(" and "))
                };
                say!("{}: {}{used}", scale.key, scale.name);
                for level in &scale.levels {
                    say!(
                        "  {} {:<16} {}  [{}, {}]",
                        level.symbol,
                        level.key,
                        level.label,
                        level.colour,
                        level.meaning
                    );
                }
            }
        }
        ScaleCommand::Add { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            let scale: AssessmentScale = serde_json::from_str(&text).with_context(|| {
                format!("{}: not a scale in the expected JSON shape", file.display())
            })?;
            let scale = store.create_scale(tenant, &scale, change).await?;
            say!(
                "Added scale '{}' with {} levels; use it with `riktning scale use {}`.",
                scale.key,
                scale.levels.len(),
                scale.key
            );
        }
        ScaleCommand::Use { key, purpose } => {
            let mut settings = store.followup_settings(tenant).await?;
            match purpose.as_str() {
                "goals" => settings.goal_scale = key.clone(),
                "assignments" => settings.assignment_scale = key.clone(),
                other => bail!("--for {other}: use goals or assignments"),
            }
            store
                .save_followup_settings(tenant, &settings, change)
                .await?;
            say!("New {purpose} assessments use the scale '{key}'.");
        }
    }
    Ok(())
}

pub async fn rules<S: Store>(
    store: &S,
    tenant: Id,
    fulfilled_at: Option<f64>,
    partly_at: Option<f64>,
    rollup: Option<&str>,
    change: &Change,
) -> Result<()> {
    let mut settings = store.followup_settings(tenant).await?;
    let changing = fulfilled_at.is_some() || partly_at.is_some() || rollup.is_some();
    if let Some(share) = fulfilled_at {
        settings.suggestion.fulfilled_at = share;
    }
    if let Some(share) = partly_at {
        settings.suggestion.partly_at = share;
    }
    if let Some(rule) = rollup {
        settings.rollup = lookup::choice::<RollupRule>(rule, "--rollup")?;
    }
    if changing {
        settings = store
            .save_followup_settings(tenant, &settings, change)
            .await?;
    }
    say!(
        "Suggestion: uppfyllt at ≥ {}, delvis uppfyllt at ≥ {} of the indicators (weighted) meeting or on track",
        format_percent(settings.suggestion.fulfilled_at * 100.0, 0),
        format_percent(settings.suggestion.partly_at * 100.0, 0)
    );
    say!("Roll-up: {}", settings.rollup);
    say!(
        "Scales: goals '{}', assignments '{}'",
        settings.goal_scale,
        settings.assignment_scale
    );
    Ok(())
}
