//! The annual report's goal section, rendered from the report model
//! ([`riktning_publish::Report`]) as Word, Excel, tagged PDF and printable HTML.
//!
//! [`section()`] works out what the section says once; each format module only lays it
//! out, so the four documents always agree. Every renderer is a plain function from
//! the report to bytes: no I/O, no store, no clock.

pub mod chart;
mod docx;
mod html;
mod markdown;
#[cfg(feature = "pdf")]
mod pdf;
mod raster;
mod section;
mod words;
mod xlsx;
mod xml;

pub use markdown::Block;
pub use section::{
    ChartPart, ConclusionSection, Contribution, Counts, Evaluation, GoalKind, GoalSection,
    IndicatorSection, Options, Section, Status, SummaryRow, Verdict, evaluation, kind_of, section,
    verdict,
};

use riktning_publish::Report;

/// The document formats of the goal section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Xlsx,
    Pdf,
    Html,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Docx, Format::Xlsx, Format::Pdf, Format::Html];

    /// `docx`, `xlsx`, `pdf` or `html`: the file extension and the name on the
    /// command line and in addresses.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(name.trim()))
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    /// What a person calls it, on a download button.
    pub fn label(self) -> &'static str {
        match self {
            Format::Docx => "Word",
            Format::Xlsx => "Excel",
            Format::Pdf => "PDF",
            Format::Html => "HTML",
        }
    }

    /// Whether this build can write it: PDF needs the `pdf` feature.
    pub fn available(self) -> bool {
        self != Format::Pdf || cfg!(feature = "pdf")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("this build of Riktning has no PDF support (it was built without the `pdf` feature)")]
    PdfNotBuilt,
    #[error("the {format} document could not be written: {reason}")]
    Write {
        format: &'static str,
        reason: String,
    },
}

impl ExportError {
    pub(crate) fn write(format: Format, reason: impl std::fmt::Display) -> Self {
        ExportError::Write {
            format: format.extension(),
            reason: reason.to_string(),
        }
    }
}

/// The goal section of `report` as a document in `format`.
pub fn render(report: &Report, format: Format, options: Options) -> Result<Vec<u8>, ExportError> {
    let content = section(report, options);
    match format {
        Format::Html => Ok(html::render(&content).into_bytes()),
        Format::Xlsx => xlsx::render(report, &content),
        Format::Docx => docx::render(&content),
        #[cfg(feature = "pdf")]
        Format::Pdf => pdf::render(&content),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(ExportError::PdfNotBuilt),
    }
}

/// A file name for the document: "maluppfyllelse-arsredovisning-2024.docx".
pub fn file_name(report: &Report, format: Format) -> String {
    let what = match &report.period {
        Some(period) => format!("maluppfyllelse {}", period.name),
        None => format!("mal {}", report.plan.title),
    };
    let mut slug = String::new();
    for c in what.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            'é' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if !(c == '-' && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("{slug}.{}", format.extension())
}
