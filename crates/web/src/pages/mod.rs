//! The workspace's pages. Each module is one screen: its handlers and its view.

pub mod accessibility_reports;
pub mod account;
pub mod activity_edit;
pub mod api_tokens;
pub mod assess;
pub mod audit;
pub mod conclusion;
pub mod documents;
pub mod done;
pub mod goal_edit;
pub mod goal_page;
pub mod goals;
pub mod import;
pub mod indicator_edit;
pub mod indicator_settings;
pub mod kolada;
pub mod login;
pub mod organisation;
pub mod overview;
pub mod periods;
pub mod plans;
pub mod progress;
pub mod publish;
pub mod reminders;
pub mod row_forms;
pub mod rules;
pub mod status;
pub mod targets;
pub mod tasks;
pub mod users;
pub mod values;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{Id, Period, Plan, ScaleLevel};
use riktning_store::{Store, StoreRead};
use serde::Deserialize;

use crate::auth::set_cookie;
use crate::extract::Query;
use crate::i18n::{LANG_COOKIE, Lang, text};
use crate::{AppError, Shared, Visitor};

/// What the layout around every page needs.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub user: String,
    pub role: &'static str,
    pub csrf: String,
    /// Which navigation entry is the current page.
    pub current: &'static str,
    pub demo: bool,
    /// This page's address, to come back to after switching language.
    pub here: String,
    pub can_import: bool,
    pub can_administer: bool,
    /// May add council goals, periods and units.
    pub can_manage_plan: bool,
    /// The pages above this one, as (label, address), for the breadcrumbs; the page
    /// itself ends the trail. Empty on the top-level pages.
    pub trail: Vec<(String, String)>,
    /// The confirmation of the action that led here, if any.
    pub done: Option<&'static str>,
}

impl Chrome {
    pub fn new<S>(
        state: &Shared<S>,
        visitor: &Visitor,
        current: &'static str,
        title: String,
        here: String,
    ) -> Self {
        Chrome {
            lang: visitor.lang,
            title,
            user: visitor.user.display_name.clone(),
            role: role_label(visitor),
            csrf: visitor.csrf.clone(),
            current,
            demo: state.demo,
            here,
            can_import: crate::policy::allows(&visitor.user, crate::policy::Action::Import),
            can_administer: crate::policy::allows(&visitor.user, crate::policy::Action::Administer),
            can_manage_plan: crate::policy::allows(
                &visitor.user,
                crate::policy::Action::ManagePlan,
            ),
            trail: Vec::new(),
            done: visitor
                .done
                .as_deref()
                .and_then(|what| done::message(visitor.lang, what)),
        }
        .with_settings_trail()
    }

    /// The pages above this one, for the breadcrumbs.
    pub fn with_trail(mut self, trail: Vec<(String, String)>) -> Self {
        self.trail = trail;
        self
    }

    /// Adds a page above this one to the end of the breadcrumbs, after any the page
    /// already has (the settings page, for a page gathered there).
    pub fn below(mut self, label: String, address: String) -> Self {
        self.trail.push((label, address));
        self
    }

    /// Every page gathered under "Inställningar" is reached from it.
    fn with_settings_trail(self) -> Self {
        if self.in_settings() && self.current != "settings" {
            let settings = (
                self.t("nav-settings").to_string(),
                "/arbeta/installningar".to_string(),
            );
            self.with_trail(vec![settings])
        } else {
            self
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        text(self.lang, key)
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn is(&self, entry: &str) -> bool {
        self.current == entry
    }

    /// Whether the page is one of those gathered under "Inställningar".
    pub fn in_settings(&self) -> bool {
        matches!(
            self.current,
            "settings"
                | "plans"
                | "organisation"
                | "kolada"
                | "rules"
                | "import"
                | "users"
                | "reminders"
                | "publish"
        )
    }
}

/// The breadcrumbs above a page about `goal`: the goal tree, then the goal.
pub fn goal_trail(lang: Lang, goal: &riktning_domain::Goal) -> Vec<(String, String)> {
    vec![
        (
            text(lang, "nav-goals").to_string(),
            "/arbeta/mal".to_string(),
        ),
        (goal_label(goal), format!("/arbeta/mal/{}", goal.id)),
    ]
}

/// A goal as a breadcrumb names it: its code and short name, or the start of its
/// statement.
pub fn goal_label(goal: &riktning_domain::Goal) -> String {
    let name = goal
        .short_name
        .clone()
        .unwrap_or_else(|| crate::auth::clip(&goal.statement, 60));
    format!("{} {name}", goal.code)
}

fn role_label(visitor: &Visitor) -> &'static str {
    text(
        visitor.lang,
        &format!("role-{}", visitor.user.role.as_str()),
    )
}

/// A form page's validation messages, each for the field it is about.
pub trait FieldErrors {
    /// `(field, message)` pairs.
    fn errors(&self) -> &[(String, String)];

