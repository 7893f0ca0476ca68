//! The current plan's follow-up periods: adding them, changing a deadline or the year
//! of values judged, closing one, and reopening it with a reason.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{Change, Id, NewPeriod, Period, PeriodState, is_one_line_text};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;
use time::Date;

use super::row_forms::RowForms;
use super::{Chrome, FieldErrors as _, current_plan_in, refused_save, render, render_with};
use crate::auth::clip;
use crate::extract::{Form, Path, Query};
use crate::i18n::{Lang, text};
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Shared, Visitor};

/// Where a page that needs a period sends the visitor when the plan has none.
pub const NO_PERIOD_PATH: &str = "/arbeta/perioder?saknas=1";

/// A date as people type it and as `<input type="date">` sends it: `2024-09-20`.
pub fn parse_date(typed: &str) -> Option<Date> {
    Date::parse(
        typed.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct PeriodForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    values_through: String,
    /// Why a closed period is opened again.
    #[serde(default)]
    reason: String,
}

impl PeriodForm {
    /// What the form shows again: each field no longer than it can be.
    fn kept(&self) -> PeriodForm {
        PeriodForm {
            csrf: String::new(),
            version: self.version,
            name: clip(&self.name, 200),
            starts_on: clip(&self.starts_on, 20),
            ends_on: clip(&self.ends_on, 20),
            deadline: clip(&self.deadline, 20),
            values_through: clip(&self.values_through, 8),
            reason: clip(&self.reason, 2000),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    /// Sent here by a page that needs a period.
    #[serde(default)]
    saknas: Option<String>,
    /// What was just done: "tillagd", "andrad", "stangd" or "oppnad", with the period.
    #[serde(default)]
    klart: Option<String>,
    #[serde(default)]
    period: Option<Id>,
}

#[derive(Template)]
#[template(path = "periods.html")]
struct PeriodsPage {
    chrome: Chrome,
    periods: Vec<Period>,
    notice: Option<String>,
    can_manage: bool,
    forms: RowForms<PeriodForm>,
}

impl super::FieldErrors for PeriodsPage {
    fn errors(&self) -> &[(String, String)] {
        &self.forms.errors
    }
}

impl PeriodsPage {
    fn state_label(&self, period: &Period) -> &'static str {
        text(
            self.chrome.lang,
            match period.state {
                PeriodState::Open => "period-open",
                PeriodState::Closed => "period-closed",
            },
        )
    }

    fn edit_error(&self, period: &Period, field: &str) -> Option<&str> {
        self.forms.row_error(period.id, field)
    }

    fn add_error(&self, field: &str) -> Option<&str> {
        self.forms.add_error(field)
    }

    /// What the edit form of `period` shows: what was typed if it was refused.
    fn edit_value(&self, period: &Period, field: &str) -> String {
        match self.forms.typed_for(period.id) {
            Some(typed) => match field {
                "deadline" => typed.deadline.clone(),
                "values_through" => typed.values_through.clone(),
                _ => typed.reason.clone(),
            },
            None => match field {
                "deadline" => period.deadline.to_string(),
                "values_through" => period.values_through.to_string(),
                _ => String::new(),
            },
        }
    }

    fn refused(&self, period: &Period) -> bool {
        self.forms.is_refused(period.id)
    }
}

async fn page<S: Store>(state: &Shared<S>, visitor: &Visitor) -> Result<PeriodsPage, AppError> {
    let mut read = state.store.reader().await?;
    let loaded = async {
        let plan = current_plan_in(&mut read, state.tenant.id).await?;
        let periods = read.periods(state.tenant.id, plan.id).await?;
        Ok::<_, AppError>((plan, periods))
    }
    .await;
    read.finish().await?;
    let (plan, periods) = loaded?;
    let lang = visitor.lang;
    Ok(PeriodsPage {
        chrome: Chrome::new(
            state,
            visitor,
            "periods",
            format!("{}: {}", text(lang, "periods-title"), plan.title),
            "/arbeta/perioder".to_string(),
        ),
        periods,
        notice: None,
        can_manage: allows(&visitor.user, Action::ManagePlan),
        forms: RowForms::new(PeriodForm::default()),
    })
}

fn notice_text(lang: Lang, notice: &Notice, page: &PeriodsPage) -> Option<String> {
    if let Some(done) = notice.klart.as_deref() {
        let name = notice
            .period
            .and_then(|id| page.periods.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())?;
        let key = match done {
            "tillagd" => "periods-added",
            "andrad" => "periods-changed",
            "stangd" => "periods-closed",
            "oppnad" => "periods-reopened",
            _ => return None,
        };
        return Some(format!("{} {name}.", text(lang, key)));
    }
    if notice.saknas.is_some() && page.periods.is_empty() {
        let key = if page.can_manage {
            "periods-missing"
        } else {
            "periods-missing-reader"
        };
        return Some(text(lang, key).to_string());
    }
    None
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let mut shown = page(&state, &visitor).await?;
    shown.notice = notice_text(visitor.lang, &notice, &shown);
    Ok(render(&shown))
}

fn done(what: &str, period: Id) -> Response {
    Redirect::to(&format!("/arbeta/perioder?klart={what}&period={period}")).into_response()
}

async fn refused<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    status: StatusCode,
    period: Option<Id>,
    typed: PeriodForm,
    errors: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let mut shown = page(state, visitor).await?;
    shown.forms.refuse(period, typed, errors);
    Ok(render_with(status, &shown))
}

/// The year of values judged, as typed, or the year the period ends when left empty.
fn values_year(typed: &str, ends_on: Option<Date>) -> Result<Option<i32>, ()> {
    match typed.trim() {
        "" => Ok(ends_on.map(Date::year)),
        year => year.parse().map(Some).map_err(drop),
    }
}

/// The form's fields checked with messages in the visitor's language, before the
/// store's own checks.
fn checked_dates(
    form: &PeriodForm,
    lang: Lang,
    errors: &mut Vec<(String, String)>,
) -> (Option<Date>, Option<Date>, Option<Date>, Option<i32>) {
    let mut refuse = |field: &str, key: &str| errors.push((field.into(), text(lang, key).into()));
    let starts_on = parse_date(&form.starts_on);
    let ends_on = parse_date(&form.ends_on);
    let deadline = parse_date(&form.deadline);
    if starts_on.is_none() {
        refuse("starts_on", "date-invalid");
    }
    if ends_on.is_none() {
        refuse("ends_on", "date-invalid");
    }
    if deadline.is_none() {
        refuse("deadline", "date-invalid");
    }
    if let (Some(start), Some(end)) = (starts_on, ends_on)
        && end < start
    {
        refuse("ends_on", "periods-ends-before-start");
    }
    if let (Some(start), Some(deadline)) = (starts_on, deadline)
        && deadline < start
    {
        refuse("deadline", "periods-deadline-before-start");
    }
    let values = match values_year(&form.values_through, ends_on) {
        Ok(year) => year,
        Err(()) => {
            refuse("values_through", "periods-values-year");
            None
        }
    };
    if let (Some(year), Some(end)) = (values, ends_on)
        && !(end.year() - 10..=end.year()).contains(&year)
    {
        refuse("values_through", "periods-values-year");
    }
    (starts_on, ends_on, deadline, values)
}

pub async fn add<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<PeriodForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let mut errors = Vec::new();
    let name = form.name.trim().to_string();
    if !is_one_line_text(&name) || name.chars().count() > 200 {
        errors.push(("name".into(), text(lang, "periods-name-missing").into()));
    }
    let (starts_on, ends_on, deadline, values_through) = checked_dates(&form, lang, &mut errors);
    let (Some(starts_on), Some(ends_on), Some(deadline), true) =
        (starts_on, ends_on, deadline, errors.is_empty())
    else {
        return refused(
            &state,
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            form.kept(),
            errors,
        )
        .await;
    };
    let plan = {
        let mut read = state.store.reader().await?;
        let plan = current_plan_in(&mut read, state.tenant.id).await;
        read.finish().await?;
        plan?
    };
    let new = NewPeriod {
        plan_id: plan.id,
        name,
        starts_on,
        ends_on,
        deadline,
        values_through,
    };
    match state
        .store
        .create_period(state.tenant.id, &new, &Change::by(&visitor.user.username))
        .await
    {
        Ok(period) => Ok(done("tillagd", period.id)),
        Err(error) => {
            let (message, status) = refused_save(error, lang, "name")?;
            refused(&state, &visitor, status, None, form.kept(), vec![message]).await
        }
    }
}

