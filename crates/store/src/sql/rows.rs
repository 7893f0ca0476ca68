//! Column lists and the mapping from rows to domain values.

use std::str::FromStr;

use riktning_domain::{
    Agenda2030Link, Area, AreaGroup, AuditEvent, Commitment, Decision, Goal, GoalLink, Id,
    Indicator, KpiInfo, Observation, OrgUnit, Plan, Target, Tenant, TextTarget, UnknownVariant,
};

use super::SqlRow;
use crate::StoreError;

pub(super) const TENANT_COLUMNS: &str = "id, kolada_id, name, version";
pub(super) const ORG_UNIT_COLUMNS: &str = "id, parent_id, kind, name, short_name, retired, version";
pub(super) const PLAN_COLUMNS: &str = "id, title, first_year, last_year, status, decided_by, decided_on, case_number, decision_paragraph, source_name, source_sha256, is_current, version";
pub(super) const GOAL_COLUMNS: &str = "id, plan_id, parent_id, code, short_name, statement, heading, category, level, political_text, agenda2030, position, version";
pub(super) const COMMITMENT_COLUMNS: &str = "id, goal_id, position, text, status, version";
pub(super) const TEXT_TARGET_COLUMNS: &str =
    "id, goal_id, position, text, comparator, target_value, unit, target_year, version";
pub(super) const INDICATOR_COLUMNS: &str = "id, name, unit, decimals, direction, band_low, band_high, source, kolada_kpi, divided_by_gender, responsible_unit, version";
pub(super) const TARGET_COLUMNS: &str = "id, indicator_id, target_year, comparator, target_value, base_year, base_value, is_final, text_target_id, version";
pub(super) const OBSERVATION_COLUMNS: &str =
    "id, series, area, period, gender, value, status, member_count, source, fetched_at, published";
pub(super) const KPI_COLUMNS: &str = "id, title, description, divided_by_gender, municipality_type, operating_area, publication_date, publ_period";
pub(super) const AUDIT_COLUMNS: &str =
    "id, at, actor, entity, entity_id, action, before_state, after_state, reason";

pub(super) fn missing(table: &'static str, column: &str) -> StoreError {
    StoreError::Corrupt {
        table,
        column: column.to_string(),
        detail: "unexpected NULL".to_string(),
    }
}

pub(super) fn int(row: &dyn SqlRow, table: &'static str, column: &str) -> Result<i64, StoreError> {
    row.get_i64(column)?.ok_or_else(|| missing(table, column))
}

pub(super) fn year(row: &dyn SqlRow, table: &'static str, column: &str) -> Result<i32, StoreError> {
    let value = int(row, table, column)?;
    i32::try_from(value).map_err(|_| StoreError::Corrupt {
        table,
        column: column.to_string(),
        detail: format!("{value} does not fit in 32 bits"),
    })
}

pub(super) fn text(
    row: &dyn SqlRow,
    table: &'static str,
    column: &str,
) -> Result<String, StoreError> {
    row.get_text(column)?.ok_or_else(|| missing(table, column))
}

pub(super) fn variant<T: FromStr<Err = UnknownVariant>>(
    row: &dyn SqlRow,
    table: &'static str,
    column: &str,
) -> Result<T, StoreError> {
    text(row, table, column)?
        .parse()
        .map_err(|e: UnknownVariant| StoreError::Corrupt {
            table,
            column: column.to_string(),
            detail: e.to_string(),
        })
}

pub(super) fn tenant(row: &dyn SqlRow) -> Result<Tenant, StoreError> {
    const T: &str = "tenants";
    Ok(Tenant {
        id: int(row, T, "id")?,
        kolada_id: text(row, T, "kolada_id")?,
        name: text(row, T, "name")?,
        version: int(row, T, "version")?,
    })
}

pub(super) fn org_unit(row: &dyn SqlRow) -> Result<OrgUnit, StoreError> {
    const T: &str = "org_units";
    Ok(OrgUnit {
        id: int(row, T, "id")?,
        parent_id: row.get_i64("parent_id")?,
        kind: variant(row, T, "kind")?,
        name: text(row, T, "name")?,
        short_name: row.get_text("short_name")?,
        retired: row.get_bool("retired")?.unwrap_or(false),
        version: int(row, T, "version")?,
    })
}

