//! Riktning's embedded default: the whole database in one SQLite file, in WAL mode
//! with foreign keys on. Migrations are compiled in and run when the store opens.

mod backend;
mod backup;
mod direct_read;
mod lock;

pub use backend::{SqliteBackend, SqliteRowRef, SqliteTx};
pub use backup::{backup, restore};

use riktning_store::StoreError;
use riktning_store::sql::SqlStore;

pub type SqliteStore = SqlStore<SqliteBackend>;

/// Opens (creating if needed) the database at `location`, a `sqlite:` URL or a plain
/// file path, and brings its schema up to date.
pub async fn open(location: &str) -> Result<SqliteStore, StoreError> {
    Ok(SqlStore::new(SqliteBackend::open(location).await?))
}
