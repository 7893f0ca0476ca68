//! The organisation tree: council, board, committees, units and companies.

use riktning_domain::{AuditAction, Change, EntityKind, Id, NewOrgUnit, OrgUnit};

use super::SqlBackend;
use super::audit::{Recorded, record, snapshot};
use super::query::{duplicate_as, ensure_exists, fetch_one, insert_returning_id};
use super::rows::{self, ORG_UNIT_COLUMNS};
use super::versioned::{RowRef, delete_row, update_row};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn read_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
) -> Result<OrgUnit> {
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

pub(super) async fn insert_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewOrgUnit,
    change: &Change,
) -> Result<OrgUnit> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::OrgUnit, e))?;
    if let Some(parent) = new.parent_id {
        ensure_exists::<B>(tx, EntityKind::OrgUnit, "org_units", tenant, parent).await?;
    }
    let id = insert_returning_id::<B>(
        tx,
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
    let unit = read_org_unit::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
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
    Ok(unit)
}

pub(super) async fn write_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    unit: &OrgUnit,
    change: &Change,
) -> Result<OrgUnit> {
    unit.validate()
        .map_err(|e| StoreError::invalid(EntityKind::OrgUnit, e))?;
    let before = read_org_unit::<B>(tx, tenant, unit.id).await?;
    if let Some(parent) = unit.parent_id {
        ensure_exists::<B>(tx, EntityKind::OrgUnit, "org_units", tenant, parent).await?;
        ensure_not_own_ancestor::<B>(tx, tenant, unit.id, parent).await?;
    }
    update_row::<B>(
        tx,
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
    let after = read_org_unit::<B>(tx, tenant, unit.id).await?;
    record::<B>(
        tx,
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
    Ok(after)
}

pub(super) async fn remove_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let before = read_org_unit::<B>(tx, tenant, id).await?;
    let children = B::fetch(
        tx,
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
        tx,
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
        tx,
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
    Ok(())
}

/// A unit cannot be moved under itself or under one of its own descendants.
pub(super) async fn ensure_not_own_ancestor<B: SqlBackend>(
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
