//! Read transactions run on the caller's own thread.
//!
//! sqlx runs every SQLite statement on a worker thread of its own per connection and
//! hands each result back through a channel, so a query costs at least two thread
//! switches, and on a 2-core machine those switches were more than half of a page's
//! CPU (see bench/README.md). A page reads through one short transaction whose
//! statements take microseconds, and in WAL mode a reader never waits for a writer, so
//! running them where the request already runs costs less than handing them over.
//! Writes stay on sqlx's connections: a writer may wait for the busy timeout, and that
//! wait must not hold an async thread.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use riktning_store::StoreError;

use crate::backend::anonymous_placeholders;
use riktning_store::sql::{SqlRow, SqlValue, is_busy_code};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags};
use serde_json::Value as Json;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// Connections kept open between reads; more are opened when more readers run at once,
/// and closed again when they are done.
const IDLE_CONNECTIONS: usize = 8;
/// Prepared statements kept per connection: every read the store makes, with room.
const STATEMENT_CACHE: usize = 256;
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Idle read connections to one database file.
#[derive(Debug)]
pub(crate) struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl ReadPool {
    pub(crate) fn new(path: &Path) -> Arc<Self> {
        Arc::new(Self {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Starts a read transaction. Its snapshot is taken by its first statement.
    pub(crate) fn begin(self: &Arc<Self>) -> Result<ReadTx, StoreError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match idle {
            Some(connection) => connection,
            None => self.open()?,
        };
        connection
            .execute_batch("BEGIN")
            .map_err(|e| read_error("starting a read transaction", e))?;
        Ok(ReadTx {
            connection: Some(connection),
            pool: Arc::clone(self),
        })
    }

    fn open(&self) -> Result<Connection, StoreError> {
        let context = || format!("opening {} for reading", self.path.display());
        // Read-write without create: a WAL reader must be able to write the shared
        // memory index; `query_only` makes sure nothing else is written.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let connection = Connection::open_with_flags(&self.path, flags)
            .map_err(|e| read_error(&context(), e))?;
        connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| read_error(&context(), e))?;
        connection
            .execute_batch("PRAGMA query_only = ON")
            .map_err(|e| read_error(&context(), e))?;
        connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(connection)
    }

    fn give_back(&self, connection: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < IDLE_CONNECTIONS {
            idle.push(connection);
        }
    }
}

/// An open read transaction; dropping it rolls back and returns its connection.
#[derive(Debug)]
pub struct ReadTx {
    connection: Option<Connection>,
    pool: Arc<ReadPool>,
}

impl ReadTx {
    fn connection(&self) -> Result<&Connection, StoreError> {
        self.connection
            .as_ref()
            .ok_or_else(|| StoreError::database("reading", "the read transaction has ended"))
    }

    /// The statement for `sql` from the connection's cache, with `args` bound.
    fn prepared(
        &self,
        sql: &str,
        args: &[SqlValue],
    ) -> Result<rusqlite::CachedStatement<'_>, StoreError> {
        // In-order `$n` become `?`: SQLite looks each new named parameter up among the
        // ones before it while parsing, which is quadratic for a long `IN` list.
        let mut statement = self
            .connection()?
            .prepare_cached(&anonymous_placeholders(sql))
            .map_err(|e| read_error(sql, e))?;
        bind(&mut statement, args).map_err(|e| read_error(sql, e))?;
        Ok(statement)
    }

    /// Runs a query and copies its rows out, for callers that keep the rows.
    pub(crate) fn fetch(
        &mut self,
        sql: &str,
        args: &[SqlValue],
    ) -> Result<Vec<OwnedRow>, StoreError> {
        self.fetch_map(sql, args, |row| {
            let values = (0..row.columns.len())
                .map(|i| row.row.get::<_, Value>(i))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| read_error(sql, e))?;
            Ok(OwnedRow {
                columns: Arc::clone(row.columns),
                values,
            })
        })
    }

    /// Runs a query and maps each row where SQLite holds it, without copying it first.
    pub(crate) fn fetch_map<T>(
        &mut self,
        sql: &str,
        args: &[SqlValue],
        mut map: impl FnMut(&RowInPlace<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut statement = self.prepared(sql, args)?;
        let columns: Arc<[String]> = statement
            .column_names()
            .iter()
            .map(|name| name.to_string())
            .collect();
        let mut rows = statement.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| read_error(sql, e))? {
            out.push(map(&RowInPlace {
                row,
                columns: &columns,
                next_column: Cell::new(0),
            })?);
        }
        Ok(out)
    }

    pub(crate) fn execute(&mut self, sql: &str, args: &[SqlValue]) -> Result<u64, StoreError> {
        let mut statement = self.prepared(sql, args)?;
        let changed = statement.raw_execute().map_err(|e| read_error(sql, e))?;
        Ok(changed as u64)
    }

    /// Ends the transaction: a commit and a rollback are the same for a reader.
    pub(crate) fn finish(mut self) -> Result<(), StoreError> {
        match self.connection.take() {
            Some(connection) => {
                connection
                    .execute_batch("COMMIT")
                    .map_err(|e| read_error("ending a read transaction", e))?;
                self.pool.give_back(connection);
                Ok(())
            }
            None => Ok(()),
        }
    }
}

