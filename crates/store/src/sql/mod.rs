//! One SQL implementation of [`Store`](crate::Store) for every backend.
//!
//! The SQL is written once, with `$1` placeholders that both SQLite and PostgreSQL
//! accept. A backend only supplies transactions, value binding and row reading through
//! [`SqlBackend`], so the backends cannot drift apart in behaviour.

mod accessibility_reports;
mod activities;
mod api_tokens;
mod assessments;
mod audit;
mod backend;
mod catalogue;
mod commitments;
mod conclusions;
mod counting;
mod data_version;
mod goals;
mod import;
mod indicators;
mod observations;
mod org_units;
mod periods;
mod plans;
mod publications;
mod query;
mod reader;
mod reminders;
mod rows;
mod settings;
mod sqlx_adapter;
mod store_impl;
mod stored;
mod sync;
mod tenants;
mod text_targets;
mod users;
mod versioned;

pub use accessibility_reports::MAX_WAITING_REPORTS;
pub use backend::{SqlBackend, SqlRow, SqlValue, is_busy_code};
pub use counting::{Counting, CountingTx, Counts};
pub use observations::{ObservationKey, SqlObservationWriter, StoredObservation};
pub use reader::SqlReader;

/// A [`Store`](crate::Store) over any [`SqlBackend`].
#[derive(Debug, Clone)]
pub struct SqlStore<B> {
    backend: B,
}

impl<B: SqlBackend> SqlStore<B> {
    pub fn new(backend: B) -> Self {
        Self { backend }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }
}
