use std::path::Path;

use std::io::Write;

use anyhow::{Context, Result, bail};

use crate::db;
use crate::output::say;

pub async fn backup(location: &str, out: &Path) -> Result<()> {
    if db::is_postgres(location) {
        bail!("backup copies a SQLite database; for PostgreSQL use pg_dump");
    }
    let store = riktning_store_sqlite::open(location)
        .await
        .with_context(|| format!("opening the SQLite database {location}"))?;
    riktning_store_sqlite::backup(store.backend(), out).await?;
    say!("Backed up {location} to {}", out.display());
    Ok(())
}

pub async fn restore(location: &str, file: &Path, force: bool) -> Result<()> {
    if db::is_postgres(location) {
        bail!("restore replaces a SQLite database; for PostgreSQL use pg_restore");
    }
    riktning_store_sqlite::restore(location, file, force).await?;
    say!("Restored {location} from {}", file.display());
    Ok(())
}
