//! The workspace through its router: every page for every role, sign-in, CSRF, the
//! role rules on direct POSTs, validation that keeps what was typed, conflicts, and the
//! workflow from a fresh draft to approved.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Answer, Signed, app, demo_store, get, post, send, sign};
use riktning_domain::{Change, Goal, GoalLevel, Id, NewGoal, Role};
use riktning_store::{AssessmentQuery, Store};
use riktning_store_sqlite::SqliteStore;

struct World {
    store: SqliteStore,
    app: Router,
    tenant: Id,
    period: Id,
    /// A committee goal of BUN's with no assessment yet.
    fresh_goal: Id,
    bun: Id,
    von: Id,
    admin: Signed,
    controller: Signed,
    reporter: Signed,
    reader: Signed,
}

async fn world() -> World {
    let (store, tenant) = demo_store().await;
    let plan_id = store.plans(tenant.id).await.expect("plans")[0].id;
    let units = store.org_units(tenant.id).await.expect("units");
    let unit = |short: &str| {
        units
            .iter()
            .find(|u| u.short_name.as_deref() == Some(short))
            .map(|u| u.id)
            .expect("unit")
    };
    let (bun, von) = (unit("BUN"), unit("VON"));
    let goals = store.goals(tenant.id, plan_id).await.expect("goals");
    let parent = goals.iter().find(|g| g.code == "1.7").expect("goal 1.7");
    let fresh = store
        .create_goal(
            tenant.id,
            &NewGoal {
                plan_id,
                parent_id: Some(parent.id),
                code: "1.7.9".to_string(),
                short_name: None,
                statement: "Fler elever läser på fritiden".to_string(),
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
    let period = store
        .periods(tenant.id, plan_id)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == "Delår 2024")
        .expect("Delår 2024")
        .id;
    let admin = sign(&store, tenant.id, "admin", Role::Administrator, vec![]).await;
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let reporter = sign(
        &store,
        tenant.id,
        "bun.sekreterare",
        Role::Reporter,
        vec![bun],
    )
    .await;
    let reader = sign(&store, tenant.id, "revisor", Role::Reader, vec![]).await;
    let app = app(&store, &tenant);
    World {
        store,
        app,
        tenant: tenant.id,
        period,
        fresh_goal: fresh.id,
        bun,
        von,
        admin,
        controller,
        reporter,
        reader,
    }
}

fn assess_path(w: &World, goal: Id, unit: Id) -> String {
    format!(
        "/arbeta/mal/{goal}/bedomning?period={}&enhet={unit}",
        w.period
    )
}

async fn save(
    w: &World,
    who: &Signed,
    goal: Id,
    unit: Id,
    level: &str,
    extra: &[(&str, &str)],
) -> Answer {
    let (period, unit) = (w.period.to_string(), unit.to_string());
    let mut fields = vec![
        ("csrf", who.csrf.as_str()),
        ("period", period.as_str()),
        ("enhet", unit.as_str()),
        ("level", level),
    ];
    fields.extend_from_slice(extra);
    post(
        &w.app,
        &format!("/arbeta/mal/{goal}/bedomning"),
        &who.cookie,
        &fields,
    )
    .await
}

async fn assessment_of(w: &World, goal: Id, unit: Id) -> Option<riktning_domain::Assessment> {
    w.store
        .assessments(
            w.tenant,
            &AssessmentQuery {
                period: Some(w.period),
                goal: Some(goal),
                org_unit: Some(unit),
            },
        )
        .await
        .expect("read")
        .into_iter()
        .next()
}

async fn all_goals(w: &World) -> Vec<Goal> {
    let plan = w.store.plans(w.tenant).await.expect("plans")[0].id;
    w.store.goals(w.tenant, plan).await.expect("goals")
}

#[tokio::test]
async fn every_page_renders_for_every_role_and_strangers_are_sent_to_sign_in() {
    let w = world().await;
    let goals = all_goals(&w).await;
    let mut pages = vec![
        "/arbeta".to_string(),
        format!("/arbeta?period={}", w.period),
        "/arbeta/mal".to_string(),
        "/arbeta/mal?enhet=1&kategori=k%C3%A4rnverksamhet".to_string(),
        format!("/arbeta/uppfoljning?period={}", w.period),
        assess_path(&w, w.fresh_goal, w.bun),
        format!("/arbeta/aktiviteter?period={}", w.period),
        format!("/arbeta/mal/ny?forelder={}", w.fresh_goal),
        "/arbeta/mina-uppgifter".to_string(),
        "/arbeta/installningar".to_string(),
        "/arbeta/planer".to_string(),
        "/arbeta/perioder".to_string(),
        "/arbeta/organisation".to_string(),
        "/arbeta/kolada".to_string(),
        "/arbeta/bedomningsregler".to_string(),
    ];
    pages.extend(
        goals
            .iter()
            .map(|g| format!("/arbeta/mal/{}?period={}", g.id, w.period)),
    );
    pages.extend(goals.iter().map(|g| format!("/arbeta/logg/goal/{}", g.id)));
    for who in [&w.admin, &w.controller, &w.reporter, &w.reader] {
        for path in &pages {
            let answer = get(&w.app, path, Some(who)).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
            assert!(answer.body.contains("<main id=\"main\""), "{path}");
            assert!(answer.body.contains("<html lang=\"sv\">"), "{path}");
            assert!(
                answer.body.contains("name=\"csrf\""),
                "{path}: sign-out form carries CSRF"
            );
        }
    }
    for path in &pages {
        let answer = get(&w.app, path, None).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            answer.location.starts_with("/arbeta/logga-in?tillbaka="),
            "{path}"
        );
    }
    let unknown = get(&w.app, "/arbeta/mal/999999", Some(&w.reader)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_overview_and_goal_page_show_status_by_symbol_text_and_data() {
    let w = world().await;
    let overview = get(
        &w.app,
        &format!("/arbeta?period={}", w.period),
        Some(&w.reader),
    )
    .await;
    assert!(
        overview.body.contains("Fullmäktiges mål"),
        "{}",
        overview.body
    );
    assert!(
        overview.body.contains("aria-hidden=\"true\">"),
        "symbols are decoration beside text"
    );
    let goals = all_goals(&w).await;
    let growth = goals.iter().find(|g| g.code == "1.4").expect("1.4");
    let page = get(
        &w.app,
        &format!("/arbeta/mal/{}?period={}", growth.id, w.period),
        Some(&w.reader),
    )
    .await;
    assert!(
        page.body.contains("role=\"img\""),
        "the chart is an image with a name"
    );
    assert!(
        page.body.contains("64 979"),
        "SCB's 2024 population is in the table"
    );
    assert!(page.body.contains("Källa: Kolada"));
    assert!(
        page.body
            .contains("Exempelvärden eller värden inlagda i Riktning, inte hämtade från Kolada"),
        "example values are not credited to Kolada"
    );
    assert!(
        page.body.contains("Jämförelsegrupp"),
        "the comparison group is drawn"
    );
    assert!(page.body.contains("<caption>"), "the same data as a table");
}

#[tokio::test]
async fn signing_in_needs_the_form_token_and_the_right_password_and_is_throttled() {
    let w = world().await;
    let form = get(&w.app, "/arbeta/logga-in?tillbaka=/arbeta/mal", None).await;
    assert_eq!(form.status, StatusCode::OK);
    let login_cookie = form
        .cookies
        .iter()
        .find(|c| c.starts_with("riktning_login="))
        .expect("login cookie");
    let token = login_cookie
        .trim_start_matches("riktning_login=")
        .split(';')
        .next()
        .expect("value")
        .to_string();
    let cookie = format!("riktning_login={token}");
    let wrong = post(
        &w.app,
        "/arbeta/logga-in",
        &cookie,
        &[
            ("csrf", &token),
            ("username", "admin"),
            ("password", "fel lösenord här"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Fel användarnamn eller lösenord"));
    assert!(
        wrong.body.contains("value=\"admin\""),
        "the username is kept"
    );
    let forged = post(
        &w.app,
        "/arbeta/logga-in",
        &cookie,
        &[
            ("csrf", "forged"),
            ("username", "admin"),
            ("password", "ett långt lösenord"),
        ],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let right = post(
        &w.app,
        "/arbeta/logga-in",
        &cookie,
        &[
            ("csrf", &token),
            ("username", "admin"),
            ("password", "ett långt lösenord"),
            ("tillbaka", "/arbeta/mal"),
        ],
    )
    .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert_eq!(right.location, "/arbeta/mal");
    let session = right
        .cookies
        .iter()
        .find(|c| c.starts_with("riktning_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    let value = session.split(';').next().expect("pair").to_string();
    let signed = get(
        &w.app,
        "/arbeta/mal",
        Some(&Signed {
            cookie: value,
            csrf: String::new(),
        }),
    )
    .await;
    assert_eq!(signed.status, StatusCode::OK);

    let offsite = post(
        &w.app,
        "/arbeta/logga-in",
        &cookie,
        &[
            ("csrf", &token),
            ("username", "admin"),
            ("password", "ett långt lösenord"),
            ("tillbaka", "//evil.example"),
        ],
    )
    .await;
    assert_eq!(offsite.location, "/arbeta", "no redirects off the site");

    for _ in 0..5 {
        post(
            &w.app,
            "/arbeta/logga-in",
            &cookie,
            &[
                ("csrf", &token),
                ("username", "revisor"),
                ("password", "gissning nummer x"),
            ],
        )
        .await;
    }
    let throttled = post(
        &w.app,
        "/arbeta/logga-in",
        &cookie,
        &[
            ("csrf", &token),
            ("username", "revisor"),
            ("password", "ett långt lösenord"),
        ],
    )
    .await;
    assert_eq!(throttled.status, StatusCode::UNAUTHORIZED);
    assert!(
        throttled.body.contains("För många misslyckade försök"),
        "{}",
        throttled.body
    );
}

#[tokio::test]
async fn roles_are_enforced_on_direct_posts_and_forms_need_their_csrf_token() {
    let w = world().await;
    let analysis = [("analysis", "Utlåningen ökar.")];
    // A reporter for BUN cannot report for VON's goal, a reader cannot report at all.
    let goals = all_goals(&w).await;
    let von_goal = goals
        .iter()
        .find(|g| g.responsible_units.contains(&w.von))
        .expect("a VON goal");
    let refused = save(&w, &w.reporter, von_goal.id, w.von, "delvis", &analysis).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = save(&w, &w.reader, w.fresh_goal, w.bun, "delvis", &analysis).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(assessment_of(&w, w.fresh_goal, w.bun).await.is_none());

    // Without the session's CSRF token nothing is saved, whoever asks.
    let forged = Signed {
        cookie: w.admin.cookie.clone(),
        csrf: "forged".to_string(),
    };
    let refused = save(&w, &forged, w.fresh_goal, w.bun, "ej_bedomt", &analysis).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(assessment_of(&w, w.fresh_goal, w.bun).await.is_none());

    // The reporter saves and submits for their own unit, but cannot approve.
    let suggested = assessment_suggestion(&w).await;
    let saved = save(&w, &w.reporter, w.fresh_goal, w.bun, &suggested, &analysis).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let draft = assessment_of(&w, w.fresh_goal, w.bun).await.expect("saved");
    let version = draft.version.to_string();
    for who in [&w.reporter, &w.reader] {
        let approve = post(
            &w.app,
            &format!("/arbeta/bedomning/{}/godkann", draft.id),
            &who.cookie,
            &[("csrf", &who.csrf), ("version", &version)],
        )
        .await;
        assert_eq!(approve.status, StatusCode::FORBIDDEN);
    }
    let reader_submit = post(
        &w.app,
        &format!("/arbeta/bedomning/{}/skicka", draft.id),
        &w.reader.cookie,
        &[("csrf", &w.reader.csrf), ("version", &version)],
    )
    .await;
    assert_eq!(reader_submit.status, StatusCode::FORBIDDEN);
    assert_eq!(
        assessment_of(&w, w.fresh_goal, w.bun)
            .await
            .expect("read")
            .state,
        riktning_domain::AssessmentState::Draft
    );
    let sign_out = post(
        &w.app,
        "/arbeta/logga-ut",
        &w.reader.cookie,
        &[("csrf", "forged")],
    )
    .await;
    assert_eq!(sign_out.status, StatusCode::FORBIDDEN);
    let sign_out = post(
        &w.app,
        "/arbeta/logga-ut",
        &w.reader.cookie,
        &[("csrf", &w.reader.csrf)],
    )
    .await;
    assert_eq!(sign_out.status, StatusCode::SEE_OTHER);
    let after = get(&w.app, "/arbeta", Some(&w.reader)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the session is gone");
}

/// The level Riktning suggests for the fresh goal (it has no indicators: ej bedömt).
async fn assessment_suggestion(w: &World) -> String {
    let page = get(
        &w.app,
        &assess_path(w, w.fresh_goal, w.bun),
        Some(&w.reporter),
    )
    .await;
    let marker = "checked>";
    let at = page.body.find(marker).expect("a level is preselected");
    let before = &page.body[..at];
    let start = before.rfind("value=\"").expect("value") + 7;
    before[start..].split('"').next().expect("key").to_string()
}

#[tokio::test]
async fn a_refused_save_keeps_what_was_typed_and_a_conflict_shows_both_versions() {
    let w = world().await;
    let typed = "Läsfrämjande insatser i **alla** skolor.";
    let refused = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        "uppfyllt",
        &[("analysis", typed)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Skriv varför du väljer en annan bedömning"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("Läsfrämjande insatser i **alla** skolor."),
        "typed text kept"
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(assessment_of(&w, w.fresh_goal, w.bun).await.is_none());

    let first = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        "uppfyllt",
        &[
            ("analysis", "Första versionen"),
            ("reason", "Egen mätning visar ökning"),
        ],
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let stored = assessment_of(&w, w.fresh_goal, w.bun).await.expect("saved");
    let stale = stored.version.to_string();
    let second = save(
        &w,
        &w.controller,
        w.fresh_goal,
        w.bun,
        "uppfyllt",
        &[
            ("analysis", "Controllerns version"),
            ("reason", "x"),
            ("version", &stale),
        ],
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    let third = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        "uppfyllt",
        &[
            ("analysis", "Rapportörens sena version"),
            ("reason", "x"),
            ("version", &stale),
        ],
    )
    .await;
    assert_eq!(third.status, StatusCode::CONFLICT);
    assert!(
        third.body.contains("Controllerns version"),
        "the stored version is shown"
    );
    assert!(
        third.body.contains("Rapportörens sena version"),
        "the typed one is kept"
    );
    assert_eq!(
        assessment_of(&w, w.fresh_goal, w.bun)
            .await
            .expect("read")
            .analysis,
        "Controllerns version"
    );
}

/// Who takes a workflow step, which one, and its extra form fields.
type Step<'a> = (&'a Signed, &'a str, &'a [(&'a str, &'a str)]);

#[tokio::test]
async fn an_assessment_goes_from_a_fresh_draft_to_approved_with_markdown_made_safe() {
    let w = world().await;
    let suggested = assessment_suggestion(&w).await;
    let hostile = "Bra år. <script>alert('x')</script>";
    let saved = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        &suggested,
        &[("analysis", hostile)],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let mut assessment = assessment_of(&w, w.fresh_goal, w.bun).await.expect("draft");
    let steps: [Step; 4] = [
        (&w.reporter, "skicka", &[]),
        (
            &w.controller,
            "aterskicka",
            &[("comment", "Lägg till åtgärder")],
        ),
        (&w.reporter, "skicka", &[]),
        (&w.controller, "godkann", &[]),
    ];
    for (who, name, extra) in steps {
        let version = assessment.version.to_string();
        let mut fields = vec![("csrf", who.csrf.as_str()), ("version", version.as_str())];
        fields.extend_from_slice(extra);
        let answer = post(
            &w.app,
            &format!("/arbeta/bedomning/{}/{name}", assessment.id),
            &who.cookie,
            &fields,
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{name}: {}",
            answer.body
        );
        // Each step is confirmed on the page it leads to, for screen readers too.
        let confirmed = get(&w.app, &answer.location, Some(who)).await;
        let said = match name {
            "skicka" => "Bedömningen är inskickad för godkännande.",
            "aterskicka" => "Bedömningen är återskickad med din kommentar.",
            _ => "Bedömningen är godkänd.",
        };
        assert!(
            confirmed
                .body
                .contains(&format!("<p class=\"notice\" role=\"status\">{said}</p>")),
            "{name}"
        );
        assessment = w
            .store
            .assessment(w.tenant, assessment.id)
            .await
            .expect("read");
    }
    assert_eq!(assessment.state, riktning_domain::AssessmentState::Approved);
    assert_eq!(
        assessment.return_comment.as_deref(),
        Some("Lägg till åtgärder")
    );

    let goal_page = get(
        &w.app,
        &format!("/arbeta/mal/{}?period={}", w.fresh_goal, w.period),
        Some(&w.reader),
    )
    .await;
    assert!(
        !goal_page.body.contains("<script>alert"),
        "user Markdown is sanitised"
    );
    assert!(goal_page.body.contains("&lt;script&gt;"));
    let history = get(
        &w.app,
        &format!("/arbeta/logg/assessment/{}", assessment.id),
        Some(&w.reader),
    )
    .await;
    assert_eq!(history.status, StatusCode::OK);
    for actor in ["bun.sekreterare", "controller"] {
        assert!(history.body.contains(actor), "{actor} on the record");
    }
    // The history speaks the interface's words, not the database's.
    assert!(history.body.contains("godkänd"), "{}", history.body);
    assert!(history.body.contains("Historik – bedömning"));
    for stored in [
        ">approved<",
        ">create<",
        ">update<",
        ">deviation_reason<",
        ">org_unit_id<",
    ] {
        assert!(
            !history.body.contains(stored),
            "{stored} on the history page"
        );
    }
    assert!(history.body.contains("skapad"));
}

#[tokio::test]
async fn the_language_follows_the_switch_and_the_browser() {
    let w = world().await;
    let request = Request::get("/arbeta")
        .header(header::COOKIE, &w.reader.cookie)
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .body(Body::empty())
        .expect("request");
    let english = send(&w.app, request).await;
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english.body.contains("Overview"));
    let switch = get(&w.app, "/arbeta/sprak?val=sv&tillbaka=/arbeta/mal", None).await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    assert_eq!(switch.location, "/arbeta/mal");
    assert!(
        switch
            .cookies
            .iter()
            .any(|c| c.starts_with("riktning_lang=sv"))
    );
    let request = Request::get("/arbeta")
        .header(
            header::COOKIE,
            format!("{}; riktning_lang=sv", w.reader.cookie),
        )
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .expect("request");
    let swedish = send(&w.app, request).await;
    assert!(
        swedish.body.contains("Översikt"),
        "the switch wins over the browser"
    );
}

#[tokio::test]
async fn progress_is_reported_on_activities_and_commitments_by_those_responsible() {
    let w = world().await;
    let plan = w.store.plans(w.tenant).await.expect("plans")[0].id;
    let period = w.period.to_string();
    let listed = get(
        &w.app,
        &format!("/arbeta/aktiviteter?period={}", w.period),
        Some(&w.reporter),
    )
    .await;
    assert_eq!(listed.status, StatusCode::OK);
    let activities = w
        .store
        .activities(w.tenant, plan)
        .await
        .expect("activities");
    let own = activities
        .iter()
        .find(|a| a.responsible_unit == Some(w.bun))
        .expect("a BUN activity");
    let other = activities
        .iter()
        .find(|a| a.responsible_unit != Some(w.bun))
        .expect("another unit's activity");
    let fields = |who: &Signed| {
        vec![
            ("csrf".to_string(), who.csrf.clone()),
            ("period".to_string(), period.clone()),
            ("status".to_string(), "done".to_string()),
            ("comment".to_string(), "Klart i augusti".to_string()),
            ("tillbaka".to_string(), "/arbeta/aktiviteter".to_string()),
        ]
    };
    let post_owned = |path: String, who: &Signed, v: Vec<(String, String)>| {
        let app = w.app.clone();
        let cookie = who.cookie.clone();
        async move {
            let refs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (k.as_str(), x.as_str())).collect();
            post(&app, &path, &cookie, &refs).await
        }
    };
    let mine = post_owned(
        format!("/arbeta/aktivitet/{}/lage", own.id),
        &w.reporter,
        fields(&w.reporter),
    )
    .await;
    assert_eq!(mine.status, StatusCode::SEE_OTHER, "{}", mine.body);
    assert_eq!(mine.location, "/arbeta/aktiviteter?gjort=lage-sparat");
    let stored = w.store.activity(w.tenant, own.id).await.expect("read");
    assert_eq!(stored.status, riktning_domain::WorkStatus::Done);
    let theirs = post_owned(
        format!("/arbeta/aktivitet/{}/lage", other.id),
        &w.reporter,
        fields(&w.reporter),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let reader = post_owned(
        format!("/arbeta/aktivitet/{}/lage", own.id),
        &w.reader,
        fields(&w.reader),
    )
    .await;
    assert_eq!(reader.status, StatusCode::FORBIDDEN);

    // A commitment of a BUN goal, reported from the goal page.
    let goals = all_goals(&w).await;
    let growth = goals.iter().find(|g| g.code == "1.4").expect("1.4");
    let commitment = w
        .store
        .commitments(w.tenant, growth.id)
        .await
        .expect("commitments")[0]
        .clone();
    let path = format!("/arbeta/mal/{}/atagande/{}/lage", growth.id, commitment.id);
    let refused = post_owned(path.clone(), &w.reporter, fields(&w.reporter)).await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "1.4 is the board's goal, not BUN's"
    );
    let done = post_owned(path, &w.controller, fields(&w.controller)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = get(
        &w.app,
        &format!("/arbeta/mal/{}?period={}", growth.id, w.period),
        Some(&w.reader),
    )
    .await;
    assert!(
        page.body.contains("Klart i augusti"),
        "the period's comment is shown"
    );
    let wrong_goal = post_owned(
        format!(
            "/arbeta/mal/{}/atagande/{}/lage",
            w.fresh_goal, commitment.id
        ),
        &w.controller,
        fields(&w.controller),
    )
    .await;
    assert_eq!(wrong_goal.status, StatusCode::NOT_FOUND);

    // New activities: for one's own unit only, with a date that parses.
    let bun = w.bun.to_string();
    let von = w.von.to_string();
    let add = |unit: &str, due: &str| {
        vec![
            ("csrf".to_string(), w.reporter.csrf.clone()),
            ("period".to_string(), period.clone()),
            ("title".to_string(), "Läsvecka".to_string()),
            ("kind".to_string(), "activity".to_string()),
            ("unit".to_string(), unit.to_string()),
            ("due".to_string(), due.to_string()),
        ]
    };
    let created = post_owned(
        "/arbeta/aktiviteter".to_string(),
        &w.reporter,
        add(&bun, "2024-10-15"),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let bad_date = post_owned(
        "/arbeta/aktiviteter".to_string(),
        &w.reporter,
        add(&bun, "15/10"),
    )
    .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_date.body.contains("till exempel 2024-11-30"),
        "the message"
    );
    // Everything typed comes back, and the date field says it is the one in error.
    assert!(
        bad_date.body.contains("value=\"Läsvecka\""),
        "{}",
        bad_date.body
    );
    assert!(
        bad_date
            .body
            .contains("value=\"15/10\" aria-invalid=\"true\"")
    );
    assert!(
        bad_date
            .body
            .contains(&format!("<option value=\"{bun}\" selected>"))
    );
    let mut untitled = add(&bun, "2024-10-15");
    untitled[2].1 = "   ".to_string();
    let untitled = post_owned("/arbeta/aktiviteter".to_string(), &w.reporter, untitled).await;
    assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(untitled.body.contains("Skriv en titel för aktiviteten."));
    assert!(untitled.body.contains("value=\"2024-10-15\""));
    let foreign = post_owned(
        "/arbeta/aktiviteter".to_string(),
        &w.reporter,
        add(&von, ""),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let titles: Vec<String> = w
        .store
        .activities(w.tenant, plan)
        .await
        .expect("activities")
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles.iter().filter(|t| *t == "Läsvecka").count(), 1);
}

#[tokio::test]
async fn goals_are_broken_down_and_edited_by_those_responsible() {
    let w = world().await;
    let goals = all_goals(&w).await;
    let school = goals.iter().find(|g| g.code == "1.7").expect("1.7");
    for who in [&w.controller, &w.reporter] {
        let form = get(
            &w.app,
            &format!("/arbeta/mal/ny?forelder={}", school.id),
            Some(who),
        )
        .await;
        assert_eq!(form.status, StatusCode::OK);
    }
    let bun = w.bun.to_string();
    let von = w.von.to_string();
    let fields = |code: &str, unit: &str| {
        vec![
            ("csrf", w.reporter.csrf.as_str()),
            ("code", code),
            ("statement", "Alla elever får läxhjälp"),
            ("unit", unit),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<Vec<_>>()
    };
    let send_goal = |fields: Vec<(String, String)>| {
        let app = w.app.clone();
        let cookie = w.reporter.cookie.clone();
        let path = format!("/arbeta/mal/ny?forelder={}", school.id);
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post(&app, &path, &cookie, &refs).await
        }
    };
    let bad_code = send_goal(fields("ett-sju", &bun)).await;
    assert_eq!(bad_code.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_code.body.contains("Alla elever får läxhjälp"),
        "typed text kept"
    );
    assert!(bad_code.body.contains("siffror med punkter"));
    let foreign = send_goal(fields("1.7.8", &von)).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let created = send_goal(fields("1.7.8", &bun)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let taken = send_goal(fields("1.7.8", &bun)).await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    let new_goal = all_goals(&w)
        .await
        .into_iter()
        .find(|g| g.code == "1.7.8")
        .expect("stored");
    assert_eq!(new_goal.parent_id, Some(school.id));
    assert_eq!(new_goal.level, GoalLevel::Committee);
    let tree = get(&w.app, "/arbeta/mal", Some(&w.reader)).await;
    assert!(tree.body.contains("Alla elever får läxhjälp"));

    // Editing: the reporter may edit BUN's goal but not the board's council goal.
    let edit = |goal: &Goal, who: &Signed, version: i64, statement: &str| {
        let app = w.app.clone();
        let cookie = who.cookie.clone();
        let path = format!("/arbeta/mal/{}/redigera", goal.id);
        let mut fields = vec![
            ("csrf".to_string(), who.csrf.clone()),
            ("version".to_string(), version.to_string()),
            ("statement".to_string(), statement.to_string()),
        ];
        for unit in &goal.responsible_units {
            fields.push(("unit".to_string(), unit.to_string()));
        }
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post(&app, &path, &cookie, &refs).await
        }
    };
    let saved = edit(
        &new_goal,
        &w.reporter,
        new_goal.version,
        "Alla elever erbjuds läxhjälp",
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = edit(&new_goal, &w.reporter, new_goal.version, "Gammal version").await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("Gammal version"),
        "typed text kept on a conflict"
    );
    let refused = edit(school, &w.reporter, school.version, "Ändrat av fel person").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(
            &w.app,
            &format!("/arbeta/mal/{}/redigera", school.id),
            Some(&w.reporter)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let by_controller = edit(school, &w.controller, school.version, &school.statement).await;
    assert_eq!(
        by_controller.status,
        StatusCode::SEE_OTHER,
        "controllers edit council goals"
    );

    // Saving with every unit unticked is refused with a message, as adding is, and
    // the goal keeps its units.
    let current = w.store.goal(w.tenant, new_goal.id).await.expect("goal");
    for who in [&w.controller, &w.reporter] {
        let unticked = post(
            &w.app,
            &format!("/arbeta/mal/{}/redigera", current.id),
            &who.cookie,
            &[
                ("csrf", &who.csrf),
                ("version", &current.version.to_string()),
                ("statement", "Utan ansvarig enhet"),
            ],
        )
        .await;
        assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            unticked.body.contains("id=\"units-error\""),
            "{}",
            unticked.body
        );
        assert!(
            unticked.body.contains("Utan ansvarig enhet"),
            "typed text kept"
        );
    }
    let kept = w.store.goal(w.tenant, new_goal.id).await.expect("goal");
    assert_eq!(kept.responsible_units, vec![w.bun]);
    assert_eq!(kept.version, current.version);

    // The goal's history names its units and its parent goal instead of their ids.
    let history = get(
        &w.app,
        &format!("/arbeta/logg/goal/{}", kept.id),
        Some(&w.reader),
    )
    .await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        history.body.contains("Ansvariga enheter"),
        "{}",
        history.body
    );
    assert!(history.body.contains("Överordnat mål"));
    assert!(history.body.contains("Barn- och utbildningsnämnden"));
    assert!(history.body.contains(">1.7<"), "the parent goal's code");
    for stored in ["parent_id", "responsible_units", "tenant_id"] {
        assert!(
            !history.body.contains(stored),
            "{stored} on the history page"
        );
    }
}

#[tokio::test]
async fn indicators_are_added_from_a_kolada_search_with_or_without_javascript() {
    let w = world().await;
    let goal = w.fresh_goal;
    let page = get(
        &w.app,
        &format!("/arbeta/mal/{goal}/indikator?q=inv%C3%A5nare+totalt"),
        Some(&w.reporter),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("value=\"N01951\""),
        "the search runs on a plain form submission"
    );
    let fragment = get(
        &w.app,
        "/arbeta/kolada/sok?q=gymnasieexamen",
        Some(&w.reader),
    )
    .await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(
        fragment.body.starts_with("<div id=\"kpi-results\">"),
        "{}",
        fragment.body
    );
    assert!(fragment.body.contains("name=\"kpi\""));
    // The script swaps the contents of these two, never the elements themselves.
    assert!(
        fragment
            .body
            .contains("<p id=\"kpi-status\" aria-live=\"polite\"")
    );
    assert!(fragment.body.contains("<div id=\"kpi-hits\">"));
    let script = get(&w.app, "/static/kpi-search.js", None).await;
    assert!(script.body.contains("replaceChildren("));
    assert!(!script.body.contains("replaceWith("));
    assert_eq!(
        get(
            &w.app,
            &format!("/arbeta/mal/{goal}/indikator"),
            Some(&w.reader)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let add = |who: &Signed, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf".to_string(), who.csrf.clone())];
        all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let app = w.app.clone();
        let cookie = who.cookie.clone();
        async move {
            let refs: Vec<(&str, &str)> =
                all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post(
                &app,
                &format!("/arbeta/mal/{goal}/indikator"),
                &cookie,
                &refs,
            )
            .await
        }
    };
    let unknown = add(&w.reporter, &[("kpi", "X99999")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = add(
        &w.reporter,
        &[("name", "Utlån per elev"), ("weight", "noll")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("value=\"Utlån per elev\""),
        "typed text kept"
    );
    assert!(bad.body.contains("Vikten ska vara ett tal"));
    let refused = add(&w.reader, &[("kpi", "N01951")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let before = w
        .store
        .indicators(w.tenant)
        .await
        .expect("indicators")
        .len();
    // The form ticks no direction, and one must be chosen.
    let form = get(
        &w.app,
        &format!("/arbeta/mal/{goal}/indikator"),
        Some(&w.reporter),
    )
    .await;
    for direction in ["higher_is_better", "lower_is_better"] {
        let ticked = format!("value=\"{direction}\" checked");
        assert!(
            !form.body.contains(&ticked),
            "no direction is chosen for the user"
        );
    }
    let kpi_fields = [
        ("kpi", "N17461"),
        ("unit", "%"),
        ("weight", "2"),
        ("target_year", "2027"),
        ("target_value", "82,5"),
    ];
    let undirected = add(&w.reporter, &kpi_fields).await;
    assert_eq!(undirected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        undirected
            .body
            .contains("Välj om ett högre eller ett lägre värde är bättre.")
    );
    assert!(
        undirected.body.contains("value=\"82,5\""),
        "typed text kept"
    );
    let directed = [kpi_fields.as_slice(), &[("direction", "higher_is_better")]].concat();
    let added = add(&w.reporter, &directed).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    // The same KPI again for the same goal is refused, not stored twice.
    let again = add(&w.reporter, &directed).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .body
            .contains("Nyckeltalet följs redan av en indikator")
    );
    let indicators = w
        .store
        .indicators_for_goal(w.tenant, goal)
        .await
        .expect("read");
    assert_eq!(indicators.len(), 1);
    assert_eq!(
        w.store.indicators(w.tenant).await.expect("all").len(),
        before + 1
    );
    let indicator = &indicators[0];
    assert_eq!(indicator.kolada_kpi.as_deref(), Some("N17461"));
    assert!(
        indicator.name.contains("examen"),
        "named from the catalogue: {}",
        indicator.name
    );
    assert_eq!(indicator.goals[0].weight, 2.0);
    let targets = w
        .store
        .targets(w.tenant, indicator.id)
        .await
        .expect("targets");
    assert_eq!((targets[0].year, targets[0].value), (2027, 82.5));
    assert_eq!(
        indicator.decimals, 1,
        "the decimals follow the typed target"
    );
    let goal_page = get(&w.app, &format!("/arbeta/mal/{goal}"), Some(&w.reader)).await;
    assert!(goal_page.body.contains(&indicator.name));
    assert!(
        goal_page.body.contains("minst 82,5 % år 2027"),
        "shown as typed"
    );
}

#[tokio::test]
async fn administrators_manage_users_and_nobody_else_can() {
    let w = world().await;
    for who in [&w.controller, &w.reporter, &w.reader] {
        assert_eq!(
            get(&w.app, "/arbeta/anvandare", Some(who)).await.status,
            StatusCode::FORBIDDEN
        );
        let posted = post(
            &w.app,
            "/arbeta/anvandare",
            &who.cookie,
            &[
                ("csrf", &who.csrf),
                ("username", "ny"),
                ("name", "Ny"),
                ("role", "administrator"),
            ],
        )
        .await;
        assert_eq!(
            posted.status,
            StatusCode::FORBIDDEN,
            "no self-made administrators"
        );
    }
    let page = get(&w.app, "/arbeta/anvandare", Some(&w.admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("bun.sekreterare"));
    let bun = w.bun.to_string();
    let missing_unit = post(
        &w.app,
        "/arbeta/anvandare",
        &w.admin.cookie,
        &[
            ("csrf", &w.admin.csrf),
            ("username", "lisa"),
            ("name", "Lisa Lund"),
            ("role", "reporter"),
        ],
    )
    .await;
    assert_eq!(missing_unit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing_unit.body.contains("value=\"Lisa Lund\""),
        "typed text kept"
    );
    let added = post(
        &w.app,
        "/arbeta/anvandare",
        &w.admin.cookie,
        &[
            ("csrf", &w.admin.csrf),
            ("username", "lisa"),
            ("name", "Lisa Lund"),
            ("role", "reporter"),
            ("unit", &bun),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let marker = "<code>";
    let start = added.body.find(marker).expect("one-time password shown") + marker.len();
    let secret = &added.body[start..start + 20];
    let (lisa, hash) = w
        .store
        .user_credentials(w.tenant, "lisa")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(lisa.units, vec![w.bun]);
    assert!(
        riktning_web::auth::verify_password(secret, &hash),
        "the shown password works"
    );

    let ids = w.store.users(w.tenant).await.expect("users");
    let admin_id = ids
        .iter()
        .find(|u| u.username == "admin")
        .expect("admin")
        .id;
    let reader_id = ids
        .iter()
        .find(|u| u.username == "revisor")
        .expect("reader")
        .id;
    let own = post(
        &w.app,
        &format!("/arbeta/anvandare/{admin_id}/inaktivera"),
        &w.admin.cookie,
        &[("csrf", &w.admin.csrf)],
    )
    .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    let disabled = post(
        &w.app,
        &format!("/arbeta/anvandare/{reader_id}/inaktivera"),
        &w.admin.cookie,
        &[("csrf", &w.admin.csrf)],
    )
    .await;
    assert_eq!(disabled.status, StatusCode::OK);
    assert_eq!(
        get(&w.app, "/arbeta", Some(&w.reader)).await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    let reset = post(
        &w.app,
        &format!("/arbeta/anvandare/{reader_id}/losenord"),
        &w.admin.cookie,
        &[("csrf", &w.admin.csrf)],
    )
    .await;
    assert!(reset.body.contains("<code>"));
    let forged = post(
        &w.app,
        &format!("/arbeta/anvandare/{reader_id}/aktivera"),
        &w.admin.cookie,
        &[("csrf", "x")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

/// A POST, its fields, and whether the administrator, the controller, BUN's reporter
/// and the reader may make it.
type Permitted<'a> = (String, Vec<(&'a str, &'a str)>, [bool; 4]);

/// Which roles may take each action; every other role gets 403 and changes nothing.
#[tokio::test]
async fn every_action_is_allowed_to_exactly_the_roles_that_should_have_it() {
    let w = world().await;
    let tenant = w.tenant;
    let plan = w.store.plans(tenant).await.expect("plans")[0].id;
    let goals = all_goals(&w).await;
    let council = goals.iter().find(|g| g.code == "1.4").expect("1.4");
    let von_goal = goals
        .iter()
        .find(|g| g.responsible_units.contains(&w.von))
        .expect("a VON goal");
    let commitment = w.store.commitments(tenant, council.id).await.expect("c")[0].id;
    let activity = w
        .store
        .activities(tenant, plan)
        .await
        .expect("activities")
        .into_iter()
        .find(|a| a.responsible_unit == Some(w.bun))
        .expect("a BUN activity")
        .id;
    let assessment = w
        .store
        .assessments(
            tenant,
            &AssessmentQuery {
                period: Some(w.period),
                ..Default::default()
            },
        )
        .await
        .expect("assessments")
        .into_iter()
        .find(|a| a.org_unit_id == w.bun)
        .expect("a BUN assessment");
    let (period, bun, von) = (w.period.to_string(), w.bun.to_string(), w.von.to_string());
    let version = assessment.version.to_string();
    let (period, bun, version) = (period.as_str(), bun.as_str(), version.as_str());
    let plan = council.plan_id;
    let actions: Vec<Permitted> = vec![
        // Roles in order: administrator, controller, reporter for BUN, reader.
        (
            format!("/arbeta/mal/{}/bedomning", w.fresh_goal),
            vec![("period", period), ("enhet", bun), ("level", "ej_bedomt")],
            [true, true, true, false],
        ),
        (
            format!("/arbeta/mal/{}/bedomning", von_goal.id),
            vec![
                ("period", period),
                ("enhet", von.as_str()),
                ("level", "ej_bedomt"),
            ],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/bedomning/{}/skicka", assessment.id),
            vec![("version", version)],
            [true, true, true, false],
        ),
        (
            format!("/arbeta/bedomning/{}/godkann", assessment.id),
            vec![("version", version)],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/bedomning/{}/aterskicka", assessment.id),
            vec![("version", version), ("comment", "x")],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/aktivitet/{activity}/lage"),
            vec![("period", period), ("status", "ongoing")],
            [true, true, true, false],
        ),
        (
            format!("/arbeta/mal/{}/atagande/{commitment}/lage", council.id),
            vec![("period", period), ("status", "ongoing")],
            [true, true, false, false],
        ),
        (
            "/arbeta/aktiviteter".to_string(),
            vec![("period", period), ("title", "Ny"), ("unit", bun)],
            [true, true, true, false],
        ),
        (
            format!("/arbeta/mal/ny?forelder={}", council.id),
            vec![("code", "1.4.9"), ("statement", "Nytt"), ("unit", bun)],
            [true, true, true, false],
        ),
        (
            format!("/arbeta/mal/{}/redigera", council.id),
            vec![("statement", "Ändrat")],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/mal/{}/indikator", w.fresh_goal),
            vec![("name", "Ny indikator")],
            [true, true, true, false],
        ),
        (
            "/arbeta/import".to_string(),
            vec![],
            [true, true, false, false],
        ),
        (
            "/arbeta/anvandare".to_string(),
            vec![("username", "x"), ("name", "X"), ("role", "reader")],
            [true, false, false, false],
        ),
        (
            "/arbeta/mal/ny".to_string(),
            vec![("code", "9"), ("statement", "Nytt"), ("unit", bun)],
            [true, true, false, false],
        ),
        (
            "/arbeta/planer".to_string(),
            vec![("title", "Budget 2031"), ("first_year", "2031")],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/planer/{plan}/beslut"),
            vec![
                ("body", "KF"),
                ("date", "2023-11-22"),
                ("case_number", "KS 1"),
            ],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/planer/{plan}/aktuell"),
            vec![("version", "1")],
            [true, true, false, false],
        ),
        (
            "/arbeta/perioder".to_string(),
            vec![
                ("name", "Tertial"),
                ("starts_on", "2031-01-01"),
                ("ends_on", "2031-04-30"),
                ("deadline", "2031-05-20"),
            ],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/perioder/{period}/andra"),
            vec![("deadline", "2024-10-01")],
            [true, true, false, false],
        ),
        (
            "/arbeta/organisation".to_string(),
            vec![("name", "Ny nämnd"), ("kind", "committee")],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/organisation/{bun}/andra"),
            vec![("name", "BUN"), ("kind", "committee")],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/organisation/{bun}/ta-bort"),
            vec![],
            [true, true, false, false],
        ),
        (
            "/arbeta/bedomningsregler".to_string(),
            vec![
                ("goal_scale", "standard"),
                ("assignment_scale", "procent"),
                ("fulfilled_at", "75"),
                ("partly_at", "40"),
                ("rollup", "weighted_majority"),
            ],
            [true, true, false, false],
        ),
        (
            "/arbeta/paminnelser".to_string(),
            vec![],
            [true, true, false, false],
        ),
        (
            "/arbeta/kolada/jamforelse".to_string(),
            vec![],
            [true, true, false, false],
        ),
        (
            "/arbeta/kolada/hamta".to_string(),
            vec![],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/perioder/{period}/stang"),
            vec![],
            [true, true, false, false],
        ),
        (
            format!("/arbeta/perioder/{period}/oppna"),
            vec![("reason", "rättelse")],
            [true, true, false, false],
        ),
    ];
    let roles = [
        ("administrator", &w.admin),
        ("controller", &w.controller),
        ("reporter", &w.reporter),
        ("reader", &w.reader),
    ];
    for (path, fields, allowed) in &actions {
        for (index, (role, who)) in roles.iter().enumerate() {
            let before = w
                .store
                .audit_events(tenant, &Default::default())
                .await
                .expect("audit")
                .len();
            let mut all = vec![("csrf", who.csrf.as_str())];
            all.extend(fields.iter().copied());
            let answer = post(&w.app, path, &who.cookie, &all).await;
            if allowed[index] {
                assert_ne!(
                    answer.status,
                    StatusCode::FORBIDDEN,
                    "{role} may POST {path}"
                );
            } else {
                assert_eq!(
                    answer.status,
                    StatusCode::FORBIDDEN,
                    "{role} may not POST {path}"
                );
                let after = w
                    .store
                    .audit_events(tenant, &Default::default())
                    .await
                    .expect("audit")
                    .len();
                assert_eq!(
                    before, after,
                    "a refused {path} by {role} changed something"
                );
            }
        }
    }
}

#[tokio::test]
async fn targets_are_added_and_removed_by_those_responsible_for_the_indicator() {
    let w = world().await;
    let indicator = w
        .store
        .create_indicator(
            w.tenant,
            &riktning_domain::NewIndicator {
                name: "Boklån per elev".to_string(),
                unit: Some("lån".to_string()),
                decimals: 1,
                direction: riktning_domain::Direction::HigherIsBetter,
                band_low: None,
                band_high: None,
                source: riktning_domain::IndicatorSource::Manual,
                kolada_kpi: None,
                divided_by_gender: false,
                responsible_unit: None,
                goals: vec![riktning_domain::GoalLink {
                    goal_id: w.fresh_goal,
                    weight: 1.0,
                }],
            },
            &Change::by("test"),
        )
        .await
        .expect("indicator");
    let path = format!("/arbeta/indikator/{}/malvarden", indicator.id);
    assert_eq!(
        get(&w.app, &path, Some(&w.reader)).await.status,
        StatusCode::OK
    );
    let add = |who: &Signed, year: &str, value: &str| {
        let fields = [
            ("csrf".to_string(), who.csrf.clone()),
            ("year".to_string(), year.to_string()),
            ("value".to_string(), value.to_string()),
            ("comparator".to_string(), "at_least".to_string()),
        ];
        let (app, cookie, path) = (w.app.clone(), who.cookie.clone(), path.clone());
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post(&app, &path, &cookie, &refs).await
        }
    };
    assert_eq!(
        add(&w.reader, "2026", "12").await.status,
        StatusCode::FORBIDDEN
    );
    let added = add(&w.reporter, "2026", "12,5").await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let twice = add(&w.reporter, "2026", "13").await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(
        twice.body.contains("2026") && twice.body.contains("value=\"13\""),
        "typed value kept"
    );
    let bad = add(&w.reporter, "tjugo", "13").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = get(&w.app, &path, Some(&w.reporter)).await;
    assert!(
        page.body.contains("minst 12,5 lån"),
        "Swedish number format: {}",
        page.body
    );
    let target = w
        .store
        .targets(w.tenant, indicator.id)
        .await
        .expect("targets")[0]
        .clone();
    assert_eq!(target.value, 12.5);
    let remove = format!("{path}/{}/ta-bort", target.id);
    let stale = post(
        &w.app,
        &remove,
        &w.reporter.cookie,
        &[("csrf", &w.reporter.csrf), ("version", "99")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let reader = post(
        &w.app,
        &remove,
        &w.reader.cookie,
        &[("csrf", &w.reader.csrf), ("version", "1")],
    )
    .await;
    assert_eq!(reader.status, StatusCode::FORBIDDEN);
    let version = target.version.to_string();
    let removed = post(
        &w.app,
        &remove,
        &w.reporter.cookie,
        &[("csrf", &w.reporter.csrf), ("version", &version)],
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(
        w.store
            .targets(w.tenant, indicator.id)
            .await
            .expect("targets")
            .is_empty()
    );
}

#[tokio::test]
async fn activities_are_edited_by_their_unit_and_keep_what_was_typed() {
    let w = world().await;
    let plan = w.store.plans(w.tenant).await.expect("plans")[0].id;
    let activities = w
        .store
        .activities(w.tenant, plan)
        .await
        .expect("activities");
    let own = activities
        .iter()
        .find(|a| a.responsible_unit == Some(w.bun))
        .expect("a BUN activity")
        .clone();
    let other = activities
        .iter()
        .find(|a| a.responsible_unit != Some(w.bun))
        .expect("another unit's")
        .clone();
    let path = format!("/arbeta/aktivitet/{}/redigera", own.id);
    assert_eq!(
        get(&w.app, &path, Some(&w.reporter)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(
            &w.app,
            &format!("/arbeta/aktivitet/{}/redigera", other.id),
            Some(&w.reporter)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let (bun, von, version) = (
        w.bun.to_string(),
        w.von.to_string(),
        own.version.to_string(),
    );
    let edit = |unit: &str, due: &str, version: &str| {
        let fields = [
            ("csrf".to_string(), w.reporter.csrf.clone()),
            ("version".to_string(), version.to_string()),
            (
                "title".to_string(),
                "Läxhjälp på alla bibliotek".to_string(),
            ),
            ("kind".to_string(), "activity".to_string()),
            ("unit".to_string(), unit.to_string()),
            ("due".to_string(), due.to_string()),
        ];
        let (app, cookie, path) = (w.app.clone(), w.reporter.cookie.clone(), path.clone());
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post(&app, &path, &cookie, &refs).await
        }
    };
    let bad = edit(&bun, "30 nov", &version).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("value=\"Läxhjälp på alla bibliotek\""),
        "typed title kept"
    );
    assert_eq!(
        edit(&von, "", &version).await.status,
        StatusCode::FORBIDDEN,
        "not to another unit"
    );
    let saved = edit(&bun, "2024-12-20", &version).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = w.store.activity(w.tenant, own.id).await.expect("read");
    assert_eq!(stored.title, "Läxhjälp på alla bibliotek");
    assert_eq!(
        stored.due_on.map(|d| d.to_string()).as_deref(),
        Some("2024-12-20")
    );
    assert_eq!(
        edit(&bun, "", &version).await.status,
        StatusCode::CONFLICT,
        "a stale version"
    );
}

#[tokio::test]
async fn an_indicator_is_edited_with_its_weights_and_a_proxy_over_https_gets_secure_cookies() {
    let w = world().await;
    let goals = all_goals(&w).await;
    let growth = goals.iter().find(|g| g.code == "1.4").expect("1.4");
    let indicator = w
        .store
        .indicators_for_goal(w.tenant, growth.id)
        .await
        .expect("indicators")
        .into_iter()
        .next()
        .expect("the population indicator");
    let path = format!("/arbeta/indikator/{}/redigera", indicator.id);
    assert_eq!(
        get(&w.app, &path, Some(&w.controller)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&w.app, &path, Some(&w.reader)).await.status,
        StatusCode::FORBIDDEN
    );
    let weight_field = format!("weight-{}", growth.id);
    let version = indicator.version.to_string();
    let bad = post(
        &w.app,
        &path,
        &w.controller.cookie,
        &[
            ("csrf", &w.controller.csrf),
            ("version", &version),
            ("name", "Invånare"),
            ("direction", "higher_is_better"),
            (&weight_field, "-1"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"-1\""), "typed weight kept");
    let saved = post(
        &w.app,
        &path,
        &w.controller.cookie,
        &[
            ("csrf", &w.controller.csrf),
            ("version", &version),
            ("name", "Invånare totalt"),
            ("unit", "invånare"),
            ("direction", "higher_is_better"),
            (&weight_field, "2,5"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = w
        .store
        .indicator(w.tenant, indicator.id)
        .await
        .expect("read");
    let link = stored
        .goals
        .iter()
        .find(|l| l.goal_id == growth.id)
        .expect("link");
    assert_eq!(
        (stored.name.as_str(), link.weight),
        ("Invånare totalt", 2.5)
    );
    let stale = post(
        &w.app,
        &path,
        &w.controller.cookie,
        &[
            ("csrf", &w.controller.csrf),
            ("version", &version),
            ("name", "Gammalt"),
        ],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // Behind a proxy that terminates https, the session cookie is marked Secure.
    let form = get(&w.app, "/arbeta/logga-in", None).await;
    let token = form
        .cookies
        .iter()
        .find_map(|c| c.strip_prefix("riktning_login="))
        .and_then(|c| c.split(';').next())
        .expect("login cookie")
        .to_string();
    let body = format!(
        "csrf={token}&username=admin&password={}",
        common::encode(common::PASSWORD)
    );
    let request = Request::post("/arbeta/logga-in")
        .header(header::COOKIE, format!("riktning_login={token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(Body::from(body))
        .expect("request");
    let answer = send(&w.app, request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let session = answer
        .cookies
        .iter()
        .find(|c| c.starts_with("riktning_session="))
        .expect("session cookie");
    assert!(session.contains("; Secure"), "{session}");
}

#[tokio::test]
async fn a_form_over_its_limit_gets_a_page_that_says_so_and_changes_nothing() {
    let w = world().await;
    let goal = all_goals(&w)
        .await
        .into_iter()
        .find(|g| g.code == "1.7")
        .expect("1.7");
    let edit = |political_text: String| {
        let app = w.app.clone();
        let cookie = w.controller.cookie.clone();
        let path = format!("/arbeta/mal/{}/redigera", goal.id);
        let mut fields = vec![
            ("csrf".to_string(), w.controller.csrf.clone()),
            ("version".to_string(), goal.version.to_string()),
            (
                "statement".to_string(),
                "Ändrad av ett för stort formulär".to_string(),
            ),
            ("political_text".to_string(), political_text),
        ];
        for unit in &goal.responsible_units {
            fields.push(("unit".to_string(), unit.to_string()));
        }
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post(&app, &path, &cookie, &refs).await
        }
    };
    let refused = edit("a".repeat(riktning_web::TEXT_FORM_LIMIT)).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        refused.body.starts_with("<!doctype html>"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("<html lang=\"sv\">"));
    assert!(refused.body.contains("Formuläret är för stort"));
    assert!(refused.body.contains("inget sparades"));
    let after = w.store.goal(w.tenant, goal.id).await.expect("goal");
    assert_eq!(after, goal, "nothing changed");

    // A long political text, though, fits the limit of a form with Markdown text.
    let long = "Kommunen ska bygga fler förskolor. ".repeat(2_000);
    let saved = edit(long.clone()).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = w.store.goal(w.tenant, goal.id).await.expect("goal");
    assert_eq!(after.political_text, long);

    // An ordinary form has a smaller limit; the page follows the browser's language.
    let name = "x".repeat(riktning_web::FORM_LIMIT);
    let body = format!(
        "csrf={}&username=stor&name={name}&role=reader",
        w.admin.csrf
    );
    let request = Request::post("/arbeta/anvandare")
        .header(header::COOKIE, &w.admin.cookie)
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    let refused = send(&w.app, request).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(refused.body.contains("<html lang=\"en\">"));
    assert!(
        refused.body.contains("nothing was saved"),
        "{}",
        refused.body
    );
    let users = w.store.users(w.tenant).await.expect("users");
    assert!(users.iter().all(|u| u.username != "stor"));
}

#[tokio::test]
async fn invisible_statements_and_control_characters_are_refused_in_the_browser_too() {
    let w = world().await;
    let goal = all_goals(&w)
        .await
        .into_iter()
        .find(|g| g.code == "1.7")
        .expect("1.7");
    let path = format!("/arbeta/mal/{}/redigera", goal.id);
    let version = goal.version.to_string();
    let units: Vec<String> = goal.responsible_units.iter().map(Id::to_string).collect();
    for (statement, political_text, expected) in [
        (
            "\u{200b}\u{2060}\u{feff}\u{ad}\u{a0}",
            "",
            "Fältet är tomt.",
        ),
        (
            "Trygg\u{0}kommun",
            "",
            "styrtecken, eller en radbrytning där bara en rad får stå, vid tecken 6.",
        ),
        ("Trygg kommun", "Text\u{1b}[2J", "vid tecken 5."),
    ] {
        let mut fields = vec![
            ("csrf", w.controller.csrf.as_str()),
            ("version", version.as_str()),
            ("statement", statement),
            ("political_text", political_text),
        ];
        for unit in &units {
            fields.push(("unit", unit.as_str()));
        }
        let refused = post(&w.app, &path, &w.controller.cookie, &fields).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{statement:?}"
        );
        assert!(
            refused.body.contains(expected),
            "{expected}: {}",
            refused.body
        );
    }
    assert_eq!(
        w.store.goal(w.tenant, goal.id).await.expect("goal"),
        goal,
        "nothing changed"
    );
    // Line breaks and tabs in the political text are kept; a line break typed in the
    // statement's text area becomes a space.
    let mut fields = vec![
        ("csrf", w.controller.csrf.as_str()),
        ("version", version.as_str()),
        ("statement", "Alla barn får\r\n en bra start"),
        (
            "political_text",
            "Första stycket.\r\n\r\n- en punkt\tmed tabb",
        ),
    ];
    for unit in &units {
        fields.push(("unit", unit.as_str()));
    }
    let saved = post(&w.app, &path, &w.controller.cookie, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = w.store.goal(w.tenant, goal.id).await.expect("goal");
    assert_eq!(stored.statement, "Alla barn får en bra start");

    // An analysis with a control character is refused next to its field, and so is a
    // deviation reason of only invisible characters.
    let suggested = assessment_suggestion(&w).await;
    let refused = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        &suggested,
        &[("analysis", "Bra\u{1b}[2J"), ("actions", "Fler insatser")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"analysis-error\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("vid tecken 4."), "{}", refused.body);
    assert!(assessment_of(&w, w.fresh_goal, w.bun).await.is_none());
    let other = if suggested == "uppfyllt" {
        "ej_uppfyllt"
    } else {
        "uppfyllt"
    };
    let refused = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        other,
        &[("reason", "\u{200b}\u{a0}")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"reason-error\""),
        "{}",
        refused.body
    );
    assert!(assessment_of(&w, w.fresh_goal, w.bun).await.is_none());
    assert_eq!(
        stored.political_text,
        "Första stycket.\r\n\r\n- en punkt\tmed tabb"
    );
}

/// A closed period asks nothing more of anyone: nothing in it is counted as late,
/// while an open period past its deadline still is.
#[tokio::test]
async fn a_closed_period_counts_nothing_as_overdue() {
    let w = world().await;
    let plan = all_goals(&w).await[0].plan_id;
    let periods = w.store.periods(w.tenant, plan).await.expect("periods");
    let closed = periods
        .iter()
        .find(|p| !p.is_open())
        .expect("the demo has a closed period");
    let none_late = "Försenade: <strong>0</strong>";
    let overview = get(
        &w.app,
        &format!("/arbeta?period={}", closed.id),
        Some(&w.reader),
    )
    .await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(overview.body.contains(none_late), "{}", overview.body);
    let status = get(
        &w.app,
        &format!("/arbeta/uppfoljning?period={}", closed.id),
        Some(&w.reader),
    )
    .await;
    assert_eq!(status.status, StatusCode::OK);
    assert!(status.body.contains(none_late));
    assert!(!status.body.contains("Ja, försenad"));

    // The open interim period is past its deadline and the fresh goal is unassessed.
    let open = get(
        &w.app,
        &format!("/arbeta?period={}", w.period),
        Some(&w.reader),
    )
    .await;
    assert!(open.body.contains("Försenade: <strong>"));
    assert!(
        !open.body.contains(none_late),
        "an open period still counts"
    );
}

/// The goal page writes a target in words, with the indicator's unit, never the
/// stored comparator's name; and the stylesheet lets an unbroken statement wrap.
#[tokio::test]
async fn targets_are_shown_in_words_and_long_statements_wrap() {
    let w = world().await;
    let growth = all_goals(&w)
        .await
        .into_iter()
        .find(|g| g.code == "1.4")
        .expect("goal 1.4");
    let page = get(
        &w.app,
        &format!("/arbeta/mal/{}", growth.id),
        Some(&w.reader),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("minst 75 000 invånare år 2040"),
        "{}",
        page.body
    );
    for stored_name in ["at_least", "at_most"] {
        assert!(
            !page.body.contains(stored_name),
            "{stored_name} on the page"
        );
    }
    let css = get(&w.app, "/static/app.css", None).await;
    assert!(css.body.contains("overflow-wrap: break-word"));
    assert!(
        css.body
            .contains(".table-scroll { overflow-x: auto; position: relative; }")
    );
}

/// Where a controller approves or returns an assessment, the level the unit chose,
/// the suggestion it saw when it saved, its reason and its analysis are all shown.
#[tokio::test]
async fn a_controller_decides_with_the_chosen_level_the_suggestion_and_the_reason_in_view() {
    let w = world().await;
    let saved = save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        "uppfyllt",
        &[
            ("analysis", "Första versionen av analysen"),
            ("reason", "Egen mätning visar en tydlig ökning"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let draft = assessment_of(&w, w.fresh_goal, w.bun).await.expect("saved");
    let snapshot = draft.suggestion.clone().expect("the suggestion is stored");
    assert_ne!(snapshot.level, "uppfyllt", "the unit chose another level");
    let submitted = post(
        &w.app,
        &format!("/arbeta/bedomning/{}/skicka", draft.id),
        &w.reporter.cookie,
        &[
            ("csrf", &w.reporter.csrf),
            ("version", &draft.version.to_string()),
        ],
    )
    .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);

    let page = get(
        &w.app,
        &assess_path(&w, w.fresh_goal, w.bun),
        Some(&w.controller),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("/godkann\""), "the approval is offered");
    let basis = page
        .body
        .split("class=\"basis\"")
        .nth(1)
        .and_then(|rest| rest.split("</dl>").next())
        .expect("the basis is on the page");
    assert!(basis.contains("Enhetens bedömning"));
    assert!(basis.to_lowercase().contains("uppfyllt"), "{basis}");
    assert!(
        basis.contains("samma som ovan"),
        "the suggestion has not changed"
    );
    assert!(page.body.contains(&snapshot.explanation));
    assert!(basis.contains("Egen mätning visar en tydlig ökning"));
    assert!(page.body.contains("Första versionen av analysen"));
}

#[tokio::test]
async fn an_administrator_changes_a_users_role_and_units_on_screen() {
    let w = world().await;
    let users = w.store.users(w.tenant).await.expect("users");
    let reader = users
        .iter()
        .find(|u| u.username == "revisor")
        .expect("the reader")
        .clone();
    let admin = users
        .iter()
        .find(|u| u.role == Role::Administrator && u.username == "admin")
        .expect("the admin")
        .clone();
    let path = format!("/arbeta/anvandare/{}/andra", reader.id);
    let (bun, von) = (w.bun.to_string(), w.von.to_string());
    let version = reader.version.to_string();

    let refused = post(
        &w.app,
        &path,
        &w.controller.cookie,
        &[("csrf", &w.controller.csrf), ("role", "administrator")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "only administrators");

    let no_unit = post(
        &w.app,
        &path,
        &w.admin.cookie,
        &[
            ("csrf", &w.admin.csrf),
            ("version", &version),
            ("name", &reader.display_name),
            ("role", "reporter"),
        ],
    )
    .await;
    assert_eq!(no_unit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        w.store.user(w.tenant, reader.id).await.expect("user").role,
        Role::Reader,
        "nothing changed"
    );

    let changed = post(
        &w.app,
        &path,
        &w.admin.cookie,
        &[
            ("csrf", &w.admin.csrf),
            ("version", &version),
            ("name", "Revisor Rapportör"),
            ("role", "reporter"),
            ("unit", &bun),
            ("unit", &von),
            ("unit", "999999"),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.body.contains("Användaren är ändrad:"));
    let stored = w.store.user(w.tenant, reader.id).await.expect("user");
    assert_eq!(stored.role, Role::Reporter);
    assert_eq!(stored.display_name, "Revisor Rapportör");
    let mut expected = vec![w.bun, w.von];
    expected.sort_unstable();
    assert_eq!(stored.units, expected, "unknown units are left out");

    // The new role holds at once, in the session they have: the former reader may
    // now write BUN's assessment.
    let form = format!(
        "/arbeta/mal/{}/bedomning?period={}&enhet={}",
        w.fresh_goal, w.period, w.bun
    );
    let page = get(&w.app, &form, Some(&w.reader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Spara utkast"), "{}", page.body);

    // An administrator cannot change their own role.
    let own = post(
        &w.app,
        &format!("/arbeta/anvandare/{}/andra", admin.id),
        &w.admin.cookie,
        &[
            ("csrf", &w.admin.csrf),
            ("version", &admin.version.to_string()),
            ("name", &admin.display_name),
            ("role", "reader"),
        ],
    )
    .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.body.contains("Du kan inte ändra din egen roll"));
}

#[tokio::test]
async fn the_assessment_rules_are_chosen_on_screen() {
    let w = world().await;
    let page = get(&w.app, "/arbeta/bedomningsregler", Some(&w.reader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("75 %"), "the thresholds as percentages");
    assert!(
        !page.body.contains("action=\"/arbeta/bedomningsregler\""),
        "a reader only reads"
    );

    let settings = w.store.followup_settings(w.tenant).await.expect("settings");
    let version = settings.version.to_string();
    let fields = |fulfilled: &'static str, partly: &'static str| {
        vec![
            ("goal_scale", settings.goal_scale.clone()),
            ("assignment_scale", settings.assignment_scale.clone()),
            ("fulfilled_at", fulfilled.to_string()),
            ("partly_at", partly.to_string()),
            ("rollup", "worst_of".to_string()),
            ("version", version.clone()),
        ]
    };
    let send_as = |who: &Signed, fields: Vec<(&'static str, String)>| {
        let mut all = vec![("csrf", who.csrf.clone())];
        all.extend(fields);
        let cookie = who.cookie.clone();
        let app = w.app.clone();
        async move {
            let borrowed: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(&app, "/arbeta/bedomningsregler", &cookie, &borrowed).await
        }
    };
    let refused = send_as(&w.reporter, fields("80", "50")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let backwards = send_as(&w.controller, fields("50", "80")).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        backwards
            .body
            .contains("Delvis uppfyllt kan inte börja över")
    );
    assert!(
        backwards.body.contains("value=\"80\""),
        "what was typed stays"
    );

    let saved = send_as(&w.controller, fields("80", "62,5")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = w.store.followup_settings(w.tenant).await.expect("settings");
    assert!((stored.suggestion.fulfilled_at - 0.80).abs() < 1e-9);
    assert!((stored.suggestion.partly_at - 0.625).abs() < 1e-9);
    assert_eq!(stored.rollup.as_str(), "worst_of");
    let shown = get(&w.app, &saved.location, Some(&w.controller)).await;
    assert!(shown.body.contains("Bedömningsreglerna är sparade."));
    assert!(shown.body.contains("value=\"62,5\""));

    // A second save from the same old form is a conflict, not a silent overwrite.
    let stale = send_as(&w.controller, fields("90", "50")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn my_tasks_show_what_my_units_owe_and_what_was_returned() {
    let w = world().await;
    let fresh = w.store.goal(w.tenant, w.fresh_goal).await.expect("goal");

    // The BUN reporter is asked for the fresh goal's assessment, with a link to it.
    let tasks = get(&w.app, "/arbeta/mina-uppgifter", Some(&w.reporter)).await;
    assert_eq!(tasks.status, StatusCode::OK);
    assert!(
        tasks.body.contains("Bedömningar att göra"),
        "{}",
        tasks.body
    );
    let link = format!(
        "/arbeta/mal/{}/bedomning?period={}&#38;enhet={}",
        w.fresh_goal, w.period, w.bun
    );
    assert!(tasks.body.contains(&link), "{}", tasks.body);
    assert!(tasks.body.contains(&fresh.code));

    // Submitted, it waits for the controller; returned, it comes back with the comment.
    let suggested = assessment_suggestion(&w).await;
    save(
        &w,
        &w.reporter,
        w.fresh_goal,
        w.bun,
        &suggested,
        &[("analysis", "Klart")],
    )
    .await;
    let assessment = assessment_of(&w, w.fresh_goal, w.bun).await.expect("draft");
    let version = assessment.version.to_string();
    let submitted = post(
        &w.app,
        &format!("/arbeta/bedomning/{}/skicka", assessment.id),
        &w.reporter.cookie,
        &[("csrf", &w.reporter.csrf), ("version", &version)],
    )
    .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let controller = get(&w.app, "/arbeta/mina-uppgifter", Some(&w.controller)).await;
    assert!(controller.body.contains("Inlämnat och väntar på beslut"));
    assert!(controller.body.contains(&link));
    let reader = get(&w.app, "/arbeta/mina-uppgifter", Some(&w.reader)).await;
    assert!(!reader.body.contains(&link), "a reader is asked of nothing");

    let assessment = assessment_of(&w, w.fresh_goal, w.bun)
        .await
        .expect("submitted");
    let version = assessment.version.to_string();
    let returned = post(
        &w.app,
        &format!("/arbeta/bedomning/{}/aterskicka", assessment.id),
        &w.controller.cookie,
        &[
            ("csrf", &w.controller.csrf),
            ("version", &version),
            ("comment", "Beskriv åtgärderna för nästa år"),
        ],
    )
    .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER);
    let tasks = get(&w.app, "/arbeta/mina-uppgifter", Some(&w.reporter)).await;
    assert!(tasks.body.contains("Återsänt till er"));
    assert!(tasks.body.contains("Beskriv åtgärderna för nästa år"));
}

#[tokio::test]
async fn the_reporting_status_names_each_goal_beside_its_code() {
    let w = world().await;
    let fresh = w.store.goal(w.tenant, w.fresh_goal).await.expect("goal");
    let name = fresh.short_name.clone().unwrap_or(fresh.statement.clone());
    let page = get(
        &w.app,
        &format!("/arbeta/uppfoljning?period={}", w.period),
        Some(&w.reader),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("{}</a> {name}</th>", fresh.code)),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn breadcrumbs_lead_from_a_committee_goal_and_its_forms_back_up() {
    let w = world().await;
    let plan = w.store.plans(w.tenant).await.expect("plans")[0].id;
    let goals = w.store.goals(w.tenant, plan).await.expect("goals");
    let council = goals.iter().find(|g| g.code == "1.7").expect("1.7");
    let page = get(
        &w.app,
        &format!("/arbeta/mal/{}", w.fresh_goal),
        Some(&w.reader),
    )
    .await;
    let crumbs = page
        .body
        .split("<nav class=\"crumbs\"")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .expect("breadcrumbs on a goal page");
    assert!(crumbs.contains("href=\"/arbeta/mal\""), "{crumbs}");
    assert!(
        crumbs.contains(&format!("href=\"/arbeta/mal/{}\"", council.id)),
        "the council goal it breaks down: {crumbs}"
    );
    assert!(crumbs.contains("aria-current=\"page\""));

    let form = get(
        &w.app,
        &format!("/arbeta/mal/{}/redigera", w.fresh_goal),
        Some(&w.controller),
    )
    .await;
    assert!(
        form.body.contains(&format!(
            "<li><a href=\"/arbeta/mal/{}\">1.7.9 Fler elever",
            w.fresh_goal
        )),
        "a form leads back to its goal"
    );
    let settings_page = get(&w.app, "/arbeta/organisation", Some(&w.controller)).await;
    assert!(
        settings_page
            .body
            .contains("<li><a href=\"/arbeta/installningar\">")
    );
    let top = get(&w.app, "/arbeta/mal", Some(&w.reader)).await;
    assert!(!top.body.contains("class=\"crumbs\""), "none on a top page");
}

/// The text of every `<h2 id="{prefix}…">…</h2>` on a page, in order.
fn headings(body: &str, prefix: &str) -> Vec<String> {
    body.split(&format!("<h2 id=\"{prefix}"))
        .skip(1)
        .filter_map(|rest| rest.split_once('>'))
        .filter_map(|(_, rest)| rest.split("</h2>").next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_reporting_status_and_the_activities_are_filtered_and_sorted() {
    let w = world().await;
    let all = get(&w.app, "/arbeta/uppfoljning", Some(&w.controller)).await;
    let units = headings(&all.body, "unit-");
    assert!(units.len() > 2, "{units:?}");
    let one = get(
        &w.app,
        &format!("/arbeta/uppfoljning?enhet={}", w.bun),
        Some(&w.controller),
    )
    .await;
    assert_eq!(
        headings(&one.body, "unit-").len(),
        1,
        "one unit chosen, one unit shown"
    );
    assert!(one.body.contains(&format!("id=\"unit-{}\"", w.bun)));
    let left = get(&w.app, "/arbeta/uppfoljning?visa=kvar", Some(&w.controller)).await;
    let left_units = headings(&left.body, "unit-");
    assert!(
        !left_units.is_empty() && left_units.len() < units.len(),
        "some units are done in the demo, some are not: {left_units:?}"
    );
    assert!(
        left_units.iter().all(|h| h.contains("saknar rapportering")),
        "{left_units:?}"
    );
    let overdue = get(
        &w.app,
        "/arbeta/uppfoljning?visa=forsenade",
        Some(&w.controller),
    )
    .await;
    let late_rows = overdue
        .body
        .matches("<strong>Ja, försenad</strong>")
        .count();
    assert!(late_rows > 0);
    assert!(
        !overdue.body.contains("<td>Nej</td>"),
        "only overdue lines are shown"
    );
    let by_left = get(
        &w.app,
        "/arbeta/uppfoljning?ordning=kvar",
        Some(&w.controller),
    )
    .await;
    let first = headings(&by_left.body, "unit-")
        .into_iter()
        .next()
        .expect("a unit");
    assert!(
        first.contains("Kommunstyrelsen"),
        "the executive board has the most left in the demo: {first}"
    );
    let odd = get(
        &w.app,
        "/arbeta/uppfoljning?visa=%3Cscript%3E&ordning=x&enhet=abc",
        Some(&w.controller),
    )
    .await;
    assert_eq!(
        odd.status,
        StatusCode::OK,
        "unknown choices mean the defaults"
    );
    assert_eq!(headings(&odd.body, "unit-"), units);

    let by_title = get(&w.app, "/arbeta/aktiviteter?ordning=titel", Some(&w.reader)).await;
    let titles = headings(&by_title.body, "activity-");
    assert!(titles.len() > 1, "{titles:?}");
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    let ongoing = get(
        &w.app,
        "/arbeta/aktiviteter?status=ongoing",
        Some(&w.reader),
    )
    .await;
    let shown = headings(&ongoing.body, "activity-");
    assert!(!shown.is_empty() && shown.len() < titles.len(), "{shown:?}");
    assert!(
        ongoing
            .body
            .contains(&format!("Visar {} / {}.", shown.len(), titles.len())),
        "says how many are shown"
    );
    let cancelled = get(
        &w.app,
        "/arbeta/aktiviteter?status=cancelled",
        Some(&w.reader),
    )
    .await;
    assert!(headings(&cancelled.body, "activity-").is_empty());
    assert!(cancelled.body.contains("Inga aktiviteter matchar filtret."));
}

#[tokio::test]
async fn values_kept_by_hand_are_entered_and_corrected_on_screen() {
    let w = world().await;
    let indicators = w.store.indicators(w.tenant).await.expect("indicators");
    let pool = indicators
        .iter()
        .find(|i| i.name.starts_with("Besök i simhallen"))
        .expect("a manual indicator");
    let path = format!("/arbeta/indikator/{}/varden", pool.id);
    let page = get(&w.app, &path, Some(&w.reader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("210 500"), "the stored 2024 value");
    assert!(
        !page.body.contains("name=\"value\""),
        "a reader gets no form"
    );

    // A typo keeps what was typed and says what to do.
    let refused = post(
        &w.app,
        &path,
        &w.controller.cookie,
        &[
            ("csrf", &w.controller.csrf),
            ("year", "2025"),
            ("value", "tvåhundra"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Skriv värdet som ett tal"));
    assert!(refused.body.contains("value=\"tvåhundra\""));

    // A new year, then a correction that keeps the old value on the record.
    for (year, value) in [("2025", "214 000"), ("2024", "210 900,5")] {
        let saved = post(
            &w.app,
            &path,
            &w.controller.cookie,
            &[
                ("csrf", &w.controller.csrf),
                ("year", year),
                ("value", value),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let shown = get(&w.app, &saved.location, Some(&w.controller)).await;
        assert!(
            shown
                .body
                .contains(&format!("Värdet är sparat för {year}."))
        );
    }
    let values = w
        .store
        .observations(
            w.tenant,
            &riktning_store::ObservationQuery::series(pool.series_key()),
        )
        .await
        .expect("values");
    let of = |year: i32| {
        values
            .iter()
            .find(|o| o.period == year)
            .and_then(|o| o.value)
    };
    assert_eq!(of(2025), Some(214_000.0));
    assert_eq!(of(2024), Some(210_900.5));
    let trail = w
        .store
        .audit_events(w.tenant, &Default::default())
        .await
        .expect("audit");
    assert!(
        trail
            .iter()
            .any(|e| e.actor == "controller" && format!("{:?}", e.before).contains("210500")),
        "the corrected value is kept on the record"
    );

    // A Kolada indicator's values come from Kolada, even for those who may edit it.
    let kolada = indicators
        .iter()
        .find(|i| i.kolada_kpi.as_deref() == Some("N01951"))
        .expect("population");
    let refused = post(
        &w.app,
        &format!("/arbeta/indikator/{}/varden", kolada.id),
        &w.controller.cookie,
        &[
            ("csrf", &w.controller.csrf),
            ("year", "2025"),
            ("value", "65000"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("hämtar sina värden från Kolada"));
}
