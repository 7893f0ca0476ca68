//! Indicators, the goals they follow up (with weights), and their targets.

use std::collections::HashMap;

use riktning_domain::{
    AuditAction, Change, EntityKind, GoalLink, Id, Indicator, NewIndicator, NewTarget, Target,
};

use super::query::{ensure_exists, fetch_all, fetch_one, insert_returning_id};
use super::rows::{self, INDICATOR_COLUMNS, TARGET_COLUMNS};
use super::stored::{
    Stored, Update, created, read_children, record_update, removed, update_columns, updated,
};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

impl Stored for Indicator {
    const KIND: EntityKind = EntityKind::Indicator;
    const TABLE: &'static str = "indicators";
    const COLUMNS: &'static str = INDICATOR_COLUMNS;

    /// The indicator row alone; `read` adds its goal links from their own table.
    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::indicator(row, Vec::new())
    }

    async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Self> {
        let goals = read_goal_links::<B>(tx, tenant, Some(id)).await?;
        let sql =
            format!("SELECT {INDICATOR_COLUMNS} FROM indicators WHERE id = $1 AND tenant_id = $2");
        let links = goals.get(&id).cloned().unwrap_or_default();
        fetch_one::<B, _>(
            tx,
            &sql,
            &[id.into(), tenant.into()],
            |row| rows::indicator(row, links.clone()),
            Self::KIND,
            id,
        )
        .await
    }
}

impl Stored for Target {
    const KIND: EntityKind = EntityKind::Target;
    const TABLE: &'static str = "targets";
    const COLUMNS: &'static str = TARGET_COLUMNS;

    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        rows::target(row)
    }
}

/// Goal links by indicator, for one indicator or for all of the tenant's.
async fn read_goal_links<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    indicator: Option<Id>,
) -> Result<HashMap<Id, Vec<GoalLink>>> {
    let (sql, args) = match indicator {
        Some(id) => (
            "SELECT indicator_id, goal_id, weight FROM indicator_goals WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY goal_id",
            vec![tenant.into(), id.into()],
        ),
        None => (
            "SELECT indicator_id, goal_id, weight FROM indicator_goals WHERE tenant_id = $1 ORDER BY goal_id",
            vec![tenant.into()],
        ),
    };
    let links = fetch_all::<B, _>(tx, sql, &args, goal_link).await?;
    Ok(by_indicator(links))
}

/// One row of `indicator_goals`: the indicator and its link to a goal.
fn goal_link(row: &dyn SqlRow) -> Result<(Id, GoalLink)> {
    Ok((
        row.get_i64("indicator_id")?.unwrap_or_default(),
        GoalLink {
            goal_id: row.get_i64("goal_id")?.unwrap_or_default(),
            weight: row.get_f64("weight")?.unwrap_or_default(),
        },
    ))
}

fn by_indicator(links: Vec<(Id, GoalLink)>) -> HashMap<Id, Vec<GoalLink>> {
    let mut grouped: HashMap<Id, Vec<GoalLink>> = HashMap::new();
    for (indicator, link) in links {
        grouped.entry(indicator).or_default().push(link);
    }
    grouped
}

/// All of the tenant's indicators with their goal links, by name.
pub(super) async fn read_indicators<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Vec<Indicator>> {
    let links = read_goal_links::<B>(tx, tenant, None).await?;
    let sql = format!(
        "SELECT {INDICATOR_COLUMNS} FROM indicators WHERE tenant_id = $1 ORDER BY name, id"
    );
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], |row| {
        let id = row.get_i64("id")?.unwrap_or_default();
        rows::indicator(row, links.get(&id).cloned().unwrap_or_default())
    })
    .await
}

