//! An indicator's targets: the final one and milestones on the way.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Change, Comparator, Id, Indicator, NewTarget};
use riktning_store::Store;
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, comparator_label, render, target_in_words};
use crate::extract::{Form, Path};
use crate::policy::{allows_change, authorize_change, indicator_owners};
use crate::{AppError, Shared, Visitor};

struct TargetRow {
    id: Id,
    version: i64,
    year: i32,
    text: String,
    kind: &'static str,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct Typed {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    comparator: String,
    #[serde(default)]
    milestone: Option<String>,
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    chrome: Chrome,
    indicator: Indicator,
    goal_id: Option<Id>,
    rows: Vec<TargetRow>,
    comparators: Vec<(&'static str, &'static str)>,
    typed: Typed,
    error: Option<(String, String)>,
    /// Whether the visitor may add and remove targets; others only read them.
    can_edit: bool,
}

impl super::FieldErrors for TargetsPage {
    fn errors(&self) -> &[(String, String)] {
        self.error.as_slice()
    }
}

impl TargetsPage {}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    indicator: Indicator,
    typed: Typed,
    error: Option<(String, String)>,
) -> Result<TargetsPage, AppError> {
    let lang = visitor.lang;
    let can_edit = allows_change(
        &visitor.user,
        &indicator_owners(&state.store, state.tenant.id, &indicator).await?,
    );
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0);
    let rows = state
        .store
        .targets(state.tenant.id, indicator.id)
        .await?
        .into_iter()
        .map(|t| TargetRow {
            id: t.id,
            version: t.version,
            year: t.year,
            text: target_in_words(&t, &indicator, decimals, lang),
            kind: crate::i18n::text(
                lang,
                if t.is_final {
                    "target-final"
                } else {
                    "target-milestone"
                },
            ),
        })
        .collect();
    Ok(TargetsPage {
        chrome: Chrome::new(
            state,
            visitor,
            "goals",
            format!(
                "{}: {}",
                crate::i18n::text(lang, "targets-title"),
                indicator.name
            ),
            format!("/arbeta/indikator/{}/malvarden", indicator.id),
        )
        .with_trail(vec![(
            crate::i18n::text(lang, "nav-goals").to_string(),
            "/arbeta/mal".to_string(),
        )]),
        goal_id: indicator.goals.first().map(|l| l.goal_id),
        comparators: Comparator::ALL
            .iter()
            .map(|c| (c.as_str(), comparator_label(*c, lang)))
            .collect(),
        indicator,
        rows,
        typed,
        error,
        can_edit,
    })
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    crate::policy::authorize(&visitor.user, crate::policy::Action::View)?;
    let indicator = state.store.indicator(state.tenant.id, id).await?;
    Ok(render(
        &page(&state, &visitor, indicator, Typed::default(), None).await?,
    ))
}

pub async fn add<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(typed): Form<Typed>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&typed.csrf)?;
    let indicator = state.store.indicator(state.tenant.id, id).await?;
    authorize_change(
        &visitor.user,
        &indicator_owners(&state.store, state.tenant.id, &indicator).await?,
    )?;
    let lang = visitor.lang;
    let year = typed
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    let value = super::parse_number(&typed.value);
    let comparator = typed
        .comparator
        .parse::<Comparator>()
        .unwrap_or(Comparator::AtLeast);
    let outcome = match (year, value) {
        (Some(year), Some(value)) => {
            let new = NewTarget {
                indicator_id: id,
                year,
                comparator,
                value,
                base_year: None,
                base_value: None,
                is_final: typed.milestone.is_none(),
                text_target_id: None,
            };
            match state
                .store
                .create_target(state.tenant.id, &new, &Change::by(&visitor.user.username))
                .await
            {
                Ok(_) => Ok(()),
                Err(error) => {
                    let ((field, message), status) = super::refused_save(error, lang, "year")?;
                    Err((field, message, status))
                }
            }
        }
        (year, _) => Err((
            if year.is_none() { "year" } else { "value" }.to_string(),
            crate::i18n::text(lang, "targets-bad-input").to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
    };
    match outcome {
        Ok(()) => Ok((
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                super::done::to(
                    &format!("/arbeta/indikator/{id}/malvarden"),
                    "malvarde-tillagt",
                ),
            )],
        )
            .into_response()),
        Err((field, message, status)) => {
            let view = page(
                &state,
                &visitor,
                indicator,
                typed,
                Some((field.to_string(), message)),
            )
            .await?;
            let response = super::render_with(status, &view);
            Ok(response)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    csrf: String,
    version: i64,
}

pub async fn remove<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path((indicator_id, target_id)): Path<(Id, Id)>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    let indicator = state.store.indicator(state.tenant.id, indicator_id).await?;
    authorize_change(
        &visitor.user,
        &indicator_owners(&state.store, state.tenant.id, &indicator).await?,
    )?;
    let belongs = state
        .store
        .targets(state.tenant.id, indicator_id)
        .await?
        .iter()
        .any(|t| t.id == target_id);
    if !belongs {
        return Err(AppError::NotFound(format!(
            "the indicator has no target {target_id}"
        )));
    }
    state
        .store
        .delete_target(
            state.tenant.id,
            target_id,
            form.version,
            &Change::by(&visitor.user.username),
        )
        .await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            super::done::to(
                &format!("/arbeta/indikator/{indicator_id}/malvarden"),
                "malvarde-borttaget",
            ),
        )],
    )
        .into_response())
}
