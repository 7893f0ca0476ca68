//! The data version: one number that every committed write raises. Readers that keep
//! something derived from the data (a rendered page) compare it with the version they
//! derived it at, so that a write by any process makes them derive it again.
//!
//! The raise is the last statement before a commit: on PostgreSQL it locks the one
//! row until the commit, so writers raise it in commit order, and because every
//! writer takes that lock last, it cannot take part in a deadlock.

use super::SqlBackend;
use super::query::fetch_all;
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn raise<B: SqlBackend>(tx: &mut B::Tx) -> Result<()> {
    B::execute(
        tx,
        "UPDATE data_version SET version = version + 1 WHERE id = 1",
        &[],
    )
    .await?;
    Ok(())
}

pub(super) async fn read<B: SqlBackend>(tx: &mut B::Tx) -> Result<u64> {
    let versions = fetch_all::<B, _>(
        tx,
        "SELECT version FROM data_version WHERE id = 1",
        &[],
        |row| Ok(row.get_i64("version")?.unwrap_or(0)),
    )
    .await?;
    let version = versions.first().copied().unwrap_or(0);
    Ok(u64::try_from(version).unwrap_or(0))
}

/// The version as committed, with the row locked until this transaction ends: no
/// other writer can commit a change in between (each raises the version last, and
/// waits for the lock). On SQLite the write transaction already excludes them.
pub(super) async fn read_locked<B: SqlBackend>(tx: &mut B::Tx) -> Result<u64> {
    B::execute(
        tx,
        "UPDATE data_version SET version = version WHERE id = 1",
        &[],
    )
    .await?;
    read::<B>(tx).await
}
