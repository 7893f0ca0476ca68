//! The accessibility statement (tillgänglighetsredogörelse), laid out as DIGG's model
//! asks: how accessible the site is, what is known not to work, how to report a
//! problem, the supervising authority, and how the site was tested. A report is
//! stored for the administrators, who see it under Inställningar.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{
    MAX_DESCRIPTION_CHARS, MAX_FIELD_CHARS, NewAccessibilityReport, format_stockholm,
};
use riktning_store::{Store, StoreError};
use serde::Deserialize;

use super::Published;
use super::chrome::{PublicChrome, html};
use crate::auth::{ClientAddress, clip};
use crate::extract::{Form, Query};
use crate::i18n::{Lang, text};
use crate::{AppError, Shared};

pub const PATH: &str = "/tillganglighet";

/// Reports one address may send in [`REPORT_WINDOW`].
const REPORTS_PER_WINDOW: u32 = 5;
const REPORT_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Addresses the throttle remembers at most, so that its memory has a fixed bound.
const MAX_ADDRESSES: usize = 10_000;

/// How many reports each address sent lately.
#[derive(Default)]
pub(crate) struct ReportThrottle {
    sent: Mutex<HashMap<String, (Instant, u32)>>,
}

impl ReportThrottle {
    /// Counts a report from `address`; `false` when it has sent its share lately.
    fn admit(&self, address: &ClientAddress, now: Instant) -> bool {
        let mut sent = self
            .sent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if sent.len() >= MAX_ADDRESSES && !sent.contains_key(&address.0) {
            sent.retain(|_, (since, _)| now.duration_since(*since) < REPORT_WINDOW);
            if sent.len() >= MAX_ADDRESSES {
                // Every remembered address is recent: a flood. Forgetting them all
                // lets at most one window's share more through from each.
                sent.clear();
            }
        }
        let entry = sent.entry(address.0.clone()).or_insert((now, 0));
        if now.duration_since(entry.0) >= REPORT_WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= REPORTS_PER_WINDOW {
            return false;
        }
        entry.1 += 1;
        true
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.sent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct ReportForm {
    /// The page the problem is on.
    #[serde(default)]
    sida: String,
    #[serde(default)]
    beskrivning: String,
    /// How to answer, if the visitor wants an answer.
    #[serde(default)]
    kontakt: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct StatementParams {
    /// The page a visitor came from, to fill in the form's first field.
    #[serde(default)]
    sida: String,
    /// Set after a report is stored.
    #[serde(default)]
    tack: Option<String>,
}

#[derive(Template)]
#[template(path = "public/accessibility.html")]
struct StatementPage {
    chrome: PublicChrome,
    first_published: Option<String>,
    version: &'static str,
    typed: ReportForm,
    thanks: bool,
    max_description: usize,
    max_field: usize,
    /// A message for the whole form, and one per field: (field, message).
    errors: Vec<(&'static str, &'static str)>,
}

impl StatementPage {
    fn error_for(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| *message)
    }
}

async fn statement_page<S: Store>(
    state: &Shared<S>,
    lang: Lang,
    typed: ReportForm,
    thanks: bool,
    errors: Vec<(&'static str, &'static str)>,
) -> Result<StatementPage, AppError> {
    let published = Published::read(state).await?;
    let first_published = published
        .list
        .iter()
        .min_by_key(|p| p.id)
        .map(|p| format_stockholm(p.published_at));
    let mut chrome = PublicChrome::new(
        state,
        lang,
        text(lang, "public-a11y-title").to_string(),
        PATH.to_string(),
    );
    chrome.current = "accessibility";
    Ok(StatementPage {
        chrome,
        first_published,
        version: env!("CARGO_PKG_VERSION"),
        typed,
        thanks,
        max_description: MAX_DESCRIPTION_CHARS,
        max_field: MAX_FIELD_CHARS,
        errors,
    })
}

pub async fn statement<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    params: Result<Query<StatementParams>, AppError>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let typed = ReportForm {
        sida: clip(params.sida.trim(), MAX_FIELD_CHARS),
        ..ReportForm::default()
    };
    let page = statement_page(&state, lang, typed, params.tack.is_some(), Vec::new()).await?;
    let rendered = html(&page)?;
    Ok((
        [(header::CONTENT_TYPE, rendered.content_type)],
        rendered.body,
    )
        .into_response())
}

/// Whether a form was sent from this site. Browsers name the sending page's origin
/// on every POST; a form on another site posting here is refused. A client that
/// sends no `Origin` (not a browser) has no visitor to trick.
fn from_this_site(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or(origin, |(_, rest)| rest)
        .trim_end_matches('/');
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

pub async fn report<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    address: ClientAddress,
    form: Result<Form<ReportForm>, AppError>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    if !from_this_site(&headers) {
        return Err(AppError::Forbidden);
    }
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let typed = ReportForm {
        sida: clip(form.sida.trim(), MAX_FIELD_CHARS),
        beskrivning: clip(&form.beskrivning, MAX_DESCRIPTION_CHARS + 1),
        kontakt: clip(form.kontakt.trim(), MAX_FIELD_CHARS + 1),
    };
    let refuse = |typed: ReportForm, field: &'static str, key: &'static str| {
        let state = state.clone();
        async move {
            let page =
                statement_page(&state, lang, typed, false, vec![(field, text(lang, key))]).await?;
            let rendered = html(&page)?;
            Ok::<Response, AppError>(
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    [(header::CONTENT_TYPE, rendered.content_type)],
                    rendered.body,
                )
                    .into_response(),
            )
        }
    };
    let new = NewAccessibilityReport {
        page: typed.sida.clone(),
        description: typed.beskrivning.clone(),
        contact: typed.kontakt.clone(),
    };
    if let Err(error) = new.validate() {
        let key = match error.field {
            "description" if riktning_domain::is_blank(&new.description) => "public-a11y-describe",
            "description" => "public-a11y-too-long",
            _ => "public-a11y-field-invalid",
        };
        let field = match error.field {
            "description" => "beskrivning",
            "contact" => "kontakt",
            _ => "sida",
        };
        return refuse(typed, field, key).await;
    }
    if !state.report_throttle.admit(&address, Instant::now()) {
        return refuse(typed, "form", "public-a11y-slow-down").await;
    }
    match state
        .store
        .report_accessibility_problem(state.tenant.id, &new)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{PATH}?tack=1#rapportera")).into_response()),
        Err(StoreError::Invalid { .. }) => refuse(typed, "form", "public-a11y-full").await,
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(address: &str) -> ClientAddress {
        ClientAddress(address.to_string())
    }

