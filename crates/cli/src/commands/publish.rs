//! `riktning publish`: the same act as the workspace's Publicering page, for a
//! script or a scheduled job.

use anyhow::{Result, anyhow};
use riktning_domain::{Change, Id, format_stockholm};
use riktning_publish::PublishError;
use riktning_store::{Store, StoreRead};
use std::io::Write;

use crate::lookup;
use crate::output::say;

pub async fn publish<S: Store>(
    store: &S,
    tenant: Id,
    plan: Option<&str>,
    period: Option<&str>,
    reason: &str,
    change: &Change,
) -> Result<()> {
    let plan = lookup::plan(store, tenant, plan).await?;
    let period = match period {
        Some(name) => Some(lookup::period(store, tenant, &plan, name).await?),
        None => None,
    };
    let published = riktning_publish::publish(
        store,
        tenant,
        plan.id,
        period.as_ref().map(|p| p.id),
        reason,
        change,
    )
    .await
    .map_err(|error| match error {
        PublishError::Store(riktning_store::StoreError::Invalid { source, .. })
            if source.field == "reason" =>
        {
            anyhow!("it is published already: say what the new version corrects with --reason")
        }
        other => anyhow!(other),
    })?;
    let what = match &period {
        Some(period) => format!("{}, {}", plan.title, period.name),
        None => plan.title.clone(),
    };
    say!(
        "Published {what} as version {} (publication {}): /publicering/{}",
        published.version,
        published.id,
        published.id
    );
    Ok(())
}

pub async fn list<S: Store>(store: &S, tenant: Id) -> Result<()> {
    let mut read = store.reader().await?;
    let publications = read.publications(tenant).await;
    read.finish().await?;
    let publications = publications?;
    if publications.is_empty() {
        say!("Nothing is published yet. Publish a period with `riktning publish --period NAME`.");
        return Ok(());
    }
    say!(
        "{:>4}  {:>7}  {:<16}  {:<8}  reason",
        "id",
        "version",
        "published",
        "period"
    );
    for p in &publications {
        say!(
            "{:>4}  {:>7}  {:<16}  {:<8}  {}",
            p.id,
            p.version,
            format_stockholm(p.published_at),
            p.period_id
                .map_or_else(|| "plan".to_string(), |id| id.to_string()),
            p.reason
        );
    }
    Ok(())
}
