//! Assignments and activities with the goals they serve, and the per-period progress
//! reports on them and on commitments.

use std::collections::HashMap;

use riktning_domain::{
    Activity, AuditAction, Change, Commitment, EntityKind, Goal, Id, NewActivity,
    NewProgressReport, ProgressReport, ProgressSubject, ValidationError,
};

use super::periods::open_period;
use super::query::{ensure_exists, fetch_all, fetch_one, insert_returning_id};
use super::rows::{int, text, variant};
use super::settings::{read_scale, read_settings};
use super::stored::{Stored, Update, created, record_update, removed, update_columns, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const COLUMNS: &str =
    "id, plan_id, kind, title, description, responsible_unit, starts_on, due_on, status, version";
const REPORT_COLUMNS: &str =
    "id, period_id, activity_id, commitment_id, status, level, comment, version";

fn activity_row(row: &dyn SqlRow, goals: Vec<Id>) -> Result<Activity> {
    const T: &str = "activities";
    Ok(Activity {
        id: int(row, T, "id")?,
        plan_id: int(row, T, "plan_id")?,
        kind: variant(row, T, "kind")?,
        title: text(row, T, "title")?,
        description: text(row, T, "description")?,
        responsible_unit: row.get_i64("responsible_unit")?,
        goals,
        starts_on: row.get_date("starts_on")?,
        due_on: row.get_date("due_on")?,
        status: variant(row, T, "status")?,
        version: int(row, T, "version")?,
    })
}

impl Stored for Activity {
    const KIND: EntityKind = EntityKind::Activity;
    const TABLE: &'static str = "activities";
    const COLUMNS: &'static str = COLUMNS;

    /// The activity row alone; `read` adds its goals from their own table.
    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        activity_row(row, Vec::new())
    }

    async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Self> {
        let goals = read_goal_links::<B>(tx, tenant, "activity_id", id).await?;
        let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = $1 AND tenant_id = $2");
        let links = goals.get(&id).cloned().unwrap_or_default();
        fetch_one::<B, _>(
            tx,
            &sql,
            &[id.into(), tenant.into()],
            |row| activity_row(row, links.clone()),
            Self::KIND,
            id,
        )
        .await
    }
}

impl Stored for ProgressReport {
    const KIND: EntityKind = EntityKind::ProgressReport;
    const TABLE: &'static str = "progress_reports";
    const COLUMNS: &'static str = REPORT_COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        const T: &str = "progress_reports";
        let subject = match (row.get_i64("activity_id")?, row.get_i64("commitment_id")?) {
            (Some(activity), None) => ProgressSubject::Activity(activity),
            (None, Some(commitment)) => ProgressSubject::Commitment(commitment),
            _ => {
                return Err(StoreError::Corrupt {
                    table: T,
                    column: "activity_id".to_string(),
                    detail: "a report must be on exactly one activity or commitment".to_string(),
                });
            }
        };
        Ok(ProgressReport {
            id: int(row, T, "id")?,
            period_id: int(row, T, "period_id")?,
            subject,
            status: variant(row, T, "status")?,
            level: row.get_text("level")?,
            comment: text(row, T, "comment")?,
            version: int(row, T, "version")?,
        })
    }
}

/// Goal ids by activity, in the order they were given, for one activity (`column` =
/// "activity_id") or a whole plan (`column` = "plan_id").
async fn read_goal_links<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    column: &str,
    id: Id,
) -> Result<HashMap<Id, Vec<Id>>> {
    let filter = match column {
        "plan_id" => "a.plan_id = $1",
        _ => "ag.activity_id = $1",
    };
    let sql = format!(
        "SELECT ag.activity_id, ag.goal_id FROM activity_goals ag JOIN activities a ON a.id = ag.activity_id \
         WHERE {filter} AND ag.tenant_id = $2 ORDER BY ag.activity_id, ag.position"
    );
    let pairs = fetch_all::<B, _>(tx, &sql, &[id.into(), tenant.into()], |row| {
        Ok((
            row.get_i64("activity_id")?.unwrap_or_default(),
            row.get_i64("goal_id")?.unwrap_or_default(),
        ))
    })
    .await?;
    let mut by_activity: HashMap<Id, Vec<Id>> = HashMap::new();
    for (activity, goal) in pairs {
        by_activity.entry(activity).or_default().push(goal);
    }
    Ok(by_activity)
}

