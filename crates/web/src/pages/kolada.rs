//! The Kolada page: the KPI catalogue (uploaded as files, or fetched from the API),
//! the comparison groups, fetching the indicators' values now with progress on screen,
//! and a record of the fetches made, nightly ones included.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{AreaGroup, Change, format_number, format_stockholm};
use riktning_kolada::{CatalogueFile, Origin};
use riktning_store::{Store, SyncSummary};
use serde::Deserialize;

use super::{Chrome, render, render_with};
use crate::auth::clip;
use crate::extract::Query;
use crate::i18n::{Lang, text};
use crate::kolada_work::{self, Job, JobKind, JobState, Outcome};
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Shared, Visitor};

const PATH: &str = "/arbeta/kolada";

/// The largest upload of catalogue files: Kolada's whole KPI catalogue is some 5 MB,
/// its groups 2 MB.
const MAX_UPLOAD_MB: usize = 40;

/// How many groups a search lists.
const MAX_GROUP_HITS: usize = 40;

struct GroupRow {
    id: String,
    title: String,
    members: usize,
    chosen: bool,
}

struct SyncRow {
    started: String,
    finished: String,
    chunks: i64,
    rows: String,
    inserted: String,
    revised: String,
}

#[derive(Template)]
#[template(path = "kolada.html")]
struct KoladaPage {
    chrome: Chrome,
    can_manage: bool,
    /// The counts as pages write numbers: "4 781".
    kpis: String,
    areas: String,
    groups_loaded: String,
    /// The chosen groups first, then those found by the search (or, without one, the
    /// groups the municipality is a member of).
    groups: Vec<GroupRow>,
    search: String,
    /// The job now or the last one, in words; `running` while it goes on.
    job: Option<String>,
    running: bool,
    nightly: Option<String>,
    syncs: Vec<SyncRow>,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct KoladaQuery {
    #[serde(default)]
    grupp: String,
    #[serde(default)]
    klart: Option<String>,
}

fn count(n: usize) -> String {
    format_number(n as f64, 0)
}

/// The job in words, in the visitor's language.
pub fn describe(job: &Job, lang: Lang) -> String {
    let what = text(
        lang,
        match job.kind {
            JobKind::Values => "kolada-job-values",
            JobKind::Catalogue => "kolada-job-catalogue",
        },
    );
    let started = format!(
        "{} {} ({})",
        text(lang, "kolada-started"),
        format_stockholm(job.started_at),
        job.started_by
    );
    match &job.state {
        JobState::Running { chunk, chunks } if *chunks > 0 => format!(
            "{what}: {} {chunk} {} {chunks}. {started}.",
            text(lang, "kolada-running-part"),
            text(lang, "kolada-of")
        ),
        JobState::Running { .. } => {
            format!("{what}: {}. {started}.", text(lang, "kolada-running"))
        }
        JobState::Done {
            finished_at,
            outcome,
        } => {
            let when = format_stockholm(*finished_at);
            let result = match outcome {
                Outcome::Values {
                    rows,
                    inserted,
                    revised,
                    resumed,
                } => {
                    let mut said = format!(
                        "{} {}: {} {}, {} {}.",
                        count(*rows),
                        text(lang, "kolada-values-read"),
                        count(*inserted),
                        text(lang, "kolada-new"),
                        count(*revised),
                        text(lang, "kolada-revised")
                    );
                    if *resumed > 0 {
                        said.push_str(&format!(
                            " {} {resumed}.",
                            text(lang, "kolada-resumed-parts")
                        ));
                    }
                    said
                }
                Outcome::NothingToFetch => text(lang, "kolada-nothing-to-fetch").to_string(),
                Outcome::Catalogue {
                    kpis,
                    areas,
                    groups,
                } => format!(
                    "{} {}, {} {}, {} {}.",
                    count(*kpis),
                    text(lang, "kolada-kpis"),
                    count(*areas),
                    text(lang, "kolada-areas"),
                    count(*groups),
                    text(lang, "kolada-groups")
                ),
                Outcome::Failed(reason) => format!(
                    "{} {} ({reason})",
                    text(lang, "kolada-failed"),
                    text(lang, "kolada-failed-resume")
                ),
            };
            format!("{what} {} {when}: {result}", text(lang, "kolada-finished"))
        }
    }
}

fn sync_row(summary: &SyncSummary, lang: Lang) -> SyncRow {
    let number = |n: i64| format_number(n as f64, 0);
    SyncRow {
        started: format_stockholm(summary.started_at),
        finished: summary.finished_at.map_or_else(
            || text(lang, "kolada-not-finished").to_string(),
            format_stockholm,
        ),
        chunks: summary.chunks_done,
        rows: number(summary.rows),
        inserted: number(summary.inserted),
        revised: number(summary.revised),
    }
}

fn group_rows(
    all: Vec<AreaGroup>,
    chosen: &[String],
    search: &str,
    municipality: &str,
) -> Vec<GroupRow> {
    let needle = search.trim().to_lowercase();
    let mut shown: Vec<GroupRow> = Vec::new();
    let mut hits = 0;
    for group in all {
        let is_chosen = chosen.contains(&group.id);
        let found = if needle.is_empty() {
            group.members.iter().any(|m| m == municipality)
        } else {
            group.title.to_lowercase().contains(&needle) || group.id.to_lowercase() == needle
        };
        if is_chosen || (found && hits < MAX_GROUP_HITS) {
            if !is_chosen {
                hits += 1;
            }
            shown.push(GroupRow {
                members: group.members.len(),
                id: group.id,
                title: group.title,
                chosen: is_chosen,
            });
        }
    }
    shown.sort_by(|a, b| b.chosen.cmp(&a.chosen).then(a.title.cmp(&b.title)));
    shown
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    search: &str,
) -> Result<KoladaPage, AppError> {
    let tenant = state.tenant.id;
    let lang = visitor.lang;
    let kpis = state.store.kpi_catalogue(tenant).await?.len();
    let areas = state.store.areas(tenant).await?.len();
    let all_groups = state.store.area_groups(tenant).await?;
    let groups_loaded = all_groups.len();
    let chosen = state.store.comparison_groups(tenant).await?;
    let syncs = state
        .store
        .sync_summaries(tenant, 10)
        .await?
        .iter()
        .map(|s| sync_row(s, lang))
        .collect();
    let job = state.kolada.job();
    Ok(KoladaPage {
        chrome: Chrome::new(
            state,
            visitor,
            "kolada",
            text(lang, "kolada-title").to_string(),
            PATH.to_string(),
        ),
        can_manage: allows(&visitor.user, Action::ManagePlan),
        kpis: count(kpis),
        areas: count(areas),
        groups_loaded: count(groups_loaded),
        groups: group_rows(all_groups, &chosen, search, &state.tenant.kolada_id),
        search: clip(search, 100),
        running: matches!(
            job.as_ref().map(|j| &j.state),
            Some(JobState::Running { .. })
        ),
        job: job.as_ref().map(|j| describe(j, lang)),
        nightly: state
            .kolada
            .nightly
            .map(|(h, m)| format!("{} {h:02}:{m:02}.", text(lang, "kolada-nightly"))),
        syncs,
        notice: None,
        error: None,
    })
}

pub async fn show<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(query): Query<KoladaQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let mut shown = page(&state, &visitor, &query.grupp).await?;
    let lang = visitor.lang;
    shown.notice = query.klart.as_deref().and_then(|done| match done {
        "grupper" => Some(text(lang, "kolada-groups-saved").to_string()),
        "startad" => Some(text(lang, "kolada-job-started").to_string()),
        "upptagen" => Some(text(lang, "kolada-job-busy").to_string()),
        _ => None,
    });
    Ok(render(&shown))
}

