//! Kolada data: `{"kpi","municipality","period","values":[{"count","gender","status","value"}]}`.
//!
//! The reader streams: each record is read, split into one [`DataRow`] per gender and
//! handed to the caller before the next record is read, so memory stays flat for a dump
//! of any size and the caller can insert in batches as it goes.

use std::fmt;
use std::io::Read;
use std::path::Path;

use riktning_domain::{Gender, Observation, ObservationSource};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::{Error, Origin};
use crate::stream::{self, StreamError};

/// One value: a KPI for an area in a year for one gender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataRow {
    pub kpi: String,
    /// A municipality, a region, the country `0000` or a group `G…`.
    pub municipality: String,
    pub period: i32,
    pub gender: Gender,
    /// `None` when Kolada has no value (often with a status saying why).
    pub value: Option<f64>,
    /// Kolada's status; an empty status is `None`.
    pub status: Option<String>,
    /// For group means: how many members contributed.
    pub count: Option<i64>,
    /// Kolada flagged the row deleted. Only ever true when deleted rows are kept.
    #[serde(default)]
    pub deleted: bool,
}

impl DataRow {
    /// The row as a domain observation from Kolada. `published` is left empty: it is a
    /// property of the KPI, so set it from [`crate::Kpi::published`] where known.
    pub fn into_observation(self, fetched_at: OffsetDateTime) -> Observation {
        Observation {
            series: self.kpi,
            area: self.municipality,
            period: self.period,
            gender: self.gender,
            value: self.value,
            status: self.status,
            count: self.count,
            source: ObservationSource::Kolada,
            fetched_at,
            published: None,
        }
    }
}

/// How to read data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataOptions {
    /// Emit rows flagged `isdeleted` (with `deleted: true`) instead of dropping them.
    /// An incremental sync needs them to delete its own copies.
    pub keep_deleted: bool,
}

/// What a read saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataStats {
    /// Rows handed to the callback.
    pub rows: u64,
    /// Rows flagged deleted and dropped.
    pub deleted: u64,
    /// Page objects read.
    pub pages: u64,
}

/// Streams a data file (plain JSON or gzip, detected by content) to `on_row`, dropping
/// deleted rows. Errors name the file and the line and column.
pub fn read_data_file<E: From<Error>>(
    path: impl AsRef<Path>,
    on_row: impl FnMut(DataRow) -> Result<(), E>,
) -> Result<DataStats, E> {
    read_data_file_with(path, DataOptions::default(), on_row)
}

/// [`read_data_file`] with options.
pub fn read_data_file_with<E: From<Error>>(
    path: impl AsRef<Path>,
    options: DataOptions,
    on_row: impl FnMut(DataRow) -> Result<(), E>,
) -> Result<DataStats, E> {
    let path = path.as_ref();
    let reader = stream::open_maybe_gzip(path)?;
    read_data(reader, &Origin::File(path.to_path_buf()), options, on_row)
}

/// Streams data from any reader (not decompressed); `origin` names it in errors.
pub fn read_data<E: From<Error>>(
    reader: impl Read,
    origin: &Origin,
    options: DataOptions,
    on_row: impl FnMut(DataRow) -> Result<(), E>,
) -> Result<DataStats, E> {
    let mut stats = DataStats::default();
    read_data_pages(reader, origin, options, on_row, |_| Ok(()), &mut stats)?;
    Ok(stats)
}

/// The shared reader: also reports each page's `next` link, which the client follows.
pub(crate) fn read_data_pages<E: From<Error>>(
    reader: impl Read,
    origin: &Origin,
    options: DataOptions,
    mut on_row: impl FnMut(DataRow) -> Result<(), E>,
    mut on_page: impl FnMut(Option<String>) -> Result<(), E>,
    stats: &mut DataStats,
) -> Result<(), E> {
    let mut rows = 0;
    let mut deleted = 0;
    let mut pages = 0;
    let result = stream::read_pages::<Record, E>(
        reader,
        origin,
        &mut |record: Record| {
            for entry in record.values {
                let is_deleted = record.isdeleted || entry.isdeleted;
                if is_deleted && !options.keep_deleted {
                    deleted += 1;
                    continue;
                }
                rows += 1;
                on_row(DataRow {
                    kpi: record.kpi.clone(),
                    municipality: record.municipality.clone(),
                    period: record.period,
                    gender: entry.gender,
                    value: entry.value,
                    status: entry.status.filter(|s| !s.is_empty()),
                    count: entry.count,
                    deleted: is_deleted,
                })?;
            }
            Ok(())
        },
        &mut |meta| {
            pages += 1;
            on_page(meta.next)
        },
    );
    stats.rows += rows;
    stats.deleted += deleted;
    stats.pages += pages;
    result.map_err(|err| match err {
        StreamError::Input(err) => E::from(err),
        StreamError::Callback(err) => err,
    })
}

/// One record of a data page: a KPI, an area and a year, with a value per gender.
#[derive(Deserialize)]
struct Record {
    kpi: String,
    municipality: String,
    #[serde(deserialize_with = "year")]
    period: i32,
    #[serde(default, deserialize_with = "flag")]
    isdeleted: bool,
    values: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    count: Option<i64>,
    #[serde(deserialize_with = "gender")]
    gender: Gender,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, deserialize_with = "number_or_null")]
    value: Option<f64>,
    #[serde(default, deserialize_with = "flag")]
    isdeleted: bool,
}

