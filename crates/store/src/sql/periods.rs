//! Follow-up periods of a plan, and closing and reopening them.

use riktning_domain::{
    AuditAction, Change, EntityKind, Id, NewPeriod, Period, PeriodState, ValidationError,
};

use super::query::{duplicate_as, ensure_exists, fetch_all, insert_returning_id};
use super::rows::{date, int, text, variant, year};
use super::stored::{Stored, Update, created, updated};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const COLUMNS: &str =
    "id, plan_id, name, starts_on, ends_on, deadline, values_through, state, version";

impl Stored for Period {
    const KIND: EntityKind = EntityKind::Period;
    const TABLE: &'static str = "periods";
    const COLUMNS: &'static str = COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        const T: &str = "periods";
        Ok(Period {
            id: int(row, T, "id")?,
            plan_id: int(row, T, "plan_id")?,
            name: text(row, T, "name")?,
            starts_on: date(row, T, "starts_on")?,
            ends_on: date(row, T, "ends_on")?,
            deadline: date(row, T, "deadline")?,
            values_through: year(row, T, "values_through")?,
            state: variant(row, T, "state")?,
            version: int(row, T, "version")?,
        })
    }
}

fn name_taken(error: StoreError, name: &str) -> StoreError {
    duplicate_as(
        error,
        format!("the plan already has a period named '{name}'"),
    )
}

pub(super) async fn insert_period<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewPeriod,
    change: &Change,
) -> Result<Period> {
    new.validate()
        .map_err(|e| StoreError::invalid(Period::KIND, e))?;
    ensure_exists::<B>(tx, EntityKind::Plan, "plans", tenant, new.plan_id).await?;
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO periods (tenant_id, plan_id, name, starts_on, ends_on, deadline, values_through, state, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id",
        &[
            tenant.into(),
            new.plan_id.into(),
            new.name.trim().into(),
            new.starts_on.into(),
            new.ends_on.into(),
            new.deadline.into(),
            new.values_through().into(),
            PeriodState::Open.as_str().into(),
        ],
    )
    .await
    .map_err(|e| name_taken(e, &new.name))?;
    created::<B, Period>(tx, tenant, id, AuditAction::Create, change).await
}

/// A plan's periods by start date.
pub(super) async fn read_periods<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan: Id,
) -> Result<Vec<Period>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM periods WHERE plan_id = $1 AND tenant_id = $2 ORDER BY starts_on, ends_on, id"
    );
    fetch_all::<B, _>(tx, &sql, &[plan.into(), tenant.into()], Period::from_row).await
}

/// Changes a period's name, dates and value year; its state changes only by
/// [`set_state`].
pub(super) async fn write_period<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    period: &Period,
    change: &Change,
) -> Result<Period> {
    period
        .validate()
        .map_err(|e| StoreError::invalid(Period::KIND, e))?;
    let update = Update {
        id: period.id,
        version: period.version,
        assignments: "name = $1, starts_on = $2, ends_on = $3, deadline = $4, values_through = $5",
        args: vec![
            period.name.trim().into(),
            period.starts_on.into(),
            period.ends_on.into(),
            period.deadline.into(),
            period.values_through.into(),
        ],
        action: AuditAction::Update,
    };
    updated::<B, Period>(tx, tenant, update, change)
        .await
        .map_err(|e| name_taken(e, &period.name))
}

/// Closes or reopens a period. Reopening unfreezes its assessments, so it needs a
/// reason on the record.
pub(super) async fn set_state<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    state: PeriodState,
    change: &Change,
) -> Result<Period> {
    let current = Period::read::<B>(tx, tenant, id).await?;
    if current.state == state {
        return Err(StoreError::invalid(
            Period::KIND,
            ValidationError::new(
                "state",
                format!("'{}' is already {}", current.name, state.as_str()),
            ),
        ));
    }
    let has_reason = change
        .reason
        .as_deref()
        .is_some_and(|r| !riktning_domain::is_blank(r));
    if state == PeriodState::Open && !has_reason {
        return Err(StoreError::invalid(
            Period::KIND,
            ValidationError::new("reason", "reopening a closed period needs a reason"),
        ));
    }
    let update = Update {
        id,
        version,
        assignments: "state = $1",
        args: vec![state.as_str().into()],
        action: AuditAction::Update,
    };
    updated::<B, Period>(tx, tenant, update, change).await
}

/// The period, refused with a clear reason if it is closed: a closed period's
/// assessments and reports are frozen.
pub(super) async fn open_period<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    entity: EntityKind,
) -> Result<Period> {
    let period = Period::read::<B>(tx, tenant, id).await?;
    if !period.is_open() {
        return Err(StoreError::invalid(
            entity,
            ValidationError::new(
                "period",
                format!(
                    "'{}' is closed, so its follow-up is frozen; reopen it first (with a reason)",
                    period.name
                ),
            ),
        ));
    }
    Ok(period)
}
