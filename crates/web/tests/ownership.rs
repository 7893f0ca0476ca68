//! Authorisation by ownership, proved over every role, every set of units a user can
//! have, every POST route that changes the plan, and objects that belong to the
//! user's own units, to others, and to both. The rule is written once below, apart
//! from the product's code; each request runs on a fresh copy of one prepared
//! database, and a refused request must leave the audit trail and the row as they were.
//!
//! The cases the hardening issue found by hand are tests of their own at the end.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use common::{Signed, post, sign};
use riktning_domain::{
    AssessmentContent, Change, CommitmentStatus, Comparator, Direction, GoalLevel, GoalLink, Id,
    IndicatorSource, NewActivity, NewCommitment, NewGoal, NewIndicator, NewTarget, Role,
    Transition, WorkStatus,
};
use riktning_store::{AssessmentQuery, AuditQuery, Store};
use riktning_store_sqlite::SqliteStore;

/// Who a thing belongs to, as the test sees it: org units, or the plan as a whole
/// (a decision, or a link no reporter may make).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Unit(Id),
    Plan,
}

/// The rule: administrators and controllers change anything; a reporter only what
/// belongs to their own units alone, before and after; a reader nothing.
fn may(role: Role, user_units: &[Id], owners: &BTreeSet<Owner>) -> bool {
    match role {
        Role::Administrator | Role::Controller => true,
        Role::Reader => false,
        Role::Reporter => {
            !owners.is_empty()
                && owners
                    .iter()
                    .all(|o| matches!(o, Owner::Unit(u) if user_units.contains(u)))
        }
    }
}

/// What a request touches, to compare before and after a refusal.
#[derive(Debug, Clone, Copy)]
enum Row {
    Goal(Id),
    Indicator(Id),
    Targets(Id),
    Activity(Id),
    Assessment(Id),
    /// An indicator's values (its series).
    Values(Id),
    /// A creation: the audit trail alone says whether anything was added.
    New,
}

struct Case {
    name: String,
    path: String,
    fields: Vec<(String, String)>,
    owners: BTreeSet<Owner>,
    row: Row,
}

struct User {
    name: &'static str,
    role: Role,
    units: Vec<Id>,
    signed: Signed,
}

struct Prepared {
    template: PathBuf,
    users: Vec<User>,
    cases: Vec<Case>,
}

fn units_of(ids: &[Id]) -> BTreeSet<Owner> {
    let mut owners: BTreeSet<Owner> = ids.iter().map(|u| Owner::Unit(*u)).collect();
    if owners.is_empty() {
        owners.insert(Owner::Plan);
    }
    owners
}

