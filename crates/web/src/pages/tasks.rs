//! "Mina uppgifter": what the visitor has to do in the open periods of the current
//! plan. For a reporter, the assessments and reports their units owe, returned ones
//! first with the controller's comment; for a controller or administrator, also the
//! assessments waiting for their decision. A reporter's start page.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::{AssessmentState, Id, Role};
use riktning_followup::{PeriodContext, followup_status};
use riktning_store::{Store, StoreRead};
use time::OffsetDateTime;

use super::{Chrome, current_plan_in, render};
use crate::i18n::text;
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Reading, Shared};

pub const PATH: &str = "/arbeta/mina-uppgifter";

/// One thing to do, with where to do it.
struct Task {
    href: String,
    what: String,
    /// The state in words ("utkast", "återsänd", "ej påbörjad").
    state: String,
    /// The controller's comment on a returned assessment.
    comment: Option<String>,
    overdue: bool,
}

struct PeriodTasks {
    name: String,
    deadline: String,
    past_deadline: bool,
    /// Returned to the visitor's units, first.
    returned: Vec<Task>,
    to_do: Vec<Task>,
    reports: Vec<Task>,
    /// Submitted and waiting for a controller (controllers and administrators only).
    to_decide: Vec<Task>,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    chrome: Chrome,
    periods: Vec<PeriodTasks>,
    /// A reporter without units is asked of nothing; say so instead of "nothing".
    no_units: bool,
}

impl TasksPage {
    fn nothing(&self) -> bool {
        self.periods.iter().all(|p| {
            p.returned.is_empty()
                && p.to_do.is_empty()
                && p.reports.is_empty()
                && p.to_decide.is_empty()
        })
    }
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let tenant = state.tenant.id;
    let loaded = async {
        let plan = current_plan_in(&mut read, tenant).await?;
        let mut contexts = Vec::new();
        for period in read.periods(tenant, plan.id).await? {
            if period.is_open() {
                contexts.push(PeriodContext::read(&mut read, tenant, period).await?);
            }
        }
        Ok::<_, AppError>(contexts)
    }
    .await;
    read.finish().await?;
    let contexts = loaded?;
    let lang = visitor.lang;
    let user = &visitor.user;
    let today = riktning_domain::in_stockholm(OffsetDateTime::now_utc()).date();
    // Reporters see their own units; controllers and administrators, who may report
    // for any unit, see what is theirs to decide.
    let mine = |unit: Id| user.role == Role::Reporter && user.units.contains(&unit);
    let decides = allows(user, Action::Decide);
    let state_word = |s: Option<AssessmentState>| {
        s.map_or(text(lang, "state-none"), |s| {
            super::assess::state_label(s, lang)
        })
        .to_string()
    };
    let mut periods = Vec::new();
    for context in &contexts {
        let period = &context.period;
        let status = followup_status(context, today);
        let goal_text = |goal: Id| {
            context
                .goal(goal)
                .map(|g| {
                    format!(
                        "{} {}",
                        g.code,
                        g.short_name.as_deref().unwrap_or(&g.statement)
                    )
                })
                .unwrap_or_default()
        };
        let mut tasks = PeriodTasks {
            name: period.name.clone(),
            deadline: period.deadline.to_string(),
            past_deadline: status.past_deadline,
            returned: Vec::new(),
            to_do: Vec::new(),
            reports: Vec::new(),
            to_decide: Vec::new(),
        };
        for unit in &status.units {
            let href = |goal: Id| {
                format!(
                    "/arbeta/mal/{goal}/bedomning?period={}&enhet={}",
                    period.id, unit.unit_id
                )
            };
            for expected in &unit.assessments {
                let task = || Task {
                    href: href(expected.goal_id),
                    what: format!("{} – {}", goal_text(expected.goal_id), unit.unit),
                    state: state_word(expected.state),
                    comment: context
                        .assessment(expected.goal_id, unit.unit_id)
                        .and_then(|a| a.return_comment.clone()),
                    overdue: expected.overdue,
                };
                match expected.state {
                    Some(AssessmentState::Returned) if mine(unit.unit_id) => {
                        tasks.returned.push(task());
                    }
                    None | Some(AssessmentState::Draft) if mine(unit.unit_id) => {
                        tasks.to_do.push(task());
                    }
                    Some(AssessmentState::Submitted) if decides => tasks.to_decide.push(task()),
                    _ => {}
                }
            }
            if mine(unit.unit_id) {
                for missing in &unit.missing_progress {
                    tasks.reports.push(Task {
                        href: format!("/arbeta/aktiviteter?period={}", period.id),
                        what: format!("{} – {}", missing.title, unit.unit),
                        state: text(lang, "tasks-not-reported").to_string(),
                        comment: None,
                        overdue: status.past_deadline,
                    });
                }
            }
        }
        periods.push(tasks);
    }
    let view = TasksPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "tasks",
            text(lang, "tasks-title").to_string(),
            PATH.to_string(),
        ),
        periods,
        no_units: user.role == Role::Reporter && user.units.is_empty(),
    };
    Ok(render(&view))
}
