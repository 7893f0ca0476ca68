use std::collections::HashMap;

use riktning_domain::{
    AuditAction, AuditEvent, Change, Commitment, EntityKind, Goal, Id, NewCommitment, NewGoal,
    NewOrgUnit, NewPlan, NewTenant, NewTextTarget, OrgUnit, Plan, PlanDraft, Tenant, TextTarget,
};

use super::audit::{Recorded, record, snapshot};
use super::rows::{
    self, AUDIT_COLUMNS, COMMITMENT_COLUMNS, GOAL_COLUMNS, ORG_UNIT_COLUMNS, PLAN_COLUMNS,
    TENANT_COLUMNS, TEXT_TARGET_COLUMNS,
};
use super::versioned::{RowRef, delete_row, update_row};
use super::{SqlBackend, SqlRow, SqlStore, SqlValue};
use crate::{AuditQuery, ImportOptions, ImportOutcome, Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn fetch_all<B: SqlBackend, T>(
    tx: &mut B::Tx,
    sql: &str,
    args: &[SqlValue],
    map: impl Fn(&B::Row) -> Result<T>,
) -> Result<Vec<T>> {
    B::fetch(tx, sql, args).await?.iter().map(map).collect()
}

pub(super) async fn fetch_one<B: SqlBackend, T>(
    tx: &mut B::Tx,
    sql: &str,
    args: &[SqlValue],
    map: impl Fn(&B::Row) -> Result<T>,
    entity: EntityKind,
    id: impl ToString,
) -> Result<T> {
    fetch_all::<B, T>(tx, sql, args, map)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::not_found(entity, id))
}

pub(super) async fn insert_returning_id<B: SqlBackend>(
    tx: &mut B::Tx,
    sql: &str,
    args: &[SqlValue],
) -> Result<Id> {
    let rows = B::fetch(tx, sql, args).await?;
    rows.first()
        .and_then(|row| row.get_i64("id").transpose())
        .transpose()?
        .ok_or_else(|| StoreError::database("inserting a row", "no id was returned"))
}

/// Refuses references to rows of another tenant or rows that do not exist.
pub(super) async fn ensure_exists<B: SqlBackend>(
    tx: &mut B::Tx,
    entity: EntityKind,
    table: &'static str,
    tenant: Id,
    id: Id,
) -> Result<()> {
    let sql = format!("SELECT id FROM {table} WHERE id = $1 AND tenant_id = $2");
    if B::fetch(tx, &sql, &[id.into(), tenant.into()])
        .await?
        .is_empty()
    {
        return Err(StoreError::not_found(entity, id));
    }
    Ok(())
}

// Single-row reads inside a transaction, shared by the trait methods and the import.

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

pub(super) async fn read_goal<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Goal> {
    let units = fetch_all::<B, _>(
        tx,
        "SELECT org_unit_id FROM goal_units WHERE goal_id = $1 AND tenant_id = $2 ORDER BY org_unit_id",
        &[id.into(), tenant.into()],
        |row| Ok(row.get_i64("org_unit_id")?.unwrap_or_default()),
    )
    .await?;
    let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        |row| rows::goal(row, units.clone()),
        EntityKind::Goal,
        id,
    )
    .await
}

pub(super) async fn read_goals<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan: Id,
) -> Result<Vec<Goal>> {
    let pairs = fetch_all::<B, _>(
        tx,
        "SELECT gu.goal_id, gu.org_unit_id FROM goal_units gu JOIN goals g ON g.id = gu.goal_id \
         WHERE g.plan_id = $1 AND gu.tenant_id = $2 ORDER BY gu.org_unit_id",
        &[plan.into(), tenant.into()],
        |row| {
            Ok((
                row.get_i64("goal_id")?.unwrap_or_default(),
                row.get_i64("org_unit_id")?.unwrap_or_default(),
            ))
        },
    )
    .await?;
    let mut units: HashMap<Id, Vec<Id>> = HashMap::new();
    for (goal, unit) in pairs {
        units.entry(goal).or_default().push(unit);
    }
    let sql = format!(
        "SELECT {GOAL_COLUMNS} FROM goals WHERE plan_id = $1 AND tenant_id = $2 ORDER BY position, id"
    );
    fetch_all::<B, _>(tx, &sql, &[plan.into(), tenant.into()], |row| {
        let id = row.get_i64("id")?.unwrap_or_default();
        rows::goal(row, units.get(&id).cloned().unwrap_or_default())
    })
    .await
}

