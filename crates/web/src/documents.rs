//! The annual report's goal section as documents, for the workspace's download
//! buttons and the public site's downloads. Rendering (a PDF above all) is heavy work
//! for a small server, so it runs off the async threads, one document at a time: many
//! clients asking at once wait their turn instead of starving every other request.

use axum::http::HeaderValue;
use riktning_export::{Format, Options};
use riktning_publish::Report;
use std::sync::Arc;
use tokio::sync::Semaphore;

use crate::AppError;

/// The printable goal section, which carries its print stylesheet inside it so that
/// the page saved from the browser still prints right: inline styles, and nothing else
/// at all (no script, no other origin, no form, no framing).
pub const DOCUMENT_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

static RENDERING: Semaphore = Semaphore::const_new(1);

/// `report`'s goal section in `format`.
pub async fn render(
    report: Arc<Report>,
    format: Format,
    options: Options,
) -> Result<Vec<u8>, AppError> {
    let _turn = RENDERING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(format!("document queue: {e}")))?;
    tokio::task::spawn_blocking(move || riktning_export::render(&report, format, options))
        .await
        .map_err(|e| AppError::Internal(format!("rendering a document: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// The `Content-Disposition` that saves a download as `file_name`. The names are our
/// own (ASCII letters, digits, dashes and a dot), so they need no further quoting.
pub fn disposition(file_name: &str) -> Option<HeaderValue> {
    if !file_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return None;
    }
    HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")).ok()
}

/// The headers of a document's answer: its type, how to save it (the printable page
/// opens in the browser, the others are saved), and for the printable page the one
/// content policy that lets its own stylesheet apply.
pub fn headers(format: Format, file_name: &str, response: &mut axum::response::Response) {
    use axum::http::header;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if format == Format::Html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCUMENT_CONTENT_SECURITY_POLICY),
        );
    } else if let Some(disposition) = disposition(file_name) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
}

/// The file name of a public download, `malavsnitt.pdf`, read back as its format.
pub fn public_file(file: &str) -> Option<Format> {
    file.strip_prefix("malavsnitt.")
        .and_then(Format::parse)
        .filter(|f| f.available())
}

pub fn public_file_name(format: Format) -> String {
    format!("malavsnitt.{}", format.extension())
}
