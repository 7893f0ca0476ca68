//! PDF: extract the text layer, then read it as plain text.

use crate::error::{ImportError, one_line};

/// The text layer of a PDF. The extractor is third-party code that can panic on damaged
/// files, so it runs behind `catch_unwind`: the importer must never take the process down.
pub(crate) fn extract_text(bytes: &[u8]) -> Result<String, ImportError> {
    if !bytes.starts_with(b"%PDF") {
        return Err(ImportError::PdfUnreadable(
            "it does not start with %PDF, so it is not a PDF file".into(),
        ));
    }
    let outcome = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match outcome {
        Ok(Ok(text)) if text.trim().is_empty() => Err(ImportError::PdfNoText),
        Ok(Ok(text)) => Ok(text),
        Ok(Err(error)) => Err(ImportError::PdfUnreadable(one_line(error))),
        Err(_) => Err(ImportError::PdfUnreadable(
            "the PDF reader failed on its internal structure (damaged or unusual file)".into(),
        )),
    }
}
