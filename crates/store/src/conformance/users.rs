//! Conformance cases for users, their password hashes and sessions.

use riktning_domain::{EntityKind, NewOrgUnit, NewUser, OrgUnitKind, Role, Session};
use time::{Duration, OffsetDateTime};

use super::{tenant, who};
use crate::{AuditQuery, Store, StoreError, StoreRead};

pub async fn users_sessions_and_passwords<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let unit = store
        .create_org_unit(
            t,
            &NewOrgUnit {
                parent_id: None,
                kind: OrgUnitKind::Committee,
                name: "Kulturnämnden".to_string(),
                short_name: None,
            },
            &who(),
        )
        .await
        .expect("unit");
    let new = NewUser {
        username: "anna.berg".to_string(),
        display_name: "Anna Berg".to_string(),
        role: Role::Reporter,
        units: vec![unit.id],
        must_change_password: false,
    };
    let anna = store
        .create_user(t, &new, "$argon2id$first", &who())
        .await
        .expect("user");
    assert_eq!(anna.units, vec![unit.id]);
    assert!(!anna.disabled);
    match store.create_user(t, &new, "$argon2id$x", &who()).await {
        Err(StoreError::Duplicate(message)) => assert!(message.contains("anna.berg")),
        other => panic!("a second anna.berg must be refused, got {other:?}"),
    }
    let (found, hash) = store
        .user_credentials(t, "anna.berg")
        .await
        .expect("read")
        .expect("found");
    assert_eq!((found, hash.as_str()), (anna.clone(), "$argon2id$first"));
    assert!(
        store
            .user_credentials(t, "okänd")
            .await
            .expect("read")
            .is_none()
    );
    let other = tenant(store, "0180").await;
    assert!(
        store
            .user_credentials(other, "anna.berg")
            .await
            .expect("read")
            .is_none(),
        "users belong to their municipality"
    );

    let now = OffsetDateTime::now_utc();
    let session = Session {
        tenant: t,
        user_id: anna.id,
        csrf_token: "csrf-1".to_string(),
        expires_at: now + Duration::hours(8),
    };
    store
        .create_session("hash-1", &session)
        .await
        .expect("session");
    let expired = Session {
        expires_at: now - Duration::minutes(1),
        ..session.clone()
    };
    store
        .create_session("hash-old", &expired)
        .await
        .expect("session");
    let read = store
        .session("hash-1", now)
        .await
        .expect("read")
        .expect("live");
    assert_eq!(
        (read.tenant, read.user_id, read.csrf_token.as_str()),
        (t, anna.id, "csrf-1")
    );
    assert!(
        store
            .session("hash-old", now)
            .await
            .expect("read")
            .is_none(),
        "expired"
    );
    assert!(store.session("no-such", now).await.expect("read").is_none());

    // A new password ends every session, and the trail says it changed, not to what.
    store
        .set_user_password(t, anna.id, "$argon2id$second", false, &who())
        .await
        .expect("password");
    assert!(store.session("hash-1", now).await.expect("read").is_none());
    let (_, hash) = store
        .user_credentials(t, "anna.berg")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(hash, "$argon2id$second");
    let events = store
        .audit_events(
            t,
            &AuditQuery {
                entity: Some(EntityKind::User),
                entity_id: Some(anna.id),
            },
        )
        .await
        .expect("audit");
    let trail = serde_json::to_string(&events).expect("json");
    assert!(!trail.contains("argon2"), "no hash on the record: {trail}");

    store
        .create_session("hash-2", &session)
        .await
        .expect("session");
    store.delete_session("hash-2").await.expect("sign out");
    assert!(store.session("hash-2", now).await.expect("read").is_none());

    store
        .create_session("hash-3", &session)
        .await
        .expect("session");
    let mut disabled = store.user(t, anna.id).await.expect("read");
    disabled.disabled = true;
    disabled.role = Role::Reader;
    disabled.units.clear();
    let saved = store
        .update_user(t, &disabled, &who())
        .await
        .expect("disable");
    assert!(saved.disabled && saved.units.is_empty());
    assert!(
        store.session("hash-3", now).await.expect("read").is_none(),
        "disabling signs the user out"
    );
    let stale = store.update_user(t, &disabled, &who()).await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    assert_eq!(store.users(t).await.expect("list"), vec![saved]);
    assert!(store.users(other).await.expect("list").is_empty());
}

