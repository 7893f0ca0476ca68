//! Storage for Riktning: the [`Store`] trait that the rest of the system is written
//! against, one SQL implementation of it shared by every backend ([`sql`]), and the
//! conformance suite each backend must pass ([`conformance`]).

pub mod conformance;
mod error;
mod import;
mod observations_api;
mod reader;
pub mod sql;
mod store;

pub use error::StoreError;
pub use import::{ImportOptions, ImportOutcome};
pub use observations_api::{
    ObservationChanges, ObservationQuery, ReminderSent, SyncRun, SyncSummary,
};
pub use reader::StoreRead;
pub use store::{AssessmentQuery, AuditQuery, ObservationWriter, Store};
