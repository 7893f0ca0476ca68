use std::future::Future;

use riktning_domain::{
    Area, AreaGroup, AuditEvent, Change, Commitment, EntityKind, Goal, Id, Indicator, KpiInfo,
    NewCommitment, NewGoal, NewIndicator, NewOrgUnit, NewPlan, NewTarget, NewTenant, NewTextTarget,
    Observation, OrgUnit, Plan, PlanDraft, Target, Tenant, TextTarget,
};

use crate::{
    ImportOptions, ImportOutcome, ObservationChanges, ObservationQuery, StoreError, SyncRun,
};

type Result<T> = std::result::Result<T, StoreError>;

/// Which audit events to list. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub entity: Option<EntityKind>,
    pub entity_id: Option<Id>,
}

/// Everything Riktning stores. Each backend implements it and passes the conformance
/// suite. Every method that takes a `tenant` only sees and changes that tenant's rows.
///
/// Writes take a [`Change`] (who and why) and record an audit event in the same
/// transaction. Updates and deletes take the version the caller last read, and fail
/// with [`StoreError::Conflict`] without changing anything if it is stale.
/// One transaction that takes observations in batches, for imports too large to hold
/// in memory. Dropping it without [`ObservationWriter::commit`] rolls everything back.
pub trait ObservationWriter: Send {
    /// Stores a batch inside the writer's transaction.
    fn write(
        &mut self,
        observations: &[Observation],
    ) -> impl Future<Output = Result<ObservationChanges>> + Send;
    /// Commits every batch, with one audit event for the import; returns the totals.
    fn commit(self) -> impl Future<Output = Result<ObservationChanges>> + Send;
}

