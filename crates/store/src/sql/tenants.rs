//! Tenants: the municipalities and regions that own every other row.

use riktning_domain::{AuditAction, Change, EntityKind, Id, NewTenant, Tenant};

use super::SqlBackend;
use super::audit::{Recorded, record, snapshot};
use super::query::{duplicate_as, fetch_one, insert_returning_id};
use super::rows::{self, TENANT_COLUMNS};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn read_tenant<B: SqlBackend>(tx: &mut B::Tx, id: Id) -> Result<Tenant> {
    let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE id = $1");
    fetch_one::<B, _>(tx, &sql, &[id.into()], rows::tenant, EntityKind::Tenant, id).await
}

pub(super) async fn insert_tenant<B: SqlBackend>(
    tx: &mut B::Tx,
    new: &NewTenant,
    change: &Change,
) -> Result<Tenant> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::Tenant, e))?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO tenants (kolada_id, name, version) VALUES ($1, $2, 1) RETURNING id",
        &[new.kolada_id.as_str().into(), new.name.as_str().into()],
    )
    .await
    .map_err(|e| duplicate_as(e, format!("tenant {} already exists", new.kolada_id)))?;
    let tenant = read_tenant::<B>(tx, id).await?;
    record::<B>(
        tx,
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
    Ok(tenant)
}

pub(super) async fn write_tenant<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: &Tenant,
    change: &Change,
) -> Result<Tenant> {
    tenant
        .validate()
        .map_err(|e| StoreError::invalid(EntityKind::Tenant, e))?;
    let before = read_tenant::<B>(tx, tenant.id).await?;
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
        tx,
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
        let actual = read_tenant::<B>(tx, tenant.id).await?.version;
        return Err(StoreError::Conflict {
            entity: EntityKind::Tenant,
            id: tenant.id,
            expected: tenant.version,
            actual,
        });
    }
    let after = read_tenant::<B>(tx, tenant.id).await?;
    record::<B>(
        tx,
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
    Ok(after)
}
