//! Riktning's demo: a complete, plausible example for Östersunds kommun (Kolada id
//! 2380), loaded into an empty database so that every screen of the follow-up workspace
//! has something to show.
//!
//! What it holds:
//!
//! - the plan "Budget 2024", imported from the project's own example document
//!   (`examples/ostersund-budget-2024.md`): the council's eight goals with their short
//!   names, categories, example political texts, commitments and text targets;
//! - Kolada's KPI catalogue for municipalities (ids and titles), for KPI search;
//! - an organisation: the council, the executive board responsible for every council
//!   goal, four committees and a municipal company;
//! - committee goals under four of the council goals;
//! - three financial goals beside the document's goals (result, equity ratio and the
//!   self-financing of investments), on real Kolada KPI ids with example values;
//! - indicators: Kolada KPIs (real ids and titles) whose values a Kolada sync fills in,
//!   the population with SCB's values for Östersund, and two indicators kept by hand;
//! - the periods "Tertial 1 2024" (closed), "Delår 2024" and "Årsredovisning 2024";
//! - assessments in every workflow state, made and approved by different actors, with
//!   committee goals and council goals left unassessed so the "who has not reported"
//!   list has something in it;
//! - an assignment and activities with progress reports, and a report on a commitment.
//!
//! The organisation, the committee goals and their texts, the assessments, activities,
//! targets and the values of the indicators kept by hand (named "exempelvärden") are
//! invented example data. The population values are SCB's (31 December each year, as
//! published in Kolada).
//!
//! [`load_demo`] checks everything before it writes anything: the store has no
//! transaction across calls, so a load must not fail halfway.

mod catalogue;
mod content;
mod error;
mod examples;
mod followup;
mod indicators;
mod loaded;
mod plan;
mod preflight;
mod publication;
mod summary;

use riktning_domain::{Change, NewTenant};
use riktning_store::Store;

pub use error::DemoError;
pub use summary::{AssessmentCounts, DemoSummary};

use crate::content::{DOCUMENT, DOCUMENT_NAME, KOLADA_ID};
use crate::error::StoreContext;

/// The Kolada id of the municipality the demo is about.
pub const DEMO_KOLADA_ID: &str = KOLADA_ID;

/// Loads the demo into an empty database, as `change`'s actor; the reporting steps are
/// made by demo actors such as "demo:sekreterare BUN" and "demo:controller". Refuses
/// with [`DemoError::NotEmpty`], changing nothing, if the database holds any tenant.
pub async fn load_demo<S: Store>(store: &S, change: &Change) -> Result<DemoSummary, DemoError> {
    ensure_empty(store).await?;
    let draft = riktning_import::parse_document(DOCUMENT_NAME, DOCUMENT).map_err(|source| {
        DemoError::Import {
            document: DOCUMENT_NAME,
            source,
        }
    })?;
    let tenant =
        NewTenant::from_kolada_id(KOLADA_ID).map_err(|e| DemoError::invalid("municipality", e))?;
    preflight::check(&draft)?;
    let mut loaded = plan::load(store, &tenant, &draft, change).await?;
    loaded.summary.catalogue_kpis = catalogue::load(store, loaded.tenant, change).await?;
    indicators::load(store, &mut loaded, change).await?;
    followup::load(store, &mut loaded, change).await?;
    publication::load(store, &loaded, change).await?;
    Ok(loaded.summary)
}

async fn ensure_empty<S: Store>(store: &S) -> Result<(), DemoError> {
    let tenants = store
        .tenants()
        .await
        .during(|| "checking that the database is empty".to_string())?;
    if tenants.is_empty() {
        Ok(())
    } else {
        Err(DemoError::NotEmpty {
            tenants: tenants
                .into_iter()
                .map(|t| format!("{} ({})", t.name, t.kolada_id))
                .collect(),
        })
    }
}