/// Each goal must be one of the plan's own.
async fn write_goal_links<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    activity: Id,
    plan: Id,
    goals: &[Id],
) -> Result<()> {
    B::execute(
        tx,
        "DELETE FROM activity_goals WHERE activity_id = $1 AND tenant_id = $2",
        &[activity.into(), tenant.into()],
    )
    .await?;
    for (position, goal) in goals.iter().enumerate() {
        let stored = Goal::read::<B>(tx, tenant, *goal).await?;
        if stored.plan_id != plan {
            return Err(StoreError::invalid(
                Activity::KIND,
                ValidationError::new(
                    "goals",
                    format!(
                        "goal {} belongs to another plan than the activity",
                        stored.code
                    ),
                ),
            ));
        }
        B::execute(
            tx,
            "INSERT INTO activity_goals (tenant_id, activity_id, goal_id, position) VALUES ($1, $2, $3, $4)",
            &[
                tenant.into(),
                activity.into(),
                (*goal).into(),
                i64::try_from(position).unwrap_or(i64::MAX).into(),
            ],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn insert_activity<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewActivity,
    change: &Change,
) -> Result<Activity> {
    new.validate()
        .map_err(|e| StoreError::invalid(Activity::KIND, e))?;
    ensure_exists::<B>(tx, EntityKind::Plan, "plans", tenant, new.plan_id).await?;
    if let Some(unit) = new.responsible_unit {
        super::org_units::ensure_usable::<B>(tx, tenant, unit, &[], Activity::KIND, "unit").await?;
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO activities (tenant_id, plan_id, kind, title, description, responsible_unit, starts_on, due_on, status, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id",
        &[
            tenant.into(),
            new.plan_id.into(),
            new.kind.as_str().into(),
            new.title.trim().into(),
            new.description.as_str().into(),
            new.responsible_unit.into(),
            new.starts_on.into(),
            new.due_on.into(),
            new.status.as_str().into(),
        ],
    )
    .await?;
    write_goal_links::<B>(tx, tenant, id, new.plan_id, &new.goals).await?;
    created::<B, Activity>(tx, tenant, id, AuditAction::Create, change).await
}

/// A plan's activities, by due date (undated last), then title.
pub(super) async fn read_activities<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan: Id,
) -> Result<Vec<Activity>> {
    let links = read_goal_links::<B>(tx, tenant, "plan_id", plan).await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM activities WHERE plan_id = $1 AND tenant_id = $2 \
         ORDER BY CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, title, id"
    );
    fetch_all::<B, _>(tx, &sql, &[plan.into(), tenant.into()], |row| {
        let id = row.get_i64("id")?.unwrap_or_default();
        activity_row(row, links.get(&id).cloned().unwrap_or_default())
    })
    .await
}

pub(super) async fn write_activity<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    activity: &Activity,
    change: &Change,
) -> Result<Activity> {
    activity
        .validate()
        .map_err(|e| StoreError::invalid(Activity::KIND, e))?;
    if let Some(unit) = activity.responsible_unit {
        let current = Activity::read::<B>(tx, tenant, activity.id).await?;
        let already: Vec<Id> = current.responsible_unit.into_iter().collect();
        super::org_units::ensure_usable::<B>(tx, tenant, unit, &already, Activity::KIND, "unit")
            .await?;
    }
    // The goal links are part of the activity's state: one audit event covers both.
    let update = Update {
        id: activity.id,
        version: activity.version,
        assignments: "kind = $1, title = $2, description = $3, responsible_unit = $4, starts_on = $5, due_on = $6, status = $7",
        args: vec![
            activity.kind.as_str().into(),
            activity.title.trim().into(),
            activity.description.as_str().into(),
            activity.responsible_unit.into(),
            activity.starts_on.into(),
            activity.due_on.into(),
            activity.status.as_str().into(),
        ],
        action: AuditAction::Update,
    };
    let (before, action) = update_columns::<B, Activity>(tx, tenant, update).await?;
    write_goal_links::<B>(tx, tenant, activity.id, before.plan_id, &activity.goals).await?;
    record_update::<B, Activity>(tx, tenant, activity.id, &before, action, change).await
}

pub(super) async fn remove_activity<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    removed::<B, Activity>(tx, tenant, id, version, change)
        .await
        .map(drop)
}

