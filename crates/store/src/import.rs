use riktning_domain::Plan;
use serde::Serialize;

/// How a draft becomes a stored plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The plan's title; a plan with this title must not exist unless `replace` is set.
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    pub replace: bool,
}

/// What an import did, for the summary a person reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportOutcome {
    pub plan: Plan,
    /// True when an existing plan was updated rather than a new one created.
    pub replaced: bool,
    pub goals: usize,
    pub commitments: usize,
    pub targets: usize,
    /// One line per change made to an existing plan, e.g. "goal 1.2: statement changed".
    pub changes: Vec<String>,
}
