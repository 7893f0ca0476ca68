//! `riktning serve`: the workspace, optionally with the demo loaded first; on an
//! empty database, the setup in the browser.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use anyhow::{Context, Result, anyhow};
use riktning_domain::{Change, check_password};
use riktning_store::Store;
use riktning_web::reminders::MailOptions;
use riktning_web::setup::SETUP_PATH;
use riktning_web::{FIRST_ADMIN, FirstAdmin, ServeOptions, SetupOptions, Start, WorkspaceOptions};

use crate::args_web::ServeArgs;
use crate::output::say;
use crate::tenant;

pub async fn run<S: Store>(
    store: S,
    tenant_id: Option<&str>,
    args: &ServeArgs,
    actor: &str,
) -> Result<()> {
    let change = Change::by(actor);
    let password = std::env::var("RIKTNING_ADMIN_PASSWORD").ok();
    // A password that would be refused is reported before anything is loaded.
    if let Some(given) = &password {
        check_password(given, &[FIRST_ADMIN])
            .map_err(|e| anyhow!("RIKTNING_ADMIN_PASSWORD: {}", e.message()))?;
    }
    // The banner that marks the data as invented shows only when the demo is loaded
    // now; a database with data of its own is served as it is.
    let mut demo = false;
    if args.demo {
        if store.tenants().await?.is_empty() {
            let summary = riktning_demo::load_demo(&store, &Change::by("riktning demo"))
                .await
                .map_err(|e| anyhow!("loading the demo: {e}"))?;
            say!(
                "Loaded the demo for {}: {} council goals, {} committee goals, {} indicators, {} periods, {} assessments.",
                summary.tenant_name,
                summary.council_goals,
                summary.committee_goals,
                summary.indicators,
                summary.periods,
                summary.assessments.total()
            );
            demo = true;
        } else {
            say!(
                "The database already holds data; serving it as it is (the demo loads only into an empty database)."
            );
        }
    }
    let mail = mail_options(args)?;
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("listening on {}", args.bind))?;
    let address = browser_address(listener.local_addr()?);
    let options = ServeOptions {
        listener,
        workspace: WorkspaceOptions {
            secure_cookies: args.secure_cookies,
            demo,
            kolada_url: args.api.url.clone(),
            nightly_fetch: args.fetch_at.0,
            mail,
            data_licence: args.data_licence,
            data_contact: args.data_contact.clone(),
            public_url: args
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{address}")),
        },
    };
    if tenant_id.is_none() && store.tenants().await?.is_empty() {
        // An empty database is set up in the browser, by whoever has the start code.
        let code = riktning_web::auth::random_token();
        say!(
            "The database is empty. Open http://{address}{SETUP_PATH}?kod={code} to choose the municipality and create the first administrator. Stop with ctrl-c."
        );
        let setup = SetupOptions {
            code,
            admin_password: password,
        };
        riktning_web::serve(store, Start::Setup(setup), options).await?;
        return Ok(());
    }
    let tenant = tenant::resolve(&store, tenant_id, true, &change).await?;
    match riktning_web::ensure_first_admin(&store, &tenant, password.as_deref())
        .await
        .map_err(|e| anyhow!(e))?
    {
        FirstAdmin::NotNeeded => {}
        FirstAdmin::FromEnvironment => {
            say!(
                "Created the administrator '{FIRST_ADMIN}' with the password in RIKTNING_ADMIN_PASSWORD."
            );
        }
        FirstAdmin::OneTime(secret) => {
            say!(
                "Created the administrator '{FIRST_ADMIN}'. One-time password, shown only now: {secret}"
            );
        }
    }
    say!(
        "The public site is at http://{address} and the workspace at http://{address}{}: sign in there. Stop with ctrl-c.",
        riktning_web::STAFF_HOME
    );
    riktning_web::serve(store, Start::Tenant(tenant), options).await?;
    Ok(())
}

/// The reminder options, checked now so that a bad SMTP URL or sender stops the
/// start with a message instead of failing each night.
fn mail_options(args: &ServeArgs) -> Result<Option<MailOptions>> {
    let Some(smtp_url) = args.smtp_url.clone() else {
        return Ok(None);
    };
    let Some(from) = args.mail_from.clone() else {
        anyhow::bail!(
            "--smtp-url needs --mail-from, the sender of reminders (e.g. \"Riktning <riktning@kommun.se>\")"
        );
    };
    let options = MailOptions {
        smtp_url,
        from,
        public_url: args.public_url.clone().unwrap_or_default(),
        days_before: args.remind_days.clamp(0, 60),
        daily_at: args.remind_at.0,
    };
    riktning_web::reminders::Mailer::new(options.clone()).map_err(|e| anyhow!(e))?;
    say!("E-mail reminders are on: {options}.");
    Ok(Some(options))
}

/// The address to type in a browser on this machine: a server listening on every
/// interface (0.0.0.0) is reached at 127.0.0.1.
fn browser_address(bind: SocketAddr) -> SocketAddr {
    if bind.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), bind.port())
    } else {
        bind
    }
}
