//! A backend that counts what passes through it: the transactions begun and the
//! statements run. Tests wrap a real backend in it to hold the number of queries a
//! page or a command makes constant, so that a query per goal cannot come back.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use riktning_domain::{Id, Observation};

use super::observations::{ObservationKey, StoredObservation};
use super::{SqlBackend, SqlRow, SqlValue};
use crate::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

/// Transactions and statements so far, shared by every clone of a [`Counting`].
#[derive(Debug, Default)]
pub struct Counts {
    transactions: AtomicU64,
    queries: AtomicU64,
}

impl Counts {
    pub fn transactions(&self) -> u64 {
        self.transactions.load(Ordering::Relaxed)
    }

    pub fn queries(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    fn query(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }
}

/// `B`, counting its transactions and statements.
#[derive(Debug, Clone)]
pub struct Counting<B> {
    inner: B,
    counts: Arc<Counts>,
}

impl<B: SqlBackend> Counting<B> {
    pub fn new(inner: B) -> Self {
        Self {
            inner,
            counts: Arc::default(),
        }
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

/// A transaction of the wrapped backend, with the counts it adds to.
pub struct CountingTx<B: SqlBackend> {
    tx: B::Tx,
    counts: Arc<Counts>,
}

impl<B: SqlBackend> SqlBackend for Counting<B> {
    type Row = B::Row;
    type Tx = CountingTx<B>;

    async fn begin(&self) -> Result<Self::Tx> {
        self.counts.transactions.fetch_add(1, Ordering::Relaxed);
        Ok(CountingTx {
            tx: self.inner.begin().await?,
            counts: Arc::clone(&self.counts),
        })
    }

    async fn begin_read(&self) -> Result<Self::Tx> {
        self.counts.transactions.fetch_add(1, Ordering::Relaxed);
        Ok(CountingTx {
            tx: self.inner.begin_read().await?,
            counts: Arc::clone(&self.counts),
        })
    }

    async fn begin_write(&self) -> Result<Self::Tx> {
        self.counts.transactions.fetch_add(1, Ordering::Relaxed);
        Ok(CountingTx {
            tx: self.inner.begin_write().await?,
            counts: Arc::clone(&self.counts),
        })
    }

    async fn commit(tx: Self::Tx) -> Result<()> {
        B::commit(tx.tx).await
    }

    async fn rollback(tx: Self::Tx) -> Result<()> {
        B::rollback(tx.tx).await
    }

    async fn execute(tx: &mut Self::Tx, sql: &str, args: &[SqlValue]) -> Result<u64> {
        tx.counts.query();
        B::execute(&mut tx.tx, sql, args).await
    }

    async fn fetch(tx: &mut Self::Tx, sql: &str, args: &[SqlValue]) -> Result<Vec<Self::Row>> {
        tx.counts.query();
        B::fetch(&mut tx.tx, sql, args).await
    }

    async fn fetch_map<T: Send>(
        tx: &mut Self::Tx,
        sql: &str,
        args: &[SqlValue],
        map: impl FnMut(&dyn SqlRow) -> Result<T> + Send,
    ) -> Result<Vec<T>> {
        tx.counts.query();
        B::fetch_map(&mut tx.tx, sql, args, map).await
    }

    async fn stored_observations(
        tx: &mut Self::Tx,
        tenant: Id,
        batch: &[Observation],
    ) -> Result<HashMap<ObservationKey, StoredObservation>> {
        tx.counts.query();
        B::stored_observations(&mut tx.tx, tenant, batch).await
    }

    async fn insert_observations(
        tx: &mut Self::Tx,
        tenant: Id,
        rows: &[&Observation],
    ) -> Result<()> {
        tx.counts.query();
        B::insert_observations(&mut tx.tx, tenant, rows).await
    }
}