impl Drop for ReadTx {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take()
            && (connection.is_autocommit() || connection.execute_batch("ROLLBACK").is_ok())
        {
            self.pool.give_back(connection);
        }
    }
}

/// Binds the store's `$n` placeholders by their number, as sqlx does, so that a
/// statement may use a placeholder twice or out of order; a plain `?` takes the value
/// at its own position.
fn bind(statement: &mut rusqlite::CachedStatement<'_>, args: &[SqlValue]) -> rusqlite::Result<()> {
    statement.clear_bindings();
    for index in 1..=statement.parameter_count() {
        let position = statement
            .parameter_name(index)
            .and_then(|name| name.get(1..))
            .and_then(|number| number.parse::<usize>().ok())
            .unwrap_or(index);
        let value = args
            .get(position - 1)
            .map(sql_value)
            .ok_or(rusqlite::Error::InvalidParameterCount(position, args.len()))?;
        statement.raw_bind_parameter(index, value)?;
    }
    Ok(())
}

/// A value as sqlx stores it in SQLite, so that reads compare with what writes wrote:
/// booleans as integers, JSON as text, dates as `YYYY-MM-DD` and times as RFC 3339.
fn sql_value(value: &SqlValue) -> Value {
    fn or_null<T>(value: &Option<T>, convert: impl Fn(&T) -> Value) -> Value {
        value.as_ref().map_or(Value::Null, convert)
    }
    match value {
        SqlValue::Int(v) => or_null(v, |v| Value::Integer(*v)),
        SqlValue::Bool(v) => or_null(v, |v| Value::Integer(i64::from(*v))),
        SqlValue::Real(v) => or_null(v, |v| Value::Real(*v)),
        SqlValue::Text(v) => or_null(v, |v| Value::Text(v.clone())),
        SqlValue::Json(v) => or_null(v, |v| Value::Text(v.to_string())),
        SqlValue::Timestamp(v) => {
            or_null(v, |v| v.format(&Rfc3339).map_or(Value::Null, Value::Text))
        }
        SqlValue::Date(v) => or_null(v, |v| {
            v.format(format_description!("[year]-[month]-[day]"))
                .map_or(Value::Null, Value::Text)
        }),
    }
}

fn read_error(context: &str, error: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, _) = &error
        && is_busy_code(&failure.extended_code.to_string())
    {
        return StoreError::Busy {
            context: context.to_string(),
        };
    }
    StoreError::database(context, error)
}

/// A row as SQLite holds it while the statement is on it.
pub(crate) struct RowInPlace<'stmt, 'columns> {
    row: &'stmt rusqlite::Row<'stmt>,
    columns: &'columns Arc<[String]>,
    /// Where the next column is looked for first: rows are mostly read in the order of
    /// their columns, and then no name is compared twice.
    next_column: Cell<usize>,
}

/// A result row copied out of SQLite, for callers that keep rows after the statement.
#[derive(Debug)]
pub struct OwnedRow {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

fn column_index(columns: &[String], column: &str) -> Result<usize, StoreError> {
    columns
        .iter()
        .position(|name| name == column)
        .ok_or_else(|| StoreError::database(format!("reading column {column}"), "no such column"))
}

/// Reads a column the way the store's row trait expects: NULL is `None`, and a value
/// of a type the getter cannot read is an error naming the column.
trait ColumnSource {
    fn value_of(&self, column: &str) -> Result<ValueRef<'_>, StoreError>;

