//! `riktning period …`: follow-up periods, closing and reopening them.

use std::io::Write;

use anyhow::Result;
use riktning_domain::{Change, Id, NewPeriod, PeriodState};
use riktning_store::Store;

use crate::args_followup::PeriodCommand;
use crate::lookup;
use crate::output::say;

pub async fn run<S: Store>(
    store: &S,
    tenant: Id,
    command: &PeriodCommand,
    change: &Change,
) -> Result<()> {
    match command {
        PeriodCommand::Add {
            name,
            from,
            to,
            deadline,
            values_through,
            plan,
        } => {
            let new = NewPeriod {
                plan_id: 0,
                name: name.clone(),
                starts_on: lookup::date(from, "--from")?,
                ends_on: lookup::date(to, "--to")?,
                deadline: lookup::date(deadline, "--deadline")?,
                values_through: *values_through,
            };
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let period = store
                .create_period(
                    tenant,
                    &NewPeriod {
                        plan_id: plan.id,
                        ..new
                    },
                    change,
                )
                .await?;
            say!(
                "Added '{}' to {}: {} – {}, due {}, indicator values through {}",
                period.name,
                plan.title,
                period.starts_on,
                period.ends_on,
                period.deadline,
                period.values_through
            );
        }
        PeriodCommand::List { plan, json } => {
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let periods = store.periods(tenant, plan.id).await?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&periods)?);
            } else if periods.is_empty() {
                say!(
                    "{} has no follow-up periods yet; add one with `riktning period add`.",
                    plan.title
                );
            } else {
                say!(
                    "{:<24} {:<10} {:<10} {:<10} {:<7} state",
                    "period",
                    "from",
                    "to",
                    "deadline",
                    "values"
                );
                for p in &periods {
                    say!(
                        "{:<24} {} {} {} {:<7} {} ({})",
                        p.name,
                        p.starts_on,
                        p.ends_on,
                        p.deadline,
                        p.values_through,
                        p.state,
                        p.state.label()
                    );
                }
            }
        }
        PeriodCommand::Close { name, plan } => {
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let period = lookup::period(store, tenant, &plan, name).await?;
            store
                .set_period_state(
                    tenant,
                    period.id,
                    period.version,
                    PeriodState::Closed,
                    change,
                )
                .await?;
            say!(
                "Closed '{}': its assessments and reports are frozen.",
                period.name
            );
        }
        PeriodCommand::Reopen { name, reason, plan } => {
            let plan = lookup::plan(store, tenant, plan.as_deref()).await?;
            let period = lookup::period(store, tenant, &plan, name).await?;
            let change = change.clone().because(reason.trim());
            store
                .set_period_state(
                    tenant,
                    period.id,
                    period.version,
                    PeriodState::Open,
                    &change,
                )
                .await?;
            say!("Reopened '{}'.", period.name);
        }
    }
    Ok(())
}
