//! What each role may do. Every handler asks here before it reads or changes
//! anything, so the rules live in one place and the tests can prove them.
//!
//! Two questions are asked: what a role may do at all ([`allows`]), and whether a
//! user may change one particular thing, judged by the org units it belongs to
//! ([`allows_change`] with its [`Owners`]).

mod owners;

pub use owners::{Owners, activity_owners, indicator_owners};

use riktning_domain::{Goal, Id, Role, User};

use crate::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Every page, drafts included.
    View,
    /// Write or change an assessment, or report progress, for `unit`.
    Report { unit: Id },
    /// Submit `unit`'s assessment.
    Submit { unit: Id },
    /// Approve or return an assessment.
    Decide,
    /// Change what belongs to no single unit: council goals, plan-wide indicators.
    ManagePlan,
    /// Store a plan from an uploaded budget document, or replace one.
    Import,
    /// Users and settings.
    Administer,
}

pub fn allows(user: &User, action: Action) -> bool {
    if user.disabled {
        return false;
    }
    match (user.role, action) {
        (_, Action::View) => true,
        (Role::Administrator, _) => true,
        (Role::Controller, Action::Administer) => false,
        (Role::Controller, _) => true,
        (Role::Reporter, Action::Report { unit } | Action::Submit { unit }) => {
            user.units.contains(&unit)
        }
        (Role::Reporter | Role::Reader, _) => false,
    }
}

/// Whether the user may change a thing that belongs to `owners`. Administrators and
/// controllers may change anything; a reporter only what belongs to their own units
/// alone, so a thing shared with a unit that is not theirs, or with the plan as a
/// whole, is read-only for them. Pass the owners before *and* after the change
/// (see [`Owners::and`]): moving a thing to another unit is a change for both.
pub fn allows_change(user: &User, owners: &Owners) -> bool {
    if user.disabled {
        return false;
    }
    match user.role {
        Role::Administrator | Role::Controller => true,
        Role::Reporter => owners.all_within(&user.units),
        Role::Reader => false,
    }
}

/// Whether the user may write `unit`'s assessment of `goal`. A reporter's assessment
/// must be of a goal their unit answers for: it is a link to that goal.
pub fn allows_assessment(user: &User, goal: &Goal, unit: Id) -> bool {
    allows(user, Action::Report { unit })
        && (user.role != Role::Reporter || goal.responsible_units.contains(&unit))
}

/// [`allows_change`], as the error a handler returns.
pub fn authorize_change(user: &User, owners: &Owners) -> Result<(), AppError> {
    if allows_change(user, owners) {
        Ok(())
    } else {
        tracing::info!(user = %user.username, ?owners, "refused by ownership");
        Err(AppError::Forbidden)
    }
}

pub fn authorize(user: &User, action: Action) -> Result<(), AppError> {
    if allows(user, action) {
        Ok(())
    } else {
        tracing::info!(user = %user.username, ?action, "refused by role");
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, units: Vec<Id>) -> User {
        User {
            id: 1,
            username: "u".to_string(),
            display_name: "U".to_string(),
            role,
            units,
            disabled: false,
            must_change_password: false,
            version: 1,
        }
    }

    #[test]
    fn each_role_can_do_what_it_should_and_nothing_more() {
        let admin = user(Role::Administrator, vec![]);
        let controller = user(Role::Controller, vec![]);
        let reporter = user(Role::Reporter, vec![7]);
        let reader = user(Role::Reader, vec![7]);
        for action in [
            Action::View,
            Action::Report { unit: 7 },
            Action::Submit { unit: 7 },
            Action::Decide,
            Action::ManagePlan,
            Action::Import,
            Action::Administer,
        ] {
            assert!(allows(&admin, action), "{action:?}");
        }
        assert!(allows(&controller, Action::Decide));
        assert!(allows(&controller, Action::ManagePlan));
        assert!(!allows(&reporter, Action::ManagePlan));
        assert!(!allows(&reader, Action::ManagePlan));
        assert!(allows(&controller, Action::Import));
        assert!(!allows(&reporter, Action::Import));
        assert!(!allows(&reader, Action::Import));
        assert!(allows(&controller, Action::Report { unit: 3 }));
        assert!(!allows(&controller, Action::Administer));
        assert!(allows(&reporter, Action::Report { unit: 7 }));
        assert!(allows(&reporter, Action::Submit { unit: 7 }));
        assert!(!allows(&reporter, Action::Report { unit: 8 }));
        assert!(!allows(&reporter, Action::Decide));
        assert!(allows(&reader, Action::View));
        assert!(!allows(&reader, Action::Report { unit: 7 }));
        let mut disabled = admin.clone();
        disabled.disabled = true;
        assert!(!allows(&disabled, Action::View));
    }
}