fn fields(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// Owners of a thing with its own unit, linked to goals: its unit and each goal's.
async fn linked_owners(
    store: &SqliteStore,
    tenant: Id,
    unit: Option<Id>,
    goals: &[Id],
) -> BTreeSet<Owner> {
    let mut owners: BTreeSet<Owner> = unit.iter().map(|u| Owner::Unit(*u)).collect();
    for goal in goals {
        owners.extend(units_of(
            &store
                .goal(tenant, *goal)
                .await
                .expect("goal")
                .responsible_units,
        ));
    }
    if owners.is_empty() {
        owners.insert(Owner::Plan);
    }
    owners
}

async fn prepare() -> Prepared {
    let (store, tenant) = common::demo_store().await;
    let tenant = tenant.id;
    let change = Change::by("test");
    let plan = store.plans(tenant).await.expect("plans")[0].id;
    let units = store.org_units(tenant).await.expect("units");
    let unit = |short: &str| {
        units
            .iter()
            .find(|u| u.short_name.as_deref() == Some(short))
            .map(|u| u.id)
            .expect("unit")
    };
    let (ks, bun, von, sbn) = (unit("KS"), unit("BUN"), unit("VON"), unit("SBN"));
    let goals = store.goals(tenant, plan).await.expect("goals");
    let goal = |code: &str| {
        goals
            .iter()
            .find(|g| g.code == code)
            .cloned()
            .expect("goal")
    };
    let (council, bun_goal, von_goal) = (goal("1.4"), goal("1.7.1"), goal("1.8.1"));
    let period = store
        .periods(tenant, plan)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == "Delår 2024")
        .expect("Delår 2024")
        .id;

    // Things shared by BUN and VON, which the demo does not have.
    let new_goal = |code: &str| NewGoal {
        plan_id: plan,
        parent_id: Some(goal("1.7").id),
        code: code.to_string(),
        short_name: None,
        statement: format!("Ett mål som BUN och VON delar ({code})"),
        heading: None,
        category: None,
        level: GoalLevel::Committee,
        political_text: String::new(),
        agenda2030: Vec::new(),
        responsible_units: vec![bun, von],
        position: 7,
    };
    let shared_goal = store
        .create_goal(tenant, &new_goal("1.7.8"), &change)
        .await
        .expect("goal");
    let workflow_goal = store
        .create_goal(tenant, &new_goal("1.7.9"), &change)
        .await
        .expect("goal");
    let shared_indicator = store
        .create_indicator(
            tenant,
            &NewIndicator {
                name: "Delad indikator".to_string(),
                unit: Some("st".to_string()),
                decimals: 0,
                direction: Direction::HigherIsBetter,
                band_low: None,
                band_high: None,
                source: IndicatorSource::Manual,
                kolada_kpi: None,
                divided_by_gender: false,
                responsible_unit: Some(bun),
                goals: vec![
                    GoalLink {
                        goal_id: bun_goal.id,
                        weight: 1.0,
                    },
                    GoalLink {
                        goal_id: von_goal.id,
                        weight: 1.0,
                    },
                ],
            },
            &change,
        )
        .await
        .expect("indicator");
    let indicators = store.indicators(tenant).await.expect("indicators");
    let population = indicators
        .iter()
        .find(|i| i.goals.iter().any(|l| l.goal_id == council.id))
        .cloned()
        .expect("the population indicator, shared by 1.4 and 1.4.1");
    let bun_indicator = indicators
        .iter()
        .find(|i| i.goals.iter().all(|l| l.goal_id == bun_goal.id) && !i.goals.is_empty())
        .cloned()
        .expect("an indicator of 1.7.1 alone");
    let mut target_of = std::collections::HashMap::new();
    for indicator in [&population, &bun_indicator, &shared_indicator] {
        let target = store
            .create_target(
                tenant,
                &NewTarget {
                    indicator_id: indicator.id,
                    year: 2029,
                    comparator: Comparator::AtLeast,
                    value: 1.0,
                    base_year: None,
                    base_value: None,
                    is_final: false,
                    text_target_id: None,
                },
                &change,
            )
            .await
            .expect("target");
        target_of.insert(indicator.id, target);
    }
    let new_activity = |title: &str, unit: Id, goals: Vec<Id>| NewActivity {
        plan_id: plan,
        kind: riktning_domain::ActivityKind::Activity,
        title: title.to_string(),
        description: String::new(),
        responsible_unit: Some(unit),
        goals,
        starts_on: None,
        due_on: None,
        status: WorkStatus::NotStarted,
    };
    let bun_activity = store
        .create_activity(
            tenant,
            &new_activity("BUN:s egen", bun, vec![bun_goal.id]),
            &change,
        )
        .await
        .expect("activity");
    let bun_for_von = store
        .create_activity(
            tenant,
            &new_activity("BUN för VON", bun, vec![von_goal.id]),
            &change,
        )
        .await
        .expect("activity");
    let ks_activity = store
        .create_activity(tenant, &new_activity("KS:s", ks, vec![council.id]), &change)
        .await
        .expect("activity");
    let council_commitment = store.commitments(tenant, council.id).await.expect("c")[0].clone();
    let shared_commitment = store
        .create_commitment(
            tenant,
            &NewCommitment {
                goal_id: shared_goal.id,
                position: 1,
                text: "Vi ska samverka".to_string(),
                status: CommitmentStatus::NotStarted,
            },
            &change,
        )
        .await
        .expect("commitment");
    let draft = |unit: Id| AssessmentContent {
        goal_id: workflow_goal.id,
        period_id: period,
        org_unit_id: unit,
        level: "ej_bedomt".to_string(),
        analysis: String::new(),
        actions: String::new(),
        suggestion: None,
        deviation_reason: None,
    };
    let bun_draft = store
        .create_assessment(tenant, &draft(bun), &change)
        .await
        .expect("a");
    let von_submitted = store
        .create_assessment(tenant, &draft(von), &change)
        .await
        .expect("a");
    let von_submitted = store
        .transition_assessment(
            tenant,
            von_submitted.id,
            von_submitted.version,
            &Transition::Submit,
            &change,
        )
        .await
        .expect("submit");

    let mut users = Vec::new();
    for (name, role, units) in [
        ("admin", Role::Administrator, vec![]),
        ("controller", Role::Controller, vec![]),
        ("bun", Role::Reporter, vec![bun]),
        ("von", Role::Reporter, vec![von]),
        ("bun.von", Role::Reporter, vec![bun, von]),
        ("ks", Role::Reporter, vec![ks]),
        ("sbn", Role::Reporter, vec![sbn]),
        ("ingen", Role::Reporter, vec![]),
        ("revisor", Role::Reader, vec![bun]),
    ] {
        let signed = sign(&store, tenant, name, role, units.clone()).await;
        users.push(User {
            name,
            role,
            units,
            signed,
        });
    }

    let p = period.to_string();
    let mut cases = Vec::new();
    let mut case = |name: String,
                    path: String,
                    fields: Vec<(String, String)>,
                    owners: BTreeSet<Owner>,
                    row: Row| {
        cases.push(Case {
            name,
            path,
            fields,
            owners,
            row,
        });
    };

    // Assessments: the unit's own, of a goal that unit answers for. (An assessment
    // by a unit that does not answer for the goal is refused to everyone; see the
    // last test.)
    for (goal, unit) in [(&shared_goal, bun), (&shared_goal, von), (&council, ks)] {
        case(
            format!("assess {} for unit {unit}", goal.code),
            format!("/arbeta/mal/{}/bedomning", goal.id),
            fields(&[
                ("period", p.clone()),
                ("enhet", unit.to_string()),
                ("level", "ej_bedomt".to_string()),
                ("reason", "Prövning".to_string()),
                ("version", "0".to_string()),
            ]),
            units_of(&[unit]),
            Row::New,
        );
    }
    case(
        "submit BUN's draft".to_string(),
        format!("/arbeta/bedomning/{}/skicka", bun_draft.id),
        fields(&[("version", bun_draft.version.to_string())]),
        units_of(&[bun]),
        Row::Assessment(bun_draft.id),
    );
    for step in ["godkann", "aterskicka"] {
        case(
            format!("{step} VON's submitted assessment"),
            format!("/arbeta/bedomning/{}/{step}", von_submitted.id),
            fields(&[
                ("version", von_submitted.version.to_string()),
                ("comment", "Komplettera".to_string()),
            ]),
            BTreeSet::from([Owner::Plan]),
            Row::Assessment(von_submitted.id),
        );
    }

    // Progress on activities and commitments.
    for activity in [&bun_activity, &bun_for_von, &ks_activity] {
        case(
            format!("report on activity '{}'", activity.title),
            format!("/arbeta/aktivitet/{}/lage", activity.id),
            fields(&[("period", p.clone()), ("status", "ongoing".to_string())]),
            linked_owners(&store, tenant, activity.responsible_unit, &activity.goals).await,
            Row::New,
        );
    }
    for (goal, commitment) in [
        (&council, &council_commitment),
        (&shared_goal, &shared_commitment),
    ] {
        case(
            format!("report on a commitment of {}", goal.code),
            format!("/arbeta/mal/{}/atagande/{}/lage", goal.id, commitment.id),
            fields(&[("period", p.clone()), ("status", "ongoing".to_string())]),
            units_of(&goal.responsible_units),
            Row::New,
        );
    }

    // New activities, with and without a goal to serve.
    for (unit, goal) in [
        (bun, None),
        (bun, Some(&bun_goal)),
        (bun, Some(&von_goal)),
        (sbn, Some(&council)),
    ] {
        let mut pairs = vec![
            ("period", p.clone()),
            ("title", "Ny aktivitet".to_string()),
            ("unit", unit.to_string()),
        ];
        if let Some(goal) = goal {
            pairs.push(("goal", goal.id.to_string()));
        }
        case(
            format!(
                "add an activity of unit {unit} for {:?}",
                goal.map(|g| &g.code)
            ),
            "/arbeta/aktiviteter".to_string(),
            fields(&pairs),
            linked_owners(
                &store,
                tenant,
                Some(unit),
                &goal.map(|g| vec![g.id]).unwrap_or_default(),
            )
            .await,
            Row::New,
        );
    }

    // Activities edited, keeping their unit or moving to another.
    for (activity, new_unit) in [
        (&bun_activity, bun),
        (&bun_activity, von),
        (&bun_for_von, bun),
        (&ks_activity, ks),
    ] {
        let before =
            linked_owners(&store, tenant, activity.responsible_unit, &activity.goals).await;
        let after = linked_owners(&store, tenant, Some(new_unit), &activity.goals).await;
        case(
            format!("edit activity '{}' to unit {new_unit}", activity.title),
            format!("/arbeta/aktivitet/{}/redigera", activity.id),
            fields(&[
                ("version", activity.version.to_string()),
                ("title", "Nytt namn".to_string()),
                ("kind", "activity".to_string()),
                ("unit", new_unit.to_string()),
            ]),
            before.union(&after).copied().collect(),
            Row::Activity(activity.id),
        );
    }

    // Goals: broken down under the council's goal, and edited.
    for chosen in [vec![bun], vec![bun, von], vec![ks]] {
        let mut pairs = vec![
            ("code", "1.4.7".to_string()),
            ("statement", "Ett nytt mål".to_string()),
        ];
        pairs.extend(chosen.iter().map(|u| ("unit", u.to_string())));
        case(
            format!("break 1.4 down for units {chosen:?}"),
            format!("/arbeta/mal/ny?forelder={}", council.id),
            fields(&pairs),
            units_of(&chosen),
            Row::New,
        );
    }
    for (goal, chosen) in [
        (&bun_goal, vec![bun]),
        (&bun_goal, vec![bun, von]),
        (&shared_goal, vec![bun, von]),
        (&council, vec![ks]),
    ] {
        let mut pairs = vec![
            ("version", goal.version.to_string()),
            ("statement", "Omformulerat".to_string()),
        ];
        pairs.extend(chosen.iter().map(|u| ("unit", u.to_string())));
        let owners: BTreeSet<Owner> = units_of(&goal.responsible_units)
            .union(&units_of(&chosen))
            .copied()
            .collect();
        case(
            format!("edit {} for units {chosen:?}", goal.code),
            format!("/arbeta/mal/{}/redigera", goal.id),
            fields(&pairs),
            owners,
            Row::Goal(goal.id),
        );
    }

    // Indicators: added to a goal, edited, and their targets added and removed.
    for goal in [&bun_goal, &shared_goal, &council] {
        case(
            format!("add an indicator to {}", goal.code),
            format!("/arbeta/mal/{}/indikator", goal.id),
            fields(&[
                ("name", "Ny indikator".to_string()),
                ("direction", "higher_is_better".to_string()),
            ]),
            units_of(&goal.responsible_units),
            Row::New,
        );
    }
    for indicator in [&population, &bun_indicator, &shared_indicator] {
        let owners = linked_owners(
            &store,
            tenant,
            indicator.responsible_unit,
            &indicator
                .goals
                .iter()
                .map(|l| l.goal_id)
                .collect::<Vec<_>>(),
        )
        .await;
        let mut settings = fields(&[
            ("version", indicator.version.to_string()),
            ("name", "Nytt namn".to_string()),
            ("unit", "st".to_string()),
            ("decimals", "0".to_string()),
            ("direction", "lower_is_better".to_string()),
        ]);
        settings.extend(
            indicator
                .goals
                .iter()
                .map(|l| (format!("weight-{}", l.goal_id), "2".to_string())),
        );
        case(
            format!("edit indicator '{}'", indicator.name),
            format!("/arbeta/indikator/{}/redigera", indicator.id),
            settings,
            owners.clone(),
            Row::Indicator(indicator.id),
        );
        case(
            format!("add a target to '{}'", indicator.name),
            format!("/arbeta/indikator/{}/malvarden", indicator.id),
            fields(&[("year", "2031".to_string()), ("value", "5".to_string())]),
            owners.clone(),
            Row::Targets(indicator.id),
        );
        let target = &target_of[&indicator.id];
        if indicator.source != IndicatorSource::Kolada {
            case(
                format!("enter a value of '{}'", indicator.name),
                format!("/arbeta/indikator/{}/varden", indicator.id),
                fields(&[("year", "2024".to_string()), ("value", "7,5".to_string())]),
                owners.clone(),
                Row::Values(indicator.id),
            );
        }
        case(
            format!("remove a target of '{}'", indicator.name),
            format!(
                "/arbeta/indikator/{}/malvarden/{}/ta-bort",
                indicator.id, target.id
            ),
            fields(&[("version", target.version.to_string())]),
            owners,
            Row::Targets(indicator.id),
        );
    }

    let dir = tempfile::tempdir().expect("temp").keep();
    let template = dir.join("template.db");
    riktning_store_sqlite::backup(store.backend(), &template)
        .await
        .expect("template");
    Prepared {
        template,
        users,
        cases,
    }
}

