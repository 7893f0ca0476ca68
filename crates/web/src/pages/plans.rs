//! The plans: which ones there are, choosing the one the workspace shows, starting an
//! empty one, and recording the decision that adopted one. Until a controller chooses,
//! the newest plan is the one the other pages show.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{Change, Decision, Id, NewPlan, Plan, PlanStatus, is_one_line_text};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, refused_save, render, render_with};
use crate::extract::{Form, Path, Query};
use crate::i18n::{Lang, text};
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Reading, Shared, Visitor};

/// Where a page that needs a plan sends the visitor when there is none.
pub const NO_PLAN_PATH: &str = "/arbeta/planer";

struct PlanRow {
    plan: Plan,
    status: &'static str,
    goals: usize,
    periods: usize,
    current: bool,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewPlanForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    first_year: String,
    #[serde(default)]
    last_year: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    body: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    case_number: String,
    /// The paragraph of the minutes; optional.
    #[serde(default)]
    paragraph: String,
}

/// The version of the plan to make current, so a stale page cannot undo a newer choice.
#[derive(Debug, Default, Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    /// Set after the first start in the browser.
    #[serde(default)]
    klar: Option<String>,
    /// The id of a plan just created.
    #[serde(default)]
    skapad: Option<Id>,
    /// The id of a plan whose decision was just recorded.
    #[serde(default)]
    antagen: Option<Id>,
    /// The id of a plan just made current.
    #[serde(default)]
    aktuell: Option<Id>,
}

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    chrome: Chrome,
    rows: Vec<PlanRow>,
    /// What was just done, said once at the top.
    notice: Option<String>,
    can_manage: bool,
    can_import: bool,
    typed: NewPlanForm,
    /// The plan whose decision form was refused, with what was typed.
    typed_decision: Option<(Id, DecisionForm)>,
    errors: Vec<(String, String)>,
}

impl super::FieldErrors for PlansPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

impl PlansPage {
    /// What the decision form of `plan` shows: what was typed if it was refused.
    fn decision_typed(&self, plan: &Id, field: &str) -> String {
        match &self.typed_decision {
            Some((id, typed)) if id == plan => match field {
                "body" => typed.body.clone(),
                "date" => typed.date.clone(),
                "paragraph" => typed.paragraph.clone(),
                _ => typed.case_number.clone(),
            },
            _ if field == "body" => text(self.chrome.lang, "plans-council").to_string(),
            _ => String::new(),
        }
    }

    fn decision_error(&self, plan: &Id, field: &str) -> Option<&str> {
        match &self.typed_decision {
            Some((id, _)) if id == plan => self.error_for(field),
            _ => None,
        }
    }
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    read: &mut S::Reader,
    notice: Option<String>,
) -> Result<PlansPage, AppError> {
    let tenant = state.tenant.id;
    let lang = visitor.lang;
    let plans = read.plans(tenant).await?;
    let mut rows = Vec::with_capacity(plans.len());
    for (index, plan) in plans.into_iter().enumerate() {
        let goals = read.goals(tenant, plan.id).await?.len();
        let periods = read.periods(tenant, plan.id).await?.len();
        rows.push(PlanRow {
            status: text(lang, &format!("plan-status-{}", plan.status.as_str())),
            plan,
            goals,
            periods,
            current: index == 0,
        });
    }
    Ok(PlansPage {
        chrome: Chrome::new(
            state,
            visitor,
            "plans",
            text(lang, "plans-title").to_string(),
            NO_PLAN_PATH.to_string(),
        ),
        rows,
        notice,
        can_manage: allows(&visitor.user, Action::ManagePlan),
        can_import: allows(&visitor.user, Action::Import),
        typed: NewPlanForm::default(),
        typed_decision: None,
        errors: Vec::new(),
    })
}

fn notice_text(lang: Lang, notice: &Notice, page: &PlansPage) -> Option<String> {
    let title_of = |id: Id| {
        page.rows
            .iter()
            .find(|r| r.plan.id == id)
            .map(|r| r.plan.title.clone())
    };
    if notice.klar.is_some() {
        return Some(text(lang, "plans-welcome").to_string());
    }
    if let Some(title) = notice.skapad.and_then(title_of) {
        return Some(format!("{} {title}.", text(lang, "plans-created")));
    }
    if let Some(title) = notice.antagen.and_then(title_of) {
        return Some(format!("{} {title}.", text(lang, "plans-adopted")));
    }
    if let Some(title) = notice.aktuell.and_then(title_of) {
        return Some(format!("{} {title}.", text(lang, "plans-made-current")));
    }
    None
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let loaded = page(&state, &visitor, &mut read, None).await;
    read.finish().await?;
    let mut shown = loaded?;
    shown.notice = notice_text(visitor.lang, &notice, &shown);
    Ok(render(&shown))
}

/// Shows the page again with `errors`, keeping what was typed.
async fn refused<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    status: StatusCode,
    fill: impl FnOnce(&mut PlansPage),
) -> Result<Response, AppError> {
    let mut read = state.store.reader().await?;
    let loaded = page(state, visitor, &mut read, None).await;
    read.finish().await?;
    let mut shown = loaded?;
    fill(&mut shown);
    Ok(render_with(status, &shown))
}

