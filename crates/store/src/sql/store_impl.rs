//! [`Store`] for [`SqlStore`]: each method is one transaction around the entity
//! module that does the work.

use riktning_domain::{
    Activity, Area, AreaGroup, Assessment, AssessmentContent, AssessmentScale, AuditEvent, Change,
    Commitment, FollowupSettings, Goal, Id, Indicator, KpiInfo, NewActivity, NewCommitment,
    NewGoal, NewIndicator, NewOrgUnit, NewPeriod, NewPlan, NewProgressReport, NewTarget, NewTenant,
    NewTextTarget, NewUser, Observation, OrgUnit, Period, PeriodState, Plan, PlanDraft,
    ProgressReport, Session, Target, Tenant, TextTarget, Transition, User,
};

use super::query::fetch_all;
use super::rows::{self, TENANT_COLUMNS};
use super::stored::Stored;
use super::{
    SqlBackend, SqlStore, activities, assessments, catalogue, commitments, goals, import,
    indicators, observations, org_units, periods, plans, reader, reminders, settings, sync,
    tenants, text_targets, users,
};
use crate::{
    AssessmentQuery, AuditQuery, ImportOptions, ImportOutcome, ObservationChanges,
    ObservationQuery, ReminderSent, Store, StoreError, SyncRun, SyncSummary,
};

type Result<T> = std::result::Result<T, StoreError>;

/// How often a write is tried when the database reports it busy (a deadlock or
/// serialisation failure on PostgreSQL; on SQLite, writers still waiting after the
/// busy timeout), and how long to wait before the next try, times the try's number.
const WRITE_ATTEMPTS: u32 = 3;
const RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// Runs `$work` with `$tx` in a new write transaction and commits it if `$work`
/// succeeds, or rolls it back at once if it fails, so that no lock outlives the call.
/// A busy database is tried again a bounded number of times; `$work` runs anew each
/// time, so it must do all its reading inside the transaction.
macro_rules! in_transaction {
    ($store:expr, $tx:ident => $work:expr) => {{
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = match $store.backend.begin_write().await {
                Ok(mut $tx) => match $work.await {
                    Ok(value) => match super::data_version::raise::<B>(&mut $tx).await {
                        Ok(()) => B::commit($tx).await.map(|()| value),
                        Err(error) => {
                            let _ = B::rollback($tx).await;
                            Err(error)
                        }
                    },
                    Err(error) => {
                        // The work's error is the one to report; a failed rollback is
                        // undone by the database when the connection is reused or closed.
                        let _ = B::rollback($tx).await;
                        Err(error)
                    }
                },
                Err(error) => Err(error),
            };
            match outcome {
                Err(StoreError::Busy { .. }) if attempt < WRITE_ATTEMPTS => {
                    tokio::time::sleep(RETRY_PAUSE * attempt).await;
                }
                outcome => break outcome,
            }
        }
    }};
}

/// Runs the read `$work` in a transaction (one consistent snapshot), then ends it.
macro_rules! reading {
    ($store:expr, $tx:ident => $work:expr) => {{
        let mut $tx = $store.backend.begin().await?;
        let result = $work.await;
        let _ = B::rollback($tx).await;
        result
    }};
}

impl<B: SqlBackend> Store for SqlStore<B> {
    type ObservationWriter = observations::SqlObservationWriter<B>;
    type Reader = reader::SqlReader<B>;

    async fn reader(&self) -> Result<Self::Reader> {
        Ok(reader::SqlReader::new(self.backend.begin_read().await?))
    }

    async fn create_tenant(&self, new: &NewTenant, change: &Change) -> Result<Tenant> {
        in_transaction!(self, tx => tenants::insert_tenant::<B>(&mut tx, new, change))
    }

    async fn tenants(&self) -> Result<Vec<Tenant>> {
        reading!(self, tx => reader::read_tenants::<B>(&mut tx))
    }

    async fn tenant_by_kolada_id(&self, kolada_id: &str) -> Result<Option<Tenant>> {
        let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE kolada_id = $1");
        let found: Vec<Tenant> = reading!(self, tx => fetch_all::<B, _>(&mut tx, &sql, &[kolada_id.into()], rows::tenant))?;
        Ok(found.into_iter().next())
    }

