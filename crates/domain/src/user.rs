//! People who sign in to the workspace, and what their role lets them do.

use serde::{Deserialize, Serialize};

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{ValidationError, require_text};

string_enum!(
    Role, "role" {
        /// Users and settings, and everything a controller does.
        Administrator => "administrator",
        /// Everything in the plan, including approving assessments.
        Controller => "controller",
        /// Edits and submits the goals, indicators, assessments and activities of the
        /// org units they are assigned to.
        Reporter => "reporter",
        /// Sees everything, drafts included; changes nothing.
        Reader => "reader",
    }
);

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "administratör",
            Role::Controller => "controller",
            Role::Reporter => "rapportör",
            Role::Reader => "läsare",
        }
    }
}

/// A user as the rest of the system sees it; the password hash is kept apart so that
/// it never reaches an audit snapshot or a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The org units a reporter reports for.
    pub units: Vec<Id>,
    pub disabled: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub units: Vec<Id>,
}

fn validate_username(username: &str) -> Result<(), ValidationError> {
    let well_formed = !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if well_formed {
        Ok(())
    } else {
        Err(ValidationError::new(
            "username",
            "use 1–64 letters, digits and . _ - @ (no spaces)",
        ))
    }
}

impl NewUser {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_username(&self.username)?;
        require_text("display_name", &self.display_name)
    }
}

impl User {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_username(&self.username)?;
        require_text("display_name", &self.display_name)
    }
}

/// The shortest password a person may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A password long enough to resist guessing; length matters more than symbols.
pub fn check_password_strength(password: &str) -> Result<(), ValidationError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ValidationError::new(
            "password",
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

/// A signed-in browser. The token itself is only in the cookie; the store keeps its
/// hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub tenant: Id,
    pub user_id: Id,
    pub csrf_token: String,
    pub expires_at: time::OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords_are_checked() {
        let mut user = NewUser {
            username: "anna.berg".to_string(),
            display_name: "Anna Berg".to_string(),
            role: Role::Reporter,
            units: vec![],
        };
        assert!(user.validate().is_ok());
        user.username = "anna berg".to_string();
        assert_eq!(user.validate().unwrap_err().field, "username");
        assert!(check_password_strength("kort").is_err());
        assert!(check_password_strength("långt nog lösenord").is_ok());
    }
}
