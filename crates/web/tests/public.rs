//! The public site and the read API serve publications only. Content in every state
//! gets its own marker; after publishing, a crawl of every public address finds the
//! approved one and none of the others.

mod common;

use std::collections::{BTreeSet, VecDeque};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{demo_store, get, post, send, sign};
use riktning_domain::{AssessmentContent, Change, NewPeriod, Role, Transition};
use riktning_store::{AssessmentQuery, Store};
use time::macros::date;

const DRAFT: &str = "MARKÖR-UTKAST-7f1";
const SUBMITTED: &str = "MARKÖR-INLÄMNAD-2c9";
const RETURNED: &str = "MARKÖR-ÅTERSÄND-9d4";
const APPROVED: &str = "MARKÖR-GODKÄND-5a0";
const LATER: &str = "MARKÖR-EFTER-PUBLICERING-3e8";

/// Every public address reachable from the start page and the API, and its answer.
async fn crawl(app: &axum::Router) -> Vec<(String, String)> {
    let mut queue: VecDeque<String> = ["/", "/publiceringar", "/api/v1/publikationer"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut seen = BTreeSet::new();
    let mut pages = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let answer = get(app, &path, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        for found in links(&answer.body) {
            let target = found.replace("&amp;", "&");
            // Of the goal section's documents, the printable page is read like any
            // page; the others are the same content in binary packages, read back by
            // the export crate's own tests and the document test below.
            let binary_document = target.contains("/malavsnitt.") && !target.ends_with(".html");
            let public = !binary_document
                && !target.starts_with("/arbeta")
                && !target.starts_with("/static")
                && !target.starts_with("/sprak")
                && !target.contains('#');
            if public && !seen.contains(&target) {
                queue.push_back(target);
            }
        }
        pages.push((path, answer.body));
    }
    pages
}

/// The local addresses an HTML page links to, or a JSON answer names in `href`.
fn links(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for opening in ["href=\"/", "\"href\":\"/"] {
        let mut rest = body;
        while let Some(at) = rest.find(opening) {
            let start = at + opening.len() - 1;
            let tail = &rest[start..];
            let end = tail.find('"').unwrap_or(tail.len());
            found.push(tail[..end].to_string());
            rest = &tail[end..];
        }
    }
    found
}

#[tokio::test]
async fn only_what_was_approved_and_published_reaches_a_public_address() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let who = Change::by("test");
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let period = store
        .create_period(
            tenant.id,
            &NewPeriod {
                plan_id: plan.id,
                name: "Läcktest 2025".to_string(),
                starts_on: date!(2025 - 01 - 01),
                ends_on: date!(2025 - 04 - 30),
                deadline: date!(2025 - 05 - 15),
                values_through: Some(2024),
            },
            &who,
        )
        .await
        .expect("period");
    let goals: Vec<_> = store
        .goals(tenant.id, plan.id)
        .await
        .expect("goals")
        .into_iter()
        .filter(|g| g.parent_id.is_none() && !g.responsible_units.is_empty())
        .take(4)
        .collect();
    assert_eq!(goals.len(), 4, "four council goals with a responsible unit");
    let steps: [(&str, &[Transition]); 4] = [
        (DRAFT, &[]),
        (SUBMITTED, &[Transition::Submit]),
        (
            RETURNED,
            &[
                Transition::Submit,
                Transition::Return {
                    comment: "Skriv mer.".to_string(),
                },
            ],
        ),
        (APPROVED, &[Transition::Submit, Transition::Approve]),
    ];
    // The approver signs in as "anna"; the public sees her name, not her sign-in.
    sign(&store, tenant.id, "anna", Role::Controller, vec![]).await;
    let anna = Change::by("anna");
    for (goal, (marker, transitions)) in goals.iter().zip(steps) {
        let mut assessment = store
            .create_assessment(
                tenant.id,
                &AssessmentContent {
                    goal_id: goal.id,
                    period_id: period.id,
                    org_unit_id: goal.responsible_units[0],
                    level: "ej_bedomt".to_string(),
                    analysis: format!("Analysen: {marker}."),
                    actions: String::new(),
                    suggestion: None,
                    deviation_reason: None,
                },
                &who,
            )
            .await
            .expect("assessment");
        for step in transitions {
            assessment = store
                .transition_assessment(tenant.id, assessment.id, assessment.version, step, &anna)
                .await
                .expect("transition");
        }
    }
    // Nothing of the new period is public before it is published.
    let before = crawl(&app).await;
    assert!(before.iter().all(|(_, body)| !body.contains(APPROVED)));

    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let reader = sign(&store, tenant.id, "lasare", Role::Reader, vec![]).await;
    let period_id = period.id.to_string();
    let refused = post(
        &app,
        "/arbeta/publicera",
        &reader.cookie,
        &[
            ("csrf", &reader.csrf),
            ("period", &period_id),
            ("reason", ""),
        ],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a reader cannot publish"
    );
    let published = post(
        &app,
        "/arbeta/publicera",
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("period", &period_id),
            ("reason", ""),
        ],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert_eq!(published.location, "/arbeta/publicera?gjort=publicerad");

    // A change after publishing stays in the workspace.
    let goal = &goals[3];
    let mut changed = goal.clone();
    changed.political_text = format!("{}\n\n{LATER}", goal.political_text);
    store
        .update_goal(tenant.id, &changed, &who)
        .await
        .expect("goal changed");

    let pages = crawl(&app).await;
    assert!(pages.len() > 10, "the crawl reached {} pages", pages.len());
    for (path, body) in &pages {
        for marker in [DRAFT, SUBMITTED, RETURNED, LATER] {
            assert!(!body.contains(marker), "{path} shows {marker}");
        }
    }
    // Every API collection and download of every publication, and the catalogue.
    let list = get(&app, "/api/v1/publikationer?limit=100", None).await;
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("list");
    let ids: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_i64())
        .collect();
    assert!(ids.len() >= 2);
    let mut extra = vec!["/dcat.rdf".to_string()];
    for id in &ids {
        for tail in [
            "mal?limit=100",
            "indikatorer?limit=100",
            "bedomningar?limit=100",
        ] {
            extra.push(format!("/api/v1/publikationer/{id}/{tail}"));
        }
        for file in ["data.json", "mal.csv", "varden.csv"] {
            extra.push(format!("/publicering/{id}/{file}"));
        }
    }
    let mut approved_in_api = false;
    for path in &extra {
        let answer = get(&app, path, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        for marker in [DRAFT, SUBMITTED, RETURNED, LATER] {
            assert!(!answer.body.contains(marker), "{path} shows {marker}");
        }
        approved_in_api |= path.contains("bedomningar") && answer.body.contains(APPROVED);
    }
    assert!(
        approved_in_api,
        "the approved analysis is in the assessments collection"
    );
    // Search finds nothing that is not published, and the frame and badge of each
    // goal show only the publication.
    for marker in [DRAFT, SUBMITTED, RETURNED, LATER] {
        let path = format!("/sok?q={}", common::encode(marker));
        let found = get(&app, &path, None).await;
        assert_eq!(found.status, StatusCode::OK);
        assert_eq!(
            found.body.matches(marker).count(),
            1,
            "{path}: only in the search field"
        );
        assert!(!found.body.contains("<mark>"), "{path} found something");
    }
    for goal in &goals {
        for path in [format!("/inbadda/mal/{}", goal.id)] {
            let answer = get(&app, &path, None).await;
            for marker in [DRAFT, SUBMITTED, RETURNED, LATER] {
                assert!(!answer.body.contains(marker), "{path} shows {marker}");
            }
        }
    }
    let approved: Vec<&String> = pages
        .iter()
        .filter(|(_, body)| body.contains(APPROVED))
        .map(|(path, _)| path)
        .collect();
    assert!(
        approved.iter().any(|p| p.starts_with("/publicering/")),
        "the approved analysis is on its goal's page: {approved:?}"
    );
    assert!(
        approved.iter().any(|p| p.starts_with("/api/v1/")),
        "and in the API: {approved:?}"
    );
    let approver_shown = pages
        .iter()
        .any(|(_, body)| body.contains(APPROVED) && body.contains("Godkänd av Test anna"));
    assert!(approver_shown, "the approver by name");
    assert!(
        pages
            .iter()
            .all(|(_, body)| !body.contains("Godkänd av anna")),
        "never by the name they sign in with"
    );
    // The workspace still has all four, and the drafts are still drafts.
    let all = store
        .assessments(
            tenant.id,
            &AssessmentQuery {
                period: Some(period.id),
                ..AssessmentQuery::default()
            },
        )
        .await
        .expect("assessments");
    assert_eq!(all.len(), 4);
}

