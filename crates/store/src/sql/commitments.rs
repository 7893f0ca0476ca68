//! Commitments (åtaganden) of a goal.

use riktning_domain::{AuditAction, Change, Commitment, EntityKind, Id, NewCommitment};

use super::query::{ensure_exists, fetch_all, insert_returning_id};
use super::rows::{self, COMMITMENT_COLUMNS};
use super::stored::{Stored, Update, created, read_children, removed, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for Commitment {
    const KIND: EntityKind = EntityKind::Commitment;
    const TABLE: &'static str = "commitments";
    const COLUMNS: &'static str = COMMITMENT_COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::commitment(row)
    }
}

pub(super) async fn read_commitments<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal: Id,
) -> Result<Vec<Commitment>> {
    read_children::<B, Commitment>(tx, tenant, "goal_id", goal, "position, id").await
}

/// The commitments of every goal of a plan in one query, by goal and then text order.
pub(super) async fn read_plan_commitments<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan: Id,
) -> Result<Vec<Commitment>> {
    let sql = format!(
        "SELECT {COMMITMENT_COLUMNS} FROM commitments WHERE tenant_id = $1 \
         AND goal_id IN (SELECT id FROM goals WHERE plan_id = $2 AND tenant_id = $3) \
         ORDER BY goal_id, position, id"
    );
    fetch_all::<B, _>(
        tx,
        &sql,
        &[tenant.into(), plan.into(), tenant.into()],
        Commitment::from_row,
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
        .map_err(|e| StoreError::invalid(Commitment::KIND, e))?;
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
    created::<B, Commitment>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn write_commitment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    commitment: &Commitment,
    change: &Change,
) -> Result<Commitment> {
    commitment
        .validate()
        .map_err(|e| StoreError::invalid(Commitment::KIND, e))?;
    let update = Update {
        id: commitment.id,
        version: commitment.version,
        assignments: "position = $1, text = $2, status = $3",
        args: vec![
            commitment.position.into(),
            commitment.text.as_str().into(),
            commitment.status.as_str().into(),
        ],
        action: AuditAction::Update,
    };
    updated::<B, Commitment>(tx, tenant, update, change).await
}

pub(super) async fn remove_commitment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    removed::<B, Commitment>(tx, tenant, id, version, change)
        .await
        .map(drop)
}
