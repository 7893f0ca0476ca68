use riktning_domain::{AuditAction, Change, EntityKind, Id};
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::SqlBackend;
use crate::StoreError;

/// What happened to one entity, with its state before and after.
pub(super) struct Recorded {
    pub entity: EntityKind,
    pub entity_id: Id,
    pub action: AuditAction,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Records one audit event inside the caller's transaction, so the event exists
/// exactly when the change does.
pub(super) async fn record<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    change: &Change,
    event: Recorded,
) -> Result<(), StoreError> {
    let Recorded {
        entity,
        entity_id,
        action,
        before,
        after,
    } = event;
    // Every write passes here with its actor and reason: one check for both.
    change
        .validate()
        .map_err(|e| StoreError::invalid(entity, e))?;
    B::execute(
        tx,
        "INSERT INTO audit_events (tenant_id, at, actor, entity, entity_id, action, before_state, after_state, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            tenant.into(),
            OffsetDateTime::now_utc().into(),
            change.actor.as_str().into(),
            entity.as_str().into(),
            entity_id.into(),
            action.as_str().into(),
            before.into(),
            after.into(),
            change.reason.clone().into(),
        ],
    )
    .await?;
    Ok(())
}

pub(super) fn snapshot<T: Serialize>(value: &T) -> Result<Value, StoreError> {
    serde_json::to_value(value).map_err(|e| StoreError::database("recording the audit snapshot", e))
}

/// The audit events that match `query`, oldest first.
pub(super) async fn read_events<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    query: &crate::AuditQuery,
) -> Result<Vec<riktning_domain::AuditEvent>, StoreError> {
    let mut sql = format!(
        "SELECT {} FROM audit_events WHERE tenant_id = $1",
        super::rows::AUDIT_COLUMNS
    );
    let mut args: Vec<super::SqlValue> = vec![tenant.into()];
    if let Some(entity) = query.entity {
        args.push(entity.as_str().into());
        sql.push_str(&format!(" AND entity = ${}", args.len()));
    }
    if let Some(entity_id) = query.entity_id {
        args.push(entity_id.into());
        sql.push_str(&format!(" AND entity_id = ${}", args.len()));
    }
    sql.push_str(" ORDER BY id");
    super::query::fetch_all::<B, _>(tx, &sql, &args, super::rows::audit_event).await
}
