//! Conformance cases for follow-up: periods, settings and scales, assessments with their
//! workflow, activities and progress reports.

use riktning_domain::{
    ActivityKind, AssessmentContent, AssessmentScale, AssessmentState, AuditAction, Change,
    EntityKind, Fulfilment, Id, NewActivity, NewCommitment, NewOrgUnit, NewPeriod,
    NewProgressReport, OrgUnitKind, PeriodState, ProgressSubject, RollupRule, SuggestionSnapshot,
    Transition, WorkStatus,
};
use time::macros::date;

use super::{new_goal, new_plan, tenant, who};
use crate::{AssessmentQuery, AuditQuery, Store, StoreError, StoreRead};

fn interim(plan_id: Id) -> NewPeriod {
    NewPeriod {
        plan_id,
        name: "Delår 2024".to_string(),
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 08 - 31),
        deadline: date!(2024 - 09 - 20),
        values_through: Some(2023),
    }
}

fn annual(plan_id: Id) -> NewPeriod {
    NewPeriod {
        plan_id,
        name: "Årsredovisning 2024".to_string(),
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 12 - 31),
        deadline: date!(2025 - 02 - 15),
        values_through: None,
    }
}

fn tertial(plan_id: Id) -> NewPeriod {
    NewPeriod {
        plan_id,
        name: "Tertial 1 2024".to_string(),
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 04 - 30),
        deadline: date!(2024 - 05 - 15),
        values_through: Some(2023),
    }
}

/// A plan with two council goals, a committee with its own goal under the first, and
/// an open interim period.
struct Setting {
    tenant: Id,
    plan: Id,
    council_goal: Id,
    other_goal: Id,
    committee_goal: Id,
    committee: Id,
    board: Id,
    period: Id,
}

async fn setting<S: Store>(store: &S) -> Setting {
    let t = tenant(store, "2380").await;
    let board = store
        .create_org_unit(
            t,
            &NewOrgUnit {
                parent_id: None,
                kind: OrgUnitKind::ExecutiveBoard,
                name: "Kommunstyrelsen".to_string(),
                short_name: Some("KS".to_string()),
            },
            &who(),
        )
        .await
        .expect("board");
    let committee = store
        .create_org_unit(
            t,
            &NewOrgUnit {
                parent_id: Some(board.id),
                kind: OrgUnitKind::Committee,
                name: "Barn- och utbildningsnämnden".to_string(),
                short_name: Some("BUN".to_string()),
            },
            &who(),
        )
        .await
        .expect("committee");
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let mut first = new_goal(plan.id, "1.1", 0);
    first.responsible_units = vec![board.id];
    let council_goal = store.create_goal(t, &first, &who()).await.expect("goal");
    let other_goal = store
        .create_goal(t, &new_goal(plan.id, "1.2", 1), &who())
        .await
        .expect("goal");
    let mut own = new_goal(plan.id, "1.1.1", 2);
    own.parent_id = Some(council_goal.id);
    own.level = riktning_domain::GoalLevel::Committee;
    own.responsible_units = vec![committee.id];
    let committee_goal = store.create_goal(t, &own, &who()).await.expect("goal");
    let period = store
        .create_period(t, &interim(plan.id), &who())
        .await
        .expect("period");
    Setting {
        tenant: t,
        plan: plan.id,
        council_goal: council_goal.id,
        other_goal: other_goal.id,
        committee_goal: committee_goal.id,
        committee: committee.id,
        board: board.id,
        period: period.id,
    }
}

fn content(s: &Setting, level: &str) -> AssessmentContent {
    AssessmentContent {
        goal_id: s.committee_goal,
        period_id: s.period,
        org_unit_id: s.committee,
        level: level.to_string(),
        analysis: "Andelen behöriga lärare **ökar**.".to_string(),
        actions: "- Fortsätt rekrytera".to_string(),
        suggestion: Some(SuggestionSnapshot {
            level: "delvis".to_string(),
            fulfilment: Fulfilment::PartlyFulfilled,
            explanation: "delvis uppfyllt: 1 av 2 indikatorer".to_string(),
        }),
        deviation_reason: None,
    }
}

