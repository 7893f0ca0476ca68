//! Running the workspace: the first administrator, the listener, one log line per
//! request, and a graceful stop on ctrl-c or SIGTERM.

use std::net::SocketAddr;

use riktning_domain::{Change, NewUser, Role, Tenant, check_password};
use riktning_store::Store;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::{clip, hash_password, one_time_password};
use crate::setup::{SetupOptions, first_start};
use crate::{WorkspaceOptions, workspace};

/// How the first administrator got a password.
#[derive(Debug, PartialEq, Eq)]
pub enum FirstAdmin {
    /// Users exist already; nothing was done.
    NotNeeded,
    /// Created with the password from the environment.
    FromEnvironment,
    /// Created with this one-time password, to be shown once.
    OneTime(String),
}

pub const FIRST_ADMIN: &str = "admin";

/// Creates the administrator `admin` when the tenant has no users, with `password` if
/// given, else with a one-time password.
pub async fn ensure_first_admin<S: Store>(
    store: &S,
    tenant: &Tenant,
    password: Option<&str>,
) -> Result<FirstAdmin, String> {
    if !store
        .users(tenant.id)
        .await
        .map_err(|e| e.to_string())?
        .is_empty()
    {
        return Ok(FirstAdmin::NotNeeded);
    }
    let (secret, outcome) = match password {
        Some(given) => {
            check_password(given, &[FIRST_ADMIN])
                .map_err(|e| format!("RIKTNING_ADMIN_PASSWORD: {}", e.message()))?;
            (given.to_string(), FirstAdmin::FromEnvironment)
        }
        None => {
            let generated = one_time_password();
            (generated.clone(), FirstAdmin::OneTime(generated))
        }
    };
    let new = NewUser {
        username: FIRST_ADMIN.to_string(),
        display_name: "Administratör".to_string(),
        role: Role::Administrator,
        units: Vec::new(),
        // A printed one-time password is replaced at the first sign-in.
        must_change_password: matches!(outcome, FirstAdmin::OneTime(_)),
    };
    store
        .create_user(
            tenant.id,
            &new,
            &hash_password(&secret)?,
            &Change::by("riktning serve").because("first start: no users"),
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(outcome)
}

pub struct ServeOptions {
    /// The socket to serve on, bound by the caller so that it can say the real address
    /// (with `--bind 127.0.0.1:0`, the port the system chose) before serving.
    pub listener: tokio::net::TcpListener,
    pub workspace: WorkspaceOptions,
}

/// What the server starts with.
pub enum Start {
    /// The workspace of this municipality.
    Tenant(Tenant),
    /// An empty database: the setup page first (see [`crate::setup`]).
    Setup(SetupOptions),
}

/// Serves until ctrl-c or SIGTERM, then finishes the requests in flight.
pub async fn serve<S: Store>(store: S, start: Start, options: ServeOptions) -> std::io::Result<()> {
    let app = match start {
        Start::Tenant(tenant) => workspace(store, tenant, &options.workspace),
        Start::Setup(setup) => first_start(store, setup, options.workspace),
    };
    // The dummy hash for unknown user names is made now, not on someone's sign-in.
    crate::auth::prepare_password_work();
    let app = app.layer(
        TraceLayer::new_for_http()
            // The address is cut short: a stranger's long one is not copied into
            // every log line.
            .make_span_with(|request: &axum::http::Request<axum::body::Body>| {
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    uri = %clip(&logged_uri(request.uri()), 200),
                )
            })
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    );
    let listener = options.listener;
    tracing::info!(address = %listener.local_addr()?, "serving");
    // The peer's address reaches the handlers, for throttling sign-ins per address.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

/// The address as the log shows it: the setup page's query is left out, for it
/// carries the start code.
fn logged_uri(uri: &axum::http::Uri) -> String {
    if uri.path() == crate::setup::SETUP_PATH {
        uri.path().to_string()
    } else {
        uri.to_string()
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing requests in flight");
}
