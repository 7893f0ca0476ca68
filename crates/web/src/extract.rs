//! The workspace's own `Form`, `Path` and `Query` extractors: axum's, with a
//! rejection that is an [`AppError`] page saying in Swedish (or English) what was
//! wrong and what to do, instead of the framework's plain-text message.

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::AppError;
use crate::i18n::{Lang, text};

/// A form body (`application/x-www-form-urlencoded`, or the query string of a GET).
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

/// The parameters in the address's path, such as the id in `/arbeta/mal/{id}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

/// The address's query string.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(request, state)
            .await
            .map(|axum::Form(value)| Form(value))
            .map_err(form_rejection)
    }
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(path_rejection)
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(query_rejection)
    }
}

/// Text from outside, shortened for a page: at most 60 characters.
fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(60).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// Splits serde's "field: problem" into the field's name and the problem.
fn field_and_problem(detail: &str) -> (Option<String>, String) {
    match detail.split_once(": ") {
        Some((field, problem))
            if !field.is_empty()
                && field
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']')) =>
        {
            (Some(clip(field)), clip(problem))
        }
        _ => (None, clip(detail)),
    }
}

/// Quotes text from the request the way each language does.
fn quoted(lang: Lang, value: &str) -> String {
    match lang {
        Lang::Sv => format!("”{value}”"),
        Lang::En => format!("“{value}”"),
    }
}

/// A rejection with the catalogue's message `key`, followed in each language by
/// `detail` (what was wrong, from the request), if any.
fn rejected(status: StatusCode, key: &str, detail: impl Fn(Lang) -> Option<String>) -> AppError {
    let say = |lang: Lang| match detail(lang) {
        Some(detail) => format!("{} {detail}", text(lang, key)),
        None => text(lang, key).to_string(),
    };
    AppError::Rejected {
        status,
        sv: say(Lang::Sv),
        en: say(Lang::En),
    }
}

/// The part of serde's message after axum's own prefix ("Failed to …: ").
fn serde_detail(body_text: &str) -> &str {
    body_text
        .split_once(": ")
        .map_or(body_text, |(_, rest)| rest)
}

fn form_rejection(rejection: FormRejection) -> AppError {
    let status = rejection.status();
    let unreadable = match &rejection {
        FormRejection::FailedToDeserializeForm(error) => Some(error.body_text()),
        FormRejection::FailedToDeserializeFormBody(error) => Some(error.body_text()),
        _ => None,
    };
    if let Some(body_text) = unreadable {
        let (field, problem) = field_and_problem(serde_detail(&body_text));
        return match field {
            Some(field) => rejected(
                StatusCode::UNPROCESSABLE_ENTITY,
                "reject-form-field",
                |lang| Some(format!("{} ({problem}).", quoted(lang, &field))),
            ),
            None => rejected(StatusCode::UNPROCESSABLE_ENTITY, "reject-form", |_| {
                Some(format!("({problem})."))
            }),
        };
    }
    match rejection {
        FormRejection::InvalidFormContentType(_) => rejected(status, "error-media-type", |_| None),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
            rejected(status, "error-too-large", |_| None)
        }
        _ => rejected(StatusCode::BAD_REQUEST, "reject-form-incomplete", |_| None),
    }
}

fn path_rejection(rejection: PathRejection) -> AppError {
    let value = match &rejection {
        PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
            axum::extract::path::ErrorKind::ParseErrorAtKey { value, .. }
            | axum::extract::path::ErrorKind::ParseErrorAtIndex { value, .. }
            | axum::extract::path::ErrorKind::ParseError { value, .. } => Some(clip(value)),
            _ => None,
        },
        _ => None,
    };
    match value {
        Some(value) => rejected(StatusCode::NOT_FOUND, "reject-path-value", |lang| {
            Some(format!("{}.", quoted(lang, &value)))
        }),
        None => rejected(StatusCode::NOT_FOUND, "error-not-found", |_| None),
    }
}

fn query_rejection(rejection: QueryRejection) -> AppError {
    let body_text = rejection.body_text();
    let (field, problem) = field_and_problem(serde_detail(&body_text));
    let field = field.unwrap_or_else(|| "?".to_string());
    rejected(StatusCode::UNPROCESSABLE_ENTITY, "reject-query", |lang| {
        Some(format!("{} ({problem}).", quoted(lang, &field)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_split_into_field_and_problem() {
        assert_eq!(
            field_and_problem("unit: cannot parse integer from empty string"),
            (
                Some("unit".to_string()),
                "cannot parse integer from empty string".to_string()
            )
        );
        assert_eq!(
            field_and_problem("missing field `x`"),
            (None, "missing field `x`".to_string())
        );
        assert_eq!(clip(&"å".repeat(1000)).chars().count(), 61);
    }
}
