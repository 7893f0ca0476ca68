use std::future::Future;

use riktning_domain::{
    Activity, Area, AreaGroup, Assessment, AssessmentContent, AssessmentScale, AuditEvent, Change,
    Commitment, EntityKind, FollowupSettings, Goal, Id, Indicator, KpiInfo, NewActivity,
    NewCommitment, NewGoal, NewIndicator, NewOrgUnit, NewPeriod, NewPlan, NewProgressReport,
    NewTarget, NewTenant, NewTextTarget, NewUser, Observation, OrgUnit, Period, PeriodState, Plan,
    PlanDraft, ProgressReport, Session, Target, Tenant, TextTarget, Transition, User,
};

use crate::{
    ImportOptions, ImportOutcome, ObservationChanges, ObservationQuery, ReminderSent, StoreError,
    StoreRead, SyncRun, SyncSummary,
};

type Result<T> = std::result::Result<T, StoreError>;

/// Which audit events to list. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub entity: Option<EntityKind>,
    pub entity_id: Option<Id>,
}

/// Which assessments to list. Empty fields match everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AssessmentQuery {
    pub period: Option<Id>,
    pub goal: Option<Id>,
    pub org_unit: Option<Id>,
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
    type Reader: StoreRead;

    /// Opens one read transaction for everything a page or a command reads.
    fn reader(&self) -> impl Future<Output = Result<Self::Reader>> + Send;

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
    /// All plans: the current one first, then the newest (by first year, then title).
    fn plans(&self, tenant: Id) -> impl Future<Output = Result<Vec<Plan>>> + Send;
    /// Stores a publication as the next version of its plan and period. A version
    /// after the first must give a reason.
    fn publish(
        &self,
        tenant: Id,
        new: &riktning_domain::NewPublication,
        change: &Change,
    ) -> impl Future<Output = Result<riktning_domain::Publication>> + Send;
    /// Stores a personal API token under the hash of its secret, on the record.
    fn create_api_token(
        &self,
        tenant: Id,
        new: &riktning_domain::NewApiToken,
        change: &Change,
    ) -> impl Future<Output = Result<riktning_domain::ApiToken>> + Send;
    /// Revokes `user`'s token `id`, on the record; another user's token is not found.
    fn revoke_api_token(
        &self,
        tenant: Id,
        user: Id,
        id: Id,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Writes the controller's conclusion on god ekonomisk hushållning in an open
    /// period: the first (`version` `None`) or a new version of the one read.
    fn write_conclusion(
        &self,
        tenant: Id,
        period: Id,
        content: &riktning_domain::ConclusionContent,
        version: Option<i64>,
        change: &Change,
    ) -> impl Future<Output = Result<riktning_domain::Conclusion>> + Send;
    /// Keeps a visitor's report of an accessibility problem. Refused while too many
    /// reports wait to be handled.
    fn report_accessibility_problem(
        &self,
        tenant: Id,
        new: &riktning_domain::NewAccessibilityReport,
    ) -> impl Future<Output = Result<riktning_domain::AccessibilityReport>> + Send;
    /// Marks a report handled, on the record; a handled report stays as it is.
    fn mark_accessibility_report_handled(
        &self,
        tenant: Id,
        id: Id,
        change: &Change,
    ) -> impl Future<Output = Result<riktning_domain::AccessibilityReport>> + Send;
    /// Makes plan `id` at `version` the one the workspace shows, and no other.
    fn make_plan_current(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<Plan>> + Send;
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
    /// Sets a user's e-mail address, or clears it with `None`.
    fn set_user_email(
        &self,
        tenant: Id,
        user: Id,
        email: Option<&str>,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Every user's e-mail address that is set, as `(user id, address)`.
    fn user_emails(&self, tenant: Id) -> impl Future<Output = Result<Vec<(Id, String)>>> + Send;
    /// Records a reminder sent or tried.
    fn record_reminder(
        &self,
        tenant: Id,
        sent: &ReminderSent,
    ) -> impl Future<Output = Result<Id>> + Send;
    /// The reminders of a period, newest first.
    fn reminders(
        &self,
        tenant: Id,
        period: Id,
    ) -> impl Future<Output = Result<Vec<ReminderSent>>> + Send;
    /// The newest syncs first, at most `limit`.
    fn sync_summaries(
        &self,
        tenant: Id,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<SyncSummary>>> + Send;

    // Follow-up settings and assessment scales
    /// The tenant's follow-up settings, or the defaults (at version 0) if never saved.
    fn followup_settings(
        &self,
        tenant: Id,
    ) -> impl Future<Output = Result<FollowupSettings>> + Send;
    /// Saves the settings over the version read (0 for the defaults); both scales must
    /// exist.
    fn save_followup_settings(
        &self,
        tenant: Id,
        settings: &FollowupSettings,
        change: &Change,
    ) -> impl Future<Output = Result<FollowupSettings>> + Send;
    /// The preset scales, then the tenant's own by key.
    fn scales(&self, tenant: Id) -> impl Future<Output = Result<Vec<AssessmentScale>>> + Send;
    /// Adds a scale of the tenant's own; its key must be new.
    fn create_scale(
        &self,
        tenant: Id,
        scale: &AssessmentScale,
        change: &Change,
    ) -> impl Future<Output = Result<AssessmentScale>> + Send;

    // Follow-up periods
    fn create_period(
        &self,
        tenant: Id,
        new: &NewPeriod,
        change: &Change,
    ) -> impl Future<Output = Result<Period>> + Send;
    fn period(&self, tenant: Id, id: Id) -> impl Future<Output = Result<Period>> + Send;
    /// A plan's periods by start date.
    fn periods(&self, tenant: Id, plan: Id) -> impl Future<Output = Result<Vec<Period>>> + Send;
    /// Changes name, dates and value year; not the state.
    fn update_period(
        &self,
        tenant: Id,
        period: &Period,
        change: &Change,
    ) -> impl Future<Output = Result<Period>> + Send;
    /// Closes a period (freezing its follow-up) or reopens it, which needs a reason in
    /// `change`.
    fn set_period_state(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        state: PeriodState,
        change: &Change,
    ) -> impl Future<Output = Result<Period>> + Send;

    // Assessments
    /// A new draft assessment on the tenant's goal scale, in an open period.
    fn create_assessment(
        &self,
        tenant: Id,
        content: &AssessmentContent,
        change: &Change,
    ) -> impl Future<Output = Result<Assessment>> + Send;
    fn assessment(&self, tenant: Id, id: Id) -> impl Future<Output = Result<Assessment>> + Send;
    /// Assessments by period, goal and org unit.
    fn assessments(
        &self,
        tenant: Id,
        query: &AssessmentQuery,
    ) -> impl Future<Output = Result<Vec<Assessment>>> + Send;
    /// Saves new content over `version`; only drafts and returned assessments can be
    /// edited, and the result is a draft.
    fn update_assessment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        content: &AssessmentContent,
        change: &Change,
    ) -> impl Future<Output = Result<Assessment>> + Send;
    /// Submits, approves or returns an assessment at `version`, in an open period.
    fn transition_assessment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        step: &Transition,
        change: &Change,
    ) -> impl Future<Output = Result<Assessment>> + Send;

    // Activities, assignments and progress reports
    fn create_activity(
        &self,
        tenant: Id,
        new: &NewActivity,
        change: &Change,
    ) -> impl Future<Output = Result<Activity>> + Send;
    fn activity(&self, tenant: Id, id: Id) -> impl Future<Output = Result<Activity>> + Send;
    /// A plan's activities by due date, undated last.
    fn activities(
        &self,
        tenant: Id,
        plan: Id,
    ) -> impl Future<Output = Result<Vec<Activity>>> + Send;
    fn update_activity(
        &self,
        tenant: Id,
        activity: &Activity,
        change: &Change,
    ) -> impl Future<Output = Result<Activity>> + Send;
    fn delete_activity(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Records an activity's or commitment's status and comment for an open period
    /// (replacing that period's earlier report) and makes it the current status.
    fn report_progress(
        &self,
        tenant: Id,
        report: &NewProgressReport,
        change: &Change,
    ) -> impl Future<Output = Result<ProgressReport>> + Send;
    fn progress_reports(
        &self,
        tenant: Id,
        period: Id,
    ) -> impl Future<Output = Result<Vec<ProgressReport>>> + Send;

    // Users and sessions
    /// Adds a user with an already hashed password.
    fn create_user(
        &self,
        tenant: Id,
        new: &NewUser,
        password_hash: &str,
        change: &Change,
    ) -> impl Future<Output = Result<User>> + Send;
    fn user(&self, tenant: Id, id: Id) -> impl Future<Output = Result<User>> + Send;
    /// All users, by username.
    fn users(&self, tenant: Id) -> impl Future<Output = Result<Vec<User>>> + Send;
    /// The user and their password hash, to check a sign-in.
    fn user_credentials(
        &self,
        tenant: Id,
        username: &str,
    ) -> impl Future<Output = Result<Option<(User, String)>>> + Send;
    /// Changes name, role, units and whether the user is disabled; disabling ends the
    /// user's sessions.
    fn update_user(
        &self,
        tenant: Id,
        user: &User,
        change: &Change,
    ) -> impl Future<Output = Result<User>> + Send;
    /// Replaces the password hash and ends the user's sessions. With `must_change`
    /// the password is a one-time password that the user must replace at the next
    /// sign-in; without, that mark is cleared.
    fn set_user_password(
        &self,
        tenant: Id,
        id: Id,
        password_hash: &str,
        must_change: bool,
        change: &Change,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Stores a session under the hash of its token.
    fn create_session(
        &self,
        token_hash: &str,
        session: &Session,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The unexpired session with this token hash.
    fn session(
        &self,
        token_hash: &str,
        now: time::OffsetDateTime,
    ) -> impl Future<Output = Result<Option<Session>>> + Send;
    fn delete_session(&self, token_hash: &str) -> impl Future<Output = Result<()>> + Send;
    /// Deletes the sessions that expired before `now`, in every tenant; returns how
    /// many.
    fn purge_expired_sessions(
        &self,
        now: time::OffsetDateTime,
    ) -> impl Future<Output = Result<u64>> + Send;

    // Audit
    /// Audit events in the order they happened.
    fn audit_events(
        &self,
        tenant: Id,
        query: &AuditQuery,
    ) -> impl Future<Output = Result<Vec<AuditEvent>>> + Send;
}
