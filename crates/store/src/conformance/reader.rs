//! One read transaction for a page or a command, and the set-based reads that keep the
//! number of its queries independent of the number of goals and indicators.

use riktning_domain::{
    CommitmentStatus, Comparator, Gender, GoalLink, NewCommitment, NewTarget, Observation,
};

use super::{observation, plan_with_goals, population_indicator, tenant, who};
use crate::{ObservationQuery, Store, StoreRead};

pub async fn a_reader_reads_whole_sets_through_one_transaction<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let other = tenant(store, "0180").await;
    let (first, second) = plan_with_goals(store, t).await;
    let (foreign, _) = plan_with_goals(store, other).await;
    let plan = store.goal(t, first).await.expect("goal").plan_id;
    let commit = |goal, position, text: &str| NewCommitment {
        goal_id: goal,
        position,
        text: text.to_string(),
        status: CommitmentStatus::NotStarted,
    };
    for (goal, position, text) in [
        (second, 0, "Kommunen ska växa."),
        (first, 1, "Kommunen ska leda."),
        (first, 0, "Kommunen ska lyssna."),
    ] {
        store
            .create_commitment(t, &commit(goal, position, text), &who())
            .await
            .expect("commitment");
    }
    store
        .create_commitment(other, &commit(foreign, 0, "Staden ska."), &who())
        .await
        .expect("commitment");
    let link = |goal_id| GoalLink {
        goal_id,
        weight: 1.0,
    };
    let population = store
        .create_indicator(t, &population_indicator(vec![link(first)]), &who())
        .await
        .expect("indicator");
    let mut second_new = population_indicator(vec![link(second)]);
    second_new.kolada_kpi = Some("N00002".to_string());
    let second_indicator = store
        .create_indicator(t, &second_new, &who())
        .await
        .expect("indicator");
    let foreign_indicator = store
        .create_indicator(other, &population_indicator(vec![link(foreign)]), &who())
        .await
        .expect("indicator");
    let target = |indicator_id, year| NewTarget {
        indicator_id,
        year,
        comparator: Comparator::AtLeast,
        value: 1.0,
        base_year: None,
        base_value: None,
        is_final: false,
        text_target_id: None,
    };
    for (indicator, year) in [
        (second_indicator.id, 2030),
        (population.id, 2040),
        (population.id, 2030),
    ] {
        store
            .create_target(t, &target(indicator, year), &who())
            .await
            .expect("target");
    }
    store
        .create_target(other, &target(foreign_indicator.id, 2030), &who())
        .await
        .expect("target");
    let values: Vec<Observation> = ["N01951", "N00002", "N00003"]
        .iter()
        .map(|series| observation(series, "2380", 2023, Gender::Total, Some(1.0)))
        .collect();
    store
        .upsert_observations(t, &values, &who())
        .await
        .expect("values");

    let mut read = store.reader().await.expect("reader");
    let commitments = read.plan_commitments(t, plan).await.expect("commitments");
    let texts: Vec<(bool, &str)> = commitments
        .iter()
        .map(|c| (c.goal_id == first, c.text.as_str()))
        .collect();
    let mut expected = vec![
        (true, "Kommunen ska lyssna."),
        (true, "Kommunen ska leda."),
        (false, "Kommunen ska växa."),
    ];
    if second < first {
        expected.rotate_left(2);
    }
    assert_eq!(
        texts, expected,
        "by goal, then text order; the tenant's own"
    );

    let linked = read.goal_indicators(t, &[first]).await.expect("indicators");
    assert_eq!(linked, vec![population.clone()], "with its goal links");
    assert_eq!(
        read.goal_indicators(t, &[first, second])
            .await
            .expect("indicators")
            .len(),
        2
    );
    assert!(
        read.goal_indicators(t, &[foreign])
            .await
            .expect("none")
            .is_empty(),
        "another tenant's goal gives nothing"
    );
    assert!(read.goal_indicators(t, &[]).await.expect("none").is_empty());

    let targets = read
        .indicator_targets(
            t,
            &[second_indicator.id, population.id, foreign_indicator.id],
        )
        .await
        .expect("targets");
    let mut expected = vec![
        (population.id, 2030),
        (population.id, 2040),
        (second_indicator.id, 2030),
    ];
    expected.sort_unstable();
    assert_eq!(
        targets
            .iter()
            .map(|t| (t.indicator_id, t.year))
            .collect::<Vec<_>>(),
        expected,
        "by indicator and year; another tenant's indicator gives nothing"
    );
    assert!(
        read.indicator_targets(t, &[])
            .await
            .expect("no targets")
            .is_empty()
    );

    let found = read
        .observations(
            t,
            &ObservationQuery {
                series: vec!["N01951".to_string(), "N00002".to_string()],
                ..ObservationQuery::default()
            },
        )
        .await
        .expect("observations");
    assert_eq!(
        found.iter().map(|o| o.series.as_str()).collect::<Vec<_>>(),
        ["N00002", "N01951"],
        "many series in one query"
    );
    assert_eq!(read.goals(t, plan).await.expect("goals").len(), 2);
    assert_eq!(read.plans(t).await.expect("plans").len(), 1);

    // The reader sees one snapshot: a write committed meanwhile is not in it, and the
    // next reader sees it.
    store
        .create_commitment(t, &commit(second, 1, "Kommunen ska mer."), &who())
        .await
        .expect("commitment");
    assert_eq!(
        read.plan_commitments(t, plan)
            .await
            .expect("commitments")
            .len(),
        3,
        "one snapshot for the whole reader"
    );
    read.finish().await.expect("finish");
    let mut read = store.reader().await.expect("reader");
    assert_eq!(
        read.plan_commitments(t, plan)
            .await
            .expect("commitments")
            .len(),
        4
    );
    read.finish().await.expect("finish");
}