pub(super) fn plan(row: &dyn SqlRow) -> Result<Plan, StoreError> {
    const T: &str = "plans";
    let decision = match (
        row.get_text("decided_by")?,
        row.get_date("decided_on")?,
        row.get_text("case_number")?,
    ) {
        (Some(body), Some(date), Some(case_number)) => Some(Decision {
            body,
            date,
            case_number,
            paragraph: row.get_text("decision_paragraph")?,
        }),
        _ => None,
    };
    Ok(Plan {
        id: int(row, T, "id")?,
        title: text(row, T, "title")?,
        first_year: year(row, T, "first_year")?,
        last_year: year(row, T, "last_year")?,
        status: variant(row, T, "status")?,
        decision,
        source_name: row.get_text("source_name")?,
        source_sha256: row.get_text("source_sha256")?,
        current: row.get_bool("is_current")?.unwrap_or(false),
        version: int(row, T, "version")?,
    })
}

pub(super) fn goal(row: &dyn SqlRow, responsible_units: Vec<Id>) -> Result<Goal, StoreError> {
    const T: &str = "goals";
    let agenda2030: Vec<Agenda2030Link> = match row.get_json("agenda2030")? {
        Some(json) => serde_json::from_value(json).map_err(|e| StoreError::Corrupt {
            table: T,
            column: "agenda2030".into(),
            detail: e.to_string(),
        })?,
        None => Vec::new(),
    };
    Ok(Goal {
        id: int(row, T, "id")?,
        plan_id: int(row, T, "plan_id")?,
        parent_id: row.get_i64("parent_id")?,
        code: text(row, T, "code")?,
        short_name: row.get_text("short_name")?,
        statement: text(row, T, "statement")?,
        heading: row.get_text("heading")?,
        category: row.get_text("category")?,
        level: variant(row, T, "level")?,
        political_text: text(row, T, "political_text")?,
        agenda2030,
        responsible_units,
        position: year(row, T, "position")?,
        version: int(row, T, "version")?,
    })
}

pub(super) fn commitment(row: &dyn SqlRow) -> Result<Commitment, StoreError> {
    const T: &str = "commitments";
    Ok(Commitment {
        id: int(row, T, "id")?,
        goal_id: int(row, T, "goal_id")?,
        position: year(row, T, "position")?,
        text: text(row, T, "text")?,
        status: variant(row, T, "status")?,
        version: int(row, T, "version")?,
    })
}

pub(super) fn text_target(row: &dyn SqlRow) -> Result<TextTarget, StoreError> {
    const T: &str = "text_targets";
    let comparator = match row.get_text("comparator")? {
        Some(_) => Some(variant(row, T, "comparator")?),
        None => None,
    };
    let target_year = match row.get_i64("target_year")? {
        Some(_) => Some(year(row, T, "target_year")?),
        None => None,
    };
    Ok(TextTarget {
        id: int(row, T, "id")?,
        goal_id: int(row, T, "goal_id")?,
        position: year(row, T, "position")?,
        text: text(row, T, "text")?,
        comparator,
        value: row.get_f64("target_value")?,
        unit: row.get_text("unit")?,
        year: target_year,
        version: int(row, T, "version")?,
    })
}

pub(super) fn audit_event(row: &dyn SqlRow) -> Result<AuditEvent, StoreError> {
    const T: &str = "audit_events";
    Ok(AuditEvent {
        id: int(row, T, "id")?,
        at: row.get_timestamp("at")?.ok_or_else(|| missing(T, "at"))?,
        actor: text(row, T, "actor")?,
        entity: variant(row, T, "entity")?,
        entity_id: int(row, T, "entity_id")?,
        action: variant(row, T, "action")?,
        before: row.get_json("before_state")?,
        after: row.get_json("after_state")?,
        reason: row.get_text("reason")?,
    })
}

fn optional_year(
    row: &dyn SqlRow,
    table: &'static str,
    column: &str,
) -> Result<Option<i32>, StoreError> {
    match row.get_i64(column)? {
        Some(_) => year(row, table, column).map(Some),
        None => Ok(None),
    }
}

fn flag(row: &dyn SqlRow, table: &'static str, column: &str) -> Result<bool, StoreError> {
    row.get_bool(column)?.ok_or_else(|| missing(table, column))
}

