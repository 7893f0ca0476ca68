//! Kolada, the Swedish municipal KPI database, for Riktning.
//!
//! Most of a municipality's goal indicators are Kolada KPIs, so Riktning keeps their
//! values up to date by itself instead of asking indicator owners to type them in.
//! This crate is the Kolada side of that, without a database:
//!
//! - [`model`](Kpi): the v3 metadata shapes, tolerant of the nulls and missing fields
//!   Kolada sends;
//! - [`read_catalogue`] and friends: catalogue files (KPIs, municipalities, groups);
//! - [`read_data_file`]: a streaming reader for data dumps of any size, plain or gzip,
//!   that hands over one [`DataRow`] at a time so the caller can insert in batches;
//! - [`Client`]: an async v3 client that is polite (≈5 requests/s, backoff on 429 and
//!   5xx, ≤25 ids per path segment) and delivers data page by page, so a sync can
//!   commit each page and resume;
//! - [`SearchIndex`]: Swedish KPI search, so a controller finds the right KPI among
//!   six thousand on the first screen, and a shortlist for a goal's text.
//!
//! Every error names the file or URL it is about, and for bad JSON the line and column.
//! Kolada's data is free to use; credit it as "Källa: Kolada".

mod catalogue;
mod client;
mod data;
mod error;
mod model;
mod search;
mod stream;
mod sync;

pub use catalogue::{
    CatalogueFile, CatalogueLoaded, parse_catalogue, read_catalogue, read_catalogues, read_kpis,
    read_municipalities, read_municipality_groups,
};
pub use client::{Client, ClientConfig, DEFAULT_BASE_URL, DataPage, MAX_IDS_PER_SEGMENT};
pub use data::{DataOptions, DataRow, DataStats, read_data, read_data_file, read_data_file_with};
pub use error::{Error, Origin, Result};
pub use model::{GroupMember, Kpi, Municipality, MunicipalityGroup, Page};
pub use search::{Hit, SearchIndex, analyze, is_stopword, stem, tokenize};
pub use sync::{SyncError, SyncPlan, SyncProgress, SyncReport, sync, sync_tenant, tenant_plan};
