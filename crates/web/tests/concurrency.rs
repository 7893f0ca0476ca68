//! Many people saving at once on the embedded SQLite database: no save may fail with
//! a server error, and every save the server confirmed is on the audit trail.

mod common;

use axum::http::StatusCode;
use common::{Signed, demo_store, post, sign};
use riktning_domain::{Change, GoalLevel, Id, NewGoal, Role};
use riktning_store::{AssessmentQuery, AuditQuery, Store};

const CLIENTS: usize = 8;
const ROUNDS: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_people_saving_at_once_get_no_server_errors_and_lose_no_saves() {
    let (store, tenant) = demo_store().await;
    let plan = store.plans(tenant.id).await.expect("plans")[0].id;
    let units = store.org_units(tenant.id).await.expect("units");
    let bun = units
        .iter()
        .find(|u| u.short_name.as_deref() == Some("BUN"))
        .expect("BUN")
        .id;
    let parent = store
        .goals(tenant.id, plan)
        .await
        .expect("goals")
        .into_iter()
        .find(|g| g.code == "1.7")
        .expect("1.7");
    let period = store
        .periods(tenant.id, plan)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == "Delår 2024")
        .expect("Delår 2024")
        .id;
    let indicator = store.indicators(tenant.id).await.expect("indicators")[0].clone();
    let app = common::app(&store, &tenant);

    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let goal = store
            .create_goal(
                tenant.id,
                &NewGoal {
                    plan_id: plan,
                    parent_id: Some(parent.id),
                    code: format!("1.7.{}", 50 + client),
                    short_name: None,
                    statement: format!("Mål för samtidighetsprovet {client}"),
                    heading: None,
                    category: None,
                    level: GoalLevel::Committee,
                    political_text: String::new(),
                    agenda2030: Vec::new(),
                    responsible_units: vec![bun],
                    position: parent.position,
                },
                &Change::by("test"),
            )
            .await
            .expect("goal");
        let name = format!("samtidig{client}");
        let signed = sign(&store, tenant.id, &name, Role::Controller, vec![]).await;
        clients.push((name, signed, goal.id));
    }

    let mut tasks = Vec::new();
    for (name, signed, goal) in clients {
        let (app, store) = (app.clone(), store.clone());
        let tenant = tenant.id;
        tasks.push(tokio::spawn(async move {
            work(
                &app,
                &store,
                tenant,
                &signed,
                goal,
                bun,
                period,
                indicator.id,
                &name,
            )
            .await
        }));
    }
    let mut confirmed = 0;
    let mut conflicts = 0;
    for task in tasks {
        let (client_confirmed, client_conflicts, name) = task.await.expect("client");
        let on_trail = store
            .audit_events(tenant.id, &AuditQuery::default())
            .await
            .expect("audit")
            .iter()
            .filter(|e| e.actor == name)
            .count();
        assert_eq!(
            on_trail, client_confirmed,
            "{name}: every confirmed save and nothing else is on the trail"
        );
        confirmed += client_confirmed;
        conflicts += client_conflicts;
    }
    // Every assessment save is on a goal of the client's own, so none of them may be
    // refused; only the shared indicator's edits may meet a newer version.
    assert!(
        confirmed >= CLIENTS * ROUNDS,
        "{confirmed} confirmed, {conflicts} conflicts"
    );
}

/// One person: save their assessment, then edit the shared indicator, `ROUNDS` times.
/// Returns the saves the server confirmed, the conflicts, and the person's name.
#[allow(clippy::too_many_arguments)]
async fn work(
    app: &axum::Router,
    store: &riktning_store_sqlite::SqliteStore,
    tenant: Id,
    signed: &Signed,
    goal: Id,
    unit: Id,
    period: Id,
    indicator: Id,
    name: &str,
) -> (usize, usize, String) {
    let (mut confirmed, mut conflicts) = (0, 0);
    for round in 0..ROUNDS {
        let version = store
            .assessments(
                tenant,
                &AssessmentQuery {
                    period: Some(period),
                    goal: Some(goal),
                    org_unit: Some(unit),
                },
            )
            .await
            .expect("assessments")
            .first()
            .map_or(0, |a| a.version)
            .to_string();
        let analysis = format!("Omgång {round} av {name}");
        let answer = post(
            app,
            &format!("/arbeta/mal/{goal}/bedomning"),
            &signed.cookie,
            &[
                ("csrf", &signed.csrf),
                ("period", &period.to_string()),
                ("enhet", &unit.to_string()),
                ("level", "ej_bedomt"),
                ("reason", "Prov"),
                ("analysis", &analysis),
                ("version", &version),
            ],
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{name}'s own assessment"
        );
        confirmed += 1;

        let stored = store.indicator(tenant, indicator).await.expect("indicator");
        let answer = post(
            app,
            &format!("/arbeta/indikator/{indicator}/redigera"),
            &signed.cookie,
            &[
                ("csrf", &signed.csrf),
                ("version", &stored.version.to_string()),
                ("name", &format!("Indikator {name} {round}")),
                ("decimals", "0"),
                ("direction", stored.direction.as_str()),
            ],
        )
        .await;
        assert!(
            !answer.status.is_server_error(),
            "{name}: {} on an indicator edit",
            answer.status
        );
        match answer.status {
            StatusCode::SEE_OTHER => confirmed += 1,
            StatusCode::CONFLICT => conflicts += 1,
            other => panic!("{name}: unexpected {other} on an indicator edit"),
        }
    }
    (confirmed, conflicts, name.to_string())
}
