//! Sign-in and account hardening through the router: the throttle's bound and its
//! per-address lock-out, timing of unknown names, folded user names, strong and
//! one-time passwords, security headers on every response, and error pages instead
//! of the framework's plain text.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::{Answer, PASSWORD, Signed, demo_store, encode, get, post, send, sign};
use riktning_domain::{Change, NewUser, Role, Session, Tenant};
use riktning_store::Store;
use riktning_store_sqlite::SqliteStore;
use riktning_web::auth::{MAX_ENTRIES, Throttle, hash_password};
use riktning_web::{AppState, router};
use time::{Duration, OffsetDateTime};

struct Site {
    store: SqliteStore,
    tenant: Tenant,
    state: Arc<AppState<SqliteStore>>,
    app: Router,
}

async fn site() -> Site {
    let (store, tenant) = demo_store().await;
    let state = Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &riktning_web::WorkspaceOptions {
            demo: true,
            ..Default::default()
        },
    ));
    let app = router(state.clone());
    Site {
        store,
        tenant,
        state,
        app,
    }
}

/// The sign-in form's token, and the cookie that carries it.
async fn login_token(app: &Router) -> (String, String) {
    let form = get(app, "/arbeta/logga-in", None).await;
    let token = form
        .cookies
        .iter()
        .find_map(|c| c.strip_prefix("riktning_login="))
        .and_then(|c| c.split(';').next())
        .expect("login cookie")
        .to_string();
    (format!("riktning_login={token}"), token)
}

/// A sign-in from `peer` (None: as through `oneshot`, without connection info).
async fn sign_in(app: &Router, peer: Option<&str>, username: &str, password: &str) -> Answer {
    let (cookie, token) = login_token(app).await;
    let body = format!(
        "csrf={token}&username={}&password={}",
        encode(username),
        encode(password)
    );
    let mut request = Request::post("/arbeta/logga-in")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    if let Some(peer) = peer {
        let address: SocketAddr = peer.parse().expect("address");
        request.extensions_mut().insert(ConnectInfo(address));
    }
    send(app, request).await
}

