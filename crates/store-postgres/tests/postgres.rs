//! The storage conformance suite on PostgreSQL.
//!
//! Each test works in a schema of its own, so parallel tests and concurrent runs never
//! collide. The server is `RIKTNING_TEST_POSTGRES_URL` (default: the local test
//! database). When it cannot be reached the tests are skipped, except under `CI=true`
//! or `RIKTNING_REQUIRE_POSTGRES=1`, where that is a failure.

use std::sync::atomic::{AtomicU32, Ordering};

use riktning_store_postgres::PostgresStore;
use sqlx::Connection;

fn server_url() -> String {
    std::env::var("RIKTNING_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

fn postgres_required() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| v == "true" || v == "1");
    set("CI") || set("RIKTNING_REQUIRE_POSTGRES")
}

async fn fresh_store() -> Option<PostgresStore> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let url = server_url();
    let mut admin = match sqlx::PgConnection::connect(&url).await {
        Ok(connection) => connection,
        Err(error) if !postgres_required() => {
            eprintln!("skipped: PostgreSQL at {url} is not reachable ({error})");
            return None;
        }
        Err(error) => panic!("PostgreSQL at {url} is required here but not reachable: {error}"),
    };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let schema = format!(
        "riktning_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut admin)
        .await
        .expect("create the test schema");
    Some(
        riktning_store_postgres::open_in_schema(&url, &schema)
            .await
            .expect("open the store in its schema"),
    )
}

riktning_store::conformance_tests!(fresh_store);
