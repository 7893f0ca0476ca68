//! The public site and the read API: served without sign-in, from publications only.
//! No handler here reads a plan, a goal or an assessment from the store; each reads
//! the list of publications and, when it must render, one publication's frozen report.
//! A draft cannot reach these pages, because it is not in any publication.
//!
//! Rendered pages are kept per publication version: the newest publication id is the
//! version, so publishing (which makes a new id) renders everything anew, and each
//! answer carries a strong `ETag` of that version, so a conditional GET gets a 304.

mod about;
mod accessibility;
pub(crate) mod api;
mod changes;
mod chrome;
mod embed;
mod open_data;
mod pages;
mod search;
mod view;

pub use about::DataLicence;
pub(crate) use accessibility::ReportThrottle;
pub use embed::EMBED_HOME;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use riktning_domain::{Id, Publication};
use riktning_publish::Report;
use riktning_store::{Store, StoreRead};

use crate::i18n::Lang;
use crate::{AppError, Shared};

/// How long a browser or a proxy may keep a public page before asking again: a
/// correction then shows within a minute, and asking again is cheap (a 304).
pub(crate) const CACHE_CONTROL: &str = "public, max-age=60";

/// Which rendered answer: the page and the language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PublicPage {
    Home(Lang),
    List(Lang),
    Plan(Id, Lang),
    Goal(Id, Id, Lang),
    About(Lang),
    /// A goal's status for another site: one publication's badge (publication,
    /// goal), or the current status as a frameable page.
    Badge(Id, Id),
    Snippet(Id, Lang),
    /// A publication's open data file, and the catalogue of them all.
    Download(Id, open_data::Download),
    Catalogue,
    ApiOne(Id),
}

/// A rendered answer and its content type. The body is shared, not copied, by every
/// answer that sends it.
pub(crate) struct Rendered {
    body: axum::body::Bytes,
    content_type: &'static str,
    /// For the goal section's documents: the format and the file name to save it as.
    document: Option<(riktning_export::Format, String)>,
}

pub fn router<S: Store>() -> Router<Shared<S>> {
    Router::new()
        .route("/", get(pages::home::<S>))
        .route("/publiceringar", get(pages::list::<S>))
        .route("/publicering/{id}", get(pages::plan::<S>))
        .route("/publicering/{id}/mal/{goal}", get(pages::goal::<S>))
        .route("/publicering/{id}/{file}", get(open_data::download::<S>))
        .route("/dcat.rdf", get(open_data::catalogue::<S>))
        .route("/sok", get(search::page::<S>))
        .route("/om-data", get(about::page::<S>))
        .route(
            "/tillganglighet",
            get(accessibility::statement::<S>).post(accessibility::report::<S>),
        )
        .route(
            "/publicering/{id}/mal/{goal}/status.svg",
            get(embed::badge::<S>),
        )
        .route(
            &format!("{}/mal/{{goal}}", embed::EMBED_HOME),
            get(embed::snippet::<S>),
        )
        .route("/sprak", get(crate::pages::public_language))
        .route("/robots.txt", get(robots))
        .route("/api/v1/publikationer", get(api::list::<S>))
        .route("/api/v1/publikationer/{id}", get(api::one::<S>))
        .route("/api/v1/publikationer/{id}/mal", get(api::goals::<S>))
        .route("/api/v1/publikationer/{id}/mal/{goal}", get(api::goal::<S>))
        .route(
            "/api/v1/publikationer/{id}/indikatorer",
            get(api::indicators::<S>),
        )
        .route(
            "/api/v1/publikationer/{id}/bedomningar",
            get(api::assessments::<S>),
        )
}

/// Search engines may read the public site, not the workspace (which also says
/// `noindex` on every answer).
async fn robots() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "User-agent: *\nDisallow: /arbeta\n",
    )
}

/// The publications, newest first, and the version they make: the newest id.
pub(crate) struct Published {
    pub list: Vec<Publication>,
    pub version: u64,
}

/// How long the list of publications is trusted before it is read again. Publishing
/// through this server forgets it at once; a publication made by another process (the
/// command line, a second server) shows within this time, far within the minute that
/// browsers and proxies may keep a page (`Cache-Control`).
const LIST_FRESH_FOR: Duration = Duration::from_secs(1);

/// The list of publications as last read, shared by every public request, so that a
/// busy publication day does not read the database for each page.
#[derive(Default)]
pub(crate) struct PublishedList {
    kept: Mutex<Option<(Instant, Arc<Published>)>>,
}

