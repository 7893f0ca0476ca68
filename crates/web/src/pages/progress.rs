//! Assignments and activities, and the status of them and of the political text's
//! commitments in each follow-up period.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{
    ActivityKind, Change, Id, NewActivity, NewProgressReport, ProgressSubject, WorkStatus,
};
use riktning_store::Store;
use serde::Deserialize;

use super::overview::{PeriodChoice, period_choices};
use super::{Chrome, plan_and_period, render};
use crate::extract::{Form, Path, Query};
use crate::i18n::Lang;
use crate::policy::{
    Action, Owners, activity_owners, allows, allows_change, authorize, authorize_change,
};
use crate::{AppError, Shared, Visitor};

pub struct StatusChoice {
    pub key: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

pub fn status_choices(current: WorkStatus, lang: Lang) -> Vec<StatusChoice> {
    WorkStatus::ALL
        .iter()
        .map(|s| StatusChoice {
            key: s.as_str(),
            label: super::assess::work_status_label(*s, lang),
            selected: *s == current,
        })
        .collect()
}

/// The period, and what the activity list is narrowed to and sorted by.
#[derive(Debug, Default, Deserialize)]
pub struct ActivityQuery {
    period: Option<Id>,
    /// One responsible unit's id, or empty for all.
    enhet: Option<String>,
    /// A status key (see [`WorkStatus`]), or empty for all.
    status: Option<String>,
    /// "forfallo" (by due date, the default), "titel" or "enhet".
    ordning: Option<String>,
}

/// What the activity list shows, as chosen.
#[derive(Debug, Default)]
struct ActivityFilter {
    unit: Option<Id>,
    status: Option<WorkStatus>,
    order: &'static str,
}

impl ActivityQuery {
    fn filter(&self) -> ActivityFilter {
        ActivityFilter {
            unit: self.enhet.as_deref().and_then(|u| u.parse().ok()),
            status: self.status.as_deref().and_then(|s| s.parse().ok()),
            order: match self.ordning.as_deref() {
                Some("titel") => "titel",
                Some("enhet") => "enhet",
                _ => "forfallo",
            },
        }
    }
}

struct ActivityRow {
    id: Id,
    title: String,
    kind: &'static str,
    unit: String,
    goals: String,
    due: String,
    status: String,
    comment: String,
    statuses: Vec<StatusChoice>,
    levels: Vec<(String, String, bool)>,
    is_assignment: bool,
    can_edit: bool,
    /// The status in the period, and the responsible unit, for the filter.
    status_key: WorkStatus,
    unit_id: Option<Id>,
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ActivitiesPage {
    chrome: Chrome,
    periods: Vec<PeriodChoice>,
    period_id: Id,
    period_open: bool,
    rows: Vec<ActivityRow>,
    /// How many activities there are before the filter.
    total: usize,
    filter: ActivityFilter,
    /// Every unit responsible for an activity, for the filter.
    unit_choices: Vec<(Id, String)>,
    status_choices: Vec<StatusChoice>,
    units: Vec<(Id, String)>,
    goals: Vec<(Id, String)>,
    error: Option<String>,
    typed: TypedActivity,
    can_add: bool,
}

/// What was typed into the new-activity form, shown again when the form is refused,
/// with the field the message is about.
#[derive(Debug, Default)]
struct TypedActivity {
    title: String,
    kind: String,
    unit: Option<Id>,
    goal: Option<Id>,
    due: String,
    field_in_error: String,
}

impl TypedActivity {
    fn from_form(form: &NewActivityForm, field_in_error: &str) -> Self {
        Self {
            title: form.title.clone(),
            kind: form.kind.clone(),
            unit: Some(form.unit),
            goal: form.goal,
            due: form.due.clone(),
            field_in_error: field_in_error.to_string(),
        }
    }

    fn unit_is(&self, id: &Id) -> bool {
        self.unit == Some(*id)
    }

    fn goal_is(&self, id: &Id) -> bool {
        self.goal == Some(*id)
    }

    fn in_error(&self, field: &str) -> bool {
        self.field_in_error == field
    }
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(query): Query<ActivityQuery>,
) -> Result<Response, AppError> {
    let mut view = activities_page(
        &state,
        &visitor,
        query.period,
        None,
        TypedActivity::default(),
    )
    .await?;
    view.narrow(query.filter());
    Ok(render(&view))
}

impl ActivitiesPage {
    fn unit_chosen(&self, id: &Id) -> bool {
        self.filter.unit == Some(*id)
    }

