//! The visitor's own account: changing their password. A user with a one-time
//! password is sent here before anything else.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Change, Session, check_password};
use riktning_store::Store;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::{Chrome, FieldErrors as _, render, render_with};
use crate::auth::{
    ClientAddress, SESSION_COOKIE, SESSION_HOURS, hash_password, password_work, random_token,
    set_cookie, token_hash, verify_password,
};
use crate::error::CHANGE_PASSWORD_PATH;
use crate::extract::{Form, Query};
use crate::i18n::text;
use crate::{AppError, Shared, Visitor};

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    chrome: Chrome,
    /// The user must choose a new password before going on.
    required: bool,
    changed: bool,
    errors: Vec<(String, String)>,
}

impl super::FieldErrors for PasswordPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

fn page<S>(
    state: &Shared<S>,
    visitor: &Visitor,
    changed: bool,
    errors: Vec<(String, String)>,
) -> PasswordPage {
    PasswordPage {
        chrome: Chrome::new(
            state,
            visitor,
            "account",
            text(visitor.lang, "password-title").to_string(),
            CHANGE_PASSWORD_PATH.to_string(),
        ),
        required: visitor.user.must_change_password,
        changed,
        errors,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    bytt: String,
}

pub async fn form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let changed = !done.bytt.is_empty() && !visitor.user.must_change_password;
    Ok(render(&page(&state, &visitor, changed, Vec::new())))
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// Checks the current password, then stores the new one. Every session of the user
/// ends, as with any new password, and this browser gets a fresh one.
pub async fn change<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    address: ClientAddress,
    visitor: Visitor,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    let lang = visitor.lang;
    let user = &visitor.user;
    let refuse = |field: &str, key: &str| {
        Ok(render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                &visitor,
                false,
                vec![(field.to_string(), text(lang, key).to_string())],
            ),
        ))
    };
    if let Some(seconds) = state.throttle.wait(&user.username, &address) {
        let message = format!("{} {seconds} s.", text(lang, "login-throttled"));
        return Ok(render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                &visitor,
                false,
                vec![("current".to_string(), message)],
            ),
        ));
    }
    let stored = state
        .store
        .user_credentials(state.tenant.id, &user.username)
        .await?
        .map(|(_, hash)| hash)
        .unwrap_or_default();
    let current = form.current.clone();
    let matches = password_work(move || verify_password(&current, &stored))
        .await
        .map_err(AppError::Internal)?;
    if !matches {
        state.throttle.failed(&user.username, &address);
        return refuse("current", "password-current-wrong");
    }
    if form.new != form.repeat {
        return refuse("repeat", "password-repeat-differs");
    }
    if form.new == form.current {
        return refuse("new", "password-same");
    }
    if let Err(problem) = check_password(&form.new, &[&user.username, &user.display_name]) {
        return refuse("new", &format!("password-{}", problem.key()));
    }
    state.throttle.succeeded(&user.username, &address);
    let new = form.new.clone();
    let hash = password_work(move || hash_password(&new))
        .await
        .map_err(AppError::Internal)?
        .map_err(AppError::Internal)?;
    state
        .store
        .set_user_password(
            state.tenant.id,
            user.id,
            &hash,
            false,
            &Change::by(&user.username).because("changed their own password"),
        )
        .await?;
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
    tracing::info!(username = %user.username, "changed their password");
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, format!("{CHANGE_PASSWORD_PATH}?bytt=1")),
            (
                header::SET_COOKIE,
                set_cookie(
                    SESSION_COOKIE,
                    &token,
                    SESSION_HOURS * 3600,
                    super::login::secure(&state, &headers),
                ),
            ),
        ],
    )
        .into_response())
}