    async fn update_tenant(&self, tenant: &Tenant, change: &Change) -> Result<Tenant> {
        in_transaction!(self, tx => tenants::write_tenant::<B>(&mut tx, tenant, change))
    }

    async fn create_org_unit(
        &self,
        tenant: Id,
        new: &NewOrgUnit,
        change: &Change,
    ) -> Result<OrgUnit> {
        in_transaction!(self, tx => org_units::insert_org_unit::<B>(&mut tx, tenant, new, change))
    }

    async fn org_unit(&self, tenant: Id, id: Id) -> Result<OrgUnit> {
        reading!(self, tx => OrgUnit::read::<B>(&mut tx, tenant, id))
    }

    async fn org_units(&self, tenant: Id) -> Result<Vec<OrgUnit>> {
        reading!(self, tx => reader::read_org_units::<B>(&mut tx, tenant))
    }

    async fn update_org_unit(
        &self,
        tenant: Id,
        unit: &OrgUnit,
        change: &Change,
    ) -> Result<OrgUnit> {
        in_transaction!(self, tx => org_units::write_org_unit::<B>(&mut tx, tenant, unit, change))
    }

    async fn delete_org_unit(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => org_units::remove_org_unit::<B>(&mut tx, tenant, id, version, change))
    }

    async fn create_plan(&self, tenant: Id, new: &NewPlan, change: &Change) -> Result<Plan> {
        let action = riktning_domain::AuditAction::Create;
        in_transaction!(self, tx => plans::insert_plan::<B>(&mut tx, tenant, new, change, action))
    }

    async fn plan(&self, tenant: Id, id: Id) -> Result<Plan> {
        reading!(self, tx => plans::read_plan::<B>(&mut tx, tenant, id))
    }

    async fn plan_by_title(&self, tenant: Id, title: &str) -> Result<Option<Plan>> {
        reading!(self, tx => reader::read_plan_by_title::<B>(&mut tx, tenant, title))
    }

    async fn plans(&self, tenant: Id) -> Result<Vec<Plan>> {
        reading!(self, tx => reader::read_plans::<B>(&mut tx, tenant))
    }

    async fn update_plan(&self, tenant: Id, plan: &Plan, change: &Change) -> Result<Plan> {
        let action = riktning_domain::AuditAction::Update;
        in_transaction!(self, tx => plans::write_plan::<B>(&mut tx, tenant, plan, change, action))
    }

    async fn publish(
        &self,
        tenant: Id,
        new: &riktning_domain::NewPublication,
        change: &Change,
    ) -> Result<riktning_domain::Publication> {
        in_transaction!(self, tx => super::publications::insert::<B>(&mut tx, tenant, new, change))
    }

    async fn create_api_token(
        &self,
        tenant: Id,
        new: &riktning_domain::NewApiToken,
        change: &Change,
    ) -> Result<riktning_domain::ApiToken> {
        in_transaction!(self, tx => super::api_tokens::insert::<B>(&mut tx, tenant, new, change))
    }

    async fn revoke_api_token(&self, tenant: Id, user: Id, id: Id, change: &Change) -> Result<()> {
        in_transaction!(self, tx => super::api_tokens::revoke::<B>(&mut tx, tenant, user, id, change))
    }

    async fn write_conclusion(
        &self,
        tenant: Id,
        period: Id,
        content: &riktning_domain::ConclusionContent,
        version: Option<i64>,
        change: &Change,
    ) -> Result<riktning_domain::Conclusion> {
        in_transaction!(self, tx => super::conclusions::write::<B>(&mut tx, tenant, period, content, version, change))
    }

    async fn report_accessibility_problem(
        &self,
        tenant: Id,
        new: &riktning_domain::NewAccessibilityReport,
    ) -> Result<riktning_domain::AccessibilityReport> {
        in_transaction!(self, tx => super::accessibility_reports::insert::<B>(&mut tx, tenant, new))
    }

    async fn mark_accessibility_report_handled(
        &self,
        tenant: Id,
        id: Id,
        change: &Change,
    ) -> Result<riktning_domain::AccessibilityReport> {
        in_transaction!(self, tx => super::accessibility_reports::mark_handled::<B>(&mut tx, tenant, id, change))
    }

    async fn make_plan_current(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<Plan> {
        in_transaction!(self, tx => plans::make_current::<B>(&mut tx, tenant, id, version, change))
    }

    async fn delete_plan(&self, tenant: Id, id: Id, version: i64, change: &Change) -> Result<()> {
        in_transaction!(self, tx => plans::remove_plan::<B>(&mut tx, tenant, id, version, change))
    }

    async fn create_goal(&self, tenant: Id, new: &NewGoal, change: &Change) -> Result<Goal> {
        in_transaction!(self, tx => goals::insert_goal::<B>(&mut tx, tenant, new, change))
    }

    async fn goal(&self, tenant: Id, id: Id) -> Result<Goal> {
        reading!(self, tx => Goal::read::<B>(&mut tx, tenant, id))
    }

    async fn goals(&self, tenant: Id, plan: Id) -> Result<Vec<Goal>> {
        reading!(self, tx => goals::read_goals::<B>(&mut tx, tenant, plan))
    }

    async fn update_goal(&self, tenant: Id, goal: &Goal, change: &Change) -> Result<Goal> {
        in_transaction!(self, tx => goals::write_goal::<B>(&mut tx, tenant, goal, change))
    }

    async fn delete_goal(&self, tenant: Id, id: Id, version: i64, change: &Change) -> Result<()> {
        in_transaction!(self, tx => goals::remove_goal::<B>(&mut tx, tenant, id, version, change))
    }

    async fn create_commitment(
        &self,
        tenant: Id,
        new: &NewCommitment,
        change: &Change,
    ) -> Result<Commitment> {
        in_transaction!(self, tx => commitments::insert_commitment::<B>(&mut tx, tenant, new, change))
    }

    async fn commitments(&self, tenant: Id, goal: Id) -> Result<Vec<Commitment>> {
        reading!(self, tx => commitments::read_commitments::<B>(&mut tx, tenant, goal))
    }

    async fn update_commitment(
        &self,
        tenant: Id,
        commitment: &Commitment,
        change: &Change,
    ) -> Result<Commitment> {
        in_transaction!(self, tx => commitments::write_commitment::<B>(&mut tx, tenant, commitment, change))
    }

    async fn delete_commitment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => commitments::remove_commitment::<B>(&mut tx, tenant, id, version, change))
    }

    async fn create_text_target(
        &self,
        tenant: Id,
        new: &NewTextTarget,
        change: &Change,
    ) -> Result<TextTarget> {
        in_transaction!(self, tx => text_targets::insert_text_target::<B>(&mut tx, tenant, new, change))
    }

    async fn text_targets(&self, tenant: Id, goal: Id) -> Result<Vec<TextTarget>> {
        reading!(self, tx => text_targets::read_text_targets::<B>(&mut tx, tenant, goal))
    }

    async fn update_text_target(
        &self,
        tenant: Id,
        target: &TextTarget,
        change: &Change,
    ) -> Result<TextTarget> {
        in_transaction!(self, tx => text_targets::write_text_target::<B>(&mut tx, tenant, target, change))
    }

    async fn delete_text_target(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => text_targets::remove_text_target::<B>(&mut tx, tenant, id, version, change))
    }

    async fn import_plan(
        &self,
        tenant: Id,
        draft: &PlanDraft,
        options: &ImportOptions,
        change: &Change,
    ) -> Result<ImportOutcome> {
        in_transaction!(self, tx => import::import_plan::<B>(&mut tx, tenant, draft, options, change))
    }

    async fn create_indicator(
        &self,
        tenant: Id,
        new: &NewIndicator,
        change: &Change,
    ) -> Result<Indicator> {
        in_transaction!(self, tx => indicators::insert_indicator::<B>(&mut tx, tenant, new, change))
    }

    async fn indicator(&self, tenant: Id, id: Id) -> Result<Indicator> {
        reading!(self, tx => Indicator::read::<B>(&mut tx, tenant, id))
    }

    async fn indicators(&self, tenant: Id) -> Result<Vec<Indicator>> {
        reading!(self, tx => indicators::read_indicators::<B>(&mut tx, tenant))
    }

    async fn indicators_for_goal(&self, tenant: Id, goal: Id) -> Result<Vec<Indicator>> {
        let all = self.indicators(tenant).await?;
        Ok(all
            .into_iter()
            .filter(|i| i.goals.iter().any(|link| link.goal_id == goal))
            .collect())
    }

    async fn update_indicator(
        &self,
        tenant: Id,
        indicator: &Indicator,
        change: &Change,
    ) -> Result<Indicator> {
        in_transaction!(self, tx => indicators::write_indicator::<B>(&mut tx, tenant, indicator, change))
    }

    async fn delete_indicator(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => indicators::remove_indicator::<B>(&mut tx, tenant, id, version, change))
    }

    async fn create_target(&self, tenant: Id, new: &NewTarget, change: &Change) -> Result<Target> {
        in_transaction!(self, tx => indicators::insert_target::<B>(&mut tx, tenant, new, change))
    }

    async fn targets(&self, tenant: Id, indicator: Id) -> Result<Vec<Target>> {
        reading!(self, tx => indicators::read_targets::<B>(&mut tx, tenant, indicator))
    }

    async fn update_target(&self, tenant: Id, target: &Target, change: &Change) -> Result<Target> {
        in_transaction!(self, tx => indicators::write_target::<B>(&mut tx, tenant, target, change))
    }

    async fn delete_target(&self, tenant: Id, id: Id, version: i64, change: &Change) -> Result<()> {
        in_transaction!(self, tx => indicators::remove_target::<B>(&mut tx, tenant, id, version, change))
    }

    async fn upsert_observations(
        &self,
        tenant: Id,
        rows: &[Observation],
        change: &Change,
    ) -> Result<ObservationChanges> {
        in_transaction!(self, tx => observations::upsert::<B>(&mut tx, tenant, rows, change))
    }

    async fn observation_writer(
        &self,
        tenant: Id,
        change: &Change,
    ) -> Result<Self::ObservationWriter> {
        let tx = self.backend.begin_write().await?;
        Ok(observations::SqlObservationWriter::new(tx, tenant, change))
    }

    async fn observations(&self, tenant: Id, query: &ObservationQuery) -> Result<Vec<Observation>> {
        reading!(self, tx => observations::query::<B>(&mut tx, tenant, query))
    }

    async fn replace_kpi_catalogue(&self, tenant: Id, kpis: &[KpiInfo]) -> Result<usize> {
        in_transaction!(self, tx => catalogue::replace_kpis::<B>(&mut tx, tenant, kpis))
    }

    async fn kpi_catalogue(&self, tenant: Id) -> Result<Vec<KpiInfo>> {
        reading!(self, tx => catalogue::read_kpis::<B>(&mut tx, tenant))
    }

    async fn replace_areas(&self, tenant: Id, areas: &[Area]) -> Result<usize> {
        in_transaction!(self, tx => catalogue::replace_areas::<B>(&mut tx, tenant, areas))
    }

    async fn areas(&self, tenant: Id) -> Result<Vec<Area>> {
        reading!(self, tx => catalogue::read_areas::<B>(&mut tx, tenant))
    }

    async fn replace_area_groups(&self, tenant: Id, groups: &[AreaGroup]) -> Result<usize> {
        in_transaction!(self, tx => catalogue::replace_groups::<B>(&mut tx, tenant, groups))
    }

    async fn area_groups(&self, tenant: Id) -> Result<Vec<AreaGroup>> {
        reading!(self, tx => catalogue::read_groups::<B>(&mut tx, tenant))
    }

    async fn set_comparison_groups(
        &self,
        tenant: Id,
        groups: &[String],
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => catalogue::set_comparison_groups::<B>(&mut tx, tenant, groups, change))
    }

    async fn comparison_groups(&self, tenant: Id) -> Result<Vec<String>> {
        reading!(self, tx => catalogue::read_comparison_groups::<B>(&mut tx, tenant))
    }

    async fn begin_sync(&self, tenant: Id, fingerprint: &str) -> Result<SyncRun> {
        in_transaction!(self, tx => sync::begin::<B>(&mut tx, tenant, fingerprint))
    }

    async fn store_sync_chunk(
        &self,
        tenant: Id,
        run: Id,
        chunk: &str,
        rows: &[Observation],
        change: &Change,
    ) -> Result<ObservationChanges> {
        in_transaction!(self, tx => sync::store_chunk::<B>(&mut tx, tenant, run, chunk, rows, change))
    }

    async fn finish_sync(&self, tenant: Id, run: Id) -> Result<()> {
        in_transaction!(self, tx => sync::finish::<B>(&mut tx, tenant, run))
    }

    async fn set_user_email(
        &self,
        tenant: Id,
        user: Id,
        email: Option<&str>,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => reminders::set_email::<B>(&mut tx, tenant, user, email, change))
    }

    async fn user_emails(&self, tenant: Id) -> Result<Vec<(Id, String)>> {
        reading!(self, tx => reminders::emails::<B>(&mut tx, tenant))
    }

    async fn record_reminder(&self, tenant: Id, sent: &ReminderSent) -> Result<Id> {
        in_transaction!(self, tx => reminders::record_sent::<B>(&mut tx, tenant, sent))
    }

    async fn reminders(&self, tenant: Id, period: Id) -> Result<Vec<ReminderSent>> {
        reading!(self, tx => reminders::sent::<B>(&mut tx, tenant, period))
    }

    async fn sync_summaries(&self, tenant: Id, limit: usize) -> Result<Vec<SyncSummary>> {
        reading!(self, tx => sync::summaries::<B>(&mut tx, tenant, limit))
    }

    async fn followup_settings(&self, tenant: Id) -> Result<FollowupSettings> {
        reading!(self, tx => settings::read_settings::<B>(&mut tx, tenant))
    }

    async fn save_followup_settings(
        &self,
        tenant: Id,
        new: &FollowupSettings,
        change: &Change,
    ) -> Result<FollowupSettings> {
        in_transaction!(self, tx => settings::write_settings::<B>(&mut tx, tenant, new, change))
    }

    async fn scales(&self, tenant: Id) -> Result<Vec<AssessmentScale>> {
        reading!(self, tx => settings::read_scales::<B>(&mut tx, tenant))
    }

    async fn create_scale(
        &self,
        tenant: Id,
        scale: &AssessmentScale,
        change: &Change,
    ) -> Result<AssessmentScale> {
        in_transaction!(self, tx => settings::insert_scale::<B>(&mut tx, tenant, scale, change))
    }

    async fn create_period(&self, tenant: Id, new: &NewPeriod, change: &Change) -> Result<Period> {
        in_transaction!(self, tx => periods::insert_period::<B>(&mut tx, tenant, new, change))
    }

    async fn period(&self, tenant: Id, id: Id) -> Result<Period> {
        reading!(self, tx => Period::read::<B>(&mut tx, tenant, id))
    }

    async fn periods(&self, tenant: Id, plan: Id) -> Result<Vec<Period>> {
        reading!(self, tx => periods::read_periods::<B>(&mut tx, tenant, plan))
    }

    async fn update_period(&self, tenant: Id, period: &Period, change: &Change) -> Result<Period> {
        in_transaction!(self, tx => periods::write_period::<B>(&mut tx, tenant, period, change))
    }

    async fn set_period_state(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        state: PeriodState,
        change: &Change,
    ) -> Result<Period> {
        in_transaction!(self, tx => periods::set_state::<B>(&mut tx, tenant, id, version, state, change))
    }

    async fn create_assessment(
        &self,
        tenant: Id,
        content: &AssessmentContent,
        change: &Change,
    ) -> Result<Assessment> {
        in_transaction!(self, tx => assessments::insert_assessment::<B>(&mut tx, tenant, content, change))
    }

    async fn assessment(&self, tenant: Id, id: Id) -> Result<Assessment> {
        reading!(self, tx => Assessment::read::<B>(&mut tx, tenant, id))
    }

    async fn assessments(&self, tenant: Id, query: &AssessmentQuery) -> Result<Vec<Assessment>> {
        reading!(self, tx => assessments::read_assessments::<B>(&mut tx, tenant, query))
    }

    async fn update_assessment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        content: &AssessmentContent,
        change: &Change,
    ) -> Result<Assessment> {
        in_transaction!(self, tx => assessments::write_assessment::<B>(&mut tx, tenant, id, version, content, change))
    }

    async fn transition_assessment(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        step: &Transition,
        change: &Change,
    ) -> Result<Assessment> {
        in_transaction!(self, tx => assessments::transition::<B>(&mut tx, tenant, id, version, step, change))
    }

    async fn create_activity(
        &self,
        tenant: Id,
        new: &NewActivity,
        change: &Change,
    ) -> Result<Activity> {
        in_transaction!(self, tx => activities::insert_activity::<B>(&mut tx, tenant, new, change))
    }

    async fn activity(&self, tenant: Id, id: Id) -> Result<Activity> {
        reading!(self, tx => Activity::read::<B>(&mut tx, tenant, id))
    }

    async fn activities(&self, tenant: Id, plan: Id) -> Result<Vec<Activity>> {
        reading!(self, tx => activities::read_activities::<B>(&mut tx, tenant, plan))
    }

    async fn update_activity(
        &self,
        tenant: Id,
        activity: &Activity,
        change: &Change,
    ) -> Result<Activity> {
        in_transaction!(self, tx => activities::write_activity::<B>(&mut tx, tenant, activity, change))
    }

    async fn delete_activity(
        &self,
        tenant: Id,
        id: Id,
        version: i64,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => activities::remove_activity::<B>(&mut tx, tenant, id, version, change))
    }

    async fn report_progress(
        &self,
        tenant: Id,
        report: &NewProgressReport,
        change: &Change,
    ) -> Result<ProgressReport> {
        in_transaction!(self, tx => activities::report_progress::<B>(&mut tx, tenant, report, change))
    }

    async fn progress_reports(&self, tenant: Id, period: Id) -> Result<Vec<ProgressReport>> {
        reading!(self, tx => activities::read_progress_reports::<B>(&mut tx, tenant, period))
    }

    async fn create_user(
        &self,
        tenant: Id,
        new: &NewUser,
        password_hash: &str,
        change: &Change,
    ) -> Result<User> {
        in_transaction!(self, tx => users::insert_user::<B>(&mut tx, tenant, new, password_hash, change))
    }

    async fn user(&self, tenant: Id, id: Id) -> Result<User> {
        reading!(self, tx => User::read::<B>(&mut tx, tenant, id))
    }

    async fn users(&self, tenant: Id) -> Result<Vec<User>> {
        reading!(self, tx => users::read_users::<B>(&mut tx, tenant))
    }

    async fn user_credentials(&self, tenant: Id, username: &str) -> Result<Option<(User, String)>> {
        reading!(self, tx => users::read_credentials::<B>(&mut tx, tenant, username))
    }

    async fn update_user(&self, tenant: Id, user: &User, change: &Change) -> Result<User> {
        in_transaction!(self, tx => users::write_user::<B>(&mut tx, tenant, user, change))
    }

    async fn set_user_password(
        &self,
        tenant: Id,
        id: Id,
        password_hash: &str,
        must_change: bool,
        change: &Change,
    ) -> Result<()> {
        in_transaction!(self, tx => users::write_password::<B>(&mut tx, tenant, id, password_hash, must_change, change))
    }

    async fn create_session(&self, token_hash: &str, session: &Session) -> Result<()> {
        in_transaction!(self, tx => users::insert_session::<B>(&mut tx, token_hash, session))
    }

    async fn session(
        &self,
        token_hash: &str,
        now: time::OffsetDateTime,
    ) -> Result<Option<Session>> {
        reading!(self, tx => users::read_session::<B>(&mut tx, token_hash, now))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        in_transaction!(self, tx => users::remove_session::<B>(&mut tx, token_hash))
    }

    async fn purge_expired_sessions(&self, now: time::OffsetDateTime) -> Result<u64> {
        in_transaction!(self, tx => users::remove_expired_sessions::<B>(&mut tx, now))
    }

    async fn audit_events(&self, tenant: Id, query: &AuditQuery) -> Result<Vec<AuditEvent>> {
        reading!(self, tx => super::audit::read_events::<B>(&mut tx, tenant, query))
    }
}