    /// Keeps the rows the filter lets through, in the order it asks for.
    fn narrow(&mut self, filter: ActivityFilter) {
        self.rows.retain(|row| {
            filter.unit.is_none_or(|unit| row.unit_id == Some(unit))
                && filter.status.is_none_or(|s| row.status_key == s)
        });
        match filter.order {
            "titel" => self.rows.sort_by_key(|r| r.title.to_lowercase()),
            "enhet" => self.rows.sort_by_key(|r| r.unit.to_lowercase()),
            _ => {}
        }
        self.status_choices = WorkStatus::ALL
            .iter()
            .map(|s| StatusChoice {
                key: s.as_str(),
                label: super::assess::work_status_label(*s, self.chrome.lang),
                selected: filter.status == Some(*s),
            })
            .collect();
        self.filter = filter;
    }
}

async fn activities_page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    period: Option<Id>,
    error: Option<String>,
    typed: TypedActivity,
) -> Result<ActivitiesPage, AppError> {
    authorize(&visitor.user, Action::View)?;
    let tenant = state.tenant.id;
    let (plan, periods, period) = plan_and_period(state, period).await?;
    let activities = state.store.activities(tenant, plan.id).await?;
    let reports = state.store.progress_reports(tenant, period.id).await?;
    let units = state.store.org_units(tenant).await?;
    let goals = state.store.goals(tenant, plan.id).await?;
    let settings = state.store.followup_settings(tenant).await?;
    let scale = state
        .store
        .scales(tenant)
        .await?
        .into_iter()
        .find(|s| s.key == settings.assignment_scale);
    let lang = visitor.lang;
    let rows: Vec<ActivityRow> = activities
        .iter()
        .map(|a| {
            let report = reports
                .iter()
                .find(|r| r.subject == ProgressSubject::Activity(a.id));
            let owners = Owners::of_links(
                a.responsible_unit,
                a.goals
                    .iter()
                    .filter_map(|g| goals.iter().find(|x| x.id == *g)),
            );
            ActivityRow {
                id: a.id,
                title: a.title.clone(),
                kind: crate::i18n::text(lang, &format!("kind-{}", a.kind.as_str())),
                unit: a
                    .responsible_unit
                    .and_then(|u| units.iter().find(|x| x.id == u))
                    .map_or(String::new(), |u| u.name.clone()),
                goals: a
                    .goals
                    .iter()
                    .filter_map(|g| goals.iter().find(|x| x.id == *g))
                    .map(|g| g.code.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                due: a.due_on.map_or(String::new(), |d| d.to_string()),
                status: super::assess::work_status_label(a.status, lang).to_string(),
                comment: report.map_or(String::new(), |r| r.comment.clone()),
                statuses: status_choices(report.map_or(a.status, |r| r.status), lang),
                levels: scale.as_ref().map_or(Vec::new(), |s| {
                    s.levels
                        .iter()
                        .map(|l| {
                            let label = if lang == Lang::Sv {
                                &l.label
                            } else {
                                &l.label_en
                            };
                            let chosen = report.and_then(|r| r.level.as_deref()) == Some(&l.key);
                            (l.key.clone(), label.clone(), chosen)
                        })
                        .collect()
                }),
                is_assignment: a.kind == ActivityKind::Assignment,
                can_edit: period.is_open() && allows_change(&visitor.user, &owners),
                status_key: report.map_or(a.status, |r| r.status),
                unit_id: a.responsible_unit,
            }
        })
        .collect();
    let mut unit_choices: Vec<(Id, String)> = activities
        .iter()
        .filter_map(|a| a.responsible_unit)
        .filter_map(|id| units.iter().find(|u| u.id == id))
        .map(|u| (u.id, u.name.clone()))
        .collect();
    unit_choices.sort_by(|a, b| a.1.cmp(&b.1));
    unit_choices.dedup();
    let own_units: Vec<(Id, String)> = units
        .iter()
        .filter(|u| !u.retired && allows(&visitor.user, Action::Report { unit: u.id }))
        .map(|u| (u.id, u.name.clone()))
        .collect();
    Ok(ActivitiesPage {
        chrome: Chrome::new(
            state,
            visitor,
            "activities",
            format!(
                "{} – {}",
                crate::i18n::text(lang, "nav-activities"),
                period.name
            ),
            format!("/arbeta/aktiviteter?period={}", period.id),
        ),
        periods: period_choices(&periods, period.id),
        period_id: period.id,
        period_open: period.is_open(),
        total: rows.len(),
        rows,
        filter: ActivityFilter::default(),
        unit_choices,
        status_choices: Vec::new(),
        can_add: !own_units.is_empty(),
        units: own_units,
        goals: goals
            .iter()
            .map(|g| (g.id, format!("{} {}", g.code, g.statement)))
            .collect(),
        error,
        typed,
    })
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    csrf: String,
    period: Id,
    status: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    comment: String,
    /// Where to go back to: the activities list or a goal page.
    #[serde(default)]
    tillbaka: String,
}

fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

async fn report<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    subject: ProgressSubject,
    form: &ReportForm,
) -> Result<(), AppError> {
    let status: WorkStatus = form
        .status
        .parse()
        .map_err(|e: riktning_domain::UnknownVariant| AppError::BadRequest(e.to_string()))?;
    let level = Some(form.level.trim().to_string()).filter(|l| !l.is_empty());
    state
        .store
        .report_progress(
            state.tenant.id,
            &NewProgressReport {
                period_id: form.period,
                subject,
                status,
                level,
                comment: form.comment.trim().to_string(),
            },
            &Change::by(&visitor.user.username),
        )
        .await?;
    Ok(())
}

pub async fn report_activity<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    let activity = state.store.activity(state.tenant.id, id).await?;
    authorize_change(
        &visitor.user,
        &activity_owners(&state.store, state.tenant.id, &activity).await?,
    )?;
    report(&state, &visitor, ProgressSubject::Activity(id), &form).await?;
    Ok(see_other(super::done::to(
        &super::local_path(&form.tillbaka),
        "lage-sparat",
    )))
}

