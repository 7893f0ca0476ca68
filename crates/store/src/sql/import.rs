//! Storing a document's draft as a plan: a new plan, or an update of an existing one
//! that keeps its identity (ids, commitment statuses) and audits each change.

use std::collections::{HashMap, HashSet};

use riktning_domain::{
    AuditAction, Change, CommitmentDraft, CommitmentStatus, EntityKind, Goal, GoalDraft, GoalLevel,
    Id, NewCommitment, NewGoal, NewPlan, NewTextTarget, PlanDraft, PlanStatus, TextTargetDraft,
    ValidationError,
};

use super::SqlBackend;
use super::commitments::{
    insert_commitment, read_commitments, remove_commitment, write_commitment,
};
use super::goals::{insert_goal, read_goals, remove_goal, write_goal};
use super::plans::{insert_plan, read_plan, write_plan};
use super::text_targets::{insert_text_target, read_text_targets, remove_text_target};
use crate::{ImportOptions, ImportOutcome, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

pub(super) async fn import_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    draft: &PlanDraft,
    options: &ImportOptions,
    change: &Change,
) -> Result<ImportOutcome> {
    let order = insertion_order(draft)?;
    let existing = existing_plan_id::<B>(tx, tenant, &options.title).await?;
    let (plan, changes) = match existing {
        Some(_) if !options.replace => {
            return Err(StoreError::Duplicate(format!(
                "a plan titled '{}' already exists; import with replace to update it from the document",
                options.title
            )));
        }
        Some(plan_id) => {
            let changes =
                replace_plan::<B>(tx, tenant, plan_id, draft, &order, options, change).await?;
            (read_plan::<B>(tx, tenant, plan_id).await?, Some(changes))
        }
        None => (
            create_plan::<B>(tx, tenant, draft, &order, options, change).await?,
            None,
        ),
    };
    Ok(ImportOutcome {
        plan,
        replaced: changes.is_some(),
        goals: draft.goals.len(),
        commitments: draft.goals.iter().map(|g| g.commitments.len()).sum(),
        targets: draft.goals.iter().map(|g| g.targets.len()).sum(),
        changes: changes.unwrap_or_default(),
    })
}

async fn existing_plan_id<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    title: &str,
) -> Result<Option<Id>> {
    let rows = B::fetch(
        tx,
        "SELECT id FROM plans WHERE title = $1 AND tenant_id = $2",
        &[title.into(), tenant.into()],
    )
    .await?;
    use super::SqlRow;
    rows.first()
        .map(|row| row.get_i64("id"))
        .transpose()
        .map(Option::flatten)
}

/// Goal indexes in an order where every parent comes before its children.
fn insertion_order(draft: &PlanDraft) -> Result<Vec<usize>> {
    let codes: HashSet<&str> = draft.goals.iter().map(|g| g.code.as_str()).collect();
    if let Some(orphan) = draft
        .goals
        .iter()
        .find(|g| g.parent.as_deref().is_some_and(|p| !codes.contains(p)))
    {
        return Err(StoreError::invalid(
            EntityKind::Goal,
            ValidationError::new(
                "parent",
                format!(
                    "goal {} is under goal {}, which is not in the document",
                    orphan.code,
                    orphan.parent.as_deref().unwrap_or_default()
                ),
            ),
        ));
    }
    let mut placed: HashSet<&str> = HashSet::new();
    let mut order = Vec::with_capacity(draft.goals.len());
    while order.len() < draft.goals.len() {
        let before = order.len();
        for (index, goal) in draft.goals.iter().enumerate() {
            let ready = goal.parent.as_deref().is_none_or(|p| placed.contains(p));
            if ready && !order.contains(&index) {
                order.push(index);
                placed.insert(goal.code.as_str());
            }
        }
        if order.len() == before {
            return Err(StoreError::invalid(
                EntityKind::Goal,
                ValidationError::new("parent", "the goals' parents form a cycle"),
            ));
        }
    }
    Ok(order)
}

fn new_goal(draft: &GoalDraft, plan_id: Id, parent_id: Option<Id>, position: usize) -> NewGoal {
    NewGoal {
        plan_id,
        parent_id,
        code: draft.code.clone(),
        short_name: draft.short_name.clone(),
        statement: draft.statement.clone(),
        heading: draft.heading.clone(),
        category: draft.category.clone(),
        level: GoalLevel::Council,
        political_text: draft.text.clone(),
        agenda2030: Vec::new(),
        responsible_units: Vec::new(),
        position: to_position(position),
    }
}

