use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use riktning_store::StoreError;
use sqlx::Sqlite;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

#[derive(Debug, Clone)]
pub struct SqliteBackend {
    pool: SqlitePool,
}

impl SqliteBackend {
    pub async fn open(location: &str) -> Result<Self, StoreError> {
        let options = connect_options(location)?;
        if let Some(parent) = options.get_filename().parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::database(format!("creating the folder {}", parent.display()), e)
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::database(format!("opening the SQLite database {location}"), e)
            })?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::database("bringing the SQLite schema up to date", e))?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// Accepts `sqlite:PATH`, `sqlite://PATH` and a bare file path.
pub(crate) fn connect_options(location: &str) -> Result<SqliteConnectOptions, StoreError> {
    let options = if location.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(location)
            .map_err(|e| StoreError::database(format!("reading the database URL {location}"), e))?
    } else {
        SqliteConnectOptions::new().filename(Path::new(location))
    };
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10)))
}

riktning_store::sqlx_backend!(SqliteBackend, SqliteRowRef, Sqlite);
