//! Commitments (åtaganden) of a goal.

use riktning_domain::{AuditAction, Change, Commitment, EntityKind, Id, NewCommitment};

use super::query::{ensure_exists, insert_returning_id};
use super::rows::{self, COMMITMENT_COLUMNS};
use super::stored::{Stored, Update, created, read_children, removed, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for Commitment {
    const KIND: EntityKind = EntityKind::Commitment;
    const TABLE: &'static str = "commitments";
    const COLUMNS: &'static str = COMMITMENT_COLUMNS;

    fn from_row<R: SqlRow>(row: &R) -> Result<Self> {
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
