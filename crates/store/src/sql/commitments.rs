//! Commitments (åtaganden) of a goal.

use riktning_domain::{AuditAction, Change, Commitment, EntityKind, Id, NewCommitment};

use super::SqlBackend;
use super::audit::{Recorded, record, snapshot};
use super::query::{ensure_exists, fetch_all, fetch_one, insert_returning_id};
use super::rows::{self, COMMITMENT_COLUMNS};
use super::versioned::{RowRef, delete_row, update_row};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

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

pub(super) async fn read_commitment<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
) -> Result<Commitment> {
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
