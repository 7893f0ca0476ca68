use serde::{Deserialize, Serialize};

use crate::Id;
use crate::validation::{ValidationError, require_lines};

/// Commitments are followed up like activities, on the same status scale.
pub type CommitmentStatus = crate::WorkStatus;

/// Åtagande: a sentence of a goal's political text in which the municipality commits
/// itself to something. The sentence is kept exactly as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    pub id: Id,
    pub goal_id: Id,
    /// Order within the goal's political text, from 0.
    pub position: i32,
    pub text: String,
    pub status: CommitmentStatus,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCommitment {
    pub goal_id: Id,
    pub position: i32,
    pub text: String,
    pub status: CommitmentStatus,
}

impl NewCommitment {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_lines("text", &self.text)
    }
}

impl Commitment {
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_lines("text", &self.text)
    }
}
