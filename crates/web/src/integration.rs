//! The write API for integrations, with personal tokens (`Authorization: Bearer …`,
//! made under *Konto → API-nycklar*). A token acts as its user, with its own role and
//! unit scope when they are narrower ([`ApiToken::acting_as`]), and every request is
//! authorised by the same rules as the workspace (`crate::policy`).
//!
//! - `POST /api/v1/indikatorer/{id}/varden`: a manual indicator's values, as JSON or
//!   as CSV with Swedish decimals;
//! - `GET /api/v1/arbete/perioder/{id}/bedomningar`: a period's assessments in every
//!   state, drafts included, which the public API never shows.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{
    ApiToken, Change, Gender, Id, Indicator, IndicatorSource, Observation, ObservationSource, User,
};
use riktning_store::{AssessmentQuery, ObservationWriter, Store, StoreError, StoreRead};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::extract::Path;
use crate::policy::{Action, allows, allows_change, indicator_owners};
use crate::problem::Problem;
use crate::{AppError, Shared};

/// The largest body of a push of values: room for thousands of rows.
pub const VALUES_BODY_LIMIT: usize = 1024 * 1024;
/// Values in one push, at most.
pub const MAX_VALUES: usize = 5000;
/// Tokens start with this, so that a leaked one is recognised by secret scanners.
pub const TOKEN_PREFIX: &str = "rkt_";

fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    let mut response = crate::problem::response(status, detail);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"riktning\""),
        );
    }
    response
}

fn store_problem(error: StoreError) -> Response {
    match error {
        StoreError::NotFound { .. } => problem(StatusCode::NOT_FOUND, error.to_string()),
        StoreError::Invalid { .. } | StoreError::Duplicate(_) => {
            problem(StatusCode::UNPROCESSABLE_ENTITY, error.to_string())
        }
        StoreError::Conflict { .. } => problem(StatusCode::CONFLICT, error.to_string()),
        other => {
            tracing::error!(error = %other, "the write API failed");
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "The values could not be saved just now; nothing was saved. Try again.",
            )
        }
    }
}

/// The token in the request and the user it acts as, or the 401 that says why not.
async fn caller<S: Store>(
    state: &Shared<S>,
    headers: &HeaderMap,
) -> Result<(ApiToken, User), Response> {
    let refuse = |detail: &str| problem(StatusCode::UNAUTHORIZED, detail);
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| t.starts_with(TOKEN_PREFIX) && t.len() <= 128)
        .ok_or_else(|| {
            refuse("Send a personal API token as `Authorization: Bearer rkt_…`; make one under Konto → API-nycklar.")
        })?;
    let hash = crate::auth::token_hash(secret);
    let mut read = state.store.reader().await.map_err(store_problem)?;
    let found = async {
        let Some(token) = read.api_token(&hash).await? else {
            return Ok(None);
        };
        if token.tenant != state.tenant.id {
            return Ok(None);
        }
        let owner = read.user(token.tenant, token.user_id).await?;
        Ok::<_, StoreError>(Some((token, owner)))
    }
    .await;
    read.finish().await.map_err(store_problem)?;
    match found.map_err(store_problem)? {
        Some((token, owner)) if !owner.disabled => {
            let acting = token.acting_as(&owner);
            Ok((token, acting))
        }
        _ => Err(refuse(
            "The token is unknown, revoked, or its user is disabled.",
        )),
    }
}

/// One value of a manual indicator.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ValueIn {
    /// The year the value refers to, 1900–2200.
    #[schema(minimum = 1900, maximum = 2200)]
    #[serde(deserialize_with = "whole_number")]
    pub year: i32,
    pub value: f64,
    /// `T` (everyone, the default), `K` (women) or `M` (men); the last two only for
    /// an indicator divided by gender.
    #[serde(default)]
    #[schema(pattern = "^[TKM]?$")]
    pub gender: Option<String>,
}

/// A year as JSON may write it: `2024` or `2024.0`, which JSON Schema also counts as
/// an integer.
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let number = f64::deserialize(deserializer)?;
    if number.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&number) {
        // Whole and within i32: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        Ok(number as i32)
    } else {
        Err(serde::de::Error::custom(format!(
            "the year {number} is not a whole number"
        )))
    }
}

/// A push of values as JSON.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ValuesIn {
    /// At most 5 000 values.
    #[schema(min_items = 1, max_items = 5000)]
    pub values: Vec<ValueIn>,
}

/// What a push saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValuesSaved {
    pub indicator_id: Id,
    /// How many values were written: added, corrected, or the same as stored.
    pub saved: usize,
}