    fn typed<T>(
        &self,
        column: &str,
        decode: impl FnOnce(ValueRef<'_>) -> Option<T>,
    ) -> Result<Option<T>, StoreError> {
        match self.value_of(column)? {
            ValueRef::Null => Ok(None),
            value => decode(value).map(Some).ok_or_else(|| {
                StoreError::database(
                    format!("reading column {column}"),
                    format!("unexpected {:?} value", value.data_type()),
                )
            }),
        }
    }
}

impl ColumnSource for RowInPlace<'_, '_> {
    fn value_of(&self, column: &str) -> Result<ValueRef<'_>, StoreError> {
        let guess = self.next_column.get();
        let index = if self.columns.get(guess).is_some_and(|name| name == column) {
            guess
        } else {
            column_index(self.columns, column)?
        };
        self.next_column.set(index + 1);
        self.row
            .get_ref(index)
            .map_err(|e| read_error(&format!("reading column {column}"), e))
    }
}

impl ColumnSource for OwnedRow {
    fn value_of(&self, column: &str) -> Result<ValueRef<'_>, StoreError> {
        let index = column_index(&self.columns, column)?;
        Ok(ValueRef::from(&self.values[index]))
    }
}

fn text(value: ValueRef<'_>) -> Option<&str> {
    match value {
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).ok(),
        _ => None,
    }
}

/// One implementation of the row trait for both kinds of row.
macro_rules! sql_row_from_columns {
    ($($row:ty),+) => {$(
        impl SqlRow for $row {
            fn get_i64(&self, column: &str) -> Result<Option<i64>, StoreError> {
                self.typed(column, |value| match value {
                    ValueRef::Integer(v) => Some(v),
                    _ => None,
                })
            }

            fn get_f64(&self, column: &str) -> Result<Option<f64>, StoreError> {
                self.typed(column, |value| match value {
                    ValueRef::Real(v) => Some(v),
                    ValueRef::Integer(v) => Some(v as f64),
                    _ => None,
                })
            }

            fn get_bool(&self, column: &str) -> Result<Option<bool>, StoreError> {
                self.typed(column, |value| match value {
                    ValueRef::Integer(v) => Some(v != 0),
                    _ => None,
                })
            }

            fn get_text(&self, column: &str) -> Result<Option<String>, StoreError> {
                self.typed(column, |value| text(value).map(str::to_string))
            }

            fn get_json(&self, column: &str) -> Result<Option<Json>, StoreError> {
                self.typed(column, |value| match value {
                    ValueRef::Text(v) | ValueRef::Blob(v) => serde_json::from_slice(v).ok(),
                    _ => None,
                })
            }

            fn get_timestamp(&self, column: &str) -> Result<Option<OffsetDateTime>, StoreError> {
                self.typed(column, |value| match value {
                    ValueRef::Integer(v) => OffsetDateTime::from_unix_timestamp(v).ok(),
                    value => text(value).and_then(parse_timestamp),
                })
            }

            fn get_date(&self, column: &str) -> Result<Option<Date>, StoreError> {
                self.typed(column, |value| {
                    text(value)
                        .and_then(|v| Date::parse(v, format_description!("[year]-[month]-[day]")).ok())
                })
            }
        }
    )+};
}

sql_row_from_columns!(RowInPlace<'_, '_>, OwnedRow);

/// RFC 3339, as the store writes times, or SQLite's own `YYYY-MM-DD HH:MM:SS[.SSS]`
/// in UTC, as its date functions and column defaults write them.
fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok().or_else(|| {
        let sqlite = format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        PrimitiveDateTime::parse(text, sqlite)
            .ok()
            .map(PrimitiveDateTime::assume_utc)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_in_both_formats() {
        let rfc = parse_timestamp("2024-09-20T12:05:00.5Z").expect("rfc 3339");
        assert_eq!(rfc.unix_timestamp(), 1_726_833_900);
        let sqlite = parse_timestamp("2024-09-20 12:05:00").expect("sqlite's format");
        assert_eq!(sqlite.unix_timestamp(), 1_726_833_900);
        assert!(parse_timestamp("den 20 september").is_none());
    }

    #[test]
    fn values_are_bound_as_sqlx_stores_them() {
        let date = Date::from_calendar_date(2024, time::Month::August, 31).expect("date");
        assert_eq!(
            sql_value(&SqlValue::Date(Some(date))),
            Value::Text("2024-08-31".into())
        );
        assert_eq!(sql_value(&SqlValue::Bool(Some(true))), Value::Integer(1));
        assert_eq!(sql_value(&SqlValue::Int(None)), Value::Null);
        assert_eq!(
            sql_value(&SqlValue::Json(Some(serde_json::json!({"a": 1})))),
            Value::Text("{\"a\":1}".into())
        );
    }
}