fn invalid_field(error: &StoreError) -> Option<&'static str> {
    match error {
        StoreError::Invalid { source, .. } => Some(source.field),
        _ => None,
    }
}

pub async fn periods_close_and_reopen_only_with_a_reason<S: Store>(store: &S) {
    let s = setting(store).await;
    let t = s.tenant;
    store
        .create_period(t, &annual(s.plan), &who())
        .await
        .expect("annual");
    let first = store
        .create_period(t, &tertial(s.plan), &who())
        .await
        .expect("tertial");
    assert_eq!(first.values_through, 2023);
    assert_eq!(first.state, PeriodState::Open);
    let names: Vec<String> = store
        .periods(t, s.plan)
        .await
        .expect("periods")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["Tertial 1 2024", "Delår 2024", "Årsredovisning 2024"],
        "periods are listed by start, then end"
    );
    let annual_period = store.periods(t, s.plan).await.expect("periods")[2].clone();
    assert_eq!(
        annual_period.values_through, 2024,
        "defaults to the end year"
    );

    match store.create_period(t, &interim(s.plan), &who()).await {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("Delår 2024")),
        other => panic!("a second 'Delår 2024' must be refused, got {other:?}"),
    }
    let mut backwards = tertial(s.plan);
    backwards.name = "Baklänges".to_string();
    backwards.ends_on = date!(2023 - 12 - 01);
    let error = store
        .create_period(t, &backwards, &who())
        .await
        .expect_err("ends before it starts");
    assert_eq!(invalid_field(&error), Some("ends_on"));

    let closed = store
        .set_period_state(t, first.id, first.version, PeriodState::Closed, &who())
        .await
        .expect("close");
    assert_eq!(closed.state, PeriodState::Closed);
    let error = store
        .set_period_state(t, first.id, closed.version, PeriodState::Open, &who())
        .await
        .expect_err("reopening without a reason");
    assert_eq!(invalid_field(&error), Some("reason"));
    assert_eq!(
        store.period(t, first.id).await.expect("period").state,
        PeriodState::Closed
    );
    let stale = store
        .set_period_state(
            t,
            first.id,
            first.version,
            PeriodState::Open,
            &who().because("x"),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let reopened = store
        .set_period_state(
            t,
            first.id,
            closed.version,
            PeriodState::Open,
            &Change::by("controller").because("BUN:s siffror var fel"),
        )
        .await
        .expect("reopen");
    assert_eq!(reopened.state, PeriodState::Open);
    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Period),
                entity_id: Some(first.id),
            },
        )
        .await
        .expect("audit");
    let last = events.last().expect("events");
    assert_eq!(last.actor, "controller");
    assert_eq!(last.reason.as_deref(), Some("BUN:s siffror var fel"));
    assert_eq!(
        last.before.as_ref().and_then(|b| b["state"].as_str()),
        Some("closed")
    );
    assert_eq!(
        last.after.as_ref().and_then(|a| a["state"].as_str()),
        Some("open")
    );
    assert_eq!(events.len(), 3, "create, close, reopen");

    let mut renamed = reopened.clone();
    renamed.deadline = date!(2024 - 05 - 31);
    let saved = store
        .update_period(t, &renamed, &who())
        .await
        .expect("update");
    assert_eq!(saved.deadline, date!(2024 - 05 - 31));
    assert_eq!(saved.state, PeriodState::Open);
}

