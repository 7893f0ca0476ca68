//! The Kolada page: catalogue files uploaded in the browser, comparison groups, and
//! "Hämta värden nu" against a Kolada that runs in the test, with its progress and
//! its record.

mod common;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{Request, StatusCode, header};
use common::{Signed, demo_store, get, post, send, sign};
use riktning_domain::Role;
use riktning_store::{ObservationQuery, Store};
use riktning_store_sqlite::SqliteStore;
use riktning_web::{AppState, WorkspaceOptions, router};

const KOLADA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/kolada");
const BOUNDARY: &str = "riktning-kolada-test";

fn upload(who: &Signed, files: &[(&str, &[u8])]) -> Request<Body> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
        who.csrf
    )
    .into_bytes();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/json\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Request::post("/arbeta/kolada/katalog")
        .header(header::COOKIE, &who.cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .expect("request")
}

fn shared_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{KOLADA}/{name}")).expect("a Kolada file in ../shared/kolada")
}

/// A Kolada that answers every data request with two years of values for each KPI
/// and area asked for, or with `status` when it is not 200.
async fn fake_kolada(status: u16) -> String {
    let app = Router::new().route(
        "/v3/data/kpi/{kpis}/municipality/{areas}",
        axum::routing::get(
            move |Path((kpis, areas)): Path<(String, String)>| async move {
                if status != 200 {
                    return (
                        StatusCode::from_u16(status).unwrap_or(StatusCode::NOT_FOUND),
                        "no such thing".to_string(),
                    );
                }
                let mut values = Vec::new();
                for kpi in kpis.split(',') {
                    for area in areas.split(',') {
                        for (period, value) in [(2022, 41.5), (2023, 43.25)] {
                            values.push(serde_json::json!({
                            "kpi": kpi, "municipality": area, "period": period,
                            "values": [{"gender": "T", "value": value, "count": 1, "status": ""}]
                        }));
                        }
                    }
                }
                let page =
                    serde_json::json!({"count": values.len(), "next_url": null, "values": values});
                (StatusCode::OK, page.to_string())
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{address}/v3")
}

async fn site(kolada_url: &str) -> (SqliteStore, riktning_domain::Tenant, Router) {
    let (store, tenant) = demo_store().await;
    let app = router(Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &WorkspaceOptions {
            demo: true,
            kolada_url: kolada_url.to_string(),
            ..Default::default()
        },
    )));
    (store, tenant, app)
}

/// Waits for the background job to end, and returns its line.
async fn job_line(app: &Router, who: &Signed) -> String {
    for _ in 0..200 {
        let status = get(app, "/arbeta/kolada/status", Some(who)).await;
        let json: serde_json::Value = serde_json::from_str(&status.body).expect("JSON");
        if json["running"] == false {
            return json["text"].as_str().unwrap_or_default().to_string();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the Kolada job did not end");
}

#[tokio::test]
async fn catalogue_files_are_uploaded_whole_or_not_at_all() {
    let (store, tenant, app) = site("http://127.0.0.1:9/v3").await;
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let reporter = sign(&store, tenant.id, "reporter", Role::Reporter, vec![]).await;
    let before = store.kpi_catalogue(tenant.id).await.expect("kpis").len();

    let refused = send(&app, upload(&reporter, &[("kpi.json", b"[]")])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // One good file and one broken one: nothing is stored, and the page says which.
    let kpis = shared_file("kpi.json");
    let broken = send(
        &app,
        upload(
            &controller,
            &[
                ("kpi.json", &kpis),
                ("trasig.json", b"{\"values\": [{\"id\": "),
            ],
        ),
    )
    .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("Filen trasig.json"), "{}", broken.body);
    assert!(broken.body.contains("ingenting sparades"));
    assert_eq!(
        store.kpi_catalogue(tenant.id).await.expect("kpis").len(),
        before
    );

    let loaded = send(
        &app,
        upload(
            &controller,
            &[
                ("kpi.json", &kpis),
                ("municipality.json", &shared_file("municipality.json")),
                (
                    "municipality_groups.json",
                    &shared_file("municipality_groups.json"),
                ),
            ],
        ),
    )
    .await;
    assert_eq!(loaded.status, StatusCode::OK, "{}", loaded.body);
    assert!(loaded.body.contains("Katalogen är inläst:"));
    let stored = store.kpi_catalogue(tenant.id).await.expect("kpis").len();
    assert!(stored > 5000, "{stored}");
    assert!(store.area_groups(tenant.id).await.expect("groups").len() > 100);

    // Without a search, the groups Östersund is a member of are offered.
    let page = get(&app, "/arbeta/kolada", Some(&controller)).await;
    assert!(page.body.contains("Grupper som kommunen ingår i"));
    let group = store
        .area_groups(tenant.id)
        .await
        .expect("groups")
        .into_iter()
        .find(|g| g.members.iter().any(|m| m == "2380"))
        .expect("a group with Östersund");
    assert!(page.body.contains(&format!("value=\"{}\"", group.id)));
    let saved = post(
        &app,
        "/arbeta/kolada/jamforelse",
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("group", &group.id),
            ("group", "G-finns-inte"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        store.comparison_groups(tenant.id).await.expect("groups"),
        vec![group.id.clone()],
        "only loaded groups are kept"
    );
    let shown = get(&app, &saved.location, Some(&controller)).await;
    assert!(shown.body.contains("Jämförelsegrupperna är sparade."));
    assert!(
        shown
            .body
            .contains(&format!("value=\"{}\" checked", group.id))
    );
}

#[tokio::test]
async fn values_are_fetched_now_with_progress_and_a_record() {
    let kolada = fake_kolada(200).await;
    let (store, tenant, app) = site(&kolada).await;
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let reader = sign(&store, tenant.id, "revisor", Role::Reader, vec![]).await;

    let refused = post(
        &app,
        "/arbeta/kolada/hamta",
        &reader.cookie,
        &[("csrf", &reader.csrf)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let started = post(
        &app,
        "/arbeta/kolada/hamta",
        &controller.cookie,
        &[("csrf", &controller.csrf)],
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    assert_eq!(started.location, "/arbeta/kolada?klart=startad");
    let line = job_line(&app, &controller).await;
    assert!(line.starts_with("Hämtning av värden klar"), "{line}");
    assert!(line.contains("nya"), "{line}");

    let summaries = store.sync_summaries(tenant.id, 5).await.expect("record");
    assert_eq!(summaries.len(), 1);
    assert!(summaries[0].finished_at.is_some());
    assert!(summaries[0].inserted > 0);
    let fetched = store
        .observations(tenant.id, &ObservationQuery::default())
        .await
        .expect("observations");
    assert!(
        fetched
            .iter()
            .any(|o| o.period == 2023 && o.value == Some(43.25)),
        "the fetched values are stored"
    );
    let page = get(&app, "/arbeta/kolada", Some(&reader)).await;
    assert!(page.body.contains("De senaste hämtningarna"));
    assert!(
        !page.body.contains("action=\"/arbeta/kolada/hamta\""),
        "a reader gets no button"
    );
}

#[tokio::test]
async fn a_fetch_that_fails_says_so_and_what_to_do() {
    let kolada = fake_kolada(404).await;
    let (store, tenant, app) = site(&kolada).await;
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let started = post(
        &app,
        "/arbeta/kolada/hamta",
        &controller.cookie,
        &[("csrf", &controller.csrf)],
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let line = job_line(&app, &controller).await;
    assert!(line.contains("Hämtningen avbröts."), "{line}");
    assert!(line.contains("Försök igen"), "{line}");
    let page = get(&app, "/arbeta/kolada", Some(&controller)).await;
    assert!(
        page.body.contains("pågår eller avbröts"),
        "the record keeps it"
    );
}
