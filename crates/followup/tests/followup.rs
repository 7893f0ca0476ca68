//! Suggestions, roll-ups and reporting status computed from a real (SQLite) store.

use riktning_domain::{
    AssessmentContent, AssessmentState, Change, Comparator, Direction, Fulfilment, Gender,
    GoalLevel, GoalLink, Id, IndicatorSource, IndicatorStatus, NewCommitment, NewGoal,
    NewIndicator, NewOrgUnit, NewPeriod, NewPlan, NewTarget, NewTenant, Observation,
    ObservationSource, OrgUnitKind, PlanStatus, RollupRule, Transition, WorkStatus,
};
use riktning_followup::{Basis, PeriodContext, followup_status, suggest_all};
use riktning_store::sql::{Counting, SqlStore};
use riktning_store::{Store, StoreRead};
use riktning_store_sqlite::{SqliteBackend, SqliteStore};
use time::macros::{date, datetime};

fn who() -> Change {
    Change::by("test")
}

async fn store() -> SqliteStore {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("riktning.db");
    std::mem::forget(dir);
    riktning_store_sqlite::open(&path.to_string_lossy())
        .await
        .expect("open")
}

/// A fresh SQLite file behind a backend that counts transactions and queries.
async fn counted_store() -> SqlStore<Counting<SqliteBackend>> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("riktning.db");
    std::mem::forget(dir);
    let backend = SqliteBackend::open(&path.to_string_lossy())
        .await
        .expect("open");
    SqlStore::new(Counting::new(backend))
}

struct Fixture {
    tenant: Id,
    period: Id,
    growth: Id,
    school_goal: Id,
    culture_goal: Id,
    school: Id,
    culture: Id,
}

fn goal(plan: Id, code: &str, position: i32, parent: Option<Id>, units: Vec<Id>) -> NewGoal {
    NewGoal {
        plan_id: plan,
        parent_id: parent,
        code: code.to_string(),
        short_name: None,
        statement: format!("Mål {code}"),
        heading: None,
        category: None,
        level: if parent.is_some() {
            GoalLevel::Committee
        } else {
            GoalLevel::Council
        },
        political_text: String::new(),
        agenda2030: Vec::new(),
        responsible_units: units,
        position,
    }
}

fn value(series: &str, year: i32, value: f64) -> Observation {
    Observation {
        series: series.to_string(),
        area: "2380".to_string(),
        period: year,
        gender: Gender::Total,
        value: Some(value),
        status: None,
        count: None,
        source: ObservationSource::Manual,
        fetched_at: datetime!(2026-11-26 12:00 UTC),
        published: None,
    }
}

async fn indicator<S: Store>(
    store: &S,
    tenant: Id,
    name: &str,
    goal: Id,
    target: (i32, f64),
) -> Id {
    let indicator = store
        .create_indicator(
            tenant,
            &NewIndicator {
                name: name.to_string(),
                unit: Some("st".to_string()),
                decimals: 0,
                direction: Direction::HigherIsBetter,
                band_low: None,
                band_high: None,
                source: IndicatorSource::Manual,
                kolada_kpi: None,
                divided_by_gender: false,
                responsible_unit: None,
                goals: vec![GoalLink {
                    goal_id: goal,
                    weight: 1.0,
                }],
            },
            &who(),
        )
        .await
        .expect("indicator");
    store
        .create_target(
            tenant,
            &NewTarget {
                indicator_id: indicator.id,
                year: target.0,
                comparator: Comparator::AtLeast,
                value: target.1,
                base_year: None,
                base_value: None,
                is_final: true,
                text_target_id: None,
            },
            &who(),
        )
        .await
        .expect("target");
    indicator.id
}