pub async fn followup_settings_and_scales_are_per_tenant<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let other = tenant(store, "0180").await;
    let defaults = store.followup_settings(t).await.expect("settings");
    assert_eq!(defaults.version, 0);
    assert_eq!(defaults.goal_scale, "standard");
    assert_eq!(defaults.assignment_scale, "procent");
    let keys: Vec<String> = store
        .scales(t)
        .await
        .expect("scales")
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert_eq!(keys, ["standard", "femgradig", "procent"]);

    let mut own = AssessmentScale::standard();
    own.key = "trafikljus".to_string();
    own.name = "Trafikljus".to_string();
    own.levels[0].label = "grönt".to_string();
    store
        .create_scale(t, &own, &who())
        .await
        .expect("own scale");
    match store.create_scale(t, &own, &who()).await {
        Err(StoreError::Duplicate(_)) => {}
        other => panic!("a second 'trafikljus' must be refused, got {other:?}"),
    }
    match store
        .create_scale(t, &AssessmentScale::standard(), &who())
        .await
    {
        Err(StoreError::Duplicate(_)) => {}
        other => panic!("a preset's key must be refused, got {other:?}"),
    }
    let mut broken = own.clone();
    broken.key = "trasig".to_string();
    broken.levels.truncate(1);
    let error = store.create_scale(t, &broken, &who()).await.unwrap_err();
    assert_eq!(invalid_field(&error), Some("levels"));
    let stored = store.scales(t).await.expect("scales");
    assert_eq!(stored.len(), 4);
    assert_eq!(stored[3], own, "levels round-trip whole");
    assert_eq!(store.scales(other).await.expect("scales").len(), 3);

    let mut settings = defaults.clone();
    settings.goal_scale = "saknas".to_string();
    let error = store
        .save_followup_settings(t, &settings, &who())
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("goal_scale"));
    settings.goal_scale = "trafikljus".to_string();
    settings.rollup = RollupRule::WorstOf;
    settings.suggestion.fulfilled_at = 0.8;
    let saved = store
        .save_followup_settings(t, &settings, &who())
        .await
        .expect("save");
    assert_eq!(saved.version, 1);
    assert_eq!(saved.rollup, RollupRule::WorstOf);
    let stale = store.save_followup_settings(t, &settings, &who()).await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let mut again = saved.clone();
    again.suggestion.partly_at = 0.5;
    let saved = store
        .save_followup_settings(t, &again, &who())
        .await
        .expect("save");
    assert_eq!(saved.version, 2);
    assert_eq!(store.followup_settings(t).await.expect("settings"), saved);
    assert_eq!(
        store.followup_settings(other).await.expect("settings"),
        defaults
    );
}

