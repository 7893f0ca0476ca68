use serde::{Deserialize, Serialize};

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{Lines, ValidationError, check_optional, check_text, require_text};

string_enum!(
    /// Which level of the organisation a goal belongs to.
    GoalLevel, "goal level" {
        /// Kommunövergripande mål, adopted by the council.
        Council => "council",
        /// Nämndmål or a company's goal.
        Committee => "committee",
        /// A unit's own goal.
        Unit => "unit",
    }
);

/// A link to one of the UN's 17 Sustainable Development Goals, optionally to a target
/// under it such as "11.2".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda2030Link {
    pub goal: u8,
    pub target: Option<String>,
}

impl Agenda2030Link {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !(1..=17).contains(&self.goal) {
            return Err(ValidationError::new(
                "agenda2030",
                format!("goal {} is not one of the 17 global goals", self.goal),
            ));
        }
        if let Some(target) = &self.target {
            let prefix = format!("{}.", self.goal);
            let rest = target.strip_prefix(&prefix).unwrap_or("");
            let well_formed = !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric());
            if !well_formed {
                return Err(ValidationError::new(
                    "agenda2030",
                    format!(
                        "target '{target}' must look like '{}1' under goal {}",
                        prefix, self.goal
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: Id,
    pub plan_id: Id,
    pub parent_id: Option<Id>,
    /// The document's own numbering, e.g. "1.1"; colons are normalised to dots.
    pub code: String,
    pub short_name: Option<String>,
    /// The goal sentence itself.
    pub statement: String,
    /// The section heading above the political text, e.g. "Kommunens ledning".
    pub heading: Option<String>,
    /// A label from the document, e.g. "genomgripande" or "kärnverksamhet".
    pub category: Option<String>,
    pub level: GoalLevel,
    /// The political text, as Markdown.
    pub political_text: String,
    pub agenda2030: Vec<Agenda2030Link>,
    pub responsible_units: Vec<Id>,
    pub position: i32,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewGoal {
    pub plan_id: Id,
    pub parent_id: Option<Id>,
    pub code: String,
    pub short_name: Option<String>,
    pub statement: String,
    pub heading: Option<String>,
    pub category: Option<String>,
    pub level: GoalLevel,
    pub political_text: String,
    pub agenda2030: Vec<Agenda2030Link>,
    pub responsible_units: Vec<Id>,
    pub position: i32,
}

impl NewGoal {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_goal_fields(&self.code, &self.statement, &self.agenda2030)?;
        validate_goal_texts(
            self.short_name.as_deref(),
            self.heading.as_deref(),
            self.category.as_deref(),
            &self.political_text,
        )
    }
}

impl Goal {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_goal_fields(&self.code, &self.statement, &self.agenda2030)?;
        validate_goal_texts(
            self.short_name.as_deref(),
            self.heading.as_deref(),
            self.category.as_deref(),
            &self.political_text,
        )?;
        if self.parent_id == Some(self.id) {
            return Err(ValidationError::new(
                "parent_id",
                "a goal cannot be its own parent",
            ));
        }
        Ok(())
    }
}

fn validate_goal_fields(
    code: &str,
    statement: &str,
    agenda2030: &[Agenda2030Link],
) -> Result<(), ValidationError> {
    if normalise_goal_code(code).as_deref() != Some(code) {
        return Err(ValidationError::new(
            "code",
            format!("'{code}' is not a goal code like 1, 1.2 or 3.1.4"),
        ));
    }
    require_text("statement", statement)?;
    agenda2030.iter().try_for_each(Agenda2030Link::validate)
}

fn validate_goal_texts(
    short_name: Option<&str>,
    heading: Option<&str>,
    category: Option<&str>,
    political_text: &str,
) -> Result<(), ValidationError> {
    check_optional("short_name", short_name, Lines::One)?;
    check_optional("heading", heading, Lines::One)?;
    check_optional("category", category, Lines::One)?;
    check_text("political_text", political_text, Lines::Many)
}

/// Turns the numbering forms documents use ("1.1", "1:1", "2.", "3:") into one form, "1.1".
/// Returns `None` for anything that is not a dotted sequence of numbers.
pub fn normalise_goal_code(raw: &str) -> Option<String> {
    let trimmed = raw.trim().trim_end_matches(['.', ':']);
    let parts: Vec<&str> = trimmed.split(['.', ':']).collect();
    let numeric = parts.iter().all(|part| {
        !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit())
    });
    if trimmed.is_empty() || !numeric {
        return None;
    }
    Some(
        parts
            .iter()
            .map(|part| part.trim_start_matches('0').to_string())
            .map(|part| {
                if part.is_empty() {
                    "0".to_string()
                } else {
                    part
                }
            })
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// The code of the goal directly above, e.g. "1" for "1.2"; `None` for a top-level code.
pub fn parent_code(code: &str) -> Option<&str> {
    code.rsplit_once('.').map(|(parent, _)| parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goal_codes_are_normalised() {
        assert_eq!(normalise_goal_code("1.1").as_deref(), Some("1.1"));
        assert_eq!(normalise_goal_code("1:1").as_deref(), Some("1.1"));
        assert_eq!(normalise_goal_code("3:").as_deref(), Some("3"));
        assert_eq!(normalise_goal_code("2.").as_deref(), Some("2"));
        assert_eq!(normalise_goal_code("01.02").as_deref(), Some("1.2"));
        assert_eq!(normalise_goal_code("1..2"), None);
        assert_eq!(normalise_goal_code("a.1"), None);
        assert_eq!(normalise_goal_code(""), None);
    }

    #[test]
    fn parent_codes() {
        assert_eq!(parent_code("1.2.3"), Some("1.2"));
        assert_eq!(parent_code("4"), None);
    }

    #[test]
    fn agenda_2030_links_are_checked() {
        let ok = Agenda2030Link {
            goal: 11,
            target: Some("11.2".into()),
        };
        assert!(ok.validate().is_ok());
        let letter = Agenda2030Link {
            goal: 12,
            target: Some("12.a".into()),
        };
        assert!(letter.validate().is_ok());
        let wrong_goal = Agenda2030Link {
            goal: 18,
            target: None,
        };
        assert!(wrong_goal.validate().is_err());
        let mismatched = Agenda2030Link {
            goal: 11,
            target: Some("12.1".into()),
        };
        assert!(mismatched.validate().is_err());
    }
}

/// The category that makes a goal one of the council's financial goals (*finansiella
/// mål*): the result, the equity ratio, the self-financing of investments. They are
/// followed up and assessed like any goal; the annual report counts them apart from
/// the operational goals when it evaluates *god ekonomisk hushållning*.
pub const FINANCIAL_CATEGORY: &str = "finansiella mål";

/// Whether a goal's category makes it a financial goal: "Finansiella mål",
/// "finansiellt mål" and the like, in any case.
pub fn is_financial(category: Option<&str>) -> bool {
    category.is_some_and(|c| c.to_lowercase().contains("finansiell"))
}

#[cfg(test)]
mod financial_tests {
    use super::*;

    #[test]
    fn financial_goals_are_known_by_their_category() {
        assert!(is_financial(Some(FINANCIAL_CATEGORY)));
        assert!(is_financial(Some("Finansiellt mål")));
        assert!(!is_financial(Some("kärnverksamhet")));
        assert!(!is_financial(None));
    }
}