fn gender<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Gender, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse::<Gender>().map_err(de::Error::custom)
}

/// `isdeleted` as a bool; null or missing is false. Some dumps write it as 0/1.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct Flag;
    impl Visitor<'_> for Flag {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true, false, 0, 1 or null")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
            Ok(v != 0)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
            Ok(v != 0)
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    deserializer.deserialize_any(Flag)
}

/// A value must be a JSON number or null: a string like "3,5" is a broken export, and
/// guessing its meaning would put wrong numbers in front of politicians.
fn number_or_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    struct Number;
    impl Visitor<'_> for Number {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number or null")
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err(E::custom(format_args!(
                "value must be a number or null, found the text {v:?}"
            )))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Err(E::custom(format_args!(
                "value must be a number or null, found {v}"
            )))
        }
    }
    deserializer.deserialize_any(Number)
}

/// A period must be a year. Kolada sends an integer; a four-digit string is accepted too.
fn year<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    struct Year;
    impl Year {
        fn check<E: de::Error>(v: i64, shown: &dyn fmt::Display) -> Result<i32, E> {
            if (1000..=9999).contains(&v) {
                // In range, so the conversion cannot fail; map anyway rather than panic.
                i32::try_from(v).map_err(E::custom)
            } else {
                Err(E::custom(format_args!(
                    "period must be a year such as 2024, found {shown}"
                )))
            }
        }
    }
    impl Visitor<'_> for Year {
        type Value = i32;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a year such as 2024")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
            Year::check(i64::try_from(v).unwrap_or(i64::MAX), &v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
            Year::check(v, &v)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i32, E> {
            Err(E::custom(format_args!(
                "period must be a year such as 2024, found {v}"
            )))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i32, E> {
            match v.trim().parse::<i64>() {
                Ok(n) if v.trim().len() == 4 => Year::check(n, &format_args!("{v:?}")),
                _ => Err(E::custom(format_args!(
                    "period must be a year such as 2024, found {v:?}"
                ))),
            }
        }
    }
    deserializer.deserialize_any(Year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str, options: DataOptions) -> Result<(Vec<DataRow>, DataStats), Error> {
        let mut rows = Vec::new();
        let stats = read_data(
            json.as_bytes(),
            &Origin::Other("t.json".into()),
            options,
            |row| {
                rows.push(row);
                Ok::<_, Error>(())
            },
        )?;
        Ok((rows, stats))
    }

    const PAGE: &str = r#"{"count":2,"next_url":null,"values":[
        {"kpi":"N00090","municipality":"2380","period":2023,"values":[
            {"count":1,"gender":"T","status":"","value":7.1},
            {"count":1,"gender":"K","status":"","value":8.0},
            {"count":1,"gender":"M","status":"B","value":null,"isdeleted":true}]},
        {"values":[{"gender":"T","value":3}],"period":"2024","municipality":"G1","kpi":"N1","isdeleted":false}
    ]}"#;

    #[test]
    fn splits_genders_and_drops_deleted() {
        let (rows, stats) = read(PAGE, DataOptions::default()).unwrap();
        assert_eq!(
            stats,
            DataStats {
                rows: 3,
                deleted: 1,
                pages: 1
            }
        );
        assert_eq!(rows[1].gender, Gender::Women);
        assert_eq!(rows[1].status, None);
        assert_eq!(rows[2].period, 2024);
        assert_eq!(rows[2].value, Some(3.0));
        assert_eq!(rows[2].count, None);
    }

    #[test]
    fn keeps_deleted_when_asked() {
        let (rows, stats) = read(PAGE, DataOptions { keep_deleted: true }).unwrap();
        assert_eq!(stats.rows, 4);
        assert_eq!(stats.deleted, 0);
        assert!(rows[2].deleted);
        assert_eq!(rows[2].status.as_deref(), Some("B"));
    }

    #[test]
    fn converts_to_an_observation() {
        let (rows, _) = read(PAGE, DataOptions::default()).unwrap();
        let now = OffsetDateTime::UNIX_EPOCH;
        let obs = rows[0].clone().into_observation(now);
        assert_eq!(obs.key(), ("N00090", "2380", 2023, Gender::Total));
        assert_eq!(obs.source, ObservationSource::Kolada);
        assert_eq!(obs.value, Some(7.1));
        assert_eq!(obs.fetched_at, now);
    }

    #[test]
    fn bad_periods_are_rejected() {
        for bad in ["\"2024-01\"", "24", "2024.5", "\"abcd\"", "null"] {
            let json = format!(
                r#"{{"values":[{{"kpi":"N1","municipality":"1","period":{bad},"values":[]}}]}}"#
            );
            let err = read(&json, DataOptions::default()).unwrap_err().to_string();
            assert!(
                err.contains("period must be a year") || err.contains("a year such as"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn callback_error_stops_the_read() {
        let mut seen = 0;
        let result = read_data(
            PAGE.as_bytes(),
            &Origin::Other("t".into()),
            DataOptions::default(),
            |_| {
                seen += 1;
                Err(Error::InvalidRequest("full".into()))
            },
        );
        assert!(matches!(result, Err(Error::InvalidRequest(_))));
        assert_eq!(seen, 1);
    }
}
