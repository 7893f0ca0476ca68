//! The controller's conclusion on god ekonomisk hushållning: written on its page by a
//! controller only, refused with reasons in Swedish, kept on the record, frozen with
//! its period, and carried into the goal section's documents and the publication.

mod common;

use axum::http::StatusCode;
use common::{Signed, demo_store, get, post, sign};
use riktning_domain::{Id, Role, StewardshipVerdict};
use riktning_store::{Store, StoreRead};

async fn stored<S: Store>(
    store: &S,
    tenant: Id,
    period: Id,
) -> Option<riktning_domain::Conclusion> {
    let mut read = store.reader().await.expect("reader");
    let conclusion = read.conclusion(tenant, period).await.expect("conclusion");
    read.finish().await.expect("finish");
    conclusion
}

fn conclusion_form(
    csrf: &str,
    period: Id,
    version: &str,
    verdict: &str,
    text: &str,
) -> Vec<(String, String)> {
    [
        ("csrf", csrf.to_string()),
        ("period", period.to_string()),
        ("version", version.to_string()),
        ("verdict", verdict.to_string()),
        ("text", text.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn send(app: &axum::Router, who: &Signed, fields: Vec<(String, String)>) -> common::Answer {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post(app, "/arbeta/slutsats", &who.cookie, &fields).await
}

#[tokio::test]
async fn a_controller_writes_the_conclusion_on_the_record_and_the_documents_carry_it() {
    let (store, tenant) = demo_store().await;
    let app = common::app(&store, &tenant);
    let t = tenant.id;
    let plan = store.plans(t).await.expect("plans")[0].clone();
    let periods = store.periods(t, plan.id).await.expect("periods");
    let id_of = |name: &str| periods.iter().find(|p| p.name == name).expect(name).id;
    let (tertial, interim) = (id_of("Tertial 1 2024"), id_of("Delår 2024"));
    let controller = sign(&store, t, "controller", Role::Controller, vec![]).await;
    let reader = sign(&store, t, "reader", Role::Reader, vec![]).await;
    let page_of = |period: Id| format!("/arbeta/slutsats?period={period}");

    // The Publicering page leads to each period's conclusion and says which are written.
    let publish = get(&app, "/arbeta/publicera", Some(&reader)).await;
    assert!(publish.body.contains(&page_of(tertial)), "{}", publish.body);
    assert!(publish.body.contains("slutsatsen är skriven"));
    assert!(publish.body.contains("ingen slutsats ännu"));

    // The demo's closed tertial has its conclusion, shown to anyone, locked for all.
    let shown = get(&app, &page_of(tertial), Some(&reader)).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Exempeltext i demon"), "{}", shown.body);
    assert!(
        shown
            .body
            .contains(StewardshipVerdict::PartlyAchieved.label())
    );
    assert!(
        shown
            .body
            .contains("Riktnings förslag:</strong> God ekonomisk hushållning har"),
        "a suggested verdict, with the rule under it"
    );
    assert!(
        shown
            .body
            .contains("Regel: uppnådd när alla finansiella mål")
    );
    assert!(
        !shown.body.contains(r#"action="/arbeta/slutsats""#),
        "no form for a reader"
    );
    let locked = get(&app, &page_of(tertial), Some(&controller)).await;
    assert!(locked.body.contains("Perioden är stängd"));
    assert!(!locked.body.contains(r#"action="/arbeta/slutsats""#));

    // The open interim period has none yet; a controller gets the form. No council
    // goal has an approved assessment there, so Riktning suggests nothing and no
    // verdict is chosen for the controller.
    let empty = get(&app, &page_of(interim), Some(&controller)).await;
    assert!(empty.body.contains("Ingen slutsats är skriven"));
    assert!(empty.body.contains(r#"action="/arbeta/slutsats""#));
    assert!(
        empty.body.contains("Det går inte att bedöma ännu"),
        "{}",
        empty.body
    );
    assert!(
        !empty.body.contains(" checked"),
        "nothing chosen in advance"
    );

    let reasoning =
        "Resultatet når inte målet, men soliditeten håller.\n\n- Investeringarna skjuts upp";
    let write = |who: &Signed, version: &str, verdict: &str, text: &str| {
        conclusion_form(&who.csrf, interim, version, verdict, text)
    };

    // The weakest roles and a forged form change nothing.
    let as_reader = send(&app, &reader, write(&reader, "", "achieved", reasoning)).await;
    assert_eq!(as_reader.status, StatusCode::FORBIDDEN);
    let reporter = sign(&store, t, "reporter", Role::Reporter, vec![]).await;
    let as_reporter = send(&app, &reporter, write(&reporter, "", "achieved", reasoning)).await;
    assert_eq!(as_reporter.status, StatusCode::FORBIDDEN);
    let forged = send(
        &app,
        &controller,
        conclusion_form("not-the-token", interim, "", "achieved", reasoning),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&store, t, interim).await, None);

    // Bad input is refused with the reason in Swedish, keeping what was typed.
    let blank = send(
        &app,
        &controller,
        write(&controller, "", "achieved", " \n "),
    )
    .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("Fältet är tomt"), "{}", blank.body);
    assert!(blank.body.contains(r#"value="achieved" checked"#));
    let no_verdict = send(
        &app,
        &controller,
        write(&controller, "", "mostly", reasoning),
    )
    .await;
    assert_eq!(no_verdict.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_verdict.body.contains("Välj en samlad bedömning"));
    assert!(
        no_verdict.body.contains("Investeringarna skjuts upp"),
        "kept"
    );
    let long = "ö".repeat(25_000);
    let too_long = send(&app, &controller, write(&controller, "", "achieved", &long)).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.body.contains("för lång"));
    let huge = "a".repeat(300_000);
    let too_large = send(&app, &controller, write(&controller, "", "achieved", &huge)).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let elsewhere = conclusion_form(&controller.csrf, 999_999, "", "achieved", reasoning);
    let unknown = send(&app, &controller, elsewhere).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Perioden finns inte"));
    assert_eq!(stored(&store, t, interim).await, None);

    // Written: on the record, by its writer.
    let saved = send(
        &app,
        &controller,
        write(&controller, "", "partly_achieved", reasoning),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location,
        format!("/arbeta/slutsats?period={interim}&gjort=slutsats-sparad")
    );
    let first = stored(&store, t, interim).await.expect("written");
    assert_eq!(first.version, 1);
    assert_eq!(first.verdict, StewardshipVerdict::PartlyAchieved);
    assert_eq!(first.written_by, "controller");
    let confirmed = get(&app, &saved.location, Some(&controller)).await;
    assert!(confirmed.body.contains("Slutsatsen är sparad"));
    assert!(
        confirmed
            .body
            .contains("<li>Investeringarna skjuts upp</li>")
    );
    assert!(
        confirmed.body.contains("Skriven av Test controller, 20"),
        "the writer by name, then when"
    );

    // Someone who had not seen it cannot overwrite it blindly; the page then shows
    // what stands, and keeps what they typed against it.
    let blind = send(
        &app,
        &controller,
        write(&controller, "", "achieved", "Allt nåddes."),
    )
    .await;
    assert_eq!(blind.status, StatusCode::CONFLICT);
    assert!(blind.body.contains("Någon annan har ändrat"));
    assert!(
        blind.body.contains("Resultatet når inte målet"),
        "what stands"
    );
    assert!(blind.body.contains(r#"name="version" value="1""#));
    assert!(blind.body.contains("Allt nåddes."), "what was typed");
    let second = send(
        &app,
        &controller,
        write(&controller, "1", "not_achieved", "Soliditeten sjönk också."),
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let second = stored(&store, t, interim).await.expect("written");
    assert_eq!(second.version, 2);
    // A writer who read version 1 and is refused for another reason keeps version 1,
    // so that their next save is still caught as a conflict with version 2.
    let behind = send(
        &app,
        &controller,
        write(&controller, "1", "", "Gammalt utkast."),
    )
    .await;
    assert_eq!(behind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(behind.body.contains(r#"name="version" value="1""#));
    let caught = send(
        &app,
        &controller,
        write(&controller, "1", "achieved", "Gammalt utkast."),
    )
    .await;
    assert_eq!(caught.status, StatusCode::CONFLICT);
    assert_eq!(stored(&store, t, interim).await.map(|c| c.version), Some(2));
    assert_eq!(second.verdict, StewardshipVerdict::NotAchieved);

    // The history shows both versions, in words.
    let history = get(
        &app,
        &format!("/arbeta/logg/conclusion/{}", second.id),
        Some(&reader),
    )
    .await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        history
            .body
            .contains(StewardshipVerdict::NotAchieved.label())
    );
    assert!(
        history
            .body
            .contains(StewardshipVerdict::PartlyAchieved.label())
    );
    assert!(history.body.contains("Soliditeten sjönk också."));

    // The draft goal section of the interim period carries it, with its writer.
    let document = get(
        &app,
        &format!("/arbeta/malavsnitt?period={interim}&format=html"),
        Some(&reader),
    )
    .await;
    assert_eq!(document.status, StatusCode::OK);
    assert!(document.body.contains("<h3>Slutsats</h3>"));
    assert!(
        document
            .body
            .contains("God ekonomisk hushållning har inte uppnåtts")
    );
    assert!(document.body.contains("Soliditeten sjönk också."));
    assert!(
        document.body.contains("Skriven av Test controller"),
        "the display name"
    );

    // The published tertial carries the demo's conclusion as it was published.
    let mut read = store.reader().await.expect("reader");
    let publication = read.publications(t).await.expect("publications")[0].clone();
    read.finish().await.expect("finish");
    let public = get(
        &app,
        &format!("/publicering/{}/malavsnitt.html", publication.id),
        None,
    )
    .await;
    assert!(
        public.body.contains("Exempeltext i demon"),
        "{}",
        public.body
    );
    let period_page = get(&app, &format!("/publicering/{}", publication.id), None).await;
    assert!(
        period_page
            .body
            .contains("Slutsats om god ekonomisk hushållning")
    );
    assert!(period_page.body.contains("Skriven av demo:controller, 20"));

    // A browser's line breaks (CRLF) count as one character, as its maxlength does.
    let lines = "ö\r\n".repeat(10_000);
    let at_limit = send(
        &app,
        &controller,
        write(&controller, "2", "achieved", &lines),
    )
    .await;
    assert_eq!(at_limit.status, StatusCode::SEE_OTHER, "{}", at_limit.body);
    let third = stored(&store, t, interim).await.expect("written");
    assert!(!third.text.contains('\r'));

    // Closing the period locks it, also against a direct POST.
    let period = store.period(t, interim).await.expect("period");
    store
        .set_period_state(
            t,
            interim,
            period.version,
            riktning_domain::PeriodState::Closed,
            &riktning_domain::Change::by("controller"),
        )
        .await
        .expect("close");
    let frozen = send(
        &app,
        &controller,
        write(&controller, "2", "achieved", "Efteråt."),
    )
    .await;
    assert_eq!(frozen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        frozen.body.contains("Perioden är stängd"),
        "{}",
        frozen.body
    );
    assert_eq!(stored(&store, t, interim).await.map(|c| c.version), Some(3));
}
