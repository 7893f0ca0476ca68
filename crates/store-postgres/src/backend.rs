use std::str::FromStr;
use std::time::Duration;

use riktning_store::StoreError;
use riktning_store::sql::{ObservationKey, StoredObservation};

use crate::observations;
use sqlx::Postgres;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

#[derive(Debug, Clone)]
pub struct PostgresBackend {
    pool: PgPool,
}

impl PostgresBackend {
    pub async fn open(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut options = PgConnectOptions::from_str(url).map_err(|e| {
            StoreError::database(format!("reading the database URL {}", redact(url)), e)
        })?;
        if let Some(schema) = schema {
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::database(format!("connecting to PostgreSQL at {}", redact(url)), e)
            })?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::database("bringing the PostgreSQL schema up to date", e))?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The URL without its password, for error messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

riktning_store::sqlx_backend!(PostgresBackend, PostgresRow, Postgres, str::to_string, {
    // A page's or a command's reads see one snapshot, as on SQLite: read committed
    // would let each statement see the writes committed since the one before.
    async fn begin_read(&self) -> Result<Self::Tx, StoreError> {
        let mut tx = riktning_store::sql::SqlBackend::begin(self).await?;
        <Self as riktning_store::sql::SqlBackend>::execute(
            &mut tx,
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            &[],
        )
        .await?;
        Ok(tx)
    }

    // Batches of observations go as one array per column: a statement with 11 arrays
    // instead of 11 000 parameters, and the lookup probes the unique index key by key.
    async fn stored_observations(
        tx: &mut Self::Tx,
        tenant: riktning_domain::Id,
        batch: &[riktning_domain::Observation],
    ) -> Result<std::collections::HashMap<ObservationKey, StoredObservation>, StoreError> {
        observations::stored(tx, tenant, batch).await
    }

    async fn insert_observations(
        tx: &mut Self::Tx,
        tenant: riktning_domain::Id,
        rows: &[&riktning_domain::Observation],
    ) -> Result<(), StoreError> {
        observations::insert(tx, tenant, rows).await
    }
});

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example:5432/riktning"),
            "postgres://app:***@db.example:5432/riktning"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1:5432/test"),
            "postgres://postgres@127.0.0.1:5432/test"
        );
    }
}
