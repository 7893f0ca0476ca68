//! The behaviour every storage backend must show. A backend runs it with
//! [`conformance_tests!`](crate::conformance_tests), which makes one test per case.
//!
//! Each case gets a fresh, empty store and panics on the first difference.

use riktning_domain::{
    Agenda2030Link, Area, AreaGroup, AuditAction, Change, CommitmentDraft, CommitmentStatus,
    Comparator, Decision, Direction, EntityKind, Gender, GoalDraft, GoalLevel, GoalLink, Id,
    IndicatorSource, KpiInfo, NewCommitment, NewGoal, NewIndicator, NewOrgUnit, NewPlan, NewTarget,
    NewTenant, NewTextTarget, Observation, ObservationSource, OrgUnitKind, PlanDraft, PlanStatus,
    TextTargetDraft,
};

mod conclusions;
mod followup;
mod reader;
mod users;
pub use conclusions::*;
pub use followup::*;
pub use reader::*;
pub use users::*;

use crate::{AuditQuery, ImportOptions, ObservationQuery, ObservationWriter, Store, StoreError};

/// Generates one `#[tokio::test]` per conformance case. `$fresh` is an async function
/// returning `Option<S>`: a fresh empty store, or `None` when the backend's server is
/// not available and skipping is allowed.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:path) => {
        $crate::conformance_tests!(@cases $fresh;
            tenants_round_trip,
            org_units_form_a_tree,
            plans_round_trip_in_order,
            goals_round_trip_in_document_order,
            commitments_and_text_targets_round_trip,
            stale_versions_conflict_and_change_nothing,
            audit_events_record_who_what_before_after_and_why,
            tenants_see_only_their_own_rows,
            invalid_values_are_refused_and_nothing_is_stored,
            import_stores_a_whole_plan,
            import_takes_the_decision_of_record_from_the_document,
            import_refuses_an_existing_title_without_replace,
            import_with_replace_keeps_identity_and_records_changes,
            failed_import_leaves_nothing_behind,
            unicode_round_trips_exactly,
            indicators_round_trip_with_goal_links,
            targets_round_trip_one_per_year,
            observations_upsert_by_natural_key_and_audit_revisions,
            observations_are_queried_by_series_area_gender_and_period,
            large_observation_batches_cross_statement_limits,
            kolada_catalogue_is_replaced_whole,
            comparison_groups_must_exist_in_the_catalogue,
            an_unfinished_sync_resumes_where_it_stopped,
            an_observation_import_commits_whole_or_not_at_all,
            periods_close_and_reopen_only_with_a_reason,
            emails_and_reminders_are_kept_per_tenant,
            followup_settings_and_scales_are_per_tenant,
            assessments_go_through_the_workflow_on_the_record,
            bad_assessments_and_stale_saves_change_nothing,
            activities_and_commitments_get_progress_per_period,
            users_sessions_and_passwords,
            concurrent_writers_wait_for_each_other,
            user_names_are_unique_after_folding,
            expired_sessions_are_purged,
            a_reader_reads_whole_sets_through_one_transaction,
            a_reader_reads_what_the_store_reads,
            every_committed_write_raises_the_data_version,
            publications_are_versioned_per_plan_and_period,
            accessibility_reports_wait_until_handled,
            api_tokens_are_kept_hashed_and_revoked_on_the_record,
            conclusions_are_written_per_period_on_the_record,
        );
    };
    (@cases $fresh:path; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                if let Some(store) = $fresh().await {
                    $crate::conformance::$case(&store).await;
                }
            }
        )+
    };
}

fn who() -> Change {
    Change::by("conformance")
}

async fn tenant<S: Store>(store: &S, kolada_id: &str) -> Id {
    let new = NewTenant::from_kolada_id(kolada_id).expect("known Kolada id");
    store
        .create_tenant(&new, &who())
        .await
        .expect("create tenant")
        .id
}

fn new_plan(title: &str, first_year: i32) -> NewPlan {
    NewPlan {
        title: title.to_string(),
        first_year,
        last_year: first_year + 2,
        status: PlanStatus::Draft,
        decision: None,
        source_name: None,
        source_sha256: None,
    }
}

fn new_goal(plan_id: Id, code: &str, position: i32) -> NewGoal {
    NewGoal {
        plan_id,
        parent_id: None,
        code: code.to_string(),
        short_name: Some(format!("Mål {code}")),
        statement: format!("Kommunen når mål {code}"),
        heading: None,
        category: Some("kärnverksamhet".to_string()),
        level: GoalLevel::Council,
        political_text: "Första stycket.\n\nAndra stycket.".to_string(),
        agenda2030: vec![Agenda2030Link {
            goal: 11,
            target: Some("11.2".to_string()),
        }],
        responsible_units: Vec::new(),
        position,
    }
}

fn goal_draft(code: &str, parent: Option<&str>, commitments: &[&str]) -> GoalDraft {
    GoalDraft {
        code: code.to_string(),
        short_name: Some(format!("Kort {code}")),
        category: Some("genomgripande".to_string()),
        statement: format!("Målet {code} är uppfyllt"),
        heading: Some(format!("Rubrik {code}")),
        parent: parent.map(str::to_string),
        text: commitments.join(" "),
        commitments: commitments
            .iter()
            .map(|text| CommitmentDraft {
                text: text.to_string(),
            })
            .collect(),
        targets: vec![TextTargetDraft {
            text: "minst 1 000 invånare år 2030".to_string(),
            comparator: Some(Comparator::AtLeast),
            value: Some(1000.0),
            unit: Some("invånare".to_string()),
            year: Some(2030),
            ..Default::default()
        }],
        line: None,
        ..Default::default()
    }
}

fn plan_draft(goals: Vec<GoalDraft>) -> PlanDraft {
    PlanDraft {
        title: "Budget 2030".to_string(),
        source_name: Some("budget.txt".to_string()),
        source_sha256: Some("ab".repeat(32)),
        goals,
        warnings: Vec::new(),
        decision: None,
        municipality: None,
        ..Default::default()
    }
}

fn import_options(title: &str, replace: bool) -> ImportOptions {
    ImportOptions {
        title: title.to_string(),
        first_year: 2030,
        last_year: 2030,
        replace,
    }
}

pub async fn tenants_round_trip<S: Store>(store: &S) {
    let id = tenant(store, "2380").await;
    tenant(store, "0180").await;
    let all = store.tenants().await.expect("list tenants");
    let names: Vec<_> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["Stockholm", "Östersund"],
        "tenants are listed by name"
    );

    let mut ostersund = store
        .tenant_by_kolada_id("2380")
        .await
        .expect("look up")
        .expect("tenant 2380 exists");
    assert_eq!((ostersund.id, ostersund.version), (id, 1));
    assert!(
        store
            .tenant_by_kolada_id("9999")
            .await
            .expect("look up")
            .is_none()
    );

    ostersund.name = "Östersunds kommun".to_string();
    let updated = store
        .update_tenant(&ostersund, &who())
        .await
        .expect("update");
    assert_eq!(
        (updated.name.as_str(), updated.version),
        ("Östersunds kommun", 2)
    );

    let again = NewTenant::from_kolada_id("2380").expect("known id");
    match store.create_tenant(&again, &who()).await {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("2380"), "{message}"),
        other => panic!("a second tenant 2380 must be refused, got {other:?}"),
    }
}

