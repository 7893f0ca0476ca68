//! Everything a period's follow-up is judged on, read once, through one transaction
//! and with a number of queries that does not grow with the plan.

use std::collections::{BTreeSet, HashMap};

use riktning_domain::{
    Activity, Assessment, AssessmentScale, Commitment, FollowupSettings, Gender, Goal, Id,
    Indicator, OrgUnit, Period, ProgressReport, Target,
};
use riktning_store::{AssessmentQuery, ObservationQuery, Store, StoreError, StoreRead};

/// A period with its plan's goals, the tenant's rules and scale, every assessment
/// made in the period, and the plan's commitments, activities and progress reports.
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
    /// The commitments of every goal of the plan, by goal and text order.
    pub commitments: Vec<Commitment>,
    /// The plan's activities and assignments.
    pub activities: Vec<Activity>,
    /// The progress reported in the period on activities and commitments.
    pub progress: Vec<ProgressReport>,
    /// Values and targets of the indicators read so far (see
    /// [`PeriodContext::read_evidence`]); suggestions read what is missing. A context
    /// holds every indicator unless it was read for a part of the plan only
    /// ([`PeriodContext::read_core`], [`PeriodContext::read_for_goal`]).
    pub evidence: Evidence,
}

/// The values and targets a suggestion judges indicators on: the tenant's own totals up
/// to the period's value year.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    covered: BTreeSet<Id>,
    targets: HashMap<Id, Vec<Target>>,
    values: HashMap<String, Vec<(i32, f64)>>,
}

impl Evidence {
    /// Reads the values and targets of `indicators` with two queries, however many
    /// there are.
    pub async fn read<R: StoreRead>(
        read: &mut R,
        context: &PeriodContext,
        indicators: &[&Indicator],
    ) -> Result<Self, StoreError> {
        let mut evidence = Evidence::default();
        if indicators.is_empty() {
            return Ok(evidence);
        }
        let ids: Vec<Id> = indicators.iter().map(|i| i.id).collect();
        let mut series: Vec<String> = indicators.iter().map(|i| i.series_key()).collect();
        series.sort();
        series.dedup();
        for target in read.indicator_targets(context.tenant, &ids).await? {
            evidence
                .targets
                .entry(target.indicator_id)
                .or_default()
                .push(target);
        }
        let query = ObservationQuery {
            series,
            areas: vec![context.area.clone()],
            genders: vec![Gender::Total],
            first_period: None,
            last_period: Some(context.period.values_through),
        };
        for observation in read.observations(context.tenant, &query).await? {
            if let Some(value) = observation.value {
                evidence
                    .values
                    .entry(observation.series)
                    .or_default()
                    .push((observation.period, value));
            }
        }
        evidence.covered = ids.into_iter().collect();
        Ok(evidence)
    }

    pub fn covers(&self, indicator: Id) -> bool {
        self.covered.contains(&indicator)
    }

    /// The indicator's targets by year.
    pub fn targets(&self, indicator: Id) -> &[Target] {
        self.targets.get(&indicator).map_or(&[], Vec::as_slice)
    }

    /// The series' values up to the period's value year, by year.
    pub fn values(&self, series: &str) -> &[(i32, f64)] {
        self.values.get(series).map_or(&[], Vec::as_slice)
    }
}

impl PeriodContext {
    /// Reads the context of `period` in one transaction of its own.
    pub async fn load<S: Store>(store: &S, tenant: Id, period: Id) -> Result<Self, StoreError> {
        let mut read = store.reader().await?;
        let context = match read.period(tenant, period).await {
            Ok(period) => Self::read(&mut read, tenant, period).await,
            Err(error) => Err(error),
        };
        read.finish().await?;
        context
    }

