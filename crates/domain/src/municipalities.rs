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

/// Every municipality and region, and the country.
pub fn municipalities() -> impl Iterator<Item = Municipality> {
    MUNICIPALITIES_TSV.lines().filter_map(|line| {
        let mut fields = line.split('\t');
        Some(Municipality {
            id: fields.next()?,
            name: fields.next()?,
            kind: fields.next()?,
        })
    })
}

pub fn municipality_by_id(id: &str) -> Option<Municipality> {
    municipalities().find(|m| m.id == id)
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
        assert_eq!(municipalities().count(), 312);
    }
}
