//! The read API: what is published, as JSON, for the municipality's website, Power BI,
//! researchers and the national data portal. It serves what the public site serves and
//! nothing else. Collections are paged with `limit` and `page` and filtered by query
//! parameters, after DIGG's REST API profile; errors are RFC 9457 problem documents;
//! any site may read (CORS). The OpenAPI 3.1 description at `/api/openapi.json`
//! (`crate::openapi`) is generated from these handlers and types.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Id, Publication};
use riktning_publish::{AssessmentPart, GoalPart, IndicatorPart, Report};
use riktning_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{PublicPage, Published, Rendered, answer, open};
use crate::extract::{Path, Query};
use crate::problem::{Problem, readable_anywhere};
use crate::{AppError, Shared};

const JSON: &str = "application/json";
/// Items per page when `limit` is left out, and the most a client may ask for.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;
/// The last page a client may ask for: far past any real collection, and it keeps
/// the number within every integer format a client may use.
pub const MAX_PAGE: u32 = 1_000_000;

/// Which page of a collection.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items per page, 1–100 (20 when left out).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The page, counted from 1 (at most 1 000 000).
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<u32>,
}

/// Links to the pages around this one.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub next: Option<String>,
    pub prev: Option<String>,
}

/// One page of a collection.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub page: u32,
    pub limit: u32,
    pub total_items: usize,
    pub total_pages: usize,
    pub links: PageLinks,
}

/// A publication without its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationSummary {
    pub id: Id,
    pub plan_id: Id,
    /// Empty for the plan published before it has results.
    pub period_id: Option<Id>,
    /// 1 for the first publication of the plan and period, then counting corrections.
    pub version: i64,
    /// What a correction corrects; empty for a first version.
    pub reason: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub published_at: String,
    /// The newer version that replaces this one, if any.
    pub replaced_by: Option<Id>,
    pub href: String,
}

/// A publication with its whole report.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationDetail {
    #[serde(flatten)]
    pub summary: PublicationSummary,
    pub report: Report,
}

/// An indicator with the goals it follows in the publication.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorEntry {
    #[serde(flatten)]
    pub indicator: IndicatorPart,
    pub goal_ids: Vec<Id>,
}

/// An approved assessment with the goal it assesses.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentEntry {
    pub goal_id: Id,
    pub goal_code: String,
    #[serde(flatten)]
    pub assessment: AssessmentPart,
}

/// Filters of the goal list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoalFilter {
    /// Only the goals directly under this goal.
    parent_id: Option<Id>,
    /// Only the council's goals (`true`) or only those under them (`false`).
    council: Option<bool>,
}

/// Filters of the indicator list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorFilter {
    /// Only indicators following this Kolada KPI, e.g. `N01951`.
    kolada_kpi: Option<String>,
    /// Only indicators of this goal.
    goal_id: Option<Id>,
}

/// Filters of the assessment list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessmentFilter {
    /// Only assessments of this goal.
    goal_id: Option<Id>,
    /// Only assessments at this level (a key of the report's `levels`).
    level: Option<String>,
}

fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    readable_anywhere(crate::problem::response(status, detail))
}

pub(crate) fn problem_of(error: AppError) -> Response {
    match error {
        AppError::NotFound(what) => problem(
            StatusCode::NOT_FOUND,
            format!("There is no {what} in what is published."),
        ),
        AppError::Store(riktning_store::StoreError::NotFound { .. }) => problem(
            StatusCode::NOT_FOUND,
            "There is no publication with that id.",
        ),
        AppError::BadRequest(detail) => problem(StatusCode::BAD_REQUEST, detail),
        other => {
            tracing::error!(error = %other, "the read API failed");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The publication could not be read; try again later.",
            )
        }
    }
}

fn summary(published: &Published, publication: &Publication) -> PublicationSummary {
    PublicationSummary {
        id: publication.id,
        plan_id: publication.plan_id,
        period_id: publication.period_id,
        version: publication.version,
        reason: publication.reason.clone(),
        published_at: publication
            .published_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        replaced_by: published.replaced_by(publication).map(|newest| newest.id),
        href: format!("/api/v1/publikationer/{}", publication.id),
    }
}

