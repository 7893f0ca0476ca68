//! Comparing a municipality with others for one indicator and one year: the whole
//! country, its comparison groups, its rank among all municipalities that reported a
//! value, and the gap between women and men.
//!
//! The input is a flat list of (area id, gender, value), so it does not matter where
//! the values were stored or fetched from. Area ids are Kolada's: "0000" is the whole
//! country, "00xx" a region, other four-digit ids municipalities, "G…" groups.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Direction, Gender};

/// The id Kolada uses for the whole country ("Riket").
pub const COUNTRY_ID: &str = "0000";

/// What kind of area a Kolada id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    Country,
    Region,
    Municipality,
    Group,
    Other,
}

/// Classifies a Kolada area id: "0000" the country, "0001"–"0099" regions, other
/// four-digit ids municipalities (their first two digits are the county, never "00"),
/// "G…" comparison groups.
pub fn area_kind(id: &str) -> AreaKind {
    let four_digits = id.len() == 4 && id.bytes().all(|b| b.is_ascii_digit());
    if id == COUNTRY_ID {
        AreaKind::Country
    } else if four_digits && id.starts_with("00") {
        AreaKind::Region
    } else if four_digits {
        AreaKind::Municipality
    } else if id.starts_with('G') {
        AreaKind::Group
    } else {
        AreaKind::Other
    }
}

/// How far `value` lies outside the band `[low, high]`; 0 inside it.
pub fn band_distance(value: f64, low: f64, high: f64) -> f64 {
    (low - value).max(value - high).max(0.0)
}

/// Everything a comparison needs, for one indicator and one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComparisonRequest<'a> {
    /// Every value for the year: (area id, gender, value). `None` and non-finite values
    /// count as not reported. If an area and gender appear twice, the later reported
    /// value wins.
    pub values: &'a [(&'a str, Gender, Option<f64>)],
    /// The tenant's own area id, e.g. "2380" for Östersund.
    pub tenant_id: &'a str,
    /// The tenant's comparison groups as (id, name), in the order to show them.
    pub groups: &'a [(&'a str, &'a str)],
    pub direction: Direction,
    /// `(band_low, band_high)` for a `within_band` indicator; without it such an
    /// indicator cannot be ranked.
    pub band: Option<(f64, f64)>,
    /// Whether the indicator is split by gender (Kolada's `is_divided_by_gender`).
    pub divided_by_gender: bool,
}

/// One area's figures: the total and, for indicators split by gender, women and men.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct AreaFigures {
    /// The total (gender T).
    pub value: Option<f64>,
    /// Women (K); `None` unless the indicator is divided by gender.
    pub women: Option<f64>,
    /// Men (M); `None` unless the indicator is divided by gender.
    pub men: Option<f64>,
    /// Women minus men (K − M); `None` unless both are reported.
    pub gender_gap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    pub id: String,
    pub name: String,
    pub figures: AreaFigures,
}

/// A rank among the areas that reported a value: 1 is best in the indicator's
/// direction. Areas with equal values share the rank, and the next rank skips ahead
/// (1, 2, 2, 4), so "of" is always the number of areas ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rank {
    pub position: usize,
    pub of: usize,
    /// True when another area has the same rank.
    pub shared: bool,
}

impl fmt::Display for Rank {
    /// "plats 3 av 290", or "delad plats 3 av 290" for a tie.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.shared {
            write!(f, "delad plats {} av {}", self.position, self.of)
        } else {
            write!(f, "plats {} av {}", self.position, self.of)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub tenant: AreaFigures,
    pub country: AreaFigures,
    pub groups: Vec<GroupFigures>,
    /// The tenant's rank among areas of its own kind (municipalities, or regions for a
    /// region). `None` when the tenant has no value, or for a `within_band` indicator
    /// without band limits.
    pub rank: Option<Rank>,
}

/// Looks up reported values. Built once per comparison.
struct Values<'a> {
    values: &'a [(&'a str, Gender, Option<f64>)],
}

impl Values<'_> {
    fn get(&self, area: &str, gender: Gender) -> Option<f64> {
        self.values
            .iter()
            .rev()
            .filter(|(id, g, _)| *id == area && *g == gender)
            .find_map(|(_, _, value)| value.filter(|v| v.is_finite()))
    }

    fn figures(&self, area: &str, divided_by_gender: bool) -> AreaFigures {
        let value = self.get(area, Gender::Total);
        if !divided_by_gender {
            return AreaFigures {
                value,
                ..AreaFigures::default()
            };
        }
        let women = self.get(area, Gender::Women);
        let men = self.get(area, Gender::Men);
        AreaFigures {
            value,
            women,
            men,
            gender_gap: women.zip(men).map(|(k, m)| k - m),
        }
    }
}

