//! Users with the units they report for, their password hashes and their sessions.

use std::collections::HashMap;

use riktning_domain::{
    AuditAction, Change, EntityKind, Id, MAX_USERNAME_CHARS, NewUser, Session, User,
    ValidationError, fold_username, normalize_username,
};
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Recorded, record};
use super::query::{duplicate_as, fetch_all, fetch_one, insert_returning_id};
use super::rows::{int, text, variant};
use super::stored::{Stored, Update, created, record_update, update_columns};
use super::{SqlBackend, SqlRow};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

const COLUMNS: &str = "id, username, display_name, role, disabled, must_change_password, version";

fn user_row(row: &dyn SqlRow, units: Vec<Id>) -> Result<User> {
    const T: &str = "users";
    Ok(User {
        id: int(row, T, "id")?,
        username: text(row, T, "username")?,
        display_name: text(row, T, "display_name")?,
        role: variant(row, T, "role")?,
        units,
        disabled: row.get_bool("disabled")?.unwrap_or(true),
        must_change_password: row.get_bool("must_change_password")?.unwrap_or(false),
        version: int(row, T, "version")?,
    })
}

impl Stored for User {
    const KIND: EntityKind = EntityKind::User;
    const TABLE: &'static str = "users";
    const COLUMNS: &'static str = COLUMNS;

    /// The user row alone; `read` adds the units from their own table.
    fn from_row(row: &dyn SqlRow) -> Result<Self> {
        user_row(row, Vec::new())
    }

    async fn read<B: SqlBackend>(tx: &mut B::Tx, tenant: Id, id: Id) -> Result<Self> {
        let units = read_units::<B>(tx, tenant).await?;
        let links = units.get(&id).cloned().unwrap_or_default();
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND tenant_id = $2");
        fetch_one::<B, _>(
            tx,
            &sql,
            &[id.into(), tenant.into()],
            |row| user_row(row, links.clone()),
            Self::KIND,
            id,
        )
        .await
    }
}

async fn read_units<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<HashMap<Id, Vec<Id>>> {
    let pairs = fetch_all::<B, _>(
        tx,
        "SELECT user_id, org_unit_id FROM user_units WHERE tenant_id = $1 ORDER BY org_unit_id",
        &[tenant.into()],
        |row| {
            Ok((
                row.get_i64("user_id")?.unwrap_or_default(),
                row.get_i64("org_unit_id")?.unwrap_or_default(),
            ))
        },
    )
    .await?;
    let mut by_user: HashMap<Id, Vec<Id>> = HashMap::new();
    for (user, unit) in pairs {
        by_user.entry(user).or_default().push(unit);
    }
    Ok(by_user)
}

async fn write_units<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    user: Id,
    units: &[Id],
) -> Result<()> {
    let before: Vec<Id> = B::fetch(
        tx,
        "SELECT org_unit_id FROM user_units WHERE user_id = $1 AND tenant_id = $2",
        &[user.into(), tenant.into()],
    )
    .await?
    .iter()
    .filter_map(|row| row.get_i64("org_unit_id").ok().flatten())
    .collect();
    B::execute(
        tx,
        "DELETE FROM user_units WHERE user_id = $1 AND tenant_id = $2",
        &[user.into(), tenant.into()],
    )
    .await?;
    for &unit in units {
        super::org_units::ensure_usable::<B>(tx, tenant, unit, &before, EntityKind::User, "unit")
            .await?;
        B::execute(
            tx,
            "INSERT INTO user_units (tenant_id, user_id, org_unit_id) VALUES ($1, $2, $3)",
            &[tenant.into(), user.into(), unit.into()],
        )
        .await
        .map_err(|e| duplicate_as(e, format!("org unit {unit} is named twice")))?;
    }
    Ok(())
}

fn name_taken(error: StoreError, username: &str) -> StoreError {
    duplicate_as(error, format!("there is already a user '{username}'"))
}

pub(super) async fn insert_user<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    new: &NewUser,
    password_hash: &str,
    change: &Change,
) -> Result<User> {
    new.validate()
        .map_err(|e| StoreError::invalid(User::KIND, e))?;
    let username =
        normalize_username(&new.username).map_err(|e| StoreError::invalid(User::KIND, e))?;
    // Names are stored folded, so the unique constraint refuses `Admin` beside
    // `admin`; names stored before folding are compared here the same way.
    let existing = fetch_all::<B, _>(
        tx,
        "SELECT username FROM users WHERE tenant_id = $1",
        &[tenant.into()],
        |row| text(row, "users", "username"),
    )
    .await?;
    if let Some(taken) = existing.iter().find(|name| fold_username(name) == username) {
        return Err(StoreError::Duplicate(format!(
            "there is already a user '{taken}'"
        )));
    }
    let id = insert_returning_id::<B>(
        tx,
        "INSERT INTO users (tenant_id, username, display_name, role, password_hash, disabled, must_change_password, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id",
        &[
            tenant.into(),
            username.as_str().into(),
            new.display_name.trim().into(),
            new.role.as_str().into(),
            password_hash.into(),
            false.into(),
            new.must_change_password.into(),
        ],
    )
    .await
    .map_err(|e| name_taken(e, &username))?;
    write_units::<B>(tx, tenant, id, &new.units).await?;
    created::<B, User>(tx, tenant, id, AuditAction::Create, change).await
}