pub(super) async fn read_commitments<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
) -> Result<Vec<Commitment>> {
    let sql = format!(
        "SELECT {COMMITMENT_COLUMNS} FROM commitments WHERE goal_id = $1 AND tenant_id = $2 ORDER BY position, id"
    );
    fetch_all::<B, _>(tx, &sql, &[goal.into(), tenant.into()], rows::commitment).await
}

pub(super) async fn read_text_targets<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
) -> Result<Vec<TextTarget>> {
    let sql = format!(
        "SELECT {TEXT_TARGET_COLUMNS} FROM text_targets WHERE goal_id = $1 AND tenant_id = $2 ORDER BY position, id"
    );
    fetch_all::<B, _>(tx, &sql, &[goal.into(), tenant.into()], rows::text_target).await
}

async fn read_tenant<B: SqlBackend>(tx: &mut B::Tx, id: Id) -> Result<Tenant> {
    let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE id = $1");
    fetch_one::<B, _>(tx, &sql, &[id.into()], rows::tenant, EntityKind::Tenant, id).await
}

async fn read_org_unit<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<OrgUnit> {
    let sql = format!("SELECT {ORG_UNIT_COLUMNS} FROM org_units WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        rows::org_unit,
        EntityKind::OrgUnit,
        id,
    )
    .await
}

async fn read_commitment<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Commitment> {
    let sql =
        format!("SELECT {COMMITMENT_COLUMNS} FROM commitments WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        rows::commitment,
        EntityKind::Commitment,
        id,
    )
    .await
}

async fn read_text_target<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<TextTarget> {
    let sql =
        format!("SELECT {TEXT_TARGET_COLUMNS} FROM text_targets WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        rows::text_target,
        EntityKind::TextTarget,
        id,
    )
    .await
}

// Inserts and updates shared by the trait methods and the import. They record the
// audit event for the row they write.

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

fn decision_values(decision: Option<&riktning_domain::Decision>) -> (SqlValue, SqlValue, SqlValue) {
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

pub(super) async fn insert_goal<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewGoal,
    change: &Change,
) -> Result<Goal> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Goal, e))?;
    ensure_exists::<B>(tx, EntityKind::Plan, "plans", tenant, new.plan_id).await?;
    if let Some(parent) = new.parent_id {
        ensure_goal_in_plan::<B>(tx, tenant, parent, new.plan_id).await?;
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO goals (tenant_id, plan_id, parent_id, code, short_name, statement, heading, category, level, political_text, agenda2030, position, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id",
        &[
            tenant.into(),
            new.plan_id.into(),
            new.parent_id.into(),
            new.code.as_str().into(),
            new.short_name.clone().into(),
            new.statement.as_str().into(),
            new.heading.clone().into(),
            new.category.clone().into(),
            new.level.as_str().into(),
            new.political_text.as_str().into(),
            snapshot(&new.agenda2030)?.into(),
            new.position.into(),
        ],
    )
    .await
    .map_err(|e| duplicate_as(e, format!("the plan already has a goal {}", new.code)))?;
    write_goal_units::<B>(tx, tenant, id, &new.responsible_units).await?;
    let goal = read_goal::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Goal,
            entity_id: id,
            action: AuditAction::Create,
            before: None,
            after: Some(snapshot(&goal)?),
        },
    )
    .await?;
    Ok(goal)
}