pub async fn org_units_form_a_tree<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let unit = |parent_id, kind, name: &str| NewOrgUnit {
        parent_id,
        kind,
        name: name.to_string(),
        short_name: None,
    };
    let council = store
        .create_org_unit(
            t,
            &unit(None, OrgUnitKind::Council, "Kommunfullmäktige"),
            &who(),
        )
        .await
        .expect("council");
    let committee = store
        .create_org_unit(
            t,
            &unit(
                Some(council.id),
                OrgUnitKind::Committee,
                "Barn- och utbildningsnämnden",
            ),
            &who(),
        )
        .await
        .expect("committee");
    let company = store
        .create_org_unit(
            t,
            &unit(
                Some(council.id),
                OrgUnitKind::Company,
                "Aktiebolaget Östersundshem",
            ),
            &who(),
        )
        .await
        .expect("company");

    let names: Vec<_> = store
        .org_units(t)
        .await
        .expect("list")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(
        names,
        [
            "Aktiebolaget Östersundshem",
            "Barn- och utbildningsnämnden",
            "Kommunfullmäktige"
        ]
    );
    assert_eq!(
        store
            .org_unit(t, committee.id)
            .await
            .expect("read")
            .parent_id,
        Some(council.id)
    );

    // A unit cannot be moved under its own descendant.
    let mut looped = council.clone();
    looped.parent_id = Some(committee.id);
    assert!(matches!(
        store.update_org_unit(t, &looped, &who()).await,
        Err(StoreError::Invalid { .. })
    ));

    let mut renamed = company.clone();
    renamed.short_name = Some("ÖHEM".to_string());
    let renamed = store
        .update_org_unit(t, &renamed, &who())
        .await
        .expect("update");
    assert_eq!(
        (renamed.short_name.as_deref(), renamed.version),
        (Some("ÖHEM"), 2)
    );
    assert!(!renamed.retired, "a new unit is not retired");

    // Retiring keeps the unit, marked, and it can be brought back.
    let retired = store
        .update_org_unit(
            t,
            &riktning_domain::OrgUnit {
                retired: true,
                ..renamed
            },
            &who(),
        )
        .await
        .expect("retire");
    assert!(store.org_unit(t, company.id).await.expect("read").retired);

    // A retired unit takes on nothing new, and keeps what it has.
    let plan = store
        .create_plan(t, &new_plan("Budget 2031", 2031), &who())
        .await
        .expect("plan");
    let mut linked = new_goal(plan.id, "1", 0);
    linked.responsible_units = vec![company.id];
    match store.create_goal(t, &linked, &who()).await {
        Err(StoreError::Invalid { source, .. }) => assert_eq!(source.field, "units"),
        other => panic!("a retired unit must not be made responsible, got {other:?}"),
    }
    let renamed = store
        .update_org_unit(
            t,
            &riktning_domain::OrgUnit {
                retired: false,
                ..retired
            },
            &who(),
        )
        .await
        .expect("bring back");
    assert!(!renamed.retired);

    assert!(matches!(
        store
            .delete_org_unit(t, council.id, council.version, &who())
            .await,
        Err(StoreError::StillReferenced(_))
    ));
    store
        .delete_org_unit(t, committee.id, committee.version, &who())
        .await
        .expect("delete committee");
    store
        .delete_org_unit(t, renamed.id, renamed.version, &who())
        .await
        .expect("delete company");
    store
        .delete_org_unit(t, council.id, council.version, &who())
        .await
        .expect("delete council");
    assert!(store.org_units(t).await.expect("list").is_empty());
    assert!(matches!(
        store.org_unit(t, council.id).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn plans_round_trip_in_order<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let older = store
        .create_plan(t, &new_plan("Budget 2023", 2023), &who())
        .await
        .expect("create");
    let newer = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("create");
    let titles: Vec<_> = store
        .plans(t)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles, ["Budget 2024", "Budget 2023"], "newest plan first");

    assert_eq!(store.plan(t, older.id).await.expect("read"), older);
    assert_eq!(
        store
            .plan_by_title(t, "Budget 2024")
            .await
            .expect("by title"),
        Some(newer.clone())
    );
    assert_eq!(
        store
            .plan_by_title(t, "Budget 1999")
            .await
            .expect("by title"),
        None
    );

    let mut adopted = newer.clone();
    adopted.status = PlanStatus::Adopted;
    adopted.decision = Some(Decision {
        body: "Kommunfullmäktige".to_string(),
        date: time::macros::date!(2023 - 11 - 22),
        case_number: "KS 2023/00123".to_string(),
        paragraph: Some("§ 187".to_string()),
    });
    adopted.source_sha256 = Some("0f".repeat(32));
    let stored = store
        .update_plan(t, &adopted, &who())
        .await
        .expect("update");
    assert_eq!(
        stored,
        riktning_domain::Plan {
            version: 2,
            ..adopted
        }
    );

    match store
        .create_plan(t, &new_plan("Budget 2023", 2023), &who())
        .await
    {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("Budget 2023")),
        other => panic!("a second plan with the same title must be refused, got {other:?}"),
    }

    // The chosen plan comes first, and only one plan is current at a time.
    let older = store
        .make_plan_current(t, older.id, older.version, &who())
        .await
        .expect("make older current");
    assert!(older.current);
    let listed = store.plans(t).await.expect("list");
    assert_eq!(listed[0].title, "Budget 2023", "the current plan first");
    let stored_newer = store.plan(t, newer.id).await.expect("read");
    let stored_newer = store
        .make_plan_current(t, newer.id, stored_newer.version, &who())
        .await
        .expect("make newer current");
    let current: Vec<_> = store
        .plans(t)
        .await
        .expect("list")
        .into_iter()
        .filter(|p| p.current)
        .map(|p| p.title)
        .collect();
    assert_eq!(current, ["Budget 2024"], "one current plan");
    assert!(
        matches!(
            store
                .make_plan_current(t, older.id, older.version, &who())
                .await,
            Err(StoreError::Conflict { .. })
        ),
        "a stale version is refused"
    );
    assert!(stored_newer.current);
    let older = store.plan(t, older.id).await.expect("read");

    let goal = store
        .create_goal(t, &new_goal(older.id, "1.1", 0), &who())
        .await
        .expect("goal");
    store
        .delete_plan(t, older.id, older.version, &who())
        .await
        .expect("delete plan");
    assert!(matches!(
        store.plan(t, older.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        matches!(
            store.goal(t, goal.id).await,
            Err(StoreError::NotFound { .. })
        ),
        "goals go with their plan"
    );
}

pub async fn goals_round_trip_in_document_order<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let committee = store
        .create_org_unit(
            t,
            &NewOrgUnit {
                parent_id: None,
                kind: OrgUnitKind::Committee,
                name: "Socialnämnden".to_string(),
                short_name: Some("SN".to_string()),
            },
            &who(),
        )
        .await
        .expect("unit");
    let second = store
        .create_goal(t, &new_goal(plan.id, "2", 1), &who())
        .await
        .expect("goal 2");
    let first = store
        .create_goal(t, &new_goal(plan.id, "1", 0), &who())
        .await
        .expect("goal 1");
    let child = store
        .create_goal(
            t,
            &NewGoal {
                parent_id: Some(first.id),
                level: GoalLevel::Committee,
                responsible_units: vec![committee.id],
                ..new_goal(plan.id, "1.1", 2)
            },
            &who(),
        )
        .await
        .expect("child goal");

    let codes: Vec<_> = store
        .goals(t, plan.id)
        .await
        .expect("list")
        .into_iter()
        .map(|g| g.code)
        .collect();
    assert_eq!(codes, ["1", "2", "1.1"], "goals come in position order");

    let read = store.goal(t, child.id).await.expect("read");
    assert_eq!(read, child);
    assert_eq!(read.responsible_units, vec![committee.id]);
    assert_eq!(read.agenda2030[0].target.as_deref(), Some("11.2"));

    let mut edited = second.clone();
    edited.statement = "Ett nytt mål".to_string();
    edited.responsible_units = vec![committee.id];
    let edited = store.update_goal(t, &edited, &who()).await.expect("update");
    assert_eq!(
        (edited.statement.as_str(), edited.version),
        ("Ett nytt mål", 2)
    );
    assert_eq!(edited.responsible_units, vec![committee.id]);

    let mut duplicate = edited.clone();
    duplicate.code = "1".to_string();
    assert!(matches!(
        store.update_goal(t, &duplicate, &who()).await,
        Err(StoreError::Duplicate(_))
    ));

    // A goal in another plan cannot be a parent.
    let other = store
        .create_plan(t, &new_plan("Budget 2025", 2025), &who())
        .await
        .expect("plan");
    let foreign = NewGoal {
        parent_id: Some(first.id),
        ..new_goal(other.id, "9", 0)
    };
    assert!(matches!(
        store.create_goal(t, &foreign, &who()).await,
        Err(StoreError::NotFound { .. })
    ));

    assert!(matches!(
        store.delete_goal(t, first.id, first.version, &who()).await,
        Err(StoreError::StillReferenced(_))
    ));
    store
        .delete_goal(t, child.id, child.version, &who())
        .await
        .expect("delete child");
    store
        .delete_goal(t, first.id, first.version, &who())
        .await
        .expect("delete parent");
    assert_eq!(store.goals(t, plan.id).await.expect("list").len(), 1);
}

