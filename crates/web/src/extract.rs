//! The workspace's own `Form`, `Path` and `Query` extractors: axum's, with a
//! rejection that is an [`AppError`] page saying in Swedish (or English) what was
//! wrong and what to do, instead of the framework's plain-text message.

use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::AppError;

/// A form body (`application/x-www-form-urlencoded`, or the query string of a GET).
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

/// The parameters in the address's path, such as the id in `/mal/{id}`.
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

fn rejected(status: StatusCode, sv: String, en: String) -> AppError {
    AppError::Rejected { status, sv, en }
}

fn form_rejection(rejection: FormRejection) -> AppError {
    let status = rejection.status();
    let unreadable = match &rejection {
        FormRejection::FailedToDeserializeForm(error) => Some(error.body_text()),
        FormRejection::FailedToDeserializeFormBody(error) => Some(error.body_text()),
        _ => None,
    };
    if let Some(text) = unreadable {
        let detail = text
            .split_once(": ")
            .map_or(text.as_str(), |(_, rest)| rest);
        let (field, problem) = field_and_problem(detail);
        let (sv, en) = match field {
            Some(field) => (
                format!(
                    "Formuläret kunde inte läsas: fältet ”{field}” har ett värde som inte går att tolka ({problem}). Gå tillbaka, rätta fältet och skicka formuläret igen."
                ),
                format!(
                    "The form could not be read: the field “{field}” has a value that cannot be understood ({problem}). Go back, correct the field and send the form again."
                ),
            ),
            None => (
                format!(
                    "Formuläret kunde inte läsas ({problem}). Gå tillbaka, kontrollera fälten och skicka formuläret igen."
                ),
                format!(
                    "The form could not be read ({problem}). Go back, check the fields and send the form again."
                ),
            ),
        };
        return rejected(StatusCode::UNPROCESSABLE_ENTITY, sv, en);
    }
    match rejection {
        FormRejection::InvalidFormContentType(_) => rejected(
            status,
            "Formuläret skickades i ett format som inte stöds. Ladda om sidan och skicka formuläret därifrån.".to_string(),
            "The form was sent in a format that is not supported. Reload the page and send the form from there.".to_string(),
        ),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => rejected(
            status,
            "Formuläret är för stort. Korta texten och försök igen.".to_string(),
            "The form is too large. Shorten the text and try again.".to_string(),
        ),
        _ => rejected(
            StatusCode::BAD_REQUEST,
            "Formuläret kom inte fram helt. Försök igen.".to_string(),
            "The form did not arrive whole. Try again.".to_string(),
        ),
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
    let (sv, en) = match value {
        Some(value) => (
            format!(
                "Adressen pekar inte på något som finns: ”{value}” är inget giltigt id. Kontrollera adressen eller gå till sidan via menyn."
            ),
            format!(
                "The address points to nothing that exists: “{value}” is not a valid id. Check the address or reach the page through the menu."
            ),
        ),
        None => (
            "Adressen pekar inte på något som finns. Kontrollera adressen eller gå till sidan via menyn.".to_string(),
            "The address points to nothing that exists. Check the address or reach the page through the menu.".to_string(),
        ),
    };
    rejected(StatusCode::NOT_FOUND, sv, en)
}

fn query_rejection(rejection: QueryRejection) -> AppError {
    let text = rejection.body_text();
    let detail = text
        .split_once(": ")
        .map_or(text.as_str(), |(_, rest)| rest);
    let (field, problem) = field_and_problem(detail);
    let field = field.unwrap_or_else(|| "?".to_string());
    rejected(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!(
            "Adressen har ett värde som inte går att tolka: ”{field}” ({problem}). Gå till sidan via menyn eller rätta adressen."
        ),
        format!(
            "The address has a value that cannot be understood: “{field}” ({problem}). Reach the page through the menu or correct the address."
        ),
    )
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