/// Compares the tenant with the country, its groups and all areas of its kind.
pub fn compare(request: &ComparisonRequest<'_>) -> Comparison {
    let values = Values {
        values: request.values,
    };
    let figures = |area: &str| values.figures(area, request.divided_by_gender);
    let tenant = figures(request.tenant_id);
    Comparison {
        tenant,
        country: figures(COUNTRY_ID),
        groups: request
            .groups
            .iter()
            .map(|&(id, name)| GroupFigures {
                id: id.to_string(),
                name: name.to_string(),
                figures: figures(id),
            })
            .collect(),
        rank: tenant.value.and_then(|own| rank(request, &values, own)),
    }
}

/// Ranks the tenant's total among the totals of every area of the same kind.
fn rank(request: &ComparisonRequest<'_>, values: &Values<'_>, own: f64) -> Option<Rank> {
    let kind = area_kind(request.tenant_id);
    if !matches!(kind, AreaKind::Municipality | AreaKind::Region) {
        return None;
    }
    // Lower "shortfall" is better in every direction, so one comparison ranks them all.
    let shortfall = |value: f64| -> Option<f64> {
        match request.direction {
            Direction::HigherIsBetter => Some(-value),
            Direction::LowerIsBetter => Some(value),
            Direction::WithinBand => request
                .band
                .map(|(low, high)| band_distance(value, low, high)),
        }
    };
    let own = shortfall(own)?;

    // One value per area (the one the lookup would give), so a repeated row does not
    // count an area twice.
    let mut areas: Vec<&str> = request
        .values
        .iter()
        .filter(|(id, gender, _)| *gender == Gender::Total && area_kind(id) == kind)
        .map(|(id, _, _)| *id)
        .collect();
    areas.sort_unstable();
    areas.dedup();
    let others: Vec<f64> = areas
        .iter()
        .filter(|id| **id != request.tenant_id)
        .filter_map(|id| values.get(id, Gender::Total))
        .filter_map(shortfall)
        .collect();

    let better = others.iter().filter(|&&s| s < own).count();
    let equal = others.iter().filter(|&&s| s == own).count();
    Some(Rank {
        position: better + 1,
        of: others.len() + 1,
        shared: equal > 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Gender::{Men, Total, Women};

    fn request<'a>(
        values: &'a [(&'a str, Gender, Option<f64>)],
        direction: Direction,
    ) -> ComparisonRequest<'a> {
        ComparisonRequest {
            values,
            tenant_id: "2380",
            groups: &[],
            direction,
            band: None,
            divided_by_gender: false,
        }
    }

    fn rank_of(values: &[(&str, Gender, Option<f64>)], direction: Direction) -> Option<Rank> {
        compare(&request(values, direction)).rank
    }

    const FOUR: [(&str, Gender, Option<f64>); 5] = [
        ("0000", Total, Some(50.0)),
        ("0180", Total, Some(40.0)),
        ("1480", Total, Some(60.0)),
        ("2380", Total, Some(55.0)),
        ("2480", Total, Some(70.0)),
    ];

    #[test]
    fn ranks_in_both_directions() {
        // The country is not a municipality and is not ranked.
        assert_eq!(
            rank_of(&FOUR, Direction::HigherIsBetter),
            Some(Rank {
                position: 3,
                of: 4,
                shared: false
            })
        );
        assert_eq!(
            rank_of(&FOUR, Direction::LowerIsBetter),
            Some(Rank {
                position: 2,
                of: 4,
                shared: false
            })
        );
        let r = rank_of(&FOUR, Direction::LowerIsBetter).unwrap();
        assert_eq!(r.to_string(), "plats 2 av 4");
    }

    #[test]
    fn ties_share_the_rank() {
        let values = [
            ("0180", Total, Some(60.0)),
            ("1480", Total, Some(60.0)),
            ("2380", Total, Some(60.0)),
            ("2480", Total, Some(70.0)),
            ("0114", Total, Some(10.0)),
        ];
        let r = rank_of(&values, Direction::HigherIsBetter).unwrap();
        assert_eq!((r.position, r.of, r.shared), (2, 5, true));
        assert_eq!(r.to_string(), "delad plats 2 av 5");
        let r = rank_of(&values, Direction::LowerIsBetter).unwrap();
        assert_eq!((r.position, r.of, r.shared), (2, 5, true));
    }

    #[test]
    fn band_ranks_by_distance_from_the_band() {
        let values = [
            ("0180", Total, Some(3.0)), // inside: 0
            ("1480", Total, Some(1.0)), // 1 below
            ("2380", Total, Some(5.5)), // 1.5 above
            ("2480", Total, Some(4.0)), // on the edge: 0
            ("0114", Total, Some(9.0)), // 5 above
        ];
        let mut req = request(&values, Direction::WithinBand);
        assert_eq!(compare(&req).rank, None, "no band, no rank");
        req.band = Some((2.0, 4.0));
        assert_eq!(
            compare(&req).rank,
            Some(Rank {
                position: 4,
                of: 5,
                shared: false
            })
        );
        // Inside the band every municipality is best, together.
        let inside = [("2380", Total, Some(2.5)), ("0180", Total, Some(3.0))];
        req.values = &inside;
        assert_eq!(
            compare(&req).rank,
            Some(Rank {
                position: 1,
                of: 2,
                shared: true
            })
        );
        assert_eq!(band_distance(1.0, 2.0, 4.0), 1.0);
        assert_eq!(band_distance(3.0, 2.0, 4.0), 0.0);
    }

    #[test]
    fn missing_values_are_not_reported() {
        let values = [
            ("0180", Total, None),
            ("1480", Total, Some(f64::NAN)),
            ("2380", Total, Some(55.0)),
            ("2480", Total, Some(70.0)),
            ("2480", Women, Some(90.0)), // a gender value is not a total
            ("0114", Women, Some(99.0)),
            ("G123", Total, Some(99.0)), // a group is not a municipality
        ];
        assert_eq!(
            rank_of(&values, Direction::HigherIsBetter),
            Some(Rank {
                position: 2,
                of: 2,
                shared: false
            })
        );
        // Without its own value the tenant has no rank and no figures.
        let without = [("2380", Total, None), ("2480", Total, Some(70.0))];
        let c = compare(&request(&without, Direction::HigherIsBetter));
        assert_eq!(c.rank, None);
        assert_eq!(c.tenant.value, None);
        assert_eq!(c.country, AreaFigures::default());
        // A repeated row counts once, and a later reported value wins.
        let repeated = [
            ("2380", Total, Some(55.0)),
            ("2480", Total, Some(50.0)),
            ("2480", Total, Some(70.0)),
            ("2480", Total, None),
        ];
        assert_eq!(
            rank_of(&repeated, Direction::HigherIsBetter),
            Some(Rank {
                position: 2,
                of: 2,
                shared: false
            })
        );
    }

    #[test]
    fn country_groups_and_gender_gap() {
        let values = [
            ("0000", Total, Some(6.0)),
            ("0000", Women, Some(7.5)),
            ("0000", Men, Some(4.5)),
            ("2380", Total, Some(7.0)),
            ("2380", Women, Some(8.5)),
            ("2380", Men, Some(5.0)),
            ("G1", Total, Some(6.5)),
            ("G1", Women, Some(8.0)),
            ("G2", Total, Some(6.8)),
        ];
        let groups = [("G1", "Liknande kommuner"), ("G2", "Norrlands kommuner")];
        let c = compare(&ComparisonRequest {
            groups: &groups,
            divided_by_gender: true,
            ..request(&values, Direction::LowerIsBetter)
        });
        assert_eq!(c.tenant.value, Some(7.0));
        assert_eq!(c.tenant.gender_gap, Some(3.5));
        assert_eq!(c.country.value, Some(6.0));
        assert_eq!(c.country.gender_gap, Some(3.0));
        assert_eq!(c.groups.len(), 2);
        assert_eq!(c.groups[0].name, "Liknande kommuner");
        assert_eq!(c.groups[0].figures.value, Some(6.5));
        // G1 lacks a value for men, so there is no gap.
        assert_eq!(c.groups[0].figures.women, Some(8.0));
        assert_eq!(c.groups[0].figures.gender_gap, None);
        assert_eq!(c.groups[1].figures.value, Some(6.8));
        // Only one municipality reported.
        assert_eq!(
            c.rank.map(|r| r.to_string()).as_deref(),
            Some("plats 1 av 1")
        );

        // Not divided by gender: no gender figures even if rows exist.
        let c = compare(&request(&values, Direction::LowerIsBetter));
        assert_eq!(c.tenant.women, None);
        assert_eq!(c.tenant.gender_gap, None);
    }

    #[test]
    fn a_region_is_ranked_among_regions() {
        assert_eq!(area_kind("0000"), AreaKind::Country);
        assert_eq!(area_kind("0023"), AreaKind::Region);
        assert_eq!(area_kind("2380"), AreaKind::Municipality);
        assert_eq!(area_kind("G37"), AreaKind::Group);
        assert_eq!(area_kind("x"), AreaKind::Other);
        let values = [
            ("0023", Total, Some(5.0)),
            ("0001", Total, Some(6.0)),
            ("2380", Total, Some(9.0)),
        ];
        let c = compare(&ComparisonRequest {
            tenant_id: "0023",
            ..request(&values, Direction::HigherIsBetter)
        });
        assert_eq!(
            c.rank,
            Some(Rank {
                position: 2,
                of: 2,
                shared: false
            })
        );
    }
}
