use riktning_domain::{EntityKind, Id};

use super::{SqlBackend, SqlRow, SqlValue};
use crate::StoreError;

/// One versioned row: which entity, in which table, of which tenant.
pub(super) struct RowRef {
    pub entity: EntityKind,
    pub table: &'static str,
    pub tenant: Id,
    pub id: Id,
}

/// Checks that the stored row still has the version the caller read. Returns
/// `NotFound` if it is gone and `Conflict` if someone else saved it since.
pub(super) async fn check_version<B: SqlBackend>(
    tx: &mut B::Tx,
    row_ref: &RowRef,
    expected: i64,
) -> Result<(), StoreError> {
    let RowRef {
        entity,
        table,
        tenant,
        id,
    } = *row_ref;
    let sql = format!("SELECT version FROM {table} WHERE id = $1 AND tenant_id = $2");
    let rows = B::fetch(tx, &sql, &[id.into(), tenant.into()]).await?;
    let row = rows
        .first()
        .ok_or_else(|| StoreError::not_found(entity, id))?;
    let actual = row.get_i64("version")?.unwrap_or_default();
    if actual != expected {
        return Err(StoreError::Conflict {
            entity,
            id,
            expected,
            actual,
        });
    }
    Ok(())
}

/// Updates the columns in `assignments` (numbered `$1`…`$n` in `args`) of one row
/// and bumps its version, only if the version is still `expected`.
pub(super) async fn update_row<B: SqlBackend>(
    tx: &mut B::Tx,
    row_ref: &RowRef,
    expected: i64,
    assignments: &str,
    mut args: Vec<SqlValue>,
) -> Result<(), StoreError> {
    check_version::<B>(tx, row_ref, expected).await?;
    let RowRef {
        table, tenant, id, ..
    } = *row_ref;
    let n = args.len();
    let sql = format!(
        "UPDATE {table} SET {assignments}, version = version + 1 WHERE id = ${} AND tenant_id = ${} AND version = ${}",
        n + 1,
        n + 2,
        n + 3
    );
    args.extend([id.into(), tenant.into(), expected.into()]);
    if B::execute(tx, &sql, &args).await? == 0 {
        // Saved by someone else between the check and the update.
        check_version::<B>(tx, row_ref, expected).await?;
    }
    Ok(())
}

/// Deletes one row if its version is still `expected`.
pub(super) async fn delete_row<B: SqlBackend>(
    tx: &mut B::Tx,
    row_ref: &RowRef,
    expected: i64,
) -> Result<(), StoreError> {
    check_version::<B>(tx, row_ref, expected).await?;
    let RowRef {
        table, tenant, id, ..
    } = *row_ref;
    let sql = format!("DELETE FROM {table} WHERE id = $1 AND tenant_id = $2 AND version = $3");
    if B::execute(tx, &sql, &[id.into(), tenant.into(), expected.into()]).await? == 0 {
        check_version::<B>(tx, row_ref, expected).await?;
    }
    Ok(())
}
