use std::future::Future;

use serde_json::Value;
use time::{Date, OffsetDateTime};

use std::collections::HashMap;

use riktning_domain::{Id, Observation};

use super::observations::{ObservationKey, StoredObservation};
use crate::StoreError;

/// A value bound to a `$n` placeholder. NULLs are typed, because PostgreSQL checks
/// a parameter's type against its column even when the value is NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Int(Option<i64>),
    Bool(Option<bool>),
    Real(Option<f64>),
    Text(Option<String>),
    Json(Option<Value>),
    Timestamp(Option<OffsetDateTime>),
    Date(Option<Date>),
}

/// The typed NULL of a Rust type, for `Option<T>` arguments.
pub trait SqlNull {
    fn null() -> SqlValue;
}

macro_rules! sql_value_from {
    ($($rust:ty => $variant:ident($convert:expr)),+ $(,)?) => {
        $(
            impl From<$rust> for SqlValue {
                fn from(v: $rust) -> Self {
                    SqlValue::$variant(Some($convert(v)))
                }
            }
            impl SqlNull for $rust {
                fn null() -> SqlValue {
                    SqlValue::$variant(None)
                }
            }
        )+
    };
}

sql_value_from!(
    i64 => Int(|v| v),
    i32 => Int(i64::from),
    bool => Bool(|v| v),
    f64 => Real(|v| v),
    &str => Text(str::to_string),
    String => Text(|v| v),
    &String => Text(String::clone),
    Value => Json(|v| v),
    OffsetDateTime => Timestamp(|v| v),
    Date => Date(|v| v),
);

impl<T: Into<SqlValue> + SqlNull> From<Option<T>> for SqlValue {
    fn from(v: Option<T>) -> Self {
        v.map_or_else(T::null, Into::into)
    }
}

/// A result row, read by column name. Getters return `None` for SQL NULL.
pub trait SqlRow {
    fn get_i64(&self, column: &str) -> Result<Option<i64>, StoreError>;
    fn get_f64(&self, column: &str) -> Result<Option<f64>, StoreError>;
    fn get_bool(&self, column: &str) -> Result<Option<bool>, StoreError>;
    fn get_text(&self, column: &str) -> Result<Option<String>, StoreError>;
    fn get_json(&self, column: &str) -> Result<Option<Value>, StoreError>;
    fn get_timestamp(&self, column: &str) -> Result<Option<OffsetDateTime>, StoreError>;
    fn get_date(&self, column: &str) -> Result<Option<Date>, StoreError>;
}

/// What a database must offer for [`SqlStore`](super::SqlStore) to run on it.
pub trait SqlBackend: Clone + Send + Sync + 'static {
    type Row: SqlRow + Send + Sync;
    /// An open transaction; dropping it without [`SqlBackend::commit`] rolls it back.
    type Tx: Send;

    fn begin(&self) -> impl Future<Output = Result<Self::Tx, StoreError>> + Send;
    /// Starts a transaction that will write. A backend whose transactions start as
    /// readers and cannot wait to become writers (SQLite) starts it as a writer, so
    /// that it waits for other writers instead of failing half way.
    fn begin_write(&self) -> impl Future<Output = Result<Self::Tx, StoreError>> + Send {
        self.begin()
    }
    /// A transaction that only reads, from one snapshot for all its statements. SQLite's
    /// transactions already read from one snapshot; a backend whose default isolation
    /// does not (PostgreSQL's read committed) overrides this.
    fn begin_read(&self) -> impl Future<Output = Result<Self::Tx, StoreError>> + Send {
        self.begin()
    }
    fn commit(tx: Self::Tx) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Rolls back now. Dropping a transaction only queues the rollback until its
    /// connection is next used, and on SQLite its write lock stays held until then.
    fn rollback(tx: Self::Tx) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Runs a statement and returns the number of rows it changed.
    fn execute(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
    fn fetch(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
    ) -> impl Future<Output = Result<Vec<Self::Row>, StoreError>> + Send;

    /// Runs a query and maps each row with `map`. A backend that can hand out a row
    /// where it lies overrides this, so that a row is not copied before it is mapped.
    fn fetch_map<T: Send>(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
        mut map: impl FnMut(&dyn SqlRow) -> Result<T, StoreError> + Send,
    ) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send {
        async move {
            Self::fetch(tx, sql, args)
                .await?
                .iter()
                .map(|row| map(row))
                .collect()
        }
    }

    /// What is stored under the keys of a batch of observations. Imports call this once
    /// per batch, so a backend may override it with something faster than the shared SQL.
    fn stored_observations(
        tx: &mut Self::Tx,
        tenant: Id,
        batch: &[Observation],
    ) -> impl Future<Output = Result<HashMap<ObservationKey, StoredObservation>, StoreError>> + Send
    {
        super::observations::stored_values::<Self>(tx, tenant, batch)
    }

    /// Inserts observations whose keys are not stored. Overridable, like
    /// [`SqlBackend::stored_observations`].
    fn insert_observations(
        tx: &mut Self::Tx,
        tenant: Id,
        rows: &[&Observation],
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        super::observations::insert_rows::<Self>(tx, tenant, rows)
    }
}

/// Whether a database error code means "busy, try again": SQLite's BUSY and LOCKED
/// (with their extended codes), and PostgreSQL's serialisation failure, deadlock and
/// lock-not-available. The two sets of codes do not overlap.
pub fn is_busy_code(code: &str) -> bool {
    const SQLITE: [&str; 6] = ["5", "6", "261", "517", "773", "262"];
    const POSTGRES: [&str; 3] = ["40001", "40P01", "55P03"];
    SQLITE.contains(&code) || POSTGRES.contains(&code)
}