/// A year as typed, or `None`.
fn year(typed: &str) -> Option<i32> {
    typed
        .trim()
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
}

pub async fn create<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<NewPlanForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let mut errors = Vec::new();
    let mut refuse = |field: &str, key: &str| errors.push((field.into(), text(lang, key).into()));
    let title = form.title.trim().to_string();
    if !is_one_line_text(&title) || title.chars().count() > 200 {
        refuse("title", "plans-title-missing");
    }
    let first = year(&form.first_year);
    // An empty last year means a plan of one year; a mistyped one is refused.
    let last = if form.last_year.trim().is_empty() {
        first
    } else {
        year(&form.last_year)
    };
    match (first, last) {
        (None, _) => refuse("first_year", "plans-year-invalid"),
        (Some(_), None) => refuse("last_year", "plans-year-invalid"),
        (Some(first), Some(last)) if last < first || last > first + 50 => {
            refuse("last_year", "plans-years-order");
        }
        _ => {}
    }
    let typed = NewPlanForm {
        csrf: String::new(),
        title: crate::auth::clip(&form.title, 200),
        first_year: crate::auth::clip(&form.first_year, 8),
        last_year: crate::auth::clip(&form.last_year, 8),
    };
    let (Some(first_year), Some(last_year), true) = (first, last, errors.is_empty()) else {
        return refused(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, |page| {
            page.typed = typed;
            page.errors = errors;
        })
        .await;
    };
    let new = NewPlan {
        title,
        first_year,
        last_year,
        status: PlanStatus::Draft,
        decision: None,
        source_name: None,
        source_sha256: None,
    };
    match state
        .store
        .create_plan(state.tenant.id, &new, &Change::by(&visitor.user.username))
        .await
    {
        Ok(plan) => Ok(Redirect::to(&format!("{NO_PLAN_PATH}?skapad={}", plan.id)).into_response()),
        Err(error) => {
            let (message, status) = refused_save(error, lang, "title")?;
            refused(&state, &visitor, status, |page| {
                page.typed = typed;
                page.errors = vec![message];
            })
            .await
        }
    }
}

/// Records the decision that adopted a plan: the body, the date and the case number.
pub async fn adopt<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let stored = state.store.plan(state.tenant.id, id).await?;
    let mut errors = Vec::new();
    let mut refuse = |field: &str, key: &str| errors.push((field.into(), text(lang, key).into()));
    let body = form.body.trim().to_string();
    let case_number = form.case_number.trim().to_string();
    if !is_one_line_text(&body) || body.chars().count() > 200 {
        refuse("body", "plans-body-missing");
    }
    let date = super::periods::parse_date(&form.date);
    if date.is_none() {
        refuse("date", "date-invalid");
    }
    if !is_one_line_text(&case_number) || case_number.chars().count() > 100 {
        refuse("case_number", "plans-case-missing");
    }
    // "187" is written as the minutes write it: "§ 187".
    let paragraph = Some(form.paragraph.trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.starts_with(|c: char| c.is_ascii_digit()) {
                format!("§ {p}")
            } else {
                p.to_string()
            }
        });
    if paragraph
        .as_deref()
        .is_some_and(|p| !is_one_line_text(p) || p.chars().count() > 40)
    {
        refuse("paragraph", "plans-paragraph-invalid");
    }
    let typed = DecisionForm {
        csrf: String::new(),
        version: form.version,
        body: crate::auth::clip(&form.body, 200),
        date: crate::auth::clip(&form.date, 20),
        case_number: crate::auth::clip(&form.case_number, 100),
        paragraph: crate::auth::clip(&form.paragraph, 40),
    };
    let (Some(date), true) = (date, errors.is_empty()) else {
        return refused(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, |page| {
            page.typed_decision = Some((id, typed));
            page.errors = errors;
        })
        .await;
    };
    let adopted = Plan {
        status: PlanStatus::Adopted,
        decision: Some(Decision {
            body,
            date,
            case_number,
            paragraph,
        }),
        version: form.version,
        ..stored
    };
    match state
        .store
        .update_plan(
            state.tenant.id,
            &adopted,
            &Change::by(&visitor.user.username),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{NO_PLAN_PATH}?antagen={id}")).into_response()),
        Err(error) => {
            let (message, status) = refused_save(error, lang, "case_number")?;
            refused(&state, &visitor, status, |page| {
                page.typed_decision = Some((id, typed));
                page.errors = vec![message];
            })
            .await
        }
    }
}

/// Makes a plan the one the workspace shows. The others stay readable from the goal
/// tree's plan choice.
pub async fn make_current<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<ChooseForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    match state
        .store
        .make_plan_current(
            state.tenant.id,
            id,
            form.version,
            &Change::by(&visitor.user.username),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{NO_PLAN_PATH}?aktuell={id}")).into_response()),
        Err(error) => {
            let (message, status) = refused_save(error, visitor.lang, "form")?;
            refused(&state, &visitor, status, |page| {
                page.errors = vec![("form".to_string(), message.1)];
            })
            .await
        }
    }
}
