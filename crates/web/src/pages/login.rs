//! Signing in and out.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{MAX_PASSWORD_CHARS, MAX_USERNAME_CHARS, Session};
use riktning_store::Store;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::local_path;
use crate::auth::{
    ClientAddress, LOGIN_COOKIE, SESSION_COOKIE, SESSION_HOURS, check_sign_in, clip, cookie,
    password_work, random_token, same_secret, set_cookie, token_hash, verify_password,
};
use crate::extract::{Form, Query};
use crate::i18n::{Lang, text};
use crate::security::over_https;
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
        username: clip(username, MAX_USERNAME_CHARS),
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
    address: ClientAddress,
    Form(form): Form<Credentials>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&expected, &form.csrf) {
        return Err(AppError::Csrf);
    }
    let username = form.username.trim();
    // No user name is longer: refused before the throttle, the store or the log see
    // it, so what a stranger sends costs no memory that stays.
    if username.len() > 4 * MAX_USERNAME_CHARS || username.chars().count() > MAX_USERNAME_CHARS {
        return Ok(login_page(
            lang,
            &form.tillbaka,
            "",
            Some(text(lang, "login-failed").to_string()),
            StatusCode::UNAUTHORIZED,
        ));
    }
    let failed = |message: String| {
        Ok(login_page(
            lang,
            &form.tillbaka,
            username,
            Some(message),
            StatusCode::UNAUTHORIZED,
        ))
    };
    // No password is longer (new ones are checked against it); a longer one is a
    // failed try without the work of hashing it.
    let password_fits = form.password.len() <= 4 * MAX_PASSWORD_CHARS;
    if let Some(seconds) = state.throttle.wait(username, &address) {
        tracing::info!(username = %clip(username, MAX_USERNAME_CHARS), address = %address.0, "sign-in throttled");
        return failed(format!("{} {seconds} s.", text(lang, "login-throttled")));
    }
    let found = state
        .store
        .user_credentials(state.tenant.id, username)
        .await?;
    // Exactly one slow verification whether or not the user exists, off the
    // threads that serve requests.
    let password = form.password.clone();
    let user = if password_fits {
        password_work(move || {
            check_sign_in(found, &password, |user| !user.disabled, verify_password)
        })
        .await
        .map_err(AppError::Internal)?
    } else {
        None
    };
    let Some(user) = user else {
        state.throttle.failed(username, &address);
        tracing::info!(username = %clip(username, MAX_USERNAME_CHARS), address = %address.0, "sign-in refused");
        return failed(text(lang, "login-failed").to_string());
    };
    state.throttle.succeeded(username, &address);
    let now = OffsetDateTime::now_utc();
    // Sessions that ran out are of no use to anyone: clear them out now and then.
    if let Err(error) = state.store.purge_expired_sessions(now).await {
        tracing::warn!(%error, "purging expired sessions");
    }
    let token = random_token();
    let session = Session {
        tenant: state.tenant.id,
        user_id: user.id,
        csrf_token: random_token(),
        expires_at: now + Duration::hours(SESSION_HOURS),
    };
    state
        .store
        .create_session(&token_hash(&token), &session)
        .await?;
    tracing::info!(username = %user.username, "signed in");
    let secure = secure(&state, &headers);
    let back = local_path(&form.tillbaka);
    let target = if user.must_change_password {
        crate::error::CHANGE_PASSWORD_PATH.to_string()
    } else if back == crate::STAFF_HOME && user.role == riktning_domain::Role::Reporter {
        // A reporter starts where their tasks are.
        super::tasks::PATH.to_string()
    } else {
        back
    };
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, target),
            (
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, SESSION_HOURS * 3600, secure),
            ),
        ],
    )
        .into_response();
    // The sign-in form's token has done its job.
    if let Ok(value) = set_cookie(LOGIN_COOKIE, "", 0, secure).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Secure cookies when configured, or when a proxy in front says the browser came
/// over https.
pub(crate) fn secure<S>(state: &Shared<S>, headers: &HeaderMap) -> bool {
    over_https(state.secure_cookies, headers)
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
            (header::LOCATION, "/arbeta/logga-in".to_string()),
            (
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, "", 0, secure(&state, &headers)),
            ),
        ],
    )
        .into_response())
}
