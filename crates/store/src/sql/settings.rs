//! The tenant's follow-up settings and assessment scales. The preset scales are always
//! there; a tenant adds its own beside them.

use riktning_domain::{
    AssessmentScale, AuditAction, Change, EntityKind, FollowupSettings, Id, SuggestionRule,
    ValidationError,
};

use super::SqlBackend;
use super::audit::{Recorded, record, snapshot};
use super::query::{duplicate_as, fetch_all, insert_returning_id};
use super::rows::{decoded, int, text, variant};
use super::versioned::{RowRef, update_row};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const SETTINGS_TABLE: &str = "followup_settings";

/// The stored settings with their row id, or the defaults (version 0) when none are.
async fn read_settings_row<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Option<(Id, FollowupSettings)>> {
    let rows = fetch_all::<B, _>(
        tx,
        "SELECT id, goal_scale, assignment_scale, fulfilled_at, partly_at, rollup_rule, version FROM followup_settings WHERE tenant_id = $1",
        &[tenant.into()],
        |row| {
            const T: &str = SETTINGS_TABLE;
            let fraction = |column: &str| {
                row.get_f64(column)?
                    .ok_or_else(|| super::rows::missing(T, column))
            };
            Ok((
                int(row, T, "id")?,
                FollowupSettings {
                    goal_scale: text(row, T, "goal_scale")?,
                    assignment_scale: text(row, T, "assignment_scale")?,
                    suggestion: SuggestionRule {
                        fulfilled_at: fraction("fulfilled_at")?,
                        partly_at: fraction("partly_at")?,
                    },
                    rollup: variant(row, T, "rollup_rule")?,
                    version: int(row, T, "version")?,
                },
            ))
        },
    )
    .await?;
    Ok(rows.into_iter().next())
}

pub(super) async fn read_settings<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<FollowupSettings> {
    Ok(read_settings_row::<B>(tx, tenant)
        .await?
        .map(|(_, settings)| settings)
        .unwrap_or_default())
}

pub(super) async fn write_settings<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    settings: &FollowupSettings,
    change: &Change,
) -> Result<FollowupSettings> {
    let invalid = |e| StoreError::invalid(EntityKind::FollowupSettings, e);
    settings.validate().map_err(invalid)?;
    for (field, key) in [
        ("goal_scale", &settings.goal_scale),
        ("assignment_scale", &settings.assignment_scale),
    ] {
        read_scale::<B>(tx, tenant, key)
            .await
            .map_err(|_| invalid(ValidationError::new(field, format!("no scale '{key}'"))))?;
    }
    let values = vec![
        settings.goal_scale.as_str().into(),
        settings.assignment_scale.as_str().into(),
        settings.suggestion.fulfilled_at.into(),
        settings.suggestion.partly_at.into(),
        settings.rollup.as_str().into(),
    ];
    let stored = read_settings_row::<B>(tx, tenant).await?;
    let (id, before, action) = match stored {
        Some((id, before)) => {
            let row_ref = RowRef {
                entity: EntityKind::FollowupSettings,
                table: SETTINGS_TABLE,
                tenant,
                id,
            };
            update_row::<B>(
                tx,
                &row_ref,
                settings.version,
                "goal_scale = $1, assignment_scale = $2, fulfilled_at = $3, partly_at = $4, rollup_rule = $5",
                values,
            )
            .await?;
            (id, Some(snapshot(&before)?), AuditAction::Update)
        }
        None => {
            if settings.version != 0 {
                return Err(StoreError::Conflict {
                    entity: EntityKind::FollowupSettings,
                    id: 0,
                    expected: settings.version,
                    actual: 0,
                });
            }
            let mut args = vec![tenant.into()];
            args.extend(values);
            let id = insert_returning_id::<B>(
                tx,
                "INSERT INTO followup_settings (tenant_id, goal_scale, assignment_scale, fulfilled_at, partly_at, rollup_rule, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id",
                &args,
            )
            .await?;
            (id, None, AuditAction::Create)
        }
    };
    let after = read_settings::<B>(tx, tenant).await?;
    let event = Recorded {
        entity: EntityKind::FollowupSettings,
        entity_id: id,
        action,
        before,
        after: Some(snapshot(&after)?),
    };
    record::<B>(tx, tenant, change, event).await?;
    Ok(after)
}

/// The presets, then the tenant's own scales by key.
pub(super) async fn read_scales<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Vec<AssessmentScale>> {
    let own = fetch_all::<B, _>(
        tx,
        "SELECT key, name, levels FROM scales WHERE tenant_id = $1 ORDER BY key",
        &[tenant.into()],
        |row| {
            Ok(AssessmentScale {
                key: text(row, "scales", "key")?,
                name: text(row, "scales", "name")?,
                levels: decoded(row, "scales", "levels")?.unwrap_or_default(),
            })
        },
    )
    .await?;
    let mut scales = AssessmentScale::presets();
    scales.extend(own);
    Ok(scales)
}

pub(super) async fn read_scale<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    key: &str,
) -> Result<AssessmentScale> {
    read_scales::<B>(tx, tenant)
        .await?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or_else(|| StoreError::not_found(EntityKind::Scale, key))
}

pub(super) async fn insert_scale<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    scale: &AssessmentScale,
    change: &Change,
) -> Result<AssessmentScale> {
    scale
        .validate()
        .map_err(|e| StoreError::invalid(EntityKind::Scale, e))?;
    let taken = || StoreError::Duplicate(format!("there is already a scale '{}'", scale.key));
    if AssessmentScale::presets()
        .iter()
        .any(|p| p.key == scale.key)
    {
        return Err(taken());
    }
    let levels = snapshot(&scale.levels)?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO scales (tenant_id, key, name, levels, version) VALUES ($1, $2, $3, $4, 1) RETURNING id",
        &[
            tenant.into(),
            scale.key.as_str().into(),
            scale.name.as_str().into(),
            levels.into(),
        ],
    )
    .await
    .map_err(|e| duplicate_as(e, taken().to_string()))?;
    let event = Recorded {
        entity: EntityKind::Scale,
        entity_id: id,
        action: AuditAction::Create,
        before: None,
        after: Some(snapshot(scale)?),
    };
    record::<B>(tx, tenant, change, event).await?;
    Ok(scale.clone())
}