#[tokio::test]
async fn a_correction_is_a_new_version_with_a_reason_and_the_old_one_stays() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let periods = store.periods(tenant.id, plan.id).await.expect("periods");
    let tertial = periods
        .iter()
        .find(|p| p.name == "Tertial 1 2024")
        .expect("the demo's closed tertial")
        .id
        .to_string();
    // The demo published the tertial: the start page shows it, without signing in.
    let home = get(&app, "/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Tertial 1 2024"), "{}", home.body);
    assert!(home.body.contains("lang=\"sv\""));
    let first = links(&home.body)
        .into_iter()
        .find_map(|l| {
            l.strip_prefix("/publicering/")
                .filter(|rest| !rest.contains('/'))
                .map(str::to_string)
        })
        .expect("a link to the publication");

    let again = post(
        &app,
        "/arbeta/publicera",
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("period", &tertial),
            ("reason", "  "),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("Skriv vad den nya versionen rättar"));
    let corrected = post(
        &app,
        "/arbeta/publicera",
        &controller.cookie,
        &[
            ("csrf", &controller.csrf),
            ("period", &tertial),
            ("reason", "Rättat en analys."),
        ],
    )
    .await;
    assert_eq!(
        corrected.status,
        StatusCode::SEE_OTHER,
        "{}",
        corrected.body
    );
    let old = get(&app, &format!("/publicering/{first}"), None).await;
    assert_eq!(old.status, StatusCode::OK, "the first version stays");
    assert!(old.body.contains("ersatt av en nyare"));
    assert!(old.body.contains("Rättat en analys."));
    assert!(
        old.body
            .contains("Målen, bedömningarna och värdena är desamma i båda versionerna."),
        "nothing changed, and the page says so"
    );
    let list = get(&app, "/publiceringar", None).await;
    assert!(list.body.contains("Rättat en analys."));
    assert!(list.body.contains("ersatt"));
    let api = get(&app, "/api/v1/publikationer", None).await;
    assert!(api.body.contains("\"version\":2"), "{}", api.body);
}

