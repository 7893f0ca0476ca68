use serde::{Deserialize, Serialize};

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{Lines, ValidationError, check_optional, require_text};

string_enum!(
    /// What kind of body an organisational unit is.
    OrgUnitKind, "org unit kind" {
        /// Kommunfullmäktige.
        Council => "council",
        /// Kommunstyrelsen.
        ExecutiveBoard => "executive_board",
        /// Nämnd.
        Committee => "committee",
        /// Förvaltning.
        Administration => "administration",
        /// Enhet.
        Unit => "unit",
        /// Kommunalt bolag.
        Company => "company",
    }
);

/// A node of the organisation tree: council, board, committees, administrations, units
/// and companies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: Id,
    pub parent_id: Option<Id>,
    pub kind: OrgUnitKind,
    pub name: String,
    pub short_name: Option<String>,
    /// A unit that no longer exists but has history: kept for the record, and no
    /// longer offered for new goals, indicators, activities or users.
    #[serde(default)]
    pub retired: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewOrgUnit {
    pub parent_id: Option<Id>,
    pub kind: OrgUnitKind,
    pub name: String,
    pub short_name: Option<String>,
}

impl NewOrgUnit {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_text("name", &self.name)?;
        check_optional("short_name", self.short_name.as_deref(), Lines::One)
    }
}

impl OrgUnit {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_text("name", &self.name)?;
        check_optional("short_name", self.short_name.as_deref(), Lines::One)?;
        if self.parent_id == Some(self.id) {
            return Err(ValidationError::new(
                "parent_id",
                "an org unit cannot be its own parent",
            ));
        }
        Ok(())
    }
}
