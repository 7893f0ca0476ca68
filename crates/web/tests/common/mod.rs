//! What the workspace's HTTP tests share: the demo database, signed-in users of each
//! role, and requests through the router.
#![allow(dead_code)] // Each test binary uses its own subset.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use riktning_domain::{Change, Id, NewUser, Role, Session, Tenant};
use riktning_store::Store;
use riktning_store_sqlite::SqliteStore;
use riktning_web::auth::{hash_password, random_token, token_hash};
use riktning_web::{AppState, router};
use time::{Duration, OffsetDateTime};
use tower::ServiceExt;

/// A signed-in browser: its session cookie and the session's CSRF token.
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
}

pub const PASSWORD: &str = "ett långt lösenord";

/// A user of `role` with a live session.
pub async fn sign<S: Store>(
    store: &S,
    tenant: Id,
    username: &str,
    role: Role,
    units: Vec<Id>,
) -> Signed {
    let user = store
        .create_user(
            tenant,
            &NewUser {
                username: username.to_string(),
                display_name: format!("Test {username}"),
                role,
                units,
                must_change_password: false,
            },
            &hash_password(PASSWORD).expect("hash"),
            &Change::by("test"),
        )
        .await
        .expect("user");
    let token = random_token();
    let csrf = random_token();
    store
        .create_session(
            &token_hash(&token),
            &Session {
                tenant,
                user_id: user.id,
                csrf_token: csrf.clone(),
                expires_at: OffsetDateTime::now_utc() + Duration::hours(1),
            },
        )
        .await
        .expect("session");
    Signed {
        cookie: format!("riktning_session={token}"),
        csrf,
    }
}

/// A fresh SQLite file with nothing in it.
pub async fn empty_store() -> SqliteStore {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("riktning.db");
    std::mem::forget(dir);
    riktning_store_sqlite::open(&path.to_string_lossy())
        .await
        .expect("open")
}

/// A fresh SQLite file with the demo loaded.
pub async fn demo_store() -> (SqliteStore, Tenant) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("riktning.db");
    std::mem::forget(dir);
    let store = riktning_store_sqlite::open(&path.to_string_lossy())
        .await
        .expect("open");
    riktning_demo::load_demo(&store, &Change::by("test"))
        .await
        .expect("demo");
    let tenant = store
        .tenants()
        .await
        .expect("tenants")
        .into_iter()
        .next()
        .expect("tenant");
    (store, tenant)
}

/// The options the tests' workspace runs with: the demo banner, no nightly fetch,
/// Kolada nowhere reachable unless a test says where.
pub fn demo_options() -> riktning_web::WorkspaceOptions {
    riktning_web::WorkspaceOptions {
        demo: true,
        kolada_url: "http://127.0.0.1:9/v3".to_string(),
        ..Default::default()
    }
}

pub fn app(store: &SqliteStore, tenant: &Tenant) -> Router {
    router(Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &demo_options(),
    )))
}

pub struct Answer {
    pub status: StatusCode,
    pub location: String,
    pub etag: Option<String>,
    pub cookies: Vec<String>,
    pub body: String,
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let etag = response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let cookies = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let bytes = axum::body::to_bytes(response.into_body(), 10_000_000)
        .await
        .expect("body");
    Answer {
        status,
        location,
        etag,
        cookies,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn get(app: &Router, path: &str, who: Option<&Signed>) -> Answer {
    let mut request = Request::get(path);
    if let Some(who) = who {
        request = request.header(header::COOKIE, &who.cookie);
    }
    send(app, request.body(Body::empty()).expect("request")).await
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

pub async fn post(app: &Router, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Answer {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let request = Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    send(app, request).await
}
