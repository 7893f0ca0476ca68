//! Small query helpers shared by the entity modules.

use riktning_domain::{EntityKind, Id};

use super::{SqlBackend, SqlRow, SqlValue};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn fetch_all<B: SqlBackend, T: Send>(
    tx: &mut B::Tx,
    sql: &str,
    args: &[SqlValue],
    map: impl Fn(&dyn SqlRow) -> Result<T> + Send,
) -> Result<Vec<T>> {
    B::fetch_map(tx, sql, args, map).await
}

pub(super) async fn fetch_one<B: SqlBackend, T: Send>(
    tx: &mut B::Tx,
    sql: &str,
    args: &[SqlValue],
    map: impl Fn(&dyn SqlRow) -> Result<T> + Send,
    entity: EntityKind,
    id: impl ToString,
) -> Result<T> {
    fetch_all::<B, T>(tx, sql, args, map)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::not_found(entity, id))
}

pub(super) async fn insert_returning_id<B: SqlBackend>(
    tx: &mut B::Tx,
    sql: &str,
    args: &[SqlValue],
) -> Result<Id> {
    let rows = B::fetch(tx, sql, args).await?;
    rows.first()
        .and_then(|row| row.get_i64("id").transpose())
        .transpose()?
        .ok_or_else(|| StoreError::database("inserting a row", "no id was returned"))
}

/// Refuses references to rows of another tenant or rows that do not exist.
pub(super) async fn ensure_exists<B: SqlBackend>(
    tx: &mut B::Tx,
    entity: EntityKind,
    table: &'static str,
    tenant: Id,
    id: Id,
) -> Result<()> {
    let sql = format!("SELECT id FROM {table} WHERE id = $1 AND tenant_id = $2");
    if B::fetch(tx, &sql, &[id.into(), tenant.into()])
        .await?
        .is_empty()
    {
        return Err(StoreError::not_found(entity, id));
    }
    Ok(())
}

/// Unique-constraint failures read better as a sentence about the domain.
pub(super) fn duplicate_as(error: StoreError, message: String) -> StoreError {
    match error {
        StoreError::Duplicate(_) => StoreError::Duplicate(message),
        other => other,
    }
}
