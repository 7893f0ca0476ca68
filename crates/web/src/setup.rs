//! The first start on an empty database, in the browser: choose the municipality or
//! region, create the first administrator, and the workspace takes over.
//!
//! Until then the server answers only the setup page. Whoever reaches an empty server
//! first could otherwise make themselves its administrator, so the form asks for the
//! start code that `riktning serve` printed; the printed address carries it.

use std::sync::{Arc, PoisonError, RwLock};

use askama::Template;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use riktning_domain::{
    Change, MAX_PASSWORD_CHARS, MAX_USERNAME_CHARS, NewTenant, NewUser, Role, Session,
    check_password, municipalities, municipality_by_id, normalize_username,
};
use riktning_store::Store;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use tower::ServiceExt as _;

use crate::auth::{
    SESSION_COOKIE, SESSION_HOURS, clip, hash_password, password_work, random_token, same_secret,
    set_cookie, token_hash,
};
use crate::extract::{Form, Query};
use crate::i18n::{Lang, text};
use crate::pages::{FieldErrors, render_with};
use crate::security::over_https;
use crate::{AppError, FORM_LIMIT, WorkspaceOptions};

/// Where the setup form lives; every other address leads there until setup is done.
pub const SETUP_PATH: &str = "/arbeta/borja";

/// Where the new administrator lands: the page that starts the plan.
const AFTER_SETUP: &str = "/arbeta/planer";

/// What the first start needs to know.
pub struct SetupOptions {
    /// The secret the form asks for, printed by `riktning serve`.
    pub code: String,
    /// `RIKTNING_ADMIN_PASSWORD`, already checked: the first administrator gets it
    /// and the form asks for no password.
    pub admin_password: Option<String>,
}

/// The router that answers now: the setup's until setup is done, then the workspace's.
#[derive(Clone)]
struct Switch(Arc<RwLock<Router>>);

impl Switch {
    fn current(&self) -> Router {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace(&self, next: Router) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = next;
    }
}

struct SetupState<S> {
    store: S,
    options: SetupOptions,
    /// How the workspace runs once setup is done.
    workspace: WorkspaceOptions,
    switch: Switch,
    /// One setup at a time: two forms sent at once must not make two municipalities.
    busy: tokio::sync::Mutex<()>,
}

/// A server for an empty database: the setup page, and once it is done, the
/// workspace for the municipality chosen there, on the same address.
pub fn first_start<S: Store>(
    store: S,
    options: SetupOptions,
    workspace: WorkspaceOptions,
) -> Router {
    let switch = Switch(Arc::new(RwLock::new(Router::new())));
    let secure_cookies = workspace.secure_cookies;
    let state = Arc::new(SetupState {
        store,
        options,
        workspace,
        switch: switch.clone(),
        busy: tokio::sync::Mutex::new(()),
    });
    let setup = Router::new()
        .route(SETUP_PATH, get(form::<S>).post(submit::<S>))
        .route("/static/app.css", get(crate::pages::stylesheet))
        .fallback(|| async { Redirect::to(SETUP_PATH) })
        .layer(axum::extract::DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(secure_cookies, crate::security::harden))
        .with_state(state);
    switch.replace(setup);
    Router::new().fallback_service(tower::service_fn(move |request: Request| {
        let current = switch.current();
        async move { current.oneshot(request).await }
    }))
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    lang: Lang,
    /// `(id, name)` of every municipality, and of every region, for the list the
    /// name field suggests from.
    municipalities: Vec<(&'static str, &'static str)>,
    regions: Vec<(&'static str, &'static str)>,
    /// The password comes from the environment; the form asks for none.
    password_given: bool,
    typed: SetupForm,
    errors: Vec<(String, String)>,
}

impl FieldErrors for SetupPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

impl SetupPage {
    fn t(&self, key: &str) -> &'static str {
        text(self.lang, key)
    }

    fn new(lang: Lang, password_given: bool, typed: SetupForm) -> Self {
        let of_kind = |kind: &str| -> Vec<(&'static str, &'static str)> {
            let mut list: Vec<_> = municipalities()
                .filter(|m| m.kind == kind && m.id != "0000")
                .map(|m| (m.id, m.name))
                .collect();
            list.sort_by_key(|(_, name)| swedish_sort_key(name));
            list
        };
        SetupPage {
            lang,
            municipalities: of_kind("K"),
            regions: of_kind("L"),
            password_given,
            typed,
            errors: Vec::new(),
        }
    }
}

/// The municipality or region typed: its name as in the list (any case), or its
/// Kolada id. Not the country.
fn find_municipality(typed: &str) -> Option<riktning_domain::Municipality> {
    let typed = typed.trim();
    let lowered = typed.to_lowercase();
    municipality_by_id(typed)
        .or_else(|| municipalities().find(|m| m.name.to_lowercase() == lowered))
        .filter(|m| m.id != riktning_domain::COUNTRY_ID)
}

/// Sorts as a Swedish reader expects: å, ä and ö after z.
fn swedish_sort_key(name: &str) -> Vec<u32> {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => u32::from('z') + 1,
            'ä' | 'æ' => u32::from('z') + 2,
            'ö' | 'ø' => u32::from('z') + 3,
            'é' | 'è' => u32::from('e'),
            'ü' => u32::from('u'),
            other => u32::from(other),
        })
        .collect()
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    kod: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