pub trait Store: Clone + Send + Sync + 'static {
    type ObservationWriter: ObservationWriter;

    // Tenants
    fn create_tenant(
        &self,
        new: &NewTenant,
        change: &Change,
    ) -> impl Future<Output = Result<Tenant>> + Send;
    fn tenants(&self) -> impl Future<Output = Result<Vec<Tenant>>> + Send;
    fn tenant_by_kolada_id(
        &self,
        kolada_id: &str,
    ) -> impl Future<Output = Result<Option<Tenant>>> + Send;
    fn update_tenant(
        &self,
        tenant: &Tenant,
        change: &Change,
    ) -> impl Future<Output = Result<Tenant>> + Send;

    // Organisation
    fn create_org_unit(
        &self,
        tenant: Id,
        new: &NewOrgUnit,
        change: &Change,
    ) -> impl Future<Output = Result<OrgUnit>> + Send;
    fn org_unit(&self, tenant: Id, id: Id) -> impl Future<Output = Result<OrgUnit>> + Send;
    /// All org units, by name.
    fn org_units(&self, tenant: Id) -> impl Future<Output = Result<Vec<OrgUnit>>> + Send;
    fn update_org_unit(
        &self,
        tenant: Id,
        unit: &OrgUnit,
        change: &Change,
    ) -> impl Future<Output = Result<OrgUnit>> + Send;
    fn delete_org_unit(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;

    // Plans
    fn create_plan(
        &self,
        tenant: Id,
        new: &NewPlan,
        change: &Change,
    ) -> impl Future<Output = Result<Plan>> + Send;
    fn plan(&self, tenant: Id, id: Id) -> impl Future<Output = Result<Plan>> + Send;
    fn plan_by_title(
        &self,
        tenant: Id,
        title: &str,
    ) -> impl Future<Output = Result<Option<Plan>>> + Send;
    /// All plans, newest first (by first year, then title).
    fn plans(&self, tenant: Id) -> impl Future<Output = Result<Vec<Plan>>> + Send;
    fn update_plan(
        &self,
        tenant: Id,
        plan: &Plan,
        change: &Change,
    ) -> impl Future<Output = Result<Plan>> + Send;
    /// Deletes the plan with its goals, commitments and text targets.
    fn delete_plan(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;

    // Goals
    fn create_goal(
        &self,
        tenant: Id,
        new: &NewGoal,
        change: &Change,
    ) -> impl Future<Output = Result<Goal>> + Send;
    fn goal(&self, tenant: Id, id: Id) -> impl Future<Output = Result<Goal>> + Send;
    /// A plan's goals in document order.
    fn goals(&self, tenant: Id, plan: Id) -> impl Future<Output = Result<Vec<Goal>>> + Send;
    fn update_goal(
        &self,
        tenant: Id,
        goal: &Goal,
        change: &Change,
    ) -> impl Future<Output = Result<Goal>> + Send;
    fn delete_goal(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;

    // Commitments
    fn create_commitment(
        &self,
        tenant: Id,
        new: &NewCommitment,
        change: &Change,
    ) -> impl Future<Output = Result<Commitment>> + Send;
    /// A goal's commitments in text order.
    fn commitments(
        &self,
        tenant: Id,
        goal: Id,
    ) -> impl Future<Output = Result<Vec<Commitment>>> + Send;
    fn update_commitment(
        &self,
        tenant: Id,
        commitment: &Commitment,
        change: &Change,
    ) -> impl Future<Output = Result<Commitment>> + Send;
    fn delete_commitment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;

    // Text targets
    fn create_text_target(
        &self,
        tenant: Id,
        new: &NewTextTarget,
        change: &Change,
    ) -> impl Future<Output = Result<TextTarget>> + Send;
    fn text_targets(
        &self,
        tenant: Id,
        goal: Id,
    ) -> impl Future<Output = Result<Vec<TextTarget>>> + Send;
    fn update_text_target(
        &self,
        tenant: Id,
        target: &TextTarget,
        change: &Change,
    ) -> impl Future<Output = Result<TextTarget>> + Send;
    fn delete_text_target(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;

    // Import
    /// Stores a document's draft as a plan, in one transaction: a new plan, or with
    /// `options.replace` an update of the plan with the same title that keeps its
    /// identity and the status of unchanged commitments.
    fn import_plan(
        &self,
        tenant: Id,
        draft: &PlanDraft,
        options: &ImportOptions,
        change: &Change,
    ) -> impl Future<Output = Result<ImportOutcome>> + Send;

    // Indicators and their targets
    fn create_indicator(
        &self,
        tenant: Id,
        new: &NewIndicator,
        change: &Change,
    ) -> impl Future<Output = Result<Indicator>> + Send;
    fn indicator(&self, tenant: Id, id: Id) -> impl Future<Output = Result<Indicator>> + Send;
    /// All indicators, by name.
    fn indicators(&self, tenant: Id) -> impl Future<Output = Result<Vec<Indicator>>> + Send;
    /// The indicators that follow up a goal, by name.
    fn indicators_for_goal(
        &self,
        tenant: Id,
        goal: Id,
    ) -> impl Future<Output = Result<Vec<Indicator>>> + Send;
    fn update_indicator(
        &self,
        tenant: Id,
        indicator: &Indicator,
        change: &Change,
    ) -> impl Future<Output = Result<Indicator>> + Send;
    /// Deletes the indicator with its targets.
    fn delete_indicator(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;
    fn create_target(
        &self,
        tenant: Id,
        new: &NewTarget,
        change: &Change,
    ) -> impl Future<Output = Result<Target>> + Send;
    /// An indicator's targets by year.
    fn targets(
        &self,
        tenant: Id,
        indicator: Id,
    ) -> impl Future<Output = Result<Vec<Target>>> + Send;
    fn update_target(
        &self,
        tenant: Id,
        target: &Target,
        change: &Change,
    ) -> impl Future<Output = Result<Target>> + Send;
    fn delete_target(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;

    // Observations
    /// Stores observations by their natural key in one transaction. A value that differs
    /// from the stored one replaces it, and the previous value goes on the audit trail.
    fn upsert_observations(
        &self,
        tenant: Id,
        observations: &[Observation],
        change: &Change,
    ) -> impl Future<Output = Result<ObservationChanges>> + Send;
    /// Opens a transaction for a large import of observations.
    fn observation_writer(
        &self,
        tenant: Id,
        change: &Change,
    ) -> impl Future<Output = Result<Self::ObservationWriter>> + Send;
    /// Observations by series, area, period and gender.
    fn observations(
        &self,
        tenant: Id,
        query: &ObservationQuery,
    ) -> impl Future<Output = Result<Vec<Observation>>> + Send;

    // The Kolada catalogue and comparison groups
    /// Replaces the tenant's copy of the KPI catalogue; returns how many KPIs it holds.
    fn replace_kpi_catalogue(
        &self,
        tenant: Id,
        kpis: &[KpiInfo],
    ) -> impl Future<Output = Result<usize>> + Send;
    /// The KPI catalogue by id.
    fn kpi_catalogue(&self, tenant: Id) -> impl Future<Output = Result<Vec<KpiInfo>>> + Send;
    fn replace_areas(
        &self,
        tenant: Id,
        areas: &[Area],
    ) -> impl Future<Output = Result<usize>> + Send;
    /// Municipalities, regions and the country, by id.
    fn areas(&self, tenant: Id) -> impl Future<Output = Result<Vec<Area>>> + Send;
    fn replace_area_groups(
        &self,
        tenant: Id,
        groups: &[AreaGroup],
    ) -> impl Future<Output = Result<usize>> + Send;
    /// Area groups by id.
    fn area_groups(&self, tenant: Id) -> impl Future<Output = Result<Vec<AreaGroup>>> + Send;
    /// The groups the tenant compares itself with; each must be in the catalogue.
    fn set_comparison_groups(
        &self,
        tenant: Id,
        groups: &[String],
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;
    fn comparison_groups(&self, tenant: Id) -> impl Future<Output = Result<Vec<String>>> + Send;

    // Sync progress
    /// Starts a sync identified by `fingerprint`, or resumes the unfinished one with the
    /// same fingerprint, returning the chunks it already stored.
    fn begin_sync(
        &self,
        tenant: Id,
        fingerprint: &str,
    ) -> impl Future<Output = Result<SyncRun>> + Send;
    /// Stores one chunk's observations and marks the chunk done, in one transaction.
    fn store_sync_chunk(
        &self,
        tenant: Id,
        run: Id,
        chunk: &str,
        observations: &[Observation],
        change: &Change,
    ) -> impl Future<Output = Result<ObservationChanges>> + Send;
    fn finish_sync(&self, tenant: Id, run: Id) -> impl Future<Output = Result<()>> + Send;

    // Audit
    /// Audit events in the order they happened.
    fn audit_events(
        &self,
        tenant: Id,
        query: &AuditQuery,
    ) -> impl Future<Output = Result<Vec<AuditEvent>>> + Send;
}
