use riktning_domain::{AssessmentState, Id};
use serde::Serialize;

/// How many assessments ended in each workflow state, over every period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AssessmentCounts {
    pub draft: usize,
    pub submitted: usize,
    pub approved: usize,
    pub returned: usize,
}

impl AssessmentCounts {
    pub fn add(&mut self, state: AssessmentState) {
        let count = match state {
            AssessmentState::Draft => &mut self.draft,
            AssessmentState::Submitted => &mut self.submitted,
            AssessmentState::Approved => &mut self.approved,
            AssessmentState::Returned => &mut self.returned,
        };
        *count += 1;
    }

    pub fn total(&self) -> usize {
        self.draft + self.submitted + self.approved + self.returned
    }
}

/// What the demo stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub tenant_id: Id,
    pub tenant_name: String,
    pub plan_id: Id,
    pub plan_title: String,
    pub org_units: usize,
    pub council_goals: usize,
    pub committee_goals: usize,
    pub commitments: usize,
    /// KPIs in the copy of Kolada's catalogue.
    pub catalogue_kpis: usize,
    pub indicators: usize,
    pub targets: usize,
    /// Values stored, Kolada's and those kept by hand.
    pub observations: usize,
    pub periods: usize,
    pub closed_periods: usize,
    /// Conclusions on god ekonomisk hushållning.
    pub conclusions: usize,
    pub assessments: AssessmentCounts,
    pub activities: usize,
    /// Progress reports on activities and commitments.
    pub progress_reports: usize,
}