/// Changes a period's deadline and the year of values it judges.
pub async fn edit<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<PeriodForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let stored = state.store.period(state.tenant.id, id).await?;
    // Only the deadline and the year of values change here; the rest is as stored.
    let typed = PeriodForm {
        name: stored.name.clone(),
        starts_on: stored.starts_on.to_string(),
        ends_on: stored.ends_on.to_string(),
        ..form.kept()
    };
    let mut errors = Vec::new();
    let (_, _, deadline, values_through) = checked_dates(&typed, lang, &mut errors);
    let (Some(deadline), Some(values_through), true) =
        (deadline, values_through, errors.is_empty())
    else {
        return refused(
            &state,
            &visitor,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(id),
            typed,
            errors,
        )
        .await;
    };
    let changed = Period {
        deadline,
        values_through,
        version: form.version,
        ..stored
    };
    match state
        .store
        .update_period(
            state.tenant.id,
            &changed,
            &Change::by(&visitor.user.username),
        )
        .await
    {
        Ok(_) => Ok(done("andrad", id)),
        Err(error) => {
            let (message, status) = refused_save(error, lang, "deadline")?;
            refused(&state, &visitor, status, Some(id), typed, vec![message]).await
        }
    }
}

/// Closes an open period, or reopens a closed one with a reason.
pub async fn set_state<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path((id, action)): Path<(Id, String)>,
    Form(form): Form<PeriodForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let (next, change, what) = match action.as_str() {
        "stang" => (
            PeriodState::Closed,
            Change::by(&visitor.user.username),
            "stangd",
        ),
        "oppna" => {
            let reason = form.reason.trim();
            if reason.is_empty() || reason.chars().count() > 2000 {
                let errors = vec![("reason".into(), text(lang, "periods-reason-missing").into())];
                return refused(
                    &state,
                    &visitor,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(id),
                    form.kept(),
                    errors,
                )
                .await;
            }
            (
                PeriodState::Open,
                Change::by(&visitor.user.username).because(reason),
                "oppnad",
            )
        }
        _ => {
            return Err(AppError::NotFound(
                text(lang, "error-not-found").to_string(),
            ));
        }
    };
    match state
        .store
        .set_period_state(state.tenant.id, id, form.version, next, &change)
        .await
    {
        Ok(_) => Ok(done(what, id)),
        Err(error) => {
            let (message, status) = refused_save(error, lang, "reason")?;
            refused(
                &state,
                &visitor,
                status,
                Some(id),
                form.kept(),
                vec![message],
            )
            .await
        }
    }
}
