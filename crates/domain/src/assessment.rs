//! An assessment: how an org unit judges a goal in a follow-up period, and the
//! workflow it goes through before it counts.

use serde::{Deserialize, Serialize};

use crate::string_enum::string_enum;
use crate::validation::{
    Lines, ValidationError, check_optional, check_text, is_blank, require_lines,
};
use crate::{AssessmentScale, Fulfilment, Id};

string_enum!(
    /// draft → submitted → approved; a returned assessment is edited like a draft.
    AssessmentState, "assessment state" {
        Draft => "draft",
        Submitted => "submitted",
        Approved => "approved",
        Returned => "returned",
    }
);

impl AssessmentState {
    pub fn label(self) -> &'static str {
        match self {
            AssessmentState::Draft => "utkast",
            AssessmentState::Submitted => "inlämnad",
            AssessmentState::Approved => "godkänd",
            AssessmentState::Returned => "återsänd",
        }
    }

    /// Whether the reporter may still change the content.
    pub fn is_editable(self) -> bool {
        matches!(self, AssessmentState::Draft | AssessmentState::Returned)
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Transition {
    Submit,
    Approve,
    /// Back to the reporter, with what to fix.
    Return {
        comment: String,
    },
}

impl Transition {
    pub fn name(&self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Approve => "approve",
            Transition::Return { .. } => "return",
        }
    }

    /// The state after the step, or why it cannot be taken from `from`.
    pub fn apply(&self, from: AssessmentState) -> Result<AssessmentState, ValidationError> {
        use AssessmentState::*;
        let to = match (self, from) {
            (Transition::Submit, Draft | Returned) => Submitted,
            (Transition::Approve, Submitted) => Approved,
            (Transition::Return { comment }, Submitted | Approved) => {
                check_text("comment", comment, Lines::Many)?;
                require_lines("comment", comment).map_err(|_| {
                    ValidationError::new("comment", "say what to fix when returning")
                })?;
                Returned
            }
            _ => {
                return Err(ValidationError::new(
                    "state",
                    format!(
                        "cannot {} an assessment that is {} ({})",
                        self.name(),
                        from.as_str(),
                        from.label()
                    ),
                ));
            }
        };
        Ok(to)
    }
}

/// What Riktning suggested when the assessment was saved, kept with it so that an
/// auditor sees what the person had in front of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestionSnapshot {
    /// A level key on the assessment's scale.
    pub level: String,
    pub fulfilment: Fulfilment,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: Id,
    pub goal_id: Id,
    pub period_id: Id,
    pub org_unit_id: Id,
    /// The scale the level is on, by key.
    pub scale: String,
    pub level: String,
    /// Markdown.
    pub analysis: String,
    /// Markdown.
    pub actions: String,
    pub suggestion: Option<SuggestionSnapshot>,
    /// Why the level differs from the suggestion.
    pub deviation_reason: Option<String>,
    pub state: AssessmentState,
    /// The controller's comment from the latest return.
    pub return_comment: Option<String>,
    pub version: i64,
}

/// The content a reporter writes; the store keeps the state and the scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentContent {
    pub goal_id: Id,
    pub period_id: Id,
    pub org_unit_id: Id,
    pub level: String,
    pub analysis: String,
    pub actions: String,
    pub suggestion: Option<SuggestionSnapshot>,
    pub deviation_reason: Option<String>,
}

impl AssessmentContent {
    /// The level must be on the scale, and a level other than the suggested one needs
    /// a reason.
    pub fn validate(&self, scale: &AssessmentScale) -> Result<(), ValidationError> {
        check_text("analysis", &self.analysis, Lines::Many)?;
        check_text("actions", &self.actions, Lines::Many)?;
        check_optional(
            "deviation_reason",
            self.deviation_reason.as_deref(),
            Lines::Many,
        )?;
        scale
            .require_level(&self.level)
            .map_err(|e| ValidationError::new("level", e.to_string()))?;
        if let Some(suggestion) = &self.suggestion {
            scale
                .require_level(&suggestion.level)
                .map_err(|e| ValidationError::new("suggestion", format!("suggested level: {e}")))?;
            let deviates = suggestion.level != self.level;
            let has_reason = self
                .deviation_reason
                .as_deref()
                .is_some_and(|r| !is_blank(r));
            if deviates && !has_reason {
                return Err(ValidationError::new(
                    "deviation_reason",
                    format!(
                        "the suggestion is '{}'; choosing '{}' needs a reason",
                        suggestion.level, self.level
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Assessment {
    pub fn content(&self) -> AssessmentContent {
        AssessmentContent {
            goal_id: self.goal_id,
            period_id: self.period_id,
            org_unit_id: self.org_unit_id,
            level: self.level.clone(),
            analysis: self.analysis.clone(),
            actions: self.actions.clone(),
            suggestion: self.suggestion.clone(),
            deviation_reason: self.deviation_reason.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AssessmentState::*;

    fn content(level: &str, suggested: Option<&str>, reason: Option<&str>) -> AssessmentContent {
        AssessmentContent {
            goal_id: 1,
            period_id: 1,
            org_unit_id: 1,
            level: level.to_string(),
            analysis: String::new(),
            actions: String::new(),
            suggestion: suggested.map(|level| SuggestionSnapshot {
                level: level.to_string(),
                fulfilment: Fulfilment::Fulfilled,
                explanation: "…".to_string(),
            }),
            deviation_reason: reason.map(str::to_string),
        }
    }

    #[test]
    fn deviating_from_the_suggestion_needs_a_reason() {
        let scale = AssessmentScale::standard();
        assert!(
            content("uppfyllt", Some("uppfyllt"), None)
                .validate(&scale)
                .is_ok()
        );
        assert!(content("delvis", None, None).validate(&scale).is_ok());
        let error = content("delvis", Some("uppfyllt"), Some("  "))
            .validate(&scale)
            .unwrap_err();
        assert_eq!(error.field, "deviation_reason");
        assert!(
            content("delvis", Some("uppfyllt"), Some("Enkäten visar annat"))
                .validate(&scale)
                .is_ok()
        );
        let error = content("grönt", None, None).validate(&scale).unwrap_err();
        assert_eq!(error.field, "level");
        assert!(error.message.contains("ej_uppfyllt"), "{error}");
    }

    #[test]
    fn the_workflow_only_takes_its_own_steps() {
        assert_eq!(Transition::Submit.apply(Draft), Ok(Submitted));
        assert_eq!(Transition::Submit.apply(Returned), Ok(Submitted));
        assert_eq!(Transition::Approve.apply(Submitted), Ok(Approved));
        let back = Transition::Return {
            comment: "Analysen saknar siffror".to_string(),
        };
        assert_eq!(back.apply(Submitted), Ok(Returned));
        assert_eq!(back.apply(Approved), Ok(Returned));
        assert!(Transition::Approve.apply(Draft).is_err());
        assert!(Transition::Submit.apply(Approved).is_err());
        assert!(back.apply(Draft).is_err());
        let silent = Transition::Return {
            comment: " ".to_string(),
        };
        assert_eq!(silent.apply(Submitted).unwrap_err().field, "comment");
    }
}
