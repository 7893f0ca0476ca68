//! Publications: inserted with the next version of their plan and period, never
//! changed. The list leaves out the content, which only one publication's read needs.

use riktning_domain::{
    AuditAction, Change, EntityKind, Id, NewPublication, Publication, ValidationError,
};
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Recorded, record};
use super::query::{fetch_all, fetch_one, insert_returning_id};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const COLUMNS: &str = "id, plan_id, period_id, version, reason, published_at, published_by";

fn publication(row: &dyn SqlRow, with_content: bool) -> Result<Publication> {
    let missing = |column: &str| StoreError::Corrupt {
        table: "publications",
        column: column.to_string(),
        detail: "is empty".to_string(),
    };
    Ok(Publication {
        id: row.get_i64("id")?.ok_or_else(|| missing("id"))?,
        plan_id: row.get_i64("plan_id")?.ok_or_else(|| missing("plan_id"))?,
        period_id: row.get_i64("period_id")?,
        version: row.get_i64("version")?.ok_or_else(|| missing("version"))?,
        reason: row.get_text("reason")?.unwrap_or_default(),
        published_at: row
            .get_timestamp("published_at")?
            .ok_or_else(|| missing("published_at"))?,
        published_by: row.get_text("published_by")?.unwrap_or_default(),
        content: if with_content {
            row.get_json("content")?.ok_or_else(|| missing("content"))?
        } else {
            serde_json::Value::Null
        },
    })
}

pub(super) async fn insert<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewPublication,
    change: &Change,
) -> Result<Publication> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Publication, e))?;
    if let Some(built_at) = new.based_on {
        let now = super::data_version::read_locked::<B>(tx).await?;
        if now != built_at {
            return Err(StoreError::Conflict {
                entity: EntityKind::Publication,
                id: new.plan_id,
                expected: i64::try_from(built_at).unwrap_or(i64::MAX),
                actual: i64::try_from(now).unwrap_or(i64::MAX),
            });
        }
    }
    let latest = fetch_all::<B, _>(
        tx,
        "SELECT COALESCE(MAX(version), 0) AS version FROM publications \
         WHERE tenant_id = $1 AND plan_id = $2 AND COALESCE(period_id, 0) = $3",
        &[
            tenant.into(),
            new.plan_id.into(),
            new.period_id.unwrap_or(0).into(),
        ],
        |row| Ok(row.get_i64("version")?.unwrap_or(0)),
    )
    .await?
    .first()
    .copied()
    .unwrap_or(0);
    if latest > 0 && new.reason.trim().is_empty() {
        return Err(StoreError::invalid(
            EntityKind::Publication,
            ValidationError::new(
                "reason",
                "a new version needs a reason: say what it corrects",
            ),
        ));
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO publications (tenant_id, plan_id, period_id, version, reason, published_at, published_by, content) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        &[
            tenant.into(),
            new.plan_id.into(),
            new.period_id.into(),
            (latest + 1).into(),
            new.reason.trim().into(),
            OffsetDateTime::now_utc().into(),
            change.actor.as_str().into(),
            new.content.clone().into(),
        ],
    )
    .await?;
    let stored = read::<B>(tx, tenant, id).await?;
    // The audit event names the publication, not its content: the content is the row.
    let event = Recorded {
        entity: EntityKind::Publication,
        entity_id: id,
        action: AuditAction::Create,
        before: None,
        after: Some(json!({
            "plan_id": stored.plan_id,
            "period_id": stored.period_id,
            "version": stored.version,
            "reason": stored.reason,
        })),
    };
    record::<B>(tx, tenant, change, event).await?;
    Ok(stored)
}

/// Every publication of the tenant, newest first, without their content.
pub(super) async fn list<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<Vec<Publication>> {
    let sql = format!("SELECT {COLUMNS} FROM publications WHERE tenant_id = $1 ORDER BY id DESC");
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], |row| publication(row, false)).await
}

pub(super) async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Publication> {
    let sql =
        format!("SELECT {COLUMNS}, content FROM publications WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        |row| publication(row, true),
        EntityKind::Publication,
        id,
    )
    .await
}