    #[test]
    fn an_address_sends_a_few_reports_per_window() {
        let throttle = ReportThrottle::default();
        let now = Instant::now();
        for _ in 0..REPORTS_PER_WINDOW {
            assert!(throttle.admit(&at("10.0.0.1"), now));
        }
        assert!(!throttle.admit(&at("10.0.0.1"), now));
        assert!(throttle.admit(&at("10.0.0.2"), now), "another address");
        assert!(throttle.admit(&at("10.0.0.1"), now + REPORT_WINDOW));
    }

    #[test]
    fn the_throttle_remembers_a_bounded_number_of_addresses() {
        let throttle = ReportThrottle::default();
        let now = Instant::now();
        for n in 0..(MAX_ADDRESSES + 50) {
            throttle.admit(&at(&format!("10.1.{}.{}", n / 256, n % 256)), now);
        }
        assert!(throttle.len() <= MAX_ADDRESSES);
    }

    #[test]
    fn only_this_site_may_post_the_form() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "mal.kommun.se".parse().expect("host"));
        assert!(from_this_site(&headers), "no origin: not a browser");
        headers.insert(
            header::ORIGIN,
            "https://mal.kommun.se".parse().expect("origin"),
        );
        assert!(from_this_site(&headers));
        headers.insert(header::ORIGIN, "https://elak.example".parse().expect("o"));
        assert!(!from_this_site(&headers));
        headers.insert(header::ORIGIN, "null".parse().expect("null"));
        assert!(!from_this_site(&headers));
    }
}
