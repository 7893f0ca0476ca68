//! Goals and the org units responsible for them.
use std::collections::HashMap;

use riktning_domain::{AuditAction, Change, EntityKind, Goal, Id, NewGoal};

use super::audit::{Recorded, record, snapshot};
use super::query::{duplicate_as, ensure_exists, fetch_all, fetch_one, insert_returning_id};
use super::rows::{self, GOAL_COLUMNS};
use super::stored::{Stored, created, removed};
use super::versioned::{RowRef, update_row};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for Goal {
    const KIND: EntityKind = EntityKind::Goal;
    const TABLE: &'static str = "goals";
    const COLUMNS: &'static str = GOAL_COLUMNS;

    /// The goal row alone; `read` adds the responsible units from their own table.
    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::goal(row, Vec::new())
    }

    async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Self> {
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
            Self::KIND,
            id,
        )
        .await
    }
}

fn code_taken(error: StoreError, code: &str) -> StoreError {
    duplicate_as(error, format!("the plan already has a goal {code}"))
}

/// A plan's goals in document order, each with its responsible units, in two queries
/// whatever the number of goals. Both are read in the tables' own order and sorted
/// here: sorting in SQL copied every whole goal row through a sorter, and a subquery
/// per goal opened a cursor per goal, which together were most of the time an
/// overview took for a plan with a few hundred goals.
pub(super) async fn read_goals<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan: Id,
) -> Result<Vec<Goal>> {
    let links = fetch_all::<B, _>(
        tx,
        // A goal's unit rows are its tenant's, so the goal's tenant is the filter, and
        // the units come from the key's index alone, without a row lookup each.
        "SELECT gu.goal_id, gu.org_unit_id FROM goal_units gu JOIN goals g ON g.id = gu.goal_id \
         WHERE g.plan_id = $1 AND g.tenant_id = $2",
        &[plan.into(), tenant.into()],
        |row| {
            Ok((
                rows::int(row, "goal_units", "goal_id")?,
                rows::int(row, "goal_units", "org_unit_id")?,
            ))
        },
    )
    .await?;
    let mut units: HashMap<Id, Vec<Id>> = HashMap::new();
    for (goal, unit) in links {
        units.entry(goal).or_default().push(unit);
    }
    for list in units.values_mut() {
        list.sort_unstable();
    }
    let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE plan_id = $1 AND tenant_id = $2");
    let mut goals = fetch_all::<B, _>(tx, &sql, &[plan.into(), tenant.into()], |row| {
        let id = rows::int(row, "goals", "id")?;
        rows::goal(row, units.get(&id).cloned().unwrap_or_default())
    })
    .await?;
    goals.sort_unstable_by_key(|goal| (goal.position, goal.id));
    Ok(goals)
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
    .map_err(|e| code_taken(e, &new.code))?;
    write_goal_units::<B>(tx, tenant, id, &new.responsible_units).await?;
    created::<B, Goal>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn ensure_goal_in_plan<B: SqlBackend>(
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

pub(super) async fn write_goal_units<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
    units: &[Id],
) -> Result<()> {
    let before: Vec<Id> = B::fetch(
        tx,
        "SELECT org_unit_id FROM goal_units WHERE goal_id = $1 AND tenant_id = $2",
        &[goal.into(), tenant.into()],
    )
    .await?
    .iter()
    .filter_map(|row| row.get_i64("org_unit_id").ok().flatten())
    .collect();
    B::execute(
        tx,
        "DELETE FROM goal_units WHERE goal_id = $1 AND tenant_id = $2",
        &[goal.into(), tenant.into()],
    )
    .await?;
    for &unit in units {
        super::org_units::ensure_usable::<B>(tx, tenant, unit, &before, EntityKind::Goal, "units")
            .await?;
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
    let before = Goal::read::<B>(tx, tenant, goal.id).await?;
    if let Some(parent) = goal.parent_id {
        ensure_goal_in_plan::<B>(tx, tenant, parent, before.plan_id).await?;
    }
    update_row::<B>(
        tx,
        &RowRef {
            entity: Goal::KIND,
            table: Goal::TABLE,
            tenant,
            id: goal.id,
        },
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
    .map_err(|e| code_taken(e, &goal.code))?;
    write_goal_units::<B>(tx, tenant, goal.id, &goal.responsible_units).await?;
    let after = Goal::read::<B>(tx, tenant, goal.id).await?;
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
    let children = B::fetch(
        tx,
        "SELECT code FROM goals WHERE parent_id = $1 AND tenant_id = $2",
        &[id.into(), tenant.into()],
    )
    .await?;
    if !children.is_empty() {
        let goal = Goal::read::<B>(tx, tenant, id).await?;
        return Err(StoreError::StillReferenced(format!(
            "goal {} has {} goal(s) under it; move or delete those first",
            goal.code,
            children.len()
        )));
    }
    removed::<B, Goal>(tx, tenant, id, version, change)
        .await
        .map(drop)
}
