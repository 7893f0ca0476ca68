//! `riktning serve`: the workspace, optionally with the demo loaded first.

use std::io::Write;

use anyhow::{Result, anyhow};
use riktning_domain::Change;
use riktning_store::Store;
use riktning_web::{FIRST_ADMIN, FirstAdmin, ServeOptions};

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
    let tenant = tenant::resolve(&store, tenant_id, false, &change).await?;
    let password = std::env::var("RIKTNING_ADMIN_PASSWORD").ok();
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
    say!("Open http://{} and sign in. Stop with ctrl-c.", args.bind);
    riktning_web::serve(
        store,
        tenant,
        ServeOptions {
            bind: args.bind,
            secure_cookies: args.secure_cookies,
            demo,
        },
    )
    .await?;
    Ok(())
}
