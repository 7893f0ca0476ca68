//! `riktning indicator show`: an indicator's values over the years, how the tenant
//! compares in the latest year, and whether the final target will be reached.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use riktning_domain::{
    Comparison, ComparisonRequest, Forecast, ForecastOptions, ForecastRequest, ForecastTarget,
    Gender, Id, Indicator, IndicatorSource, Observation, Target, compare, forecast, format_number,
};
use riktning_store::{ObservationQuery, Store};
use serde::Serialize;

use crate::output::say;

/// One year of the tenant's own values.
#[derive(Debug, Serialize)]
pub struct YearValues {
    pub year: i32,
    pub total: Option<f64>,
    pub women: Option<f64>,
    pub men: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub indicator: Indicator,
    pub targets: Vec<Target>,
    /// "Kolada" for values from Kolada; values we compute are never credited to it.
    pub source: String,
    pub series: Vec<YearValues>,
    pub comparison_year: Option<i32>,
    pub comparison: Option<Comparison>,
    pub forecast: Option<Forecast>,
    /// Why there is no forecast, when there is none.
    pub forecast_note: Option<String>,
}

pub async fn load<S: Store>(
    store: &S,
    tenant: Id,
    id: Id,
    year: Option<i32>,
) -> Result<IndicatorView> {
    let indicator = store.indicator(tenant, id).await?;
    let targets = store.targets(tenant, id).await?;
    let tenant_area = riktning_followup::tenant_area(store, tenant).await?;
    let observations = store
        .observations(tenant, &ObservationQuery::series(indicator.series_key()))
        .await?;
    let series = own_series(&observations, &tenant_area);

    let comparison_year = year.or_else(|| {
        series
            .iter()
            .rev()
            .find(|y| y.total.is_some())
            .map(|y| y.year)
    });
    let group_ids = store.comparison_groups(tenant).await?;
    let groups = store.area_groups(tenant).await?;
    let group_names: Vec<(String, String)> = group_ids
        .iter()
        .map(|id| {
            let name = groups
                .iter()
                .find(|g| &g.id == id)
                .map_or(id.clone(), |g| g.title.clone());
            (id.clone(), name)
        })
        .collect();
    let comparison = comparison_year.map(|year| {
        let values: Vec<(&str, Gender, Option<f64>)> = observations
            .iter()
            .filter(|o| o.period == year)
            .map(|o| (o.area.as_str(), o.gender, o.value))
            .collect();
        let group_refs: Vec<(&str, &str)> = group_names
            .iter()
            .map(|(id, name)| (id.as_str(), name.as_str()))
            .collect();
        compare(&ComparisonRequest {
            values: &values,
            tenant_id: &tenant_area,
            groups: &group_refs,
            direction: indicator.direction,
            band: indicator.band_low.zip(indicator.band_high),
            divided_by_gender: indicator.divided_by_gender,
        })
    });

    let points: Vec<(i32, f64)> = series
        .iter()
        .filter_map(|y| Some((y.year, y.total?)))
        .collect();
    let final_target = targets.iter().filter(|t| t.is_final).max_by_key(|t| t.year);
    let unit = indicator.unit.clone().unwrap_or_default();
    let (forecast, forecast_note) = match forecast(&ForecastRequest {
        points: &points,
        options: ForecastOptions::default(),
        target: final_target.map(|t| ForecastTarget {
            value: t.value,
            comparator: t.comparator,
            year: t.year,
        }),
        projection_year: None,
        direction: Some(indicator.direction),
        band: indicator.band_low.zip(indicator.band_high),
        unit: &unit,
        decimals: usize::try_from(indicator.decimals).unwrap_or(0),
    }) {
        Ok(forecast) => (Some(forecast), None),
        Err(error) => (None, Some(error.to_string())),
    };
    Ok(IndicatorView {
        source: match indicator.source {
            IndicatorSource::Kolada => "Kolada".to_string(),
            IndicatorSource::Manual => "entered by hand".to_string(),
            IndicatorSource::Csv => "CSV".to_string(),
        },
        indicator,
        targets,
        series,
        comparison_year,
        comparison,
        forecast,
        forecast_note,
    })
}

fn own_series(observations: &[Observation], area: &str) -> Vec<YearValues> {
    let mut by_year: BTreeMap<i32, YearValues> = BTreeMap::new();
    for o in observations.iter().filter(|o| o.area == area) {
        let entry = by_year.entry(o.period).or_insert(YearValues {
            year: o.period,
            total: None,
            women: None,
            men: None,
        });
        match o.gender {
            Gender::Total => entry.total = o.value,
            Gender::Women => entry.women = o.value,
            Gender::Men => entry.men = o.value,
        }
    }
    by_year.into_values().collect()
}

pub async fn show<S: Store>(
    store: &S,
    tenant: Id,
    id: Id,
    year: Option<i32>,
    json: bool,
) -> Result<()> {
    let view = load(store, tenant, id, year).await?;
    if json {
        say!("{}", serde_json::to_string_pretty(&view)?);
        return Ok(());
    }
    let decimals = usize::try_from(view.indicator.decimals).unwrap_or(0);
    let shown =
        |value: Option<f64>| value.map_or("–".to_string(), |v| format_number(v, decimals));
    let unit = view.indicator.unit.as_deref().unwrap_or("");
    say!("{} ({unit})", view.indicator.name);
    // Kolada's terms ask for this credit, in Swedish, wherever its data is shown.
    if view.source == "Kolada" {
        say!("Källa: Kolada");
    } else {
        say!("Source: {}", view.source);
    }
    if view.series.is_empty() {
        say!("\nNo values yet: run `riktning kolada sync` or `riktning kolada import FILE`.");
    } else {
        say!(
            "\n{:>6} {:>14} {:>14} {:>14}",
            "Year",
            "Total",
            "Women",
            "Men"
        );
        for y in &view.series {
            say!(
                "{:>6} {:>14} {:>14} {:>14}",
                y.year,
                shown(y.total),
                shown(y.women),
                shown(y.men)
            );
        }
    }
    if let (Some(year), Some(comparison)) = (view.comparison_year, &view.comparison) {
        say!("\nComparison {year}:");
        say!(
            "  {:<40} {:>14}",
            "This municipality",
            shown(comparison.tenant.value)
        );
        say!(
            "  {:<40} {:>14}",
            "Sweden (Riket)",
            shown(comparison.country.value)
        );
        for group in &comparison.groups {
            say!("  {:<40} {:>14}", group.name, shown(group.figures.value));
        }
        if let Some(rank) = &comparison.rank {
            say!("  Rank: {rank}");
        }
        if let Some(gap) = comparison.tenant.gender_gap {
            say!("  Women − men: {}", format_number(gap, decimals));
        }
    }
    match (&view.forecast, &view.forecast_note) {
        (Some(forecast), _) => say!(
            "\nForecast (computed by Riktning, not from Kolada):\n  {}",
            forecast.explanation
        ),
        (None, Some(note)) => say!("\nNo forecast: {note}"),
        (None, None) => {}
    }
    Ok(())
}