async fn ensure_goal_in_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
    plan: Id,
) -> Result<()> {
    let found = B::fetch(
        tx,
        "SELECT id FROM goals WHERE id = $1 AND plan_id = $2 AND tenant_id = $3",
        &[goal.into(), plan.into(), tenant.into()],
    )
    .await?;
    if found.is_empty() {
        return Err(StoreError::not_found(EntityKind::Goal, goal));
    }
    Ok(())
}

async fn write_goal_units<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
    units: &[Id],
) -> Result<()> {
    B::execute(
        tx,
        "DELETE FROM goal_units WHERE goal_id = $1 AND tenant_id = $2",
        &[goal.into(), tenant.into()],
    )
    .await?;
    for &unit in units {
        ensure_exists::<B>(tx, EntityKind::OrgUnit, "org_units", tenant, unit).await?;
        B::execute(
            tx,
            "INSERT INTO goal_units (tenant_id, goal_id, org_unit_id) VALUES ($1, $2, $3)",
            &[tenant.into(), goal.into(), unit.into()],
        )
        .await
        .map_err(|e| duplicate_as(e, format!("org unit {unit} is named twice for goal {goal}")))?;
    }
    Ok(())
}

pub(super) async fn write_goal<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: &Goal,
    change: &Change,
) -> Result<Goal> {
    goal.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Goal, e))?;
    let before = read_goal::<B>(tx, tenant, goal.id).await?;
    if let Some(parent) = goal.parent_id {
        ensure_goal_in_plan::<B>(tx, tenant, parent, before.plan_id).await?;
    }
    update_row::<B>(tx, &RowRef { entity: EntityKind::Goal, table: "goals", tenant, id: goal.id },
        goal.version,
        "parent_id = $1, code = $2, short_name = $3, statement = $4, heading = $5, category = $6, level = $7, political_text = $8, agenda2030 = $9, position = $10",
        vec![
            goal.parent_id.into(),
            goal.code.as_str().into(),
            goal.short_name.clone().into(),
            goal.statement.as_str().into(),
            goal.heading.clone().into(),
            goal.category.clone().into(),
            goal.level.as_str().into(),
            goal.political_text.as_str().into(),
            snapshot(&goal.agenda2030)?.into(),
            goal.position.into(),
        ],
    )
    .await
    .map_err(|e| duplicate_as(e, format!("the plan already has a goal {}", goal.code)))?;
    write_goal_units::<B>(tx, tenant, goal.id, &goal.responsible_units).await?;
    let after = read_goal::<B>(tx, tenant, goal.id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Goal,
            entity_id: goal.id,
            action: AuditAction::Update,
            before: Some(snapshot(&before)?),
            after: Some(snapshot(&after)?),
        },
    )
    .await?;
    Ok(after)
}

pub(super) async fn remove_goal<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let before = read_goal::<B>(tx, tenant, id).await?;
    let children = B::fetch(
        tx,
        "SELECT id FROM goals WHERE parent_id = $1 AND tenant_id = $2",
        &[id.into(), tenant.into()],
    )
    .await?;
    if !children.is_empty() {
        return Err(StoreError::StillReferenced(format!(
            "goal {} has {} goal(s) under it; move or delete those first",
            before.code,
            children.len()
        )));
    }
    delete_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::Goal,
            table: "goals",
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
            entity: EntityKind::Goal,
            entity_id: id,
            action: AuditAction::Delete,
            before: Some(snapshot(&before)?),
            after: None,
        },
    )
    .await
}

pub(super) async fn insert_commitment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewCommitment,
    change: &Change,
) -> Result<Commitment> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Commitment, e))?;
    ensure_exists::<B>(tx, EntityKind::Goal, "goals", tenant, new.goal_id).await?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO commitments (tenant_id, goal_id, position, text, status, version) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
        &[
            tenant.into(),
            new.goal_id.into(),
            new.position.into(),
            new.text.as_str().into(),
            new.status.as_str().into(),
        ],
    )
    .await?;
    let commitment = read_commitment::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Commitment,
            entity_id: id,
            action: AuditAction::Create,
            before: None,
            after: Some(snapshot(&commitment)?),
        },
    )
    .await?;
    Ok(commitment)
}