    /// The message to show next to `field`, if any.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors()
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.as_str())
    }
}

/// A status shown by symbol, text and colour together.
#[derive(Debug, Clone)]
pub struct Badge {
    pub symbol: String,
    pub label: String,
    pub colour: String,
}

impl Badge {
    /// The class that gives the badge its colour (see `/static/levels.css`): the
    /// page's CSP allows no `style` attribute.
    pub fn class(&self) -> String {
        colour_class(&self.colour)
    }

    pub fn of(level: &ScaleLevel, lang: Lang) -> Badge {
        Badge {
            symbol: level.symbol.clone(),
            label: match lang {
                Lang::Sv => level.label.clone(),
                Lang::En => level.label_en.clone(),
            },
            colour: level.colour.clone(),
        }
    }
}

/// Percent-encodes a path for a query parameter.
pub fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Only paths on this site, so a crafted link cannot send people elsewhere (and none
/// longer than an address can sensibly be).
pub fn local_path(path: &str) -> String {
    local_path_or(path, crate::STAFF_HOME)
}

/// Like [`local_path`], with another place to go when `path` is not on this site.
pub fn local_path_or(path: &str, fallback: &str) -> String {
    if path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 2048
    {
        path.to_string()
    } else {
        fallback.to_string()
    }
}

#[derive(Debug, Deserialize)]
pub struct LanguageQuery {
    val: String,
    #[serde(default)]
    tillbaka: String,
}

pub async fn language(headers: HeaderMap, Query(query): Query<LanguageQuery>) -> Response {
    switch_language(&headers, &query, crate::STAFF_HOME)
}

/// The public site's language switch: it goes back to the public start page, not to
/// the workspace, when the page to go back to is missing.
pub async fn public_language(headers: HeaderMap, Query(query): Query<LanguageQuery>) -> Response {
    switch_language(&headers, &query, "/")
}

fn switch_language(headers: &HeaderMap, query: &LanguageQuery, fallback: &str) -> Response {
    let lang = Lang::parse_choice(&query.val).unwrap_or(Lang::from_request(headers));
    let back = local_path_or(&query.tillbaka, fallback);
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, back),
            (
                header::SET_COOKIE,
                set_cookie(LANG_COOKIE, lang.code(), 60 * 60 * 24 * 365, false),
            ),
        ],
    )
        .into_response()
}

#[derive(askama::Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
}

/// "Inställningar": the pages that set the year up, gathered in one place.
pub async fn settings<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
) -> Result<Response, AppError> {
    crate::policy::authorize(&visitor.user, crate::policy::Action::View)?;
    let title = text(visitor.lang, "nav-settings").to_string();
    Ok(render(&SettingsPage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "settings",
            title,
            "/arbeta/installningar".into(),
        ),
    }))
}

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../static/kpi-search.js"),
    )
        .into_response()
}

pub async fn progress_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../static/kolada-progress.js"),
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

/// The class for a `#rrggbb` colour: `c-rrggbb` (anything but hex digits is left
/// out, so a class name is always safe).
pub fn colour_class(colour: &str) -> String {
    let digits: String = colour
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(6)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("c-{digits}")
}

/// The colours of every assessment scale's levels as classes, so that templates need
/// no `style` attribute.
pub async fn level_styles<S: Store>(State(state): State<crate::Shared<S>>) -> Response {
    let mut colours: Vec<String> = match state.store.scales(state.tenant.id).await {
        Ok(scales) => scales
            .iter()
            .flat_map(|scale| scale.levels.iter().map(|level| level.colour.clone()))
            .collect(),
        Err(error) => return AppError::from(error).into_response(),
    };
    colours.sort_unstable();
    colours.dedup();
    let css: String = colours
        .iter()
        .map(|colour| {
            let class = colour_class(colour);
            let hex = &class[2..];
            format!(".{class} {{ color: #{hex}; border-color: #{hex}; }}\n")
        })
        .collect();
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css).into_response()
}

/// The plan a page shows (the newest), its periods, and the period chosen by `?period=`
/// or else the first open one. Without a plan, or without a period, the visitor is
/// sent to the page that adds one.
pub async fn plan_and_period<S: Store>(
    state: &Shared<S>,
    chosen: Option<Id>,
) -> Result<(Plan, Vec<Period>, Period), AppError> {
    let mut read = state.store.reader().await?;
    let found = plan_and_period_in(&mut read, state.tenant.id, chosen).await;
    read.finish().await?;
    found
}