pub async fn assessments_go_through_the_workflow_on_the_record<S: Store>(store: &S) {
    let s = setting(store).await;
    let t = s.tenant;
    let error = store
        .create_assessment(t, &content(&s, "uppfyllt"), &who())
        .await
        .expect_err("deviating without a reason");
    assert_eq!(invalid_field(&error), Some("deviation_reason"));

    let mut first = content(&s, "uppfyllt");
    first.deviation_reason = Some("Målet nåddes redan i juni enligt egen mätning".to_string());
    let draft = store
        .create_assessment(t, &first, &Change::by("reporter"))
        .await
        .expect("draft");
    assert_eq!(draft.state, AssessmentState::Draft);
    assert_eq!(draft.scale, "standard");
    assert_eq!(draft.content(), first, "content round-trips whole");

    let mut edited = first.clone();
    edited.level = "delvis".to_string();
    edited.deviation_reason = None;
    let draft = store
        .update_assessment(t, draft.id, draft.version, &edited, &Change::by("reporter"))
        .await
        .expect("edit");
    assert_eq!(draft.level, "delvis");

    let submitted = store
        .transition_assessment(
            t,
            draft.id,
            draft.version,
            &Transition::Submit,
            &Change::by("reporter"),
        )
        .await
        .expect("submit");
    assert_eq!(submitted.state, AssessmentState::Submitted);
    let error = store
        .update_assessment(t, submitted.id, submitted.version, &edited, &who())
        .await
        .expect_err("a submitted assessment is not editable");
    assert_eq!(invalid_field(&error), Some("state"));

    let error = store
        .transition_assessment(
            t,
            submitted.id,
            submitted.version,
            &Transition::Return {
                comment: String::new(),
            },
            &who(),
        )
        .await
        .expect_err("returning without a comment");
    assert_eq!(invalid_field(&error), Some("comment"));
    let returned = store
        .transition_assessment(
            t,
            submitted.id,
            submitted.version,
            &Transition::Return {
                comment: "Beskriv åtgärderna".to_string(),
            },
            &Change::by("controller"),
        )
        .await
        .expect("return");
    assert_eq!(returned.state, AssessmentState::Returned);
    assert_eq!(
        returned.return_comment.as_deref(),
        Some("Beskriv åtgärderna")
    );

    let mut fixed = edited.clone();
    fixed.actions = "- Rekrytera fem lärare till hösten".to_string();
    let again = store
        .update_assessment(t, returned.id, returned.version, &fixed, &who())
        .await
        .expect("edit a returned one");
    assert_eq!(again.state, AssessmentState::Draft);
    let submitted = store
        .transition_assessment(t, again.id, again.version, &Transition::Submit, &who())
        .await
        .expect("submit again");
    let approved = store
        .transition_assessment(
            t,
            submitted.id,
            submitted.version,
            &Transition::Approve,
            &Change::by("controller"),
        )
        .await
        .expect("approve");
    assert_eq!(approved.state, AssessmentState::Approved);
    let error = store
        .transition_assessment(
            t,
            approved.id,
            approved.version,
            &Transition::Approve,
            &who(),
        )
        .await
        .expect_err("approving twice");
    assert_eq!(invalid_field(&error), Some("state"));

    let listed = store
        .assessments(
            t,
            &AssessmentQuery {
                period: Some(s.period),
                ..AssessmentQuery::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(listed, vec![approved.clone()]);
    let by_goal = store
        .assessments(
            t,
            &AssessmentQuery {
                goal: Some(s.other_goal),
                ..AssessmentQuery::default()
            },
        )
        .await
        .expect("list");
    assert!(by_goal.is_empty());

    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Assessment),
                entity_id: Some(approved.id),
            },
        )
        .await
        .expect("audit");
    let steps: Vec<(AuditAction, &str, Option<&str>)> = events
        .iter()
        .map(|e| {
            (
                e.action,
                e.actor.as_str(),
                e.after.as_ref().and_then(|a| a["state"].as_str()),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (AuditAction::Create, "reporter", Some("draft")),
            (AuditAction::Update, "reporter", Some("draft")),
            (AuditAction::Update, "reporter", Some("submitted")),
            (AuditAction::Update, "controller", Some("returned")),
            (AuditAction::Update, "conformance", Some("draft")),
            (AuditAction::Update, "conformance", Some("submitted")),
            (AuditAction::Update, "controller", Some("approved")),
        ]
    );
    assert_eq!(
        events[0]
            .after
            .as_ref()
            .and_then(|a| a["deviation_reason"].as_str()),
        Some("Målet nåddes redan i juni enligt egen mätning"),
        "the reason for deviating is on the record"
    );

    // A closed period freezes its assessments.
    let period = store.period(t, s.period).await.expect("period");
    store
        .set_period_state(t, period.id, period.version, PeriodState::Closed, &who())
        .await
        .expect("close");
    let error = store
        .transition_assessment(
            t,
            approved.id,
            approved.version,
            &Transition::Return {
                comment: "Fel".to_string(),
            },
            &who(),
        )
        .await
        .expect_err("frozen");
    assert_eq!(invalid_field(&error), Some("period"));
    assert_eq!(
        store.assessment(t, approved.id).await.expect("read"),
        approved
    );
}