impl PublishedList {
    fn fresh(&self, now: Instant) -> Option<Arc<Published>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.as_ref()
            .filter(|(at, _)| now.duration_since(*at) < LIST_FRESH_FOR)
            .map(|(_, published)| Arc::clone(published))
    }

    fn keep(&self, at: Instant, published: Arc<Published>) {
        *self.kept.lock().unwrap_or_else(PoisonError::into_inner) = Some((at, published));
    }

    /// Forgets the list, after a publication.
    pub fn forget(&self) {
        *self.kept.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl Published {
    async fn read<S: Store>(state: &Shared<S>) -> Result<Arc<Published>, AppError> {
        let asked = Instant::now();
        if let Some(published) = state.published_list.fresh(asked) {
            return Ok(published);
        }
        let mut read = state.store.reader().await?;
        let list = read.publications(state.tenant.id).await;
        read.finish().await?;
        let list = list?;
        let version = list
            .iter()
            .map(|p| u64::try_from(p.id).unwrap_or(0))
            .max()
            .unwrap_or(0);
        let published = Arc::new(Published { list, version });
        // Kept as of when it was asked for: a publication committed while it was read
        // is then seen within the freshness time.
        state.published_list.keep(asked, Arc::clone(&published));
        Ok(published)
    }

    /// The newest version of the same plan and period as `publication`, if it is
    /// another one: then `publication` has been replaced.
    pub fn replaced_by(&self, publication: &Publication) -> Option<&Publication> {
        self.list
            .iter()
            .filter(|p| p.plan_id == publication.plan_id && p.period_id == publication.period_id)
            .max_by_key(|p| p.version)
            .filter(|newest| newest.id != publication.id)
    }

    /// The current picture: the newest version of the plan or period that was first
    /// published most recently. A correction of an earlier period makes a newer
    /// publication, but it does not make that period the current one.
    pub fn newest(&self) -> Option<&Publication> {
        let first = self
            .list
            .iter()
            .filter(|p| p.version == 1)
            .max_by_key(|p| p.id)
            .or(self.list.first())?;
        self.newest_of(first)
    }

    /// The newest version of each plan and period, most recently first published
    /// first: what the site shows as current, without the replaced versions.
    pub fn current(&self) -> Vec<&Publication> {
        let mut firsts: Vec<&Publication> = self.list.iter().filter(|p| p.version == 1).collect();
        firsts.sort_by_key(|p| std::cmp::Reverse(p.id));
        firsts
            .into_iter()
            .filter_map(|p| self.newest_of(p))
            .collect()
    }

    fn newest_of(&self, publication: &Publication) -> Option<&Publication> {
        self.list
            .iter()
            .filter(|p| p.plan_id == publication.plan_id && p.period_id == publication.period_id)
            .max_by_key(|p| p.version)
    }
}

/// One publication with its report read back. A publication never changes, so its
/// report is read and decoded once per version of the list and then shared.
pub(crate) async fn open<S: Store>(
    state: &Shared<S>,
    published: &Published,
    id: Id,
) -> Result<(Publication, Arc<Report>), AppError> {
    let listed = published
        .list
        .iter()
        .find(|p| p.id == id)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("publication {id}")))?;
    if let Some(report) = state.public_reports.get(published.version, &id) {
        return Ok((listed, report));
    }
    let mut read = state.store.reader().await?;
    let publication = read.publication(state.tenant.id, id).await;
    read.finish().await?;
    let publication = publication?;
    let report: Report = serde_json::from_value(publication.content)
        .map_err(|error| AppError::Internal(format!("reading publication {id}: {error}")))?;
    Ok((
        listed,
        state.public_reports.keep(published.version, id, report),
    ))
}

/// Answers with what is kept for `page` at the current version, or renders it with
/// `render` and keeps it. A request whose `If-None-Match` names the version gets 304.
pub(crate) async fn answer<S, F, Fut>(
    state: &Shared<S>,
    headers: &HeaderMap,
    page: PublicPage,
    render: F,
) -> Result<Response, AppError>
where
    S: Store,
    F: FnOnce(Arc<Published>) -> Fut,
    Fut: std::future::Future<Output = Result<Rendered, AppError>>,
{
    let published = Published::read(state).await?;
    let version = published.version;
    let etag = format!("\"v{version}-{}\"", page_tag(&page));
    if client_has(headers, &etag) {
        return Ok(with_cache_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &etag,
        ));
    }
    let rendered = match state.public_pages.get(version, &page) {
        Some(kept) => kept,
        None => {
            let rendered = render(published).await?;
            state.public_pages.keep(version, page, rendered)
        }
    };
    Ok(with_cache_headers(respond(&rendered), &etag))
}

/// Whether the request's `If-None-Match` names `etag`: the client has the answer.
pub(crate) fn client_has(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|seen| seen.split(',').any(|tag| tag.trim() == etag))
}

fn respond(rendered: &Arc<Rendered>) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, rendered.content_type)],
        axum::body::Body::from(rendered.body.clone()),
    )
        .into_response();
    if let Some((format, name)) = &rendered.document {
        crate::documents::headers(*format, name, &mut response);
    }
    response
}

fn with_cache_headers(mut response: Response, etag: &str) -> Response {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

fn page_tag(page: &PublicPage) -> String {
    match page {
        PublicPage::Home(lang) => format!("home-{}", lang.code()),
        PublicPage::List(lang) => format!("list-{}", lang.code()),
        PublicPage::Plan(id, lang) => format!("p{id}-{}", lang.code()),
        PublicPage::Goal(id, goal, lang) => format!("p{id}-g{goal}-{}", lang.code()),
        PublicPage::About(lang) => format!("about-{}", lang.code()),
        PublicPage::Badge(id, goal) => format!("p{id}-g{goal}-badge"),
        PublicPage::Snippet(goal, lang) => format!("snippet-g{goal}-{}", lang.code()),
        PublicPage::Download(id, kind) => format!("p{id}-{kind:?}").to_lowercase(),
        PublicPage::Catalogue => "dcat".to_string(),
        PublicPage::ApiOne(id) => format!("api-p{id}"),
    }
}