pub async fn commitments_and_text_targets_round_trip<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let goal = store
        .create_goal(t, &new_goal(plan.id, "1.1", 0), &who())
        .await
        .expect("goal");
    let commitment = |position, text: &str| NewCommitment {
        goal_id: goal.id,
        position,
        text: text.to_string(),
        status: CommitmentStatus::NotStarted,
    };
    let later = store
        .create_commitment(t, &commitment(1, "Kommunen ska bygga."), &who())
        .await
        .expect("c");
    let first = store
        .create_commitment(t, &commitment(0, "Kommunen ska planera."), &who())
        .await
        .expect("c");
    let listed = store.commitments(t, goal.id).await.expect("list");
    assert_eq!(listed, vec![first.clone(), later.clone()]);

    let mut ongoing = first.clone();
    ongoing.status = CommitmentStatus::Ongoing;
    let ongoing = store
        .update_commitment(t, &ongoing, &who())
        .await
        .expect("update");
    assert_eq!(
        (ongoing.status, ongoing.version),
        (CommitmentStatus::Ongoing, 2)
    );
    store
        .delete_commitment(t, later.id, later.version, &who())
        .await
        .expect("delete");
    assert_eq!(
        store.commitments(t, goal.id).await.expect("list"),
        vec![ongoing]
    );

    let target = NewTextTarget {
        goal_id: goal.id,
        position: 0,
        text: "minst 75 000 invånare år 2040".to_string(),
        comparator: Some(Comparator::AtLeast),
        value: Some(75_000.0),
        unit: Some("invånare".to_string()),
        year: Some(2040),
    };
    let stored = store
        .create_text_target(t, &target, &who())
        .await
        .expect("target");
    let dated = NewTextTarget {
        position: 1,
        text: "klimatneutralt 2030".to_string(),
        comparator: None,
        value: None,
        unit: None,
        year: Some(2030),
        ..target.clone()
    };
    let dated = store
        .create_text_target(t, &dated, &who())
        .await
        .expect("dated target");
    assert_eq!(
        store.text_targets(t, goal.id).await.expect("list"),
        vec![stored.clone(), dated]
    );
    assert_eq!(stored.value, Some(75_000.0));

    let mut lowered = stored.clone();
    lowered.value = Some(72_500.5);
    let lowered = store
        .update_text_target(t, &lowered, &who())
        .await
        .expect("update");
    assert_eq!((lowered.value, lowered.version), (Some(72_500.5), 2));
    store
        .delete_text_target(t, lowered.id, lowered.version, &who())
        .await
        .expect("delete");
    assert_eq!(store.text_targets(t, goal.id).await.expect("list").len(), 1);
}

pub async fn stale_versions_conflict_and_change_nothing<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let goal = store
        .create_goal(t, &new_goal(plan.id, "1", 0), &who())
        .await
        .expect("goal");

    let mut first_edit = goal.clone();
    first_edit.statement = "Första personens text".to_string();
    store
        .update_goal(t, &first_edit, &who())
        .await
        .expect("first save");

    let events_before = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit")
        .len();
    let mut second_edit = goal.clone();
    second_edit.statement = "Andra personens text".to_string();
    match store.update_goal(t, &second_edit, &who()).await {
        Err(StoreError::Conflict {
            expected,
            actual,
            entity,
            ..
        }) => {
            assert_eq!((entity, expected, actual), (EntityKind::Goal, 1, 2));
        }
        other => panic!("a stale save must conflict, got {other:?}"),
    }
    let stored = store.goal(t, goal.id).await.expect("read");
    assert_eq!(
        stored.statement, "Första personens text",
        "the conflict changed nothing"
    );
    assert!(matches!(
        store.delete_goal(t, goal.id, 1, &who()).await,
        Err(StoreError::Conflict { .. })
    ));
    let mut stale_plan = plan.clone();
    stale_plan.title = "Annan titel".to_string();
    store
        .update_plan(t, &stale_plan, &who())
        .await
        .expect("plan at version 1 saves");
    assert!(matches!(
        store.update_plan(t, &stale_plan, &who()).await,
        Err(StoreError::Conflict { .. })
    ));
    let events_after = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit")
        .len();
    assert_eq!(
        events_after,
        events_before + 1,
        "only the successful plan save was recorded"
    );
}