/// The indicators linked to any of `goals`, with all their links, by name: two queries
/// per thousand goals (by name within each thousand).
pub(super) async fn read_goal_indicators<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goals: &[Id],
) -> Result<Vec<Indicator>> {
    let mut ids = goals.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut found: Vec<Indicator> = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let list = (3..chunk.len() + 3)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let linked = format!(
            "SELECT indicator_id FROM indicator_goals WHERE tenant_id = $2 AND goal_id IN ({list})"
        );
        let mut args = vec![tenant.into(), tenant.into()];
        args.extend(chunk.iter().map(|id| (*id).into()));
        let pairs = fetch_all::<B, _>(
            tx,
            &format!(
                "SELECT indicator_id, goal_id, weight FROM indicator_goals \
                 WHERE tenant_id = $1 AND indicator_id IN ({linked}) ORDER BY goal_id"
            ),
            &args,
            goal_link,
        )
        .await?;
        let links = by_indicator(pairs);
        let sql = format!(
            "SELECT {INDICATOR_COLUMNS} FROM indicators WHERE tenant_id = $1 AND id IN ({linked}) \
             ORDER BY name, id"
        );
        found.extend(
            fetch_all::<B, _>(tx, &sql, &args, |row| {
                let id = row.get_i64("id")?.unwrap_or_default();
                rows::indicator(row, links.get(&id).cloned().unwrap_or_default())
            })
            .await?,
        );
    }
    // Past a thousand goals an indicator can come in two chunks; it is kept once.
    let mut seen = std::collections::HashSet::new();
    found.retain(|i| seen.insert(i.id));
    Ok(found)
}

async fn write_goal_links<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    indicator: Id,
    links: &[GoalLink],
) -> Result<()> {
    B::execute(
        tx,
        "DELETE FROM indicator_goals WHERE indicator_id = $1 AND tenant_id = $2",
        &[indicator.into(), tenant.into()],
    )
    .await?;
    for link in links {
        ensure_exists::<B>(tx, EntityKind::Goal, "goals", tenant, link.goal_id).await?;
        B::execute(
            tx,
            "INSERT INTO indicator_goals (tenant_id, indicator_id, goal_id, weight) VALUES ($1, $2, $3, $4)",
            &[tenant.into(), indicator.into(), link.goal_id.into(), link.weight.into()],
        )
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) => StoreError::Duplicate(format!(
                "goal {} is linked twice to the indicator",
                link.goal_id
            )),
            other => other,
        })?;
    }
    Ok(())
}

pub(super) async fn insert_indicator<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewIndicator,
    change: &Change,
) -> Result<Indicator> {
    new.validate()
        .map_err(|e| StoreError::invalid(Indicator::KIND, e))?;
    if let Some(unit) = new.responsible_unit {
        ensure_exists::<B>(tx, EntityKind::OrgUnit, "org_units", tenant, unit).await?;
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO indicators (tenant_id, name, unit, decimals, direction, band_low, band_high, source, kolada_kpi, divided_by_gender, responsible_unit, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id",
        &[
            tenant.into(),
            new.name.as_str().into(),
            new.unit.clone().into(),
            new.decimals.into(),
            new.direction.as_str().into(),
            new.band_low.into(),
            new.band_high.into(),
            new.source.as_str().into(),
            new.kolada_kpi.clone().into(),
            new.divided_by_gender.into(),
            new.responsible_unit.into(),
        ],
    )
    .await?;
    write_goal_links::<B>(tx, tenant, id, &new.goals).await?;
    created::<B, Indicator>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn write_indicator<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    indicator: &Indicator,
    change: &Change,
) -> Result<Indicator> {
    indicator
        .validate()
        .map_err(|e| StoreError::invalid(Indicator::KIND, e))?;
    if let Some(unit) = indicator.responsible_unit {
        ensure_exists::<B>(tx, EntityKind::OrgUnit, "org_units", tenant, unit).await?;
    }
    // The goal links live in their own table but are part of the indicator's state:
    // one audit event covers both.
    let update = Update {
        id: indicator.id,
        version: indicator.version,
        assignments: "name = $1, unit = $2, decimals = $3, direction = $4, band_low = $5, band_high = $6, source = $7, kolada_kpi = $8, divided_by_gender = $9, responsible_unit = $10",
        args: vec![
            indicator.name.as_str().into(),
            indicator.unit.clone().into(),
            indicator.decimals.into(),
            indicator.direction.as_str().into(),
            indicator.band_low.into(),
            indicator.band_high.into(),
            indicator.source.as_str().into(),
            indicator.kolada_kpi.clone().into(),
            indicator.divided_by_gender.into(),
            indicator.responsible_unit.into(),
        ],
        action: AuditAction::Update,
    };
    let (before, action) = update_columns::<B, Indicator>(tx, tenant, update).await?;
    write_goal_links::<B>(tx, tenant, indicator.id, &indicator.goals).await?;
    record_update::<B, Indicator>(tx, tenant, indicator.id, &before, action, change).await
}

pub(super) async fn remove_indicator<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    removed::<B, Indicator>(tx, tenant, id, version, change)
        .await
        .map(drop)
}

