//! Consistent copies of the database file while it may be in use, and restoring one.

use std::path::Path;

use riktning_store::StoreError;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{ConnectOptions, Connection, Row};

use crate::SqliteBackend;
use crate::backend::{connect_options, store_error};
use crate::lock::DatabaseLock;

/// Writes a consistent copy of the open database to `out`, which must not exist.
/// `VACUUM INTO` reads inside one transaction, so writers can go on meanwhile.
pub async fn backup(backend: &SqliteBackend, out: &Path) -> Result<(), StoreError> {
    if out.exists() {
        return Err(StoreError::Duplicate(format!(
            "{} already exists; choose a new file name for the backup",
            out.display()
        )));
    }
    let target = out.to_string_lossy().to_string();
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(backend.pool())
        .await
        .map_err(|e| store_error(&format!("writing the backup to {}", out.display()), e))?;
    Ok(())
}

/// Replaces the database at `location` with the backup file `from`. Refuses while any
/// other process has the database open (a running server would go on writing to the
/// replaced file, and lose every save), and refuses to overwrite a database that holds
/// any tenant unless `force` is set.
pub async fn restore(location: &str, from: &Path, force: bool) -> Result<(), StoreError> {
    check_is_riktning_database(from).await?;
    let target_path = connect_options(location)?.get_filename().to_path_buf();
    if let Some(parent) = target_path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|e| {
            StoreError::database(format!("creating the folder {}", parent.display()), e)
        })?;
    }
    // Held until the restored file is in place, so nothing opens the old one meanwhile.
    let _lock = DatabaseLock::exclusive(&target_path)?;
    let target = SqliteBackend::open_unlocked(location).await?;
    let tenants: i64 = sqlx::query("SELECT COUNT(*) AS n FROM tenants")
        .fetch_one(target.pool())
        .await
        .and_then(|row| row.try_get("n"))
        .map_err(|e| store_error("checking whether the database is empty", e))?;
    if tenants > 0 && !force {
        return Err(StoreError::Duplicate(format!(
            "the database at {location} is not empty ({tenants} tenant(s)); use --force to overwrite it"
        )));
    }
    target.pool().close().await;
    // The lock keeps Riktning's own processes out. Another program with the file open
    // (the sqlite3 shell, a Riktning from before the lock) keeps SQLite from leaving WAL
    // mode, which needs the database to itself; so try, on one connection of our own and
    // without waiting. Leaving WAL is harmless here: the file is about to be replaced,
    // and opening it sets WAL again.
    let options = connect_options(location)?;
    let mode: Result<String, sqlx::Error> = async {
        let mut connection = options.connect().await?;
        sqlx::query("PRAGMA busy_timeout = 0")
            .execute(&mut connection)
            .await?;
        let mode = sqlx::query_scalar("PRAGMA journal_mode = DELETE")
            .fetch_one(&mut connection)
            .await;
        connection.close().await?;
        mode
    }
    .await;
    if !mode.is_ok_and(|mode| mode.eq_ignore_ascii_case("delete")) {
        return Err(StoreError::InUse(format!(
            "the database {} is open in another program; stop the server (and any other program using this database) first, then restore",
            target_path.display()
        )));
    }

    // Copy next to the target first, then rename over it, so a failure half way
    // leaves the old database untouched.
    let staging = target_path.with_extension("restoring");
    let _ = std::fs::remove_file(&staging);
    let source = SqliteBackend::open_unlocked(&from.to_string_lossy()).await?;
    backup(&source, &staging).await?;
    source.pool().close().await;
    for suffix in ["-wal", "-shm"] {
        let mut side = target_path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::rename(&staging, &target_path).map_err(|e| {
        StoreError::database(
            format!("moving the restored database to {}", target_path.display()),
            e,
        )
    })?;
    Ok(())
}

/// A restore must not silently replace the database with an unrelated file.
async fn check_is_riktning_database(path: &Path) -> Result<(), StoreError> {
    if !path.is_file() {
        return Err(StoreError::not_found(
            riktning_domain::EntityKind::Tenant,
            format!("backup file {}", path.display()),
        ));
    }
    // Plain read-only options: the WAL settings of `connect_options` would write.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| store_error(&format!("opening the backup {}", path.display()), e))?;
    let tables: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('tenants', 'plans', 'goals')",
    )
    .fetch_one(&pool)
    .await
    .and_then(|row| row.try_get("n"))
    .map_err(|e| store_error(&format!("{} is not a SQLite database", path.display()), e))?;
    pool.close().await;
    if tables < 3 {
        return Err(StoreError::database(
            format!("checking the backup {}", path.display()),
            "it is a SQLite file but not a Riktning database",
        ));
    }
    Ok(())
}