async fn snapshot(store: &SqliteStore, tenant: Id, row: Row) -> String {
    match row {
        Row::Goal(id) => format!("{:?}", store.goal(tenant, id).await),
        Row::Indicator(id) => format!("{:?}", store.indicator(tenant, id).await),
        Row::Targets(id) => format!("{:?}", store.targets(tenant, id).await),
        Row::Activity(id) => format!("{:?}", store.activity(tenant, id).await),
        Row::Assessment(id) => format!("{:?}", store.assessment(tenant, id).await),
        Row::Values(id) => {
            let series = store
                .indicator(tenant, id)
                .await
                .map(|i| i.series_key())
                .unwrap_or_default();
            format!(
                "{:?}",
                store
                    .observations(tenant, &riktning_store::ObservationQuery::series(series))
                    .await
            )
        }
        Row::New => String::new(),
    }
}

async fn copy_of(template: &Path) -> (SqliteStore, riktning_domain::Tenant) {
    let dir = tempfile::tempdir().expect("temp").keep();
    let path = dir.join("case.db");
    std::fs::copy(template, &path).expect("copy");
    let store = riktning_store_sqlite::open(&path.to_string_lossy())
        .await
        .expect("open");
    let tenant = store.tenants().await.expect("tenants").remove(0);
    (store, tenant)
}

