//! Reading catalogue files (KPIs, municipalities, municipality groups) saved from the
//! v3 API, so an installation without internet access can be seeded from files.

use std::io::Read;
use std::path::Path;

use riktning_domain::{Area, AreaGroup, Id, KpiInfo};
use riktning_store::{Store, StoreError};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Origin};
use crate::model::{Kpi, Municipality, MunicipalityGroup};
use crate::stream::{self, Never, StreamError};

/// One catalogue file's content, whichever of the three it is: the file says by the
/// fields of its first record, so people need not name what they load.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogueFile {
    Kpis(Vec<KpiInfo>),
    Areas(Vec<Area>),
    Groups(Vec<AreaGroup>),
}

/// What a catalogue file held, and how many records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueLoaded {
    Kpis(usize),
    Areas(usize),
    Groups(usize),
}

impl CatalogueFile {
    /// Reads a catalogue file from disk, plain or gzip-compressed.
    pub fn read(path: impl AsRef<Path>) -> Result<CatalogueFile, Error> {
        let path = path.as_ref();
        let reader = stream::open_maybe_gzip(path)?;
        CatalogueFile::parse(reader, &Origin::File(path.to_path_buf()))
    }

    /// Reads a catalogue from bytes in memory (an upload), plain or gzip-compressed.
    pub fn parse_bytes(bytes: &[u8], origin: &Origin) -> Result<CatalogueFile, Error> {
        let reader = stream::bytes_maybe_gzip(bytes).map_err(|source| Error::Io {
            origin: origin.clone(),
            source,
        })?;
        CatalogueFile::parse(reader, origin)
    }

    /// Reads a catalogue from any reader (a test buffer).
    pub fn parse(reader: impl Read, origin: &Origin) -> Result<CatalogueFile, Error> {
        let records: Vec<Value> = parse_catalogue(reader, origin)?;
        let Some(first) = records.first() else {
            return Err(Error::NotCatalogue {
                origin: origin.clone(),
                reason: "it holds no records".to_string(),
            });
        };
        let shape = |err: serde_json::Error| Error::from_json(origin, err);
        if first.get("members").is_some() {
            let groups: Vec<MunicipalityGroup> =
                serde_json::from_value(Value::Array(records)).map_err(shape)?;
            Ok(CatalogueFile::Groups(
                groups.into_iter().map(Into::into).collect(),
            ))
        } else if first.get("is_divided_by_gender").is_some()
            || first.get("operating_area").is_some()
        {
            let kpis: Vec<Kpi> = serde_json::from_value(Value::Array(records)).map_err(shape)?;
            Ok(CatalogueFile::Kpis(
                kpis.into_iter().map(Into::into).collect(),
            ))
        } else if first.get("type").is_some() {
            let areas: Vec<Municipality> =
                serde_json::from_value(Value::Array(records)).map_err(shape)?;
            Ok(CatalogueFile::Areas(
                areas.into_iter().map(Into::into).collect(),
            ))
        } else {
            Err(Error::NotCatalogue {
                origin: origin.clone(),
                reason: "expected KPIs, municipalities or municipality groups in the v3 shape"
                    .to_string(),
            })
        }
    }

    /// Replaces the tenant's stored catalogue part with this one.
    pub async fn store_into<S: Store>(
        &self,
        store: &S,
        tenant: Id,
    ) -> Result<CatalogueLoaded, StoreError> {
        Ok(match self {
            CatalogueFile::Kpis(kpis) => {
                CatalogueLoaded::Kpis(store.replace_kpi_catalogue(tenant, kpis).await?)
            }
            CatalogueFile::Areas(areas) => {
                CatalogueLoaded::Areas(store.replace_areas(tenant, areas).await?)
            }
            CatalogueFile::Groups(groups) => {
                CatalogueLoaded::Groups(store.replace_area_groups(tenant, groups).await?)
            }
        })
    }
}

/// Reads one catalogue file: a page object, an array of pages, or concatenated pages,
/// plain or gzip-compressed. Errors name the file and the line and column.
pub fn read_catalogue<T: DeserializeOwned>(path: impl AsRef<Path>) -> Result<Vec<T>, Error> {
    let path = path.as_ref();
    let reader = stream::open_maybe_gzip(path)?;
    parse_catalogue(reader, &Origin::File(path.to_path_buf()))
}

/// Reads several catalogue files (e.g. one per saved page) in order into one list.
pub fn read_catalogues<T: DeserializeOwned, P: AsRef<Path>>(paths: &[P]) -> Result<Vec<T>, Error> {
    let mut all = Vec::new();
    for path in paths {
        all.extend(read_catalogue::<T>(path)?);
    }
    Ok(all)
}

/// Parses a catalogue from any reader; `origin` names it in errors.
pub fn parse_catalogue<T: DeserializeOwned>(
    reader: impl Read,
    origin: &Origin,
) -> Result<Vec<T>, Error> {
    let mut items = Vec::new();
    stream::read_pages::<T, Never>(
        reader,
        origin,
        &mut |item| {
            items.push(item);
            Ok(())
        },
        &mut |_| Ok(()),
    )
    .map_err(StreamError::into_error)?;
    Ok(items)
}

/// The KPI catalogue from a file such as `kpi.json`.
pub fn read_kpis(path: impl AsRef<Path>) -> Result<Vec<Kpi>, Error> {
    read_catalogue(path)
}

/// Municipalities and regions from a file such as `municipality.json`.
pub fn read_municipalities(path: impl AsRef<Path>) -> Result<Vec<Municipality>, Error> {
    read_catalogue(path)
}

/// Municipality groups from a file such as `municipality_groups.json`.
pub fn read_municipality_groups(path: impl AsRef<Path>) -> Result<Vec<MunicipalityGroup>, Error> {
    read_catalogue(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_is_read_plain_with_a_byte_order_mark_or_gzipped() {
        use std::io::Write;
        let json = br#"{"values":[{"id":"2380","title":"Ostersund","type":"K"}]}"#;
        let origin = Origin::Other("municipality.json".into());
        let mut with_bom = vec![0xef, 0xbb, 0xbf];
        with_bom.extend_from_slice(json);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(json).unwrap();
        let gzipped = gz.finish().unwrap();
        for bytes in [json.to_vec(), with_bom, gzipped] {
            match CatalogueFile::parse_bytes(&bytes, &origin).unwrap() {
                CatalogueFile::Areas(areas) => assert_eq!(areas[0].id, "2380"),
                other => panic!("read as {other:?}"),
            }
        }
    }

    #[test]
    fn parses_an_array_of_pages() {
        let json = r#"[{"count":1,"next_url":"x","values":[{"id":"0000","title":"Riket","type":"L"}]},
                       {"count":1,"next_url":null,"values":[{"id":"2380","title":"Östersund","type":"K"}]}]"#;
        let all: Vec<Municipality> =
            parse_catalogue(json.as_bytes(), &Origin::Other("test".into())).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].title, "Östersund");
    }

    #[test]
    fn a_kpi_without_id_names_the_position() {
        let json = "{\"values\":[\n{\"id\":\"N1\"},\n{\"title\":\"x\"}\n]}";
        let err = parse_catalogue::<Kpi>(json.as_bytes(), &Origin::Other("kpi.json".into()))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("kpi.json, line 3 column"), "{err}");
        assert!(err.contains("missing field `id`"), "{err}");
    }
}