pub(super) async fn write_commitment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    commitment: &Commitment,
    change: &Change,
) -> Result<Commitment> {
    commitment
        .validate()
        .map_err(|e| StoreError::invalid(EntityKind::Commitment, e))?;
    let before = read_commitment::<B>(tx, tenant, commitment.id).await?;
    update_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::Commitment,
            table: "commitments",
            tenant,
            id: commitment.id,
        },
        commitment.version,
        "position = $1, text = $2, status = $3",
        vec![
            commitment.position.into(),
            commitment.text.as_str().into(),
            commitment.status.as_str().into(),
        ],
    )
    .await?;
    let after = read_commitment::<B>(tx, tenant, commitment.id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::Commitment,
            entity_id: commitment.id,
            action: AuditAction::Update,
            before: Some(snapshot(&before)?),
            after: Some(snapshot(&after)?),
        },
    )
    .await?;
    Ok(after)
}

pub(super) async fn remove_commitment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let before = read_commitment::<B>(tx, tenant, id).await?;
    delete_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::Commitment,
            table: "commitments",
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
            entity: EntityKind::Commitment,
            entity_id: id,
            action: AuditAction::Delete,
            before: Some(snapshot(&before)?),
            after: None,
        },
    )
    .await
}

pub(super) async fn insert_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewTextTarget,
    change: &Change,
) -> Result<TextTarget> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::TextTarget, e))?;
    ensure_exists::<B>(tx, EntityKind::Goal, "goals", tenant, new.goal_id).await?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO text_targets (tenant_id, goal_id, position, text, comparator, target_value, unit, target_year, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id",
        &[
            tenant.into(),
            new.goal_id.into(),
            new.position.into(),
            new.text.as_str().into(),
            new.comparator.map(|c| c.as_str()).into(),
            new.value.into(),
            new.unit.clone().into(),
            new.year.into(),
        ],
    )
    .await?;
    let target = read_text_target::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::TextTarget,
            entity_id: id,
            action: AuditAction::Create,
            before: None,
            after: Some(snapshot(&target)?),
        },
    )
    .await?;
    Ok(target)
}

async fn write_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    target: &TextTarget,
    change: &Change,
) -> Result<TextTarget> {
    target
        .validate()
        .map_err(|e| StoreError::invalid(EntityKind::TextTarget, e))?;
    let before = read_text_target::<B>(tx, tenant, target.id).await?;
    update_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::TextTarget,
            table: "text_targets",
            tenant,
            id: target.id,
        },
        target.version,
        "position = $1, text = $2, comparator = $3, target_value = $4, unit = $5, target_year = $6",
        vec![
            target.position.into(),
            target.text.as_str().into(),
            target.comparator.map(|c| c.as_str()).into(),
            target.value.into(),
            target.unit.clone().into(),
            target.year.into(),
        ],
    )
    .await?;
    let after = read_text_target::<B>(tx, tenant, target.id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::TextTarget,
            entity_id: target.id,
            action: AuditAction::Update,
            before: Some(snapshot(&before)?),
            after: Some(snapshot(&after)?),
        },
    )
    .await?;
    Ok(after)
}

pub(super) async fn remove_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let before = read_text_target::<B>(tx, tenant, id).await?;
    delete_row::<B>(
        tx,
        &RowRef {
            entity: EntityKind::TextTarget,
            table: "text_targets",
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
            entity: EntityKind::TextTarget,
            entity_id: id,
            action: AuditAction::Delete,
            before: Some(snapshot(&before)?),
            after: None,
        },
    )
    .await
}

/// Unique-constraint failures read better as a sentence about the domain.
fn duplicate_as(error: StoreError, message: String) -> StoreError {
    match error {
        StoreError::Duplicate(_) => StoreError::Duplicate(message),
        other => other,
    }
}

