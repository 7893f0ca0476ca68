//! The crate's error type. Every error names where the bad input came from (a file or a
//! URL) and, for parse errors, the position, because the person who reads the message
//! is usually an administrator with a 2 GB dump or a failing nightly sync.

use std::fmt;
use std::path::PathBuf;

/// Where some JSON came from: a file on disk or an HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Url(String),
    /// Anything else the caller reads from (stdin, a test buffer), named by the caller.
    Other(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "file {}", path.display()),
            Origin::Url(url) => write!(f, "URL {url}"),
            Origin::Other(name) => f.write_str(name),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {origin}: {source}")]
    Io {
        origin: Origin,
        #[source]
        source: std::io::Error,
    },

    /// Malformed JSON or the wrong shape. `line` and `column` are 1-based and count in
    /// the decompressed text for `.json.gz` files.
    #[error("{origin}, line {line} column {column}: {message}")]
    Parse {
        origin: Origin,
        line: usize,
        column: usize,
        message: String,
    },

    /// An answer that retrying will not change (e.g. 404 for an unknown KPI).
    #[error("URL {url}: HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        /// The start of the response body, which usually says what was wrong.
        body: String,
    },

    /// Retryable failures that did not stop within the allowed attempts.
    #[error("URL {url}: gave up after {attempts} attempts; last failure: {last}")]
    GaveUp {
        url: String,
        attempts: u32,
        last: String,
    },

    /// A `next_url` pointing back at a page already read would loop forever.
    #[error("URL {url}: next page {next} was already read; stopping to avoid a loop")]
    PagingLoop { url: String, next: String },

    /// A file that is not a catalogue of KPIs, municipalities or groups.
    #[error("{origin}: not a Kolada catalogue: {reason}")]
    NotCatalogue { origin: Origin, reason: String },

    #[error("invalid Kolada request: {0}")]
    InvalidRequest(String),

    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Turns a serde_json error into one that names the origin and the position.
    pub(crate) fn from_json(origin: &Origin, err: serde_json::Error) -> Error {
        if err.is_io() {
            return Error::Io {
                origin: origin.clone(),
                source: std::io::Error::other(err.to_string()),
            };
        }
        let (line, column) = (err.line(), err.column());
        // serde_json appends " at line L column C"; the position is kept in fields
        // instead, so strip it to avoid saying it twice.
        let full = err.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        Error::Parse {
            origin: origin.clone(),
            line,
            column,
            message,
        }
    }
}
