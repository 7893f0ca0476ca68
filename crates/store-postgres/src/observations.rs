//! Observation batches in PostgreSQL's own terms: each column as one array, unnested on
//! the server. The shared SQL binds one parameter per value, which PostgreSQL parses and
//! evaluates one by one; arrays make a 1 000-row batch one cheap statement.

use std::collections::HashMap;

use riktning_domain::{Gender, Id, Observation};
use riktning_store::StoreError;
use riktning_store::sql::{ObservationKey, StoredObservation};
use sqlx::{Postgres, Row, Transaction};
use time::{Date, OffsetDateTime};

use crate::backend::store_error;

pub(crate) async fn stored(
    tx: &mut Transaction<'static, Postgres>,
    tenant: Id,
    batch: &[Observation],
) -> Result<HashMap<ObservationKey, StoredObservation>, StoreError> {
    let series: Vec<&str> = batch.iter().map(|o| o.series.as_str()).collect();
    let areas: Vec<&str> = batch.iter().map(|o| o.area.as_str()).collect();
    let periods: Vec<i64> = batch.iter().map(|o| i64::from(o.period)).collect();
    let genders: Vec<&str> = batch.iter().map(|o| o.gender.as_str()).collect();
    // In a large import the table grows inside one uncommitted transaction, so the
    // planner's statistics still describe it as empty and, left to itself, it hashes
    // the whole table for every batch: quadratic. LATERAL with LIMIT (which keeps the
    // planner from flattening it into a plain join) makes the keys the outer side, and
    // each key is one probe of the unique index.
    sqlx::raw_sql("SET LOCAL enable_seqscan = off")
        .execute(&mut **tx)
        .await
        .map_err(|e| store_error("preparing the observation lookup", e))?;
    let rows = sqlx::query(
        "SELECT o.id, o.series, o.area, o.period, o.gender, o.value, o.status, o.member_count \
         FROM UNNEST($2::text[], $3::text[], $4::bigint[], $5::text[]) AS k(series, area, period, gender) \
         CROSS JOIN LATERAL (SELECT * FROM observations WHERE tenant_id = $1 AND series = k.series \
              AND area = k.area AND period = k.period AND gender = k.gender LIMIT 1) AS o",
    )
    .bind(tenant)
    .bind(&series)
    .bind(&areas)
    .bind(&periods)
    .bind(&genders)
    .fetch_all(&mut **tx)
    .await
    .map_err(|e| store_error("looking up stored observations", e))?;
    let mut stored = HashMap::with_capacity(rows.len());
    for row in rows {
        let read = |e: sqlx::Error| store_error("reading stored observations", e);
        let gender: String = row.try_get("gender").map_err(read)?;
        let gender: Gender = gender
            .parse()
            .map_err(|e: riktning_domain::UnknownVariant| StoreError::Corrupt {
                table: "observations",
                column: "gender".into(),
                detail: e.to_string(),
            })?;
        let period: i64 = row.try_get("period").map_err(read)?;
        let key = (
            row.try_get::<String, _>("series").map_err(read)?,
            row.try_get::<String, _>("area").map_err(read)?,
            i32::try_from(period).unwrap_or(i32::MAX),
            gender,
        );
        stored.insert(
            key,
            StoredObservation {
                id: row.try_get("id").map_err(read)?,
                value: row.try_get("value").map_err(read)?,
                status: row.try_get("status").map_err(read)?,
                count: row.try_get("member_count").map_err(read)?,
            },
        );
    }
    Ok(stored)
}

pub(crate) async fn insert(
    tx: &mut Transaction<'static, Postgres>,
    tenant: Id,
    rows: &[&Observation],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let series: Vec<&str> = rows.iter().map(|o| o.series.as_str()).collect();
    let areas: Vec<&str> = rows.iter().map(|o| o.area.as_str()).collect();
    let periods: Vec<i64> = rows.iter().map(|o| i64::from(o.period)).collect();
    let genders: Vec<&str> = rows.iter().map(|o| o.gender.as_str()).collect();
    let values: Vec<Option<f64>> = rows.iter().map(|o| o.value).collect();
    let statuses: Vec<Option<&str>> = rows.iter().map(|o| o.status.as_deref()).collect();
    let counts: Vec<Option<i64>> = rows.iter().map(|o| o.count).collect();
    let sources: Vec<&str> = rows.iter().map(|o| o.source.as_str()).collect();
    let fetched: Vec<OffsetDateTime> = rows.iter().map(|o| o.fetched_at).collect();
    let published: Vec<Option<Date>> = rows.iter().map(|o| o.published).collect();
    sqlx::query(
        "INSERT INTO observations (tenant_id, series, area, period, gender, value, status, member_count, source, fetched_at, published) \
         SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::bigint[], $5::text[], $6::float8[], \
                                  $7::text[], $8::bigint[], $9::text[], $10::timestamptz[], $11::date[])",
    )
    .bind(tenant)
    .bind(&series)
    .bind(&areas)
    .bind(&periods)
    .bind(&genders)
    .bind(&values)
    .bind(&statuses)
    .bind(&counts)
    .bind(&sources)
    .bind(&fetched)
    .bind(&published)
    .execute(&mut **tx)
    .await
    .map_err(|e| store_error("inserting observations", e))?;
    Ok(())
}
