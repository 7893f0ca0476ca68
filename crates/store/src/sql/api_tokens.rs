//! Personal API tokens: created and revoked on the record, looked up by the hash of
//! the secret. The secret itself never reaches the store, the audit trail or a log.

use riktning_domain::{
    ApiToken, AuditAction, Change, EntityKind, Id, MAX_TOKENS_PER_USER, NewApiToken,
    ValidationError,
};
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Recorded, record};
use super::query::{fetch_all, fetch_one, insert_returning_id};
use super::rows::{int, text, variant};
use super::stored::Stored;
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const T: &str = "api_tokens";
const COLUMNS: &str = "id, tenant_id, user_id, name, role, unit_id, created_at, revoked_at";

fn token(row: &dyn SqlRow) -> Result<ApiToken> {
    Ok(ApiToken {
        id: int(row, T, "id")?,
        tenant: int(row, T, "tenant_id")?,
        user_id: int(row, T, "user_id")?,
        name: text(row, T, "name")?,
        role: variant(row, T, "role")?,
        unit_id: row.get_i64("unit_id")?,
        created_at: row
            .get_timestamp("created_at")?
            .ok_or_else(|| super::rows::missing(T, "created_at"))?,
        revoked_at: row.get_timestamp("revoked_at")?,
    })
}

pub(super) async fn insert<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewApiToken,
    change: &Change,
) -> Result<ApiToken> {
    new.validate()
        .map_err(|e| StoreError::invalid(EntityKind::ApiToken, e))?;
    // The user must be the tenant's.
    riktning_domain::User::read::<B>(tx, tenant, new.user_id).await?;
    if let Some(unit) = new.unit_id {
        super::query::ensure_exists::<B>(tx, EntityKind::OrgUnit, "org_units", tenant, unit)
            .await?;
    }
    // Counting and inserting must not interleave with another writer's, or the cap
    // could be passed on PostgreSQL; the data version's row lock orders them.
    super::data_version::read_locked::<B>(tx).await?;
    let active = fetch_all::<B, _>(
        tx,
        "SELECT COUNT(*) AS active FROM api_tokens WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL",
        &[tenant.into(), new.user_id.into()],
        |row| Ok(row.get_i64("active")?.unwrap_or(0)),
    )
    .await?
    .first()
    .copied()
    .unwrap_or(0);
    if active >= MAX_TOKENS_PER_USER {
        return Err(StoreError::invalid(
            EntityKind::ApiToken,
            ValidationError::new(
                "name",
                format!("a user has at most {MAX_TOKENS_PER_USER} active tokens; revoke one first"),
            ),
        ));
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO api_tokens (tenant_id, user_id, name, role, unit_id, token_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        &[
            tenant.into(),
            new.user_id.into(),
            new.name.trim().into(),
            new.role.as_str().into(),
            new.unit_id.into(),
            new.token_hash.as_str().into(),
            OffsetDateTime::now_utc().into(),
        ],
    )
    .await?;
    let stored = read::<B>(tx, tenant, id).await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::ApiToken,
            entity_id: id,
            action: AuditAction::Create,
            before: None,
            after: Some(json!({
                "user_id": stored.user_id,
                "name": stored.name,
                "role": stored.role.as_str(),
                "unit_id": stored.unit_id,
            })),
        },
    )
    .await?;
    Ok(stored)
}

/// Revokes `user`'s token `id`; another user's token is not found.
pub(super) async fn revoke<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    user: Id,
    id: Id,
    change: &Change,
) -> Result<()> {
    let before = read::<B>(tx, tenant, id).await?;
    if before.user_id != user {
        return Err(StoreError::not_found(EntityKind::ApiToken, id));
    }
    if before.revoked_at.is_some() {
        return Ok(());
    }
    B::execute(
        tx,
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND tenant_id = $3",
        &[OffsetDateTime::now_utc().into(), id.into(), tenant.into()],
    )
    .await?;
    record::<B>(
        tx,
        tenant,
        change,
        Recorded {
            entity: EntityKind::ApiToken,
            entity_id: id,
            action: AuditAction::Delete,
            before: Some(json!({ "name": before.name, "revoked": false })),
            after: Some(json!({ "revoked": true })),
        },
    )
    .await
}

/// The user's tokens, newest first, revoked ones included.
pub(super) async fn list<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    user: Id,
) -> Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM api_tokens WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC"
    );
    fetch_all::<B, _>(tx, &sql, &[tenant.into(), user.into()], token).await
}

/// The active token with this hash, in any tenant.
pub(super) async fn by_hash<B: SqlBackend>(
    tx: &mut B::Tx,
    token_hash: &str,
) -> Result<Option<ApiToken>> {
    let sql =
        format!("SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL");
    Ok(fetch_all::<B, _>(tx, &sql, &[token_hash.into()], token)
        .await?
        .into_iter()
        .next())
}

async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<ApiToken> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1 AND tenant_id = $2");
    fetch_one::<B, _>(
        tx,
        &sql,
        &[id.into(), tenant.into()],
        token,
        EntityKind::ApiToken,
        id,
    )
    .await
}