pub async fn audit_events_record_who_what_before_after_and_why<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let goal = store
        .create_goal(t, &new_goal(plan.id, "1", 0), &who())
        .await
        .expect("goal");
    let mut edited = goal.clone();
    edited.short_name = Some("Ledning".to_string());
    let because = Change::by("anna.controller").because("KF beslut 2023-11-22 § 140");
    store
        .update_goal(t, &edited, &because)
        .await
        .expect("update");
    store
        .delete_goal(t, goal.id, 2, &who())
        .await
        .expect("delete");

    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Goal),
                entity_id: Some(goal.id),
            },
        )
        .await
        .expect("audit");
    let actions: Vec<_> = events.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Delete
        ]
    );
    let update = &events[1];
    assert_eq!(update.actor, "anna.controller");
    assert_eq!(update.reason.as_deref(), Some("KF beslut 2023-11-22 § 140"));
    let short_name =
        |state: &Option<serde_json::Value>| state.as_ref().map(|s| s["short_name"].clone());
    assert_eq!(short_name(&update.before), Some(serde_json::json!("Mål 1")));
    assert_eq!(
        short_name(&update.after),
        Some(serde_json::json!("Ledning"))
    );
    assert!(events[0].before.is_none() && events[2].after.is_none());
    assert!(
        events
            .windows(2)
            .all(|w| w[0].at <= w[1].at && w[0].id < w[1].id)
    );

    let plan_events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Plan),
                entity_id: None,
            },
        )
        .await
        .expect("audit");
    assert_eq!(plan_events.len(), 1);
    assert_eq!(plan_events[0].entity_id, plan.id);
}

pub async fn tenants_see_only_their_own_rows<S: Store>(store: &S) {
    let ostersund = tenant(store, "2380").await;
    let krokom = tenant(store, "2309").await;
    let plan = store
        .create_plan(ostersund, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let goal = store
        .create_goal(ostersund, &new_goal(plan.id, "1", 0), &who())
        .await
        .expect("goal");

    assert!(store.plans(krokom).await.expect("list").is_empty());
    assert!(matches!(
        store.plan(krokom, plan.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.goal(krokom, goal.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.goals(krokom, plan.id).await.expect("list").is_empty());
    assert_eq!(
        store
            .audit_events(krokom, &AuditQuery::default())
            .await
            .expect("audit")
            .len(),
        1,
        "only its own tenant event"
    );
    let mut hijack = goal.clone();
    hijack.statement = "Fel kommun".to_string();
    assert!(matches!(
        store.update_goal(krokom, &hijack, &who()).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store
            .create_goal(krokom, &new_goal(plan.id, "2", 1), &who())
            .await,
        Err(StoreError::NotFound { .. })
    ));
    // Both tenants may use the same plan title.
    store
        .create_plan(krokom, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("same title, other tenant");
}

pub async fn invalid_values_are_refused_and_nothing_is_stored<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let empty_statement = NewGoal {
        statement: "  ".to_string(),
        ..new_goal(plan.id, "1", 0)
    };
    match store.create_goal(t, &empty_statement, &who()).await {
        Err(StoreError::Invalid { source, .. }) => assert_eq!(source.field, "statement"),
        other => panic!("an empty statement must be refused, got {other:?}"),
    }
    let bad_code = new_goal(plan.id, "1:1", 0);
    assert!(matches!(
        store.create_goal(t, &bad_code, &who()).await,
        Err(StoreError::Invalid { .. })
    ));
    let bad_sdg = NewGoal {
        agenda2030: vec![Agenda2030Link {
            goal: 18,
            target: None,
        }],
        ..new_goal(plan.id, "1", 0)
    };
    assert!(matches!(
        store.create_goal(t, &bad_sdg, &who()).await,
        Err(StoreError::Invalid { .. })
    ));
    let mut backwards = new_plan("Budget bakåt", 2024);
    backwards.last_year = 2020;
    assert!(matches!(
        store.create_plan(t, &backwards, &who()).await,
        Err(StoreError::Invalid { .. })
    ));
    assert!(store.goals(t, plan.id).await.expect("list").is_empty());
    assert_eq!(store.plans(t).await.expect("list").len(), 1);
}

pub async fn import_stores_a_whole_plan<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let draft = plan_draft(vec![
        goal_draft("1", None, &["Kommunen ska leda."]),
        goal_draft(
            "1.1",
            Some("1"),
            &["Kommunen ska planera.", "Nämnderna ska följa upp."],
        ),
        goal_draft("2", None, &[]),
    ]);
    let outcome = store
        .import_plan(
            t,
            &draft,
            &import_options("Budget 2030", false),
            &Change::by("importer"),
        )
        .await
        .expect("import");
    assert!(!outcome.replaced);
    assert_eq!(
        (outcome.goals, outcome.commitments, outcome.targets),
        (3, 3, 3)
    );
    assert_eq!(outcome.plan.source_sha256, draft.source_sha256);
    assert_eq!(outcome.plan.status, PlanStatus::Draft);

    let goals = store.goals(t, outcome.plan.id).await.expect("goals");
    let codes: Vec<_> = goals.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["1", "1.1", "2"]);
    assert_eq!(goals[1].parent_id, Some(goals[0].id));
    assert_eq!(goals[1].heading.as_deref(), Some("Rubrik 1.1"));
    assert_eq!(goals[1].category.as_deref(), Some("genomgripande"));
    let commitments = store
        .commitments(t, goals[1].id)
        .await
        .expect("commitments");
    let texts: Vec<_> = commitments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["Kommunen ska planera.", "Nämnderna ska följa upp."]);
    assert!(
        commitments
            .iter()
            .all(|c| c.status == CommitmentStatus::NotStarted)
    );
    let targets = store.text_targets(t, goals[2].id).await.expect("targets");
    assert_eq!(
        (targets[0].value, targets[0].year),
        (Some(1000.0), Some(2030))
    );

    let plan_events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Plan),
                entity_id: Some(outcome.plan.id),
            },
        )
        .await
        .expect("audit");
    assert_eq!(plan_events.len(), 1);
    assert_eq!(
        (plan_events[0].action, plan_events[0].actor.as_str()),
        (AuditAction::Import, "importer")
    );
}

pub async fn import_takes_the_decision_of_record_from_the_document<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let mut draft = plan_draft(vec![goal_draft("1", None, &[])]);
    draft.decision = Some(riktning_domain::DecisionDraft {
        body: Some("Kommunfullmäktige".to_string()),
        date: Some(time::macros::date!(2029 - 11 - 26)),
        paragraph: Some("§ 201".to_string()),
        case_number: None,
        lines: vec![3],
        ..Default::default()
    });
    let options = import_options("Budget 2030", false);
    let incomplete = store
        .import_plan(t, &draft, &options, &Change::by("importer"))
        .await
        .expect("import");
    assert_eq!(incomplete.plan.status, PlanStatus::Draft, "no case number");
    assert_eq!(incomplete.plan.decision, None);

    // Read again with the case number, the stored plan gets its decision.
    if let Some(decision) = draft.decision.as_mut() {
        decision.case_number = Some("KS 2029/77".to_string());
    }
    let replaced = store
        .import_plan(
            t,
            &draft,
            &import_options("Budget 2030", true),
            &Change::by("importer"),
        )
        .await
        .expect("replace");
    assert_eq!(replaced.plan.status, PlanStatus::Adopted);
    let decision = replaced.plan.decision.expect("the decision");
    assert_eq!(
        (decision.case_number.as_str(), decision.paragraph.as_deref()),
        ("KS 2029/77", Some("§ 201"))
    );
    assert!(
        replaced
            .changes
            .iter()
            .any(|c| c.contains("decision of record")),
        "{:?}",
        replaced.changes
    );
}

