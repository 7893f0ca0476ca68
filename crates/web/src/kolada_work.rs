//! Kolada work that runs in the background of the server: fetching indicator values
//! ("Hämta värden nu", and nightly by itself) and fetching the KPI catalogue. One job
//! runs at a time; the Kolada page shows its progress and how the last one ended.

use std::sync::{Mutex, PoisonError};

use riktning_domain::{Change, next_stockholm_time};
use riktning_kolada::{CatalogueFile, CatalogueLoaded, Client};
use riktning_store::Store;
use time::OffsetDateTime;

use crate::Shared;

/// What the server knows about Kolada: where the API is, and the job at hand.
pub struct KoladaWork {
    pub api_url: String,
    /// When values are fetched each night, Stockholm time, if they are.
    pub nightly: Option<(u8, u8)>,
    job: Mutex<Option<Job>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Fetching the values of the indicators' KPIs.
    Values,
    /// Fetching the KPI catalogue, municipalities and groups.
    Catalogue,
}

/// The job running now, or the last one.
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: JobKind,
    /// The user name, or "nattlig hämtning" for the nightly one.
    pub started_by: String,
    pub started_at: OffsetDateTime,
    pub state: JobState,
}

#[derive(Debug, Clone)]
pub enum JobState {
    /// `chunk` of `chunks` done (0 of 0 before the work list is known).
    Running { chunk: usize, chunks: usize },
    Done {
        finished_at: OffsetDateTime,
        outcome: Outcome,
    },
}

#[derive(Debug, Clone)]
pub enum Outcome {
    Values {
        rows: usize,
        inserted: usize,
        revised: usize,
        /// Chunks an interrupted earlier fetch had stored, which were not fetched again.
        resumed: usize,
    },
    /// No indicator follows a Kolada KPI yet.
    NothingToFetch,
    Catalogue {
        kpis: usize,
        areas: usize,
        groups: usize,
    },
    /// Why it stopped, as the Kolada client or the store said it.
    Failed(String),
}

impl KoladaWork {
    pub fn new(api_url: impl Into<String>, nightly: Option<(u8, u8)>) -> Self {
        KoladaWork {
            api_url: api_url.into(),
            nightly,
            job: Mutex::new(None),
        }
    }

