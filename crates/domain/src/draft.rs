//! A plan as read from a document, before it is stored: what the importer produces and
//! what `import --dry-run --json` prints.

use serde::{Deserialize, Serialize, Serializer};

use crate::{Comparator, Decision};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanDraft {
    pub title: String,
    /// The file name the draft was read from.
    #[serde(default)]
    pub source_name: Option<String>,
    /// Hex SHA-256 of the document's bytes.
    #[serde(default)]
    pub source_sha256: Option<String>,
    pub goals: Vec<GoalDraft>,
    /// Things a person should check: guesses the importer made, text it skipped.
    #[serde(default)]
    pub warnings: Vec<DraftWarning>,
    /// What the document says about the decision that adopted it.
    #[serde(default)]
    pub decision: Option<DecisionDraft>,
    /// The Kolada id of the municipality or region the document names most often.
    #[serde(default)]
    pub municipality: Option<String>,
    /// The document's text before its first goal that is not the title, the decision or
    /// a line listed in `not_used` (Markdown paragraphs).
    #[serde(default)]
    pub introduction: String,
    /// Every line of the source that is in no goal, area, introduction or decision, with
    /// why: nothing disappears silently.
    #[serde(default)]
    pub not_used: Vec<UnusedLine>,
}

/// A line of the source the draft does not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnusedLine {
    /// 1-based line (for DOCX: paragraph number).
    pub line: usize,
    pub text: String,
    pub reason: UnusedReason,
}

/// Why a line is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnusedReason {
    /// An image description left over from a web page ("Bild: …").
    Image,
    /// A politician's name and title.
    Person,
    /// A label that only announces what follows ("Beskrivning", "Politisk inriktning").
    Label,
    /// A table-of-contents entry or a second copy of a goal's heading.
    Duplicate,
    /// A paragraph that repeats a goal's statement (a call-out box).
    CallOut,
    /// Text under a heading that is not a goal, after the goals.
    OutsideGoals,
    /// A page number or "Sida 3 av 12" between paragraphs of a PDF's text.
    PageNumber,
    /// A person marked it as not a goal in the review.
    MarkedByHand,
    /// No goals were recognised in the document; a person marks them among these.
    NotRecognised,
}

impl UnusedReason {
    /// The reason's key, as in the JSON (`call-out`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Person => "person",
            Self::Label => "label",
            Self::Duplicate => "duplicate",
            Self::CallOut => "call-out",
            Self::OutsideGoals => "outside-goals",
            Self::PageNumber => "page-number",
            Self::MarkedByHand => "marked-by-hand",
            Self::NotRecognised => "not-recognised",
        }
    }
}

/// Something in a draft a person should check. `key` names the sentence and `args`
/// hold its values by name, so that an interface can say it in its own language; the
/// English sentence is what the command line and the JSON show, and what the warning
/// reads as (it dereferences to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftWarning {
    pub key: String,
    pub args: Vec<(String, String)>,
    english: String,
}

impl DraftWarning {
    pub fn new(key: &str, args: &[(&str, String)], english: impl Into<String>) -> Self {
        Self {
            key: key.to_string(),
            args: args
                .iter()
                .map(|(name, value)| ((*name).to_string(), value.clone()))
                .collect(),
            english: english.into(),
        }
    }
}

impl std::ops::Deref for DraftWarning {
    type Target = str;

    fn deref(&self) -> &str {
        &self.english
    }
}

impl std::fmt::Display for DraftWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

impl Serialize for DraftWarning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.english)
    }
}

/// A warning read back from JSON keeps its sentence, under the key "other".
impl<'de> Deserialize<'de> for DraftWarning {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let english = String::deserialize(deserializer)?;
        Ok(Self::new("other", &[("text", english.clone())], english))
    }
}

/// The decision of record as a document states it; any part may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDraft {
    pub body: Option<String>,
    pub date: Option<time::Date>,
    /// The paragraph of the minutes, e.g. "§ 187".
    pub paragraph: Option<String>,
    pub case_number: Option<String>,
    /// The document's lines it was read from.
    #[serde(default)]
    pub lines: Vec<usize>,
    /// Those lines' text, as they stand.
    #[serde(default)]
    pub text: String,
}

