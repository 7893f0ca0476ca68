//! [`StoreRead`] for [`SqlStore`](super::SqlStore): one transaction held open for a
//! page's or a command's reads, each read done by the same entity module as the
//! [`Store`](crate::Store) method of the same name.

use riktning_domain::{
    Activity, Assessment, AssessmentScale, Commitment, FollowupSettings, Goal, Id, Indicator,
    Observation, OrgUnit, Period, Plan, ProgressReport, Session, Target, Tenant, TextTarget, User,
};

use super::query::fetch_all;
use super::rows::{self, ORG_UNIT_COLUMNS, PLAN_COLUMNS, TENANT_COLUMNS};
use super::stored::Stored;
use super::{
    SqlBackend, activities, assessments, catalogue, commitments, goals, indicators, observations,
    periods, settings, text_targets, users,
};
use crate::{AssessmentQuery, ObservationQuery, StoreError, StoreRead};

type Result<T> = std::result::Result<T, StoreError>;

/// An open read transaction on one connection.
pub struct SqlReader<B: SqlBackend> {
    tx: B::Tx,
}

impl<B: SqlBackend> SqlReader<B> {
    pub(super) fn new(tx: B::Tx) -> Self {
        Self { tx }
    }
}

pub(super) async fn read_tenants<B: SqlBackend>(tx: &mut B::Tx) -> Result<Vec<Tenant>> {
    let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants ORDER BY name, id");
    fetch_all::<B, _>(tx, &sql, &[], rows::tenant).await
}

pub(super) async fn read_org_units<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
) -> Result<Vec<OrgUnit>> {
    let sql =
        format!("SELECT {ORG_UNIT_COLUMNS} FROM org_units WHERE tenant_id = $1 ORDER BY name, id");
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], rows::org_unit).await
}

pub(super) async fn read_plans<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<Vec<Plan>> {
    let sql = format!(
        "SELECT {PLAN_COLUMNS} FROM plans WHERE tenant_id = $1 ORDER BY is_current DESC, first_year DESC, title, id"
    );
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], rows::plan).await
}

pub(super) async fn read_plan_by_title<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    title: &str,
) -> Result<Option<Plan>> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE title = $1 AND tenant_id = $2");
    let found = fetch_all::<B, _>(tx, &sql, &[title.into(), tenant.into()], rows::plan).await?;
    Ok(found.into_iter().next())
}

impl<B: SqlBackend> StoreRead for SqlReader<B> {
    async fn tenants(&mut self) -> Result<Vec<Tenant>> {
        read_tenants::<B>(&mut self.tx).await
    }

    async fn plans(&mut self, tenant: Id) -> Result<Vec<Plan>> {
        read_plans::<B>(&mut self.tx, tenant).await
    }

    async fn plan_by_title(&mut self, tenant: Id, title: &str) -> Result<Option<Plan>> {
        read_plan_by_title::<B>(&mut self.tx, tenant, title).await
    }

    async fn periods(&mut self, tenant: Id, plan: Id) -> Result<Vec<Period>> {
        periods::read_periods::<B>(&mut self.tx, tenant, plan).await
    }

    async fn period(&mut self, tenant: Id, id: Id) -> Result<Period> {
        Period::read::<B>(&mut self.tx, tenant, id).await
    }

    async fn goal(&mut self, tenant: Id, id: Id) -> Result<Goal> {
        Goal::read::<B>(&mut self.tx, tenant, id).await
    }

    async fn goals(&mut self, tenant: Id, plan: Id) -> Result<Vec<Goal>> {
        goals::read_goals::<B>(&mut self.tx, tenant, plan).await
    }

    async fn commitments(&mut self, tenant: Id, goal: Id) -> Result<Vec<Commitment>> {
        commitments::read_commitments::<B>(&mut self.tx, tenant, goal).await
    }

    async fn plan_commitments(&mut self, tenant: Id, plan: Id) -> Result<Vec<Commitment>> {
        commitments::read_plan_commitments::<B>(&mut self.tx, tenant, plan).await
    }

    async fn text_targets(&mut self, tenant: Id, goal: Id) -> Result<Vec<TextTarget>> {
        text_targets::read_text_targets::<B>(&mut self.tx, tenant, goal).await
    }

