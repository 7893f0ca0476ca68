use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::Gender;
use crate::string_enum::string_enum;

string_enum!(
    ObservationSource, "observation source" {
        Kolada => "kolada",
        Manual => "manual",
        Csv => "csv",
    }
);

/// One value from outside: a series (a Kolada KPI id, or an indicator's own key) for an
/// area (a municipality "2380", the country "0000", a group "G…", or an org unit) in a
/// year, for one gender. Stored by this natural key: a newer value replaces an older one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// Kolada KPI id, or "indicator:<id>" for manual and CSV values.
    pub series: String,
    pub area: String,
    pub period: i32,
    pub gender: Gender,
    /// Missing values are kept as `None`, with Kolada's status where it gave one.
    pub value: Option<f64>,
    pub status: Option<String>,
    /// For Kolada group means: how many members contributed.
    pub count: Option<i64>,
    pub source: ObservationSource,
    #[serde(with = "time::serde::rfc3339")]
    pub fetched_at: OffsetDateTime,
    /// Kolada's publication date of the KPI, when known.
    pub published: Option<Date>,
}

impl Observation {
    /// The natural key: series, area, period and gender.
    pub fn key(&self) -> (&str, &str, i32, Gender) {
        (&self.series, &self.area, self.period, self.gender)
    }
}
