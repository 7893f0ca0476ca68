//! Types for observation and sync storage that the trait's callers build or read.

use std::collections::BTreeSet;

use riktning_domain::{Gender, Id};
use serde::Serialize;

/// Which observations to read. Empty lists match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObservationQuery {
    pub series: Vec<String>,
    pub areas: Vec<String>,
    pub genders: Vec<Gender>,
    pub first_period: Option<i32>,
    pub last_period: Option<i32>,
}

impl ObservationQuery {
    pub fn series(series: impl Into<String>) -> Self {
        Self {
            series: vec![series.into()],
            ..Self::default()
        }
    }
}

/// What an upsert of observations did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ObservationChanges {
    pub inserted: usize,
    /// Stored values that the source revised; each is on the audit trail.
    pub revised: usize,
    pub unchanged: usize,
}

impl ObservationChanges {
    pub fn add(&mut self, other: ObservationChanges) {
        self.inserted += other.inserted;
        self.revised += other.revised;
        self.unchanged += other.unchanged;
    }
}

/// A sync of Kolada data in progress: a new one, or an unfinished one being resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncRun {
    pub id: Id,
    pub resumed: bool,
    /// Chunks already stored by an earlier attempt of the same sync.
    pub done_chunks: BTreeSet<String>,
}

/// A Kolada sync as the record keeps it: when it ran and what it brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    pub id: Id,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: time::OffsetDateTime,
    /// `None` while it runs, or when it stopped half way (the next sync resumes it).
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<time::OffsetDateTime>,
    pub chunks_done: i64,
    pub rows: i64,
    pub inserted: i64,
    pub revised: i64,
}

/// A reminder sent, or tried, by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderSent {
    pub period_id: Id,
    pub org_unit_id: Id,
    pub user_id: Id,
    /// "before" the deadline, or "overdue" after it.
    pub kind: String,
    pub address: String,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: time::OffsetDateTime,
    /// "sent", or why it was not.
    pub outcome: String,
}