pub async fn bad_assessments_and_stale_saves_change_nothing<S: Store>(store: &S) {
    let s = setting(store).await;
    let t = s.tenant;
    let unchanged = |expected: &[riktning_domain::AuditEvent],
                     actual: &[riktning_domain::AuditEvent]| {
        assert_eq!(
            expected.len(),
            actual.len(),
            "no audit event for a refused change"
        )
    };
    let before = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit");

    let mut unknown_level = content(&s, "grönt");
    unknown_level.suggestion = None;
    let error = store
        .create_assessment(t, &unknown_level, &who())
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("level"));
    assert!(format!("{:#}", anyhow_chain(&error)).contains("ej_uppfyllt"));

    let mut wrong_unit = content(&s, "delvis");
    wrong_unit.org_unit_id = s.board;
    let error = store
        .create_assessment(t, &wrong_unit, &who())
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("org_unit"));

    let mut missing_goal = content(&s, "delvis");
    missing_goal.goal_id = 999_999;
    assert!(matches!(
        store.create_assessment(t, &missing_goal, &who()).await,
        Err(StoreError::NotFound {
            entity: EntityKind::Goal,
            ..
        })
    ));
    let mut missing_period = content(&s, "delvis");
    missing_period.period_id = 999_999;
    assert!(matches!(
        store.create_assessment(t, &missing_period, &who()).await,
        Err(StoreError::NotFound {
            entity: EntityKind::Period,
            ..
        })
    ));

    let other_plan = store
        .create_plan(t, &new_plan("Budget 2025", 2025), &who())
        .await
        .expect("plan");
    let foreign = store
        .create_goal(t, &new_goal(other_plan.id, "1.1", 0), &who())
        .await
        .expect("goal");
    let mut wrong_plan = content(&s, "delvis");
    wrong_plan.goal_id = foreign.id;
    let error = store
        .create_assessment(t, &wrong_plan, &who())
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("goal"));
    let after_refusals = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit");
    assert_eq!(
        after_refusals.len(),
        before.len() + 2,
        "only the plan and goal made for the test"
    );

    // Two people edit the same draft: the second save conflicts and changes nothing.
    let draft = store
        .create_assessment(t, &content(&s, "delvis"), &who())
        .await
        .expect("draft");
    match store
        .create_assessment(t, &content(&s, "delvis"), &who())
        .await
    {
        Err(StoreError::Duplicate(_)) => {}
        other => panic!("a second assessment of the same goal, period and unit, got {other:?}"),
    }
    let mut anna = content(&s, "delvis");
    anna.analysis = "Annas analys".to_string();
    let saved = store
        .update_assessment(t, draft.id, draft.version, &anna, &Change::by("anna"))
        .await
        .expect("first save");
    let events_before = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit");
    let mut bertil = content(&s, "delvis");
    bertil.analysis = "Bertils analys".to_string();
    match store
        .update_assessment(t, draft.id, draft.version, &bertil, &Change::by("bertil"))
        .await
    {
        Err(StoreError::Conflict {
            expected, actual, ..
        }) => assert_eq!((expected, actual), (draft.version, saved.version)),
        other => panic!("the second save must conflict, got {other:?}"),
    }
    let stale_submit = store
        .transition_assessment(t, draft.id, draft.version, &Transition::Submit, &who())
        .await;
    assert!(
        matches!(stale_submit, Err(StoreError::Conflict { .. })),
        "{stale_submit:?}"
    );
    assert_eq!(store.assessment(t, draft.id).await.expect("read"), saved);
    unchanged(
        &events_before,
        &store
            .audit_events(t, &AuditQuery::default())
            .await
            .expect("audit"),
    );

    // Another tenant sees none of it and cannot reach it.
    let other = tenant(store, "0180").await;
    assert!(
        store
            .assessments(other, &AssessmentQuery::default())
            .await
            .expect("list")
            .is_empty()
    );
    assert!(matches!(
        store.assessment(other, draft.id).await,
        Err(StoreError::NotFound { .. })
    ));

    // A closed period takes no new assessments.
    let period = store.period(t, s.period).await.expect("period");
    store
        .set_period_state(t, period.id, period.version, PeriodState::Closed, &who())
        .await
        .expect("close");
    let mut council = content(&s, "delvis");
    council.goal_id = s.council_goal;
    council.org_unit_id = s.board;
    let error = store
        .create_assessment(t, &council, &who())
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("period"));
}