pub(super) async fn read_users<B: SqlBackend>(tx: &mut B::Tx, tenant: Id) -> Result<Vec<User>> {
    let units = read_units::<B>(tx, tenant).await?;
    let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY username");
    fetch_all::<B, _>(tx, &sql, &[tenant.into()], |row| {
        let id = row.get_i64("id")?.unwrap_or_default();
        user_row(row, units.get(&id).cloned().unwrap_or_default())
    })
    .await
}

/// The user and their password hash, for signing in.
pub(super) async fn read_credentials<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    username: &str,
) -> Result<Option<(User, String)>> {
    // No stored name is longer; a longer one is not looked up (nor folded) at all.
    if username.len() > 4 * MAX_USERNAME_CHARS {
        return Ok(None);
    }
    let username = fold_username(username);
    let found = fetch_all::<B, _>(
        tx,
        "SELECT id, password_hash FROM users WHERE tenant_id = $1 AND username = $2",
        &[tenant.into(), username.as_str().into()],
        |row| {
            Ok((
                int(row, "users", "id")?,
                text(row, "users", "password_hash")?,
            ))
        },
    )
    .await?;
    match found.into_iter().next() {
        Some((id, hash)) => Ok(Some((User::read::<B>(tx, tenant, id).await?, hash))),
        None => Ok(None),
    }
}

pub(super) async fn write_user<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    user: &User,
    change: &Change,
) -> Result<User> {
    user.validate()
        .map_err(|e| StoreError::invalid(User::KIND, e))?;
    let update = Update {
        id: user.id,
        version: user.version,
        assignments: "display_name = $1, role = $2, disabled = $3",
        args: vec![
            user.display_name.trim().into(),
            user.role.as_str().into(),
            user.disabled.into(),
        ],
        action: AuditAction::Update,
    };
    let (before, action) = update_columns::<B, User>(tx, tenant, update).await?;
    write_units::<B>(tx, tenant, user.id, &user.units).await?;
    if user.disabled {
        // A disabled user is signed out everywhere at once.
        B::execute(
            tx,
            "DELETE FROM sessions WHERE user_id = $1 AND tenant_id = $2",
            &[user.id.into(), tenant.into()],
        )
        .await?;
    }
    record_update::<B, User>(tx, tenant, user.id, &before, action, change).await
}

/// Replaces the password hash and ends the user's sessions. `must_change` marks a
/// one-time password, to be replaced at the next sign-in. The audit event says that
/// the password changed, never what to.
pub(super) async fn write_password<B: SqlBackend>(
    tx: &mut B::Tx,
    tenant: Id,
    id: Id,
    password_hash: &str,
    must_change: bool,
    change: &Change,
) -> Result<()> {
    if password_hash.is_empty() {
        return Err(StoreError::invalid(
            User::KIND,
            ValidationError::new("password", "must not be empty"),
        ));
    }
    User::read::<B>(tx, tenant, id).await?;
    B::execute(
        tx,
        "UPDATE users SET password_hash = $1, must_change_password = $2, version = version + 1 \
         WHERE id = $3 AND tenant_id = $4",
        &[
            password_hash.into(),
            must_change.into(),
            id.into(),
            tenant.into(),
        ],
    )
    .await?;
    B::execute(
        tx,
        "DELETE FROM sessions WHERE user_id = $1 AND tenant_id = $2",
        &[id.into(), tenant.into()],
    )
    .await?;
    let event = Recorded {
        entity: User::KIND,
        entity_id: id,
        action: AuditAction::Update,
        before: None,
        after: Some(json!({ "password": "changed", "must_change_password": must_change })),
    };
    record::<B>(tx, tenant, change, event).await
}

pub(super) async fn insert_session<B: SqlBackend>(
    tx: &mut B::Tx,
    token_hash: &str,
    session: &Session,
) -> Result<()> {
    B::execute(
        tx,
        "INSERT INTO sessions (tenant_id, token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            session.tenant.into(),
            token_hash.into(),
            session.user_id.into(),
            session.csrf_token.as_str().into(),
            OffsetDateTime::now_utc().into(),
            session.expires_at.into(),
        ],
    )
    .await?;
    Ok(())
}

/// The session for a token hash, if it exists and has not expired.
pub(super) async fn read_session<B: SqlBackend>(
    tx: &mut B::Tx,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<Session>> {
    let found = fetch_all::<B, _>(
        tx,
        "SELECT tenant_id, user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1",
        &[token_hash.into()],
        |row| {
            Ok(Session {
                tenant: int(row, "sessions", "tenant_id")?,
                user_id: int(row, "sessions", "user_id")?,
                csrf_token: text(row, "sessions", "csrf_token")?,
                expires_at: row
                    .get_timestamp("expires_at")?
                    .ok_or_else(|| super::rows::missing("sessions", "expires_at"))?,
            })
        },
    )
    .await?;
    Ok(found.into_iter().next().filter(|s| s.expires_at > now))
}

pub(super) async fn remove_session<B: SqlBackend>(tx: &mut B::Tx, token_hash: &str) -> Result<()> {
    B::execute(
        tx,
        "DELETE FROM sessions WHERE token_hash = $1",
        &[token_hash.into()],
    )
    .await?;
    Ok(())
}

/// Deletes every session that expired before `now`; returns how many.
pub(super) async fn remove_expired_sessions<B: SqlBackend>(
    tx: &mut B::Tx,
    now: OffsetDateTime,
) -> Result<u64> {
    B::execute(
        tx,
        "DELETE FROM sessions WHERE expires_at <= $1",
        &[now.into()],
    )
    .await
}
