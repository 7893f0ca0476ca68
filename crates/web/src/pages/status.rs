//! The controller's list for a period: who has reported what, and who has not.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::Id;
use riktning_followup::{FollowupStatus, PeriodContext, followup_status};
use riktning_store::{Store, StoreRead};
use time::OffsetDateTime;

use super::overview::{PeriodChoice, period_choices};
use super::{Chrome, PeriodQuery, plan_and_period_in, render};
use crate::extract::Query;
use crate::policy::{Action, authorize};
use crate::{AppError, Reading, Shared};

struct Line {
    goal_id: Id,
    code: String,
    /// The goal's short name, or its statement, beside the code.
    name: String,
    state: String,
    overdue: bool,
}

struct UnitView {
    unit_id: Id,
    unit: String,
    complete: bool,
    lines: Vec<Line>,
    missing_progress: Vec<String>,
}

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    chrome: Chrome,
    periods: Vec<PeriodChoice>,
    period_id: Id,
    status: FollowupStatus,
    units: Vec<UnitView>,
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let tenant = state.tenant.id;
    let loaded = async {
        let (_, periods, period) = plan_and_period_in(&mut read, tenant, query.period).await?;
        let context = PeriodContext::read(&mut read, tenant, period.clone()).await?;
        Ok::<_, AppError>((periods, period, context))
    }
    .await;
    read.finish().await?;
    let (periods, period, context) = loaded?;
    let status = followup_status(
        &context,
        riktning_domain::in_stockholm(OffsetDateTime::now_utc()).date(),
    );
    let lang = visitor.lang;
    let units = status
        .units
        .iter()
        .map(|u| UnitView {
            unit_id: u.unit_id,
            unit: u.unit.clone(),
            complete: u.is_complete(),
            lines: u
                .assessments
                .iter()
                .map(|a| Line {
                    goal_id: a.goal_id,
                    code: a.code.clone(),
                    name: context
                        .goal(a.goal_id)
                        .map(|g| g.short_name.clone().unwrap_or_else(|| g.statement.clone()))
                        .unwrap_or_default(),
                    state: a
                        .state
                        .map_or(crate::i18n::text(lang, "state-none"), |s| {
                            super::assess::state_label(s, lang)
                        })
                        .to_string(),
                    overdue: a.overdue,
                })
                .collect(),
            missing_progress: u.missing_progress.iter().map(|m| m.title.clone()).collect(),
        })
        .collect();
    let view = StatusPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "status",
            format!(
                "{} – {}",
                crate::i18n::text(lang, "nav-status"),
                period.name
            ),
            format!("/uppfoljning?period={}", period.id),
        ),
        periods: period_choices(&periods, period.id),
        period_id: period.id,
        status,
        units,
    };
    Ok(render(&view))
}
