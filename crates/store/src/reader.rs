//! Reads that share one transaction: what a page or a command reads, it reads through
//! one [`StoreRead`] from [`Store::reader`](crate::Store::reader), on one connection and
//! from one consistent snapshot, with set-based reads so that the number of queries
//! does not grow with the number of goals or indicators.

use std::future::Future;

use riktning_domain::{
    Activity, Assessment, AssessmentScale, Commitment, FollowupSettings, Goal, Id, Indicator,
    OrgUnit, Period, Plan, ProgressReport, Session, Target, Tenant, TextTarget, User,
};

use crate::{AssessmentQuery, ObservationQuery, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// One open read transaction. Each method is one query or two (an entity and the
/// links kept in another table), whatever the size of the plan.
///
/// End it with [`StoreRead::finish`]; dropping it also ends it, but only when its
/// connection is next used.
pub trait StoreRead: Send {
    fn tenants(&mut self) -> impl Future<Output = Result<Vec<Tenant>>> + Send;
    /// All plans, newest first (by first year, then title).
    fn plans(&mut self, tenant: Id) -> impl Future<Output = Result<Vec<Plan>>> + Send;
    fn plan_by_title(
        &mut self,
        tenant: Id,
        title: &str,
    ) -> impl Future<Output = Result<Option<Plan>>> + Send;
    /// A plan's periods by start date.
    fn periods(&mut self, tenant: Id, plan: Id)
    -> impl Future<Output = Result<Vec<Period>>> + Send;
    fn period(&mut self, tenant: Id, id: Id) -> impl Future<Output = Result<Period>> + Send;
    fn goal(&mut self, tenant: Id, id: Id) -> impl Future<Output = Result<Goal>> + Send;
    /// A plan's goals in document order.
    fn goals(&mut self, tenant: Id, plan: Id) -> impl Future<Output = Result<Vec<Goal>>> + Send;
    /// A goal's commitments in text order.
    fn commitments(
        &mut self,
        tenant: Id,
        goal: Id,
    ) -> impl Future<Output = Result<Vec<Commitment>>> + Send;
    /// The commitments of every goal of a plan, by goal and then text order.
    fn plan_commitments(
        &mut self,
        tenant: Id,
        plan: Id,
    ) -> impl Future<Output = Result<Vec<Commitment>>> + Send;
    fn text_targets(
        &mut self,
        tenant: Id,
        goal: Id,
    ) -> impl Future<Output = Result<Vec<TextTarget>>> + Send;
    /// All indicators with their goal links, by name.
    fn indicators(&mut self, tenant: Id) -> impl Future<Output = Result<Vec<Indicator>>> + Send;
    /// The indicators linked to any of `goals`, with all their goal links, by name;
    /// none for an empty list.
    fn goal_indicators(
        &mut self,
        tenant: Id,
        goals: &[Id],
    ) -> impl Future<Output = Result<Vec<Indicator>>> + Send;
    /// The targets of the given indicators, by indicator and year; none for an empty
    /// list.
    fn indicator_targets(
        &mut self,
        tenant: Id,
        indicators: &[Id],
    ) -> impl Future<Output = Result<Vec<Target>>> + Send;
    /// Observations by series, area, period and gender; one query for any number of
    /// series.
    fn observations(
        &mut self,
        tenant: Id,
        query: &ObservationQuery,
    ) -> impl Future<Output = Result<Vec<riktning_domain::Observation>>> + Send;
    fn comparison_groups(&mut self, tenant: Id)
    -> impl Future<Output = Result<Vec<String>>> + Send;
    fn followup_settings(
        &mut self,
        tenant: Id,
    ) -> impl Future<Output = Result<FollowupSettings>> + Send;
    fn scales(&mut self, tenant: Id) -> impl Future<Output = Result<Vec<AssessmentScale>>> + Send;
    /// All org units, by name.
    fn org_units(&mut self, tenant: Id) -> impl Future<Output = Result<Vec<OrgUnit>>> + Send;
    fn assessments(
        &mut self,
        tenant: Id,
        query: &AssessmentQuery,
    ) -> impl Future<Output = Result<Vec<Assessment>>> + Send;
    /// A plan's activities by due date, undated last.
    fn activities(
        &mut self,
        tenant: Id,
        plan: Id,
    ) -> impl Future<Output = Result<Vec<Activity>>> + Send;
    fn progress_reports(
        &mut self,
        tenant: Id,
        period: Id,
    ) -> impl Future<Output = Result<Vec<ProgressReport>>> + Send;
    /// The unexpired session with this token hash.
    fn session(
        &mut self,
        token_hash: &str,
        now: time::OffsetDateTime,
    ) -> impl Future<Output = Result<Option<Session>>> + Send;
    fn user(&mut self, tenant: Id, id: Id) -> impl Future<Output = Result<User>> + Send;

    /// The tenant's users.
    fn users(&mut self, tenant: Id) -> impl Future<Output = Result<Vec<User>>> + Send;
    /// The audit events that match `query`, oldest first.
    fn audit_events(
        &mut self,
        tenant: Id,
        query: &crate::AuditQuery,
    ) -> impl Future<Output = Result<Vec<riktning_domain::AuditEvent>>> + Send;
    /// Every publication, newest first, without its content.
    fn publications(
        &mut self,
        tenant: Id,
    ) -> impl Future<Output = Result<Vec<riktning_domain::Publication>>> + Send;
    /// One publication with its content.
    fn publication(
        &mut self,
        tenant: Id,
        id: Id,
    ) -> impl Future<Output = Result<riktning_domain::Publication>> + Send;

    /// A user's API tokens, newest first, revoked ones included.
    fn api_tokens(
        &mut self,
        tenant: Id,
        user: Id,
    ) -> impl Future<Output = Result<Vec<riktning_domain::ApiToken>>> + Send;
    /// The active API token with this hash, in any tenant.
    fn api_token(
        &mut self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<riktning_domain::ApiToken>>> + Send;

    /// The controller's conclusion on god ekonomisk hushållning in a period, once
    /// written.
    fn conclusion(
        &mut self,
        tenant: Id,
        period: Id,
    ) -> impl Future<Output = Result<Option<riktning_domain::Conclusion>>> + Send;

    /// Visitors' accessibility reports: those waiting first, newest first.
    fn accessibility_reports(
        &mut self,
        tenant: Id,
    ) -> impl Future<Output = Result<Vec<riktning_domain::AccessibilityReport>>> + Send;

    /// The data version this transaction reads: it changes with every committed write,
    /// by any process, so that what was derived from the data can be kept until then.
    fn data_version(&mut self) -> impl Future<Output = Result<u64>> + Send;

    /// Ends the transaction now, releasing its snapshot and its connection.
    fn finish(self) -> impl Future<Output = Result<()>> + Send;
}
