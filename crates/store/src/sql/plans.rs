//! Plans: reading, inserting and updating, each write with its audit event.

use riktning_domain::{AuditAction, Change, Decision, EntityKind, Id, NewPlan, Plan};

use super::audit::{Recorded, record, snapshot};
use super::query::{duplicate_as, fetch_one, insert_returning_id};
use super::rows::{self, PLAN_COLUMNS};
use super::versioned::{RowRef, delete_row, update_row};
use super::{SqlBackend, SqlValue};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn read_plan<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Plan> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        rows::plan,
        EntityKind::Plan,
        id,
    )
    .await
}

pub(super) async fn insert_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewPlan,
    change: &Change,
    action: AuditAction,
) -> Result<Plan> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Plan, e))?;
    let (decided_by, decided_on, case_number) = decision_values(new.decision.as_ref());
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO plans (tenant_id, title, first_year, last_year, status, decided_by, decided_on, case_number, source_name, source_sha256, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id",
        &[
            tenant.into(),
            new.title.as_str().into(),
            new.first_year.into(),
            new.last_year.into(),
            new.status.as_str().into(),
            decided_by,
            decided_on,
            case_number,
            new.source_name.clone().into(),
            new.source_sha256.clone().into(),
        ],
    )
    .await
    .map_err(|e| duplicate_as(e, format!("a plan titled '{}' already exists", new.title)))?;
    let plan = read_plan::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Plan,
            entity_id: id,
            action,
            before: None,
            after: Some(snapshot(&plan)?),
        },
    )
    .await?;
    Ok(plan)
}

fn decision_values(decision: Option<&Decision>) -> (SqlValue, SqlValue, SqlValue) {
    match decision {
        Some(d) => (
            d.body.as_str().into(),
            d.date.into(),
            d.case_number.as_str().into(),
        ),
        None => (
            SqlValue::Text(None),
            SqlValue::Date(None),
            SqlValue::Text(None),
        ),
    }
}

pub(super) async fn write_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan: &Plan,
    change: &Change,
    action: AuditAction,
) -> Result<Plan> {
    plan.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Plan, e))?;
    let before = read_plan::<B>(tx, tenant, plan.id).await?;
    let (decided_by, decided_on, case_number) = decision_values(plan.decision.as_ref());
    update_row::<B>(tx, &RowRef { entity: EntityKind::Plan, table: "plans", tenant, id: plan.id },
        plan.version,
        "title = $1, first_year = $2, last_year = $3, status = $4, decided_by = $5, decided_on = $6, case_number = $7, source_name = $8, source_sha256 = $9",
        vec![
            plan.title.as_str().into(),
            plan.first_year.into(),
            plan.last_year.into(),
            plan.status.as_str().into(),
            decided_by,
            decided_on,
            case_number,
            plan.source_name.clone().into(),
            plan.source_sha256.clone().into(),
        ],
    )
    .await
    .map_err(|e| duplicate_as(e, format!("a plan titled '{}' already exists", plan.title)))?;
    let after = read_plan::<B>(tx, tenant, plan.id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Plan,
            entity_id: plan.id,
            action,
            before: Some(snapshot(&before)?),
            after: Some(snapshot(&after)?),
        },
    )
    .await?;
    Ok(after)
}

pub(super) async fn remove_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let before = read_plan::<B>(tx, tenant, id).await?;
    delete_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::Plan,
            table: "plans",
            tenant,
            id,
        },
        version,
    )
    .await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Plan,
            entity_id: id,
            action: AuditAction::Delete,
            before: Some(snapshot(&before)?),
            after: None,
        },
    )
    .await?;
    Ok(())
}
