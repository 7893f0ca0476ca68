//! The organisation tree: council, board, committees, units and companies.

use riktning_domain::{AuditAction, Change, EntityKind, Id, NewOrgUnit, OrgUnit, ValidationError};

use super::query::{duplicate_as, ensure_exists, insert_returning_id};
use super::rows::{self, ORG_UNIT_COLUMNS};
use super::stored::{Stored, Update, created, removed, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for OrgUnit {
    const KIND: EntityKind = EntityKind::OrgUnit;
    const TABLE: &'static str = "org_units";
    const COLUMNS: &'static str = ORG_UNIT_COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::org_unit(row)
    }
}

fn name_taken(error: StoreError, name: &str) -> StoreError {
    duplicate_as(error, format!("an org unit named '{name}' already exists"))
}

pub(super) async fn insert_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewOrgUnit,
    change: &Change,
) -> Result<OrgUnit> {
    new.validate()
        .map_err(|e| StoreError::invalid(OrgUnit::KIND, e))?;
    if let Some(parent) = new.parent_id {
        ensure_exists::<B>(tx, OrgUnit::KIND, OrgUnit::TABLE, tenant, parent).await?;
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
    .map_err(|e| name_taken(e, &new.name))?;
    created::<B, OrgUnit>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn write_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    unit: &OrgUnit,
    change: &Change,
) -> Result<OrgUnit> {
    unit.validate()
        .map_err(|e| StoreError::invalid(OrgUnit::KIND, e))?;
    if let Some(parent) = unit.parent_id {
        ensure_exists::<B>(tx, OrgUnit::KIND, OrgUnit::TABLE, tenant, parent).await?;
        ensure_not_own_ancestor::<B>(tx, tenant, unit.id, parent).await?;
    }
    let update = Update {
        id: unit.id,
        version: unit.version,
        assignments: "parent_id = $1, kind = $2, name = $3, short_name = $4, retired = $5",
        args: vec![
            unit.parent_id.into(),
            unit.kind.as_str().into(),
            unit.name.as_str().into(),
            unit.short_name.clone().into(),
            unit.retired.into(),
        ],
        action: AuditAction::Update,
    };
    updated::<B, OrgUnit>(tx, tenant, update, change)
        .await
        .map_err(|e| name_taken(e, &unit.name))
}

pub(super) async fn remove_org_unit<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    let unit = OrgUnit::read::<B>(tx, tenant, id).await?;
    let children = B::fetch(
        tx,
        "SELECT id FROM org_units WHERE parent_id = $1 AND tenant_id = $2",
        &[id.into(), tenant.into()],
    )
    .await?;
    if !children.is_empty() {
        return Err(StoreError::StillReferenced(format!(
            "'{}' has {} unit(s) under it; move or delete those first",
            unit.name,
            children.len()
        )));
    }
    // A revoked API token limited to the unit acts for nothing: it goes with the unit
    // (its making and revoking stay on the audit trail). An active one must be revoked
    // first, so that nobody loses an integration without knowing.
    B::execute(
        tx,
        "DELETE FROM api_tokens WHERE unit_id = $1 AND tenant_id = $2 AND revoked_at IS NOT NULL",
        &[id.into(), tenant.into()],
    )
    .await?;
    let tokens = B::fetch(
        tx,
        "SELECT id FROM api_tokens WHERE unit_id = $1 AND tenant_id = $2",
        &[id.into(), tenant.into()],
    )
    .await?;
    if !tokens.is_empty() {
        return Err(StoreError::StillReferenced(format!(
            "{} API token(s) are limited to '{}'; revoke them first",
            tokens.len(),
            unit.name
        )));
    }
    match removed::<B, OrgUnit>(tx, tenant, id, version, change).await {
        Ok(_) => Ok(()),
        Err(StoreError::StillReferenced(_)) => Err(StoreError::StillReferenced(format!(
            "'{}' is responsible for goals; remove it from them first",
            unit.name
        ))),
        Err(other) => Err(other),
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
    // Bounded, in case the stored tree already has a cycle.
    for _ in 0..10_000 {
        let Some(id) = current else {
            return Ok(());
        };
        if id == unit {
            return Err(StoreError::invalid(
                OrgUnit::KIND,
                ValidationError::new(
                    "parent_id",
                    "a unit cannot be placed under itself or one of its own units",
                ),
            ));
        }
        current = OrgUnit::read::<B>(tx, tenant, id).await?.parent_id;
    }
    Ok(())
}

/// Checks that `unit` exists and, unless it is among `already` (the links the thing
/// has now), is not retired: a retired unit keeps its history but takes on nothing
/// new. The refusal is about `field` of an `entity`.
pub(super) async fn ensure_usable<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    unit: Id,
    already: &[Id],
    entity: EntityKind,
    field: &'static str,
) -> Result<()> {
    let rows = B::fetch(
        tx,
        "SELECT retired FROM org_units WHERE id = $1 AND tenant_id = $2",
        &[unit.into(), tenant.into()],
    )
    .await?;
    let Some(row) = rows.first() else {
        return Err(StoreError::not_found(EntityKind::OrgUnit, unit));
    };
    if row.get_bool("retired")?.unwrap_or(false) && !already.contains(&unit) {
        return Err(StoreError::invalid(
            entity,
            riktning_domain::ValidationError::new(field, format!("org unit {unit} is retired")),
        ));
    }
    Ok(())
}
