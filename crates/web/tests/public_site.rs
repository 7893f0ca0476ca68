//! The public site's pages beyond the publications themselves: search, "Om data",
//! the accessibility statement with its report form, and embedding a goal's status.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{demo_store, get, post, send, sign};
use riktning_domain::{NewPeriod, Role};
use riktning_store::{Store, StoreRead};
use riktning_web::{AppState, WorkspaceOptions, public::DataLicence, router};
use time::macros::date;
use tower::ServiceExt;

/// A form sent without a session, as a visitor of the public site sends it.
async fn post_public(
    app: &axum::Router,
    path: &str,
    origin: Option<&str>,
    fields: &[(&str, &str)],
) -> common::Answer {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", common::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut request = Request::post(path)
        .header(header::HOST, "mal.kommun.se")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    send(app, request.body(Body::from(body)).expect("request")).await
}

#[tokio::test]
async fn search_finds_published_goals_commitments_and_indicators_without_javascript() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    // The demo's published tertial holds goal 1.4 with its commitments and indicators.
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let goals = store.goals(tenant.id, plan.id).await.expect("goals");
    let goal = goals.iter().find(|g| g.code == "1.4").expect("goal 1.4");
    let word = goal
        .statement
        .split_whitespace()
        .find(|w| w.chars().count() > 7 && w.chars().all(char::is_alphabetic))
        .expect("a long word in the statement")
        .to_uppercase();
    let found = get(&app, &format!("/sok?q={}", common::encode(&word)), None).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found.body.contains(&format!("mal/{}\"", goal.id)),
        "goal 1.4 is found by a word of its statement, whatever its case: {}",
        found.body
    );
    assert!(found.body.contains("<mark>"), "the word is marked");
    assert!(
        found.body.contains(&format!("value=\"{word}\"")),
        "the form keeps it"
    );
    // An indicator by name.
    let indicators = store.indicators(tenant.id).await.expect("indicators");
    let indicator = indicators
        .iter()
        .find(|i| i.goals.iter().any(|l| l.goal_id == goal.id))
        .expect("an indicator of 1.4");
    let by_name = get(
        &app,
        &format!("/sok?q={}", common::encode(&indicator.name)),
        None,
    )
    .await;
    assert!(by_name.body.contains("Indikator"), "{}", by_name.body);

    // Nothing for words in no publication; a text added after publishing is not found.
    let mut changed = goal.clone();
    changed.political_text = format!("{}\n\nOPUBLICERADMARKÖR", goal.political_text);
    store
        .update_goal(tenant.id, &changed, &riktning_domain::Change::by("test"))
        .await
        .expect("changed");
    let none = get(&app, "/sok?q=opubliceradmarkör", None).await;
    assert!(
        none.body.contains("Inget av det publicerade"),
        "{}",
        none.body
    );
    assert!(!none.body.contains("<mark>"));
    // A long or strange query is cut and answered, never an error.
    let long = "å".repeat(5000);
    let cut = get(&app, &format!("/sok?q={}", common::encode(&long)), None).await;
    assert_eq!(cut.status, StatusCode::OK);
    assert!(cut.body.contains("kortats till 100 tecken"));
    for odd in [
        "/sok?q=%FF%FE",
        "/sok?q=%3Cscript%3E",
        "/sok?q=",
        "/sok?q[]=x",
    ] {
        let answer = get(&app, odd, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{odd}");
        assert!(!answer.body.contains("<script>"), "{odd}");
    }
}

#[tokio::test]
async fn om_data_names_the_sources_the_licence_and_the_rules() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let about = get(&app, "/om-data", None).await;
    assert_eq!(about.status, StatusCode::OK);
    assert!(about.body.contains("CC0-1.0"), "CC0 by default");
    assert!(
        about.body.contains("Kolada (N"),
        "a Kolada KPI id: {}",
        about.body
    );
    assert!(
        about.body.contains("75 %"),
        "the demo's threshold for fulfilled"
    );
    assert!(about.body.contains("Viktad majoritet"));
    // A municipality that wants its name on reuse chooses CC BY.
    let by = router(Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &WorkspaceOptions {
            data_licence: DataLicence::CcBy4,
            ..common::demo_options()
        },
    )));
    let about = get(&by, "/om-data", None).await;
    assert!(about.body.contains("CC-BY-4.0"));
    assert!(about.body.contains("om du anger kommunen som källa"));
}