/// The job's line as JSON, for the script that keeps the progress current.
pub async fn status<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let job = state.kolada.job();
    let running = matches!(
        job.as_ref().map(|j| &j.state),
        Some(JobState::Running { .. })
    );
    let line = job
        .as_ref()
        .map(|j| describe(j, visitor.lang))
        .unwrap_or_default();
    let body = serde_json::json!({ "running": running, "text": line }).to_string();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// Starts a background job for a controller, and says on the page whether it started
/// or another job was running.
fn start_job<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    csrf: &str,
    start: fn(&Shared<S>, &str) -> bool,
) -> Result<Response, AppError> {
    visitor.check_csrf(csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let what = if start(state, &visitor.user.username) {
        "startad"
    } else {
        "upptagen"
    };
    Ok(Redirect::to(&format!("{PATH}?klart={what}")).into_response())
}

/// "Hämta värden nu": fetches the indicators' values in the background.
pub async fn fetch_values<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    crate::extract::Form(form): crate::extract::Form<CsrfOnly>,
) -> Result<Response, AppError> {
    start_job(&state, &visitor, &form.csrf, kolada_work::start_values::<S>)
}

/// Fetches the catalogue from the Kolada API in the background.
pub async fn fetch_catalogue<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    crate::extract::Form(form): crate::extract::Form<CsrfOnly>,
) -> Result<Response, AppError> {
    start_job(
        &state,
        &visitor,
        &form.csrf,
        kolada_work::start_catalogue::<S>,
    )
}

