//! Text targets of a goal.

use riktning_domain::{AuditAction, Change, EntityKind, Id, NewTextTarget, TextTarget};

use super::query::{ensure_exists, insert_returning_id};
use super::rows::{self, TEXT_TARGET_COLUMNS};
use super::stored::{Stored, Update, created, read_children, removed, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for TextTarget {
    const KIND: EntityKind = EntityKind::TextTarget;
    const TABLE: &'static str = "text_targets";
    const COLUMNS: &'static str = TEXT_TARGET_COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::text_target(row)
    }
}

pub(super) async fn read_text_targets<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
) -> Result<Vec<TextTarget>> {
    read_children::<B, TextTarget>(tx, tenant, "goal_id", goal, "position, id").await
}

pub(super) async fn insert_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewTextTarget,
    change: &Change,
) -> Result<TextTarget> {
    new.validate()
        .map_err(|e| StoreError::invalid(TextTarget::KIND, e))?;
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
    created::<B, TextTarget>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn write_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    target: &TextTarget,
    change: &Change,
) -> Result<TextTarget> {
    target
        .validate()
        .map_err(|e| StoreError::invalid(TextTarget::KIND, e))?;
    let update = Update {
        id: target.id,
        version: target.version,
        assignments: "position = $1, text = $2, comparator = $3, target_value = $4, unit = $5, target_year = $6",
        args: vec![
            target.position.into(),
            target.text.as_str().into(),
            target.comparator.map(|c| c.as_str()).into(),
            target.value.into(),
            target.unit.clone().into(),
            target.year.into(),
        ],
        action: AuditAction::Update,
    };
    updated::<B, TextTarget>(tx, tenant, update, change).await
}

pub(super) async fn remove_text_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    removed::<B, TextTarget>(tx, tenant, id, version, change)
        .await
        .map(drop)
}
