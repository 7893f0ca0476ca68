//! Serde types for Kolada v3's metadata responses.
//!
//! Kolada adds, drops and nulls fields without notice, so every field except the id is
//! tolerant: a missing or `null` field becomes its empty value instead of failing a sync
//! of six thousand KPIs over one odd record. Unknown fields are ignored.

use serde::{Deserialize, Deserializer, Serialize};
use time::Date;

/// One page of a v3 response: `{"count", "next_url", "values": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// Items on this page (not the total).
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub next_url: Option<String>,
    /// The older name of `next_url`; still accepted so old dumps read. Only a link
    /// is kept: some old responses put a page number here.
    #[serde(default, deserialize_with = "link_only")]
    pub next_page: Option<String>,
    pub values: Vec<T>,
}

impl<T> Page<T> {
    /// The next page's address, if any: `next_url`, else the older `next_page`.
    /// An empty string means "no more pages", as null does.
    pub fn next(&self) -> Option<&str> {
        next_link(self.next_url.as_deref(), self.next_page.as_deref())
    }
}

/// Picks the link to follow from the two names Kolada has used for it.
pub(crate) fn next_link<'a>(
    next_url: Option<&'a str>,
    next_page: Option<&'a str>,
) -> Option<&'a str> {
    [next_url, next_page]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|link| !link.is_empty())
}

/// A KPI (*nyckeltal*) of Kolada's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpi {
    pub id: String,
    #[serde(default, deserialize_with = "string_or_empty")]
    pub title: String,
    #[serde(default, deserialize_with = "string_or_empty")]
    pub description: String,
    #[serde(default, deserialize_with = "bool_or_false")]
    pub is_divided_by_gender: bool,
    /// "K" municipalities, "L" regions, "A" both.
    #[serde(default, deserialize_with = "lenient_string")]
    pub municipality_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub auspice: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub operating_area: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub perspective: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub prel_publication_date: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub publication_date: Option<String>,
    /// The latest period published, e.g. "2025". Kolada sends it as text.
    #[serde(default, deserialize_with = "lenient_string")]
    pub publ_period: Option<String>,
    #[serde(default, deserialize_with = "bool_or_false")]
    pub has_ou_data: bool,
}

impl Kpi {
    /// The publication date as a date, when Kolada gave a valid `YYYY-MM-DD`.
    pub fn published(&self) -> Option<Date> {
        parse_date(self.publication_date.as_deref()?)
    }

    /// The preliminary publication date as a date, when valid.
    pub fn preliminarily_published(&self) -> Option<Date> {
        parse_date(self.prel_publication_date.as_deref()?)
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), format).ok()
}

/// A municipality, a region, or the whole country (`0000`, "Riket").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    pub id: String,
    #[serde(default, deserialize_with = "string_or_empty")]
    pub title: String,
    /// "K" municipality, "L" region or the country.
    #[serde(rename = "type", default, deserialize_with = "string_or_empty")]
    pub kind: String,
}

/// A Kolada group of municipalities (`G…`); its values are unweighted member means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityGroup {
    pub id: String,
    #[serde(default, deserialize_with = "string_or_empty")]
    pub title: String,
    #[serde(default, deserialize_with = "vec_or_empty")]
    pub members: Vec<GroupMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    pub member_id: String,
    #[serde(default, deserialize_with = "string_or_empty")]
    pub member_title: String,
}

impl From<Kpi> for riktning_domain::KpiInfo {
    fn from(kpi: Kpi) -> Self {
        riktning_domain::KpiInfo {
            id: kpi.id,
            title: kpi.title,
            description: kpi.description,
            divided_by_gender: kpi.is_divided_by_gender,
            municipality_type: kpi.municipality_type,
            operating_area: kpi.operating_area,
            publication_date: kpi.publication_date,
            publ_period: kpi.publ_period,
        }
    }
}

impl From<&riktning_domain::KpiInfo> for Kpi {
    /// A catalogue entry read back from the store, for the search index; the fields
    /// the store does not keep are left empty.
    fn from(info: &riktning_domain::KpiInfo) -> Self {
        Kpi {
            id: info.id.clone(),
            title: info.title.clone(),
            description: info.description.clone(),
            is_divided_by_gender: info.divided_by_gender,
            municipality_type: info.municipality_type.clone(),
            auspice: None,
            operating_area: info.operating_area.clone(),
            perspective: None,
            prel_publication_date: None,
            publication_date: info.publication_date.clone(),
            publ_period: info.publ_period.clone(),
            has_ou_data: false,
        }
    }
}

impl From<Municipality> for riktning_domain::Area {
    fn from(municipality: Municipality) -> Self {
        riktning_domain::Area {
            id: municipality.id,
            title: municipality.title,
            kind: municipality.kind,
        }
    }
}

impl From<MunicipalityGroup> for riktning_domain::AreaGroup {
    fn from(group: MunicipalityGroup) -> Self {
        riktning_domain::AreaGroup {
            id: group.id,
            title: group.title,
            members: group.members.into_iter().map(|m| m.member_id).collect(),
        }
    }
}

/// A text field that may be null, missing, or (for periods) a number.
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lenient {
        Text(String),
        Integer(i64),
        Float(f64),
    }
    Ok(
        Option::<Lenient>::deserialize(deserializer)?.map(|text| match text {
            Lenient::Text(s) => s,
            Lenient::Integer(n) => n.to_string(),
            Lenient::Float(x) => x.to_string(),
        }),
    )
}

fn link_only<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(link) => Some(link),
        _ => None,
    })
}

fn string_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(lenient_string(deserializer)?.unwrap_or_default())
}

fn bool_or_false<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(false))
}

fn vec_or_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpi_tolerates_nulls_missing_fields_and_numeric_periods() {
        let kpi: Kpi = serde_json::from_str(
            r#"{"id":"N00090","title":null,"publ_period":2025,"publication_date":"2027-03-06",
                "is_divided_by_gender":null,"something_new":[1,2]}"#,
        )
        .expect("lenient KPI");
        assert_eq!(kpi.id, "N00090");
        assert_eq!(kpi.title, "");
        assert_eq!(kpi.publ_period.as_deref(), Some("2025"));
        assert!(!kpi.is_divided_by_gender);
        assert_eq!(kpi.published(), Some(time::macros::date!(2027 - 03 - 06)));
        assert_eq!(kpi.preliminarily_published(), None);
    }

    #[test]
    fn kpi_without_id_is_an_error() {
        assert!(serde_json::from_str::<Kpi>(r#"{"title":"x"}"#).is_err());
    }

    #[test]
    fn municipality_type_field_is_renamed() {
        let m: Municipality =
            serde_json::from_str(r#"{"id":"2380","title":"Östersund","type":"K"}"#).expect("ok");
        assert_eq!(m.kind, "K");
        let area: riktning_domain::Area = m.into();
        assert_eq!(area.title, "Östersund");
    }

    #[test]
    fn next_link_prefers_next_url_and_treats_empty_as_none() {
        let page: Page<Kpi> = serde_json::from_str(
            r#"{"count":0,"next_url":"","next_page":"http://x/2","values":[]}"#,
        )
        .expect("ok");
        assert_eq!(page.next(), Some("http://x/2"));
        let page: Page<Kpi> = serde_json::from_str(r#"{"next_url":null,"values":[]}"#).expect("ok");
        assert_eq!(page.next(), None);
        let page: Page<Kpi> = serde_json::from_str(r#"{"next_page":3,"values":[]}"#).expect("ok");
        assert_eq!(page.next(), None);
    }
}