impl<B: SqlBackend> Store for SqlStore<B> {
    async fn create_tenant(&self, new: &NewTenant, change: &Change) -> Result<Tenant> {
        new.validate()
            .map_err(|e| StoreError::invalid(EntityKind::Tenant, e))?;
        let mut tx = self.backend.begin().await?;
        let id = insert_returning_id::<B>(
            &mut tx,
            "INSERT INTO tenants (kolada_id, name, version) VALUES ($1, $2, 1) RETURNING id",
            &[new.kolada_id.as_str().into(), new.name.as_str().into()],
        )
        .await
        .map_err(|e| duplicate_as(e, format!("tenant {} already exists", new.kolada_id)))?;
        let tenant = read_tenant::<B>(&mut tx, id).await?;
        record::<B>(
            &mut tx,
            id,
            change,
            Recorded {
                entity: EntityKind::Tenant,
                entity_id: id,
                action: AuditAction::Create,
                before: None,
                after: Some(snapshot(&tenant)?),
            },
        )
        .await?;
        B::commit(tx).await?;
        Ok(tenant)
    }

    async fn tenants(&self) -> Result<Vec<Tenant>> {
        let mut tx = self.backend.begin().await?;
        let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants ORDER BY name, id");
        fetch_all::<B, _>(&mut tx, &sql, &[], rows::tenant).await
    }

    async fn tenant_by_kolada_id(&self, kolada_id: &str) -> Result<Option<Tenant>> {
        let mut tx = self.backend.begin().await?;
        let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE kolada_id = $1");
        Ok(
            fetch_all::<B, _>(&mut tx, &sql, &[kolada_id.into()], rows::tenant)
                .await?
                .into_iter()
                .next(),
        )
    }

    async fn update_tenant(&self, tenant: &Tenant, change: &Change) -> Result<Tenant> {
        tenant
            .validate()
            .map_err(|e| StoreError::invalid(EntityKind::Tenant, e))?;
        let mut tx = self.backend.begin().await?;
        let before = read_tenant::<B>(&mut tx, tenant.id).await?;
        if before.version != tenant.version {
            return Err(StoreError::Conflict {
                entity: EntityKind::Tenant,
                id: tenant.id,
                expected: tenant.version,
                actual: before.version,
            });
        }
        // The tenants table is the one table without a tenant_id column, so the
        // shared versioned update does not apply.
        let updated = B::execute(
            &mut tx,
            "UPDATE tenants SET kolada_id = $1, name = $2, version = version + 1 WHERE id = $3 AND version = $4",
            &[
                tenant.kolada_id.as_str().into(),
                tenant.name.as_str().into(),
                tenant.id.into(),
                tenant.version.into(),
            ],
        )
        .await
        .map_err(|e| duplicate_as(e, format!("tenant {} already exists", tenant.kolada_id)))?;
        if updated == 0 {
            let actual = read_tenant::<B>(&mut tx, tenant.id).await?.version;
            return Err(StoreError::Conflict {
                entity: EntityKind::Tenant,
                id: tenant.id,
                expected: tenant.version,
                actual,
            });
        }
        let after = read_tenant::<B>(&mut tx, tenant.id).await?;
        record::<B>(
            &mut tx,
            tenant.id,
            change,
            Recorded {
                entity: EntityKind::Tenant,
                entity_id: tenant.id,
                action: AuditAction::Update,
                before: Some(snapshot(&before)?),
                after: Some(snapshot(&after)?),
            },
        )
        .await?;
        B::commit(tx).await?;
        Ok(after)
    }