    /// The job running now, or the last one since the server started.
    pub fn job(&self) -> Option<Job> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Job>> {
        self.job.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks a new job as running, unless one is: then `false`.
    pub(crate) fn claim(&self, kind: JobKind, started_by: &str) -> bool {
        let mut job = self.lock();
        if matches!(
            job.as_ref().map(|j| &j.state),
            Some(JobState::Running { .. })
        ) {
            return false;
        }
        *job = Some(Job {
            kind,
            started_by: started_by.to_string(),
            started_at: OffsetDateTime::now_utc(),
            state: JobState::Running {
                chunk: 0,
                chunks: 0,
            },
        });
        true
    }

    fn progress(&self, chunk: usize, chunks: usize) {
        if let Some(job) = self.lock().as_mut() {
            job.state = JobState::Running { chunk, chunks };
        }
    }

    pub(crate) fn finish(&self, outcome: Outcome) {
        if let Some(job) = self.lock().as_mut() {
            job.state = JobState::Done {
                finished_at: OffsetDateTime::now_utc(),
                outcome,
            };
        }
    }
}

/// Starts fetching the indicators' values in the background; `false` when a job is
/// already running.
pub fn start_values<S: Store>(state: &Shared<S>, started_by: &str) -> bool {
    if !state.kolada.claim(JobKind::Values, started_by) {
        return false;
    }
    let state = state.clone();
    let actor = started_by.to_string();
    run_watched(state.clone(), async move {
        let outcome = fetch_values(&state, &actor).await;
        if let Outcome::Failed(reason) = &outcome {
            tracing::warn!(%reason, "fetching Kolada values stopped");
        }
        outcome
    });
    true
}

/// Runs a job's work in the background; its outcome ends the job, and so does a
/// panic in it, so that the page never shows a job running that is not.
fn run_watched<S: Store>(
    state: Shared<S>,
    work: impl std::future::Future<Output = Outcome> + Send + 'static,
) {
    tokio::spawn(async move {
        let outcome = tokio::spawn(work).await.unwrap_or_else(|error| {
            tracing::error!(%error, "a Kolada job stopped unexpectedly");
            Outcome::Failed("stopped unexpectedly".to_string())
        });
        state.kolada.finish(outcome);
    });
}

async fn fetch_values<S: Store>(state: &Shared<S>, actor: &str) -> Outcome {
    let plan = match riktning_kolada::tenant_plan(&state.store, &state.tenant, None, None).await {
        Ok(Some(plan)) => plan,
        Ok(None) => return Outcome::NothingToFetch,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    let client = match Client::new(&state.kolada.api_url) {
        Ok(client) => client,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    let change = Change::by(actor).because("hämtning från Kolada");
    let work = &state.kolada;
    match riktning_kolada::sync_tenant(&state.store, &state.tenant, &client, &plan, &change, |p| {
        work.progress(p.chunk, p.chunks);
    })
    .await
    {
        Ok(report) => Outcome::Values {
            rows: report.rows,
            inserted: report.changes.inserted,
            revised: report.changes.revised,
            resumed: report.skipped_chunks,
        },
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

/// Starts fetching the catalogue from the Kolada API in the background; `false` when
/// a job is already running.
pub fn start_catalogue<S: Store>(state: &Shared<S>, started_by: &str) -> bool {
    if !state.kolada.claim(JobKind::Catalogue, started_by) {
        return false;
    }
    let state = state.clone();
    run_watched(state.clone(), async move { fetch_catalogue(&state).await });
    true
}

async fn fetch_catalogue<S: Store>(state: &Shared<S>) -> Outcome {
    let client = match Client::new(&state.kolada.api_url) {
        Ok(client) => client,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    // Everything is fetched before anything is stored, so a failure changes nothing.
    state.kolada.progress(0, 3);
    let kpis = match client.kpis().await {
        Ok(kpis) => CatalogueFile::Kpis(kpis.into_iter().map(Into::into).collect()),
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    state.kolada.progress(1, 3);
    let areas = match client.municipalities().await {
        Ok(areas) => CatalogueFile::Areas(areas.into_iter().map(Into::into).collect()),
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    state.kolada.progress(2, 3);
    let groups = match client.municipality_groups().await {
        Ok(groups) => CatalogueFile::Groups(groups.into_iter().map(Into::into).collect()),
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    match store_catalogue(state, &[kpis, areas, groups]).await {
        Ok(outcome) => outcome,
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

/// Stores catalogue parts and says how many of each.
pub async fn store_catalogue<S: Store>(
    state: &Shared<S>,
    parts: &[CatalogueFile],
) -> Result<Outcome, riktning_store::StoreError> {
    let (mut kpis, mut areas, mut groups) = (0, 0, 0);
    for part in parts {
        match part.store_into(&state.store, state.tenant.id).await? {
            CatalogueLoaded::Kpis(n) => kpis = n,
            CatalogueLoaded::Areas(n) => areas = n,
            CatalogueLoaded::Groups(n) => groups = n,
        }
    }
    Ok(Outcome::Catalogue {
        kpis,
        areas,
        groups,
    })
}

/// Fetches the indicators' values every night at `hour:minute` Stockholm time, so that
/// values arrive without anyone remembering to fetch them.
pub fn spawn_nightly<S: Store>(state: Shared<S>, hour: u8, minute: u8) {
    tokio::spawn(async move {
        loop {
            let now = OffsetDateTime::now_utc();
            let next = next_stockholm_time(now, hour, minute);
            let wait = (next - now).max(time::Duration::seconds(1));
            tokio::time::sleep(wait.unsigned_abs()).await;
            if start_values(&state, NIGHTLY) {
                tracing::info!("nightly Kolada fetch started");
            } else {
                tracing::info!("nightly Kolada fetch skipped: another Kolada job is running");
            }
        }
    });
}

/// Who the nightly fetch is recorded as.
pub const NIGHTLY: &str = "nattlig hämtning";