pub async fn report_commitment<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path((goal_id, id)): Path<(Id, Id)>,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    let goal = state.store.goal(state.tenant.id, goal_id).await?;
    let belongs = state
        .store
        .commitments(state.tenant.id, goal.id)
        .await?
        .iter()
        .any(|c| c.id == id);
    if !belongs {
        return Err(AppError::NotFound(format!(
            "goal {} has no commitment {id}",
            goal.code
        )));
    }
    authorize_change(&visitor.user, &Owners::of_goal(&goal))?;
    report(&state, &visitor, ProgressSubject::Commitment(id), &form).await?;
    Ok(see_other(super::done::to(
        &super::local_path(&form.tillbaka),
        "lage-sparat",
    )))
}

#[derive(Debug, Deserialize)]
pub struct NewActivityForm {
    #[serde(default)]
    csrf: String,
    period: Id,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    unit: Id,
    #[serde(default)]
    goal: Option<Id>,
    #[serde(default)]
    due: String,
}

pub async fn add_activity<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<NewActivityForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    // The new activity belongs to its unit and to the goal it serves, if any.
    let goal = match form.goal {
        Some(id) => Some(state.store.goal(state.tenant.id, id).await?),
        None => None,
    };
    authorize_change(
        &visitor.user,
        &Owners::of_links(Some(form.unit), goal.iter()),
    )?;
    let (plan, _, _) = plan_and_period(&state, Some(form.period)).await?;
    let kind: ActivityKind = form.kind.parse().unwrap_or(ActivityKind::Activity);
    // A refused form comes back with everything typed and the message at its field.
    let refuse = |field: &str, message: String| {
        let typed = TypedActivity::from_form(&form, field);
        let (state, visitor) = (&state, &visitor);
        async move {
            let page = activities_page(state, visitor, Some(form.period), Some(message), typed);
            Ok::<_, AppError>(super::render_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page.await?,
            ))
        }
    };
    if form.title.trim().is_empty() {
        let message = crate::i18n::text(visitor.lang, "activity-needs-title").to_string();
        return refuse("title", message).await;
    }
    let due_on = match form.due.trim() {
        "" => None,
        text => match super::periods::parse_date(text) {
            Some(date) => Some(date),
            None => {
                let message = crate::i18n::text(visitor.lang, "activity-bad-date").to_string();
                return refuse("due", message).await;
            }
        },
    };
    let created = state
        .store
        .create_activity(
            state.tenant.id,
            &NewActivity {
                plan_id: plan.id,
                kind,
                title: form.title.trim().to_string(),
                description: String::new(),
                responsible_unit: Some(form.unit),
                goals: form.goal.into_iter().collect(),
                starts_on: None,
                due_on,
                status: WorkStatus::NotStarted,
            },
            &Change::by(&visitor.user.username),
        )
        .await;
    match created {
        Ok(_) => Ok(see_other(super::done::to(
            &format!("/arbeta/aktiviteter?period={}", form.period),
            "aktivitet-tillagd",
        ))),
        Err(error) => {
            let ((field, message), _) = super::refused_save(error, visitor.lang, "title")?;
            refuse(&field, message).await
        }
    }
}
