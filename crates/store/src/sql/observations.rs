//! Observations: facts from outside, stored by their natural key (series, area, period,
//! gender). Imports are large, so rows go in batches: one query finds what is stored,
//! new rows go in one multi-row insert, and only revised values are updated one by one,
//! each with an audit event that keeps the value it replaces.

use std::collections::{BTreeSet, HashMap};

use riktning_domain::{AuditAction, Change, EntityKind, Gender, Id, Observation};
use serde_json::json;

use super::audit::{Recorded, record};
use super::query::fetch_all;
use super::rows::{self, OBSERVATION_COLUMNS};
use super::{SqlBackend, SqlValue};
use crate::{ObservationChanges, ObservationQuery, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// Rows per statement: 11 parameters a row stays well under SQLite's 32 766 and
/// PostgreSQL's 65 535 parameters per statement.
const BATCH_ROWS: usize = 1_000;

/// An observation's natural key: series, area, period, gender.
pub type ObservationKey = (String, String, i32, Gender);
type Key = ObservationKey;

/// What is stored under one key, as the upsert compares it with what comes in.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredObservation {
    pub id: Id,
    pub value: Option<f64>,
    pub status: Option<String>,
    pub count: Option<i64>,
}
type Stored = StoredObservation;

pub(super) async fn upsert<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    observations: &[Observation],
    change: &Change,
) -> Result<ObservationChanges> {
    let mut changes = ObservationChanges::default();
    for batch in observations.chunks(BATCH_ROWS) {
        changes.add(upsert_batch::<B>(tx, tenant, batch, change).await?);
    }
    Ok(changes)
}

fn key_of(observation: &Observation) -> Key {
    (
        observation.series.clone(),
        observation.area.clone(),
        observation.period,
        observation.gender,
    )
}

async fn upsert_batch<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    batch: &[Observation],
    change: &Change,
) -> Result<ObservationChanges> {
    // The last row wins when a batch names the same key twice.
    let mut latest: HashMap<Key, &Observation> = HashMap::with_capacity(batch.len());
    for observation in batch {
        latest.insert(key_of(observation), observation);
    }
    let stored = B::stored_observations(tx, tenant, batch).await?;
    let mut changes = ObservationChanges::default();
    let mut fresh = Vec::new();
    for (key, observation) in &latest {
        match stored.get(key) {
            None => fresh.push(*observation),
            Some(old)
                if same_value(old.value, observation.value)
                    && old.status == observation.status
                    && old.count == observation.count =>
            {
                changes.unchanged += 1;
            }
            Some(old) => {
                revise::<B>(tx, tenant, old, observation, change).await?;
                changes.revised += 1;
            }
        }
    }
    B::insert_observations(tx, tenant, &fresh).await?;
    changes.inserted += fresh.len();
    Ok(changes)
}

fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.to_bits() == b.to_bits() || a == b,
        (None, None) => true,
        _ => false,
    }
}

/// What is stored for the batch's keys, found with one query over the batch's series,
/// areas and period range (it may return some rows outside the batch; they are ignored).
/// The default for [`SqlBackend::stored_observations`].
pub async fn stored_values<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    batch: &[Observation],
) -> Result<HashMap<Key, Stored>> {
    let series: BTreeSet<&str> = batch.iter().map(|o| o.series.as_str()).collect();
    let areas: BTreeSet<&str> = batch.iter().map(|o| o.area.as_str()).collect();
    let first = batch.iter().map(|o| o.period).min().unwrap_or_default();
    let last = batch.iter().map(|o| o.period).max().unwrap_or_default();
    let mut args: Vec<SqlValue> = vec![tenant.into(), first.into(), last.into()];
    let series_list = placeholders(&mut args, series.iter().map(|s| (*s).into()));
    let area_list = placeholders(&mut args, areas.iter().map(|a| (*a).into()));
    let sql = format!(
        "SELECT id, series, area, period, gender, value, status, member_count FROM observations \
         WHERE tenant_id = $1 AND period >= $2 AND period <= $3 AND series IN ({series_list}) AND area IN ({area_list})"
    );
    let rows = fetch_all::<B, _>(tx, &sql, &args, |row| {
        let key: Key = (
            row.get_text("series")?.unwrap_or_default(),
            row.get_text("area")?.unwrap_or_default(),
            row.get_i64("period")?.unwrap_or_default() as i32,
            row.get_text("gender")?
                .unwrap_or_default()
                .parse()
                .map_err(|e: riktning_domain::UnknownVariant| StoreError::Corrupt {
                    table: "observations",
                    column: "gender".into(),
                    detail: e.to_string(),
                })?,
        );
        Ok((
            key,
            Stored {
                id: row.get_i64("id")?.unwrap_or_default(),
                value: row.get_f64("value")?,
                status: row.get_text("status")?,
                count: row.get_i64("member_count")?,
            },
        ))
    })
    .await?;
    Ok(rows.into_iter().collect())
}