#[tokio::test]
async fn every_post_is_allowed_exactly_when_every_unit_it_touches_is_the_users_own() {
    let prepared = prepare().await;
    assert!(prepared.cases.len() >= 30, "{} cases", prepared.cases.len());
    let mut checked = 0;
    let mut allowed_to_reporters = 0;
    let mut refused_to_reporters = 0;
    for case in &prepared.cases {
        for user in &prepared.users {
            let (store, tenant) = copy_of(&prepared.template).await;
            let app = common::app(&store, &tenant);
            let audit_before = store
                .audit_events(tenant.id, &AuditQuery::default())
                .await
                .expect("audit")
                .len();
            let row_before = snapshot(&store, tenant.id, case.row).await;
            let mut form = vec![("csrf", user.signed.csrf.as_str())];
            form.extend(case.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let answer = post(&app, &case.path, &user.signed.cookie, &form).await;
            let expected = may(user.role, &user.units, &case.owners);
            let what = format!("{} by {} (owners {:?})", case.name, user.name, case.owners);
            if expected {
                assert_eq!(
                    answer.status,
                    StatusCode::SEE_OTHER,
                    "{what} should be done: {}",
                    answer.status.as_u16().to_string()
                        + &answer
                            .body
                            .lines()
                            .filter(|l| l.contains("error"))
                            .collect::<Vec<_>>()
                            .join("\n")
                );
                let audit_after = store
                    .audit_events(tenant.id, &AuditQuery::default())
                    .await
                    .expect("audit")
                    .len();
                assert!(
                    audit_after > audit_before,
                    "{what} was allowed but recorded nothing"
                );
                if user.role == Role::Reporter {
                    allowed_to_reporters += 1;
                }
            } else {
                assert_eq!(
                    answer.status,
                    StatusCode::FORBIDDEN,
                    "{what} should be refused"
                );
                let audit_after = store
                    .audit_events(tenant.id, &AuditQuery::default())
                    .await
                    .expect("audit")
                    .len();
                assert_eq!(
                    audit_before, audit_after,
                    "{what} was refused but changed the trail"
                );
                assert_eq!(
                    row_before,
                    snapshot(&store, tenant.id, case.row).await,
                    "{what} was refused but changed the row"
                );
                if user.role == Role::Reporter {
                    refused_to_reporters += 1;
                }
            }
            store.backend().pool().close().await;
            checked += 1;
        }
    }
    // The table must exercise both sides of the rule for reporters.
    assert!(
        allowed_to_reporters > 10,
        "{allowed_to_reporters} allowed to reporters"
    );
    assert!(
        refused_to_reporters > 30,
        "{refused_to_reporters} refused to reporters"
    );
    assert_eq!(checked, prepared.cases.len() * prepared.users.len());
}

/// The demo with a reporter for SBN, whose goal 1.4.1 shares the population
/// indicator with the council's goal 1.4.
struct Demo {
    store: SqliteStore,
    app: axum::Router,
    tenant: Id,
    sbn: Signed,
    units: std::collections::HashMap<String, Id>,
    plan: Id,
    period: Id,
}

async fn demo() -> Demo {
    let (store, tenant) = common::demo_store().await;
    let units = store
        .org_units(tenant.id)
        .await
        .expect("units")
        .into_iter()
        .filter_map(|u| Some((u.short_name?, u.id)))
        .collect::<std::collections::HashMap<_, _>>();
    let sbn = sign(
        &store,
        tenant.id,
        "sbn.sekreterare",
        Role::Reporter,
        vec![units["SBN"]],
    )
    .await;
    let plan = store.plans(tenant.id).await.expect("plans")[0].id;
    let period = store
        .periods(tenant.id, plan)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.is_open())
        .expect("an open period")
        .id;
    let app = common::app(&store, &tenant);
    Demo {
        store,
        app,
        tenant: tenant.id,
        sbn,
        units,
        plan,
        period,
    }
}