impl DecisionDraft {
    /// The decision, when the document names the body, the date and the case number.
    pub fn complete(&self) -> Option<Decision> {
        Some(Decision {
            body: self.body.clone()?,
            date: self.date?,
            case_number: self.case_number.clone()?,
            paragraph: self.paragraph.clone(),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoalDraft {
    /// Normalised code, e.g. "1.1".
    pub code: String,
    pub short_name: Option<String>,
    pub category: Option<String>,
    pub statement: String,
    pub heading: Option<String>,
    /// The code of the parent goal (an area above goals), if any.
    pub parent: Option<String>,
    /// The political text as Markdown paragraphs.
    pub text: String,
    pub commitments: Vec<CommitmentDraft>,
    pub targets: Vec<TextTargetDraft>,
    /// 1-based line of the goal's heading in the source, where the format has lines.
    #[serde(default)]
    pub line: Option<usize>,
    /// An area (målområde) over goals rather than a goal of its own; it is stored as the
    /// goals' parent.
    #[serde(default)]
    pub area: bool,
    /// How sure the importer is that this is a goal (or an area).
    #[serde(default)]
    pub confidence: Confidence,
    /// Why the confidence is low, for the review: a key of [`DOUBTS`].
    #[serde(default)]
    pub doubt: Option<String>,
}

/// Why a reading may be wrong, by key, in English; an interface says each in its own
/// language.
pub const DOUBTS: &[(&str, &str)] = &[
    (
        "numbered-without-noun",
        "a numbered line without a goal noun such as Mål or Fokusmål",
    ),
    (
        "unnumbered-heading",
        "an unnumbered heading, taken as a goal because headings of its level recur",
    ),
    (
        "list-item-section-differs",
        "a list item matched to a section whose heading has other words",
    ),
    (
        "list-item-without-section",
        "a list item introduced as a goal, with no section of its own",
    ),
    (
        "short-line-area",
        "a short unnumbered line over numbered goals, taken as their area",
    ),
    (
        "term-of-office-unknown",
        "\"under the term of office\", but the document names no term",
    ),
    (
        "unreadable-table-row",
        "a table row without a readable target value",
    ),
];

/// The English sentence of a doubt's key; the key itself when it is not one of ours
/// (a draft read back from JSON may hold anything).
pub fn doubt_in_english(key: &str) -> &str {
    DOUBTS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, english)| english)
}

/// How sure the importer is of a reading, 0–100. What a person made or kept by hand,
/// and what an older draft without the field holds, is sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Confidence(pub u8);

impl Confidence {
    pub const SURE: Confidence = Confidence(100);

    /// Below 70 a reading is shown as doubtful in the review, with its reason.
    pub fn is_doubtful(self) -> bool {
        self.0 < 70
    }
}

impl Default for Confidence {
    fn default() -> Self {
        Self::SURE
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentDraft {
    /// The sentence exactly as it stands in the political text.
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextTargetDraft {
    pub text: String,
    pub comparator: Option<Comparator>,
    #[serde(serialize_with = "whole_numbers_without_fraction")]
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// The indicator an indicator table names for this target ("Andel elever med
    /// godkänt i alla ämnen"): a suggested indicator with its target.
    #[serde(default)]
    pub indicator: Option<String>,
    /// The upper end of a range ("minska med 8–12 procent": `value` 8, `value_to` 12).
    #[serde(default)]
    pub value_to: Option<f64>,
    /// The value is a change each year ("per år"), not a level.
    #[serde(default)]
    pub per_year: bool,
    /// How sure the importer is of this reading.
    #[serde(default)]
    pub confidence: Confidence,
    /// Why the confidence is low: a key of [`DOUBTS`].
    #[serde(default)]
    pub doubt: Option<String>,
}

/// Writes 75000.0 as `75000`, as a person would, and keeps fractions as they are.
fn whole_numbers_without_fraction<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => serializer.serialize_i64(*v as i64),
        Some(v) => serializer.serialize_f64(*v),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_target_values_print_as_integers() {
        let target = TextTargetDraft {
            text: "minst 75 000 invånare år 2040".into(),
            comparator: Some(Comparator::AtLeast),
            value: Some(75000.0),
            unit: Some("invånare".into()),
            year: Some(2040),
            ..Default::default()
        };
        let json = serde_json::to_string(&target).unwrap();
        assert!(json.contains(r#""value":75000,"#), "{json}");
        assert!(json.contains(r#""comparator":"at_least""#), "{json}");
        let fraction = TextTargetDraft {
            value: Some(12.5),
            ..target
        };
        assert!(serde_json::to_string(&fraction).unwrap().contains("12.5"));
    }
}
