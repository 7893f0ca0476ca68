//! Plans: reading, inserting and updating, each write with its audit event.

use riktning_domain::{AuditAction, Change, Decision, EntityKind, Id, NewPlan, Plan};

use super::query::{duplicate_as, insert_returning_id};
use super::rows::{self, PLAN_COLUMNS};
use super::stored::{Stored, Update, created, removed, updated};
use super::{SqlBackend, SqlRow, SqlValue};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for Plan {
    const KIND: EntityKind = EntityKind::Plan;
    const TABLE: &'static str = "plans";
    const COLUMNS: &'static str = PLAN_COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::plan(row)
    }
}

pub(super) async fn read_plan<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Plan> {
    Plan::read::<B>(tx, tenant, id).await
}

fn title_taken(error: StoreError, title: &str) -> StoreError {
    duplicate_as(error, format!("a plan titled '{title}' already exists"))
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
    let [decided_by, decided_on, case_number, paragraph] = decision_values(new.decision.as_ref());
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO plans (tenant_id, title, first_year, last_year, status, decided_by, decided_on, case_number, decision_paragraph, source_name, source_sha256, is_current, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id",
        &[
            tenant.into(),
            new.title.as_str().into(),
            new.first_year.into(),
            new.last_year.into(),
            new.status.as_str().into(),
            decided_by,
            decided_on,
            case_number,
            paragraph,
            new.source_name.clone().into(),
            new.source_sha256.clone().into(),
            false.into(),
        ],
    )
    .await
    .map_err(|e| title_taken(e, &new.title))?;
    created::<B, Plan>(tx, tenant, id, action, change).await
}

/// The decision's columns: body, date, case number and paragraph.
fn decision_values(decision: Option<&Decision>) -> [SqlValue; 4] {
    match decision {
        Some(d) => [
            d.body.as_str().into(),
            d.date.into(),
            d.case_number.as_str().into(),
            d.paragraph.clone().into(),
        ],
        None => [
            SqlValue::Text(None),
            SqlValue::Date(None),
            SqlValue::Text(None),
            SqlValue::Text(None),
        ],
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
        .map_err(|e| StoreError::invalid(Plan::KIND, e))?;
    let [decided_by, decided_on, case_number, paragraph] = decision_values(plan.decision.as_ref());
    let update = Update {
        id: plan.id,
        version: plan.version,
        assignments: "title = $1, first_year = $2, last_year = $3, status = $4, decided_by = $5, decided_on = $6, case_number = $7, decision_paragraph = $8, source_name = $9, source_sha256 = $10, is_current = $11",
        args: vec![
            plan.title.as_str().into(),
            plan.first_year.into(),
            plan.last_year.into(),
            plan.status.as_str().into(),
            decided_by,
            decided_on,
            case_number,
            paragraph,
            plan.source_name.clone().into(),
            plan.source_sha256.clone().into(),
            plan.current.into(),
        ],
        action,
    };
    updated::<B, Plan>(tx, tenant, update, change)
        .await
        .map_err(|e| title_taken(e, &plan.title))
}

/// Makes plan `id` (at `version`) the one the workspace shows, and no other: each
/// change of the mark is an audited update of its plan.
pub(super) async fn make_current<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<Plan> {
    let chosen = read_plan::<B>(tx, tenant, id).await?;
    if chosen.current && chosen.version == version {
        return Ok(chosen);
    }
    for other in super::reader::read_plans::<B>(tx, tenant).await? {
        if other.current && other.id != id {
            let cleared = Plan {
                current: false,
                ..other
            };
            write_plan::<B>(tx, tenant, &cleared, change, AuditAction::Update).await?;
        }
    }
    let marked = Plan {
        current: true,
        version,
        ..chosen
    };
    write_plan::<B>(tx, tenant, &marked, change, AuditAction::Update).await
}

/// Deletes the plan; its goals, commitments and text targets go with it.
pub(super) async fn remove_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    removed::<B, Plan>(tx, tenant, id, version, change)
        .await
        .map(drop)
}