async fn fixture<S: Store>(store: &S) -> Fixture {
    let tenant = store
        .create_tenant(&NewTenant::from_kolada_id("2380").expect("id"), &who())
        .await
        .expect("tenant")
        .id;
    let unit = |name: &str, kind| NewOrgUnit {
        parent_id: None,
        kind,
        name: name.to_string(),
        short_name: None,
    };
    let board = store
        .create_org_unit(
            tenant,
            &unit("Kommunstyrelsen", OrgUnitKind::ExecutiveBoard),
            &who(),
        )
        .await
        .expect("unit");
    let school = store
        .create_org_unit(
            tenant,
            &unit("Barn- och utbildningsnämnden", OrgUnitKind::Committee),
            &who(),
        )
        .await
        .expect("unit");
    let culture = store
        .create_org_unit(
            tenant,
            &unit("Kulturnämnden", OrgUnitKind::Committee),
            &who(),
        )
        .await
        .expect("unit");
    let plan = store
        .create_plan(
            tenant,
            &NewPlan {
                title: "Budget 2024".to_string(),
                first_year: 2024,
                last_year: 2026,
                status: PlanStatus::Draft,
                decision: None,
                source_name: None,
                source_sha256: None,
            },
            &who(),
        )
        .await
        .expect("plan");
    let growth = store
        .create_goal(
            tenant,
            &goal(plan.id, "1.4", 0, None, vec![board.id]),
            &who(),
        )
        .await
        .expect("goal")
        .id;
    let school_goal = store
        .create_goal(
            tenant,
            &goal(plan.id, "1.4.1", 1, Some(growth), vec![school.id]),
            &who(),
        )
        .await
        .expect("goal")
        .id;
    let culture_goal = store
        .create_goal(
            tenant,
            &goal(plan.id, "1.4.2", 2, Some(growth), vec![culture.id]),
            &who(),
        )
        .await
        .expect("goal")
        .id;
    // Under school_goal: one indicator far off its target, one already past it, one
    // without any values.
    let slow = indicator(store, tenant, "Invånare", school_goal, (2040, 75_000.0)).await;
    let done = indicator(store, tenant, "Behöriga lärare", school_goal, (2026, 80.0)).await;
    indicator(store, tenant, "Nöjda föräldrar", school_goal, (2026, 90.0)).await;
    let mut values: Vec<Observation> = (2014..=2023)
        .map(|year| {
            value(
                &format!("indicator:{slow}"),
                year,
                62_000.0 + 400.0 * f64::from(year - 2014),
            )
        })
        .collect();
    // A 2024 value exists, but the interim report only uses values through 2023.
    values.push(value(&format!("indicator:{slow}"), 2024, 80_000.0));
    values.push(value(&format!("indicator:{done}"), 2023, 83.0));
    store
        .upsert_observations(tenant, &values, &who())
        .await
        .expect("values");
    let period = store
        .create_period(
            tenant,
            &NewPeriod {
                plan_id: plan.id,
                name: "Delår 2024".to_string(),
                starts_on: date!(2024 - 01 - 01),
                ends_on: date!(2024 - 08 - 31),
                deadline: date!(2024 - 09 - 20),
                values_through: Some(2023),
            },
            &who(),
        )
        .await
        .expect("period")
        .id;
    Fixture {
        tenant,
        period,
        growth,
        school_goal,
        culture_goal,
        school: school.id,
        culture: culture.id,
    }
}

async fn assess<S: Store>(store: &S, f: &Fixture, goal: Id, unit: Id, level: &str, approve: bool) {
    let assessment = store
        .create_assessment(
            f.tenant,
            &AssessmentContent {
                goal_id: goal,
                period_id: f.period,
                org_unit_id: unit,
                level: level.to_string(),
                analysis: String::new(),
                actions: String::new(),
                suggestion: None,
                deviation_reason: None,
            },
            &who(),
        )
        .await
        .expect("assessment");
    if approve {
        let submitted = store
            .transition_assessment(
                f.tenant,
                assessment.id,
                assessment.version,
                &Transition::Submit,
                &who(),
            )
            .await
            .expect("submit");
        store
            .transition_assessment(
                f.tenant,
                submitted.id,
                submitted.version,
                &Transition::Approve,
                &who(),
            )
            .await
            .expect("approve");
    }
}

