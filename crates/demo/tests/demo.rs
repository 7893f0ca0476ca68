//! The demo loaded into a real (SQLite) store, and the follow-up computed from it.

use std::collections::HashSet;

use riktning_demo::{AssessmentCounts, DemoError, DemoSummary, load_demo};
use riktning_domain::{
    AssessmentState, Change, Gender, Goal, GoalLevel, Id, IndicatorSource, IndicatorStatus,
    PeriodState,
};
use riktning_followup::{Basis, GoalSuggestion, PeriodContext, followup_status, suggest_all};
use riktning_store::{AssessmentQuery, AuditQuery, ObservationQuery, Store};
use riktning_store_sqlite::SqliteStore;
use tempfile::TempDir;
use time::macros::date;

struct Demo {
    // Held so the database file outlives the test's use of it.
    _dir: TempDir,
    store: SqliteStore,
    summary: DemoSummary,
}

fn who() -> Change {
    Change::by("test:strateg").because("Demodata för visning")
}

async fn empty_store() -> (TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("riktning.db");
    let store = riktning_store_sqlite::open(&path.to_string_lossy())
        .await
        .expect("open");
    (dir, store)
}

async fn demo() -> Demo {
    let (dir, store) = empty_store().await;
    let summary = load_demo(&store, &who()).await.expect("the demo loads");
    Demo {
        _dir: dir,
        store,
        summary,
    }
}

async fn goals(demo: &Demo) -> Vec<Goal> {
    demo.store
        .goals(demo.summary.tenant_id, demo.summary.plan_id)
        .await
        .expect("goals")
}

async fn period_id(demo: &Demo, name: &str) -> Id {
    demo.store
        .periods(demo.summary.tenant_id, demo.summary.plan_id)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no period '{name}'"))
        .id
}

async fn audit_count(store: &SqliteStore, tenant: Id) -> usize {
    store
        .audit_events(tenant, &AuditQuery::default())
        .await
        .expect("audit")
        .len()
}

#[tokio::test]
async fn the_demo_fills_an_empty_database_and_its_summary_matches_the_store() {
    let demo = demo().await;
    let (store, s, t) = (&demo.store, &demo.summary, demo.summary.tenant_id);

    let tenants = store.tenants().await.expect("tenants");
    assert_eq!(tenants.len(), 1);
    assert_eq!(tenants[0].kolada_id, "2380");
    assert_eq!(s.plan_title, "Budget 2024");

    let goals = goals(&demo).await;
    let council: Vec<&Goal> = goals
        .iter()
        .filter(|g| g.level == GoalLevel::Council)
        .collect();
    let committee: Vec<&Goal> = goals
        .iter()
        .filter(|g| g.level == GoalLevel::Committee)
        .collect();
    // The document's eight goals and the three financial goals beside them.
    assert_eq!((s.council_goals, council.len()), (11, 11));
    let financial: Vec<&str> = council
        .iter()
        .filter(|g| riktning_domain::is_financial(g.category.as_deref()))
        .map(|g| g.code.as_str())
        .collect();
    assert_eq!(financial, ["2.1", "2.2", "2.3"]);
    assert_eq!(s.committee_goals, committee.len());
    assert!(committee.len() >= 7, "{} committee goals", committee.len());
    let units = store.org_units(t).await.expect("units");
    assert_eq!(s.org_units, units.len());
    let board = units
        .iter()
        .find(|u| u.short_name.as_deref() == Some("KS"))
        .expect("Kommunstyrelsen");
    assert!(council.iter().all(|g| g.responsible_units == [board.id]));
    let parents: HashSet<Id> = committee.iter().filter_map(|g| g.parent_id).collect();
    assert!(parents.len() >= 4, "committee goals under {parents:?}");
    assert!(
        committee
            .iter()
            .all(|g| g.responsible_units.len() == 1 && !g.political_text.is_empty())
    );

    let indicators = store.indicators(t).await.expect("indicators");
    assert_eq!(s.indicators, indicators.len());
    let mut targets = 0;
    let mut values = 0;
    for indicator in &indicators {
        targets += store.targets(t, indicator.id).await.expect("targets").len();
        let stored = store
            .observations(t, &ObservationQuery::series(indicator.series_key()))
            .await
            .expect("values");
        values += stored.len();
        if indicator.source == IndicatorSource::Manual {
            assert!(
                indicator.name.contains("exempelvärden"),
                "{}",
                indicator.name
            );
            assert!(!stored.is_empty(), "{} has values", indicator.name);
        }
    }
    assert_eq!((s.targets, s.observations), (targets, values));

    let population = store
        .observations(t, &ObservationQuery::series("N01951"))
        .await
        .expect("population");
    let years: Vec<(i32, Option<f64>, Gender)> = population
        .iter()
        .map(|o| (o.period, o.value, o.gender))
        .collect();
    assert_eq!(years.len(), 8);
    assert_eq!(years[0], (2015, Some(61_066.0), Gender::Total));
    assert_eq!(years[7], (2024, Some(64_979.0), Gender::Total));
    assert!(!years.iter().any(|(year, _, _)| [2018, 2021].contains(year)));

    let periods = store.periods(t, s.plan_id).await.expect("periods");
    assert_eq!((s.periods, periods.len()), (3, 3));
    let states: Vec<(&str, PeriodState)> =
        periods.iter().map(|p| (p.name.as_str(), p.state)).collect();
    assert_eq!(
        states,
        [
            ("Tertial 1 2024", PeriodState::Closed),
            ("Delår 2024", PeriodState::Open),
            ("Årsredovisning 2024", PeriodState::Open),
        ]
    );

    let mut counts = AssessmentCounts::default();
    for assessment in store
        .assessments(t, &AssessmentQuery::default())
        .await
        .expect("assessments")
    {
        counts.add(assessment.state);
    }
    assert_eq!(s.assessments, counts);

    let activities = store.activities(t, s.plan_id).await.expect("activities");
    assert_eq!(s.activities, activities.len());
    let mut reports = 0;
    for period in &periods {
        reports += store
            .progress_reports(t, period.id)
            .await
            .expect("reports")
            .len();
    }
    assert_eq!(s.progress_reports, reports);

    let actors: HashSet<String> = store
        .audit_events(t, &AuditQuery::default())
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.actor)
        .collect();
    for actor in ["test:strateg", "demo:sekreterare BUN", "demo:controller"] {
        assert!(actors.contains(actor), "{actor} missing from {actors:?}");
    }
}

