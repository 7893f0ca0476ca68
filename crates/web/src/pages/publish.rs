//! Publishing: a controller makes the approved picture of a period (or the plan before
//! it has results) public. Each publication is frozen; publishing the same period
//! again makes a new version, which must say what it corrects.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{Change, Id, Period, Publication, format_stockholm};
use riktning_store::{Store, StoreError, StoreRead};
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, render, render_with};
use crate::extract::Form;
use crate::i18n::text;
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Reading, Shared, Visitor};

pub const PATH: &str = "/arbeta/publicera";

#[derive(Debug, Default, Clone, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf: String,
    /// A period of the current plan, or empty for the plan before it has results.
    #[serde(default)]
    period: String,
    #[serde(default)]
    reason: String,
}

struct Row {
    id: Id,
    what: String,
    version: i64,
    published: String,
    by: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "publish.html")]
struct PublishPage {
    chrome: Chrome,
    can_publish: bool,
    plan_title: Option<String>,
    /// The current plan's periods: id, name and whether it is chosen.
    periods: Vec<(Id, String, bool)>,
    typed: PublishForm,
    rows: Vec<Row>,
    errors: Vec<(String, String)>,
    /// The goal section's formats this build can write: extension and label key.
    formats: Vec<(&'static str, String)>,
    /// Each period with whether its conclusion on god ekonomisk hushållning is written.
    conclusions: Vec<(Id, String, bool)>,
}

impl super::FieldErrors for PublishPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    read: &mut S::Reader,
    typed: PublishForm,
) -> Result<PublishPage, AppError> {
    let tenant = state.tenant.id;
    let plans = read.plans(tenant).await?;
    let plan = plans.first();
    let periods: Vec<Period> = match plan {
        Some(plan) => read.periods(tenant, plan.id).await?,
        None => Vec::new(),
    };
    let names = |publication: &Publication| {
        let plan = plans
            .iter()
            .find(|p| p.id == publication.plan_id)
            .map_or(String::new(), |p| p.title.clone());
        match publication
            .period_id
            .and_then(|id| periods.iter().find(|p| p.id == id))
        {
            Some(period) => format!("{plan}, {}", period.name),
            None => plan,
        }
    };
    let rows = read
        .publications(tenant)
        .await?
        .iter()
        .map(|p| Row {
            id: p.id,
            what: names(p),
            version: p.version,
            published: format_stockholm(p.published_at),
            by: p.published_by.clone(),
            reason: p.reason.clone(),
        })
        .collect();
    // A closed period is what is normally published: it comes first.
    let chosen = typed.period.clone();
    let mut period_choices: Vec<(Id, String, bool)> = periods
        .iter()
        .map(|p| (p.id, p.name.clone(), chosen == p.id.to_string()))
        .collect();
    period_choices.sort_by_key(|(id, _, _)| {
        periods
            .iter()
            .find(|p| p.id == *id)
            .is_some_and(|p| p.is_open())
    });
    let mut conclusions = Vec::with_capacity(periods.len());
    for period in &periods {
        let written = read.conclusion(tenant, period.id).await?.is_some();
        conclusions.push((period.id, period.name.clone(), written));
    }
    Ok(PublishPage {
        chrome: Chrome::new(
            state,
            visitor,
            "publish",
            text(visitor.lang, "publish-title").to_string(),
            PATH.to_string(),
        ),
        can_publish: allows(&visitor.user, Action::ManagePlan),
        plan_title: plan.map(|p| p.title.clone()),
        periods: period_choices,
        typed,
        rows,
        errors: Vec::new(),
        formats: riktning_export::Format::ALL
            .into_iter()
            .filter(|f| f.available())
            .map(|f| (f.extension(), format!("document-{}", f.extension())))
            .collect(),
        conclusions,
    })
}

pub async fn show<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let loaded = page(&state, &visitor, &mut read, PublishForm::default()).await;
    read.finish().await?;
    Ok(render(&loaded?))
}

/// Shows the form again with `error` under `field`, keeping what was typed.
async fn refused<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    typed: PublishForm,
    field: &str,
    key: &str,
) -> Result<Response, AppError> {
    let mut read = state.store.reader().await?;
    let loaded = page(state, visitor, &mut read, typed).await;
    read.finish().await?;
    let mut shown = loaded?;
    shown
        .errors
        .push((field.to_string(), text(visitor.lang, key).to_string()));
    Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}

pub async fn publish<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let typed = PublishForm {
        csrf: String::new(),
        period: crate::auth::clip(&form.period, 20),
        reason: crate::auth::clip(&form.reason, 4000),
    };
    let period = match form.period.trim() {
        "" => None,
        id => match id.parse::<Id>() {
            Ok(id) => Some(id),
            Err(_) => {
                return refused(&state, &visitor, typed, "period", "publish-period-unknown").await;
            }
        },
    };
    let tenant = state.tenant.id;
    let mut read = state.store.reader().await?;
    let plan = read.plans(tenant).await;
    read.finish().await?;
    let plan = plan?
        .into_iter()
        .next()
        .ok_or(AppError::AddFirst(super::plans::NO_PLAN_PATH))?;
    let change = Change::by(&visitor.user.username);
    match riktning_publish::publish(&state.store, tenant, plan.id, period, &form.reason, &change)
        .await
    {
        Ok(_) => {
            state.published_list.forget();
            Ok(Redirect::to(&super::done::to(PATH, "publicerad")).into_response())
        }
        Err(riktning_publish::PublishError::PeriodOfAnotherPlan)
        | Err(riktning_publish::PublishError::Store(StoreError::NotFound { .. })) => {
            refused(&state, &visitor, typed, "period", "publish-period-unknown").await
        }
        Err(riktning_publish::PublishError::KeptChanging) => {
            refused(&state, &visitor, typed, "form", "publish-kept-changing").await
        }
        Err(riktning_publish::PublishError::Store(StoreError::Invalid { source, .. }))
            if source.field == "reason" =>
        {
            let key = if form.reason.trim().is_empty() {
                "publish-reason-needed"
            } else {
                "publish-reason-invalid"
            };
            refused(&state, &visitor, typed, "reason", key).await
        }
        Err(riktning_publish::PublishError::Store(error)) => Err(error.into()),
        Err(error) => Err(AppError::Internal(format!("publishing: {error}"))),
    }
}