/// [`plan_and_period`] through a page's read transaction.
pub async fn plan_and_period_in<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    chosen: Option<Id>,
) -> Result<(Plan, Vec<Period>, Period), AppError> {
    let plan = current_plan_in(read, tenant).await?;
    let periods = read.periods(tenant, plan.id).await?;
    let period = pick_period(&periods, chosen)?;
    Ok((plan, periods, period))
}

/// The period asked for, else the first open one, else the last; without any, the
/// visitor is sent to the page that adds one.
pub fn pick_period(periods: &[Period], chosen: Option<Id>) -> Result<Period, AppError> {
    chosen
        .and_then(|id| periods.iter().find(|p| p.id == id))
        .or_else(|| periods.iter().find(|p| p.is_open()))
        .or_else(|| periods.last())
        .cloned()
        .ok_or(AppError::AddFirst(periods::NO_PERIOD_PATH))
}

/// The plan the pages show: the one a controller made current, else the newest.
/// Without one, the visitor is sent to the page that starts one.
pub async fn current_plan_in<R: StoreRead>(read: &mut R, tenant: Id) -> Result<Plan, AppError> {
    read.plans(tenant)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::AddFirst(plans::NO_PLAN_PATH))
}

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<Id>,
}

/// Renders a refused form again, with the status that says why.
pub fn render_with(status: StatusCode, template: &impl askama::Template) -> Response {
    (status, render(template)).into_response()
}

/// Renders a template into a response, or an error page.
pub fn render(template: &impl askama::Template) -> Response {
    match template.render() {
        Ok(html) => axum::response::Html(html).into_response(),
        Err(error) => AppError::Internal(format!("rendering a page: {error}")).into_response(),
    }
}

/// A number as people type it: Swedish decimal comma or point, spaces as thousands
/// separators.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    cleaned.replace(',', ".").parse().ok()
}

/// Why the store refused a form's save, as the form shows it again: the field the
/// message is about ("form" for the whole form), the message in the visitor's
/// language, and the status. A duplicate is about `duplicate_field`. Whatever a form
/// cannot explain (a database failure) stays an error page.
pub fn refused_save(
    error: riktning_store::StoreError,
    lang: Lang,
    duplicate_field: &str,
) -> Result<((String, String), StatusCode), AppError> {
    use riktning_store::StoreError;
    let whole_form = |key: &str| ("form".to_string(), text(lang, key).to_string());
    match error {
        StoreError::Invalid { entity, source } => Ok((
            (
                source.field.to_string(),
                crate::store_words::invalid(lang, entity, &source),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        StoreError::Duplicate(_) => Ok((
            (
                duplicate_field.to_string(),
                crate::store_words::duplicate(lang, duplicate_field),
            ),
            StatusCode::CONFLICT,
        )),
        StoreError::Conflict { .. } => Ok((whole_form("goal-conflict"), StatusCode::CONFLICT)),
        StoreError::Busy { .. } => Ok((whole_form("form-busy"), StatusCode::SERVICE_UNAVAILABLE)),
        other => Err(other.into()),
    }
}

/// A target's comparator in words ("minst", "at most"), never its stored name.
pub(crate) fn comparator_label(
    comparator: riktning_domain::Comparator,
    lang: crate::i18n::Lang,
) -> &'static str {
    crate::i18n::text(lang, &format!("comparator-{}", comparator.as_str()))
}

/// A target as the pages write it: "minst 82,5 %", with the indicator's unit.
pub(crate) fn target_in_words(
    target: &riktning_domain::Target,
    indicator: &riktning_domain::Indicator,
    decimals: usize,
    lang: crate::i18n::Lang,
) -> String {
    let unit = indicator
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    format!(
        "{} {}{unit}",
        comparator_label(target.comparator, lang),
        riktning_domain::format_number_trimmed(target.value, decimals)
    )
}

/// The plan and the council's decision that adopted it, in words; without a decision,
/// the plan and the words of `undecided_key`.
pub(crate) fn decision_in_words(
    title: &str,
    decision: Option<&riktning_domain::Decision>,
    undecided_key: &str,
    lang: Lang,
) -> String {
    match decision {
        Some(d) => format!(
            "{title}: {} {} {}{}, {} {}",
            text(lang, "goal-adopted-by"),
            d.body,
            d.date,
            d.paragraph
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default(),
            text(lang, "plans-case-number").to_lowercase(),
            d.case_number
        ),
        None => format!("{title}: {}", text(lang, undecided_key)),
    }
}