#[tokio::test]
async fn every_workflow_state_occurs_in_the_interim_report() {
    let demo = demo().await;
    let interim = period_id(&demo, "Delår 2024").await;
    let assessments = demo
        .store
        .assessments(
            demo.summary.tenant_id,
            &AssessmentQuery {
                period: Some(interim),
                ..AssessmentQuery::default()
            },
        )
        .await
        .expect("assessments");
    for state in AssessmentState::ALL {
        assert!(
            assessments.iter().any(|a| a.state == *state),
            "no {state} assessment in Delår 2024"
        );
    }
    let returned = assessments
        .iter()
        .find(|a| a.state == AssessmentState::Returned)
        .expect("returned");
    assert!(
        returned
            .return_comment
            .as_deref()
            .is_some_and(|c| !c.is_empty())
    );
}

fn suggestion<'a>(suggestions: &'a [GoalSuggestion], code: &str) -> &'a GoalSuggestion {
    suggestions
        .iter()
        .find(|s| s.code == code)
        .unwrap_or_else(|| panic!("no suggestion for {code}"))
}

#[tokio::test]
async fn the_interim_report_rolls_up_and_lists_who_has_not_reported() {
    let demo = demo().await;
    let interim = period_id(&demo, "Delår 2024").await;
    let context = PeriodContext::load(&demo.store, demo.summary.tenant_id, interim)
        .await
        .expect("context");
    let suggestions = suggest_all(&demo.store, &context).await.expect("suggest");

    let Basis::ChildGoals { rollup } = &suggestion(&suggestions, "1.7").basis else {
        panic!("1.7 has committee goals under it and is rolled up");
    };
    assert_eq!(rollup.reported, ["Barn- och utbildningsnämnden"]);
    assert!(rollup.missing.is_empty(), "{:?}", rollup.missing);
    assert!(
        rollup.explanation.contains("1.7.2"),
        "{}",
        rollup.explanation
    );
    let Basis::ChildGoals { rollup } = &suggestion(&suggestions, "1.4").basis else {
        panic!("1.4 is rolled up");
    };
    assert_eq!(rollup.missing, ["Kommunens fastighetsbolag AB"]);

    // One indicator kept by hand has met its target, the other is not on track.
    let statuses: Vec<(String, IndicatorStatus)> = suggestions
        .iter()
        .filter_map(|s| match &s.basis {
            Basis::Indicators { indicators } => Some(indicators),
            Basis::ChildGoals { .. } => None,
        })
        .flatten()
        .filter(|row| row.name.contains("exempelvärden"))
        .map(|row| (row.name.clone(), row.status))
        .collect();
    assert!(
        statuses
            .iter()
            .any(|(_, status)| *status == IndicatorStatus::TargetMet),
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .any(|(_, status)| *status == IndicatorStatus::NotOnTrack),
        "{statuses:?}"
    );

    let status = followup_status(&context, date!(2024 - 09 - 10));
    assert!(status.counts.missing > 0);
    let missing: Vec<(&str, &str)> = status
        .units
        .iter()
        .flat_map(|u| {
            u.assessments
                .iter()
                .filter(|a| a.state.is_none())
                .map(|a| (u.unit.as_str(), a.code.as_str()))
        })
        .collect();
    assert!(
        missing.contains(&("Kommunens fastighetsbolag AB", "1.4.2")),
        "{missing:?}"
    );
    assert!(missing.contains(&("Kommunstyrelsen", "1.1")), "{missing:?}");
    assert!(
        status.units.iter().any(|u| !u.missing_progress.is_empty()),
        "an activity without a report is listed"
    );
}

