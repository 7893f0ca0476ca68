//! Assessment scales. A tenant picks one for its goals and one for its assignments.
//! Every level says what it means for suggestions and roll-ups (a [`Fulfilment`]), so a
//! five-step or a percentage scale works with the same rules as the default one.

use serde::{Deserialize, Serialize};

use crate::Fulfilment;
use crate::assessment_rules::RollupRule;
use crate::validation::{ValidationError, require_text};
use crate::{SuggestionRule, UnknownVariant};

/// One step of a scale. Colour is never the only carrier: every level has a symbol
/// and a label too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleLevel {
    /// Stable id used on the command line and in storage, e.g. "uppfyllt".
    pub key: String,
    /// Swedish label, e.g. "delvis uppfyllt".
    pub label: String,
    /// English label, for the English locale.
    pub label_en: String,
    /// A character that tells the level apart without colour, e.g. "◐".
    pub symbol: String,
    /// `#rrggbb`.
    pub colour: String,
    /// What the level counts as in suggestions and roll-ups.
    pub meaning: Fulfilment,
}

/// An ordered scale, best level first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentScale {
    pub key: String,
    pub name: String,
    pub levels: Vec<ScaleLevel>,
}

fn level(
    key: &str,
    label: &str,
    label_en: &str,
    symbol: &str,
    colour: &str,
    meaning: Fulfilment,
) -> ScaleLevel {
    ScaleLevel {
        key: key.to_string(),
        label: label.to_string(),
        label_en: label_en.to_string(),
        symbol: symbol.to_string(),
        colour: colour.to_string(),
        meaning,
    }
}

// Colours dark enough for 4.5:1 contrast as text on white.
const GREEN: &str = "#1a7f37";
const LIGHT_GREEN: &str = "#4d7c0f";
const AMBER: &str = "#9a6700";
const ORANGE: &str = "#b35900";
const RED: &str = "#c4212b";
const GREY: &str = "#5c6670";

impl AssessmentScale {
    /// The default: uppfyllt / delvis uppfyllt / ej uppfyllt / ej bedömt.
    pub fn standard() -> Self {
        Self {
            key: "standard".to_string(),
            name: "Uppfyllt, delvis, ej uppfyllt".to_string(),
            levels: vec![
                level(
                    "uppfyllt",
                    "uppfyllt",
                    "fulfilled",
                    "✓",
                    GREEN,
                    Fulfilment::Fulfilled,
                ),
                level(
                    "delvis",
                    "delvis uppfyllt",
                    "partly fulfilled",
                    "◐",
                    AMBER,
                    Fulfilment::PartlyFulfilled,
                ),
                level(
                    "ej_uppfyllt",
                    "ej uppfyllt",
                    "not fulfilled",
                    "✗",
                    RED,
                    Fulfilment::NotFulfilled,
                ),
                level(
                    "ej_bedomt",
                    "ej bedömt",
                    "not assessed",
                    "–",
                    GREY,
                    Fulfilment::NotAssessed,
                ),
            ],
        }
    }

    /// Five steps from fully to not at all, and not assessed.
    pub fn five_step() -> Self {
        Self {
            key: "femgradig".to_string(),
            name: "Femgradig skala".to_string(),
            levels: vec![
                level(
                    "helt",
                    "helt uppfyllt",
                    "fully fulfilled",
                    "●",
                    GREEN,
                    Fulfilment::Fulfilled,
                ),
                level(
                    "till_stor_del",
                    "till stor del uppfyllt",
                    "largely fulfilled",
                    "◕",
                    LIGHT_GREEN,
                    Fulfilment::PartlyFulfilled,
                ),
                level(
                    "delvis",
                    "delvis uppfyllt",
                    "partly fulfilled",
                    "◑",
                    AMBER,
                    Fulfilment::PartlyFulfilled,
                ),
                level(
                    "i_liten_grad",
                    "i liten grad uppfyllt",
                    "barely fulfilled",
                    "◔",
                    ORANGE,
                    Fulfilment::NotFulfilled,
                ),
                level(
                    "ej_uppfyllt",
                    "ej uppfyllt",
                    "not fulfilled",
                    "○",
                    RED,
                    Fulfilment::NotFulfilled,
                ),
                level(
                    "ej_bedomt",
                    "ej bedömt",
                    "not assessed",
                    "–",
                    GREY,
                    Fulfilment::NotAssessed,
                ),
            ],
        }
    }