/// The error with its causes, as the command line prints it.
fn anyhow_chain(error: &StoreError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub async fn activities_and_commitments_get_progress_per_period<S: Store>(store: &S) {
    let s = setting(store).await;
    let t = s.tenant;
    let assignment = store
        .create_activity(
            t,
            &NewActivity {
                plan_id: s.plan,
                kind: ActivityKind::Assignment,
                title: "Utred en gemensam kundtjänst".to_string(),
                description: "Rapporteras till KS i **november**.".to_string(),
                responsible_unit: Some(s.board),
                goals: vec![s.other_goal, s.council_goal],
                starts_on: Some(date!(2024 - 02 - 01)),
                due_on: Some(date!(2024 - 11 - 30)),
                status: WorkStatus::NotStarted,
            },
            &who(),
        )
        .await
        .expect("assignment");
    assert_eq!(
        assignment.goals,
        vec![s.other_goal, s.council_goal],
        "goals keep their order"
    );
    let activity = store
        .create_activity(
            t,
            &NewActivity {
                plan_id: s.plan,
                kind: ActivityKind::Activity,
                title: "Läxhjälp på biblioteken".to_string(),
                description: String::new(),
                responsible_unit: Some(s.committee),
                goals: vec![s.committee_goal],
                starts_on: None,
                due_on: None,
                status: WorkStatus::Ongoing,
            },
            &who(),
        )
        .await
        .expect("activity");
    let listed = store.activities(t, s.plan).await.expect("list");
    assert_eq!(listed, vec![assignment.clone(), activity.clone()]);

    let mut foreign_goal = assignment.clone();
    let other_plan = store
        .create_plan(t, &new_plan("Budget 2025", 2025), &who())
        .await
        .expect("plan");
    let foreign = store
        .create_goal(t, &new_goal(other_plan.id, "9.9", 0), &who())
        .await
        .expect("goal");
    foreign_goal.goals = vec![foreign.id];
    let error = store
        .update_activity(t, &foreign_goal, &who())
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("goals"));
    assert_eq!(
        store.activity(t, assignment.id).await.expect("read"),
        assignment
    );

    let report = store
        .report_progress(
            t,
            &NewProgressReport {
                period_id: s.period,
                subject: ProgressSubject::Activity(assignment.id),
                status: WorkStatus::Delayed,
                level: Some("minst_80".to_string()),
                comment: "Försenad av upphandlingen".to_string(),
            },
            &who(),
        )
        .await
        .expect("report");
    assert_eq!(report.status, WorkStatus::Delayed);
    let assignment = store.activity(t, assignment.id).await.expect("read");
    assert_eq!(
        assignment.status,
        WorkStatus::Delayed,
        "current status follows"
    );

    let replaced = store
        .report_progress(
            t,
            &NewProgressReport {
                period_id: s.period,
                subject: ProgressSubject::Activity(assignment.id),
                status: WorkStatus::Ongoing,
                level: Some("minst_80".to_string()),
                comment: "Upphandlingen klar".to_string(),
            },
            &who(),
        )
        .await
        .expect("second report in the same period");
    assert_eq!(replaced.id, report.id, "one report per period");
    assert_eq!(replaced.version, report.version + 1);

    let error = store
        .report_progress(
            t,
            &NewProgressReport {
                period_id: s.period,
                subject: ProgressSubject::Activity(activity.id),
                status: WorkStatus::Ongoing,
                level: Some("uppnatt".to_string()),
                comment: String::new(),
            },
            &who(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_field(&error),
        Some("level"),
        "activities have no level"
    );
    let error = store
        .report_progress(
            t,
            &NewProgressReport {
                period_id: s.period,
                subject: ProgressSubject::Activity(assignment.id),
                status: WorkStatus::Ongoing,
                level: Some("grönt".to_string()),
                comment: String::new(),
            },
            &who(),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("level"));

    let commitment = store
        .create_commitment(
            t,
            &NewCommitment {
                goal_id: s.council_goal,
                position: 0,
                text: "Kommunen ska korta handläggningstiderna.".to_string(),
                status: WorkStatus::NotStarted,
            },
            &who(),
        )
        .await
        .expect("commitment");
    store
        .report_progress(
            t,
            &NewProgressReport {
                period_id: s.period,
                subject: ProgressSubject::Commitment(commitment.id),
                status: WorkStatus::Done,
                level: None,
                comment: "Nytt e-tjänstflöde sedan mars".to_string(),
            },
            &who(),
        )
        .await
        .expect("commitment report");
    let commitments = store.commitments(t, s.council_goal).await.expect("read");
    assert_eq!(commitments[0].status, WorkStatus::Done);

    let reports = store.progress_reports(t, s.period).await.expect("reports");
    let subjects: Vec<ProgressSubject> = reports.iter().map(|r| r.subject).collect();
    assert_eq!(
        subjects,
        [
            ProgressSubject::Activity(assignment.id),
            ProgressSubject::Commitment(commitment.id)
        ]
    );

    // The next period has its own reports; a closed period takes none.
    let annual_period = store
        .create_period(t, &annual(s.plan), &who())
        .await
        .expect("annual");
    assert!(
        store
            .progress_reports(t, annual_period.id)
            .await
            .expect("reports")
            .is_empty()
    );
    let period = store.period(t, s.period).await.expect("period");
    store
        .set_period_state(t, period.id, period.version, PeriodState::Closed, &who())
        .await
        .expect("close");
    let error = store
        .report_progress(
            t,
            &NewProgressReport {
                period_id: s.period,
                subject: ProgressSubject::Commitment(commitment.id),
                status: WorkStatus::Ongoing,
                level: None,
                comment: String::new(),
            },
            &who(),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&error), Some("period"));

    let assignment = store.activity(t, assignment.id).await.expect("read");
    assert_eq!(assignment.status, WorkStatus::Ongoing);
    store
        .delete_activity(t, assignment.id, assignment.version, &who())
        .await
        .expect("delete");
    assert_eq!(
        store
            .progress_reports(t, s.period)
            .await
            .expect("reports")
            .len(),
        1,
        "the deleted activity's reports go with it"
    );
}

