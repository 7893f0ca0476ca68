//! Follow-up periods: tertial reports, the interim report and the annual report.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{ValidationError, require_text};

string_enum!(
    /// An open period takes assessments; closing it freezes them.
    PeriodState, "period state" {
        Open => "open",
        Closed => "closed",
    }
);

impl PeriodState {
    pub fn label(self) -> &'static str {
        match self {
            PeriodState::Open => "öppen",
            PeriodState::Closed => "stängd",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub id: Id,
    pub plan_id: Id,
    /// E.g. "Delår 2024".
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    /// When the reports are due.
    pub deadline: Date,
    /// The last year of indicator values the period uses. Kolada's values lag, so the
    /// 2024 annual report often judges on 2023's values; this makes that explicit.
    pub values_through: i32,
    pub state: PeriodState,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPeriod {
    pub plan_id: Id,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub deadline: Date,
    /// Defaults to the year the period ends.
    pub values_through: Option<i32>,
}

impl NewPeriod {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_period(
            &self.name,
            self.starts_on,
            self.ends_on,
            self.deadline,
            self.values_through(),
        )
    }

    pub fn values_through(&self) -> i32 {
        self.values_through.unwrap_or(self.ends_on.year())
    }
}

impl Period {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_period(
            &self.name,
            self.starts_on,
            self.ends_on,
            self.deadline,
            self.values_through,
        )
    }

    pub fn is_open(&self) -> bool {
        self.state == PeriodState::Open
    }

    /// Past the deadline on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        today > self.deadline
    }
}

fn validate_period(
    name: &str,
    starts_on: Date,
    ends_on: Date,
    deadline: Date,
    values_through: i32,
) -> Result<(), ValidationError> {
    require_text("name", name)?;
    if ends_on < starts_on {
        return Err(ValidationError::new(
            "ends_on",
            format!("the period ends ({ends_on}) before it starts ({starts_on})"),
        ));
    }
    if deadline < starts_on {
        return Err(ValidationError::new(
            "deadline",
            format!("the deadline ({deadline}) is before the period starts ({starts_on})"),
        ));
    }
    let end_year = ends_on.year();
    if !(end_year - 10..=end_year).contains(&values_through) {
        return Err(ValidationError::new(
            "values_through",
            format!(
                "values through {values_through} must be {end_year} or at most ten years earlier"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn interim() -> NewPeriod {
        NewPeriod {
            plan_id: 1,
            name: "Delår 2024".to_string(),
            starts_on: date!(2024 - 01 - 01),
            ends_on: date!(2024 - 08 - 31),
            deadline: date!(2024 - 09 - 20),
            values_through: None,
        }
    }

    #[test]
    fn values_default_to_the_year_the_period_ends() {
        assert_eq!(interim().values_through(), 2024);
        assert!(interim().validate().is_ok());
    }

    #[test]
    fn dates_out_of_order_name_the_field() {
        let mut period = interim();
        period.ends_on = date!(2023 - 12 - 31);
        assert_eq!(period.validate().unwrap_err().field, "ends_on");
        let mut period = interim();
        period.deadline = date!(2023 - 12 - 31);
        assert_eq!(period.validate().unwrap_err().field, "deadline");
        let mut period = interim();
        period.values_through = Some(2025);
        assert_eq!(period.validate().unwrap_err().field, "values_through");
        let mut period = interim();
        period.name = " ".to_string();
        assert_eq!(period.validate().unwrap_err().field, "name");
    }
}
