//! Which municipality a command works on.

use anyhow::{Context, Result, bail};
use riktning_domain::{Change, NewTenant, Tenant};
use riktning_store::Store;

/// The tenant named by `--tenant`, or the only one there is. With `create`, a
/// municipality named by `--tenant` that is not stored yet is added.
pub async fn resolve<S: Store>(
    store: &S,
    kolada_id: Option<&str>,
    create: bool,
    change: &Change,
) -> Result<Tenant> {
    if let Some(kolada_id) = kolada_id {
        if let Some(tenant) = store.tenant_by_kolada_id(kolada_id).await? {
            return Ok(tenant);
        }
        if !create {
            bail!(
                "municipality {kolada_id} has no data in this database yet; import a budget document for it first"
            );
        }
        let new = NewTenant::from_kolada_id(kolada_id).context("--tenant")?;
        return Ok(store.create_tenant(&new, change).await?);
    }
    let mut tenants = store.tenants().await?;
    match tenants.len() {
        1 => Ok(tenants.remove(0)),
        0 if create => bail!(
            "name the municipality with --tenant KOLADA_ID (e.g. --tenant 2380 for Östersund)"
        ),
        0 => bail!(
            "the database is empty; import a budget document first, e.g. riktning --tenant 2380 import budget.pdf"
        ),
        _ => {
            let known: Vec<String> = tenants
                .iter()
                .map(|t| format!("{} ({})", t.kolada_id, t.name))
                .collect();
            bail!(
                "the database holds several municipalities; choose one with --tenant: {}",
                known.join(", ")
            )
        }
    }
}
