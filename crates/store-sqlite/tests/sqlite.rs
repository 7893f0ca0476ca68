//! The storage conformance suite and the backup/restore behaviour on SQLite.

use riktning_store_sqlite::SqliteStore;

/// Each test gets its own database file in its own temporary folder; the folder is
/// kept alive for the rest of the process by leaking it, which is fine in a test.
async fn fresh_store() -> Option<SqliteStore> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("riktning.db");
    std::mem::forget(dir);
    Some(
        riktning_store_sqlite::open(&path.to_string_lossy())
            .await
            .expect("open SQLite"),
    )
}

riktning_store::conformance_tests!(fresh_store);

mod backup {
    use riktning_domain::{Change, NewPlan, NewTenant, PlanStatus};
    use riktning_store::Store;

    async fn store_with_a_plan(path: &std::path::Path) -> riktning_store_sqlite::SqliteStore {
        let store = riktning_store_sqlite::open(&path.to_string_lossy())
            .await
            .expect("open");
        let tenant = store
            .create_tenant(
                &NewTenant::from_kolada_id("2380").expect("id"),
                &Change::by("test"),
            )
            .await
            .expect("tenant");
        let plan = NewPlan {
            title: "Budget 2024".into(),
            first_year: 2024,
            last_year: 2024,
            status: PlanStatus::Draft,
            decision: None,
            source_name: None,
            source_sha256: None,
        };
        store
            .create_plan(tenant.id, &plan, &Change::by("test"))
            .await
            .expect("plan");
        store
    }

    #[tokio::test]
    async fn backup_copies_a_database_in_use_and_restore_needs_force() {
        let dir = tempfile::tempdir().expect("temp");
        let live = dir.path().join("live.db");
        let store = store_with_a_plan(&live).await;
        let copy = dir.path().join("copy.db");

        // A write in progress on another connection does not stop the backup.
        let mut writer = store.backend().pool().begin().await.expect("writer");
        sqlx::query("UPDATE tenants SET name = 'Östersund (ändras)'")
            .execute(&mut *writer)
            .await
            .expect("write");
        riktning_store_sqlite::backup(store.backend(), &copy)
            .await
            .expect("backup");
        writer.rollback().await.expect("rollback");

        let copied = riktning_store_sqlite::open(&copy.to_string_lossy())
            .await
            .expect("open copy");
        let tenants = copied.tenants().await.expect("tenants");
        assert_eq!(
            tenants[0].name, "Östersund",
            "the copy holds only committed data"
        );
        assert_eq!(copied.plans(tenants[0].id).await.expect("plans").len(), 1);

        // Backing up over an existing file is refused.
        assert!(
            riktning_store_sqlite::backup(store.backend(), &copy)
                .await
                .is_err()
        );

        // While a store (a server, say) has a database open, even a forced restore is
        // refused, and the database is left as it was.
        let other = dir.path().join("other.db");
        let other_store = store_with_a_plan(&other).await;
        let refused = riktning_store_sqlite::restore(&other.to_string_lossy(), &copy, true).await;
        let message = refused.expect_err("in use").to_string();
        assert!(message.contains("stop the server"), "{message}");
        let other_tenant = other_store.tenants().await.expect("still open")[0].id;
        let other_plans = other_store.plans(other_tenant).await.expect("plans");
        drop(other_store);
        let reopened = riktning_store_sqlite::open(&other.to_string_lossy())
            .await
            .expect("open");
        assert_eq!(
            reopened.plans(other_tenant).await.expect("plans"),
            other_plans
        );
        drop(reopened);

        // Another program with the file open, outside Riktning's lock: refused too.
        let outsider = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&other))
            .await
            .expect("another program opens it");
        let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plans")
            .fetch_one(&outsider)
            .await
            .expect("and reads");
        let refused = riktning_store_sqlite::restore(&other.to_string_lossy(), &copy, true).await;
        let message = refused.expect_err("open elsewhere").to_string();
        assert!(message.contains("open in another program"), "{message}");
        assert!(message.contains("stop the server"), "{message}");
        let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM plans")
            .fetch_one(&outsider)
            .await
            .expect("its connection still works");
        outsider.close().await;

        // Restoring over a non-empty database needs force.
        let refused = riktning_store_sqlite::restore(&other.to_string_lossy(), &copy, false).await;
        let message = refused.expect_err("must refuse").to_string();
        assert!(message.contains("--force"), "{message}");

        // An empty database is restored without force.
        let empty = dir.path().join("empty.db");
        riktning_store_sqlite::restore(&empty.to_string_lossy(), &copy, false)
            .await
            .expect("restore");
        let restored = riktning_store_sqlite::open(&empty.to_string_lossy())
            .await
            .expect("open");
        let tenant = restored.tenants().await.expect("tenants")[0].id;
        assert_eq!(
            restored.plans(tenant).await.expect("plans")[0].title,
            "Budget 2024"
        );

        // Once nothing has it open, the forced restore goes through.
        riktning_store_sqlite::restore(&other.to_string_lossy(), &copy, true)
            .await
            .expect("forced");
    }

    #[tokio::test]
    async fn restore_refuses_a_file_that_is_not_a_riktning_database() {
        let dir = tempfile::tempdir().expect("temp");
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"not a database at all").expect("write");
        let target = dir.path().join("target.db");
        assert!(
            riktning_store_sqlite::restore(&target.to_string_lossy(), &junk, false)
                .await
                .is_err()
        );
        let missing = dir.path().join("missing.db");
        assert!(
            riktning_store_sqlite::restore(&target.to_string_lossy(), &missing, false)
                .await
                .is_err()
        );
    }
}
