//! RFC 9457 problem documents: how every API answer says what went wrong, whether the
//! read API, the write API or an address under `/api/` that does not exist.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What was wrong, and what to do.
    pub detail: String,
}

fn body(status: StatusCode, detail: String) -> String {
    serde_json::to_string(&Problem {
        kind: "about:blank".to_string(),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail,
    })
    .unwrap_or_default()
}

/// A problem answer with `status` and what to do in `detail`.
pub fn response(status: StatusCode, detail: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, PROBLEM_JSON)],
        body(status, detail.into()),
    )
        .into_response()
}

/// The problem document for an error status that reached an API address without one
/// (an unknown address, a method that is not served, a body over the limit).
pub fn body_for_status(status: StatusCode) -> String {
    let detail = match status {
        StatusCode::NOT_FOUND => "There is nothing at this address; see /api/openapi.json.",
        StatusCode::METHOD_NOT_ALLOWED => {
            "This address does not take that method; see /api/openapi.json."
        }
        StatusCode::PAYLOAD_TOO_LARGE => "The request is too large.",
        _ => "The request could not be answered.",
    };
    body(status, detail.to_string())
}

/// Reading is open to any site.
pub fn readable_anywhere(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}