pub async fn import_refuses_an_existing_title_without_replace<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let draft = plan_draft(vec![goal_draft("1", None, &[])]);
    store
        .import_plan(t, &draft, &import_options("Budget 2030", false), &who())
        .await
        .expect("first");
    match store
        .import_plan(t, &draft, &import_options("Budget 2030", false), &who())
        .await
    {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("replace"), "{message}"),
        other => panic!("importing over an existing plan needs replace, got {other:?}"),
    }
    assert_eq!(store.plans(t).await.expect("plans").len(), 1);
}

pub async fn import_with_replace_keeps_identity_and_records_changes<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let first = plan_draft(vec![
        goal_draft("1", None, &["Kommunen ska leda.", "Kommunen ska lyssna."]),
        goal_draft("2", None, &[]),
        goal_draft("3", None, &[]),
    ]);
    let created = store
        .import_plan(t, &first, &import_options("Budget 2030", false), &who())
        .await
        .expect("import");
    let goals = store.goals(t, created.plan.id).await.expect("goals");
    let mut listening = store
        .commitments(t, goals[0].id)
        .await
        .expect("commitments")[1]
        .clone();
    listening.status = CommitmentStatus::Ongoing;
    store
        .update_commitment(t, &listening, &who())
        .await
        .expect("status");

    let mut second = plan_draft(vec![
        goal_draft("1", None, &["Kommunen ska lyssna.", "Kommunen ska agera."]),
        goal_draft("2", None, &[]),
        goal_draft("4", None, &[]),
    ]);
    second.goals[1].statement = "Ett ändrat mål".to_string();
    second.source_sha256 = Some("cd".repeat(32));
    let replaced = store
        .import_plan(t, &second, &import_options("Budget 2030", true), &who())
        .await
        .expect("replace");
    assert!(replaced.replaced);
    assert_eq!(
        replaced.plan.id, created.plan.id,
        "the plan keeps its identity"
    );
    assert_eq!(replaced.plan.source_sha256, second.source_sha256);

    let after = store.goals(t, created.plan.id).await.expect("goals");
    let codes: Vec<_> = after.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["1", "2", "4"]);
    assert_eq!(
        (after[0].id, after[1].id),
        (goals[0].id, goals[1].id),
        "kept goals keep their ids"
    );
    assert_eq!(after[1].statement, "Ett ändrat mål");
    let commitments = store
        .commitments(t, goals[0].id)
        .await
        .expect("commitments");
    let state: Vec<_> = commitments
        .iter()
        .map(|c| (c.text.as_str(), c.status, c.id))
        .collect();
    assert_eq!(
        state,
        [
            (
                "Kommunen ska lyssna.",
                CommitmentStatus::Ongoing,
                listening.id
            ),
            (
                "Kommunen ska agera.",
                CommitmentStatus::NotStarted,
                state[1].2
            ),
        ],
        "an unchanged commitment keeps its id and status"
    );
    for expected in [
        "goal 2: statement changed",
        "goal 4: added",
        "goal 3: removed",
    ] {
        assert!(
            replaced.changes.iter().any(|c| c == expected),
            "{expected} missing from {:?}",
            replaced.changes
        );
    }
    assert!(
        replaced
            .changes
            .iter()
            .any(|c| c.starts_with("goal 1: commitments 1 added, 1 removed"))
    );

    let goal_two = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Goal),
                entity_id: Some(goals[1].id),
            },
        )
        .await
        .expect("audit");
    let last = goal_two.last().expect("an event for the change");
    assert_eq!(last.action, AuditAction::Update);
    assert_eq!(
        last.after.as_ref().map(|a| a["statement"].clone()),
        Some(serde_json::json!("Ett ändrat mål"))
    );

    // Replacing with the same document again changes nothing.
    let again = store
        .import_plan(t, &second, &import_options("Budget 2030", true), &who())
        .await
        .expect("same again");
    assert!(again.changes.is_empty(), "{:?}", again.changes);
}

pub async fn failed_import_leaves_nothing_behind<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let events_before = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit")
        .len();
    // The second goal 1.1 breaks the unique code rule half way through the import.
    let draft = plan_draft(vec![
        goal_draft("1", None, &["Kommunen ska leda."]),
        goal_draft("1.1", Some("1"), &["Kommunen ska planera."]),
        goal_draft("1.1", Some("1"), &["Kommunen ska bygga."]),
    ]);
    match store
        .import_plan(t, &draft, &import_options("Budget 2030", false), &who())
        .await
    {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("1.1"), "{message}"),
        other => panic!("a duplicate goal code must fail the import, got {other:?}"),
    }
    assert!(
        store.plans(t).await.expect("plans").is_empty(),
        "no plan is left behind"
    );
    let events_after = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit")
        .len();
    assert_eq!(events_after, events_before, "no audit event is left behind");

    // A failing replace leaves the stored plan exactly as it was.
    let good = plan_draft(vec![goal_draft("1", None, &["Kommunen ska leda."])]);
    let stored = store
        .import_plan(t, &good, &import_options("Budget 2030", false), &who())
        .await
        .expect("import");
    let goals_before = store.goals(t, stored.plan.id).await.expect("goals");
    let mut broken = draft.clone();
    broken.goals[0].statement = "Ändrad men aldrig sparad".to_string();
    assert!(
        store
            .import_plan(t, &broken, &import_options("Budget 2030", true), &who())
            .await
            .is_err()
    );
    assert_eq!(
        store.goals(t, stored.plan.id).await.expect("goals"),
        goals_before
    );
    assert_eq!(
        store.plan(t, stored.plan.id).await.expect("plan"),
        stored.plan
    );
}

