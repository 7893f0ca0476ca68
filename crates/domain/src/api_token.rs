//! A personal API token: lets an integration act for the user who made it, with a
//! role no higher than theirs and, if chosen, only for one of their units. The token
//! itself is shown once; only its hash is kept.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::validation::{ValidationError, require_text};
use crate::{Id, Role, User};

/// The longest name kept for a token.
pub const MAX_TOKEN_NAME_CHARS: usize = 80;
/// Active tokens one user may have at a time.
pub const MAX_TOKENS_PER_USER: i64 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: Id,
    pub tenant: Id,
    pub user_id: Id,
    /// What the token is for, e.g. "Lönesystemet".
    pub name: String,
    pub role: Role,
    /// The one unit it may act for; `None` for all of the user's.
    pub unit_id: Option<Id>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub user_id: Id,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<Id>,
    /// The SHA-256 of the token, hex.
    pub token_hash: String,
}

impl NewApiToken {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_text("name", &self.name)?;
        if self.name.chars().count() > MAX_TOKEN_NAME_CHARS {
            return Err(ValidationError::new(
                "name",
                format!("is longer than {MAX_TOKEN_NAME_CHARS} characters"),
            ));
        }
        Ok(())
    }
}

/// How much a role may do, for comparing them: a token never gets more than its user.
pub fn role_rank(role: Role) -> u8 {
    match role {
        Role::Reader => 0,
        Role::Reporter => 1,
        Role::Controller => 2,
        Role::Administrator => 3,
    }
}

impl ApiToken {
    /// Who the token acts as: its user, with the token's role when that is lower, and
    /// only the token's unit when it has one (and the user has that unit, or answers
    /// for every unit). A disabled user's token acts as nobody.
    pub fn acting_as(&self, owner: &User) -> User {
        let mut user = owner.clone();
        if role_rank(self.role) < role_rank(owner.role) {
            user.role = self.role;
        }
        if let Some(unit) = self.unit_id {
            let has_unit = owner.units.contains(&unit)
                || matches!(owner.role, Role::Administrator | Role::Controller);
            user.units = if has_unit { vec![unit] } else { Vec::new() };
            // A token scoped to one unit acts as a reporter for it, whatever the
            // user's own role: that is what a scope means.
            if role_rank(user.role) > role_rank(Role::Reporter) {
                user.role = Role::Reporter;
            }
        }
        user
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, units: Vec<Id>) -> User {
        User {
            id: 1,
            username: "anna".to_string(),
            display_name: "Anna".to_string(),
            role,
            units,
            disabled: false,
            must_change_password: false,
            version: 1,
        }
    }

    fn token(role: Role, unit_id: Option<Id>) -> ApiToken {
        ApiToken {
            id: 1,
            tenant: 1,
            user_id: 1,
            name: "Integration".to_string(),
            role,
            unit_id,
            created_at: OffsetDateTime::UNIX_EPOCH,
            revoked_at: None,
        }
    }

    #[test]
    fn a_token_never_does_more_than_its_user() {
        let reporter = user(Role::Reporter, vec![7, 8]);
        let acting = token(Role::Administrator, None).acting_as(&reporter);
        assert_eq!(
            (acting.role, acting.units.clone()),
            (Role::Reporter, vec![7, 8])
        );
        let acting = token(Role::Reporter, Some(8)).acting_as(&reporter);
        assert_eq!(acting.units, vec![8]);
        let acting = token(Role::Reporter, Some(9)).acting_as(&reporter);
        assert!(acting.units.is_empty(), "a unit the user does not have");
        let acting = token(Role::Reader, None).acting_as(&reporter);
        assert_eq!(acting.role, Role::Reader);
        let controller = user(Role::Controller, vec![]);
        let acting = token(Role::Controller, Some(3)).acting_as(&controller);
        assert_eq!((acting.role, acting.units), (Role::Reporter, vec![3]));
        let mut disabled = user(Role::Administrator, vec![]);
        disabled.disabled = true;
        assert!(
            token(Role::Administrator, None)
                .acting_as(&disabled)
                .disabled
        );
    }
}
