//! What the load has stored so far, looked up by the names the content tables use.

use std::collections::HashMap;

use riktning_domain::{Change, Goal, Id, Period};

use crate::{DemoError, DemoSummary};

pub(crate) struct Loaded {
    pub tenant: Id,
    pub plan: Id,
    units: HashMap<&'static str, Id>,
    goals: HashMap<String, Goal>,
    periods: HashMap<&'static str, Period>,
    pub summary: DemoSummary,
}

// The preflight has checked every name, so a failed lookup means the tables and the
// preflight disagree; it is still an error rather than a panic.
fn unknown(what: &str, name: &str) -> DemoError {
    DemoError::Inconsistent(format!("unknown {what} '{name}'"))
}

impl Loaded {
    pub fn new(tenant: Id, plan: Id, summary: DemoSummary) -> Self {
        Self {
            tenant,
            plan,
            units: HashMap::new(),
            goals: HashMap::new(),
            periods: HashMap::new(),
            summary,
        }
    }

    pub fn add_unit(&mut self, key: &'static str, id: Id) {
        self.units.insert(key, id);
    }

    pub fn add_goal(&mut self, goal: Goal) {
        self.goals.insert(goal.code.clone(), goal);
    }

    pub fn add_period(&mut self, name: &'static str, period: Period) {
        self.periods.insert(name, period);
    }

    pub fn unit(&self, key: &str) -> Result<Id, DemoError> {
        self.units
            .get(key)
            .copied()
            .ok_or_else(|| unknown("org unit", key))
    }

    pub fn goal(&self, code: &str) -> Result<&Goal, DemoError> {
        self.goals.get(code).ok_or_else(|| unknown("goal", code))
    }

    pub fn period(&self, name: &str) -> Result<&Period, DemoError> {
        self.periods
            .get(name)
            .ok_or_else(|| unknown("period", name))
    }
}

/// The same change made by another actor, e.g. a committee secretary, so the audit
/// trail shows who did what.
pub(crate) fn acting(change: &Change, actor: impl Into<String>) -> Change {
    Change {
        actor: actor.into(),
        reason: change.reason.clone(),
    }
}