/// The page of `items` that `paging` asks for, with links that keep the query's
/// other parameters.
fn page_of<T: ToSchema>(items: Vec<T>, paging: &Paging, uri: &Uri) -> Result<Page<T>, AppError> {
    let limit = paging.limit.unwrap_or(DEFAULT_LIMIT);
    let page = paging.page.unwrap_or(1);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::BadRequest(format!(
            "limit must be between 1 and {MAX_LIMIT}."
        )));
    }
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(AppError::BadRequest(format!(
            "page is counted from 1, up to {MAX_PAGE}."
        )));
    }
    let total_items = items.len();
    let total_pages = total_items.div_ceil(limit as usize);
    let skip = (page as usize - 1).saturating_mul(limit as usize);
    let link = |page: u32| {
        let others: Vec<&str> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|pair| {
                !pair.is_empty() && !pair.starts_with("page=") && !pair.starts_with("limit=")
            })
            .collect();
        let mut query = others.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        format!("{}?{query}limit={limit}&page={page}", uri.path())
    };
    Ok(Page {
        links: PageLinks {
            this: link(page),
            next: ((page as usize) < total_pages).then(|| link(page + 1)),
            prev: (page > 1 && skip <= total_items).then(|| link(page - 1)),
        },
        items: items.into_iter().skip(skip).take(limit as usize).collect(),
        page,
        limit,
        total_items,
        total_pages,
    })
}

/// A parameter that could not be read is the client's mistake: a 400 that says which.
fn read_params<T>(params: Result<Query<T>, AppError>) -> Result<T, AppError> {
    params.map(|Query(p)| p).map_err(|_| {
        AppError::BadRequest(
            "A query parameter could not be read: limit and page are whole numbers from 1, ids are whole numbers, council is true or false."
                .to_string(),
        )
    })
}

fn read_id<T>(id: Result<Path<T>, AppError>) -> Result<T, AppError> {
    id.map(|Path(id)| id)
        .map_err(|_| AppError::BadRequest("An id is a whole number.".to_string()))
}

/// Answers with `body`, a strong `ETag` of the publication version and the address,
/// or 304 when the client has it already.
async fn json_answer<S, F>(state: &Shared<S>, headers: &HeaderMap, uri: &Uri, build: F) -> Response
where
    S: Store,
    F: AsyncFnOnce(&Published) -> Result<String, AppError>,
{
    let published = match Published::read(state).await {
        Ok(published) => published,
        Err(error) => return problem_of(error),
    };
    let tag = format!(
        "\"v{}-{:016x}\"",
        published.version,
        fnv(uri.to_string().as_bytes())
    );
    if super::client_has(headers, &tag) {
        return readable_anywhere(
            (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response(),
        );
    }
    match build(&published).await {
        Ok(body) => readable_anywhere(
            (
                [
                    (header::CONTENT_TYPE, JSON.to_string()),
                    (header::ETAG, tag),
                    (header::CACHE_CONTROL, super::CACHE_CONTROL.to_string()),
                ],
                body,
            )
                .into_response(),
        ),
        Err(error) => problem_of(error),
    }
}

/// FNV-1a: a stable hash of an address for its `ETag`, the same in every process.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value)
        .map_err(|error| AppError::Internal(format!("writing JSON: {error}")))
}

