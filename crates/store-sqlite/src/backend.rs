use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use riktning_store::StoreError;
use sqlx::Sqlite;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::lock::DatabaseLock;

#[derive(Debug, Clone)]
pub struct SqliteBackend {
    pool: SqlitePool,
    /// Held while the database is open here, so that a restore elsewhere refuses.
    _lock: Option<DatabaseLock>,
}

impl SqliteBackend {
    /// Opens the database and holds its shared lock (see [`crate::lock`]) until the
    /// last clone of the backend is dropped.
    pub async fn open(location: &str) -> Result<Self, StoreError> {
        let options = connect_options(location)?;
        if let Some(parent) = options.get_filename().parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::database(format!("creating the folder {}", parent.display()), e)
            })?;
        }
        let lock = if is_in_memory(&options) {
            None
        } else {
            Some(DatabaseLock::shared(options.get_filename())?)
        };
        let mut backend = Self::open_unlocked(location).await?;
        backend._lock = lock;
        Ok(backend)
    }

    /// Opens without the lock: for a restore, which holds it exclusively itself.
    pub(crate) async fn open_unlocked(location: &str) -> Result<Self, StoreError> {
        let options = connect_options(location)?;
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
        Ok(Self { pool, _lock: None })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn is_in_memory(options: &SqliteConnectOptions) -> bool {
    let name = options.get_filename().to_string_lossy();
    name.is_empty() || name == ":memory:" || name.starts_with("file:")
}

/// Rows a read may have buffered before SQLite's worker waits for the reader.
const ROW_BUFFER: usize = 16_384;

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
        .busy_timeout(Duration::from_secs(10))
        // Rows come from SQLite's worker thread through a bounded channel; with room for
        // a whole result, the worker never waits for the reader row by row, which cost
        // two thread switches a row on large reads.
        .row_buffer_size(ROW_BUFFER))
}

riktning_store::sqlx_backend!(
    SqliteBackend,
    SqliteRowRef,
    Sqlite,
    anonymous_placeholders,
    {
        // A deferred transaction starts as a reader, and SQLite cannot make a reader wait
        // to become a writer: it fails at once with "database is locked" when another
        // writer is busy. Starting as a writer makes it wait for the busy timeout instead.
        async fn begin_write(&self) -> Result<Self::Tx, StoreError> {
            self.pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(|e| store_error("starting a write transaction", e))
        }
    }
);

/// Rewrites `$1, $2, …` to `?` when each number appears once and in order, as the
/// store writes them. SQLite looks a named parameter up by scanning all names, so a
/// statement with thousands of `$n` (a multi-row insert) binds in quadratic time, while
/// `?` binds by position. Any other use of `$n` is left as it is.
pub(crate) fn anonymous_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut expected = 1u32;
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut digits = String::new();
        while let Some(&(_, d)) = chars.peek() {
            if !d.is_ascii_digit() {
                break;
            }
            digits.push(d);
            chars.next();
        }
        if digits.parse::<u32>().ok() != Some(expected) {
            return sql.to_string();
        }
        expected += 1;
        out.push('?');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::anonymous_placeholders;

    #[test]
    fn in_order_placeholders_become_anonymous() {
        assert_eq!(
            anonymous_placeholders("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
        assert_eq!(anonymous_placeholders("SELECT 1"), "SELECT 1");
    }

    #[test]
    fn reused_or_reordered_placeholders_are_kept() {
        let reused = "SELECT * FROM t WHERE a = $1 OR b = $1";
        assert_eq!(anonymous_placeholders(reused), reused);
        let reordered = "SELECT * FROM t WHERE a = $2 AND b = $1";
        assert_eq!(anonymous_placeholders(reordered), reordered);
    }
}
