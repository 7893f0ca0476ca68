//! What every response gets on its way out: the security headers, and an HTML page
//! in the visitor's language in place of any error that would otherwise reach a
//! person as the framework's plain text.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::ErrorPage;
use crate::i18n::Lang;

/// Only this site's own scripts, styles and images; no frames, no forms to other
/// sites. Templates therefore hold no inline script and no `style` attribute.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// The same for the pages made to be framed by the municipality's own website
/// (`/inbadda/…`): any site may frame them; nothing else changes.
pub const EMBED_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors *; form-action 'self'; base-uri 'none'";

/// The printable goal section's own policy, which the middleware keeps.
pub use crate::documents::DOCUMENT_CONTENT_SECURITY_POLICY;

/// A year, once a browser has reached the workspace over https.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Whether the browser reached the workspace over https: configured
/// (`--secure-cookies`), or said by a proxy in front (`X-Forwarded-Proto: https`).
pub fn over_https(secure_cookies: bool, headers: &HeaderMap) -> bool {
    secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// The middleware: see the module's documentation. Its state is whether cookies are
/// marked Secure (`--secure-cookies`), which also says the site is served over https.
pub async fn harden(State(secure_cookies): State<bool>, request: Request, next: Next) -> Response {
    let lang = Lang::from_request(request.headers());
    // The workspace is for staff: search engines are told to leave every answer of it
    // out, besides robots.txt asking them not to come.
    let staff = request.uri().path().starts_with(crate::STAFF_HOME);
    let api = request.uri().path().starts_with("/api/");
    let framable = request
        .uri()
        .path()
        .starts_with(&format!("{}/", crate::public::EMBED_HOME));
    let https = over_https(secure_cookies, request.headers());
    let back = same_site_referer(request.headers());
    let mut response = next.run(request).await;
    if response.status().is_client_error() || response.status().is_server_error() {
        if api {
            problem_for_api(&mut response);
        } else {
            render_error(&mut response, lang, back.as_deref(), !staff);
        }
    }
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    let document = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .is_some_and(|p| p == DOCUMENT_CONTENT_SECURITY_POLICY);
    if document {
        // Set by the handler of a printable document: kept, with the other headers.
        set(headers, header::X_FRAME_OPTIONS, "DENY");
    } else if framable {
        set(
            headers,
            header::CONTENT_SECURITY_POLICY,
            EMBED_CONTENT_SECURITY_POLICY,
        );
    } else {
        set(
            headers,
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        );
        set(headers, header::X_FRAME_OPTIONS, "DENY");
    }
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    if staff {
        set(
            headers,
            HeaderName::from_static("x-robots-tag"),
            "noindex, nofollow",
        );
    }
    if https {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            STRICT_TRANSPORT_SECURITY,
        );
    }
    response
}

/// An error at an API address is a problem document (RFC 9457), never an HTML page:
/// the handlers write their own; an unknown address or method gets one here.
fn problem_for_api(response: &mut Response) {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("json"));
    if is_json {
        return;
    }
    response.extensions_mut().remove::<ErrorPage>();
    let body = crate::problem::body_for_status(response.status());
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::problem::PROBLEM_JSON),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    *response.body_mut() = Body::from(body);
}

/// Renders an error response as the page in the visitor's language: from the
/// [`ErrorPage`] our own errors carry, or from the status alone for answers that
/// came as plain text or empty. JSON answers are left as they are.
fn render_error(response: &mut Response, lang: Lang, back: Option<&str>, public: bool) {
    let page = match response.extensions_mut().remove::<ErrorPage>() {
        Some(page) => page,
        None => {
            let content_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if content_type.starts_with("text/html") || content_type.contains("json") {
                return;
            }
            ErrorPage::for_status(response.status())
        }
    };
    let html = page.render(lang, back, public);
    let headers = response.headers_mut();
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    *response.body_mut() = Body::from(html);
}

/// The path of the page the visitor came from, when it is on this site: for the
/// error page's link back.
fn same_site_referer(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    (authority.eq_ignore_ascii_case(host) && path.len() <= 2000)
        .then(|| crate::pages::local_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_back_is_only_to_this_site() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("riktning.example"));
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://riktning.example/mal/3?period=2"),
        );
        assert_eq!(
            same_site_referer(&headers).as_deref(),
            Some("/mal/3?period=2")
        );
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://evil.example/mal/3"),
        );
        assert_eq!(same_site_referer(&headers), None);
        headers.insert(
            header::REFERER,
            HeaderValue::from_static("https://riktning.example//evil.example"),
        );
        assert_eq!(
            same_site_referer(&headers).as_deref(),
            Some(crate::STAFF_HOME)
        );
    }
}
