//! The controller's list for a period: who has reported what, and who has not,
//! narrowed to one unit or to what is still missing, and sorted by name or by what
//! remains.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::Id;
use riktning_followup::{FollowupStatus, PeriodContext, followup_status};
use riktning_store::{Store, StoreRead};
use time::OffsetDateTime;

use super::overview::{PeriodChoice, period_choices};
use serde::Deserialize;

use super::{Chrome, plan_and_period_in, render};
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
    /// Assessments not yet submitted, and reports not made.
    remaining: usize,
}

/// The period, and what the list is narrowed to and sorted by.
#[derive(Debug, Default, Deserialize)]
pub struct StatusQuery {
    period: Option<Id>,
    /// One unit's id, or empty for all.
    enhet: Option<String>,
    /// "alla" (the default), "kvar" (units that are not done) or "forsenade" (only
    /// what is overdue).
    visa: Option<String>,
    /// "namn" (the default) or "kvar" (most remaining first).
    ordning: Option<String>,
}

/// What the list shows, as chosen.
struct Shown {
    unit: Option<Id>,
    only: &'static str,
    order: &'static str,
}

impl StatusQuery {
    fn shown(&self) -> Shown {
        let pick = |typed: Option<&str>, allowed: &[&'static str]| {
            typed
                .and_then(|t| allowed.iter().find(|a| **a == t))
                .copied()
                .unwrap_or(allowed[0])
        };
        Shown {
            unit: self.enhet.as_deref().and_then(|u| u.parse().ok()),
            only: pick(self.visa.as_deref(), &["alla", "kvar", "forsenade"]),
            order: pick(self.ordning.as_deref(), &["namn", "kvar"]),
        }
    }
}

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    chrome: Chrome,
    periods: Vec<PeriodChoice>,
    period_id: Id,
    status: FollowupStatus,
    units: Vec<UnitView>,
    /// Every unit expected to report, for the filter, with whether it is chosen.
    unit_choices: Vec<(Id, String, bool)>,
    shown: Shown,
}

pub async fn page<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(query): Query<StatusQuery>,
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
    let shown = query.shown();
    let unit_choices = status
        .units
        .iter()
        .map(|u| (u.unit_id, u.unit.clone(), Some(u.unit_id) == shown.unit))
        .collect();
    let mut units: Vec<UnitView> = status
        .units
        .iter()
        .filter(|u| shown.unit.is_none_or(|id| id == u.unit_id))
        .filter(|u| shown.only == "alla" || !u.is_complete())
        .map(|u| UnitView {
            remaining: u.remaining(),
            unit_id: u.unit_id,
            unit: u.unit.clone(),
            complete: u.is_complete(),
            lines: u
                .assessments
                .iter()
                .filter(|a| shown.only != "forsenade" || a.overdue)
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
        .filter(|u| shown.only != "forsenade" || !u.lines.is_empty())
        .collect();
    if shown.order == "kvar" {
        // Stable, so units with as much left keep their order by name.
        units.sort_by_key(|u| std::cmp::Reverse(u.remaining));
    }
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
            format!("/arbeta/uppfoljning?period={}", period.id),
        ),
        periods: period_choices(&periods, period.id),
        period_id: period.id,
        status,
        units,
        unit_choices,
        shown,
    };
    Ok(render(&view))
}
