//! What every versioned entity's storage does alike: read one row, record its creation,
//! update it with a version check, delete it, each write with its audit event.

use std::future::Future;

use riktning_domain::{AuditAction, Change, EntityKind, Id};
use serde::Serialize;

use super::audit::{Recorded, record, snapshot};
use super::query::fetch_one;
use super::versioned::{RowRef, delete_row, update_row};
use super::{SqlBackend, SqlRow, SqlValue};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// An entity kept in one table with `id`, `tenant_id` and `version` columns.
pub(super) trait Stored: Serialize + Sized + Send {
    const KIND: EntityKind;
    const TABLE: &'static str;
    const COLUMNS: &'static str;

    fn from_row(row: &dyn SqlRow) -> Result<Self>;

    /// Reads one entity of the tenant; entities spread over several tables override it.
    fn read<B: SqlBackend>(
        tx: &mut B::Tx,
        tenant: Id,
        id: Id,
    ) -> impl Future<Output = Result<Self>> + Send {
        async move {
            let sql = format!(
                "SELECT {} FROM {} WHERE id = $1 AND tenant_id = $2",
                Self::COLUMNS,
                Self::TABLE
            );
            fetch_one::<B, _>(
                tx,
                &sql,
                &[id.into(), tenant.into()],
                Self::from_row,
                Self::KIND,
                id,
            )
            .await
        }
    }
}

/// The tenant's entities whose `parent_column` is `parent`, in `order`, e.g. a goal's
/// commitments by position.
pub(super) async fn read_children<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    parent_column: &str,
    parent: Id,
    order: &str,
) -> Result<Vec<E>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {parent_column} = $1 AND tenant_id = $2 ORDER BY {order}",
        E::COLUMNS,
        E::TABLE
    );
    super::query::fetch_all::<B, _>(tx, &sql, &[parent.into(), tenant.into()], E::from_row).await
}

fn row_ref<E: Stored>(tenant: Id, id: Id) -> RowRef {
    RowRef {
        entity: E::KIND,
        table: E::TABLE,
        tenant,
        id,
    }
}

/// Reads a just-inserted row back and records its creation under `action` (a create,
/// or an import).
pub(super) async fn created<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    action: AuditAction,
    change: &Change,
) -> Result<E> {
    let entity = E::read::<B>(tx, tenant, id).await?;
    let event = Recorded {
        entity: E::KIND,
        entity_id: id,
        action,
        before: None,
        after: Some(snapshot(&entity)?),
    };
    record::<B>(tx, tenant, change, event).await?;
    Ok(entity)
}

/// Sets `assignments` (`$1`… in `args`) on the row at `version`, and records the entity
/// before and after under `action`.
pub(super) struct Update<'a> {
    pub id: Id,
    pub version: i64,
    pub assignments: &'a str,
    pub args: Vec<SqlValue>,
    pub action: AuditAction,
}

pub(super) async fn updated<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    update: Update<'_>,
    change: &Change,
) -> Result<E> {
    let id = update.id;
    let (before, action) = update_columns::<B, E>(tx, tenant, update).await?;
    record_update::<B, E>(tx, tenant, id, &before, action, change).await
}

/// The first half of [`updated`]: sets the columns and returns the entity as it was.
/// Entities with state in other tables (goal links) write it next, then call
/// [`record_update`], so that one audit event covers the whole change.
pub(super) async fn update_columns<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    update: Update<'_>,
) -> Result<(E, AuditAction)> {
    let Update {
        id,
        version,
        assignments,
        args,
        action,
    } = update;
    let before = E::read::<B>(tx, tenant, id).await?;
    update_row::<B>(tx, &row_ref::<E>(tenant, id), version, assignments, args).await?;
    Ok((before, action))
}

/// The second half of [`updated`]: reads the entity back and records it before and
/// after.
pub(super) async fn record_update<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    before: &E,
    action: AuditAction,
    change: &Change,
) -> Result<E> {
    let after = E::read::<B>(tx, tenant, id).await?;
    let event = Recorded {
        entity: E::KIND,
        entity_id: id,
        action,
        before: Some(snapshot(before)?),
        after: Some(snapshot(&after)?),
    };
    record::<B>(tx, tenant, change, event).await?;
    Ok(after)
}

/// Deletes the row at `version` and records what it held.
pub(super) async fn removed<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<E> {
    let before = E::read::<B>(tx, tenant, id).await?;
    delete_row::<B>(tx, &row_ref::<E>(tenant, id), version).await?;
    let event = Recorded {
        entity: E::KIND,
        entity_id: id,
        action: AuditAction::Delete,
        before: Some(snapshot(&before)?),
        after: None,
    };
    record::<B>(tx, tenant, change, event).await?;
    Ok(before)
}