/// Every committed write raises the data version, whichever way it writes; reading,
/// and a write that is refused, leave it as it is.
pub async fn every_committed_write_raises_the_data_version<S: Store>(store: &S) {
    use crate::ObservationWriter;
    let version = async || {
        let mut read = store.reader().await.expect("reader");
        let version = read.data_version().await.expect("version");
        read.finish().await.expect("finish");
        version
    };
    let start = version().await;
    let t = tenant(store, "2380").await;
    let after_tenant = version().await;
    assert!(after_tenant > start, "{after_tenant} after {start}");
    let (first, _) = plan_with_goals(store, t).await;
    let after_plan = version().await;
    assert!(after_plan > after_tenant);
    store.tenants().await.expect("tenants");
    store.goal(t, first).await.expect("goal");
    assert_eq!(version().await, after_plan, "reads change nothing");
    let refused = population_indicator(vec![GoalLink {
        goal_id: first + 1000,
        weight: 1.0,
    }]);
    assert!(store.create_indicator(t, &refused, &who()).await.is_err());
    assert_eq!(
        version().await,
        after_plan,
        "a refused write changes nothing"
    );
    let mut writer = store.observation_writer(t, &who()).await.expect("writer");
    writer
        .write(&[observation(
            "N01951",
            "2380",
            2023,
            Gender::Total,
            Some(1.0),
        )])
        .await
        .expect("write");
    assert_eq!(version().await, after_plan, "not before the commit");
    writer.commit().await.expect("commit");
    assert!(
        version().await > after_plan,
        "a batch of values raises it too"
    );
}