    async fn create_org_unit(
        &self,
        tenant: Id,
        new: &NewOrgUnit,
        change: &Change,
    ) -> Result<OrgUnit> {
        new.validate()
            .map_err(|e| StoreError::invalid(EntityKind::OrgUnit, e))?;
        let mut tx = self.backend.begin().await?;
        if let Some(parent) = new.parent_id {
            ensure_exists::<B>(&mut tx, EntityKind::OrgUnit, "org_units", tenant, parent).await?;
        }
        let id = insert_returning_id::<B>(
            &mut tx,
            "INSERT INTO org_units (tenant_id, parent_id, kind, name, short_name, version) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
            &[
                tenant.into(),
                new.parent_id.into(),
                new.kind.as_str().into(),
                new.name.as_str().into(),
                new.short_name.clone().into(),
            ],
        )
        .await
        .map_err(|e| duplicate_as(e, format!("an org unit named '{}' already exists", new.name)))?;
        let unit = read_org_unit::<B>(&mut tx, tenant, id).await?;
        record::<B>(
            &mut tx,
            tenant,
            change,
            Recorded {
                entity: EntityKind::OrgUnit,
                entity_id: id,
                action: AuditAction::Create,
                before: None,
                after: Some(snapshot(&unit)?),
            },
        )
        .await?;
        B::commit(tx).await?;
        Ok(unit)
    }

    async fn org_unit(&self, tenant: Id, id: Id) -> Result<OrgUnit> {
        let mut tx = self.backend.begin().await?;
        read_org_unit::<B>(&mut tx, tenant, id).await
    }

    async fn org_units(&self, tenant: Id) -> Result<Vec<OrgUnit>> {
        let mut tx = self.backend.begin().await?;
        let sql = format!(
            "SELECT {ORG_UNIT_COLUMNS} FROM org_units WHERE tenant_id = $1 ORDER BY name, id"
        );
        fetch_all::<B, _>(&mut tx, &sql, &[tenant.into()], rows::org_unit).await
    }

    async fn update_org_unit(
        &self,
        tenant: Id,
        unit: &OrgUnit,
        change: &Change,
    ) -> Result<OrgUnit> {
        unit.validate()
            .map_err(|e| StoreError::invalid(EntityKind::OrgUnit, e))?;
        let mut tx = self.backend.begin().await?;
        let before = read_org_unit::<B>(&mut tx, tenant, unit.id).await?;
        if let Some(parent) = unit.parent_id {
            ensure_exists::<B>(&mut tx, EntityKind::OrgUnit, "org_units", tenant, parent).await?;
            ensure_not_own_ancestor::<B>(&mut tx, tenant, unit.id, parent).await?;
        }
        update_row::<B>(
            &mut tx,
            &RowRef {
                entity: EntityKind::OrgUnit,
                table: "org_units",
                tenant,
                id: unit.id,
            },
            unit.version,
            "parent_id = $1, kind = $2, name = $3, short_name = $4",
            vec![
                unit.parent_id.into(),
                unit.kind.as_str().into(),
                unit.name.as_str().into(),
                unit.short_name.clone().into(),
            ],
        )
        .await
        .map_err(|e| {
            duplicate_as(
                e,
                format!("an org unit named '{}' already exists", unit.name),
            )
        })?;
        let after = read_org_unit::<B>(&mut tx, tenant, unit.id).await?;
        record::<B>(
            &mut tx,
            tenant,
            change,
            Recorded {
                entity: EntityKind::OrgUnit,
                entity_id: unit.id,
                action: AuditAction::Update,
                before: Some(snapshot(&before)?),
                after: Some(snapshot(&after)?),
            },
        )
        .await?;
        B::commit(tx).await?;
        Ok(after)
    }

    async fn delete_org_unit(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        let mut tx = self.backend.begin().await?;
        let before = read_org_unit::<B>(&mut tx, tenant, id).await?;
        let children = B::fetch(
            &mut tx,
            "SELECT id FROM org_units WHERE parent_id = $1 AND tenant_id = $2",
            &[id.into(), tenant.into()],
        )
        .await?;
        if !children.is_empty() {
            return Err(StoreError::StillReferenced(format!(
                "'{}' has {} unit(s) under it; move or delete those first",
                before.name,
                children.len()
            )));
        }
        delete_row::<B>(
            &mut tx,
            &RowRef {
                entity: EntityKind::OrgUnit,
                table: "org_units",
                tenant,
                id,
            },
            version,
        )
        .await
        .map_err(|e| match e {
            StoreError::StillReferenced(_) => StoreError::StillReferenced(format!(
                "'{}' is responsible for goals; remove it from them first",
                before.name
            )),
            other => other,
        })?;
        record::<B>(
            &mut tx,
            tenant,
            change,
            Recorded {
                entity: EntityKind::OrgUnit,
                entity_id: id,
                action: AuditAction::Delete,
                before: Some(snapshot(&before)?),
                after: None,
            },
        )
        .await?;
        B::commit(tx).await
    }

