//! Users' e-mail addresses, and the record of reminders sent.

use riktning_domain::{AuditAction, Change, EntityKind, Id};
use serde_json::json;
use time::OffsetDateTime;

use super::SqlBackend;
use super::audit::{Recorded, record};
use super::query::{fetch_all, insert_returning_id};
use crate::{ReminderSent, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// Sets or clears a user's e-mail address; the change is on the audit trail.
pub(super) async fn set_email<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    user: Id,
    email: Option<&str>,
    change: &Change,
) -> Result<()> {
    let exists = fetch_all::<B, _>(
        tx,
        "SELECT id FROM users WHERE id = $1 AND tenant_id = $2",
        &[user.into(), tenant.into()],
        |row| Ok(row.get_i64("id")?.unwrap_or_default()),
    )
    .await?;
    if exists.is_empty() {
        return Err(StoreError::not_found(EntityKind::User, user));
    }
    let before = emails::<B>(tx, tenant)
        .await?
        .into_iter()
        .find(|(id, _)| *id == user)
        .map(|(_, email)| email);
    if before.as_deref() == email {
        return Ok(());
    }
    B::execute(
        tx,
        "DELETE FROM user_emails WHERE user_id = $1 AND tenant_id = $2",
        &[user.into(), tenant.into()],
    )
    .await?;
    if let Some(email) = email {
        B::execute(
            tx,
            "INSERT INTO user_emails (user_id, tenant_id, email) VALUES ($1, $2, $3)",
            &[user.into(), tenant.into(), email.into()],
        )
        .await?;
    }
    let event = Recorded {
        entity: EntityKind::User,
        entity_id: user,
        action: AuditAction::Update,
        before: Some(json!({ "email": before })),
        after: Some(json!({ "email": email })),
    };
    record::<B>(tx, tenant, change, event).await
}

/// Every user's address that has one, as `(user id, address)`.
pub(super) async fn emails<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<Vec<(Id, String)>> {
    fetch_all::<B, _>(
        tx,
        "SELECT user_id, email FROM user_emails WHERE tenant_id = $1 ORDER BY user_id",
        &[tenant.into()],
        |row| {
            Ok((
                row.get_i64("user_id")?.unwrap_or_default(),
                row.get_text("email")?.unwrap_or_default(),
            ))
        },
    )
    .await
}

pub(super) async fn record_sent<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    sent: &ReminderSent,
) -> Result<Id> {
    insert_returning_id::<B>(
        tx,
        "INSERT INTO reminders_sent (tenant_id, period_id, org_unit_id, user_id, kind, address, sent_at, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        &[
            tenant.into(),
            sent.period_id.into(),
            sent.org_unit_id.into(),
            sent.user_id.into(),
            sent.kind.as_str().into(),
            sent.address.as_str().into(),
            sent.sent_at.into(),
            sent.outcome.as_str().into(),
        ],
    )
    .await
}

pub(super) async fn sent<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    period: Id,
) -> Result<Vec<ReminderSent>> {
    fetch_all::<B, _>(
        tx,
        "SELECT period_id, org_unit_id, user_id, kind, address, sent_at, outcome FROM reminders_sent \
         WHERE tenant_id = $1 AND period_id = $2 ORDER BY id DESC",
        &[tenant.into(), period.into()],
        |row| {
            Ok(ReminderSent {
                period_id: row.get_i64("period_id")?.unwrap_or_default(),
                org_unit_id: row.get_i64("org_unit_id")?.unwrap_or_default(),
                user_id: row.get_i64("user_id")?.unwrap_or_default(),
                kind: row.get_text("kind")?.unwrap_or_default(),
                address: row.get_text("address")?.unwrap_or_default(),
                sent_at: row
                    .get_timestamp("sent_at")?
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                outcome: row.get_text("outcome")?.unwrap_or_default(),
            })
        },
    )
    .await
}
