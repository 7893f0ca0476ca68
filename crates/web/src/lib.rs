//! Riktning's staff workspace: server-rendered pages that work without JavaScript,
//! sign-in with roles, and the follow-up workflow in the browser.
//!
//! Handlers stay thin: they check the visitor's role in [`policy`], call the store or
//! the follow-up crate, and render an askama template.

pub mod auth;
mod chart;
mod error;
pub mod i18n;
mod markdown;
mod pages;
pub mod policy;
mod server;
mod session;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use riktning_domain::Tenant;
use riktning_store::Store;

pub use error::AppError;
pub use server::{FIRST_ADMIN, FirstAdmin, ServeOptions, ensure_first_admin, serve};
pub use session::Visitor;

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
}

pub type Shared<S> = Arc<AppState<S>>;

pub fn router<S: Store>(state: Shared<S>) -> Router {
    Router::new()
        .route("/", get(pages::overview::page::<S>))
        .route(
            "/logga-in",
            get(pages::login::form).post(pages::login::submit::<S>),
        )
        .route("/logga-ut", post(pages::login::sign_out::<S>))
        .route("/sprak", get(pages::language))
        .route("/mal", get(pages::goals::tree::<S>))
        .route("/mal/{id}", get(pages::goals::goal::<S>))
        .route(
            "/mal/{id}/bedomning",
            get(pages::assess::form::<S>).post(pages::assess::save::<S>),
        )
        .route("/bedomning/{id}/{step}", post(pages::assess::step::<S>))
        .route("/uppfoljning", get(pages::status::page::<S>))
        .route("/logg/{entity}/{id}", get(pages::audit::page::<S>))
        .route("/static/app.css", get(pages::stylesheet))
        .with_state(state)
}