    async fn create_plan(&self, tenant: Id, new: &NewPlan, change: &Change) -> Result<Plan> {
        let mut tx = self.backend.begin().await?;
        let plan = insert_plan::<B>(&mut tx, tenant, new, change, AuditAction::Create).await?;
        B::commit(tx).await?;
        Ok(plan)
    }

    async fn plan(&self, tenant: Id, id: Id) -> Result<Plan> {
        let mut tx = self.backend.begin().await?;
        read_plan::<B>(&mut tx, tenant, id).await
    }

    async fn plan_by_title(&self, tenant: Id, title: &str) -> Result<Option<Plan>> {
        let mut tx = self.backend.begin().await?;
        let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE title = $1 AND tenant_id = $2");
        Ok(
            fetch_all::<B, _>(&mut tx, &sql, &[title.into(), tenant.into()], rows::plan)
                .await?
                .into_iter()
                .next(),
        )
    }

    async fn plans(&self, tenant: Id) -> Result<Vec<Plan>> {
        let mut tx = self.backend.begin().await?;
        let sql = format!(
            "SELECT {PLAN_COLUMNS} FROM plans WHERE tenant_id = $1 ORDER BY first_year DESC, title, id"
        );
        fetch_all::<B, _>(&mut tx, &sql, &[tenant.into()], rows::plan).await
    }

    async fn update_plan(&self, tenant: Id, plan: &Plan, change: &Change) -> Result<Plan> {
        let mut tx = self.backend.begin().await?;
        let plan = write_plan::<B>(&mut tx, tenant, plan, change, AuditAction::Update).await?;
        B::commit(tx).await?;
        Ok(plan)
    }

    async fn delete_plan(&self, tenant: Id, id: Id, version: i64, change: &Change) -> Result<()> {
        let mut tx = self.backend.begin().await?;
        let before = read_plan::<B>(&mut tx, tenant, id).await?;
        delete_row::<B>(
            &mut tx,
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
            &mut tx,
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
        B::commit(tx).await
    }

    async fn create_goal(&self, tenant: Id, new: &NewGoal, change: &Change) -> Result<Goal> {
        let mut tx = self.backend.begin().await?;
        let goal = insert_goal::<B>(&mut tx, tenant, new, change).await?;
        B::commit(tx).await?;
        Ok(goal)
    }

    async fn goal(&self, tenant: Id, id: Id) -> Result<Goal> {
        let mut tx = self.backend.begin().await?;
        read_goal::<B>(&mut tx, tenant, id).await
    }

    async fn goals(&self, tenant: Id, plan: Id) -> Result<Vec<Goal>> {
        let mut tx = self.backend.begin().await?;
        read_goals::<B>(&mut tx, tenant, plan).await
    }

    async fn update_goal(&self, tenant: Id, goal: &Goal, change: &Change) -> Result<Goal> {
        let mut tx = self.backend.begin().await?;
        let goal = write_goal::<B>(&mut tx, tenant, goal, change).await?;
        B::commit(tx).await?;
        Ok(goal)
    }

    async fn delete_goal(&self, tenant: Id, id: Id, version: i64, change: &Change) -> Result<()> {
        let mut tx = self.backend.begin().await?;
        remove_goal::<B>(&mut tx, tenant, id, version, change).await?;
        B::commit(tx).await
    }

    async fn create_commitment(
        &self,
        tenant: Id,
        new: &NewCommitment,
        change: &Change,
    ) -> Result<Commitment> {
        let mut tx = self.backend.begin().await?;
        let commitment = insert_commitment::<B>(&mut tx, tenant, new, change).await?;
        B::commit(tx).await?;
        Ok(commitment)
    }

    async fn commitments(&self, tenant: Id, goal: Id) -> Result<Vec<Commitment>> {
        let mut tx = self.backend.begin().await?;
        read_commitments::<B>(&mut tx, tenant, goal).await
    }

    async fn update_commitment(
        &self,
        tenant: Id,
        commitment: &Commitment,
        change: &Change,
    ) -> Result<Commitment> {
        let mut tx = self.backend.begin().await?;
        let commitment = write_commitment::<B>(&mut tx, tenant, commitment, change).await?;
        B::commit(tx).await?;
        Ok(commitment)
    }

    async fn delete_commitment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        let mut tx = self.backend.begin().await?;
        remove_commitment::<B>(&mut tx, tenant, id, version, change).await?;
        B::commit(tx).await
    }

