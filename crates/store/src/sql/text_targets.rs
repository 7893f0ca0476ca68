//! Text targets of a goal.

use riktning_domain::{AuditAction, Change, EntityKind, Id, NewTextTarget, TextTarget};

use super::SqlBackend;
use super::audit::{Recorded, record, snapshot};
use super::query::{ensure_exists, fetch_all, fetch_one, insert_returning_id};
use super::rows::{self, TEXT_TARGET_COLUMNS};
use super::versioned::{RowRef, delete_row, update_row};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn read_text_targets<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
) -> Result<Vec<TextTarget>> {
    let sql = format!(
        "SELECT {TEXT_TARGET_COLUMNS} FROM text_targets WHERE goal_id = $1 AND tenant_id = $2 ORDER BY position, id"
    );
    fetch_all::<B, _>(tx, &sql, &[goal.into(), tenant.into()], rows::text_target).await
}

pub(super) async fn read_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
) -> Result<TextTarget> {
    let sql =
        format!("SELECT {TEXT_TARGET_COLUMNS} FROM text_targets WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        rows::text_target,
        EntityKind::TextTarget,
        id,
    )
    .await
}

pub(super) async fn insert_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewTextTarget,
    change: &Change,
) -> Result<TextTarget> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::TextTarget, e))?;
    ensure_exists::<B>(tx, EntityKind::Goal, "goals", tenant, new.goal_id).await?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO text_targets (tenant_id, goal_id, position, text, comparator, target_value, unit, target_year, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id",
        &[
            tenant.into(),
            new.goal_id.into(),
            new.position.into(),
            new.text.as_str().into(),
            new.comparator.map(|c| c.as_str()).into(),
            new.value.into(),
            new.unit.clone().into(),
            new.year.into(),
        ],
    )
    .await?;
    let target = read_text_target::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::TextTarget,
            entity_id: id,
            action: AuditAction::Create,
            before: None,
            after: Some(snapshot(&target)?),
        },
    )
    .await?;
    Ok(target)
}

pub(super) async fn write_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    target: &TextTarget,
    change: &Change,
) -> Result<TextTarget> {
    target
        .validate()
        .map_err(|e| StoreError::invalid(EntityKind::TextTarget, e))?;
    let before = read_text_target::<B>(tx, tenant, target.id).await?;
    update_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::TextTarget,
            table: "text_targets",
            tenant,
            id: target.id,
        },
        target.version,
        "position = $1, text = $2, comparator = $3, target_value = $4, unit = $5, target_year = $6",
        vec![
            target.position.into(),
            target.text.as_str().into(),
            target.comparator.map(|c| c.as_str()).into(),
            target.value.into(),
            target.unit.clone().into(),
            target.year.into(),
        ],
    )
    .await?;
    let after = read_text_target::<B>(tx, tenant, target.id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::TextTarget,
            entity_id: target.id,
            action: AuditAction::Update,
            before: Some(snapshot(&before)?),
            after: Some(snapshot(&after)?),
        },
    )
    .await?;
    Ok(after)
}

pub(super) async fn remove_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let before = read_text_target::<B>(tx, tenant, id).await?;
    delete_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::TextTarget,
            table: "text_targets",
            tenant,
            id,
        },
        version,
    )
    .await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::TextTarget,
            entity_id: id,
            action: AuditAction::Delete,
            before: Some(snapshot(&before)?),
            after: None,
        },
    )
    .await
}
