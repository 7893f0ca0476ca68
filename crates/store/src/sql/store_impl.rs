//! [`Store`] for [`SqlStore`]: each method is one transaction around the entity
//! module that does the work.

use riktning_domain::{
    AuditEvent, Change, Commitment, Goal, Id, NewCommitment, NewGoal, NewOrgUnit, NewPlan,
    NewTenant, NewTextTarget, OrgUnit, Plan, PlanDraft, Tenant, TextTarget,
};

use super::query::fetch_all;
use super::rows::{self, AUDIT_COLUMNS, ORG_UNIT_COLUMNS, PLAN_COLUMNS, TENANT_COLUMNS};
use super::stored::Stored;
use super::{
    SqlBackend, SqlStore, SqlValue, commitments, goals, import, org_units, plans, tenants,
    text_targets,
};
use crate::{AuditQuery, ImportOptions, ImportOutcome, Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// Runs `$work` with `$tx` in a new transaction and commits it if `$work` succeeds;
/// on an error the transaction is dropped, which rolls it back.
macro_rules! in_transaction {
    ($store:expr, $tx:ident => $work:expr) => {{
        let mut $tx = $store.backend.begin().await?;
        let value = $work.await?;
        B::commit($tx).await?;
        Ok(value)
    }};
}

/// Runs the read `$work` in a transaction that is never committed.
macro_rules! reading {
    ($store:expr, $tx:ident => $work:expr) => {{
        let mut $tx = $store.backend.begin().await?;
        $work.await
    }};
}

impl<B: SqlBackend> Store for SqlStore<B> {
    async fn create_tenant(&self, new: &NewTenant, change: &Change) -> Result<Tenant> {
        in_transaction!(self, tx => tenants::insert_tenant::<B>(&mut tx, new, change))
    }

    async fn tenants(&self) -> Result<Vec<Tenant>> {
        let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants ORDER BY name, id");
        reading!(self, tx => fetch_all::<B, _>(&mut tx, &sql, &[], rows::tenant))
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
        let sql = format!(
            "SELECT {ORG_UNIT_COLUMNS} FROM org_units WHERE tenant_id = $1 ORDER BY name, id"
        );
        reading!(self, tx => fetch_all::<B, _>(&mut tx, &sql, &[tenant.into()], rows::org_unit))
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
        let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE title = $1 AND tenant_id = $2");
        let found: Vec<Plan> = reading!(self, tx => fetch_all::<B, _>(
            &mut tx,
            &sql,
            &[title.into(), tenant.into()],
            rows::plan
        ))?;
        Ok(found.into_iter().next())
    }

    async fn plans(&self, tenant: Id) -> Result<Vec<Plan>> {
        let sql = format!(
            "SELECT {PLAN_COLUMNS} FROM plans WHERE tenant_id = $1 ORDER BY first_year DESC, title, id"
        );
        reading!(self, tx => fetch_all::<B, _>(&mut tx, &sql, &[tenant.into()], rows::plan))
    }

    async fn update_plan(&self, tenant: Id, plan: &Plan, change: &Change) -> Result<Plan> {
        let action = riktning_domain::AuditAction::Update;
        in_transaction!(self, tx => plans::write_plan::<B>(&mut tx, tenant, plan, change, action))
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

    async fn audit_events(&self, tenant: Id, query: &AuditQuery) -> Result<Vec<AuditEvent>> {
        let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_events WHERE tenant_id = $1");
        let mut args: Vec<SqlValue> = vec![tenant.into()];
        if let Some(entity) = query.entity {
            args.push(entity.as_str().into());
            sql.push_str(&format!(" AND entity = ${}", args.len()));
        }
        if let Some(entity_id) = query.entity_id {
            args.push(entity_id.into());
            sql.push_str(&format!(" AND entity_id = ${}", args.len()));
        }
        sql.push_str(" ORDER BY id");
        reading!(self, tx => fetch_all::<B, _>(&mut tx, &sql, &args, rows::audit_event))
    }
}