/// A publication is stored whole and counted per plan and period; a correction needs
/// a reason; the list leaves the content out; another tenant cannot read it.
pub async fn publications_are_versioned_per_plan_and_period<S: Store>(store: &S) {
    use riktning_domain::NewPublication;
    let t = tenant(store, "2380").await;
    let other = tenant(store, "0180").await;
    let (first, _) = plan_with_goals(store, t).await;
    let plan = store.goal(t, first).await.expect("goal").plan_id;
    let content =
        serde_json::json!({ "goals": [{ "code": "1", "statement": "Alla ska må bra." }] });
    let new = |reason: &str| NewPublication {
        plan_id: plan,
        period_id: None,
        reason: reason.to_string(),
        content: content.clone(),
        based_on: None,
    };
    let one = store.publish(t, &new(""), &who()).await.expect("first");
    assert_eq!(one.version, 1);
    assert_eq!(one.content, content);
    assert!(
        store.publish(t, &new("  "), &who()).await.is_err(),
        "a correction without a reason"
    );
    let two = store
        .publish(t, &new("Rättat ett stavfel."), &who())
        .await
        .expect("second");
    assert_eq!(
        (two.version, two.reason.as_str()),
        (2, "Rättat ett stavfel.")
    );
    let mut read = store.reader().await.expect("reader");
    let listed = read.publications(t).await.expect("list");
    assert_eq!(
        listed.iter().map(|p| p.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert!(listed.iter().all(|p| p.content.is_null()));
    assert_eq!(
        read.publication(t, one.id).await.expect("one").content,
        content
    );
    assert!(read.publication(other, one.id).await.is_err());
    assert!(read.publications(other).await.expect("other").is_empty());
    let built_at = read.data_version().await.expect("version");
    read.finish().await.expect("finish");

    // Content built before a write is refused, and nothing is stored; built after
    // it, it is taken.
    store
        .create_goal(t, &super::new_goal(plan, "9", 9), &who())
        .await
        .expect("a write after the build");
    let stale = NewPublication {
        based_on: Some(built_at),
        ..new("Rättat igen.")
    };
    match store.publish(t, &stale, &who()).await {
        Err(crate::StoreError::Conflict { .. }) => {}
        other => panic!("a publication built before a write must be refused, got {other:?}"),
    }
    let mut read = store.reader().await.expect("reader");
    assert_eq!(read.publications(t).await.expect("list").len(), 2);
    let now = read.data_version().await.expect("version");
    read.finish().await.expect("finish");
    let fresh = NewPublication {
        based_on: Some(now),
        ..new("Rättat igen.")
    };
    assert_eq!(
        store
            .publish(t, &fresh, &who())
            .await
            .expect("third")
            .version,
        3
    );
}

/// A visitor's accessibility report is kept as sent, listed waiting first, marked
/// handled once on the record, and refused past the cap of waiting reports.
pub async fn accessibility_reports_wait_until_handled<S: Store>(store: &S) {
    use riktning_domain::{AuditAction, EntityKind, NewAccessibilityReport};
    let t = tenant(store, "2380").await;
    let other = tenant(store, "0180").await;
    let new = |description: &str| NewAccessibilityReport {
        page: " /publicering/1 ".to_string(),
        description: description.to_string(),
        contact: "namn@example.se".to_string(),
    };
    let first = store
        .report_accessibility_problem(t, &new("Diagrammet saknar text."))
        .await
        .expect("first");
    assert_eq!(first.page, "/publicering/1");
    assert!(first.handled_at.is_none());
    assert!(
        store
            .report_accessibility_problem(t, &new("  "))
            .await
            .is_err(),
        "an empty report"
    );
    let second = store
        .report_accessibility_problem(t, &new("Knappen går inte att nå."))
        .await
        .expect("second");
    let handled = store
        .mark_accessibility_report_handled(t, first.id, &who())
        .await
        .expect("handled");
    assert_eq!(handled.handled_by.as_deref(), Some(who().actor.as_str()));
    let again = store
        .mark_accessibility_report_handled(t, first.id, &who())
        .await
        .expect("again");
    assert_eq!(again.handled_at, handled.handled_at);
    assert!(
        store
            .mark_accessibility_report_handled(other, second.id, &who())
            .await
            .is_err(),
        "another tenant's report"
    );
    let mut read = store.reader().await.expect("reader");
    let listed = read.accessibility_reports(t).await.expect("list");
    assert_eq!(
        listed.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![second.id, first.id],
        "waiting first"
    );
    assert!(
        read.accessibility_reports(other)
            .await
            .expect("other")
            .is_empty()
    );
    let events = read
        .audit_events(
            t,
            &crate::AuditQuery {
                entity: Some(EntityKind::AccessibilityReport),
                ..Default::default()
            },
        )
        .await
        .expect("events");
    read.finish().await.expect("finish");
    assert_eq!(
        events.iter().map(|e| e.action).collect::<Vec<_>>(),
        vec![AuditAction::Update],
        "handling is recorded once"
    );

    let waiting = crate::sql::MAX_WAITING_REPORTS - 1;
    for n in 0..waiting {
        store
            .report_accessibility_problem(t, &new(&format!("Problem {n}")))
            .await
            .expect("below the cap");
    }
    assert!(
        store
            .report_accessibility_problem(t, &new("En för mycket."))
            .await
            .is_err(),
        "the cap of waiting reports"
    );
    store
        .report_accessibility_problem(other, &new("Annan kommun."))
        .await
        .expect("the cap is per tenant");
}