pub async fn unicode_round_trips_exactly<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    // Precomposed and combining forms must both come back byte for byte, not normalised.
    let texts = [
        "Åsa, Äppelbo och Öjebyn",
        "Sámi giella: Johkamohkki, Árjepluovve, Ŋ ŋ Đ đ Ŧ ŧ Ž ž Š š",
        "Sydsamiska: ï Ï å Å, Staare",
        "e\u{301} och \u{e9} är olika byte men samma tecken; a\u{30a}",
        "Emoji 🇸🇪 och tankstreck – samt citattecken ”så”",
    ];
    let plan = store
        .create_plan(t, &new_plan(texts[0], 2024), &who())
        .await
        .expect("plan");
    assert_eq!(store.plan(t, plan.id).await.expect("read").title, texts[0]);
    for (position, text) in texts.iter().enumerate() {
        let goal = NewGoal {
            statement: text.to_string(),
            political_text: format!("{text}\n\n{text}"),
            short_name: Some(text.to_string()),
            ..new_goal(plan.id, &(position + 1).to_string(), position as i32)
        };
        let stored = store.create_goal(t, &goal, &who()).await.expect("goal");
        let read = store.goal(t, stored.id).await.expect("read");
        assert_eq!(read.statement.as_bytes(), text.as_bytes());
        assert_eq!(read.political_text, format!("{text}\n\n{text}"));
        let commitment = NewCommitment {
            goal_id: stored.id,
            position: 0,
            text: text.to_string(),
            status: CommitmentStatus::NotStarted,
        };
        store
            .create_commitment(t, &commitment, &who())
            .await
            .expect("commitment");
        assert_eq!(
            store.commitments(t, stored.id).await.expect("list")[0].text,
            *text
        );
    }
    let found = store.plan_by_title(t, texts[0]).await.expect("by title");
    assert_eq!(
        found.map(|p| p.id),
        Some(plan.id),
        "unicode titles are found exactly"
    );
    let decomposed = "A\u{30a}sa, A\u{308}ppelbo och O\u{308}jebyn";
    assert_eq!(
        store.plan_by_title(t, decomposed).await.expect("by title"),
        None
    );
}

fn population_indicator(goals: Vec<GoalLink>) -> NewIndicator {
    NewIndicator {
        name: "Invånare totalt".to_string(),
        unit: Some("invånare".to_string()),
        decimals: 0,
        direction: Direction::HigherIsBetter,
        band_low: None,
        band_high: None,
        source: IndicatorSource::Kolada,
        kolada_kpi: Some("N01951".to_string()),
        divided_by_gender: true,
        responsible_unit: None,
        goals,
    }
}

fn observation(
    series: &str,
    area: &str,
    period: i32,
    gender: Gender,
    value: Option<f64>,
) -> Observation {
    Observation {
        series: series.to_string(),
        area: area.to_string(),
        period,
        gender,
        value,
        status: None,
        count: None,
        source: ObservationSource::Kolada,
        fetched_at: time::macros::datetime!(2026-11-26 12:00 UTC),
        published: Some(time::macros::date!(2026 - 04 - 01)),
    }
}

async fn plan_with_goals<S: Store>(store: &S, t: Id) -> (Id, Id) {
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let first = store
        .create_goal(t, &new_goal(plan.id, "1.1", 0), &who())
        .await
        .expect("goal");
    let second = store
        .create_goal(t, &new_goal(plan.id, "1.4", 1), &who())
        .await
        .expect("goal");
    (first.id, second.id)
}

pub async fn indicators_round_trip_with_goal_links<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let (leadership, growth) = plan_with_goals(store, t).await;
    let links = vec![
        GoalLink {
            goal_id: leadership,
            weight: 1.0,
        },
        GoalLink {
            goal_id: growth,
            weight: 2.5,
        },
    ];
    let population = store
        .create_indicator(t, &population_indicator(links.clone()), &who())
        .await
        .expect("indicator");
    assert_eq!(population.goals, links);
    assert_eq!(
        store.indicator(t, population.id).await.expect("read"),
        population
    );
    let sick_leave = NewIndicator {
        name: "Sjukfrånvaro, anställda".to_string(),
        unit: Some("%".to_string()),
        decimals: 1,
        direction: Direction::LowerIsBetter,
        kolada_kpi: Some("N00090".to_string()),
        goals: vec![GoalLink {
            goal_id: growth,
            weight: 1.0,
        }],
        ..population_indicator(Vec::new())
    };
    store
        .create_indicator(t, &sick_leave, &who())
        .await
        .expect("second indicator");

    let names: Vec<_> = store
        .indicators(t)
        .await
        .expect("list")
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, ["Invånare totalt", "Sjukfrånvaro, anställda"]);
    let for_leadership: Vec<_> = store
        .indicators_for_goal(t, leadership)
        .await
        .expect("by goal")
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(for_leadership, ["Invånare totalt"]);

    let mut edited = population.clone();
    edited.goals = vec![GoalLink {
        goal_id: growth,
        weight: 1.0,
    }];
    edited.decimals = 1;
    let edited = store
        .update_indicator(t, &edited, &who())
        .await
        .expect("update");
    assert_eq!(
        (edited.version, edited.goals.len(), edited.decimals),
        (2, 1, 1)
    );
    assert!(matches!(
        store.update_indicator(t, &population, &who()).await,
        Err(StoreError::Conflict { .. })
    ));
    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Indicator),
                entity_id: Some(population.id),
            },
        )
        .await
        .expect("audit");
    let update = events.last().expect("update event");
    assert_eq!(
        update
            .before
            .as_ref()
            .map(|b| b["goals"].as_array().map(Vec::len)),
        Some(Some(2))
    );
    assert_eq!(
        update
            .after
            .as_ref()
            .map(|a| a["goals"].as_array().map(Vec::len)),
        Some(Some(1))
    );

    let no_kpi = NewIndicator {
        kolada_kpi: None,
        ..population_indicator(Vec::new())
    };
    assert!(matches!(
        store.create_indicator(t, &no_kpi, &who()).await,
        Err(StoreError::Invalid { .. })
    ));
    let unknown_goal = population_indicator(vec![GoalLink {
        goal_id: 999_999,
        weight: 1.0,
    }]);
    assert!(matches!(
        store.create_indicator(t, &unknown_goal, &who()).await,
        Err(StoreError::NotFound { .. })
    ));

    store
        .delete_indicator(t, edited.id, edited.version, &who())
        .await
        .expect("delete");
    assert_eq!(store.indicators(t).await.expect("list").len(), 1);
}

pub async fn targets_round_trip_one_per_year<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let indicator = store
        .create_indicator(t, &population_indicator(Vec::new()), &who())
        .await
        .expect("indicator");
    let target = |year, value, is_final| NewTarget {
        indicator_id: indicator.id,
        year,
        comparator: Comparator::AtLeast,
        value,
        base_year: Some(2024),
        base_value: Some(64_979.0),
        is_final,
        text_target_id: None,
    };
    let final_target = store
        .create_target(t, &target(2040, 75_000.0, true), &who())
        .await
        .expect("final");
    let milestone = store
        .create_target(t, &target(2030, 68_000.0, false), &who())
        .await
        .expect("milestone");
    let years: Vec<_> = store
        .targets(t, indicator.id)
        .await
        .expect("list")
        .iter()
        .map(|t| t.year)
        .collect();
    assert_eq!(years, [2030, 2040], "targets come by year");
    match store
        .create_target(t, &target(2040, 76_000.0, true), &who())
        .await
    {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("2040"), "{message}"),
        other => panic!("a second target for 2040 must be refused, got {other:?}"),
    }
    let mut raised = milestone.clone();
    raised.value = 68_500.5;
    let raised = store
        .update_target(t, &raised, &who())
        .await
        .expect("update");
    assert_eq!((raised.value, raised.version), (68_500.5, 2));
    store
        .delete_target(t, final_target.id, final_target.version, &who())
        .await
        .expect("delete");
    assert_eq!(
        store.targets(t, indicator.id).await.expect("list"),
        vec![raised]
    );
    // Deleting the indicator takes its targets with it.
    store
        .delete_indicator(t, indicator.id, indicator.version, &who())
        .await
        .expect("delete indicator");
    assert!(
        store
            .targets(t, indicator.id)
            .await
            .expect("list")
            .is_empty()
    );
}

