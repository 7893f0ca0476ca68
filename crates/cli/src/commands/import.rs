use std::path::Path;

use std::io::Write;

use anyhow::{Context, Result, bail};
use riktning_domain::{Change, PlanDraft, years_in_title};
use riktning_store::{ImportOptions, ImportOutcome, Store};

use crate::args::ImportArgs;
use crate::output::{self, say};

/// Reads and parses the document. Touches no database.
pub fn parse(args: &ImportArgs) -> Result<PlanDraft> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = file_name(&args.file);
    // With a dry run or edits, a document without recognisable goals is shown line by
    // line, so that goals can be marked by hand.
    let read = if args.dry_run || args.edits.is_some() {
        riktning_import::parse_document_or_lines
    } else {
        riktning_import::parse_document
    };
    let mut draft =
        read(&name, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    if let Some(path) = &args.edits {
        apply_edits(&mut draft, path)?;
    }
    if let Some(title) = &args.plan {
        draft.title = title.clone();
    }
    Ok(draft)
}

/// Applies the corrections in `path` in order; the first that does not fit is an error
/// naming it, and nothing is stored.
fn apply_edits(draft: &mut PlanDraft, path: &Path) -> Result<()> {
    let json =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let edits: Vec<riktning_domain::DraftEdit> = serde_json::from_str(&json)
        .with_context(|| format!("{}: not a list of edits", path.display()))?;
    for (number, edit) in edits.iter().enumerate() {
        draft
            .apply(edit)
            .with_context(|| format!("{}: edit {} ({edit:?})", path.display(), number + 1))?;
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub fn print_dry_run(draft: &PlanDraft, json: bool) -> Result<()> {
    if json {
        say!("{}", serde_json::to_string_pretty(draft)?);
    } else {
        output::print_draft(draft)?;
    }
    Ok(())
}

/// The years and title the plan is stored under; decided before the database is opened
/// so that a document whose years cannot be told stores nothing.
pub fn options(args: &ImportArgs, draft: &PlanDraft) -> Result<ImportOptions> {
    let years_source = args.years.as_deref().unwrap_or(&draft.title);
    let Some((first_year, last_year)) = years_in_title(years_source) else {
        bail!(
            "cannot tell which years '{years_source}' covers; pass --years, e.g. --years 2024 or --years 2024-2026"
        );
    };
    Ok(ImportOptions {
        title: draft.title.clone(),
        first_year,
        last_year,
        replace: args.replace,
    })
}

pub async fn store<S: Store>(
    store: &S,
    tenant: riktning_domain::Id,
    options: &ImportOptions,
    draft: &PlanDraft,
    actor: &str,
) -> Result<ImportOutcome> {
    let change = Change::by(actor).because(format!(
        "import of {} (sha256 {})",
        draft.source_name.as_deref().unwrap_or("a document"),
        draft.source_sha256.as_deref().unwrap_or("unknown")
    ));
    store
        .import_plan(tenant, draft, options, &change)
        .await
        .map_err(|e| match e {
            riktning_store::StoreError::Duplicate(message) if message.contains("replace") => {
                anyhow::anyhow!(
                    "a plan titled '{}' already exists; add --replace to update it from this document, or --plan to give it another title",
                    options.title
                )
            }
            other => anyhow::Error::new(other).context("storing the plan"),
        })
}
