//! Riktning's staff workspace: server-rendered pages that work without JavaScript,
//! sign-in with roles, and the follow-up workflow in the browser.
//!
//! Handlers stay thin: they check the visitor's role in [`policy`], call the store or
//! the follow-up crate, and render an askama template.

pub mod auth;
mod chart;
mod derived_cache;
mod documents;
mod error;
mod extract;
pub mod i18n;
mod integration;
pub mod kolada_work;
mod markdown;
pub mod openapi;
mod pages;
pub mod policy;
mod problem;
pub mod public;
pub mod reminders;
pub mod security;
mod server;
mod session;
pub mod setup;
mod store_words;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use riktning_domain::{Id, Tenant};
use riktning_store::Store;

pub use error::AppError;
pub use integration::TOKEN_PREFIX;
pub use server::{FIRST_ADMIN, FirstAdmin, ServeOptions, Start, ensure_first_admin, serve};
pub use session::{Reading, Visitor};
pub use setup::{SetupOptions, first_start};

/// What every request shares: the store, the municipality this server serves, and
/// the sign-in throttle.
pub struct AppState<S> {
    pub store: S,
    pub tenant: Tenant,
    pub throttle: auth::Throttle,
    /// Mark cookies Secure: set when the server is reached over https.
    pub secure_cookies: bool,
    /// Show the banner that says the data is invented example data.
    pub demo: bool,
    /// Kolada: where the API is, and the background job fetching from it.
    pub kolada: kolada_work::KoladaWork,
    /// Sends reminders by e-mail, when an SMTP server is configured.
    pub mailer: Option<reminders::Mailer>,
    /// Goal pages as derived from the data, kept until the data changes.
    pub(crate) goal_views:
        derived_cache::DerivedCache<pages::goal_page::GoalViewKey, pages::goal_page::GoalView>,
    /// Public pages and API answers as rendered, kept per publication version.
    pub(crate) public_pages: derived_cache::DerivedCache<public::PublicPage, public::Rendered>,
    /// The list of publications, read at most once a second.
    pub(crate) published_list: public::PublishedList,
    /// Publications' reports as decoded, by publication id.
    pub(crate) public_reports: derived_cache::DerivedCache<Id, riktning_publish::Report>,
    /// The licence the published data is offered under.
    pub data_licence: public::DataLicence,
    /// The address people reach Riktning at, for embedding code.
    pub public_url: String,
    /// Who answers questions about the open data.
    pub data_contact: Option<String>,
    /// How many accessibility problems each client has reported lately.
    pub(crate) report_throttle: public::ReportThrottle,
}

pub type Shared<S> = Arc<AppState<S>>;

/// Where the staff workspace lives; the public site has the rest of the addresses.
pub const STAFF_HOME: &str = "/arbeta";

/// How the workspace runs, whichever way it starts.
#[derive(Debug, Clone)]
pub struct WorkspaceOptions {
    /// Mark cookies Secure: set when the server is reached over https.
    pub secure_cookies: bool,
    /// Show the banner that says the data is invented example data.
    pub demo: bool,
    /// The Kolada v3 API.
    pub kolada_url: String,
    /// When to fetch indicator values by itself each night, Stockholm time; `None`
    /// never.
    pub nightly_fetch: Option<(u8, u8)>,
    /// E-mail reminders; `None` when no SMTP server is configured.
    pub mail: Option<reminders::MailOptions>,
    /// The licence of the published data, shown on "Om data" and in the open data.
    pub data_licence: public::DataLicence,
    /// The address people reach Riktning at, without a trailing slash, for the code
    /// another website copies to embed a goal's status.
    pub public_url: String,
    /// The e-mail address for questions about the open data, named in the DCAT
    /// catalogue; without it the catalogue points to the accessibility statement.
    pub data_contact: Option<String>,
}

impl Default for WorkspaceOptions {
    fn default() -> Self {
        WorkspaceOptions {
            secure_cookies: false,
            demo: false,
            kolada_url: riktning_kolada::DEFAULT_BASE_URL.to_string(),
            nightly_fetch: None,
            mail: None,
            data_licence: public::DataLicence::default(),
            public_url: "http://127.0.0.1:8080".to_string(),
            data_contact: None,
        }
    }
}

impl<S: Store> AppState<S> {
    pub fn new(store: S, tenant: Tenant, options: &WorkspaceOptions) -> Self {
        AppState {
            store,
            tenant,
            throttle: auth::Throttle::default(),
            secure_cookies: options.secure_cookies,
            demo: options.demo,
            kolada: kolada_work::KoladaWork::new(options.kolada_url.clone(), options.nightly_fetch),
            // `serve` checks the options before it starts; a bad one here is logged
            // and reminders stay off.
            mailer: options.mail.clone().and_then(|mail| {
                reminders::Mailer::new(mail)
                    .map_err(|error| tracing::error!(%error, "e-mail reminders are off"))
                    .ok()
            }),
            // A goal view holds its period's context (goals, assessments, progress):
            // a few hundred kilobytes for a large plan, so few are kept.
            goal_views: derived_cache::DerivedCache::with_capacity(64),
            // Rendered public answers: tens of kilobytes each.
            public_pages: derived_cache::DerivedCache::with_capacity(1024),
            // Decoded reports: a few hundred kilobytes each, and a municipality
            // publishes a few a year.
            public_reports: derived_cache::DerivedCache::with_capacity(32),
            published_list: public::PublishedList::default(),
            data_licence: options.data_licence,
            public_url: options.public_url.trim_end_matches('/').to_string(),
            data_contact: options.data_contact.clone(),
            report_throttle: public::ReportThrottle::default(),
        }
    }
}