#[tokio::test]
async fn public_answers_carry_a_strong_etag_and_a_conditional_get_gets_304() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let home = send(
        &app,
        Request::get("/").body(Body::empty()).expect("request"),
    )
    .await;
    assert_eq!(home.status, StatusCode::OK);
    let etag = home.etag.clone().expect("an ETag");
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    let again = send(
        &app,
        Request::get("/")
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let api = get(&app, "/api/v1/publikationer/999999", None).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("\"status\":404"), "{}", api.body);
    let bad = get(&app, "/api/v1/publikationer/abc", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("\"status\":400"), "{}", bad.body);
    let staff = get(&app, "/arbeta/logga-in", None).await;
    assert_eq!(staff.status, StatusCode::OK);
    // Old addresses of the workspace lead to where it is now.
    let moved = get(&app, "/mal/3?period=2", None).await;
    assert_eq!(moved.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(moved.location, "/arbeta/mal/3?period=2");
    assert_eq!(
        get(&app, "/malvarden", None).await.status,
        StatusCode::NOT_FOUND
    );
    // The public language switch comes back to the public site.
    let switched = get(&app, "/sprak?val=en&tillbaka=//elsewhere.example", None).await;
    assert_eq!(switched.location, "/");
    // A public error page leads back to the public site, not into the workspace.
    let missing = get(&app, "/publicering/999999", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("href=\"/publiceringar\""),
        "{}",
        missing.body
    );
    assert!(!missing.body.contains("/arbeta"), "{}", missing.body);
    let robots = get(&app, "/robots.txt", None).await;
    assert!(robots.body.contains("Disallow: /arbeta"));
}

#[tokio::test]
async fn a_plan_is_published_before_it_has_results() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let published = post(
        &app,
        "/arbeta/publicera",
        &controller.cookie,
        &[("csrf", &controller.csrf), ("period", ""), ("reason", "")],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    // The newest publication is now the plan alone: its goals, and no assessment.
    let home = get(&app, "/", None).await;
    assert!(home.body.contains(">Budget 2024</h1>"), "{}", home.body);
    assert!(home.body.contains("Inte bedömt i den här publiceringen"));
    assert!(
        !home.body.contains("class=\"badge"),
        "no status without a period"
    );
    let api = get(&app, "/api/v1/publikationer", None).await;
    assert!(api.body.contains("\"period_id\":null"), "{}", api.body);
}

/// One answer with its headers and its bytes, for the documents.
async fn fetch(app: &axum::Router, path: &str, cookie: Option<&str>) -> axum::response::Response {
    use tower::ServiceExt;
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    app.clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("response")
}

async fn publications<S: Store>(
    store: &S,
    tenant: riktning_domain::Id,
) -> Vec<riktning_domain::Publication> {
    use riktning_store::StoreRead;
    let mut read = store.reader().await.expect("reader");
    let list = read.publications(tenant).await.expect("publications");
    read.finish().await.expect("finish");
    list
}

