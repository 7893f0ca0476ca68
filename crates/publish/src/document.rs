//! Which report a document of the goal section is made from. A period that has been
//! published is written from its newest publication, exactly as the council and the
//! public saw it. Any other period (or a plan without a publication) is written from
//! what is approved right now and marked as a draft, since it may still change.

use riktning_domain::Id;
use riktning_store::StoreRead;

use crate::{PublishError, Report, build};

pub struct DocumentReport {
    pub report: Report,
    /// Not yet published: the document says "Utkast" on every page.
    pub draft: bool,
    /// The publication it was made from, and its version.
    pub publication: Option<(Id, i64)>,
}

/// The report for a document of `plan` in `period` (or before it has results).
pub async fn for_document<R: StoreRead>(
    read: &mut R,
    tenant: Id,
    plan: Id,
    period: Option<Id>,
) -> Result<DocumentReport, PublishError> {
    let newest = read
        .publications(tenant)
        .await?
        .into_iter()
        .filter(|p| p.plan_id == plan && p.period_id == period)
        .max_by_key(|p| p.version);
    if let Some(newest) = newest {
        let publication = read.publication(tenant, newest.id).await?;
        let report: Report = serde_json::from_value(publication.content)
            .map_err(|e| PublishError::Encode(format!("publication {}: {e}", newest.id)))?;
        return Ok(DocumentReport {
            report,
            draft: false,
            publication: Some((newest.id, newest.version)),
        });
    }
    Ok(DocumentReport {
        report: build(read, tenant, plan, period).await?,
        draft: true,
        publication: None,
    })
}