    async fn indicators(&mut self, tenant: Id) -> Result<Vec<Indicator>> {
        indicators::read_indicators::<B>(&mut self.tx, tenant).await
    }

    async fn goal_indicators(&mut self, tenant: Id, goals: &[Id]) -> Result<Vec<Indicator>> {
        indicators::read_goal_indicators::<B>(&mut self.tx, tenant, goals).await
    }

    async fn indicator_targets(&mut self, tenant: Id, ids: &[Id]) -> Result<Vec<Target>> {
        indicators::read_indicator_targets::<B>(&mut self.tx, tenant, ids).await
    }

    async fn observations(
        &mut self,
        tenant: Id,
        query: &ObservationQuery,
    ) -> Result<Vec<Observation>> {
        observations::query::<B>(&mut self.tx, tenant, query).await
    }

    async fn comparison_groups(&mut self, tenant: Id) -> Result<Vec<String>> {
        catalogue::read_comparison_groups::<B>(&mut self.tx, tenant).await
    }

    async fn followup_settings(&mut self, tenant: Id) -> Result<FollowupSettings> {
        settings::read_settings::<B>(&mut self.tx, tenant).await
    }

    async fn scales(&mut self, tenant: Id) -> Result<Vec<AssessmentScale>> {
        settings::read_scales::<B>(&mut self.tx, tenant).await
    }

    async fn org_units(&mut self, tenant: Id) -> Result<Vec<OrgUnit>> {
        read_org_units::<B>(&mut self.tx, tenant).await
    }

    async fn assessments(
        &mut self,
        tenant: Id,
        query: &AssessmentQuery,
    ) -> Result<Vec<Assessment>> {
        assessments::read_assessments::<B>(&mut self.tx, tenant, query).await
    }

    async fn activities(&mut self, tenant: Id, plan: Id) -> Result<Vec<Activity>> {
        activities::read_activities::<B>(&mut self.tx, tenant, plan).await
    }

    async fn progress_reports(&mut self, tenant: Id, period: Id) -> Result<Vec<ProgressReport>> {
        activities::read_progress_reports::<B>(&mut self.tx, tenant, period).await
    }

    async fn session(
        &mut self,
        token_hash: &str,
        now: time::OffsetDateTime,
    ) -> Result<Option<Session>> {
        users::read_session::<B>(&mut self.tx, token_hash, now).await
    }

    async fn user(&mut self, tenant: Id, id: Id) -> Result<User> {
        User::read::<B>(&mut self.tx, tenant, id).await
    }

    async fn users(&mut self, tenant: Id) -> Result<Vec<User>> {
        users::read_users::<B>(&mut self.tx, tenant).await
    }

    async fn audit_events(
        &mut self,
        tenant: Id,
        query: &crate::AuditQuery,
    ) -> Result<Vec<riktning_domain::AuditEvent>> {
        super::audit::read_events::<B>(&mut self.tx, tenant, query).await
    }

    async fn publications(&mut self, tenant: Id) -> Result<Vec<riktning_domain::Publication>> {
        super::publications::list::<B>(&mut self.tx, tenant).await
    }

    async fn publication(&mut self, tenant: Id, id: Id) -> Result<riktning_domain::Publication> {
        super::publications::read::<B>(&mut self.tx, tenant, id).await
    }

    async fn api_tokens(&mut self, tenant: Id, user: Id) -> Result<Vec<riktning_domain::ApiToken>> {
        super::api_tokens::list::<B>(&mut self.tx, tenant, user).await
    }

    async fn api_token(&mut self, token_hash: &str) -> Result<Option<riktning_domain::ApiToken>> {
        super::api_tokens::by_hash::<B>(&mut self.tx, token_hash).await
    }

    async fn conclusion(
        &mut self,
        tenant: Id,
        period: Id,
    ) -> Result<Option<riktning_domain::Conclusion>> {
        super::conclusions::for_period::<B>(&mut self.tx, tenant, period).await
    }

    async fn accessibility_reports(
        &mut self,
        tenant: Id,
    ) -> Result<Vec<riktning_domain::AccessibilityReport>> {
        super::accessibility_reports::list::<B>(&mut self.tx, tenant).await
    }

    async fn data_version(&mut self) -> Result<u64> {
        super::data_version::read::<B>(&mut self.tx).await
    }

    async fn finish(self) -> Result<()> {
        B::rollback(self.tx).await
    }
}
