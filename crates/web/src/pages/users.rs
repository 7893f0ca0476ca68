//! The administrator's page: who may sign in, with which role and for which units.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use riktning_domain::{Change, Id, NewUser, Role, normalize_username};
use riktning_store::{Store, StoreError};
use serde::Deserialize;

use super::{Chrome, FieldErrors as _, render};
use crate::auth::{hash_password, one_time_password};
use crate::extract::{Form, Path};
use crate::policy::{Action, authorize};
use crate::{AppError, Shared, Visitor};

struct UserRow {
    id: Id,
    username: String,
    name: String,
    role: &'static str,
    /// The stored role's key, for the edit form.
    role_key: &'static str,
    unit_ids: Vec<Id>,
    units: String,
    email: String,
    disabled: bool,
    version: i64,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    units: Vec<(Id, String, bool)>,
    roles: Vec<(&'static str, &'static str)>,
    /// A one-time password to show once, with whose it is.
    issued: Option<(String, String)>,
    error: Option<String>,
    typed_username: String,
    typed_name: String,
    typed_role: String,
    typed_unit: String,
    typed_email: String,
    /// Messages for the fields of the form to add a user.
    errors: Vec<(String, String)>,
    /// What was just done, said once at the top.
    notice: Option<String>,
}

impl super::FieldErrors for UsersPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

impl UsersPage {
    fn role_chosen(&self, key: &str) -> bool {
        self.typed_role == key
    }

    fn unit_chosen(&self, id: &Id) -> bool {
        self.typed_unit == id.to_string()
    }

    fn has_unit(&self, user: &UserRow, unit: &Id) -> bool {
        user.unit_ids.contains(unit)
    }
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    issued: Option<(String, String)>,
    error: Option<String>,
    typed: Option<&AddForm>,
) -> Result<UsersPage, AppError> {
    let tenant = state.tenant.id;
    let units = state.store.org_units(tenant).await?;
    let emails = state.store.user_emails(tenant).await?;
    let lang = visitor.lang;
    let users = state
        .store
        .users(tenant)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            units: u
                .units
                .iter()
                .filter_map(|id| units.iter().find(|x| x.id == *id))
                .map(|x| x.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            role: crate::i18n::text(lang, &format!("role-{}", u.role.as_str())),
            role_key: u.role.as_str(),
            email: emails
                .iter()
                .find(|(id, _)| *id == u.id)
                .map(|(_, e)| e.clone())
                .unwrap_or_default(),
            unit_ids: u.units.clone(),
            version: u.version,
            username: u.username,
            name: u.display_name,
            disabled: u.disabled,
        })
        .collect();
    Ok(UsersPage {
        chrome: Chrome::new(
            state,
            visitor,
            "users",
            crate::i18n::text(lang, "nav-users").to_string(),
            "/arbeta/anvandare".to_string(),
        ),
        users,
        units: units
            .into_iter()
            .map(|u| (u.id, u.name, u.retired))
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    crate::i18n::text(lang, &format!("role-{}", r.as_str())),
                )
            })
            .collect(),
        issued,
        error,
        typed_username: typed.map_or(String::new(), |t| t.username.clone()),
        typed_name: typed.map_or(String::new(), |t| t.name.clone()),
        typed_role: typed.map_or(String::new(), |t| t.role.clone()),
        typed_unit: typed.map_or(String::new(), |t| t.unit.clone()),
        typed_email: typed.map_or(String::new(), |t| t.email.clone()),
        errors: Vec::new(),
        notice: None,
    })
}

pub async fn list<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::Administer)?;
    Ok(render(&page(&state, &visitor, None, None, None).await?))
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    /// An org unit's id; empty for none (administrators, controllers, readers).
    #[serde(default)]
    unit: String,
    /// For reminders; optional.
    #[serde(default)]
    email: String,
}

