//! `riktning followup status`: the list a controller chases before a deadline.

use std::io::Write;

use anyhow::Result;
use riktning_domain::{AssessmentState, Id};
use riktning_followup::{PeriodContext, followup_status};
use riktning_store::{Store, StoreRead};
use time::{Date, OffsetDateTime};

use crate::lookup;
use crate::output::say;

pub async fn status<S: Store>(
    store: &S,
    tenant: Id,
    period: &str,
    plan: Option<&str>,
    today: Option<&str>,
    json: bool,
) -> Result<()> {
    let today: Date = match today {
        Some(text) => lookup::date(text, "--today")?,
        None => riktning_domain::in_stockholm(OffsetDateTime::now_utc()).date(),
    };
    let mut read = store.reader().await?;
    let loaded = async {
        let plan = lookup::plan_in(&mut read, tenant, plan).await?;
        let period = lookup::period_in(&mut read, tenant, &plan, period).await?;
        Ok::<_, anyhow::Error>(PeriodContext::read(&mut read, tenant, period).await?)
    }
    .await;
    read.finish().await?;
    let context = loaded?;
    let status = followup_status(&context, today);
    if json {
        say!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(());
    }
    let deadline_note = if status.past_deadline {
        "passed"
    } else {
        "not passed"
    };
    say!(
        "{}: deadline {} ({deadline_note} on {today}), period {}",
        status.period,
        status.deadline,
        context.period.state
    );
    let c = status.counts;
    say!(
        "Assessments: {} approved, {} submitted, {} draft, {} returned, {} not started; {} overdue\n",
        c.approved,
        c.submitted,
        c.draft,
        c.returned,
        c.missing,
        c.overdue
    );
    for unit in &status.units {
        let mark = if unit.is_complete() { "done" } else { "OPEN" };
        say!("[{mark}] {}", unit.unit);
        for expected in &unit.assessments {
            let state = match expected.state {
                Some(state) => format!("{} ({})", state, state.label()),
                None => "not started".to_string(),
            };
            let overdue = if expected.overdue { "  OVERDUE" } else { "" };
            let waiting = if expected.state == Some(AssessmentState::Submitted) {
                "  awaits approval"
            } else {
                ""
            };
            say!("    goal {:<8} {state}{waiting}{overdue}", expected.code);
        }
        for missing in &unit.missing_progress {
            let title: String = missing.title.chars().take(90).collect();
            say!("    no progress report: {title}");
        }
    }
    if !status.unassigned_goals.is_empty() {
        say!(
            "\nGoals with no responsible unit (nobody is asked to assess them): {}",
            status.unassigned_goals.join(", ")
        );
    }
    Ok(())
}
