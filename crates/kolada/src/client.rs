//! An async client for Kolada's v3 API.
//!
//! Kolada documents no rate limit, so the client behaves as a polite client should:
//! about five requests per second, backoff with jitter on 429 and 5xx, a timeout on
//! every request, at most 25 ids per path segment. Data is handed over page by page,
//! after each page is completely read, so the caller can commit each page and a sync
//! that dies half-way can resume from the last committed `next_url` with
//! [`Client::follow`].

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::de::DeserializeOwned;
use time::Date;
use tokio::time::Instant;

use crate::data::{DataOptions, DataRow, DataStats, read_data_pages};
use crate::error::{Error, Origin};
use crate::model::{Kpi, Municipality, MunicipalityGroup};
use crate::stream::{self, Never, StreamError};

/// Kolada's v3 API.
pub const DEFAULT_BASE_URL: &str = "https://api.kolada.se/v3";

/// Kolada refuses more ids than this in one path segment.
pub const MAX_IDS_PER_SEGMENT: usize = 25;

/// How the client talks to Kolada. The defaults follow Kolada's guidance; tests shorten
/// the delays.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Per request, including reading the body.
    pub timeout: Duration,
    /// Attempts per URL before giving up (the first try included).
    pub max_attempts: u32,
    /// The first retry waits about this long; each further retry doubles it.
    pub base_delay: Duration,
    /// No single wait is longer than this, including a server's `Retry-After`.
    pub max_delay: Duration,
    /// Minimum time between request starts: 200 ms is 5 requests/s.
    pub min_interval: Duration,
    /// Items per page; 5000 is Kolada's maximum.
    pub per_page: u32,
    /// Hand over rows flagged deleted (with `deleted: true`) instead of dropping them.
    pub keep_deleted: bool,
    /// Honour `HTTP_PROXY`/`HTTPS_PROXY`; municipal networks often require a proxy.
    pub proxy_from_env: bool,
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Duration::from_secs(30),
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            min_interval: Duration::from_millis(200),
            per_page: 5000,
            keep_deleted: false,
            proxy_from_env: true,
            user_agent: format!("riktning-kolada/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// One page of data, complete, with the URL it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct DataPage {
    pub url: String,
    pub rows: Vec<DataRow>,
    /// Rows flagged deleted that were dropped from `rows`.
    pub deleted: u64,
    /// The next page of this chain (already resolved to an absolute URL), if any. Store
    /// it with the page's rows to resume with [`Client::follow`].
    pub next_url: Option<String>,
}

/// A Kolada v3 client. Cheap to share by reference; one client per sync keeps the
/// rate limit meaningful. Needs a tokio runtime with time enabled.
pub struct Client {
    http: reqwest::Client,
    base: String,
    config: ClientConfig,
    /// When the next request may start; shared by all requests of this client.
    next_slot: Mutex<Option<Instant>>,
    jitter_state: AtomicU64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Why one attempt failed, and whether trying again could help.
enum Failure {
    Retry {
        reason: String,
        wait_at_least: Option<Duration>,
    },
    Fatal(Error),
}

impl Client {
    /// A client with default settings for `base_url`, e.g. [`DEFAULT_BASE_URL`].
    pub fn new(base_url: &str) -> Result<Client, Error> {
        Client::with_config(base_url, ClientConfig::default())
    }

