//! Importing a budget document in the browser: who may, the review of what was read and
//! of what a replace changes, the confirmation, and the refusals (unreadable files,
//! missing years, CSRF, someone else's upload, too large a file).

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Answer, Signed, app, demo_store, get, post, send, sign};
use riktning_domain::{AuditAction, EntityKind, GoalLevel, Id, Role};
use riktning_store::{AssessmentQuery, AuditQuery, Store};
use riktning_store_sqlite::SqliteStore;
use riktning_web::auth::random_token;

const EXAMPLE: &[u8] = include_bytes!("../../../examples/ostersund-budget-2024.md");
const EXAMPLE_NAME: &str = "ostersund-budget-2024.md";
const REASON: &str = "uppladdad i webbläsaren";

struct World {
    store: SqliteStore,
    app: Router,
    tenant: Id,
    admin: Signed,
    controller: Signed,
    reporter: Signed,
    reader: Signed,
}

/// The demo: plan "Budget 2024" from the example document, with committee goals under
/// the council's goals.
async fn world() -> World {
    let (store, tenant) = demo_store().await;
    let admin = sign(&store, tenant.id, "admin", Role::Administrator, Vec::new()).await;
    let controller = sign(
        &store,
        tenant.id,
        "controller",
        Role::Controller,
        Vec::new(),
    )
    .await;
    let reporter = sign(
        &store,
        tenant.id,
        "bun.sekreterare",
        Role::Reporter,
        Vec::new(),
    )
    .await;
    let reader = sign(&store, tenant.id, "revisor", Role::Reader, Vec::new()).await;
    let app = app(&store, &tenant);
    World {
        store,
        app,
        tenant: tenant.id,
        admin,
        controller,
        reporter,
        reader,
    }
}

const BOUNDARY: &str = "riktning-test-7f3a9c";

/// A multipart/form-data body as a browser sends it: text fields, then the file.
fn multipart_body(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload_with(
    w: &World,
    who: &Signed,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Answer {
    let request = Request::post("/arbeta/import")
        .header(header::COOKIE, &who.cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart_body(fields, file)))
        .expect("request");
    let answer = send(&w.app, request).await;
    // A document that was read leads to its review, at an address of its own.
    if answer.status == StatusCode::SEE_OTHER {
        assert!(
            answer.location.starts_with("/arbeta/import/granska?token="),
            "{}",
            answer.location
        );
        return get(&w.app, &answer.location, Some(who)).await;
    }
    answer
}

/// Uploads a document with the signed-in user's own CSRF token.
async fn upload(w: &World, who: &Signed, file_name: &str, bytes: &[u8]) -> Answer {
    upload_with(w, who, &[("csrf", &who.csrf)], Some((file_name, bytes))).await
}

/// The pending upload's token, from the review page's confirmation form.
fn token_of(review: &Answer) -> String {
    let marker = "name=\"token\" value=\"";
    let start = review.body.find(marker).expect("a token field") + marker.len();
    review.body[start..]
        .split('"')
        .next()
        .expect("token")
        .to_string()
}

async fn confirm(w: &World, who: &Signed, token: &str, replace: bool) -> Answer {
    let mut fields = vec![("csrf", who.csrf.as_str()), ("token", token)];
    if replace {
        fields.push(("replace", "1"));
    }
    post(&w.app, "/arbeta/import/bekrafta", &who.cookie, &fields).await
}

/// Every goal of every plan, as (plan title, code): what an import could have changed.
async fn stored_goals(w: &World) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for plan in w.store.plans(w.tenant).await.expect("plans") {
        for goal in w.store.goals(w.tenant, plan.id).await.expect("goals") {
            all.push((plan.title.clone(), goal.code));
        }
    }
    all.sort();
    all
}

async fn events_by(w: &World, actor: &str) -> Vec<riktning_domain::AuditEvent> {
    w.store
        .audit_events(w.tenant, &AuditQuery::default())
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.actor == actor)
        .collect()
}