pub async fn add<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::Administer)?;
    let lang = visitor.lang;
    let refuse = |field: &'static str, message: String| async {
        let mut shown = page(&state, &visitor, None, None, Some(&form)).await?;
        shown.errors.push((field.to_string(), message));
        let response = super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &shown);
        Ok::<Response, AppError>(response)
    };
    if normalize_username(&form.username).is_err() {
        return refuse(
            "username",
            crate::i18n::text(lang, "users-username-rule").to_string(),
        )
        .await;
    }
    if !riktning_domain::is_one_line_text(form.name.trim()) {
        return refuse(
            "name",
            crate::i18n::text(lang, "users-name-required").to_string(),
        )
        .await;
    }
    let Ok(role) = form.role.parse::<Role>() else {
        return refuse(
            "role",
            crate::i18n::text(lang, "users-choose-role").to_string(),
        )
        .await;
    };
    let unit = match form.unit.trim() {
        "" => None,
        typed => match typed.parse::<Id>() {
            Ok(id) => Some(id),
            Err(_) => {
                return refuse(
                    "unit",
                    crate::i18n::text(lang, "users-choose-unit").to_string(),
                )
                .await;
            }
        },
    };
    if role == Role::Reporter && unit.is_none() {
        return refuse(
            "unit",
            crate::i18n::text(lang, "users-reporter-unit").to_string(),
        )
        .await;
    }
    let email = form.email.trim();
    if !email.is_empty() && !crate::reminders::is_valid_address(email) {
        return refuse(
            "email",
            crate::i18n::text(lang, "users-email-invalid").to_string(),
        )
        .await;
    }
    let secret = one_time_password();
    let hash = hash_password(&secret).map_err(AppError::Internal)?;
    let created = state
        .store
        .create_user(
            state.tenant.id,
            &NewUser {
                username: form.username.trim().to_string(),
                display_name: form.name.trim().to_string(),
                role,
                units: unit
                    .filter(|_| role == Role::Reporter)
                    .into_iter()
                    .collect(),
                // Shown once on this page: to be replaced at the first sign-in.
                must_change_password: true,
            },
            &hash,
            &Change::by(&visitor.user.username),
        )
        .await;
    match created {
        Ok(user) => {
            if !email.is_empty() {
                state
                    .store
                    .set_user_email(
                        state.tenant.id,
                        user.id,
                        Some(email),
                        &Change::by(&visitor.user.username),
                    )
                    .await?;
            }
            Ok(render(
                &page(&state, &visitor, Some((user.username, secret)), None, None).await?,
            ))
        }
        Err(StoreError::Invalid { source, .. }) => {
            let field = if source.field == "display_name" {
                "name"
            } else {
                source.field
            };
            refuse(field, source.message).await
        }
        Err(StoreError::Duplicate(_)) => {
            refuse(
                "username",
                crate::i18n::text(lang, "users-username-taken").to_string(),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
}

pub async fn act<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path((id, action)): Path<(Id, String)>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::Administer)?;
    let tenant = state.tenant.id;
    let change = Change::by(&visitor.user.username);
    let mut user = state.store.user(tenant, id).await?;
    let issued = match action.as_str() {
        "inaktivera" | "aktivera" => {
            if user.id == visitor.user.id {
                let message = crate::i18n::text(visitor.lang, "users-not-yourself").to_string();
                let response = super::render_with(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &page(&state, &visitor, None, Some(message), None).await?,
                );
                return Ok(response);
            }
            user.disabled = action == "inaktivera";
            state.store.update_user(tenant, &user, &change).await?;
            None
        }
        "losenord" => {
            let secret = one_time_password();
            let hash = hash_password(&secret).map_err(AppError::Internal)?;
            state
                .store
                .set_user_password(tenant, id, &hash, true, &change)
                .await?;
            Some((user.username.clone(), secret))
        }
        other => return Err(AppError::NotFound(format!("no user action '{other}'"))),
    };
    Ok(render(&page(&state, &visitor, issued, None, None).await?))
}

/// Changes a user's name, role and units. An administrator cannot change their own
/// role, so the last one cannot lock everyone out; a reporter needs a unit.
pub async fn edit<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(id): Path<Id>,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> Result<Response, AppError> {
    let pairs = super::goal_edit::form_pairs(&body);
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    visitor.check_csrf(&field("csrf"))?;
    authorize(&visitor.user, Action::Administer)?;
    let lang = visitor.lang;
    let tenant = state.tenant.id;
    let stored = state.store.user(tenant, id).await?;
    let refuse = |key: &str| {
        let message = crate::i18n::text(lang, key).to_string();
        async {
            let shown = page(&state, &visitor, None, Some(message), None).await?;
            Ok::<Response, AppError>(super::render_with(StatusCode::UNPROCESSABLE_ENTITY, &shown))
        }
    };
    let Ok(role) = field("role").parse::<Role>() else {
        return refuse("users-choose-role").await;
    };
    let name = field("name").trim().to_string();
    if !riktning_domain::is_one_line_text(&name) || name.chars().count() > 200 {
        return refuse("users-name-required").await;
    }
    let known = state.store.org_units(tenant).await?;
    let mut units: Vec<Id> = pairs
        .iter()
        .filter(|(k, _)| k == "unit")
        .filter_map(|(_, v)| v.parse().ok())
        .filter(|unit| known.iter().any(|u| u.id == *unit))
        .collect();
    units.sort_unstable();
    units.dedup();
    if role == Role::Reporter && units.is_empty() {
        return refuse("users-reporter-unit").await;
    }
    if stored.id == visitor.user.id && role != stored.role {
        return refuse("users-not-your-role").await;
    }
    let email = field("email").trim().to_string();
    if !email.is_empty() && !crate::reminders::is_valid_address(&email) {
        return refuse("users-email-invalid").await;
    }
    let changed = riktning_domain::User {
        display_name: name,
        role,
        units,
        // A form without its version cannot say what it changes; it is a conflict.
        version: field("version").parse().unwrap_or(0),
        ..stored
    };
    match state
        .store
        .update_user(tenant, &changed, &Change::by(&visitor.user.username))
        .await
    {
        Ok(saved) => {
            state
                .store
                .set_user_email(
                    tenant,
                    saved.id,
                    Some(email.as_str()).filter(|e| !e.is_empty()),
                    &Change::by(&visitor.user.username),
                )
                .await?;
            let message = format!(
                "{} {}.",
                crate::i18n::text(lang, "users-changed"),
                saved.username
            );
            let mut shown = page(&state, &visitor, None, None, None).await?;
            shown.notice = Some(message);
            Ok(render(&shown))
        }
        Err(StoreError::Conflict { .. }) => refuse("goal-conflict").await,
        Err(other) => Err(other.into()),
    }
}