pub async fn user_names_are_unique_after_folding<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let new = |username: &str| NewUser {
        username: username.to_string(),
        display_name: "Ann Admin".to_string(),
        role: Role::Administrator,
        units: Vec::new(),
        must_change_password: true,
    };
    let admin = store
        .create_user(t, &new(" Admin "), "$argon2id$a", &who())
        .await
        .expect("user");
    assert_eq!(admin.username, "admin", "stored folded");
    assert!(admin.must_change_password, "a one-time password is marked");
    for same in ["admin", "ADMIN", "ａｄｍｉｎ"] {
        match store
            .create_user(t, &new(same), "$argon2id$b", &who())
            .await
        {
            Err(StoreError::Duplicate(message)) => assert!(message.contains("admin")),
            other => panic!("{same:?} must be refused beside admin, got {other:?}"),
        }
    }
    // A look-alike made with a Cyrillic а is not a user name at all.
    match store
        .create_user(t, &new("аdmin"), "$argon2id$b", &who())
        .await
    {
        Err(StoreError::Invalid { source, .. }) => assert_eq!(source.field, "username"),
        other => panic!("a Cyrillic look-alike must be refused, got {other:?}"),
    }
    assert_eq!(store.users(t).await.expect("list").len(), 1);
    for typed in ["admin", "Admin", "ADMIN ", "ａｄｍｉｎ"] {
        let (found, _) = store
            .user_credentials(t, typed)
            .await
            .expect("read")
            .unwrap_or_else(|| panic!("{typed:?} signs in as admin"));
        assert_eq!(found.id, admin.id);
    }
    assert!(
        store
            .user_credentials(t, &"a".repeat(100_000))
            .await
            .expect("read")
            .is_none()
    );
    // The same name in another municipality is another user.
    let other = tenant(store, "0180").await;
    store
        .create_user(other, &new("ADMIN"), "$argon2id$c", &who())
        .await
        .expect("another tenant's admin");

    // Choosing a password clears the mark; a new one-time password sets it again.
    store
        .set_user_password(t, admin.id, "$argon2id$chosen", false, &who())
        .await
        .expect("password");
    assert!(
        !store
            .user(t, admin.id)
            .await
            .expect("read")
            .must_change_password
    );
    store
        .set_user_password(t, admin.id, "$argon2id$once", true, &who())
        .await
        .expect("password");
    assert!(
        store
            .user(t, admin.id)
            .await
            .expect("read")
            .must_change_password
    );
}

pub async fn expired_sessions_are_purged<S: Store>(store: &S) {
    let t = tenant(store, "2380").await;
    let user = store
        .create_user(
            t,
            &NewUser {
                username: "eva".to_string(),
                display_name: "Eva Ek".to_string(),
                role: Role::Reader,
                units: Vec::new(),
                must_change_password: false,
            },
            "$argon2id$e",
            &who(),
        )
        .await
        .expect("user");
    let now = OffsetDateTime::now_utc();
    let at = |expires_at| Session {
        tenant: t,
        user_id: user.id,
        csrf_token: "csrf".to_string(),
        expires_at,
    };
    for (hash, expires_at) in [
        ("old-1", now - Duration::days(3)),
        ("old-2", now - Duration::seconds(2)),
        ("live-1", now + Duration::seconds(2)),
        ("live-2", now + Duration::hours(9)),
    ] {
        store
            .create_session(hash, &at(expires_at))
            .await
            .expect("session");
    }
    assert_eq!(store.purge_expired_sessions(now).await.expect("purge"), 2);
    assert_eq!(store.purge_expired_sessions(now).await.expect("purge"), 0);
    assert!(store.session("live-1", now).await.expect("read").is_some());
    assert!(store.session("live-2", now).await.expect("read").is_some());
    // The rows are gone, not merely hidden: a clock turned back finds nothing.
    let past = now - Duration::days(7);
    assert!(store.session("old-1", past).await.expect("read").is_none());
    assert!(store.session("old-2", past).await.expect("read").is_none());
}