    async fn create_text_target(
        &self,
        tenant: Id,
        new: &NewTextTarget,
        change: &Change,
    ) -> Result<TextTarget> {
        let mut tx = self.backend.begin().await?;
        let target = insert_text_target::<B>(&mut tx, tenant, new, change).await?;
        B::commit(tx).await?;
        Ok(target)
    }

    async fn text_targets(&self, tenant: Id, goal: Id) -> Result<Vec<TextTarget>> {
        let mut tx = self.backend.begin().await?;
        read_text_targets::<B>(&mut tx, tenant, goal).await
    }

    async fn update_text_target(
        &self,
        tenant: Id,
        target: &TextTarget,
        change: &Change,
    ) -> Result<TextTarget> {
        let mut tx = self.backend.begin().await?;
        let target = write_text_target::<B>(&mut tx, tenant, target, change).await?;
        B::commit(tx).await?;
        Ok(target)
    }

    async fn delete_text_target(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        let mut tx = self.backend.begin().await?;
        remove_text_target::<B>(&mut tx, tenant, id, version, change).await?;
        B::commit(tx).await
    }

    async fn import_plan(
        &self,
        tenant: Id,
        draft: &PlanDraft,
        options: &ImportOptions,
        change: &Change,
    ) -> Result<ImportOutcome> {
        let mut tx = self.backend.begin().await?;
        let outcome =
            super::import::import_plan::<B>(&mut tx, tenant, draft, options, change).await?;
        B::commit(tx).await?;
        Ok(outcome)
    }

    async fn audit_events(&self, tenant: Id, query: &AuditQuery) -> Result<Vec<AuditEvent>> {
        let mut tx = self.backend.begin().await?;
        let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE tenant_id = $1");
        let mut args: Vec<SqlValue> = vec![tenant.into()];
        if let Some(entity) = query.entity {
            args.push(entity.as_str().into());
            sql.push_str(&format!(" AND entity = ${}", args.len()));
        }
        if let Some(entity_id) = query.entity_id {
            args.push(entity_id.into());
            sql.push_str(&format!(" AND entity_id = ${}", args.len()));
        }
        sql.push_str(" ORDER BY id");
        fetch_all::<B, _>(&mut tx, &sql, &args, rows::audit_event).await
    }
}

/// A unit cannot be moved under itself or under one of its own descendants.
async fn ensure_not_own_ancestor<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    unit: Id,
    new_parent: Id,
) -> Result<()> {
    let mut current = Some(new_parent);
    let mut steps = 0;
    while let Some(id) = current {
        if id == unit {
            return Err(StoreError::invalid(
                EntityKind::OrgUnit,
                riktning_domain::ValidationError::new(
                    "parent_id",
                    "a unit cannot be placed under itself or one of its own units",
                ),
            ));
        }
        steps += 1;
        if steps > 10_000 {
            break;
        }
        current = read_org_unit::<B>(tx, tenant, id).await?.parent_id;
    }
    Ok(())
}