#[tokio::test]
async fn a_second_load_is_refused_and_changes_nothing() {
    let demo = demo().await;
    let t = demo.summary.tenant_id;
    let before = audit_count(&demo.store, t).await;
    match load_demo(&demo.store, &who()).await {
        Err(DemoError::NotEmpty { tenants }) => {
            assert_eq!(tenants, ["Östersund (2380)"]);
        }
        other => panic!("a second load must be refused, got {other:?}"),
    }
    assert_eq!(audit_count(&demo.store, t).await, before);
    assert_eq!(demo.store.tenants().await.expect("tenants").len(), 1);
    assert_eq!(
        demo.store.plans(t).await.expect("plans").len(),
        1,
        "no second plan"
    );
}

#[tokio::test]
async fn every_assessment_keeps_its_suggestion_and_deviations_give_a_reason() {
    let demo = demo().await;
    let assessments = demo
        .store
        .assessments(demo.summary.tenant_id, &AssessmentQuery::default())
        .await
        .expect("assessments");
    assert!(!assessments.is_empty());
    let mut deviations = 0;
    for assessment in &assessments {
        let suggestion = assessment
            .suggestion
            .as_ref()
            .expect("a suggestion is stored");
        assert!(!suggestion.explanation.is_empty());
        if suggestion.level != assessment.level {
            deviations += 1;
            assert!(
                assessment
                    .deviation_reason
                    .as_deref()
                    .is_some_and(|r| !r.is_empty()),
                "goal {} deviates without a reason",
                assessment.goal_id
            );
        } else {
            assert_eq!(assessment.deviation_reason, None);
        }
    }
    assert!(deviations > 0, "the demo shows a deviation with its reason");
}

#[tokio::test]
async fn every_council_goal_has_an_approved_assessment_in_the_closed_period() {
    let demo = demo().await;
    let tenant = demo.summary.tenant_id;
    let closed = period_id(&demo, "Tertial 1 2024").await;
    let period = demo.store.period(tenant, closed).await.expect("period");
    assert_eq!(period.state, PeriodState::Closed);
    let assessments = demo
        .store
        .assessments(
            tenant,
            &AssessmentQuery {
                period: Some(closed),
                ..Default::default()
            },
        )
        .await
        .expect("assessments");
    let council: Vec<Goal> = goals(&demo)
        .await
        .into_iter()
        .filter(|g| g.level == GoalLevel::Council)
        .collect();
    assert_eq!(
        council.len(),
        11,
        "eight operational and three financial goals"
    );
    for goal in &council {
        assert!(
            assessments
                .iter()
                .any(|a| a.goal_id == goal.id && a.state == AssessmentState::Approved),
            "council goal {} has an approved assessment",
            goal.code
        );
    }
}

#[tokio::test]
async fn every_council_goal_has_kolada_indicators_with_ten_years_of_values_to_compare() {
    let demo = demo().await;
    let t = demo.summary.tenant_id;
    let indicators = demo.store.indicators(t).await.expect("indicators");
    let groups = demo.store.comparison_groups(t).await.expect("groups");
    assert_eq!(
        groups,
        ["G37609"],
        "the demo compares with similar municipalities"
    );
    for goal in goals(&demo).await {
        if goal.level != GoalLevel::Council {
            continue;
        }
        let own: Vec<_> = indicators
            .iter()
            .filter(|i| i.goals.iter().any(|l| l.goal_id == goal.id))
            .collect();
        // A financial goal has its one key figure; an operational goal a few.
        let expected = if riktning_domain::is_financial(goal.category.as_deref()) {
            1..=1
        } else {
            2..=4
        };
        assert!(
            expected.contains(&own.len()),
            "goal {} has {} indicators",
            goal.code,
            own.len()
        );
        for indicator in own {
            assert_eq!(
                indicator.source,
                IndicatorSource::Kolada,
                "{}",
                indicator.name
            );
            let values = demo
                .store
                .observations(t, &ObservationQuery::series(indicator.series_key()))
                .await
                .expect("values");
            let years = |area: &str, gender: Gender| {
                values
                    .iter()
                    .filter(|o| o.area == area && o.gender == gender && o.value.is_some())
                    .count()
            };
            if indicator.kolada_kpi.as_deref() == Some("N01951") {
                // SCB's real population series, which has gaps and no comparison.
                continue;
            }
            assert_eq!(years("2380", Gender::Total), 10, "{}", indicator.name);
            assert_eq!(years("0000", Gender::Total), 10, "{}", indicator.name);
            assert_eq!(years("G37609", Gender::Total), 10, "{}", indicator.name);
            if indicator.divided_by_gender {
                assert_eq!(years("2380", Gender::Women), 10, "{}", indicator.name);
                assert_eq!(years("2380", Gender::Men), 10, "{}", indicator.name);
            }
            assert!(
                values
                    .iter()
                    .all(|o| o.source == riktning_domain::ObservationSource::Manual),
                "example values are never credited to Kolada: {}",
                indicator.name
            );
        }
    }
}
