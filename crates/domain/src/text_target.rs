use serde::{Deserialize, Serialize};

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{Lines, ValidationError, check_optional, require_lines};

string_enum!(
    /// How a value is compared with a target value.
    Comparator, "comparator" {
        AtLeast => "at_least",
        AtMost => "at_most",
        MoreThan => "more_than",
        LessThan => "less_than",
        Equal => "equal",
    }
);

/// A quantified or dated target found in a political text, e.g. "minst 75 000 invånare
/// år 2040", or "fossilbränslefritt och klimatneutralt 2030" (no value). A later step
/// links it to an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextTarget {
    pub id: Id,
    pub goal_id: Id,
    pub position: i32,
    /// The words of the document that state the target.
    pub text: String,
    pub comparator: Option<Comparator>,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTextTarget {
    pub goal_id: Id,
    pub position: i32,
    pub text: String,
    pub comparator: Option<Comparator>,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub year: Option<i32>,
}

impl NewTextTarget {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_target_fields(&self.text, self.comparator, self.value, self.year)?;
        check_optional("unit", self.unit.as_deref(), Lines::One)
    }
}

impl TextTarget {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_target_fields(&self.text, self.comparator, self.value, self.year)?;
        check_optional("unit", self.unit.as_deref(), Lines::One)
    }
}

fn validate_target_fields(
    text: &str,
    comparator: Option<Comparator>,
    value: Option<f64>,
    year: Option<i32>,
) -> Result<(), ValidationError> {
    require_lines("text", text)?;
    if value.is_some_and(|v| !v.is_finite()) {
        return Err(ValidationError::new("value", "must be a finite number"));
    }
    if comparator.is_some() && value.is_none() {
        return Err(ValidationError::new(
            "value",
            "a comparator needs a value to compare with",
        ));
    }
    if value.is_none() && year.is_none() {
        return Err(ValidationError::new(
            "year",
            "a target needs a value, a year, or both",
        ));
    }
    Ok(())
}