/// Reads CSV rows `år;värde[;kön]` with Swedish decimals ("12,5", "64 979"); a first
/// line that names the columns is skipped.
fn parse_csv(body: &str) -> Result<Vec<ValueIn>, String> {
    let mut values = Vec::new();
    for (index, line) in body.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        if index == 0 && fields[0].chars().any(char::is_alphabetic) {
            continue;
        }
        let row = index + 1;
        if !(2..=3).contains(&fields.len()) {
            return Err(format!(
                "row {row}: write year;value or year;value;gender, separated by semicolons"
            ));
        }
        let year = fields[0]
            .parse::<i32>()
            .map_err(|_| format!("row {row}: the year '{}' is not a whole number", fields[0]))?;
        let value = crate::pages::parse_number(fields[1])
            .ok_or_else(|| format!("row {row}: the value '{}' is not a number", fields[1]))?;
        values.push(ValueIn {
            year,
            value,
            gender: fields.get(2).map(|g| g.to_string()),
        });
    }
    Ok(values)
}

/// Checks every value against the indicator; the first problem refuses the whole push.
fn observations(
    indicator: &Indicator,
    area: &str,
    values: &[ValueIn],
) -> Result<Vec<Observation>, String> {
    if values.is_empty() {
        return Err("there are no values to save".to_string());
    }
    if values.len() > MAX_VALUES {
        return Err(format!(
            "at most {MAX_VALUES} values in one request; split the push"
        ));
    }
    let now = OffsetDateTime::now_utc();
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let n = index + 1;
            if !(1900..=2200).contains(&value.year) {
                return Err(format!(
                    "value {n}: the year {} is outside 1900–2200",
                    value.year
                ));
            }
            if !value.value.is_finite() {
                return Err(format!("value {n}: not a finite number"));
            }
            let gender = match value.gender.as_deref().map(str::trim) {
                None | Some("") | Some("T") => Gender::Total,
                Some("K") if indicator.divided_by_gender => Gender::Women,
                Some("M") if indicator.divided_by_gender => Gender::Men,
                Some(other) => {
                    return Err(format!(
                        "value {n}: the gender '{other}' is not one of this indicator's (T{})",
                        if indicator.divided_by_gender {
                            ", K, M"
                        } else {
                            ""
                        }
                    ));
                }
            };
            Ok(Observation {
                series: indicator.series_key(),
                area: area.to_string(),
                period: value.year,
                gender,
                value: Some(value.value),
                status: None,
                count: None,
                source: ObservationSource::Manual,
                fetched_at: now,
                published: None,
            })
        })
        .collect()
}

/// Adds or corrects a manual indicator's values, all or none.
#[utoipa::path(
    post,
    tag = "integration",
    path = "/api/v1/indikatorer/{id}/varden",
    params(("id" = i64, Path, description = "The indicator's id")),
    request_body(
        description = "JSON (`{\"values\": [{\"year\": 2024, \"value\": 12.5}]}`) or CSV (`text/csv`): `år;värde[;kön]` per row, Swedish decimals",
        content(
            (ValuesIn = "application/json"),
            (String = "text/csv"),
        ),
    ),
    responses(
        (status = 200, description = "Saved, on the audit trail", body = ValuesSaved),
        (status = 400, description = "The body cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's user may not change this indicator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such indicator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The indicator takes its values from Kolada", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither JSON nor CSV", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value is wrong; nothing was saved", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn push_values<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    id: Result<Path<Id>, AppError>,
    body: Bytes,
) -> Response {
    let (token, user) = match caller(&state, &headers).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let Ok(Path(id)) = id else {
        return problem(StatusCode::BAD_REQUEST, "An id is a whole number.");
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let Ok(text) = std::str::from_utf8(&body) else {
        return problem(StatusCode::BAD_REQUEST, "The body is not UTF-8 text.");
    };
    let values = if content_type.starts_with("application/json") {
        match serde_json::from_str::<ValuesIn>(text) {
            Ok(parsed) => parsed.values,
            Err(error) => {
                return problem(
                    StatusCode::BAD_REQUEST,
                    format!("The JSON cannot be read: {error}"),
                );
            }
        }
    } else if content_type.starts_with("text/csv") {
        match parse_csv(text) {
            Ok(values) => values,
            Err(detail) => return problem(StatusCode::BAD_REQUEST, detail),
        }
    } else {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send application/json or text/csv.",
        );
    };
    let indicator = match state.store.indicator(state.tenant.id, id).await {
        Ok(indicator) => indicator,
        Err(error) => return store_problem(error),
    };
    // The same rule as the workspace's Värden page, in the same place.
    let owners = match indicator_owners(&state.store, state.tenant.id, &indicator).await {
        Ok(owners) => owners,
        Err(AppError::Store(error)) => return store_problem(error),
        Err(error) => {
            tracing::error!(%error, "reading an indicator's owners");
            return problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "The indicator could not be read just now; nothing was saved. Try again.",
            );
        }
    };
    if !allows_change(&user, &owners) {
        tracing::info!(user = %user.username, token = token.id, indicator = id, "refused by ownership");
        return problem(
            StatusCode::FORBIDDEN,
            "The token's user may not change this indicator's values.",
        );
    }
    if indicator.source == IndicatorSource::Kolada {
        return problem(
            StatusCode::CONFLICT,
            "This indicator takes its values from Kolada; only manual indicators take values here.",
        );
    }
    let observations = match observations(&indicator, &state.tenant.kolada_id, &values) {
        Ok(observations) => observations,
        Err(detail) => {
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{detail}; nothing was saved."),
            );
        }
    };
    let change = Change::by(&user.username).because(format!("API-nyckel: {}", token.name));
    let saved = async {
        let mut writer = state
            .store
            .observation_writer(state.tenant.id, &change)
            .await?;
        writer.write(&observations).await?;
        writer.commit().await
    }
    .await;
    match saved {
        Ok(_) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&ValuesSaved {
                indicator_id: id,
                saved: observations.len(),
            })
            .unwrap_or_default(),
        )
            .into_response(),
        Err(error) => store_problem(error),
    }
}