#[tokio::test]
async fn a_goal_is_suggested_from_its_indicators_with_every_input_named() {
    let store = store().await;
    let f = fixture(&store).await;
    let context = PeriodContext::load(&store, f.tenant, f.period)
        .await
        .expect("context");
    let suggestions = suggest_all(&store, &context).await.expect("suggest");
    let school = suggestions
        .iter()
        .find(|s| s.goal_id == f.school_goal)
        .expect("school goal");
    let Basis::Indicators { indicators } = &school.basis else {
        panic!("a goal without goals under it is judged on its indicators");
    };
    let statuses: Vec<(&str, IndicatorStatus, Option<i32>)> = indicators
        .iter()
        .map(|row| {
            (
                row.name.as_str(),
                row.status,
                row.latest.map(|(year, _)| year),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("Behöriga lärare", IndicatorStatus::TargetMet, Some(2023)),
            ("Invånare", IndicatorStatus::NotOnTrack, Some(2023)),
            ("Nöjda föräldrar", IndicatorStatus::NoData, None),
        ],
        "the 2024 value is after the period's value year and is not used"
    );
    // One of three (weighted equally) meets its target: 33 %, below 40 %.
    assert_eq!(school.fulfilment, Fulfilment::NotFulfilled);
    assert_eq!(school.level.key, "ej_uppfyllt");
    for needle in [
        "Behöriga lärare",
        "Invånare",
        "Nöjda föräldrar",
        "(2023)",
        "75 %",
        "40 %",
        "till och med 2023",
    ] {
        assert!(
            school.explanation.contains(needle),
            "'{needle}' missing from: {}",
            school.explanation
        );
    }
    let snapshot = school.snapshot();
    assert_eq!(snapshot.level, "ej_uppfyllt");
    assert_eq!(snapshot.explanation, school.explanation);

    let culture = suggestions
        .iter()
        .find(|s| s.goal_id == f.culture_goal)
        .expect("culture goal");
    assert_eq!(
        culture.fulfilment,
        Fulfilment::NotAssessed,
        "no indicators, no data"
    );
}

#[tokio::test]
async fn a_council_goal_rolls_up_only_approved_assessments_by_the_tenants_rule() {
    let store = store().await;
    let f = fixture(&store).await;
    assess(&store, &f, f.school_goal, f.school, "uppfyllt", true).await;
    assess(&store, &f, f.culture_goal, f.culture, "ej_uppfyllt", false).await;
    let context = PeriodContext::load(&store, f.tenant, f.period)
        .await
        .expect("context");
    let suggestions = suggest_all(&store, &context).await.expect("suggest");
    let growth = suggestions
        .iter()
        .find(|s| s.goal_id == f.growth)
        .expect("growth");
    let Basis::ChildGoals { rollup } = &growth.basis else {
        panic!("a council goal with goals under it is rolled up");
    };
    assert_eq!(rollup.reported, ["Barn- och utbildningsnämnden"]);
    assert_eq!(rollup.missing, ["Kulturnämnden"], "a draft does not count");
    assert_eq!(growth.fulfilment, Fulfilment::Fulfilled);
    assert!(
        growth
            .explanation
            .contains("Kulturnämnden (1.4.2): inte rapporterat"),
        "{}",
        growth.explanation
    );

    // Approve the culture committee's "not fulfilled" and switch to worst-of.
    let draft = store
        .assessments(
            f.tenant,
            &riktning_store::AssessmentQuery {
                goal: Some(f.culture_goal),
                ..Default::default()
            },
        )
        .await
        .expect("list")
        .remove(0);
    let submitted = store
        .transition_assessment(
            f.tenant,
            draft.id,
            draft.version,
            &Transition::Submit,
            &who(),
        )
        .await
        .expect("submit");
    store
        .transition_assessment(
            f.tenant,
            submitted.id,
            submitted.version,
            &Transition::Approve,
            &who(),
        )
        .await
        .expect("approve");
    let mut settings = store.followup_settings(f.tenant).await.expect("settings");
    settings.rollup = RollupRule::WorstOf;
    store
        .save_followup_settings(f.tenant, &settings, &who())
        .await
        .expect("save");
    let context = PeriodContext::load(&store, f.tenant, f.period)
        .await
        .expect("context");
    let suggestions = suggest_all(&store, &context).await.expect("suggest");
    let growth = suggestions
        .iter()
        .find(|s| s.goal_id == f.growth)
        .expect("growth");
    assert_eq!(growth.fulfilment, Fulfilment::NotFulfilled);
    assert!(
        growth.explanation.contains("den sämsta"),
        "{}",
        growth.explanation
    );
}

/// Goal code, state and whether it is overdue.
type Expected<'a> = (&'a str, Option<AssessmentState>, bool);

