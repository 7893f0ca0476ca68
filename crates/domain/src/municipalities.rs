//! Sweden's municipalities and regions with their Kolada ids, so a tenant can be named
//! from its id without network access. The list is Kolada's `/municipality` answer.

const MUNICIPALITIES_TSV: &str = include_str!("../data/municipalities.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Municipality {
    /// Kolada id, e.g. "2380"; "0000" is the whole country.
    pub id: &'static str,
    pub name: &'static str,
    /// "K" for a municipality, "L" for a region or the country.
    pub kind: &'static str,
}

pub fn municipality_by_id(id: &str) -> Option<Municipality> {
    MUNICIPALITIES_TSV.lines().find_map(|line| {
        let mut fields = line.split('\t');
        let (code, name, kind) = (fields.next()?, fields.next()?, fields.next()?);
        (code == id).then_some(Municipality {
            id: code,
            name,
            kind,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ostersund_and_the_country() {
        assert_eq!(
            municipality_by_id("2380").map(|m| m.name),
            Some("Östersund")
        );
        assert_eq!(municipality_by_id("0000").map(|m| m.kind), Some("L"));
        assert_eq!(municipality_by_id("9999"), None);
    }
}