/// A personal API token is kept by the hash of its secret, found only while active,
/// revoked by its own user on the record, and capped per user.
pub async fn api_tokens_are_kept_hashed_and_revoked_on_the_record<S: Store>(store: &S) {
    use riktning_domain::{ApiToken, MAX_TOKENS_PER_USER, NewApiToken};
    let t = tenant(store, "2380").await;
    let other = tenant(store, "0180").await;
    let make_user = |name: &str| NewUser {
        username: name.to_string(),
        display_name: name.to_string(),
        role: Role::Controller,
        units: vec![],
        must_change_password: false,
    };
    let anna = store
        .create_user(t, &make_user("anna"), "$argon2id$x", &who())
        .await
        .expect("anna");
    let bo = store
        .create_user(t, &make_user("bo"), "$argon2id$x", &who())
        .await
        .expect("bo");
    let new = |user: i64, hash: &str| NewApiToken {
        user_id: user,
        name: "Lönesystemet".to_string(),
        role: Role::Reporter,
        unit_id: None,
        token_hash: hash.to_string(),
    };
    let token: ApiToken = store
        .create_api_token(t, &new(anna.id, "hash-1"), &who())
        .await
        .expect("token");
    assert_eq!((token.user_id, token.role), (anna.id, Role::Reporter));
    assert!(
        store
            .create_api_token(other, &new(anna.id, "hash-2"), &who())
            .await
            .is_err(),
        "another tenant's user"
    );
    let mut read = store.reader().await.expect("reader");
    let found = read.api_token("hash-1").await.expect("lookup");
    assert_eq!(found.map(|f| (f.id, f.tenant)), Some((token.id, t)));
    assert!(read.api_token("hash-9").await.expect("lookup").is_none());
    read.finish().await.expect("finish");

    assert!(
        store
            .revoke_api_token(t, bo.id, token.id, &who())
            .await
            .is_err(),
        "bo cannot revoke anna's token"
    );
    store
        .revoke_api_token(t, anna.id, token.id, &who())
        .await
        .expect("revoked");
    let mut read = store.reader().await.expect("reader");
    assert!(read.api_token("hash-1").await.expect("lookup").is_none());
    let listed = read.api_tokens(t, anna.id).await.expect("list");
    assert!(
        listed[0].revoked_at.is_some(),
        "a revoked token stays listed"
    );
    let events = read
        .audit_events(
            t,
            &crate::AuditQuery {
                entity: Some(riktning_domain::EntityKind::ApiToken),
                entity_id: Some(token.id),
            },
        )
        .await
        .expect("events");
    read.finish().await.expect("finish");
    assert_eq!(events.len(), 2, "created and revoked");
    assert!(
        events
            .iter()
            .all(|e| !format!("{:?} {:?}", e.before, e.after).contains("hash-1")),
        "the hash is not on the record"
    );
    // A token limited to a unit: the unit cannot be deleted while it is active, and
    // goes with the unit once revoked.
    let unit = store
        .create_org_unit(
            t,
            &NewOrgUnit {
                parent_id: None,
                kind: OrgUnitKind::Committee,
                name: "Fritidsnämnden".to_string(),
                short_name: None,
            },
            &who(),
        )
        .await
        .expect("unit");
    let scoped = store
        .create_api_token(
            t,
            &NewApiToken {
                unit_id: Some(unit.id),
                ..new(anna.id, "hash-unit")
            },
            &who(),
        )
        .await
        .expect("scoped");
    match store
        .delete_org_unit(t, unit.id, unit.version, &who())
        .await
    {
        Err(StoreError::StillReferenced(message)) => assert!(message.contains("API"), "{message}"),
        other => panic!("a unit with an active token must stay, got {other:?}"),
    }
    store
        .revoke_api_token(t, anna.id, scoped.id, &who())
        .await
        .expect("revoked");
    store
        .delete_org_unit(t, unit.id, unit.version, &who())
        .await
        .expect("deleted once its token is revoked");
    for n in 0..MAX_TOKENS_PER_USER {
        store
            .create_api_token(t, &new(bo.id, &format!("bo-{n}")), &who())
            .await
            .expect("below the cap");
    }
    assert!(
        store
            .create_api_token(t, &new(bo.id, "bo-extra"), &who())
            .await
            .is_err(),
        "the cap per user"
    );
}