#[tokio::test]
async fn the_status_lists_what_each_unit_has_reported_and_what_is_overdue() {
    let store = store().await;
    let f = fixture(&store).await;
    assess(&store, &f, f.school_goal, f.school, "delvis", true).await;
    assess(&store, &f, f.culture_goal, f.culture, "delvis", false).await;
    let context = PeriodContext::load(&store, f.tenant, f.period)
        .await
        .expect("context");

    let before = followup_status(&context, date!(2024 - 09 - 01));
    assert!(!before.past_deadline);
    assert_eq!(before.counts.overdue, 0);
    assert_eq!(
        (
            before.counts.missing,
            before.counts.draft,
            before.counts.approved
        ),
        (1, 1, 1)
    );

    let after = followup_status(&context, date!(2024 - 09 - 21));
    assert!(after.past_deadline);
    let units: Vec<(&str, Vec<Expected>)> = after
        .units
        .iter()
        .map(|u| {
            (
                u.unit.as_str(),
                u.assessments
                    .iter()
                    .map(|a| (a.code.as_str(), a.state, a.overdue))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            (
                "Barn- och utbildningsnämnden",
                vec![("1.4.1", Some(AssessmentState::Approved), false)]
            ),
            ("Kommunstyrelsen", vec![("1.4", None, true)]),
            (
                "Kulturnämnden",
                vec![("1.4.2", Some(AssessmentState::Draft), true)]
            ),
        ]
    );
    assert_eq!(after.counts.overdue, 2);
    assert!(after.units[0].is_complete());
    assert!(!after.units[2].is_complete());
}

/// Adds `n` committee goals under 1.4, each the school's, with a commitment and an
/// indicator with ten years of values and a target.
async fn grow<S: Store>(store: &S, f: &Fixture, n: i32) {
    let plan = store.goal(f.tenant, f.growth).await.expect("goal").plan_id;
    let mut values = Vec::new();
    for i in 0..n {
        let code = format!("1.4.{}", 10 + i);
        let goal = store
            .create_goal(
                f.tenant,
                &goal(plan, &code, 10 + i, Some(f.growth), vec![f.school]),
                &who(),
            )
            .await
            .expect("goal")
            .id;
        store
            .create_commitment(
                f.tenant,
                &NewCommitment {
                    goal_id: goal,
                    position: 0,
                    text: format!("Kommunen ska nå mål {code}."),
                    status: WorkStatus::NotStarted,
                },
                &who(),
            )
            .await
            .expect("commitment");
        let series = indicator(store, f.tenant, &code, goal, (2030, 100.0)).await;
        values.extend(
            (2014..=2023).map(|year| value(&format!("indicator:{series}"), year, f64::from(year))),
        );
    }
    store
        .upsert_observations(f.tenant, &values, &who())
        .await
        .expect("values");
}

/// Transactions and queries that `work` makes on `store`.
async fn counted<T>(
    store: &SqlStore<Counting<SqliteBackend>>,
    work: impl std::future::Future<Output = T>,
) -> (T, u64, u64) {
    let counts = store.backend().counts();
    let (transactions, queries) = (counts.transactions(), counts.queries());
    let value = work.await;
    (
        value,
        counts.transactions() - transactions,
        counts.queries() - queries,
    )
}

/// What `riktning assess suggest` and `riktning followup status` do: one read
/// transaction, then the rules on what it read.
async fn suggest_and_status(
    store: &SqlStore<Counting<SqliteBackend>>,
    f: &Fixture,
) -> (usize, usize, u64, u64) {
    let ((suggested, units), transactions, queries) = counted(store, async {
        let mut read = store.reader().await.expect("reader");
        let period = read.period(f.tenant, f.period).await.expect("period");
        let mut context = PeriodContext::read(&mut read, f.tenant, period)
            .await
            .expect("context");
        context
            .read_evidence(&mut read, None)
            .await
            .expect("evidence");
        read.finish().await.expect("finish");
        let suggestions = suggest_all(store, &context).await.expect("suggest");
        let status = followup_status(&context, date!(2024 - 09 - 21));
        (suggestions.len(), status.units[0].missing_progress.len())
    })
    .await;
    (suggested, units, transactions, queries)
}

#[tokio::test]
async fn suggestions_and_status_read_through_one_transaction_whatever_the_plan_size() {
    let small = counted_store().await;
    let f = fixture(&small).await;
    let (goals, _, transactions, queries) = suggest_and_status(&small, &f).await;
    assert_eq!(goals, 3);
    assert_eq!(transactions, 1, "one read transaction");

    let large = counted_store().await;
    let g = fixture(&large).await;
    grow(&large, &g, 200).await;
    let (goals, missing, large_transactions, large_queries) = suggest_and_status(&large, &g).await;
    assert_eq!(goals, 203);
    assert_eq!(missing, 200, "every new goal's commitment is unreported");
    assert_eq!(large_transactions, 1);
    assert_eq!(
        large_queries, queries,
        "200 more goals with an indicator each must not add queries"
    );
}

#[tokio::test]
async fn a_loaded_context_reads_the_evidence_it_lacks_at_once() {
    let store = counted_store().await;
    let f = fixture(&store).await;
    grow(&store, &f, 50).await;
    let context = PeriodContext::load(&store, f.tenant, f.period)
        .await
        .expect("context");
    let (suggestions, transactions, queries) = counted(&store, suggest_all(&store, &context)).await;
    assert_eq!(suggestions.expect("suggest").len(), 53);
    assert_eq!(
        (transactions, queries),
        (1, 2),
        "the values and targets of every indicator, in two queries"
    );
}

#[tokio::test]
async fn a_retired_unit_is_asked_for_nothing_new_but_keeps_what_it_reported() {
    let store = store().await;
    let f = fixture(&store).await;
    assess(&store, &f, f.culture_goal, f.culture, "delvis", false).await;
    for unit in [f.school, f.culture] {
        let stored = store.org_unit(f.tenant, unit).await.expect("unit");
        store
            .update_org_unit(
                f.tenant,
                &riktning_domain::OrgUnit {
                    retired: true,
                    ..stored
                },
                &who(),
            )
            .await
            .expect("retire");
    }
    let context = PeriodContext::load(&store, f.tenant, f.period)
        .await
        .expect("context");
    let status = followup_status(&context, date!(2024 - 09 - 21));
    let names: Vec<&str> = status.units.iter().map(|u| u.unit.as_str()).collect();
    assert!(
        !names.contains(&"Barn- och utbildningsnämnden"),
        "the retired school committee had nothing here: {names:?}"
    );
    let culture = status
        .units
        .iter()
        .find(|u| u.unit == "Kulturnämnden")
        .expect("the culture committee's draft stays in view");
    assert_eq!(culture.assessments.len(), 1);
}