impl Demo {
    async fn goal(&self, code: &str) -> riktning_domain::Goal {
        self.store
            .goals(self.tenant, self.plan)
            .await
            .expect("goals")
            .into_iter()
            .find(|g| g.code == code)
            .expect("goal")
    }

    async fn population(&self) -> riktning_domain::Indicator {
        self.store
            .indicators(self.tenant)
            .await
            .expect("indicators")
            .into_iter()
            .find(|i| i.kolada_kpi.as_deref() == Some("N01951"))
            .expect("N01951")
    }

    async fn trail(&self) -> usize {
        self.store
            .audit_events(self.tenant, &AuditQuery::default())
            .await
            .expect("audit")
            .len()
    }

    /// Posts as SBN's reporter and checks the refusal changed nothing on the trail.
    async fn refused(&self, path: &str, fields: &[(&str, &str)]) {
        let before = self.trail().await;
        let mut form = vec![("csrf", self.sbn.csrf.as_str())];
        form.extend_from_slice(fields);
        let answer = post(&self.app, path, &self.sbn.cookie, &form).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            answer.body
        );
        assert_eq!(before, self.trail().await, "{path} changed the trail");
    }
}

#[tokio::test]
async fn a_committee_reporter_cannot_delete_the_councils_population_target() {
    let demo = demo().await;
    let indicator = demo.population().await;
    let target = demo
        .store
        .targets(demo.tenant, indicator.id)
        .await
        .expect("targets")
        .into_iter()
        .find(|t| t.year == 2040)
        .expect("75 000 in 2040");
    demo.refused(
        &format!(
            "/arbeta/indikator/{}/malvarden/{}/ta-bort",
            indicator.id, target.id
        ),
        &[("version", &target.version.to_string())],
    )
    .await;
    let targets = demo
        .store
        .targets(demo.tenant, indicator.id)
        .await
        .expect("targets");
    assert!(
        targets
            .iter()
            .any(|t| t.id == target.id && t.value == 75_000.0)
    );
}