/// Every publication, newest first, without content.
#[utoipa::path(
    get,
    tag = "publications",
    path = "/api/v1/publikationer",
    params(Paging),
    responses(
        (status = 200, description = "Publications, newest first", body = Page<PublicationSummary>),
        (status = 400, description = "A parameter is wrong", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    uri: Uri,
    paging: Result<Query<Paging>, AppError>,
) -> Response {
    let paging = match read_params(paging) {
        Ok(paging) => paging,
        Err(error) => return problem_of(error),
    };
    json_answer(&state, &headers, &uri, async |published| {
        let items = published
            .list
            .iter()
            .map(|p| summary(published, p))
            .collect();
        to_json(&page_of(items, &paging, &uri)?)
    })
    .await
}

/// One publication with its whole report.
#[utoipa::path(
    get,
    tag = "publications",
    path = "/api/v1/publikationer/{id}",
    params(("id" = i64, Path, description = "The publication's id")),
    responses(
        (status = 200, description = "The publication and its report", body = PublicationDetail),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such publication", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn one<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    id: Result<Path<Id>, AppError>,
) -> Response {
    let id = match read_id(id) {
        Ok(id) => id,
        Err(error) => return problem_of(error),
    };
    let shared = state.clone();
    let answered = answer(
        &shared,
        &headers,
        PublicPage::ApiOne(id),
        move |published| async move {
            let (publication, report) = open(&state, &published, id).await?;
            let body = to_json(&PublicationDetail {
                summary: summary(&published, &publication),
                report: (*report).clone(),
            })?;
            Ok(Rendered {
                body: body.into(),
                content_type: JSON,
                document: None,
            })
        },
    )
    .await;
    match answered {
        Ok(response) => readable_anywhere(response),
        Err(error) => problem_of(error),
    }
}

/// The report of publication `id`, or a 404.
async fn report_of<S: Store>(
    state: &Shared<S>,
    published: &Published,
    id: Id,
) -> Result<std::sync::Arc<Report>, AppError> {
    Ok(open(state, published, id).await?.1)
}

/// A collection's parameters as axum extracted them: the publication's id, the
/// filter and the page, each possibly unreadable.
type CollectionParams<F> = (
    Result<Path<Id>, AppError>,
    Result<Query<F>, AppError>,
    Result<Query<Paging>, AppError>,
);

/// A collection of one publication: the parameters read (a 400 when one cannot be),
/// the items chosen from its report by `select`, and the page asked for.
async fn collection<S, F, T>(
    state: &Shared<S>,
    headers: &HeaderMap,
    uri: &Uri,
    params: CollectionParams<F>,
    select: impl FnOnce(&Report, &F) -> Vec<T>,
) -> Response
where
    S: Store,
    T: ToSchema + Serialize,
{
    let (id, filter, paging) = match (
        read_id(params.0),
        read_params(params.1),
        read_params(params.2),
    ) {
        (Ok(id), Ok(filter), Ok(paging)) => (id, filter, paging),
        (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => return problem_of(error),
    };
    json_answer(state, headers, uri, async |published| {
        let report = report_of(state, published, id).await?;
        to_json(&page_of(select(&report, &filter), &paging, uri)?)
    })
    .await
}

/// The publication's goals in document order, with their commitments, indicators
/// and approved assessments.
#[utoipa::path(
    get,
    tag = "publications",
    path = "/api/v1/publikationer/{id}/mal",
    params(("id" = i64, Path, description = "The publication's id"), GoalFilter, Paging),
    responses(
        (status = 200, description = "The goals", body = Page<GoalPart>),
        (status = 400, description = "A parameter is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such publication", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn goals<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    uri: Uri,
    id: Result<Path<Id>, AppError>,
    filter: Result<Query<GoalFilter>, AppError>,
    paging: Result<Query<Paging>, AppError>,
) -> Response {
    collection(
        &state,
        &headers,
        &uri,
        (id, filter, paging),
        |report, filter: &GoalFilter| {
            report
                .goals
                .iter()
                .filter(|g| filter.parent_id.is_none_or(|p| g.parent_id == Some(p)))
                .filter(|g| filter.council.is_none_or(|c| g.parent_id.is_none() == c))
                .cloned()
                .collect::<Vec<GoalPart>>()
        },
    )
    .await
}

/// One goal of a publication.
#[utoipa::path(
    get,
    tag = "publications",
    path = "/api/v1/publikationer/{id}/mal/{goal}",
    params(
        ("id" = i64, Path, description = "The publication's id"),
        ("goal" = i64, Path, description = "The goal's id"),
    ),
    responses(
        (status = 200, description = "The goal", body = GoalPart),
        (status = 400, description = "An id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such publication or goal", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn goal<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    uri: Uri,
    ids: Result<Path<(Id, Id)>, AppError>,
) -> Response {
    let (id, goal) = match read_id(ids) {
        Ok(ids) => ids,
        Err(error) => return problem_of(error),
    };
    json_answer(&state, &headers, &uri, async |published| {
        let report = report_of(&state, published, id).await?;
        let part = report
            .goal(goal)
            .ok_or_else(|| AppError::NotFound(format!("goal {goal}")))?;
        to_json(part)
    })
    .await
}

/// The publication's indicators, each once, with their values, targets and forecast.
#[utoipa::path(
    get,
    tag = "publications",
    path = "/api/v1/publikationer/{id}/indikatorer",
    params(("id" = i64, Path, description = "The publication's id"), IndicatorFilter, Paging),
    responses(
        (status = 200, description = "The indicators", body = Page<IndicatorEntry>),
        (status = 400, description = "A parameter is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such publication", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn indicators<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    uri: Uri,
    id: Result<Path<Id>, AppError>,
    filter: Result<Query<IndicatorFilter>, AppError>,
    paging: Result<Query<Paging>, AppError>,
) -> Response {
    collection(
        &state,
        &headers,
        &uri,
        (id, filter, paging),
        |report, filter: &IndicatorFilter| {
            let mut items: Vec<IndicatorEntry> = report
                .indicators()
                .into_iter()
                .map(|(indicator, goals)| IndicatorEntry {
                    indicator: indicator.clone(),
                    goal_ids: goals.iter().map(|g| g.id).collect(),
                })
                .collect();
            items.retain(|e| {
                filter.goal_id.is_none_or(|g| e.goal_ids.contains(&g))
                    && filter.kolada_kpi.as_deref().is_none_or(|kpi| {
                        e.indicator
                            .kolada_kpi
                            .as_deref()
                            .is_some_and(|own| own.eq_ignore_ascii_case(kpi.trim()))
                    })
            });
            items
        },
    )
    .await
}

/// The publication's approved assessments, goal by goal.
#[utoipa::path(
    get,
    tag = "publications",
    path = "/api/v1/publikationer/{id}/bedomningar",
    params(("id" = i64, Path, description = "The publication's id"), AssessmentFilter, Paging),
    responses(
        (status = 200, description = "The approved assessments", body = Page<AssessmentEntry>),
        (status = 400, description = "A parameter is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such publication", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn assessments<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    uri: Uri,
    id: Result<Path<Id>, AppError>,
    filter: Result<Query<AssessmentFilter>, AppError>,
    paging: Result<Query<Paging>, AppError>,
) -> Response {
    collection(
        &state,
        &headers,
        &uri,
        (id, filter, paging),
        |report, filter: &AssessmentFilter| {
            report
                .goals
                .iter()
                .filter(|g| filter.goal_id.is_none_or(|id| g.id == id))
                .flat_map(|g| {
                    g.assessments.iter().map(|a| AssessmentEntry {
                        goal_id: g.id,
                        goal_code: g.code.clone(),
                        assessment: a.clone(),
                    })
                })
                .filter(|e| {
                    filter
                        .level
                        .as_deref()
                        .is_none_or(|level| e.assessment.level == level)
                })
                .collect::<Vec<AssessmentEntry>>()
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::{Paging, page_of};

    #[test]
    fn pages_cut_the_collection_and_link_to_their_neighbours() {
        let uri: axum::http::Uri = "/api/v1/publikationer/1/mal?council=true&page=2&limit=2"
            .parse()
            .expect("uri");
        let paging = Paging {
            limit: Some(2),
            page: Some(2),
        };
        let page = page_of((1..=5).collect::<Vec<i64>>(), &paging, &uri).expect("page");
        assert_eq!(page.items, vec![3, 4]);
        assert_eq!((page.total_items, page.total_pages), (5, 3));
        assert_eq!(
            page.links.next.as_deref(),
            Some("/api/v1/publikationer/1/mal?council=true&limit=2&page=3")
        );
        assert_eq!(
            page.links.prev.as_deref(),
            Some("/api/v1/publikationer/1/mal?council=true&limit=2&page=1")
        );
        let beyond = Paging {
            limit: Some(2),
            page: Some(super::MAX_PAGE),
        };
        let empty = page_of((1..=5).collect::<Vec<i64>>(), &beyond, &uri).expect("empty");
        assert!(empty.items.is_empty() && empty.links.next.is_none());
        for bad in [
            (Some(0), None),
            (Some(101), None),
            (None, Some(0)),
            (None, Some(super::MAX_PAGE + 1)),
        ] {
            let paging = Paging {
                limit: bad.0,
                page: bad.1,
            };
            assert!(page_of(vec![1_i64], &paging, &uri).is_err(), "{bad:?}");
        }
    }
}