#[tokio::test]
async fn only_controllers_and_administrators_may_import() {
    let w = world().await;
    let before = stored_goals(&w).await;
    for who in [&w.reader, &w.reporter] {
        assert_eq!(
            get(&w.app, "/arbeta/import", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
        let refused = upload(&w, who, EXAMPLE_NAME, EXAMPLE).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert!(!refused.body.contains("name=\"token\""));
        let refused = confirm(&w, who, "any", true).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    for who in [&w.controller, &w.admin] {
        let form = get(&w.app, "/arbeta/import", Some(who)).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        for markup in [
            "enctype=\"multipart/form-data\"",
            "<label for=\"document\">",
            "type=\"file\" id=\"document\" name=\"document\" accept=\".txt,.md,.docx,.pdf\"",
            &format!("name=\"csrf\" value=\"{}\"", who.csrf),
            "<h1>Importera budgetdokument</h1>",
        ] {
            assert!(form.body.contains(markup), "{markup}");
        }
    }
    assert_eq!(stored_goals(&w).await, before);
}

#[tokio::test]
async fn the_review_shows_the_draft_and_what_a_replace_changes_and_only_a_confirmation_stores_it() {
    let w = world().await;
    let before = stored_goals(&w).await;
    let plan = w.store.plans(w.tenant).await.expect("plans")[0].clone();
    let committee: Vec<riktning_domain::Goal> = w
        .store
        .goals(w.tenant, plan.id)
        .await
        .expect("goals")
        .into_iter()
        .filter(|g| g.level == GoalLevel::Committee)
        .collect();
    assert!(!committee.is_empty(), "the demo has committee goals");
    let mut assessed = 0;

    let review = upload(&w, &w.controller, EXAMPLE_NAME, EXAMPLE).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    let draft = riktning_import::parse_document(EXAMPLE_NAME, EXAMPLE).expect("parses");
    assert_eq!(draft.goals.len(), 8);
    for (index, goal) in draft.goals.iter().enumerate() {
        let row = format!(
            "<th scope=\"row\"><a href=\"#goal-{}\">{}</a></th>",
            index + 1,
            goal.code
        );
        assert!(review.body.contains(&row), "{row}");
        assert!(review.body.contains(&goal.statement), "{}", goal.code);
        let short = goal.short_name.as_deref().expect("short name");
        assert!(review.body.contains(&format!("{} {short}</h3>", goal.code)));
        for commitment in &goal.commitments {
            assert!(
                review.body.contains(&commitment.text),
                "{}",
                commitment.text
            );
        }
    }
    for shown in [
        "Granska importen: Budget 2024",
        "kärnverksamhet",
        "minst 75 000 invånare år 2040",
        "<td>75 000</td>",
        "<td>minst</td>",
        "Att kontrollera (1)",
        "togs som kortnamn: 1.1 Ledning",
        "Det här ändras i den befintliga planen: Budget 2024 (2024)",
        "Mål som tas bort (",
        "nämndmål",
    ] {
        assert!(review.body.contains(shown), "{shown}");
    }
    for goal in &committee {
        let of_goal = AssessmentQuery {
            goal: Some(goal.id),
            ..AssessmentQuery::default()
        };
        let assessments = w.store.assessments(w.tenant, &of_goal).await.expect("read");
        assessed += assessments.len();
        let row = format!(
            "<th scope=\"row\">{}</th><td>{}</td><td>nämndmål</td><td>0</td><td>{}</td>",
            goal.code,
            goal.statement,
            assessments.len()
        );
        assert!(review.body.contains(&row), "removed goal listed: {row}");
    }
    assert!(assessed > 0, "the review says which assessments go");
    assert!(
        review.body.contains("id=\"replace\""),
        "the plan exists: the replace checkbox is offered"
    );
    assert_eq!(stored_goals(&w).await, before, "a review stores nothing");

    let token = token_of(&review);
    let refused = confirm(&w, &w.controller, &token, false).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("aria-describedby=\"replace-hint replace-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(refused.body.contains("Kryssa i att den befintliga planen"));
    assert_eq!(stored_goals(&w).await, before, "nothing stored");
    assert!(events_by(&w, "controller").await.is_empty());

    let stored = confirm(&w, &w.controller, &token, true).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    assert!(
        stored.location.starts_with("/arbeta/mal?plan=")
            && stored.location.ends_with("&gjort=plan-importerad"),
        "{}",
        stored.location
    );
    let shown = get(&w.app, &stored.location, Some(&w.controller)).await;
    assert!(
        shown.body.contains(
            "<p class=\"notice\" role=\"status\">Planen är importerad. Här är dess mål.</p>"
        ),
        "the import is confirmed where it leads"
    );
    let after = stored_goals(&w).await;
    let codes: Vec<&str> = after.iter().map(|(_, code)| code.as_str()).collect();
    assert_eq!(
        codes,
        ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"],
        "the committee goals the document does not have are gone"
    );
    let events = events_by(&w, "controller").await;
    assert!(
        events
            .iter()
            .any(|e| e.entity == EntityKind::Goal && e.action == AuditAction::Delete),
        "each removal is on the record"
    );
    assert!(events.iter().all(|e| e.reason.as_deref() == Some(REASON)));

    let again = confirm(&w, &w.controller, &token, true).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "an upload is stored once"
    );
}

/// The example with goal 1.1's statement reworded and one more commitment, as a
/// revised document would come.
fn revised_example() -> Vec<u8> {
    let text = std::str::from_utf8(EXAMPLE).expect("UTF-8");
    let revised = text
        .replacen(
            "där alla känner sig delaktiga",
            "där alla känner sig välkomna och delaktiga",
            1,
        )
        .replacen(
            "Nämnderna ska hålla sig\ninom sina ramar.",
            "Nämnderna ska hålla sig\ninom sina ramar. Kommunen ska publicera öppna data.",
            1,
        );
    assert_ne!(
        revised, text,
        "the example still has the sentences we revise"
    );
    revised.into_bytes()
}

#[tokio::test]
async fn a_revised_document_shows_reworded_goals_and_new_commitments_and_is_audited_as_an_import() {
    let w = world().await;
    let revised = revised_example();
    let review = upload(&w, &w.controller, "budget-2024-rev2.md", &revised).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    for shown in [
        "Mål 1.1</h4>",
        "Målformuleringen ändras",
        "Före: «Östersunds kommun har en hållbar tillväxt där alla känner sig delaktiga",
        "Efter: «Östersunds kommun har en hållbar tillväxt där alla känner sig välkomna och delaktiga",
        "Nytt åtagande: «Kommunen ska publicera öppna data.»",
    ] {
        assert!(review.body.contains(shown), "{shown}\n{}", review.body);
    }
    let stored = confirm(&w, &w.controller, &token_of(&review), true).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let events = events_by(&w, "controller").await;
    let import = events
        .iter()
        .find(|e| e.entity == EntityKind::Plan && e.action == AuditAction::Import)
        .expect("an import event by the controller");
    assert_eq!(import.reason.as_deref(), Some(REASON));
    let plan = w.store.plans(w.tenant).await.expect("plans")[0].clone();
    assert_eq!(plan.source_name.as_deref(), Some("budget-2024-rev2.md"));
    let goals = w.store.goals(w.tenant, plan.id).await.expect("goals");
    let first = goals.iter().find(|g| g.code == "1.1").expect("1.1");
    assert!(first.statement.contains("välkomna och delaktiga"));
    let commitments = w.store.commitments(w.tenant, first.id).await.expect("c");
    assert!(
        commitments
            .iter()
            .any(|c| c.text == "Kommunen ska publicera öppna data.")
    );
}

#[tokio::test]
async fn an_unreadable_document_is_refused_next_to_the_field_and_nothing_is_stored() {
    let w = world().await;
    let before = stored_goals(&w).await;
    let garbage = upload(
        &w,
        &w.controller,
        "x.docx",
        b"\x00\x01 inte ett Word-dokument",
    )
    .await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        garbage.body.contains(
            "Dokumentet gick inte att läsa: Filen heter .docx men är inget Word-dokument."
        ),
        "{}",
        garbage.body
    );
    assert!(
        garbage
            .body
            .contains("aria-describedby=\"document-hint document-error\" aria-invalid=\"true\"")
    );
    assert!(!garbage.body.contains("name=\"token\""));

    let located = upload(
        &w,
        &w.controller,
        "budget.txt",
        b"Budget 2025\n\n\xe5\xe4\n",
    )
    .await;
    assert_eq!(located.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(located.body.contains("rad 3"), "{}", located.body);

    let nothing = upload_with(&w, &w.controller, &[("csrf", &w.controller.csrf)], None).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.body.contains("Välj ett dokument att läsa in."));
    assert_eq!(stored_goals(&w).await, before);
    assert!(events_by(&w, "controller").await.is_empty());
}

#[tokio::test]
async fn a_new_plan_needs_its_years_and_is_stored_without_replacing_anything() {
    let w = world().await;
    let document = "Verksamhetsplan\n\n1.1 Alla barn ska lära sig simma\n\nKommunen ska bygga en ny simhall.\n";
    let without = upload(&w, &w.controller, "plan.txt", document.as_bytes()).await;
    assert_eq!(
        without.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        without.body
    );
    assert!(
        without.body.contains("id=\"years-error\""),
        "{}",
        without.body
    );
    let bad = upload_with(
        &w,
        &w.controller,
        &[("csrf", &w.controller.csrf), ("years", "2027-2025")],
        Some(("plan.txt", document.as_bytes())),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Åren går inte att tolka"));
    assert!(
        bad.body.contains("value=\"2027-2025\""),
        "what was typed is kept"
    );

    let review = upload_with(
        &w,
        &w.controller,
        &[
            ("csrf", &w.controller.csrf),
            ("title", "Simplan"),
            ("years", "2025-2027"),
        ],
        Some(("plan.txt", document.as_bytes())),
    )
    .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("2025–2027"));
    assert!(
        !review.body.contains("id=\"replace\""),
        "a new title replaces nothing"
    );
    let stored = confirm(&w, &w.controller, &token_of(&review), false).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let plan = w
        .store
        .plan_by_title(w.tenant, "Simplan")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!((plan.first_year, plan.last_year), (2025, 2027));
    assert_eq!(
        w.store.plans(w.tenant).await.expect("plans").len(),
        2,
        "Budget 2024 is still there"
    );
}

#[tokio::test]
async fn uploads_and_confirmations_need_the_session_csrf_token() {
    let w = world().await;
    let before = stored_goals(&w).await;
    let missing = upload_with(&w, &w.controller, &[], Some((EXAMPLE_NAME, EXAMPLE))).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let wrong = upload_with(
        &w,
        &w.controller,
        &[("csrf", "forged")],
        Some((EXAMPLE_NAME, EXAMPLE)),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(!wrong.body.contains("name=\"token\""));

    let review = upload(&w, &w.controller, EXAMPLE_NAME, EXAMPLE).await;
    let token = token_of(&review);
    let forged = post(
        &w.app,
        "/arbeta/import/bekrafta",
        &w.controller.cookie,
        &[("csrf", "forged"), ("token", &token), ("replace", "1")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let unsigned = post(
        &w.app,
        "/arbeta/import/bekrafta",
        &w.controller.cookie,
        &[("token", &token), ("replace", "1")],
    )
    .await;
    assert_eq!(unsigned.status, StatusCode::FORBIDDEN);
    assert_eq!(stored_goals(&w).await, before);
}

#[tokio::test]
async fn an_upload_can_only_be_confirmed_by_whoever_uploaded_it() {
    let w = world().await;
    let before = stored_goals(&w).await;
    let review = upload(&w, &w.controller, EXAMPLE_NAME, EXAMPLE).await;
    let token = token_of(&review);
    let stolen = confirm(&w, &w.admin, &token, true).await;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND, "{}", stolen.body);
    assert!(stolen.body.contains("Ladda upp dokumentet igen"));
    assert_eq!(stored_goals(&w).await, before, "nothing stored");
    assert!(events_by(&w, "admin").await.is_empty());
    let made_up = confirm(&w, &w.controller, &random_token(), true).await;
    assert_eq!(made_up.status, StatusCode::NOT_FOUND);
    let own = confirm(&w, &w.controller, &token, true).await;
    assert_eq!(
        own.status,
        StatusCode::SEE_OTHER,
        "the uploader still can: {}",
        own.body
    );
}

#[tokio::test]
async fn large_documents_pass_and_too_large_ones_are_refused_with_a_message() {
    let w = world().await;
    // Past axum's default limit of 2 MB: a budget PDF is often this large.
    let mut padded = EXAMPLE.to_vec();
    padded.extend(std::iter::repeat_n(b' ', 3 * 1024 * 1024));
    padded.extend_from_slice(b"\n");
    let large = upload(&w, &w.controller, EXAMPLE_NAME, &padded).await;
    assert_eq!(large.status, StatusCode::OK, "{}", large.body);
    let huge = vec![b'a'; 21 * 1024 * 1024];
    let refused = upload(&w, &w.controller, "huge.txt", &huge).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        refused
            .body
            .contains("Filen är för stor. Största storlek: 20 MB."),
        "{}",
        refused.body
    );
    // The form's own fields are short: a title of megabytes is not kept.
    let title = "Budget ".repeat(300_000);
    let long = upload_with(
        &w,
        &w.controller,
        &[("csrf", &w.controller.csrf), ("title", &title)],
        Some((EXAMPLE_NAME, EXAMPLE)),
    )
    .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        long.body.contains("För långt. Högst 500 tecken."),
        "{}",
        long.body
    );
    assert!(long.body.contains("aria-invalid=\"true\""));
    assert!(!long.body.contains("Budget Budget Budget"));
}

#[tokio::test]
async fn the_review_is_in_english_for_an_english_browser() {
    let w = world().await;
    let request = Request::post("/arbeta/import")
        .header(header::COOKIE, &w.controller.cookie)
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart_body(
            &[("csrf", &w.controller.csrf)],
            Some((EXAMPLE_NAME, EXAMPLE)),
        )))
        .expect("request");
    let uploaded = send(&w.app, request).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    let again = Request::get(&uploaded.location)
        .header(header::COOKIE, &w.controller.cookie)
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .expect("request");
    let review = send(&w.app, again).await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.body.contains("<html lang=\"en\">"));
    assert!(review.body.contains("Review the import: Budget 2024"));
    assert!(review.body.contains("Goals that are removed"));
    assert!(review.body.contains("committee goal"));
}