impl SetupForm {
    /// What the form shows again after a refusal: never the passwords, and nothing
    /// longer than a field can hold.
    fn kept(&self) -> SetupForm {
        SetupForm {
            kod: clip(self.kod.trim(), 200),
            municipality: clip(self.municipality.trim(), 100),
            username: clip(self.username.trim(), MAX_USERNAME_CHARS),
            name: clip(self.name.trim(), 200),
            password: String::new(),
            repeat: String::new(),
        }
    }
}

async fn form<S: Store>(
    State(state): State<Arc<SetupState<S>>>,
    headers: HeaderMap,
    Query(query): Query<SetupForm>,
) -> Response {
    let typed = SetupForm {
        username: "admin".to_string(),
        ..query.kept()
    };
    let page = SetupPage::new(
        Lang::from_request(&headers),
        state.options.admin_password.is_some(),
        typed,
    );
    render_with(StatusCode::OK, &page)
}

async fn submit<S: Store>(
    State(state): State<Arc<SetupState<S>>>,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let from_environment = state.options.admin_password.clone();
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut refuse =
        |field: &str, key: &str| errors.push((field.to_string(), text(lang, key).to_string()));
    // The code is checked first and alone: a stranger without it learns nothing
    // about the rest of the form.
    if !same_secret(&state.options.code, form.kod.trim()) {
        tracing::info!("setup refused: wrong start code");
        refuse("kod", "setup-code-wrong");
        return Ok(refused(&state, lang, &form, errors));
    }
    let tenant = find_municipality(&form.municipality);
    if tenant.is_none() {
        refuse("municipality", "setup-municipality-missing");
    }
    let username = normalize_username(&form.username).unwrap_or_default();
    if username.is_empty() {
        refuse("username", "users-username-rule");
    }
    let display_name = form.name.trim().to_string();
    if !riktning_domain::is_one_line_text(&display_name) || display_name.chars().count() > 200 {
        refuse("name", "users-name-required");
    }
    let password = match &from_environment {
        Some(given) => given.clone(),
        None => {
            if form.password.len() > 4 * MAX_PASSWORD_CHARS {
                refuse("password", "password-too-long");
            } else if let Err(problem) = check_password(&form.password, &[&username, &display_name])
            {
                refuse("password", &format!("password-{}", problem.key()));
            } else if form.password != form.repeat {
                refuse("repeat", "password-repeat-differs");
            }
            form.password.clone()
        }
    };
    let Some(municipality) = tenant else {
        return Ok(refused(&state, lang, &form, errors));
    };
    if !errors.is_empty() {
        return Ok(refused(&state, lang, &form, errors));
    }

    let new_user = NewUser {
        username: username.clone(),
        display_name,
        role: Role::Administrator,
        units: Vec::new(),
        must_change_password: false,
    };
    // Checked before anything is stored, so that nothing is left half made.
    if let Err(problem) = new_user.validate() {
        let field = if problem.field == "username" {
            "username"
        } else {
            "name"
        };
        let key = if field == "username" {
            "users-username-rule"
        } else {
            "users-name-required"
        };
        let errors = vec![(field.to_string(), text(lang, key).to_string())];
        return Ok(refused(&state, lang, &form, errors));
    }

    let _one_at_a_time = state.busy.lock().await;
    let change = Change::by(&username).because("första start i webbläsaren");
    let tenant = match state.store.tenants().await?.as_slice() {
        [] => None,
        // A setup that stopped between the municipality and its administrator is
        // finished now, for the same municipality.
        [only]
            if only.kolada_id == municipality.id
                && state.store.users(only.id).await?.is_empty() =>
        {
            Some(only.clone())
        }
        // Someone finished setup a moment ago; the workspace answers now.
        _ => return Ok(Redirect::to("/arbeta/logga-in").into_response()),
    };
    let hash = password_work(move || hash_password(&password))
        .await
        .map_err(AppError::Internal)?
        .map_err(AppError::Internal)?;
    let tenant = match tenant {
        Some(tenant) => tenant,
        None => {
            state
                .store
                .create_tenant(
                    &NewTenant {
                        kolada_id: municipality.id.to_string(),
                        name: municipality.name.to_string(),
                    },
                    &change,
                )
                .await?
        }
    };
    let user = state
        .store
        .create_user(tenant.id, &new_user, &hash, &change)
        .await?;
    let token = random_token();
    state
        .store
        .create_session(
            &token_hash(&token),
            &Session {
                tenant: tenant.id,
                user_id: user.id,
                csrf_token: random_token(),
                expires_at: OffsetDateTime::now_utc() + Duration::hours(SESSION_HOURS),
            },
        )
        .await?;
    tracing::info!(
        municipality = %tenant.name,
        kolada_id = %tenant.kolada_id,
        administrator = %username,
        "set up in the browser"
    );
    state.switch.replace(crate::workspace(
        state.store.clone(),
        tenant,
        &state.workspace,
    ));
    let secure = over_https(state.workspace.secure_cookies, &headers);
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, format!("{AFTER_SETUP}?klar=1")),
            (
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, SESSION_HOURS * 3600, secure),
            ),
        ],
    )
        .into_response())
}

fn refused<S>(
    state: &SetupState<S>,
    lang: Lang,
    form: &SetupForm,
    errors: Vec<(String, String)>,
) -> Response {
    let mut page = SetupPage::new(lang, state.options.admin_password.is_some(), form.kept());
    page.errors = errors;
    render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_sort_after_z() {
        let mut names = vec!["Örebro", "Ale", "Åre", "Älvkarleby", "Zzz", "Eda"];
        names.sort_by_key(|n| swedish_sort_key(n));
        assert_eq!(names, ["Ale", "Eda", "Zzz", "Åre", "Älvkarleby", "Örebro"]);
    }
}
