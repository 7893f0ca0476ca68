//! The accessibility problems visitors reported on the public site, for the
//! administrators: those waiting first, each marked handled when it is answered.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{AccessibilityReport, Change, Id, format_stockholm};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;

use super::{Chrome, render};
use crate::extract::{Form, Path};
use crate::i18n::text;
use crate::policy::{Action, authorize};
use crate::{AppError, Reading, Shared, Visitor};

pub const PATH: &str = "/arbeta/tillganglighetsrapporter";

struct Row {
    id: Id,
    page: String,
    description: String,
    contact: String,
    reported: String,
    /// When and by whom it was handled.
    handled: Option<String>,
}

fn row(report: AccessibilityReport) -> Row {
    Row {
        id: report.id,
        page: report.page,
        description: report.description,
        contact: report.contact,
        reported: format_stockholm(report.reported_at),
        handled: report.handled_at.map(|at| {
            format!(
                "{} {}",
                format_stockholm(at),
                report.handled_by.unwrap_or_default()
            )
        }),
    }
}

#[derive(Template)]
#[template(path = "accessibility_reports.html")]
struct ReportsPage {
    chrome: Chrome,
    waiting: Vec<Row>,
    handled: Vec<Row>,
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::Administer)?;
    let reports = read.accessibility_reports(state.tenant.id).await;
    read.finish().await?;
    let (handled, waiting): (Vec<Row>, Vec<Row>) = reports?
        .into_iter()
        .map(row)
        .partition(|r| r.handled.is_some());
    Ok(render(&ReportsPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "settings",
            text(visitor.lang, "a11y-reports-title").to_string(),
            PATH.to_string(),
        ),
        waiting,
        handled,
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct HandledForm {
    #[serde(default)]
    csrf: String,
}

pub async fn mark_handled<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<HandledForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::Administer)?;
    state
        .store
        .mark_accessibility_report_handled(state.tenant.id, id, &Change::by(&visitor.user.username))
        .await?;
    Ok(Redirect::to(&super::done::to(PATH, "rapport-hanterad")).into_response())
}