#[tokio::test]
async fn a_visitor_reports_an_accessibility_problem_and_an_administrator_handles_it() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let statement = get(&app, "/tillganglighet?sida=/publicering/1", None).await;
    assert_eq!(statement.status, StatusCode::OK);
    for part in [
        "Hur tillgänglig",
        "Kända brister",
        "Tillsyn",
        "Hur vi testat",
    ] {
        assert!(statement.body.contains(part), "{part}");
    }
    assert!(
        statement.body.contains("value=\"/publicering/1\""),
        "the page is filled in"
    );

    // Nothing to say: the form comes back with what was typed and a message.
    let empty = post_public(
        &app,
        "/tillganglighet",
        None,
        &[
            ("sida", "/om-data"),
            ("beskrivning", "  "),
            ("kontakt", "a@b.se"),
        ],
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Beskriv vad som inte fungerar"));
    assert!(empty.body.contains("value=\"a@b.se\""));
    // A form on another site cannot post here.
    let foreign = post_public(
        &app,
        "/tillganglighet",
        Some("https://elak.example"),
        &[("beskrivning", "Falsk rapport")],
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let sent = post_public(
        &app,
        "/tillganglighet",
        Some("https://mal.kommun.se"),
        &[
            ("sida", "/publicering/1/mal/4"),
            ("beskrivning", "Diagrammet går inte att <läsa>."),
            ("kontakt", "besokare@example.se"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(sent.location.starts_with("/tillganglighet?tack=1"));
    assert!(
        get(&app, &sent.location, None)
            .await
            .body
            .contains("din rapport är mottagen")
    );

    // Administrators see it; a controller does not.
    let admin = sign(&store, tenant.id, "admin2", Role::Administrator, vec![]).await;
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let list = get(&app, "/arbeta/tillganglighetsrapporter", Some(&admin)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body
            .contains("Diagrammet går inte att &#60;läsa&#62;."),
        "{}",
        list.body
    );
    assert!(list.body.contains("besokare@example.se"));
    assert_eq!(
        get(&app, "/arbeta/tillganglighetsrapporter", Some(&controller))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let mut read = store.reader().await.expect("reader");
    let reports = read
        .accessibility_reports(tenant.id)
        .await
        .expect("reports");
    read.finish().await.expect("finish");
    let id = reports[0].id;
    let path = format!("/arbeta/tillganglighetsrapporter/{id}/hanterad");
    let refused = post(
        &app,
        &path,
        &controller.cookie,
        &[("csrf", &controller.csrf)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let handled = post(&app, &path, &admin.cookie, &[("csrf", &admin.csrf)]).await;
    assert_eq!(handled.status, StatusCode::SEE_OTHER);
    let list = get(&app, &handled.location, Some(&admin)).await;
    assert!(list.body.contains("Inga rapporter väntar"), "{}", list.body);
    assert!(list.body.contains("markerad som hanterad"));

    // One address sends a few reports in ten minutes, then is asked to wait, with
    // what it typed kept.
    let mut last = None;
    for n in 0..6 {
        last = Some(
            post_public(
                &app,
                "/tillganglighet",
                None,
                &[("beskrivning", &format!("Rapport {n}"))],
            )
            .await,
        );
    }
    let last = last.expect("answers");
    assert_eq!(last.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(last.body.contains("Vänta tio minuter"));
    assert!(last.body.contains("Rapport 5"));
}

#[tokio::test]
async fn a_goals_status_can_be_embedded_on_another_site() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let goal = store
        .goals(tenant.id, plan.id)
        .await
        .expect("goals")
        .into_iter()
        .find(|g| g.code == "1.4")
        .expect("goal 1.4");
    let frame = app
        .clone()
        .oneshot(
            Request::get(format!("/inbadda/mal/{}", goal.id))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(frame.status(), StatusCode::OK);
    let policy = frame.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp");
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(frame.headers().get(header::X_FRAME_OPTIONS).is_none());
    let body = axum::body::to_bytes(frame.into_body(), 1_000_000)
        .await
        .expect("body");
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("delvis uppfyllt") || body.contains("uppfyllt"),
        "{body}"
    );
    assert!(body.contains("target=\"_top\""));
    // Every other page may not be framed.
    let home = app
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert_eq!(home.headers()[header::X_FRAME_OPTIONS], "DENY");

    // The goal page offers the code, and the badge it names answers with an SVG
    // whose words match the alt text.
    let page_link = format!("/mal/{}\"", goal.id);
    let home = get(&app, "/", None).await;
    let publication = home
        .body
        .split("href=\"/publicering/")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .expect("a publication");
    assert!(home.body.contains(&page_link));
    let page = get(
        &app,
        &format!("/publicering/{publication}/mal/{}", goal.id),
        None,
    )
    .await;
    assert!(
        page.body
            .contains("&#60;iframe src=&#34;http://127.0.0.1:8080/inbadda/mal/"),
        "{}",
        page.body
    );
    let badge = get(
        &app,
        &format!("/publicering/{publication}/mal/{}/status.svg", goal.id),
        None,
    )
    .await;
    assert_eq!(badge.status, StatusCode::OK);
    assert!(badge.body.starts_with("<svg"));
    assert!(
        badge.body.contains("<title id=\"t\">Mål 1.4: "),
        "{}",
        badge.body
    );
    assert_eq!(
        get(&app, "/inbadda/mal/999999", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_start_page_stays_on_the_latest_period_when_an_earlier_one_is_corrected() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let later = store
        .create_period(
            tenant.id,
            &NewPeriod {
                plan_id: plan.id,
                name: "Senare period 2025".to_string(),
                starts_on: date!(2025 - 01 - 01),
                ends_on: date!(2025 - 04 - 30),
                deadline: date!(2025 - 05 - 15),
                values_through: Some(2024),
            },
            &riktning_domain::Change::by("test"),
        )
        .await
        .expect("period");
    let tertial = store
        .periods(tenant.id, plan.id)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == "Tertial 1 2024")
        .expect("tertial");
    for (period, reason) in [(later.id, ""), (tertial.id, "Rättat en siffra.")] {
        let answer = post(
            &app,
            "/arbeta/publicera",
            &controller.cookie,
            &[
                ("csrf", &controller.csrf),
                ("period", &period.to_string()),
                ("reason", reason),
            ],
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }
    let home = get(&app, "/", None).await;
    assert!(home.body.contains("Senare period 2025"), "{}", home.body);
    // In English the interface changes and the content says it is Swedish.
    let english = send(
        &app,
        Request::get("/")
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(
        english.body.contains("<h1 lang=\"sv\">"),
        "{}",
        english.body
    );
}

#[tokio::test]
async fn open_data_downloads_and_the_dcat_catalogue_describe_the_same_publication() {
    let (store, tenant) = demo_store().await;
    let app = router(Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &WorkspaceOptions {
            public_url: "https://mal.kommun.example".to_string(),
            data_contact: Some("data@kommun.example".to_string()),
            ..common::demo_options()
        },
    )));
    let list = get(&app, "/api/v1/publikationer", None).await;
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("list");
    let id = list["items"][0]["id"].as_i64().expect("a publication");

    let goals = get(&app, &format!("/publicering/{id}/mal.csv"), None).await;
    assert_eq!(goals.status, StatusCode::OK);
    let mut lines = goals.body.lines();
    assert_eq!(
        lines.next(),
        Some("publication_id,goal_id,code,parent_code,statement,responsible,status,status_label")
    );
    let council = goals
        .body
        .lines()
        .find(|l| l.contains(",1.4,"))
        .expect("goal 1.4");
    assert!(council.contains("uppfyllt"), "{council}");
    let values = get(&app, &format!("/publicering/{id}/varden.csv"), None).await;
    let header = values.body.lines().next().expect("header");
    assert!(header.ends_with("year,value,source"), "{header}");
    // Every own value for women has its year and a decimal point, never a comma.
    let women: Vec<&str> = values
        .body
        .lines()
        .filter(|l| l.contains(",own,K,"))
        .collect();
    assert!(!women.is_empty(), "values for women");
    for line in &women {
        let fields: Vec<&str> = line.rsplitn(4, ',').collect();
        assert!(fields[1].parse::<f64>().is_ok(), "{line}");
        assert!(fields[2].parse::<i32>().is_ok(), "{line}");
    }
    let json = get(&app, &format!("/publicering/{id}/data.json"), None).await;
    let report: serde_json::Value = serde_json::from_str(&json.body).expect("JSON");
    assert_eq!(report["format"], 2);
    assert!(
        report["period"]["starts_on"]
            .as_str()
            .is_some_and(|d| d.len() == 10)
    );
    assert_eq!(
        get(&app, &format!("/publicering/{id}/annat.txt"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let rdf = get(&app, "/dcat.rdf", None).await;
    assert_eq!(rdf.status, StatusCode::OK);
    for part in [
        "<dcat:Catalog rdf:about=\"https://mal.kommun.example/dcat.rdf\">",
        &format!("<dcat:Dataset rdf:about=\"https://mal.kommun.example/publicering/{id}\">"),
        &format!(
            "<dcat:downloadURL rdf:resource=\"https://mal.kommun.example/publicering/{id}/varden.csv\"/>"
        ),
        "<dcterms:license rdf:resource=\"https://creativecommons.org/publicdomain/zero/1.0/\"/>",
        "mailto:data@kommun.example",
        "/file-type/CSV",
    ] {
        assert!(rdf.body.contains(part), "{part}\n{}", rdf.body);
    }
    // The public goal page tells women's and men's values apart from everyone's.
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let goal = store
        .goals(tenant.id, plan.id)
        .await
        .expect("goals")
        .into_iter()
        .find(|g| g.code == "1.7")
        .expect("goal 1.7");
    let page = get(&app, &format!("/publicering/{id}/mal/{}", goal.id), None).await;
    assert!(
        page.body.contains("<th scope=\"col\">Kvinnor</th>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<th scope=\"col\">Män</th>"));
    // Om data lists the downloads and what each column holds.
    let about = get(&app, "/om-data", None).await;
    assert!(
        about
            .body
            .contains(&format!("/publicering/{id}/varden.csv"))
    );
    assert!(about.body.contains("<code>source</code>"));
}

#[tokio::test]
async fn a_public_indicator_has_a_summary_in_words_and_its_forecast_line() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let goal = store
        .goals(tenant.id, plan.id)
        .await
        .expect("goals")
        .into_iter()
        .find(|g| g.code == "1.7")
        .expect("goal 1.7");
    let home = get(&app, "/", None).await;
    let publication = home
        .body
        .split("href=\"/publicering/")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .expect("a publication");
    let page = get(
        &app,
        &format!("/publicering/{publication}/mal/{}", goal.id),
        None,
    )
    .await;
    let summary = page
        .body
        .split("<p class=\"summary\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("a summary");
    assert!(summary.starts_with("Senaste värdet, 20"), "{summary}");
    assert!(
        summary.contains("(kvinnor ") && summary.contains(", män "),
        "{summary}"
    );
    assert!(summary.contains("riket "), "{summary}");
    assert!(
        page.body.contains("Prognos (Riktning)"),
        "the forecast line in the legend"
    );
}

#[tokio::test]
async fn a_replaced_version_says_what_the_newer_one_changed() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let t = tenant.id;
    let controller = sign(&store, t, "controller", Role::Controller, vec![]).await;
    let plan = store.plans(t).await.expect("plans")[0].clone();
    let tertial = store
        .periods(t, plan.id)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == "Tertial 1 2024")
        .expect("tertial");
    let goals = store.goals(t, plan.id).await.expect("goals");
    // A manual indicator's value for a year the tertial shows is corrected.
    let indicator = store
        .indicators(t)
        .await
        .expect("indicators")
        .into_iter()
        .find(|i| i.source != riktning_domain::IndicatorSource::Kolada)
        .expect("a manual indicator");
    let goal = goals
        .iter()
        .find(|g| indicator.goals.iter().any(|l| l.goal_id == g.id))
        .expect("its goal");
    let year = (tertial.values_through).to_string();
    let corrected = post(
        &app,
        &format!("/arbeta/indikator/{}/varden", indicator.id),
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("year", &year),
            ("value", "4711"),
            ("gender", "T"),
        ],
    )
    .await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    let published = post(
        &app,
        "/arbeta/publicera",
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("period", &tertial.id.to_string()),
            ("reason", "Rättat ett värde."),
        ],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let list = get(&app, "/api/v1/publikationer", None).await;
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("list");
    let newest = list["items"][0]["id"].as_i64().expect("newest");
    let first = list["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["replaced_by"] == newest))
        .and_then(|i| i["id"].as_i64())
        .expect("the replaced first version");
    let old = get(&app, &format!("/publicering/{first}"), None).await;
    assert!(
        old.body.contains("Det här ändrades i den nyare versionen"),
        "{}",
        old.body
    );
    let line = format!(
        "{}: indikatorernas värden eller målvärden ändrades",
        goal.code
    );
    assert!(old.body.contains(&line), "{line}\n{}", old.body);
    let new = get(&app, &format!("/publicering/{newest}"), None).await;
    assert!(new.body.contains("Ändrat sedan version 1"), "{}", new.body);
    assert!(new.body.contains(&line));
}
