//! The glue between sqlx and [`SqlBackend`](super::SqlBackend), written once for every
//! sqlx database. It is a macro so that this crate needs no sqlx dependency: it expands
//! in the backend crate, against that crate's sqlx.

/// Implements [`SqlBackend`](crate::sql::SqlBackend) for `$backend`, a struct with a
/// `pool: sqlx::Pool<$db>` field, and defines `$row`, its row type. `$dialect` turns the
/// store's SQL text into the text this database runs best (`fn(&str) -> String`).
/// Optional `{ … }` items are added to the trait implementation, to override the
/// batch operations that have a default.
#[macro_export]
macro_rules! sqlx_backend {
    ($backend:ident, $row:ident, $db:ty, $dialect:path) => {
        $crate::sqlx_backend!($backend, $row, $db, $dialect, {});
    };
    ($backend:ident, $row:ident, $db:ty, $dialect:path, { $($overrides:tt)* }) => {
        /// Maps sqlx's errors onto the store's, keeping constraint violations apart.
        pub(crate) fn store_error(context: &str, error: ::sqlx::Error) -> $crate::StoreError {
            if let ::sqlx::Error::Database(db) = &error {
                if db.code().is_some_and(|code| $crate::sql::is_busy_code(&code)) {
                    return $crate::StoreError::Busy {
                        context: context.to_string(),
                    };
                }
                if db.is_unique_violation() {
                    return $crate::StoreError::Duplicate(db.message().to_string());
                }
                if db.is_foreign_key_violation() {
                    return $crate::StoreError::StillReferenced(db.message().to_string());
                }
            }
            $crate::StoreError::database(context, error)
        }

        fn bind_all<'q>(
            mut query: ::sqlx::query::Query<'q, $db, <$db as ::sqlx::Database>::Arguments>,
            args: &[$crate::sql::SqlValue],
        ) -> ::sqlx::query::Query<'q, $db, <$db as ::sqlx::Database>::Arguments> {
            use $crate::sql::SqlValue;
            for arg in args {
                query = match arg.clone() {
                    SqlValue::Int(v) => query.bind(v),
                    SqlValue::Real(v) => query.bind(v),
                    SqlValue::Bool(v) => query.bind(v),
                    SqlValue::Text(v) => query.bind(v),
                    SqlValue::Json(v) => query.bind(v.map(::sqlx::types::Json)),
                    SqlValue::Timestamp(v) => query.bind(v),
                    SqlValue::Date(v) => query.bind(v),
                };
            }
            query
        }

        /// A result row; wraps sqlx's row so the store's row trait can be implemented.
        pub struct $row(<$db as ::sqlx::Database>::Row);

        impl $row {
            fn get<'r, T>(&'r self, column: &str) -> Result<Option<T>, $crate::StoreError>
            where
                T: ::sqlx::Decode<'r, $db> + ::sqlx::Type<$db>,
            {
                ::sqlx::Row::try_get::<Option<T>, _>(&self.0, column).map_err(|e| {
                    $crate::StoreError::database(format!("reading column {column}"), e)
                })
            }
        }

        impl $crate::sql::SqlRow for $row {
            fn get_i64(&self, column: &str) -> Result<Option<i64>, $crate::StoreError> {
                self.get(column)
            }
            fn get_f64(&self, column: &str) -> Result<Option<f64>, $crate::StoreError> {
                self.get(column)
            }
            fn get_bool(&self, column: &str) -> Result<Option<bool>, $crate::StoreError> {
                self.get(column)
            }
            fn get_text(&self, column: &str) -> Result<Option<String>, $crate::StoreError> {
                self.get(column)
            }
            fn get_json(
                &self,
                column: &str,
            ) -> Result<Option<::serde_json::Value>, $crate::StoreError> {
                Ok(self
                    .get::<::sqlx::types::Json<::serde_json::Value>>(column)?
                    .map(|json| json.0))
            }
            fn get_timestamp(
                &self,
                column: &str,
            ) -> Result<Option<::time::OffsetDateTime>, $crate::StoreError> {
                self.get(column)
            }
            fn get_date(&self, column: &str) -> Result<Option<::time::Date>, $crate::StoreError> {
                self.get(column)
            }
        }

        impl $crate::sql::SqlBackend for $backend {
            type Row = $row;
            type Tx = ::sqlx::Transaction<'static, $db>;

            $($overrides)*

            async fn begin(&self) -> Result<Self::Tx, $crate::StoreError> {
                self.pool
                    .begin()
                    .await
                    .map_err(|e| store_error("starting a transaction", e))
            }

            async fn commit(tx: Self::Tx) -> Result<(), $crate::StoreError> {
                tx.commit()
                    .await
                    .map_err(|e| store_error("committing a transaction", e))
            }

            async fn rollback(tx: Self::Tx) -> Result<(), $crate::StoreError> {
                tx.rollback()
                    .await
                    .map_err(|e| store_error("rolling back a transaction", e))
            }

            // The store builds its SQL only from constant text and `$n` placeholders;
            // values are always bound, so asserting that the text is safe holds.
            async fn execute(
                tx: &mut Self::Tx,
                sql: &str,
                args: &[$crate::sql::SqlValue],
            ) -> Result<u64, $crate::StoreError> {
                bind_all(::sqlx::query(::sqlx::AssertSqlSafe($dialect(sql))), args)
                    .execute(&mut **tx)
                    .await
                    .map(|done| done.rows_affected())
                    .map_err(|e| store_error(sql, e))
            }

            async fn fetch(
                tx: &mut Self::Tx,
                sql: &str,
                args: &[$crate::sql::SqlValue],
            ) -> Result<Vec<Self::Row>, $crate::StoreError> {
                bind_all(::sqlx::query(::sqlx::AssertSqlSafe($dialect(sql))), args)
                    .fetch_all(&mut **tx)
                    .await
                    .map(|rows| rows.into_iter().map($row).collect())
                    .map_err(|e| store_error(sql, e))
            }
        }
    };
}
