//! Which municipality a command works on.

use std::io::Write as _;

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

/// The tenant for a document that names municipality `named` (a Kolada id), when no
/// `--tenant` was given: on an empty database, or one that holds that municipality,
/// the one the document names; otherwise as [`resolve`] decides, with a warning that
/// the document names another. Either way the terminal says which was chosen and why.
pub async fn for_document<S: Store>(store: &S, named: &str, change: &Change) -> Result<Tenant> {
    let tenants = store.tenants().await?;
    let fits = tenants.is_empty() || tenants.iter().any(|t| t.kolada_id == named);
    if fits {
        let tenant = resolve(store, Some(named), true, change).await?;
        crate::output::say!(
            "Municipality: {} ({}), named in the document; pass --tenant to choose another.",
            tenant.name,
            tenant.kolada_id
        );
        return Ok(tenant);
    }
    let tenant = resolve(store, None, true, change).await?;
    let named_name = riktning_domain::municipality_by_id(named).map_or(named, |m| m.name);
    crate::output::say!(
        "Warning: the document names {named_name} ({named}), but it is stored for {} ({}), the municipality of this database; pass --tenant to choose.",
        tenant.name,
        tenant.kolada_id
    );
    Ok(tenant)
}
