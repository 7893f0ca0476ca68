//! Editing an indicator: its name, unit, decimals, direction and its weight for each
//! goal it follows up.

use askama::Template;
use axum::extract::{RawForm, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Change, Direction, Id, Indicator};
use riktning_store::Store;

use super::goal_edit::form_pairs;
use super::{Chrome, FieldErrors as _, render};
use crate::extract::Path;
use crate::policy::{authorize_change, indicator_owners};
use crate::{AppError, Shared, Visitor};

struct WeightRow {
    goal_id: Id,
    goal: String,
    weight: String,
}

#[derive(Template)]
#[template(path = "indicator_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    indicator: Indicator,
    name: String,
    unit: String,
    decimals: String,
    direction: String,
    weights: Vec<WeightRow>,
    version: i64,
    error: Option<(String, String)>,
}

impl super::FieldErrors for SettingsPage {
    fn errors(&self) -> &[(String, String)] {
        self.error.as_slice()
    }
}

impl SettingsPage {}

async fn weight_rows<S: Store>(
    state: &Shared<S>,
    indicator: &Indicator,
    typed: &[(Id, String)],
) -> Result<Vec<WeightRow>, AppError> {
    let mut rows = Vec::new();
    for link in &indicator.goals {
        let goal = state.store.goal(state.tenant.id, link.goal_id).await?;
        let weight = typed
            .iter()
            .find(|(id, _)| *id == link.goal_id)
            .map_or_else(
                || riktning_domain::format_number_trimmed(link.weight, 2),
                |(_, w)| w.clone(),
            );
        rows.push(WeightRow {
            goal_id: goal.id,
            goal: format!("{} {}", goal.code, goal.statement),
            weight,
        });
    }
    Ok(rows)
}

fn chrome<S>(state: &Shared<S>, visitor: &Visitor, indicator: &Indicator) -> Chrome {
    Chrome::new(
        state,
        visitor,
        "goals",
        format!(
            "{}: {}",
            crate::i18n::text(visitor.lang, "indicator-edit"),
            indicator.name
        ),
        format!("/arbeta/indikator/{}/redigera", indicator.id),
    )
    .with_trail(vec![(
        crate::i18n::text(visitor.lang, "nav-goals").to_string(),
        "/arbeta/mal".to_string(),
    )])
}

pub async fn form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    let indicator = state.store.indicator(state.tenant.id, id).await?;
    authorize_change(
        &visitor.user,
        &indicator_owners(&state.store, state.tenant.id, &indicator).await?,
    )?;
    let view = SettingsPage {
        chrome: chrome(&state, &visitor, &indicator),
        name: indicator.name.clone(),
        unit: indicator.unit.clone().unwrap_or_default(),
        decimals: indicator.decimals.to_string(),
        direction: indicator.direction.as_str().to_string(),
        weights: weight_rows(&state, &indicator, &[]).await?,
        version: indicator.version,
        error: None,
        indicator,
    };
    Ok(render(&view))
}

pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    RawForm(body): RawForm,
) -> Result<Response, AppError> {
    let pairs = form_pairs(&body);
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    visitor.check_csrf(&field("csrf"))?;
    let stored = state.store.indicator(state.tenant.id, id).await?;
    authorize_change(
        &visitor.user,
        &indicator_owners(&state.store, state.tenant.id, &stored).await?,
    )?;
    let lang = visitor.lang;
    let typed_weights: Vec<(Id, String)> = pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("weight-")?.parse().ok()?, v.clone())))
        .collect();
    let mut indicator = stored.clone();
    indicator.version = field("version").parse().unwrap_or(0);
    indicator.name = field("name").trim().to_string();
    indicator.unit = Some(field("unit").trim().to_string()).filter(|u| !u.is_empty());
    indicator.decimals = field("decimals").trim().parse().unwrap_or(0);
    indicator.direction = field("direction")
        .parse()
        .unwrap_or(Direction::HigherIsBetter);
    let mut error = None;
    for link in &mut indicator.goals {
        if let Some((_, typed)) = typed_weights.iter().find(|(goal, _)| *goal == link.goal_id) {
            match super::parse_number(typed).filter(|w| *w > 0.0) {
                Some(weight) => link.weight = weight,
                None => {
                    error = Some((
                        "weight".to_string(),
                        crate::i18n::text(lang, "indicator-bad-weight").to_string(),
                    ))
                }
            }
        }
    }
    let outcome = match error {
        Some(error) => Err((error, StatusCode::UNPROCESSABLE_ENTITY)),
        None => match state
            .store
            .update_indicator(
                state.tenant.id,
                &indicator,
                &Change::by(&visitor.user.username),
            )
            .await
        {
            Ok(saved) => Ok(saved),
            Err(error) => Err(super::refused_save(error, lang, "form")?),
        },
    };
    match outcome {
        Ok(saved) => {
            let back = saved.goals.first().map_or("/arbeta/mal".to_string(), |l| {
                format!("/arbeta/mal/{}", l.goal_id)
            });
            let back = super::done::to(&back, "indikator-sparad");
            Ok((StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response())
        }
        Err((error, status)) => {
            let view = SettingsPage {
                chrome: chrome(&state, &visitor, &stored),
                name: field("name"),
                unit: field("unit"),
                decimals: field("decimals"),
                direction: field("direction"),
                weights: weight_rows(&state, &stored, &typed_weights).await?,
                version: stored.version,
                error: Some(error),
                indicator: stored,
            };
            let response = super::render_with(status, &view);
            Ok(response)
        }
    }
}
