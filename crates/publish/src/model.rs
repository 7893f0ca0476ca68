//! The report model's parts. Everything is owned, plain and serialisable, so that a
//! publication can be stored as JSON and read back by any later version of Riktning
//! (the `format` number says which shape it has).

use riktning_domain::{
    Comparator, Decision, Direction, Fulfilment, GoalLevel, Id, StewardshipVerdict,
};

use crate::dates;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

/// The shape of [`Report`]; raised when a field changes meaning. Format 2 writes dates
/// as `YYYY-MM-DD` (format 1 wrote `[year, day of the year]`, which is still read).
pub const FORMAT: u32 = 2;

/// The language plans are written in today. Each report records its own, so that the
/// public pages can mark it (`lang`) and a translated plan can say so later.
pub const CONTENT_LANGUAGE: &str = "sv";

fn content_language() -> String {
    CONTENT_LANGUAGE.to_string()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    pub format: u32,
    /// The language of the plan's text, as a BCP 47 tag ("sv"; "se" for Northern Sami).
    #[serde(default = "content_language")]
    pub language: String,
    /// The municipality or region, as its name and Kolada id.
    pub municipality: String,
    pub kolada_id: String,
    pub plan: PlanPart,
    /// `None`: the plan published before it has results.
    pub period: Option<PeriodPart>,
    /// The levels assessments are given on, in order.
    pub levels: Vec<LevelPart>,
    pub method: MethodPart,
    /// The plan's goals in document order, council goals and the goals under them.
    pub goals: Vec<GoalPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlanPart {
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    /// The council's decision of record, when the plan has been adopted.
    pub decision: Option<DecisionPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PeriodPart {
    pub name: String,
    #[serde(with = "dates")]
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[serde(with = "dates")]
    #[schema(value_type = String, format = Date)]
    pub ends_on: Date,
    /// The last year of indicator values the period was judged on.
    pub values_through: i32,
    /// The controller's conclusion on god ekonomisk hushållning, once written.
    /// Publications made before conclusions existed read as without one.
    #[serde(default)]
    pub conclusion: Option<ConclusionPart>,
}

/// The controller's conclusion on god ekonomisk hushållning in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ConclusionPart {
    /// `achieved`, `partly_achieved` or `not_achieved`.
    #[schema(value_type = String)]
    pub verdict: StewardshipVerdict,
    /// Markdown.
    pub text: String,
    /// The name of the person who wrote the version that stands.
    pub written_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub written_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LevelPart {
    pub key: String,
    pub label: String,
    pub label_en: String,
    /// Tells the level apart without colour.
    pub symbol: String,
    /// `#rrggbb`, beside the symbol and the label.
    pub colour: String,
    /// `fulfilled`, `partly_fulfilled`, `not_fulfilled` or `not_assessed`.
    #[schema(value_type = String)]
    pub meaning: Fulfilment,
}

/// How suggestions and roll-ups were made when the report was built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MethodPart {
    pub suggestion: SuggestionRulePart,
    /// `weighted_majority` or `worst_of`.
    #[schema(value_type = String)]
    pub rollup: riktning_domain::RollupRule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GoalPart {
    /// The goal's id in the workspace, stable across publications of the plan.
    pub id: Id,
    pub parent_id: Option<Id>,
    pub code: String,
    pub short_name: Option<String>,
    pub statement: String,
    pub category: Option<String>,
    /// Whose goal it is: the council's or a committee's or company's.
    #[schema(value_type = String)]
    pub level: GoalLevel,
    /// Markdown.
    pub political_text: String,
    /// The responsible units' names.
    pub units: Vec<String>,
    pub commitments: Vec<CommitmentPart>,
    pub indicators: Vec<IndicatorPart>,
    /// The approved assessments of the period, one per unit; empty without a period.
    pub assessments: Vec<AssessmentPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CommitmentPart {
    pub text: String,
    /// `not_started`, `started`, `done` or `cancelled`, as reported for the period.
    /// The reporter's comment is not published: nobody approves it.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorPart {
    pub id: Id,
    pub name: String,
    pub unit: Option<String>,
    pub decimals: i32,
    /// Which way is better.
    #[schema(value_type = String)]
    pub direction: Direction,
    pub kolada_kpi: Option<String>,
    pub series: Vec<SeriesPart>,
    pub targets: Vec<TargetPart>,
    /// The forecast towards the final target, in words, with its rule.
    pub forecast: Option<String>,
}

/// One line of values: the municipality's own (in total, for women or for men), the
/// comparison group's or the country's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SeriesPart {
    /// `own`, `group` or `country`.
    pub area: String,
    /// Kolada's codes: `T` (everyone), `K` (women) or `M` (men).
    pub gender: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Point {
    pub year: i32,
    pub value: f64,
    /// Fetched from Kolada, and so credited to it; otherwise entered by hand.
    pub from_kolada: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TargetPart {
    pub year: i32,
    /// `at_least`, `at_most`, `more_than`, `less_than` or `equal`.
    #[schema(value_type = String)]
    pub comparator: Comparator,
    pub value: f64,
    pub is_final: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessmentPart {
    pub unit: String,
    /// A key of [`Report::levels`].
    pub level: String,
    /// Markdown.
    pub analysis: String,
    /// Markdown.
    pub actions: String,
    /// What Riktning suggested, with the rule in words.
    pub suggestion: Option<String>,
    /// Why the level differs from the suggestion, when it does.
    pub deviation_reason: Option<String>,
    /// The name of the person who approved it, as the workspace shows it.
    pub approved_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub approved_at: Option<OffsetDateTime>,
}

/// The council's decision of record: which body adopted the plan, when, under which
/// paragraph of the minutes and case number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionPart {
    pub body: String,
    #[serde(with = "dates")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    pub case_number: String,
    #[serde(default)]
    pub paragraph: Option<String>,
}

impl From<&Decision> for DecisionPart {
    fn from(decision: &Decision) -> Self {
        DecisionPart {
            body: decision.body.clone(),
            date: decision.date,
            case_number: decision.case_number.clone(),
            paragraph: decision.paragraph.clone(),
        }
    }
}

impl From<&DecisionPart> for Decision {
    fn from(part: &DecisionPart) -> Self {
        Decision {
            body: part.body.clone(),
            date: part.date,
            case_number: part.case_number.clone(),
            paragraph: part.paragraph.clone(),
        }
    }
}

/// The shares of the goal's (weighted) indicators on track from which the suggestion
/// says fulfilled, and partly fulfilled, as fractions of 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SuggestionRulePart {
    pub fulfilled_at: f64,
    pub partly_at: f64,
}

impl From<riktning_domain::SuggestionRule> for SuggestionRulePart {
    fn from(rule: riktning_domain::SuggestionRule) -> Self {
        SuggestionRulePart {
            fulfilled_at: rule.fulfilled_at,
            partly_at: rule.partly_at,
        }
    }
}

impl IndicatorPart {
    /// The target the indicator is judged and drawn against: its final target (the
    /// latest, if several), else its last.
    pub fn shown_target(&self) -> Option<&TargetPart> {
        self.targets
            .iter()
            .filter(|t| t.is_final)
            .max_by_key(|t| t.year)
            .or(self.targets.last())
    }
}

impl Report {
    pub fn goal(&self, id: Id) -> Option<&GoalPart> {
        self.goals.iter().find(|g| g.id == id)
    }

    pub fn level(&self, key: &str) -> Option<&LevelPart> {
        self.levels.iter().find(|l| l.key == key)
    }

    pub fn children(&self, id: Id) -> impl Iterator<Item = &GoalPart> {
        self.goals.iter().filter(move |g| g.parent_id == Some(id))
    }

    /// Every indicator once, in document order, with the goals that follow it: an
    /// indicator shared by a council goal and a committee goal is held by both.
    pub fn indicators(&self) -> Vec<(&IndicatorPart, Vec<&GoalPart>)> {
        let mut found: Vec<(&IndicatorPart, Vec<&GoalPart>)> = Vec::new();
        for goal in &self.goals {
            for indicator in &goal.indicators {
                match found.iter_mut().find(|(i, _)| i.id == indicator.id) {
                    Some((_, goals)) => goals.push(goal),
                    None => found.push((indicator, vec![goal])),
                }
            }
        }
        found
    }

    /// The approved assessment that gives `goal` its status: its first responsible
    /// unit's (the council's own for a council goal), or else the first.
    pub fn status_assessment<'a>(&self, goal: &'a GoalPart) -> Option<&'a AssessmentPart> {
        goal.assessments
            .iter()
            .find(|a| goal.units.first() == Some(&a.unit))
            .or(goal.assessments.first())
    }
}