/// An assessment as the workspace holds it, in any state.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftAssessment {
    pub id: Id,
    pub goal_id: Id,
    pub org_unit_id: Id,
    pub level: String,
    /// `draft`, `submitted`, `returned` or `approved`.
    pub state: String,
    /// Markdown.
    pub analysis: String,
    /// Markdown.
    pub actions: String,
    pub deviation_reason: Option<String>,
    pub return_comment: Option<String>,
    pub version: i64,
}

/// A period's assessments in every state, for the token's user to read.
#[utoipa::path(
    get,
    tag = "integration",
    path = "/api/v1/arbete/perioder/{id}/bedomningar",
    params(("id" = i64, Path, description = "The period's id")),
    responses(
        (status = 200, description = "The assessments", body = Vec<DraftAssessment>),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token may not read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such period", body = Problem, content_type = "application/problem+json"),
    ),
    security(("token" = []))
)]
pub async fn draft_assessments<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    id: Result<Path<Id>, AppError>,
) -> Response {
    let (token, user) = match caller(&state, &headers).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let Ok(Path(id)) = id else {
        return problem(StatusCode::BAD_REQUEST, "An id is a whole number.");
    };
    if !allows(&user, Action::View) {
        return problem(StatusCode::FORBIDDEN, "The token may not read.");
    }
    let tenant = state.tenant.id;
    let read = async {
        let mut read = state.store.reader().await?;
        let found = async {
            read.period(tenant, id).await?;
            read.assessments(
                tenant,
                &AssessmentQuery {
                    period: Some(id),
                    ..AssessmentQuery::default()
                },
            )
            .await
        }
        .await;
        read.finish().await?;
        found
    }
    .await;
    match read {
        Ok(assessments) => {
            // A token limited to a unit reads that unit's assessments only.
            let items: Vec<DraftAssessment> = assessments
                .into_iter()
                .filter(|a| token.unit_id.is_none() || user.units.contains(&a.org_unit_id))
                .map(|a| DraftAssessment {
                    id: a.id,
                    goal_id: a.goal_id,
                    org_unit_id: a.org_unit_id,
                    level: a.level,
                    state: a.state.as_str().to_string(),
                    analysis: a.analysis,
                    actions: a.actions,
                    deviation_reason: a.deviation_reason,
                    return_comment: a.return_comment,
                    version: a.version,
                })
                .collect();
            (
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::to_string(&items).unwrap_or_default(),
            )
                .into_response()
        }
        Err(error) => store_problem(error),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_csv;

    #[test]
    fn a_year_may_be_written_as_a_whole_float() {
        let value: super::ValueIn =
            serde_json::from_str(r#"{"year": 2024.0, "value": 1}"#).expect("2024.0");
        assert_eq!(value.year, 2024);
        assert!(serde_json::from_str::<super::ValueIn>(r#"{"year": 2024.5, "value": 1}"#).is_err());
        assert!(serde_json::from_str::<super::ValueIn>(r#"{"year": 1e300, "value": 1}"#).is_err());
    }

    #[test]
    fn csv_takes_swedish_decimals_and_an_optional_header() {
        let values = parse_csv("år;värde;kön\n2023;12,5\n2024; 64 979 ;K\n\n").expect("csv");
        assert_eq!(values.len(), 2);
        assert_eq!((values[0].year, values[0].value), (2023, 12.5));
        assert_eq!(values[1].value, 64979.0);
        assert_eq!(values[1].gender.as_deref(), Some("K"));
        assert!(parse_csv("2024;tolv").is_err());
        assert!(parse_csv("2024").is_err());
        assert!(
            parse_csv("2024,5").is_err(),
            "a comma is a decimal, not a separator"
        );
    }
}
