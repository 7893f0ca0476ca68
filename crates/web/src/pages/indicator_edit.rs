//! Adding an indicator to a goal: a Kolada KPI found by search (results as you type
//! with JavaScript, by a normal form submission without), or one kept by hand, with
//! its target.

use std::sync::{Arc, LazyLock, Mutex};

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{
    Change, Comparator, Direction, Goal, GoalLink, Id, IndicatorSource, NewIndicator, NewTarget,
    decimals_needed,
};
use riktning_kolada::{Kpi, SearchIndex};
use riktning_store::{ObservationQuery, Store};
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, render};
use crate::extract::{Form, Path, Query};
use crate::policy::{Owners, authorize_change};
use crate::{AppError, Shared, Visitor};

/// The search index over the tenant's KPI catalogue. Building it means reading the
/// whole catalogue, too much for every keystroke, so it is kept for a few minutes; a
/// catalogue import (from the command line) shows in search after that.
const INDEX_LIFETIME: std::time::Duration = std::time::Duration::from_secs(300);

/// The index with the tenant it was built for and when.
type CachedIndex = Option<(Id, std::time::Instant, Arc<SearchIndex>)>;

static INDEX: LazyLock<Mutex<CachedIndex>> = LazyLock::new(|| Mutex::new(None));

async fn search_index<S: Store>(state: &Shared<S>) -> Result<Arc<SearchIndex>, AppError> {
    if let Ok(cached) = INDEX.lock()
        && let Some((tenant, built, index)) = cached.as_ref()
        && *tenant == state.tenant.id
        && built.elapsed() < INDEX_LIFETIME
    {
        return Ok(index.clone());
    }
    let catalogue = state.store.kpi_catalogue(state.tenant.id).await?;
    let kpis: Vec<Kpi> = catalogue.iter().map(Kpi::from).collect();
    let index = Arc::new(SearchIndex::new(&kpis));
    if let Ok(mut cached) = INDEX.lock() {
        *cached = Some((state.tenant.id, std::time::Instant::now(), index.clone()));
    }
    Ok(index)
}

pub struct Hit {
    pub id: String,
    pub title: String,
    pub chosen: bool,
}

#[derive(Template)]
#[template(path = "kpi_results.html")]
struct Results {
    lang: crate::i18n::Lang,
    query: String,
    hits: Vec<Hit>,
}

impl Results {
    fn t(&self, key: &str) -> &'static str {
        crate::i18n::text(self.lang, key)
    }
}

/// What the person typed, kept when a save is refused.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Typed {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    kpi: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    decimals: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    weight: String,
    #[serde(default)]
    target_year: String,
    #[serde(default)]
    target_value: String,
}

#[derive(Template)]
#[template(path = "indicator_form.html")]
struct IndicatorForm {
    chrome: Chrome,
    goal: Goal,
    typed: Typed,
    results: Results,
    errors: Vec<(String, String)>,
}

impl super::FieldErrors for IndicatorForm {
    fn errors(&self) -> &[(String, String)] {
        self.errors.as_slice()
    }
}

impl IndicatorForm {
    /// Nothing is ticked until the user chooses: for sick leave lower is better, and
    /// a silent default would judge it the wrong way round.
    fn direction_is(&self, value: &str) -> bool {
        self.typed.direction == value
    }
}

async fn results<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    query: &str,
    chosen: &str,
) -> Result<Results, AppError> {
    let hits = if query.trim().is_empty() {
        Vec::new()
    } else {
        search_index(state)
            .await?
            .search(query, 10)
            .into_iter()
            .map(|hit| Hit {
                chosen: hit.id == chosen,
                id: hit.id,
                title: hit.title,
            })
            .collect()
    };
    Ok(Results {
        lang: visitor.lang,
        query: query.to_string(),
        hits,
    })
}

