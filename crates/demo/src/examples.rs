//! Example values for the demo's Kolada indicators. The demo has no network, and real
//! Kolada data for Östersund is not shipped, so each Kolada indicator gets ten years of
//! invented values: for the municipality, women and men (when the KPI is split by
//! gender), the country and the comparison group. They are stored as values entered by
//! hand, never as Kolada's, so the pages say "exempelvärden" and not "Källa: Kolada";
//! the first real fetch from Kolada replaces them.

use riktning_domain::{Gender, Observation, ObservationSource};

use crate::content::{COMPARISON_GROUP, FETCHED_AT, KOLADA_ID};

/// Kolada's id for the whole country.
const COUNTRY: &str = "0000";
pub(crate) const FIRST_YEAR: i32 = 2015;
pub(crate) const LAST_YEAR: i32 = 2024;

/// How an invented series runs: each line from its 2015 value to its 2024 value, with
/// a small, fixed wobble so that it reads like a real series.
pub(crate) struct Example {
    pub municipality: (f64, f64),
    /// How far women are above men (negative: below), for KPIs split by gender.
    pub gender_gap: Option<f64>,
    pub country: (f64, f64),
    pub group: (f64, f64),
}

impl Example {
    /// The observations for `series`, rounded to `decimals`; a share stays within 0–100.
    pub fn observations(&self, series: &str, decimals: i32, is_share: bool) -> Vec<Observation> {
        let mut out = Vec::new();
        for year in FIRST_YEAR..=LAST_YEAR {
            let own = along(self.municipality, year, 1);
            let mut add = |area: &str, gender: Gender, value: f64| {
                let upper = if is_share { 100.0 } else { f64::MAX };
                out.push(Observation {
                    series: series.to_string(),
                    area: area.to_string(),
                    period: year,
                    gender,
                    value: Some(round(value.clamp(0.0, upper), decimals)),
                    status: None,
                    count: None,
                    source: ObservationSource::Manual,
                    fetched_at: FETCHED_AT,
                    published: None,
                });
            };
            add(KOLADA_ID, Gender::Total, own);
            if let Some(gap) = self.gender_gap {
                add(KOLADA_ID, Gender::Women, own + gap / 2.0);
                add(KOLADA_ID, Gender::Men, own - gap / 2.0);
            }
            add(COUNTRY, Gender::Total, along(self.country, year, 2));
            add(COMPARISON_GROUP, Gender::Total, along(self.group, year, 3));
        }
        out
    }
}

/// The value of the line `(first, last)` in `year`, with a wobble of a few per cent of
/// its size that differs by year and by `salt`, the same on every load.
fn along((first, last): (f64, f64), year: i32, salt: u32) -> f64 {
    let share = f64::from(year - FIRST_YEAR) / f64::from(LAST_YEAR - FIRST_YEAR);
    let size = (last - first).abs().max(first.abs().max(last.abs()) * 0.05);
    let step = u32::try_from(year - FIRST_YEAR).unwrap_or(0);
    // -3..=3, scattered by a multiplicative hash.
    let scatter =
        f64::from((step.wrapping_mul(2_654_435_761).wrapping_add(salt * 97) >> 7) % 7) - 3.0;
    first + (last - first) * share + scatter * size * 0.02
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals.clamp(0, 6));
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_years_for_the_municipality_its_women_and_men_the_country_and_the_group() {
        let example = Example {
            municipality: (7.4, 7.9),
            gender_gap: Some(3.0),
            country: (7.0, 7.6),
            group: (7.2, 7.5),
        };
        let values = example.observations("N00090", 1, true);
        assert_eq!(values.len(), 10 * 5);
        assert!(values.iter().all(|o| o.source == ObservationSource::Manual));
        let of = |area: &str, gender: Gender| {
            values
                .iter()
                .filter(|o| o.area == area && o.gender == gender)
                .count()
        };
        assert_eq!(of(KOLADA_ID, Gender::Women), 10);
        assert_eq!(of(COUNTRY, Gender::Total), 10);
        assert_eq!(of(COMPARISON_GROUP, Gender::Total), 10);
        let first = values
            .iter()
            .find(|o| o.period == 2015 && o.area == KOLADA_ID && o.gender == Gender::Total)
            .and_then(|o| o.value)
            .expect("2015");
        assert!((first - 7.4).abs() < 0.1, "{first}");
        let women = values
            .iter()
            .find(|o| o.period == 2015 && o.gender == Gender::Women)
            .and_then(|o| o.value)
            .expect("women");
        assert!(
            women > first,
            "women above the total when the gap is positive"
        );
    }

    #[test]
    fn a_share_stays_within_a_hundred() {
        let example = Example {
            municipality: (98.0, 100.0),
            gender_gap: Some(8.0),
            country: (90.0, 99.0),
            group: (90.0, 99.0),
        };
        let values = example.observations("N07918", 0, true);
        assert!(values.iter().filter_map(|o| o.value).all(|v| v <= 100.0));
    }
}
