use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use std::sync::Arc;

use riktning_store::StoreError;
use riktning_store::sql::{SqlBackend, SqlRow, SqlValue};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use time::{Date, OffsetDateTime};

use crate::direct_read::{OwnedRow, ReadPool, ReadTx};
use crate::lock::DatabaseLock;
pub(crate) use sqlx_connection::store_error;
use sqlx_connection::{SqlxRow, SqlxSqlite};

#[derive(Debug, Clone)]
pub struct SqliteBackend {
    sqlx: SqlxSqlite,
    /// Read transactions of a database file; `None` for an in-memory database.
    reads: Option<Arc<ReadPool>>,
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
        let reads = (!is_in_memory(&options)).then(|| ReadPool::new(options.get_filename()));
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
        Ok(Self {
            sqlx: SqlxSqlite { pool },
            reads,
            _lock: None,
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.sqlx.pool
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

mod sqlx_connection {
    //! Statements on sqlx's connections: every write, and the reads of an in-memory
    //! database, which another connection could not see.
    use riktning_store::StoreError;
    use sqlx::Sqlite;
    use sqlx::sqlite::SqlitePool;

    #[derive(Debug, Clone)]
    pub struct SqlxSqlite {
        pub(super) pool: SqlitePool,
    }

    riktning_store::sqlx_backend!(
        SqlxSqlite,
        SqlxRow,
        Sqlite,
        super::anonymous_placeholders,
        {
            // A deferred transaction starts as a reader, and SQLite cannot make a reader
            // wait to become a writer: it fails at once with "database is locked" when
            // another writer is busy. Starting as a writer makes it wait for the busy
            // timeout instead.
            async fn begin_write(&self) -> Result<Self::Tx, StoreError> {
                self.pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(|e| store_error("starting a write transaction", e))
            }
        }
    );
}

/// An open transaction: a writer's (or an in-memory database's) on sqlx, or a
/// reader's on the caller's thread.
pub enum SqliteTx {
    Sqlx(<SqlxSqlite as SqlBackend>::Tx),
    Read(ReadTx),
}

/// A result row from either kind of transaction.
pub enum SqliteRowRef {
    Sqlx(SqlxRow),
    Read(OwnedRow),
}

impl SqlRow for SqliteRowRef {
    fn get_i64(&self, column: &str) -> Result<Option<i64>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_i64(column),
            Self::Read(row) => row.get_i64(column),
        }
    }
    fn get_f64(&self, column: &str) -> Result<Option<f64>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_f64(column),
            Self::Read(row) => row.get_f64(column),
        }
    }
    fn get_bool(&self, column: &str) -> Result<Option<bool>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_bool(column),
            Self::Read(row) => row.get_bool(column),
        }
    }
    fn get_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_text(column),
            Self::Read(row) => row.get_text(column),
        }
    }
    fn get_json(&self, column: &str) -> Result<Option<serde_json::Value>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_json(column),
            Self::Read(row) => row.get_json(column),
        }
    }
    fn get_timestamp(&self, column: &str) -> Result<Option<OffsetDateTime>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_timestamp(column),
            Self::Read(row) => row.get_timestamp(column),
        }
    }
    fn get_date(&self, column: &str) -> Result<Option<Date>, StoreError> {
        match self {
            Self::Sqlx(row) => row.get_date(column),
            Self::Read(row) => row.get_date(column),
        }
    }
}

impl SqlBackend for SqliteBackend {
    type Row = SqliteRowRef;
    type Tx = SqliteTx;

    async fn begin(&self) -> Result<Self::Tx, StoreError> {
        self.sqlx.begin().await.map(SqliteTx::Sqlx)
    }

    async fn begin_write(&self) -> Result<Self::Tx, StoreError> {
        self.sqlx.begin_write().await.map(SqliteTx::Sqlx)
    }

    async fn begin_read(&self) -> Result<Self::Tx, StoreError> {
        match &self.reads {
            Some(reads) => reads.begin().map(SqliteTx::Read),
            None => self.sqlx.begin_read().await.map(SqliteTx::Sqlx),
        }
    }

    async fn commit(tx: Self::Tx) -> Result<(), StoreError> {
        match tx {
            SqliteTx::Sqlx(tx) => SqlxSqlite::commit(tx).await,
            SqliteTx::Read(tx) => tx.finish(),
        }
    }

    async fn rollback(tx: Self::Tx) -> Result<(), StoreError> {
        match tx {
            SqliteTx::Sqlx(tx) => SqlxSqlite::rollback(tx).await,
            SqliteTx::Read(tx) => tx.finish(),
        }
    }

    async fn execute(tx: &mut Self::Tx, sql: &str, args: &[SqlValue]) -> Result<u64, StoreError> {
        match tx {
            SqliteTx::Sqlx(tx) => SqlxSqlite::execute(tx, sql, args).await,
            SqliteTx::Read(tx) => tx.execute(sql, args),
        }
    }

    async fn fetch_map<T: Send>(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
        mut map: impl FnMut(&dyn SqlRow) -> Result<T, StoreError> + Send,
    ) -> Result<Vec<T>, StoreError> {
        match tx {
            SqliteTx::Sqlx(tx) => SqlxSqlite::fetch_map(tx, sql, args, map).await,
            SqliteTx::Read(tx) => tx.fetch_map(sql, args, |row| map(row)),
        }
    }

    async fn fetch(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
    ) -> Result<Vec<Self::Row>, StoreError> {
        match tx {
            SqliteTx::Sqlx(tx) => Ok(SqlxSqlite::fetch(tx, sql, args)
                .await?
                .into_iter()
                .map(SqliteRowRef::Sqlx)
                .collect()),
            SqliteTx::Read(tx) => Ok(tx
                .fetch(sql, args)?
                .into_iter()
                .map(SqliteRowRef::Read)
                .collect()),
        }
    }
}

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
