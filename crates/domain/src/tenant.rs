use serde::{Deserialize, Serialize};

use crate::validation::{ValidationError, require_text};
use crate::{Id, municipality_by_id};

/// A municipality or region that uses Riktning. Every stored row belongs to one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: Id,
    /// Kolada's id for the municipality or region, e.g. "2380" for Östersund.
    pub kolada_id: String,
    pub name: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewTenant {
    pub kolada_id: String,
    pub name: String,
}

impl NewTenant {
    /// A tenant for a Kolada id, named after the municipality or region it stands for.
    pub fn from_kolada_id(kolada_id: &str) -> Result<Self, ValidationError> {
        let municipality = municipality_by_id(kolada_id).ok_or_else(|| {
            ValidationError::new(
                "kolada_id",
                format!("'{kolada_id}' is not a Kolada municipality or region id (e.g. 2380)"),
            )
        })?;
        Ok(Self {
            kolada_id: municipality.id.to_string(),
            name: municipality.name.to_string(),
        })
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_kolada_id(&self.kolada_id)?;
        require_text("name", &self.name)
    }
}

impl Tenant {
    pub fn validate(&self) -> Result<(), ValidationError> {
        validate_kolada_id(&self.kolada_id)?;
        require_text("name", &self.name)
    }
}

fn validate_kolada_id(id: &str) -> Result<(), ValidationError> {
    if id.len() == 4 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "kolada_id",
            format!("'{id}' must be four digits, e.g. 2380"),
        ))
    }
}