async fn form_page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    goal: Goal,
    typed: Typed,
    errors: Vec<(String, String)>,
) -> Result<IndicatorForm, AppError> {
    let results = results(state, visitor, &typed.q, &typed.kpi).await?;
    Ok(IndicatorForm {
        chrome: Chrome::new(
            state,
            visitor,
            "goals",
            format!(
                "{} {}",
                crate::i18n::text(visitor.lang, "indicator-add"),
                goal.code
            ),
            format!("/arbeta/mal/{}/indikator", goal.id),
        )
        .with_trail(super::goal_trail(visitor.lang, &goal)),
        goal,
        typed,
        results,
        errors,
    })
}

pub async fn form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(goal_id): Path<Id>,
    Query(typed): Query<Typed>,
) -> Result<Response, AppError> {
    let goal = state.store.goal(state.tenant.id, goal_id).await?;
    authorize_change(&visitor.user, &Owners::of_goal(&goal))?;
    Ok(render(
        &form_page(&state, &visitor, goal, typed, Vec::new()).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// The result list alone, for the script that shows results as you type.
pub async fn search<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    crate::policy::authorize(&visitor.user, crate::policy::Action::View)?;
    Ok(render(&results(&state, &visitor, &query.q, "").await?))
}

/// Fields to fix, each with the catalogue key of its message.
type FieldMessages = Vec<(String, String)>;

/// The form's values, or the fields that need fixing.
fn parse(
    typed: &Typed,
    goal: Id,
    catalogue_title: Option<String>,
    values_decimals: i32,
) -> Result<(NewIndicator, Option<(i32, f64)>), FieldMessages> {
    let mut errors = Vec::new();
    let kpi = Some(typed.kpi.trim().to_string()).filter(|k| !k.is_empty());
    let name = Some(typed.name.trim().to_string())
        .filter(|n| !n.is_empty())
        .or(catalogue_title);
    if name.is_none() {
        errors.push(("name".to_string(), "indicator-needs-name".to_string()));
    }
    let weight = if typed.weight.trim().is_empty() {
        Some(1.0)
    } else {
        super::parse_number(&typed.weight)
    };
    if weight.is_none_or(|w| w <= 0.0) {
        errors.push(("weight".to_string(), "indicator-bad-weight".to_string()));
    }
    // Left empty, the decimals follow the typed target and the KPI's stored values
    // (`values_decimals`), so that 12,5 is never shown as 12.
    let decimals = match typed.decimals.trim() {
        "" => Some(values_decimals.max(decimals_of(typed.target_value.trim()))),
        text => text.parse::<i32>().ok().filter(|d| (0..=6).contains(d)),
    };
    if decimals.is_none() {
        errors.push(("decimals".to_string(), "indicator-bad-decimals".to_string()));
    }
    let direction = match typed.direction.as_str() {
        "higher_is_better" => Some(Direction::HigherIsBetter),
        "lower_is_better" => Some(Direction::LowerIsBetter),
        _ => {
            errors.push((
                "direction".to_string(),
                "indicator-choose-direction".to_string(),
            ));
            None
        }
    };
    let target = match (typed.target_year.trim(), typed.target_value.trim()) {
        ("", "") => None,
        (year, value) => match (year.parse::<i32>().ok(), super::parse_number(value)) {
            (Some(year), Some(value)) if (2000..=2100).contains(&year) => Some((year, value)),
            _ => {
                errors.push(("target".to_string(), "indicator-bad-target".to_string()));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        NewIndicator {
            name: name.unwrap_or_default(),
            unit: Some(typed.unit.trim().to_string()).filter(|u| !u.is_empty()),
            decimals: decimals.unwrap_or_default(),
            direction: direction.unwrap_or(Direction::HigherIsBetter),
            band_low: None,
            band_high: None,
            source: if kpi.is_some() {
                IndicatorSource::Kolada
            } else {
                IndicatorSource::Manual
            },
            kolada_kpi: kpi,
            divided_by_gender: false,
            responsible_unit: None,
            goals: vec![GoalLink {
                goal_id: goal,
                weight: weight.unwrap_or(1.0),
            }],
        },
        target,
    ))
}

pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(goal_id): Path<Id>,
    Form(typed): Form<Typed>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&typed.csrf)?;
    let tenant = state.tenant.id;
    let goal = state.store.goal(tenant, goal_id).await?;
    authorize_change(&visitor.user, &Owners::of_goal(&goal))?;
    let catalogue_entry = match typed.kpi.trim() {
        "" => None,
        id => state
            .store
            .kpi_catalogue(tenant)
            .await?
            .into_iter()
            .find(|k| k.id == id),
    };
    let lang = visitor.lang;
    let refuse = |errors: Vec<(String, String)>| async {
        let errors = errors
            .into_iter()
            .map(|(field, key)| (field, crate::i18n::text(lang, &key).to_string()))
            .collect();
        let response = super::render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, &visitor, goal.clone(), typed.clone(), errors).await?,
        );
        Ok::<Response, AppError>(response)
    };
    if !typed.kpi.trim().is_empty() && catalogue_entry.is_none() {
        return refuse(vec![(
            "kpi".to_string(),
            "indicator-unknown-kpi".to_string(),
        )])
        .await;
    }
    if let Some(kpi) = &catalogue_entry {
        let followed = state.store.indicators_for_goal(tenant, goal.id).await?;
        if followed
            .iter()
            .any(|i| i.kolada_kpi.as_deref() == Some(kpi.id.as_str()))
        {
            return refuse(vec![(
                "kpi".to_string(),
                "indicator-kpi-on-goal".to_string(),
            )])
            .await;
        }
    }
    let values_decimals = match &catalogue_entry {
        Some(kpi) => {
            let values = state
                .store
                .observations(
                    tenant,
                    &ObservationQuery {
                        areas: vec![state.tenant.kolada_id.clone()],
                        ..ObservationQuery::series(kpi.id.clone())
                    },
                )
                .await?;
            values
                .iter()
                .filter_map(|o| o.value)
                .map(|value| decimals_needed(value, 3))
                .max()
                .map_or(0, |d| d as i32)
        }
        None => 0,
    };
    let (mut new, target) = match parse(
        &typed,
        goal.id,
        catalogue_entry.as_ref().map(|k| k.title.clone()),
        values_decimals,
    ) {
        Ok(parsed) => parsed,
        Err(errors) => return refuse(errors).await,
    };
    new.divided_by_gender = catalogue_entry.is_some_and(|k| k.divided_by_gender);
    let change = Change::by(&visitor.user.username);
    let indicator = match state.store.create_indicator(tenant, &new, &change).await {
        Ok(indicator) => indicator,
        Err(error) => {
            let (error, status) = super::refused_save(error, lang, "name")?;
            let response = super::render_with(
                status,
                &form_page(&state, &visitor, goal.clone(), typed.clone(), vec![error]).await?,
            );
            return Ok(response);
        }
    };
    if let Some((year, value)) = target {
        state
            .store
            .create_target(
                tenant,
                &NewTarget {
                    indicator_id: indicator.id,
                    year,
                    comparator: match new.direction {
                        Direction::LowerIsBetter => Comparator::AtMost,
                        _ => Comparator::AtLeast,
                    },
                    value,
                    base_year: None,
                    base_value: None,
                    is_final: true,
                    text_target_id: None,
                },
                &change,
            )
            .await?;
    }
    Ok((
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            super::done::to(&format!("/arbeta/mal/{}", goal.id), "indikator-tillagd"),
        )],
    )
        .into_response())
}

/// The decimals a typed number shows ("12,5" has 1), at most 6.
fn decimals_of(text: &str) -> i32 {
    text.rsplit_once([',', '.']).map_or(0, |(_, fraction)| {
        fraction
            .chars()
            .take_while(char::is_ascii_digit)
            .count()
            .min(6) as i32
    })
}

#[cfg(test)]
mod tests {
    use super::decimals_of;

    #[test]
    fn decimals_follow_what_was_typed() {
        assert_eq!(decimals_of("12,5"), 1);
        assert_eq!(decimals_of("75 000"), 0);
        assert_eq!(decimals_of("0.125"), 3);
        assert_eq!(decimals_of(""), 0);
    }
}
