//! Assessments: one per goal, period and org unit, with the workflow draft → submitted
//! → approved (or returned). A closed period's assessments are frozen.

use riktning_domain::{
    Assessment, AssessmentContent, AssessmentScale, AssessmentState, AuditAction, Change,
    EntityKind, Goal, Id, Period, Transition, ValidationError,
};

use super::periods::open_period;
use super::query::{duplicate_as, ensure_exists, fetch_all, insert_returning_id};
use super::rows::{decoded, int, text, variant};
use super::settings::{read_scale, read_settings};
use super::stored::{Stored, Update, created, updated};
use super::versioned::{RowRef, check_version};
use super::{SqlBackend, SqlRow, SqlValue};
use crate::{AssessmentQuery, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

const COLUMNS: &str = "id, goal_id, period_id, org_unit_id, scale, level, analysis, actions, suggestion, deviation_reason, state, return_comment, version";

impl Stored for Assessment {
    const KIND: EntityKind = EntityKind::Assessment;
    const TABLE: &'static str = "assessments";
    const COLUMNS: &'static str = COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        const T: &str = "assessments";
        Ok(Assessment {
            id: int(row, T, "id")?,
            goal_id: int(row, T, "goal_id")?,
            period_id: int(row, T, "period_id")?,
            org_unit_id: int(row, T, "org_unit_id")?,
            scale: text(row, T, "scale")?,
            level: text(row, T, "level")?,
            analysis: text(row, T, "analysis")?,
            actions: text(row, T, "actions")?,
            suggestion: decoded(row, T, "suggestion")?,
            deviation_reason: row.get_text("deviation_reason")?,
            state: variant(row, T, "state")?,
            return_comment: row.get_text("return_comment")?,
            version: int(row, T, "version")?,
        })
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::invalid(Assessment::KIND, ValidationError::new(field, message))
}

/// Checks what a save refers to: an open period, a goal of the period's plan, a unit
/// responsible for the goal (when the goal names any), and a level on `scale`.
async fn check_content<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    content: &AssessmentContent,
    scale: &AssessmentScale,
) -> Result<Period> {
    let period = open_period::<B>(tx, tenant, content.period_id, Assessment::KIND).await?;
    let goal = Goal::read::<B>(tx, tenant, content.goal_id).await?;
    if goal.plan_id != period.plan_id {
        return Err(invalid(
            "goal",
            format!(
                "goal {} belongs to another plan than the period '{}'",
                goal.code, period.name
            ),
        ));
    }
    ensure_exists::<B>(
        tx,
        EntityKind::OrgUnit,
        "org_units",
        tenant,
        content.org_unit_id,
    )
    .await?;
    if !goal.responsible_units.is_empty() && !goal.responsible_units.contains(&content.org_unit_id)
    {
        return Err(invalid(
            "org_unit",
            format!(
                "org unit {} is not responsible for goal {}",
                content.org_unit_id, goal.code
            ),
        ));
    }
    content
        .validate(scale)
        .map_err(|e| StoreError::invalid(Assessment::KIND, e))?;
    Ok(period)
}

fn suggestion_value(content: &AssessmentContent) -> Result<SqlValue> {
    Ok(match &content.suggestion {
        Some(suggestion) => super::audit::snapshot(suggestion)?.into(),
        None => Option::<serde_json::Value>::None.into(),
    })
}

/// A stale version is a conflict before it is a question of workflow rules.
async fn ensure_version<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
) -> Result<()> {
    let row_ref = RowRef {
        entity: Assessment::KIND,
        table: Assessment::TABLE,
        tenant,
        id,
    };
    check_version::<B>(tx, &row_ref, version).await
}