/// A page's reader and the store's own reads give the same values: dates, times,
/// JSON, flags and units decode alike however a backend runs its reads.
pub async fn a_reader_reads_what_the_store_reads<S: Store>(store: &S) {
    let s = setting(store).await;
    let t = s.tenant;
    store
        .create_assessment(t, &content(&s, "delvis"), &who())
        .await
        .expect("assessment");
    store
        .upsert_observations(
            t,
            &[super::observation(
                "N01951",
                "2380",
                2023,
                riktning_domain::Gender::Total,
                Some(64_979.0),
            )],
            &who(),
        )
        .await
        .expect("values");
    let session = riktning_domain::Session {
        tenant: t,
        user_id: store
            .create_user(
                t,
                &riktning_domain::NewUser {
                    username: "anna.berg".to_string(),
                    display_name: "Anna Berg".to_string(),
                    role: riktning_domain::Role::Reporter,
                    units: vec![s.committee],
                    must_change_password: false,
                },
                "$argon2id$hash",
                &who(),
            )
            .await
            .expect("user")
            .id,
        csrf_token: "csrf".to_string(),
        expires_at: time::OffsetDateTime::now_utc() + time::Duration::hours(8),
    };
    store
        .create_session("hash", &session)
        .await
        .expect("session");
    let everything = AssessmentQuery::default();
    let values = crate::ObservationQuery::default();
    let now = time::OffsetDateTime::now_utc();

    let mut read = store.reader().await.expect("reader");
    assert_eq!(
        read.tenants().await.expect("tenants"),
        store.tenants().await.expect("tenants")
    );
    assert_eq!(
        read.plans(t).await.expect("plans"),
        store.plans(t).await.expect("plans")
    );
    let goals = read.goals(t, s.plan).await.expect("goals");
    assert_eq!(goals, store.goals(t, s.plan).await.expect("goals"));
    assert_eq!(
        goals
            .iter()
            .map(|g| g.responsible_units.clone())
            .collect::<Vec<_>>(),
        [vec![s.board], vec![], vec![s.committee]],
        "in document order, each with its units"
    );
    assert_eq!(
        read.periods(t, s.plan).await.expect("periods"),
        store.periods(t, s.plan).await.expect("periods")
    );
    assert_eq!(
        read.org_units(t).await.expect("units"),
        store.org_units(t).await.expect("units")
    );
    assert_eq!(
        read.assessments(t, &everything).await.expect("assessments"),
        store
            .assessments(t, &everything)
            .await
            .expect("assessments")
    );
    assert_eq!(
        read.observations(t, &values).await.expect("values"),
        store.observations(t, &values).await.expect("values")
    );
    assert_eq!(
        read.followup_settings(t).await.expect("settings"),
        store.followup_settings(t).await.expect("settings")
    );
    assert_eq!(
        read.scales(t).await.expect("scales"),
        store.scales(t).await.expect("scales")
    );
    assert_eq!(
        read.session("hash", now).await.expect("session"),
        store.session("hash", now).await.expect("session")
    );
    assert_eq!(
        read.user(t, session.user_id).await.expect("user"),
        store.user(t, session.user_id).await.expect("user")
    );
    read.finish().await.expect("finish");

    // Readers dropped unfinished give their connections back rolled back: writes and
    // later readers go on.
    for _ in 0..20 {
        let mut dropped = store.reader().await.expect("reader");
        dropped.plans(t).await.expect("plans");
    }
    store
        .create_plan(t, &new_plan("Budget 2025", 2025), &who())
        .await
        .expect("a write after dropped readers");
    let mut read = store.reader().await.expect("reader");
    assert_eq!(read.plans(t).await.expect("plans").len(), 2);
    read.finish().await.expect("finish");
}