fn session_of(answer: &Answer) -> Signed {
    let cookie = answer
        .cookies
        .iter()
        .find(|c| c.starts_with("riktning_session="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    Signed {
        cookie,
        csrf: String::new(),
    }
}

/// The CSRF token on a signed-in page.
fn csrf_on(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).expect("csrf field") + marker.len();
    page[start..start + 64].to_string()
}

#[tokio::test]
async fn huge_and_ever_new_user_names_leave_the_throttle_within_its_bound() {
    let s = site().await;
    // A megabyte never reaches the handler: the sign-in form's body limit refuses it.
    let megabyte = sign_in(&s.app, None, &"x".repeat(1_000_000), "gissning").await;
    assert_eq!(megabyte.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Just under the body limit, the name is refused for its length.
    let huge = "x".repeat(60_000);
    for _ in 0..20 {
        let answer = sign_in(&s.app, None, &huge, "gissning").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(
            answer.body.len() < 20_000,
            "the name is not echoed: {} bytes",
            answer.body.len()
        );
    }
    assert_eq!(
        s.state.throttle.len(),
        0,
        "names longer than any user name never reach the throttle"
    );
    // 65 characters is already too long; 64 is a name that is tried.
    sign_in(&s.app, None, &"y".repeat(65), "gissning").await;
    assert_eq!(s.state.throttle.len(), 0);
    sign_in(&s.app, None, &"y".repeat(64), "gissning").await;
    assert_eq!(s.state.throttle.len(), 2, "the name and the address");

    // Ever new names from ever new addresses: the throttle stays at its cap.
    let throttle = Throttle::default();
    for n in 0..(MAX_ENTRIES + 500) {
        let address = riktning_web::auth::ClientAddress(format!("2001:db8::{n:x}"));
        throttle.failed(&format!("namn{n}"), &address);
    }
    assert!(throttle.len() <= MAX_ENTRIES, "{}", throttle.len());
}

#[tokio::test]
async fn a_stranger_cannot_lock_a_real_user_out() {
    let s = site().await;
    sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let stranger = Some("203.0.113.9:40000");
    let admin_at_work = Some("198.51.100.7:50000");
    for _ in 0..6 {
        let wrong = sign_in(&s.app, stranger, "admin", "gissning nummer x").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let locked = sign_in(&s.app, stranger, "admin", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert!(locked.body.contains("För många misslyckade försök"));
    // The real admin, elsewhere, is not locked out.
    let real = sign_in(&s.app, admin_at_work, "ADMIN", PASSWORD).await;
    assert_eq!(real.status, StatusCode::SEE_OTHER, "{}", real.body);
    // The stranger trying many names is stopped for all of them.
    for n in 0..30 {
        sign_in(&s.app, stranger, &format!("namn{n}"), "gissning nummer x").await;
    }
    sign(&s.store, s.tenant.id, "eva", Role::Reader, vec![]).await;
    let any = sign_in(&s.app, stranger, "eva", PASSWORD).await;
    assert_eq!(any.status, StatusCode::UNAUTHORIZED);
    let eva = sign_in(&s.app, admin_at_work, "eva", PASSWORD).await;
    assert_eq!(eva.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_unknown_user_name_takes_as_long_as_a_wrong_password() {
    let s = site().await;
    sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let mut known = StdDuration::MAX;
    let mut unknown = StdDuration::MAX;
    // Distinct addresses keep the throttle out of the way; the fastest of three
    // runs of each is compared.
    for n in 0..3 {
        let started = Instant::now();
        let peer = format!("198.51.100.{n}:1000");
        sign_in(&s.app, Some(&peer), "admin", "fel lösenord här").await;
        known = known.min(started.elapsed());
        let started = Instant::now();
        let peer = format!("198.51.100.{}:1000", n + 10);
        sign_in(&s.app, Some(&peer), "ingen.sadan", "fel lösenord här").await;
        unknown = unknown.min(started.elapsed());
    }
    assert!(
        unknown * 3 >= known,
        "an unknown name is refused as slowly as a wrong password: {unknown:?} vs {known:?}"
    );
}

#[tokio::test]
async fn signing_in_clears_the_form_cookie_and_purges_expired_sessions() {
    let s = site().await;
    sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let users = s.store.users(s.tenant.id).await.expect("users");
    let old = Session {
        tenant: s.tenant.id,
        user_id: users[0].id,
        csrf_token: "x".to_string(),
        expires_at: OffsetDateTime::now_utc() - Duration::hours(1),
    };
    s.store
        .create_session("expired-one", &old)
        .await
        .expect("session");
    let answer = sign_in(&s.app, None, "admin", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let cleared = answer
        .cookies
        .iter()
        .find(|c| c.starts_with("riktning_login="))
        .expect("the sign-in form's cookie is cleared");
    assert!(
        cleared.starts_with("riktning_login=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(
        s.store
            .purge_expired_sessions(OffsetDateTime::now_utc())
            .await
            .expect("purge"),
        0,
        "the sign-in purged the expired session already"
    );
}

#[tokio::test]
async fn user_names_are_one_case_and_one_safe_alphabet_in_the_workspace() {
    let s = site().await;
    let admin = sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    sign(&s.store, s.tenant.id, "revisor", Role::Reader, vec![]).await;
    for (typed, message) in [
        ("Revisor", "Det finns redan en användare med det namnet"),
        (
            "ＲＥＶＩＳＯＲ",
            "Det finns redan en användare med det namnet",
        ),
        ("rеvisor", "1–64 tecken"), // a Cyrillic е
        ("anna berg", "1–64 tecken"),
    ] {
        let refused = post(
            &s.app,
            "/arbeta/anvandare",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("username", typed),
                ("name", "Ny Person"),
                ("role", "reader"),
                ("unit", ""),
            ],
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(refused.body.contains(message), "{typed}: {}", refused.body);
        assert!(
            refused.body.contains("id=\"username-error\""),
            "next to the field"
        );
        assert!(
            refused.body.contains("value=\"Ny Person\""),
            "typed text kept"
        );
    }
    let added = post(
        &s.app,
        "/arbeta/anvandare",
        &admin.cookie,
        &[
            ("csrf", &admin.csrf),
            ("username", "Anna.Berg"),
            ("name", "Anna Berg"),
            ("role", "controller"),
            ("unit", ""),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains("<strong>anna.berg</strong>"));
    let listed = s.store.users(s.tenant.id).await.expect("users");
    assert!(listed.iter().any(|u| u.username == "anna.berg"));
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_before_anything_else() {
    let s = site().await;
    let admin = sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let added = post(
        &s.app,
        "/arbeta/anvandare",
        &admin.cookie,
        &[
            ("csrf", &admin.csrf),
            ("username", "lisa"),
            ("name", "Lisa Lund"),
            ("role", "reader"),
            ("unit", ""),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let start = added.body.find("<code>").expect("one-time password") + "<code>".len();
    let once = added.body[start..start + 20].to_string();

    let signed_in = sign_in(&s.app, None, "lisa", &once).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_in.location, "/arbeta/konto/losenord");
    let lisa = session_of(&signed_in);
    for path in ["/arbeta", "/arbeta/mal", "/arbeta/uppfoljning"] {
        let page = get(&s.app, path, Some(&lisa)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location, "/arbeta/konto/losenord", "{path}");
    }
    let form = get(&s.app, "/arbeta/konto/losenord", Some(&lisa)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("engångslösenord"), "{}", form.body);
    let csrf = csrf_on(&form.body);
    let change = |current: &str, new: &str, repeat: &str, csrf: &str| {
        let fields = [
            ("csrf", csrf.to_string()),
            ("current", current.to_string()),
            ("new", new.to_string()),
            ("repeat", repeat.to_string()),
        ];
        let app = s.app.clone();
        let cookie = lisa.cookie.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(&app, "/arbeta/konto/losenord", &cookie, &fields).await
        }
    };
    let good = "fjällräv kanel hopprep";
    for (current, new, repeat, message) in [
        (
            once.as_str(),
            "aaaaaaaaaaaa",
            "aaaaaaaaaaaa",
            "För lätt att gissa",
        ),
        (
            once.as_str(),
            "password1234",
            "password1234",
            "För lätt att gissa",
        ),
        (
            once.as_str(),
            "lisa.lund.1987!",
            "lisa.lund.1987!",
            "får inte innehålla",
        ),
        (once.as_str(), "kort", "kort", "För kort"),
        (once.as_str(), good, "något annat helt", "inte lika"),
        ("fel lösenord här", good, good, "stämmer inte"),
    ] {
        let refused = change(current, new, repeat, &csrf).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert!(refused.body.contains(message), "{new}: {}", refused.body);
    }
    let forged = change(&once, good, good, "forged").await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let changed = change(&once, good, good, &csrf).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let fresh = session_of(&changed);
    assert_eq!(
        get(&s.app, "/arbeta", Some(&lisa)).await.status,
        StatusCode::SEE_OTHER,
        "the old session ended"
    );
    assert_eq!(
        get(&s.app, "/arbeta", Some(&fresh)).await.status,
        StatusCode::OK
    );
    let again = sign_in(&s.app, None, "lisa", good).await;
    assert_eq!(
        again.location, "/arbeta",
        "no longer sent to change the password"
    );

    // An administrator's reset sets a one-time password again.
    let id = s
        .store
        .users(s.tenant.id)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == "lisa")
        .expect("lisa")
        .id;
    post(
        &s.app,
        &format!("/arbeta/anvandare/{id}/losenord"),
        &admin.cookie,
        &[("csrf", &admin.csrf)],
    )
    .await;
    assert!(
        s.store
            .user(s.tenant.id, id)
            .await
            .expect("lisa")
            .must_change_password
    );
}

#[tokio::test]
async fn everyone_can_change_their_own_password_from_the_header() {
    let s = site().await;
    let reader = sign(&s.store, s.tenant.id, "revisor", Role::Reader, vec![]).await;
    let home = get(&s.app, "/arbeta", Some(&reader)).await;
    assert!(
        home.body.contains("href=\"/arbeta/konto/losenord\""),
        "linked from the header"
    );
    let form = get(&s.app, "/arbeta/konto/losenord", Some(&reader)).await;
    assert_eq!(form.status, StatusCode::OK);
    let changed = post(
        &s.app,
        "/arbeta/konto/losenord",
        &reader.cookie,
        &[
            ("csrf", &reader.csrf),
            ("current", PASSWORD),
            ("new", "blåbär stege molnfri"),
            ("repeat", "blåbär stege molnfri"),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let done = get(&s.app, &changed.location, Some(&session_of(&changed))).await;
    assert!(done.body.contains("Lösenordet är bytt"), "{}", done.body);
    assert_eq!(
        sign_in(&s.app, None, "revisor", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&s.app, None, "revisor", "blåbär stege molnfri")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

const SECURITY_HEADERS: [(&str, &str); 3] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
];

async fn raw(app: &Router, request: Request<Body>) -> axum::response::Response {
    use tower::ServiceExt;
    app.clone().oneshot(request).await.expect("response")
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let s = site().await;
    let admin = sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let reader = sign(&s.store, s.tenant.id, "revisor", Role::Reader, vec![]).await;
    let requests: Vec<(&str, Request<Body>)> = vec![
        (
            "page",
            Request::get("/")
                .header(header::COOKIE, &admin.cookie)
                .body(Body::empty())
                .expect("r"),
        ),
        (
            "sign-in",
            Request::get("/arbeta/logga-in")
                .body(Body::empty())
                .expect("r"),
        ),
        (
            "redirect",
            Request::get("/arbeta/mal").body(Body::empty()).expect("r"),
        ),
        (
            "static",
            Request::get("/static/app.css")
                .body(Body::empty())
                .expect("r"),
        ),
        (
            "404",
            Request::get("/finns-inte").body(Body::empty()).expect("r"),
        ),
        (
            "bad id",
            Request::get("/arbeta/mal/abc")
                .header(header::COOKIE, &admin.cookie)
                .body(Body::empty())
                .expect("r"),
        ),
        (
            "403",
            Request::get("/arbeta/anvandare")
                .header(header::COOKIE, &reader.cookie)
                .body(Body::empty())
                .expect("r"),
        ),
        ("405", Request::delete("/").body(Body::empty()).expect("r")),
        (
            "refused form",
            Request::post("/arbeta/anvandare")
                .header(header::COOKIE, &admin.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("csrf=x&username=%ZZ"))
                .expect("r"),
        ),
    ];
    for (what, request) in requests {
        let response = raw(&s.app, request).await;
        for (name, value) in SECURITY_HEADERS {
            assert_eq!(
                response.headers().get(name).and_then(|v| v.to_str().ok()),
                Some(value),
                "{what}: {name}"
            );
        }
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "{what}: no HSTS over plain http"
        );
    }
    let over_https = raw(
        &s.app,
        Request::get("/finns-inte")
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    assert!(
        over_https
            .headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("max-age=")),
        "HSTS over https"
    );
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style_for_the_policy_to_block() {
    let s = site().await;
    let admin = sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let plan = s.store.plans(s.tenant.id).await.expect("plans")[0].id;
    let goals = s.store.goals(s.tenant.id, plan).await.expect("goals");
    let periods = s.store.periods(s.tenant.id, plan).await.expect("periods");
    let units = s.store.org_units(s.tenant.id).await.expect("units");
    let goal = goals
        .iter()
        .find(|g| !g.responsible_units.is_empty())
        .expect("a goal with a unit");
    let mut paths = vec![
        "/arbeta".to_string(),
        "/arbeta/mal".to_string(),
        "/arbeta/aktiviteter".to_string(),
        "/arbeta/uppfoljning".to_string(),
        "/arbeta/anvandare".to_string(),
        "/arbeta/konto/losenord".to_string(),
        "/arbeta/import".to_string(),
        format!(
            "/arbeta/mal/{}/bedomning?period={}&enhet={}",
            goal.id, periods[0].id, goal.responsible_units[0]
        ),
    ];
    paths.extend(
        goals
            .iter()
            .take(5)
            .map(|g| format!("/arbeta/mal/{}", g.id)),
    );
    let _ = units;
    for path in &paths {
        let page = get(&s.app, path, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("style="), "{path}: a style attribute");
        assert!(!page.body.contains("<style"), "{path}: a style element");
        for script in page.body.split("<script").skip(1) {
            assert!(
                script.trim_start().starts_with("src="),
                "{path}: an inline script"
            );
        }
    }
    let styles = get(&s.app, "/static/levels.css", None).await;
    assert_eq!(styles.status, StatusCode::OK);
    assert!(styles.body.contains(".c-"), "{}", styles.body);
    let overview = get(&s.app, "/arbeta", Some(&admin)).await;
    assert!(
        overview.body.contains("class=\"badge c-"),
        "badges keep their colour"
    );
}

#[tokio::test]
async fn errors_are_pages_in_the_visitors_language_never_plain_text() {
    let s = site().await;
    let admin = sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    let public = get(&s.app, "/finns-inte", None).await;
    assert_eq!(public.status, StatusCode::NOT_FOUND);
    assert!(public.body.contains("Sidan finns inte"), "{}", public.body);
    assert!(
        public.body.contains("href=\"/\""),
        "the public site's way back"
    );
    let unknown = get(&s.app, "/arbeta/finns-inte", Some(&admin)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.starts_with("<!doctype html>"));
    assert!(
        unknown.body.contains("Sidan finns inte"),
        "{}",
        unknown.body
    );
    assert!(unknown.body.contains("href=\"/arbeta\""), "a way back");

    let bad_id = get(&s.app, "/arbeta/mal/abc", Some(&admin)).await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
    assert!(!bad_id.body.contains("Cannot parse"), "{}", bad_id.body);
    assert!(
        bad_id.body.contains("inget giltigt id: ”abc”"),
        "{}",
        bad_id.body
    );

    let english = send(
        &s.app,
        Request::get("/arbeta/mal/abc")
            .header(header::COOKIE, &admin.cookie)
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::HOST, "riktning.example")
            .header(header::REFERER, "http://riktning.example/arbeta/mal")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(english.body.contains("Page not found"), "{}", english.body);
    assert!(english.body.contains("not a valid id: “abc”"));
    assert!(
        english
            .body
            .contains("<a href=\"/arbeta/mal\">Back to the previous page</a>")
    );

    let plan = s.store.plans(s.tenant.id).await.expect("plans")[0].id;
    let goal = s.store.goals(s.tenant.id, plan).await.expect("goals")[0].id;
    let unreadable = post(
        &s.app,
        &format!("/arbeta/mal/{goal}/bedomning"),
        &admin.cookie,
        &[("csrf", &admin.csrf), ("period", "abc"), ("enhet", "1")],
    )
    .await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!unreadable.body.contains("Failed to deserialize"));
    assert!(
        unreadable.body.contains("tolka: ”period”") && unreadable.body.contains("rätta fältet"),
        "{}",
        unreadable.body
    );
    let bad_query = get(
        &s.app,
        &format!("/arbeta/mal/{goal}/bedomning?period=x&enhet=1"),
        Some(&admin),
    )
    .await;
    assert_eq!(bad_query.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_query.body.contains("”period”"), "{}", bad_query.body);

    let method = send(
        &s.app,
        Request::delete("/arbeta/mal")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(method.body.contains("<!doctype html>"), "{}", method.body);
    assert!(method.body.contains("Sidan kan inte nås på det sättet"));

    let wrong_type = send(
        &s.app,
        Request::post("/arbeta/anvandare")
            .header(header::COOKIE, &admin.cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .expect("request"),
    )
    .await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        wrong_type.body.contains("format som inte stöds"),
        "{}",
        wrong_type.body
    );
}

#[tokio::test]
async fn users_without_a_unit_are_added_and_a_reporter_is_asked_for_one() {
    let s = site().await;
    let admin = sign(&s.store, s.tenant.id, "admin", Role::Administrator, vec![]).await;
    for (username, role) in [
        ("ny.admin", "administrator"),
        ("ny.controller", "controller"),
        ("ny.lasare", "reader"),
    ] {
        let added = post(
            &s.app,
            "/arbeta/anvandare",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("username", username),
                ("name", "Ny Person"),
                ("role", role),
                ("unit", ""),
            ],
        )
        .await;
        assert_eq!(added.status, StatusCode::OK, "{role}: {}", added.body);
        assert!(added.body.contains(&format!("<strong>{username}</strong>")));
    }
    let reporter = post(
        &s.app,
        "/arbeta/anvandare",
        &admin.cookie,
        &[
            ("csrf", &admin.csrf),
            ("username", "ny.rapportor"),
            ("name", "Rut Rapport"),
            ("role", "reporter"),
            ("unit", ""),
        ],
    )
    .await;
    assert_eq!(reporter.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reporter.body.contains("id=\"unit-error\""),
        "{}",
        reporter.body
    );
    assert!(reporter.body.contains("välj enheten"));
    assert!(reporter.body.contains("value=\"ny.rapportor\""));
    assert!(reporter.body.contains("value=\"Rut Rapport\""));
    assert!(
        reporter
            .body
            .contains("<option value=\"reporter\" selected>"),
        "the chosen role is kept"
    );
    let nonsense = post(
        &s.app,
        "/arbeta/anvandare",
        &admin.cookie,
        &[
            ("csrf", &admin.csrf),
            ("username", "ny.rapportor"),
            ("name", "Rut Rapport"),
            ("role", "reporter"),
            ("unit", "abc"),
        ],
    )
    .await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nonsense.body.contains("Välj en enhet i listan"),
        "{}",
        nonsense.body
    );
}

#[tokio::test]
async fn the_first_administrator_needs_a_strong_password_or_changes_the_one_time_one() {
    let (store, tenant) = demo_store().await;
    for weak in ["aaaaaaaaaaaa", "password1234", "admin.admin.admin"] {
        let refused = riktning_web::ensure_first_admin(&store, &tenant, Some(weak)).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.contains("RIKTNING_ADMIN_PASSWORD")),
            "{weak}: {refused:?}"
        );
    }
    assert!(store.users(tenant.id).await.expect("users").is_empty());
    let made = riktning_web::ensure_first_admin(&store, &tenant, None)
        .await
        .expect("admin");
    assert!(matches!(made, riktning_web::FirstAdmin::OneTime(_)));
    let admin = &store.users(tenant.id).await.expect("users")[0];
    assert!(
        admin.must_change_password,
        "the printed password is replaced"
    );

    let (store, tenant) = demo_store().await;
    let chosen = riktning_web::ensure_first_admin(&store, &tenant, Some("blåbär stege molnfri"))
        .await
        .expect("admin");
    assert_eq!(chosen, riktning_web::FirstAdmin::FromEnvironment);
    assert!(!store.users(tenant.id).await.expect("users")[0].must_change_password);
}

#[tokio::test]
async fn a_reporter_starts_at_their_tasks_and_others_where_they_were_going() {
    let s = site().await;
    let bun = s
        .store
        .org_units(s.tenant.id)
        .await
        .expect("units")
        .into_iter()
        .next()
        .expect("a unit")
        .id;
    for (username, role, units) in [
        ("rapportor", Role::Reporter, vec![bun]),
        ("kontroller", Role::Controller, vec![]),
    ] {
        s.store
            .create_user(
                s.tenant.id,
                &NewUser {
                    username: username.to_string(),
                    display_name: username.to_string(),
                    role,
                    units,
                    must_change_password: false,
                },
                &hash_password(PASSWORD).expect("hash"),
                &Change::by("test"),
            )
            .await
            .expect("user");
    }
    let reporter = sign_in(&s.app, None, "rapportor", PASSWORD).await;
    assert_eq!(reporter.status, StatusCode::SEE_OTHER);
    assert_eq!(reporter.location, "/arbeta/mina-uppgifter");
    let controller = sign_in(&s.app, None, "kontroller", PASSWORD).await;
    assert_eq!(controller.location, "/arbeta");
}
