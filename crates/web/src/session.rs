//! Who is asking: the signed-in user behind the session cookie, with their CSRF
//! token and language.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use riktning_domain::User;
use riktning_store::Store;
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

impl<S: Store> FromRequestParts<Shared<S>> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared<S>) -> Result<Self, AppError> {
        let back_to = parts
            .uri
            .path_and_query()
            .map_or("/".to_string(), |p| p.as_str().to_string());
        let sign_in = || AppError::SignIn {
            back_to: back_to.clone(),
        };
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(sign_in)?;
        let hash = token_hash(&token);
        let session = state
            .store
            .session(&hash, OffsetDateTime::now_utc())
            .await?
            .filter(|s| s.tenant == state.tenant.id)
            .ok_or_else(sign_in)?;
        let user = state.store.user(session.tenant, session.user_id).await?;
        if user.disabled {
            return Err(sign_in());
        }
        // A one-time password is replaced before anything else; only the page that
        // replaces it and signing out are open until then.
        let path = parts.uri.path();
        if user.must_change_password
            && path != crate::error::CHANGE_PASSWORD_PATH
            && path != "/logga-ut"
        {
            return Err(AppError::ChangePassword);
        }
        Ok(Visitor {
            user,
            csrf: session.csrf_token,
            token_hash: hash,
            lang: Lang::from_request(&parts.headers),
        })
    }
}
