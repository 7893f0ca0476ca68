//! The visitor's personal API tokens (*Konto → API-nycklar*): made with a name, a role
//! no higher than their own and, if they like, one unit; shown once; revoked here.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{
    ApiToken, Change, Id, NewApiToken, OrgUnit, Role, format_stockholm, role_rank,
};
use riktning_store::{Store, StoreError, StoreRead};
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, render, render_with};
use crate::auth::{clip, random_token, token_hash};
use crate::extract::{Form, Path};
use crate::i18n::{Lang, text};
use crate::integration::TOKEN_PREFIX;
use crate::policy::{Action, authorize};
use crate::{AppError, Shared, Visitor};

pub const PATH: &str = "/arbeta/konto/nycklar";

#[derive(Debug, Default, Clone, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    /// A unit id, or empty for all of the user's.
    #[serde(default)]
    unit: String,
}

struct Row {
    id: Id,
    name: String,
    role: &'static str,
    unit: String,
    created: String,
    revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    chrome: Chrome,
    /// The roles the visitor may give a token: key and label.
    roles: Vec<(&'static str, &'static str)>,
    /// The units a token may be scoped to.
    units: Vec<(Id, String)>,
    typed: TokenForm,
    rows: Vec<Row>,
    /// The secret of the token just made, shown this once.
    secret: Option<String>,
    errors: Vec<(String, String)>,
}

impl super::FieldErrors for TokensPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

fn role_label(role: Role, lang: Lang) -> &'static str {
    text(lang, &format!("role-{}", role.as_str()))
}

/// The roles a user may give a token: their own and those below it.
fn roles_for(user_role: Role) -> Vec<Role> {
    [
        Role::Reader,
        Role::Reporter,
        Role::Controller,
        Role::Administrator,
    ]
    .into_iter()
    .filter(|role| role_rank(*role) <= role_rank(user_role))
    .collect()
}

/// The units a token may be scoped to: a reporter's own; every current unit for
/// those who answer for all.
fn units_for(visitor: &Visitor, units: &[OrgUnit]) -> Vec<(Id, String)> {
    units
        .iter()
        .filter(|u| !u.retired)
        .filter(|u| {
            matches!(visitor.user.role, Role::Administrator | Role::Controller)
                || visitor.user.units.contains(&u.id)
        })
        .map(|u| (u.id, u.name.clone()))
        .collect()
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    typed: TokenForm,
    secret: Option<String>,
) -> Result<TokensPage, AppError> {
    let tenant = state.tenant.id;
    let mut read = state.store.reader().await?;
    let loaded = async {
        let tokens = read.api_tokens(tenant, visitor.user.id).await?;
        let units = read.org_units(tenant).await?;
        Ok::<(Vec<ApiToken>, Vec<OrgUnit>), StoreError>((tokens, units))
    }
    .await;
    read.finish().await?;
    let (tokens, units) = loaded?;
    let lang = visitor.lang;
    let unit_name = |id: Option<Id>| match id {
        Some(id) => units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.name.clone()),
        None => text(lang, "tokens-all-units").to_string(),
    };
    Ok(TokensPage {
        chrome: Chrome::new(
            state,
            visitor,
            "account",
            text(lang, "tokens-title").to_string(),
            PATH.to_string(),
        ),
        roles: roles_for(visitor.user.role)
            .into_iter()
            .map(|r| (r.as_str(), role_label(r, lang)))
            .collect(),
        units: units_for(visitor, &units),
        typed,
        rows: tokens
            .iter()
            .map(|t| Row {
                id: t.id,
                name: t.name.clone(),
                role: role_label(t.role, lang),
                unit: unit_name(t.unit_id),
                created: format_stockholm(t.created_at),
                revoked: t.revoked_at.map(format_stockholm),
            })
            .collect(),
        secret,
        errors: Vec::new(),
    })
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let shown = page(&state, &visitor, TokenForm::default(), None).await?;
    Ok(render(&shown))
}

async fn refused<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    typed: TokenForm,
    field: &str,
    key: &str,
) -> Result<Response, AppError> {
    let mut shown = page(state, visitor, typed, None).await?;
    shown
        .errors
        .push((field.to_string(), text(visitor.lang, key).to_string()));
    Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}

pub async fn create<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::View)?;
    let typed = TokenForm {
        csrf: String::new(),
        name: clip(&form.name, riktning_domain::MAX_TOKEN_NAME_CHARS + 1),
        role: clip(&form.role, 20),
        unit: clip(&form.unit, 20),
    };
    let role = match form.role.parse::<Role>() {
        Ok(role) if role_rank(role) <= role_rank(visitor.user.role) => role,
        _ => return refused(&state, &visitor, typed, "role", "tokens-role-invalid").await,
    };
    let unit = match form.unit.trim() {
        "" => None,
        text => match text.parse::<Id>() {
            Ok(id) => Some(id),
            Err(_) => {
                return refused(&state, &visitor, typed, "unit", "tokens-unit-invalid").await;
            }
        },
    };
    if let Some(unit) = unit {
        let mut read = state.store.reader().await?;
        let units = read.org_units(state.tenant.id).await;
        read.finish().await?;
        if !units_for(&visitor, &units?)
            .iter()
            .any(|(id, _)| *id == unit)
        {
            return refused(&state, &visitor, typed, "unit", "tokens-unit-invalid").await;
        }
    }
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let new = NewApiToken {
        user_id: visitor.user.id,
        name: form.name.trim().to_string(),
        role,
        unit_id: unit,
        token_hash: token_hash(&secret),
    };
    match state
        .store
        .create_api_token(state.tenant.id, &new, &Change::by(&visitor.user.username))
        .await
    {
        Ok(_) => {
            // Shown once, on this answer only: it is not stored and not redirected to.
            let shown = page(&state, &visitor, TokenForm::default(), Some(secret)).await?;
            let mut response = render(&shown);
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(response)
        }
        Err(StoreError::Invalid { source, .. }) => {
            let key = if riktning_domain::is_blank(&form.name) {
                "tokens-name-needed"
            } else if source.message.contains("at most") {
                "tokens-too-many"
            } else {
                "tokens-name-invalid"
            };
            refused(&state, &visitor, typed, "name", key).await
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
}

pub async fn revoke<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    state
        .store
        .revoke_api_token(
            state.tenant.id,
            visitor.user.id,
            id,
            &Change::by(&visitor.user.username),
        )
        .await?;
    Ok(Redirect::to(&super::done::to(PATH, "nyckel-aterkallad")).into_response())
}
