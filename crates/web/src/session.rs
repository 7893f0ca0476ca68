//! Who is asking: the signed-in user behind the session cookie, with their CSRF
//! token and language.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use riktning_domain::{Id, User};
use riktning_store::{Store, StoreRead};
use time::OffsetDateTime;

use crate::auth::{SESSION_COOKIE, cookie, same_secret, token_hash};
use crate::i18n::Lang;
use crate::{AppError, Shared};

/// A signed-in visitor. Extracting it signs the request in or sends the browser to
/// the sign-in page, so no handler that takes one can run for a stranger.
pub struct Visitor {
    pub user: User,
    pub csrf: String,
    pub token_hash: String,
    pub lang: Lang,
    /// What the action before this page did (the address's `gjort=`), for the page to
    /// confirm; see [`crate::pages::done`].
    pub done: Option<String>,
}

impl Visitor {
    /// Refuses a form whose CSRF token is not the session's.
    pub fn check_csrf(&self, given: &str) -> Result<(), AppError> {
        if same_secret(&self.csrf, given) {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }
}

impl Visitor {
    /// The visitor behind the request's session cookie, read through `read`, or the
    /// sign-in page for a stranger.
    async fn signed_in<R: StoreRead>(
        read: &mut R,
        parts: &Parts,
        tenant: Id,
    ) -> Result<Self, AppError> {
        let back_to = parts
            .uri
            .path_and_query()
            .map_or(crate::STAFF_HOME.to_string(), |p| p.as_str().to_string());
        let sign_in = || AppError::SignIn {
            back_to: back_to.clone(),
        };
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(sign_in)?;
        let hash = token_hash(&token);
        let session = read
            .session(&hash, OffsetDateTime::now_utc())
            .await?
            .filter(|s| s.tenant == tenant)
            .ok_or_else(sign_in)?;
        let user = read.user(session.tenant, session.user_id).await?;
        if user.disabled {
            return Err(sign_in());
        }
        // A one-time password is replaced before anything else; only the page that
        // replaces it and signing out are open until then.
        let path = parts.uri.path();
        if user.must_change_password
            && path != crate::error::CHANGE_PASSWORD_PATH
            && path != "/arbeta/logga-ut"
        {
            return Err(AppError::ChangePassword);
        }
        Ok(Visitor {
            user,
            csrf: session.csrf_token,
            token_hash: hash,
            lang: Lang::from_request(&parts.headers),
            done: crate::pages::done::from_query(parts.uri.query()),
        })
    }
}

impl<S: Store> FromRequestParts<Shared<S>> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared<S>) -> Result<Self, AppError> {
        let mut read = state.store.reader().await?;
        let visitor = Visitor::signed_in(&mut read, parts, state.tenant.id).await;
        read.finish().await?;
        visitor
    }
}

/// A signed-in visitor with the read transaction the session was checked in, for a
/// page to read everything else through: one transaction and one connection for the
/// whole request.
pub struct Reading<S: Store> {
    pub visitor: Visitor,
    pub read: S::Reader,
}

impl<S: Store> FromRequestParts<Shared<S>> for Reading<S> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared<S>) -> Result<Self, AppError> {
        let mut read = state.store.reader().await?;
        match Visitor::signed_in(&mut read, parts, state.tenant.id).await {
            Ok(visitor) => Ok(Reading { visitor, read }),
            Err(error) => {
                read.finish().await?;
                Err(error)
            }
        }
    }
}
