//! Choosing and opening the database from `--db`.

use anyhow::{Context, Result, bail};
use riktning_store_postgres::PostgresStore;
use riktning_store_sqlite::SqliteStore;

pub enum Database {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// The database location: `--db`, `RIKTNING_DB`, or a file in the platform data folder.
pub fn location(given: Option<&str>) -> Result<String> {
    if let Some(given) = given {
        return Ok(given.to_string());
    }
    let dirs = directories::ProjectDirs::from("se", "Riktning", "riktning")
        .context("no home folder to keep the database in; pass --db FILE")?;
    Ok(dirs
        .data_dir()
        .join("riktning.db")
        .to_string_lossy()
        .into_owned())
}

pub fn is_postgres(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

pub async fn open(location: &str) -> Result<Database> {
    if is_postgres(location) {
        let store = riktning_store_postgres::open(location)
            .await
            .context("opening the PostgreSQL database")?;
        return Ok(Database::Postgres(store));
    }
    if location.contains("://") && !location.starts_with("sqlite:") {
        bail!("--db must be a sqlite: URL, a file path or a postgres:// URL, not '{location}'");
    }
    let store = riktning_store_sqlite::open(location)
        .await
        .with_context(|| format!("opening the SQLite database {location}"))?;
    Ok(Database::Sqlite(store))
}