    /// Reads the context of `period` through `read`, with a constant number of
    /// queries. Indicator evidence is left out; see [`PeriodContext::read_evidence`].
    pub async fn read<R: StoreRead>(
        read: &mut R,
        tenant: Id,
        period: Period,
    ) -> Result<Self, StoreError> {
        let mut context = Self::read_core(read, tenant, period).await?;
        let plan = context.period.plan_id;
        context.indicators = read.indicators(tenant).await?;
        context.commitments = read.plan_commitments(tenant, plan).await?;
        context.activities = read.activities(tenant, plan).await?;
        context.progress = read.progress_reports(tenant, context.period.id).await?;
        Ok(context)
    }

    /// The period with its rules, scales, goals, units and assessments: enough for
    /// roll-ups and for the counts of [`followup_status`](crate::followup_status), but
    /// with no indicators (see [`PeriodContext::read_indicators`]), commitments,
    /// activities or progress reports.
    pub async fn read_core<R: StoreRead>(
        read: &mut R,
        tenant: Id,
        period: Period,
    ) -> Result<Self, StoreError> {
        let area = tenant_area_in(read, tenant).await?;
        let assessments = read
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
            settings: read.followup_settings(tenant).await?,
            scales: read.scales(tenant).await?,
            goals: read.goals(tenant, period.plan_id).await?,
            indicators: Vec::new(),
            units: read
                .org_units(tenant)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
            assessments,
            commitments: Vec::new(),
            activities: Vec::new(),
            progress: Vec::new(),
            evidence: Evidence::default(),
            period,
        })
    }

    /// The context one goal's page needs: the core, that goal's indicators and
    /// commitments, and the period's progress reports.
    pub async fn read_for_goal<R: StoreRead>(
        read: &mut R,
        tenant: Id,
        period: Period,
        goal: Id,
    ) -> Result<Self, StoreError> {
        let mut context = Self::read_core(read, tenant, period).await?;
        context.read_indicators(read, &[goal]).await?;
        context.commitments = read.commitments(tenant, goal).await?;
        context.progress = read.progress_reports(tenant, context.period.id).await?;
        Ok(context)
    }

    /// Reads the indicators linked to `goals`, in place of any read before.
    pub async fn read_indicators<R: StoreRead>(
        &mut self,
        read: &mut R,
        goals: &[Id],
    ) -> Result<(), StoreError> {
        self.indicators = read.goal_indicators(self.tenant, goals).await?;
        Ok(())
    }

    /// Reads the values and targets of every indicator linked to one of `goals`
    /// (or to any goal, for `None`), in two queries.
    pub async fn read_evidence<R: StoreRead>(
        &mut self,
        read: &mut R,
        goals: Option<&[Id]>,
    ) -> Result<(), StoreError> {
        let wanted = self.indicators_of(goals);
        self.evidence = Evidence::read(read, self, &wanted).await?;
        Ok(())
    }

    /// The indicators linked to one of `goals`, or to any goal for `None`.
    pub(crate) fn indicators_of(&self, goals: Option<&[Id]>) -> Vec<&Indicator> {
        self.indicators
            .iter()
            .filter(|i| {
                i.goals
                    .iter()
                    .any(|l| goals.is_none_or(|goals| goals.contains(&l.goal_id)))
            })
            .collect()
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

    /// A goal's commitments in text order.
    pub fn commitments_of(&self, goal: Id) -> impl Iterator<Item = &Commitment> {
        self.commitments.iter().filter(move |c| c.goal_id == goal)
    }
}

/// The Kolada id the tenant's own values are stored under.
pub async fn tenant_area<S: Store>(store: &S, tenant: Id) -> Result<String, StoreError> {
    Ok(area_of(store.tenants().await?, tenant))
}

async fn tenant_area_in<R: StoreRead>(read: &mut R, tenant: Id) -> Result<String, StoreError> {
    Ok(area_of(read.tenants().await?, tenant))
}

fn area_of(tenants: Vec<riktning_domain::Tenant>, tenant: Id) -> String {
    tenants
        .into_iter()
        .find(|t| t.id == tenant)
        .map(|t| t.kolada_id)
        .unwrap_or_default()
}
