//! The ways an import can fail. Each message is one English line a municipal user can act on.

/// Why a document could not be read into a plan draft.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file contains only whitespace, no text")]
    OnlyWhitespace,
    #[error("line {line}: the file is binary, not text (NUL byte at offset {offset})")]
    Binary { line: usize, offset: usize },
    #[error(
        "line {line}: the file is binary or not UTF-8 text (invalid byte 0x{byte:02X} at offset {offset}); save it as UTF-8 text"
    )]
    NotUtf8 {
        line: usize,
        offset: usize,
        byte: u8,
    },
    #[error("the .docx file is not a zip archive: {0}")]
    DocxNotZip(String),
    #[error("the .docx file has no word/document.xml; is it really a Word document?")]
    DocxMissingDocument,
    #[error("the .docx file's {part} is not well-formed XML: {message}")]
    DocxBadXml { part: String, message: String },
    #[error(
        "the .docx file's {part} unpacks to more than {limit_mb} MB, far more than any budget document; it was refused unread (save the document again from Word, without embedded files)"
    )]
    DocxTooLarge { part: String, limit_mb: u64 },
    #[error(
        "the .docx file's {part} has a text or tag longer than {limit_mb} MB without a break, which Word does not write; it was refused unread"
    )]
    DocxTextTooLong { part: String, limit_mb: u64 },
    #[error(
        "the .docx file holds {entries} parts, more than the {limit} a Word document has; it was refused unread"
    )]
    DocxTooManyEntries { entries: usize, limit: usize },
    #[error("the .docx file could not be read: {0}")]
    DocxUnreadable(String),
    #[error("the PDF could not be read: {0}")]
    PdfUnreadable(String),
    #[error(
        "the PDF's compressed streams unpack to more than {limit_mb} MB, far more than any budget document; it was refused unread"
    )]
    PdfTooLarge { limit_mb: u64 },
    #[error("the PDF has no text layer (a scanned document?); run OCR first")]
    PdfNoText,
    #[error(
        "no recognisable goals: looked for numbered headings such as '1.1 …', 'Mål 1. …' or 'Fokusmål A …', a bulleted list introduced as the goals, and recurring headings; see the lines with --dry-run and mark goals with --edits (line-to-goal)"
    )]
    NoGoals,
}

/// Library messages may span lines; ours must not.
pub(crate) fn one_line(message: impl std::fmt::Display) -> String {
    message
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
