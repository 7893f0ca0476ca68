//! The read API: the publications as JSON, for the municipality's website, Power BI,
//! researchers and the national data portal. It serves what the public site serves
//! and nothing else; errors are RFC 9457 problem documents.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Id, format_stockholm};
use riktning_store::Store;
use serde_json::json;

use super::{PublicPage, Rendered, answer, open};
use crate::extract::Path;
use crate::{AppError, Shared};

const JSON: &str = "application/json";

fn json_body(value: &serde_json::Value) -> Result<Rendered, AppError> {
    let body = serde_json::to_string(value)
        .map_err(|error| AppError::Internal(format!("writing JSON: {error}")))?;
    Ok(Rendered {
        body: body.into(),
        content_type: JSON,
    })
}

/// Reading is open to any site.
fn readable_anywhere(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// An RFC 9457 problem document.
fn problem(status: StatusCode, title: &str, detail: String) -> Response {
    let body = json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    readable_anywhere(
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response(),
    )
}

fn problem_of(error: AppError) -> Response {
    match error {
        AppError::NotFound(_) | AppError::Store(riktning_store::StoreError::NotFound { .. }) => {
            problem(
                StatusCode::NOT_FOUND,
                "Not Found",
                "There is no publication with that id.".to_string(),
            )
        }
        other => {
            tracing::error!(error = %other, "the read API failed");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                "The publication could not be read; try again later.".to_string(),
            )
        }
    }
}

/// `GET /api/v1/publikationer`: every publication, newest first, without content.
pub async fn list<S: Store>(State(state): State<Shared<S>>, headers: HeaderMap) -> Response {
    let answered = answer(
        &state,
        &headers,
        PublicPage::ApiList,
        move |published| async move {
            let items: Vec<serde_json::Value> = published
                .list
                .iter()
                .map(|p| {
                    json!({
                        "id": p.id,
                        "plan_id": p.plan_id,
                        "period_id": p.period_id,
                        "version": p.version,
                        "reason": p.reason,
                        "published_at": format_stockholm(p.published_at),
                        "replaced_by": published.replaced_by(p).map(|newest| newest.id),
                        "href": format!("/api/v1/publikationer/{}", p.id),
                    })
                })
                .collect();
            json_body(&json!({ "items": items }))
        },
    )
    .await;
    match answered {
        Ok(response) => readable_anywhere(response),
        Err(error) => problem_of(error),
    }
}

/// `GET /api/v1/publikationer/{id}`: one publication with its whole report.
pub async fn one<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    id: Result<Path<Id>, AppError>,
) -> Response {
    let Ok(Path(id)) = id else {
        return problem(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            "A publication's id is a whole number.".to_string(),
        );
    };
    let shared = state.clone();
    let answered = answer(
        &shared,
        &headers,
        PublicPage::ApiOne(id),
        move |published| async move {
            let (publication, report) = open(&state, &published, id).await?;
            json_body(&json!({
                "id": publication.id,
                "version": publication.version,
                "reason": publication.reason,
                "published_at": format_stockholm(publication.published_at),
                "replaced_by": published.replaced_by(&publication).map(|newest| newest.id),
                "report": &*report,
            }))
        },
    )
    .await;
    match answered {
        Ok(response) => readable_anywhere(response),
        Err(error) => problem_of(error),
    }
}
