//! Syncing Kolada data into the store: which KPIs and areas, in chunks that each commit
//! on their own, so a sync cut off half way resumes at the first chunk not stored, and
//! running it again changes nothing.

use riktning_domain::{
    COUNTRY_ID, Change, Id, IndicatorSource, Observation, Tenant, municipality_by_id,
};
use riktning_store::{ObservationChanges, Store, StoreError};
use time::{Date, OffsetDateTime};

use crate::{Client, Error};

/// What to sync: these KPIs for these areas, optionally only values updated after a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPlan {
    pub kpis: Vec<String>,
    pub areas: Vec<String>,
    pub from_date: Option<Date>,
}

impl SyncPlan {
    /// Identifies the work list, so that only the same sync resumes an unfinished one.
    pub fn fingerprint(&self) -> String {
        let mut kpis = self.kpis.clone();
        kpis.sort();
        kpis.dedup();
        let mut areas = self.areas.clone();
        areas.sort();
        areas.dedup();
        let from = self.from_date.map(|d| d.to_string()).unwrap_or_default();
        format!(
            "kpis={};areas={};from={from}",
            kpis.join(","),
            areas.join(",")
        )
    }
}

/// Where a sync is, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProgress {
    pub chunk: usize,
    pub chunks: usize,
    /// True when the chunk was stored by an earlier, interrupted attempt.
    pub skipped: bool,
    pub rows: usize,
    pub changes: ObservationChanges,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub resumed: bool,
    pub chunks: usize,
    /// Chunks an earlier attempt had already stored.
    pub skipped_chunks: usize,
    pub rows: usize,
    pub changes: ObservationChanges,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Kolada(#[from] Error),
    #[error(
        "storing the data failed after {stored_chunks} of {chunks} chunks; run the sync again to resume: {source}"
    )]
    Store {
        stored_chunks: usize,
        chunks: usize,
        #[source]
        source: StoreError,
    },
}

/// Fetches the plan's data chunk by chunk and stores each chunk in one transaction,
/// together with the mark that it is done. `published` gives a KPI's publication date
/// for the stored observations, where known.
pub async fn sync<S: Store>(
    store: &S,
    tenant: Id,
    client: &Client,
    plan: &SyncPlan,
    published: impl Fn(&str) -> Option<Date>,
    change: &Change,
    mut progress: impl FnMut(&SyncProgress),
) -> Result<SyncReport, SyncError> {
    let urls = client.data_urls(&plan.kpis, &plan.areas, plan.from_date)?;
    let chunks = urls.len();
    let store_error = |stored_chunks, source| SyncError::Store {
        stored_chunks,
        chunks,
        source,
    };
    let run = store
        .begin_sync(tenant, &plan.fingerprint())
        .await
        .map_err(|e| store_error(0, e))?;
    let mut report = SyncReport {
        resumed: run.resumed,
        chunks,
        ..SyncReport::default()
    };
    for (index, url) in urls.iter().enumerate() {
        let key = chunk_key(client, url);
        if run.done_chunks.contains(&key) {
            report.skipped_chunks += 1;
            progress(&SyncProgress {
                chunk: index + 1,
                chunks,
                skipped: true,
                rows: 0,
                changes: ObservationChanges::default(),
            });
            continue;
        }
        let mut rows = Vec::new();
        client
            .follow::<Error>(url, |page| {
                rows.extend(page.rows);
                Ok(())
            })
            .await?;
        let fetched_at = OffsetDateTime::now_utc();
        let observations: Vec<Observation> = rows
            .into_iter()
            .map(|row| {
                let published_on = published(&row.kpi);
                let mut observation = row.into_observation(fetched_at);
                observation.published = published_on;
                observation
            })
            .collect();
        let changes = store
            .store_sync_chunk(tenant, run.id, &key, &observations, change)
            .await
            .map_err(|e| store_error(index, e))?;
        report.rows += observations.len();
        report.changes.add(changes);
        progress(&SyncProgress {
            chunk: index + 1,
            chunks,
            skipped: false,
            rows: observations.len(),
            changes,
        });
    }
    store
        .finish_sync(tenant, run.id)
        .await
        .map_err(|e| store_error(chunks, e))?;
    Ok(report)
}

/// A chunk is named by its first page's path and query, without the base URL, so a
/// changed base URL (a mirror, a proxy) still resumes the same work.
fn chunk_key(client: &Client, url: &str) -> String {
    url.strip_prefix(client.base_url())
        .unwrap_or(url)
        .to_string()
}

/// What a tenant's sync covers: every Kolada KPI that an indicator follows (only those
/// of `goals` when given), for the municipality, the country, the comparison groups and
/// every municipality of the same kind in the catalogue, since a rank needs all who
/// reported. `None` when no indicator follows a Kolada KPI.
pub async fn tenant_plan<S: Store>(
    store: &S,
    tenant: &Tenant,
    goals: Option<&[Id]>,
    from_date: Option<Date>,
) -> Result<Option<SyncPlan>, StoreError> {
    let mut kpis: Vec<String> = store
        .indicators(tenant.id)
        .await?
        .into_iter()
        .filter(|i| i.source == IndicatorSource::Kolada)
        .filter(|i| goals.is_none_or(|goals| i.goals.iter().any(|l| goals.contains(&l.goal_id))))
        .filter_map(|i| i.kolada_kpi)
        .collect();
    kpis.sort();
    kpis.dedup();
    if kpis.is_empty() {
        return Ok(None);
    }
    let mut areas = vec![tenant.kolada_id.clone(), COUNTRY_ID.to_string()];
    areas.extend(store.comparison_groups(tenant.id).await?);
    let kind = municipality_by_id(&tenant.kolada_id).map_or("K", |m| m.kind);
    areas.extend(
        store
            .areas(tenant.id)
            .await?
            .into_iter()
            .filter(|a| a.kind == kind && a.id != COUNTRY_ID)
            .map(|a| a.id),
    );
    areas.sort();
    areas.dedup();
    Ok(Some(SyncPlan {
        kpis,
        areas,
        from_date,
    }))
}

/// Syncs `plan` for the tenant, with each value's publication date taken from the
/// stored KPI catalogue where it says one.
pub async fn sync_tenant<S: Store>(
    store: &S,
    tenant: &Tenant,
    client: &Client,
    plan: &SyncPlan,
    change: &Change,
    progress: impl FnMut(&SyncProgress),
) -> Result<SyncReport, SyncError> {
    let catalogue = store
        .kpi_catalogue(tenant.id)
        .await
        .map_err(|source| SyncError::Store {
            stored_chunks: 0,
            chunks: 0,
            source,
        })?;
    let published = |kpi: &str| {
        catalogue
            .iter()
            .find(|k| k.id == kpi)
            .and_then(|k| crate::Kpi::from(k).published())
    };
    sync(store, tenant.id, client, plan, published, change, progress).await
}
