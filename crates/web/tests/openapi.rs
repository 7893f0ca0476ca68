//! The read API's OpenAPI description: a snapshot keeps it from drifting unnoticed,
//! and every path it names is served, with answers of the shape it describes.
//! After an intended change: `UPDATE_SNAPSHOTS=1 cargo test -p riktning-web --test openapi`.

mod common;

use axum::http::StatusCode;
use common::{demo_store, get};

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");

#[test]
fn the_openapi_description_matches_its_snapshot() {
    let generated = riktning_web::openapi::openapi_json();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(SNAPSHOT, &generated).expect("writing the snapshot");
        return;
    }
    let kept = std::fs::read_to_string(SNAPSHOT).expect("the snapshot");
    assert!(
        kept == generated,
        "the API description changed; if that is intended, run with UPDATE_SNAPSHOTS=1 and commit {SNAPSHOT}"
    );
    let spec: serde_json::Value = serde_json::from_str(&generated).expect("JSON");
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
}

#[tokio::test]
async fn every_described_path_is_served_with_the_described_shape() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let served = get(&app, "/api/openapi.json", None).await;
    assert_eq!(served.status, StatusCode::OK);
    let spec: serde_json::Value = serde_json::from_str(&served.body).expect("JSON");
    let list = get(&app, "/api/v1/publikationer", None).await;
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("list");
    let id = list["items"][0]["id"].as_i64().expect("a publication");
    let goals = get(
        &app,
        &format!("/api/v1/publikationer/{id}/mal?council=true"),
        None,
    )
    .await;
    let goals: serde_json::Value = serde_json::from_str(&goals.body).expect("goals");
    let goal = goals["items"][0]["id"].as_i64().expect("a council goal");
    let paths = spec["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), 8, "{:?}", paths.keys());
    for (path, operations) in paths {
        let concrete = path
            .replace("{id}", &id.to_string())
            .replace("{goal}", &goal.to_string());
        let (method, operation) = operations
            .as_object()
            .and_then(|ops| ops.iter().next())
            .expect("an operation");
        if operation.get("security").is_some() {
            // The write API: without a token, a 401 problem document.
            let request = axum::http::Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&concrete)
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{}"))
                .expect("request");
            let answer = common::send(&app, request).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{concrete}");
            assert!(answer.body.contains("\"status\":401"), "{concrete}");
            continue;
        }
        let answer = get(&app, &concrete, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{concrete}: {}", answer.body);
        let body: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
        let schema = &operation["responses"]["200"]["content"]["application/json"]["schema"];
        let described = schema["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .and_then(|name| spec["components"]["schemas"].get(name))
            .unwrap_or(schema);
        for required in described["required"].as_array().into_iter().flatten() {
            let field = required.as_str().expect("a field name");
            assert!(body.get(field).is_some(), "{concrete} lacks {field}");
        }
    }
}

#[tokio::test]
async fn bad_requests_get_a_problem_document() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    for (path, status) in [
        ("/api/v1/publikationer?limit=0", StatusCode::BAD_REQUEST),
        (
            "/api/v1/publikationer?limit=100000",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/publikationer?page=-1", StatusCode::BAD_REQUEST),
        (
            "/api/v1/publikationer?page=99999999999999",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/publikationer?page=2147483648",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/publikationer/1/mal?council=kanske",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/publikationer/abc/mal", StatusCode::BAD_REQUEST),
        (
            "/api/v1/publikationer/999999/indikatorer",
            StatusCode::NOT_FOUND,
        ),
        ("/api/v1/publikationer/1/mal/999999", StatusCode::NOT_FOUND),
        ("/api/v1/finns-inte", StatusCode::NOT_FOUND),
    ] {
        let answer = get(&app, path, None).await;
        assert_eq!(answer.status, status, "{path}: {}", answer.body);
        let problem: serde_json::Value = serde_json::from_str(&answer.body).expect(path);
        assert_eq!(problem["status"], status.as_u16(), "{path}");
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{path}"
        );
    }
    // Far past the last page is an empty page, not an error.
    let beyond = get(&app, "/api/v1/publikationer?page=1000000", None).await;
    assert_eq!(beyond.status, StatusCode::OK, "{}", beyond.body);
    assert!(beyond.body.contains("\"items\":[]"));
    // Paging and filters.
    let council = get(
        &app,
        "/api/v1/publikationer/1/mal?council=true&limit=3",
        None,
    )
    .await;
    let council: serde_json::Value = serde_json::from_str(&council.body).expect("JSON");
    assert_eq!(council["items"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        council["total_items"], 11,
        "the demo's eight operational and three financial council goals"
    );
    assert!(
        council["links"]["next"]
            .as_str()
            .is_some_and(|n| n.contains("page=2"))
    );
    let kpi = get(
        &app,
        "/api/v1/publikationer/1/indikatorer?kolada_kpi=n01951",
        None,
    )
    .await;
    let kpi: serde_json::Value = serde_json::from_str(&kpi.body).expect("JSON");
    assert_eq!(kpi["total_items"], 1, "{kpi}");
    assert_eq!(kpi["items"][0]["kolada_kpi"], "N01951");
    assert!(
        kpi["items"][0]["goal_ids"]
            .as_array()
            .is_some_and(|g| g.len() == 2)
    );
}
