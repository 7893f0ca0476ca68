//! The controller's written conclusion on god ekonomisk hushållning in a period: the
//! verdict the annual report (or the interim report, as a forecast) states, and the
//! reasoning behind it. Riktning suggests a verdict from the goals' assessments; the
//! conclusion is what a person decided, kept on the record like an assessment.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{ValidationError, require_lines};

/// The longest conclusion kept: a few paragraphs in the annual report, not a chapter.
pub const MAX_CONCLUSION_CHARS: usize = 20_000;

string_enum!(
    /// Whether the municipality reached god ekonomisk hushållning in the period.
    StewardshipVerdict, "verdict" {
        Achieved => "achieved",
        PartlyAchieved => "partly_achieved",
        NotAchieved => "not_achieved",
    }
);

impl StewardshipVerdict {
    /// The verdict as the annual report states it.
    pub fn label(self) -> &'static str {
        match self {
            StewardshipVerdict::Achieved => "God ekonomisk hushållning har uppnåtts",
            StewardshipVerdict::PartlyAchieved => "God ekonomisk hushållning har delvis uppnåtts",
            StewardshipVerdict::NotAchieved => "God ekonomisk hushållning har inte uppnåtts",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            StewardshipVerdict::Achieved => "Sound financial management was achieved",
            StewardshipVerdict::PartlyAchieved => "Sound financial management was partly achieved",
            StewardshipVerdict::NotAchieved => "Sound financial management was not achieved",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conclusion {
    pub id: Id,
    pub period_id: Id,
    pub verdict: StewardshipVerdict,
    /// Markdown: why the verdict, in the controller's words.
    pub text: String,
    /// Who wrote the version that stands, and when.
    pub written_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub written_at: OffsetDateTime,
    pub version: i64,
}

/// What the controller writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConclusionContent {
    pub verdict: StewardshipVerdict,
    pub text: String,
}

impl ConclusionContent {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_lines("text", &self.text)?;
        if self.text.chars().count() > MAX_CONCLUSION_CHARS {
            return Err(ValidationError::new(
                "text",
                format!("is longer than {MAX_CONCLUSION_CHARS} characters"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> ConclusionContent {
        ConclusionContent {
            verdict: StewardshipVerdict::PartlyAchieved,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_conclusion_gives_its_reasons_within_bounds() {
        assert!(
            content("Två av tre finansiella mål nåddes.")
                .validate()
                .is_ok()
        );
        let blank = content(" \n\u{200b}\t").validate().map_err(|e| e.field);
        assert_eq!(blank, Err("text"));
        let long = content(&"ö".repeat(MAX_CONCLUSION_CHARS + 1)).validate();
        assert_eq!(long.map_err(|e| e.field), Err("text"));
        assert!(
            content(&"ö".repeat(MAX_CONCLUSION_CHARS))
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn verdicts_are_stored_by_key_and_read_back() {
        for verdict in StewardshipVerdict::ALL {
            assert_eq!(verdict.as_str().parse::<StewardshipVerdict>(), Ok(*verdict));
            assert!(verdict.label().starts_with("God ekonomisk hushållning"));
        }
        assert!("uppnått".parse::<StewardshipVerdict>().is_err());
    }
}
