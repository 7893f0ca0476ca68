//! The write API with personal tokens: a token is made in the workspace and shown
//! once, acts as its user within its role and unit, is authorised by the workspace's
//! own ownership rule, and saves a push of values whole or not at all.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Signed, demo_store, get, post, send, sign};
use riktning_domain::{Gender, Id, IndicatorSource, Role};
use riktning_store::{AssessmentQuery, AuditQuery, ObservationQuery, Store, StoreRead};

/// Makes a token on the workspace page and returns its secret, read off the answer.
async fn make_token(app: &axum::Router, who: &Signed, role: &str, unit: &str) -> String {
    let made = post(
        app,
        "/arbeta/konto/nycklar",
        &who.cookie,
        &[
            ("csrf", &who.csrf),
            ("name", "Verksamhetssystemet"),
            ("role", role),
            ("unit", unit),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let at = made.body.find("value=\"rkt_").expect("the secret is shown") + 7;
    made.body[at..]
        .split('"')
        .next()
        .expect("secret")
        .to_string()
}

async fn push(
    app: &axum::Router,
    token: Option<&str>,
    indicator: Id,
    content_type: &str,
    body: &str,
) -> common::Answer {
    let mut request = Request::post(format!("/api/v1/indikatorer/{indicator}/varden"))
        .header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(
        app,
        request.body(Body::from(body.to_string())).expect("request"),
    )
    .await
}

async fn values_of<S: Store>(store: &S, tenant: Id, indicator: Id) -> Vec<(i32, Gender, f64)> {
    let indicator = store.indicator(tenant, indicator).await.expect("indicator");
    let mut read = store.reader().await.expect("reader");
    let found = read
        .observations(
            tenant,
            &ObservationQuery {
                series: vec![indicator.series_key()],
                ..ObservationQuery::default()
            },
        )
        .await
        .expect("observations");
    read.finish().await.expect("finish");
    let mut values: Vec<(i32, Gender, f64)> = found
        .into_iter()
        .filter_map(|o| Some((o.period, o.gender, o.value?)))
        .collect();
    values.sort_by(|a, b| {
        (a.0, a.1.as_str())
            .cmp(&(b.0, b.1.as_str()))
            .then(a.2.total_cmp(&b.2))
    });
    values
}

#[tokio::test]
async fn a_token_pushes_values_within_its_users_rights_whole_or_not_at_all() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let t = tenant.id;
    // The demo's manual indicators, each with the units that own it.
    let plan = store.plans(t).await.expect("plans")[0].clone();
    let goals = store.goals(t, plan.id).await.expect("goals");
    let indicators = store.indicators(t).await.expect("indicators");
    let manual: Vec<_> = indicators
        .iter()
        .filter(|i| i.source != IndicatorSource::Kolada)
        .collect();
    assert!(manual.len() >= 2, "the demo has manual indicators");
    let owner_of = |indicator: &riktning_domain::Indicator| -> Vec<Id> {
        let mut units: Vec<Id> = indicator.responsible_unit.into_iter().collect();
        for link in &indicator.goals {
            let goal = goals.iter().find(|g| g.id == link.goal_id).expect("goal");
            units.extend(goal.responsible_units.iter().copied());
        }
        units.sort_unstable();
        units.dedup();
        units
    };
    let mine = manual[0];
    let units = owner_of(mine);
    let theirs = manual
        .iter()
        .find(|i| owner_of(i).iter().all(|u| !units.contains(u)))
        .expect("a manual indicator of other units");
    let kolada = indicators
        .iter()
        .find(|i| {
            i.source == IndicatorSource::Kolada && owner_of(i).iter().all(|u| units.contains(u))
        })
        .or_else(|| {
            indicators
                .iter()
                .find(|i| i.source == IndicatorSource::Kolada)
        })
        .expect("a Kolada indicator");

    let reporter = sign(&store, t, "rapportor", Role::Reporter, units.clone()).await;
    // A reporter cannot give a token a higher role than their own.
    let refused = post(
        &app,
        "/arbeta/konto/nycklar",
        &reporter.cookie,
        &[
            ("csrf", &reporter.csrf),
            ("name", "X"),
            ("role", "controller"),
            ("unit", ""),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let secret = make_token(&app, &reporter, "reporter", "").await;
    let page = get(&app, "/arbeta/konto/nycklar", Some(&reporter)).await;
    assert!(!page.body.contains(&secret), "shown only once");
    assert!(page.body.contains("Verksamhetssystemet"));

    // JSON, then CSV with Swedish decimals.
    let before = values_of(&store, t, mine.id).await;
    let saved = push(
        &app,
        Some(&secret),
        mine.id,
        "application/json",
        r#"{"values": [{"year": 2031, "value": 12.5}, {"year": 2032, "value": 13}]}"#,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("\"saved\":2"));
    let csv = push(
        &app,
        Some(&secret),
        mine.id,
        "text/csv",
        "år;värde\n2033;1 234,5\n",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let after = values_of(&store, t, mine.id).await;
    for expected in [
        (2031, Gender::Total, 12.5),
        (2032, Gender::Total, 13.0),
        (2033, Gender::Total, 1234.5),
    ] {
        assert!(after.contains(&expected), "{expected:?} in {after:?}");
    }
    assert_eq!(after.len(), before.len() + 3);
    // On the record, as the user, naming the token.
    let mut read = store.reader().await.expect("reader");
    let events = read
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(riktning_domain::EntityKind::Observation),
                ..AuditQuery::default()
            },
        )
        .await
        .expect("events");
    read.finish().await.expect("finish");
    assert!(events.iter().any(|e| e.actor == "rapportor"
        && e.reason.as_deref() == Some("API-nyckel: Verksamhetssystemet")));

    // One bad value refuses the whole push; nothing is saved.
    let bad = push(
        &app,
        Some(&secret),
        mine.id,
        "application/json",
        r#"{"values": [{"year": 2034, "value": 1}, {"year": 2035, "value": 2, "gender": "X"}]}"#,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("nothing was saved"));
    assert_eq!(values_of(&store, t, mine.id).await, after);
    // Another unit's indicator is refused by the workspace's rule, and unchanged.
    let other_before = values_of(&store, t, theirs.id).await;
    let foreign = push(
        &app,
        Some(&secret),
        theirs.id,
        "application/json",
        r#"{"values": [{"year": 2031, "value": 1}]}"#,
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.body);
    assert_eq!(values_of(&store, t, theirs.id).await, other_before);

    // A controller's token may change any manual indicator, but not a Kolada one.
    let controller = sign(&store, t, "controller", Role::Controller, vec![]).await;
    let wide = make_token(&app, &controller, "controller", "").await;
    let from_kolada = push(
        &app,
        Some(&wide),
        kolada.id,
        "application/json",
        r#"{"values": [{"year": 2031, "value": 1}]}"#,
    )
    .await;
    assert_eq!(
        from_kolada.status,
        StatusCode::CONFLICT,
        "{}",
        from_kolada.body
    );
    // Scoped to one unit, the controller's token acts as a reporter for that unit.
    let scoped = make_token(&app, &controller, "controller", &units[0].to_string()).await;
    let outside = push(
        &app,
        Some(&scoped),
        theirs.id,
        "application/json",
        r#"{"values": [{"year": 2031, "value": 1}]}"#,
    )
    .await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN, "{}", outside.body);
    // A token limited to a unit reads that unit's drafts only.
    let periods_now = store.periods(t, plan.id).await.expect("periods");
    let open_now = periods_now
        .iter()
        .find(|p| p.is_open())
        .expect("an open period");
    let scoped_drafts = send(
        &app,
        Request::get(format!(
            "/api/v1/arbete/perioder/{}/bedomningar",
            open_now.id
        ))
        .header(header::AUTHORIZATION, format!("Bearer {scoped}"))
        .body(Body::empty())
        .expect("request"),
    )
    .await;
    assert_eq!(scoped_drafts.status, StatusCode::OK);
    let scoped_list: serde_json::Value = serde_json::from_str(&scoped_drafts.body).expect("JSON");
    assert!(
        scoped_list
            .as_array()
            .expect("a list")
            .iter()
            .all(|a| a["org_unit_id"] == units[0]),
        "{scoped_list}"
    );
    // A reader's token reads drafts and writes nothing.
    let reader_token = make_token(&app, &controller, "reader", "").await;
    let read_only = push(
        &app,
        Some(&reader_token),
        mine.id,
        "application/json",
        r#"{"values": [{"year": 2031, "value": 1}]}"#,
    )
    .await;
    assert_eq!(read_only.status, StatusCode::FORBIDDEN);
    let periods = store.periods(t, plan.id).await.expect("periods");
    let open = periods
        .iter()
        .find(|p| p.is_open())
        .expect("an open period");
    let drafts = send(
        &app,
        Request::get(format!("/api/v1/arbete/perioder/{}/bedomningar", open.id))
            .header(header::AUTHORIZATION, format!("Bearer {reader_token}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(drafts.status, StatusCode::OK, "{}", drafts.body);
    let stored = store
        .assessments(
            t,
            &AssessmentQuery {
                period: Some(open.id),
                ..AssessmentQuery::default()
            },
        )
        .await
        .expect("assessments");
    let listed: serde_json::Value = serde_json::from_str(&drafts.body).expect("JSON");
    assert_eq!(listed.as_array().map(Vec::len), Some(stored.len()));
    assert!(
        drafts.body.contains("\"state\":\"draft\""),
        "drafts included"
    );

    // Without a token, with a wrong or revoked one: 401 with a problem document.
    for token in [None, Some("rkt_wrong"), Some("not-a-token")] {
        let answer = push(&app, token, mine.id, "application/json", "{}").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(answer.body.contains("\"status\":401"));
    }
    let mut read = store.reader().await.expect("reader");
    let user = read
        .users(t)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == "rapportor")
        .expect("user");
    let token_id = read.api_tokens(t, user.id).await.expect("tokens")[0].id;
    read.finish().await.expect("finish");
    let revoked = post(
        &app,
        &format!("/arbeta/konto/nycklar/{token_id}/aterkalla"),
        &reporter.cookie,
        &[("csrf", &reporter.csrf)],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let gone = push(
        &app,
        Some(&secret),
        mine.id,
        "application/json",
        r#"{"values": []}"#,
    )
    .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    // Another user cannot revoke a token that is not theirs.
    let not_theirs = post(
        &app,
        &format!("/arbeta/konto/nycklar/{token_id}/aterkalla"),
        &controller.cookie,
        &[("csrf", &controller.csrf)],
    )
    .await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);

    // Bodies that cannot be read, or are too large.
    for (content_type, body, status) in [
        ("application/json", "{not json", StatusCode::BAD_REQUEST),
        (
            "application/xml",
            "<values/>",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        ("text/csv", "2031;tolv", StatusCode::BAD_REQUEST),
        (
            "application/json",
            r#"{"values": []}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let answer = push(&app, Some(&wide), mine.id, content_type, body).await;
        assert_eq!(
            answer.status, status,
            "{content_type} {body}: {}",
            answer.body
        );
        assert!(answer.body.contains("\"status\""), "a problem document");
    }
    let huge = format!("år;värde\n{}", "2031;1\n".repeat(200_000));
    let too_large = push(&app, Some(&wide), mine.id, "text/csv", &huge).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        too_large.body.contains("\"status\":413"),
        "{}",
        too_large.body
    );
}