#[tokio::test]
async fn a_committee_reporter_cannot_rename_flip_or_reweigh_a_shared_indicator() {
    let demo = demo().await;
    let indicator = demo.population().await;
    let council = demo.goal("1.4").await;
    let version = indicator.version.to_string();
    let weight_field = format!("weight-{}", council.id);
    for change in [
        vec![("name", "Omdöpt"), ("direction", "higher_is_better")],
        vec![
            ("name", indicator.name.as_str()),
            ("direction", "lower_is_better"),
        ],
        vec![
            ("name", indicator.name.as_str()),
            ("direction", "higher_is_better"),
            (weight_field.as_str(), "5"),
        ],
    ] {
        let mut fields = vec![("version", version.as_str()), ("decimals", "0")];
        fields.extend(change);
        demo.refused(
            &format!("/arbeta/indikator/{}/redigera", indicator.id),
            &fields,
        )
        .await;
    }
    assert_eq!(demo.population().await, indicator);
    // The pages offer no edit either: the goal page has no edit link for it, and the
    // targets page shows them without forms.
    let page = common::get(
        &demo.app,
        &format!("/arbeta/mal/{}", demo.goal("1.4.1").await.id),
        Some(&demo.sbn),
    )
    .await;
    assert!(
        !page
            .body
            .contains(&format!("/arbeta/indikator/{}/redigera", indicator.id))
    );
    let targets = common::get(
        &demo.app,
        &format!("/arbeta/indikator/{}/malvarden", indicator.id),
        Some(&demo.sbn),
    )
    .await;
    assert_eq!(targets.status, StatusCode::OK);
    assert!(
        !targets.body.contains("ta-bort"),
        "no remove buttons for a read-only indicator"
    );
}

