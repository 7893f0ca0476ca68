//! Reference data from Kolada kept per tenant: the KPI catalogue, the municipalities
//! and regions ("areas"), and groups of them used for comparison.

use serde::{Deserialize, Serialize};

/// One KPI of Kolada's catalogue, as far as Riktning uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub divided_by_gender: bool,
    /// "K" municipalities, "L" regions, "A" both.
    pub municipality_type: Option<String>,
    pub operating_area: Option<String>,
    pub publication_date: Option<String>,
    pub publ_period: Option<String>,
}

/// A municipality, a region, or the whole country ("0000").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    /// "K" municipality, "L" region or country.
    pub kind: String,
}

/// A Kolada group of municipalities, e.g. "Liknande kommuner, …". Its values are
/// unweighted means over the members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaGroup {
    pub id: String,
    pub title: String,
    pub members: Vec<String>,
}
