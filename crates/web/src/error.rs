//! One error type for every handler, turned into a page a person can act on.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use riktning_store::StoreError;

use crate::html::escape;
use crate::i18n::{Lang, text};

/// The page for a form that was larger than its route takes: nothing was read, so
/// nothing was saved.
pub fn form_too_large(lang: Lang) -> Response {
    let status = StatusCode::PAYLOAD_TOO_LARGE;
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} – Riktning</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main id=\"main\" class=\"page\"><h1>{title}</h1><p class=\"error-detail\">{detail}</p><p><a href=\"/\">{home}</a></p></main></body></html>",
        lang = lang.code(),
        title = escape(text(lang, "too-large-title")),
        detail = escape(text(lang, "too-large-detail")),
        home = escape(text(lang, "too-large-home")),
    );
    (status, Html(page)).into_response()
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in: go to the sign-in page and come back.
    #[error("sign in first")]
    SignIn { back_to: String },
    #[error("your role does not allow this")]
    Forbidden,
    #[error("the form was too old or came from another site; reload the page and try again")]
    Csrf,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::SignIn { .. } => StatusCode::SEE_OTHER,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound(_) | AppError::Store(StoreError::NotFound { .. }) => {
                StatusCode::NOT_FOUND
            }
            AppError::BadRequest(_) | AppError::Store(StoreError::Invalid { .. }) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Store(StoreError::Conflict { .. } | StoreError::Duplicate(_)) => {
                StatusCode::CONFLICT
            }
            AppError::Store(StoreError::InUse(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::SignIn { back_to } = &self {
            let target = format!("/logga-in?tillbaka={}", crate::pages::url_encode(back_to));
            return (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
        }
        let status = self.status();
        let detail = match &self {
            // The cause of a database failure is for the log, not the page.
            AppError::Store(StoreError::Database { .. }) | AppError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                "Något gick fel på servern. Försök igen om en stund. / Something went wrong on the server; try again shortly.".to_string()
            }
            other => format!("{other:#}"),
        };
        let page = format!(
            "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{code} – Riktning</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main id=\"main\" class=\"page\"><h1>{code} {reason}</h1><p class=\"error-detail\">{detail}</p><p><a href=\"/\">Till översikten / To the overview</a></p></main></body></html>",
            code = status.as_u16(),
            reason = status.canonical_reason().unwrap_or(""),
            detail = escape(&detail)
        );
        (status, Html(page)).into_response()
    }
}
