//! The report model: the approved picture of a plan, or of one period of it, as one
//! plain value. It is built once from the store, in one read transaction, and a
//! publication stores it frozen; the public site, the read API and the downloads are
//! rendered from it alone, so nothing that was not approved can reach them.
//!
//! What it holds of a period is what was *approved*: an assessment in any other state
//! (a draft, submitted or returned) is left out, and so is every indicator value after
//! the period's value year.

mod act;
mod build;
mod dates;
mod document;
mod model;

pub use act::publish;
pub use build::{PublishError, build};
pub use document::{DocumentReport, for_document};
pub use model::{
    AssessmentPart, CONTENT_LANGUAGE, CommitmentPart, ConclusionPart, DecisionPart, FORMAT,
    GoalPart, IndicatorPart, LevelPart, MethodPart, PeriodPart, PlanPart, Point, Report,
    SeriesPart, SuggestionRulePart, TargetPart,
};
