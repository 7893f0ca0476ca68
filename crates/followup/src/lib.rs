//! Follow-up on top of the store: the suggested assessment for each goal in a period,
//! with the explanation a person reads and an auditor checks; roll-ups of committee
//! goals' approved assessments to council goals; and who has reported what.
//!
//! The rules are the domain's pure functions (`riktning_domain::suggest_assessment`,
//! `roll_up`, `indicator_status`); this crate only gathers their inputs, so the
//! command line and the web workspace show the same suggestion for the same data.

mod context;
mod status;
mod suggest;

pub use context::{Evidence, PeriodContext, tenant_area};
pub use status::{
    ExpectedAssessment, FollowupStatus, MissingProgress, StateCounts, UnitStatus, followup_status,
};
pub use suggest::{
    Basis, GoalSuggestion, IndicatorRow, child_results, indicator_rows, suggest_all, suggest_goal,
};
