use serde::{Deserialize, Serialize};
use time::Date;

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{Lines, ValidationError, check_optional, require_text};

string_enum!(
    PlanStatus, "plan status" {
        Draft => "draft",
        Adopted => "adopted",
    }
);

/// The decision that adopted a plan: which body, when, and its case number (diarienummer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub body: String,
    pub date: Date,
    pub case_number: String,
    /// The paragraph of the minutes (the § number), when it is known.
    #[serde(default)]
    pub paragraph: Option<String>,
}

/// A plan is one adopted budget document's goals, e.g. "Budget 2024".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: Id,
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    pub status: PlanStatus,
    pub decision: Option<Decision>,
    pub source_name: Option<String>,
    /// Hex SHA-256 of the imported document, so an auditor can tell which file it was.
    pub source_sha256: Option<String>,
    /// The plan the workspace shows: chosen by a controller, or else the newest.
    #[serde(default)]
    pub current: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPlan {
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    pub status: PlanStatus,
    pub decision: Option<Decision>,
    pub source_name: Option<String>,
    pub source_sha256: Option<String>,
}

impl NewPlan {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_plan_fields(
            &self.title,
            self.first_year,
            self.last_year,
            self.status,
            self.decision.as_ref(),
            self.source_sha256.as_deref(),
        )?;
        check_optional("source_name", self.source_name.as_deref(), Lines::One)
    }
}

impl Plan {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_plan_fields(
            &self.title,
            self.first_year,
            self.last_year,
            self.status,
            self.decision.as_ref(),
            self.source_sha256.as_deref(),
        )?;
        check_optional("source_name", self.source_name.as_deref(), Lines::One)
    }
}

fn validate_plan_fields(
    title: &str,
    first_year: i32,
    last_year: i32,
    status: PlanStatus,
    decision: Option<&Decision>,
    sha256: Option<&str>,
) -> Result<(), ValidationError> {
    require_text("title", title)?;
    if !(1900..=2200).contains(&first_year) {
        return Err(ValidationError::new(
            "first_year",
            format!("{first_year} is not a plausible year"),
        ));
    }
    if last_year < first_year || last_year > first_year + 50 {
        return Err(ValidationError::new(
            "last_year",
            format!(
                "{last_year} must be between {first_year} and {}",
                first_year + 50
            ),
        ));
    }
    if let Some(decision) = decision {
        require_text("decision.body", &decision.body)?;
        require_text("decision.case_number", &decision.case_number)?;
        check_optional(
            "decision.paragraph",
            decision.paragraph.as_deref(),
            Lines::One,
        )?;
    } else if status == PlanStatus::Adopted {
        return Err(ValidationError::new(
            "decision",
            "an adopted plan needs the decision that adopted it (body, date, case number)",
        ));
    }
    if let Some(hash) = sha256
        && (hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(ValidationError::new(
            "source_sha256",
            "must be 64 hexadecimal digits",
        ));
    }
    Ok(())
}

/// The years a plan title or a `--years` value names: "Budget 2024" gives 2024–2024,
/// "Mål och budget 2025–2027" and "2025-2027" give 2025–2027.
pub fn years_in_title(title: &str) -> Option<(i32, i32)> {
    let years: Vec<i32> = title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .filter_map(|part| part.parse().ok())
        .filter(|year| (1900..=2200).contains(year))
        .collect();
    match years.as_slice() {
        [only] => Some((*only, *only)),
        [first, last] if first <= last => Some((*first, *last)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_come_from_titles() {
        assert_eq!(years_in_title("Budget 2024"), Some((2024, 2024)));
        assert_eq!(
            years_in_title("Mål och budget 2025–2027"),
            Some((2025, 2027))
        );
        assert_eq!(years_in_title("2024-2026"), Some((2024, 2026)));
        assert_eq!(years_in_title("Verksamhetsplan"), None);
        assert_eq!(years_in_title("2027-2025"), None);
        assert_eq!(years_in_title("Plan 75000"), None);
    }

    fn plan() -> NewPlan {
        NewPlan {
            title: "Budget 2024".into(),
            first_year: 2024,
            last_year: 2026,
            status: PlanStatus::Draft,
            decision: None,
            source_name: None,
            source_sha256: None,
        }
    }

    #[test]
    fn an_adopted_plan_needs_its_decision() {
        let mut adopted = plan();
        adopted.status = PlanStatus::Adopted;
        assert_eq!(adopted.validate().unwrap_err().field, "decision");
        adopted.decision = Some(Decision {
            body: "Kommunfullmäktige".into(),
            date: time::macros::date!(2023 - 11 - 22),
            case_number: "KS 2023/123".into(),
            paragraph: Some("§ 187".into()),
        });
        assert_eq!(adopted.validate(), Ok(()));
    }

    #[test]
    fn years_must_be_in_order() {
        let mut backwards = plan();
        backwards.last_year = 2020;
        assert_eq!(backwards.validate().unwrap_err().field, "last_year");
    }
}
