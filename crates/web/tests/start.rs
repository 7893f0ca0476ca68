//! Starting from nothing in the browser: the setup on an empty database, a plan
//! started empty, the pages of a plan without periods, and the screens for plans,
//! periods and the organisation.

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::{Answer, Signed, empty_store, get, post, sign};
use riktning_domain::{AuditAction, Change, EntityKind, GoalLevel, NewTenant, Role, Tenant};
use riktning_store::{AuditQuery, Store};
use riktning_store_sqlite::SqliteStore;
use riktning_web::{SetupOptions, first_start};

const CODE: &str = "startkod-för-testet-0123456789";
const PASSWORD: &str = "tre gröna tallar vid sjön";

fn setup_app(store: &SqliteStore, admin_password: Option<&str>) -> Router {
    first_start(
        store.clone(),
        SetupOptions {
            code: CODE.to_string(),
            admin_password: admin_password.map(str::to_string),
        },
        common::demo_options(),
    )
}

fn setup_fields<'a>(code: &'a str, municipality: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kod", code),
        ("municipality", municipality),
        ("name", "Anna Berg"),
        ("username", "anna"),
        ("password", PASSWORD),
        ("repeat", PASSWORD),
    ]
}

/// The session cookie a response set, as a request sends it back.
fn session_of(answer: &Answer) -> String {
    answer
        .cookies
        .iter()
        .find(|c| c.starts_with("riktning_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

#[tokio::test]
async fn an_empty_database_is_set_up_in_the_browser_with_the_start_code() {
    let store = empty_store().await;
    let app = setup_app(&store, None);

    // Every address leads to the setup page, which lists every municipality and region.
    let start = get(&app, "/arbeta/mal", None).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    assert_eq!(start.location, "/arbeta/borja");
    let form = get(&app, &format!("/arbeta/borja?kod={CODE}"), None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("value=\"{CODE}\"")));
    assert!(form.body.contains("<option value=\"Östersund\">"));
    assert!(
        form.body
            .contains("<option value=\"Region Jämtland Härjedalen\">")
    );
    assert!(!form.body.contains("value=\"Riket\""), "not the country");
    let options = form.body.matches("<option value=\"").count();
    assert_eq!(options, 290 + 21, "290 municipalities and 21 regions");

    // Without the right code nothing is created, and the form keeps what was typed.
    let wrong = post(&app, "/arbeta/borja", "", &setup_fields("gissad", "2380")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Startkoden stämmer inte"));
    assert!(wrong.body.contains("value=\"Anna Berg\""));
    assert!(
        !wrong.body.contains(PASSWORD),
        "passwords are never shown again"
    );
    assert!(store.tenants().await.expect("tenants").is_empty());

    // Bad fields are each named, in Swedish.
    let mut bad = setup_fields(CODE, "9999");
    bad[4] = ("password", "kort");
    let refused = post(&app, "/arbeta/borja", "", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Skriv en kommun eller region som i listan")
    );
    assert!(refused.body.contains("För kort"));
    let mut differ = setup_fields(CODE, "östersund");
    differ[5] = ("repeat", "något annat helt och hållet");
    let refused = post(&app, "/arbeta/borja", "", &differ).await;
    assert!(refused.body.contains("Lösenorden är inte lika"));
    assert!(
        refused.body.contains("value=\"östersund\""),
        "the name typed stays"
    );
    let country = post(&app, "/arbeta/borja", "", &setup_fields(CODE, "0000")).await;
    assert_eq!(
        country.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not the country"
    );
    assert!(store.tenants().await.expect("tenants").is_empty());

    // A name of invisible characters is refused before anything is stored, so setup
    // is never left half done.
    let mut invisible = setup_fields(CODE, "2380");
    invisible[2] = ("name", "\u{200b}\u{2060}");
    let refused = post(&app, "/arbeta/borja", "", &invisible).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Skriv personens namn."));
    assert!(store.tenants().await.expect("tenants").is_empty());

    // The right code and fields: the municipality, its administrator, signed in.
    let done = post(&app, "/arbeta/borja", "", &setup_fields(CODE, "Östersund")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location, "/arbeta/planer?klar=1");
    let tenants = store.tenants().await.expect("tenants");
    assert_eq!(tenants.len(), 1);
    assert_eq!(
        (tenants[0].kolada_id.as_str(), tenants[0].name.as_str()),
        ("2380", "Östersund")
    );
    let users = store.users(tenants[0].id).await.expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].username, "anna");
    assert_eq!(users[0].role, Role::Administrator);
    assert!(!users[0].must_change_password, "they chose it themselves");

    // The same address now serves the workspace, signed in as the new administrator.
    let signed = Signed {
        cookie: session_of(&done),
        csrf: String::new(),
    };
    let welcome = get(&app, "/arbeta/planer?klar=1", Some(&signed)).await;
    assert_eq!(welcome.status, StatusCode::OK);
    assert!(welcome.body.contains("Välkommen!"));
    assert!(welcome.body.contains("Det finns ingen plan ännu."));
    assert!(welcome.body.contains("href=\"/arbeta/import\""));
    // Setup cannot run twice; its page leads to the start.
    let again = post(&app, "/arbeta/borja", "", &setup_fields(CODE, "0180")).await;
    assert_ne!(again.status, StatusCode::OK);
    assert_eq!(store.tenants().await.expect("tenants").len(), 1);
    assert_eq!(get(&app, "/arbeta/borja", None).await.location, "/arbeta");
    // The history names the new administrator as the one who set it up.
    let events = store
        .audit_events(tenants[0].id, &AuditQuery::default())
        .await
        .expect("audit");
    assert!(events.iter().any(|e| e.entity == EntityKind::User
        && e.action == AuditAction::Create
        && e.actor == "anna"));
}

#[tokio::test]
async fn two_setups_sent_at_once_make_one_municipality() {
    let store = empty_store().await;
    let app = setup_app(&store, None);
    let first = setup_fields(CODE, "2380");
    let second = setup_fields(CODE, "0180");
    let (a, b) = tokio::join!(
        post(&app, "/arbeta/borja", "", &first),
        post(&app, "/arbeta/borja", "", &second)
    );
    let created = [&a, &b]
        .iter()
        .filter(|answer| answer.location == "/arbeta/planer?klar=1")
        .count();
    assert_eq!(created, 1, "{} / {}", a.location, b.location);
    assert_eq!(store.tenants().await.expect("tenants").len(), 1);
}

#[tokio::test]
async fn a_password_from_the_environment_is_not_asked_for() {
    let store = empty_store().await;
    let app = setup_app(&store, Some(PASSWORD));
    let form = get(&app, "/arbeta/borja", None).await;
    assert!(form.body.contains("RIKTNING_ADMIN_PASSWORD"));
    assert!(!form.body.contains("name=\"password\""));
    let done = post(
        &app,
        "/arbeta/borja",
        "",
        &[
            ("kod", CODE),
            ("municipality", "1480"),
            ("name", "Per Holm"),
            ("username", "admin"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let tenant = store.tenants().await.expect("tenants").remove(0);
    assert_eq!(tenant.name, "Göteborg");
    let (_, hash) = store
        .user_credentials(tenant.id, "admin")
        .await
        .expect("credentials")
        .expect("admin");
    assert!(riktning_web::auth::verify_password(PASSWORD, &hash));
}

/// A municipality with nothing but users: the state right after setup.
async fn bare() -> (SqliteStore, Tenant, Router, Signed, Signed) {
    let store = empty_store().await;
    let tenant = store
        .create_tenant(
            &NewTenant::from_kolada_id("2262").expect("Timrå"),
            &Change::by("test"),
        )
        .await
        .expect("tenant");
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let reader = sign(&store, tenant.id, "revisor", Role::Reader, vec![]).await;
    let app = common::app(&store, &tenant);
    (store, tenant, app, controller, reader)
}

#[tokio::test]
async fn a_plan_started_empty_gets_periods_units_and_goals_on_screen() {
    let (store, tenant, app, controller, reader) = bare().await;
    let c = controller.csrf.as_str();

    // No plan: the pages lead to the plans page, which offers both ways to start.
    for path in [
        "/arbeta",
        "/arbeta/mal",
        "/arbeta/uppfoljning",
        "/arbeta/aktiviteter",
        "/arbeta/perioder",
    ] {
        let answer = get(&app, path, Some(&controller)).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.location, "/arbeta/planer", "{path}");
    }
    let plans = get(&app, "/arbeta/planer", Some(&reader)).await;
    assert!(
        plans
            .body
            .contains("En controller eller administratör lägger in planen.")
    );
    assert!(
        !plans.body.contains("action=\"/arbeta/planer\""),
        "a reader gets no form"
    );

    // A refused plan keeps what was typed.
    let refused = post(
        &app,
        "/arbeta/planer",
        &controller.cookie,
        &[
            ("csrf", c),
            ("title", "Budget 2025"),
            ("first_year", "tjugo"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("value=\"Budget 2025\""));
    assert!(refused.body.contains("Skriv året med fyra siffror"));
    let created = post(
        &app,
        "/arbeta/planer",
        &controller.cookie,
        &[
            ("csrf", c),
            ("title", "Budget 2025"),
            ("first_year", "2025"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let plan = store.plans(tenant.id).await.expect("plans").remove(0);
    assert_eq!((plan.first_year, plan.last_year), (2025, 2025));
    let shown = get(&app, &created.location, Some(&controller)).await;
    assert!(shown.body.contains("Planen är skapad: Budget 2025."));
    assert!(shown.body.contains("href=\"/arbeta/mal/ny\""));
    assert!(shown.body.contains("href=\"/arbeta/perioder\""));

    // A plan without periods: its goal tree shows, and the pages that need a period
    // say how to add one, with the navigation, instead of an error.
    assert_eq!(
        get(&app, "/arbeta/mal", Some(&reader)).await.status,
        StatusCode::OK
    );
    let overview = get(&app, "/arbeta", Some(&reader)).await;
    assert_eq!(overview.location, "/arbeta/perioder?saknas=1");
    let prompt = get(&app, &overview.location, Some(&reader)).await;
    assert_eq!(prompt.status, StatusCode::OK);
    assert!(prompt.body.contains("En controller lägger till dem."));
    assert!(
        prompt.body.contains("href=\"/arbeta/mal\""),
        "the navigation"
    );
    let prompt = get(&app, "/arbeta/perioder?saknas=1", Some(&controller)).await;
    assert!(prompt.body.contains("Lägg till den första nedan"));

    // A period with a bad date keeps the typed name; a good one is added.
    let bad = post(
        &app,
        "/arbeta/perioder",
        &controller.cookie,
        &[
            ("csrf", c),
            ("name", "Delår 2025"),
            ("starts_on", "2025-01-01"),
            ("ends_on", "2025-08-31"),
            ("deadline", "20 september"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"Delår 2025\""));
    assert!(bad.body.contains("Skriv datumet som ÅÅÅÅ-MM-DD"));
    let added = post(
        &app,
        "/arbeta/perioder",
        &controller.cookie,
        &[
            ("csrf", c),
            ("name", "Delår 2025"),
            ("starts_on", "2025-01-01"),
            ("ends_on", "2025-08-31"),
            ("deadline", "2025-09-20"),
            ("values_through", "2024"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let period = store.periods(tenant.id, plan.id).await.expect("periods")[0].clone();
    assert_eq!(period.values_through, 2024);
    assert!(
        get(&app, &added.location, Some(&controller))
            .await
            .body
            .contains("Perioden är tillagd: Delår 2025.")
    );
    assert_eq!(
        get(&app, "/arbeta", Some(&reader)).await.status,
        StatusCode::OK
    );

    // The deadline moves.
    let moved = post(
        &app,
        &format!("/arbeta/perioder/{}/andra", period.id),
        &controller.cookie,
        &[
            ("csrf", c),
            ("version", &period.version.to_string()),
            ("deadline", "2025-09-27"),
            ("values_through", "2024"),
        ],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let period = store.period(tenant.id, period.id).await.expect("period");
    assert_eq!(period.deadline.to_string(), "2025-09-27");

    // Closed, then reopened only with a reason, which the history keeps.
    let version = period.version.to_string();
    let closed = post(
        &app,
        &format!("/arbeta/perioder/{}/stang", period.id),
        &controller.cookie,
        &[("csrf", c), ("version", &version)],
    )
    .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let period = store.period(tenant.id, period.id).await.expect("period");
    assert!(!period.is_open());
    let version = period.version.to_string();
    let no_reason = post(
        &app,
        &format!("/arbeta/perioder/{}/oppna", period.id),
        &controller.cookie,
        &[("csrf", c), ("version", &version), ("reason", "  ")],
    )
    .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Skriv varför perioden öppnas igen"));
    let reopened = post(
        &app,
        &format!("/arbeta/perioder/{}/oppna", period.id),
        &controller.cookie,
        &[
            ("csrf", c),
            ("version", &version),
            ("reason", "Rättelse av BUN"),
        ],
    )
    .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER);
    let history = store
        .audit_events(
            tenant.id,
            &AuditQuery {
                entity: Some(EntityKind::Period),
                entity_id: Some(period.id),
            },
        )
        .await
        .expect("audit");
    assert!(
        history
            .iter()
            .any(|e| e.reason.as_deref() == Some("Rättelse av BUN"))
    );
    // A stale form is refused, not applied twice.
    let stale = post(
        &app,
        &format!("/arbeta/perioder/{}/stang", period.id),
        &controller.cookie,
        &[("csrf", c), ("version", &version)],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // Units: a committee, an administration under it, a rename, and no cycles.
    let committee = post(
        &app,
        "/arbeta/organisation",
        &controller.cookie,
        &[
            ("csrf", c),
            ("name", "Barn- och utbildningsnämnden"),
            ("kind", "committee"),
        ],
    )
    .await;
    assert_eq!(
        committee.status,
        StatusCode::SEE_OTHER,
        "{}",
        committee.body
    );
    let units = store.org_units(tenant.id).await.expect("units");
    let bun = units[0].clone();
    let office = post(
        &app,
        "/arbeta/organisation",
        &controller.cookie,
        &[
            ("csrf", c),
            ("name", "Barn- och utbildningsförvaltningen"),
            ("kind", "administration"),
            ("parent", &bun.id.to_string()),
        ],
    )
    .await;
    assert_eq!(office.status, StatusCode::SEE_OTHER, "{}", office.body);
    let office = store
        .org_units(tenant.id)
        .await
        .expect("units")
        .into_iter()
        .find(|u| u.parent_id == Some(bun.id))
        .expect("the administration under the committee");
    let cycle = post(
        &app,
        &format!("/arbeta/organisation/{}/andra", bun.id),
        &controller.cookie,
        &[
            ("csrf", c),
            ("version", &bun.version.to_string()),
            ("name", "BUN"),
            ("kind", "committee"),
            ("parent", &office.id.to_string()),
        ],
    )
    .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(cycle.body.contains("kan inte ligga under sig själv"));
    assert!(cycle.body.contains("value=\"BUN\""), "what was typed stays");
    let renamed = post(
        &app,
        &format!("/arbeta/organisation/{}/andra", bun.id),
        &controller.cookie,
        &[
            ("csrf", c),
            ("version", &bun.version.to_string()),
            ("name", "Barn- och ungdomsnämnden"),
            ("short_name", "BUN"),
            ("kind", "committee"),
        ],
    )
    .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let listed = get(&app, "/arbeta/organisation", Some(&reader)).await;
    assert!(listed.body.contains("Barn- och ungdomsnämnden (BUN)"));
    assert!(!listed.body.contains("action=\"/arbeta/organisation\""));

    // A council goal typed in by hand, with the committee responsible.
    let form = get(&app, "/arbeta/mal/ny", Some(&controller)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Nytt mål för hela planen"));
    assert!(
        form.body.contains("value=\"1\""),
        "the next code is suggested"
    );
    let goal = post(
        &app,
        "/arbeta/mal/ny",
        &controller.cookie,
        &[
            ("csrf", c),
            ("code", "1"),
            ("statement", "Alla barn klarar skolan"),
            ("unit", &bun.id.to_string()),
        ],
    )
    .await;
    assert_eq!(goal.status, StatusCode::SEE_OTHER, "{}", goal.body);
    let goals = store.goals(tenant.id, plan.id).await.expect("goals");
    assert_eq!(goals.len(), 1);
    assert_eq!(goals[0].level, GoalLevel::Council);
    assert_eq!(goals[0].parent_id, None);
    assert!(
        get(&app, "/arbeta/mal", Some(&reader))
            .await
            .body
            .contains("Alla barn klarar skolan")
    );

    // A unit that is responsible for a goal stays; the reason is said in Swedish.
    let in_use = post(
        &app,
        &format!("/arbeta/organisation/{}/ta-bort", bun.id),
        &controller.cookie,
        &[("csrf", c), ("version", "2")],
    )
    .await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert!(in_use.body.contains("Enheten används"));

    // So it is retired instead: kept for its history, no longer offered for new goals.
    let stored_bun = store.org_unit(tenant.id, bun.id).await.expect("bun");
    let retired = post(
        &app,
        &format!("/arbeta/organisation/{}/andra", bun.id),
        &controller.cookie,
        &[
            ("csrf", c),
            ("version", &stored_bun.version.to_string()),
            ("name", &stored_bun.name),
            ("kind", "committee"),
            ("retired", "on"),
        ],
    )
    .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER, "{}", retired.body);
    assert!(
        store
            .org_unit(tenant.id, bun.id)
            .await
            .expect("bun")
            .retired
    );
    let organisation = get(&app, "/arbeta/organisation", Some(&reader)).await;
    assert!(
        organisation
            .body
            .contains("<span class=\"badge\">avvecklad</span>")
    );
    let unit_option = format!("id=\"unit-{}\"", bun.id);
    let new_goal = get(&app, "/arbeta/mal/ny", Some(&controller)).await;
    assert!(
        !new_goal.body.contains(&unit_option),
        "a retired unit is not offered for a new goal"
    );
    // A direct POST cannot give it anything new either.
    let bun_id = bun.id.to_string();
    let forced = post(
        &app,
        "/arbeta/mal/ny",
        &controller.cookie,
        &[
            ("csrf", c),
            ("code", "2"),
            ("statement", "Alla unga har en fritidsaktivitet"),
            ("unit", &bun_id),
        ],
    )
    .await;
    assert_eq!(
        forced.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        forced.body
    );
    assert!(
        forced
            .body
            .contains("En avvecklad enhet kan inte bli ansvarig")
    );
    let activities = get(&app, "/arbeta/aktiviteter", Some(&controller)).await;
    let unit_choice = activities
        .body
        .split("id=\"unit\" name=\"unit\">")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the new activity's unit choice");
    assert!(
        !unit_choice.contains(&format!("value=\"{}\"", bun.id)),
        "a retired unit is not offered for a new activity: {unit_choice}"
    );
    let edit_goal = get(
        &app,
        &format!("/arbeta/mal/{}/redigera", goals[0].id),
        Some(&controller),
    )
    .await;
    assert!(
        edit_goal.body.contains(&unit_option),
        "the goal it is responsible for keeps it"
    );
    let office_version = office.version.to_string();
    let removed = post(
        &app,
        &format!("/arbeta/organisation/{}/ta-bort", office.id),
        &controller.cookie,
        &[("csrf", c), ("version", &office_version)],
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(
        get(&app, &removed.location, Some(&controller))
            .await
            .body
            .contains("Enheten är borttagen: Barn- och utbildningsförvaltningen.")
    );

    // The decision of record adopts the plan.
    let adopted = post(
        &app,
        &format!("/arbeta/planer/{}/beslut", plan.id),
        &controller.cookie,
        &[
            ("csrf", c),
            ("version", &plan.version.to_string()),
            ("body", "Kommunfullmäktige"),
            ("date", "2024-11-27"),
            ("paragraph", "§ 187"),
            ("case_number", "KS 2024/311"),
        ],
    )
    .await;
    assert_eq!(adopted.status, StatusCode::SEE_OTHER, "{}", adopted.body);
    let plan = store.plan(tenant.id, plan.id).await.expect("plan");
    assert_eq!(plan.status.as_str(), "adopted");
    let page = get(&app, "/arbeta/planer", Some(&reader)).await;
    assert!(
        page.body
            .contains("Kommunfullmäktige, 2024-11-27, § 187, KS 2024/311")
    );
    assert!(page.body.contains("antagen"));
    let goal_page = get(&app, &format!("/arbeta/mal/{}", goals[0].id), Some(&reader)).await;
    assert!(
        goal_page
            .body
            .contains("antagen av Kommunfullmäktige 2024-11-27 § 187, diarienummer KS 2024/311"),
        "the goal says which decision adopted it"
    );
}

/// Signs in as a controller of a municipality with two plans, Budget 2024 with the
/// goal "Fler i arbete" and Budget 2025 with "Fler bostäder".
async fn two_plans() -> (
    SqliteStore,
    Tenant,
    Router,
    Signed,
    Vec<riktning_domain::Plan>,
) {
    let (store, tenant, app, controller, _) = bare().await;
    let mut plans = Vec::new();
    for (title, year, statement) in [
        ("Budget 2024", 2024, "Fler i arbete"),
        ("Budget 2025", 2025, "Fler bostäder"),
    ] {
        let plan = store
            .create_plan(
                tenant.id,
                &riktning_domain::NewPlan {
                    title: title.to_string(),
                    first_year: year,
                    last_year: year,
                    status: riktning_domain::PlanStatus::Draft,
                    decision: None,
                    source_name: None,
                    source_sha256: None,
                },
                &Change::by("test"),
            )
            .await
            .expect("plan");
        store
            .create_goal(
                tenant.id,
                &riktning_domain::NewGoal {
                    plan_id: plan.id,
                    parent_id: None,
                    code: "1".to_string(),
                    short_name: None,
                    statement: statement.to_string(),
                    heading: None,
                    category: None,
                    level: GoalLevel::Council,
                    political_text: String::new(),
                    agenda2030: Vec::new(),
                    position: 0,
                    responsible_units: Vec::new(),
                },
                &Change::by("test"),
            )
            .await
            .expect("goal");
        plans.push(plan);
    }
    (store, tenant, app, controller, plans)
}

#[tokio::test]
async fn a_controller_chooses_the_current_plan_and_last_years_goals_stay_readable() {
    let (store, tenant, app, controller, plans) = two_plans().await;
    let (last_year, this_year) = (&plans[0], &plans[1]);
    let tree = get(&app, "/arbeta/mal", Some(&controller)).await;
    assert!(
        tree.body.contains("Fler bostäder"),
        "the newest plan by default"
    );
    assert!(!tree.body.contains("Fler i arbete"));
    let searched = get(&app, "/arbeta/mal?sok=BOSTÄDER+fler", Some(&controller)).await;
    assert!(
        searched.body.contains("Fler bostäder"),
        "words in any case and order"
    );
    let missed = get(&app, "/arbeta/mal?sok=skola", Some(&controller)).await;
    assert!(!missed.body.contains("Fler bostäder"));
    assert!(missed.body.contains("Inga mål"), "{}", missed.body);

    // Last year's plan is one choice away, and says it is not the current one.
    let older = get(
        &app,
        &format!("/arbeta/mal?plan={}", last_year.id),
        Some(&controller),
    )
    .await;
    assert_eq!(older.status, StatusCode::OK);
    assert!(older.body.contains("Fler i arbete"));
    assert!(older.body.contains("inte är den aktuella"));
    assert!(older.body.contains(&format!(
        "<option value=\"{}\" selected>Budget 2024",
        last_year.id
    )));

    // Making it current is on the record, and every page follows.
    let chosen = post(
        &app,
        &format!("/arbeta/planer/{}/aktuell", last_year.id),
        &controller.cookie,
        &[
            ("csrf", controller.csrf.as_str()),
            ("version", &last_year.version.to_string()),
        ],
    )
    .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    let notice = get(&app, &chosen.location, Some(&controller)).await;
    assert!(notice.body.contains("Nu visar sidorna planen Budget 2024."));
    let tree = get(&app, "/arbeta/mal", Some(&controller)).await;
    assert!(tree.body.contains("Fler i arbete"));
    assert!(!tree.body.contains("Fler bostäder"));
    let trail = store
        .audit_events(tenant.id, &Default::default())
        .await
        .expect("audit");
    assert!(
        trail
            .iter()
            .any(|e| e.entity_id == last_year.id && e.actor == "controller"),
        "the choice is on the record"
    );

    // A stale page cannot take the choice back silently.
    let stale = post(
        &app,
        &format!("/arbeta/planer/{}/aktuell", this_year.id),
        &controller.cookie,
        &[("csrf", controller.csrf.as_str()), ("version", "99")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("Någon annan har ändrat"),
        "{}",
        stale.body
    );
}

#[tokio::test]
async fn a_setup_that_stopped_half_way_is_finished_by_the_next() {
    let store = empty_store().await;
    // As if the server stopped between storing the municipality and its administrator.
    store
        .create_tenant(
            &NewTenant::from_kolada_id("2380").expect("Östersund"),
            &Change::by("test"),
        )
        .await
        .expect("tenant");
    let app = setup_app(&store, None);
    let done = post(&app, "/arbeta/borja", "", &setup_fields(CODE, "Östersund")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location, "/arbeta/planer?klar=1");
    let tenants = store.tenants().await.expect("tenants");
    assert_eq!(tenants.len(), 1, "the same municipality, not a second");
    assert_eq!(store.users(tenants[0].id).await.expect("users").len(), 1);
}
