//! Progress of Kolada syncs, so that a sync cut off half way resumes where it stopped.

use std::collections::BTreeSet;

use riktning_domain::{AuditAction, Change, EntityKind, Id, Observation};
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Recorded, record};
use super::query::{fetch_all, insert_returning_id};
use super::{SqlBackend, observations};
use crate::{ObservationChanges, StoreError, SyncRun, SyncSummary};

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn begin<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    fingerprint: &str,
) -> Result<SyncRun> {
    let unfinished = fetch_all::<B, _>(
        tx,
        "SELECT id FROM sync_runs WHERE tenant_id = $1 AND fingerprint = $2 AND finished_at IS NULL ORDER BY id DESC",
        &[tenant.into(), fingerprint.into()],
        |row| Ok(row.get_i64("id")?.unwrap_or_default()),
    )
    .await?;
    if let Some(&id) = unfinished.first() {
        let done_chunks: BTreeSet<String> = fetch_all::<B, _>(
            tx,
            "SELECT chunk FROM sync_chunks WHERE run_id = $1 AND tenant_id = $2",
            &[id.into(), tenant.into()],
            |row| Ok(row.get_text("chunk")?.unwrap_or_default()),
        )
        .await?
        .into_iter()
        .collect();
        return Ok(SyncRun {
            id,
            resumed: true,
            done_chunks,
        });
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO sync_runs (tenant_id, fingerprint, started_at) VALUES ($1, $2, $3) RETURNING id",
        &[tenant.into(), fingerprint.into(), OffsetDateTime::now_utc().into()],
    )
    .await?;
    Ok(SyncRun {
        id,
        resumed: false,
        done_chunks: BTreeSet::new(),
    })
}

pub(super) async fn store_chunk<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    run: Id,
    chunk: &str,
    rows: &[Observation],
    change: &Change,
) -> Result<ObservationChanges> {
    let changes = observations::upsert::<B>(tx, tenant, rows, change).await?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    B::execute(
        tx,
        "UPDATE sync_runs SET rows_read = rows_read + $1, inserted = inserted + $2, revised = revised + $3 WHERE id = $4 AND tenant_id = $5",
        &[
            count(rows.len()).into(),
            count(changes.inserted).into(),
            count(changes.revised).into(),
            run.into(),
            tenant.into(),
        ],
    )
    .await?;
    B::execute(
        tx,
        "INSERT INTO sync_chunks (tenant_id, run_id, chunk, done_at) VALUES ($1, $2, $3, $4)",
        &[
            tenant.into(),
            run.into(),
            chunk.into(),
            OffsetDateTime::now_utc().into(),
        ],
    )
    .await?;
    Ok(changes)
}

pub(super) async fn finish<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, run: Id) -> Result<()> {
    let done = B::execute(
        tx,
        "UPDATE sync_runs SET finished_at = $1 WHERE id = $2 AND tenant_id = $3 AND finished_at IS NULL",
        &[OffsetDateTime::now_utc().into(), run.into(), tenant.into()],
    )
    .await?;
    if done == 0 {
        return Err(StoreError::not_found(EntityKind::Sync, run));
    }
    let event = Recorded {
        entity: EntityKind::Sync,
        entity_id: run,
        action: AuditAction::Update,
        before: None,
        after: Some(json!({ "finished": true })),
    };
    record::<B>(tx, tenant, &Change::by("kolada sync"), event).await
}

pub(super) async fn summaries<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    limit: usize,
) -> Result<Vec<SyncSummary>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    fetch_all::<B, _>(
        tx,
        "SELECT r.id, r.started_at, r.finished_at, r.rows_read, r.inserted, r.revised, \
         (SELECT COUNT(*) FROM sync_chunks c WHERE c.run_id = r.id AND c.tenant_id = r.tenant_id) AS chunks_done \
         FROM sync_runs r WHERE r.tenant_id = $1 ORDER BY r.id DESC LIMIT $2",
        &[tenant.into(), limit.into()],
        |row| {
            Ok(SyncSummary {
                id: row.get_i64("id")?.unwrap_or_default(),
                started_at: row
                    .get_timestamp("started_at")?
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                finished_at: row.get_timestamp("finished_at")?,
                chunks_done: row.get_i64("chunks_done")?.unwrap_or_default(),
                rows: row.get_i64("rows_read")?.unwrap_or_default(),
                inserted: row.get_i64("inserted")?.unwrap_or_default(),
                revised: row.get_i64("revised")?.unwrap_or_default(),
            })
        },
    )
    .await
}