/// Records the status and comment of an activity or commitment for an open period,
/// replacing an earlier report for the same period, and makes it the subject's current
/// status. A level is only for assignments, on the tenant's assignment scale.
pub(super) async fn report_progress<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    report: &NewProgressReport,
    change: &Change,
) -> Result<ProgressReport> {
    let invalid = |field, message: String| {
        StoreError::invalid(ProgressReport::KIND, ValidationError::new(field, message))
    };
    report
        .validate()
        .map_err(|e| StoreError::invalid(ProgressReport::KIND, e))?;
    let period = open_period::<B>(tx, tenant, report.period_id, ProgressReport::KIND).await?;
    let (column, subject_id, subject_plan) = match report.subject {
        ProgressSubject::Activity(id) => {
            let activity = Activity::read::<B>(tx, tenant, id).await?;
            if let Some(level) = &report.level {
                if activity.kind != riktning_domain::ActivityKind::Assignment {
                    return Err(invalid(
                        "level",
                        "only assignments are assessed on a scale".to_string(),
                    ));
                }
                let settings = read_settings::<B>(tx, tenant).await?;
                let scale = read_scale::<B>(tx, tenant, &settings.assignment_scale).await?;
                scale
                    .require_level(level)
                    .map_err(|e| invalid("level", e.to_string()))?;
            }
            ("activity_id", id, activity.plan_id)
        }
        ProgressSubject::Commitment(id) => {
            if report.level.is_some() {
                return Err(invalid(
                    "level",
                    "only assignments are assessed on a scale".to_string(),
                ));
            }
            let commitment = Commitment::read::<B>(tx, tenant, id).await?;
            let goal = Goal::read::<B>(tx, tenant, commitment.goal_id).await?;
            ("commitment_id", id, goal.plan_id)
        }
    };
    if subject_plan != period.plan_id {
        return Err(invalid(
            "period",
            format!(
                "the period '{}' belongs to another plan than the {}",
                period.name,
                column.trim_end_matches("_id")
            ),
        ));
    }
    let existing = fetch_all::<B, _>(
        tx,
        &format!(
            "SELECT {REPORT_COLUMNS} FROM progress_reports WHERE period_id = $1 AND {column} = $2 AND tenant_id = $3"
        ),
        &[period.id.into(), subject_id.into(), tenant.into()],
        ProgressReport::from_row,
    )
    .await?;
    let stored = match existing.into_iter().next() {
        Some(previous) => {
            let update = Update {
                id: previous.id,
                version: previous.version,
                assignments: "status = $1, level = $2, comment = $3",
                args: vec![
                    report.status.as_str().into(),
                    report.level.clone().into(),
                    report.comment.as_str().into(),
                ],
                action: AuditAction::Update,
            };
            updated::<B, ProgressReport>(tx, tenant, update, change).await?
        }
        None => {
            let sql = format!(
                "INSERT INTO progress_reports (tenant_id, period_id, {column}, status, level, comment, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id"
            );
            let id = insert_returning_id::<B>(
                tx,
                &sql,
                &[
                    tenant.into(),
                    period.id.into(),
                    subject_id.into(),
                    report.status.as_str().into(),
                    report.level.clone().into(),
                    report.comment.as_str().into(),
                ],
            )
            .await?;
            created::<B, ProgressReport>(tx, tenant, id, AuditAction::Create, change).await?
        }
    };
    set_current_status::<B>(tx, tenant, report, change).await?;
    Ok(stored)
}

async fn set_current_status<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    report: &NewProgressReport,
    change: &Change,
) -> Result<()> {
    match report.subject {
        ProgressSubject::Activity(id) => {
            let current = Activity::read::<B>(tx, tenant, id).await?;
            set_status::<B, Activity>(
                tx,
                tenant,
                (id, current.version, current.status),
                report,
                change,
            )
            .await
        }
        ProgressSubject::Commitment(id) => {
            let current = Commitment::read::<B>(tx, tenant, id).await?;
            set_status::<B, Commitment>(
                tx,
                tenant,
                (id, current.version, current.status),
                report,
                change,
            )
            .await
        }
    }
}

/// Sets the `status` column of an activity or commitment, `(id, version, status)` as
/// read, when the report changes it.
async fn set_status<B: SqlBackend, E: Stored>(
    tx: &mut B::Tx,
    tenant: Id,
    (id, version, status): (Id, i64, riktning_domain::WorkStatus),
    report: &NewProgressReport,
    change: &Change,
) -> Result<()> {
    if status == report.status {
        return Ok(());
    }
    let update = Update {
        id,
        version,
        assignments: "status = $1",
        args: vec![report.status.as_str().into()],
        action: AuditAction::Update,
    };
    updated::<B, E>(tx, tenant, update, change).await.map(drop)
}

pub(super) async fn read_progress_reports<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    period: Id,
) -> Result<Vec<ProgressReport>> {
    let sql = format!(
        "SELECT {REPORT_COLUMNS} FROM progress_reports WHERE period_id = $1 AND tenant_id = $2 ORDER BY id"
    );
    fetch_all::<B, _>(
        tx,
        &sql,
        &[period.into(), tenant.into()],
        ProgressReport::from_row,
    )
    .await
}