fn to_position(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

fn new_commitment(goal_id: Id, position: usize, draft: &CommitmentDraft) -> NewCommitment {
    NewCommitment {
        goal_id,
        position: to_position(position),
        text: draft.text.clone(),
        status: CommitmentStatus::NotStarted,
    }
}

fn new_text_target(goal_id: Id, position: usize, draft: &TextTargetDraft) -> NewTextTarget {
    NewTextTarget {
        goal_id,
        position: to_position(position),
        text: draft.text.clone(),
        comparator: draft.comparator,
        value: draft.value,
        unit: draft.unit.clone(),
        year: draft.year,
    }
}

/// The decision of record the document states in full, if it does.
fn decided(draft: &PlanDraft) -> Option<riktning_domain::Decision> {
    draft
        .decision
        .as_ref()
        .and_then(riktning_domain::DecisionDraft::complete)
}

async fn create_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    draft: &PlanDraft,
    order: &[usize],
    options: &ImportOptions,
    change: &Change,
) -> Result<riktning_domain::Plan> {
    let plan = insert_plan::<B>(
        tx,
        tenant,
        &NewPlan {
            title: options.title.clone(),
            first_year: options.first_year,
            last_year: options.last_year,
            // A document that states its whole decision of record is an adopted plan.
            status: match decided(draft) {
                Some(_) => PlanStatus::Adopted,
                None => PlanStatus::Draft,
            },
            decision: decided(draft),
            source_name: draft.source_name.clone(),
            source_sha256: draft.source_sha256.clone(),
        },
        change,
        AuditAction::Import,
    )
    .await?;
    let mut ids: HashMap<&str, Id> = HashMap::new();
    for &index in order {
        let goal_draft = &draft.goals[index];
        let parent_id = goal_draft
            .parent
            .as_deref()
            .and_then(|p| ids.get(p).copied());
        let goal = insert_goal::<B>(
            tx,
            tenant,
            &new_goal(goal_draft, plan.id, parent_id, index),
            change,
        )
        .await?;
        ids.insert(goal_draft.code.as_str(), goal.id);
        for (position, commitment) in goal_draft.commitments.iter().enumerate() {
            insert_commitment::<B>(
                tx,
                tenant,
                &new_commitment(goal.id, position, commitment),
                change,
            )
            .await?;
        }
        for (position, target) in goal_draft.targets.iter().enumerate() {
            insert_text_target::<B>(
                tx,
                tenant,
                &new_text_target(goal.id, position, target),
                change,
            )
            .await?;
        }
    }
    Ok(plan)
}

async fn replace_plan<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    plan_id: Id,
    draft: &PlanDraft,
    order: &[usize],
    options: &ImportOptions,
    change: &Change,
) -> Result<Vec<String>> {
    let mut changes = Vec::new();
    let mut plan = read_plan::<B>(tx, tenant, plan_id).await?;
    if plan.source_sha256 != draft.source_sha256
        || plan.source_name != draft.source_name
        || plan.first_year != options.first_year
        || plan.last_year != options.last_year
    {
        plan.source_name = draft.source_name.clone();
        plan.source_sha256 = draft.source_sha256.clone();
        plan.first_year = options.first_year;
        plan.last_year = options.last_year;
        plan = write_plan::<B>(tx, tenant, &plan, change, AuditAction::Import).await?;
        changes.push("plan: source document updated".to_string());
    }
    // A decision recorded by hand stays; the document's fills a plan that has none.
    if let (None, Some(decision)) = (&plan.decision, decided(draft)) {
        plan.decision = Some(decision);
        plan.status = PlanStatus::Adopted;
        write_plan::<B>(tx, tenant, &plan, change, AuditAction::Import).await?;
        changes.push("plan: decision of record taken from the document".to_string());
    }

    let stored: Vec<Goal> = read_goals::<B>(tx, tenant, plan_id).await?;
    let mut by_code: HashMap<String, Goal> =
        stored.iter().map(|g| (g.code.clone(), g.clone())).collect();
    let mut ids: HashMap<String, Id> = stored.iter().map(|g| (g.code.clone(), g.id)).collect();

    for &index in order {
        let goal_draft = &draft.goals[index];
        let parent_id = goal_draft.parent.as_ref().and_then(|p| ids.get(p).copied());
        let wanted = new_goal(goal_draft, plan_id, parent_id, index);
        let goal_id = match by_code.remove(&goal_draft.code) {
            Some(current) => {
                let changed = changed_goal_fields(&current, &wanted);
                if !changed.is_empty() {
                    let updated = Goal {
                        parent_id: wanted.parent_id,
                        short_name: wanted.short_name.clone(),
                        statement: wanted.statement.clone(),
                        heading: wanted.heading.clone(),
                        category: wanted.category.clone(),
                        political_text: wanted.political_text.clone(),
                        position: wanted.position,
                        ..current.clone()
                    };
                    write_goal::<B>(tx, tenant, &updated, change).await?;
                    changes.push(format!(
                        "goal {}: {} changed",
                        current.code,
                        changed.join(", ")
                    ));
                }
                current.id
            }
            None => {
                let goal = insert_goal::<B>(tx, tenant, &wanted, change).await?;
                ids.insert(goal.code.clone(), goal.id);
                changes.push(format!("goal {}: added", goal.code));
                goal.id
            }
        };
        sync_commitments::<B>(tx, tenant, goal_id, goal_draft, change, &mut changes).await?;
        sync_targets::<B>(tx, tenant, goal_id, goal_draft, change, &mut changes).await?;
    }

    // Goals the document no longer has; children before their parents.
    let mut removed: Vec<Goal> = by_code.into_values().collect();
    removed.sort_by_key(|g| std::cmp::Reverse(g.code.matches('.').count()));
    for goal in removed {
        remove_goal::<B>(tx, tenant, goal.id, goal.version, change).await?;
        changes.push(format!("goal {}: removed", goal.code));
    }
    Ok(changes)
}