fn header_of(response: &axum::response::Response, name: header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_goal_section_is_downloaded_in_the_workspace_for_any_period_and_publicly_when_published()
 {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let reporter = sign(&store, tenant.id, "reporter", Role::Reporter, vec![]).await;
    let plan = store.plans(tenant.id).await.expect("plans")[0].clone();
    let periods = store.periods(tenant.id, plan.id).await.expect("periods");
    let id_of = |name: &str| {
        periods
            .iter()
            .find(|p| p.name == name)
            .expect("a demo period")
            .id
    };
    let (tertial, interim) = (id_of("Tertial 1 2024"), id_of("Delår 2024"));

    // The workspace offers the download for every period, in every format.
    let page = get(&app, "/arbeta/publicera", Some(&reporter)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"action="/arbeta/malavsnitt""#));
    for format in ["docx", "xlsx", "pdf", "html"] {
        assert!(
            page.body
                .contains(&format!(r#"name="format" value="{format}""#))
        );
    }

    // A period that is not published is a draft, and says so.
    let draft = fetch(
        &app,
        &format!("/arbeta/malavsnitt?period={interim}&format=html"),
        Some(&reporter.cookie),
    )
    .await;
    assert_eq!(draft.status(), StatusCode::OK);
    assert!(header_of(&draft, header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(
        header_of(&draft, header::CONTENT_SECURITY_POLICY),
        riktning_web::security::DOCUMENT_CONTENT_SECURITY_POLICY,
        "the printable page may use its own styles, and nothing else"
    );
    let body = axum::body::to_bytes(draft.into_body(), 10_000_000)
        .await
        .expect("body");
    let html = String::from_utf8_lossy(&body);
    assert!(html.contains("Utkast: perioden är inte godkänd och publicerad"));
    assert!(!html.contains("<script"));

    // The published tertial is written as it was published, and saved as a file.
    let word = fetch(
        &app,
        &format!("/arbeta/malavsnitt?period={tertial}&format=docx"),
        Some(&reporter.cookie),
    )
    .await;
    assert_eq!(word.status(), StatusCode::OK);
    assert_eq!(
        header_of(&word, header::CONTENT_DISPOSITION),
        "attachment; filename=\"maluppfyllelse-tertial-1-2024.docx\""
    );
    let bytes = axum::body::to_bytes(word.into_body(), 10_000_000)
        .await
        .expect("body");
    assert!(bytes.starts_with(b"PK"), "a Word package");

    // Wrong input gets a reason in Swedish, never a server error.
    for (query, reason) in [
        (
            format!("period={tertial}&format=odt"),
            "Välj ett av formaten",
        ),
        ("period=abc&format=pdf".to_string(), "Perioden finns inte"),
        (
            "period=999999&format=pdf".to_string(),
            "Perioden finns inte",
        ),
    ] {
        let refused = get(
            &app,
            &format!("/arbeta/malavsnitt?{query}"),
            Some(&reporter),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(refused.body.contains(reason), "{query}: {}", refused.body);
    }
    // Without signing in, the workspace's download is not there.
    let stranger = get(
        &app,
        &format!("/arbeta/malavsnitt?period={interim}&format=pdf"),
        None,
    )
    .await;
    assert_eq!(stranger.status, StatusCode::SEE_OTHER);

    // The public site offers the documents of the published period, from the
    // publication, and nothing for a period that is not published.
    let publication = publications(&store, tenant.id).await[0].clone();
    assert_eq!(publication.period_id, Some(tertial));
    let public = get(&app, &format!("/publicering/{}", publication.id), None).await;
    let address = format!("/publicering/{}/malavsnitt.pdf", publication.id);
    assert!(public.body.contains(&address), "{}", public.body);
    let pdf = fetch(&app, &address, None).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(header_of(&pdf, header::CONTENT_TYPE), "application/pdf");
    assert!(header_of(&pdf, header::ETAG).starts_with("\"v"));
    let bytes = axum::body::to_bytes(pdf.into_body(), 10_000_000)
        .await
        .expect("body");
    assert!(bytes.starts_with(b"%PDF-"));
    let html = get(
        &app,
        &format!("/publicering/{}/malavsnitt.html", publication.id),
        None,
    )
    .await;
    assert!(!html.body.contains("Utkast"), "a publication is no draft");
    for missing in ["malavsnitt.odt", "malavsnitt.", "malavsnitt.pdf.zip"] {
        let answer = get(
            &app,
            &format!("/publicering/{}/{missing}", publication.id),
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{missing}");
    }

    // The plan published before it has results has no goal section to download.
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let published = post(
        &app,
        "/arbeta/publicera",
        &controller.cookie,
        &[("csrf", &controller.csrf), ("period", ""), ("reason", "")],
    )
    .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let plan_only = publications(&store, tenant.id)
        .await
        .into_iter()
        .find(|p| p.period_id.is_none())
        .expect("the plan's publication");
    let page = get(&app, &format!("/publicering/{}", plan_only.id), None).await;
    assert!(!page.body.contains("malavsnitt."));
    let answer = get(
        &app,
        &format!("/publicering/{}/malavsnitt.pdf", plan_only.id),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}
