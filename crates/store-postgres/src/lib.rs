//! Riktning's storage on PostgreSQL: one database for many municipalities, with a
//! tenant id on every table. Migrations are compiled in and run when the store opens.

mod backend;
mod observations;

pub use backend::{PostgresBackend, PostgresRow};

use riktning_store::StoreError;
use riktning_store::sql::SqlStore;

pub type PostgresStore = SqlStore<PostgresBackend>;

/// Connects to `url` (`postgres://…`) and brings the schema up to date.
pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
    Ok(SqlStore::new(PostgresBackend::open(url, None).await?))
}

/// Like [`open`], but keeps every table in `schema`, which must exist. Tests use this
/// so that runs never collide.
pub async fn open_in_schema(url: &str, schema: &str) -> Result<PostgresStore, StoreError> {
    Ok(SqlStore::new(
        PostgresBackend::open(url, Some(schema)).await?,
    ))
}