/// Appends values to `args` and returns their placeholders, "$4, $5, …".
fn placeholders(args: &mut Vec<SqlValue>, values: impl Iterator<Item = SqlValue>) -> String {
    let mut list = Vec::new();
    for value in values {
        args.push(value);
        list.push(format!("${}", args.len()));
    }
    list.join(", ")
}

pub async fn insert_rows<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    rows: &[&Observation],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut args: Vec<SqlValue> = Vec::with_capacity(rows.len() * 11);
    let mut tuples = Vec::with_capacity(rows.len());
    for o in rows {
        let values: [SqlValue; 11] = [
            tenant.into(),
            o.series.as_str().into(),
            o.area.as_str().into(),
            o.period.into(),
            o.gender.as_str().into(),
            o.value.into(),
            o.status.clone().into(),
            o.count.into(),
            o.source.as_str().into(),
            o.fetched_at.into(),
            o.published.into(),
        ];
        tuples.push(format!("({})", placeholders(&mut args, values.into_iter())));
    }
    let sql = format!(
        "INSERT INTO observations (tenant_id, series, area, period, gender, value, status, member_count, source, fetched_at, published) VALUES {}",
        tuples.join(", ")
    );
    B::execute(tx, &sql, &args).await?;
    Ok(())
}

/// Replaces a stored value the source has revised, keeping the old one on the record.
async fn revise<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    old: &Stored,
    new: &Observation,
    change: &Change,
) -> Result<()> {
    B::execute(
        tx,
        "UPDATE observations SET value = $1, status = $2, member_count = $3, source = $4, fetched_at = $5, published = $6 WHERE id = $7 AND tenant_id = $8",
        &[
            new.value.into(),
            new.status.clone().into(),
            new.count.into(),
            new.source.as_str().into(),
            new.fetched_at.into(),
            new.published.into(),
            old.id.into(),
            tenant.into(),
        ],
    )
    .await?;
    let key = json!({
        "series": new.series, "area": new.area, "period": new.period, "gender": new.gender,
    });
    let event = Recorded {
        entity: EntityKind::Observation,
        entity_id: old.id,
        action: AuditAction::Update,
        before: Some(
            json!({"key": key, "value": old.value, "status": old.status, "count": old.count}),
        ),
        after: Some(
            json!({"key": key, "value": new.value, "status": new.status, "count": new.count}),
        ),
    };
    record::<B>(tx, tenant, change, event).await
}

pub(super) async fn query<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    query: &ObservationQuery,
) -> Result<Vec<Observation>> {
    let mut args: Vec<SqlValue> = vec![tenant.into()];
    let mut sql = format!("SELECT {OBSERVATION_COLUMNS} FROM observations WHERE tenant_id = $1");
    if !query.series.is_empty() {
        let list = placeholders(&mut args, query.series.iter().map(Into::into));
        sql.push_str(&format!(" AND series IN ({list})"));
    }
    if !query.areas.is_empty() {
        let list = placeholders(&mut args, query.areas.iter().map(Into::into));
        sql.push_str(&format!(" AND area IN ({list})"));
    }
    if !query.genders.is_empty() {
        let list = placeholders(&mut args, query.genders.iter().map(|g| g.as_str().into()));
        sql.push_str(&format!(" AND gender IN ({list})"));
    }
    if let Some(first) = query.first_period {
        args.push(first.into());
        sql.push_str(&format!(" AND period >= ${}", args.len()));
    }
    if let Some(last) = query.last_period {
        args.push(last.into());
        sql.push_str(&format!(" AND period <= ${}", args.len()));
    }
    sql.push_str(" ORDER BY series, area, period, gender");
    fetch_all::<B, _>(tx, &sql, &args, rows::observation).await
}

/// [`ObservationWriter`](crate::ObservationWriter) over one open transaction.
pub struct SqlObservationWriter<B: SqlBackend> {
    tx: B::Tx,
    tenant: Id,
    change: Change,
    changes: ObservationChanges,
}

impl<B: SqlBackend> SqlObservationWriter<B> {
    pub(super) fn new(tx: B::Tx, tenant: Id, change: &Change) -> Self {
        Self {
            tx,
            tenant,
            change: change.clone(),
            changes: ObservationChanges::default(),
        }
    }
}

impl<B: SqlBackend> crate::ObservationWriter for SqlObservationWriter<B> {
    async fn write(&mut self, observations: &[Observation]) -> Result<ObservationChanges> {
        let changes = upsert::<B>(&mut self.tx, self.tenant, observations, &self.change).await?;
        self.changes.add(changes);
        Ok(changes)
    }

    async fn commit(mut self) -> Result<ObservationChanges> {
        let totals = self.changes;
        let event = Recorded {
            entity: EntityKind::Observation,
            entity_id: self.tenant,
            action: AuditAction::Import,
            before: None,
            after: Some(json!({
                "inserted": totals.inserted,
                "revised": totals.revised,
                "unchanged": totals.unchanged,
            })),
        };
        record::<B>(&mut self.tx, self.tenant, &self.change, event).await?;
        super::data_version::raise::<B>(&mut self.tx).await?;
        B::commit(self.tx).await?;
        Ok(totals)
    }
}