/// The workspace's state and its router, with the nightly fetch started when the
/// options ask for it.
pub fn workspace<S: Store>(store: S, tenant: Tenant, options: &WorkspaceOptions) -> Router {
    let state = Arc::new(AppState::new(store, tenant, options));
    if let Some((hour, minute)) = options.nightly_fetch {
        kolada_work::spawn_nightly(state.clone(), hour, minute);
    }
    if let Some((hour, minute)) = options.mail.as_ref().and_then(|m| m.daily_at)
        && state.mailer.is_some()
    {
        reminders::spawn_daily(state.clone(), hour, minute);
    }
    router(state)
}

/// The largest body of an ordinary form (sign-in, a status, a target, a user): a few
/// short fields need a few kilobytes, so 64 KiB is generous.
pub const FORM_LIMIT: usize = 64 * 1024;
/// The largest body of a form with Markdown text (a goal's political text, an analysis,
/// a description). Encoded, Swedish text takes about twice its length: 256 KiB holds some
/// 100 000 characters, far more than any of these texts. The upload of a budget document
/// has its own limit, `pages::import::MAX_UPLOAD_MB`.
pub const TEXT_FORM_LIMIT: usize = 256 * 1024;

/// Every page, with the security headers and error pages of [`security`] on every
/// response, and the not-found page for unknown addresses.
pub fn router<S: Store>(state: Shared<S>) -> Router {
    let text_form = || DefaultBodyLimit::max(TEXT_FORM_LIMIT);
    Router::new()
        .route(STAFF_HOME, get(pages::overview::page::<S>))
        .route(
            "/arbeta/logga-in",
            get(pages::login::form).post(pages::login::submit::<S>),
        )
        .route("/arbeta/logga-ut", post(pages::login::sign_out::<S>))
        .route(
            error::CHANGE_PASSWORD_PATH,
            get(pages::account::form::<S>).post(pages::account::change::<S>),
        )
        .route("/arbeta/sprak", get(pages::language))
        .route("/arbeta/installningar", get(pages::settings::<S>))
        // Setup is done: a bookmark or a reload of the setup page leads to the start.
        .route(
            setup::SETUP_PATH,
            get(|| async { axum::response::Redirect::to(STAFF_HOME) }),
        )
        .route("/arbeta/mal", get(pages::goals::tree::<S>))
        .route(
            "/arbeta/mal/ny",
            get(pages::goal_edit::create_form::<S>)
                .post(pages::goal_edit::create::<S>)
                .layer(text_form()),
        )
        .route("/arbeta/mal/{id}", get(pages::goal_page::goal::<S>))
        .route(
            "/arbeta/mal/{id}/indikator",
            get(pages::indicator_edit::form::<S>).post(pages::indicator_edit::save::<S>),
        )
        .route(
            "/arbeta/kolada/sok",
            get(pages::indicator_edit::search::<S>),
        )
        .route(
            "/arbeta/indikator/{id}/redigera",
            get(pages::indicator_settings::form::<S>).post(pages::indicator_settings::save::<S>),
        )
        .route(
            "/arbeta/indikator/{id}/varden",
            get(pages::values::list::<S>).post(pages::values::save::<S>),
        )
        .route(
            "/arbeta/indikator/{id}/malvarden",
            get(pages::targets::list::<S>).post(pages::targets::add::<S>),
        )
        .route(
            "/arbeta/indikator/{id}/malvarden/{target}/ta-bort",
            post(pages::targets::remove::<S>),
        )
        .route("/static/kpi-search.js", get(pages::script))
        .route(
            "/arbeta/mal/{id}/redigera",
            get(pages::goal_edit::edit_form::<S>)
                .post(pages::goal_edit::save_edit::<S>)
                .layer(text_form()),
        )
        .route(
            "/arbeta/mal/{goal}/atagande/{id}/lage",
            post(pages::progress::report_commitment::<S>),
        )
        .route(
            "/arbeta/aktiviteter",
            get(pages::progress::list::<S>)
                .post(pages::progress::add_activity::<S>)
                .layer(text_form()),
        )
        .route(
            "/arbeta/aktivitet/{id}/lage",
            post(pages::progress::report_activity::<S>),
        )
        .route(
            "/arbeta/aktivitet/{id}/redigera",
            get(pages::activity_edit::form::<S>)
                .post(pages::activity_edit::save::<S>)
                .layer(text_form()),
        )
        .route(
            "/arbeta/mal/{id}/bedomning",
            get(pages::assess::form::<S>)
                .post(pages::assess::save::<S>)
                .layer(text_form()),
        )
        .route(
            "/arbeta/bedomning/{id}/{step}",
            post(pages::assess::step::<S>),
        )
        .route("/arbeta/uppfoljning", get(pages::status::page::<S>))
        .route(
            pages::publish::PATH,
            get(pages::publish::show::<S>).post(pages::publish::publish::<S>),
        )
        .route(pages::documents::PATH, get(pages::documents::download::<S>))
        .route(
            pages::conclusion::PATH,
            get(pages::conclusion::show::<S>)
                .post(pages::conclusion::save::<S>)
                .layer(text_form()),
        )
        .route(pages::tasks::PATH, get(pages::tasks::page::<S>))
        .route(
            "/arbeta/planer",
            get(pages::plans::list::<S>).post(pages::plans::create::<S>),
        )
        .route("/arbeta/planer/{id}/beslut", post(pages::plans::adopt::<S>))
        .route(
            "/arbeta/planer/{id}/aktuell",
            post(pages::plans::make_current::<S>),
        )
        .route(
            "/arbeta/perioder",
            get(pages::periods::list::<S>).post(pages::periods::add::<S>),
        )
        .route(
            "/arbeta/organisation",
            get(pages::organisation::list::<S>).post(pages::organisation::add::<S>),
        )
        .route(
            "/arbeta/organisation/{id}/andra",
            post(pages::organisation::edit::<S>),
        )
        .route(
            "/arbeta/organisation/{id}/ta-bort",
            post(pages::organisation::remove::<S>),
        )
        .route(
            "/arbeta/bedomningsregler",
            get(pages::rules::show::<S>).post(pages::rules::save::<S>),
        )
        .route(
            "/arbeta/paminnelser",
            get(pages::reminders::show::<S>).post(pages::reminders::send_now::<S>),
        )
        .route("/arbeta/kolada", get(pages::kolada::show::<S>))
        .route("/arbeta/kolada/status", get(pages::kolada::status::<S>))
        .route(
            "/arbeta/kolada/katalog",
            post(pages::kolada::upload_catalogue::<S>),
        )
        .route(
            "/arbeta/kolada/katalog/hamta",
            post(pages::kolada::fetch_catalogue::<S>),
        )
        .route(
            "/arbeta/kolada/jamforelse",
            post(pages::kolada::choose_groups::<S>),
        )
        .route(
            "/arbeta/kolada/hamta",
            post(pages::kolada::fetch_values::<S>),
        )
        .route("/static/kolada-progress.js", get(pages::progress_script))
        .route(
            "/arbeta/perioder/{id}/andra",
            post(pages::periods::edit::<S>),
        )
        .route(
            "/arbeta/perioder/{id}/{action}",
            post(pages::periods::set_state::<S>),
        )
        .route(
            "/arbeta/import",
            get(pages::import::form::<S>).post(pages::import::upload::<S>),
        )
        .route("/arbeta/import/bekrafta", post(pages::import::confirm::<S>))
        .route("/arbeta/import/granska", get(pages::import::review::<S>))
        .route("/arbeta/import/ratta", post(pages::import::correct::<S>))
        .route("/arbeta/logg/{entity}/{id}", get(pages::audit::page::<S>))
        .route(
            "/arbeta/anvandare",
            get(pages::users::list::<S>).post(pages::users::add::<S>),
        )
        .route(
            "/arbeta/anvandare/{id}/andra",
            post(pages::users::edit::<S>),
        )
        .route(
            "/arbeta/anvandare/{id}/{action}",
            post(pages::users::act::<S>),
        )
        .route(
            pages::api_tokens::PATH,
            get(pages::api_tokens::list::<S>).post(pages::api_tokens::create::<S>),
        )
        .route(
            "/arbeta/konto/nycklar/{id}/aterkalla",
            post(pages::api_tokens::revoke::<S>),
        )
        .route(
            pages::accessibility_reports::PATH,
            get(pages::accessibility_reports::list::<S>),
        )
        .route(
            "/arbeta/tillganglighetsrapporter/{id}/hanterad",
            post(pages::accessibility_reports::mark_handled::<S>),
        )
        .route(
            "/api/v1/indikatorer/{id}/varden",
            post(integration::push_values::<S>)
                .layer(DefaultBodyLimit::max(integration::VALUES_BODY_LIMIT)),
        )
        .route(
            "/api/v1/arbete/perioder/{id}/bedomningar",
            get(integration::draft_assessments::<S>),
        )
        .route("/api/openapi.json", get(openapi::serve))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/static/levels.css", get(pages::level_styles::<S>))
        .merge(public::router::<S>())
        .fallback(error::not_found)
        // Routes that take more set their own limit inside this one, which wins.
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(state.secure_cookies, security::harden))
        .with_state(state)
}
