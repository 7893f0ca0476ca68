//! One error type for every handler, turned into a page a person can act on.
//!
//! An error becomes an HTML page with the reason and a way back. The page is first
//! rendered in Swedish; the response carries an [`ErrorPage`] so that the middleware
//! in [`crate::security`] can render it again in the visitor's language with a link
//! back to the page they came from.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use riktning_store::StoreError;

use crate::i18n::{Lang, text};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in: go to the sign-in page and come back.
    #[error("sign in first")]
    SignIn { back_to: String },
    /// Signed in with a one-time password: choose a new one first.
    #[error("choose a new password first")]
    ChangePassword,
    /// The page needs what the municipality has not added yet (a plan, a period):
    /// go to the page that explains and adds it.
    #[error("add this first: {0}")]
    AddFirst(&'static str),
    #[error("your role does not allow this")]
    Forbidden,
    #[error("the form was too old or came from another site; reload the page and try again")]
    Csrf,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// A request that could not be read (a form, an address), with the reason in
    /// both languages.
    #[error("{en}")]
    Rejected {
        status: StatusCode,
        sv: String,
        en: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

/// Where a visitor with a one-time password is sent.
pub const CHANGE_PASSWORD_PATH: &str = "/arbeta/konto/losenord";

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::SignIn { .. } | AppError::ChangePassword | AppError::AddFirst(_) => {
                StatusCode::SEE_OTHER
            }
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound(_) | AppError::Store(StoreError::NotFound { .. }) => {
                StatusCode::NOT_FOUND
            }
            AppError::BadRequest(_) | AppError::Store(StoreError::Invalid { .. }) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Rejected { status, .. } => *status,
            AppError::Store(
                StoreError::Conflict { .. }
                | StoreError::Duplicate(_)
                | StoreError::StillReferenced(_),
            ) => StatusCode::CONFLICT,
            AppError::Store(StoreError::Busy { .. }) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(StoreError::InUse(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the page says, in Swedish and in English.
    fn reason(&self) -> (String, String) {
        let both = |key: &str| {
            (
                text(Lang::Sv, key).to_string(),
                text(Lang::En, key).to_string(),
            )
        };
        match self {
            AppError::Forbidden => both("error-forbidden"),
            AppError::Csrf => both("error-csrf"),
            AppError::Rejected { sv, en, .. } => (sv.clone(), en.clone()),
            AppError::Store(StoreError::Busy { .. }) => {
                tracing::warn!(error = %self, "the database stayed busy");
                both("error-busy")
            }
            // The cause of a database failure is for the log, not the page.
            AppError::Store(StoreError::Database { .. }) | AppError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                both("error-server")
            }
            // The store and the extractors explain themselves in English, for the
            // log; the page says it in the visitor's words.
            AppError::NotFound(_) | AppError::Store(StoreError::NotFound { .. }) => {
                tracing::info!(error = %self, "not found");
                both("error-not-found")
            }
            AppError::BadRequest(_) => {
                tracing::info!(error = %self, "bad request");
                both("error-bad-request")
            }
            AppError::Store(StoreError::Invalid { entity, source }) => (
                crate::store_words::invalid(Lang::Sv, *entity, source),
                crate::store_words::invalid(Lang::En, *entity, source),
            ),
            AppError::Store(StoreError::Conflict { .. }) => both("goal-conflict"),
            AppError::Store(StoreError::Duplicate(_)) => both("error-duplicate"),
            AppError::Store(StoreError::StillReferenced(_)) => both("error-still-referenced"),
            other => {
                let detail = format!("{other:#}");
                (detail.clone(), detail)
            }
        }
    }
}

/// An error page still to be rendered in the visitor's language; kept on the
/// response for [`crate::security`].
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub sv: String,
    pub en: String,
}

impl ErrorPage {
    /// A page for a response that came without one (the router's own answers, such
    /// as 405 or 413), with a reason by status.
    pub fn for_status(status: StatusCode) -> ErrorPage {
        let key = match status.as_u16() {
            400 => "error-bad-request",
            404 => "error-not-found",
            405 => "error-method",
            408 => "error-timeout",
            413 => "error-too-large",
            415 => "error-media-type",
            422 => "error-unprocessable",
            429 => "error-too-many",
            500..=599 => "error-server",
            _ => "error-other",
        };
        ErrorPage {
            status,
            sv: text(Lang::Sv, key).to_string(),
            en: text(Lang::En, key).to_string(),
        }
    }

    /// The page in `lang`, with a link back to `back` (a path on this site) if known.
    /// The page for a visitor of the workspace, or (`public`) of the public site, who
    /// gets the public site's navigation and never a way into the workspace.
    pub fn render(&self, lang: Lang, back: Option<&str>, public: bool) -> String {
        let page = ErrorView {
            lang,
            public,
            code: self.status.as_u16(),
            heading: heading(self.status, lang),
            detail: match lang {
                Lang::Sv => &self.sv,
                Lang::En => &self.en,
            },
            back,
        };
        page.render().unwrap_or_else(|_| {
            // The template cannot fail on these fields; this keeps the answer an
            // HTML page regardless.
            format!(
                "<!doctype html><html lang=\"{}\"><title>{}</title><p><a href=\"/\">Riktning</a></p></html>",
                lang.code(),
                self.status.as_u16()
            )
        })
    }
}

fn heading(status: StatusCode, lang: Lang) -> &'static str {
    let key = match status.as_u16() {
        413 => "error-heading-too-large",
        400 | 405 | 408 | 415 | 422 => "error-heading-request",
        403 => "error-heading-forbidden",
        404 => "error-heading-not-found",
        409 => "error-heading-conflict",
        429 => "error-heading-too-many",
        500..=599 => "error-heading-server",
        _ => "error-heading-other",
    };
    text(lang, key)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorView<'a> {
    lang: Lang,
    public: bool,
    code: u16,
    heading: &'static str,
    detail: &'a str,
    back: Option<&'a str>,
}