pub(super) async fn insert_assessment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    content: &AssessmentContent,
    change: &Change,
) -> Result<Assessment> {
    let settings = read_settings::<B>(tx, tenant).await?;
    let scale = read_scale::<B>(tx, tenant, &settings.goal_scale).await?;
    check_content::<B>(tx, tenant, content, &scale).await?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO assessments (tenant_id, goal_id, period_id, org_unit_id, scale, level, analysis, actions, suggestion, deviation_reason, state, return_comment, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, 1) RETURNING id",
        &[
            tenant.into(),
            content.goal_id.into(),
            content.period_id.into(),
            content.org_unit_id.into(),
            scale.key.as_str().into(),
            content.level.as_str().into(),
            content.analysis.as_str().into(),
            content.actions.as_str().into(),
            suggestion_value(content)?,
            content.deviation_reason.clone().into(),
            AssessmentState::Draft.as_str().into(),
        ],
    )
    .await
    .map_err(|e| {
        duplicate_as(
            e,
            "the unit has already assessed this goal in this period; edit that assessment"
                .to_string(),
        )
    })?;
    created::<B, Assessment>(tx, tenant, id, AuditAction::Create, change).await
}

/// Saves new content over the version the reporter read. Only a draft or a returned
/// assessment can be edited; saving a returned one makes it a draft again.
pub(super) async fn write_assessment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    content: &AssessmentContent,
    change: &Change,
) -> Result<Assessment> {
    let current = Assessment::read::<B>(tx, tenant, id).await?;
    let identity = (current.goal_id, current.period_id, current.org_unit_id);
    if identity != (content.goal_id, content.period_id, content.org_unit_id) {
        return Err(invalid(
            "goal",
            "an assessment's goal, period and unit cannot change; make a new assessment",
        ));
    }
    let scale = read_scale::<B>(tx, tenant, &current.scale).await?;
    check_content::<B>(tx, tenant, content, &scale).await?;
    ensure_version::<B>(tx, tenant, id, version).await?;
    if !current.state.is_editable() {
        return Err(invalid(
            "state",
            format!(
                "the assessment is {} ({}); it can be edited again once it is returned",
                current.state.as_str(),
                current.state.label()
            ),
        ));
    }
    let update = Update {
        id,
        version,
        assignments: "level = $1, analysis = $2, actions = $3, suggestion = $4, deviation_reason = $5, state = $6",
        args: vec![
            content.level.as_str().into(),
            content.analysis.as_str().into(),
            content.actions.as_str().into(),
            suggestion_value(content)?,
            content.deviation_reason.clone().into(),
            AssessmentState::Draft.as_str().into(),
        ],
        action: AuditAction::Update,
    };
    updated::<B, Assessment>(tx, tenant, update, change).await
}

/// Takes one workflow step, in an open period.
pub(super) async fn transition<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    step: &Transition,
    change: &Change,
) -> Result<Assessment> {
    let current = Assessment::read::<B>(tx, tenant, id).await?;
    open_period::<B>(tx, tenant, current.period_id, Assessment::KIND).await?;
    ensure_version::<B>(tx, tenant, id, version).await?;
    let next = step
        .apply(current.state)
        .map_err(|e| StoreError::invalid(Assessment::KIND, e))?;
    let comment = match step {
        Transition::Return { comment } => Some(comment.trim().to_string()),
        _ => current.return_comment.clone(),
    };
    let update = Update {
        id,
        version,
        assignments: "state = $1, return_comment = $2",
        args: vec![next.as_str().into(), comment.into()],
        action: AuditAction::Update,
    };
    updated::<B, Assessment>(tx, tenant, update, change).await
}

pub(super) async fn read_assessments<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    query: &AssessmentQuery,
) -> Result<Vec<Assessment>> {
    let mut sql = format!("SELECT {COLUMNS} FROM assessments WHERE tenant_id = $1");
    let mut args: Vec<SqlValue> = vec![tenant.into()];
    for (column, value) in [
        ("period_id", query.period),
        ("goal_id", query.goal),
        ("org_unit_id", query.org_unit),
    ] {
        if let Some(value) = value {
            args.push(value.into());
            sql.push_str(&format!(" AND {column} = ${}", args.len()));
        }
    }
    sql.push_str(" ORDER BY period_id, goal_id, org_unit_id");
    fetch_all::<B, _>(tx, &sql, &args, Assessment::from_row).await
}