pub(super) async fn read_targets<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    indicator: Id,
) -> Result<Vec<Target>> {
    read_children::<B, Target>(tx, tenant, "indicator_id", indicator, "target_year, id").await
}

/// Ids per statement in a set read, well under every backend's parameter limit.
const IDS_PER_QUERY: usize = 1_000;

/// The targets of many indicators, by indicator and year: one query per thousand
/// indicators.
pub(super) async fn read_indicator_targets<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    indicators: &[Id],
) -> Result<Vec<Target>> {
    let mut ids = indicators.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut targets = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let list = (2..chunk.len() + 2)
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {TARGET_COLUMNS} FROM targets WHERE tenant_id = $1 AND indicator_id IN ({list}) \
             ORDER BY indicator_id, target_year, id"
        );
        let mut args = vec![tenant.into()];
        args.extend(chunk.iter().map(|id| (*id).into()));
        targets.extend(fetch_all::<B, _>(tx, &sql, &args, Target::from_row).await?);
    }
    Ok(targets)
}

fn year_taken(error: StoreError, year: i32) -> StoreError {
    match error {
        StoreError::Duplicate(_) => {
            StoreError::Duplicate(format!("the indicator already has a target for {year}"))
        }
        other => other,
    }
}

pub(super) async fn insert_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewTarget,
    change: &Change,
) -> Result<Target> {
    new.validate()
        .map_err(|e| StoreError::invalid(Target::KIND, e))?;
    ensure_exists::<B>(
        tx,
        Indicator::KIND,
        Indicator::TABLE,
        tenant,
        new.indicator_id,
    )
    .await?;
    if let Some(text_target) = new.text_target_id {
        ensure_exists::<B>(
            tx,
            EntityKind::TextTarget,
            "text_targets",
            tenant,
            text_target,
        )
        .await?;
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO targets (tenant_id, indicator_id, target_year, comparator, target_value, base_year, base_value, is_final, text_target_id, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id",
        &[
            tenant.into(),
            new.indicator_id.into(),
            new.year.into(),
            new.comparator.as_str().into(),
            new.value.into(),
            new.base_year.into(),
            new.base_value.into(),
            new.is_final.into(),
            new.text_target_id.into(),
        ],
    )
    .await
    .map_err(|e| year_taken(e, new.year))?;
    created::<B, Target>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn write_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    target: &Target,
    change: &Change,
) -> Result<Target> {
    let as_new = NewTarget {
        indicator_id: target.indicator_id,
        year: target.year,
        comparator: target.comparator,
        value: target.value,
        base_year: target.base_year,
        base_value: target.base_value,
        is_final: target.is_final,
        text_target_id: target.text_target_id,
    };
    as_new
        .validate()
        .map_err(|e| StoreError::invalid(Target::KIND, e))?;
    let update = Update {
        id: target.id,
        version: target.version,
        assignments: "target_year = $1, comparator = $2, target_value = $3, base_year = $4, base_value = $5, is_final = $6, text_target_id = $7",
        args: vec![
            target.year.into(),
            target.comparator.as_str().into(),
            target.value.into(),
            target.base_year.into(),
            target.base_value.into(),
            target.is_final.into(),
            target.text_target_id.into(),
        ],
        action: AuditAction::Update,
    };
    updated::<B, Target>(tx, tenant, update, change)
        .await
        .map_err(|e| year_taken(e, target.year))
}

pub(super) async fn remove_target<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    version: i64,
    change: &Change,
) -> Result<()> {
    removed::<B, Target>(tx, tenant, id, version, change)
        .await
        .map(drop)
}