    /// For assignments: achieved, at least 80 % achieved, less than 80 % achieved.
    pub fn percentage() -> Self {
        Self {
            key: "procent".to_string(),
            name: "Uppnått i procent".to_string(),
            levels: vec![
                level(
                    "uppnatt",
                    "uppnått",
                    "achieved",
                    "✓",
                    GREEN,
                    Fulfilment::Fulfilled,
                ),
                level(
                    "minst_80",
                    "uppnått till minst 80 %",
                    "at least 80 % achieved",
                    "◐",
                    AMBER,
                    Fulfilment::PartlyFulfilled,
                ),
                level(
                    "under_80",
                    "uppnått till mindre än 80 %",
                    "less than 80 % achieved",
                    "✗",
                    RED,
                    Fulfilment::NotFulfilled,
                ),
                level(
                    "ej_bedomt",
                    "ej bedömt",
                    "not assessed",
                    "–",
                    GREY,
                    Fulfilment::NotAssessed,
                ),
            ],
        }
    }

    /// The scales every tenant starts with.
    pub fn presets() -> Vec<Self> {
        vec![Self::standard(), Self::five_step(), Self::percentage()]
    }

    pub fn level(&self, key: &str) -> Option<&ScaleLevel> {
        self.levels.iter().find(|l| l.key == key)
    }

    /// The level named by `key`, or an error that lists the scale's levels.
    pub fn require_level(&self, key: &str) -> Result<&ScaleLevel, UnknownVariant> {
        self.level(key).ok_or_else(|| UnknownVariant {
            what: "level",
            given: key.to_string(),
            expected: self.level_keys(),
        })
    }

    /// The best level that means `meaning`: where a suggestion lands on this scale.
    pub fn level_for(&self, meaning: Fulfilment) -> Option<&ScaleLevel> {
        self.levels.iter().find(|l| l.meaning == meaning)
    }

    pub fn level_keys(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        require_key("key", &self.key)?;
        require_text("name", &self.name)?;
        if self.levels.len() < 2 {
            return Err(ValidationError::new(
                "levels",
                "a scale needs at least two levels",
            ));
        }
        for (index, level) in self.levels.iter().enumerate() {
            require_key("levels.key", &level.key)?;
            require_text("levels.label", &level.label)?;
            require_text("levels.label_en", &level.label_en)?;
            require_text("levels.symbol", &level.symbol)?;
            if !is_hex_colour(&level.colour) {
                return Err(ValidationError::new(
                    "levels.colour",
                    format!(
                        "level '{}': colour '{}' must look like #1a7f37",
                        level.key, level.colour
                    ),
                ));
            }
            if self.levels[..index].iter().any(|l| l.key == level.key) {
                return Err(ValidationError::new(
                    "levels.key",
                    format!("level '{}' appears twice", level.key),
                ));
            }
            if let Some(previous) = index.checked_sub(1).map(|i| &self.levels[i])
                && previous.meaning.rank() < level.meaning.rank()
            {
                return Err(ValidationError::new(
                    "levels",
                    format!(
                        "levels go from best to worst, but '{}' means more than '{}' above it",
                        level.key, previous.key
                    ),
                ));
            }
        }
        // Suggestions and roll-ups must always land on a level.
        for meaning in Fulfilment::ALL {
            if self.level_for(*meaning).is_none() {
                return Err(ValidationError::new(
                    "levels",
                    format!("no level means '{}'", meaning.label()),
                ));
            }
        }
        Ok(())
    }
}

