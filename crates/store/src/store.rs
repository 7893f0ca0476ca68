use std::future::Future;

use riktning_domain::{
    AuditEvent, Change, Commitment, EntityKind, Goal, Id, NewCommitment, NewGoal, NewOrgUnit,
    NewPlan, NewTenant, NewTextTarget, OrgUnit, Plan, PlanDraft, Tenant, TextTarget,
};

use crate::{ImportOptions, ImportOutcome, StoreError};

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
pub trait Store: Clone + Send + Sync + 'static {
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

    // Audit
    /// Audit events in the order they happened.
    fn audit_events(
        &self,
        tenant: Id,
        query: &AuditQuery,
    ) -> impl Future<Output = Result<Vec<AuditEvent>>> + Send;
}