impl ErrorView<'_> {
    fn t(&self, key: &str) -> &'static str {
        text(self.lang, key)
    }
}

/// An error page as a response: Swedish until the middleware renders it in the
/// visitor's language.
pub fn error_response(page: ErrorPage) -> Response {
    let html = page.render(Lang::Sv, None, false);
    let mut response = (page.status, Html(html)).into_response();
    response.extensions_mut().insert(page);
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::SignIn { back_to } => {
                let target = format!(
                    "/arbeta/logga-in?tillbaka={}",
                    crate::pages::url_encode(back_to)
                );
                return (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
            }
            AppError::ChangePassword => {
                return (
                    StatusCode::SEE_OTHER,
                    [(header::LOCATION, CHANGE_PASSWORD_PATH.to_string())],
                )
                    .into_response();
            }
            AppError::AddFirst(path) => {
                return (
                    StatusCode::SEE_OTHER,
                    [(header::LOCATION, path.to_string())],
                )
                    .into_response();
            }
            _ => {}
        }
        let (sv, en) = self.reason();
        error_response(ErrorPage {
            status: self.status(),
            sv,
            en,
        })
    }
}

/// The answer for an address that matches no page.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if let Some(moved) = moved_to_workspace(&uri) {
        return axum::response::Redirect::permanent(&moved).into_response();
    }
    error_response(ErrorPage::for_status(StatusCode::NOT_FOUND))
}

/// The workspace's pages were at the site's root until the public site took it; a
/// bookmark or an e-mail link to one of them is sent to where it is now.
fn moved_to_workspace(uri: &axum::http::Uri) -> Option<String> {
    const MOVED: [&str; 20] = [
        "/mal",
        "/indikator",
        "/kolada",
        "/perioder",
        "/aktiviteter",
        "/aktivitet",
        "/planer",
        "/organisation",
        "/logga-in",
        "/anvandare",
        "/installningar",
        "/import",
        "/uppfoljning",
        "/paminnelser",
        "/logg",
        "/bedomningsregler",
        "/mina-uppgifter",
        "/konto",
        "/borja",
        "/bedomning",
    ];
    let path = uri.path();
    let moved = MOVED.iter().any(|old| {
        path.strip_prefix(old)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    moved.then(|| match uri.query() {
        Some(query) => format!("{}{path}?{query}", crate::STAFF_HOME),
        None => format!("{}{path}", crate::STAFF_HOME),
    })
}