pub async fn emails_and_reminders_are_kept_per_tenant<S: Store>(store: &S) {
    let s = setting(store).await;
    let t = s.tenant;
    let user = store
        .create_user(
            t,
            &riktning_domain::NewUser {
                username: "bun.sekreterare".to_string(),
                display_name: "Sekreterare".to_string(),
                role: riktning_domain::Role::Reporter,
                units: vec![s.committee],
                must_change_password: false,
            },
            "hash",
            &who(),
        )
        .await
        .expect("user");
    assert!(store.user_emails(t).await.expect("emails").is_empty());
    store
        .set_user_email(t, user.id, Some("bun@example.se"), &who())
        .await
        .expect("set");
    store
        .set_user_email(t, user.id, Some("sekreterare@example.se"), &who())
        .await
        .expect("change");
    assert_eq!(
        store.user_emails(t).await.expect("emails"),
        vec![(user.id, "sekreterare@example.se".to_string())]
    );
    let other = tenant(store, "0180").await;
    assert!(store.user_emails(other).await.expect("emails").is_empty());
    assert!(
        store
            .set_user_email(other, user.id, Some("x@example.se"), &who())
            .await
            .is_err(),
        "another tenant's user is not found"
    );
    let history = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::User),
                entity_id: Some(user.id),
            },
        )
        .await
        .expect("audit");
    assert!(
        history.iter().any(|e| e
            .after
            .as_ref()
            .and_then(|a| a.get("email"))
            .and_then(|v| v.as_str())
            == Some("sekreterare@example.se")),
        "the change of address is on the record"
    );

    let sent = crate::ReminderSent {
        period_id: s.period,
        org_unit_id: s.committee,
        user_id: user.id,
        kind: "before".to_string(),
        address: "sekreterare@example.se".to_string(),
        sent_at: time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .expect("time"),
        outcome: "sent".to_string(),
    };
    store.record_reminder(t, &sent).await.expect("record");
    assert_eq!(
        store.reminders(t, s.period).await.expect("reminders"),
        vec![sent]
    );
    assert!(
        store
            .reminders(other, s.period)
            .await
            .expect("reminders")
            .is_empty()
    );

    store
        .set_user_email(t, user.id, None, &who())
        .await
        .expect("clear");
    assert!(store.user_emails(t).await.expect("emails").is_empty());
}
