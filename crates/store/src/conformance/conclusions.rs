//! Conformance case for the controller's conclusion on god ekonomisk hushållning.

use riktning_domain::{
    AuditAction, Change, ConclusionContent, EntityKind, Id, NewPeriod, PeriodState,
    StewardshipVerdict,
};
use time::macros::date;

use super::{new_plan, tenant, who};
use crate::{AuditQuery, Store, StoreError, StoreRead};

fn annual(plan_id: Id) -> NewPeriod {
    NewPeriod {
        plan_id,
        name: "Årsredovisning 2024".to_string(),
        starts_on: date!(2024 - 01 - 01),
        ends_on: date!(2024 - 12 - 31),
        deadline: date!(2025 - 02 - 15),
        values_through: Some(2023),
    }
}

fn written(verdict: StewardshipVerdict, text: &str) -> ConclusionContent {
    ConclusionContent {
        verdict,
        text: text.to_string(),
    }
}

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

pub async fn conclusions_are_written_per_period_on_the_record<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let other = tenant(store, "2309").await;
    let plan = store
        .create_plan(t, &new_plan("Budget 2024", 2024), &who())
        .await
        .expect("plan");
    let period = store
        .create_period(t, &annual(plan.id), &who())
        .await
        .expect("period");
    assert_eq!(stored(store, t, period.id).await, None, "none written yet");

    let controller = Change::by("controller");
    let first = store
        .write_conclusion(
            t,
            period.id,
            &written(
                StewardshipVerdict::PartlyAchieved,
                "  Två av tre finansiella mål nåddes.\n",
            ),
            None,
            &controller,
        )
        .await
        .expect("first conclusion");
    assert_eq!(first.version, 1);
    assert_eq!(first.period_id, period.id);
    assert_eq!(first.verdict, StewardshipVerdict::PartlyAchieved);
    assert_eq!(first.text, "Två av tre finansiella mål nåddes.", "trimmed");
    assert_eq!(first.written_by, "controller");
    assert_eq!(stored(store, t, period.id).await.as_ref(), Some(&first));

    // A second "first" conclusion, from someone who had not seen the first: refused.
    let unseen = store
        .write_conclusion(
            t,
            period.id,
            &written(StewardshipVerdict::Achieved, "Allt gick bra."),
            None,
            &Change::by("someone"),
        )
        .await;
    assert!(
        matches!(unseen, Err(StoreError::Conflict { .. })),
        "{unseen:?}"
    );

    let second = store
        .write_conclusion(
            t,
            period.id,
            &written(
                StewardshipVerdict::NotAchieved,
                "Soliditeten sjönk under målet.",
            ),
            Some(first.version),
            &Change::by("chief"),
        )
        .await
        .expect("second version");
    assert_eq!(second.version, 2);
    assert_eq!(second.id, first.id, "one conclusion per period");
    assert_eq!(second.written_by, "chief");

    let stale = store
        .write_conclusion(
            t,
            period.id,
            &written(StewardshipVerdict::Achieved, "Gammal text."),
            Some(first.version),
            &controller,
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    let blank = store
        .write_conclusion(
            t,
            period.id,
            &written(StewardshipVerdict::Achieved, " \n\t"),
            Some(second.version),
            &controller,
        )
        .await;
    assert!(
        matches!(&blank, Err(StoreError::Invalid { source, .. }) if source.field == "text"),
        "{blank:?}"
    );
    assert_eq!(stored(store, t, period.id).await.as_ref(), Some(&second));

    // Another tenant neither sees nor writes it.
    assert_eq!(stored(store, other, period.id).await, None);
    let foreign = store
        .write_conclusion(
            other,
            period.id,
            &written(StewardshipVerdict::Achieved, "Intrång."),
            None,
            &controller,
        )
        .await;
    assert!(
        matches!(foreign, Err(StoreError::NotFound { .. })),
        "{foreign:?}"
    );

    // Closing the period freezes the conclusion with the assessments.
    let closed = store
        .set_period_state(
            t,
            period.id,
            period.version,
            PeriodState::Closed,
            &controller,
        )
        .await
        .expect("close");
    let frozen = store
        .write_conclusion(
            t,
            period.id,
            &written(StewardshipVerdict::Achieved, "Efteråt."),
            Some(second.version),
            &controller,
        )
        .await;
    assert!(
        matches!(&frozen, Err(StoreError::Invalid { source, .. }) if source.field == "period"),
        "{frozen:?}"
    );
    assert_eq!(closed.state, PeriodState::Closed);
    assert_eq!(stored(store, t, period.id).await.as_ref(), Some(&second));

    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::Conclusion),
                entity_id: Some(first.id),
            },
        )
        .await
        .expect("audit");
    let actions: Vec<_> = events.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::Create, AuditAction::Update]);
    assert_eq!(events[0].actor, "controller");
    assert_eq!(events[1].actor, "chief");
    let text_of = |state: &Option<serde_json::Value>| {
        state
            .as_ref()
            .and_then(|s| s["text"].as_str().map(str::to_string))
    };
    assert_eq!(
        text_of(&events[1].before).as_deref(),
        Some("Två av tre finansiella mål nåddes.")
    );
    assert_eq!(
        text_of(&events[1].after).as_deref(),
        Some("Soliditeten sjönk under målet.")
    );
    assert_eq!(
        events[1].after.as_ref().and_then(|a| a["verdict"].as_str()),
        Some("not_achieved")
    );
}