#[tokio::test]
async fn a_committee_reporter_cannot_add_other_committees_to_their_own_goal() {
    let demo = demo().await;
    let own = demo.goal("1.4.1").await;
    let (sbn, bun, von) = (
        demo.units["SBN"].to_string(),
        demo.units["BUN"].to_string(),
        demo.units["VON"].to_string(),
    );
    demo.refused(
        &format!("/arbeta/mal/{}/redigera", own.id),
        &[
            ("version", &own.version.to_string()),
            ("statement", &own.statement),
            ("unit", &sbn),
            ("unit", &bun),
            ("unit", &von),
        ],
    )
    .await;
    assert_eq!(demo.goal("1.4.1").await, own);
}

#[tokio::test]
async fn a_committee_reporter_cannot_create_a_goal_under_the_council_for_another_committee_too() {
    let demo = demo().await;
    let council = demo.goal("1.4").await;
    let (sbn, bun) = (demo.units["SBN"].to_string(), demo.units["BUN"].to_string());
    demo.refused(
        &format!("/arbeta/mal/ny?forelder={}", council.id),
        &[
            ("code", "1.4.9"),
            ("statement", "Delat mål"),
            ("unit", &sbn),
            ("unit", &bun),
        ],
    )
    .await;
    // Their own goal under the council's goal is what breaking down means, and works.
    let mut form = vec![("csrf", demo.sbn.csrf.as_str())];
    form.extend([
        ("code", "1.4.9"),
        ("statement", "Eget mål"),
        ("unit", sbn.as_str()),
    ]);
    let answer = post(
        &demo.app,
        &format!("/arbeta/mal/ny?forelder={}", council.id),
        &demo.sbn.cookie,
        &form,
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
}

#[tokio::test]
async fn a_committee_reporter_cannot_link_their_activity_to_another_committees_goal() {
    let demo = demo().await;
    let bun_goal = demo.goal("1.7.1").await;
    let (period, sbn) = (demo.period.to_string(), demo.units["SBN"].to_string());
    demo.refused(
        "/arbeta/aktiviteter",
        &[
            ("period", &period),
            ("title", "SBN:s aktivitet"),
            ("unit", &sbn),
            ("goal", &bun_goal.id.to_string()),
        ],
    )
    .await;
    let activities = demo
        .store
        .activities(demo.tenant, demo.plan)
        .await
        .expect("activities");
    assert!(!activities.iter().any(|a| a.title == "SBN:s aktivitet"));
    // Nor assess a goal SBN does not answer for, under SBN's name.
    demo.refused(
        &format!("/arbeta/mal/{}/bedomning", bun_goal.id),
        &[
            ("period", &period),
            ("enhet", &sbn),
            ("level", "ej_bedomt"),
            ("reason", "x"),
        ],
    )
    .await;
    let assessments = demo
        .store
        .assessments(
            demo.tenant,
            &AssessmentQuery {
                goal: Some(bun_goal.id),
                org_unit: Some(demo.units["SBN"]),
                ..Default::default()
            },
        )
        .await
        .expect("assessments");
    assert!(assessments.is_empty());
    // A controller is refused too: the unit does not answer for the goal.
    let controller = sign(
        &demo.store,
        demo.tenant,
        "controller",
        Role::Controller,
        vec![],
    )
    .await;
    let before = demo.trail().await;
    let answer = post(
        &demo.app,
        &format!("/arbeta/mal/{}/bedomning", bun_goal.id),
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("period", &period),
            ("enhet", &sbn),
            ("level", "ej_bedomt"),
            ("reason", "x"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(before, demo.trail().await);
}