fn require_key(field: &'static str, key: &str) -> Result<(), ValidationError> {
    let well_formed = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if well_formed {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            format!("'{key}' must be lower-case letters a-z, digits, '_' or '-'"),
        ))
    }
}

fn is_hex_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// How a tenant follows up: which scales, and the thresholds of the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowupSettings {
    /// The scale goals are assessed on.
    pub goal_scale: String,
    /// The scale assignments are assessed on.
    pub assignment_scale: String,
    pub suggestion: SuggestionRule,
    pub rollup: RollupRule,
    pub version: i64,
}

impl Default for FollowupSettings {
    fn default() -> Self {
        Self {
            goal_scale: AssessmentScale::standard().key,
            assignment_scale: AssessmentScale::percentage().key,
            suggestion: SuggestionRule::default(),
            rollup: RollupRule::WeightedMajority,
            version: 0,
        }
    }
}

impl FollowupSettings {
    pub fn validate(&self) -> Result<(), ValidationError> {
        let SuggestionRule {
            fulfilled_at,
            partly_at,
        } = self.suggestion;
        let in_range = |x: f64| x.is_finite() && x > 0.0 && x <= 1.0;
        if !in_range(fulfilled_at) || !in_range(partly_at) || partly_at > fulfilled_at {
            return Err(ValidationError::new(
                "suggestion",
                format!(
                    "thresholds must satisfy 0 < partly ({partly_at}) ≤ fulfilled ({fulfilled_at}) ≤ 1"
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_cover_every_meaning() {
        for scale in AssessmentScale::presets() {
            scale
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", scale.key));
        }
        assert_eq!(AssessmentScale::five_step().levels.len(), 6);
        let percentage = AssessmentScale::percentage();
        assert_eq!(
            percentage
                .level_for(Fulfilment::PartlyFulfilled)
                .map(|l| l.label.as_str()),
            Some("uppnått till minst 80 %")
        );
    }

    #[test]
    fn a_suggestion_lands_on_the_best_level_with_its_meaning() {
        let five = AssessmentScale::five_step();
        assert_eq!(
            five.level_for(Fulfilment::PartlyFulfilled)
                .map(|l| l.key.as_str()),
            Some("till_stor_del")
        );
    }

    #[test]
    fn broken_scales_are_refused_with_the_field_named() {
        let mut scale = AssessmentScale::standard();
        scale.levels[1].colour = "amber".to_string();
        assert_eq!(scale.validate().unwrap_err().field, "levels.colour");

        let mut scale = AssessmentScale::standard();
        scale.levels.swap(0, 2);
        assert_eq!(scale.validate().unwrap_err().field, "levels");

        let mut scale = AssessmentScale::standard();
        scale.levels.pop();
        let error = scale.validate().unwrap_err();
        assert!(error.message.contains("ej bedömt"), "{error}");

        let mut scale = AssessmentScale::standard();
        scale.levels[2].key = "delvis".to_string();
        assert!(scale.validate().unwrap_err().message.contains("twice"));

        let mut scale = AssessmentScale::standard();
        scale.key = "Standard Scale".to_string();
        assert_eq!(scale.validate().unwrap_err().field, "key");
    }

    #[test]
    fn unknown_levels_list_the_scale() {
        let error = AssessmentScale::standard()
            .require_level("grönt")
            .unwrap_err();
        assert_eq!(error.expected, "uppfyllt, delvis, ej_uppfyllt, ej_bedomt");
    }

    #[test]
    fn thresholds_must_be_ordered() {
        let mut settings = FollowupSettings::default();
        assert!(settings.validate().is_ok());
        settings.suggestion.partly_at = 0.9;
        assert_eq!(settings.validate().unwrap_err().field, "suggestion");
    }
}