fn changed_goal_fields(current: &Goal, wanted: &NewGoal) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if current.parent_id != wanted.parent_id {
        changed.push("parent");
    }
    if current.short_name != wanted.short_name {
        changed.push("short name");
    }
    if current.statement != wanted.statement {
        changed.push("statement");
    }
    if current.heading != wanted.heading {
        changed.push("heading");
    }
    if current.category != wanted.category {
        changed.push("category");
    }
    if current.political_text != wanted.political_text {
        changed.push("political text");
    }
    if current.position != wanted.position {
        changed.push("position");
    }
    changed
}

/// Commitments are matched by their exact sentence, so a commitment that is still in
/// the text keeps its id and status.
async fn sync_commitments<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal_id: Id,
    goal: &GoalDraft,
    change: &Change,
    changes: &mut Vec<String>,
) -> Result<()> {
    let mut stored = read_commitments::<B>(tx, tenant, goal_id).await?;
    let (mut added, mut moved) = (0, 0);
    for (position, draft) in goal.commitments.iter().enumerate() {
        let position = to_position(position);
        match stored.iter().position(|c| c.text == draft.text) {
            Some(found) => {
                let mut kept = stored.swap_remove(found);
                if kept.position != position {
                    kept.position = position;
                    write_commitment::<B>(tx, tenant, &kept, change).await?;
                    moved += 1;
                }
            }
            None => {
                let fresh = NewCommitment {
                    position,
                    ..new_commitment(goal_id, 0, draft)
                };
                insert_commitment::<B>(tx, tenant, &fresh, change).await?;
                added += 1;
            }
        }
    }
    let removed = stored.len();
    for gone in stored {
        remove_commitment::<B>(tx, tenant, gone.id, gone.version, change).await?;
    }
    if added + removed + moved > 0 {
        changes.push(format!(
            "goal {}: commitments {added} added, {removed} removed, {moved} moved",
            goal.code
        ));
    }
    Ok(())
}

/// Text targets are matched by their text, like commitments.
async fn sync_targets<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    goal_id: Id,
    goal: &GoalDraft,
    change: &Change,
    changes: &mut Vec<String>,
) -> Result<()> {
    let mut stored = read_text_targets::<B>(tx, tenant, goal_id).await?;
    let mut added = 0;
    for (position, draft) in goal.targets.iter().enumerate() {
        match stored.iter().position(|t| t.text == draft.text) {
            Some(found) => {
                stored.swap_remove(found);
            }
            None => {
                insert_text_target::<B>(
                    tx,
                    tenant,
                    &new_text_target(goal_id, position, draft),
                    change,
                )
                .await?;
                added += 1;
            }
        }
    }
    let removed = stored.len();
    for gone in stored {
        remove_text_target::<B>(tx, tenant, gone.id, gone.version, change).await?;
    }
    if added + removed > 0 {
        changes.push(format!(
            "goal {}: text targets {added} added, {removed} removed",
            goal.code
        ));
    }
    Ok(())
}
