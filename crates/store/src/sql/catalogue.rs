//! The tenant's copy of Kolada's catalogue (KPIs, areas, area groups) and the groups
//! it compares itself with. Reference data: a replace swaps the whole list in one
//! transaction and leaves one audit event saying how many rows it holds.

use riktning_domain::{
    Area, AreaGroup, AuditAction, Change, EntityKind, Id, KpiInfo, ValidationError,
};
use serde_json::json;

use super::audit::{Recorded, record, snapshot};
use super::query::fetch_all;
use super::rows::{self, KPI_COLUMNS};
use super::{SqlBackend, SqlValue};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Rows per insert statement; the widest row has 9 parameters.
const BATCH_ROWS: usize = 1_000;

/// Deletes the tenant's rows of `table` and inserts `rows` in batches.
async fn replace_rows<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    table: &'static str,
    columns: &str,
    rows: Vec<Vec<SqlValue>>,
) -> Result<usize> {
    B::execute(
        tx,
        &format!("DELETE FROM {table} WHERE tenant_id = $1"),
        &[tenant.into()],
    )
    .await?;
    let count = rows.len();
    for batch in rows.chunks(BATCH_ROWS) {
        let mut args: Vec<SqlValue> = Vec::new();
        let mut tuples = Vec::with_capacity(batch.len());
        for row in batch {
            let mut marks = vec![{
                args.push(tenant.into());
                format!("${}", args.len())
            }];
            for value in row {
                args.push(value.clone());
                marks.push(format!("${}", args.len()));
            }
            tuples.push(format!("({})", marks.join(", ")));
        }
        let sql = format!(
            "INSERT INTO {table} (tenant_id, {columns}) VALUES {}",
            tuples.join(", ")
        );
        B::execute(tx, &sql, &args).await.map_err(|e| match e {
            StoreError::Duplicate(detail) => StoreError::Duplicate(format!(
                "the list for {table} names the same id twice ({detail})"
            )),
            other => other,
        })?;
    }
    Ok(count)
}

async fn record_replace<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    what: &str,
    count: usize,
) -> Result<()> {
    let event = Recorded {
        entity: EntityKind::Catalogue,
        entity_id: tenant,
        action: AuditAction::Import,
        before: None,
        after: Some(json!({ "list": what, "rows": count })),
    };
    record::<B>(tx, tenant, &Change::by("kolada catalogue"), event).await
}

pub(super) async fn replace_kpis<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    kpis: &[KpiInfo],
) -> Result<usize> {
    let rows = kpis
        .iter()
        .map(|k| {
            vec![
                k.id.as_str().into(),
                k.title.as_str().into(),
                k.description.as_str().into(),
                k.divided_by_gender.into(),
                k.municipality_type.clone().into(),
                k.operating_area.clone().into(),
                k.publication_date.clone().into(),
                k.publ_period.clone().into(),
            ]
        })
        .collect();
    let count = replace_rows::<B>(tx, tenant, "kolada_kpis", KPI_COLUMNS, rows).await?;
    record_replace::<B>(tx, tenant, "kpis", count).await?;
    Ok(count)
}

pub(super) async fn read_kpis<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<Vec<KpiInfo>> {
    let sql = format!("SELECT {KPI_COLUMNS} FROM kolada_kpis WHERE tenant_id = $1 ORDER BY id");
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], rows::kpi).await
}

pub(super) async fn replace_areas<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    areas: &[Area],
) -> Result<usize> {
    let rows = areas
        .iter()
        .map(|a| {
            vec![
                a.id.as_str().into(),
                a.title.as_str().into(),
                a.kind.as_str().into(),
            ]
        })
        .collect();
    let count = replace_rows::<B>(tx, tenant, "kolada_areas", "id, title, kind", rows).await?;
    record_replace::<B>(tx, tenant, "areas", count).await?;
    Ok(count)
}

pub(super) async fn read_areas<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<Vec<Area>> {
    fetch_all::<B, _>(
        tx,
        "SELECT id, title, kind FROM kolada_areas WHERE tenant_id = $1 ORDER BY id",
        &[tenant.into()],
        rows::area,
    )
    .await
}

pub(super) async fn replace_groups<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    groups: &[AreaGroup],
) -> Result<usize> {
    let rows = groups
        .iter()
        .map(|g| {
            Ok(vec![
                g.id.as_str().into(),
                g.title.as_str().into(),
                snapshot(&g.members)?.into(),
            ])
        })
        .collect::<Result<Vec<_>>>()?;
    let count = replace_rows::<B>(tx, tenant, "kolada_groups", "id, title, members", rows).await?;
    record_replace::<B>(tx, tenant, "groups", count).await?;
    Ok(count)
}

pub(super) async fn read_groups<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Vec<AreaGroup>> {
    fetch_all::<B, _>(
        tx,
        "SELECT id, title, members FROM kolada_groups WHERE tenant_id = $1 ORDER BY id",
        &[tenant.into()],
        rows::area_group,
    )
    .await
}

pub(super) async fn read_comparison_groups<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Vec<String>> {
    fetch_all::<B, _>(
        tx,
        "SELECT group_id FROM comparison_groups WHERE tenant_id = $1 ORDER BY group_id",
        &[tenant.into()],
        |row| Ok(super::SqlRow::get_text(row, "group_id")?.unwrap_or_default()),
    )
    .await
}

pub(super) async fn set_comparison_groups<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    groups: &[String],
    change: &Change,
) -> Result<()> {
    let before = read_comparison_groups::<B>(tx, tenant).await?;
    for group in groups {
        let known = B::fetch(
            tx,
            "SELECT id FROM kolada_groups WHERE tenant_id = $1 AND id = $2",
            &[tenant.into(), group.as_str().into()],
        )
        .await?;
        if known.is_empty() {
            return Err(StoreError::invalid(
                EntityKind::Tenant,
                ValidationError::new(
                    "comparison_groups",
                    format!(
                        "'{group}' is not a group in the Kolada catalogue; import the catalogue or check the id"
                    ),
                ),
            ));
        }
    }
    B::execute(
        tx,
        "DELETE FROM comparison_groups WHERE tenant_id = $1",
        &[tenant.into()],
    )
    .await?;
    let unique: std::collections::BTreeSet<&String> = groups.iter().collect();
    for group in &unique {
        B::execute(
            tx,
            "INSERT INTO comparison_groups (tenant_id, group_id) VALUES ($1, $2)",
            &[tenant.into(), group.as_str().into()],
        )
        .await?;
    }
    let event = Recorded {
        entity: EntityKind::Tenant,
        entity_id: tenant,
        action: AuditAction::Update,
        before: Some(json!({ "comparison_groups": before })),
        after: Some(json!({ "comparison_groups": unique })),
    };
    record::<B>(tx, tenant, change, event).await
}