pub async fn observations_upsert_by_natural_key_and_audit_revisions<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let first = vec![
        observation("N01951", "2380", 2023, Gender::Total, Some(64_881.0)),
        observation("N01951", "2380", 2023, Gender::Women, Some(32_100.0)),
        observation("N01951", "2380", 2024, Gender::Total, Some(64_979.0)),
        Observation {
            status: Some("Saknas".to_string()),
            ..observation("N01951", "2380", 2024, Gender::Men, None)
        },
    ];
    let stored = store
        .upsert_observations(t, &first, &who())
        .await
        .expect("first upsert");
    assert_eq!(
        (stored.inserted, stored.revised, stored.unchanged),
        (4, 0, 0)
    );

    let again = store
        .upsert_observations(t, &first, &who())
        .await
        .expect("same again");
    assert_eq!(
        (again.inserted, again.revised, again.unchanged),
        (0, 0, 4),
        "idempotent"
    );

    let revised = vec![
        observation("N01951", "2380", 2024, Gender::Total, Some(64_980.0)),
        observation("N01951", "2380", 2024, Gender::Men, Some(32_500.0)),
        observation("N01951", "0000", 2024, Gender::Total, Some(10_587_710.0)),
    ];
    let changes = store
        .upsert_observations(t, &revised, &who())
        .await
        .expect("revision");
    assert_eq!(
        (changes.inserted, changes.revised, changes.unchanged),
        (1, 2, 0)
    );

    let all = store
        .observations(t, &ObservationQuery::series("N01951"))
        .await
        .expect("read");
    assert_eq!(all.len(), 5, "no duplicates");
    let total_2024 = all
        .iter()
        .find(|o| o.area == "2380" && o.period == 2024 && o.gender == Gender::Total);
    assert_eq!(total_2024.and_then(|o| o.value), Some(64_980.0));
    assert_eq!(
        total_2024.and_then(|o| o.published),
        Some(time::macros::date!(2026 - 04 - 01))
    );

    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Observation),
                entity_id: None,
            },
        )
        .await
        .expect("audit");
    assert_eq!(events.len(), 2, "one event per revised value");
    let previous: Vec<_> = events
        .iter()
        .map(|e| e.before.as_ref().map(|b| b["value"].clone()))
        .collect();
    assert!(
        previous.contains(&Some(serde_json::json!(64_979.0))),
        "{previous:?}"
    );
    assert!(
        previous.contains(&Some(serde_json::Value::Null)),
        "the missing value is on the record too"
    );

    // A batch that names one key twice keeps the last value and stores one row.
    let twice = vec![
        observation("N00090", "2380", 2024, Gender::Total, Some(8.1)),
        observation("N00090", "2380", 2024, Gender::Total, Some(8.2)),
    ];
    let twice_changes = store
        .upsert_observations(t, &twice, &who())
        .await
        .expect("twice");
    assert_eq!(twice_changes.inserted, 1);
    let sick = store
        .observations(t, &ObservationQuery::series("N00090"))
        .await
        .expect("read");
    assert_eq!(
        sick.iter().map(|o| o.value).collect::<Vec<_>>(),
        [Some(8.2)]
    );
}

pub async fn observations_are_queried_by_series_area_gender_and_period<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let mut rows = Vec::new();
    for series in ["N01951", "N00090"] {
        for area in ["2380", "0000", "G123"] {
            for period in 2020..=2024 {
                for gender in [Gender::Total, Gender::Women, Gender::Men] {
                    rows.push(observation(
                        series,
                        area,
                        period,
                        gender,
                        Some(f64::from(period)),
                    ));
                }
            }
        }
    }
    store
        .upsert_observations(t, &rows, &who())
        .await
        .expect("upsert");
    let query = ObservationQuery {
        series: vec!["N01951".to_string()],
        areas: vec!["2380".to_string(), "0000".to_string()],
        genders: vec![Gender::Total],
        first_period: Some(2022),
        last_period: Some(2023),
    };
    let found = store.observations(t, &query).await.expect("query");
    let keys: Vec<_> = found.iter().map(|o| (o.area.as_str(), o.period)).collect();
    assert_eq!(
        keys,
        [
            ("0000", 2022),
            ("0000", 2023),
            ("2380", 2022),
            ("2380", 2023)
        ]
    );
    assert_eq!(
        store
            .observations(t, &ObservationQuery::default())
            .await
            .expect("all")
            .len(),
        rows.len()
    );
    let other = tenant(store, "2309").await;
    assert!(
        store
            .observations(other, &ObservationQuery::default())
            .await
            .expect("other")
            .is_empty()
    );
}

pub async fn large_observation_batches_cross_statement_limits<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    // 290 areas × 12 years × 3 genders: more rows than one statement takes.
    let mut rows = Vec::new();
    for area in 0..290 {
        for period in 2013..=2024 {
            for gender in [Gender::Total, Gender::Women, Gender::Men] {
                rows.push(observation(
                    "U07514",
                    &format!("{area:04}"),
                    period,
                    gender,
                    Some(f64::from(area)),
                ));
            }
        }
    }
    let changes = store
        .upsert_observations(t, &rows, &who())
        .await
        .expect("upsert");
    assert_eq!(changes.inserted, rows.len());
    let again = store
        .upsert_observations(t, &rows, &who())
        .await
        .expect("again");
    assert_eq!(again.unchanged, rows.len());
    assert_eq!(
        store
            .observations(t, &ObservationQuery::series("U07514"))
            .await
            .expect("read")
            .len(),
        rows.len()
    );
}

