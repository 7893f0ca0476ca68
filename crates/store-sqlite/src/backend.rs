use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use riktning_store::StoreError;
use riktning_store::sql::{SqlBackend, SqlRow, SqlValue};
use serde_json::Value;
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::types::Json;
// The store builds its SQL only from constant text and `$n` placeholders; values are
// always bound, so asserting the text is safe is true.
use sqlx::{AssertSqlSafe, Row, Sqlite, Transaction};
use time::{Date, OffsetDateTime};

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

pub(crate) fn store_error(context: &str, error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        if db.is_unique_violation() {
            return StoreError::Duplicate(db.message().to_string());
        }
        if db.is_foreign_key_violation() {
            return StoreError::StillReferenced(db.message().to_string());
        }
    }
    StoreError::database(context, error)
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, Sqlite, SqliteArguments>,
    args: &[SqlValue],
) -> sqlx::query::Query<'q, Sqlite, SqliteArguments> {
    for arg in args {
        query = match arg.clone() {
            SqlValue::Int(v) => query.bind(v),
            SqlValue::Real(v) => query.bind(v),
            SqlValue::Text(v) => query.bind(v),
            SqlValue::Json(v) => query.bind(v.map(Json)),
            SqlValue::Timestamp(v) => query.bind(v),
            SqlValue::Date(v) => query.bind(v),
        };
    }
    query
}

/// A result row; wraps sqlx's row so the store's row trait can be implemented for it.
pub struct SqliteRowRef(SqliteRow);

fn get<'r, T>(row: &'r SqliteRow, column: &str) -> Result<Option<T>, StoreError>
where
    T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
{
    row.try_get::<Option<T>, _>(column)
        .map_err(|e| StoreError::database(format!("reading column {column}"), e))
}

impl SqlRow for SqliteRowRef {
    fn get_i64(&self, column: &str) -> Result<Option<i64>, StoreError> {
        get(&self.0, column)
    }
    fn get_f64(&self, column: &str) -> Result<Option<f64>, StoreError> {
        get(&self.0, column)
    }
    fn get_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        get(&self.0, column)
    }
    fn get_json(&self, column: &str) -> Result<Option<Value>, StoreError> {
        Ok(get::<Json<Value>>(&self.0, column)?.map(|json| json.0))
    }
    fn get_timestamp(&self, column: &str) -> Result<Option<OffsetDateTime>, StoreError> {
        get(&self.0, column)
    }
    fn get_date(&self, column: &str) -> Result<Option<Date>, StoreError> {
        get(&self.0, column)
    }
}

impl SqlBackend for SqliteBackend {
    type Row = SqliteRowRef;
    type Tx = Transaction<'static, Sqlite>;

    async fn begin(&self) -> Result<Self::Tx, StoreError> {
        self.pool
            .begin()
            .await
            .map_err(|e| store_error("starting a transaction", e))
    }

    async fn commit(tx: Self::Tx) -> Result<(), StoreError> {
        tx.commit()
            .await
            .map_err(|e| store_error("committing a transaction", e))
    }

    async fn execute(tx: &mut Self::Tx, sql: &str, args: &[SqlValue]) -> Result<u64, StoreError> {
        bind_all(sqlx::query(AssertSqlSafe(sql.to_string())), args)
            .execute(&mut **tx)
            .await
            .map(|done| done.rows_affected())
            .map_err(|e| store_error(sql, e))
    }

    async fn fetch(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
    ) -> Result<Vec<Self::Row>, StoreError> {
        bind_all(sqlx::query(AssertSqlSafe(sql.to_string())), args)
            .fetch_all(&mut **tx)
            .await
            .map(|rows| rows.into_iter().map(SqliteRowRef).collect())
            .map_err(|e| store_error(sql, e))
    }
}