#[tokio::test]
async fn the_review_warns_when_the_document_is_about_another_municipality() {
    let w = world().await;
    let document = "Krokoms kommun – mål och budget 2025\n\n\
        Mål 1. Fler i arbete\n\n\
        Krokoms kommun ska stödja den som söker arbete.\n";
    let review = upload(&w, &w.controller, "krokom-2025.txt", document.as_bytes()).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("nämligen Krokom."), "{}", review.body);
    let own = "Östersunds kommun – mål och budget 2025\n\n\
        Mål 1. Fler i arbete\n\n\
        Östersunds kommun ska stödja den som söker arbete.\n";
    let review = upload(&w, &w.controller, "ostersund-2025.txt", own.as_bytes()).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("Fler i arbete"));
    assert!(!review.body.contains("nämligen"), "no warning for its own");
}

/// The review's correction form for `edit`, as the page's buttons send it.
async fn correct(w: &World, who: &Signed, token: &str, fields: &[(&str, &str)]) -> Answer {
    let mut all = vec![("csrf", who.csrf.as_str()), ("token", token)];
    all.extend_from_slice(fields);
    post(&w.app, "/arbeta/import/ratta", &who.cookie, &all).await
}

#[tokio::test]
async fn a_document_without_recognisable_goals_is_corrected_by_hand_and_stored_as_corrected() {
    let w = world().await;
    let document = "Strategi för Östersunds kommun 2026\n\n\
        Trygghet i vardagen\n\n\
        Alla ska kunna röra sig tryggt i hela kommunen.\n\n\
        Lärande hela livet\n\n\
        Vuxenutbildningen ska nå fler.\n\n\
        Ett inledande stycke som inte är ett mål.\n";
    let review = upload_with(
        &w,
        &w.controller,
        &[("csrf", &w.controller.csrf), ("title", "Strategi 2026")],
        Some(("strategi.txt", document.as_bytes())),
    )
    .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(
        review.body.contains("Inga mål kändes igen"),
        "{}",
        review.body
    );
    assert!(
        review.body.contains("Rader som inte används (6)"),
        "{}",
        review.body
    );
    let token = token_of(&review);

    // Nothing to store yet: the page says what to do.
    let empty = confirm(&w, &w.controller, &token, false).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("Markera målen bland raderna"),
        "{}",
        empty.body
    );

    // Two lines become goals; a missed line of text follows its goal by a merge.
    for line in ["3", "7"] {
        let made = correct(
            &w,
            &w.controller,
            &token,
            &[("edit", "line-to-goal"), ("line", line)],
        )
        .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        assert!(
            made.location.contains("gjort=import-line-to-goal"),
            "{}",
            made.location
        );
    }
    let reloaded = get(
        &w.app,
        &format!("/arbeta/import/granska?token={token}&gjort=import-line-to-goal"),
        Some(&w.controller),
    )
    .await;
    assert_eq!(reloaded.status, StatusCode::OK);
    assert!(
        reloaded.body.contains("Raden är nu ett mål."),
        "the action is confirmed"
    );
    assert!(reloaded.body.contains("Trygghet i vardagen"));
    assert!(
        reloaded.body.contains("Rader som inte används (4)"),
        "{}",
        reloaded.body
    );
    let merged = correct(
        &w,
        &w.controller,
        &token,
        &[("edit", "line-to-goal"), ("line", "5")],
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER);
    let merged = correct(
        &w,
        &w.controller,
        &token,
        &[("edit", "merge-with-previous"), ("code", "3")],
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER);
    let renamed = correct(
        &w,
        &w.controller,
        &token,
        &[
            ("edit", "rename"),
            ("code", "2"),
            ("statement", "Alla lär sig hela livet"),
            ("short_name", "Lärande"),
        ],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);

    // A correction that does not fit says why, in Swedish, and changes nothing.
    let refused = correct(
        &w,
        &w.controller,
        &token,
        &[("edit", "merge-with-previous"), ("code", "1")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Det första målet kan inte slås ihop"),
        "{}",
        refused.body
    );
    let odd = correct(
        &w,
        &w.controller,
        &token,
        &[("edit", "explode"), ("code", "1")],
    )
    .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Only the uploader, with the session's token, and a role that may import.
    let other = correct(
        &w,
        &w.admin,
        &token,
        &[("edit", "not-a-goal"), ("code", "1")],
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let forged = post(
        &w.app,
        "/arbeta/import/ratta",
        &w.controller.cookie,
        &[
            ("csrf", "fel"),
            ("token", &token),
            ("edit", "not-a-goal"),
            ("code", "1"),
        ],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let reporter = correct(
        &w,
        &w.reporter,
        &token,
        &[("edit", "not-a-goal"), ("code", "1")],
    )
    .await;
    assert_eq!(reporter.status, StatusCode::FORBIDDEN);

    let stored = confirm(&w, &w.controller, &token, false).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let plan = w
        .store
        .plan_by_title(w.tenant, "Strategi 2026")
        .await
        .expect("plan")
        .expect("the corrected plan is stored");
    let goals = w.store.goals(w.tenant, plan.id).await.expect("goals");
    let read: Vec<(String, String, Option<String>)> = goals
        .iter()
        .map(|g| (g.code.clone(), g.statement.clone(), g.short_name.clone()))
        .collect();
    assert_eq!(
        read,
        [
            ("1".to_string(), "Trygghet i vardagen".to_string(), None),
            (
                "2".to_string(),
                "Alla lär sig hela livet".to_string(),
                Some("Lärande".to_string())
            ),
        ]
    );
    assert!(
        goals[0]
            .political_text
            .contains("Alla ska kunna röra sig tryggt"),
        "{:?}",
        goals[0]
    );
}
