//! A publication: a frozen copy of what a controller made public, for one plan and
//! either one period or none (the plan before it has results). It is never changed;
//! a correction is a new version of the same plan and period, with its reason.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::Id;
use crate::validation::{Lines, ValidationError, check_text};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    pub id: Id,
    pub plan_id: Id,
    pub period_id: Option<Id>,
    /// 1 for the first publication of the plan and period, then counting corrections.
    pub version: i64,
    /// Why this version was made: empty for a first version.
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    pub published_by: String,
    /// The report model as published. Lists of publications leave it `null`.
    pub content: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewPublication {
    pub plan_id: Id,
    pub period_id: Option<Id>,
    pub reason: String,
    pub content: serde_json::Value,
    /// The data version the content was built from (the store's `data_version`); when given,
    /// the store refuses the publication if anything was written since, so that what
    /// is published is one consistent picture. The caller builds it again.
    #[serde(default)]
    pub based_on: Option<u64>,
}

impl NewPublication {
    /// The reason is one paragraph of plain text; a correction must have one, which
    /// the store checks, since only it knows whether a version exists.
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_text("reason", &self.reason, Lines::Many)
    }
}
