//! `riktning report`: the annual report's goal section as a document, the same file
//! the workspace's download buttons give.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use riktning_domain::Id;
use riktning_export::{Format, Options};
use riktning_store::{Store, StoreRead};

use crate::lookup;

pub async fn report<S: Store>(
    store: &S,
    tenant: Id,
    plan: Option<&str>,
    period: Option<&str>,
    format: Format,
    out: &Path,
) -> Result<()> {
    let mut read = store.reader().await?;
    let found = async {
        let plan = lookup::plan_in(&mut read, tenant, plan).await?;
        let period = match period {
            Some(name) => Some(lookup::period_in(&mut read, tenant, &plan, name).await?),
            None => None,
        };
        let source = riktning_publish::for_document(
            &mut read,
            tenant,
            plan.id,
            period.as_ref().map(|p| p.id),
        )
        .await?;
        Ok::<_, anyhow::Error>(source)
    }
    .await;
    read.finish().await?;
    let source = found?;
    let bytes = riktning_export::render(
        &source.report,
        format,
        Options {
            draft: source.draft,
        },
    )?;
    if out == Path::new("-") {
        std::io::stdout()
            .write_all(&bytes)
            .context("writing the document to standard output")?;
    } else {
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    }
    let from = match source.publication {
        Some((id, version)) => format!("from publication {id}, version {version}"),
        None => "as a draft (Utkast): the period is not published".to_string(),
    };
    // The document itself may be on standard output: the note goes to standard error.
    let target = if out == Path::new("-") {
        "standard output".to_string()
    } else {
        out.display().to_string()
    };
    eprintln!(
        "Wrote the goal section as {} to {target}, {from} ({} bytes).",
        format.label(),
        bytes.len()
    );
    Ok(())
}
