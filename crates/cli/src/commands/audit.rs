use std::io::Write;

use anyhow::{Context, Result};
use riktning_domain::{EntityKind, Id};
use riktning_store::{AuditQuery, Store};

use crate::output::{self, say};

pub async fn audit<S: Store>(
    store: &S,
    tenant: Id,
    entity: Option<&str>,
    id: Option<Id>,
    json: bool,
) -> Result<()> {
    let entity = entity
        .map(|e| e.parse::<EntityKind>())
        .transpose()
        .context("--entity")?;
    let events = store
        .audit_events(
            tenant,
            &AuditQuery {
                entity,
                entity_id: id,
            },
        )
        .await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&events)?);
    } else {
        output::print_audit(&events)?;
    }
    Ok(())
}
