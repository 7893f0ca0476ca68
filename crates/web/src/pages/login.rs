//! Signing in and out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::Session;
use riktning_store::Store;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::local_path;
use crate::auth::{
    LOGIN_COOKIE, SESSION_COOKIE, SESSION_HOURS, cookie, random_token, same_secret, set_cookie,
    token_hash, verify_password,
};
use crate::i18n::{Lang, text};
use crate::{AppError, Shared, Visitor};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    csrf: String,
    back_to: String,
    username: String,
    error: Option<String>,
}

impl LoginPage {
    fn t(&self, key: &str) -> &'static str {
        text(self.lang, key)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct BackTo {
    #[serde(default)]
    tillbaka: String,
}

fn login_page(
    lang: Lang,
    back_to: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = random_token();
    let page = LoginPage {
        lang,
        csrf: csrf.clone(),
        back_to: local_path(back_to),
        username: username.to_string(),
        error,
    };
    let mut response = super::render_with(status, &page);
    if let Ok(value) = set_cookie(LOGIN_COOKIE, &csrf, 60 * 60, false).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

pub async fn form(headers: HeaderMap, Query(query): Query<BackTo>) -> Response {
    login_page(
        Lang::from_request(&headers),
        &query.tillbaka,
        "",
        None,
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    tillbaka: String,
}

pub async fn submit<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&expected, &form.csrf) {
        return Err(AppError::Csrf);
    }
    let username = form.username.trim();
    let failed = |message: String| {
        Ok(login_page(
            lang,
            &form.tillbaka,
            username,
            Some(message),
            StatusCode::UNAUTHORIZED,
        ))
    };
    if let Some(seconds) = state.throttle.wait(username) {
        return failed(format!("{} {seconds} s.", text(lang, "login-throttled")));
    }
    let found = state
        .store
        .user_credentials(state.tenant.id, username)
        .await?;
    let user = match found {
        Some((user, hash)) if !user.disabled && verify_password(&form.password, &hash) => user,
        _ => {
            state.throttle.failed(username);
            tracing::info!(username, "sign-in refused");
            return failed(text(lang, "login-failed").to_string());
        }
    };
    state.throttle.succeeded(username);
    let token = random_token();
    let session = Session {
        tenant: state.tenant.id,
        user_id: user.id,
        csrf_token: random_token(),
        expires_at: OffsetDateTime::now_utc() + Duration::hours(SESSION_HOURS),
    };
    state
        .store
        .create_session(&token_hash(&token), &session)
        .await?;
    tracing::info!(username = %user.username, "signed in");
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, local_path(&form.tillbaka)),
            (
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &token,
                    SESSION_HOURS * 3600,
                    secure(&state, &headers),
                ),
            ),
        ],
    )
        .into_response())
}

/// Secure cookies when configured, or when a proxy in front says the browser came
/// over https.
fn secure<S>(state: &Shared<S>, headers: &HeaderMap) -> bool {
    state.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

#[derive(Debug, Deserialize)]
pub struct SignOut {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(form): Form<SignOut>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    state.store.delete_session(&visitor.token_hash).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/logga-in".to_string()),
            (
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, "", 0, secure(&state, &headers)),
            ),
        ],
    )
        .into_response())
}