pub(super) fn indicator(row: &dyn SqlRow, goals: Vec<GoalLink>) -> Result<Indicator, StoreError> {
    const T: &str = "indicators";
    Ok(Indicator {
        id: int(row, T, "id")?,
        name: text(row, T, "name")?,
        unit: row.get_text("unit")?,
        decimals: year(row, T, "decimals")?,
        direction: variant(row, T, "direction")?,
        band_low: row.get_f64("band_low")?,
        band_high: row.get_f64("band_high")?,
        source: variant(row, T, "source")?,
        kolada_kpi: row.get_text("kolada_kpi")?,
        divided_by_gender: flag(row, T, "divided_by_gender")?,
        responsible_unit: row.get_i64("responsible_unit")?,
        goals,
        version: int(row, T, "version")?,
    })
}

pub(super) fn target(row: &dyn SqlRow) -> Result<Target, StoreError> {
    const T: &str = "targets";
    Ok(Target {
        id: int(row, T, "id")?,
        indicator_id: int(row, T, "indicator_id")?,
        year: year(row, T, "target_year")?,
        comparator: variant(row, T, "comparator")?,
        value: row
            .get_f64("target_value")?
            .ok_or_else(|| missing(T, "target_value"))?,
        base_year: optional_year(row, T, "base_year")?,
        base_value: row.get_f64("base_value")?,
        is_final: flag(row, T, "is_final")?,
        text_target_id: row.get_i64("text_target_id")?,
        version: int(row, T, "version")?,
    })
}

pub(super) fn observation(row: &dyn SqlRow) -> Result<Observation, StoreError> {
    const T: &str = "observations";
    Ok(Observation {
        series: text(row, T, "series")?,
        area: text(row, T, "area")?,
        period: year(row, T, "period")?,
        gender: variant(row, T, "gender")?,
        value: row.get_f64("value")?,
        status: row.get_text("status")?,
        count: row.get_i64("member_count")?,
        source: variant(row, T, "source")?,
        fetched_at: row
            .get_timestamp("fetched_at")?
            .ok_or_else(|| missing(T, "fetched_at"))?,
        published: row.get_date("published")?,
    })
}

pub(super) fn kpi(row: &dyn SqlRow) -> Result<KpiInfo, StoreError> {
    const T: &str = "kolada_kpis";
    Ok(KpiInfo {
        id: text(row, T, "id")?,
        title: text(row, T, "title")?,
        description: text(row, T, "description")?,
        divided_by_gender: flag(row, T, "divided_by_gender")?,
        municipality_type: row.get_text("municipality_type")?,
        operating_area: row.get_text("operating_area")?,
        publication_date: row.get_text("publication_date")?,
        publ_period: row.get_text("publ_period")?,
    })
}

pub(super) fn area(row: &dyn SqlRow) -> Result<Area, StoreError> {
    const T: &str = "kolada_areas";
    Ok(Area {
        id: text(row, T, "id")?,
        title: text(row, T, "title")?,
        kind: text(row, T, "kind")?,
    })
}

pub(super) fn area_group(row: &dyn SqlRow) -> Result<AreaGroup, StoreError> {
    const T: &str = "kolada_groups";
    let members = row
        .get_json("members")?
        .ok_or_else(|| missing(T, "members"))?;
    Ok(AreaGroup {
        id: text(row, T, "id")?,
        title: text(row, T, "title")?,
        members: serde_json::from_value(members).map_err(|e| StoreError::Corrupt {
            table: T,
            column: "members".into(),
            detail: e.to_string(),
        })?,
    })
}

/// A JSON column decoded into `T`; `None` for NULL.
pub(super) fn decoded<T: serde::de::DeserializeOwned>(
    row: &dyn SqlRow,
    table: &'static str,
    column: &str,
) -> Result<Option<T>, StoreError> {
    row.get_json(column)?
        .map(|json| {
            serde_json::from_value(json).map_err(|e| StoreError::Corrupt {
                table,
                column: column.to_string(),
                detail: e.to_string(),
            })
        })
        .transpose()
}

pub(super) fn date(
    row: &dyn SqlRow,
    table: &'static str,
    column: &str,
) -> Result<time::Date, StoreError> {
    row.get_date(column)?.ok_or_else(|| missing(table, column))
}
