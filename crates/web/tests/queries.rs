//! The workspace's pages read through one transaction each, and their number of
//! queries does not grow with the plan: the demo and the demo with 200 more goals
//! (each with a commitment and an indicator with values and a target) cost the same.

mod common;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use common::{Signed, get, sign};
use riktning_domain::{
    Change, Comparator, Direction, Gender, GoalLevel, GoalLink, Id, IndicatorSource, NewCommitment,
    NewGoal, NewIndicator, NewTarget, Observation, ObservationSource, Role, Tenant, WorkStatus,
};
use riktning_store::Store;
use riktning_store::sql::{Counting, SqlStore};
use riktning_store_sqlite::SqliteBackend;
use riktning_web::{AppState, router};
use time::OffsetDateTime;

type CountedStore = SqlStore<Counting<SqliteBackend>>;

struct Demo {
    store: CountedStore,
    tenant: Tenant,
    app: Router,
    admin: Signed,
}

async fn demo(extra_goals: i32) -> Demo {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("riktning.db");
    std::mem::forget(dir);
    let backend = SqliteBackend::open(&path.to_string_lossy())
        .await
        .expect("open");
    let store = SqlStore::new(Counting::new(backend));
    riktning_demo::load_demo(&store, &Change::by("test"))
        .await
        .expect("demo");
    let tenant = store.tenants().await.expect("tenants").remove(0);
    grow(&store, &tenant, extra_goals).await;
    let admin = sign(&store, tenant.id, "admin", Role::Administrator, vec![]).await;
    let app = router(Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &riktning_web::WorkspaceOptions {
            demo: true,
            ..Default::default()
        },
    )));
    Demo {
        store,
        tenant,
        app,
        admin,
    }
}

/// Adds `n` committee goals spread over the council goals and the committees, each
/// with a commitment and an indicator with ten years of values and a target.
async fn grow(store: &CountedStore, tenant: &Tenant, n: i32) {
    let who = Change::by("test");
    let plan = store.plans(tenant.id).await.expect("plans")[0].id;
    let goals = store.goals(tenant.id, plan).await.expect("goals");
    let council: Vec<_> = goals
        .iter()
        .filter(|g| g.level == GoalLevel::Council && g.parent_id.is_none())
        .collect();
    let units = store.org_units(tenant.id).await.expect("units");
    let mut values = Vec::new();
    for i in 0..n {
        let parent = council[i as usize % council.len()];
        let unit = units[i as usize % units.len()].id;
        let code = format!("{}.{}", parent.code, 50 + i);
        let goal = store
            .create_goal(
                tenant.id,
                &NewGoal {
                    plan_id: plan,
                    parent_id: Some(parent.id),
                    code: code.clone(),
                    short_name: None,
                    statement: format!("Nämndmål {code}"),
                    heading: None,
                    category: None,
                    level: GoalLevel::Committee,
                    political_text: String::new(),
                    agenda2030: Vec::new(),
                    responsible_units: vec![unit],
                    position: parent.position,
                },
                &who,
            )
            .await
            .expect("goal");
        store
            .create_commitment(
                tenant.id,
                &NewCommitment {
                    goal_id: goal.id,
                    position: 0,
                    text: format!("Kommunen ska nå mål {code}."),
                    status: WorkStatus::NotStarted,
                },
                &who,
            )
            .await
            .expect("commitment");
        let indicator = store
            .create_indicator(
                tenant.id,
                &NewIndicator {
                    name: format!("Mått för {code}"),
                    unit: Some("st".to_string()),
                    decimals: 0,
                    direction: Direction::HigherIsBetter,
                    band_low: None,
                    band_high: None,
                    source: IndicatorSource::Manual,
                    kolada_kpi: None,
                    divided_by_gender: false,
                    responsible_unit: Some(unit),
                    goals: vec![GoalLink {
                        goal_id: goal.id,
                        weight: 1.0,
                    }],
                },
                &who,
            )
            .await
            .expect("indicator");
        store
            .create_target(
                tenant.id,
                &NewTarget {
                    indicator_id: indicator.id,
                    year: 2030,
                    comparator: Comparator::AtLeast,
                    value: 100.0,
                    base_year: None,
                    base_value: None,
                    is_final: true,
                    text_target_id: None,
                },
                &who,
            )
            .await
            .expect("target");
        values.extend((2014..=2023).map(|year| Observation {
            series: indicator.series_key(),
            area: tenant.kolada_id.clone(),
            period: year,
            gender: Gender::Total,
            value: Some(f64::from(year - 2000)),
            status: None,
            count: None,
            source: ObservationSource::Manual,
            fetched_at: OffsetDateTime::now_utc(),
            published: None,
        }));
    }
    store
        .upsert_observations(tenant.id, &values, &who)
        .await
        .expect("values");
}

