//! A problem with the public site's accessibility, reported by a visitor through the
//! accessibility statement. The law asks that such a report can be made and is
//! answered; the administrators see it in the workspace and mark it handled.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Id;
use crate::validation::{Lines, ValidationError, check_text, require_lines};

/// The longest description kept: a report says what did not work and where.
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
/// The longest page address or contact kept.
pub const MAX_FIELD_CHARS: usize = 300;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessibilityReport {
    pub id: Id,
    /// Which page the visitor had trouble with, as they gave it.
    pub page: String,
    pub description: String,
    /// How to answer them; empty when they left none.
    pub contact: String,
    #[serde(with = "time::serde::rfc3339")]
    pub reported_at: OffsetDateTime,
    /// When and by whom it was marked handled.
    #[serde(with = "time::serde::rfc3339::option")]
    pub handled_at: Option<OffsetDateTime>,
    pub handled_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAccessibilityReport {
    pub page: String,
    pub description: String,
    pub contact: String,
}

impl NewAccessibilityReport {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_lines("description", &self.description)?;
        check_text("page", &self.page, Lines::One)?;
        check_text("contact", &self.contact, Lines::One)?;
        for (field, value, max) in [
            ("description", &self.description, MAX_DESCRIPTION_CHARS),
            ("page", &self.page, MAX_FIELD_CHARS),
            ("contact", &self.contact, MAX_FIELD_CHARS),
        ] {
            if value.chars().count() > max {
                return Err(ValidationError::new(
                    field,
                    format!("is longer than {max} characters"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(description: &str) -> NewAccessibilityReport {
        NewAccessibilityReport {
            page: "/publicering/1".to_string(),
            description: description.to_string(),
            contact: String::new(),
        }
    }

    #[test]
    fn a_report_says_something_and_not_too_much() {
        assert!(report("Diagrammet läses inte upp.").validate().is_ok());
        assert_eq!(
            report(" \u{200b} ").validate().map_err(|e| e.field),
            Err("description")
        );
        assert!(
            report(&"å".repeat(MAX_DESCRIPTION_CHARS))
                .validate()
                .is_ok()
        );
        assert!(
            report(&"å".repeat(MAX_DESCRIPTION_CHARS + 1))
                .validate()
                .is_err()
        );
        let mut bad = report("Text");
        bad.contact = "a\u{1b}b".to_string();
        assert_eq!(bad.validate().map_err(|e| e.field), Err("contact"));
    }
}
