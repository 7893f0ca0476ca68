//! Visitors' reports of accessibility problems. A report is stored as sent; the only
//! change is marking it handled, which is on the record. The number of reports
//! waiting is capped, so that a flood from the open internet cannot fill the disk.

use riktning_domain::{
    AccessibilityReport, AuditAction, Change, EntityKind, Id, NewAccessibilityReport,
    ValidationError,
};
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Recorded, record};
use super::query::{fetch_all, fetch_one, insert_returning_id};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Reports waiting to be handled, at most. Far more than a municipality's site gets
/// in a year; past it, a new report is refused until the administrators catch up.
pub const MAX_WAITING_REPORTS: i64 = 500;

const COLUMNS: &str = "id, page, description, contact, reported_at, handled_at, handled_by";

fn report(row: &dyn SqlRow) -> Result<AccessibilityReport> {
    let missing = |column: &str| StoreError::Corrupt {
        table: "accessibility_reports",
        column: column.to_string(),
        detail: "is empty".to_string(),
    };
    Ok(AccessibilityReport {
        id: row.get_i64("id")?.ok_or_else(|| missing("id"))?,
        page: row.get_text("page")?.unwrap_or_default(),
        description: row.get_text("description")?.unwrap_or_default(),
        contact: row.get_text("contact")?.unwrap_or_default(),
        reported_at: row
            .get_timestamp("reported_at")?
            .ok_or_else(|| missing("reported_at"))?,
        handled_at: row.get_timestamp("handled_at")?,
        handled_by: row.get_text("handled_by")?,
    })
}

pub(super) async fn insert<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewAccessibilityReport,
) -> Result<AccessibilityReport> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::AccessibilityReport, e))?;
    // Counting and inserting must not interleave with another writer's, or the cap
    // could be passed on PostgreSQL; the data version's row lock orders them.
    super::data_version::read_locked::<B>(tx).await?;
    let waiting = fetch_all::<B, _>(
        tx,
        "SELECT COUNT(*) AS waiting FROM accessibility_reports \
         WHERE tenant_id = $1 AND handled_at IS NULL",
        &[tenant.into()],
        |row| Ok(row.get_i64("waiting")?.unwrap_or(0)),
    )
    .await?
    .first()
    .copied()
    .unwrap_or(0);
    if waiting >= MAX_WAITING_REPORTS {
        return Err(StoreError::invalid(
            EntityKind::AccessibilityReport,
            ValidationError::new(
                "description",
                format!(
                    "{waiting} reports are waiting to be handled; no more are taken until some are"
                ),
            ),
        ));
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO accessibility_reports (tenant_id, page, description, contact, reported_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            tenant.into(),
            new.page.trim().into(),
            new.description.trim().into(),
            new.contact.trim().into(),
            OffsetDateTime::now_utc().into(),
        ],
    )
    .await?;
    read::<B>(tx, tenant, id).await
}

/// Marks a report handled, once: handling it again changes nothing and records
/// nothing.
pub(super) async fn mark_handled<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    change: &Change,
) -> Result<AccessibilityReport> {
    let before = read::<B>(tx, tenant, id).await?;
    if before.handled_at.is_some() {
        return Ok(before);
    }
    B::execute(
        tx,
        "UPDATE accessibility_reports SET handled_at = $1, handled_by = $2 \
         WHERE id = $3 AND tenant_id = $4",
        &[
            OffsetDateTime::now_utc().into(),
            change.actor.as_str().into(),
            id.into(),
            tenant.into(),
        ],
    )
    .await?;
    let after = read::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::AccessibilityReport,
            entity_id: id,
            action: AuditAction::Update,
            before: Some(json!({ "handled": false })),
            after: Some(json!({ "handled": true })),
        },
    )
    .await?;
    Ok(after)
}

/// The tenant's reports, waiting ones first, newest first within each.
pub(super) async fn list<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Vec<AccessibilityReport>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accessibility_reports WHERE tenant_id = $1 \
         ORDER BY CASE WHEN handled_at IS NULL THEN 0 ELSE 1 END, id DESC LIMIT 1000"
    );
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], report).await
}

async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<AccessibilityReport> {
    let sql =
        format!("SELECT {COLUMNS} FROM accessibility_reports WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        report,
        EntityKind::AccessibilityReport,
        id,
    )
    .await
}
