//! Everything a period's follow-up is judged on, read once.

use std::collections::HashMap;

use riktning_domain::{
    Assessment, AssessmentScale, FollowupSettings, Goal, Id, Indicator, OrgUnit, Period,
};
use riktning_store::{AssessmentQuery, Store, StoreError};

/// A period with its plan's goals, the tenant's rules and scale, and every assessment
/// made in the period.
#[derive(Debug, Clone)]
pub struct PeriodContext {
    pub tenant: Id,
    /// The tenant's Kolada id: the area its own values are stored under.
    pub area: String,
    pub period: Period,
    pub settings: FollowupSettings,
    /// Every scale, so that an assessment on another scale can still be read.
    pub scales: Vec<AssessmentScale>,
    /// The plan's goals in document order.
    pub goals: Vec<Goal>,
    pub indicators: Vec<Indicator>,
    pub units: HashMap<Id, OrgUnit>,
    pub assessments: Vec<Assessment>,
}

impl PeriodContext {
    pub async fn load<S: Store>(store: &S, tenant: Id, period: Id) -> Result<Self, StoreError> {
        let period = store.period(tenant, period).await?;
        let area = tenant_area(store, tenant).await?;
        let assessments = store
            .assessments(
                tenant,
                &AssessmentQuery {
                    period: Some(period.id),
                    ..AssessmentQuery::default()
                },
            )
            .await?;
        Ok(Self {
            tenant,
            area,
            settings: store.followup_settings(tenant).await?,
            scales: store.scales(tenant).await?,
            goals: store.goals(tenant, period.plan_id).await?,
            indicators: store.indicators(tenant).await?,
            units: store
                .org_units(tenant)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
            assessments,
            period,
        })
    }

    /// The scale goals are assessed on; the standard scale if the setting names one
    /// that is gone.
    pub fn goal_scale(&self) -> AssessmentScale {
        self.scale(&self.settings.goal_scale)
    }

    pub fn scale(&self, key: &str) -> AssessmentScale {
        self.scales
            .iter()
            .find(|s| s.key == key)
            .cloned()
            .unwrap_or_else(AssessmentScale::standard)
    }

    pub fn unit_name(&self, id: Id) -> String {
        self.units
            .get(&id)
            .map_or_else(|| format!("enhet {id}"), |u| u.name.clone())
    }

    pub fn goal(&self, id: Id) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    /// The goals directly under `goal`, in document order.
    pub fn children(&self, goal: Id) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(move |g| g.parent_id == Some(goal))
    }

    pub fn assessment(&self, goal: Id, unit: Id) -> Option<&Assessment> {
        self.assessments
            .iter()
            .find(|a| a.goal_id == goal && a.org_unit_id == unit)
    }
}

/// The Kolada id the tenant's own values are stored under.
pub async fn tenant_area<S: Store>(store: &S, tenant: Id) -> Result<String, StoreError> {
    Ok(store
        .tenants()
        .await?
        .into_iter()
        .find(|t| t.id == tenant)
        .map(|t| t.kolada_id)
        .unwrap_or_default())
}
