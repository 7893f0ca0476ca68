//! Who a thing belongs to, for deciding who may change it.
//!
//! A thing belongs to the org units responsible for it. A goal no unit answers for
//! belongs to the plan as a whole, and so does whatever is linked to it: such a
//! thing is for controllers to change, never for a reporter alone.

use std::collections::BTreeSet;

use riktning_domain::{Activity, Goal, Id, Indicator};
use riktning_store::Store;

use crate::AppError;

/// The org units a thing belongs to, and whether it belongs to the plan as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    units: BTreeSet<Id>,
    plan_wide: bool,
}

impl Owners {
    /// What belongs to `units`; with none, to the plan as a whole.
    pub fn units(units: impl IntoIterator<Item = Id>) -> Self {
        let units: BTreeSet<Id> = units.into_iter().collect();
        let plan_wide = units.is_empty();
        Owners { units, plan_wide }
    }

    /// A goal belongs to its responsible units.
    pub fn of_goal(goal: &Goal) -> Self {
        Self::units(goal.responsible_units.iter().copied())
    }

    /// A thing with its own unit, linked to goals (an indicator, an activity): it
    /// belongs to its unit and to the owners of each goal; with neither, to the plan.
    pub fn of_links<'a>(unit: Option<Id>, goals: impl IntoIterator<Item = &'a Goal>) -> Self {
        let mut owners = Owners {
            units: unit.into_iter().collect(),
            plan_wide: false,
        };
        for goal in goals {
            owners = owners.and(&Owners::of_goal(goal));
        }
        if owners.units.is_empty() {
            owners.plan_wide = true;
        }
        owners
    }

    /// Everything either belongs to: for a change, the owners before and after it.
    #[must_use]
    pub fn and(mut self, other: &Owners) -> Self {
        self.units.extend(other.units.iter().copied());
        self.plan_wide |= other.plan_wide;
        self
    }

    /// Whether every owner is one of `units`, and the plan as a whole is not one.
    pub fn all_within(&self, units: &[Id]) -> bool {
        !self.plan_wide && self.units.iter().all(|unit| units.contains(unit))
    }
}

/// An indicator belongs to its own unit and to the owners of every goal it follows,
/// so an indicator shared by a council goal and a committee goal is the council's too.
pub async fn indicator_owners<S: Store>(
    store: &S,
    tenant: Id,
    indicator: &Indicator,
) -> Result<Owners, AppError> {
    let goal_ids: Vec<Id> = indicator.goals.iter().map(|link| link.goal_id).collect();
    linked_owners(store, tenant, indicator.responsible_unit, &goal_ids).await
}

/// An activity belongs to its responsible unit and to the owners of the goals it
/// serves, like an indicator.
pub async fn activity_owners<S: Store>(
    store: &S,
    tenant: Id,
    activity: &Activity,
) -> Result<Owners, AppError> {
    linked_owners(store, tenant, activity.responsible_unit, &activity.goals).await
}

async fn linked_owners<S: Store>(
    store: &S,
    tenant: Id,
    unit: Option<Id>,
    goal_ids: &[Id],
) -> Result<Owners, AppError> {
    let mut goals = Vec::with_capacity(goal_ids.len());
    for id in goal_ids {
        goals.push(store.goal(tenant, *id).await?);
    }
    Ok(Owners::of_links(unit, &goals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thing_is_within_a_users_units_only_when_every_owner_is() {
        assert!(Owners::units([3]).all_within(&[3, 4]));
        assert!(Owners::units([3, 4]).all_within(&[3, 4]));
        assert!(!Owners::units([3, 5]).all_within(&[3, 4]));
        assert!(!Owners::units([]).all_within(&[3, 4]));
        assert!(!Owners::units([3]).and(&Owners::units([])).all_within(&[3]));
        assert!(!Owners::units([3]).and(&Owners::units([5])).all_within(&[3]));
    }
}