    pub fn with_config(base_url: &str, config: ClientConfig) -> Result<Client, Error> {
        let base = base_url.trim().trim_end_matches('/').to_string();
        reqwest::Url::parse(&base)
            .map_err(|err| Error::InvalidRequest(format!("base URL {base_url:?}: {err}")))?;
        if config.max_attempts == 0 {
            return Err(Error::InvalidRequest(
                "max_attempts must be at least 1".into(),
            ));
        }
        if config.per_page == 0 {
            return Err(Error::InvalidRequest("per_page must be at least 1".into()));
        }

        // The ring provider is passed explicitly instead of installed process-wide, so
        // this library never fights the application over rustls' global default.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|err| Error::Setup(format!("TLS versions: {err}")))?;
        let tls = rustls_platform_verifier::BuilderVerifierExt::with_platform_verifier(tls)
            .map_err(|err| Error::Setup(format!("TLS certificate verifier: {err}")))?
            .with_no_client_auth();

        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .user_agent(config.user_agent.clone());
        if !config.proxy_from_env {
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|err| Error::Setup(error_chain(&err)))?;

        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        Ok(Client {
            http,
            base,
            config,
            next_slot: Mutex::new(None),
            jitter_state: AtomicU64::new(seed),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The whole KPI catalogue.
    pub async fn kpis(&self) -> Result<Vec<Kpi>, Error> {
        self.catalogue("kpi").await
    }

    /// All municipalities and regions, and the country (`0000`).
    pub async fn municipalities(&self) -> Result<Vec<Municipality>, Error> {
        self.catalogue("municipality").await
    }

    /// All municipality groups.
    pub async fn municipality_groups(&self) -> Result<Vec<MunicipalityGroup>, Error> {
        self.catalogue("municipality_groups").await
    }

    async fn catalogue<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, Error> {
        let mut url = Some(format!(
            "{}/{path}?per_page={}",
            self.base, self.config.per_page
        ));
        let mut visited = HashSet::new();
        let mut all = Vec::new();
        while let Some(current) = url.take() {
            visited.insert(current.clone());
            let (items, next) = self
                .fetch(&current, |body, origin| {
                    let mut items = Vec::new();
                    let mut next = None;
                    stream::read_pages::<T, Never>(
                        body,
                        origin,
                        &mut |item| {
                            items.push(item);
                            Ok(())
                        },
                        &mut |meta| {
                            // One page per response; keep the first link if there are more.
                            if next.is_none() {
                                next = meta.next;
                            }
                            Ok(())
                        },
                    )
                    .map_err(StreamError::into_error)?;
                    Ok((items, next))
                })
                .await?;
            all.extend(items);
            url = self.next_url(&current, next, &visited)?;
        }
        Ok(all)
    }

    /// The first-page URLs a data request is split into: every combination of a chunk of
    /// at most 25 KPIs with a chunk of at most 25 areas. Duplicate ids are dropped.
    /// Empty lists give no URLs.
    pub fn data_urls(
        &self,
        kpis: &[String],
        municipalities: &[String],
        from_date: Option<Date>,
    ) -> Result<Vec<String>, Error> {
        let kpis = checked_ids("KPI", kpis)?;
        let areas = checked_ids("municipality", municipalities)?;
        let mut query = format!("per_page={}", self.config.per_page);
        if let Some(date) = from_date {
            query.push_str(&format!(
                "&from_date={:04}-{:02}-{:02}",
                date.year(),
                u8::from(date.month()),
                date.day()
            ));
        }
        let mut urls = Vec::new();
        for kpi_chunk in kpis.chunks(MAX_IDS_PER_SEGMENT) {
            for area_chunk in areas.chunks(MAX_IDS_PER_SEGMENT) {
                urls.push(format!(
                    "{}/data/kpi/{}/municipality/{}?{query}",
                    self.base,
                    kpi_chunk.join(","),
                    area_chunk.join(",")
                ));
            }
        }
        Ok(urls)
    }

    /// Fetches data for these KPIs and areas, calling `on_page` with each complete page
    /// in order. With `from_date`, only values updated after that date come back.
    /// If `on_page` fails, fetching stops and its error is returned.
    pub async fn data<E: From<Error>>(
        &self,
        kpis: &[String],
        municipalities: &[String],
        from_date: Option<Date>,
        mut on_page: impl FnMut(DataPage) -> Result<(), E>,
    ) -> Result<DataStats, E> {
        let mut stats = DataStats::default();
        for url in self.data_urls(kpis, municipalities, from_date)? {
            let chain = self.follow(&url, &mut on_page).await?;
            stats.rows += chain.rows;
            stats.deleted += chain.deleted;
            stats.pages += chain.pages;
        }
        Ok(stats)
    }

    /// Fetches the data page at `url` and every page after it. Used by [`Client::data`],
    /// and to resume an interrupted sync from a stored `next_url`.
    pub async fn follow<E: From<Error>>(
        &self,
        url: &str,
        mut on_page: impl FnMut(DataPage) -> Result<(), E>,
    ) -> Result<DataStats, E> {
        let options = DataOptions {
            keep_deleted: self.config.keep_deleted,
        };
        let mut stats = DataStats::default();
        let mut visited = HashSet::new();
        let mut url = Some(url.to_string());
        while let Some(current) = url.take() {
            visited.insert(current.clone());
            let (rows, page_stats, next) = self
                .fetch(&current, |body, origin| {
                    let mut rows = Vec::new();
                    let mut next = None;
                    let mut page_stats = DataStats::default();
                    read_data_pages::<Error>(
                        body,
                        origin,
                        options,
                        |row| {
                            rows.push(row);
                            Ok(())
                        },
                        |link| {
                            if next.is_none() {
                                next = link;
                            }
                            Ok(())
                        },
                        &mut page_stats,
                    )?;
                    Ok((rows, page_stats, next))
                })
                .await?;
            let next_url = self.next_url(&current, next, &visited)?;
            stats.rows += page_stats.rows;
            stats.deleted += page_stats.deleted;
            stats.pages += 1;
            on_page(DataPage {
                url: current,
                rows,
                deleted: page_stats.deleted,
                next_url: next_url.clone(),
            })?;
            url = next_url;
        }
        Ok(stats)
    }

    /// Resolves a page's link against the page's own URL and refuses to loop.
    fn next_url(
        &self,
        current: &str,
        next: Option<String>,
        visited: &HashSet<String>,
    ) -> Result<Option<String>, Error> {
        let Some(next) = next else { return Ok(None) };
        let resolved = reqwest::Url::parse(current)
            .and_then(|base| base.join(&next))
            .map_err(|err| {
                Error::InvalidRequest(format!("URL {current}: bad next_url {next:?}: {err}"))
            })?
            .to_string();
        if visited.contains(&resolved) {
            return Err(Error::PagingLoop {
                url: current.to_string(),
                next: resolved,
            });
        }
        Ok(Some(resolved))
    }

    /// GETs `url` and parses the body, retrying what retrying can fix: transport errors,
    /// timeouts, 408, 429, 5xx, and bodies that are truncated or malformed.
    async fn fetch<T>(
        &self,
        url: &str,
        parse: impl Fn(&[u8], &Origin) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let origin = Origin::Url(url.to_string());
        let mut last = String::new();
        for attempt in 1..=self.config.max_attempts {
            self.wait_turn().await;
            let failure = match self.attempt(url).await {
                Ok(body) => match parse(&body, &origin) {
                    Ok(value) => return Ok(value),
                    Err(err) => Failure::Retry {
                        reason: format!("unreadable body: {err}"),
                        wait_at_least: None,
                    },
                },
                Err(failure) => failure,
            };
            match failure {
                Failure::Fatal(err) => return Err(err),
                Failure::Retry {
                    reason,
                    wait_at_least,
                } => {
                    last = reason;
                    if attempt < self.config.max_attempts {
                        let wait = self.backoff(attempt).max(wait_at_least.unwrap_or_default());
                        tokio::time::sleep(wait.min(self.config.max_delay)).await;
                    }
                }
            }
        }
        Err(Error::GaveUp {
            url: url.to_string(),
            attempts: self.config.max_attempts,
            last,
        })
    }

    async fn attempt(&self, url: &str) -> Result<Vec<u8>, Failure> {
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|err| self.transport(&err))?;
        let status = response.status();
        if status.is_success() {
            let body = response.bytes().await.map_err(|err| self.transport(&err))?;
            return Ok(body.to_vec());
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let retryable =
            status.as_u16() == 408 || status.as_u16() == 429 || status.is_server_error();
        // The body of an error usually says what was wrong; a failure to read it is
        // not worth more than an empty explanation.
        let body = response.text().await.unwrap_or_default();
        let mut body: String = body.trim().chars().take(300).collect();
        if body.is_empty() {
            body = "(empty body)".into();
        }
        if retryable {
            Err(Failure::Retry {
                reason: format!("HTTP {status}"),
                wait_at_least: retry_after,
            })
        } else {
            Err(Failure::Fatal(Error::Status {
                url: url.to_string(),
                status: status.as_u16(),
                body,
            }))
        }
    }

    fn transport(&self, err: &reqwest::Error) -> Failure {
        let reason = if err.is_timeout() {
            format!("timed out after {:?}", self.config.timeout)
        } else {
            error_chain(err)
        };
        Failure::Retry {
            reason,
            wait_at_least: None,
        }
    }

    /// Waits until this client may start another request (the ~5 requests/s limit).
    /// Slots are handed out under a lock, so concurrent callers queue instead of bursting.
    async fn wait_turn(&self) {
        let slot = {
            let mut next = self
                .next_slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |next| next.max(now));
            *next = Some(slot + self.config.min_interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// Exponential backoff with jitter: between half and all of base·2^(attempt-1), so
    /// many clients that failed together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .config
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.config.max_delay);
        let half = exp / 2;
        let fraction = (self.next_random() >> 11) as f64 / (1u64 << 53) as f64;
        half + half.mul_f64(fraction)
    }

    /// splitmix64: plenty for jitter, and no dependency for it.
    fn next_random(&self) -> u64 {
        let mut z = self
            .jitter_state
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Ids go into the URL path as they are, so only plain id characters are allowed.
fn checked_ids(what: &str, ids: &[String]) -> Result<Vec<String>, Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        let id = id.trim();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Error::InvalidRequest(format!(
                "{what} id {id:?} is not a Kolada id"
            )));
        }
        if seen.insert(id.to_string()) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

/// reqwest's top-level message is generic ("error sending request"); the cause is in
/// the source chain.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i:05}")).collect()
    }

    #[test]
    fn data_urls_split_into_chunks_of_25() {
        let client = Client::new("http://127.0.0.1:9/v3/").unwrap();
        let urls = client
            .data_urls(
                &ids("N", 30),
                &ids("", 60),
                Some(time::macros::date!(2024 - 03 - 05)),
            )
            .unwrap();
        // 2 KPI chunks × 3 area chunks.
        assert_eq!(urls.len(), 6);
        for url in &urls {
            let path = url.split('?').next().unwrap();
            for segment in path.split('/') {
                assert!(segment.split(',').count() <= MAX_IDS_PER_SEGMENT, "{url}");
            }
            assert!(url.starts_with("http://127.0.0.1:9/v3/data/kpi/"), "{url}");
            assert!(
                url.ends_with("?per_page=5000&from_date=2024-03-05"),
                "{url}"
            );
        }
        assert!(urls[0].contains("/municipality/00000,00001,"));
    }

    #[test]
    fn duplicate_and_bad_ids() {
        let client = Client::new(DEFAULT_BASE_URL).unwrap();
        let urls = client
            .data_urls(&["N1".into(), "N1".into()], &["2380".into()], None)
            .unwrap();
        assert_eq!(
            urls,
            ["https://api.kolada.se/v3/data/kpi/N1/municipality/2380?per_page=5000"]
        );
        assert!(
            client
                .data_urls(&["N1/../x".into()], &["2380".into()], None)
                .is_err()
        );
        assert!(
            client
                .data_urls(&[], &["2380".into()], None)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let config = ClientConfig {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..ClientConfig::default()
        };
        let client = Client::with_config(DEFAULT_BASE_URL, config).unwrap();
        for _ in 0..50 {
            let first = client.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = client.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            assert!(client.backoff(30) <= Duration::from_millis(1000));
        }
    }

    /// A sync runs in a spawned task, so the client and its futures must be Send.
    #[test]
    fn client_and_its_futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let client = Client::new(DEFAULT_BASE_URL).unwrap();
        assert_send(&client);
        let data = client.data(&[], &[], None, |_| Ok::<_, Error>(()));
        assert_send(&data);
        let kpis = client.kpis();
        assert_send(&kpis);
    }

    #[test]
    fn bad_base_url_is_rejected() {
        assert!(matches!(
            Client::new("not a url"),
            Err(Error::InvalidRequest(_))
        ));
    }
}
