//! The controller's conclusion on god ekonomisk hushållning, one per period. It is
//! written while the period is open and frozen with it; every version is on the
//! record, with who wrote it.

use riktning_domain::{
    AuditAction, Change, Conclusion, ConclusionContent, EntityKind, Id, StewardshipVerdict,
};
use time::OffsetDateTime;

use super::periods::open_period;
use super::query::{duplicate_as, fetch_all, insert_returning_id};
use super::rows::{int, text, variant};
use super::stored::{Stored, Update, created, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const COLUMNS: &str = "id, period_id, verdict, text, written_by, written_at, version";

impl Stored for Conclusion {
    const KIND: EntityKind = EntityKind::Conclusion;
    const TABLE: &'static str = "conclusions";
    const COLUMNS: &'static str = COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        const T: &str = "conclusions";
        Ok(Conclusion {
            id: int(row, T, "id")?,
            period_id: int(row, T, "period_id")?,
            verdict: variant::<StewardshipVerdict>(row, T, "verdict")?,
            text: text(row, T, "text")?,
            written_by: text(row, T, "written_by")?,
            written_at: row
                .get_timestamp("written_at")?
                .ok_or_else(|| super::rows::missing(T, "written_at"))?,
            version: int(row, T, "version")?,
        })
    }
}

/// The period's conclusion, if one has been written.
pub(super) async fn for_period<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    period: Id,
) -> Result<Option<Conclusion>> {
    let sql = format!("SELECT {COLUMNS} FROM conclusions WHERE period_id = $1 AND tenant_id = $2");
    Ok(fetch_all::<B, _>(
        tx,
        &sql,
        &[period.into(), tenant.into()],
        Conclusion::from_row,
    )
    .await?
    .into_iter()
    .next())
}

/// Writes the period's conclusion: the first one when `version` is `None`, otherwise
/// a new version of the one the caller read. Someone else's write in between is a
/// conflict, so that nobody overwrites a conclusion they have not seen.
pub(super) async fn write<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    period: Id,
    content: &ConclusionContent,
    version: Option<i64>,
    change: &Change,
) -> Result<Conclusion> {
    content
        .validate()
        .map_err(|e| StoreError::invalid(Conclusion::KIND, e))?;
    open_period::<B>(tx, tenant, period, Conclusion::KIND).await?;
    let existing = for_period::<B>(tx, tenant, period).await?;
    let now = OffsetDateTime::now_utc();
    match (existing, version) {
        (None, None) => {
            let id = insert_returning_id::<B>(
                tx,
                "INSERT INTO conclusions (tenant_id, period_id, verdict, text, written_by, written_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id",
                &[
                    tenant.into(),
                    period.into(),
                    content.verdict.as_str().into(),
                    content.text.trim().into(),
                    change.actor.as_str().into(),
                    now.into(),
                ],
            )
            .await
            .map_err(|e| {
                duplicate_as(
                    e,
                    "someone else wrote the period's conclusion just now; read it and try again"
                        .to_string(),
                )
            })?;
            created::<B, Conclusion>(tx, tenant, id, AuditAction::Create, change).await
        }
        (Some(current), Some(version)) => {
            let update = Update {
                id: current.id,
                version,
                assignments: "verdict = $1, text = $2, written_by = $3, written_at = $4",
                args: vec![
                    content.verdict.as_str().into(),
                    content.text.trim().into(),
                    change.actor.as_str().into(),
                    now.into(),
                ],
                action: AuditAction::Update,
            };
            updated::<B, Conclusion>(tx, tenant, update, change).await
        }
        // Written by someone else since the caller looked: they must see it first.
        (Some(current), None) => Err(StoreError::Conflict {
            entity: Conclusion::KIND,
            id: current.id,
            expected: 0,
            actual: current.version,
        }),
        (None, Some(_)) => Err(StoreError::not_found(Conclusion::KIND, period)),
    }
}