/// Sets the comparison groups: the checked ones, each of which must be loaded.
pub async fn choose_groups<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    axum::extract::RawForm(body): axum::extract::RawForm,
) -> Result<Response, AppError> {
    let pairs = super::goal_edit::form_pairs(&body);
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    visitor.check_csrf(csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let loaded = state.store.area_groups(state.tenant.id).await?;
    let mut groups: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "group")
        .map(|(_, v)| v)
        .filter(|id| loaded.iter().any(|g| &g.id == id))
        .collect();
    groups.sort();
    groups.dedup();
    state
        .store
        .set_comparison_groups(
            state.tenant.id,
            &groups,
            &Change::by(&visitor.user.username),
        )
        .await?;
    Ok(Redirect::to(&format!("{PATH}?klart=grupper")).into_response())
}

/// `POST /kolada/katalog`: catalogue files, with a larger body limit for this handler.
pub async fn upload_catalogue<S: Store>(
    State(state): State<Shared<S>>,
    request: Request,
) -> Response {
    let limited = receive::<S>.layer(DefaultBodyLimit::max(MAX_UPLOAD_MB * 1024 * 1024));
    Handler::call(limited, request, state).await
}

struct Upload {
    csrf: String,
    files: Vec<(String, Vec<u8>)>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, MultipartError> {
    let mut upload = Upload {
        csrf: String::new(),
        files: Vec::new(),
    };
    while let Some(field) = multipart.next_field().await? {
        match field.name().unwrap_or_default() {
            "csrf" => upload.csrf = super::import::short_text(field).await?.unwrap_or_default(),
            "files" => {
                let name = field
                    .file_name()
                    .map(super::import::base_name)
                    .unwrap_or_default();
                let bytes = field.bytes().await?;
                if !bytes.is_empty() {
                    upload.files.push((clip(&name, 200), Vec::from(bytes)));
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}

async fn receive<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    // The role is checked before the body is read.
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let (state, visitor) = (&state, &visitor);
    let refuse = |status: StatusCode, message: String| async move {
        let mut shown = page(state, visitor, "").await?;
        shown.error = Some(message);
        Ok::<Response, AppError>(render_with(status, &shown))
    };
    let multipart = multipart.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let upload = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let message = format!(
                "{} {MAX_UPLOAD_MB} MB.",
                text(lang, "kolada-upload-too-large")
            );
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, message).await;
        }
        Err(error) => return Err(AppError::BadRequest(error.body_text())),
    };
    visitor.check_csrf(&upload.csrf)?;
    if upload.files.is_empty() {
        let message = text(lang, "kolada-upload-none").to_string();
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, message).await;
    }
    // Every file is read before anything is stored, so a bad one changes nothing.
    let parsed = tokio::task::spawn_blocking(move || {
        upload
            .files
            .into_iter()
            .map(|(name, bytes)| {
                CatalogueFile::parse_bytes(&bytes, &Origin::Other(name.clone()))
                    .map_err(|error| (name, error))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|e| AppError::Internal(format!("reading catalogue files: {e}")))?;
    let parts = match parsed {
        Ok(parts) => parts,
        Err((name, error)) => {
            let message = format!(
                "{} {name}: {} ({error})",
                text(lang, "kolada-upload-file"),
                text(lang, "kolada-upload-unreadable")
            );
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, message).await;
        }
    };
    // Stored as a job of its own, so it cannot interleave with a catalogue fetch.
    if !state
        .kolada
        .claim(JobKind::Catalogue, &visitor.user.username)
    {
        let message = text(lang, "kolada-job-busy").to_string();
        return refuse(StatusCode::CONFLICT, message).await;
    }
    let stored = kolada_work::store_catalogue(state, &parts).await;
    state.kolada.finish(match &stored {
        Ok(outcome) => outcome.clone(),
        Err(error) => Outcome::Failed(error.to_string()),
    });
    let outcome = stored?;
    tracing::info!(user = %visitor.user.username, ?outcome, "catalogue files loaded");
    let mut shown = page(state, visitor, "").await?;
    if let Outcome::Catalogue {
        kpis,
        areas,
        groups,
    } = outcome
    {
        let mut loaded = Vec::new();
        for (n, key) in [
            (kpis, "kolada-kpis"),
            (areas, "kolada-areas"),
            (groups, "kolada-groups"),
        ] {
            if n > 0 {
                loaded.push(format!("{} {}", count(n), text(lang, key)));
            }
        }
        shown.notice = Some(format!(
            "{} {}.",
            text(lang, "kolada-upload-done"),
            loaded.join(", ")
        ));
    }
    Ok(render(&shown))
}