/// The transactions and queries one GET of `path` costs.
async fn cost(demo: &Demo, path: &str) -> (u64, u64) {
    let counts = demo.store.backend().counts();
    let (transactions, queries) = (counts.transactions(), counts.queries());
    let answer = get(&demo.app, path, Some(&demo.admin)).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    let cost = (
        counts.transactions() - transactions,
        counts.queries() - queries,
    );
    // For the record (`--nocapture`): what a page costs today.
    println!("{path}: {} transaction(s), {} queries", cost.0, cost.1);
    cost
}

async fn goal_id(demo: &Demo, code: &str) -> Id {
    let plan = demo.store.plans(demo.tenant.id).await.expect("plans")[0].id;
    demo.store
        .goals(demo.tenant.id, plan)
        .await
        .expect("goals")
        .into_iter()
        .find(|g| g.code == code)
        .expect("goal")
        .id
}

#[tokio::test]
async fn every_page_reads_through_one_transaction_and_its_queries_do_not_grow_with_the_plan() {
    let small = demo(0).await;
    let large = demo(200).await;
    // 1.4 has committee goals, indicators with values, commitments and assessments;
    // 1.4.1 is a committee goal with its own indicators.
    for code in ["1.4", "1.4.1"] {
        let (small_goal, large_goal) = (goal_id(&small, code).await, goal_id(&large, code).await);
        let page = cost(&small, &format!("/arbeta/mal/{small_goal}")).await;
        assert_eq!(page.0, 1, "goal page {code}: one transaction");
        assert_eq!(
            cost(&large, &format!("/arbeta/mal/{large_goal}")).await,
            page,
            "goal page {code}: as many queries with 200 more goals"
        );
    }
    for path in ["/arbeta", "/arbeta/uppfoljning", "/arbeta/mal"] {
        let page = cost(&small, path).await;
        assert_eq!(page.0, 1, "{path}: one transaction");
        assert_eq!(
            cost(&large, path).await,
            page,
            "{path}: as many queries with 200 more goals"
        );
    }
    // The 200 goals are really there: the overview rolls them up.
    let overview = get(&large.app, "/arbeta", Some(&large.admin)).await;
    assert!(overview.body.contains("Nämndmål") || overview.body.contains(".50"));
}

/// A goal page is derived from the data once per data version: asked for again, it
/// reads only the visitor's session and the version. Any write, here one made beside
/// the server as the command line would, is shown by the very next request.
#[tokio::test]
async fn a_goal_page_is_derived_once_and_again_after_any_write() {
    let demo = demo(0).await;
    let goal = goal_id(&demo, "1.4").await;
    let path = format!("/arbeta/mal/{goal}");
    let first = cost(&demo, &path).await;
    let again = cost(&demo, &path).await;
    assert_eq!(again.0, 1, "one transaction");
    assert!(again.1 < first.1, "kept: {again:?} against {first:?}");
    assert!(
        again.1 <= 4,
        "the session, the user and their units, the version: {again:?}"
    );

    let indicator = demo
        .store
        .indicators_for_goal(demo.tenant.id, goal)
        .await
        .expect("indicators")
        .remove(0);
    demo.store
        .upsert_observations(
            demo.tenant.id,
            &[Observation {
                series: indicator.series_key(),
                area: demo.tenant.kolada_id.clone(),
                period: 2031,
                gender: Gender::Total,
                value: Some(987_654.0),
                status: None,
                count: None,
                source: ObservationSource::Manual,
                fetched_at: OffsetDateTime::now_utc(),
                published: None,
            }],
            &Change::by("the command line"),
        )
        .await
        .expect("values");
    let after = get(&demo.app, &path, Some(&demo.admin)).await;
    assert!(
        after.body.contains("987\u{a0}654") || after.body.contains("987 654"),
        "the new value is shown at once"
    );
    assert_eq!(
        cost(&demo, &path).await,
        again,
        "kept again until the next write"
    );
}