pub async fn kolada_catalogue_is_replaced_whole<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let kpi = |id: &str, title: &str| KpiInfo {
        id: id.to_string(),
        title: title.to_string(),
        description: format!("Beskrivning av {title}"),
        divided_by_gender: id == "N01951",
        municipality_type: Some("K".to_string()),
        operating_area: Some("Befolkning".to_string()),
        publication_date: Some("2026-03-20".to_string()),
        publ_period: Some("2025".to_string()),
    };
    let first = vec![
        kpi("N01951", "Invånare totalt, antal"),
        kpi("N00090", "Sjukfrånvaro"),
    ];
    assert_eq!(
        store
            .replace_kpi_catalogue(t, &first)
            .await
            .expect("replace"),
        2
    );
    let second = vec![
        kpi("U07514", "Ekologiska livsmedel"),
        kpi("N01951", "Invånare totalt, antal"),
    ];
    store
        .replace_kpi_catalogue(t, &second)
        .await
        .expect("replace again");
    let stored = store.kpi_catalogue(t).await.expect("read");
    assert_eq!(
        stored.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(),
        ["N01951", "U07514"]
    );
    assert_eq!(stored[0], second[1]);
    let duplicate = vec![kpi("N01951", "A"), kpi("N01951", "B")];
    assert!(store.replace_kpi_catalogue(t, &duplicate).await.is_err());
    assert_eq!(
        store.kpi_catalogue(t).await.expect("read").len(),
        2,
        "a failed replace keeps the old list"
    );

    let areas = vec![
        Area {
            id: "2380".into(),
            title: "Östersund".into(),
            kind: "K".into(),
        },
        Area {
            id: "0000".into(),
            title: "Riket".into(),
            kind: "L".into(),
        },
    ];
    store.replace_areas(t, &areas).await.expect("areas");
    assert_eq!(store.areas(t).await.expect("read")[0].title, "Riket");
    let group = AreaGroup {
        id: "G34214".into(),
        title: "Liknande kommuner, övergripande, Östersund".into(),
        members: vec!["1480".into(), "1880".into(), "2281".into()],
    };
    store
        .replace_area_groups(t, std::slice::from_ref(&group))
        .await
        .expect("groups");
    assert_eq!(store.area_groups(t).await.expect("read"), vec![group]);
}

pub async fn comparison_groups_must_exist_in_the_catalogue<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let group = AreaGroup {
        id: "G34214".into(),
        title: "Liknande kommuner".into(),
        members: vec!["1480".into()],
    };
    store
        .replace_area_groups(t, &[group])
        .await
        .expect("groups");
    match store
        .set_comparison_groups(t, &["G99999".to_string()], &who())
        .await
    {
        Err(StoreError::Invalid { source, .. }) => assert!(source.message.contains("G99999")),
        other => panic!("an unknown group must be refused, got {other:?}"),
    }
    store
        .set_comparison_groups(t, &["G34214".to_string(), "G34214".to_string()], &who())
        .await
        .expect("set");
    assert_eq!(store.comparison_groups(t).await.expect("read"), ["G34214"]);
    store
        .set_comparison_groups(t, &[], &who())
        .await
        .expect("clear");
    assert!(store.comparison_groups(t).await.expect("read").is_empty());
}

pub async fn an_unfinished_sync_resumes_where_it_stopped<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let run = store
        .begin_sync(t, "kpis=N01951;areas=2380,0000")
        .await
        .expect("begin");
    assert!(!run.resumed && run.done_chunks.is_empty());
    let rows = vec![observation(
        "N01951",
        "2380",
        2024,
        Gender::Total,
        Some(64_979.0),
    )];
    let changes = store
        .store_sync_chunk(t, run.id, "N01951|2380,0000", &rows, &who())
        .await
        .expect("chunk");
    assert_eq!(changes.inserted, 1);

    // Cut off here: the same sync started again resumes with the chunk done.
    let resumed = store
        .begin_sync(t, "kpis=N01951;areas=2380,0000")
        .await
        .expect("resume");
    assert!(resumed.resumed);
    assert_eq!(resumed.id, run.id);
    assert!(resumed.done_chunks.contains("N01951|2380,0000"));
    // A different sync does not take over its progress.
    let other = store
        .begin_sync(t, "kpis=N00090;areas=2380")
        .await
        .expect("other");
    assert!(!other.resumed);

    // The record says what each sync brought, the newest first; the unfinished one
    // has no end yet.
    let summaries = store.sync_summaries(t, 10).await.expect("summaries");
    assert_eq!(summaries.len(), 2);
    assert_eq!(summaries[0].id, other.id);
    let first = &summaries[1];
    assert_eq!(
        (first.chunks_done, first.rows, first.inserted, first.revised),
        (1, 1, 1, 0)
    );
    assert!(first.finished_at.is_none());
    store.finish_sync(t, run.id).await.expect("finish");
    let finished = store.sync_summaries(t, 1).await.expect("summaries");
    assert_eq!(finished.len(), 1, "the limit holds");
    assert!(
        store.sync_summaries(t, 10).await.expect("summaries")[1]
            .finished_at
            .is_some()
    );
    assert!(
        store.finish_sync(t, run.id).await.is_err(),
        "a finished sync cannot finish again"
    );
    let fresh = store
        .begin_sync(t, "kpis=N01951;areas=2380,0000")
        .await
        .expect("fresh");
    assert!(!fresh.resumed && fresh.id != run.id);
}

pub async fn an_observation_import_commits_whole_or_not_at_all<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let batch = |period| {
        vec![
            observation("N01951", "2380", period, Gender::Total, Some(64_000.0)),
            observation("N01951", "0000", period, Gender::Total, Some(10_500_000.0)),
        ]
    };
    {
        let mut abandoned = store.observation_writer(t, &who()).await.expect("writer");
        abandoned.write(&batch(2023)).await.expect("first batch");
        abandoned.write(&batch(2024)).await.expect("second batch");
        // Dropped without commit, as when the third file of an import turns out broken.
    }
    assert!(
        store
            .observations(t, &ObservationQuery::default())
            .await
            .expect("read")
            .is_empty()
    );

    let mut writer = store
        .observation_writer(t, &Change::by("import").because("data.json"))
        .await
        .expect("writer");
    writer.write(&batch(2023)).await.expect("first batch");
    writer.write(&batch(2024)).await.expect("second batch");
    let totals = writer.commit().await.expect("commit");
    assert_eq!(totals.inserted, 4);
    assert_eq!(
        store
            .observations(t, &ObservationQuery::default())
            .await
            .expect("read")
            .len(),
        4
    );
    let imports = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Observation),
                entity_id: None,
            },
        )
        .await
        .expect("audit");
    assert_eq!(imports.len(), 1);
    assert_eq!(
        (imports[0].action, imports[0].reason.as_deref()),
        (AuditAction::Import, Some("data.json"))
    );
}

/// Eight writers at once, each updating its own goal: every write must succeed. A
/// transaction that starts as a reader and then writes cannot wait on SQLite; it fails
/// at once with "database is locked", which is what this case catches.
pub async fn concurrent_writers_wait_for_each_other<S: Store>(store: &S) {
    const WRITERS: usize = 8;
    const EDITS: usize = 10;
    let t = tenant(store, "2380").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let goal = store
            .create_goal(t, &new_goal(plan.id, &format!("{}", writer + 1), 0), &who())
            .await
            .expect("goal");
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut goal = goal;
            for edit in 0..EDITS {
                goal.statement = format!("Skrivare {writer}, ändring {edit}");
                goal = store
                    .update_goal(t, &goal, &who())
                    .await
                    .map_err(|e| format!("writer {writer}, edit {edit}: {e}"))?;
            }
            Ok::<_, String>(goal)
        }));
    }
    for task in tasks {
        let goal = task
            .await
            .expect("writer task")
            .expect("every write succeeds");
        assert_eq!(goal.version, 1 + EDITS as i64);
    }
    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Goal),
                entity_id: None,
            },
        )
        .await
        .expect("audit");
    assert_eq!(events.len(), WRITERS * (1 + EDITS));
}
