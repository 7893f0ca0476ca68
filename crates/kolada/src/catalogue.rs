//! Reading catalogue files (KPIs, municipalities, municipality groups) saved from the
//! v3 API, so an installation without internet access can be seeded from files.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Origin};
use crate::model::{Kpi, Municipality, MunicipalityGroup};
use crate::stream::{self, Never, StreamError};

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
