use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;
use crate::validation::{Lines, ValidationError, check_optional, require_text};
use crate::{Comparator, Id};

string_enum!(
    /// Which way is better for an indicator.
    Direction, "direction" {
        HigherIsBetter => "higher_is_better",
        LowerIsBetter => "lower_is_better",
        /// Best between `band_low` and `band_high`.
        WithinBand => "within_band",
    }
);

string_enum!(
    /// Where an indicator's values come from.
    IndicatorSource, "indicator source" {
        Kolada => "kolada",
        Manual => "manual",
        Csv => "csv",
    }
);

string_enum!(
    /// Kolada's gender split: T total, K women (kvinnor), M men (män).
    Gender, "gender" {
        Total => "T",
        Women => "K",
        Men => "M",
    }
);

/// An indicator follows up one or more goals, each with a weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalLink {
    pub goal_id: Id,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: Id,
    pub name: String,
    pub unit: Option<String>,
    /// Decimals to show, e.g. 1 for "12,5 %".
    pub decimals: i32,
    pub direction: Direction,
    pub band_low: Option<f64>,
    pub band_high: Option<f64>,
    pub source: IndicatorSource,
    /// The Kolada KPI id when the source is Kolada, e.g. "N01951".
    pub kolada_kpi: Option<String>,
    pub divided_by_gender: bool,
    pub responsible_unit: Option<Id>,
    pub goals: Vec<GoalLink>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewIndicator {
    pub name: String,
    pub unit: Option<String>,
    pub decimals: i32,
    pub direction: Direction,
    pub band_low: Option<f64>,
    pub band_high: Option<f64>,
    pub source: IndicatorSource,
    pub kolada_kpi: Option<String>,
    pub divided_by_gender: bool,
    pub responsible_unit: Option<Id>,
    pub goals: Vec<GoalLink>,
}

impl NewIndicator {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_indicator_fields(self)
    }
}

impl Indicator {
    /// The key its observations are stored under: the Kolada KPI id, or
    /// "indicator:<id>" for values kept by hand or from CSV.
    pub fn series_key(&self) -> String {
        match (&self.source, &self.kolada_kpi) {
            (IndicatorSource::Kolada, Some(kpi)) => kpi.clone(),
            _ => format!("indicator:{}", self.id),
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_indicator_fields(&NewIndicator {
            name: self.name.clone(),
            unit: self.unit.clone(),
            decimals: self.decimals,
            direction: self.direction,
            band_low: self.band_low,
            band_high: self.band_high,
            source: self.source,
            kolada_kpi: self.kolada_kpi.clone(),
            divided_by_gender: self.divided_by_gender,
            responsible_unit: self.responsible_unit,
            goals: self.goals.clone(),
        })
    }
}

fn validate_indicator_fields(indicator: &NewIndicator) -> Result<(), ValidationError> {
    require_text("name", &indicator.name)?;
    check_optional("unit", indicator.unit.as_deref(), Lines::One)?;
    if !(0..=6).contains(&indicator.decimals) {
        return Err(ValidationError::new("decimals", "must be between 0 and 6"));
    }
    match (indicator.source, indicator.kolada_kpi.as_deref()) {
        (IndicatorSource::Kolada, None) => {
            return Err(ValidationError::new(
                "kolada_kpi",
                "a Kolada indicator needs its KPI id, e.g. N01951",
            ));
        }
        (IndicatorSource::Kolada, Some(kpi)) if !is_kolada_kpi_id(kpi) => {
            return Err(ValidationError::new(
                "kolada_kpi",
                format!("'{kpi}' is not a Kolada KPI id like N01951 or U07514"),
            ));
        }
        _ => {}
    }
    if indicator.direction == Direction::WithinBand {
        match (indicator.band_low, indicator.band_high) {
            (Some(low), Some(high)) if low <= high => {}
            _ => {
                return Err(ValidationError::new(
                    "band_low",
                    "an indicator that is best within a band needs a low and a high limit, low ≤ high",
                ));
            }
        }
    }
    if let Some(link) = indicator
        .goals
        .iter()
        .find(|l| !(l.weight > 0.0 && l.weight.is_finite()))
    {
        return Err(ValidationError::new(
            "goals",
            format!(
                "the weight for goal {} must be a positive number",
                link.goal_id
            ),
        ));
    }
    Ok(())
}

/// Kolada KPI ids are a capital letter and five digits: N01951, U07514.
pub fn is_kolada_kpi_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 6 && bytes[0].is_ascii_uppercase() && bytes[1..].iter().all(u8::is_ascii_digit)
}

/// A target value for an indicator in a year; the final target or a milestone on the
/// way to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub id: Id,
    pub indicator_id: Id,
    pub year: i32,
    pub comparator: Comparator,
    pub value: f64,
    pub base_year: Option<i32>,
    pub base_value: Option<f64>,
    /// True for the final target, false for a milestone on the way.
    pub is_final: bool,
    /// The text target in a political text this target was made from, if any.
    pub text_target_id: Option<Id>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTarget {
    pub indicator_id: Id,
    pub year: i32,
    pub comparator: Comparator,
    pub value: f64,
    pub base_year: Option<i32>,
    pub base_value: Option<f64>,
    pub is_final: bool,
    pub text_target_id: Option<Id>,
}

impl NewTarget {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !self.value.is_finite() {
            return Err(ValidationError::new("value", "must be a finite number"));
        }
        if !(1900..=2200).contains(&self.year) {
            return Err(ValidationError::new(
                "year",
                format!("{} is not a plausible year", self.year),
            ));
        }
        if let Some(base) = self.base_year
            && base > self.year
        {
            return Err(ValidationError::new(
                "base_year",
                "the base year must come before the target year",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kolada(kpi: Option<&str>) -> NewIndicator {
        NewIndicator {
            name: "Invånare totalt".into(),
            unit: Some("invånare".into()),
            decimals: 0,
            direction: Direction::HigherIsBetter,
            band_low: None,
            band_high: None,
            source: IndicatorSource::Kolada,
            kolada_kpi: kpi.map(str::to_string),
            divided_by_gender: true,
            responsible_unit: None,
            goals: vec![GoalLink {
                goal_id: 1,
                weight: 1.0,
            }],
        }
    }

    #[test]
    fn kolada_indicators_need_a_real_kpi_id() {
        assert!(kolada(Some("N01951")).validate().is_ok());
        assert_eq!(kolada(None).validate().unwrap_err().field, "kolada_kpi");
        assert_eq!(
            kolada(Some("01951")).validate().unwrap_err().field,
            "kolada_kpi"
        );
    }

    #[test]
    fn bands_and_weights_are_checked() {
        let mut band = kolada(Some("N00090"));
        band.direction = Direction::WithinBand;
        assert!(band.validate().is_err());
        band.band_low = Some(2.0);
        band.band_high = Some(4.0);
        assert!(band.validate().is_ok());
        band.goals[0].weight = 0.0;
        assert_eq!(band.validate().unwrap_err().field, "goals");
    }

    #[test]
    fn gender_codes_are_koladas() {
        assert_eq!("K".parse::<Gender>(), Ok(Gender::Women));
        assert_eq!(Gender::Men.as_str(), "M");
    }
}
